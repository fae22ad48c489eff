/*
 * The dispatcher checks a bridge's table before it uses it: a table of
 * another ABI version, or shorter than this version's fields, is refused
 * with a message naming the bridge and both versions or sizes; a longer
 * table (fields appended by a later release) is used.
 *
 * The dispatcher's bridge loader is compiled into this program, which
 * defines where bridges are found: the fake bridges built from
 * fake_bridge.c, one per variant.
 */
#include <oif/bridge.h>

#include "bridge_loader.h"
#include "install_layout.h"
#include "test_support.h"

static const char *fake_bridge; /* the variant the next load finds */

int layout_bridge_path(const char *language, char *buf, size_t bufsize)
{
    (void)language;
    int n = snprintf(buf, bufsize, "%s/liboif_test_bridge_%s.so", FAKE_BRIDGE_DIR, fake_bridge);
    return n < 0 || (size_t)n >= bufsize;
}

static void expect_refused(const char *variant)
{
    fake_bridge = variant;
    int status = 0;
    assert_null(bridge_for_language("c", &status));
    assert_int_equal(status, OIF_BRIDGE_NOT_AVAILABLE_ERROR);
    char library[64];
    snprintf(library, sizeof library, "/liboif_test_bridge_%s.so: ", variant);
    assert_error_mentions("cannot load the c language bridge ", library);
}

static void test_other_abi_version_is_refused(void **state)
{
    (void)state;
    expect_refused("newer_abi");
    char built_for[64], supported[64];
    snprintf(built_for, sizeof built_for, "built for bridge ABI version %d,", OIF_BRIDGE_ABI_VERSION + 1);
    snprintf(supported, sizeof supported, "supports version %d only", OIF_BRIDGE_ABI_VERSION);
    assert_error_mentions(built_for, supported);
}

static void test_table_shorter_than_this_version_is_refused(void **state)
{
    (void)state;
    expect_refused("truncated");
    char sizes[96];
    snprintf(sizes, sizeof sizes, "its table has %zu bytes, fewer than the %zu that bridge ABI version %d",
             offsetof(OIFBridge, call), offsetof(OIFBridge, call) + sizeof(void (*)(void)),
             OIF_BRIDGE_ABI_VERSION);
    assert_error_mentions(sizes);
}

/* Last: a bridge that loads stays loaded. */
static void test_table_with_appended_fields_is_used(void **state)
{
    (void)state;
    fake_bridge = "appended";
    int status = 0;
    const OIFBridge *bridge = bridge_for_language("c", &status);
    assert_non_null(bridge);
    assert_int_equal(bridge->language, OIF_LANG_C);
    assert_true(bridge->size > sizeof(OIFBridge));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_other_abi_version_is_refused),
        cmocka_unit_test(test_table_shorter_than_this_version_is_refused),
        cmocka_unit_test(test_table_with_appended_fields_is_used),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
