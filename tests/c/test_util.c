/* The string helpers of <oif/util.h> that messages are built with. */
#include <string.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_append_separates_items),
        cmocka_unit_test(test_list_append_cuts_what_does_not_fit),
        cmocka_unit_test(test_list_append_ignores_no_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
