/* What sundials_cvode owes its users beyond the generic ivp tests
 * (test_ivp.c): stiff problems in seconds, its two integrators and their
 * options, clear errors that never reach stderr, its own copy of y0, and
 * its statistics. */
#include "test_support.h"
#include "ivp_decay.h"

#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include <oif/interfaces/ivp.h>

static int setup(void **state)
{
    return load_impl_into_state(state, "ivp", "sundials_cvode");
}

/* ---- problems ---------------------------------------------------------- */

static const double vdp_mu = 1000.0;

/* Van der Pol: y0'' = mu (1 - y0^2) y0' - y0, very stiff for mu = 1000. */
static int van_der_pol_rhs(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    (void)t, (void)user_data;
    ydot->data[0] = y->data[1];
    ydot->data[1] = vdp_mu * (1.0 - y->data[0] * y->data[0]) * y->data[1] - y->data[0];
    return 0;
}

/* Fails once t passes the threshold that user_data points to. */
static int rhs_failing_after(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    if (t > *(double *)user_data) {
        return 7;
    }
    ydot->data[0] = -y->data[0];
    return 0;
}

static OIFConfigDict *int_option(const char *key, int value)
{
    OIFConfigDict *d = oif_config_dict_init();
    assert_int_equal(oif_config_dict_add_int(d, key, value), 0);
    return d;
}

static OIFConfigDict *double_option(const char *key, double value)
{
    OIFConfigDict *d = oif_config_dict_init();
    assert_int_equal(oif_config_dict_add_double(d, key, value), 0);
    return d;
}

/* set_integrator(name, options) must fail; the options stay the caller's. */
static void assert_set_integrator_fails(ImplHandle h, const char *name, OIFConfigDict *options)
{
    assert_int_not_equal(oif_ivp_set_integrator(h, name, options), 0);
    oif_config_dict_free(options);
}

/* ---- capturing stderr --------------------------------------------------- */

static FILE *captured_stderr;
static int saved_stderr = -1;

static void start_capturing_stderr(void)
{
    fflush(stderr);
    captured_stderr = tmpfile();
    assert_non_null(captured_stderr);
    saved_stderr = dup(STDERR_FILENO);
    assert_true(saved_stderr >= 0);
    assert_true(dup2(fileno(captured_stderr), STDERR_FILENO) >= 0);
}

/* Restores stderr and fails the test, showing what was printed, unless
 * nothing was. */
static void assert_stderr_was_empty(void)
{
    char text[1024];
    fflush(stderr);
    assert_true(dup2(saved_stderr, STDERR_FILENO) >= 0);
    close(saved_stderr);
    rewind(captured_stderr);
    size_t length = fread(text, 1, sizeof text - 1, captured_stderr);
    text[length] = '\0';
    fclose(captured_stderr);
    if (length != 0) {
        print_error("printed to stderr: \"%s\"\n", text);
        fail();
    }
}

/* u' = D u - u^3 with D the tridiagonal second difference of n points,
 * scaled by (n + 1)^2: stiff, with a tridiagonal Jacobian. */
static int heat_cubic_rhs(double t, OIFArrayF64 *u, OIFArrayF64 *udot, void *user_data)
{
    (void)t;
    long *calls = user_data;
    ++*calls;
    intptr_t n = u->dimensions[0];
    double scale = (double)((n + 1) * (n + 1));
    for (intptr_t i = 0; i < n; i++) {
        double left = i > 0 ? u->data[i - 1] : 0.0, right = i + 1 < n ? u->data[i + 1] : 0.0;
        udot->data[i] = scale * (left - 2.0 * u->data[i] + right) - u->data[i] * u->data[i] * u->data[i];
    }
    return 0;
}

/* Integrates the heat problem of `n` points to t = 0.05 with the
 * integrator options `options` (NULL: none), writing u into `u`, and
 * returns the right-hand side's calls. */
static long solve_heat_cubic(ImplHandle h, intptr_t n, OIFConfigDict *options, double *u)
{
    long calls = 0;
    intptr_t dims[1] = {n};
    for (intptr_t i = 0; i < n; i++) {
        u[i] = sin(M_PI * (double)(i + 1) / (double)(n + 1));
    }
    OIFArrayF64 u_array = {1, dims, u, OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS};
    if (options != NULL) {
        CHECK(oif_ivp_set_integrator(h, "bdf", options));
        oif_config_dict_free(options);
    }
    CHECK(oif_ivp_set_initial_value(h, &u_array, 0.0));
    CHECK(oif_ivp_set_rhs_fn(h, heat_cubic_rhs));
    CHECK(oif_ivp_set_user_data(h, &calls));
    CHECK(oif_ivp_set_tolerances(h, 1e-8, 1e-10));
    CHECK(oif_ivp_integrate(h, 0.05, &u_array));
    return calls;
}

static long stat_of(ImplHandle h, const char *key)
{
    OIFConfigDict *stats = NULL;
    CHECK(oif_ivp_get_stats(h, &stats));
    long value = oif_config_dict_get_int(stats, key);
    oif_config_dict_free(stats);
    return value;
}

enum { NO_BANDWIDTH = -1000 };

/* The options of a linear solver, with both bandwidths unless NO_BANDWIDTH. */
static OIFConfigDict *linear_solver_options(const char *name, int bandwidth, const char *preconditioner)
{
    OIFConfigDict *d = oif_config_dict_init();
    assert_int_equal(oif_config_dict_add_str(d, "linear_solver", name), 0);
    if (preconditioner != NULL) {
        assert_int_equal(oif_config_dict_add_str(d, "preconditioner", preconditioner), 0);
    }
    if (bandwidth != NO_BANDWIDTH) {
        assert_int_equal(oif_config_dict_add_int(d, "upper_bandwidth", bandwidth), 0);
        assert_int_equal(oif_config_dict_add_int(d, "lower_bandwidth", bandwidth), 0);
    }
    return d;
}

/* ---- tests ------------------------------------------------------------- */

static double seconds_now(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + 1e-9 * (double)now.tv_nsec;
}

/* From y(0) = (2, 0) the solution relaxes along the limit cycle of period
 * about (3 - 2 ln 2) mu = 1614: y0 crosses zero at t = 807.08, 1614.29 and
 * 2421.49, and y0(3000) = -1.5106070.  Both figures are from an independent
 * classical RK4 run with 3e7, 6e7 and 1.2e8 fixed steps, which agree to
 * 1e-5 (converging at fourth order). */
static void test_van_der_pol_mu_1000_with_bdf_in_seconds(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    double y0_data[] = {2.0, 0.0}, y_data[2];
    intptr_t d0[1], d1[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 2), y = vector(y_data, d1, 2);
    CHECK(oif_ivp_set_integrator(h, "bdf", NULL));
    CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
    CHECK(oif_ivp_set_rhs_fn(h, van_der_pol_rhs));
    CHECK(oif_ivp_set_tolerances(h, 1e-8, 1e-8));

    double started = seconds_now();
    double crossings[4];
    int n_crossings = 0;
    double previous = y0_data[0];
    for (int i = 1; i <= 3000; i++) {
        double t = (double)i;
        CHECK(oif_ivp_integrate(h, t, &y));
        assert_true(fabs(y_data[0]) <= 2.1);
        if ((y_data[0] > 0) != (previous > 0)) {
            assert_true(n_crossings < 4);
            crossings[n_crossings++] = t;
        }
        previous = y_data[0];
    }
    double elapsed = seconds_now() - started;
    print_message("Van der Pol mu = 1000 to t = 3000 with bdf: %.3f s, y0(3000) = %.9f\n", elapsed,
                  y_data[0]);

    assert_true(elapsed < 10.0);
    assert_int_equal(n_crossings, 3);
    /* Output every unit of time: a crossing is seen at the next integer. */
    assert_double_equal(crossings[0], 808.0, 1.0);
    assert_double_equal(crossings[1], 1615.0, 1.0);
    assert_double_equal(crossings[2], 2422.0, 1.0);
    assert_double_equal(y_data[0], -1.5106070, 1e-3);
}

static void test_bdf_and_adams_solve_decay_to_tolerance(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    const char *integrators[] = {"bdf", "adams"};
    for (size_t i = 0; i < 2; i++) {
        CHECK(oif_ivp_set_integrator(h, integrators[i], NULL));
        double error = decay_error(h, 1e-10, 1e-12);
        print_message("%s: largest error %.3g at rtol 1e-10\n", integrators[i], error);
        assert_true(error < 1e-8);
    }
}

static void test_changing_integrator_continues_from_the_current_state(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    double y0_data[] = {1.0}, y_data[1];
    intptr_t d0[1], d1[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 1), y = vector(y_data, d1, 1);
    CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
    CHECK(oif_ivp_set_rhs_fn(h, unit_decay_rhs));
    CHECK(oif_ivp_set_tolerances(h, 1e-10, 1e-12));
    CHECK(oif_ivp_integrate(h, 0.5, &y));
    CHECK(oif_ivp_set_integrator(h, "adams", NULL));
    CHECK(oif_ivp_integrate(h, 1.0, &y));
    assert_double_equal(y_data[0], exp(-1.0), 1e-8);
}

static void test_integrating_to_t0_gives_y0(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    double y0_data[] = {3.0}, y_data[1] = {0.0};
    intptr_t d0[1], d1[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 1), y = vector(y_data, d1, 1);
    CHECK(oif_ivp_set_initial_value(h, &y0, 2.0));
    CHECK(oif_ivp_set_rhs_fn(h, unit_decay_rhs));
    CHECK(oif_ivp_integrate(h, 2.0, &y));
    assert_true(y_data[0] == 3.0);
}

static void test_every_option_is_accepted(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    const char *integrators[] = {"bdf", "adams"};
    for (size_t i = 0; i < 2; i++) {
        OIFConfigDict *options = oif_config_dict_init();
        oif_config_dict_add_int(options, "max_num_steps", 5000);
        oif_config_dict_add_int(options, "max_order", 3);
        oif_config_dict_add_double(options, "first_step", 1e-4);
        oif_config_dict_add_double(options, "max_step", 0.05);
        oif_config_dict_add_double(options, "min_step", 1e-14);
        CHECK(oif_ivp_set_integrator(h, integrators[i], options));
        oif_config_dict_free(options);
        assert_true(decay_error(h, 1e-8, 1e-10) < 1e-6);

        /* initial_step is first_step's other name; ints pass as floats. */
        options = oif_config_dict_init();
        oif_config_dict_add_double(options, "initial_step", 1e-3);
        oif_config_dict_add_int(options, "max_step", 1);
        CHECK(oif_ivp_set_integrator(h, integrators[i], options));
        oif_config_dict_free(options);
        assert_true(decay_error(h, 1e-8, 1e-10) < 1e-6);
    }
}

/* Every linear solver gives the same solution, counts every call of f, and
 * the ones that factor a Jacobian do so in far fewer calls than Krylov
 * methods take products. */
static void test_every_linear_solver_solves_a_stiff_problem(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    enum { N = 150 };
    double reference[N], u[N];
    solve_heat_cubic(h, N, linear_solver_options("dense", NO_BANDWIDTH, NULL), reference);
    assert_true(stat_of(h, "jacobian_evaluations") > 0 && stat_of(h, "linear_iterations") == 0);
    struct {
        const char *name, *preconditioner;
        int bandwidth;
        bool krylov;
    } solvers[] = {
        {"band", NULL, 1, false},         {"spgmr", "band", 1, true},   {"spbcgs", "band", 2, true},
        {"sptfqmr", "band", 1, true},     {"spgmr", NULL, NO_BANDWIDTH, true}, {"auto", NULL, NO_BANDWIDTH, false},
    };
    for (size_t s = 0; s < sizeof solvers / sizeof solvers[0]; s++) {
        long calls = solve_heat_cubic(h, N, linear_solver_options(solvers[s].name, solvers[s].bandwidth,
                                                                   solvers[s].preconditioner),
                                      u);
        print_message("%s%s%s: %ld calls of f, %ld steps\n", solvers[s].name,
                      solvers[s].preconditioner ? " + preconditioner " : "",
                      solvers[s].preconditioner ? solvers[s].preconditioner : "", calls, stat_of(h, "steps"));
        assert_int_equal(stat_of(h, "rhs_evaluations"), calls);
        assert_int_equal(stat_of(h, "linear_iterations") > 0, solvers[s].krylov);
        for (int i = 0; i < N; i++) {
            assert_double_equal(u[i], reference[i], 1e-5);
        }
    }
}

/* Heat on a ring: the Jacobian is tridiagonal but for its two corners. */
static int ring_heat_rhs(double t, OIFArrayF64 *u, OIFArrayF64 *udot, void *user_data)
{
    (void)t;
    ++*(long *)user_data;
    intptr_t n = u->dimensions[0];
    double scale = (double)(n * n) / 100.0;
    for (intptr_t i = 0; i < n; i++) {
        double left = u->data[(i + n - 1) % n], right = u->data[(i + 1) % n];
        udot->data[i] = scale * (left - 2.0 * u->data[i] + right);
    }
    return 0;
}

/* With no options: dense LU up to 100 equations; beyond, band LU when the
 * Jacobian is banded within 8 (found with a few calls of f), and GMRES
 * preconditioned by that band when only its corners reach beyond. */
static void test_the_default_linear_solver_depends_on_the_problem(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    double u[400];
    solve_heat_cubic(h, 100, NULL, u);
    assert_true(stat_of(h, "jacobian_evaluations") > 0 && stat_of(h, "linear_iterations") == 0);
    /* A band LU: a Jacobian costs 3 calls of f, as the bandwidths are 1. */
    long calls = solve_heat_cubic(h, 400, NULL, u);
    assert_true(stat_of(h, "jacobian_evaluations") > 0 && stat_of(h, "linear_iterations") == 0);
    assert_int_equal(stat_of(h, "rhs_evaluations"), calls);
    assert_true(stat_of(h, "rhs_evaluations_for_jacobian") <= 3 * stat_of(h, "jacobian_evaluations") + 19);

    calls = 0;
    intptr_t dims[1] = {400};
    for (int i = 0; i < 400; i++) {
        u[i] = sin(2.0 * M_PI * i / 400.0);
    }
    OIFArrayF64 u_array = {1, dims, u, OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS};
    CHECK(oif_ivp_set_integrator(h, "bdf", NULL));
    CHECK(oif_ivp_set_initial_value(h, &u_array, 0.0));
    CHECK(oif_ivp_set_rhs_fn(h, ring_heat_rhs));
    CHECK(oif_ivp_set_user_data(h, &calls));
    CHECK(oif_ivp_integrate(h, 1.0, &u_array));
    assert_int_equal(stat_of(h, "jacobian_evaluations"), 0);
    assert_true(stat_of(h, "linear_iterations") > 0 && stat_of(h, "preconditioner_evaluations") > 0);
    assert_int_equal(stat_of(h, "rhs_evaluations"), calls);
    /* The slowest mode decays as exp(-4 pi^2 n^2 / 100 / n^2 t). */
    assert_double_equal(u[100], exp(-4.0 * M_PI * M_PI / 100.0), 1e-4);
}

static void test_bad_linear_solver_options_are_errors(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    OIFConfigDict *options = oif_config_dict_init();
    oif_config_dict_add_str(options, "linear_solver", "klu");
    assert_set_integrator_fails(h, "bdf", options);
    assert_error_mentions("'linear_solver'", "dense", "band", "spgmr", "spbcgs", "sptfqmr", "sparse Jacobian");
    assert_set_integrator_fails(h, "bdf", linear_solver_options("band", NO_BANDWIDTH, NULL));
    assert_error_mentions("'upper_bandwidth'", "needed");
    assert_set_integrator_fails(h, "bdf", linear_solver_options("band", -2, NULL));
    assert_error_mentions("'upper_bandwidth'", ">= 0", "-2");
    assert_set_integrator_fails(h, "bdf", linear_solver_options("dense", NO_BANDWIDTH, "band"));
    assert_error_mentions("'preconditioner'", "Krylov");
    assert_set_integrator_fails(h, "bdf", linear_solver_options("spgmr", NO_BANDWIDTH, "ilu"));
    assert_error_mentions("'preconditioner'", "'none' or 'band'", "ilu");
    assert_set_integrator_fails(h, "bdf", linear_solver_options("dense", 3, NULL));
    assert_error_mentions("'upper_bandwidth'", "is for");
    options = linear_solver_options("band", 1, NULL);
    oif_config_dict_add_int(options, "krylov_dim", 10);
    assert_set_integrator_fails(h, "bdf", options);
    assert_error_mentions("'krylov_dim'", "Krylov");
    options = linear_solver_options("sptfqmr", NO_BANDWIDTH, NULL);
    oif_config_dict_add_int(options, "max_restarts", 2);
    assert_set_integrator_fails(h, "bdf", options);
    assert_error_mentions("'max_restarts'", "spgmr");
    assert_set_integrator_fails(h, "adams", linear_solver_options("dense", NO_BANDWIDTH, NULL));
    assert_error_mentions("'linear_solver'", "bdf", "fixed-point");

    /* Krylov dimension and restarts are taken. */
    options = linear_solver_options("spgmr", 1, "band");
    oif_config_dict_add_int(options, "krylov_dim", 20);
    oif_config_dict_add_int(options, "max_restarts", 2);
    CHECK(oif_ivp_set_integrator(h, "bdf", options));
    oif_config_dict_free(options);
    assert_true(decay_error(h, 1e-8, 1e-10) < 1e-6);
}

static void test_unknown_option_is_an_error_listing_the_valid_ones(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    assert_set_integrator_fails(h, "bdf", int_option("max_steps", 10));
    assert_error_mentions("sundials_cvode", "set_integrator", "'max_steps'", "max_num_steps",
                          "max_order", "first_step", "initial_step", "max_step", "min_step");
}

static void test_option_of_wrong_type_is_an_error(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    assert_set_integrator_fails(h, "bdf", double_option("max_num_steps", 100.5));
    assert_error_mentions("'max_num_steps'", "must be an int", "a float");

    OIFConfigDict *options = oif_config_dict_init();
    oif_config_dict_add_str(options, "max_step", "large");
    assert_set_integrator_fails(h, "adams", options);
    assert_error_mentions("'max_step'", "must be a float", "a string", "min_step");
}

static void test_option_out_of_range_is_an_error(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    assert_set_integrator_fails(h, "bdf", int_option("max_order", 6));
    assert_error_mentions("max_order", "between 1 and 5", "bdf");
    assert_set_integrator_fails(h, "adams", int_option("max_order", 13));
    assert_error_mentions("max_order", "between 1 and 12", "adams");
    assert_set_integrator_fails(h, "bdf", int_option("max_num_steps", 0));
    assert_error_mentions("max_num_steps", "at least 1");
    assert_set_integrator_fails(h, "bdf", double_option("first_step", 0.0));
    assert_error_mentions("first_step", "non-zero");
    assert_set_integrator_fails(h, "bdf", double_option("max_step", -1.0));
    assert_error_mentions("max_step", "positive");

    OIFConfigDict *options = oif_config_dict_init();
    oif_config_dict_add_double(options, "min_step", 0.1);
    oif_config_dict_add_double(options, "max_step", 0.01);
    assert_set_integrator_fails(h, "bdf", options);
    assert_error_mentions("min_step", "max_step");

    /* A failed set_integrator leaves the instance as it was. */
    assert_true(decay_error(h, 1e-8, 1e-10) < 1e-6);
}

static void test_unknown_integrator_is_an_error_listing_the_valid_ones(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    assert_set_integrator_fails(h, "rk45", int_option("max_num_steps", 10));
    assert_error_mentions("sundials_cvode", "'rk45'", "bdf", "adams");
}

static void test_too_few_steps_is_an_error_saying_so(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    OIFConfigDict *options = int_option("max_num_steps", 10);
    CHECK(oif_ivp_set_integrator(h, "bdf", options));
    oif_config_dict_free(options);
    double y0_data[] = {2.0, 0.0}, y_data[2];
    intptr_t d0[1], d1[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 2), y = vector(y_data, d1, 2);
    CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
    CHECK(oif_ivp_set_rhs_fn(h, van_der_pol_rhs));

    start_capturing_stderr();
    int status = oif_ivp_integrate(h, 3000.0, &y);
    assert_stderr_was_empty();
    assert_int_not_equal(status, 0);
    assert_error_mentions("sundials_cvode", "integrate", "CV_TOO_MUCH_WORK", "too much work",
                          "max_num_steps", "now 10");
}

static void test_y0_may_be_freed_after_set_initial_value(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    OIFArrayF64 *y0 = malloc(sizeof *y0);
    y0->nd = 1;
    y0->dimensions = malloc(sizeof *y0->dimensions);
    y0->dimensions[0] = 1;
    y0->data = malloc(sizeof *y0->data);
    y0->data[0] = 2.0;
    y0->flags = OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS;
    CHECK(oif_ivp_set_initial_value(h, y0, 0.0));
    y0->data[0] = -100.0;
    free(y0->data);
    free(y0->dimensions);
    free(y0);

    double y_data[1];
    intptr_t d1[1];
    OIFArrayF64 y = vector(y_data, d1, 1);
    CHECK(oif_ivp_set_rhs_fn(h, unit_decay_rhs));
    CHECK(oif_ivp_integrate(h, 1.0, &y));
    assert_double_equal(y_data[0], 2.0 * exp(-1.0), 1e-5);
}

static void test_rhs_failure_is_reported_and_instance_stays_usable(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    const char *integrators[] = {"bdf", "adams"};
    for (size_t i = 0; i < 2; i++) {
        CHECK(oif_ivp_set_integrator(h, integrators[i], NULL));
        double threshold = 0.5, y0_data[] = {1.0}, y_data[1];
        intptr_t d0[1], d1[1];
        OIFArrayF64 y0 = vector(y0_data, d0, 1), y = vector(y_data, d1, 1);
        CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
        CHECK(oif_ivp_set_rhs_fn(h, rhs_failing_after));
        CHECK(oif_ivp_set_user_data(h, &threshold));

        start_capturing_stderr();
        int status = oif_ivp_integrate(h, 1.0, &y);
        assert_stderr_was_empty();
        assert_int_not_equal(status, 0);
        assert_error_mentions("sundials_cvode", "integrate",
                              "right-hand side returned status 7 at t = ");
        double failed_at = strtod(strstr(oif_last_error(), "at t = ") + strlen("at t = "), NULL);
        assert_true(failed_at > threshold && failed_at < 2.0);

        /* A new initial value restarts the same instance. */
        threshold = 10.0;
        CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
        CHECK(oif_ivp_integrate(h, 1.0, &y));
        assert_double_equal(y_data[0], exp(-1.0), 1e-4);
    }
}

static void test_failing_at_the_first_rhs_call_is_reported(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    double threshold = -1.0, y0_data[] = {1.0}, y_data[1];
    intptr_t d0[1], d1[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 1), y = vector(y_data, d1, 1);
    CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
    CHECK(oif_ivp_set_rhs_fn(h, rhs_failing_after));
    CHECK(oif_ivp_set_user_data(h, &threshold));
    assert_int_not_equal(oif_ivp_integrate(h, 1.0, &y), 0);
    assert_error_mentions("right-hand side returned status 7 at t = 0");
}

static void test_going_back_behind_the_last_step_restarts(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    double y0_data[] = {1.0}, y_data[1];
    intptr_t d0[1], d1[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 1), y = vector(y_data, d1, 1);
    CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
    CHECK(oif_ivp_set_rhs_fn(h, unit_decay_rhs));
    CHECK(oif_ivp_set_tolerances(h, 1e-9, 1e-12));
    CHECK(oif_ivp_integrate(h, 10.0, &y));

    start_capturing_stderr();
    int status = oif_ivp_integrate(h, 1.0, &y);
    assert_stderr_was_empty();
    CHECK(status);
    assert_double_equal(y_data[0], exp(-1.0), 1e-5);
    CHECK(oif_ivp_integrate(h, 2.0, &y));
    assert_double_equal(y_data[0], exp(-2.0), 1e-5);
}

static void test_first_step_against_the_direction_is_an_error(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    OIFConfigDict *options = double_option("first_step", -0.1);
    CHECK(oif_ivp_set_integrator(h, "bdf", options));
    oif_config_dict_free(options);
    double y0_data[] = {1.0}, y_data[1];
    intptr_t d0[1], d1[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 1), y = vector(y_data, d1, 1);
    CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
    CHECK(oif_ivp_set_rhs_fn(h, unit_decay_rhs));

    start_capturing_stderr();
    int status = oif_ivp_integrate(h, 1.0, &y);
    assert_stderr_was_empty();
    assert_int_not_equal(status, 0);
    assert_error_mentions("sundials_cvode", "integrate", "CV_ILL_INPUT", "inconsistent");

    /* Integrating backwards is what that first step is for. */
    CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
    CHECK(oif_ivp_integrate(h, -1.0, &y));
    assert_double_equal(y_data[0], exp(1.0), 1e-4);
}

static void test_missing_problem_parts_are_named(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    double y0_data[] = {1.0}, y_data[1];
    intptr_t d0[1], d1[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 1), y = vector(y_data, d1, 1);
    assert_int_not_equal(oif_ivp_integrate(h, 1.0, &y), 0);
    assert_error_mentions("set_initial_value", "set_rhs_fn");
    CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
    assert_int_not_equal(oif_ivp_integrate(h, 1.0, &y), 0);
    assert_error_mentions("no right-hand side", "set_rhs_fn");

    ImplHandle other = oif_load_impl("ivp", "sundials_cvode", 1, 0);
    assert_true(other >= OIF_IMPL_STARTING_NUMBER);
    CHECK(oif_ivp_set_rhs_fn(other, unit_decay_rhs));
    assert_int_not_equal(oif_ivp_integrate(other, 1.0, &y), 0);
    assert_error_mentions("no initial value", "set_initial_value");
    assert_int_equal(oif_unload_impl(other), 0);
}

static void test_bad_tolerances_are_errors(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    assert_int_not_equal(oif_ivp_set_tolerances(h, 0.0, 1e-10), 0);
    assert_error_mentions("rtol", "positive");
    assert_int_not_equal(oif_ivp_set_tolerances(h, 1e-6, -1.0), 0);
    assert_error_mentions("atol", "non-negative");
    assert_int_not_equal(oif_ivp_set_tolerances(h, NAN, 1e-10), 0);
    assert_error_mentions("rtol");
}

static void test_a_new_problem_size_is_taken(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    assert_true(decay_error(h, 1e-8, 1e-10) < 1e-6);
    double y0_data[] = {2.0, 0.0, 0.5}, y_data[3];
    intptr_t d0[1], d1[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 3), y = vector(y_data, d1, 3);
    CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
    CHECK(oif_ivp_integrate(h, 1.0, &y));
    for (int i = 0; i < 3; i++) {
        assert_double_equal(y_data[i], y0_data[i] * exp(-1.0), 1e-6);
    }
    OIFArrayF64 too_short = vector(y_data, d1, 1);
    assert_int_not_equal(oif_ivp_integrate(h, 2.0, &too_short), 0);
    assert_error_mentions("'y'", "length 3");
}

/* One Van der Pol run on its own instance: y0 at t = 1, 2, ..., 100. */
typedef struct {
    const char *integrator;
    double y0_at[100];
    int status;
} VdpRun;

static void *run_van_der_pol(void *arg)
{
    VdpRun *run = arg;
    ImplHandle h = oif_load_impl("ivp", "sundials_cvode", 1, 0);
    double y0_data[] = {2.0, 0.0}, y_data[2];
    intptr_t d0[1], d1[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 2), y = vector(y_data, d1, 2);
    run->status = h < OIF_IMPL_STARTING_NUMBER ||
                  oif_ivp_set_integrator(h, run->integrator, NULL) ||
                  oif_ivp_set_initial_value(h, &y0, 0.0) ||
                  oif_ivp_set_rhs_fn(h, van_der_pol_rhs) || oif_ivp_set_tolerances(h, 1e-8, 1e-8);
    for (int i = 0; i < 100 && run->status == 0; i++) {
        run->status = oif_ivp_integrate(h, i + 1.0, &y);
        run->y0_at[i] = y_data[0];
    }
    if (h >= OIF_IMPL_STARTING_NUMBER) {
        run->status |= oif_unload_impl(h);
    }
    return NULL;
}

/* Instances share nothing: runs in parallel threads give the same bits as
 * runs one after the other. */
static void test_instances_in_parallel_threads_match_solo_runs(void **state)
{
    (void)state;
    VdpRun solo[2] = {{.integrator = "bdf"}, {.integrator = "adams"}};
    VdpRun parallel[2] = {{.integrator = "bdf"}, {.integrator = "adams"}};
    for (int i = 0; i < 2; i++) {
        run_van_der_pol(&solo[i]);
        assert_int_equal(solo[i].status, 0);
    }
    pthread_t threads[2];
    for (int i = 0; i < 2; i++) {
        assert_int_equal(pthread_create(&threads[i], NULL, run_van_der_pol, &parallel[i]), 0);
    }
    for (int i = 0; i < 2; i++) {
        assert_int_equal(pthread_join(threads[i], NULL), 0);
        assert_int_equal(parallel[i].status, 0);
        assert_memory_equal(solo[i].y0_at, parallel[i].y0_at, sizeof solo[i].y0_at);
    }
}

static void test_print_stats_lists_the_counters(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    char text[2048];
    start_capturing_stdout();
    CHECK(oif_ivp_print_stats(h));
    stop_capturing_stdout(text, sizeof text);
    assert_non_null(strstr(text, "sundials_cvode: no statistics yet"));

    const char *integrators[] = {"bdf", "adams"};
    for (size_t i = 0; i < 2; i++) {
        CHECK(oif_ivp_set_integrator(h, integrators[i], NULL));
        assert_true(decay_error(h, 1e-8, 1e-10) < 1e-6);
        start_capturing_stdout();
        CHECK(oif_ivp_print_stats(h));
        stop_capturing_stdout(text, sizeof text);
        print_message("%s", text);

        long steps = 0, rhs_evals = 0;
        const char *line = strstr(text, "sundials_cvode: steps: ");
        assert_non_null(line);
        assert_int_equal(sscanf(line, "sundials_cvode: steps: %ld", &steps), 1);
        line = strstr(text, "sundials_cvode: rhs evaluations: ");
        assert_non_null(line);
        assert_int_equal(sscanf(line, "sundials_cvode: rhs evaluations: %ld", &rhs_evals), 1);
        assert_true(steps > 10);
        assert_true(rhs_evals >= steps);
        assert_non_null(strstr(text, "sundials_cvode: error test failures: "));
        assert_non_null(strstr(text, "sundials_cvode: nonlinear solver iterations: "));
        assert_non_null(strstr(text, "sundials_cvode: nonlinear solver convergence failures: "));
        bool has_jacobian = strstr(text, "sundials_cvode: jacobian evaluations: ") != NULL;
        assert_int_equal(has_jacobian, i == 0);
    }
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, unload_impl_in_state)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_van_der_pol_mu_1000_with_bdf_in_seconds),
        TEST(test_bdf_and_adams_solve_decay_to_tolerance),
        TEST(test_changing_integrator_continues_from_the_current_state),
        TEST(test_integrating_to_t0_gives_y0),
        TEST(test_every_option_is_accepted),
        TEST(test_every_linear_solver_solves_a_stiff_problem),
        TEST(test_the_default_linear_solver_depends_on_the_problem),
        TEST(test_bad_linear_solver_options_are_errors),
        TEST(test_unknown_option_is_an_error_listing_the_valid_ones),
        TEST(test_option_of_wrong_type_is_an_error),
        TEST(test_option_out_of_range_is_an_error),
        TEST(test_unknown_integrator_is_an_error_listing_the_valid_ones),
        TEST(test_too_few_steps_is_an_error_saying_so),
        TEST(test_y0_may_be_freed_after_set_initial_value),
        TEST(test_rhs_failure_is_reported_and_instance_stays_usable),
        TEST(test_failing_at_the_first_rhs_call_is_reported),
        TEST(test_going_back_behind_the_last_step_restarts),
        TEST(test_first_step_against_the_direction_is_an_error),
        TEST(test_missing_problem_parts_are_named),
        TEST(test_bad_tolerances_are_errors),
        TEST(test_a_new_problem_size_is_taken),
        TEST(test_print_stats_lists_the_counters),
        cmocka_unit_test(test_instances_in_parallel_threads_match_solo_runs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
