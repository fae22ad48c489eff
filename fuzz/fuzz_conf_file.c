/* libFuzzer target for the .conf parser: whatever bytes an implementation's
 * .conf file holds, conf_file_read() either returns two clean lines or fails
 * with a load error and a message, without crashing, leaking or reading out
 * of bounds. */
#include <ctype.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <oif/api.h>
#include <oif/error.h>

#include "conf_file.h"

/* A violated invariant is a finding: libFuzzer saves the input that caused
 * it, and the message says which one it was. */
#define REQUIRE(condition)                                                                         \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            fprintf(stderr, "fuzz_conf_file: invariant violated: %s\n", #condition);               \
            __builtin_trap();                                                                      \
        }                                                                                          \
    } while (0)

/* conf_file_read() takes a path, so each input goes through a real file: one
 * without a name, reused for every input and reached through /proc, so that
 * nothing is left in /tmp when the fuzzer stops or crashes. */
static int input_fd = -1;
static char input_path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int open_unnamed_file(void)
{
    int fd = open("/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0) {
        return fd;
    }
    /* Some file systems lack O_TMPFILE: a named file, unlinked at once. */
    char name[] = "/tmp/fuzz_conf_file.XXXXXX";
    fd = mkstemp(name);
    if (fd >= 0) {
        unlink(name);
    }
    return fd;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    input_fd = open_unnamed_file();
    if (input_fd < 0) {
        perror("fuzz_conf_file: cannot create a temporary file in /tmp");
        exit(1);
    }
    snprintf(input_path, sizeof input_path, "/proc/self/fd/%d", input_fd);
    return 0;
}

/* Writes over the previous input, then cuts the file to this one's size.
 * Truncating to zero first made the target fifty times slower on ext4,
 * which writes such a file out to disk whenever the parser closes it. */
static void write_input(const uint8_t *data, size_t size)
{
    size_t written = 0;
    while (written < size) {
        ssize_t n = pwrite(input_fd, data + written, size - written, (off_t)written);
        if (n <= 0) {
            perror("fuzz_conf_file: pwrite");
            exit(1);
        }
        written += (size_t)n;
    }
    if (ftruncate(input_fd, (off_t)size) != 0) {
        perror("fuzz_conf_file: ftruncate");
        exit(1);
    }
}

static bool is_clean_line(const char *line)
{
    size_t length = strlen(line);
    return length > 0 && !isspace((unsigned char)line[0]) &&
           !isspace((unsigned char)line[length - 1]) && memchr(line, '\n', length) == NULL;
}

/* Whether `needle` occurs in the input: the parser trims, it never invents. */
static bool occurs_in(const uint8_t *data, size_t size, const char *needle)
{
    return memmem(data, size, needle, strlen(needle)) != NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    write_input(data, size);

    unsigned long errors_before = oif_error_count();
    ImplConf conf = {(char *)"not cleared", (char *)"not cleared"};
    int status = conf_file_read(input_path, &conf);

    if (status == 0) {
        REQUIRE(conf.language != NULL && conf.details != NULL);
        REQUIRE(is_clean_line(conf.language));
        REQUIRE(is_clean_line(conf.details));
        /* A file holding a NUL byte must be refused, not cut short at it. */
        REQUIRE(memchr(data, '\0', size) == NULL);
        REQUIRE(occurs_in(data, size, conf.language));
        REQUIRE(occurs_in(data, size, conf.details));
        conf_file_release(&conf);
        REQUIRE(conf.language == NULL && conf.details == NULL);
    } else {
        REQUIRE(status == OIF_IMPL_INIT_ERROR || status == OIF_IMPL_NOT_AVAILABLE_ERROR);
        /* This call must have said why, not left an older message. */
        REQUIRE(oif_error_count() > errors_before);
        REQUIRE(oif_last_error()[0] != '\0');
        REQUIRE(conf.language == NULL && conf.details == NULL);
    }
    return 0;
}
