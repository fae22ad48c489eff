/* An exception raised inside a Python implementation reaches a C user as
 * a failed call whose message names the interface and implementation, the
 * method, the Python exception type and the implementation's own message
 * and place; the instance stays usable after it.  And a C config dict's
 * values reach a Python implementation intact. */
#include "test_support.h"

#include <math.h>
#include <stdlib.h>

#include <oif/config_dict.h>
#include <oif/interfaces/ivp.h>
#include <oif/interfaces/linsolve.h>
#include <oif/interfaces/optim.h>
#include <oif/interfaces/qeq.h>
#include <oif/util.h>

static int decay_rhs(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    (void)t, (void)user_data;
    ydot->data[0] = -y->data[0];
    return 0;
}

static double sphere(OIFArrayF64 *x, void *user_data)
{
    (void)user_data;
    double sum = 0.0;
    for (ssize_t i = 0; i < x->dimensions[0]; i++) {
        double shifted = x->data[i] - 1.0;
        sum += shifted * shifted;
    }
    return sum;
}

static int setup_scipy_ode(void **state) { return load_impl_into_state(state, "ivp", "scipy_ode"); }
static int setup_scipy_optimize(void **state) { return load_impl_into_state(state, "optim", "scipy_optimize"); }
static int setup_py_qeq_solver(void **state) { return load_impl_into_state(state, "qeq", "py_qeq_solver"); }
static int setup_numpy(void **state) { return load_impl_into_state(state, "linsolve", "numpy"); }

static void test_integrate_before_initial_value(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    double y_data[1];
    intptr_t dims[1];
    OIFArrayF64 y = vector(y_data, dims, 1);
    assert_int_not_equal(oif_ivp_integrate(h, 1.0, &y), 0);
    assert_error_mentions("ivp/scipy_ode", "method 'integrate'", "RuntimeError: ",
                          "call set_initial_value before integrate", "scipy_ode.py:", " in integrate)");

    double y0_data[] = {1.0};
    intptr_t dims0[1];
    OIFArrayF64 y0 = vector(y0_data, dims0, 1);
    CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
    CHECK(oif_ivp_set_rhs_fn(h, decay_rhs));
    CHECK(oif_ivp_set_tolerances(h, 1e-10, 1e-12));
    CHECK(oif_ivp_integrate(h, 1.0, &y));
    assert_double_equal(y_data[0], exp(-1.0), 1e-8);
}

static void test_bad_option_value_and_tolerances(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    OIFConfigDict *options = oif_config_dict_init();
    oif_config_dict_add_int(options, "nsteps", -3);
    assert_int_not_equal(oif_ivp_set_integrator(h, "vode", options), 0);
    oif_config_dict_free(options);
    assert_error_mentions("ivp/scipy_ode", "method 'set_integrator'", "ValueError: ", "'nsteps'", "> 0");

    options = oif_config_dict_init();
    oif_config_dict_add_int(options, "verbosity", 1);
    assert_int_not_equal(oif_ivp_set_integrator(h, "dop853", options), 0);
    oif_config_dict_free(options);
    assert_error_mentions("method 'set_integrator'", "ValueError: ", "'verbosity'", "never prints");

    assert_int_not_equal(oif_ivp_set_tolerances(h, -1.0, 0.0), 0);
    assert_error_mentions("ivp/scipy_ode", "method 'set_tolerances'", "ValueError: ", "rtol > 0");
}

static int oscillator_rhs(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    (void)t, (void)user_data;
    ydot->data[0] = y->data[1];
    ydot->data[1] = -4.0 * y->data[0];
    return 0;
}

/* The values of a C config dict arrive intact: a string option is taken
 * and a step limit of 5 stops the integration, with an error saying so. */
static void test_options_from_c_take_effect(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    double y0_data[] = {1.0, 0.0}, y_data[2];
    intptr_t dims0[1], dims[1];
    OIFArrayF64 y0 = vector(y0_data, dims0, 2), y = vector(y_data, dims, 2);
    OIFConfigDict *options = oif_config_dict_init();
    oif_config_dict_add_str(options, "method", "bdf");
    oif_config_dict_add_int(options, "nsteps", 5);
    oif_config_dict_add_double(options, "rtol", 1e-10);
    CHECK(oif_ivp_set_integrator(h, "vode", options));
    oif_config_dict_free(options);
    CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
    CHECK(oif_ivp_set_rhs_fn(h, oscillator_rhs));
    assert_int_not_equal(oif_ivp_integrate(h, 10.0, &y), 0);
    assert_error_mentions("ivp/scipy_ode", "method 'integrate'", "RuntimeError: ", "nsteps = 5 steps");

    options = oif_config_dict_init();
    oif_config_dict_add_str(options, "method", "BDF");
    oif_config_dict_add_int(options, "max_num_steps", 100000);
    CHECK(oif_ivp_set_integrator(h, "vode", options));
    oif_config_dict_free(options);
    CHECK(oif_ivp_set_tolerances(h, 1e-10, 1e-12));
    CHECK(oif_ivp_integrate(h, 10.0, &y));
    assert_double_equal(y_data[0], cos(20.0), 1e-6);
}

static void test_minimize_before_initial_guess_and_refused_method(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    double x_data[2];
    intptr_t dims[1];
    OIFArrayF64 x = vector(x_data, dims, 2);
    int status;
    char *message = NULL;
    assert_int_not_equal(oif_optim_minimize(h, &x, &status, &message), 0);
    assert_null(message);
    assert_error_mentions("optim/scipy_optimize", "method 'minimize'", "RuntimeError: ",
                          "call set_initial_guess", "scipy_optimize.py:", " in minimize)");

    assert_int_not_equal(oif_optim_set_method(h, "dogleg", NULL), 0);
    assert_error_mentions("optim/scipy_optimize", "method 'set_method'", "ValueError: ", "'dogleg'",
                          "Hessian");

    intptr_t dims0[] = {2};
    OIFArrayF64 *x0 = oif_init_array_f64_from_data(1, dims0, (const double[]){0.0, 0.0});
    CHECK(oif_optim_set_initial_guess(h, x0));
    oif_free_array_f64(x0);
    CHECK(oif_optim_set_objective_fn(h, sphere));
    CHECK(oif_optim_minimize(h, &x, &status, &message));
    oif_util_free(message);
    assert_double_equal(x_data[0], 1.0, 1e-6);
    assert_double_equal(x_data[1], 1.0, 1e-6);
}

static void test_complex_roots(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    double roots_data[2];
    intptr_t dims[1];
    OIFArrayF64 roots = vector(roots_data, dims, 2);
    assert_int_not_equal(oif_solve_qeq(h, 1.0, 0.0, 1.0, &roots), 0);
    assert_error_mentions("qeq/py_qeq_solver", "method 'solve_qeq'", "ValueError: ", "complex",
                          "py_qeq_solver.py:");
    CHECK(oif_solve_qeq(h, 1.0, -3.0, 2.0, &roots));
    assert_double_equal(roots_data[0] + roots_data[1], 3.0, 0.0);
}

static void test_singular_matrix(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    double A[] = {1, 2, 2, 4}, b[] = {1, 2}, x[2];
    intptr_t dims_A[] = {2, 2}, dims_b[1], dims_x[1];
    OIFArrayF64 A_arr = {2, dims_A, A, OIF_ARRAY_C_CONTIGUOUS};
    OIFArrayF64 b_arr = vector(b, dims_b, 2), x_arr = vector(x, dims_x, 2);
    assert_int_not_equal(oif_solve_linear_system(h, &A_arr, &b_arr, &x_arr), 0);
    assert_error_mentions("linsolve/numpy", "method 'solve_lin'", "RuntimeError: ", "singular",
                          "numpy_linsolve.py:");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_integrate_before_initial_value, setup_scipy_ode,
                                        unload_impl_in_state),
        cmocka_unit_test_setup_teardown(test_bad_option_value_and_tolerances, setup_scipy_ode,
                                        unload_impl_in_state),
        cmocka_unit_test_setup_teardown(test_options_from_c_take_effect, setup_scipy_ode,
                                        unload_impl_in_state),
        cmocka_unit_test_setup_teardown(test_minimize_before_initial_guess_and_refused_method,
                                        setup_scipy_optimize, unload_impl_in_state),
        cmocka_unit_test_setup_teardown(test_complex_roots, setup_py_qeq_solver, unload_impl_in_state),
        cmocka_unit_test_setup_teardown(test_singular_matrix, setup_numpy, unload_impl_in_state),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
