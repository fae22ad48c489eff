/*
 * Names that MaRDI Open Interfaces 0.7's public headers declare and code
 * written for it uses: <oif/_platform.h>, <oif/internal/dispatch.h>,
 * OIFConfigEntry and the tag `struct oif_config_dict_t` of <oif/config_dict.h>,
 * and rhs_fn_t of <oif_impl/ivp.h>.  (0.7's helpers of <oif/util.h> are
 * tested in tests/c/test_util.c.)  Each test fails to compile without the
 * name it is about.
 */
#include <oif/_platform.h>

#include <stddef.h>

#include <oif/api.h>
#include <oif/config_dict.h>
#include <oif/internal/dispatch.h>
#include <oif_impl/ivp.h>

#include "../c/test_support.h"

/* static_assert without <assert.h>, as 0.7's sources write it. */
static_assert(OIF_TYPE_CONFIG_DICT == 15, "type codes are 0.7's");
/* And 0.7's short names of them. */
static_assert(OIF_ARRAY_F64 == OIF_TYPE_ARRAY_F64 && OIF_STR == OIF_TYPE_STRING && OIF_CALLBACK == OIF_TYPE_CALLBACK &&
                  OIF_CONFIG_DICT == OIF_TYPE_CONFIG_DICT,
              "short type names are 0.7's");

#ifndef OIF_EXPECT_ASAN
#error "meson passes OIF_EXPECT_ASAN: 1 in a build with AddressSanitizer, else 0"
#endif

/* 0.7's code tests the macro with defined(), so it must be undefined, not 0,
 * without AddressSanitizer. */
static void test_platform_knows_address_sanitizer(void **state)
{
    (void)state;
#if defined(OIF_SANITIZE_ADDRESS_ENABLED)
    assert_int_equal(OIF_SANITIZE_ADDRESS_ENABLED, 1);
    assert_int_equal(OIF_EXPECT_ASAN, 1);
#else
    assert_int_equal(OIF_EXPECT_ASAN, 0);
#endif
}

/* What the attribute is for: reading memory AddressSanitizer would object
 * to on purpose; here simply a function that carries it. */
OIF_ATTRIBUTE_NO_SANITIZE_ADDRESS
static double first_of(const double *values) { return values[0]; }

static void test_platform_attribute_applies_to_a_function(void **state)
{
    (void)state;
    const double values[] = {2.5, 1.0};
    assert_true(first_of(values) == 2.5);
}

static void test_config_dict_has_the_0_7_tag_and_entry_type(void **state)
{
    (void)state;
    struct oif_config_dict_t *dict = oif_config_dict_init();
    OIFConfigDict *same = dict;
    assert_non_null(same);
    assert_int_equal(oif_config_dict_add_int(dict, "max_num_steps", 500), 0);
    assert_int_equal(oif_config_dict_get_int(same, "max_num_steps"), 500);
    oif_config_dict_free(dict);

    int value = 7;
    struct oif_config_entry_t entry = {.type = OIF_TYPE_INT, .value = &value};
    OIFConfigEntry *as_typedef = &entry;
    assert_int_equal(offsetof(OIFConfigEntry, type), 0);
    assert_true(offsetof(OIFConfigEntry, value) > offsetof(OIFConfigEntry, type));
    assert_int_equal(as_typedef->type, OIF_TYPE_INT);
    assert_int_equal(*(int *)as_typedef->value, 7);
}

/* 0.7's <oif/internal/dispatch.h>: loading, calling by method name with
 * OIFArgs, unloading. */
static void test_internal_dispatch_loads_calls_and_unloads(void **state)
{
    (void)state;
    ImplHandle h = load_interface_impl("qeq", "c_qeq_solver", 1, 0);
    assert_true(h >= OIF_IMPL_STARTING_NUMBER);

    double a = 1.0, b = 5.0, c = 4.0;
    OIFArgType in_types[] = {OIF_TYPE_F64, OIF_TYPE_F64, OIF_TYPE_F64};
    void *in_values[] = {&a, &b, &c};
    OIFArgs in_args = {3, in_types, in_values};
    double roots_data[2];
    intptr_t dims[] = {2};
    OIFArrayF64 roots = {1, dims, roots_data, OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS};
    OIFArrayF64 *roots_p = &roots;
    OIFArgType out_types[] = {OIF_TYPE_ARRAY_F64};
    void *out_values[] = {&roots_p};
    OIFArgs out_args = {1, out_types, out_values};
    CHECK(call_interface_impl(h, "solve_qeq", &in_args, &out_args, NULL));
    double low = fmin(roots_data[0], roots_data[1]), high = fmax(roots_data[0], roots_data[1]);
    assert_true(low == -4.0 && high == -1.0);

    assert_int_equal(unload_interface_impl(h), 0);
    assert_int_not_equal(unload_interface_impl(h), 0);
}

static int decay(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    (void)t;
    (void)user_data;
    ydot->data[0] = -y->data[0];
    return 0;
}

/* 0.7 named the right-hand side's type rhs_fn_t; here it is the same type as
 * oif_ivp_rhs_fn_t, so that either spelling fits the other's prototypes. */
static void test_impl_header_has_rhs_fn_t(void **state)
{
    (void)state;
    rhs_fn_t upstream = decay;
    oif_ivp_rhs_fn_t ours = upstream;
    assert_int_equal(_Generic(upstream, oif_ivp_rhs_fn_t: 1, default: 0), 1);
    assert_ptr_equal(ours, decay);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_platform_knows_address_sanitizer),
        cmocka_unit_test(test_platform_attribute_applies_to_a_function),
        cmocka_unit_test(test_config_dict_has_the_0_7_tag_and_entry_type),
        cmocka_unit_test(test_internal_dispatch_loads_calls_and_unloads),
        cmocka_unit_test(test_impl_header_has_rhs_fn_t),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
