#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <oif/api.h>
#include <oif/error.h>
#include <oif/util.h>

#include "conf_file.h"

/* Far more than two lines need; bounds the memory a broken file can take. */
enum { MAX_CONF_BYTES = 64 * 1024 };

/* A language name, a library path or "<module> <Class>" fits in a path.
 * Refusing longer lines here keeps the messages about them short: echoed
 * in full, a 10 kB line would push the reason out of the 4 KiB message. */
enum { MAX_CONF_LINE = PATH_MAX - 1 };

/* Copies the line starting at *cursor, without surrounding blanks, and moves
 * *cursor past its newline. */
static char *take_trimmed_line(const char **cursor, const char *end)
{
    const char *start = *cursor;
    const char *stop = memchr(start, '\n', (size_t)(end - start));
    if (stop == NULL) {
        stop = end;
    }
    *cursor = stop < end ? stop + 1 : end;
    while (start < stop && isspace((unsigned char)*start)) {
        start++;
    }
    while (stop > start && isspace((unsigned char)stop[-1])) {
        stop--;
    }
    char *line = oif_util_malloc((size_t)(stop - start) + 1);
    if (line != NULL) {
        memcpy(line, start, (size_t)(stop - start));
        line[stop - start] = '\0';
    }
    return line;
}

/* Control characters (tab aside) belong in no language name, library path
 * or module name, and echoed into a message they could drive a terminal. */
static bool has_control_bytes(const char *line)
{
    for (const unsigned char *c = (const unsigned char *)line; *c != '\0'; c++) {
        if ((*c < 0x20 && *c != '\t') || *c == 0x7f) {
            return true;
        }
    }
    return false;
}

/* `line` fit for a message: every byte outside printable ASCII (and the
 * backslash) as \xNN, and at most its first bytes. */
static void escape_for_message(const char *line, char *text, size_t capacity)
{
    enum { SHOWN_BYTES = 64 };
    size_t used = 0, length = strlen(line);
    text[0] = '\0';
    for (size_t i = 0; i < length && i < SHOWN_BYTES && used + 5 < capacity; i++) {
        unsigned char c = (unsigned char)line[i];
        bool plain = c >= 0x20 && c < 0x7f && c != '\\';
        used += (size_t)snprintf(text + used, capacity - used, plain ? "%c" : "\\x%02x", c);
    }
    if (length > SHOWN_BYTES) {
        snprintf(text + used, capacity - used, "... (%zu bytes)", length);
    }
}

int conf_file_read(const char *path, ImplConf *conf)
{
    conf->language = NULL;
    conf->details = NULL;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        oif_set_error("cannot open '%s': %s", path, strerror(errno));
        return OIF_IMPL_NOT_AVAILABLE_ERROR;
    }
    char *text = oif_util_malloc(MAX_CONF_BYTES + 1);
    if (text == NULL) {
        fclose(f);
        return OIF_ERROR;
    }
    size_t n = fread(text, 1, MAX_CONF_BYTES + 1, f);
    int read_failed = ferror(f);
    fclose(f);

    int status = OIF_IMPL_INIT_ERROR;
    if (read_failed) {
        oif_set_error("cannot read '%s'", path);
    } else if (n > MAX_CONF_BYTES) {
        oif_set_error("'%s' is larger than %d bytes; a .conf file has two short lines", path,
                      MAX_CONF_BYTES);
    } else if (memchr(text, '\0', n) != NULL) {
        oif_set_error("'%s' contains NUL bytes; a .conf file is two lines of text", path);
    } else {
        const char *cursor = text;
        conf->language = take_trimmed_line(&cursor, text + n);
        conf->details = take_trimmed_line(&cursor, text + n);
        if (conf->language == NULL || conf->details == NULL) {
            status = OIF_ERROR;
        } else if (conf->language[0] == '\0' || conf->details[0] == '\0') {
            oif_set_error("'%s' is malformed: expected two lines, the language (e.g. 'c' or "
                          "'python') and what to load",
                          path);
        } else if (strlen(conf->language) > MAX_CONF_LINE || strlen(conf->details) > MAX_CONF_LINE) {
            int line = strlen(conf->language) > MAX_CONF_LINE ? 1 : 2;
            oif_set_error("'%s' is malformed: line %d has %zu characters; a language, a library path "
                          "or '<module> <Class>' has at most %d",
                          path, line, strlen(line == 1 ? conf->language : conf->details), MAX_CONF_LINE);
        } else if (has_control_bytes(conf->language) || has_control_bytes(conf->details)) {
            int line = has_control_bytes(conf->language) ? 1 : 2;
            char shown[512];
            escape_for_message(line == 1 ? conf->language : conf->details, shown, sizeof shown);
            oif_set_error("'%s' is malformed: line %d holds control characters: '%s' (bytes other than "
                          "printable ASCII shown as \\xNN)",
                          path, line, shown);
        } else {
            status = 0;
        }
    }
    free(text);
    if (status != 0) {
        conf_file_release(conf);
    }
    return status;
}

void conf_file_release(ImplConf *conf)
{
    free(conf->language);
    free(conf->details);
    conf->language = NULL;
    conf->details = NULL;
}
