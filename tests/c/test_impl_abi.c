/*
 * What a C implementation declares about the ABI it was built for
 * (<oif/impl_abi.h>) is checked when it is loaded: a declaration this
 * library can serve loads, as does no declaration at all (implementations
 * written for MaRDI Open Interfaces 0.7); any other is refused with a
 * message saying what was declared and what this library supports.
 */
#include <stdlib.h>

#include <oif/impl_abi.h>
#include <oif/interfaces/qeq.h>

#include "test_support.h"

/* FIXTURES_DIR comes from meson.build; the variants are test_qeq_impls.c. */
static int use_fixtures(void **state)
{
    (void)state;
    return setenv("OIF_IMPL_PATH", FIXTURES_DIR, 1);
}

static void expect_loads_and_runs(const char *impl)
{
    ImplHandle h = oif_load_impl("qeq", impl, 1, 0);
    if (h < OIF_IMPL_STARTING_NUMBER) {
        print_error("loading %s failed: %s\n", impl, oif_last_error());
        fail();
    }
    double roots[2];
    intptr_t dims[] = {2};
    OIFArrayF64 roots_array = vector(roots, dims, 2);
    CHECK(oif_solve_qeq(h, 1.0, -3.0, 2.0, &roots_array));
    assert_double_equal(roots[1], 42.0, 0); /* the fixture answered */
    CHECK(oif_unload_impl(h));
}

static void expect_refused(const char *impl)
{
    assert_int_equal(oif_load_impl("qeq", impl, 1, 0), OIF_IMPL_NOT_AVAILABLE_ERROR);
    char names[96];
    snprintf(names, sizeof names, "implementation '%s' of interface 'qeq'", impl);
    assert_error_mentions(names);
}

static void test_declaration_of_this_version_loads(void **state)
{
    (void)state;
    expect_loads_and_runs("declared_abi");
}

static void test_no_declaration_loads(void **state)
{
    (void)state;
    expect_loads_and_runs("fake");
}

static void test_newer_interface_minor_version_is_refused(void **state)
{
    (void)state;
    expect_refused("abi_newer_minor");
    assert_error_mentions("built for interface 'qeq' 1.1", "provides 'qeq' 1.0 (an older minor version)");
}

static void test_other_interface_major_version_is_refused(void **state)
{
    (void)state;
    expect_refused("abi_other_major");
    assert_error_mentions("built for interface 'qeq' 2.0", "provides 'qeq' 1.0 (another major version)");
}

static void test_other_abi_version_is_refused(void **state)
{
    (void)state;
    expect_refused("abi_other_version");
    char versions[128];
    snprintf(versions, sizeof versions,
             "oif_impl_abi_qeq declares implementation ABI version %d, and this library supports version %d only",
             OIF_IMPL_ABI_VERSION + 1, OIF_IMPL_ABI_VERSION);
    assert_error_mentions(versions);
}

static void test_declaration_shorter_than_this_version_is_refused(void **state)
{
    (void)state;
    expect_refused("abi_truncated");
    char sizes[128];
    snprintf(sizes, sizeof sizes, "oif_impl_abi_qeq has %zu bytes, fewer than the %zu",
             offsetof(OIFImplABI, interface_minor), sizeof(OIFImplABI));
    assert_error_mentions(sizes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_declaration_of_this_version_loads, use_fixtures),
        cmocka_unit_test_setup(test_no_declaration_loads, use_fixtures),
        cmocka_unit_test_setup(test_newer_interface_minor_version_is_refused, use_fixtures),
        cmocka_unit_test_setup(test_other_interface_major_version_is_refused, use_fixtures),
        cmocka_unit_test_setup(test_other_abi_version_is_refused, use_fixtures),
        cmocka_unit_test_setup(test_declaration_shorter_than_this_version_is_refused, use_fixtures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
