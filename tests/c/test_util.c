/* The string helpers of <oif/util.h> that messages are built with. */
#include <string.h>

#include <oif/api.h>
#include <oif/config_dict.h>
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_append_separates_items),
        cmocka_unit_test(test_list_append_cuts_what_does_not_fit),
        cmocka_unit_test(test_list_append_ignores_no_buffer),
        cmocka_unit_test(test_free_returned_frees_each_type_its_way),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
