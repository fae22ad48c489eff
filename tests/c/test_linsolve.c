/* Every linsolve implementation solves known systems in either memory
 * order, leaves its inputs alone, and refuses singular or ill-shaped ones. */
#include "test_support.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include <oif/dispatch.h>
#include <oif/interfaces/linsolve.h>
#include <oif/util.h>

static const char *const implementations[] = {"c_lapack", "numpy"};

static int setup(void **state)
{
    return load_impl_into_state(state, "linsolve", *(const char **)*state);
}

/* A = [[4, -2, 1], [-2, 4, -2], [1, -2, 4]] (row-major), x = [1, 2, 3]. */
static const double A_rows[] = {4, -2, 1, -2, 4, -2, 1, -2, 4};
static const double x_known[] = {1, 2, 3};

static void rhs_for(const double *A, int c_order, const double *x, double *b, int n)
{
    for (int i = 0; i < n; i++) {
        b[i] = 0;
        for (int j = 0; j < n; j++) {
            b[i] += (c_order ? A[i * n + j] : A[j * n + i]) * x[j];
        }
    }
}

static void solve_and_check(ImplHandle h, double *A, int flags, int n, const double *expected,
                            double tol)
{
    double *b = malloc(n * sizeof *b), *x = malloc(n * sizeof *x);
    double *A_before = malloc(n * n * sizeof *A_before), *b_before = malloc(n * sizeof *b_before);
    rhs_for(A, flags & OIF_ARRAY_C_CONTIGUOUS, expected, b, n);
    memcpy(A_before, A, n * n * sizeof *A);
    memcpy(b_before, b, n * sizeof *b);
    intptr_t dims_A[] = {n, n}, dims_v[] = {n};
    OIFArrayF64 A_arr = {2, dims_A, A, flags};
    OIFArrayF64 b_arr = {1, dims_v, b, OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS};
    OIFArrayF64 x_arr = {1, dims_v, x, OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS};

    assert_int_equal(oif_solve_linear_system(h, &A_arr, &b_arr, &x_arr), 0);
    for (int i = 0; i < n; i++) {
        assert_double_equal(x[i], expected[i], tol);
    }
    assert_memory_equal(A, A_before, n * n * sizeof *A);
    assert_memory_equal(b, b_before, n * sizeof *b);
    free(b), free(x), free(A_before), free(b_before);
}

static void test_c_ordered_system(void **state)
{
    double A[9];
    memcpy(A, A_rows, sizeof A);
    solve_and_check(*(ImplHandle *)*state, A, OIF_ARRAY_C_CONTIGUOUS, 3, x_known, 1e-14);
}

static void test_fortran_ordered_system(void **state)
{
    /* The same matrix stored column by column; not symmetric after a tweak
     * so that reading it in the wrong order would give a wrong answer. */
    double A_cols[9];
    double A[9];
    memcpy(A, A_rows, sizeof A);
    A[1] = -3.0; /* row 0, column 1 */
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
            A_cols[j * 3 + i] = A[i * 3 + j];
        }
    }
    solve_and_check(*(ImplHandle *)*state, A_cols, OIF_ARRAY_F_CONTIGUOUS, 3, x_known, 1e-14);
}

static void test_larger_random_system(void **state)
{
    enum { N = 60 };
    double *A = malloc(N * N * sizeof *A), x[N];
    srand(7);
    for (int i = 0; i < N * N; i++) {
        A[i] = (double)rand() / RAND_MAX - 0.5;
    }
    for (int i = 0; i < N; i++) {
        A[i * N + i] += N; /* diagonally dominant: well conditioned */
        x[i] = i - N / 2;
    }
    solve_and_check(*(ImplHandle *)*state, A, OIF_ARRAY_C_CONTIGUOUS, N, x, 1e-12);
    free(A);
}

static void test_singular_matrix_is_an_error(void **state)
{
    double A[] = {1, 2, 2, 4}, b[] = {1, 2}, x[2];
    intptr_t dA[] = {2, 2}, dv[] = {2};
    OIFArrayF64 A_arr = {2, dA, A, OIF_ARRAY_C_CONTIGUOUS}, b_arr = {1, dv, b, 3}, x_arr = {1, dv, x, 3};
    assert_int_not_equal(oif_solve_linear_system(*(ImplHandle *)*state, &A_arr, &b_arr, &x_arr), 0);
    assert_error_mentions("solve_lin", "singular");
}

static void test_shape_mismatch_is_an_error(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    double A[6] = {1, 0, 0, 1, 0, 0}, b[3] = {0}, x[3];
    intptr_t d23[] = {2, 3}, d22[] = {2, 2}, d3[] = {3};
    OIFArrayF64 rect = {2, d23, A, OIF_ARRAY_C_CONTIGUOUS};
    OIFArrayF64 square = {2, d22, A, OIF_ARRAY_C_CONTIGUOUS};
    OIFArrayF64 b3 = {1, d3, b, 3}, x3 = {1, d3, x, 3};
    assert_int_not_equal(oif_solve_linear_system(h, &rect, &b3, &x3), 0);
    assert_error_mentions("square");
    assert_int_not_equal(oif_solve_linear_system(h, &square, &b3, &x3), 0);
    assert_error_mentions("length 2");
}

static void test_non_contiguous_matrix_is_an_error(void **state)
{
    double A[] = {2, 0, 0, 2}, b[] = {2, 2}, x[2];
    intptr_t dA[] = {2, 2}, dv[] = {2};
    OIFArrayF64 A_arr = {2, dA, A, 0}, b_arr = {1, dv, b, 3}, x_arr = {1, dv, x, 3};
    assert_int_not_equal(oif_solve_linear_system(*(ImplHandle *)*state, &A_arr, &b_arr, &x_arr), 0);
    assert_error_mentions("contiguous");
}

#define IMPL_TEST(fn) cmocka_unit_test_prestate_setup_teardown(fn, setup, unload_impl_in_state, &impl)

int main(void)
{
    int failed = 0;
    for (size_t i = 0; i < sizeof implementations / sizeof implementations[0]; i++) {
        const char *impl = implementations[i];
        const struct CMUnitTest tests[] = {
            IMPL_TEST(test_c_ordered_system),
            IMPL_TEST(test_fortran_ordered_system),
            IMPL_TEST(test_larger_random_system),
            IMPL_TEST(test_singular_matrix_is_an_error),
            IMPL_TEST(test_shape_mismatch_is_an_error),
            IMPL_TEST(test_non_contiguous_matrix_is_an_error),
        };
        failed += _cmocka_run_group_tests(impl, tests, sizeof tests / sizeof tests[0], NULL, NULL);
    }
    return failed;
}
