/*
 * An ivp implementation written the way implementations for MaRDI Open
 * Interfaces 0.7 are written, and only against what 0.7 gives their
 * authors: <oif_impl/ivp.h> (Self, rhs_fn_t, the method prototypes),
 * <oif/util.h> (oif_util_malloc/free, oif_strcmp_nocase, logerr, logwarn,
 * oif_util_u32_from_size_t), <oif/config_dict.h> and <oif/_platform.h>.  It
 * uses nothing this project added, so that building and running it here is
 * the test that such implementations work unchanged.
 *
 * Fixed-step explicit methods: the classical Runge-Kutta method ("rk4",
 * the default) and explicit Euler ("euler"), with `steps_per_unit` steps
 * per unit of time (option, an int >= 1; 1000 by default).
 */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <oif/_platform.h>
#include <oif/api.h>
#include <oif/config_dict.h>
#include <oif/util.h>
#include <oif_impl/ivp.h>

static const char *const PREFIX = "upstream_style_ivp";

enum method { METHOD_RK4, METHOD_EULER };

struct self {
    size_t N;
    double t;
    double *y;
    /* The stages k1..k4 and the argument of the next stage, N each. */
    double *work;
    rhs_fn_t rhs;
    void *user_data;
    enum method method;
    int steps_per_unit;
    size_t n_steps;
    size_t n_rhs_evals;
    double rtol, atol; /* kept for print_stats: fixed steps do not use them */
};

/* static_assert without <assert.h>: <oif/_platform.h> provides it, as 0.7's
 * sources rely on. */
static_assert(sizeof(OIFArrayF64) >= sizeof(double *), "OIFArrayF64 holds a data pointer");

Self *malloc_self(void)
{
    Self *self = oif_util_malloc(sizeof *self);
    if (self == NULL) {
        logerr(PREFIX, "could not allocate memory for the solver state");
        return NULL;
    }
    *self = (Self){.method = METHOD_RK4, .steps_per_unit = 1000, .rtol = 1e-6, .atol = 1e-12};
    return self;
}

void free_self(Self *self)
{
    if (self == NULL) {
        return;
    }
    oif_util_free(self->y);
    oif_util_free(self->work);
    oif_util_free(self);
}

int set_initial_value(Self *self, OIFArrayF64 *y0, double t0)
{
    if (y0 == NULL || y0->nd != 1 || y0->dimensions[0] < 1) {
        logerr(PREFIX, "the initial value must be a non-empty one-dimensional array");
        return 1;
    }
    size_t N = (size_t)y0->dimensions[0];
    double *y = oif_util_malloc(N * sizeof *y);
    double *work = oif_util_malloc(5 * N * sizeof *work);
    if (y == NULL || work == NULL) {
        oif_util_free(y);
        oif_util_free(work);
        logerr(PREFIX, "could not allocate memory for %zu equations", N);
        return 1;
    }
    memcpy(y, y0->data, N * sizeof *y);
    oif_util_free(self->y);
    oif_util_free(self->work);
    self->y = y;
    self->work = work;
    self->N = N;
    self->t = t0;
    self->n_steps = 0;
    self->n_rhs_evals = 0;
    return 0;
}

int set_rhs_fn(Self *self, rhs_fn_t rhs)
{
    if (rhs == NULL) {
        logerr(PREFIX, "the right-hand side must not be NULL");
        return 1;
    }
    self->rhs = rhs;
    return 0;
}

int set_tolerances(Self *self, double rtol, double atol)
{
    if (!(rtol > 0) || !(atol >= 0)) {
        logerr(PREFIX, "tolerances must be positive, got rtol = %g, atol = %g", rtol, atol);
        return 1;
    }
    logwarn(PREFIX, "fixed-step methods do not adapt to tolerances");
    self->rtol = rtol;
    self->atol = atol;
    return 0;
}

int set_user_data(Self *self, void *user_data)
{
    self->user_data = user_data;
    return 0;
}

static int read_config(Self *self, OIFConfigDict *config)
{
    const char **keys = oif_config_dict_get_keys(config);
    if (keys == NULL) {
        logerr(PREFIX, "could not read the options");
        return 1;
    }
    int status = 0;
    for (size_t i = 0; keys[i] != NULL && status == 0; i++) {
        if (oif_strcmp_nocase(keys[i], "steps_per_unit") != 0) {
            logerr(PREFIX, "unknown option '%s'; the only option is 'steps_per_unit'", keys[i]);
            status = 1;
        }
    }
    oif_util_free(keys);
    if (status == 0 && oif_config_dict_key_exists(config, "steps_per_unit")) {
        int steps = oif_config_dict_get_int(config, "steps_per_unit");
        if (steps < 1) {
            logerr(PREFIX, "option 'steps_per_unit' must be at least 1, got %d", steps);
            return 1;
        }
        self->steps_per_unit = steps;
    }
    return status;
}

int set_integrator(Self *self, const char *integrator_name, OIFConfigDict *config)
{
    int status = 0;
    if (oif_strcmp_nocase(integrator_name, "rk4") == 0) {
        self->method = METHOD_RK4;
    } else if (oif_strcmp_nocase(integrator_name, "euler") == 0) {
        self->method = METHOD_EULER;
    } else {
        logerr(PREFIX, "unknown integrator '%s'; available: rk4, euler", integrator_name);
        status = 1;
    }
    if (status == 0 && config != NULL) {
        status = read_config(self, config);
    }
    /* The implementation owns the dict it is given. */
    oif_config_dict_free(config);
    return status;
}

/* f(t, x) into out, through 0.7's calling convention: arrays as views. */
static int eval_rhs(Self *self, double t, double *x, double *out)
{
    intptr_t dims[] = {(intptr_t)self->N};
    OIFArrayF64 x_view = {.nd = 1, .dimensions = dims, .data = x, .flags = OIF_ARRAY_C_CONTIGUOUS};
    OIFArrayF64 out_view = {.nd = 1, .dimensions = dims, .data = out, .flags = OIF_ARRAY_C_CONTIGUOUS};
    self->n_rhs_evals++;
    int status = self->rhs(t, &x_view, &out_view, self->user_data);
    if (status != 0) {
        logerr(PREFIX, "the right-hand side returned %d at t = %g", status, t);
    }
    return status;
}

static int step(Self *self, double h)
{
    size_t N = self->N;
    double *y = self->y, *k1 = self->work, *k2 = k1 + N, *k3 = k2 + N, *k4 = k3 + N, *x = k4 + N;
    double t = self->t;
    if (eval_rhs(self, t, y, k1) != 0) {
        return 1;
    }
    if (self->method == METHOD_EULER) {
        for (size_t i = 0; i < N; i++) {
            y[i] += h * k1[i];
        }
        return 0;
    }
    for (size_t i = 0; i < N; i++) {
        x[i] = y[i] + 0.5 * h * k1[i];
    }
    if (eval_rhs(self, t + 0.5 * h, x, k2) != 0) {
        return 1;
    }
    for (size_t i = 0; i < N; i++) {
        x[i] = y[i] + 0.5 * h * k2[i];
    }
    if (eval_rhs(self, t + 0.5 * h, x, k3) != 0) {
        return 1;
    }
    for (size_t i = 0; i < N; i++) {
        x[i] = y[i] + h * k3[i];
    }
    if (eval_rhs(self, t + h, x, k4) != 0) {
        return 1;
    }
    for (size_t i = 0; i < N; i++) {
        y[i] += h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
    }
    return 0;
}

int integrate(Self *self, double t, OIFArrayF64 *y)
{
    if (self->y == NULL || self->rhs == NULL) {
        logerr(PREFIX, "set the initial value and the right-hand side before integrating");
        return 1;
    }
    if (y == NULL || y->nd != 1 || y->dimensions[0] != (intptr_t)self->N) {
        logerr(PREFIX, "the solution array must be one-dimensional of length %zu", self->N);
        return 1;
    }
    if (!(t >= self->t) || !isfinite(t)) {
        logerr(PREFIX, "cannot integrate from t = %g back or on to t = %g", self->t, t);
        return 1;
    }
    double span = t - self->t;
    double n = ceil(span * self->steps_per_unit);
    if (n > 1e9) {
        logerr(PREFIX, "integrating over %g units of time would take more than 1e9 steps", span);
        return 1;
    }
    size_t n_steps = (size_t)n;
    double t0 = self->t;
    for (size_t i = 1; i <= n_steps; i++) {
        double t_next = i == n_steps ? t : t0 + span * (double)i / (double)n_steps;
        if (step(self, t_next - self->t) != 0) {
            return 1;
        }
        self->t = t_next;
        self->n_steps++;
    }
    memcpy(y->data, self->y, self->N * sizeof *self->y);
    return 0;
}

int print_stats(Self *self)
{
    printf("%s: %s, %" PRIu32 " steps, %" PRIu32 " right-hand side evaluations\n", PREFIX,
           self->method == METHOD_RK4 ? "rk4" : "euler", oif_util_u32_from_size_t(self->n_steps),
           oif_util_u32_from_size_t(self->n_rhs_evals));
    return 0;
}
