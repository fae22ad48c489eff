/*
 * C users pass input arrays as `const OIFArrayF64 *`: the interface
 * functions take them so, the call compiles without a warning (this file is
 * compiled with -Werror, see meson.build) and leaves the inputs as they
 * were.
 */
#include <oif/interfaces/ivp.h>
#include <oif/interfaces/linsolve.h>
#include <oif/interfaces/optim.h>
#include <oif/util.h>

#include "ivp_decay.h"
#include "test_support.h"

static ImplHandle load(const char *interface, const char *impl)
{
    ImplHandle h = oif_load_impl(interface, impl, 1, 0);
    if (h < OIF_IMPL_STARTING_NUMBER) {
        print_error("loading %s failed: %s\n", impl, oif_last_error());
        fail();
    }
    return h;
}

/* Solves A x = b with inputs the caller holds as const. */
static void solve(ImplHandle h, const OIFArrayF64 *A, const OIFArrayF64 *b, OIFArrayF64 *x)
{
    CHECK(oif_solve_linear_system(h, A, b, x));
}

static void test_linear_system_from_const_inputs(void **state)
{
    (void)state;
    ImplHandle h = load("linsolve", "c_lapack");
    double A_data[] = {2.0, 1.0, 1.0, 3.0}, b_data[] = {3.0, 5.0}, x_data[2];
    intptr_t A_dims[] = {2, 2}, b_dims[1], x_dims[1];
    OIFArrayF64 A = {2, A_dims, A_data, OIF_ARRAY_C_CONTIGUOUS};
    OIFArrayF64 b = vector(b_data, b_dims, 2), x = vector(x_data, x_dims, 2);
    solve(h, &A, &b, &x);
    assert_double_equal(x_data[0], 0.8, 1e-14);
    assert_double_equal(x_data[1], 1.4, 1e-14);
    assert_memory_equal(A_data, ((double[]){2.0, 1.0, 1.0, 3.0}), sizeof A_data);
    assert_memory_equal(b_data, ((double[]){3.0, 5.0}), sizeof b_data);
    CHECK(oif_unload_impl(h));
}

static void test_initial_value_from_const_input(void **state)
{
    (void)state;
    ImplHandle h = load("ivp", "dopri5c");
    double y0_data[] = {1.0}, y_data[1];
    intptr_t y0_dims[1], y_dims[1];
    const OIFArrayF64 y0 = vector(y0_data, y0_dims, 1);
    OIFArrayF64 y = vector(y_data, y_dims, 1);
    CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
    CHECK(oif_ivp_set_rhs_fn(h, unit_decay_rhs));
    CHECK(oif_ivp_integrate(h, 1.0, &y));
    assert_double_equal(y_data[0], exp(-1.0), 1e-5);
    assert_double_equal(y0_data[0], 1.0, 0);
    CHECK(oif_unload_impl(h));
}

static double distance_to_3(OIFArrayF64 *x, void *user_data)
{
    (void)user_data;
    return (x->data[0] - 3.0) * (x->data[0] - 3.0);
}

static void test_initial_guess_from_const_input(void **state)
{
    (void)state;
    ImplHandle h = load("optim", "nlopt");
    double x0_data[] = {1.0}, x_data[1];
    intptr_t x0_dims[1], x_dims[1];
    const OIFArrayF64 x0 = vector(x0_data, x0_dims, 1);
    OIFArrayF64 x = vector(x_data, x_dims, 1);
    CHECK(oif_optim_set_initial_guess(h, &x0));
    CHECK(oif_optim_set_objective_fn(h, distance_to_3));
    int status;
    char *message = NULL;
    CHECK(oif_optim_minimize(h, &x, &status, &message));
    oif_util_free(message);
    assert_double_equal(x_data[0], 3.0, 1e-4);
    assert_double_equal(x0_data[0], 1.0, 0);
    CHECK(oif_unload_impl(h));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linear_system_from_const_inputs),
        cmocka_unit_test(test_initial_value_from_const_input),
        cmocka_unit_test(test_initial_guess_from_const_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
