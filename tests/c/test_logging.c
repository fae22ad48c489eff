/* Quiet by default; OIF_LOG turns diagnostics on.  OIF_LOG is read once per
 * process, so meson runs this program twice: with no OIF_LOG, where loading,
 * calling, failing and unloading, and an implementation's logerr() and
 * logwarn(), must print nothing at all, and with OIF_LOG=debug, where the
 * dispatcher must say what it loaded and the implementation's messages
 * appear. */
#include "test_support.h"

#include <stdlib.h>

#include <oif/interfaces/qeq.h>
#include <oif/util.h>

static void load_call_fail_unload(void)
{
    ImplHandle h = oif_load_impl("qeq", "c_qeq_solver", 1, 0);
    assert_true(h >= OIF_IMPL_STARTING_NUMBER);
    double data[2];
    intptr_t dims[] = {2};
    OIFArrayF64 roots = {1, dims, data, OIF_ARRAY_C_CONTIGUOUS};
    assert_int_equal(oif_solve_qeq(h, 1, -3, 2, &roots), 0);
    assert_int_not_equal(oif_solve_qeq(h, 1, 0, 1, &roots), 0);
    assert_int_equal(oif_unload_impl(h), 0);
    assert_int_not_equal(oif_load_impl("qeq", "no_such_solver", 1, 0), 0);
}

/* What an implementation written for MaRDI Open Interfaces 0.7 reports;
 * 0.7 printed both lines whatever OIF_LOG said. */
static void implementation_reports(void)
{
    logwarn("my_solver", "option '%s' is deprecated", "h0");
    logerr("my_solver", "unknown integrator '%s'", "rk99");
}

/* Runs `use` with stderr going to a file and returns what it wrote. */
static void stderr_of(void (*use)(void), char *text, size_t size)
{
    fflush(stderr);
    FILE *captured = tmpfile();
    int saved = dup(STDERR_FILENO);
    assert_true(captured != NULL && saved >= 0);
    assert_true(dup2(fileno(captured), STDERR_FILENO) >= 0);
    use();
    fflush(stderr);
    assert_true(dup2(saved, STDERR_FILENO) >= 0);
    close(saved);
    rewind(captured);
    size_t n = fread(text, 1, size - 1, captured);
    text[n] = '\0';
    fclose(captured);
}

static void test_output_matches_oif_log(void **state)
{
    (void)state;
    char text[8192];
    stderr_of(load_call_fail_unload, text, sizeof text);
    const char *level = getenv("OIF_LOG");
    if (level == NULL) {
        assert_string_equal(text, "");
    } else {
        assert_non_null(strstr(text, "[oif debug] dispatch: loaded qeq/c_qeq_solver as handle"));
        assert_non_null(strstr(text, "[oif info] dispatch: cannot load implementation 'no_such_solver'"));
    }
}

static void test_implementation_messages_follow_oif_log(void **state)
{
    (void)state;
    char text[1024];
    stderr_of(implementation_reports, text, sizeof text);
    if (getenv("OIF_LOG") == NULL) {
        assert_string_equal(text, "");
    } else {
        assert_string_equal(text, "[oif warn] my_solver: option 'h0' is deprecated\n"
                                  "[oif error] my_solver: unknown integrator 'rk99'\n");
    }
    assert_string_equal(oif_last_error(), "my_solver: unknown integrator 'rk99'");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_output_matches_oif_log),
        cmocka_unit_test(test_implementation_messages_follow_oif_log),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
