/* The helpers of <oif/util.h>: the string helpers that messages are built
 * with, and those MaRDI Open Interfaces 0.7 gave implementations. */
#include <stdint.h>
#include <string.h>

#include <oif/api.h>
#include <oif/config_dict.h>
#include <oif/error.h>
#include <oif/util.h>

#include "test_support.h"

static void test_list_append_separates_items(void **state)
{
    (void)state;
    char list[64] = "";
    oif_util_list_append(list, sizeof list, "%s", "bdf");
    assert_string_equal(list, "bdf");
    oif_util_list_append(list, sizeof list, "%s (%s)", "max_num_steps", "int");
    assert_string_equal(list, "bdf, max_num_steps (int)");
}

static void test_list_append_cuts_what_does_not_fit(void **state)
{
    (void)state;
    char list[12] = "";
    oif_util_list_append(list, sizeof list, "%s", "dopri5c");
    oif_util_list_append(list, sizeof list, "%s", "sundials_cvode");
    assert_string_equal(list, "dopri5c, su");
    /* A full list stays full and terminated. */
    oif_util_list_append(list, sizeof list, "%s", "scipy_ode");
    assert_string_equal(list, "dopri5c, su");
    char tiny[1] = "";
    oif_util_list_append(tiny, sizeof tiny, "%s", "x");
    assert_string_equal(tiny, "");
}

static void test_list_append_ignores_no_buffer(void **state)
{
    (void)state;
    assert_null(oif_util_list_append(NULL, 8, "%s", "x"));
    char list[4] = "ab";
    assert_ptr_equal(oif_util_list_append(list, 0, "%s", "x"), list);
    assert_string_equal(list, "ab");
}

/* Under valgrind and ASan (scripts/run-valgrind, run-sanitizers) a value
 * freed the wrong way leaks its entries: a dict freed as plain memory. */
static void test_free_returned_frees_each_type_its_way(void **state)
{
    (void)state;
    OIFConfigDict *dict = oif_config_dict_init();
    assert_int_equal(oif_config_dict_add_str(dict, "key", "a value held apart"), 0);
    oif_free_returned(OIF_TYPE_CONFIG_DICT, dict);
    oif_free_returned(OIF_TYPE_STRING, oif_util_str_duplicate("message"));
    oif_free_returned(OIF_TYPE_INT, oif_util_malloc(sizeof(int)));
    oif_free_returned(OIF_TYPE_CONFIG_DICT, NULL);
    oif_free_returned(OIF_TYPE_STRING, NULL);
}

/* ---- MaRDI Open Interfaces 0.7's helpers -------------------------------- */

static int sign(int x) { return (x > 0) - (x < 0); }

static void test_strcmp_nocase_ignores_case_only(void **state)
{
    (void)state;
    assert_int_equal(oif_strcmp_nocase("RK45", "rk45"), 0);
    assert_int_equal(oif_strcmp_nocase("Dopri5", "dOPRI5"), 0);
    assert_int_equal(oif_strcmp_nocase("", ""), 0);
    assert_int_equal(sign(oif_strcmp_nocase("apple", "Banana")), -1);
    assert_int_equal(sign(oif_strcmp_nocase("Banana", "apple")), 1);
    /* '_' lies between the upper- and lower-case letters: letters compare
     * as lower case (as strcasecmp() does), so both come after it. */
    assert_int_equal(sign(oif_strcmp_nocase("A", "_")), 1);
    assert_int_equal(sign(oif_strcmp_nocase("a", "_")), 1);
    /* Only ASCII letters fold: bytes of other characters compare as they are. */
    assert_int_not_equal(oif_strcmp_nocase("\xc3\xa9", "\xc3\x89"), 0);
}

/* 0.7 compared only the common prefix, so that "bdf" matched "bdf_extra". */
static void test_strcmp_nocase_tells_a_prefix_from_the_whole(void **state)
{
    (void)state;
    assert_int_equal(sign(oif_strcmp_nocase("abc", "ab")), 1);
    assert_int_equal(sign(oif_strcmp_nocase("AB", "abc")), -1);
    assert_int_equal(sign(oif_strcmp_nocase("", "a")), -1);
    assert_int_not_equal(oif_strcmp_nocase("bdf", "BDF_extra"), 0);
}

static void test_strcmp_nocase_orders_null_first_and_says_so(void **state)
{
    (void)state;
    oif_set_error("%s", "");
    assert_int_equal(sign(oif_strcmp_nocase(NULL, "a")), -1);
    assert_error_mentions("oif_strcmp_nocase", "first string is NULL");
    assert_int_equal(sign(oif_strcmp_nocase("a", NULL)), 1);
    assert_error_mentions("oif_strcmp_nocase", "second string is NULL");
    assert_int_equal(oif_strcmp_nocase(NULL, NULL), 0);
}

/* What an implementation reports with logerr() is the error its caller
 * reads, and, with OIF_LOG unset (as here), nothing is printed: test_logging
 * checks the printing. */
static void test_logerr_records_the_message_as_the_error(void **state)
{
    (void)state;
    unsigned long before = oif_error_count();
    assert_int_equal(logerr("my_solver", "unknown integrator '%s' (%d known)", "rk99", 2), 0);
    assert_string_equal(oif_last_error(), "my_solver: unknown integrator 'rk99' (2 known)");
    assert_true(oif_error_count() > before);

    assert_int_equal(logerr(NULL, "no prefix"), 0);
    assert_string_equal(oif_last_error(), "no prefix");
    assert_int_equal(logerr("", "%s", "empty prefix"), 0);
    assert_string_equal(oif_last_error(), "empty prefix");
    const char *no_format = NULL;
    assert_int_equal(logerr("my_solver", no_format), 0);
    assert_string_equal(oif_last_error(), "my_solver: (no message given)");
}

static void test_logwarn_records_nothing(void **state)
{
    (void)state;
    oif_set_error("%s", "the previous error");
    unsigned long before = oif_error_count();
    assert_int_equal(logwarn("my_solver", "option '%s' is deprecated", "h0"), 0);
    assert_string_equal(oif_last_error(), "the previous error");
    assert_int_equal(oif_error_count(), before);
}

/* 0.7 ended the process on a value that does not fit. */
static void test_u32_from_size_t_saturates_with_a_message(void **state)
{
    (void)state;
    assert_int_equal(oif_util_u32_from_size_t(0), 0);
    assert_int_equal(oif_util_u32_from_size_t(UINT32_MAX), UINT32_MAX);
    unsigned long before = oif_error_count();
    assert_int_equal(oif_util_u32_from_size_t(42), 42);
    assert_int_equal(oif_error_count(), before);

    if (SIZE_MAX > UINT32_MAX) {
        assert_int_equal(oif_util_u32_from_size_t((size_t)UINT32_MAX + 1), UINT32_MAX);
        assert_true(oif_error_count() > before);
        assert_error_mentions("oif_util_u32_from_size_t", "4294967296", "32 bits");
        assert_int_equal(oif_util_u32_from_size_t(SIZE_MAX), UINT32_MAX);
    }
}

/* 0.7's headers made oif_util_malloc() and its kin macros that expand to
 * these names, so implementations built with those headers call them. */
static void test_allocation_helpers_under_0_7_names(void **state)
{
    (void)state;
    double *values = oif_util_malloc_verbose(4 * sizeof *values, __FILE__, __func__, __LINE__);
    assert_non_null(values);
    values[3] = 2.5;
    oif_util_free_verbose(values, __FILE__, __func__, __LINE__);

    char *copy = oif_util_str_duplicate_verbose("rk4", __FILE__, __func__, __LINE__);
    assert_string_equal(copy, "rk4");
    oif_util_free_verbose(copy, __FILE__, __func__, __LINE__);
    assert_null(oif_util_str_duplicate_verbose(NULL, __FILE__, __func__, __LINE__));

    int *n = oif_util_malloc_(sizeof *n);
    assert_non_null(n);
    oif_util_free_(n);
    copy = oif_util_str_duplicate_("euler");
    assert_string_equal(copy, "euler");
    oif_util_free_(copy);
    oif_util_free_(NULL);
    oif_util_free_verbose(NULL, NULL, NULL, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_append_separates_items),
        cmocka_unit_test(test_list_append_cuts_what_does_not_fit),
        cmocka_unit_test(test_list_append_ignores_no_buffer),
        cmocka_unit_test(test_free_returned_frees_each_type_its_way),
        cmocka_unit_test(test_strcmp_nocase_ignores_case_only),
        cmocka_unit_test(test_strcmp_nocase_tells_a_prefix_from_the_whole),
        cmocka_unit_test(test_strcmp_nocase_orders_null_first_and_says_so),
        cmocka_unit_test(test_logerr_records_the_message_as_the_error),
        cmocka_unit_test(test_logwarn_records_nothing),
        cmocka_unit_test(test_u32_from_size_t_saturates_with_a_message),
        cmocka_unit_test(test_allocation_helpers_under_0_7_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
