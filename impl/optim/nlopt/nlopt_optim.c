/*
 * Unconstrained minimisation with NLopt's local algorithms.
 *
 * Methods are NLopt's algorithm names ("LN_BOBYQA", "LD_LBFGS", ...),
 * matched case-insensitively.  The interface sets neither bounds nor
 * constraints, so the algorithms that need them are refused by name: the
 * global ones (GN_*, GD_*, G_MLSL*) and the augmented-Lagrangian wrappers
 * (*AUGLAG*), which also need a subsidiary optimiser.
 *
 * Without set_method() the method is LD_LBFGS when a gradient is set and
 * LN_BOBYQA otherwise, decided when minimize() runs: both reach the minimum
 * of Rosenbrock's function from (-1.2, 1) to 1e-10 in a few hundred
 * evaluations, where Nelder-Mead and Subplex need more.
 *
 * Every minimize() creates its own nlopt_opt from the current settings and
 * destroys it before returning, so instances share nothing.
 *
 * NLopt works on its own iterate in the instance, and the callbacks see a
 * copy of each point in another buffer: what they write to their view
 * reaches neither NLopt's point nor the caller's x.
 *
 * COBYLA loops for ever, without evaluating f (so maxeval and maxtime never
 * stop it), once its trust-region radius squared underflows or overflows:
 * with xtol_rel <= 0 or as small as 1e-300 the radius shrinks towards 0,
 * and with |x0| near 1e200 its initial radius is already too large.  So it
 * runs in variables scaled by a power of two per coordinate, in which every
 * initial step is about 1, and its radius stops at 1e-100 of that at least.
 */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nlopt.h>

#include <oif_impl/optim.h>
#include <oif/util.h>

/* The interface version it is built for, checked at load (<oif/impl_abi.h>). */
OIF_IMPL_ABI_OPTIM;

/* NLopt's stopping criteria and initial step.  Non-positive tolerances,
 * maxeval and maxtime disable their criterion, as in NLopt, but a run keeps
 * a bound (see configure and scale_for_cobyla). */
typedef struct {
    double xtol_rel, xtol_abs, ftol_rel, ftol_abs;
    int maxeval;
    double maxtime, stopval;
    double initial_step; /* 0: NLopt chooses */
} Options;

static const Options default_options = {.xtol_rel = 1e-10, .maxeval = 100000, .stopval = -INFINITY};

/* The least xtol_rel COBYLA gets: its trust-region radius stays far from
 * where its square underflows (about 1e-154 of the initial radius). */
static const double cobyla_least_xtol_rel = 1e-100;

struct self {
    /* One block of 5 n values: */
    double *x0;
    double *iterate; /* NLopt's point, in its variables */
    double *point;   /* the callbacks' copy of the point NLopt evaluates */
    double *scale;   /* x = scale * NLopt's variables: all 1 but for COBYLA */
    double *best;    /* with a monitor, the best point evaluated, in NLopt's variables */
    ssize_t n;       /* length of x0; the dimension of both callback views */
    OIFArrayF64 x_view;    /* `point`, as the callbacks see it */
    OIFArrayF64 grad_view; /* NLopt's gradient buffer */
    oif_optim_objective_fn_t objective;
    oif_optim_grad_fn_t grad;
    oif_optim_monitor_fn_t monitor; /* NULL: none */
    void *user_data;
    bool method_chosen;
    nlopt_algorithm algorithm;
    Options options;
    /* State of the minimize() in progress, and what get_stats reports of
     * the last one. */
    nlopt_opt opt;
    bool has_run;
    unsigned long num_evaluations, num_grad_evaluations;
    double minimum; /* NaN unless the last run returned a minimiser */
    double best_f;  /* f at `best`; NaN before the first evaluation */
    bool callback_failed;
    int monitor_request; /* non-zero: the monitor asked to stop */
    bool bounded_by_default;  /* maxeval and maxtime were off: the default maxeval holds */
    bool cobyla_radius_floor; /* COBYLA's least radius, not the tolerances, ends it */
};

Self *malloc_self(void)
{
    Self *self = calloc(1, sizeof *self);
    if (self == NULL) {
        return NULL;
    }
    const int vector_flags = OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS;
    self->x_view = (OIFArrayF64){.nd = 1, .dimensions = &self->n, .flags = vector_flags};
    self->grad_view = (OIFArrayF64){.nd = 1, .dimensions = &self->n, .flags = vector_flags};
    self->options = default_options;
    return self;
}

void free_self(Self *self)
{
    free(self->x0);
    free(self);
}

int set_initial_guess(Self *self, OIFArrayF64 *x0)
{
    if (x0->nd != 1 || x0->dimensions[0] < 1) {
        oif_set_error("'x0' must be a non-empty vector (1 dimension, length >= 1)");
        return 1;
    }
    if ((size_t)x0->dimensions[0] > UINT_MAX) {
        oif_set_error("'x0' has length %zd; NLopt takes at most %u variables", x0->dimensions[0], UINT_MAX);
        return 1;
    }
    for (ssize_t i = 0; i < x0->dimensions[0]; i++) {
        if (!isfinite(x0->data[i])) {
            oif_set_error("'x0' must be finite, but x0[%zd] = %g", i, x0->data[i]);
            return 1;
        }
    }
    if (x0->dimensions[0] != self->n) {
        size_t n = (size_t)x0->dimensions[0];
        double *block = n <= SIZE_MAX / (5 * sizeof *block) ? malloc(5 * n * sizeof *block) : NULL;
        if (block == NULL) {
            oif_set_error("out of memory for an initial guess of length %zd", x0->dimensions[0]);
            return 1;
        }
        free(self->x0);
        self->x0 = block;
        self->iterate = block + n;
        self->point = block + 2 * n;
        self->scale = block + 3 * n;
        self->best = block + 4 * n;
        self->n = x0->dimensions[0];
        self->x_view.data = self->point;
    }
    memcpy(self->x0, x0->data, (size_t)self->n * sizeof *self->x0);
    return 0;
}

int set_objective_fn(Self *self, oif_optim_objective_fn_t objective)
{
    self->objective = objective;
    return 0;
}

int set_grad_fn(Self *self, oif_optim_grad_fn_t grad)
{
    self->grad = grad;
    return 0;
}

int set_monitor_fn(Self *self, oif_optim_monitor_fn_t monitor)
{
    self->monitor = monitor;
    return 0;
}

int set_user_data(Self *self, void *user_data)
{
    self->user_data = user_data;
    return 0;
}

/* Why an algorithm cannot run without bounds or constraints, or NULL if it
 * can. */
static const char *unsupported_reason(nlopt_algorithm algorithm)
{
    switch (algorithm) {
    case NLOPT_AUGLAG:
    case NLOPT_AUGLAG_EQ:
    case NLOPT_LN_AUGLAG:
    case NLOPT_LD_AUGLAG:
    case NLOPT_LN_AUGLAG_EQ:
    case NLOPT_LD_AUGLAG_EQ:
        return "is for constrained problems and needs a subsidiary optimizer, which this interface "
               "does not set";
    case NLOPT_LD_LBFGS_NOCEDAL:
        return "is not built into NLopt (it always fails with INVALID_ARGS)";
    default:
        break;
    }
    if (nlopt_algorithm_to_string(algorithm)[0] == 'G') {
        return "is a global method: it needs finite bounds, which this interface does not set";
    }
    return NULL;
}

static bool uses_gradient(nlopt_algorithm algorithm)
{
    return nlopt_algorithm_to_string(algorithm)[1] == 'D';
}

/* The algorithm named `name` in any letter case, or -1. */
static int find_algorithm(const char *name)
{
    char upper[64];
    size_t length = strlen(name);
    if (length >= sizeof upper) {
        return -1;
    }
    for (size_t i = 0; i <= length; i++) {
        upper[i] = (char)toupper((unsigned char)name[i]);
    }
    return (int)nlopt_algorithm_from_string(upper);
}

static int parse_method_name(const char *name, nlopt_algorithm *algorithm)
{
    int found = find_algorithm(name);
    if (found < 0) {
        char supported[1024] = "";
        for (int a = 0; a < NLOPT_NUM_ALGORITHMS; a++) {
            if (unsupported_reason((nlopt_algorithm)a) == NULL) {
                oif_util_list_append(supported, sizeof supported, "%s",
                                     nlopt_algorithm_to_string((nlopt_algorithm)a));
            }
        }
        oif_set_error("unknown method '%s'; the NLopt methods usable here are: %s", name, supported);
        return 1;
    }
    const char *reason = unsupported_reason((nlopt_algorithm)found);
    if (reason != NULL) {
        oif_set_error("method '%s' %s; choose a local method such as LN_BOBYQA (no gradient) or "
                      "LD_LBFGS (with a gradient)",
                      name, reason);
        return 1;
    }
    *algorithm = (nlopt_algorithm)found;
    return 0;
}

/* Options not given take their defaults. */
static int read_options(OIFConfigDict *config, Options *options)
{
    *options = default_options;
    const OIFOption table[] = {
        {"xtol_rel", OIF_TYPE_F64, &options->xtol_rel},
        {"xtol_abs", OIF_TYPE_F64, &options->xtol_abs},
        {"ftol_rel", OIF_TYPE_F64, &options->ftol_rel},
        {"ftol_abs", OIF_TYPE_F64, &options->ftol_abs},
        {"maxeval", OIF_TYPE_INT, &options->maxeval},
        {"maxtime", OIF_TYPE_F64, &options->maxtime},
        {"stopval", OIF_TYPE_F64, &options->stopval},
        {"initial_step", OIF_TYPE_F64, &options->initial_step},
    };
    const size_t count = sizeof table / sizeof table[0];
    if (oif_config_dict_read_options(config, table, count) != 0) {
        return 1;
    }
    for (size_t i = 0; i < count; i++) {
        if (table[i].type == OIF_TYPE_F64 && isnan(*(const double *)table[i].value)) {
            oif_set_error("option '%s' is NaN; give a number", table[i].key);
            return 1;
        }
    }
    /* Its default, 0, lets NLopt choose; a given one must be a step. */
    bool initial_step_given = config != NULL && oif_config_dict_key_exists(config, "initial_step");
    if (initial_step_given && !(options->initial_step > 0.0)) {
        oif_set_error("option 'initial_step' must be positive, not %g", options->initial_step);
        return 1;
    }
    return 0;
}

/* On failure the previous method and options stay in force. */
int set_method(Self *self, const char *method_name, OIFConfigDict *config)
{
    nlopt_algorithm algorithm;
    Options options;
    int status = parse_method_name(method_name, &algorithm);
    if (status == 0) {
        status = read_options(config, &options);
    }
    oif_config_dict_free(config);
    if (status == 0) {
        self->method_chosen = true;
        self->algorithm = algorithm;
        self->options = options;
    }
    return status;
}

/* Writes the point of NLopt's variables `u` into the callbacks' buffer. */
static void fill_point(Self *self, const double *u)
{
    for (ssize_t i = 0; i < self->n; i++) {
        self->point[i] = self->scale[i] * u[i];
    }
}

/* "[x0, x1, ...]" for an error message, shortened for long vectors. */
static void describe_point(char *text, size_t capacity, const double *x, unsigned n)
{
    enum { SHOWN = 6 };
    char values[256] = "";
    for (unsigned i = 0; i < n && i < SHOWN; i++) {
        oif_util_list_append(values, sizeof values, "%.17g", x[i]);
    }
    snprintf(text, capacity, n > SHOWN ? "[%s, ... (%u values)]" : "[%s]", values, n);
}

/* Some algorithms evaluate more points before they notice a forced stop:
 * after a failure the user's functions are not called again. */
static void stop_after_callback_failure(Self *self)
{
    self->callback_failed = true;
    nlopt_force_stop(self->opt);
}

/* NLopt's objective, made of the user's objective and gradient, and the
 * monitor after them.  Each callback gets the point afresh: the one before
 * may have written to it. */
static double evaluate(unsigned n, const double *u, double *grad, void *data)
{
    Self *self = data;
    if (self->callback_failed || self->monitor_request != 0) {
        return HUGE_VAL;
    }
    self->num_evaluations++;
    fill_point(self, u);
    double f = self->objective(&self->x_view, self->user_data);
    char point[256];
    if (isnan(f)) {
        fill_point(self, u);
        describe_point(point, sizeof point, self->point, n);
        oif_set_error("objective returned NaN at evaluation %lu, x = %s", self->num_evaluations, point);
        stop_after_callback_failure(self);
        return HUGE_VAL;
    }
    if (grad != NULL) {
        self->num_grad_evaluations++;
        fill_point(self, u);
        self->grad_view.data = grad;
        int status = self->grad(&self->x_view, &self->grad_view, self->user_data);
        if (status != 0) {
            fill_point(self, u);
            describe_point(point, sizeof point, self->point, n);
            oif_set_error("gradient returned status %d at evaluation %lu, x = %s", status,
                          self->num_evaluations, point);
            stop_after_callback_failure(self);
            return HUGE_VAL;
        }
        for (unsigned i = 0; i < n; i++) {
            grad[i] *= self->scale[i]; /* df/du = scale * df/dx */
        }
    }
    if (self->monitor != NULL) {
        /* NLopt's answer to a forced stop is not always the best point
         * (LN_NELDERMEAD returns a vertex of its simplex). */
        if (!(f >= self->best_f)) {
            self->best_f = f;
            memcpy(self->best, u, n * sizeof *u);
        }
        fill_point(self, u);
        if ((self->monitor_request = self->monitor(&self->x_view, f, self->user_data)) != 0) {
            nlopt_force_stop(self->opt);
        }
    }
    return f;
}

static nlopt_result configure(Self *self)
{
    const Options *o = &self->options;
    /* A run needs a bound: an unbounded objective never converges. */
    self->bounded_by_default = o->maxeval <= 0 && !(o->maxtime > 0.0);
    nlopt_result results[] = {
        nlopt_set_min_objective(self->opt, evaluate, self),
        nlopt_set_xtol_rel(self->opt, o->xtol_rel),
        nlopt_set_xtol_abs1(self->opt, o->xtol_abs),
        nlopt_set_ftol_rel(self->opt, o->ftol_rel),
        nlopt_set_ftol_abs(self->opt, o->ftol_abs),
        nlopt_set_maxeval(self->opt, self->bounded_by_default ? default_options.maxeval : o->maxeval),
        nlopt_set_maxtime(self->opt, o->maxtime),
        nlopt_set_stopval(self->opt, o->stopval),
        o->initial_step > 0.0 ? nlopt_set_initial_step1(self->opt, o->initial_step) : NLOPT_SUCCESS,
    };
    for (size_t i = 0; i < sizeof results / sizeof results[0]; i++) {
        if (results[i] < 0) {
            return results[i];
        }
    }
    return NLOPT_SUCCESS;
}

/* COBYLA in variables u with x = scale * u, each initial step between 1
 * and 2 in u: its trust-region radius then starts there, and ends, relative
 * to that start, at max(xtol_rel, xtol_abs / the least initial step), which
 * cobyla_least_xtol_rel bounds from below.  Sets the iterate to x0 in u;
 * uses `point` as scratch.  0, or 1 with the reason recorded. */
static int scale_for_cobyla(Self *self)
{
    const Options *o = &self->options;
    double *step = self->point;
    nlopt_result result = nlopt_get_initial_step(self->opt, self->x0, step);
    double least_step = INFINITY;
    for (ssize_t i = 0; i < self->n && result > 0; i++) {
        double scale = isfinite(step[i]) && step[i] != 0.0 ? ldexp(1.0, ilogb(fabs(step[i]))) : 1.0;
        double u0 = self->x0[i] / scale;
        if (!isfinite(u0)) {
            oif_set_error("LN_COBYLA cannot start: x0[%zd] = %g is more than 1e308 initial steps (%g) "
                          "from 0; give a larger initial_step",
                          i, self->x0[i], step[i]);
            return 1;
        }
        least_step = fmin(least_step, fabs(step[i]));
        self->scale[i] = scale;
        self->iterate[i] = u0;
        step[i] /= scale;
    }
    if (result > 0) {
        result = nlopt_set_initial_step(self->opt, step);
    }
    for (ssize_t i = 0; i < self->n && result > 0; i++) {
        step[i] = o->xtol_abs / self->scale[i];
    }
    if (result > 0) {
        result = nlopt_set_xtol_abs(self->opt, step);
    }
    self->cobyla_radius_floor = !(fmax(o->xtol_rel, o->xtol_abs / least_step) >= cobyla_least_xtol_rel);
    if (result > 0 && !(o->xtol_rel >= cobyla_least_xtol_rel)) {
        result = nlopt_set_xtol_rel(self->opt, cobyla_least_xtol_rel);
    }
    if (result < 0) {
        oif_set_error("NLopt refused LN_COBYLA's scaled initial step or tolerances with %s",
                      nlopt_result_to_string(result));
        return 1;
    }
    return 0;
}

static const char *explain_result(nlopt_result result)
{
    switch (result) {
    case NLOPT_SUCCESS: return "optimization converged";
    case NLOPT_STOPVAL_REACHED: return "optimization stopped because stopval was reached";
    case NLOPT_FTOL_REACHED: return "optimization stopped because ftol_rel or ftol_abs was reached";
    case NLOPT_XTOL_REACHED: return "optimization stopped because xtol_rel or xtol_abs was reached";
    case NLOPT_MAXEVAL_REACHED: return "optimization stopped because maxeval was reached";
    case NLOPT_MAXTIME_REACHED: return "optimization stopped because maxtime was reached";
    case NLOPT_ROUNDOFF_LIMITED:
        return "roundoff errors limited progress; the result is usually still useful";
    case NLOPT_FAILURE: return "generic failure";
    case NLOPT_INVALID_ARGS: return "invalid arguments";
    case NLOPT_OUT_OF_MEMORY: return "out of memory";
    case NLOPT_FORCED_STOP: return "optimization was stopped";
    default: return "unknown result";
    }
}

/* Runs which stop without converging (limits, roundoff) still return
 * their point, status and message; only NLopt's failures fail the call. */
static bool is_call_failure(nlopt_result result)
{
    return result < 0 && result != NLOPT_ROUNDOFF_LIMITED;
}

/* What `result` means for this run, naming the bounds this implementation
 * adds to the user's. */
static void explain_outcome(const Self *self, nlopt_result result, char *text, size_t capacity)
{
    if (result == NLOPT_MAXEVAL_REACHED && self->bounded_by_default) {
        snprintf(text, capacity,
                 "optimization stopped after %d evaluations, the bound that applies when maxeval and "
                 "maxtime are both off",
                 default_options.maxeval);
    } else if (result == NLOPT_XTOL_REACHED && self->cobyla_radius_floor) {
        snprintf(text, capacity,
                 "optimization stopped because COBYLA's trust region shrank to %g of its initial radius, "
                 "the least it works with (xtol_rel and xtol_abs ask for less)",
                 cobyla_least_xtol_rel);
    } else {
        snprintf(text, capacity, "%s", explain_result(result));
    }
}

/* Whether a stopping criterion of convergence ended the run: status 0, as
 * every optim implementation reports success. */
static bool has_converged(nlopt_result result)
{
    return result == NLOPT_SUCCESS || result == NLOPT_STOPVAL_REACHED || result == NLOPT_FTOL_REACHED ||
           result == NLOPT_XTOL_REACHED;
}

static int return_outcome(const Self *self, nlopt_result result, int32_t **status, char **message)
{
    char explanation[256];
    if (self->monitor_request != 0) {
        snprintf(explanation, sizeof explanation, "stopped by the monitor after evaluation %lu (it returned %d)",
                 self->num_evaluations, self->monitor_request);
    } else {
        explain_outcome(self, result, explanation, sizeof explanation);
    }
    int32_t *status_value = oif_util_malloc(sizeof *status_value);
    char *text = oif_util_make_string("%s: %s", nlopt_result_to_string(result), explanation);
    if (status_value == NULL || text == NULL) {
        oif_util_free(status_value);
        oif_util_free(text);
        oif_set_error("out of memory for the status and message");
        return 1;
    }
    *status_value = has_converged(result) ? 0 : result;
    *status = status_value;
    *message = text;
    return 0;
}

/* 0 if every component of x is finite, else 1 with the reason recorded. */
static int check_finite_minimiser(const OIFArrayF64 *x, const char *method_name)
{
    for (ssize_t i = 0; i < x->dimensions[0]; i++) {
        if (!isfinite(x->data[i])) {
            char point[256];
            describe_point(point, sizeof point, x->data, (unsigned)x->dimensions[0]);
            oif_set_error("NLopt's %s ended at a point that is not finite, x = %s: the objective may be "
                          "unbounded below",
                          method_name, point);
            return 1;
        }
    }
    return 0;
}

/* The minimiser lands in `x`; after a failure `x` holds the initial guess
 * or the best point NLopt had found. */
int minimize(Self *self, OIFArrayF64 *x, int32_t **status, char **message)
{
    if (self->x0 == NULL) {
        oif_set_error("no initial guess: call set_initial_guess first");
        return 1;
    }
    if (self->objective == NULL) {
        oif_set_error("no objective function: call set_objective_fn first");
        return 1;
    }
    if (x->nd != 1 || x->dimensions[0] != self->n) {
        oif_set_error("'x' must be a vector of length %zd, like the initial guess", self->n);
        return 1;
    }
    nlopt_algorithm algorithm = self->method_chosen ? self->algorithm
                                : self->grad != NULL ? NLOPT_LD_LBFGS
                                                     : NLOPT_LN_BOBYQA;
    const char *method_name = nlopt_algorithm_to_string(algorithm);
    if (uses_gradient(algorithm) && self->grad == NULL) {
        oif_set_error("method '%s' uses the gradient, but none was set: call set_grad_fn, or choose a "
                      "gradient-free method such as LN_BOBYQA",
                      method_name);
        return 1;
    }
    self->opt = nlopt_create(algorithm, (unsigned)self->n);
    if (self->opt == NULL) {
        oif_set_error("out of memory for NLopt's %s with %zd variables", method_name, self->n);
        return 1;
    }
    for (ssize_t i = 0; i < self->n; i++) {
        self->scale[i] = 1.0;
        self->iterate[i] = self->x0[i];
    }
    self->has_run = true;
    self->num_evaluations = self->num_grad_evaluations = 0;
    self->minimum = NAN;
    self->callback_failed = false;
    self->monitor_request = 0;
    self->best_f = NAN;
    self->cobyla_radius_floor = false;
    bool failed = false; /* with the message recorded */
    double minimum;
    nlopt_result result = configure(self);
    if (result > 0 && algorithm == NLOPT_LN_COBYLA) {
        failed = scale_for_cobyla(self) != 0;
    }
    if (result > 0 && !failed) {
        result = nlopt_optimize(self->opt, self->iterate, &minimum);
    }
    if (self->monitor_request != 0 && !self->callback_failed) {
        memcpy(self->iterate, self->best, (size_t)self->n * sizeof *self->best);
        minimum = self->best_f;
    }
    for (ssize_t i = 0; i < self->n; i++) {
        x->data[i] = self->scale[i] * self->iterate[i];
    }
    int call_status = 1;
    if (failed || self->callback_failed) {
        /* scale_for_cobyla() or evaluate() has set the message */
    } else if (is_call_failure(result) && !(result == NLOPT_FORCED_STOP && self->monitor_request != 0)) {
        const char *detail = nlopt_get_errmsg(self->opt);
        oif_set_error("NLopt's %s failed with %s (%s)%s%s", method_name, nlopt_result_to_string(result),
                      explain_result(result), detail ? ": " : "", detail ? detail : "");
    } else if (check_finite_minimiser(x, method_name) == 0) {
        call_status = return_outcome(self, result, status, message);
        self->minimum = minimum;
    }
    nlopt_destroy(self->opt);
    self->opt = NULL;
    return call_status;
}

/* Counts beyond INT_MAX are refused rather than cut: a config dict holds C ints. */
static int add_count(OIFConfigDict *stats, const char *key, unsigned long count)
{
    if (count > INT_MAX) {
        oif_set_error("the count '%s' = %lu does not fit in the C int a config dict holds", key, count);
        return 1;
    }
    return oif_config_dict_add_int(stats, key, (int)count);
}

/* NLopt counts no iterations: no "nit". */
int get_stats(Self *self, OIFConfigDict **stats)
{
    if (!self->has_run) {
        oif_set_error("no statistics yet: they are of the last minimize, and none has run");
        return 1;
    }
    *stats = oif_config_dict_init();
    if (*stats == NULL) {
        oif_set_error("out of memory for the statistics");
        return 1;
    }
    if ((!isnan(self->minimum) && oif_config_dict_add_double(*stats, "fun", self->minimum) != 0) ||
        add_count(*stats, "nfev", self->num_evaluations) != 0 ||
        (self->grad != NULL && add_count(*stats, "njev", self->num_grad_evaluations) != 0)) {
        oif_config_dict_free(*stats);
        *stats = NULL;
        return 1;
    }
    return 0;
}
