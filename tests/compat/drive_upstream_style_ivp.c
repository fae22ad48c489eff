/*
 * Loads the upstream-style implementation ivp/upstream_style_ivp (found
 * through OIF_IMPL_PATH) as a C user of MaRDI Open Interfaces 0.7 would, and
 * checks its answers: a harmonic oscillator y'' = -w^2 y, w passed as user
 * data, from y(0) = 1, y'(0) = 0 to t = 1, by "RK4" (the name in another
 * case) and by "euler"; then that its errors, reported with logerr(), reach
 * the caller.  Prints one line per check; exits non-zero, saying why on
 * stderr, at the first that fails.
 *
 * Usage: drive_upstream_style_ivp    (OIF_IMPL_PATH must name tests/compat)
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <oif/c_bindings.h>
#include <oif/config_dict.h>
#include <oif/interfaces/ivp.h>

static const char *const IMPL = "upstream_style_ivp";

static int oscillator(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    (void)t;
    double w = *(const double *)user_data;
    ydot->data[0] = y->data[1];
    ydot->data[1] = -w * w * y->data[0];
    return 0;
}

static int failed(const char *what)
{
    fprintf(stderr, "%s: %s failed: %s\n", IMPL, what, oif_last_error());
    return 1;
}

/* The largest error in y(1) of `integrator` with `steps_per_unit` steps per
 * unit of time, or -1 if a call failed. */
static double error_at_1(const char *integrator, int steps_per_unit)
{
    ImplHandle h = oif_load_impl("ivp", IMPL, 1, 0);
    if (h < OIF_IMPL_STARTING_NUMBER) {
        failed("oif_load_impl");
        return -1;
    }
    double w = 2.0;
    intptr_t dims[] = {2};
    OIFArrayF64 *y0 = oif_init_array_f64_from_data(1, dims, (const double[]){1.0, 0.0});
    OIFArrayF64 *y = oif_create_array_f64(1, dims);
    OIFConfigDict *options = oif_config_dict_init();
    oif_config_dict_add_int(options, "steps_per_unit", steps_per_unit);
    double error = -1;
    if (oif_ivp_set_initial_value(h, y0, 0.0) != 0) {
        failed("set_initial_value");
    } else if (oif_ivp_set_rhs_fn(h, oscillator) != 0) {
        failed("set_rhs_fn");
    } else if (oif_ivp_set_user_data(h, &w) != 0) {
        failed("set_user_data");
    } else if (oif_ivp_set_integrator(h, integrator, options) != 0) {
        failed("set_integrator");
    } else if (oif_ivp_integrate(h, 0.5, y) != 0 || oif_ivp_integrate(h, 1.0, y) != 0) {
        failed("integrate");
    } else {
        error = fmax(fabs(y->data[0] - cos(w)), fabs(y->data[1] + w * sin(w)));
        printf("%s %s, %d steps per unit: y(1) = ", IMPL, integrator, steps_per_unit);
        oif_print_vector(y);
    }
    oif_config_dict_free(options);
    oif_free_array_f64(y0);
    oif_free_array_f64(y);
    if (oif_unload_impl(h) != 0) {
        failed("oif_unload_impl");
        return -1;
    }
    return error;
}

/* A call that must fail with `expected` in the message. */
static int check_refused(ImplHandle h, const char *integrator, const char *option, const char *expected)
{
    OIFConfigDict *options = oif_config_dict_init();
    if (option != NULL) {
        oif_config_dict_add_int(options, option, 10);
    }
    int status = oif_ivp_set_integrator(h, integrator, options);
    oif_config_dict_free(options);
    if (status == 0 || strstr(oif_last_error(), expected) == NULL) {
        fprintf(stderr, "%s: set_integrator('%s') gave status %d and the message \"%s\", expected \"%s\"\n",
                IMPL, integrator, status, oif_last_error(), expected);
        return 1;
    }
    printf("%s refuses: %s\n", IMPL, oif_last_error());
    return 0;
}

int main(void)
{
    double rk4 = error_at_1("RK4", 100);
    double euler = error_at_1("euler", 1000);
    if (rk4 < 0 || euler < 0) {
        return 1;
    }
    /* Fourth order with h = 0.01 against first order with h = 0.001. */
    if (!(rk4 < 1e-7) || !(euler < 0.05) || !(euler > 100 * rk4)) {
        fprintf(stderr, "%s: errors at t = 1: rk4 %g (expected < 1e-7), euler %g (expected < 0.05)\n", IMPL,
                rk4, euler);
        return 1;
    }
    printf("%s errors at t = 1: rk4 %.1e, euler %.1e\n", IMPL, rk4, euler);

    ImplHandle h = oif_load_impl("ivp", IMPL, 1, 0);
    if (h < OIF_IMPL_STARTING_NUMBER) {
        return failed("oif_load_impl");
    }
    int status = check_refused(h, "rk45", NULL, "upstream_style_ivp: unknown integrator 'rk45'");
    status = status || check_refused(h, "rk4", "n_steps", "unknown option 'n_steps'");
    status = status || check_refused(h, "rk4", "steps_per_unit_x", "unknown option 'steps_per_unit_x'");
    return oif_unload_impl(h) != 0 ? failed("oif_unload_impl") : status;
}
