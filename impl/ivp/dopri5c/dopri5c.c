/*
 * The explicit Runge-Kutta pair of Dormand and Prince, orders 5(4), with
 * adaptive steps and dense output (Hairer, Norsett & Wanner, "Solving
 * Ordinary Differential Equations I", II.4-II.6).
 *
 * The solver steps freely, never shortening a step to land on an output
 * time: integrate(t) takes steps until one ends at or beyond t and then
 * evaluates the method's continuous extension, a 4th-order polynomial built
 * from the stages the step computed anyway.  Closely spaced outputs
 * therefore cost no right-hand-side evaluations, and the step sequence (so
 * the solution) does not depend on which times are asked for.
 *
 * The last stage of a step is f at the new point, which is the first stage
 * of the next step (FSAL): an accepted step costs six evaluations.
 *
 * A run goes in either direction of time.  A time behind the last step
 * (in the run's direction) restarts the run from the nearer end of that
 * step, in the other direction, with a freshly chosen step size.
 *
 * A new right-hand side or user data takes effect from the last output
 * time: the steps already taken beyond it are dropped.  A step that fails
 * (the right-hand side returns an error, the step size underflows) leaves
 * the solver at the end of the last accepted step, from where the next
 * integrate call goes on, e.g. once the right-hand side is fixed.  So
 * does a monitor's request to stop: the step it was shown becomes the last
 * output.
 *
 * All vectors live in one workspace allocated by set_initial_value; each has
 * one OIFArrayF64 wrapper for its whole life, and accepting a step permutes
 * the wrappers' roles instead of copying data.
 */
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <oif_impl/ivp.h>

/* The interface version it is built for, checked at load (<oif/impl_abi.h>). */
OIF_IMPL_ABI_IVP;

enum {
    NUM_STAGES = 7,
    NUM_BUFFERS = 4 + NUM_STAGES, /* y_prev, y, y_new, ytmp, the stages */
    /* Consecutive NaN/Inf error estimates tolerated, each shrinking the step
     * fivefold, before the integration gives up. */
    MAX_NONFINITE_IN_A_ROW = 10,
};

/* The Butcher tableau.  Stage 1 is f(t, y); stage 7 is evaluated at the
 * 5th-order solution, so its row of `a` holds the weights of that solution. */
static const double c[NUM_STAGES] = {0.0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1.0, 1.0};
static const double a[NUM_STAGES][NUM_STAGES - 1] = {
    {0.0},
    {1.0 / 5},
    {3.0 / 40, 9.0 / 40},
    {44.0 / 45, -56.0 / 15, 32.0 / 9},
    {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
    {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
    {35.0 / 384, 0.0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84},
};
/* 5th- minus 4th-order weights: h * sum(e_j k_j) estimates the local error. */
static const double e[NUM_STAGES] = {
    71.0 / 57600, 0.0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40,
};
/* Weights of the quartic term of the continuous extension. */
static const double d[NUM_STAGES] = {
    -12715105075.0 / 11282082432,  0.0,
    87487479700.0 / 32700410799,   -10690763975.0 / 1880347072,
    701980252875.0 / 199316789632, -1453857185.0 / 822651844,
    69997945.0 / 29380423,
};

/* Step-size control after an accepted step: h_new = h * safety *
 * err^-alpha * err_prev^beta, the PI controller of Hairer's DOPRI5, bounded
 * to [min_factor, max_factor]; no growth right after a rejection.  After a
 * rejected step: h_new = h * safety * err^(-1/5), as the local error of the
 * 4th-order estimate scales with h^5. */
static const double safety = 0.9;
static const double min_factor = 0.2;
static const double max_factor = 10.0;
static const double beta = 0.04;
static const double alpha = 0.17; /* 1/5 - 0.75 beta */
/* Keeps a nearly exact step from holding back the growth of the next. */
static const double min_err_prev = 1e-4;

typedef struct {
    int max_num_steps;  /* accepted steps one integrate call may take */
    double first_step;  /* the first step of a run; 0 chooses it automatically */
    double max_step;
} Options;

static const Options default_options = {500000, 0.0, INFINITY};

struct self {
    oif_ivp_rhs_fn_t rhs;
    oif_ivp_monitor_fn_t monitor; /* NULL: none */
    void *user_data;
    double rtol, atol;
    double *atols; /* one atol per component (set_vector_tolerances), or NULL: atol for all */
    ssize_t num_atols;
    Options options;

    ssize_t n; /* 0 until the first set_initial_value */
    double *workspace;
    OIFArrayF64 buffers[NUM_BUFFERS];
    OIFArrayF64 *y_prev, *y, *y_new, *ytmp;
    /* After a step is accepted k[0] holds f(t, y): the step's last stage and
     * the next step's first.  k[6] then holds the step's first stage. */
    OIFArrayF64 *k[NUM_STAGES];

    /* The last accepted step went from t_prev to t, with size h_last (of
     * the run's direction); t_prev == t when there is none to interpolate
     * in. */
    double t_prev, t, h_last;
    double direction; /* +1 or -1: the sign of the steps */
    double h;         /* the size of the next step to try, > 0; 0 until chosen */
    double t_last_output;
    double err_prev;
    bool last_step_rejected;
    bool k1_current; /* k[0] is f(t, y) for the current rhs and user data */
    int nonfinite_in_a_row;

    long rhs_evaluations, accepted_steps, rejected_steps;
};

Self *malloc_self(void)
{
    Self *self = calloc(1, sizeof *self);
    if (self == NULL) {
        return NULL;
    }
    self->rtol = 1e-6;
    self->atol = 1e-12;
    self->options = default_options;
    self->y_prev = &self->buffers[0];
    self->y = &self->buffers[1];
    self->y_new = &self->buffers[2];
    self->ytmp = &self->buffers[3];
    for (int s = 0; s < NUM_STAGES; s++) {
        self->k[s] = &self->buffers[4 + s];
    }
    return self;
}

void free_self(Self *self)
{
    free(self->atols);
    free(self->workspace);
    free(self);
}

static int allocate_workspace(Self *self, ssize_t n)
{
    if ((size_t)n > SIZE_MAX / (NUM_BUFFERS * sizeof(double))) {
        oif_set_error("'y0' has %zd components, too many to allocate the workspace for", n);
        return 1;
    }
    double *workspace = malloc((size_t)n * NUM_BUFFERS * sizeof *workspace);
    if (workspace == NULL) {
        oif_set_error("out of memory for the workspace of %zd components", n);
        return 1;
    }
    free(self->workspace);
    self->workspace = workspace;
    self->n = n;
    for (int b = 0; b < NUM_BUFFERS; b++) {
        self->buffers[b] = (OIFArrayF64){
            .nd = 1,
            .dimensions = &self->n,
            .data = workspace + (size_t)b * (size_t)n,
            .flags = OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS,
        };
    }
    return 0;
}

int set_initial_value(Self *self, OIFArrayF64 *y0, double t0)
{
    if (y0->nd != 1) {
        oif_set_error("'y0' must be a vector (nd = 1), got nd = %d", y0->nd);
        return 1;
    }
    if (y0->dimensions[0] < 1) {
        oif_set_error("'y0' must not be empty");
        return 1;
    }
    if (!isfinite(t0)) {
        oif_set_error("'t0' must be finite, got %g", t0);
        return 1;
    }
    ssize_t n = y0->dimensions[0];
    for (ssize_t i = 0; i < n; i++) {
        if (!isfinite(y0->data[i])) {
            oif_set_error("'y0' must be finite, but y0[%zd] = %g", i, y0->data[i]);
            return 1;
        }
    }
    if (n != self->n && allocate_workspace(self, n) != 0) {
        return 1;
    }
    memcpy(self->y->data, y0->data, (size_t)n * sizeof(double));
    self->t_prev = self->t = self->t_last_output = t0;
    self->h = 0.0;
    self->err_prev = min_err_prev;
    self->last_step_rejected = false;
    self->k1_current = false;
    self->direction = 1.0;
    self->nonfinite_in_a_row = 0;
    self->rhs_evaluations = self->accepted_steps = self->rejected_steps = 0;
    return 0;
}

/* The solution at t_out between t_prev and t from the continuous extension
 * of the last step (exactly y at its end). */
static void write_solution_at(const Self *self, double t_out, double *out)
{
    const ssize_t n = self->n;
    if (t_out == self->t) {
        memcpy(out, self->y->data, (size_t)n * sizeof *out);
        return;
    }
    const double h = self->h_last;
    const double theta = (t_out - self->t_prev) / h, theta1 = 1.0 - theta;
    const double *y0 = self->y_prev->data, *y1 = self->y->data;
    const double *k1 = self->k[NUM_STAGES - 1]->data, *k7 = self->k[0]->data; /* see accept_step */
    const double *k3 = self->k[2]->data, *k4 = self->k[3]->data, *k5 = self->k[4]->data,
                 *k6 = self->k[5]->data;
    for (ssize_t i = 0; i < n; i++) {
        double dy = y1[i] - y0[i];
        double quadratic = h * k1[i] - dy;
        double cubic = dy - h * k7[i] - quadratic;
        double quartic = h * (d[0] * k1[i] + d[2] * k3[i] + d[3] * k4[i] + d[4] * k5[i] +
                              d[5] * k6[i] + d[6] * k7[i]);
        out[i] = y0[i] + theta * (dy + theta1 * (quadratic + theta * (cubic + theta1 * quartic)));
    }
}

/* Whether time `a` comes before `b` in the run's direction. */
static bool is_behind(const Self *self, double a, double b) { return self->direction * (b - a) > 0.0; }

/* The right-hand side changed (user data may hold its parameters).  Steps
 * taken beyond the last output time used the old one, so the run goes on
 * from there, with the new one from its first stage on. */
static void restart_at_last_output(Self *self)
{
    self->k1_current = false;
    /* A max_num_steps stop may have left the last output behind t_prev. */
    double t_restart = is_behind(self, self->t_last_output, self->t_prev) ? self->t_prev : self->t_last_output;
    if (self->n == 0 || t_restart == self->t) {
        return;
    }
    write_solution_at(self, t_restart, self->y_new->data);
    OIFArrayF64 *old_y = self->y;
    self->y = self->y_new;
    self->y_new = old_y;
    self->t = self->t_prev = t_restart;
}

int set_rhs_fn(Self *self, oif_ivp_rhs_fn_t rhs)
{
    if (rhs == NULL) {
        oif_set_error("the right-hand side must not be NULL");
        return 1;
    }
    self->rhs = rhs;
    restart_at_last_output(self);
    return 0;
}

/* An explicit method needs no Jacobian: accepted, so that a script setting
 * one runs whichever implementation it names, and not used. */
int set_jac_fn(Self *self, oif_ivp_jac_fn_t jac)
{
    (void)self, (void)jac;
    return 0;
}

int set_monitor_fn(Self *self, oif_ivp_monitor_fn_t monitor)
{
    self->monitor = monitor;
    return 0;
}

int set_user_data(Self *self, void *user_data)
{
    self->user_data = user_data;
    restart_at_last_output(self);
    return 0;
}

int set_tolerances(Self *self, double rtol, double atol)
{
    if (!(rtol > 0.0) || !isfinite(rtol) || !(atol >= 0.0) || !isfinite(atol)) {
        oif_set_error("tolerances must be finite with rtol > 0 and atol >= 0, got rtol = %g, atol = %g",
                      rtol, atol);
        return 1;
    }
    self->rtol = rtol;
    self->atol = atol;
    free(self->atols);
    self->atols = NULL;
    return 0;
}

int set_vector_tolerances(Self *self, double rtol, OIFArrayF64 *atol)
{
    if (!(rtol > 0.0) || !isfinite(rtol)) {
        oif_set_error("'rtol' must be positive and finite, got %g", rtol);
        return 1;
    }
    if (atol->nd != 1 || atol->dimensions[0] < 1 || (self->n != 0 && atol->dimensions[0] != self->n)) {
        oif_set_error("'atol' must be a vector as long as y0 (%zd), got %zd values", self->n,
                      atol->nd == 1 ? atol->dimensions[0] : 0);
        return 1;
    }
    ssize_t n = atol->dimensions[0];
    for (ssize_t i = 0; i < n; i++) {
        if (!(atol->data[i] >= 0.0) || !isfinite(atol->data[i])) {
            oif_set_error("'atol' must be non-negative and finite, but atol[%zd] = %g", i, atol->data[i]);
            return 1;
        }
    }
    double *copy = malloc((size_t)n * sizeof *copy);
    if (copy == NULL) {
        oif_set_error("out of memory for %zd tolerances", n);
        return 1;
    }
    memcpy(copy, atol->data, (size_t)n * sizeof *copy);
    free(self->atols);
    self->atols = copy;
    self->num_atols = n;
    self->rtol = rtol;
    return 0;
}

/* The absolute tolerance of component i. */
static inline double atol_of(const Self *self, ssize_t i)
{
    return self->atols != NULL ? self->atols[i] : self->atol;
}

/* Options not given take their defaults. */
static int read_options(OIFConfigDict *config, Options *options)
{
    *options = default_options;
    const OIFOption table[] = {
        {"max_num_steps", OIF_TYPE_INT, &options->max_num_steps},
        {"first_step", OIF_TYPE_F64, &options->first_step},
        {"max_step", OIF_TYPE_F64, &options->max_step},
    };
    if (oif_config_dict_read_options(config, table, sizeof table / sizeof table[0]) != 0) {
        return 1;
    }
    if (options->max_num_steps <= 0) {
        oif_set_error("option 'max_num_steps' must be > 0, got %d", options->max_num_steps);
        return 1;
    }
    if (!(options->first_step >= 0.0) || !isfinite(options->first_step)) {
        oif_set_error("option 'first_step' must be finite and >= 0 (0 chooses it automatically), got %g",
                      options->first_step);
        return 1;
    }
    if (!(options->max_step > 0.0)) {
        oif_set_error("option 'max_step' must be > 0, got %g", options->max_step);
        return 1;
    }
    return 0;
}

static int configure(Self *self, const char *integrator_name, OIFConfigDict *config)
{
    /* "rk45" is the name other implementations give the same pair. */
    if (integrator_name == NULL || (strcmp(integrator_name, "dopri5") != 0 && strcmp(integrator_name, "rk45") != 0)) {
        oif_set_error("unknown integrator '%s': dopri5c provides only 'dopri5' (also called 'rk45')",
                      integrator_name != NULL ? integrator_name : "(null)");
        return 1;
    }
    Options options;
    if (read_options(config, &options) != 0) {
        return 1;
    }
    self->options = options;
    return 0;
}

/* first_step takes effect when a run starts; the other options at once. */
int set_integrator(Self *self, const char *integrator_name, OIFConfigDict *config)
{
    int status = configure(self, integrator_name, config);
    oif_config_dict_free(config);
    return status;
}

static int call_rhs(Self *self, double t, OIFArrayF64 *y, OIFArrayF64 *ydot)
{
    self->rhs_evaluations++;
    int status = self->rhs(t, y, ydot, self->user_data);
    if (status != 0) {
        oif_set_error("right-hand side returned status %d at t = %.15g", status, t);
    }
    return status;
}

/* (v / scale)^2, where v = 0 counts as 0 even when scale is 0 (atol = 0 and
 * a zero component), so that only a genuine error can make a norm infinite. */
static double scaled_square(double v, double scale)
{
    if (v == 0.0) {
        return 0.0;
    }
    double ratio = v / scale;
    return ratio * ratio;
}

/* Hairer's heuristic: a step that changes y by about 1% at first order,
 * limited by an estimate of the second derivative from one Euler step.
 * Norms are relative to atol + rtol * |y0|. */
static int choose_initial_step(Self *self)
{
    if (self->options.first_step > 0.0) {
        self->h = self->options.first_step;
        return 0;
    }
    const ssize_t n = self->n;
    const double *y0 = self->y->data, *f0 = self->k[0]->data;
    double y_norm = 0.0, f_norm = 0.0;
    for (ssize_t i = 0; i < n; i++) {
        double scale = atol_of(self, i) + self->rtol * fabs(y0[i]);
        y_norm += scaled_square(y0[i], scale);
        f_norm += scaled_square(f0[i], scale);
    }
    y_norm = sqrt(y_norm / n);
    f_norm = sqrt(f_norm / n);
    /* Written so that NaN norms take the fallback. */
    double h0 = y_norm >= 1e-5 && f_norm >= 1e-5 ? 0.01 * y_norm / f_norm : 1e-6;
    h0 = fmin(h0, self->options.max_step);

    double *y_euler = self->ytmp->data;
    const double step0 = self->direction * h0;
    for (ssize_t i = 0; i < n; i++) {
        y_euler[i] = y0[i] + step0 * f0[i];
    }
    if (call_rhs(self, self->t + step0, self->ytmp, self->k[1]) != 0) {
        return 1;
    }
    const double *f1 = self->k[1]->data;
    double second_derivative = 0.0;
    for (ssize_t i = 0; i < n; i++) {
        double scale = atol_of(self, i) + self->rtol * fabs(y0[i]);
        second_derivative += scaled_square(f1[i] - f0[i], scale);
    }
    second_derivative = sqrt(second_derivative / n) / h0;
    double larger = fmax(f_norm, second_derivative);
    double h1 = larger > 1e-15 && isfinite(larger) ? pow(0.01 / larger, 0.2) : fmax(1e-6, h0 * 1e-3);
    self->h = fmin(100.0 * h0, h1);
    return 0;
}

static void get_stage_data(const Self *self, const double *k[NUM_STAGES])
{
    for (int s = 0; s < NUM_STAGES; s++) {
        k[s] = self->k[s]->data;
    }
}

/* Stages 2 to 7 of a step h (signed) from (t, y); y_new gets the solution. */
static int compute_stages(Self *self, double h)
{
    const ssize_t n = self->n;
    const double *y = self->y->data;
    const double *k[NUM_STAGES];
    get_stage_data(self, k);
    for (int s = 1; s < NUM_STAGES; s++) {
        OIFArrayF64 *stage_y = s == NUM_STAGES - 1 ? self->y_new : self->ytmp;
        double *x = stage_y->data;
        for (ssize_t i = 0; i < n; i++) {
            double slope = 0.0;
            for (int j = 0; j < s; j++) {
                slope += a[s][j] * k[j][i];
            }
            x[i] = y[i] + h * slope;
        }
        if (call_rhs(self, self->t + c[s] * h, stage_y, self->k[s]) != 0) {
            return 1;
        }
    }
    return 0;
}

/* RMS over components of the local error relative to atol + rtol * |y|;
 * NaN or Inf when a stage or the new solution was not finite (an infinite
 * y_new would make its scale infinite and its error look like 0). */
static double error_norm(const Self *self, double h)
{
    const ssize_t n = self->n;
    const double *y = self->y->data, *y_new = self->y_new->data;
    const double *k[NUM_STAGES];
    get_stage_data(self, k);
    double sum = 0.0;
    for (ssize_t i = 0; i < n; i++) {
        double err = 0.0;
        for (int j = 0; j < NUM_STAGES; j++) {
            err += e[j] * k[j][i];
        }
        if (!isfinite(y_new[i])) {
            return INFINITY;
        }
        double scale = atol_of(self, i) + self->rtol * fmax(fabs(y[i]), fabs(y_new[i]));
        sum += scaled_square(h * err, scale);
    }
    return sqrt(sum / n);
}

/* h is the step's size, > 0. */
static void accept_step(Self *self, double h, double err)
{
    double factor = safety * pow(err, -alpha) * pow(self->err_prev, beta);
    factor = fmin(max_factor, fmax(min_factor, factor));
    if (self->last_step_rejected) {
        factor = fmin(factor, 1.0);
    }
    self->err_prev = fmax(err, min_err_prev);
    self->last_step_rejected = false;
    self->nonfinite_in_a_row = 0;
    self->accepted_steps++;

    self->t_prev = self->t;
    self->h_last = self->direction * h;
    self->t += self->h_last;
    self->h = h * factor;

    OIFArrayF64 *old_prev = self->y_prev;
    self->y_prev = self->y;
    self->y = self->y_new;
    self->y_new = old_prev;
    OIFArrayF64 *first_stage = self->k[0];
    self->k[0] = self->k[NUM_STAGES - 1];
    self->k[NUM_STAGES - 1] = first_stage;
}

static int reject_step(Self *self, double h, double err)
{
    self->rejected_steps++;
    self->last_step_rejected = true;
    if (isfinite(err)) {
        self->nonfinite_in_a_row = 0;
        self->h = h * fmax(min_factor, safety * pow(err, -0.2));
        return 0;
    }
    if (++self->nonfinite_in_a_row == MAX_NONFINITE_IN_A_ROW) {
        oif_set_error("the error estimate was not finite (NaN or Inf) in %d attempts in a row at t = %.15g, "
                      "the last with step size %.3g: the right-hand side returns NaN or Inf near this t, "
                      "or the solution overflows there (or atol = 0 while a solution component is 0)",
                      MAX_NONFINITE_IN_A_ROW, self->t, h);
        return 1;
    }
    self->h = h * min_factor;
    return 0;
}

/* Advances by one accepted step, retrying with smaller ones after rejections. */
static int take_step(Self *self)
{
    if (!self->k1_current) {
        if (call_rhs(self, self->t, self->y, self->k[0]) != 0) {
            return 1;
        }
        self->k1_current = true;
    }
    if (self->h == 0.0 && choose_initial_step(self) != 0) {
        return 1;
    }
    for (;;) {
        double h = fmin(self->h, self->options.max_step);
        double ulp = nextafter(fabs(self->t), INFINITY) - fabs(self->t);
        if (h < 16.0 * ulp) {
            const char *cause = self->nonfinite_in_a_row > 0
                                    ? "the right-hand side returns NaN or Inf just beyond this t"
                                    : "the solution may blow up there, or the problem is too stiff "
                                      "for an explicit method";
            oif_set_error("step size underflow at t = %.15g: the step size %.3g is below 16 ulp of t; %s",
                          self->t, h, cause);
            return 1;
        }
        if (compute_stages(self, self->direction * h) != 0) {
            return 1;
        }
        double err = error_norm(self, h);
        if (err <= 1.0) {
            accept_step(self, h, err);
            return 0;
        }
        if (reject_step(self, h, err) != 0) {
            return 1;
        }
    }
}

static int check_can_integrate(const Self *self, double t_out, const OIFArrayF64 *y_out)
{
    if (self->n == 0) {
        oif_set_error("no initial value: call set_initial_value before integrate");
        return 1;
    }
    if (self->rhs == NULL) {
        oif_set_error("no right-hand side: call set_rhs_fn before integrate");
        return 1;
    }
    if (y_out->nd != 1 || y_out->dimensions[0] != self->n) {
        oif_set_error("'y' must be a vector of length %zd, like y0", self->n);
        return 1;
    }
    if (self->atols != NULL && self->num_atols != self->n) {
        oif_set_error("'atol' has %zd values but y0 has %zd: set the tolerances again for the new y0",
                      self->num_atols, self->n);
        return 1;
    }
    if (!isfinite(t_out)) {
        oif_set_error("'t' must be finite, got %g", t_out);
        return 1;
    }
    if (!isfinite(t_out - self->t_last_output)) {
        oif_set_error("'t' = %g is too far from the current time %g: the span overflows", t_out,
                      self->t_last_output);
        return 1;
    }
    return 0;
}

/* Starts a run in the other direction from t_prev, the end of the last
 * step nearer to the times behind it. */
static void reverse_direction(Self *self)
{
    if (self->t_prev != self->t) {
        OIFArrayF64 *end = self->y;
        self->y = self->y_prev;
        self->y_prev = end;
        self->t = self->t_prev;
        self->k1_current = false;
    }
    self->t_prev = self->t;
    self->direction = -self->direction;
    self->h = 0.0;
    self->err_prev = min_err_prev;
    self->last_step_rejected = false;
}

/* Shows the monitor the step just accepted, on a copy of y; if it asks to
 * stop, makes the step's end the last output, written into y_out. */
static int call_monitor(Self *self, OIFArrayF64 *y_out)
{
    memcpy(self->ytmp->data, self->y->data, (size_t)self->n * sizeof(double));
    int request = self->monitor(self->t, self->ytmp, self->user_data);
    if (request == 0) {
        return 0;
    }
    memcpy(y_out->data, self->y->data, (size_t)self->n * sizeof(double));
    self->t_last_output = self->t;
    oif_set_error("stopped by the monitor at t = %.17g (it returned %d)", self->t, request);
    return OIF_STOPPED;
}

int integrate(Self *self, double t_out, OIFArrayF64 *y_out)
{
    if (check_can_integrate(self, t_out, y_out) != 0) {
        return 1;
    }
    if (is_behind(self, t_out, self->t_prev)) {
        reverse_direction(self);
    }
    const long accepted_before = self->accepted_steps;
    while (is_behind(self, self->t, t_out)) {
        if (self->accepted_steps - accepted_before == self->options.max_num_steps) {
            oif_set_error("max_num_steps = %d steps taken in this call reached only t = %.15g of t = %.15g; "
                          "call integrate again to go on, or raise the option max_num_steps with "
                          "set_integrator",
                          self->options.max_num_steps, self->t, t_out);
            return 1;
        }
        if (take_step(self) != 0) {
            /* The stages of the last step are overwritten: keep its end. */
            self->t_prev = self->t;
            return 1;
        }
        if (self->monitor != NULL) {
            int stopped = call_monitor(self, y_out);
            if (stopped != 0) {
                return stopped;
            }
        }
    }
    write_solution_at(self, t_out, y_out->data);
    for (ssize_t i = 0; i < self->n; i++) {
        if (!isfinite(y_out->data[i])) {
            oif_set_error("the solution at t = %.15g is not finite: y[%zd] = %g (it overflows)", t_out, i,
                          y_out->data[i]);
            return 1;
        }
    }
    self->t_last_output = t_out;
    return 0;
}

int print_stats(Self *self)
{
    printf("dopri5c: rhs evaluations: %ld\n", self->rhs_evaluations);
    printf("dopri5c: accepted steps: %ld\n", self->accepted_steps);
    printf("dopri5c: rejected steps: %ld\n", self->rejected_steps);
    /* Python users' own output goes through another buffer. */
    fflush(stdout);
    return 0;
}

/* Counts beyond INT_MAX are refused rather than cut: a config dict holds C ints. */
static int add_count(OIFConfigDict *stats, const char *key, long count)
{
    if (count > INT_MAX) {
        oif_set_error("the count '%s' = %ld does not fit in the C int a config dict holds", key, count);
        return 1;
    }
    return oif_config_dict_add_int(stats, key, (int)count);
}

int get_stats(Self *self, OIFConfigDict **stats)
{
    /* No Jacobian and no linear solver: an explicit method has neither. */
    *stats = oif_config_dict_init();
    if (*stats == NULL) {
        oif_set_error("out of memory for the statistics");
        return 1;
    }
    if (add_count(*stats, "steps", self->accepted_steps) != 0 ||
        add_count(*stats, "rhs_evaluations", self->rhs_evaluations) != 0 ||
        add_count(*stats, "rejected_steps", self->rejected_steps) != 0) {
        oif_config_dict_free(*stats);
        *stats = NULL;
        return 1;
    }
    return 0;
}
