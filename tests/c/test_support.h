/* Shared by the CMocka tests: checks on the error message of a failure. */
#ifndef OIF_TEST_SUPPORT_H
#define OIF_TEST_SUPPORT_H

#include <stdarg.h>
#include <math.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <oif/c_bindings.h>

/* Fails the test, showing the message, unless oif_last_error() contains
 * every given fragment. */
#define assert_error_mentions(...) assert_error_mentions_impl((const char *[]){__VA_ARGS__, NULL})

static inline void assert_error_mentions_impl(const char **fragments)
{
    const char *message = oif_last_error();
    for (size_t i = 0; fragments[i] != NULL; i++) {
        if (strstr(message, fragments[i]) == NULL) {
            print_error("error message \"%s\"\n  does not mention \"%s\"\n", message, fragments[i]);
            fail();
        }
    }
}

/* Capturing what a function prints to stdout. */
static FILE *captured;
static int saved_stdout = -1;

static inline void start_capturing_stdout(void)
{
    fflush(stdout);
    captured = tmpfile();
    assert_non_null(captured);
    saved_stdout = dup(STDOUT_FILENO);
    assert_true(saved_stdout >= 0);
    assert_true(dup2(fileno(captured), STDOUT_FILENO) >= 0);
}

/* Restores stdout and copies what was printed since start_capturing_stdout()
 * into `text`; there is room for what these tests print. */
static inline void stop_capturing_stdout(char *text, size_t capacity)
{
    fflush(stdout);
    assert_true(dup2(saved_stdout, STDOUT_FILENO) >= 0);
    close(saved_stdout);
    rewind(captured);
    size_t length = fread(text, 1, capacity - 1, captured);
    text[length] = '\0';
    fclose(captured);
}

/* Debian's CMocka 1.1.5 compares floats only. */
#define assert_double_equal(a, b, tolerance) \
    assert_double_equal_impl((a), (b), (tolerance), #a, __FILE__, __LINE__)

static inline void assert_double_equal_impl(double a, double b, double tolerance, const char *expr,
                                            const char *file, int line)
{
    if (!(a == b || fabs(a - b) <= tolerance)) {
        print_error("%s is %.17g, expected %.17g within %g\n", expr, a, b, tolerance);
        _fail(file, line);
    }
}

#endif
