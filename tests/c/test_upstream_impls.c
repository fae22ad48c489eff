/* What C code written for MaRDI Open Interfaces 0.7 relies on beyond the
 * headers: its Julia implementations, asked for by name in a build without
 * Julia, report a missing bridge (upstream's test suites skip on that
 * status); a Python implementation written in upstream's style (keeping the
 * y0 it was handed, as upstream's scipy_ode does) works for a C caller that
 * frees its buffer; and a .conf naming a shipped implementation by
 * upstream's module path loads it.  The Python parts run as probes in a
 * child process (probe.h). */
#include "probe.h"

#include <math.h>

#include <oif/interfaces/ivp.h>

static void expect_load_status(const char *interface, const char *impl, int expected)
{
    ImplHandle h = oif_load_impl(interface, impl, 1, 0);
    if (h != expected) {
        print_error("loading %s/%s gave %d, expected %d; message: %s\n", interface, impl, h, expected,
                    oif_last_error());
        if (h >= OIF_IMPL_STARTING_NUMBER) {
            oif_unload_impl(h);
        }
        fail();
    }
}

static void test_upstreams_julia_implementations_report_a_missing_bridge(void **state)
{
    (void)state;
    static const char *const julia_impls[][2] = {
        {"ivp", "jl_diffeq"},  {"linsolve", "jl_backslash"}, {"optim", "optim_jl"},
        {"optim", "ipopt_jl"}, {"qeq", "jl_qeq_solver"},
    };
    for (size_t i = 0; i < sizeof julia_impls / sizeof julia_impls[0]; i++) {
        expect_load_status(julia_impls[i][0], julia_impls[i][1], OIF_BRIDGE_NOT_AVAILABLE_ERROR);
        assert_error_mentions("no bridge for language 'julia' in this build", julia_impls[i][1], "Available: ");
    }
}

static void test_other_unknown_names_are_still_unavailable_implementations(void **state)
{
    (void)state;
    expect_load_status("ivp", "jl_no_such_solver", OIF_IMPL_NOT_AVAILABLE_ERROR);
    assert_error_mentions("no ivp/jl_no_such_solver/jl_no_such_solver.conf");
    assert_null(strstr(oif_last_error(), "julia"));
    /* Upstream's names belong to their interface only. */
    expect_load_status("qeq", "jl_diffeq", OIF_IMPL_NOT_AVAILABLE_ERROR);
}

static int decay_with_rate_in_user_data(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    (void)t;
    double rate = *(const double *)user_data;
    for (intptr_t i = 0; i < y->dimensions[0]; i++) {
        ydot->data[i] = -rate * y->data[i];
    }
    return 0;
}

/* tests/c/fixtures_python/ivp/upstream_style keeps y0 and restarts SciPy from
 * it whenever the right-hand side or the tolerances change. */
static int upstream_style_impl_outlives_the_callers_y0(void *unused)
{
    (void)unused;
    setenv("OIF_IMPL_PATH", PYTHON_FIXTURES_DIR, 1);
    ImplHandle h = oif_load_impl("ivp", "upstream_style", 1, 0);
    PROBE_CHECK(h >= OIF_IMPL_STARTING_NUMBER, "load: %s", oif_last_error());
    double *y0_data = malloc(2 * sizeof *y0_data), y_data[2], rate = 3.0;
    y0_data[0] = 1.0, y0_data[1] = 2.0;
    intptr_t d0[1], d1[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 2), y = vector(y_data, d1, 2);
    PROBE_CHECK(oif_ivp_set_initial_value(h, &y0, 0.0) == 0, "%s", oif_last_error());
    y0_data[0] = y0_data[1] = 1e300; /* the caller reuses its buffer, then frees it */
    free(y0_data);
    PROBE_CHECK(oif_ivp_set_user_data(h, &rate) == 0, "%s", oif_last_error());
    PROBE_CHECK(oif_ivp_set_rhs_fn(h, decay_with_rate_in_user_data) == 0, "%s", oif_last_error());
    const double expected[2] = {exp(-3.0), 2 * exp(-3.0)};
    PROBE_CHECK(oif_ivp_integrate(h, 1.0, &y) == 0, "%s", oif_last_error());
    PROBE_CHECK(fabs(y_data[0] - expected[0]) < 1e-7 && fabs(y_data[1] - expected[1]) < 1e-7, "y = (%g, %g)",
                y_data[0], y_data[1]);
    /* New tolerances restart from the kept y0, read again now. */
    PROBE_CHECK(oif_ivp_set_tolerances(h, 1e-10, 1e-12) == 0, "%s", oif_last_error());
    PROBE_CHECK(oif_ivp_integrate(h, 1.0, &y) == 0, "%s", oif_last_error());
    PROBE_CHECK(fabs(y_data[0] - expected[0]) < 1e-9 && fabs(y_data[1] - expected[1]) < 1e-9,
                "after the restart y = (%g, %g)", y_data[0], y_data[1]);
    PROBE_CHECK(oif_unload_impl(h) == 0, "%s", oif_last_error());
    return 0;
}

static void test_upstream_style_python_impl_outlives_the_callers_y0(void **state)
{
    (void)state;
    run_probe(PROBE_CRASH, "upstream_style", upstream_style_impl_outlives_the_callers_y0, NULL, 120);
}

/* tests/c/fixtures_python/ivp/upstream_conf_scipy_ode holds the second line
 * of upstream's scipy_ode.conf: the shipped scipy_ode by its module path. */
static int upstream_module_path_loads_the_shipped_impl(void *unused)
{
    (void)unused;
    setenv("OIF_IMPL_PATH", PYTHON_FIXTURES_DIR, 1);
    ImplHandle h = oif_load_impl("ivp", "upstream_conf_scipy_ode", 1, 0);
    PROBE_CHECK(h >= OIF_IMPL_STARTING_NUMBER, "load: %s", oif_last_error());
    double y0_data[1] = {1.0}, y_data[1], rate = 1.0;
    intptr_t d0[1], d1[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 1), y = vector(y_data, d1, 1);
    PROBE_CHECK(oif_ivp_set_initial_value(h, &y0, 0.0) == 0, "%s", oif_last_error());
    PROBE_CHECK(oif_ivp_set_user_data(h, &rate) == 0, "%s", oif_last_error());
    PROBE_CHECK(oif_ivp_set_rhs_fn(h, decay_with_rate_in_user_data) == 0, "%s", oif_last_error());
    PROBE_CHECK(oif_ivp_integrate(h, 1.0, &y) == 0, "%s", oif_last_error());
    PROBE_CHECK(fabs(y_data[0] - exp(-1.0)) < 1e-5, "y = %g", y_data[0]);
    PROBE_CHECK(oif_unload_impl(h) == 0, "%s", oif_last_error());
    return 0;
}

static void test_upstream_module_path_loads_the_shipped_impl(void **state)
{
    (void)state;
    run_probe(PROBE_CRASH, "upstream_conf_scipy_ode", upstream_module_path_loads_the_shipped_impl, NULL, 120);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_upstreams_julia_implementations_report_a_missing_bridge),
        cmocka_unit_test(test_other_unknown_names_are_still_unavailable_implementations),
        cmocka_unit_test(test_upstream_style_python_impl_outlives_the_callers_y0),
        cmocka_unit_test(test_upstream_module_path_loads_the_shipped_impl),
    };
    return cmocka_run_group_tests(tests, NULL, print_probe_counts);
}
