/* Every qeq implementation, loaded by name, gives the known roots; the C
 * and the Python implementation give the same roots to the last bit. */
#include "test_support.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#include <oif/interfaces/qeq.h>

static const char *const implementations[] = {"c_qeq_solver", "py_qeq_solver"};

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

/* ---- c_qeq_solver and py_qeq_solver agree bit for bit ------------------ */

typedef struct {
    ImplHandle c, py;
} Pair;

static int setup_pair(void **state)
{
    Pair *p = malloc(sizeof *p);
    p->c = oif_load_impl("qeq", "c_qeq_solver", 1, 0);
    p->py = oif_load_impl("qeq", "py_qeq_solver", 1, 0);
    if (p->c < OIF_IMPL_STARTING_NUMBER || p->py < OIF_IMPL_STARTING_NUMBER) {
        print_error("loading the qeq pair failed: %s\n", oif_last_error());
        free(p);
        return -1;
    }
    *state = p;
    return 0;
}

static int teardown_pair(void **state)
{
    Pair *p = *state;
    assert_int_equal(oif_unload_impl(p->c), 0);
    assert_int_equal(oif_unload_impl(p->py), 0);
    free(p);
    return 0;
}

/* Solves with both and compares the bytes, so that -0.0 against 0.0 or a
 * difference in the last bit fails too; roots start as different garbage so
 * that a root left unwritten would show. */
static void assert_same_roots(const Pair *p, double a, double b, double c)
{
    double from_c[2] = {1.5, 2.5}, from_py[2] = {-3.5, -4.5};
    intptr_t dims_c[1], dims_py[1];
    OIFArrayF64 roots_c = vector(from_c, dims_c, 2), roots_py = vector(from_py, dims_py, 2);
    int status_c = oif_solve_qeq(p->c, a, b, c, &roots_c);
    int status_py = oif_solve_qeq(p->py, a, b, c, &roots_py);
    if (status_c != 0 || status_py != 0 || memcmp(from_c, from_py, sizeof from_c) != 0) {
        print_error("a = %a, b = %a, c = %a: c_qeq_solver gives (%a, %a) status %d, "
                    "py_qeq_solver (%a, %a) status %d\n",
                    a, b, c, from_c[0], from_c[1], status_c, from_py[0], from_py[1], status_py);
        fail();
    }
}

/* A double of either sign with 53 random bits and a binary exponent in
 * [-exponent_range, exponent_range]. */
static double random_double(int exponent_range)
{
    const double scale = RAND_MAX + 1.0;
    double mantissa = 0.5 + 0.5 * (rand() / scale + rand() / (scale * scale));
    int exponent = rand() % (2 * exponent_range + 1) - exponent_range;
    return (rand() & 1 ? -1.0 : 1.0) * ldexp(mantissa, exponent);
}

static void test_c_and_python_roots_are_bit_identical(void **state)
{
    const Pair *p = *state;
    srand(2024);
    int solved = 0;
    while (solved < 3000) {
        double a = random_double(40), b = random_double(40), c = random_double(40);
        if (solved % 3 == 0) {
            c = -copysign(c, a); /* a c < 0: real roots of very different sizes */
        }
        if (b * b - 4.0 * a * c < 0.0) {
            continue;
        }
        assert_same_roots(p, a, b, c);
        solved++;
    }
    const double edge_cases[][3] = {
        {1.0, -20000.0, 1.0}, /* cancellation in the naive formula */
        {0.0, 2.0, -3.0},     /* a = 0: linear */
        {0.0, -7.0, 0.0},
        {0.0, 3.0, 1e-300},
        {2.0, 0.0, -8.0}, /* b = 0 */
        {-2.0, 0.0, 8.0},
        {2.0, -0.0, -8.0},
        {3.0, 0.0, 0.0},  /* b = c = 0: q = 0 */
        {3.0, -0.0, 0.0},
        {-3.0, 0.0, -0.0},
        {1.0, 5.0, 0.0},  /* c = 0 */
        {1.0, -5.0, -0.0},
        {1.0, 2.0, 1.0},  /* a double root */
        {1.0, 1e200, 1.0}, /* b * b overflows */
        {1e-300, 1.0, 1e-300},
        {1e-310, -1e-310, -1e-310}, /* subnormal coefficients */
    };
    for (size_t i = 0; i < sizeof edge_cases / sizeof edge_cases[0]; i++) {
        assert_same_roots(p, edge_cases[i][0], edge_cases[i][1], edge_cases[i][2]);
    }
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
    const struct CMUnitTest pair_tests[] = {
        cmocka_unit_test_setup_teardown(test_c_and_python_roots_are_bit_identical, setup_pair,
                                        teardown_pair),
    };
    failed += cmocka_run_group_tests_name("c_qeq_solver and py_qeq_solver", pair_tests, NULL, NULL);
    return failed;
}
