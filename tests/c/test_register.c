/* Registering implementations in the process: a single .conf
 * (oif_register_impl_conf), a folder searched before the others
 * (oif_register_impl_dir), an entry held in memory (oif_register_impl_entry);
 * each refusal with its reason, listing, and registration racing with loads.
 * Registrations last for the process: each test uses names of its own, and
 * the one that shadows a shipped implementation runs last. */
#include "test_support.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <oif/dispatch.h>
#include <oif/interfaces/qeq.h>
#include <oif/util.h>

/* FIXTURES_DIR, SHADOW_FIXTURES_DIR and PYTHON_FIXTURES_DIR come from
 * meson.build; the fixtures' libraries are found through LD_LIBRARY_PATH. */

static char scratch[] = "/tmp/oif_test_register_XXXXXX";

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* <scratch>/<relative>, made with its parent folders; to free. */
static char *scratch_path(const char *relative)
{
    char *path = oif_util_make_string("%s/%s", scratch, relative);
    for (char *slash = strchr(path + strlen(scratch) + 1, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        assert_true(mkdir(path, 0700) == 0 || errno == EEXIST);
        *slash = '/';
    }
    return path;
}

static int setup_suite(void **state)
{
    (void)state;
    return mkdtemp(scratch) == NULL || unsetenv("OIF_IMPL_PATH") != 0;
}

static int teardown_suite(void **state)
{
    (void)state;
    char *command = oif_util_make_string("rm -rf '%s'", scratch);
    int status = system(command);
    oif_util_free(command);
    return status;
}

static bool listed(const char *interface, const char *impl)
{
    char **names = oif_list_impls(interface);
    assert_non_null(names);
    bool found = oif_util_str_contains((const char **)names, impl);
    oif_util_free(names);
    return found;
}

/* Solves x^2 - 3x + 2 with `impl`: the fake answers 42 for the second root. */
static double second_root(const char *impl)
{
    ImplHandle h = oif_load_impl("qeq", impl, 1, 0);
    if (h < OIF_IMPL_STARTING_NUMBER) {
        print_error("loading %s failed: %s\n", impl, oif_last_error());
        fail();
    }
    double roots[2];
    intptr_t dims[] = {2};
    OIFArrayF64 r = {1, dims, roots, OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS};
    CHECK(oif_solve_qeq(h, 1, -3, 2, &r));
    CHECK(oif_unload_impl(h));
    return roots[1];
}

static void test_conf_registers_its_stem_and_is_listed(void **state)
{
    (void)state;
    assert_false(listed("qeq", "fake")); /* only on OIF_IMPL_PATH=FIXTURES_DIR, which is unset */
    assert_int_equal(oif_load_impl("qeq", "fake", 1, 0), OIF_IMPL_NOT_AVAILABLE_ERROR);
    CHECK(oif_register_impl_conf("qeq", FIXTURES_DIR "/qeq/fake/fake.conf"));
    assert_true(listed("qeq", "fake"));
    assert_double_equal(second_root("fake"), 42.0, 0);
    char *language = oif_impl_language("qeq", "fake");
    assert_string_equal(language, "c");
    oif_util_free(language);
    /* Not for another interface. */
    assert_false(listed("ivp", "fake"));
}

static void test_conf_path_may_be_relative(void **state)
{
    (void)state;
    char *conf = scratch_path("relative/relative_fake.conf");
    write_file(conf, "c\nliboif_test_qeq_fake\n");
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(scratch), 0);
    int status = oif_register_impl_conf("qeq", "relative/relative_fake.conf");
    assert_int_equal(chdir(cwd), 0); /* after a chdir the path still means the same file */
    CHECK(status);
    assert_double_equal(second_root("relative_fake"), 42.0, 0);
    oif_util_free(conf);
}

static void expect_conf_refused(const char *interface, const char *path, int code)
{
    int status = oif_register_impl_conf(interface, path);
    if (status != code) {
        print_error("registering %s gave %d, expected %d; message: %s\n", path ? path : "NULL", status, code,
                    oif_last_error());
        fail();
    }
}

static void test_conf_refusals(void **state)
{
    (void)state;
    expect_conf_refused("qeq", NULL, OIF_ERROR);
    assert_error_mentions("cannot register an implementation of 'qeq'", "NULL");
    expect_conf_refused("qeq", FIXTURES_DIR "/qeq/missing_conf/missing_conf.conf", OIF_ERROR);
    assert_error_mentions("missing_conf.conf", "No such file or directory");
    expect_conf_refused("qeq", FIXTURES_DIR "/qeq/fake/", OIF_ERROR);
    assert_error_mentions("not a .conf file", "<impl>.conf");
    expect_conf_refused("qeq", FIXTURES_DIR "/qeq/fake/fake.con", OIF_ERROR);
    assert_error_mentions("not a .conf file");
    expect_conf_refused("qeq", ".conf", OIF_ERROR);
    assert_error_mentions("not a .conf file");
    expect_conf_refused("qeq", FIXTURES_DIR "/qeq/conf_is_directory/conf_is_directory.conf", OIF_ERROR);
    assert_error_mentions("conf_is_directory.conf", "not a file");
    expect_conf_refused("nonlinear", FIXTURES_DIR "/qeq/fake/fake.conf", OIF_ERROR);
    assert_error_mentions("unknown interface 'nonlinear'", "ivp, linsolve, optim, qeq");
    expect_conf_refused("no-such", FIXTURES_DIR "/qeq/fake/fake.conf", OIF_ERROR);
    assert_error_mentions("interface name 'no-such' is invalid");
    expect_conf_refused(NULL, FIXTURES_DIR "/qeq/fake/fake.conf", OIF_ERROR);
    assert_error_mentions("interface name is NULL");

    char *bad_name = scratch_path("bad-name.conf");
    write_file(bad_name, "c\nliboif_test_qeq_fake\n");
    expect_conf_refused("qeq", bad_name, OIF_ERROR);
    assert_error_mentions("implementation name 'bad-name' is invalid");
    oif_util_free(bad_name);

    /* Malformed files are refused now, with the loader's reason and code. */
    expect_conf_refused("qeq", FIXTURES_DIR "/qeq/empty/empty.conf", OIF_IMPL_INIT_ERROR);
    assert_error_mentions("cannot register implementation 'empty' of interface 'qeq'", "malformed");
    assert_false(listed("qeq", "empty"));
}

static void test_taken_names_are_refused(void **state)
{
    (void)state;
    char *conf = scratch_path("taken/taken_twice.conf");
    write_file(conf, "c\nliboif_test_qeq_fake\n");
    CHECK(oif_register_impl_conf("qeq", conf));
    expect_conf_refused("qeq", conf, OIF_ERROR);
    assert_error_mentions("'taken_twice' of interface 'qeq'", "the name is taken", "registered already", conf);
    assert_int_equal(oif_register_impl_entry("qeq", "taken_twice", "c", "liboif_test_qeq_fake"), OIF_ERROR);
    assert_error_mentions("the name is taken", "registered already");

    /* On the search path: the shipped c_qeq_solver. */
    expect_conf_refused("qeq", SHADOW_FIXTURES_DIR "/qeq/c_qeq_solver/c_qeq_solver.conf", OIF_ERROR);
    assert_error_mentions("the name is taken", "qeq/c_qeq_solver/c_qeq_solver.conf' is on the search path");
    assert_true(second_root("c_qeq_solver") != 42.0); /* still the shipped one, not the fake */
    oif_util_free(conf);
}

static void test_entry_held_in_memory(void **state)
{
    (void)state;
    /* A C library by name: no folder to look next to, the loader's search. */
    CHECK(oif_register_impl_entry("qeq", "in_memory_fake", "c", "liboif_test_qeq_fake"));
    assert_true(listed("qeq", "in_memory_fake"));
    assert_double_equal(second_root("in_memory_fake"), 42.0, 0);

    assert_int_equal(oif_register_impl_entry("qeq", "in_memory_empty", "c", ""), OIF_ERROR);
    assert_error_mentions("must not be empty");
    assert_int_equal(oif_register_impl_entry("qeq", "in_memory_null", NULL, "x"), OIF_ERROR);
    assert_error_mentions("must not be empty");
    assert_int_equal(oif_register_impl_entry("qeq", "in/memory", "c", "x"), OIF_ERROR);
    assert_error_mentions("implementation name 'in/memory' is invalid");
    assert_int_equal(oif_register_impl_entry("linear", "in_memory", "c", "x"), OIF_ERROR);
    assert_error_mentions("unknown interface 'linear'");

    /* A language without a bridge is refused when loaded, as from a .conf. */
    CHECK(oif_register_impl_entry("qeq", "in_memory_julia", "julia", "Module"));
    assert_int_equal(oif_load_impl("qeq", "in_memory_julia", 1, 0), OIF_BRIDGE_NOT_AVAILABLE_ERROR);
    assert_error_mentions("in_memory_julia", "julia");
}

static void test_python_folder_registered(void **state)
{
    (void)state;
    assert_false(listed("ivp", "keeper"));
    CHECK(oif_register_impl_dir(PYTHON_FIXTURES_DIR));
    CHECK(oif_register_impl_dir(PYTHON_FIXTURES_DIR)); /* again: nothing changes */
    assert_true(listed("ivp", "keeper"));
    ImplHandle h = oif_load_impl("ivp", "keeper", 1, 0);
    if (h < OIF_IMPL_STARTING_NUMBER) {
        print_error("loading keeper failed: %s\n", oif_last_error());
        fail();
    }
    CHECK(oif_unload_impl(h));
    const char *path = oif_impl_search_path();
    assert_non_null(strstr(path, "fixtures_python:"));
    /* Once, however often it was registered. */
    assert_null(strstr(strstr(path, "fixtures_python:") + 1, "fixtures_python:"));
}

static void test_dir_refusals(void **state)
{
    (void)state;
    assert_int_equal(oif_register_impl_dir(NULL), OIF_ERROR);
    assert_error_mentions("NULL");
    assert_int_equal(oif_register_impl_dir(FIXTURES_DIR "/no_such_folder"), OIF_ERROR);
    assert_error_mentions("no_such_folder", "No such file or directory");
    assert_int_equal(oif_register_impl_dir(FIXTURES_DIR "/qeq/fake/fake.conf"), OIF_ERROR);
    assert_error_mentions("fake.conf", "not a folder");
    char *with_colon = scratch_path("a:b/x");
    assert_int_equal(mkdir(with_colon, 0700), 0);
    *strrchr(with_colon, '/') = '\0';
    assert_int_equal(oif_register_impl_dir(with_colon), OIF_ERROR);
    assert_error_mentions("a:b", "contains ':'");
    oif_util_free(with_colon);
}

enum { RACERS = 8, ROUNDS = 40 };

typedef struct {
    int index;
    int registered_shared; /* whether this thread won the shared name */
    int failures;
} Racer;

static void *race(void *arg)
{
    Racer *racer = arg;
    char path[256];
    snprintf(path, sizeof path, "%s/race/raced_shared.conf", scratch);
    racer->registered_shared = oif_register_impl_conf("qeq", path) == 0;
    for (int round = 0; round < ROUNDS; round++) {
        snprintf(path, sizeof path, "%s/race/raced_%d_%d.conf", scratch, racer->index, round);
        racer->failures += oif_register_impl_conf("qeq", path) != 0;
        ImplHandle h = oif_load_impl("qeq", round % 2 ? "c_qeq_solver" : "fake", 1, 0);
        racer->failures += h < OIF_IMPL_STARTING_NUMBER || oif_unload_impl(h) != 0;
        char **names = oif_list_impls("qeq");
        racer->failures += names == NULL;
        oif_util_free(names);
    }
    return NULL;
}

static void test_registration_races_with_loads(void **state)
{
    (void)state;
    char *shared = scratch_path("race/raced_shared.conf");
    write_file(shared, "c\nliboif_test_qeq_fake\n");
    for (int i = 0; i < RACERS; i++) {
        for (int round = 0; round < ROUNDS; round++) {
            char name[64];
            snprintf(name, sizeof name, "race/raced_%d_%d.conf", i, round);
            char *path = scratch_path(name);
            write_file(path, "c\nliboif_test_qeq_fake\n");
            oif_util_free(path);
        }
    }
    pthread_t threads[RACERS];
    Racer racers[RACERS];
    for (int i = 0; i < RACERS; i++) {
        racers[i] = (Racer){.index = i};
        assert_int_equal(pthread_create(&threads[i], NULL, race, &racers[i]), 0);
    }
    int winners = 0;
    for (int i = 0; i < RACERS; i++) {
        assert_int_equal(pthread_join(threads[i], NULL), 0);
        assert_int_equal(racers[i].failures, 0);
        winners += racers[i].registered_shared;
    }
    assert_int_equal(winners, 1); /* one name, one registration */
    char **names = oif_list_impls("qeq");
    size_t raced = 0;
    for (size_t i = 0; names[i] != NULL; i++) {
        raced += strncmp(names[i], "raced_", strlen("raced_")) == 0;
    }
    oif_util_free(names);
    assert_int_equal(raced, RACERS * ROUNDS + 1);
    oif_util_free(shared);
}

/* Last: from here on the shipped c_qeq_solver is shadowed. */
static void test_registered_folders_come_first_latest_first(void **state)
{
    (void)state;
    char *earlier = scratch_path("earlier/qeq/c_qeq_solver/c_qeq_solver.conf");
    write_file(earlier, "c\nliboif_does_not_exist\n");
    *strstr(earlier, "/qeq/") = '\0';
    CHECK(oif_register_impl_dir(earlier));
    assert_int_equal(oif_load_impl("qeq", "c_qeq_solver", 1, 0), OIF_IMPL_NOT_AVAILABLE_ERROR);
    assert_error_mentions("liboif_does_not_exist");

    assert_int_equal(setenv("OIF_IMPL_PATH", FIXTURES_DIR, 1), 0); /* registered folders come before it too */
    CHECK(oif_register_impl_dir(SHADOW_FIXTURES_DIR));
    assert_double_equal(second_root("c_qeq_solver"), 42.0, 0); /* the fake answered */
    const char *path = oif_impl_search_path();
    const char *shadow = strstr(path, "fixtures_shadow:"), *earlier_dir = strstr(path, "/earlier:"),
               *impl_path = strstr(path, FIXTURES_DIR ":");
    assert_true(shadow != NULL && earlier_dir != NULL && impl_path != NULL);
    assert_true(shadow < earlier_dir && earlier_dir < impl_path);
    assert_int_equal(unsetenv("OIF_IMPL_PATH"), 0);
    oif_util_free(earlier);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conf_registers_its_stem_and_is_listed),
        cmocka_unit_test(test_conf_path_may_be_relative),
        cmocka_unit_test(test_conf_refusals),
        cmocka_unit_test(test_taken_names_are_refused),
        cmocka_unit_test(test_entry_held_in_memory),
        cmocka_unit_test(test_python_folder_registered),
        cmocka_unit_test(test_dir_refusals),
        cmocka_unit_test(test_registration_races_with_loads),
        cmocka_unit_test(test_registered_folders_come_first_latest_first),
    };
    return cmocka_run_group_tests(tests, setup_suite, teardown_suite);
}
