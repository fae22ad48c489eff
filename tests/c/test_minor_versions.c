/*
 * Methods added in a minor version of an interface are optional: an
 * implementation written for an earlier minor version loads and works
 * without them, and calling one of them on it is an error that says so.
 * The fixtures are ivp implementations of versions 1.0 and 1.1
 * (test_ivp_minor_impls.c) and a Python one written for 1.0.
 */
#include <stdlib.h>
#include <string.h>

#include <oif/dispatch.h>
#include <oif/interfaces/ivp.h>

#include "test_support.h"

static int use_fixtures(void **state)
{
    (void)state;
    char path[4096];
    snprintf(path, sizeof path, "%s:%s", FIXTURES_DIR, PYTHON_FIXTURES_DIR);
    return setenv("OIF_IMPL_PATH", path, 1);
}

static int minus_y(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    (void)t, (void)user_data;
    ydot->data[0] = -y->data[0];
    return 0;
}

static ImplHandle load(const char *impl)
{
    ImplHandle h = oif_load_impl("ivp", impl, 1, 0);
    if (h < OIF_IMPL_STARTING_NUMBER) {
        print_error("loading %s failed: %s\n", impl, oif_last_error());
        fail();
    }
    return h;
}

/* One step of the fixtures' Euler, or the keeper's exact solution. */
static double integrate_once(ImplHandle h)
{
    double y0_data[] = {1.0}, y_data[1];
    intptr_t d0[1], d1[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 1), y = vector(y_data, d1, 1);
    CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
    CHECK(oif_ivp_set_rhs_fn(h, minus_y));
    CHECK(oif_ivp_integrate(h, 0.5, &y));
    return y_data[0];
}

static void expect_get_stats_unsupported(ImplHandle h, const char *impl)
{
    assert_int_equal(oif_impl_supports(h, "get_stats"), 0);
    OIFConfigDict *stats = NULL;
    assert_int_equal(oif_ivp_get_stats(h, &stats), OIF_ERROR);
    assert_null(stats);
    char expected[160];
    snprintf(expected, sizeof expected, "ivp/%s does not support method 'get_stats' (added in ivp 1.1)", impl);
    assert_string_equal(oif_last_error(), expected);
}

static int no_jacobian(double t, OIFArrayF64 *y, OIFArrayF64 *J, void *user_data)
{
    (void)t, (void)y, (void)J, (void)user_data;
    return 0;
}

static int no_monitor(double t, OIFArrayF64 *y, void *user_data)
{
    (void)t, (void)y, (void)user_data;
    return 0;
}

/* Every method ivp 1.1 added fails alike on an implementation of 1.0. */
static void expect_every_1_1_method_unsupported(ImplHandle h, const char *impl)
{
    expect_get_stats_unsupported(h, impl);
    double atol_data[] = {1e-8};
    intptr_t dims[1];
    OIFArrayF64 atol = vector(atol_data, dims, 1);
    const char *methods[] = {"set_vector_tolerances", "set_jac_fn", "set_monitor_fn"};
    int statuses[] = {oif_ivp_set_vector_tolerances(h, 1e-6, &atol), oif_ivp_set_jac_fn(h, no_jacobian),
                      oif_ivp_set_monitor_fn(h, no_monitor)};
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        assert_int_equal(statuses[i], OIF_ERROR);
        assert_int_equal(oif_impl_supports(h, methods[i]), 0);
    }
    char expected[160];
    snprintf(expected, sizeof expected, "ivp/%s does not support method 'set_monitor_fn' (added in ivp 1.1)", impl);
    assert_string_equal(oif_last_error(), expected);
}

static void test_implementation_written_for_1_0_loads_and_works(void **state)
{
    (void)state;
    ImplHandle h = load("ivp_v1_0");
    assert_double_equal(integrate_once(h), 0.5, 0);
    assert_int_equal(oif_impl_supports(h, "integrate"), 1);
    expect_every_1_1_method_unsupported(h, "ivp_v1_0");
    /* The refusal leaves the instance as it was. */
    assert_double_equal(integrate_once(h), 0.5, 0);
    CHECK(oif_ivp_print_stats(h));
    CHECK(oif_unload_impl(h));
}

static void test_declared_1_0_hides_a_symbol_named_like_a_later_method(void **state)
{
    (void)state;
    ImplHandle h = load("ivp_v1_0_own_get_stats");
    expect_get_stats_unsupported(h, "ivp_v1_0_own_get_stats");
    CHECK(oif_unload_impl(h));
}

static void test_implementation_written_for_1_1_has_the_method(void **state)
{
    (void)state;
    ImplHandle h = load("ivp_v1_1");
    assert_int_equal(oif_impl_supports(h, "get_stats"), 1);
    integrate_once(h);
    integrate_once(h);
    OIFConfigDict *stats = NULL;
    CHECK(oif_ivp_get_stats(h, &stats));
    assert_int_equal(oif_config_dict_get_int(stats, "steps"), 1);
    oif_config_dict_free(stats);
    /* A C user who does not want the dict passes NULL: it is freed for them. */
    CHECK(oif_ivp_get_stats(h, NULL));
    CHECK(oif_unload_impl(h));
}

static void test_a_returned_config_dict_needs_its_slot(void **state)
{
    (void)state;
    ImplHandle h = load("ivp_v1_1");
    const OIFMethodSpec *method = oif_interface_find_method(&oif_interface_ivp, "get_stats");
    void *slots[] = {NULL};
    OIFArgs none = {0, NULL, NULL}, returned = {1, (OIFArgType *)method->ret_types, slots};
    assert_int_equal(oif_call_method(h, method, &none, &none, &returned), OIF_ERROR);
    assert_error_mentions("return argument 'stats' has no value (NULL)");
    CHECK(oif_unload_impl(h));
}

static void test_missing_method_of_1_0_still_fails_the_load(void **state)
{
    (void)state;
    assert_int_equal(oif_load_impl("ivp", "ivp_v1_1_without_print_stats", 1, 0), OIF_IMPL_NOT_AVAILABLE_ERROR);
    assert_error_mentions("does not define method 'print_stats' of interface 'ivp'");
}

static void test_python_implementation_written_for_1_0_loads_and_works(void **state)
{
    (void)state;
    ImplHandle h = load("keeper"); /* subclasses the 1.1 base class, without get_stats */
    assert_double_equal(integrate_once(h), exp(-0.5), 1e-12);
    expect_every_1_1_method_unsupported(h, "keeper");
    CHECK(oif_unload_impl(h));
}

static void test_supports_refuses_what_it_cannot_answer(void **state)
{
    (void)state;
    ImplHandle h = load("ivp_v1_0");
    assert_int_equal(oif_impl_supports(h, "no_such_method"), -1);
    assert_error_mentions("interface 'ivp' has no method 'no_such_method'");
    assert_int_equal(oif_impl_supports(h, NULL), -1);
    CHECK(oif_unload_impl(h));
    assert_int_equal(oif_impl_supports(h, "get_stats"), -1);
    assert_error_mentions("no implementation is loaded with handle");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_implementation_written_for_1_0_loads_and_works),
        cmocka_unit_test(test_declared_1_0_hides_a_symbol_named_like_a_later_method),
        cmocka_unit_test(test_implementation_written_for_1_1_has_the_method),
        cmocka_unit_test(test_a_returned_config_dict_needs_its_slot),
        cmocka_unit_test(test_missing_method_of_1_0_still_fails_the_load),
        cmocka_unit_test(test_python_implementation_written_for_1_0_loads_and_works),
        cmocka_unit_test(test_supports_refuses_what_it_cannot_answer),
    };
    return cmocka_run_group_tests(tests, use_fixtures, NULL);
}
