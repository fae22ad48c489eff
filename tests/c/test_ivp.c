/* Every ivp implementation, loaded by name, on problems with known
 * solutions; and the behaviour every one of them owes its users. */
#include "test_support.h"
#include "ivp_decay.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <oif/interfaces/ivp.h>

typedef struct {
    const char *name;
    const char *integrators[5]; /* the default first; NULL-terminated */
    const char *int_option;     /* an option every integrator takes, as an int */
    int int_option_value;
    /* Integrators with one state per process, which restart from the last
     * output when another instance ran in between; NULL-terminated. */
    const char *restarted_when_interleaved[3];
    /* The portable integrator names (docs/user-guide/ivp.md) it has. */
    const char *portable_names[5];
} IvpImpl;

static const char *const all_portable_names[] = {"bdf", "adams", "rk45", "dopri5", NULL};

static const IvpImpl implementations[] = {
    {"dopri5c", {"dopri5", NULL}, "max_num_steps", 100000, {NULL}, {"rk45", "dopri5", NULL}},
    {"sundials_cvode", {"bdf", "adams", NULL}, "max_num_steps", 100000, {NULL}, {"bdf", "adams", NULL}},
    {"scipy_ode", {"dopri5", "vode", "lsoda", "dop853", NULL}, "max_num_steps", 100000, {"vode", "lsoda", NULL},
     {"bdf", "adams", "rk45", "dopri5", NULL}},
};

/* ---- problems ---------------------------------------------------------- */

typedef struct {
    double rate; /* y' = -rate * y */
    long calls;
} DecayData;

static int decay_rhs(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    (void)t;
    DecayData *d = user_data;
    double rate = d ? d->rate : 1.0;
    if (d) {
        d->calls++;
    }
    for (ssize_t i = 0; i < y->dimensions[0]; i++) {
        ydot->data[i] = -rate * y->data[i];
    }
    return 0;
}

/* y'' = -4 y as a first-order system; y(t) = cos 2t, y'(t) = -2 sin 2t. */
static int oscillator_rhs(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    (void)t, (void)user_data;
    ydot->data[0] = y->data[1];
    ydot->data[1] = -4.0 * y->data[0];
    return 0;
}

/* Two bodies, reduced to one moving about the origin: q'' = -q / |q|^3. */
static int kepler_rhs(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    (void)t, (void)user_data;
    double r = hypot(y->data[0], y->data[1]);
    double r3 = r * r * r;
    ydot->data[0] = y->data[2];
    ydot->data[1] = y->data[3];
    ydot->data[2] = -y->data[0] / r3;
    ydot->data[3] = -y->data[1] / r3;
    return 0;
}

static const double eccentricity = 0.9;

/* Starting at pericentre of an orbit with semi-major axis 1 (period 2 pi). */
static void kepler_initial(double *y)
{
    double e = eccentricity;
    y[0] = 1.0 - e;
    y[1] = 0.0;
    y[2] = 0.0;
    y[3] = sqrt((1.0 + e) / (1.0 - e));
}

/* Position at time t from Kepler's equation E - e sin E = M, M = t mod 2 pi;
 * Newton's method from E = pi converges for every M in [0, 2 pi). */
static void kepler_exact(double t, double *x, double *y)
{
    double e = eccentricity, mean_anomaly = fmod(t, 2 * M_PI), E = M_PI;
    for (int i = 0; i < 50; i++) {
        double step = (E - e * sin(E) - mean_anomaly) / (1.0 - e * cos(E));
        E -= step;
        if (fabs(step) < 1e-15) {
            break;
        }
    }
    *x = cos(E) - e;
    *y = sqrt(1.0 - e * e) * sin(E);
}

/* ---- fixture ----------------------------------------------------------- */

typedef struct {
    const IvpImpl *impl;
    ImplHandle h;
} Fixture;

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    f->impl = *state;
    f->h = oif_load_impl("ivp", f->impl->name, 1, 0);
    if (f->h < OIF_IMPL_STARTING_NUMBER) {
        print_error("loading %s failed: %s\n", f->impl->name, oif_last_error());
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    assert_int_equal(oif_unload_impl(f->h), 0);
    free(f);
    return 0;
}

/* ---- tests ------------------------------------------------------------- */

static void test_exponential_decay(void **state)
{
    Fixture *f = *state;
    assert_true(decay_error(f->h, 1e-10, 1e-12) < 1e-8);
}

static void test_tighter_tolerances_give_smaller_errors(void **state)
{
    Fixture *f = *state;
    double loose = decay_error(f->h, 1e-4, 1e-6);
    double tight = decay_error(f->h, 1e-9, 1e-11);
    print_message("%s: error %.3g at rtol 1e-4, %.3g at rtol 1e-9\n", f->impl->name, loose, tight);
    assert_true(tight < loose / 100.0);
}

static void test_linear_oscillator(void **state)
{
    Fixture *f = *state;
    double y0_data[] = {1.0, 0.0}, y_data[2];
    intptr_t d0[1], d1[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 2), y = vector(y_data, d1, 2);
    CHECK(oif_ivp_set_initial_value(f->h, &y0, 0.0));
    CHECK(oif_ivp_set_rhs_fn(f->h, oscillator_rhs));
    CHECK(oif_ivp_set_tolerances(f->h, 1e-10, 1e-12));
    for (int i = 1; i <= 20; i++) {
        double t = 0.5 * i;
        CHECK(oif_ivp_integrate(f->h, t, &y));
        assert_double_equal(y_data[0], cos(2 * t), 1e-6);
        assert_double_equal(y_data[1], -2 * sin(2 * t), 2e-6);
    }
}

static void test_eccentric_orbit_follows_kepler(void **state)
{
    Fixture *f = *state;
    double y0_data[4], y_data[4];
    intptr_t d0[1], d1[1];
    kepler_initial(y0_data);
    OIFArrayF64 y0 = vector(y0_data, d0, 4), y = vector(y_data, d1, 4);
    CHECK(oif_ivp_set_initial_value(f->h, &y0, 0.0));
    CHECK(oif_ivp_set_rhs_fn(f->h, kepler_rhs));
    CHECK(oif_ivp_set_tolerances(f->h, 1e-11, 1e-13));
    const double times[] = {0.25, 1.0, 2.5, M_PI, 4.0, 2 * M_PI, 2 * M_PI + 0.1};
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        double x, yy;
        kepler_exact(times[i], &x, &yy);
        CHECK(oif_ivp_integrate(f->h, times[i], &y));
        assert_double_equal(y_data[0], x, 1e-6);
        assert_double_equal(y_data[1], yy, 1e-6);
    }
}

static void test_user_data_reaches_the_rhs(void **state)
{
    Fixture *f = *state;
    DecayData data = {.rate = 3.0, .calls = 0};
    double y0_data[] = {2.0}, y_data[1];
    intptr_t d0[1], d1[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 1), y = vector(y_data, d1, 1);
    CHECK(oif_ivp_set_initial_value(f->h, &y0, 0.0));
    CHECK(oif_ivp_set_rhs_fn(f->h, decay_rhs));
    CHECK(oif_ivp_set_user_data(f->h, &data));
    CHECK(oif_ivp_set_tolerances(f->h, 1e-10, 1e-12));
    CHECK(oif_ivp_integrate(f->h, 1.0, &y));
    assert_double_equal(y_data[0], 2.0 * exp(-3.0), 1e-8);
    assert_true(data.calls > 0);
}

static void test_every_integrator_with_and_without_options(void **state)
{
    Fixture *f = *state;
    for (const char *const *name = f->impl->integrators; *name != NULL; name++) {
        CHECK(oif_ivp_set_integrator(f->h, *name, NULL));
        assert_true(decay_error(f->h, 1e-8, 1e-10) < 1e-6);

        OIFConfigDict *options = oif_config_dict_init();
        oif_config_dict_add_int(options, f->impl->int_option, f->impl->int_option_value);
        CHECK(oif_ivp_set_integrator(f->h, *name, options));
        oif_config_dict_free(options);
        assert_true(decay_error(f->h, 1e-8, 1e-10) < 1e-6);
    }
}

static void test_unknown_integrator_and_options_are_errors(void **state)
{
    Fixture *f = *state;
    assert_int_not_equal(oif_ivp_set_integrator(f->h, "no_such_integrator", NULL), 0);
    assert_error_mentions(f->impl->name, "set_integrator", "no_such_integrator");

    OIFConfigDict *options = oif_config_dict_init();
    oif_config_dict_add_int(options, "no_such_option", 1);
    assert_int_not_equal(oif_ivp_set_integrator(f->h, f->impl->integrators[0], options), 0);
    assert_error_mentions("no_such_option");
    oif_config_dict_free(options);

    options = oif_config_dict_init();
    oif_config_dict_add_str(options, f->impl->int_option, "many");
    assert_int_not_equal(oif_ivp_set_integrator(f->h, f->impl->integrators[0], options), 0);
    assert_error_mentions(f->impl->int_option);
    oif_config_dict_free(options);
}

static int failing_rhs(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    (void)user_data;
    if (t > 0.5) {
        return 7;
    }
    ydot->data[0] = -y->data[0];
    return 0;
}

static void test_rhs_failure_stops_with_an_error(void **state)
{
    Fixture *f = *state;
    double y0_data[] = {1.0}, y_data[1];
    intptr_t d0[1], d1[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 1), y = vector(y_data, d1, 1);
    CHECK(oif_ivp_set_initial_value(f->h, &y0, 0.0));
    CHECK(oif_ivp_set_rhs_fn(f->h, failing_rhs));
    assert_int_not_equal(oif_ivp_integrate(f->h, 1.0, &y), 0);
    assert_error_mentions(f->impl->name, "integrate", "right-hand side returned status 7");

    /* The instance stays usable. */
    assert_true(decay_error(f->h, 1e-8, 1e-10) < 1e-6);
}

/* Integrates `rhs` from y0 and stores the solution at `n_out` times. */
typedef struct {
    oif_ivp_rhs_fn_t rhs;
    double y0[4];
    intptr_t n;
} Problem;

static void start(ImplHandle h, const Problem *p)
{
    double y0_data[4];
    intptr_t dims[1];
    memcpy(y0_data, p->y0, sizeof y0_data);
    OIFArrayF64 y0 = vector(y0_data, dims, p->n);
    CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
    CHECK(oif_ivp_set_rhs_fn(h, p->rhs));
    CHECK(oif_ivp_set_tolerances(h, 1e-9, 1e-12));
}

static void step_to(ImplHandle h, const Problem *p, double t, double *out)
{
    intptr_t dims[1];
    OIFArrayF64 y = vector(out, dims, p->n);
    CHECK(oif_ivp_integrate(h, t, &y));
}

static bool restarts_when_interleaved(const IvpImpl *impl, const char *integrator)
{
    for (const char *const *name = impl->restarted_when_interleaved; *name != NULL; name++) {
        if (strcmp(*name, integrator) == 0) {
            return true;
        }
    }
    return false;
}

/* Two instances stepped in turn give the solo runs' results bit for bit,
 * with every integrator; an integrator that keeps its state per process
 * restarts from the last output when the other instance ran in between,
 * so it gives them only to within the tolerances. */
static void test_two_instances_at_once_match_solo_runs(void **state)
{
    Fixture *f = *state;
    enum { OUTPUTS = 25 };
    Problem orbit = {kepler_rhs, {0}, 4}, oscillator = {oscillator_rhs, {1.0, 0.0}, 2};
    kepler_initial(orbit.y0);
    ImplHandle other = oif_load_impl("ivp", f->impl->name, 1, 0);
    assert_true(other >= OIF_IMPL_STARTING_NUMBER);
    for (const char *const *name = f->impl->integrators; *name != NULL; name++) {
        double solo_a[OUTPUTS][4], solo_b[OUTPUTS][4], both_a[OUTPUTS][4], both_b[OUTPUTS][4];
        memset(solo_a, 0, sizeof solo_a), memset(solo_b, 0, sizeof solo_b);
        memset(both_a, 0, sizeof both_a), memset(both_b, 0, sizeof both_b);
        CHECK(oif_ivp_set_integrator(f->h, *name, NULL));
        CHECK(oif_ivp_set_integrator(other, *name, NULL));

        start(f->h, &orbit);
        for (int i = 0; i < OUTPUTS; i++) {
            step_to(f->h, &orbit, 0.3 * (i + 1), solo_a[i]);
        }
        start(f->h, &oscillator);
        for (int i = 0; i < OUTPUTS; i++) {
            step_to(f->h, &oscillator, 0.3 * (i + 1), solo_b[i]);
        }

        start(f->h, &orbit);
        start(other, &oscillator);
        for (int i = 0; i < OUTPUTS; i++) {
            step_to(f->h, &orbit, 0.3 * (i + 1), both_a[i]);
            step_to(other, &oscillator, 0.3 * (i + 1), both_b[i]);
        }
        if (restarts_when_interleaved(f->impl, *name)) {
            for (int i = 0; i < OUTPUTS; i++) {
                for (int j = 0; j < 4; j++) {
                    assert_double_equal(both_a[i][j], solo_a[i][j], 1e-5);
                    assert_double_equal(both_b[i][j], solo_b[i][j], 1e-5);
                }
            }
        } else if (memcmp(solo_a, both_a, sizeof solo_a) != 0 || memcmp(solo_b, both_b, sizeof solo_b) != 0) {
            print_error("%s: interleaved runs differ from solo runs\n", *name);
            fail();
        }
    }
    assert_int_equal(oif_unload_impl(other), 0);
}

static void test_wrong_output_length_is_an_error(void **state)
{
    Fixture *f = *state;
    double y0_data[] = {1.0, 0.0}, y_data[3];
    intptr_t d0[1], d1[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 2), y = vector(y_data, d1, 3);
    CHECK(oif_ivp_set_initial_value(f->h, &y0, 0.0));
    CHECK(oif_ivp_set_rhs_fn(f->h, oscillator_rhs));
    assert_int_not_equal(oif_ivp_integrate(f->h, 1.0, &y), 0);
    assert_error_mentions(f->impl->name, "integrate");
}

/* ---- the contract every implementation keeps (docs/user-guide/ivp.md) --- */

/* Starts y'' = -4 y at t0 on the orbit y = cos 2t. */
static void start_oscillator_at(ImplHandle h, double t0)
{
    double y0_data[] = {cos(2 * t0), -2 * sin(2 * t0)};
    intptr_t d0[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 2);
    CHECK(oif_ivp_set_initial_value(h, &y0, t0));
    CHECK(oif_ivp_set_rhs_fn(h, oscillator_rhs));
    CHECK(oif_ivp_set_tolerances(h, 1e-10, 1e-12));
}

static void assert_oscillator_at(ImplHandle h, double t)
{
    double y_data[2];
    intptr_t d[1];
    OIFArrayF64 y = vector(y_data, d, 2);
    CHECK(oif_ivp_integrate(h, t, &y));
    assert_double_equal(y_data[0], cos(2 * t), 1e-6);
    assert_double_equal(y_data[1], -2 * sin(2 * t), 2e-6);
}

static void test_integrates_backwards_from_t0(void **state)
{
    Fixture *f = *state;
    start_oscillator_at(f->h, 2.0);
    assert_oscillator_at(f->h, 1.5);
    assert_oscillator_at(f->h, -1.0);
}

static void test_goes_back_behind_the_last_step(void **state)
{
    Fixture *f = *state;
    start_oscillator_at(f->h, 0.0);
    assert_oscillator_at(f->h, 10.0);
    assert_oscillator_at(f->h, 2.0);
    assert_oscillator_at(f->h, 0.5);
    assert_oscillator_at(f->h, 12.0);
}

static int oscillator_failing_beyond(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    if (t > *(double *)user_data) {
        return 5;
    }
    return oscillator_rhs(t, y, ydot, NULL);
}

static void test_goes_on_after_a_failed_step(void **state)
{
    Fixture *f = *state;
    double fail_beyond = 1.0, y_data[2];
    intptr_t d[1];
    OIFArrayF64 y = vector(y_data, d, 2);
    start_oscillator_at(f->h, 0.0);
    CHECK(oif_ivp_set_rhs_fn(f->h, oscillator_failing_beyond));
    CHECK(oif_ivp_set_user_data(f->h, &fail_beyond));
    assert_int_not_equal(oif_ivp_integrate(f->h, 2.0, &y), 0);
    assert_error_mentions("right-hand side returned status 5");
    fail_beyond = INFINITY;
    assert_oscillator_at(f->h, 2.0);
    assert_oscillator_at(f->h, 4.0);
}

static bool has_portable_name(const IvpImpl *impl, const char *name)
{
    for (size_t i = 0; impl->portable_names[i] != NULL; i++) {
        if (strcmp(impl->portable_names[i], name) == 0) {
            return true;
        }
    }
    return false;
}

static void test_portable_integrator_names(void **state)
{
    Fixture *f = *state;
    for (size_t i = 0; all_portable_names[i] != NULL; i++) {
        const char *name = all_portable_names[i];
        if (!has_portable_name(f->impl, name)) {
            assert_int_not_equal(oif_ivp_set_integrator(f->h, (char *)name, NULL), 0);
            assert_error_mentions("unknown integrator");
            continue;
        }
        CHECK(oif_ivp_set_integrator(f->h, (char *)name, NULL));
        start_oscillator_at(f->h, 0.0);
        assert_oscillator_at(f->h, 3.0);
    }
}

/* The count `key` of get_stats, which must be an int; -1 if the
 * implementation does not count it. */
static long stat(ImplHandle h, const char *key)
{
    OIFConfigDict *stats = NULL;
    CHECK(oif_ivp_get_stats(h, &stats));
    assert_non_null(stats);
    long count = -1;
    if (oif_config_dict_key_exists(stats, key)) {
        assert_int_equal(oif_config_dict_get_type(stats, key), OIF_TYPE_INT);
        count = oif_config_dict_get_int(stats, key);
        assert_true(count >= 0);
    }
    oif_config_dict_free(stats);
    return count;
}

/* y' = -rate y from y(0) = 1 counting the rhs calls, through a restart
 * behind the last step and a change of integrator, which some
 * implementations do by starting their solver afresh. */
static void run_counted_decay(ImplHandle h, const char *integrator, DecayData *data)
{
    double y0_data[] = {1.0}, y_data[1];
    intptr_t d0[1], d1[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 1), y = vector(y_data, d1, 1);
    CHECK(oif_ivp_set_integrator(h, (char *)integrator, NULL));
    CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
    CHECK(oif_ivp_set_rhs_fn(h, decay_rhs));
    CHECK(oif_ivp_set_user_data(h, data));
    CHECK(oif_ivp_integrate(h, 2.0, &y));
    CHECK(oif_ivp_integrate(h, 0.2, &y));
    CHECK(oif_ivp_set_integrator(h, (char *)integrator, NULL));
    CHECK(oif_ivp_integrate(h, 3.0, &y));
    assert_double_equal(y_data[0], exp(-3.0 * data->rate), 1e-5);
}

static void test_stats_count_every_rhs_call_since_set_initial_value(void **state)
{
    Fixture *f = *state;
    for (const char *const *name = f->impl->integrators; *name != NULL; name++) {
        DecayData data = {.rate = 1.0, .calls = 0};
        run_counted_decay(f->h, *name, &data);
        long steps = stat(f->h, "steps"), rejected = stat(f->h, "rejected_steps");
        print_message("%s/%s: %ld steps, %ld rejected, %ld rhs calls\n", f->impl->name, *name, steps,
                      rejected, data.calls);
        assert_int_equal(stat(f->h, "rhs_evaluations"), data.calls);
        assert_true(steps > 0 && steps < data.calls);
        assert_true(rejected < steps); /* lsoda does not count them: -1 */

        double y0_data[] = {1.0};
        intptr_t d0[1];
        OIFArrayF64 y0 = vector(y0_data, d0, 1);
        CHECK(oif_ivp_set_initial_value(f->h, &y0, 0.0));
        assert_int_equal(stat(f->h, "steps"), 0);
        assert_int_equal(stat(f->h, "rhs_evaluations"), 0);
    }
}

static void test_stats_take_more_steps_at_tighter_tolerances(void **state)
{
    Fixture *f = *state;
    decay_error(f->h, 1e-4, 1e-6);
    long loose = stat(f->h, "steps");
    decay_error(f->h, 1e-10, 1e-12);
    long tight = stat(f->h, "steps");
    print_message("%s: %ld steps at rtol 1e-4, %ld at rtol 1e-10\n", f->impl->name, loose, tight);
    assert_true(loose > 0 && tight > 2 * loose);
}

static void test_stats_of_an_implicit_method_count_its_linear_algebra(void **state)
{
    Fixture *f = *state;
    if (!has_portable_name(f->impl, "bdf")) {
        skip();
    }
    CHECK(oif_ivp_set_integrator(f->h, "bdf", NULL));
    decay_error(f->h, 1e-8, 1e-10);
    assert_true(stat(f->h, "jacobian_evaluations") > 0);
    assert_true(stat(f->h, "linear_solver_setups") >= stat(f->h, "jacobian_evaluations"));
}

/* The decay problem's data first, for decay_rhs, and what the monitor saw. */
typedef struct {
    DecayData decay;
    long shown;
    double last_t, last_y;
    double stop_after; /* the monitor asks to stop at the first step beyond it */
} MonitoredDecay;

static int decay_monitor(double t, OIFArrayF64 *y, void *user_data)
{
    MonitoredDecay *m = user_data;
    m->shown++;
    m->last_t = t;
    m->last_y = y->data[0];
    y->data[0] = NAN; /* its own copy: changes nothing */
    return t > m->stop_after ? 7 : 0;
}

static void test_a_monitor_sees_every_step_and_stops_cleanly(void **state)
{
    Fixture *f = *state;
    for (const char *const *name = f->impl->integrators; *name != NULL; name++) {
        MonitoredDecay m = {.decay.rate = 1.0, .stop_after = INFINITY};
        double y0_data[] = {1.0}, y_data[1];
        intptr_t d0[1], d1[1];
        OIFArrayF64 y0 = vector(y0_data, d0, 1), y = vector(y_data, d1, 1);
        CHECK(oif_ivp_set_integrator(f->h, (char *)*name, NULL));
        CHECK(oif_ivp_set_initial_value(f->h, &y0, 0.0));
        CHECK(oif_ivp_set_rhs_fn(f->h, decay_rhs));
        CHECK(oif_ivp_set_user_data(f->h, &m));
        CHECK(oif_ivp_set_monitor_fn(f->h, decay_monitor));
        CHECK(oif_ivp_integrate(f->h, 2.0, &y));
        assert_double_equal(y_data[0], exp(-2.0), 1e-5);
        assert_int_equal(m.shown, stat(f->h, "steps"));
        assert_true(m.last_t >= 2.0);
        assert_double_equal(m.last_y, exp(-m.last_t), 1e-5);

        m.stop_after = 3.0;
        assert_int_equal(oif_ivp_integrate(f->h, 6.0, &y), OIF_STOPPED);
        assert_non_null(strstr(oif_last_error(), "stopped by the monitor at t = "));
        assert_true(m.last_t > 3.0 && m.last_t < 6.0);
        assert_double_equal(y_data[0], exp(-m.last_t), 1e-5);

        long shown = m.shown;
        CHECK(oif_ivp_set_monitor_fn(f->h, NULL));
        CHECK(oif_ivp_integrate(f->h, 6.0, &y));
        assert_double_equal(y_data[0], exp(-6.0), 1e-5);
        assert_int_equal(m.shown, shown);
    }
}

/* y1' = -y1 from 1, and an oscillation of amplitude 1e-10 in (y2, y3). */
static int two_scales_rhs(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    (void)t, (void)user_data;
    ydot->data[0] = -y->data[0];
    ydot->data[1] = 10.0 * y->data[2];
    ydot->data[2] = -10.0 * y->data[1];
    return 0;
}

static void test_a_tolerance_per_component(void **state)
{
    Fixture *f = *state;
    double y0_data[] = {1.0, 1e-10, 0.0}, y_data[3], atol_data[] = {1e-10, 1e-20, 1e-20};
    intptr_t d0[1], d1[1], d2[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 3), y = vector(y_data, d1, 3), atol = vector(atol_data, d2, 3);
    CHECK(oif_ivp_set_initial_value(f->h, &y0, 0.0));
    CHECK(oif_ivp_set_rhs_fn(f->h, two_scales_rhs));
    CHECK(oif_ivp_set_vector_tolerances(f->h, 1e-8, &atol));
    CHECK(oif_ivp_integrate(f->h, 3.0, &y));
    assert_double_equal(y_data[0], exp(-3.0), 1e-6);
    assert_double_equal(y_data[1], 1e-10 * cos(30.0), 1e-15);
    assert_double_equal(y_data[2], -1e-10 * sin(30.0), 1e-15);

    atol_data[1] = -1.0;
    assert_int_equal(oif_ivp_set_vector_tolerances(f->h, 1e-8, &atol), OIF_ERROR);
    assert_non_null(strstr(oif_last_error(), "'atol' must be non-negative and finite"));
    OIFArrayF64 short_atol = vector(atol_data, d2, 2);
    assert_int_equal(oif_ivp_set_vector_tolerances(f->h, 1e-8, &short_atol), OIF_ERROR);
    assert_non_null(strstr(oif_last_error(), "'atol' must be a vector as long as y0"));
}

/* The oscillator's Jacobian [[0, 1], [-4, 0]], counting its calls in the
 * long that user_data points to; status 9 once that count is negative. */
static int oscillator_jac(double t, OIFArrayF64 *y, OIFArrayF64 *J, void *user_data)
{
    (void)t, (void)y;
    long *calls = user_data;
    if (*calls < 0) {
        return 9;
    }
    ++*calls;
    bool zeroed = J->data[0] == 0.0 && J->data[1] == 0.0 && J->data[2] == 0.0 && J->data[3] == 0.0;
    bool column_major = J->nd == 2 && J->dimensions[0] == 2 && J->dimensions[1] == 2 &&
                        (J->flags & OIF_ARRAY_F_CONTIGUOUS);
    if (!zeroed || !column_major) {
        return 8;
    }
    J->data[2] = 1.0;  /* J[0, 1] */
    J->data[1] = -4.0; /* J[1, 0] */
    return 0;
}

/* bdf factors the user's Jacobian; explicit methods accept it unused. */
static void test_a_jacobian_is_used_by_bdf_and_ignored_by_explicit_methods(void **state)
{
    Fixture *f = *state;
    const char *integrator = has_portable_name(f->impl, "bdf") ? "bdf" : "rk45";
    double y0_data[] = {1.0, 0.0}, y_data[2];
    intptr_t d0[1], d1[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 2), y = vector(y_data, d1, 2);
    long calls = 0;
    CHECK(oif_ivp_set_integrator(f->h, (char *)integrator, NULL));
    CHECK(oif_ivp_set_initial_value(f->h, &y0, 0.0));
    CHECK(oif_ivp_set_rhs_fn(f->h, oscillator_rhs));
    CHECK(oif_ivp_set_user_data(f->h, &calls));
    CHECK(oif_ivp_set_tolerances(f->h, 1e-9, 1e-12));
    CHECK(oif_ivp_set_jac_fn(f->h, oscillator_jac));
    CHECK(oif_ivp_integrate(f->h, 2.0, &y));
    assert_double_equal(y_data[0], cos(4.0), 1e-6);
    if (strcmp(integrator, "bdf") == 0) {
        assert_true(calls > 0);
        assert_int_equal(stat(f->h, "jacobian_evaluations"), calls);
        calls = -1;
        assert_int_equal(oif_ivp_integrate(f->h, 20.0, &y), OIF_ERROR);
        assert_non_null(strstr(oif_last_error(), "Jacobian returned status 9"));
    } else {
        assert_int_equal(calls, 0);
    }
    calls = -1; /* removed: never called again */
    CHECK(oif_ivp_set_jac_fn(f->h, NULL));
    CHECK(oif_ivp_integrate(f->h, 4.0, &y));
    assert_double_equal(y_data[0], cos(8.0), 1e-5);
}

#define IMPL_TEST(fn) cmocka_unit_test_prestate_setup_teardown(fn, setup, teardown, (void *)impl)

int main(void)
{
    int failed = 0;
    for (size_t i = 0; i < sizeof implementations / sizeof implementations[0]; i++) {
        const IvpImpl *impl = &implementations[i];
        const struct CMUnitTest tests[] = {
            IMPL_TEST(test_exponential_decay),
            IMPL_TEST(test_tighter_tolerances_give_smaller_errors),
            IMPL_TEST(test_linear_oscillator),
            IMPL_TEST(test_eccentric_orbit_follows_kepler),
            IMPL_TEST(test_user_data_reaches_the_rhs),
            IMPL_TEST(test_every_integrator_with_and_without_options),
            IMPL_TEST(test_unknown_integrator_and_options_are_errors),
            IMPL_TEST(test_rhs_failure_stops_with_an_error),
            IMPL_TEST(test_two_instances_at_once_match_solo_runs),
            IMPL_TEST(test_wrong_output_length_is_an_error),
            IMPL_TEST(test_integrates_backwards_from_t0),
            IMPL_TEST(test_goes_back_behind_the_last_step),
            IMPL_TEST(test_goes_on_after_a_failed_step),
            IMPL_TEST(test_portable_integrator_names),
            IMPL_TEST(test_stats_count_every_rhs_call_since_set_initial_value),
            IMPL_TEST(test_stats_take_more_steps_at_tighter_tolerances),
            IMPL_TEST(test_stats_of_an_implicit_method_count_its_linear_algebra),
            IMPL_TEST(test_a_monitor_sees_every_step_and_stops_cleanly),
            IMPL_TEST(test_a_tolerance_per_component),
            IMPL_TEST(test_a_jacobian_is_used_by_bdf_and_ignored_by_explicit_methods),
        };
        failed += _cmocka_run_group_tests(impl->name, tests, sizeof tests / sizeof tests[0], NULL, NULL);
    }
    return failed;
}
