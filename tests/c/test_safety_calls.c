/* Safety probes from C: callbacks whose declared signature differs from the
 * interface's are refused by the dispatcher, whichever implementation and
 * language is behind the handle; a Python implementation that keeps the
 * view of an in-array it was handed reads the values it was given, after
 * the caller has freed them.  Each probe runs in a child (probe.h). */
#include "probe.h"

#include <math.h>

#include <oif/dispatch.h>
#include <oif/interfaces/ivp.h>

static const char *const ivp_impls[] = {"dopri5c", "sundials_cvode", "scipy_ode"};

static int rhs(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    (void)t, (void)user_data;
    ydot->data[0] = -y->data[0];
    return 0;
}

/* Passes `declared` as the rhs through call_interface_impl; it must be
 * refused with a message that shows both signatures. */
static int refuses(ImplHandle h, OIFCallback declared, const char *shown)
{
    OIFArgType types[] = {OIF_TYPE_CALLBACK};
    void *values[] = {&declared};
    OIFArgs in = {1, types, values};
    PROBE_CHECK(call_interface_impl(h, "set_rhs_fn", &in, NULL, NULL) != 0, "accepted %s", shown);
    PROBE_CHECK(strstr(oif_last_error(), shown) != NULL, "%s", oif_last_error());
    PROBE_CHECK(strstr(oif_last_error(), "(t: F64, y: ARRAY_F64, ydot: ARRAY_F64, user_data: USER_DATA) -> INT"),
                "%s", oif_last_error());
    return 0;
}

static int wrong_signatures_refused(void *impl)
{
    ImplHandle h = oif_load_impl("ivp", impl, 1, 0);
    PROBE_CHECK(h >= OIF_IMPL_STARTING_NUMBER, "load: %s", oif_last_error());
    OIFArgType user_data_as_array[] = {OIF_TYPE_F64, OIF_TYPE_ARRAY_F64, OIF_TYPE_ARRAY_F64, OIF_TYPE_ARRAY_F64};
    OIFArgType right[] = {OIF_TYPE_F64, OIF_TYPE_ARRAY_F64, OIF_TYPE_ARRAY_F64, OIF_TYPE_USER_DATA};
    OIFCallback cb = {.src = OIF_LANG_C, .fn_p_c = (void *)rhs, .nargs = 4, .arg_types = user_data_as_array,
                      .restype = OIF_TYPE_INT};
    if (refuses(h, cb, "(F64, ARRAY_F64, ARRAY_F64, ARRAY_F64) -> INT") != 0) {
        return 1;
    }
    cb.arg_types = right;
    cb.nargs = 2;
    if (refuses(h, cb, "(F64, ARRAY_F64) -> INT") != 0) {
        return 1;
    }
    cb.nargs = 4;
    cb.restype = OIF_TYPE_F64;
    if (refuses(h, cb, "(F64, ARRAY_F64, ARRAY_F64, USER_DATA) -> F64") != 0) {
        return 1;
    }
    /* The right one, and one that declares nothing (as C callers may), work. */
    cb.restype = OIF_TYPE_INT;
    OIFArgType types[] = {OIF_TYPE_CALLBACK};
    void *values[] = {&cb};
    OIFArgs in = {1, types, values};
    PROBE_CHECK(call_interface_impl(h, "set_rhs_fn", &in, NULL, NULL) == 0, "%s", oif_last_error());
    cb = (OIFCallback){.src = OIF_LANG_C, .fn_p_c = (void *)rhs};
    PROBE_CHECK(call_interface_impl(h, "set_rhs_fn", &in, NULL, NULL) == 0, "%s", oif_last_error());
    PROBE_CHECK(oif_unload_impl(h) == 0, "%s", oif_last_error());
    return 0;
}

static void test_wrong_callback_signatures_are_refused(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof ivp_impls / sizeof ivp_impls[0]; i++) {
        run_probe(PROBE_CRASH, ivp_impls[i], wrong_signatures_refused, (void *)ivp_impls[i], 60);
    }
}

/* tests/c/fixtures_python/ivp/keeper keeps y0 as upstream's scipy_ode did. */
static int kept_in_array_outlives_the_callers_buffer(void *unused)
{
    (void)unused;
    setenv("OIF_IMPL_PATH", PYTHON_FIXTURES_DIR, 1);
    ImplHandle h = oif_load_impl("ivp", "keeper", 1, 0);
    PROBE_CHECK(h >= OIF_IMPL_STARTING_NUMBER, "load: %s", oif_last_error());
    double *y0_data = malloc(2 * sizeof *y0_data), y_data[2];
    y0_data[0] = 1.0, y0_data[1] = 2.0;
    intptr_t d0[1], d1[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 2), y = vector(y_data, d1, 2);
    PROBE_CHECK(oif_ivp_set_initial_value(h, &y0, 0.0) == 0, "%s", oif_last_error());
    y0_data[0] = y0_data[1] = 1e300; /* the caller reuses its buffer, then frees it */
    free(y0_data);
    PROBE_CHECK(oif_ivp_integrate(h, 1.0, &y) == 0, "%s", oif_last_error());
    PROBE_CHECK(fabs(y_data[0] - exp(-1.0)) < 1e-12 && fabs(y_data[1] - 2 * exp(-1.0)) < 1e-12, "y = (%g, %g)",
                y_data[0], y_data[1]);
    PROBE_CHECK(oif_unload_impl(h) == 0, "%s", oif_last_error());
    return 0;
}

static void test_kept_in_array_outlives_the_callers_buffer(void **state)
{
    (void)state;
    run_probe(PROBE_CRASH, "keeper", kept_in_array_outlives_the_callers_buffer, NULL, 60);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wrong_callback_signatures_are_refused),
        cmocka_unit_test(test_kept_in_array_outlives_the_callers_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, print_probe_counts);
}
