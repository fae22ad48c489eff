/* Handles: valid ones are distinct instances; any other value is an error
 * with a message, never a crash. */
#include "test_support.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include <oif/interfaces/qeq.h>

static int use_fixtures(void **state)
{
    (void)state;
    return setenv("OIF_IMPL_PATH", FIXTURES_DIR, 1);
}

static OIFArrayF64 roots_view(double *data)
{
    static intptr_t dims[] = {2};
    return (OIFArrayF64){1, dims, data, OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS};
}

static void test_calls_on_handles_that_are_not_loaded(void **state)
{
    (void)state;
    double data[2];
    OIFArrayF64 roots = roots_view(data);
    const ImplHandle bad[] = {-1, 0, OIF_IMPL_NOT_AVAILABLE_ERROR, 999};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_not_equal(oif_solve_qeq(bad[i], 1, -3, 2, &roots), 0);
        assert_error_mentions("not an implementation handle", "error codes");
        assert_int_not_equal(oif_unload_impl(bad[i]), 0);
        assert_error_mentions("cannot unload", "not an implementation handle");
    }
    assert_int_not_equal(oif_solve_qeq(INT_MAX, 1, -3, 2, &roots), 0);
    assert_error_mentions("no implementation is loaded with handle 2147483647");
}

static void test_unloaded_handle_is_stale(void **state)
{
    (void)state;
    double data[2];
    OIFArrayF64 roots = roots_view(data);
    ImplHandle h = oif_load_impl("qeq", "c_qeq_solver", 1, 0);
    assert_true(h >= OIF_IMPL_STARTING_NUMBER);
    assert_int_equal(oif_unload_impl(h), 0);

    assert_int_not_equal(oif_solve_qeq(h, 1, -3, 2, &roots), 0);
    char expected[64];
    snprintf(expected, sizeof expected, "no implementation is loaded with handle %d", h);
    assert_error_mentions(expected, "unloaded");
    assert_int_not_equal(oif_unload_impl(h), 0);
    assert_error_mentions("cannot unload", expected);
}

static void test_handles_increase_and_are_never_reused(void **state)
{
    (void)state;
    ImplHandle previous = oif_load_impl("qeq", "c_qeq_solver", 1, 0);
    ImplHandle kept = previous; /* stays loaded while the table turns over */
    for (int i = 0; i < 500; i++) {
        ImplHandle h = oif_load_impl("qeq", "c_qeq_solver", 1, 0);
        assert_true(h > previous);
        assert_int_equal(oif_unload_impl(h), 0);
        previous = h;
    }
    double data[2];
    OIFArrayF64 roots = roots_view(data);
    assert_int_equal(oif_solve_qeq(kept, 1, -3, 2, &roots), 0);
    assert_int_equal(oif_unload_impl(kept), 0);
}

static void test_many_live_instances(void **state)
{
    (void)state;
    enum { N = 300 };
    ImplHandle h[N];
    for (int i = 0; i < N; i++) {
        h[i] = oif_load_impl("qeq", "c_qeq_solver", 1, 0);
        assert_true(h[i] >= OIF_IMPL_STARTING_NUMBER);
    }
    double data[2];
    OIFArrayF64 roots = roots_view(data);
    for (int i = 0; i < N; i++) {
        /* (x - (i + 1)) (x + 1): each instance is asked its own question */
        assert_int_equal(oif_solve_qeq(h[i], 1, -i, -(i + 1.0), &roots), 0);
        assert_double_equal(fmax(data[0], data[1]), i + 1.0, 1e-12);
    }
    for (int i = N - 1; i >= 0; i--) {
        assert_int_equal(oif_unload_impl(h[i]), 0);
    }
}

/* The fake counts calls in its Self: two instances of one library must not
 * share that state. */
static void test_instances_are_independent(void **state)
{
    (void)state;
    ImplHandle a = oif_load_impl("qeq", "fake", 1, 0);
    ImplHandle b = oif_load_impl("qeq", "fake", 1, 0);
    assert_true(a >= OIF_IMPL_STARTING_NUMBER && b > a);
    double data[2];
    OIFArrayF64 roots = roots_view(data);
    for (int i = 1; i <= 3; i++) {
        assert_int_equal(oif_solve_qeq(a, 1, 0, 0, &roots), 0);
        assert_double_equal(data[0], i, 0);
    }
    assert_int_equal(oif_solve_qeq(b, 1, 0, 0, &roots), 0);
    assert_double_equal(data[0], 1, 0);
    assert_int_equal(oif_unload_impl(a), 0);
    assert_int_equal(oif_unload_impl(b), 0);
}

static void test_swapping_implementation_is_changing_a_string(void **state)
{
    (void)state;
    const char *names[] = {"c_qeq_solver", "fake"};
    double data[2];
    OIFArrayF64 roots = roots_view(data);
    for (int i = 0; i < 2; i++) {
        ImplHandle h = oif_load_impl("qeq", names[i], 1, 0);
        assert_int_equal(oif_solve_qeq(h, 1, -3, 2, &roots), 0);
        assert_double_equal(fmax(data[0], data[1]), i == 0 ? 2.0 : 42.0, 0);
        assert_int_equal(oif_unload_impl(h), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calls_on_handles_that_are_not_loaded),
        cmocka_unit_test(test_unloaded_handle_is_stale),
        cmocka_unit_test(test_handles_increase_and_are_never_reused),
        cmocka_unit_test(test_many_live_instances),
        cmocka_unit_test(test_instances_are_independent),
        cmocka_unit_test(test_swapping_implementation_is_changing_a_string),
    };
    return cmocka_run_group_tests(tests, use_fixtures, NULL);
}
