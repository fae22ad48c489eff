/* call_interface_impl() checks every argument against the interface before
 * the implementation sees it: a wrong call is an error naming the argument,
 * never a crash inside a solver. */
#include "test_support.h"

#include <stdlib.h>

#include <oif/dispatch.h>

static ImplHandle h;
static double roots_data[2];
static intptr_t roots_dims[] = {2};
static OIFArrayF64 roots;
static OIFArrayF64 *roots_p;
static double a = 1.0, b = -3.0, c = 2.0;

static int load(void **state)
{
    (void)state;
    h = oif_load_impl("qeq", "c_qeq_solver", 1, 0);
    roots = (OIFArrayF64){1, roots_dims, roots_data, OIF_ARRAY_C_CONTIGUOUS};
    roots_p = &roots;
    return h >= OIF_IMPL_STARTING_NUMBER ? 0 : -1;
}

static int unload(void **state)
{
    (void)state;
    return oif_unload_impl(h);
}

static int call(OIFArgType *in_types, void **in_values, size_t n_in, OIFArgType *out_types,
                void **out_values, size_t n_out)
{
    OIFArgs in = {n_in, in_types, in_values}, out = {n_out, out_types, out_values};
    return call_interface_impl(h, "solve_qeq", &in, &out, NULL);
}

static void test_correct_call_by_name(void **state)
{
    (void)state;
    OIFArgType in_t[] = {OIF_TYPE_F64, OIF_TYPE_F64, OIF_TYPE_F64}, out_t[] = {OIF_TYPE_ARRAY_F64};
    void *in_v[] = {&a, &b, &c}, *out_v[] = {&roots_p};
    assert_int_equal(call(in_t, in_v, 3, out_t, out_v, 1), 0);
    assert_double_equal(roots_data[0] + roots_data[1], 3.0, 1e-15);
}

static void test_unknown_method(void **state)
{
    (void)state;
    assert_int_not_equal(call_interface_impl(h, "solve", NULL, NULL, NULL), 0);
    assert_error_mentions("qeq/c_qeq_solver", "no method 'solve'", "solve_qeq");
    assert_int_not_equal(call_interface_impl(h, NULL, NULL, NULL, NULL), 0);
    assert_error_mentions("no method '(NULL)'");
}

static void test_wrong_argument_counts(void **state)
{
    (void)state;
    OIFArgType in_t[] = {OIF_TYPE_F64, OIF_TYPE_F64, OIF_TYPE_F64}, out_t[] = {OIF_TYPE_ARRAY_F64};
    void *in_v[] = {&a, &b, &c}, *out_v[] = {&roots_p};
    assert_int_not_equal(call(in_t, in_v, 2, out_t, out_v, 1), 0);
    assert_error_mentions("qeq/c_qeq_solver, method 'solve_qeq'", "expected 3 input arguments, got 2");
    assert_int_not_equal(call(in_t, in_v, 3, out_t, out_v, 0), 0);
    assert_error_mentions("expected 1 output argument, got 0");
    assert_int_not_equal(call_interface_impl(h, "solve_qeq", NULL, NULL, NULL), 0);
    assert_error_mentions("expected 3 input arguments, got 0");
}

static void test_wrong_argument_types(void **state)
{
    (void)state;
    int int_b = -3;
    OIFArgType in_t[] = {OIF_TYPE_F64, OIF_TYPE_INT, OIF_TYPE_F64}, out_t[] = {OIF_TYPE_ARRAY_F64};
    void *in_v[] = {&a, &int_b, &c}, *out_v[] = {&roots_p};
    assert_int_not_equal(call(in_t, in_v, 3, out_t, out_v, 1), 0);
    assert_error_mentions("input argument 'b' has type INT; expected F64");

    OIFArgType in_ok[] = {OIF_TYPE_F64, OIF_TYPE_F64, OIF_TYPE_F64}, out_bad[] = {OIF_TYPE_F64};
    void *in_ok_v[] = {&a, &b, &c};
    assert_int_not_equal(call(in_ok, in_ok_v, 3, out_bad, out_v, 1), 0);
    assert_error_mentions("output argument 'roots' has type F64; expected ARRAY_F64");
}

static void test_null_values(void **state)
{
    (void)state;
    OIFArgType in_t[] = {OIF_TYPE_F64, OIF_TYPE_F64, OIF_TYPE_F64}, out_t[] = {OIF_TYPE_ARRAY_F64};
    void *in_v[] = {&a, NULL, &c}, *out_v[] = {&roots_p};
    assert_int_not_equal(call(in_t, in_v, 3, out_t, out_v, 1), 0);
    assert_error_mentions("input argument 'b' has no value");
    assert_int_not_equal(call(NULL, NULL, 3, out_t, out_v, 1), 0);
    assert_error_mentions("input arguments have NULL types or values");
}

static void test_bad_arrays(void **state)
{
    (void)state;
    OIFArgType in_t[] = {OIF_TYPE_F64, OIF_TYPE_F64, OIF_TYPE_F64}, out_t[] = {OIF_TYPE_ARRAY_F64};
    void *in_v[] = {&a, &b, &c};
    intptr_t negative[] = {-2};
    OIFArrayF64 cases[] = {
        {1, NULL, roots_data, 3},     /* no dimensions */
        {1, roots_dims, NULL, 3},     /* no data */
        {0, roots_dims, roots_data, 3}, /* no axes */
        {1000, roots_dims, roots_data, 3},
        {1, negative, roots_data, 3},
    };
    const char *expected[] = {"NULL dimensions", "NULL data", "has 0 dimensions",
                              "has 1000 dimensions", "negative dimension -2"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        OIFArrayF64 *p = &cases[i];
        void *out_v[] = {&p};
        assert_int_not_equal(call(in_t, in_v, 3, out_t, out_v, 1), 0);
        assert_error_mentions("output argument 'roots'", expected[i]);
    }
    OIFArrayF64 *null_array = NULL;
    void *out_v[] = {&null_array};
    assert_int_not_equal(call(in_t, in_v, 3, out_t, out_v, 1), 0);
    assert_error_mentions("output argument 'roots' is a NULL array");
}

static void test_failure_message_names_implementation_and_method(void **state)
{
    (void)state;
    double one = 1.0, zero = 0.0;
    OIFArgType in_t[] = {OIF_TYPE_F64, OIF_TYPE_F64, OIF_TYPE_F64}, out_t[] = {OIF_TYPE_ARRAY_F64};
    void *in_v[] = {&one, &zero, &one}, *out_v[] = {&roots_p};
    assert_int_not_equal(call(in_t, in_v, 3, out_t, out_v, 1), 0);
    assert_error_mentions("qeq/c_qeq_solver, method 'solve_qeq': the roots are complex");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_correct_call_by_name),
        cmocka_unit_test(test_unknown_method),
        cmocka_unit_test(test_wrong_argument_counts),
        cmocka_unit_test(test_wrong_argument_types),
        cmocka_unit_test(test_null_values),
        cmocka_unit_test(test_bad_arrays),
        cmocka_unit_test(test_failure_message_names_implementation_and_method),
    };
    return cmocka_run_group_tests(tests, load, unload);
}
