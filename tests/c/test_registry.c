/* Finding and loading implementations by name, and every way it can fail:
 * each failure returns the documented code and says why. */
#include "test_support.h"

#include <stdlib.h>

#include <oif/dispatch.h>
#include <oif/interfaces/qeq.h>
#include <oif/util.h>

/* FIXTURES_DIR and SHADOW_FIXTURES_DIR come from meson.build. */

static int use_fixtures(void **state)
{
    (void)state;
    return setenv("OIF_IMPL_PATH", FIXTURES_DIR, 1);
}

static int no_impl_path(void **state)
{
    (void)state;
    return unsetenv("OIF_IMPL_PATH");
}

static void expect_load_failure(const char *interface, const char *impl, int code)
{
    ImplHandle h = oif_load_impl(interface, impl, 1, 0);
    if (h != code) {
        print_error("loading %s/%s gave %d, expected %d; message: %s\n", interface, impl, h, code,
                    oif_last_error());
        fail();
    }
}

static void test_shipped_implementation_loads_without_environment(void **state)
{
    (void)state;
    ImplHandle h = oif_load_impl("qeq", "c_qeq_solver", 1, 0);
    assert_true(h >= OIF_IMPL_STARTING_NUMBER);
    assert_int_equal(oif_unload_impl(h), 0);
}

static void test_unknown_implementation_lists_paths_and_available(void **state)
{
    (void)state;
    expect_load_failure("qeq", "no_such_solver", OIF_IMPL_NOT_AVAILABLE_ERROR);
    assert_error_mentions("no_such_solver", "qeq/no_such_solver/no_such_solver.conf", FIXTURES_DIR,
                          "OIF_IMPL_PATH", "Available:", "c_qeq_solver", "fake");
}

static void test_folder_without_conf_is_not_available(void **state)
{
    (void)state;
    expect_load_failure("qeq", "no_conf", OIF_IMPL_NOT_AVAILABLE_ERROR);
    assert_error_mentions("no_conf.conf");
}

static void test_unknown_interface(void **state)
{
    (void)state;
    expect_load_failure("nonlinear", "c_qeq_solver", OIF_IMPL_NOT_AVAILABLE_ERROR);
    assert_error_mentions("unknown interface 'nonlinear'", "ivp, linsolve, optim, qeq");
}

static void test_malformed_conf_files(void **state)
{
    (void)state;
    const char *malformed[] = {"empty", "one_line", "blank_second_line"};
    for (size_t i = 0; i < 3; i++) {
        expect_load_failure("qeq", malformed[i], OIF_IMPL_INIT_ERROR);
        assert_error_mentions(malformed[i], "malformed", "two lines");
    }
    expect_load_failure("qeq", "binary_junk", OIF_IMPL_INIT_ERROR);
    assert_error_mentions("binary_junk.conf", "NUL bytes");
}

static void test_unknown_language(void **state)
{
    (void)state;
    expect_load_failure("qeq", "unknown_language", OIF_IMPL_INIT_ERROR);
    assert_error_mentions("unknown language 'fortran'");
}

static void test_language_without_bridge(void **state)
{
    (void)state;
    expect_load_failure("qeq", "no_bridge", OIF_BRIDGE_NOT_AVAILABLE_ERROR);
    assert_error_mentions("no bridge for language 'julia'");
}

static void test_missing_or_broken_library(void **state)
{
    (void)state;
    expect_load_failure("qeq", "missing_library", OIF_IMPL_NOT_AVAILABLE_ERROR);
    assert_error_mentions("missing_library", "liboif_does_not_exist.so");
    expect_load_failure("qeq", "not_a_library", OIF_IMPL_NOT_AVAILABLE_ERROR);
    assert_error_mentions("not_a_library", "libnot_a_library.so");
}

static void test_missing_method_is_a_load_error_naming_it(void **state)
{
    (void)state;
    expect_load_failure("qeq", "missing_method", OIF_IMPL_NOT_AVAILABLE_ERROR);
    assert_error_mentions("missing_method", "does not define method 'solve_qeq'");
}

static void test_failing_malloc_self(void **state)
{
    (void)state;
    expect_load_failure("qeq", "null_self", OIF_IMPL_NOT_AVAILABLE_ERROR);
    assert_error_mentions("null_self", "malloc_self() returned NULL");
}

static void test_names_must_be_identifiers(void **state)
{
    (void)state;
    const char *bad[] = {"../qeq", "qeq/c_qeq_solver", "..", "c qeq", "", "x-y"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        expect_load_failure("qeq", bad[i], OIF_ERROR);
        assert_error_mentions("implementation name");
        expect_load_failure(bad[i], "c_qeq_solver", OIF_ERROR);
        assert_error_mentions("interface name");
    }
    char long_name[301];
    memset(long_name, 'a', 300);
    long_name[300] = '\0';
    expect_load_failure("qeq", long_name, OIF_ERROR);
    assert_error_mentions("1 to 128 characters");
    expect_load_failure("qeq", NULL, OIF_ERROR);
    assert_error_mentions("NULL");
}

static void test_version_mismatch(void **state)
{
    (void)state;
    assert_int_equal(oif_load_impl("qeq", "c_qeq_solver", 2, 0), OIF_ERROR);
    assert_error_mentions("version 2.0", "provides 1.0");
    assert_int_equal(oif_load_impl("qeq", "c_qeq_solver", -1, 0), OIF_ERROR);
    assert_error_mentions("negative");
}

static void test_conf_without_final_newline_loads(void **state)
{
    (void)state;
    ImplHandle h = oif_load_impl("qeq", "fake", 1, 0);
    assert_true(h >= OIF_IMPL_STARTING_NUMBER);
    assert_int_equal(oif_unload_impl(h), 0);
}

static void test_impl_path_comes_before_shipped(void **state)
{
    (void)state;
    assert_int_equal(setenv("OIF_IMPL_PATH", SHADOW_FIXTURES_DIR ":" FIXTURES_DIR, 1), 0);
    ImplHandle h = oif_load_impl("qeq", "c_qeq_solver", 1, 0);
    assert_true(h >= OIF_IMPL_STARTING_NUMBER);
    double roots[2];
    intptr_t dims[] = {2};
    OIFArrayF64 r = {1, dims, roots, 3};
    assert_int_equal(oif_solve_qeq(h, 1, -3, 2, &r), 0);
    assert_double_equal(roots[1], 42.0, 0); /* the fake answered */
    assert_int_equal(oif_unload_impl(h), 0);
}

static void test_list_implementations(void **state)
{
    (void)state;
    char **names = oif_list_impls("qeq");
    assert_non_null(names);
    /* Sorted, each once, only folders holding a .conf of their own name. */
    assert_true(oif_util_str_contains((const char **)names, "c_qeq_solver"));
    assert_true(oif_util_str_contains((const char **)names, "fake"));
    assert_false(oif_util_str_contains((const char **)names, "no_conf"));
    for (size_t i = 1; names[i] != NULL; i++) {
        assert_true(strcmp(names[i - 1], names[i]) < 0);
    }
    oif_util_free(names);

    assert_null(oif_list_impls("nonlinear"));
    assert_error_mentions("unknown interface 'nonlinear'");
}

static void test_language_of_an_implementation(void **state)
{
    (void)state;
    char *language = oif_impl_language("qeq", "c_qeq_solver");
    assert_string_equal(language, "c");
    oif_util_free(language);
    language = oif_impl_language("qeq", "no_bridge");
    assert_string_equal(language, "julia");
    oif_util_free(language);
    assert_null(oif_impl_language("qeq", "no_such_solver"));
    assert_error_mentions("no_such_solver.conf");
    assert_null(oif_impl_language("qeq", "empty"));
    assert_error_mentions("malformed");
}

static void test_list_shipped_linsolve_without_environment(void **state)
{
    (void)state;
    char **names = oif_list_impls("linsolve");
    assert_non_null(names);
    assert_string_equal(names[0], "c_lapack");
    oif_util_free(names);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_shipped_implementation_loads_without_environment, no_impl_path),
        cmocka_unit_test_setup(test_list_shipped_linsolve_without_environment, no_impl_path),
        cmocka_unit_test_setup(test_unknown_implementation_lists_paths_and_available, use_fixtures),
        cmocka_unit_test_setup(test_folder_without_conf_is_not_available, use_fixtures),
        cmocka_unit_test_setup(test_unknown_interface, use_fixtures),
        cmocka_unit_test_setup(test_malformed_conf_files, use_fixtures),
        cmocka_unit_test_setup(test_unknown_language, use_fixtures),
        cmocka_unit_test_setup(test_language_without_bridge, use_fixtures),
        cmocka_unit_test_setup(test_missing_or_broken_library, use_fixtures),
        cmocka_unit_test_setup(test_missing_method_is_a_load_error_naming_it, use_fixtures),
        cmocka_unit_test_setup(test_failing_malloc_self, use_fixtures),
        cmocka_unit_test_setup(test_names_must_be_identifiers, use_fixtures),
        cmocka_unit_test_setup(test_version_mismatch, use_fixtures),
        cmocka_unit_test_setup(test_conf_without_final_newline_loads, use_fixtures),
        cmocka_unit_test_setup(test_impl_path_comes_before_shipped, use_fixtures),
        cmocka_unit_test_setup(test_list_implementations, use_fixtures),
        cmocka_unit_test_setup(test_language_of_an_implementation, use_fixtures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
