/* Loading, calling and unloading an implementation 10 000 times leaves
 * resident memory flat (a requirement of the design): every shipped
 * implementation, C and Python, goes round load -> one call with a known
 * answer -> unload, and the growth of VmRSS after a warm-up must stay
 * below bounds that a leak of a few hundred bytes per round exceeds.
 *
 * Why RSS and not a malloc counter: a leak can sit anywhere on the path --
 * the dispatcher, a bridge, dlopen/dlclose of the implementation's library,
 * the embedded interpreter (pymalloc arenas), the implementation itself --
 * and only the kernel's count of resident pages sees all of them at once.
 * valgrind and ASan say where a leak is; this says that there is none over
 * many rounds, which they cannot afford to run. */
#include "test_support.h"

#include <time.h>

#include <oif/interfaces/ivp.h>
#include <oif/interfaces/linsolve.h>
#include <oif/interfaces/optim.h>
#include <oif/interfaces/qeq.h>
#include <oif/util.h>

enum {
    ROUNDS = 10000,
    /* First loads fill caches that are meant to stay: the bridge and the
     * embedded interpreter, imported modules, malloc's free lists, the
     * handle table.  RSS is watched from here on. */
    WARM_UP_ROUNDS = 1000,
    /* RSS is sampled every INTERVAL rounds after the warm-up: 9 intervals. */
    INTERVAL = 1000,
    NUM_INTERVALS = (ROUNDS - WARM_UP_ROUNDS) / INTERVAL,
};

/*
 * The bounds, from runs of this test and of 60 000 rounds on the shipped
 * implementations.  After the warm-up, flat runs grow by at most 128 KiB in
 * total (malloc's heap top moving), except for a creep of about 7 bytes
 * per round with scipy_optimize (tracemalloc sees Python's allocations
 * stay flat: fragmentation, presumably).  Steps that
 * happen once and stay are possible too: a new pymalloc arena (1 MiB); and
 * CPython reallocating its ~1 MiB table of interned strings, which loads
 * churned, in steps of up to 1.9 MB, until _bridge_support stopped
 * building a pathlib.Path on every load.  A leak instead grows RSS in
 * every interval.  Hence two checks:
 *
 * - steady growth: the median of the 9 interval increments, which ignores
 *   up to 4 one-time steps, must stay below 64 KiB per 1000 rounds (64 B
 *   per round); a leak of 100 bytes per load failed it for 8 of the 9
 *   implementations (scipy_optimize's heap has holes that absorb part);
 * - total growth over the 9000 rounds must stay below 2 MiB (233 B per
 *   round), for leaks in bursts that the median would miss.
 *
 * A leak of 1 KiB per load adds 1 MiB per interval and 8.8 MiB in total
 * and fails both (checked by adding one to the dispatcher's load).
 */
static const long STEADY_GROWTH_BOUND_BYTES = 64L * 1024; /* per INTERVAL rounds */
static const long TOTAL_GROWTH_BOUND_BYTES = 2L << 20;

/* VmRSS of this process in bytes, from /proc/self/status. */
static long resident_bytes(void)
{
    FILE *status = fopen("/proc/self/status", "r");
    assert_non_null(status);
    char line[256];
    long kib = -1;
    while (fgets(line, sizeof line, status) != NULL) {
        if (sscanf(line, "VmRSS: %ld kB", &kib) == 1) {
            break;
        }
    }
    fclose(status);
    assert_true(kib > 0);
    return kib * 1024;
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + 1e-9 * (double)(now.tv_nsec - start->tv_nsec);
}

static int compare_longs(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* One call with a known answer on a freshly loaded instance. */
typedef void (*OneCall)(ImplHandle h);

static void soak(const char *interface, const char *impl, OneCall one_call)
{
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    long samples[NUM_INTERVALS + 1];
    for (int round = 0; round < ROUNDS; round++) {
        if (round >= WARM_UP_ROUNDS && (round - WARM_UP_ROUNDS) % INTERVAL == 0) {
            samples[(round - WARM_UP_ROUNDS) / INTERVAL] = resident_bytes();
        }
        ImplHandle h = oif_load_impl(interface, impl, 1, 0);
        if (h < OIF_IMPL_STARTING_NUMBER) {
            print_error("round %d: loading %s failed: %s\n", round, impl, oif_last_error());
            fail();
        }
        one_call(h);
        CHECK(oif_unload_impl(h));
    }
    samples[NUM_INTERVALS] = resident_bytes();

    long increments[NUM_INTERVALS];
    for (int i = 0; i < NUM_INTERVALS; i++) {
        increments[i] = samples[i + 1] - samples[i];
    }
    qsort(increments, NUM_INTERVALS, sizeof increments[0], compare_longs);
    long steady = increments[NUM_INTERVALS / 2];
    long total = samples[NUM_INTERVALS] - samples[0];
    /* On stdout, so that `meson test -v` shows the margins and the time. */
    printf("%s/%s: %d rounds in %.2f s; RSS after round %d: %ld KiB, then %+ld KiB in total, "
           "median %+ld KiB per %d rounds\n",
           interface, impl, ROUNDS, seconds_since(&start), WARM_UP_ROUNDS, samples[0] / 1024,
           total / 1024, steady / 1024, INTERVAL);
    fflush(stdout);
    if (steady >= STEADY_GROWTH_BOUND_BYTES || total >= TOTAL_GROWTH_BOUND_BYTES) {
        print_error("%s/%s leaks: resident memory grew by %ld bytes over %d rounds, by a median %ld "
                    "bytes per %d rounds (bounds %ld and %ld)\n",
                    interface, impl, total, ROUNDS - WARM_UP_ROUNDS, steady, INTERVAL,
                    TOTAL_GROWTH_BOUND_BYTES, STEADY_GROWTH_BOUND_BYTES);
        fail();
    }
}

/* ---- one call per interface ------------------------------------------- */

static void solve_qeq_once(ImplHandle h)
{
    double roots[2];
    intptr_t dims[1];
    OIFArrayF64 roots_view = vector(roots, dims, 2);
    CHECK(oif_solve_qeq(h, 1.0, -3.0, 2.0, &roots_view));
    /* Exact: (x - 2)(x - 1), and both formulas are exact for these. */
    assert_true(roots[0] == 2.0 && roots[1] == 1.0);
}

static void solve_linear_system_once(ImplHandle h)
{
    /* [[2, 1], [1, 3]] x = [3, 5]  =>  x = [0.8, 1.4] */
    double A[] = {2.0, 1.0, 1.0, 3.0}, b[] = {3.0, 5.0}, x[2];
    intptr_t A_dims[] = {2, 2}, b_dims[1], x_dims[1];
    OIFArrayF64 A_view = {2, A_dims, A, OIF_ARRAY_C_CONTIGUOUS};
    OIFArrayF64 b_view = vector(b, b_dims, 2), x_view = vector(x, x_dims, 2);
    CHECK(oif_solve_linear_system(h, &A_view, &b_view, &x_view));
    assert_double_equal(x[0], 0.8, 1e-15);
    assert_double_equal(x[1], 1.4, 1e-15);
}

static int decay(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    (void)t, (void)user_data;
    ydot->data[0] = -y->data[0];
    return 0;
}

static void integrate_once(ImplHandle h)
{
    /* y' = -y, y(0) = 1: y(0.5) = exp(-0.5).  A short interval keeps the
     * round cheap; the default tolerances (rtol 1e-6) bound the error. */
    double y0[] = {1.0}, y[1];
    intptr_t y0_dims[1], y_dims[1];
    OIFArrayF64 y0_view = vector(y0, y0_dims, 1), y_view = vector(y, y_dims, 1);
    CHECK(oif_ivp_set_initial_value(h, &y0_view, 0.0));
    CHECK(oif_ivp_set_rhs_fn(h, decay));
    CHECK(oif_ivp_integrate(h, 0.5, &y_view));
    assert_double_equal(y[0], exp(-0.5), 1e-5);
}

static double shifted_paraboloid(OIFArrayF64 *x, void *user_data)
{
    (void)user_data;
    double dx = x->data[0] - 1.0, dy = x->data[1] + 2.0;
    return dx * dx + 2.0 * dy * dy;
}

static void minimize_once(ImplHandle h)
{
    /* The minimum of (x - 1)^2 + 2 (y + 2)^2 is at (1, -2). */
    double x0[] = {0.0, 0.0}, x[2];
    intptr_t x0_dims[1], x_dims[1];
    OIFArrayF64 x0_view = vector(x0, x0_dims, 2), x_view = vector(x, x_dims, 2);
    CHECK(oif_optim_set_initial_guess(h, &x0_view));
    CHECK(oif_optim_set_objective_fn(h, shifted_paraboloid));
    int status;
    char *message = NULL;
    CHECK(oif_optim_minimize(h, &x_view, &status, &message));
    oif_util_free(message);
    /* The defaults, BFGS with finite differences (scipy_optimize) and
     * BOBYQA (nlopt), both stop well within this. */
    assert_double_equal(x[0], 1.0, 1e-5);
    assert_double_equal(x[1], -2.0, 1e-5);
}

/* ---- one test per implementation --------------------------------------- */

#define SOAK_TEST(interface, impl, one_call)                                                       \
    static void test_soak_##impl(void **state)                                                     \
    {                                                                                              \
        (void)state;                                                                               \
        soak(#interface, #impl, one_call);                                                         \
    }

SOAK_TEST(qeq, c_qeq_solver, solve_qeq_once)
SOAK_TEST(qeq, py_qeq_solver, solve_qeq_once)
SOAK_TEST(linsolve, c_lapack, solve_linear_system_once)
SOAK_TEST(linsolve, numpy, solve_linear_system_once)
SOAK_TEST(ivp, dopri5c, integrate_once)
SOAK_TEST(ivp, sundials_cvode, integrate_once)
SOAK_TEST(ivp, scipy_ode, integrate_once)
SOAK_TEST(optim, nlopt, minimize_once)
SOAK_TEST(optim, scipy_optimize, minimize_once)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_soak_c_qeq_solver),   cmocka_unit_test(test_soak_py_qeq_solver),
        cmocka_unit_test(test_soak_c_lapack),       cmocka_unit_test(test_soak_numpy),
        cmocka_unit_test(test_soak_dopri5c),        cmocka_unit_test(test_soak_sundials_cvode),
        cmocka_unit_test(test_soak_scipy_ode),      cmocka_unit_test(test_soak_nlopt),
        cmocka_unit_test(test_soak_scipy_optimize),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
