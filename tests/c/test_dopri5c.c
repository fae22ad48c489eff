/* What dopri5c owes its users beyond the generic ivp tests (test_ivp.c):
 * fifth-order convergence, errors that follow the tolerance, dense output
 * that costs no right-hand-side evaluations, its options, statistics and
 * errors, stable array wrappers for the right-hand side, and no allocation
 * while integrating. */
#include "test_support.h"

#include <stdlib.h>

#include <oif/interfaces/ivp.h>

#include "allocation_counter.h"

/* ---- fixture and helpers ----------------------------------------------- */

static int setup(void **state)
{
    return load_impl_into_state(state, "ivp", "dopri5c");
}

/* What the right-hand sides below record about their calls. */
enum { MAX_WRAPPERS = 32 };
typedef struct {
    double rate; /* of decay_rhs */
    long calls;
    double t_of_call[2];
    /* Every distinct array wrapper passed, with the data it pointed to. */
    const OIFArrayF64 *wrappers[MAX_WRAPPERS];
    const double *wrapper_data[MAX_WRAPPERS];
    int num_wrappers;
    bool wrapper_changed_data;
} Record;

static void record_wrapper(Record *r, const OIFArrayF64 *array)
{
    for (int i = 0; i < r->num_wrappers; i++) {
        if (r->wrappers[i] == array) {
            r->wrapper_changed_data |= r->wrapper_data[i] != array->data;
            return;
        }
    }
    if (r->num_wrappers < MAX_WRAPPERS) {
        r->wrappers[r->num_wrappers] = array;
        r->wrapper_data[r->num_wrappers] = array->data;
    }
    r->num_wrappers++;
}

static void record_call(Record *r, double t, const OIFArrayF64 *y, const OIFArrayF64 *ydot)
{
    if (r->calls < 2) {
        r->t_of_call[r->calls] = t;
    }
    r->calls++;
    record_wrapper(r, y);
    record_wrapper(r, ydot);
}

/* y' = -rate y, componentwise (rate 1 without user data). */
static int decay_rhs(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    Record *r = user_data;
    double rate = r != NULL ? r->rate : 1.0;
    if (r != NULL) {
        record_call(r, t, y, ydot);
    }
    for (ssize_t i = 0; i < y->dimensions[0]; i++) {
        ydot->data[i] = -rate * y->data[i];
    }
    return 0;
}

/* y'' = -y as a first-order system: y = cos t, y' = -sin t from (1, 0). */
static int oscillator_rhs(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    if (user_data != NULL) {
        record_call(user_data, t, y, ydot);
    }
    ydot->data[0] = y->data[1];
    ydot->data[1] = -y->data[0];
    return 0;
}

static void start_decay(ImplHandle h, Record *record, double rtol, double atol)
{
    double y0_data[] = {1.0};
    intptr_t dims[1];
    OIFArrayF64 y0 = vector(y0_data, dims, 1);
    CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
    CHECK(oif_ivp_set_rhs_fn(h, decay_rhs));
    CHECK(oif_ivp_set_user_data(h, record));
    CHECK(oif_ivp_set_tolerances(h, rtol, atol));
}

static void start_oscillator(ImplHandle h, Record *record, double tol)
{
    double y0_data[] = {1.0, 0.0};
    intptr_t dims[1];
    OIFArrayF64 y0 = vector(y0_data, dims, 2);
    CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
    CHECK(oif_ivp_set_rhs_fn(h, oscillator_rhs));
    CHECK(oif_ivp_set_user_data(h, record));
    CHECK(oif_ivp_set_tolerances(h, tol, tol));
}

/* The first component of the solution at t. */
static double solution_at(ImplHandle h, double t, intptr_t n)
{
    double y_data[3];
    intptr_t dims[1];
    OIFArrayF64 y = vector(y_data, dims, n);
    CHECK(oif_ivp_integrate(h, t, &y));
    return y_data[0];
}

static void set_options(ImplHandle h, const char *key, double value)
{
    OIFConfigDict *options = oif_config_dict_init();
    oif_config_dict_add_double(options, key, value);
    CHECK(oif_ivp_set_integrator(h, "dopri5", options));
    oif_config_dict_free(options);
}

typedef struct {
    long rhs_evaluations, accepted_steps, rejected_steps;
} Stats;

static Stats printed_stats(ImplHandle h)
{
    char text[1024];
    start_capturing_stdout();
    CHECK(oif_ivp_print_stats(h));
    stop_capturing_stdout(text, sizeof text);
    Stats stats;
    int fields = sscanf(text,
                        "dopri5c: rhs evaluations: %ld\n"
                        "dopri5c: accepted steps: %ld\n"
                        "dopri5c: rejected steps: %ld\n",
                        &stats.rhs_evaluations, &stats.accepted_steps, &stats.rejected_steps);
    if (fields != 3) {
        print_error("unexpected print_stats output:\n%s", text);
        fail();
    }
    return stats;
}

/* ---- accuracy ------------------------------------------------------------ */

/* Over [0, 10] of the oscillator (on y' = -y over [0, 1] too few steps are
 * taken for the error to follow smoothly). */
static void test_error_follows_the_tolerance(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    enum { NUM_TOLERANCES = 7 };
    double errors[NUM_TOLERANCES];
    for (int i = 0; i < NUM_TOLERANCES; i++) {
        double tol = pow(10.0, -4 - i);
        start_oscillator(h, NULL, tol);
        errors[i] = fabs(solution_at(h, 10.0, 2) - cos(10.0));
        print_message("rtol = atol = %.0e: error %.3g\n", tol, errors[i]);
        assert_true(errors[i] > tol && errors[i] < 10 * tol);
    }
    for (int i = 1; i < NUM_TOLERANCES; i++) {
        double ratio = errors[i - 1] / errors[i];
        assert_true(ratio > 5 && ratio < 20);
    }
}

/* With steps fixed by first_step = max_step (the tolerance is loose enough
 * never to reject), halving the step divides the error by 2^5, and the
 * continuous extension at mid-step by at least 2^4. */
static void test_fixed_steps_converge_at_fifth_order(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    double end_error[2], mid_error[2];
    for (int i = 0; i < 2; i++) {
        double step = i == 0 ? 1.0 / 8 : 1.0 / 16;
        start_decay(h, NULL, 1e-2, 1e-2);
        OIFConfigDict *options = oif_config_dict_init();
        oif_config_dict_add_double(options, "first_step", step);
        oif_config_dict_add_double(options, "max_step", step);
        CHECK(oif_ivp_set_integrator(h, "dopri5", options));
        oif_config_dict_free(options);
        double t_mid = 2.0 - step / 2;
        mid_error[i] = fabs(solution_at(h, t_mid, 1) - exp(-t_mid));
        end_error[i] = fabs(solution_at(h, 2.0, 1) - exp(-2.0));
        assert_int_equal(printed_stats(h).rejected_steps, 0);
    }
    double end_ratio = end_error[0] / end_error[1], mid_ratio = mid_error[0] / mid_error[1];
    print_message("halving h divides the error by %.1f at step ends, %.1f mid-step\n", end_ratio,
                  mid_ratio);
    assert_true(end_ratio > 24 && end_ratio < 44);
    assert_true(mid_ratio > 13);
}

/* ---- dense output -------------------------------------------------------- */

static void test_dense_output_costs_no_evaluations(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    enum { OUTPUTS = 2000, SPARSE_EVERY = 100 };
    const double t_end = 10.0, tol = 1e-8;

    Record single = {0};
    start_oscillator(h, &single, tol);
    double at_end = solution_at(h, t_end, 2);

    Record dense = {0};
    double *values = malloc(OUTPUTS * sizeof *values);
    start_oscillator(h, &dense, tol);
    for (int i = 0; i < OUTPUTS; i++) {
        double t = t_end * (i + 1) / OUTPUTS;
        values[i] = solution_at(h, t, 2);
        assert_double_equal(values[i], cos(t), 20 * tol);
    }
    print_message("%ld evaluations to reach t = %g, %ld with %d outputs on the way\n", single.calls,
                  t_end, dense.calls, OUTPUTS);
    assert_true(dense.calls <= single.calls);
    assert_true(values[OUTPUTS - 1] == at_end);

    /* Asking for fewer outputs gives bit for bit the same values there. */
    start_oscillator(h, NULL, tol);
    for (int i = SPARSE_EVERY - 1; i < OUTPUTS; i += SPARSE_EVERY) {
        assert_true(solution_at(h, t_end * (i + 1) / OUTPUTS, 2) == values[i]);
    }
    free(values);
}

static void test_same_time_twice_gives_the_same_state(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    start_oscillator(h, NULL, 1e-8);
    double first = solution_at(h, 0.3, 2);
    assert_true(solution_at(h, 0.3, 2) == first);
    assert_double_equal(first, cos(0.3), 1e-7);
}

static void test_going_back_restarts_behind_the_last_step(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    double y_data[2];
    intptr_t dims[1];
    OIFArrayF64 y = vector(y_data, dims, 2);
    start_oscillator(h, NULL, 1e-8);
    CHECK(oif_ivp_integrate(h, 1.0, &y));
    long steps_forward = printed_stats(h).accepted_steps;
    CHECK(oif_ivp_integrate(h, 0.5, &y));
    assert_double_equal(y_data[0], cos(0.5), 1e-7);
    /* Going back takes steps of its own, from the end of the last step. */
    assert_true(printed_stats(h).accepted_steps > steps_forward);
    CHECK(oif_ivp_integrate(h, -0.25, &y));
    assert_double_equal(y_data[0], cos(-0.25), 1e-7);
    /* And forward again. */
    assert_double_equal(solution_at(h, 2.0, 2), cos(2.0), 1e-7);
}

/* ---- options ------------------------------------------------------------- */

static void test_max_num_steps_limits_each_call(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    double y_data[2];
    intptr_t dims[1];
    OIFArrayF64 y = vector(y_data, dims, 2);
    start_oscillator(h, NULL, 1e-10);
    OIFConfigDict *options = oif_config_dict_init();
    oif_config_dict_add_int(options, "max_num_steps", 5);
    CHECK(oif_ivp_set_integrator(h, "dopri5", options));
    oif_config_dict_free(options);

    assert_int_not_equal(oif_ivp_integrate(h, 5.0, &y), 0);
    assert_error_mentions("integrate", "max_num_steps = 5");
    assert_int_equal(printed_stats(h).accepted_steps, 5);

    int calls = 1;
    while (oif_ivp_integrate(h, 5.0, &y) != 0) {
        assert_error_mentions("max_num_steps");
        calls++;
    }
    print_message("reached t = 5 in %d calls of at most 5 steps\n", calls);
    assert_true(calls > 2);
    assert_double_equal(y_data[0], cos(5.0), 1e-8);
}

static void test_first_step_and_max_step(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    Record record = {.rate = 1.0};
    start_decay(h, &record, 1e-6, 1e-12);
    set_options(h, "first_step", 0.125);
    solution_at(h, 1.0, 1);
    /* f(t0, y0), then the second stage of the first step. */
    assert_double_equal(record.t_of_call[1], 0.125 / 5, 1e-16);

    start_decay(h, NULL, 1e-6, 1e-12);
    set_options(h, "max_step", 0.01);
    assert_double_equal(solution_at(h, 1.0, 1), exp(-1.0), 1e-8);
    assert_true(printed_stats(h).accepted_steps >= 100);

    /* Numeric options may be given as ints. */
    OIFConfigDict *options = oif_config_dict_init();
    oif_config_dict_add_int(options, "max_step", 1);
    oif_config_dict_add_int(options, "first_step", 0);
    CHECK(oif_ivp_set_integrator(h, "dopri5", options));
    oif_config_dict_free(options);
}

static void test_set_integrator_without_options_restores_defaults(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    set_options(h, "max_step", 1e-3);
    CHECK(oif_ivp_set_integrator(h, "dopri5", NULL));
    start_decay(h, NULL, 1e-6, 1e-12);
    solution_at(h, 1.0, 1);
    assert_true(printed_stats(h).accepted_steps < 100);
}

static void expect_rejected_option(ImplHandle h, OIFConfigDict *options, const char *key,
                                   const char *why)
{
    assert_int_not_equal(oif_ivp_set_integrator(h, "dopri5", options), 0);
    assert_error_mentions("set_integrator", key, why);
    oif_config_dict_free(options);
}

static void test_bad_integrators_and_options_are_errors(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    assert_int_not_equal(oif_ivp_set_integrator(h, "dop853", NULL), 0);
    assert_error_mentions("unknown integrator 'dop853'", "only 'dopri5'");

    OIFConfigDict *options = oif_config_dict_init();
    oif_config_dict_add_int(options, "nsteps", 10);
    expect_rejected_option(h, options, "unknown option 'nsteps'",
                           "max_num_steps (int), first_step (float), max_step (float)");

    options = oif_config_dict_init();
    oif_config_dict_add_double(options, "max_num_steps", 10.0);
    expect_rejected_option(h, options, "max_num_steps", "must be an int, got a float");

    options = oif_config_dict_init();
    oif_config_dict_add_str(options, "first_step", "small");
    expect_rejected_option(h, options, "first_step", "must be a float, got a string");

    options = oif_config_dict_init();
    oif_config_dict_add_int(options, "max_num_steps", 0);
    expect_rejected_option(h, options, "max_num_steps", "> 0");

    options = oif_config_dict_init();
    oif_config_dict_add_double(options, "first_step", -1.0);
    expect_rejected_option(h, options, "first_step", ">= 0");

    options = oif_config_dict_init();
    oif_config_dict_add_double(options, "max_step", 0.0);
    expect_rejected_option(h, options, "max_step", "> 0");

    /* A rejected call changes nothing: max_step = 1e-3 was not kept. */
    options = oif_config_dict_init();
    oif_config_dict_add_double(options, "max_step", 1e-3);
    oif_config_dict_add_int(options, "bogus", 1);
    expect_rejected_option(h, options, "bogus", "valid options");
    start_decay(h, NULL, 1e-6, 1e-12);
    solution_at(h, 1.0, 1);
    assert_true(printed_stats(h).accepted_steps < 100);
}

static void test_bad_tolerances_are_errors(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    const double bad[][2] = {{0.0, 1e-6}, {-1e-6, 1e-6}, {1e-6, -1e-9}, {NAN, 1e-9}, {1e-6, INFINITY}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_not_equal(oif_ivp_set_tolerances(h, bad[i][0], bad[i][1]), 0);
        assert_error_mentions("set_tolerances", "rtol > 0 and atol >= 0");
    }
    /* atol = 0 is pure relative control, also for a component that is 0. */
    double y0_data[] = {1.0, 0.0};
    intptr_t dims[1];
    OIFArrayF64 y0 = vector(y0_data, dims, 2);
    CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
    CHECK(oif_ivp_set_rhs_fn(h, decay_rhs));
    CHECK(oif_ivp_set_tolerances(h, 1e-8, 0.0));
    assert_double_equal(solution_at(h, 1.0, 2), exp(-1.0), 1e-7);
}

/* ---- state and errors ---------------------------------------------------- */

static void test_integrate_names_what_is_missing(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    double y_data[1] = {1.0};
    intptr_t dims[1];
    OIFArrayF64 y = vector(y_data, dims, 1);
    assert_int_not_equal(oif_ivp_integrate(h, 1.0, &y), 0);
    assert_error_mentions("no initial value", "set_initial_value");
    CHECK(oif_ivp_set_initial_value(h, &y, 0.0));
    assert_int_not_equal(oif_ivp_integrate(h, 1.0, &y), 0);
    assert_error_mentions("no right-hand side", "set_rhs_fn");
}

static void test_reinitialising_with_another_length(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    start_decay(h, NULL, 1e-8, 1e-12);
    assert_double_equal(solution_at(h, 1.0, 1), exp(-1.0), 1e-7);

    double y0_data[] = {3.0, 2.0, 1.0}, y_data[3];
    intptr_t d0[1], d1[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 3), y = vector(y_data, d1, 3);
    CHECK(oif_ivp_set_initial_value(h, &y0, 1.0));
    y0_data[0] = 99.0; /* the solver has its own copy */
    CHECK(oif_ivp_integrate(h, 2.0, &y));
    for (int i = 0; i < 3; i++) {
        assert_double_equal(y_data[i], (3 - i) * exp(-1.0), 1e-7);
    }
    OIFArrayF64 too_short = vector(y_data, d1, 1);
    assert_int_not_equal(oif_ivp_integrate(h, 3.0, &too_short), 0);
    assert_error_mentions("'y' must be a vector of length 3");
}

/* Changing a parameter mid-run takes effect at once: the derivative saved
 * from the last step (FSAL) is not reused. */
static void test_new_user_data_applies_from_the_current_time(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    Record slow = {.rate = 1.0}, fast = {.rate = 3.0};
    start_decay(h, &slow, 1e-10, 1e-14);
    solution_at(h, 1.0, 1);
    CHECK(oif_ivp_set_user_data(h, &fast));
    assert_double_equal(solution_at(h, 1.5, 1), exp(-1.0 - 1.5), 1e-10);
}

/* One wrapper per internal buffer, each always viewing the same memory, so
 * that a binding can cache what it builds around them. */
static void test_rhs_receives_stable_wrappers(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    Record record = {0};
    start_oscillator(h, &record, 1e-10);
    for (int i = 1; i <= 50; i++) {
        solution_at(h, 0.5 * i, 2);
    }
    print_message("%d wrappers over %ld calls\n", record.num_wrappers, record.calls);
    assert_true(record.num_wrappers <= 11);
    assert_false(record.wrapper_changed_data);
}

static void test_integrate_does_not_allocate(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    start_decay(h, NULL, 1e-6, 1e-12);
    /* A new length allocates a new workspace, which proves that the counter
     * sees the library's allocations. */
    start_counting_allocations();
    start_oscillator(h, NULL, 1e-10);
    assert_true(stop_counting_allocations() > 0);

    double y_data[2];
    intptr_t dims[1];
    OIFArrayF64 y = vector(y_data, dims, 2);
    CHECK(oif_ivp_integrate(h, 0.01, &y)); /* the dispatcher's first-call setup */
    start_counting_allocations();
    for (int i = 2; i <= 1000; i++) {
        oif_ivp_integrate(h, 0.01 * i, &y);
    }
    assert_int_equal(stop_counting_allocations(), 0);
    assert_double_equal(y_data[0], cos(10.0), 1e-8);
}

static int rhs_failing_after_half(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    (void)user_data;
    if (t > 0.5) {
        return 7;
    }
    ydot->data[0] = -y->data[0];
    return 0;
}

static void test_integrate_goes_on_after_a_failed_right_hand_side(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    double y0_data[] = {1.0}, y_data[1];
    intptr_t d0[1], d1[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 1), y = vector(y_data, d1, 1);
    CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
    CHECK(oif_ivp_set_rhs_fn(h, rhs_failing_after_half));
    assert_int_not_equal(oif_ivp_integrate(h, 1.0, &y), 0);
    assert_error_mentions("right-hand side returned status 7 at t = 0.");
    assert_int_not_equal(oif_ivp_integrate(h, 1.0, &y), 0);
    assert_error_mentions("right-hand side returned status 7 at t = 0.");

    /* The solver stays where it got to: the solution before it is still
     * there, and a fixed right-hand side goes on. */
    CHECK(oif_ivp_integrate(h, 0.4, &y));
    assert_double_equal(y_data[0], exp(-0.4), 1e-6);
    CHECK(oif_ivp_set_rhs_fn(h, decay_rhs));
    CHECK(oif_ivp_integrate(h, 1.0, &y));
    assert_double_equal(y_data[0], exp(-1.0), 1e-6);
}

/* NaN beyond the time user_data points to. */
static int rhs_nan_after(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    ydot->data[0] = t > *(double *)user_data ? NAN : -y->data[0];
    return 0;
}

/* y' = y^2, y(0) = 1: y = 1 / (1 - t) blows up at t = 1. */
static int blow_up_rhs(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    (void)t, (void)user_data;
    ydot->data[0] = y->data[0] * y->data[0];
    return 0;
}

static void test_nan_and_blow_up_are_errors(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    double y0_data[] = {1.0}, y_data[1];
    intptr_t d0[1], d1[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 1), y = vector(y_data, d1, 1);

    /* Steps shrink towards the wall of NaN, then give up in front of it. */
    double nan_from = 0.5;
    CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
    CHECK(oif_ivp_set_rhs_fn(h, rhs_nan_after));
    CHECK(oif_ivp_set_user_data(h, &nan_from));
    assert_int_not_equal(oif_ivp_integrate(h, 1.0, &y), 0);
    assert_error_mentions("step size underflow at t = 0.4999", "NaN or Inf just beyond");

    nan_from = -1.0;
    CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
    assert_int_not_equal(oif_ivp_integrate(h, 1.0, &y), 0);
    assert_error_mentions("not finite (NaN or Inf) in 10 attempts in a row at t = 0,");

    CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
    CHECK(oif_ivp_set_rhs_fn(h, blow_up_rhs));
    assert_int_not_equal(oif_ivp_integrate(h, 2.0, &y), 0);
    assert_error_mentions("step size underflow at t = ", "blow up");
    double t_stop = strtod(strstr(oif_last_error(), "at t = ") + strlen("at t = "), NULL);
    assert_double_equal(t_stop, 1.0, 1e-3);
}

static void test_print_stats_reports_the_counts(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    Record record = {0};
    start_oscillator(h, &record, 1e-6);
    solution_at(h, 20.0, 2);
    Stats stats = printed_stats(h);
    print_message("%ld evaluations, %ld accepted and %ld rejected steps\n", stats.rhs_evaluations,
                  stats.accepted_steps, stats.rejected_steps);
    assert_int_equal(stats.rhs_evaluations, record.calls);
    /* f(t0, y0), one for the initial step, then six per attempted step. */
    assert_int_equal(stats.rhs_evaluations, 2 + 6 * (stats.accepted_steps + stats.rejected_steps));

    /* A new run starts counting afresh. */
    start_oscillator(h, NULL, 1e-6);
    stats = printed_stats(h);
    assert_int_equal(stats.rhs_evaluations + stats.accepted_steps + stats.rejected_steps, 0);
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, unload_impl_in_state)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_error_follows_the_tolerance),
        TEST(test_fixed_steps_converge_at_fifth_order),
        TEST(test_dense_output_costs_no_evaluations),
        TEST(test_same_time_twice_gives_the_same_state),
        TEST(test_going_back_restarts_behind_the_last_step),
        TEST(test_max_num_steps_limits_each_call),
        TEST(test_first_step_and_max_step),
        TEST(test_set_integrator_without_options_restores_defaults),
        TEST(test_bad_integrators_and_options_are_errors),
        TEST(test_bad_tolerances_are_errors),
        TEST(test_integrate_names_what_is_missing),
        TEST(test_reinitialising_with_another_length),
        TEST(test_new_user_data_applies_from_the_current_time),
        TEST(test_rhs_receives_stable_wrappers),
        TEST(test_integrate_does_not_allocate),
        TEST(test_integrate_goes_on_after_a_failed_right_hand_side),
        TEST(test_nan_and_blow_up_are_errors),
        TEST(test_print_stats_reports_the_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
