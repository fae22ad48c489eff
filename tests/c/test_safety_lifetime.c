/* Safety probes from C: callbacks that unload or re-initialise their own
 * instance, and threads that unload or call an instance another thread is
 * inside.  A call in progress pins its instance: unloading is deferred until
 * it returns, and any other call on the instance meanwhile is refused.  Each
 * probe runs in a child process (probe.h), for every ivp implementation. */
#include "probe.h"

#include <math.h>
#include <pthread.h>

#include <oif/interfaces/ivp.h>
#include <oif/interfaces/optim.h>

static const char *const ivp_impls[] = {"dopri5c", "sundials_cvode", "scipy_ode"};
static const char *const optim_impls[] = {"nlopt", "scipy_optimize"};

/* What a right-hand side does besides y' = -y, on its first call. */
typedef enum { UNLOAD_SELF, REINITIALISE_SELF, WAIT_FOR_OTHER_THREAD } RhsAction;

typedef struct {
    ImplHandle h;
    RhsAction action;
    int calls;
    int status;       /* of what the action called */
    char message[512]; /* oif_last_error() after it */
    /* WAIT_FOR_OTHER_THREAD: the rhs says it is inside, then waits until the
     * other thread has done its part. */
    pthread_mutex_t lock;
    pthread_cond_t changed;
    int inside, other_done;
} Probe;

static int acting_rhs(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    (void)t;
    Probe *p = user_data;
    if (p->calls++ == 0) {
        if (p->action == UNLOAD_SELF) {
            p->status = oif_unload_impl(p->h);
            snprintf(p->message, sizeof p->message, "%s", oif_last_error());
        } else if (p->action == REINITIALISE_SELF) {
            double longer[50] = {0};
            intptr_t dims[1];
            OIFArrayF64 y0 = vector(longer, dims, 50);
            p->status = oif_ivp_set_initial_value(p->h, &y0, 0.0);
            snprintf(p->message, sizeof p->message, "%s", oif_last_error());
        } else {
            pthread_mutex_lock(&p->lock);
            p->inside = 1;
            pthread_cond_broadcast(&p->changed);
            while (!p->other_done) {
                pthread_cond_wait(&p->changed, &p->lock);
            }
            pthread_mutex_unlock(&p->lock);
        }
    }
    for (ssize_t i = 0; i < y->dimensions[0]; i++) {
        ydot->data[i] = -y->data[i];
    }
    return 0;
}

static Probe *new_probe(const char *impl, RhsAction action)
{
    static Probe p;
    p = (Probe){.action = action};
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.changed, NULL);
    p.h = oif_load_impl("ivp", impl, 1, 0);
    return &p;
}

/* Sets y' = -y (through acting_rhs), y(0) = 1 and integrates to t = 1. */
static int integrate_decay(Probe *p, double *y1)
{
    double y0_data[] = {1.0};
    intptr_t d0[1], d1[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 1), y = vector(y1, d1, 1);
    if (oif_ivp_set_initial_value(p->h, &y0, 0.0) || oif_ivp_set_rhs_fn(p->h, acting_rhs) ||
        oif_ivp_set_user_data(p->h, p) || oif_ivp_set_tolerances(p->h, 1e-8, 1e-10)) {
        fprintf(stderr, "setting up failed: %s\n", oif_last_error());
        return -1;
    }
    return oif_ivp_integrate(p->h, 1.0, &y);
}

static int unload_inside_rhs(void *impl)
{
    Probe *p = new_probe(impl, UNLOAD_SELF);
    PROBE_CHECK(p->h >= OIF_IMPL_STARTING_NUMBER, "load: %s", oif_last_error());
    double y1 = 0.0;
    int status = integrate_decay(p, &y1);
    PROBE_CHECK(p->status == 0, "unloading inside the rhs failed: %s", p->message);
    PROBE_CHECK(status == 0, "the integration failed: %s", oif_last_error());
    PROBE_CHECK(fabs(y1 - exp(-1.0)) < 1e-6, "y(1) = %.17g", y1);
    double y_data[1];
    intptr_t dims[1];
    OIFArrayF64 y = vector(y_data, dims, 1);
    PROBE_CHECK(oif_ivp_integrate(p->h, 2.0, &y) != 0, "an unloaded handle integrated");
    PROBE_CHECK(strstr(oif_last_error(), "no implementation is loaded") != NULL, "%s", oif_last_error());
    PROBE_CHECK(oif_unload_impl(p->h) != 0, "unloaded twice");
    return 0;
}

static int reinitialise_inside_rhs(void *impl)
{
    Probe *p = new_probe(impl, REINITIALISE_SELF);
    PROBE_CHECK(p->h >= OIF_IMPL_STARTING_NUMBER, "load: %s", oif_last_error());
    double y1 = 0.0;
    int status = integrate_decay(p, &y1);
    PROBE_CHECK(p->status != 0, "re-initialising inside the rhs was accepted");
    PROBE_CHECK(strstr(p->message, "set_initial_value") && strstr(p->message, "'integrate' on this instance is in progress"),
                "%s", p->message);
    PROBE_CHECK(status == 0 && fabs(y1 - exp(-1.0)) < 1e-6, "status %d, y(1) = %.17g: %s", status, y1,
                oif_last_error());
    PROBE_CHECK(oif_unload_impl(p->h) == 0, "%s", oif_last_error());
    return 0;
}

/* The other thread: waits until the rhs is running, unloads the instance
 * (or calls it), then lets the rhs go on. */
typedef struct {
    Probe *probe;
    int unload; /* else call set_tolerances */
} Other;

static void *other_thread(void *arg)
{
    Other *o = arg;
    Probe *p = o->probe;
    pthread_mutex_lock(&p->lock);
    while (!p->inside) {
        pthread_cond_wait(&p->changed, &p->lock);
    }
    pthread_mutex_unlock(&p->lock);
    p->status = o->unload ? oif_unload_impl(p->h) : oif_ivp_set_tolerances(p->h, 1e-3, 1e-3);
    snprintf(p->message, sizeof p->message, "%s", oif_last_error());
    pthread_mutex_lock(&p->lock);
    p->other_done = 1;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static int other_thread_during_call(const char *impl, int unload)
{
    Probe *p = new_probe(impl, WAIT_FOR_OTHER_THREAD);
    PROBE_CHECK(p->h >= OIF_IMPL_STARTING_NUMBER, "load: %s", oif_last_error());
    Other o = {p, unload};
    pthread_t thread;
    pthread_create(&thread, NULL, other_thread, &o);
    double y1 = 0.0;
    int status = integrate_decay(p, &y1);
    pthread_join(thread, NULL);
    PROBE_CHECK(status == 0 && fabs(y1 - exp(-1.0)) < 1e-6, "status %d, y(1) = %.17g: %s", status, y1,
                oif_last_error());
    if (unload) {
        PROBE_CHECK(p->status == 0, "unloading from the other thread failed: %s", p->message);
        PROBE_CHECK(oif_unload_impl(p->h) != 0, "the handle is still loaded after the call returned");
    } else {
        PROBE_CHECK(p->status != 0, "a second thread's call on a busy instance was accepted");
        PROBE_CHECK(strstr(p->message, "set_tolerances") && strstr(p->message, "'integrate' on this instance is in progress"),
                    "%s", p->message);
        PROBE_CHECK(oif_unload_impl(p->h) == 0, "%s", oif_last_error());
    }
    return 0;
}

static int unload_from_other_thread(void *impl) { return other_thread_during_call(impl, 1); }
static int call_from_other_thread(void *impl) { return other_thread_during_call(impl, 0); }

static ImplHandle objective_handle;

static double unloading_objective(OIFArrayF64 *x, void *user_data)
{
    int *status = user_data;
    if (*status == -1) {
        *status = oif_unload_impl(objective_handle);
    }
    return x->data[0] * x->data[0] + x->data[1] * x->data[1];
}

static int unload_inside_objective(void *impl)
{
    objective_handle = oif_load_impl("optim", impl, 1, 0);
    PROBE_CHECK(objective_handle >= OIF_IMPL_STARTING_NUMBER, "load: %s", oif_last_error());
    double x0_data[] = {1.0, 2.0}, x_data[2];
    intptr_t d0[1], d1[1];
    OIFArrayF64 x0 = vector(x0_data, d0, 2), x = vector(x_data, d1, 2);
    int unload_status = -1, status = -1;
    char *message = NULL;
    PROBE_CHECK(oif_optim_set_initial_guess(objective_handle, &x0) == 0 &&
                    oif_optim_set_objective_fn(objective_handle, unloading_objective) == 0 &&
                    oif_optim_set_user_data(objective_handle, &unload_status) == 0,
                "%s", oif_last_error());
    int call_status = oif_optim_minimize(objective_handle, &x, &status, &message);
    free(message);
    PROBE_CHECK(unload_status == 0, "unloading inside the objective failed");
    PROBE_CHECK(call_status == 0, "minimize failed: %s", oif_last_error());
    PROBE_CHECK(fabs(x_data[0]) < 1e-3 && fabs(x_data[1]) < 1e-3, "x = (%g, %g)", x_data[0], x_data[1]);
    PROBE_CHECK(oif_unload_impl(objective_handle) != 0, "the handle is still loaded");
    return 0;
}

#define FOR_EACH(impls, probe_fn, category, limit)                                                 \
    for (size_t i = 0; i < sizeof impls / sizeof impls[0]; i++) {                                  \
        char name[128];                                                                            \
        snprintf(name, sizeof name, "%s: %s", #probe_fn, impls[i]);                                \
        run_probe(category, name, probe_fn, (void *)impls[i], limit);                              \
    }

static void test_unload_inside_rhs(void **state)
{
    (void)state;
    FOR_EACH(ivp_impls, unload_inside_rhs, PROBE_CRASH, 60);
}

static void test_reinitialise_inside_rhs(void **state)
{
    (void)state;
    FOR_EACH(ivp_impls, reinitialise_inside_rhs, PROBE_CRASH, 60);
}

static void test_unload_from_other_thread(void **state)
{
    (void)state;
    FOR_EACH(ivp_impls, unload_from_other_thread, PROBE_CRASH, 60);
}

static void test_call_from_other_thread(void **state)
{
    (void)state;
    FOR_EACH(ivp_impls, call_from_other_thread, PROBE_CRASH, 60);
}

static void test_unload_inside_objective(void **state)
{
    (void)state;
    FOR_EACH(optim_impls, unload_inside_objective, PROBE_CRASH, 60);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unload_inside_rhs),
        cmocka_unit_test(test_reinitialise_inside_rhs),
        cmocka_unit_test(test_unload_from_other_thread),
        cmocka_unit_test(test_call_from_other_thread),
        cmocka_unit_test(test_unload_inside_objective),
    };
    return cmocka_run_group_tests(tests, NULL, print_probe_counts);
}
