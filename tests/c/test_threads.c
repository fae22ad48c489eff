/* Threads (docs/threading.md): every implementation, C and Python, loaded,
 * called and unloaded from several threads at once gives what a serial run
 * gives, bit for bit; an instance may pass from thread to thread; a stale
 * handle is refused while other threads load and unload; and each thread
 * keeps its own oif_last_error().
 *
 * The test names say which implementations they use (test_c_impls_...,
 * test_python_impls_..., test_all_impls_...), so that a pattern given as
 * the first argument, a CMocka test filter, picks some: `test_threads
 * 'test_c_impls_*'`.  scripts/run-thread-checks runs them all under
 * ThreadSanitizer. */
#include "test_support.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>

#include <oif/config_dict.h>
#include <oif/interfaces/ivp.h>
#include <oif/interfaces/linsolve.h>
#include <oif/interfaces/optim.h>
#include <oif/interfaces/qeq.h>
#include <oif/util.h>

enum {
    NUM_THREADS = 4,
    REPS = 6,       /* problems per thread and implementation */
    MAX_CASES = 16,
    ERROR_ROUNDS = 50,
};

/* The problem of one thread in one repetition; every one differs. */
static double parameter(int thread, int rep) { return 1.25 + 0.375 * thread + 0.0625 * rep; }

/* ---- one problem per interface, parametrised by p ------------------------ */

typedef struct Case Case;

/* Solves the problem for p with instance h into result[0..1]; 0, or
 * non-zero with the reason in `why`. */
typedef int (*Solve)(const Case *c, ImplHandle h, double p, double result[2], char *why, size_t why_size);

struct Case {
    const char *interface;
    const char *impl;
    const char *method; /* the integrator or minimisation method; NULL: the default */
    Solve solve;
    double accuracy; /* of the minimiser; 0: 1e-5 */
};

static int failed_call(const char *call, char *why, size_t why_size)
{
    snprintf(why, why_size, "%s failed: %s", call, oif_last_error());
    return 1;
}

#define TRY(call)                                                                                  \
    do {                                                                                           \
        if ((call) != 0) {                                                                         \
            return failed_call(#call, why, why_size);                                              \
        }                                                                                          \
    } while (0)

static int check_close(double value, double expected, double tolerance, const char *what, char *why,
                       size_t why_size)
{
    if (fabs(value - expected) <= tolerance) {
        return 0;
    }
    snprintf(why, why_size, "%s is %.17g, expected %.17g within %g", what, value, expected, tolerance);
    return 1;
}

/* x^2 - (p + 2) x + 2p = (x - p)(x - 2) */
static int solve_qeq(const Case *c, ImplHandle h, double p, double result[2], char *why, size_t why_size)
{
    (void)c;
    intptr_t dims[1];
    OIFArrayF64 roots = vector(result, dims, 2);
    TRY(oif_solve_qeq(h, 1.0, -(p + 2.0), 2.0 * p, &roots));
    double larger = p > 2.0 ? p : 2.0, smaller = p > 2.0 ? 2.0 : p;
    return check_close(result[0], larger, 1e-14, "the larger root", why, why_size) ||
           check_close(result[1], smaller, 1e-14, "the smaller root", why, why_size);
}

/* [[p, 1], [1, 3]] x = [1, 2] */
static int solve_linear_system(const Case *c, ImplHandle h, double p, double result[2], char *why,
                               size_t why_size)
{
    (void)c;
    double A[] = {p, 1.0, 1.0, 3.0}, b[] = {1.0, 2.0};
    intptr_t A_dims[] = {2, 2}, b_dims[1], x_dims[1];
    OIFArrayF64 A_view = {2, A_dims, A, OIF_ARRAY_C_CONTIGUOUS};
    OIFArrayF64 b_view = vector(b, b_dims, 2), x_view = vector(result, x_dims, 2);
    TRY(oif_solve_linear_system(h, &A_view, &b_view, &x_view));
    double det = 3.0 * p - 1.0;
    return check_close(result[0], 1.0 / det, 1e-14, "x[0]", why, why_size) ||
           check_close(result[1], (2.0 * p - 1.0) / det, 1e-14, "x[1]", why, why_size);
}

/* y'' = -p^2 y, p from the user data: each instance has its own. */
static int oscillator(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    (void)t;
    double p = *(const double *)user_data;
    ydot->data[0] = y->data[1];
    ydot->data[1] = -p * p * y->data[0];
    return 0;
}

/* One integrate call per initial value: SciPy's vode restarts from the last
 * output when another instance ran in between (docs/threading.md), which
 * changes its later steps; a fresh start does not depend on the others. */
static int integrate(const Case *c, ImplHandle h, double p, double result[2], char *why, size_t why_size)
{
    double y0[] = {1.0, 0.0};
    intptr_t y0_dims[1], y_dims[1];
    OIFArrayF64 y0_view = vector(y0, y0_dims, 2), y_view = vector(result, y_dims, 2);
    if (c->method != NULL) {
        TRY(oif_ivp_set_integrator(h, c->method, NULL));
    }
    TRY(oif_ivp_set_tolerances(h, 1e-9, 1e-12));
    TRY(oif_ivp_set_initial_value(h, &y0_view, 0.0));
    TRY(oif_ivp_set_rhs_fn(h, oscillator));
    TRY(oif_ivp_set_user_data(h, &p)); /* used only until integrate returns */
    TRY(oif_ivp_integrate(h, 1.0, &y_view));
    return check_close(result[0], cos(p), 1e-6, "y(1)", why, why_size) ||
           check_close(result[1], -p * sin(p), 1e-6, "y'(1)", why, why_size);
}

/* (x - p)^2 + 2 (y + p)^2, minimum at (p, -p) */
static double paraboloid(OIFArrayF64 *x, void *user_data)
{
    double p = *(const double *)user_data;
    double dx = x->data[0] - p, dy = x->data[1] + p;
    return dx * dx + 2.0 * dy * dy;
}

static int minimize(const Case *c, ImplHandle h, double p, double result[2], char *why, size_t why_size)
{
    double x0[] = {0.0, 0.0};
    intptr_t x0_dims[1], x_dims[1];
    OIFArrayF64 x0_view = vector(x0, x0_dims, 2), x_view = vector(result, x_dims, 2);
    if (c->method != NULL) {
        TRY(oif_optim_set_method(h, c->method, NULL));
    }
    TRY(oif_optim_set_initial_guess(h, &x0_view));
    TRY(oif_optim_set_objective_fn(h, paraboloid));
    TRY(oif_optim_set_user_data(h, &p));
    int status;
    char *message = NULL;
    TRY(oif_optim_minimize(h, &x_view, &status, &message));
    oif_util_free(message);
    double accuracy = c->accuracy > 0.0 ? c->accuracy : 1e-5;
    return check_close(result[0], p, accuracy, "x[0]", why, why_size) ||
           check_close(result[1], -p, accuracy, "x[1]", why, why_size);
}

static const Case c_cases[] = {
    {"qeq", "c_qeq_solver", NULL, solve_qeq, 0.0},
    {"linsolve", "c_lapack", NULL, solve_linear_system, 0.0},
    {"ivp", "dopri5c", NULL, integrate, 0.0},
    {"ivp", "sundials_cvode", "bdf", integrate, 0.0},
    {"ivp", "sundials_cvode", "adams", integrate, 0.0},
    {"optim", "nlopt", NULL, minimize, 0.0},
    {"optim", "nlopt", "LN_NELDERMEAD", minimize, 0.0},
};

static const Case python_cases[] = {
    {"qeq", "py_qeq_solver", NULL, solve_qeq, 0.0},
    {"linsolve", "numpy", NULL, solve_linear_system, 0.0},
    {"ivp", "scipy_ode", "dopri5", integrate, 0.0},
    {"ivp", "scipy_ode", "vode", integrate, 0.0},
    {"optim", "scipy_optimize", NULL, minimize, 0.0},
    /* SciPy's default xatol = 1e-4 stops Nelder-Mead up to 1e-4 away. */
    {"optim", "scipy_optimize", "Nelder-Mead", minimize, 1e-3},
};

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* ---- workers -------------------------------------------------------------- */

/* CMocka's assertions jump back into the test function, which works only on
 * its own thread: workers record their first failure instead, and the test
 * asserts after joining them. */
typedef struct {
    int index;
    const Case *cases;
    size_t num_cases;
    pthread_barrier_t *start; /* NULL when run serially */
    double results[REPS][MAX_CASES][2];
    char failure[1024];
} Worker;

static void record_failure(Worker *w, const Case *c, int rep, const char *what)
{
    if (w->failure[0] == '\0') {
        snprintf(w->failure, sizeof w->failure, "thread %d, %s/%s%s%s, repetition %d: %s", w->index,
                 c->interface, c->impl, c->method ? " " : "", c->method ? c->method : "", rep, what);
    }
}

static ImplHandle load(Worker *w, const Case *c, int rep)
{
    ImplHandle h = oif_load_impl(c->interface, c->impl, 1, 0);
    if (h < OIF_IMPL_STARTING_NUMBER) {
        record_failure(w, c, rep, oif_last_error());
    }
    return h;
}

/* Every case REPS times.  Each thread keeps one instance per case for the
 * even repetitions and loads a fresh one for each odd one, so that loads
 * and unloads of all threads interleave with calls (and the table of
 * handles grows while others look up theirs).  Threads start at different
 * cases, so that at any moment they use both different implementations
 * and the same. */
static void *work(void *arg)
{
    Worker *w = arg;
    ImplHandle kept[MAX_CASES] = {0};
    if (w->start != NULL) {
        pthread_barrier_wait(w->start); /* the first loads, Python's included, all at once */
    }
    for (size_t i = 0; i < w->num_cases && w->failure[0] == '\0'; i++) {
        size_t c = (i + (size_t)w->index) % w->num_cases;
        kept[c] = load(w, &w->cases[c], -1);
    }
    for (int rep = 0; rep < REPS && w->failure[0] == '\0'; rep++) {
        for (size_t i = 0; i < w->num_cases && w->failure[0] == '\0'; i++) {
            size_t c = (i + (size_t)w->index) % w->num_cases;
            const Case *cs = &w->cases[c];
            bool fresh = rep % 2 == 1;
            ImplHandle h = fresh ? load(w, cs, rep) : kept[c];
            if (h < OIF_IMPL_STARTING_NUMBER) {
                break;
            }
            char why[512];
            if (cs->solve(cs, h, parameter(w->index, rep), w->results[rep][c], why, sizeof why) != 0) {
                record_failure(w, cs, rep, why);
            }
            if (fresh && oif_unload_impl(h) != 0) {
                record_failure(w, cs, rep, oif_last_error());
            }
        }
    }
    for (size_t c = 0; c < w->num_cases; c++) {
        if (kept[c] >= OIF_IMPL_STARTING_NUMBER && oif_unload_impl(kept[c]) != 0) {
            record_failure(w, &w->cases[c], -1, oif_last_error());
        }
    }
    return NULL;
}

static void init_workers(Worker *workers, const Case *cases, size_t num_cases, pthread_barrier_t *start)
{
    assert_true(num_cases <= MAX_CASES);
    for (int t = 0; t < NUM_THREADS; t++) {
        workers[t] = (Worker){.index = t, .cases = cases, .num_cases = num_cases, .start = start};
    }
}

static void assert_no_failures(const Worker *workers)
{
    for (int t = 0; t < NUM_THREADS; t++) {
        if (workers[t].failure[0] != '\0') {
            print_error("%s\n", workers[t].failure);
            fail();
        }
    }
}

static void run_concurrently(Worker *workers, const Case *cases, size_t num_cases)
{
    pthread_barrier_t start;
    assert_int_equal(pthread_barrier_init(&start, NULL, NUM_THREADS), 0);
    init_workers(workers, cases, num_cases, &start);
    pthread_t threads[NUM_THREADS];
    for (int t = 0; t < NUM_THREADS; t++) {
        assert_int_equal(pthread_create(&threads[t], NULL, work, &workers[t]), 0);
    }
    for (int t = 0; t < NUM_THREADS; t++) {
        assert_int_equal(pthread_join(threads[t], NULL), 0);
    }
    pthread_barrier_destroy(&start);
    assert_no_failures(workers);
}

/* The same work, one thread's after the other's, on this thread. */
static void run_serially(Worker *workers, const Case *cases, size_t num_cases)
{
    init_workers(workers, cases, num_cases, NULL);
    for (int t = 0; t < NUM_THREADS; t++) {
        work(&workers[t]);
    }
    assert_no_failures(workers);
}

static void assert_same_results(const Worker *concurrent, const Worker *serial)
{
    for (int t = 0; t < NUM_THREADS; t++) {
        for (int rep = 0; rep < REPS; rep++) {
            for (size_t c = 0; c < concurrent[t].num_cases; c++) {
                const double *a = concurrent[t].results[rep][c], *b = serial[t].results[rep][c];
                if (memcmp(a, b, 2 * sizeof *a) != 0) {
                    const Case *cs = &concurrent[t].cases[c];
                    print_error("thread %d, %s/%s %s, repetition %d: concurrently [%a, %a], serially "
                                "[%a, %a]\n",
                                t, cs->interface, cs->impl, cs->method ? cs->method : "", rep, a[0],
                                a[1], b[0], b[1]);
                    fail();
                }
            }
        }
    }
}

/* Concurrently first: for the Python implementations of a fresh process,
 * that is also four threads starting the interpreter and importing the
 * same modules at once. */
static void check_concurrent_equals_serial(const Case *cases, size_t num_cases)
{
    static Worker concurrent[NUM_THREADS], serial[NUM_THREADS];
    run_concurrently(concurrent, cases, num_cases);
    run_serially(serial, cases, num_cases);
    assert_same_results(concurrent, serial);
}

static void test_python_impls_concurrently_as_serially(void **state)
{
    (void)state;
    check_concurrent_equals_serial(python_cases, COUNT(python_cases));
}

static void test_c_impls_concurrently_as_serially(void **state)
{
    (void)state;
    check_concurrent_equals_serial(c_cases, COUNT(c_cases));
}

static void test_all_impls_concurrently_as_serially(void **state)
{
    (void)state;
    Case all[COUNT(c_cases) + COUNT(python_cases)];
    memcpy(all, c_cases, sizeof c_cases);
    memcpy(all + COUNT(c_cases), python_cases, sizeof python_cases);
    check_concurrent_equals_serial(all, COUNT(all));
}

/* ---- an instance passed from thread to thread ----------------------------- */

typedef struct {
    const Case *cases;
    size_t num_cases;
    ImplHandle handles[MAX_CASES];
    double results[MAX_CASES][2];
    char failure[1024];
} Relay;

static void *load_all(void *arg)
{
    Relay *r = arg;
    for (size_t c = 0; c < r->num_cases; c++) {
        r->handles[c] = oif_load_impl(r->cases[c].interface, r->cases[c].impl, 1, 0);
        if (r->handles[c] < OIF_IMPL_STARTING_NUMBER && r->failure[0] == '\0') {
            snprintf(r->failure, sizeof r->failure, "loading %s: %s", r->cases[c].impl, oif_last_error());
        }
    }
    return NULL;
}

static void *solve_all(void *arg)
{
    Relay *r = arg;
    for (size_t c = 0; c < r->num_cases && r->failure[0] == '\0'; c++) {
        char why[512];
        if (r->cases[c].solve(&r->cases[c], r->handles[c], 1.5, r->results[c], why, sizeof why) != 0) {
            snprintf(r->failure, sizeof r->failure, "%s: %s", r->cases[c].impl, why);
        }
    }
    return NULL;
}

static void *unload_all(void *arg)
{
    Relay *r = arg;
    for (size_t c = 0; c < r->num_cases; c++) {
        if (oif_unload_impl(r->handles[c]) != 0 && r->failure[0] == '\0') {
            snprintf(r->failure, sizeof r->failure, "unloading %s: %s", r->cases[c].impl, oif_last_error());
        }
    }
    return NULL;
}

static void run_in_new_thread(void *(*fn)(void *), void *arg)
{
    pthread_t thread;
    assert_int_equal(pthread_create(&thread, NULL, fn, arg), 0);
    assert_int_equal(pthread_join(thread, NULL), 0);
}

/* Instances belong to no thread: loaded in one, called in a second,
 * unloaded in a third (one after the other, never at once). */
static void check_relay(const Case *cases, size_t num_cases)
{
    static Relay relay;
    memset(&relay, 0, sizeof relay);
    relay.cases = cases;
    relay.num_cases = num_cases;
    run_in_new_thread(load_all, &relay);
    run_in_new_thread(solve_all, &relay);
    run_in_new_thread(unload_all, &relay);
    if (relay.failure[0] != '\0') {
        print_error("%s\n", relay.failure);
        fail();
    }
}

static void test_c_impls_instance_passes_between_threads(void **state)
{
    (void)state;
    check_relay(c_cases, COUNT(c_cases));
}

static void test_python_impls_instance_passes_between_threads(void **state)
{
    (void)state;
    check_relay(python_cases, COUNT(python_cases));
}

/* ---- oif_last_error() is per thread --------------------------------------- */

typedef struct {
    int index;
    const char *impl; /* of qeq */
    pthread_barrier_t *start;
    char failure[1024];
} Complainer;

static bool last_error_mentions(Complainer *w, const char *fragment, const char *when)
{
    if (strstr(oif_last_error(), fragment) != NULL) {
        return true;
    }
    if (w->failure[0] == '\0') {
        snprintf(w->failure, sizeof w->failure, "thread %d %s: its last error \"%s\" does not mention \"%s\"",
                 w->index, when, oif_last_error(), fragment);
    }
    return false;
}

/* Fails in words of its own (a load naming this thread, then the
 * implementation refusing complex roots with a discriminant only this
 * thread uses), while the other threads do the same; its message must stay
 * its own, also across its successful calls. */
static void *complain(void *arg)
{
    Complainer *w = arg;
    ImplHandle h = oif_load_impl("qeq", w->impl, 1, 0);
    pthread_barrier_wait(w->start);
    if (h < OIF_IMPL_STARTING_NUMBER) {
        snprintf(w->failure, sizeof w->failure, "loading %s: %s", w->impl, oif_last_error());
        return NULL;
    }
    double roots[2];
    intptr_t dims[1];
    OIFArrayF64 roots_view = vector(roots, dims, 2);
    for (int k = 0; k < ERROR_ROUNDS && w->failure[0] == '\0'; k++) {
        char missing[64];
        snprintf(missing, sizeof missing, "missing_%d_%d", w->index, k);
        if (oif_load_impl("qeq", missing, 1, 0) >= OIF_IMPL_STARTING_NUMBER) {
            snprintf(w->failure, sizeof w->failure, "loading '%s' succeeded", missing);
            break;
        }
        if (!last_error_mentions(w, missing, "after a failed load")) {
            break;
        }
        double c = (double)(NUM_THREADS * k + w->index + 1); /* x^2 + c = 0 */
        char discriminant[64];
        snprintf(discriminant, sizeof discriminant, "discriminant %g ", -4.0 * c);
        if (oif_solve_qeq(h, 1.0, 0.0, c, &roots_view) == 0) {
            snprintf(w->failure, sizeof w->failure, "x^2 + %g = 0 was solved", c);
            break;
        }
        if (!last_error_mentions(w, discriminant, "after complex roots")) {
            break;
        }
        if (oif_solve_qeq(h, 1.0, -3.0, 2.0, &roots_view) != 0) {
            snprintf(w->failure, sizeof w->failure, "x^2 - 3x + 2 = 0: %s", oif_last_error());
            break;
        }
        sched_yield(); /* let the others fail meanwhile */
        last_error_mentions(w, discriminant, "after a successful call");
    }
    if (oif_unload_impl(h) != 0 && w->failure[0] == '\0') {
        snprintf(w->failure, sizeof w->failure, "unloading: %s", oif_last_error());
    }
    return NULL;
}

static void check_errors_stay_per_thread(const char *impl)
{
    pthread_barrier_t start;
    assert_int_equal(pthread_barrier_init(&start, NULL, NUM_THREADS), 0);
    Complainer workers[NUM_THREADS];
    pthread_t threads[NUM_THREADS];
    for (int t = 0; t < NUM_THREADS; t++) {
        workers[t] = (Complainer){.index = t, .impl = impl, .start = &start};
        assert_int_equal(pthread_create(&threads[t], NULL, complain, &workers[t]), 0);
    }
    for (int t = 0; t < NUM_THREADS; t++) {
        assert_int_equal(pthread_join(threads[t], NULL), 0);
    }
    pthread_barrier_destroy(&start);
    for (int t = 0; t < NUM_THREADS; t++) {
        if (workers[t].failure[0] != '\0') {
            print_error("%s\n", workers[t].failure);
            fail();
        }
    }
}

/* ---- stale handles while other threads load and unload -------------------- */

enum { NUM_STALE = 128, CHURN_ROUNDS = 300 };

typedef struct {
    int index;
    const ImplHandle *stale; /* NUM_STALE handles, all unloaded */
    pthread_barrier_t *start;
    atomic_int *churning; /* threads still loading and unloading */
    char failure[1024];
} Churner;

/* Thread 0 calls with the stale handles, whose slots in the table of
 * handles the other threads' new instances take and give back meanwhile:
 * each call must be refused without touching those instances, which may
 * be freed at that very moment (ThreadSanitizer checks the "without"). */
static void *churn(void *arg)
{
    Churner *w = arg;
    double roots[2];
    intptr_t dims[1];
    OIFArrayF64 roots_view = vector(roots, dims, 2);
    pthread_barrier_wait(w->start);
    if (w->index == 0) {
        while (atomic_load(w->churning) > 0 && w->failure[0] == '\0') {
            for (int i = 0; i < NUM_STALE && w->failure[0] == '\0'; i++) {
                if (oif_solve_qeq(w->stale[i], 1.0, -3.0, 2.0, &roots_view) == 0 ||
                    strstr(oif_last_error(), "no implementation is loaded with handle") == NULL) {
                    snprintf(w->failure, sizeof w->failure, "stale handle %d: %s", w->stale[i],
                             oif_last_error());
                }
            }
        }
        return NULL;
    }
    for (int k = 0; k < CHURN_ROUNDS && w->failure[0] == '\0'; k++) {
        ImplHandle h = oif_load_impl("qeq", "c_qeq_solver", 1, 0);
        if (h < OIF_IMPL_STARTING_NUMBER || oif_solve_qeq(h, 1.0, -3.0, 2.0, &roots_view) != 0 ||
            roots[0] != 2.0 || oif_unload_impl(h) != 0) {
            snprintf(w->failure, sizeof w->failure, "thread %d, round %d: %s", w->index, k, oif_last_error());
        }
    }
    atomic_fetch_sub(w->churning, 1);
    return NULL;
}

static void test_c_impls_stale_handles_refused_while_others_load(void **state)
{
    (void)state;
    /* Keeps the library loaded, so that each load of the churn is quick
     * (no mapping of the shared object) and the slots turn over fast. */
    ImplHandle pin = oif_load_impl("qeq", "c_qeq_solver", 1, 0);
    assert_true(pin >= OIF_IMPL_STARTING_NUMBER);
    ImplHandle stale[NUM_STALE];
    for (int i = 0; i < NUM_STALE; i++) {
        stale[i] = oif_load_impl("qeq", "c_qeq_solver", 1, 0);
        assert_true(stale[i] >= OIF_IMPL_STARTING_NUMBER);
    }
    for (int i = 0; i < NUM_STALE; i++) {
        assert_int_equal(oif_unload_impl(stale[i]), 0);
    }
    pthread_barrier_t start;
    assert_int_equal(pthread_barrier_init(&start, NULL, NUM_THREADS), 0);
    atomic_int churning = NUM_THREADS - 1;
    Churner workers[NUM_THREADS];
    pthread_t threads[NUM_THREADS];
    for (int t = 0; t < NUM_THREADS; t++) {
        workers[t] = (Churner){.index = t, .stale = stale, .start = &start, .churning = &churning};
        assert_int_equal(pthread_create(&threads[t], NULL, churn, &workers[t]), 0);
    }
    for (int t = 0; t < NUM_THREADS; t++) {
        assert_int_equal(pthread_join(threads[t], NULL), 0);
    }
    pthread_barrier_destroy(&start);
    assert_int_equal(oif_unload_impl(pin), 0);
    for (int t = 0; t < NUM_THREADS; t++) {
        if (workers[t].failure[0] != '\0') {
            print_error("%s\n", workers[t].failure);
            fail();
        }
    }
}

static void test_c_impls_error_messages_stay_per_thread(void **state)
{
    (void)state;
    check_errors_stay_per_thread("c_qeq_solver");
}

static void test_python_impls_error_messages_stay_per_thread(void **state)
{
    (void)state;
    check_errors_stay_per_thread("py_qeq_solver");
}

int main(int argc, char **argv)
{
    /* The Python tests come first: their first loads are the process's. */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_python_impls_concurrently_as_serially),
        cmocka_unit_test(test_c_impls_concurrently_as_serially),
        cmocka_unit_test(test_all_impls_concurrently_as_serially),
        cmocka_unit_test(test_c_impls_instance_passes_between_threads),
        cmocka_unit_test(test_python_impls_instance_passes_between_threads),
        cmocka_unit_test(test_c_impls_stale_handles_refused_while_others_load),
        cmocka_unit_test(test_c_impls_error_messages_stay_per_thread),
        cmocka_unit_test(test_python_impls_error_messages_stay_per_thread),
    };
    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
