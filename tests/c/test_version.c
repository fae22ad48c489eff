/* The version a program is compiled against and the one it runs with. */
#include <oif/version.h>

#include "test_support.h"

static void test_macros_spell_the_version_string(void **state)
{
    (void)state;
    char spelled[64];
    snprintf(spelled, sizeof spelled, "%s+oifc.%d.%d.%d", OIF_UPSTREAM_API_VERSION, OIF_VERSION_MAJOR,
             OIF_VERSION_MINOR, OIF_VERSION_PATCH);
    assert_string_equal(spelled, OIF_VERSION_STRING);
}

/* Built from the same tree, the library is the version of the headers. */
static void test_library_reports_the_headers_version(void **state)
{
    (void)state;
    assert_string_equal(oif_version(), OIF_VERSION_STRING);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_macros_spell_the_version_string),
        cmocka_unit_test(test_library_reports_the_headers_version),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
