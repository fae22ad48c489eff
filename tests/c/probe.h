/*
 * Safety probes from C: what ordinary user code does to a solver (a
 * callback that unloads or re-initialises its own instance, a config dict
 * shared by threads, ...), each run in a forked child with a time limit, so
 * that a crash or a hang fails that probe with a verdict instead of ending
 * the test program.  The child must not use CMocka's assertions (they would
 * jump back into the parent's copy of the test runner): a probe returns 0,
 * or reports with PROBE_CHECK and returns non-zero.
 *
 * OIF_PROBE_TIMEOUT_MULTIPLIER scales the limits (valgrind, ASan).
 */
#ifndef OIF_TEST_PROBE_H
#define OIF_TEST_PROBE_H

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_support.h"

/* Built with AddressSanitizer (GCC's macro, or clang's feature test). */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

typedef enum { PROBE_CRASH, PROBE_HANG, PROBE_WRONG_RESULT, PROBE_WRONG_EXCEPTION, PROBE_CATEGORIES } ProbeCategory;

static const char *const probe_category_names[] = {"crash", "hang", "wrong result", "wrong exception"};
static unsigned int probe_counts[PROBE_CATEGORIES][2]; /* [category][passed, failed] */

/* In a probe: unless `condition`, print the message and fail the probe. */
#define PROBE_CHECK(condition, ...)                                                                \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            fprintf(stderr, "probe check failed at %s:%d: %s: ", __FILE__, __LINE__, #condition); \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fprintf(stderr, "\n");                                                                 \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

/* Runs probe(arg) in a child; fails the CMocka test unless it returns 0
 * within `seconds`. */
static inline void run_probe(ProbeCategory category, const char *name, int (*probe)(void *), void *arg,
                             unsigned int seconds)
{
    const char *multiplier = getenv("OIF_PROBE_TIMEOUT_MULTIPLIER");
    unsigned int limit = seconds * (multiplier ? (unsigned int)atoi(multiplier) : 1u);
    fflush(stdout);
    fflush(stderr);
    pid_t child = fork();
    if (child == 0) {
        alarm(limit); /* SIGALRM ends a hung child */
        int status = probe(arg);
        fflush(stdout);
        fflush(stderr);
        _exit(status == 0 ? 0 : 1);
    }
    int status = 0;
    int passed = child > 0 && waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    probe_counts[category][passed ? 0 : 1]++;
    if (passed) {
        return;
    }
    if (child < 0) {
        print_error("probe '%s': fork failed\n", name);
    } else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
        print_error("probe '%s' hung: no exit within %u s\n", name, limit);
    } else if (WIFSIGNALED(status)) {
        print_error("probe '%s' crashed with signal %d (%s)\n", name, WTERMSIG(status), strsignal(WTERMSIG(status)));
    } else {
        print_error("probe '%s' failed (exit status %d)\n", name, WEXITSTATUS(status));
    }
    fail();
}

/* A CMocka group teardown that prints the counts per category. */
static inline int print_probe_counts(void **state)
{
    (void)state;
    unsigned int total = 0, failed = 0;
    printf("safety probes from C:");
    const char *separator = " ";
    for (int c = 0; c < PROBE_CATEGORIES; c++) {
        unsigned int n = probe_counts[c][0] + probe_counts[c][1];
        if (n > 0) {
            printf("%s%s %u", separator, probe_category_names[c], n);
            if (probe_counts[c][1] > 0) {
                printf(" (%u FAILED)", probe_counts[c][1]);
            }
            separator = ", ";
        }
        total += n;
        failed += probe_counts[c][1];
    }
    printf(" (%u in all) -- %s\n", total, failed == 0 ? "all passed" : "some failed");
    return 0;
}

#endif
