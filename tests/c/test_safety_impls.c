/* Safety probes for the implementations, the registry and the C bridge
 * (the issue "Memory safety and liveness at every crossing"): each runs in
 * a forked child (probe.h), so that a crash or a hang fails one probe with
 * a verdict instead of ending the program. */
#include "test_support.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <stdint.h>

#include <oif/config_dict.h>
#include <oif/dispatch.h>
#include <oif/interfaces/ivp.h>
#include <oif/interfaces/linsolve.h>
#include <oif/util.h>

#include "probe.h"

/* ---- finding 8: one config dict shared by threads' set_integrator ------- */

enum { SHARING_THREADS = 6, SET_INTEGRATOR_ROUNDS = 3000 };

typedef struct {
    OIFConfigDict *shared;
    ImplHandle implh;
    int failed_calls;
} Sharer;

static void *set_integrator_repeatedly(void *arg)
{
    Sharer *sharer = arg;
    for (int round = 0; round < SET_INTEGRATOR_ROUNDS; round++) {
        if (oif_ivp_set_integrator(sharer->implh, "dopri5", sharer->shared) != 0) {
            sharer->failed_calls++;
        }
    }
    return NULL;
}

static int probe_config_dict_shared_by_threads(void *unused)
{
    (void)unused;
    OIFConfigDict *shared = oif_config_dict_init();
    PROBE_CHECK(shared != NULL, "no dict");
    PROBE_CHECK(oif_config_dict_add_int(shared, "max_num_steps", 12345) == 0, "%s", oif_last_error());
    PROBE_CHECK(oif_config_dict_add_double(shared, "first_step", 0.25) == 0, "%s", oif_last_error());
    PROBE_CHECK(oif_config_dict_add_double(shared, "max_step", 2.0) == 0, "%s", oif_last_error());

    Sharer sharers[SHARING_THREADS];
    pthread_t threads[SHARING_THREADS];
    for (int i = 0; i < SHARING_THREADS; i++) {
        sharers[i] = (Sharer){.shared = shared, .implh = oif_load_impl("ivp", "dopri5c", 1, 0)};
        PROBE_CHECK(sharers[i].implh >= OIF_IMPL_STARTING_NUMBER, "%s", oif_last_error());
    }
    for (int i = 0; i < SHARING_THREADS; i++) {
        int created = pthread_create(&threads[i], NULL, set_integrator_repeatedly, &sharers[i]);
        PROBE_CHECK(created == 0, "thread %d", i);
    }
    for (int i = 0; i < SHARING_THREADS; i++) {
        pthread_join(threads[i], NULL);
        PROBE_CHECK(sharers[i].failed_calls == 0, "thread %d: %d calls failed", i, sharers[i].failed_calls);
        PROBE_CHECK(oif_unload_impl(sharers[i].implh) == 0, "%s", oif_last_error());
    }
    /* Handing a dict to an implementation reads it and nothing more. */
    PROBE_CHECK(oif_config_dict_get_serialized(shared) == NULL,
                "set_integrator serialized the caller's dict: it wrote to its source");
    PROBE_CHECK(oif_config_dict_get_int(shared, "max_num_steps") == 12345, "the dict changed");
    oif_config_dict_free(shared);
    return 0;
}

static void test_config_dict_shared_by_threads(void **state)
{
    (void)state;
    run_probe(PROBE_CRASH, "config dict shared by threads' set_integrator",
              probe_config_dict_shared_by_threads, NULL, 60);
}

/* ---- finding 21: a long OIF_IMPL_PATH ------------------------------------ */

enum { MISSING_DIRS = 150, MISSING_DIR_LENGTH = 100 };

static size_t count_char(const char *text, char c)
{
    size_t count = 0;
    for (; *text != '\0'; text++) {
        count += *text == c;
    }
    return count;
}

/* 150 folders that do not exist, 15 KB in all, then the fixtures: every
 * entry is searched, and the shipped implementations after them too. */
static int probe_long_impl_path(void *unused)
{
    (void)unused;
    size_t capacity = MISSING_DIRS * (MISSING_DIR_LENGTH + 1) + sizeof FIXTURES_DIR;
    char *path = calloc(1, capacity);
    PROBE_CHECK(path != NULL, "no memory");
    for (int i = 0; i < MISSING_DIRS; i++) {
        size_t used = strlen(path);
        snprintf(path + used, capacity - used, "/nonexistent/oif-%03d-%0*d:", i, MISSING_DIR_LENGTH - 21, 0);
    }
    strcat(path, FIXTURES_DIR);
    PROBE_CHECK(setenv("OIF_IMPL_PATH", path, 1) == 0, "setenv");
    free(path);

    char *language = oif_impl_language("qeq", "fake");
    PROBE_CHECK(language != NULL && strcmp(language, "c") == 0, "the fixture after 150 folders: %s",
                language ? language : oif_last_error());
    oif_util_free(language);
    ImplHandle h = oif_load_impl("qeq", "c_qeq_solver", 1, 0);
    PROBE_CHECK(h >= OIF_IMPL_STARTING_NUMBER, "the shipped implementation: %s", oif_last_error());
    PROBE_CHECK(oif_unload_impl(h) == 0, "%s", oif_last_error());

    char **names = oif_list_impls("qeq");
    PROBE_CHECK(names != NULL, "%s", oif_last_error());
    int listed = oif_util_str_contains((const char **)names, "fake") &&
                 oif_util_str_contains((const char **)names, "c_qeq_solver");
    oif_util_free(names);
    PROBE_CHECK(listed, "oif_list_impls misses the fixture or the shipped implementation");

    const char *searched = oif_impl_search_path();
    PROBE_CHECK(count_char(searched, ':') == MISSING_DIRS + 1, "oif_impl_search_path() has %zu folders",
                count_char(searched, ':') + 1);
    PROBE_CHECK(strstr(searched, FIXTURES_DIR) != NULL, "oif_impl_search_path() misses the fixtures");
    return 0;
}

static void test_long_impl_path(void **state)
{
    (void)state;
    run_probe(PROBE_WRONG_RESULT, "OIF_IMPL_PATH of 150 folders, 15 KB", probe_long_impl_path, NULL, 60);
}

/* ---- finding 23: c_lapack given overlapping b and x --------------------- */

/* Under ASan, which reports an overlapping memcpy by itself, the count is not made. */
static atomic_int overlapping_memcpy_calls;

#ifndef UNDER_ASAN
/* glibc's memcpy happens to copy overlapping ranges as memmove does, so the
 * undefined behaviour would go unseen.  This program defines memcpy, and
 * the dynamic linker binds the implementations' calls to it (as
 * allocation_counter.h does with malloc): it counts the overlapping ones,
 * then copies correctly. */
void *memcpy(void *dst, const void *src, size_t n)
{
    uintptr_t d = (uintptr_t)dst, s = (uintptr_t)src;
    if (n > 0 && d != s && d < s + n && s < d + n) {
        atomic_fetch_add(&overlapping_memcpy_calls, 1);
    }
    return memmove(dst, src, n);
}
#endif

/* A x = b for a 3 x 3 A and x = (1, 2, 3), with b and x at `b_offset` and
 * `x_offset` in one buffer of 4. */
static int solve_in_one_buffer(ImplHandle h, size_t b_offset, size_t x_offset)
{
    double a_data[] = {2.0, 1.0, 0.0, 1.0, 3.0, 1.0, 0.0, 1.0, 4.0};
    double buffer[4] = {0};
    const double b_data[] = {4.0, 10.0, 14.0}, x_expected[] = {1.0, 2.0, 3.0};
    memmove(buffer + b_offset, b_data, sizeof b_data);
    intptr_t a_dims[] = {3, 3}, b_dims[1], x_dims[1];
    OIFArrayF64 A = {2, a_dims, a_data, OIF_ARRAY_C_CONTIGUOUS};
    OIFArrayF64 b = vector(buffer + b_offset, b_dims, 3), x = vector(buffer + x_offset, x_dims, 3);
    int before = atomic_load(&overlapping_memcpy_calls);
    PROBE_CHECK(oif_solve_linear_system(h, &A, &b, &x) == 0, "b at %zu, x at %zu: %s", b_offset, x_offset,
                oif_last_error());
    PROBE_CHECK(atomic_load(&overlapping_memcpy_calls) == before,
                "b at %zu, x at %zu: memcpy was given overlapping ranges", b_offset, x_offset);
    for (int i = 0; i < 3; i++) {
        PROBE_CHECK(fabs(x.data[i] - x_expected[i]) < 1e-12, "b at %zu, x at %zu: x[%d] = %.17g", b_offset,
                    x_offset, i, x.data[i]);
    }
    return 0;
}

static int probe_lapack_overlapping_b_and_x(void *unused)
{
    (void)unused;
    ImplHandle h = oif_load_impl("linsolve", "c_lapack", 1, 0);
    PROBE_CHECK(h >= OIF_IMPL_STARTING_NUMBER, "%s", oif_last_error());
    const size_t offsets[][2] = {{0, 1}, {1, 0}, {0, 0}};
    for (size_t i = 0; i < sizeof offsets / sizeof offsets[0]; i++) {
        if (solve_in_one_buffer(h, offsets[i][0], offsets[i][1]) != 0) {
            return 1;
        }
    }
    PROBE_CHECK(oif_unload_impl(h) == 0, "%s", oif_last_error());
    return 0;
}

static void test_lapack_overlapping_b_and_x(void **state)
{
    (void)state;
    run_probe(PROBE_WRONG_RESULT, "c_lapack with b and x overlapping", probe_lapack_overlapping_b_and_x, NULL,
              60);
}

/* ---- finding 22: a .conf of binary junk ---------------------------------- */

static bool is_printable_ascii(const char *text)
{
    for (; *text != '\0'; text++) {
        if (*text < 0x20 || *text > 0x7e) {
            return false;
        }
    }
    return true;
}

/* Control bytes in either line: refused, and shown escaped, never echoed
 * into a message that may reach a terminal. */
static int probe_conf_with_control_bytes(void *unused)
{
    (void)unused;
    PROBE_CHECK(setenv("OIF_IMPL_PATH", FIXTURES_DIR, 1) == 0, "setenv");
    const struct {
        const char *impl, *line, *escaped;
    } cases[] = {
        {"control_bytes", "line 1", "c\\x1b[2J\\x01\\x7f"},
        {"control_bytes_module", "line 2", "qeq_mod\\x1b[31m\\x02 QeqSolver\\x07\\xff"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ImplHandle h = oif_load_impl("qeq", cases[i].impl, 1, 0);
        const char *message = oif_last_error();
        PROBE_CHECK(h == OIF_IMPL_INIT_ERROR, "%s: loading gave %d: %s", cases[i].impl, h, message);
        PROBE_CHECK(is_printable_ascii(message), "%s: the message holds raw bytes: %s", cases[i].impl,
                    message);
        PROBE_CHECK(strstr(message, cases[i].line) != NULL && strstr(message, cases[i].escaped) != NULL,
                    "%s: the message does not show %s as %s: %s", cases[i].impl, cases[i].line,
                    cases[i].escaped, message);
        char *language = oif_impl_language("qeq", cases[i].impl);
        PROBE_CHECK(language == NULL && is_printable_ascii(oif_last_error()), "%s: oif_impl_language: %s",
                    cases[i].impl, language ? language : oif_last_error());
    }
    return 0;
}

static void test_conf_with_control_bytes(void **state)
{
    (void)state;
    run_probe(PROBE_WRONG_EXCEPTION, "a .conf with control bytes", probe_conf_with_control_bytes, NULL, 60);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_dict_shared_by_threads),
        cmocka_unit_test(test_long_impl_path),
        cmocka_unit_test(test_lapack_overlapping_b_and_x),
        cmocka_unit_test(test_conf_with_control_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, print_probe_counts);
}
