/* A call through the dispatcher allocates nothing: the allocations of the
 * whole process (allocation_counter.h) are counted over 10 000 calls. */
#include "test_support.h"

#include <oif/interfaces/linsolve.h>
#include <oif/interfaces/qeq.h>

#include "allocation_counter.h"

static void test_qeq_calls_do_not_allocate(void **state)
{
    (void)state;
    ImplHandle h = oif_load_impl("qeq", "c_qeq_solver", 1, 0);
    assert_true(h >= OIF_IMPL_STARTING_NUMBER);
    double data[2];
    intptr_t dims[] = {2};
    OIFArrayF64 roots = {1, dims, data, 3};
    assert_int_equal(oif_solve_qeq(h, 1, -3, 2, &roots), 0); /* warm-up outside the count */

    start_counting_allocations();
    for (int i = 0; i < 10000; i++) {
        oif_solve_qeq(h, 1, -3 - i, 2, &roots);
    }
    assert_int_equal(stop_counting_allocations(), 0);
    assert_int_equal(oif_unload_impl(h), 0);
}

static void test_linsolve_calls_do_not_allocate(void **state)
{
    (void)state;
    ImplHandle h = oif_load_impl("linsolve", "c_lapack", 1, 0);
    double A[] = {2, 1, 1, 3}, b[] = {3, 4}, x[2];
    intptr_t dA[] = {2, 2}, dv[] = {2};
    OIFArrayF64 A_arr = {2, dA, A, 1}, b_arr = {1, dv, b, 3}, x_arr = {1, dv, x, 3};
    assert_int_equal(oif_solve_linear_system(h, &A_arr, &b_arr, &x_arr), 0);

    start_counting_allocations();
    for (int i = 0; i < 10000; i++) {
        oif_solve_linear_system(h, &A_arr, &b_arr, &x_arr);
    }
    assert_int_equal(stop_counting_allocations(), 0);
    assert_int_equal(oif_unload_impl(h), 0);
}

/* Proves the counter sees the libraries' allocations at all. */
static void test_counter_sees_library_allocations(void **state)
{
    (void)state;
    start_counting_allocations();
    ImplHandle h = oif_load_impl("qeq", "c_qeq_solver", 1, 0);
    assert_true(stop_counting_allocations() > 0);
    assert_int_equal(oif_unload_impl(h), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counter_sees_library_allocations),
        cmocka_unit_test(test_qeq_calls_do_not_allocate),
        cmocka_unit_test(test_linsolve_calls_do_not_allocate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
