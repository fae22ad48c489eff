/* Shared by the CMocka tests: checks on calls and their error messages,
 * vectors, implementations loaded per test, and capturing stdout. */
#ifndef OIF_TEST_SUPPORT_H
#define OIF_TEST_SUPPORT_H

#include <stdarg.h>
#include <math.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Fails the test, showing the call and oif_last_error(), unless it returns 0. */
#define CHECK(call)                                                                                \
    do {                                                                                           \
        if ((call) != 0) {                                                                         \
            print_error("%s failed: %s\n", #call, oif_last_error());                               \
            fail();                                                                                \
        }                                                                                          \
    } while (0)

/* A contiguous vector of n values at `data`; its length is stored in dims[0]. */
static inline OIFArrayF64 vector(double *data, intptr_t *dims, intptr_t n)
{
    dims[0] = n;
    return (OIFArrayF64){1, dims, data, OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS};
}

/* CMocka setup and teardown whose state is a heap-allocated ImplHandle. */
static inline int load_impl_into_state(void **state, const char *interface, const char *impl)
{
    ImplHandle *h = malloc(sizeof *h);
    *h = oif_load_impl(interface, impl, 1, 0);
    if (*h < OIF_IMPL_STARTING_NUMBER) {
        print_error("loading %s failed: %s\n", impl, oif_last_error());
        free(h);
        return -1;
    }
    *state = h;
    return 0;
}

static inline int unload_impl_in_state(void **state)
{
    assert_int_equal(oif_unload_impl(*(ImplHandle *)*state), 0);
    free(*state);
    return 0;
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
