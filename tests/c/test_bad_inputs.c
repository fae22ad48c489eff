/* The bad-input matrix: every kind of wrong input a C user can hand the
 * library -- .conf files, names, handles, arguments, arrays, callbacks and
 * config dicts -- is refused with its documented status and a message that
 * says why, and the process goes on: after each refusal a valid call still
 * gives the right answer.  test_registry, test_handles, test_call_checks,
 * test_array and test_config_dict check single cases in depth; this file
 * sweeps each kind of input across every entry point and implementation
 * that takes it, and prints how many inputs it tried per boundary. */
#include "test_support.h"

#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <oif/config_dict.h>
#include <oif/dispatch.h>
#include <oif/interface_spec.h>
#include <oif/interfaces/ivp.h>
#include <oif/interfaces/linsolve.h>
#include <oif/interfaces/optim.h>
#include <oif/interfaces/qeq.h>
#include <oif/util.h>

/* FIXTURES_DIR comes from meson.build. */

typedef enum { CONF, NAMES, HANDLES, ARGUMENTS, ARRAYS, CALLBACKS, CONFIG_DICTS, BOUNDARIES } Boundary;
static const char *const boundary_names[BOUNDARIES] = {
    "conf", "names", "handles", "arguments", "arrays", "callbacks", "config dicts",
};
static unsigned int refused_count[BOUNDARIES];
/* Inputs at a boundary that must work, such as a .conf without a final
 * newline: counted apart, they are not refusals. */
static unsigned int accepted_count;

static const char *const ivp_impls[] = {"dopri5c", "sundials_cvode", "scipy_ode"};
static const char *const optim_impls[] = {"nlopt", "scipy_optimize"};
static const char *const linsolve_impls[] = {"c_lapack", "numpy"};
enum { IVP_IMPLS = 3, OPTIM_IMPLS = 2, LINSOLVE_IMPLS = 2 };

/* A c_qeq_solver instance loaded for the whole run: the valid call made
 * after every refusal. */
static ImplHandle witness;

/* What the case being checked is, for the failure message of a loop. */
static char case_label[160];

static void assert_valid_call_still_works(const char *file, int line)
{
    double roots[2] = {0.0, 0.0};
    intptr_t dims[1];
    OIFArrayF64 r = vector(roots, dims, 2);
    int status = oif_solve_qeq(witness, 1.0, -3.0, 2.0, &r);
    if (status != 0 || fmin(roots[0], roots[1]) != 1.0 || fmax(roots[0], roots[1]) != 2.0) {
        print_error("[%s] a valid call failed after the refusal: status %d, roots %g %g: %s\n", case_label,
                    status, roots[0], roots[1], oif_last_error());
        _fail(file, line);
    }
}

static void assert_mentions(const char *const *words, const char *call, const char *file, int line)
{
    const char *message = oif_last_error();
    for (size_t i = 0; words[i] != NULL; i++) {
        if (strstr(message, words[i]) == NULL) {
            print_error("[%s] %s: the message \"%s\"\n  does not mention \"%s\"\n", case_label, call,
                        message, words[i]);
            _fail(file, line);
        }
    }
}

static void expect_refused(Boundary boundary, long status, long expected, const char *call,
                           const char *const *words, const char *file, int line)
{
    if (status != expected) {
        print_error("[%s] %s returned %ld, expected %ld; message: %s\n", case_label, call, status,
                    expected, oif_last_error());
        _fail(file, line);
    }
    assert_mentions(words, call, file, line);
    assert_valid_call_still_works(file, line);
    refused_count[boundary]++;
}

static void expect_refused_null(Boundary boundary, const void *result, const char *call,
                                const char *const *words, const char *file, int line)
{
    if (result != NULL) {
        print_error("[%s] %s returned a result, expected NULL\n", case_label, call);
        _fail(file, line);
    }
    assert_mentions(words, call, file, line);
    assert_valid_call_still_works(file, line);
    refused_count[boundary]++;
}

/* `call` returns status `expected` and oif_last_error() mentions every word. */
#define REFUSED(boundary, call, expected, ...)                                                     \
    expect_refused((boundary), (call), (expected), #call, (const char *const[]){__VA_ARGS__, NULL}, \
                   __FILE__, __LINE__)
/* `call` returns NULL and oif_last_error() mentions every word. */
#define REFUSED_NULL(boundary, call, ...)                                                          \
    expect_refused_null((boundary), (call), #call, (const char *const[]){__VA_ARGS__, NULL},     \
                        __FILE__, __LINE__)

#define LABEL(...) snprintf(case_label, sizeof case_label, __VA_ARGS__)

static ImplHandle load(const char *interface, const char *impl)
{
    ImplHandle h = oif_load_impl(interface, impl, 1, 0);
    if (h < OIF_IMPL_STARTING_NUMBER) {
        fail_msg("loading %s/%s failed: %s", interface, impl, oif_last_error());
    }
    return h;
}

/* ---- .conf files made at run time --------------------------------------- */

/* Lines too long to keep as fixtures, and files whose permissions git does
 * not keep, are written into a folder of their own on the search path. */
static char generated_dir[64];

typedef struct {
    const char *name;
    size_t first_line_length, second_line_length; /* 0: a short valid line */
    size_t total_length;                          /* > 0: pad the file to this size */
    bool unreadable;
} GeneratedConf;

enum { LONG_LINE = 10000, MAX_CONF_LINE = PATH_MAX - 1, MAX_CONF_BYTES = 64 * 1024 };

static bool running_as_root;

/* Permissions do not stop root from reading a file: then the unreadable
 * case becomes one that fails as early, a file over the 64 KiB limit, so
 * that as many inputs are tried either way. */
static const GeneratedConf generated_confs[] = {
    {"long_first_line", LONG_LINE, 0, 0, false},
    {"long_second_line", 0, LONG_LINE, 0, false},
    {"second_line_at_limit", 0, MAX_CONF_LINE, 0, false},
    {"unreadable", 0, 0, 0, true},
    {"oversized", 0, 0, MAX_CONF_BYTES + 1, false},
};
enum { GENERATED_CONFS = sizeof generated_confs / sizeof generated_confs[0] };

static void generated_paths(const GeneratedConf *g, char *folder, char *file, size_t size)
{
    snprintf(folder, size, "%s/qeq/%s", generated_dir, g->name);
    snprintf(file, size, "%s/qeq/%s/%s.conf", generated_dir, g->name, g->name);
}

static int write_generated_conf(const GeneratedConf *g)
{
    char folder[PATH_MAX], file[PATH_MAX];
    generated_paths(g, folder, file, sizeof folder);
    if (mkdir(folder, 0700) != 0) {
        return -1;
    }
    FILE *f = fopen(file, "w");
    if (f == NULL) {
        return -1;
    }
    size_t written = 0;
    if (g->first_line_length > 0) {
        for (size_t i = 0; i < g->first_line_length; i++) {
            fputc('x', f);
        }
        written += g->first_line_length + (size_t)fprintf(f, "\nliboif_test_qeq_fake\n");
    } else {
        written += (size_t)fprintf(f, "c\n");
        if (g->second_line_length > 0) {
            for (size_t i = 0; i < g->second_line_length; i++) {
                fputc('y', f);
            }
            written += g->second_line_length + (size_t)fprintf(f, "\n");
        } else {
            written += (size_t)fprintf(f, "liboif_test_qeq_fake\n");
        }
    }
    for (; written < g->total_length; written++) {
        fputc('\n', f); /* blank lines: only the size is wrong */
    }
    if (fclose(f) != 0) {
        return -1;
    }
    return g->unreadable ? chmod(file, 0) : 0;
}

static int setup(void **state)
{
    (void)state;
    running_as_root = geteuid() == 0;
    snprintf(generated_dir, sizeof generated_dir, "/tmp/oif_bad_inputs.XXXXXX");
    char qeq_dir[PATH_MAX];
    if (mkdtemp(generated_dir) == NULL) {
        return -1;
    }
    snprintf(qeq_dir, sizeof qeq_dir, "%s/qeq", generated_dir);
    if (mkdir(qeq_dir, 0700) != 0) {
        return -1;
    }
    for (size_t i = 0; i < GENERATED_CONFS; i++) {
        if (write_generated_conf(&generated_confs[i]) != 0) {
            print_error("cannot write %s into %s\n", generated_confs[i].name, generated_dir);
            return -1;
        }
    }
    char search_path[PATH_MAX];
    snprintf(search_path, sizeof search_path, "%s:%s", FIXTURES_DIR, generated_dir);
    if (setenv("OIF_IMPL_PATH", search_path, 1) != 0) {
        return -1;
    }
    witness = oif_load_impl("qeq", "c_qeq_solver", 1, 0);
    return witness >= OIF_IMPL_STARTING_NUMBER ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    int status = oif_unload_impl(witness);
    for (size_t i = 0; i < GENERATED_CONFS; i++) {
        char folder[PATH_MAX], file[PATH_MAX];
        generated_paths(&generated_confs[i], folder, file, sizeof folder);
        unlink(file); /* needs only the folder to be writable */
        rmdir(folder);
    }
    char qeq_dir[PATH_MAX];
    snprintf(qeq_dir, sizeof qeq_dir, "%s/qeq", generated_dir);
    rmdir(qeq_dir);
    rmdir(generated_dir);
    return status;
}

/* ---- 1. .conf files ------------------------------------------------------ */

typedef struct {
    const char *impl;
    int status;
    const char *words[3];
    bool unparsable; /* oif_impl_language() fails on it too, saying the same */
} ConfCase;

static void test_conf_files(void **state)
{
    (void)state;
    char over_limit[64], long_line[64];
    snprintf(over_limit, sizeof over_limit, "is larger than %d bytes", MAX_CONF_BYTES);
    snprintf(long_line, sizeof long_line, "has %d characters", LONG_LINE);
    const ConfCase cases[] = {
        {"empty", OIF_IMPL_INIT_ERROR, {"empty.conf", "malformed", "two lines"}, true},
        {"one_line", OIF_IMPL_INIT_ERROR, {"one_line.conf", "malformed", "two lines"}, true},
        {"long_first_line", OIF_IMPL_INIT_ERROR, {"long_first_line.conf", "line 1", long_line}, true},
        {"long_second_line", OIF_IMPL_INIT_ERROR, {"long_second_line.conf", "line 2", long_line}, true},
        /* Within the parser's limit, but no library path can be that long. */
        {"second_line_at_limit", OIF_IMPL_NOT_AVAILABLE_ERROR,
         {"second_line_at_limit", "library path is too long"}, false},
        {"binary_junk", OIF_IMPL_INIT_ERROR, {"binary_junk.conf", "NUL bytes"}, true},
        {"bad_utf8_language", OIF_IMPL_INIT_ERROR, {"bad_utf8_language", "unknown language 'c\xe9\xff'"}, false},
        {"bad_utf8_module", OIF_IMPL_NOT_AVAILABLE_ERROR,
         {"bad_utf8_module", "cannot import it", "UnicodeDecodeError"}, false},
        {"unknown_language", OIF_IMPL_INIT_ERROR, {"unknown language 'fortran'", "expected 'c' or 'python'"}, false},
        {"missing_library", OIF_IMPL_NOT_AVAILABLE_ERROR, {"missing_library", "liboif_does_not_exist.so"}, false},
        {"not_a_library", OIF_IMPL_NOT_AVAILABLE_ERROR, {"libnot_a_library.so", "file too short"}, false},
        {"missing_method", OIF_IMPL_NOT_AVAILABLE_ERROR,
         {"missing_method", "does not define method 'solve_qeq'"}, false},
        {"conf_is_directory", OIF_IMPL_NOT_AVAILABLE_ERROR,
         {"no qeq/conf_is_directory/conf_is_directory.conf", "Available:"}, false},
        running_as_root
            ? (ConfCase){"oversized", OIF_IMPL_INIT_ERROR, {"oversized.conf", over_limit}, true}
            : (ConfCase){"unreadable", OIF_IMPL_NOT_AVAILABLE_ERROR,
                         {"cannot open", "unreadable.conf", "Permission denied"}, true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const ConfCase *c = &cases[i];
        LABEL("qeq/%s", c->impl);
        REFUSED(CONF, oif_load_impl("qeq", c->impl, 1, 0), c->status, c->words[0],
                c->words[1] ? c->words[1] : "", c->words[2] ? c->words[2] : "");
        char *language = oif_impl_language("qeq", c->impl);
        if (c->unparsable) {
            assert_null(language);
            assert_mentions((const char *const[]){c->words[0], c->words[1] ? c->words[1] : "", NULL},
                            "oif_impl_language", __FILE__, __LINE__);
        }
        oif_util_free(language);
    }

    /* A last line without its newline is a whole line. */
    LABEL("qeq/fake");
    ImplHandle h = load("qeq", "fake");
    double roots[2];
    intptr_t dims[1];
    OIFArrayF64 r = vector(roots, dims, 2);
    CHECK(oif_solve_qeq(h, 1.0, -3.0, 2.0, &r));
    assert_double_equal(roots[1], 42.0, 0.0);
    CHECK(oif_unload_impl(h));
    accepted_count++;

    /* Broken neighbours do not stop the listing, which names every folder
     * that holds a file called like it (not the directory). */
    char **names = oif_list_impls("qeq");
    assert_non_null(names);
    assert_true(oif_util_str_contains((const char **)names, "long_second_line"));
    assert_true(oif_util_str_contains((const char **)names, "bad_utf8_language"));
    assert_true(oif_util_str_contains((const char **)names, "c_qeq_solver"));
    assert_false(oif_util_str_contains((const char **)names, "conf_is_directory"));
    oif_util_free(names);
}

/* ---- 2. names ------------------------------------------------------------ */

static void test_names(void **state)
{
    (void)state;
    char long_name[301], at_limit[129], over_limit[130];
    memset(long_name, 'a', 300), long_name[300] = '\0';
    memset(at_limit, 'b', 128), at_limit[128] = '\0';
    memset(over_limit, 'b', 129), over_limit[129] = '\0';
    struct {
        const char *name;
        const char *why;
    } bad[] = {
        {"qeq/c_qeq_solver", "only letters, digits and '_'"},
        {"..", "only letters, digits and '_'"},
        {"../impl", "only letters, digits and '_'"},
        {"c qeq", "only letters, digits and '_'"},
        {"", "must have 1 to 128 characters, not 0"},
        {long_name, "must have 1 to 128 characters, not more"},
        {over_limit, "must have 1 to 128 characters, not more"},
        {"r\xc3\xa9solveur", "only letters, digits and '_'"}, /* UTF-8 */
        {"\xff\xfe", "only letters, digits and '_'"},         /* not UTF-8 */
        {NULL, "is NULL"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *name = bad[i].name;
        LABEL("name %zu (%.20s)", i, name ? name : "NULL");
        REFUSED(NAMES, oif_load_impl(name, "c_qeq_solver", 1, 0), OIF_ERROR, "interface name", bad[i].why);
        REFUSED(NAMES, oif_load_impl("qeq", name, 1, 0), OIF_ERROR, "implementation name", bad[i].why);
        REFUSED_NULL(NAMES, oif_list_impls(name), "interface name", bad[i].why);
        REFUSED_NULL(NAMES, oif_impl_language("qeq", name), "implementation name", bad[i].why);
    }
    /* 128 characters are a name: looked for, and not found. */
    LABEL("name of 128 characters");
    REFUSED(NAMES, oif_load_impl(at_limit, "c_qeq_solver", 1, 0), OIF_IMPL_NOT_AVAILABLE_ERROR,
            "unknown interface 'bbbb");
    REFUSED(NAMES, oif_load_impl("qeq", at_limit, 1, 0), OIF_IMPL_NOT_AVAILABLE_ERROR, "no qeq/bbbb",
            "Available:");
    REFUSED_NULL(NAMES, oif_list_impls(at_limit), "unknown interface 'bbbb");
}

/* ---- 3. handles ---------------------------------------------------------- */

static void test_handles(void **state)
{
    (void)state;
    ImplHandle stale = load("qeq", "c_qeq_solver");
    CHECK(oif_unload_impl(stale));
    ImplHandle unloaded_twice = load("linsolve", "c_lapack");
    CHECK(oif_unload_impl(unloaded_twice));
    LABEL("second unload");
    REFUSED(HANDLES, oif_unload_impl(unloaded_twice), OIF_ERROR, "cannot unload", "unloaded");

    /* Handles index a table by their low bits: one that shares a live
     * handle's slot must not reach that instance. */
    ImplHandle sharing_a_slot = witness + (1 << 20);
    ImplHandle never_issued = stale + 100000;
    const ImplHandle below[] = {INT_MIN, -1, 0, OIF_ERROR, OIF_IMPL_INIT_ERROR, OIF_BRIDGE_NOT_AVAILABLE_ERROR,
                                OIF_IMPL_NOT_AVAILABLE_ERROR, OIF_IMPL_STARTING_NUMBER - 1};
    const ImplHandle not_loaded[] = {stale, unloaded_twice, never_issued, sharing_a_slot, INT_MAX};

    double a = 1.0, b = -3.0, c = 2.0, roots_data[2];
    intptr_t dims[1];
    OIFArrayF64 roots = vector(roots_data, dims, 2), *roots_p = &roots;
    OIFArgs in = {3, (OIFArgType[]){OIF_TYPE_F64, OIF_TYPE_F64, OIF_TYPE_F64}, (void *[]){&a, &b, &c}};
    OIFArgs out = {1, (OIFArgType[]){OIF_TYPE_ARRAY_F64}, (void *[]){&roots_p}};

    for (size_t k = 0; k < 2; k++) {
        const ImplHandle *handles = k == 0 ? below : not_loaded;
        size_t count = k == 0 ? sizeof below / sizeof below[0] : sizeof not_loaded / sizeof not_loaded[0];
        for (size_t i = 0; i < count; i++) {
            ImplHandle h = handles[i];
            char why[96];
            if (k == 0) {
                snprintf(why, sizeof why, "%d is not an implementation handle", h);
            } else {
                snprintf(why, sizeof why, "no implementation is loaded with handle %d", h);
            }
            LABEL("handle %d", h);
            REFUSED(HANDLES, oif_unload_impl(h), OIF_ERROR, "cannot unload", why);
            REFUSED(HANDLES, call_interface_impl(h, "solve_qeq", &in, &out, NULL), OIF_ERROR, why);
            REFUSED(HANDLES, oif_ivp_print_stats(h), OIF_ERROR, why);
            /* The lookups set no message: NULL is their documented answer. */
            int language = -1;
            assert_null(oif_impl_interface(h));
            assert_null(oif_impl_bridge_state(h, &language));
            assert_int_equal(language, -1);
            assert_valid_call_still_works(__FILE__, __LINE__);
            refused_count[HANDLES] += 2;
        }
    }

    /* A live handle, with the method of another interface. */
    LABEL("qeq handle, ivp method");
    REFUSED(HANDLES, oif_ivp_print_stats(witness), OIF_ERROR, "qeq/c_qeq_solver",
            "not a method of interface 'qeq'");
    REFUSED(HANDLES, oif_call_method(witness, NULL, &in, &out, NULL), OIF_ERROR,
            "not a method of interface 'qeq'");
}

/* ---- 4. arguments through call_interface_impl ----------------------------- */

static void test_arguments(void **state)
{
    (void)state;
    double a = 1.0, b = -3.0, c = 2.0, roots_data[2];
    intptr_t dims[1];
    OIFArrayF64 roots = vector(roots_data, dims, 2), *roots_p = &roots;
    OIFArgType f64x3[] = {OIF_TYPE_F64, OIF_TYPE_F64, OIF_TYPE_F64, OIF_TYPE_F64};
    OIFArgType array_type[] = {OIF_TYPE_ARRAY_F64, OIF_TYPE_ARRAY_F64};
    void *abc[] = {&a, &b, &c, &c};
    void *roots_value[] = {&roots_p, &roots_p};
    OIFArgs in = {3, f64x3, abc}, out = {1, array_type, roots_value};
    const char *qeq = "qeq/c_qeq_solver, method 'solve_qeq'";

    LABEL("qeq counts");
    OIFArgs in_4 = {4, f64x3, abc}, out_2 = {2, array_type, roots_value}, out_0 = {0, NULL, NULL};
    OIFArgs huge = {SIZE_MAX, f64x3, abc};
    int one = 1;
    OIFArgs ret_1 = {1, (OIFArgType[]){OIF_TYPE_INT}, (void *[]){&one}};
    REFUSED(ARGUMENTS, call_interface_impl(witness, "solve_qeq", &in_4, &out, NULL), OIF_ERROR, qeq,
            "expected 3 input arguments, got 4");
    REFUSED(ARGUMENTS, call_interface_impl(witness, "solve_qeq", &huge, &out, NULL), OIF_ERROR,
            "expected 3 input arguments, got 18446744073709551615");
    REFUSED(ARGUMENTS, call_interface_impl(witness, "solve_qeq", &in, &out_2, NULL), OIF_ERROR,
            "expected 1 output argument, got 2");
    REFUSED(ARGUMENTS, call_interface_impl(witness, "solve_qeq", &in, &out_0, NULL), OIF_ERROR,
            "expected 1 output argument, got 0");
    REFUSED(ARGUMENTS, call_interface_impl(witness, "solve_qeq", &in, &out, &ret_1), OIF_ERROR,
            "expected 0 return arguments, got 1");

    LABEL("qeq types");
    const char *text = "1.0";
    OIFArgs string_for_f64 = {3, (OIFArgType[]){OIF_TYPE_STRING, OIF_TYPE_F64, OIF_TYPE_F64},
                              (void *[]){&text, &b, &c}};
    OIFArgs array_for_f64 = {3, (OIFArgType[]){OIF_TYPE_F64, OIF_TYPE_F64, OIF_TYPE_ARRAY_F64},
                             (void *[]){&a, &b, &roots_p}};
    OIFArgs unknown_type = {3, (OIFArgType[]){OIF_TYPE_F64, (OIFArgType)99, OIF_TYPE_F64}, abc};
    OIFArgs f32_array = {1, (OIFArgType[]){OIF_TYPE_ARRAY_F32}, roots_value};
    REFUSED(ARGUMENTS, call_interface_impl(witness, "solve_qeq", &string_for_f64, &out, NULL), OIF_ERROR,
            "input argument 'a' has type STRING; expected F64");
    REFUSED(ARGUMENTS, call_interface_impl(witness, "solve_qeq", &array_for_f64, &out, NULL), OIF_ERROR,
            "input argument 'c' has type ARRAY_F64; expected F64");
    REFUSED(ARGUMENTS, call_interface_impl(witness, "solve_qeq", &unknown_type, &out, NULL), OIF_ERROR,
            "input argument 'b' has type unknown type; expected F64");
    REFUSED(ARGUMENTS, call_interface_impl(witness, "solve_qeq", &in, &f32_array, NULL), OIF_ERROR,
            "output argument 'roots' has type ARRAY_F32; expected ARRAY_F64");

    LABEL("qeq NULL types or values");
    OIFArgs no_types = {3, NULL, abc}, no_values = {3, f64x3, NULL}, out_no_values = {1, array_type, NULL};
    void *b_missing[] = {&a, NULL, &c}, *roots_missing[] = {NULL};
    OIFArgs in_b_missing = {3, f64x3, b_missing}, out_roots_missing = {1, array_type, roots_missing};
    REFUSED(ARGUMENTS, call_interface_impl(witness, "solve_qeq", &no_types, &out, NULL), OIF_ERROR,
            "input arguments have NULL types or values");
    REFUSED(ARGUMENTS, call_interface_impl(witness, "solve_qeq", &no_values, &out, NULL), OIF_ERROR,
            "input arguments have NULL types or values");
    REFUSED(ARGUMENTS, call_interface_impl(witness, "solve_qeq", &in, &out_no_values, NULL), OIF_ERROR,
            "output arguments have NULL types or values");
    REFUSED(ARGUMENTS, call_interface_impl(witness, "solve_qeq", &in_b_missing, &out, NULL), OIF_ERROR,
            "input argument 'b' has no value (NULL)");
    REFUSED(ARGUMENTS, call_interface_impl(witness, "solve_qeq", &in, &out_roots_missing, NULL), OIF_ERROR,
            "output argument 'roots' has no value (NULL)");

    LABEL("unknown methods");
    char long_method[301];
    memset(long_method, 'm', 300), long_method[300] = '\0';
    const char *unknown[] = {"", long_method, "integrate", "Solve_Qeq", "solve_qeq ", NULL};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        char expected[48];
        snprintf(expected, sizeof expected, "no method '%.20s", unknown[i] ? unknown[i] : "(NULL)");
        REFUSED(ARGUMENTS, call_interface_impl(witness, unknown[i], &in, &out, NULL), OIF_ERROR,
                "qeq/c_qeq_solver: interface 'qeq'", expected, "its methods are: solve_qeq");
    }
    const OIFMethodSpec *integrate = oif_interface_find_method(oif_interface_find("ivp"), "integrate");
    assert_non_null(integrate);
    REFUSED(ARGUMENTS, oif_call_method(witness, integrate, &in, &out, NULL), OIF_ERROR,
            "not a method of interface 'qeq'");

    /* optim has every group, and string, callback and config-dict inputs. */
    LABEL("optim arguments");
    ImplHandle h = load("optim", "nlopt");
    const char *const optim = "optim/nlopt, method ";
    double x_data[2] = {1.0, 2.0};
    intptr_t x_dims[1];
    OIFArrayF64 x = vector(x_data, x_dims, 2), *x_p = &x;
    int32_t *status_p = NULL;
    char *message_p = NULL;
    OIFArgs x_out = {1, array_type, (void *[]){&x_p}};
    OIFArgs ret_2 = {2, (OIFArgType[]){OIF_TYPE_INT, OIF_TYPE_STRING}, (void *[]){&status_p, &message_p}};
    OIFArgs ret_of_1 = {1, (OIFArgType[]){OIF_TYPE_INT}, (void *[]){&status_p}};
    OIFArgs ret_wrong_type = {2, (OIFArgType[]){OIF_TYPE_F64, OIF_TYPE_STRING}, (void *[]){&status_p, &message_p}};
    OIFArgs ret_no_values = {2, (OIFArgType[]){OIF_TYPE_INT, OIF_TYPE_STRING}, NULL};
    OIFArgs ret_value_missing = {2, (OIFArgType[]){OIF_TYPE_INT, OIF_TYPE_STRING}, (void *[]){&status_p, NULL}};
    REFUSED(ARGUMENTS, call_interface_impl(h, "minimize", NULL, &x_out, NULL), OIF_ERROR, optim,
            "expected 2 return arguments, got 0");
    REFUSED(ARGUMENTS, call_interface_impl(h, "minimize", NULL, &x_out, &ret_of_1), OIF_ERROR,
            "expected 2 return arguments, got 1");
    REFUSED(ARGUMENTS, call_interface_impl(h, "minimize", NULL, &x_out, &ret_wrong_type), OIF_ERROR,
            "return argument 'status' has type F64; expected INT");
    REFUSED(ARGUMENTS, call_interface_impl(h, "minimize", NULL, &x_out, &ret_no_values), OIF_ERROR,
            "return arguments have NULL types or values");
    REFUSED(ARGUMENTS, call_interface_impl(h, "minimize", NULL, &x_out, &ret_value_missing), OIF_ERROR,
            "return argument 'message' has no value (NULL)");
    REFUSED(ARGUMENTS, call_interface_impl(h, "minimize", &in, &x_out, &ret_2), OIF_ERROR,
            "expected 0 input arguments, got 3");

    const char *null_string = NULL, *method_name = "LN_BOBYQA";
    OIFConfigDict *no_config = NULL;
    OIFUserData user_data = {.src = OIF_LANG_C, .c = NULL};
    OIFArgType method_types[] = {OIF_TYPE_STRING, OIF_TYPE_CONFIG_DICT};
    OIFArgs null_name = {2, method_types, (void *[]){&null_string, &no_config}};
    OIFArgs name_missing = {2, method_types, (void *[]){NULL, &no_config}};
    OIFArgs user_data_for_callback = {1, (OIFArgType[]){OIF_TYPE_USER_DATA}, (void *[]){&user_data}};
    OIFArgs callback_missing = {1, (OIFArgType[]){OIF_TYPE_CALLBACK}, (void *[]){NULL}};
    REFUSED(ARGUMENTS, call_interface_impl(h, "set_method", &null_name, NULL, NULL), OIF_ERROR,
            "input argument 'method_name' is a NULL string");
    REFUSED(ARGUMENTS, call_interface_impl(h, "set_method", &name_missing, NULL, NULL), OIF_ERROR,
            "input argument 'method_name' has no value (NULL)");
    REFUSED(ARGUMENTS, call_interface_impl(h, "set_objective_fn", &user_data_for_callback, NULL, NULL),
            OIF_ERROR, "input argument 'objective' has type USER_DATA; expected CALLBACK");
    REFUSED(ARGUMENTS, call_interface_impl(h, "set_objective_fn", &callback_missing, NULL, NULL),
            OIF_ERROR, "input argument 'objective' has no value (NULL)");

    /* A config dict may be NULL, as a value or as the slot: no options. */
    OIFArgs dict_slot_missing = {2, method_types, (void *[]){&method_name, NULL}};
    OIFArgs null_dict = {2, method_types, (void *[]){&method_name, &no_config}};
    CHECK(call_interface_impl(h, "set_method", &dict_slot_missing, NULL, NULL));
    CHECK(call_interface_impl(h, "set_method", &null_dict, NULL, NULL));
    accepted_count += 2;
    CHECK(oif_unload_impl(h));
}

/* ---- 5. arrays through the dispatcher ------------------------------------ */

typedef struct {
    const char *what;
    OIFArrayF64 A; /* as given for linsolve's input 'A' */
    bool null_array;
    const char *words[2];
} ArrayCase;

static double solve_2x2(ImplHandle h)
{
    double A_data[] = {2.0, 0.0, 0.0, 4.0}, b_data[] = {2.0, 2.0}, x_data[2] = {0.0, 0.0};
    intptr_t A_dims[] = {2, 2}, b_dims[1], x_dims[1];
    OIFArrayF64 A = {2, A_dims, A_data, OIF_ARRAY_C_CONTIGUOUS}, b = vector(b_data, b_dims, 2),
                x = vector(x_data, x_dims, 2);
    CHECK(oif_solve_linear_system(h, &A, &b, &x));
    return x_data[0] + x_data[1]; /* 1 + 0.5 */
}

static void test_arrays(void **state)
{
    (void)state;
    double data[4] = {2.0, 0.0, 0.0, 4.0}, b_data[3] = {2.0, 2.0, 2.0}, x_data[3];
    intptr_t square[] = {2, 2}, negative[] = {2, -3}, empty[] = {0, 0};
    /* Sizes that wrap around: the first dimension's bytes alone, the bytes
     * of two, the element count of two, and bytes beyond SSIZE_MAX. */
    intptr_t half_max_by_4[] = {INTPTR_MAX / 2, 4};
    intptr_t max_by_max[] = {INTPTR_MAX, INTPTR_MAX};
    intptr_t bytes_wrap[] = {(intptr_t)1 << 31, (intptr_t)1 << 31};
    intptr_t count_wraps[] = {(intptr_t)1 << 32, (intptr_t)1 << 32, (intptr_t)1 << 32};
    intptr_t over_ssize[] = {(intptr_t)1 << 60, 1};
    intptr_t empty_but_absurd[] = {0, INTPTR_MAX};
    intptr_t vector_4[] = {4};
    const int C = OIF_ARRAY_C_CONTIGUOUS;
    const ArrayCase cases[] = {
        {"NULL array", {0}, true, {"input argument 'A' is a NULL array"}},
        {"NULL dimensions", {2, NULL, data, C}, false, {"input argument 'A' has NULL dimensions"}},
        {"NULL data", {2, square, NULL, C}, false, {"input argument 'A' has NULL data"}},
        {"nd 0", {0, square, data, C}, false, {"input argument 'A' has 0 dimensions; expected 1 to 32"}},
        {"nd -1", {-1, square, data, C}, false, {"input argument 'A' has -1 dimensions"}},
        {"nd 1000", {1000, square, data, C}, false, {"input argument 'A' has 1000 dimensions"}},
        {"negative dimension", {2, negative, data, C}, false, {"input argument 'A' has negative dimension -3"}},
        {"INTPTR_MAX/2 x 4", {2, half_max_by_4, data, C}, false,
         {"input argument 'A' is too large", "the size overflows, dimensions 0 to 0"}},
        {"INTPTR_MAX x INTPTR_MAX", {2, max_by_max, data, C}, false,
         {"input argument 'A' is too large", "dimensions 0 to 0"}},
        {"2^31 x 2^31", {2, bytes_wrap, data, C}, false, {"input argument 'A' is too large", "dimensions 0 to 1"}},
        {"2^32 x 2^32 x 2^32", {3, count_wraps, data, C}, false,
         {"input argument 'A' is too large", "dimensions 0 to 1"}},
        {"2^60 x 1", {2, over_ssize, data, C}, false,
         {"input argument 'A' is too large", "dimensions 0 to 0 hold more than 9223372036854775807 bytes"}},
        {"0 x INTPTR_MAX", {2, empty_but_absurd, NULL, C}, false,
         {"input argument 'A' is too large", "dimensions 0 to 1"}},
    };
    for (size_t k = 0; k < LINSOLVE_IMPLS; k++) {
        ImplHandle h = load("linsolve", linsolve_impls[k]);
        OIFArrayF64 b = {1, (intptr_t[]){2}, b_data, C | OIF_ARRAY_F_CONTIGUOUS};
        OIFArrayF64 x = {1, (intptr_t[]){2}, x_data, C | OIF_ARRAY_F_CONTIGUOUS};
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            LABEL("%s: A %s", linsolve_impls[k], cases[i].what);
            OIFArrayF64 A = cases[i].A;
            REFUSED(ARRAYS, oif_solve_linear_system(h, cases[i].null_array ? NULL : &A, &b, &x), OIF_ERROR,
                    cases[i].words[0], cases[i].words[1] ? cases[i].words[1] : "");
        }
        /* The same checks guard outputs. */
        LABEL("%s: x", linsolve_impls[k]);
        OIFArrayF64 A = {2, square, data, C};
        OIFArrayF64 x_absurd = {1, max_by_max, x_data, C}, x_nd_1000 = {1000, square, x_data, C};
        REFUSED(ARRAYS, oif_solve_linear_system(h, &A, &b, &x_absurd), OIF_ERROR,
                "output argument 'x' is too large");
        REFUSED(ARRAYS, oif_solve_linear_system(h, &A, &b, &x_nd_1000), OIF_ERROR,
                "output argument 'x' has 1000 dimensions");

        /* What only the implementation can tell: wrong ARRAY type code,
         * layout, shape and emptiness. */
        LABEL("%s: shapes", linsolve_impls[k]);
        const char *python = k == 1 ? "ValueError: " : "";
        OIFArrayF64 *A_p = &A, *b_p = &b, *x_p = &x;
        OIFArgs in = {2, (OIFArgType[]){OIF_TYPE_ARRAY_F32, OIF_TYPE_ARRAY_F64}, (void *[]){&A_p, &b_p}};
        OIFArgs out = {1, (OIFArgType[]){OIF_TYPE_ARRAY_F64}, (void *[]){&x_p}};
        REFUSED(ARRAYS, call_interface_impl(h, "solve_lin", &in, &out, NULL), OIF_ERROR,
                "input argument 'A' has type ARRAY_F32; expected ARRAY_F64");
        OIFArrayF64 strided = {2, square, data, 0}; /* neither C- nor Fortran-contiguous */
        REFUSED(ARRAYS, oif_solve_linear_system(h, &strided, &b, &x), OIF_ERROR,
                k == 0 ? "'A' must be C- or Fortran-contiguous" : "must be flagged C- or Fortran-contiguous");
        OIFArrayF64 A_empty = {2, empty, NULL, C}, A_vector = {1, vector_4, data, C};
        char words[96];
        snprintf(words, sizeof words, "%s'A' must be a non-empty square matrix", python);
        REFUSED(ARRAYS, oif_solve_linear_system(h, &A_empty, &b, &x), OIF_ERROR, words);
        REFUSED(ARRAYS, oif_solve_linear_system(h, &A_vector, &b, &x), OIF_ERROR, words);
        OIFArrayF64 b_long = {1, (intptr_t[]){3}, b_data, C | OIF_ARRAY_F_CONTIGUOUS};
        snprintf(words, sizeof words, "%s'b' and 'x' must be vectors of length 2", python);
        REFUSED(ARRAYS, oif_solve_linear_system(h, &A, &b_long, &x), OIF_ERROR, words);

        assert_double_equal(solve_2x2(h), 1.5, 1e-15);
        CHECK(oif_unload_impl(h));
    }

    /* An empty array passes the dispatcher (its data may be NULL) and every
     * implementation refuses it by name. */
    intptr_t zero[1] = {0};
    OIFArrayF64 nothing = {1, zero, NULL, C | OIF_ARRAY_F_CONTIGUOUS};
    struct {
        const char *interface, *impl, *words;
    } empty_refused[] = {
        {"qeq", "c_qeq_solver", "'roots' must be a vector of length 2"},
        {"qeq", "py_qeq_solver", "ValueError: 'roots' must be a vector of length 2"},
        {"ivp", "dopri5c", "'y0' must not be empty"},
        {"ivp", "sundials_cvode", "'y0' must be a non-empty vector"},
        {"ivp", "scipy_ode", "ValueError: 'y0' must be a non-empty vector"},
        {"optim", "nlopt", "'x0' must be a non-empty vector"},
        {"optim", "scipy_optimize", "ValueError: 'x0' must be a non-empty vector"},
    };
    for (size_t i = 0; i < sizeof empty_refused / sizeof empty_refused[0]; i++) {
        LABEL("empty array for %s", empty_refused[i].impl);
        ImplHandle h = load(empty_refused[i].interface, empty_refused[i].impl);
        const char *interface = empty_refused[i].interface;
        int status = strcmp(interface, "qeq") == 0   ? oif_solve_qeq(h, 1.0, -3.0, 2.0, &nothing)
                     : strcmp(interface, "ivp") == 0 ? oif_ivp_set_initial_value(h, &nothing, 0.0)
                                                     : oif_optim_set_initial_guess(h, &nothing);
        REFUSED(ARRAYS, status, OIF_ERROR, empty_refused[i].impl, empty_refused[i].words);
        CHECK(oif_unload_impl(h));
    }
}

/* ---- 6. callbacks -------------------------------------------------------- */

static int decay(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    (void)t, (void)user_data;
    ydot->data[0] = -y->data[0];
    return 0;
}

static int nan_rhs(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    (void)t, (void)y, (void)user_data;
    ydot->data[0] = NAN;
    return 0;
}

static double sum_of_squares(OIFArrayF64 *x, void *user_data)
{
    (void)user_data;
    return x->data[0] * x->data[0] + x->data[1] * x->data[1];
}

static int nan_gradient(OIFArrayF64 *x, OIFArrayF64 *grad, void *user_data)
{
    (void)x, (void)user_data;
    grad->data[0] = grad->data[1] = NAN;
    return 0;
}

/* y' = -y from y(0) = 1 to t = 1 with a valid right-hand side. */
static void assert_integrates_decay(ImplHandle h)
{
    double y0_data[] = {1.0}, y_data[1];
    intptr_t d0[1], d1[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 1), y = vector(y_data, d1, 1);
    CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
    CHECK(oif_ivp_set_rhs_fn(h, decay));
    CHECK(oif_ivp_integrate(h, 1.0, &y));
    assert_double_equal(y_data[0], exp(-1.0), 1e-5);
}

static void assert_minimizes_sum_of_squares(ImplHandle h)
{
    double x0_data[] = {1.0, 2.0}, x_data[2];
    intptr_t d0[1], d1[1];
    OIFArrayF64 x0 = vector(x0_data, d0, 2), x = vector(x_data, d1, 2);
    CHECK(oif_optim_set_initial_guess(h, &x0));
    CHECK(oif_optim_set_objective_fn(h, sum_of_squares));
    CHECK(oif_optim_minimize(h, &x, NULL, NULL));
    assert_double_equal(fabs(x_data[0]) + fabs(x_data[1]), 0.0, 1e-4);
}

/* What each implementation makes of a right-hand side that writes NaN from
 * the start: an error, each in its own words (scipy_ode with every
 * integrator, capped at 1000 steps: dopri5 and dop853 reject NaN steps
 * until the steps run out). */
static const struct {
    const char *impl, *integrator;
    const char *words[2];
} nan_rhs_errors[] = {
    {"dopri5c", "dopri5", {"error estimate was not finite (NaN or Inf)", "the right-hand side returns NaN or Inf"}},
    {"sundials_cvode", "bdf", {"CV_CONV_FAILURE", "corrector convergence test failed"}},
    {"sundials_cvode", "adams", {"CV_CONV_FAILURE", "corrector convergence test failed"}},
    {"scipy_ode", "dopri5", {"nsteps = 1000 steps taken", "does the right-hand side return NaN or Inf there?"}},
    {"scipy_ode", "vode", {"vode failed at t = 0", "repeated convergence failures"}},
    {"scipy_ode", "lsoda", {"lsoda: the solution at t = 1 is not finite (NaN or Inf)"}},
    {"scipy_ode", "dop853", {"nsteps = 1000 steps taken", "does the right-hand side return NaN or Inf there?"}},
};

static void test_callbacks(void **state)
{
    (void)state;
    for (size_t i = 0; i < IVP_IMPLS; i++) {
        LABEL("NULL rhs for %s", ivp_impls[i]);
        ImplHandle h = load("ivp", ivp_impls[i]);
        REFUSED(CALLBACKS, oif_ivp_set_rhs_fn(h, NULL), OIF_ERROR, ivp_impls[i], "set_rhs_fn",
                "input argument 'rhs' is a callback without a function (NULL)");
        assert_integrates_decay(h);
        CHECK(oif_unload_impl(h));
    }
    for (size_t i = 0; i < OPTIM_IMPLS; i++) {
        LABEL("NULL objective and gradient for %s", optim_impls[i]);
        ImplHandle h = load("optim", optim_impls[i]);
        REFUSED(CALLBACKS, oif_optim_set_objective_fn(h, NULL), OIF_ERROR, optim_impls[i],
                "input argument 'objective' is a callback without a function (NULL)");
        REFUSED(CALLBACKS, oif_optim_set_grad_fn(h, NULL), OIF_ERROR, optim_impls[i],
                "input argument 'grad' is a callback without a function (NULL)");
        assert_minimizes_sum_of_squares(h);
        CHECK(oif_unload_impl(h));
    }

    for (size_t i = 0; i < sizeof nan_rhs_errors / sizeof nan_rhs_errors[0]; i++) {
        LABEL("NaN rhs for %s/%s", nan_rhs_errors[i].impl, nan_rhs_errors[i].integrator);
        ImplHandle h = load("ivp", nan_rhs_errors[i].impl);
        OIFConfigDict *options = NULL;
        if (strcmp(nan_rhs_errors[i].impl, "scipy_ode") == 0) {
            options = oif_config_dict_init();
            CHECK(oif_config_dict_add_int(options, "max_num_steps", 1000));
        }
        CHECK(oif_ivp_set_integrator(h, nan_rhs_errors[i].integrator, options));
        oif_config_dict_free(options);
        double y0_data[] = {1.0}, y_data[1];
        intptr_t d0[1], d1[1];
        OIFArrayF64 y0 = vector(y0_data, d0, 1), y = vector(y_data, d1, 1);
        CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
        CHECK(oif_ivp_set_rhs_fn(h, nan_rhs));
        const char *second = nan_rhs_errors[i].words[1];
        REFUSED(CALLBACKS, oif_ivp_integrate(h, 1.0, &y), OIF_ERROR, nan_rhs_errors[i].impl, "'integrate'",
                nan_rhs_errors[i].words[0], second ? second : "");
        assert_integrates_decay(h);
        CHECK(oif_unload_impl(h));
    }

    /* A gradient that writes NaN: nlopt fails; scipy_optimize ends the run
     * with SciPy's status 3, whose message says NaN (a run that stops is
     * not a failed call, see the optim guide). */
    for (size_t i = 0; i < OPTIM_IMPLS; i++) {
        LABEL("NaN gradient for %s", optim_impls[i]);
        ImplHandle h = load("optim", optim_impls[i]);
        double x0_data[] = {1.0, 2.0}, x_data[2];
        intptr_t d0[1], d1[1];
        OIFArrayF64 x0 = vector(x0_data, d0, 2), x = vector(x_data, d1, 2);
        CHECK(oif_optim_set_initial_guess(h, &x0));
        CHECK(oif_optim_set_objective_fn(h, sum_of_squares));
        CHECK(oif_optim_set_grad_fn(h, nan_gradient));
        CHECK(oif_optim_set_method(h, i == 0 ? "LD_LBFGS" : "BFGS", NULL));
        int status = -1;
        char *message = NULL;
        if (i == 0) {
            REFUSED(CALLBACKS, oif_optim_minimize(h, &x, &status, &message), OIF_ERROR,
                    "optim/nlopt, method 'minimize'", "LD_LBFGS failed with FAILURE");
        } else {
            CHECK(oif_optim_minimize(h, &x, &status, &message));
            assert_int_equal(status, 3);
            assert_non_null(strstr(message, "NaN result encountered"));
            assert_valid_call_still_works(__FILE__, __LINE__);
            refused_count[CALLBACKS]++;
        }
        oif_util_free(message);
        CHECK(oif_optim_set_method(h, i == 0 ? "LN_BOBYQA" : "Nelder-Mead", NULL));
        assert_minimizes_sum_of_squares(h);
        CHECK(oif_unload_impl(h));
    }
}

/* ---- 7. config dicts ----------------------------------------------------- */

#define BYTES(...) (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__})

static void test_config_dicts(void **state)
{
    (void)state;
    /* What another language might send: values a config dict cannot hold
     * (the fuzzer found the array header claiming 2^32 elements) are
     * refused by type, leaving the dict empty and usable. */
    const struct {
        const char *what;
        const uint8_t *bytes;
        size_t nbytes;
        const char *words[2];
    } malformed[] = {
        {"nested array", BYTES(0xa1, 'a', 0x91, 0x01), {"'a'", "array"}},
        {"array of 2^32 - 1 elements", BYTES(0xa1, 'a', 0xdd, 0xff, 0xff, 0xff, 0xff), {"'a'", "array"}},
        {"array inside an array", BYTES(0xa1, 'a', 0x91, 0x91, 0x01), {"'a'", "array"}},
        {"nested map", BYTES(0xa1, 'a', 0x81, 0xa1, 'b', 0x01), {"'a'", "map"}},
        {"nil", BYTES(0xa1, 'a', 0xc0), {"'a'", "nil"}},
        {"bin", BYTES(0xa1, 'a', 0xc4, 0x01, 0x00), {"'a'", "bin"}},
        {"NUL in a string", BYTES(0xa1, 'a', 0xa2, 'x', 0x00), {"NUL"}},
    };
    ImplHandle ivp[IVP_IMPLS], optim[OPTIM_IMPLS];
    for (size_t k = 0; k < IVP_IMPLS; k++) {
        ivp[k] = load("ivp", ivp_impls[k]);
    }
    for (size_t k = 0; k < OPTIM_IMPLS; k++) {
        optim[k] = load("optim", optim_impls[k]);
    }
    for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++) {
        LABEL("config dict with %s", malformed[i].what);
        OIFConfigDict *dict = oif_config_dict_init();
        CHECK(oif_config_dict_add_int(dict, "stale", 1));
        CHECK(oif_config_dict_set_serialized(dict, malformed[i].bytes, malformed[i].nbytes));
        const char *second = malformed[i].words[1];
        REFUSED(CONFIG_DICTS, oif_config_dict_deserialize(dict), OIF_ERROR, malformed[i].words[0],
                second ? second : "");
        assert_int_equal(oif_config_dict_size(dict), 0);
        /* The emptied dict is a valid argument: no options. */
        for (size_t k = 0; k < IVP_IMPLS; k++) {
            CHECK(oif_ivp_set_integrator(ivp[k], k == 1 ? "bdf" : "dopri5", dict));
        }
        for (size_t k = 0; k < OPTIM_IMPLS; k++) {
            CHECK(oif_optim_set_method(optim[k], k == 0 ? "LN_BOBYQA" : "Nelder-Mead", dict));
        }
        oif_config_dict_free(dict);
    }

    /* An int64 decodes, but an int option cannot take it: every
     * implementation refuses it, naming the key -- none reads it as 0. */
    const uint8_t big[] = {0xd3, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x05}; /* 2^40 + 5 */
    struct {
        ImplHandle h;
        const char *impl, *key, *method;
    } int_options[] = {
        {ivp[0], "dopri5c", "max_num_steps", "dopri5"},
        {ivp[1], "sundials_cvode", "max_num_steps", "bdf"},
        {ivp[2], "scipy_ode", "max_num_steps", "dopri5"},
        {optim[0], "nlopt", "maxeval", "LN_BOBYQA"},
        {optim[1], "scipy_optimize", "maxiter", "Nelder-Mead"},
    };
    for (size_t i = 0; i < sizeof int_options / sizeof int_options[0]; i++) {
        LABEL("int64 option for %s", int_options[i].impl);
        uint8_t bytes[64];
        size_t key_length = strlen(int_options[i].key);
        bytes[0] = (uint8_t)(0xa0 | key_length); /* fixstr */
        memcpy(bytes + 1, int_options[i].key, key_length);
        memcpy(bytes + 1 + key_length, big, sizeof big);
        OIFConfigDict *dict = oif_config_dict_init();
        CHECK(oif_config_dict_set_serialized(dict, bytes, 1 + key_length + sizeof big));
        CHECK(oif_config_dict_deserialize(dict));
        char key[32];
        snprintf(key, sizeof key, "'%s'", int_options[i].key);
        bool is_ivp = i < IVP_IMPLS;
        int status = is_ivp ? oif_ivp_set_integrator(int_options[i].h, int_options[i].method, dict)
                            : oif_optim_set_method(int_options[i].h, int_options[i].method, dict);
        REFUSED(CONFIG_DICTS, status, OIF_ERROR, int_options[i].impl, key, "1099511627781",
                "does not fit in an int");
        oif_config_dict_free(dict);
    }

    for (size_t k = 0; k < IVP_IMPLS; k++) {
        assert_integrates_decay(ivp[k]);
        CHECK(oif_unload_impl(ivp[k]));
    }
    for (size_t k = 0; k < OPTIM_IMPLS; k++) {
        assert_minimizes_sum_of_squares(optim[k]);
        CHECK(oif_unload_impl(optim[k]));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conf_files),   cmocka_unit_test(test_names),
        cmocka_unit_test(test_handles),      cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_arrays),       cmocka_unit_test(test_callbacks),
        cmocka_unit_test(test_config_dicts),
    };
    int failed = cmocka_run_group_tests(tests, setup, teardown);
    char counts[256];
    size_t used = 0;
    unsigned int total = 0;
    for (int b = 0; b < BOUNDARIES; b++) {
        used += (size_t)snprintf(counts + used, sizeof counts - used, "%s%s %u", b ? ", " : "",
                                 boundary_names[b], refused_count[b]);
        total += refused_count[b];
    }
    if (failed == 0) {
        print_message("bad inputs tried: %s (%u in all) -- all refused with a message (or NULL from "
                      "the two handle lookups, as documented), none crashed or exited; %u inputs at "
                      "the boundaries accepted as documented\n",
                      counts, total, accepted_count);
    } else {
        print_message("bad inputs tried before the failures: %s\n", counts);
    }
    return failed;
}
