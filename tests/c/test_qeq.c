/* Every qeq implementation, loaded by name, gives the known roots. */
#include "test_support.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#include <oif/interfaces/qeq.h>

static const char *const implementations[] = {"c_qeq_solver"};

typedef struct {
    ImplHandle h;
    double roots_data[2];
    intptr_t dims[1];
    OIFArrayF64 roots;
} Fixture;

static int setup(void **state, const char *impl)
{
    Fixture *f = calloc(1, sizeof *f);
    f->h = oif_load_impl("qeq", impl, 1, 0);
    if (f->h < OIF_IMPL_STARTING_NUMBER) {
        print_error("loading %s failed: %s\n", impl, oif_last_error());
        free(f);
        return -1;
    }
    f->dims[0] = 2;
    f->roots = (OIFArrayF64){1, f->dims, f->roots_data, OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS};
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    assert_int_equal(oif_unload_impl(f->h), 0);
    free(f);
    return 0;
}

static void sorted(const Fixture *f, double *lo, double *hi)
{
    *lo = fmin(f->roots_data[0], f->roots_data[1]);
    *hi = fmax(f->roots_data[0], f->roots_data[1]);
}

/* x^2 - 20000 x + 1: the naive formula loses half the digits of the small
 * root to cancellation; both roots must come out to full precision. */
static void test_roots_to_full_precision(void **state)
{
    Fixture *f = *state;
    assert_int_equal(oif_solve_qeq(f->h, 1.0, -20000.0, 1.0, &f->roots), 0);
    double large = 10000.0 + sqrt(99999999.0); /* sum of positives: exact to rounding */
    double small = 1.0 / large;                 /* the roots' product is 1 */
    double lo, hi;
    sorted(f, &lo, &hi);
    assert_true(fabs(hi - large) <= 2 * DBL_EPSILON * large);
    assert_true(fabs(lo - small) <= 2 * DBL_EPSILON * small);
}

static void test_two_integer_roots(void **state)
{
    Fixture *f = *state;
    assert_int_equal(oif_solve_qeq(f->h, 2.0, -6.0, 4.0, &f->roots), 0);
    double lo, hi;
    sorted(f, &lo, &hi);
    assert_double_equal(lo, 1.0, 1e-15);
    assert_double_equal(hi, 2.0, 1e-15);
}

static void test_double_root_appears_twice(void **state)
{
    Fixture *f = *state;
    assert_int_equal(oif_solve_qeq(f->h, 1.0, 2.0, 1.0, &f->roots), 0);
    assert_double_equal(f->roots_data[0], -1.0, 0.0);
    assert_double_equal(f->roots_data[1], -1.0, 0.0);
}

static void test_zero_roots(void **state)
{
    Fixture *f = *state;
    assert_int_equal(oif_solve_qeq(f->h, 3.0, 0.0, 0.0, &f->roots), 0);
    assert_double_equal(f->roots_data[0], 0.0, 0.0);
    assert_double_equal(f->roots_data[1], 0.0, 0.0);
}

static void test_linear_equation_gives_its_root_twice(void **state)
{
    Fixture *f = *state;
    assert_int_equal(oif_solve_qeq(f->h, 0.0, 2.0, -4.0, &f->roots), 0);
    assert_double_equal(f->roots_data[0], 2.0, 0.0);
    assert_double_equal(f->roots_data[1], 2.0, 0.0);
}

static void test_complex_roots_are_an_error(void **state)
{
    Fixture *f = *state;
    assert_int_not_equal(oif_solve_qeq(f->h, 1.0, 0.0, 1.0, &f->roots), 0);
    assert_error_mentions("solve_qeq", "complex");
}

static void test_no_equation_is_an_error(void **state)
{
    Fixture *f = *state;
    assert_int_not_equal(oif_solve_qeq(f->h, 0.0, 0.0, 1.0, &f->roots), 0);
    assert_error_mentions("solve_qeq", "a = b = 0");
}

static void test_roots_of_wrong_length_are_an_error(void **state)
{
    Fixture *f = *state;
    double data[3];
    intptr_t dims[] = {3};
    OIFArrayF64 three = {1, dims, data, OIF_ARRAY_C_CONTIGUOUS};
    assert_int_not_equal(oif_solve_qeq(f->h, 1.0, -3.0, 2.0, &three), 0);
    assert_error_mentions("roots", "length 2");
}

static int setup_named(void **state) { return setup(state, *(const char **)*state); }

#define IMPL_TEST(fn) cmocka_unit_test_prestate_setup_teardown(fn, setup_named, teardown, &impl)

int main(void)
{
    int failed = 0;
    for (size_t i = 0; i < sizeof implementations / sizeof implementations[0]; i++) {
        const char *impl = implementations[i];
        const struct CMUnitTest tests[] = {
            IMPL_TEST(test_roots_to_full_precision),
            IMPL_TEST(test_two_integer_roots),
            IMPL_TEST(test_double_root_appears_twice),
            IMPL_TEST(test_zero_roots),
            IMPL_TEST(test_linear_equation_gives_its_root_twice),
            IMPL_TEST(test_complex_roots_are_an_error),
            IMPL_TEST(test_no_equation_is_an_error),
            IMPL_TEST(test_roots_of_wrong_length_are_an_error),
        };
        failed += _cmocka_run_group_tests(impl, tests, sizeof tests / sizeof tests[0], NULL, NULL);
    }
    return failed;
}
