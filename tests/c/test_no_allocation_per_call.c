/* A call through the dispatcher allocates nothing: this program replaces
 * malloc and friends (the libraries' calls bind to the executable's
 * definitions first) and counts them over 10 000 calls. */
#include "test_support.h"

#include <stdlib.h>

#include <oif/interfaces/linsolve.h>
#include <oif/interfaces/qeq.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

static int counting;
static unsigned long allocations;

void *malloc(size_t n)
{
    allocations += counting;
    return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    allocations += counting;
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    allocations += counting;
    return __libc_realloc(p, n);
}

static void test_qeq_calls_do_not_allocate(void **state)
{
    (void)state;
    ImplHandle h = oif_load_impl("qeq", "c_qeq_solver", 1, 0);
    assert_true(h >= OIF_IMPL_STARTING_NUMBER);
    double data[2];
    intptr_t dims[] = {2};
    OIFArrayF64 roots = {1, dims, data, 3};
    assert_int_equal(oif_solve_qeq(h, 1, -3, 2, &roots), 0); /* warm-up outside the count */

    allocations = 0;
    counting = 1;
    for (int i = 0; i < 10000; i++) {
        oif_solve_qeq(h, 1, -3 - i, 2, &roots);
    }
    counting = 0;
    assert_int_equal(allocations, 0);
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

    allocations = 0;
    counting = 1;
    for (int i = 0; i < 10000; i++) {
        oif_solve_linear_system(h, &A_arr, &b_arr, &x_arr);
    }
    counting = 0;
    assert_int_equal(allocations, 0);
    assert_int_equal(oif_unload_impl(h), 0);
}

/* Proves the counter sees the libraries' allocations at all. */
static void test_counter_sees_library_allocations(void **state)
{
    (void)state;
    allocations = 0;
    counting = 1;
    ImplHandle h = oif_load_impl("qeq", "c_qeq_solver", 1, 0);
    counting = 0;
    assert_true(allocations > 0);
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
