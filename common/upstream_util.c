/*
 * The helpers MaRDI Open Interfaces 0.7 gave implementations, declared in
 * the second half of <oif/util.h> under its names: on top of util.c, error.c
 * and log.c, and apart from util.c, so that what links only the memory
 * helpers (the fuzz targets) needs no logging.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <oif/error.h>
#include <oif/log.h>
#include <oif/util.h>

/* ASCII only: names compared here (integrators, options) are ASCII, and
 * tolower() would make the result depend on the user's locale. */
static int ascii_lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

int oif_strcmp_nocase(const char *s1, const char *s2)
{
    if (s1 == NULL || s2 == NULL) {
        oif_set_error("oif_strcmp_nocase: %s is NULL", s1 == NULL ? "the first string" : "the second string");
        return (s1 != NULL) - (s2 != NULL);
    }
    const unsigned char *a = (const unsigned char *)s1;
    const unsigned char *b = (const unsigned char *)s2;
    /* Up to and including the first terminator, so that a proper prefix
     * sorts first, as with strcmp(). */
    while (ascii_lower(*a) == ascii_lower(*b) && *a != '\0') {
        a++;
        b++;
    }
    return ascii_lower(*a) - ascii_lower(*b);
}

/* 0.7 printed these unconditionally, in colour; here OIF_LOG decides, and
 * they look like the library's own diagnostics, the prefix in the place of
 * the component: "[oif error] <prefix>: <message>". */
enum { LOGGED_MESSAGE_CAPACITY = 4096 };

static void format_message(char *text, size_t size, const char *fmt, va_list ap)
{
    if (fmt == NULL) {
        snprintf(text, size, "(no message given)");
    } else {
        vsnprintf(text, size, fmt, ap);
    }
}

static bool has_prefix(const char *prefix) { return prefix != NULL && prefix[0] != '\0'; }

int logerr(const char *prefix, const char *fmt, ...)
{
    char text[LOGGED_MESSAGE_CAPACITY];
    va_list ap;
    va_start(ap, fmt);
    format_message(text, sizeof text, fmt, ap);
    va_end(ap);
    if (has_prefix(prefix)) {
        oif_set_error("%s: %s", prefix, text);
    } else {
        oif_set_error("%s", text);
    }
    oif_log(OIF_LOG_ERROR, has_prefix(prefix) ? prefix : "impl", "%s", text);
    return 0;
}

int logwarn(const char *prefix, const char *fmt, ...)
{
    if (!oif_log_enabled(OIF_LOG_WARN)) {
        return 0;
    }
    char text[LOGGED_MESSAGE_CAPACITY];
    va_list ap;
    va_start(ap, fmt);
    format_message(text, sizeof text, fmt, ap);
    va_end(ap);
    oif_log(OIF_LOG_WARN, has_prefix(prefix) ? prefix : "impl", "%s", text);
    return 0;
}

uint32_t oif_util_u32_from_size_t(size_t value)
{
    if (value > UINT32_MAX) {
        oif_set_error("oif_util_u32_from_size_t: %zu does not fit in 32 bits; gave %" PRIu32 " instead",
                      value, UINT32_MAX);
        return UINT32_MAX;
    }
    return (uint32_t)value;
}

void *oif_util_malloc_(size_t nbytes) { return oif_util_malloc(nbytes); }

void oif_util_free_(void *ptr) { oif_util_free(ptr); }

char *oif_util_str_duplicate_(const char *src) { return oif_util_str_duplicate(src); }

/* The call site goes in front of the out-of-memory message: which
 * allocation failed is what its author needs to know. */
static void name_call_site(const char *file, const char *func, int line)
{
    oif_prefix_error("%s:%d (%s): ", file != NULL ? file : "?", line, func != NULL ? func : "?");
}

void *oif_util_malloc_verbose(size_t nbytes, const char *file, const char *func, int line)
{
    void *p = oif_util_malloc(nbytes);
    if (p == NULL) {
        name_call_site(file, func, line);
    }
    return p;
}

void oif_util_free_verbose(void *ptr, const char *file, const char *func, int line)
{
    (void)file;
    (void)func;
    (void)line;
    oif_util_free(ptr);
}

char *oif_util_str_duplicate_verbose(const char *src, const char *file, const char *func, int line)
{
    char *copy = oif_util_str_duplicate(src);
    if (copy == NULL && src != NULL) {
        name_call_site(file, func, line);
    }
    return copy;
}
