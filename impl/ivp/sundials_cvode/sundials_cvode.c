/*
 * y' = f(t, y) with SUNDIALS CVODE (6.4): variable-order, variable-step
 * BDF (integrator "bdf", for stiff problems: Newton iteration with the
 * linear solver the options name, or one chosen for the problem; the
 * user's Jacobian or difference quotients) or Adams-Moulton (integrator
 * "adams", for non-stiff problems: fixed-point iteration, no Jacobian).
 *
 * Every instance owns its SUNContext, so instances share nothing and may run
 * in different threads.  The CVODE memory is created lazily, at the first
 * integrate() after the method or the problem size changed, from the current
 * state: that is the initial value, or where the last integration got to if
 * only the integrator changed (as SciPy's ode.set_integrator does).
 *
 * With a monitor set, integrate() steps with CV_ONE_STEP and shows the
 * monitor each step: CVODE 6.4 has no per-step hook of its own.
 *
 * The same source is built twice: into sundials_cvode, the state in this
 * process, and into sundials_cvode_mpi, the state in one block per rank of
 * an MPI communicator (distribution.h says how; there only the Krylov
 * linear solvers are offered).
 *
 * CVODE would print its errors to stderr; an error handler keeps the message
 * in Self instead, and integrate() turns it into the error it reports.
 * With Debian's SUNDIALS_LOGGING_LEVEL 0 the context's logger writes nothing.
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cvode/cvode.h>
#include <cvode/cvode_bandpre.h>
#include <cvode/cvode_bbdpre.h>
#include <cvode/cvode_ls.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_band.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunlinsol/sunlinsol_spbcgs.h>
#include <sunlinsol/sunlinsol_spgmr.h>
#include <sunlinsol/sunlinsol_sptfqmr.h>
#include <sunmatrix/sunmatrix_band.h>
#include <sunmatrix/sunmatrix_dense.h>
#include <sunnonlinsol/sunnonlinsol_fixedpoint.h>

#include <oif_impl/ivp.h>

#include "band_probe.h"
#include "distribution.h"

/* The interface version it is built for, checked at load (<oif/impl_abi.h>). */
OIF_IMPL_ABI_IVP;

/* CVODE's own default of 500 steps per integrate() call stops ordinary
 * stiff runs (Van der Pol with mu = 1000, Burgers' equation) half-way. */
enum { DEFAULT_MAX_NUM_STEPS = 100000 };

static const double DEFAULT_RTOL = 1e-6;
static const double DEFAULT_ATOL = 1e-12;

/* The linear solvers of bdf's Newton iteration; "auto" picks one for the
 * problem (choose_linear_solver). */
enum linear_solver { LS_AUTO, LS_DENSE, LS_BAND, LS_SPGMR, LS_SPBCGS, LS_SPTFQMR, LS_COUNT };
static const char *const linear_solver_names[LS_COUNT] = {"auto", "dense", "band", "spgmr", "spbcgs", "sptfqmr"};

/* What "auto" chooses (docs/user-guide/ivp.md says why): dense LU up to
 * AUTO_DENSE_MAX_N equations; beyond, by the Jacobian at the initial value
 * (band_probe.h): band LU if it is banded within AUTO_MAX_BANDWIDTH; GMRES
 * preconditioned by CVBANDPRE of its band if only a few rows reach beyond
 * (periodic corners); else GMRES without a preconditioner.  GMRES with
 * this Krylov dimension. */
enum { AUTO_DENSE_MAX_N = 100, AUTO_MAX_BANDWIDTH = 8, AUTO_KRYLOV_DIM = 30 };

/* Zero means "CVODE's default" for every field but max_num_steps and the
 * bandwidths, which are -1 when not given. */
struct options {
    int max_num_steps;
    int max_order;
    double first_step;
    double max_step;
    double min_step;
    enum linear_solver linear_solver;
    int upper_bandwidth, lower_bandwidth;
    int krylov_dim;   /* maxl; 0: SUNDIALS' 5 */
    int max_restarts; /* spgmr */
    enum preconditioner { PRECONDITIONER_NONE, PRECONDITIONER_BAND, PRECONDITIONER_BBD } preconditioner;
};

static const struct options default_options = {
    .max_num_steps = DEFAULT_MAX_NUM_STEPS, .upper_bandwidth = -1, .lower_bandwidth = -1};

struct integrator {
    const char *name;
    int lmm;
    int max_order; /* the most CVODE allocates for the method */
};

static const struct integrator integrators[] = {
    {"bdf", CV_BDF, 5},
    {"adams", CV_ADAMS, 12},
};

/* What CVODE counts, summed over the CVODE memories of one problem. */
struct counters {
    long steps, rhs_evaluations, rhs_evaluations_for_jacobian, rejected_steps;
    long jacobian_evaluations, linear_solver_setups, nonlinear_iterations,
        nonlinear_convergence_failures, linear_iterations, preconditioner_evaluations;
};

struct self {
    SUNContext sunctx;
    Distribution *distribution;

    /* The problem. */
    oif_ivp_rhs_fn_t rhs;
    oif_ivp_monitor_fn_t monitor; /* NULL: none; else integrate steps one by one */
    oif_ivp_jac_fn_t jac;         /* NULL: difference quotients */
    void *user_data;
    double rtol, atol;
    N_Vector atols; /* one atol per component (set_vector_tolerances), or NULL: atol for all */
    ssize_t atols_n; /* on this rank */
    const struct integrator *integrator;
    struct options options;

    /* The state (t, y): the initial value until the first integrate(), then
     * where the last one got to.  y is NULL until set_initial_value(). */
    N_Vector y;
    double t;
    ssize_t n;

    /* The solver, NULL until integrate() creates it. */
    void *cvode_mem;
    SUNMatrix jacobian;             /* bdf with dense or band */
    SUNLinearSolver linear_solver;  /* bdf */
    enum linear_solver linear_solver_kind; /* of linear_solver, never LS_AUTO */
    enum preconditioner preconditioner;    /* of linear_solver */
    SUNNonlinearSolver fixed_point; /* adams; CVODE makes and frees bdf's Newton solver */
    bool restart_pending;           /* (t, y) was set since cvode_mem last started from it */
    bool stepped_since_start;
    /* The counts since set_initial_value of the CVODE memories that were
     * re-initialised or freed since (CVodeReInit and CVodeFree lose them).
     * The current memory's own counts add to them unless restart_pending:
     * that is set only by set_initial_value, which zeroes these, or right
     * after they took the memory's counts in. */
    struct counters counted;

    /* The right-hand side's views of CVODE's vectors, re-pointed per call,
     * the monitor's of y, and the Jacobian's of y and of an n x n
     * column-major matrix: CVODE's dense one, or for band, jac_scratch. */
    OIFArrayF64 y_view, ydot_view, monitor_y_view, jac_y_view, jac_view;
    intptr_t jac_dimensions[2];
    double *jac_scratch;

    /* Why the last CVODE call failed or stopped; under MPI the right-hand
     * side or the monitor may have failed or stopped it on another rank. */
    int rhs_status, jac_status;
    bool rhs_failed_elsewhere, stopped_elsewhere;
    double rhs_failure_t, jac_failure_t;
    bool time_overflowed; /* CVODE asked for f at a time that is not finite */
    char cvode_message[512];
};

Self *malloc_self(void)
{
    Self *self = calloc(1, sizeof *self);
    if (self == NULL) {
        return NULL;
    }
    self->distribution = distribution_new();
    if (self->distribution == NULL || SUNContext_Create(NULL, &self->sunctx) != 0) {
        distribution_free(self->distribution);
        free(self);
        return NULL;
    }
    self->rtol = DEFAULT_RTOL;
    self->atol = DEFAULT_ATOL;
    self->integrator = &integrators[0];
    self->options = default_options;
    int flags = OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS;
    self->y_view = (OIFArrayF64){.nd = 1, .dimensions = &self->n, .flags = flags};
    self->ydot_view = (OIFArrayF64){.nd = 1, .dimensions = &self->n, .flags = flags};
    self->monitor_y_view = (OIFArrayF64){.nd = 1, .dimensions = &self->n, .flags = flags};
    self->jac_y_view = (OIFArrayF64){.nd = 1, .dimensions = &self->n, .flags = flags};
    self->jac_view = (OIFArrayF64){.nd = 2, .dimensions = self->jac_dimensions, .flags = OIF_ARRAY_F_CONTIGUOUS};
    return self;
}

static void destroy_solver(Self *self)
{
    CVodeFree(&self->cvode_mem);
    SUNLinSolFree(self->linear_solver);
    SUNMatDestroy(self->jacobian);
    SUNNonlinSolFree(self->fixed_point);
    free(self->jac_scratch);
    self->jac_scratch = NULL;
    self->linear_solver = NULL;
    self->jacobian = NULL;
    self->fixed_point = NULL;
}

void free_self(Self *self)
{
    destroy_solver(self);
    N_VDestroy(self->atols);
    N_VDestroy(self->y);
    SUNContext_Free(&self->sunctx);
    distribution_free(self->distribution);
    free(self);
}

static void record_cvode_error(int error_code, const char *module, const char *function, char *msg,
                               void *eh_data)
{
    (void)module, (void)function;
    /* Warnings (e.g. "t + h = t on the next step") come with CV_WARNING and
     * do not stop the integration; a library must not print them. */
    if (error_code >= 0) {
        return;
    }
    Self *self = eh_data;
    snprintf(self->cvode_message, sizeof self->cvode_message, "%s", msg);
}

static int rhs_adapter(sunrealtype t, N_Vector y, N_Vector ydot, void *user_data)
{
    Self *self = user_data;
    /* Over spans near 1e306 CVODE's step-size arithmetic overflows, and it
     * would go on calling f at t = inf for ever without completing a step,
     * so that max_num_steps never stops it. */
    if (!isfinite(t)) {
        self->time_overflowed = true;
        return -1;
    }
    self->y_view.data = N_VGetArrayPointer(y);
    self->ydot_view.data = N_VGetArrayPointer(ydot);
    int status = self->rhs(t, &self->y_view, &self->ydot_view, self->user_data);
    if (distribution_any(self->distribution, status != 0)) {
        self->rhs_status = status;
        self->rhs_failed_elsewhere = status == 0;
        self->rhs_failure_t = t;
        return -1; /* unrecoverable: CVODE must not retry with a smaller step */
    }
    return 0;
}

/* CVBBDPRE's local approximation of f: f itself, on this rank's block. */
static int rhs_local(sunindextype local_length, sunrealtype t, N_Vector y, N_Vector g, void *user_data)
{
    (void)local_length;
    return rhs_adapter(t, y, g, user_data);
}

/* Above this many equations a band linear solver does not call the user's
 * Jacobian: the dense n x n matrix it fills would take over 128 MiB. */
enum { JAC_FOR_BAND_MAX_N = 4096 };

/* The user's Jacobian into CVODE's dense matrix, or through jac_scratch
 * into its band matrix. */
static int jac_adapter(sunrealtype t, N_Vector y, N_Vector fy, SUNMatrix J, void *user_data, N_Vector tmp1,
                       N_Vector tmp2, N_Vector tmp3)
{
    (void)fy, (void)tmp1, (void)tmp2, (void)tmp3;
    Self *self = user_data;
    bool band = SUNMatGetID(J) == SUNMATRIX_BAND;
    self->jac_y_view.data = N_VGetArrayPointer(y);
    /* CVODE zeroes its dense matrix before the call: so is the scratch. */
    if (band) {
        memset(self->jac_scratch, 0, (size_t)self->n * (size_t)self->n * sizeof(double));
    }
    self->jac_view.data = band ? self->jac_scratch : SM_DATA_D(J);
    int status = self->jac(t, &self->jac_y_view, &self->jac_view, self->user_data);
    if (status != 0) {
        self->jac_status = status;
        self->jac_failure_t = t;
        return -1; /* unrecoverable, as for the right-hand side */
    }
    if (band) {
        sunindextype n = (sunindextype)self->n, upper = SM_UBAND_B(J), lower = SM_LBAND_B(J);
        for (sunindextype j = 0; j < n; j++) {
            for (sunindextype i = j > upper ? j - upper : 0; i < n && i <= j + lower; i++) {
                SM_ELEMENT_B(J, i, j) = self->jac_scratch[j * n + i];
            }
        }
    }
    return 0;
}

/* Records why `function` returned the negative `flag`, with what the user
 * can do about it where that is clear. */
static void report_cvode_failure(const Self *self, const char *function, int flag)
{
    bool adams = self->integrator->lmm == CV_ADAMS;
    char advice[160] = "";
    if (flag == CV_TOO_MUCH_WORK) {
        snprintf(advice, sizeof advice,
                 " (too much work: raise the integrator option max_num_steps, now %d%s)",
                 self->options.max_num_steps,
                 adams ? ", or try integrator 'bdf' if the problem is stiff" : "");
    } else if (flag == CV_TOO_MUCH_ACC) {
        snprintf(advice, sizeof advice, " (loosen the tolerances with set_tolerances)");
    } else if ((flag == CV_ERR_FAILURE || flag == CV_CONV_FAILURE) && adams) {
        snprintf(advice, sizeof advice, " (the problem may be stiff: try integrator 'bdf')");
    }
    char *flag_name = CVodeGetReturnFlagName(flag);
    const char *details = self->cvode_message[0] != '\0' ? self->cvode_message : "no details given";
    oif_set_error("%s returned %s: %s%s", function, flag_name != NULL ? flag_name : "an error",
                  details, advice);
    free(flag_name);
}

/* Calls a CVODE function that returns a flag, and fails the caller with the
 * reason if the flag is negative. */
#define CALL_CVODE(self, function, ...)                                                            \
    do {                                                                                           \
        int cvode_flag_ = function(__VA_ARGS__);                                                   \
        if (cvode_flag_ < 0) {                                                                     \
            report_cvode_failure(self, #function, cvode_flag_);                                    \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

/* Adds what the current CVODE memory counted to *c.  The getters fail only
 * without a memory or linear solver, and then leave the count at 0. */
static void add_cvode_counts(const Self *self, struct counters *c)
{
    if (self->cvode_mem == NULL || self->restart_pending) {
        return;
    }
    long steps = 0, rhs = 0, rhs_jac = 0, err_fails = 0, jac = 0, setups = 0, iters = 0, conv_fails = 0;
    CVodeGetNumSteps(self->cvode_mem, &steps);
    CVodeGetNumRhsEvals(self->cvode_mem, &rhs);
    CVodeGetNumErrTestFails(self->cvode_mem, &err_fails);
    CVodeGetNumLinSolvSetups(self->cvode_mem, &setups);
    CVodeGetNumNonlinSolvIters(self->cvode_mem, &iters);
    CVodeGetNumNonlinSolvConvFails(self->cvode_mem, &conv_fails);
    long lin_iters = 0, prec_evals = 0, rhs_prec = 0;
    if (self->linear_solver != NULL) {
        CVodeGetNumJacEvals(self->cvode_mem, &jac);
        CVodeGetNumLinRhsEvals(self->cvode_mem, &rhs_jac);
        CVodeGetNumLinIters(self->cvode_mem, &lin_iters);
        CVodeGetNumPrecEvals(self->cvode_mem, &prec_evals);
        if (self->preconditioner == PRECONDITIONER_BAND) {
            CVBandPrecGetNumRhsEvals(self->cvode_mem, &rhs_prec);
        } else if (self->preconditioner == PRECONDITIONER_BBD) {
            CVBBDPrecGetNumGfnEvals(self->cvode_mem, &rhs_prec);
        }
    }
    c->steps += steps;
    /* CVODE counts the difference quotients' evaluations apart: the
     * Jacobian's (or its products with vectors) and the preconditioner's. */
    c->rhs_evaluations += rhs + rhs_jac + rhs_prec;
    c->rhs_evaluations_for_jacobian += rhs_jac + rhs_prec;
    c->linear_iterations += lin_iters;
    c->preconditioner_evaluations += prec_evals;
    c->rejected_steps += err_fails;
    c->jacobian_evaluations += jac;
    c->linear_solver_setups += setups;
    c->nonlinear_iterations += iters;
    c->nonlinear_convergence_failures += conv_fails;
}

/* Before the current CVODE memory is re-initialised or freed. */
static void keep_cvode_counts(Self *self)
{
    add_cvode_counts(self, &self->counted);
    self->restart_pending = true;
}

static int apply_options(Self *self)
{
    const struct options *o = &self->options;
    CALL_CVODE(self, CVodeSetMaxNumSteps, self->cvode_mem, o->max_num_steps);
    if (o->max_order != 0) {
        CALL_CVODE(self, CVodeSetMaxOrd, self->cvode_mem, o->max_order);
    }
    /* Zero asks CVODE for its defaults: an estimated first step, no
     * bound on the step size. */
    CALL_CVODE(self, CVodeSetInitStep, self->cvode_mem, o->first_step);
    CALL_CVODE(self, CVodeSetMaxStep, self->cvode_mem, o->max_step);
    CALL_CVODE(self, CVodeSetMinStep, self->cvode_mem, o->min_step);
    return 0;
}

static int probe_rhs(double t, double *y, double *ydot, void *context)
{
    Self *self = context;
    self->y_view.data = y;
    self->ydot_view.data = ydot;
    return self->rhs(t, &self->y_view, &self->ydot_view, self->user_data);
}

/* The options "auto" stands for, found at the current state: `options`
 * with the linear solver and its settings filled in.  0, or 1 with the
 * reason recorded if the right-hand side failed. */
static int choose_linear_solver(Self *self, struct options *options)
{
    if (options->linear_solver != LS_AUTO) {
        return 0;
    }
    /* Under MPI no rank holds the Jacobian of the whole problem: GMRES,
     * with the preconditioner and Krylov dimension the options give. */
    if (distribution_is_mpi) {
        options->linear_solver = LS_SPGMR;
        options->krylov_dim = options->krylov_dim != 0 ? options->krylov_dim : AUTO_KRYLOV_DIM;
        return 0;
    }
    if (self->n <= AUTO_DENSE_MAX_N) {
        options->linear_solver = LS_DENSE;
        return 0;
    }
    BandProbe probe;
    int status = band_probe(probe_rhs, self, self->t, N_VGetArrayPointer(self->y), self->n, AUTO_MAX_BANDWIDTH,
                            &probe);
    self->counted.rhs_evaluations += probe.evaluations;
    self->counted.rhs_evaluations_for_jacobian += probe.evaluations;
    if (status == -1) {
        oif_set_error("out of memory for probing the Jacobian's bandwidth (%zd equations)", self->n);
        return 1;
    }
    if (status != 0) {
        oif_set_error("right-hand side returned status %d at t = %.17g", status, self->t);
        return 1;
    }
    options->upper_bandwidth = probe.upper;
    options->lower_bandwidth = probe.lower;
    if (probe.mismatched_rows == 0) {
        options->linear_solver = LS_BAND;
        return 0;
    }
    options->linear_solver = LS_SPGMR;
    options->krylov_dim = AUTO_KRYLOV_DIM;
    /* The corners of a periodic 1-D problem: 2 rows per diagonal beyond. */
    options->preconditioner = probe.mismatched_rows <= 2 * AUTO_MAX_BANDWIDTH ? PRECONDITIONER_BAND : PRECONDITIONER_NONE;
    return 0;
}

/* The user's Jacobian, for the dense and band linear solvers (the Krylov
 * ones form products with it by differences of f). */
static int attach_jacobian(Self *self)
{
    bool dense = self->linear_solver_kind == LS_DENSE, band = self->linear_solver_kind == LS_BAND;
    bool used = self->jac != NULL && (dense || (band && self->n <= JAC_FOR_BAND_MAX_N));
    if (used && band && self->jac_scratch == NULL &&
        (self->jac_scratch = malloc((size_t)self->n * (size_t)self->n * sizeof(double))) == NULL) {
        oif_set_error("out of memory for the %zd x %zd Jacobian", self->n, self->n);
        return 1;
    }
    self->jac_dimensions[0] = self->jac_dimensions[1] = self->n;
    if (dense || band) {
        CALL_CVODE(self, CVodeSetJacFn, self->cvode_mem, used ? jac_adapter : NULL);
    }
    return 0;
}

/* bdf's Newton iteration with the chosen linear solver: dense or band LU
 * of a difference-quotient Jacobian, or a Krylov method on products of
 * the Jacobian with vectors (by differences of f), optionally
 * preconditioned by a banded difference-quotient Jacobian: CVBANDPRE's of
 * the whole problem, or CVBBDPRE's of each rank's block. */
static int attach_linear_solver(Self *self)
{
    struct options chosen = self->options;
    if (choose_linear_solver(self, &chosen) != 0) {
        return 1;
    }
    const struct options *o = &chosen;
    sunindextype n = (sunindextype)self->n;
    int prec = o->preconditioner != PRECONDITIONER_NONE ? SUN_PREC_LEFT : SUN_PREC_NONE;
    /* Bandwidths beyond the matrix add only zeros. */
    sunindextype upper = o->upper_bandwidth < n ? o->upper_bandwidth : n - 1;
    sunindextype lower = o->lower_bandwidth < n ? o->lower_bandwidth : n - 1;
    self->linear_solver_kind = o->linear_solver;
    self->preconditioner = o->preconditioner;
    switch (self->linear_solver_kind) {
    case LS_DENSE:
        self->jacobian = SUNDenseMatrix(n, n, self->sunctx);
        self->linear_solver = self->jacobian ? SUNLinSol_Dense(self->y, self->jacobian, self->sunctx) : NULL;
        break;
    case LS_BAND:
        self->jacobian = SUNBandMatrix(n, upper, lower, self->sunctx);
        self->linear_solver = self->jacobian ? SUNLinSol_Band(self->y, self->jacobian, self->sunctx) : NULL;
        break;
    case LS_SPGMR:
        self->linear_solver = SUNLinSol_SPGMR(self->y, prec, o->krylov_dim, self->sunctx);
        if (self->linear_solver != NULL && o->max_restarts > 0) {
            SUNLinSol_SPGMRSetMaxRestarts(self->linear_solver, o->max_restarts);
        }
        break;
    case LS_SPBCGS: self->linear_solver = SUNLinSol_SPBCGS(self->y, prec, o->krylov_dim, self->sunctx); break;
    case LS_SPTFQMR: self->linear_solver = SUNLinSol_SPTFQMR(self->y, prec, o->krylov_dim, self->sunctx); break;
    default: break;
    }
    if (self->linear_solver == NULL) {
        oif_set_error("out of memory for the %s linear solver of %zd equations",
                      linear_solver_names[self->linear_solver_kind], self->n);
        return 1;
    }
    CALL_CVODE(self, CVodeSetLinearSolver, self->cvode_mem, self->linear_solver, self->jacobian);
    /* Without the user's Jacobian CVODE takes difference quotients. */
    if (attach_jacobian(self) != 0) {
        return 1;
    }
    if (o->preconditioner == PRECONDITIONER_BAND) {
        CALL_CVODE(self, CVBandPrecInit, self->cvode_mem, n, upper, lower);
    } else if (o->preconditioner == PRECONDITIONER_BBD) {
        /* The kept band is the one the difference quotients find. */
        CALL_CVODE(self, CVBBDPrecInit, self->cvode_mem, n, upper, lower, upper, lower, 0.0, rhs_local, NULL);
    }
    return 0;
}

static int attach_iteration(Self *self)
{
    if (self->integrator->lmm == CV_BDF) {
        return attach_linear_solver(self);
    }
    self->fixed_point = SUNNonlinSol_FixedPoint(self->y, 0, self->sunctx);
    if (self->fixed_point == NULL) {
        oif_set_error("out of memory for the fixed-point solver");
        return 1;
    }
    CALL_CVODE(self, CVodeSetNonlinearSolver, self->cvode_mem, self->fixed_point);
    return 0;
}

static int create_solver(Self *self)
{
    self->cvode_mem = CVodeCreate(self->integrator->lmm, self->sunctx);
    if (self->cvode_mem == NULL) {
        oif_set_error("out of memory for CVODE");
        return 1;
    }
    CALL_CVODE(self, CVodeSetErrHandlerFn, self->cvode_mem, record_cvode_error, self);
    CALL_CVODE(self, CVodeInit, self->cvode_mem, rhs_adapter, self->t, self->y);
    CALL_CVODE(self, CVodeSetUserData, self->cvode_mem, self);
    if (self->atols != NULL) {
        CALL_CVODE(self, CVodeSVtolerances, self->cvode_mem, self->rtol, self->atols);
    } else {
        CALL_CVODE(self, CVodeSStolerances, self->cvode_mem, self->rtol, self->atol);
    }
    if (attach_iteration(self) != 0) {
        return 1;
    }
    return apply_options(self);
}

/* Makes cvode_mem ready to integrate from (t, y). */
static int start_solver(Self *self)
{
    self->cvode_message[0] = '\0';
    if (self->cvode_mem == NULL) {
        if (create_solver(self) != 0) {
            destroy_solver(self);
            return 1;
        }
    } else if (self->restart_pending) {
        CALL_CVODE(self, CVodeReInit, self->cvode_mem, self->t, self->y);
    } else {
        return 0;
    }
    self->restart_pending = false;
    self->stepped_since_start = false;
    return 0;
}

/* Whether the input a rank checked is bad on any rank: then every rank
 * fails (those whose own input is good, with `what`), so that all take the
 * same branch. */
static bool invalid_on_any_rank(const Self *self, bool invalid, const char *what)
{
    if (!distribution_any(self->distribution, invalid)) {
        return false;
    }
    if (!invalid) {
        oif_set_error("%s is invalid on another rank", what);
    }
    return true;
}

static int check_initial_value(const OIFArrayF64 *y0, double t0)
{
    if (y0 == NULL || y0->nd != 1 || y0->dimensions[0] < 1) {
        oif_set_error("'y0' must be a non-empty vector");
        return 1;
    }
    if (!isfinite(t0)) {
        oif_set_error("'t0' must be finite, got %g", t0);
        return 1;
    }
    for (ssize_t i = 0; i < y0->dimensions[0]; i++) {
        if (!isfinite(y0->data[i])) {
            oif_set_error("'y0' must be finite, but y0[%zd] = %g", i, y0->data[i]);
            return 1;
        }
    }
    return 0;
}

int set_initial_value(Self *self, OIFArrayF64 *y0, double t0)
{
    if (distribution_ready(self->distribution) != 0 ||
        invalid_on_any_rank(self, check_initial_value(y0, t0) != 0, "the initial value")) {
        return 1;
    }
    ssize_t n = y0->dimensions[0];
    self->counted = (struct counters){0};
    if (distribution_any(self->distribution, self->y == NULL || n != self->n)) {
        N_Vector y = distribution_new_vector(self->distribution, n, self->sunctx);
        if (y == NULL) {
            return 1;
        }
        /* The Jacobian and the solvers' work vectors have the old size. */
        destroy_solver(self);
        N_VDestroy(self->y);
        self->y = y;
        self->n = n;
    }
    memcpy(N_VGetArrayPointer(self->y), y0->data, (size_t)n * sizeof(double));
    self->t = t0;
    self->restart_pending = true;
    return 0;
}

int set_rhs_fn(Self *self, oif_ivp_rhs_fn_t rhs)
{
    if (rhs == NULL) {
        oif_set_error("the right-hand side must not be NULL");
        return 1;
    }
    self->rhs = rhs;
    return 0;
}

int set_jac_fn(Self *self, oif_ivp_jac_fn_t jac)
{
    self->jac = jac;
    if (self->cvode_mem != NULL && self->linear_solver != NULL) {
        self->cvode_message[0] = '\0';
        return attach_jacobian(self);
    }
    return 0;
}

int set_monitor_fn(Self *self, oif_ivp_monitor_fn_t monitor)
{
    self->monitor = monitor;
    return 0;
}

int set_tolerances(Self *self, double rtol, double atol)
{
    if (!(rtol > 0.0 && isfinite(rtol))) {
        oif_set_error("'rtol' must be positive and finite, got %g", rtol);
        return 1;
    }
    if (!(atol >= 0.0 && isfinite(atol))) {
        oif_set_error("'atol' must be non-negative and finite, got %g", atol);
        return 1;
    }
    if (self->cvode_mem != NULL) {
        self->cvode_message[0] = '\0';
        CALL_CVODE(self, CVodeSStolerances, self->cvode_mem, rtol, atol);
    }
    self->rtol = rtol;
    self->atol = atol;
    N_VDestroy(self->atols);
    self->atols = NULL;
    return 0;
}

static int check_vector_tolerances(const Self *self, double rtol, const OIFArrayF64 *atol)
{
    if (!(rtol > 0.0 && isfinite(rtol))) {
        oif_set_error("'rtol' must be positive and finite, got %g", rtol);
        return 1;
    }
    if (atol->nd != 1 || atol->dimensions[0] < 1 || (self->y != NULL && atol->dimensions[0] != self->n)) {
        oif_set_error("'atol' must be a vector as long as y0 (%zd), got %zd values", self->n,
                      atol->nd == 1 ? atol->dimensions[0] : 0);
        return 1;
    }
    for (ssize_t i = 0; i < atol->dimensions[0]; i++) {
        if (!(atol->data[i] >= 0.0 && isfinite(atol->data[i]))) {
            oif_set_error("'atol' must be non-negative and finite, but atol[%zd] = %g", i, atol->data[i]);
            return 1;
        }
    }
    return 0;
}

int set_vector_tolerances(Self *self, double rtol, OIFArrayF64 *atol)
{
    if (distribution_ready(self->distribution) != 0 ||
        invalid_on_any_rank(self, check_vector_tolerances(self, rtol, atol) != 0, "'atol'")) {
        return 1;
    }
    N_Vector atols = distribution_new_vector(self->distribution, atol->dimensions[0], self->sunctx);
    if (atols == NULL) {
        return 1;
    }
    memcpy(N_VGetArrayPointer(atols), atol->data, (size_t)atol->dimensions[0] * sizeof(double));
    if (self->cvode_mem != NULL) {
        self->cvode_message[0] = '\0';
        int flag = CVodeSVtolerances(self->cvode_mem, rtol, atols);
        if (flag < 0) {
            report_cvode_failure(self, "CVodeSVtolerances", flag);
            N_VDestroy(atols);
            return 1;
        }
    }
    N_VDestroy(self->atols);
    self->atols = atols;
    self->atols_n = atol->dimensions[0];
    self->rtol = rtol;
    return 0;
}

int set_user_data(Self *self, void *user_data)
{
    self->user_data = user_data;
    return 0;
}

/* The options whose default, 0, stands for CVODE's own are range-checked
 * only when given: a given 0 is refused. */
static bool given(OIFConfigDict *config, const char *key)
{
    return config != NULL && oif_config_dict_key_exists(config, key);
}

/* Checks the options of bdf's linear solver, read as strings into
 * `linear_solver` and `preconditioner` and as ints into `options`. */
static int read_linear_solver_options(OIFConfigDict *config, const struct integrator *integrator,
                                      const char *linear_solver, const char *preconditioner,
                                      struct options *options)
{
    static const char *const keys[] = {"linear_solver", "upper_bandwidth", "lower_bandwidth", "krylov_dim",
                                       "max_restarts", "preconditioner"};
    for (size_t i = 0; integrator->lmm != CV_BDF && i < sizeof keys / sizeof keys[0]; i++) {
        if (given(config, keys[i])) {
            oif_set_error("option '%s' is for integrator 'bdf': 'adams' uses fixed-point iteration, which "
                          "solves no linear systems",
                          keys[i]);
            return 1;
        }
    }
    options->linear_solver = LS_COUNT;
    char valid[128] = "";
    for (int kind = 0; kind < LS_COUNT; kind++) {
        if (strcmp(linear_solver, linear_solver_names[kind]) == 0) {
            options->linear_solver = kind;
        }
        oif_util_list_append(valid, sizeof valid, "%s", linear_solver_names[kind]);
    }
    if (options->linear_solver == LS_COUNT) {
        oif_set_error("option 'linear_solver' must be one of %s, got '%s'%s", valid, linear_solver,
                      strcmp(linear_solver, "klu") == 0
                          ? " (KLU needs a sparse Jacobian, which the ivp interface cannot pass)"
                          : "");
        return 1;
    }
    /* Under MPI "auto" is GMRES (choose_linear_solver). */
    bool krylov = options->linear_solver >= LS_SPGMR || (distribution_is_mpi && options->linear_solver == LS_AUTO);
    if (distribution_is_mpi && !krylov) {
        oif_set_error("option 'linear_solver' = '%s' needs the whole Jacobian in one process; %s spreads the "
                      "problem over MPI ranks: use spgmr, spbcgs or sptfqmr, with preconditioner 'bbd'",
                      linear_solver, distribution_impl_name);
        return 1;
    }
    /* Under MPI CVBBDPRE is the band preconditioner: of each rank's block. */
    const char *band_name = distribution_is_mpi ? "bbd" : "band";
    if (strcmp(preconditioner, "none") == 0) {
        options->preconditioner = PRECONDITIONER_NONE;
    } else if (strcmp(preconditioner, band_name) == 0) {
        options->preconditioner = distribution_is_mpi ? PRECONDITIONER_BBD : PRECONDITIONER_BAND;
    } else {
        oif_set_error("option 'preconditioner' must be 'none' or '%s' for %s, got '%s'", band_name,
                      distribution_impl_name, preconditioner);
        return 1;
    }
    if (options->preconditioner != PRECONDITIONER_NONE && !krylov) {
        oif_set_error("option 'preconditioner' = '%s' needs a Krylov linear solver (spgmr, spbcgs or "
                      "sptfqmr), not '%s'",
                      band_name, linear_solver);
        return 1;
    }
    bool banded = options->linear_solver == LS_BAND || options->preconditioner != PRECONDITIONER_NONE;
    const char *bandwidths[] = {"upper_bandwidth", "lower_bandwidth"};
    int values[] = {options->upper_bandwidth, options->lower_bandwidth};
    for (int i = 0; i < 2; i++) {
        if (banded && !given(config, bandwidths[i])) {
            oif_set_error("option '%s' is needed with %s: the number of diagonals above (upper) or below "
                          "(lower) the main one where the Jacobian has non-zeros",
                          bandwidths[i], options->preconditioner != PRECONDITIONER_NONE ? "the preconditioner" : "'band'");
            return 1;
        }
        if (given(config, bandwidths[i]) && (!banded || values[i] < 0)) {
            oif_set_error(banded ? "option '%s' must be >= 0, got %d"
                                 : "option '%s' (%d) is for linear_solver 'band' or a preconditioner",
                          bandwidths[i], values[i]);
            return 1;
        }
    }
    if (given(config, "krylov_dim") && (!krylov || options->krylov_dim < 1)) {
        oif_set_error(krylov ? "option 'krylov_dim' must be >= 1, got %d"
                             : "option 'krylov_dim' (%d) is for the Krylov linear solvers (spgmr, spbcgs, sptfqmr)",
                      options->krylov_dim);
        return 1;
    }
    bool gmres = options->linear_solver == LS_SPGMR || (distribution_is_mpi && options->linear_solver == LS_AUTO);
    if (given(config, "max_restarts") && (!gmres || options->max_restarts < 0)) {
        oif_set_error(gmres ? "option 'max_restarts' must be >= 0, got %d"
                            : "option 'max_restarts' (%d) is for linear_solver 'spgmr'",
                      options->max_restarts);
        return 1;
    }
    return 0;
}

static int read_options(OIFConfigDict *config, const struct integrator *integrator,
                        struct options *options, int *comm)
{
    *options = default_options;
    const char *linear_solver = "auto", *preconditioner = "none";
    const OIFOption table[] = {
        {"comm", OIF_TYPE_INT, comm},
        {"linear_solver", OIF_TYPE_STRING, &linear_solver},
        {"upper_bandwidth", OIF_TYPE_INT, &options->upper_bandwidth},
        {"lower_bandwidth", OIF_TYPE_INT, &options->lower_bandwidth},
        {"krylov_dim", OIF_TYPE_INT, &options->krylov_dim},
        {"max_restarts", OIF_TYPE_INT, &options->max_restarts},
        {"preconditioner", OIF_TYPE_STRING, &preconditioner},
        {"max_num_steps", OIF_TYPE_INT, &options->max_num_steps},
        {"max_order", OIF_TYPE_INT, &options->max_order},
        {"first_step", OIF_TYPE_F64, &options->first_step},
        {"initial_step", OIF_TYPE_F64, &options->first_step}, /* first_step's other name */
        {"max_step", OIF_TYPE_F64, &options->max_step},
        {"min_step", OIF_TYPE_F64, &options->min_step},
    };
    if (oif_config_dict_read_options(config, table, sizeof table / sizeof table[0]) != 0) {
        return 1;
    }
    if (options->max_num_steps < 1) {
        oif_set_error("option 'max_num_steps' must be at least 1, got %d", options->max_num_steps);
        return 1;
    }
    if (given(config, "max_order") &&
        (options->max_order < 1 || options->max_order > integrator->max_order)) {
        oif_set_error("option 'max_order' must be between 1 and %d for integrator '%s', got %d",
                      integrator->max_order, integrator->name, options->max_order);
        return 1;
    }
    if ((given(config, "first_step") || given(config, "initial_step")) &&
        (options->first_step == 0.0 || !isfinite(options->first_step))) {
        oif_set_error("option 'first_step' (or 'initial_step') must be finite and non-zero "
                      "(negative to integrate backwards), got %g",
                      options->first_step);
        return 1;
    }
    if (given(config, "max_step") && !(options->max_step > 0.0)) {
        oif_set_error("option 'max_step' must be positive, got %g", options->max_step);
        return 1;
    }
    if (!(options->min_step >= 0.0 && isfinite(options->min_step))) {
        oif_set_error("option 'min_step' must be non-negative and finite, got %g",
                      options->min_step);
        return 1;
    }
    if (options->max_step != 0.0 && options->min_step > options->max_step) {
        oif_set_error("option 'min_step' (%g) must not exceed option 'max_step' (%g)",
                      options->min_step, options->max_step);
        return 1;
    }
    return read_linear_solver_options(config, integrator, linear_solver, preconditioner, options);
}

/* A copy of *v, of n entries on this rank, on the distribution's current
 * communicator; *v freed. */
static int move_vector(Self *self, N_Vector *v, ssize_t n)
{
    if (*v == NULL) {
        return 0;
    }
    N_Vector moved = distribution_new_vector(self->distribution, n, self->sunctx);
    if (moved == NULL) {
        return 1;
    }
    N_VScale(1.0, *v, moved);
    N_VDestroy(*v);
    *v = moved;
    return 0;
}

/* The communicator whose Fortran handle is `comm`, from now on; the state
 * and tolerances set before move onto it. */
static int set_communicator(Self *self, int comm)
{
    if (distribution_set_communicator(self->distribution, comm) != 0) {
        return 1;
    }
    keep_cvode_counts(self);
    destroy_solver(self);
    return move_vector(self, &self->y, self->n) != 0 || move_vector(self, &self->atols, self->atols_n) != 0;
}

int set_integrator(Self *self, const char *integrator_name, OIFConfigDict *config)
{
    const struct integrator *integrator = NULL;
    size_t count = sizeof integrators / sizeof integrators[0];
    for (size_t i = 0; i < count && integrator_name != NULL; i++) {
        if (strcmp(integrator_name, integrators[i].name) == 0) {
            integrator = &integrators[i];
        }
    }
    if (integrator == NULL) {
        oif_set_error("unknown integrator '%s'; valid integrators: bdf (stiff problems), "
                      "adams (non-stiff problems)",
                      integrator_name != NULL ? integrator_name : "(null)");
        oif_config_dict_free(config);
        return 1;
    }
    struct options options;
    int comm = 0;
    int status = read_options(config, integrator, &options, &comm);
    if (status == 0 && given(config, "comm")) {
        status = set_communicator(self, comm);
    }
    oif_config_dict_free(config);
    if (status != 0) {
        return 1;
    }
    /* A new CVODE memory is the only way to change the method, and the
     * simplest to drop options CVODE cannot take back (a raised max_order). */
    keep_cvode_counts(self);
    destroy_solver(self);
    self->integrator = integrator;
    self->options = options;
    return 0;
}

static int check_ready(const Self *self)
{
    if (self->y == NULL && self->rhs == NULL) {
        oif_set_error("no initial value and no right-hand side: call set_initial_value and "
                      "set_rhs_fn first");
    } else if (self->y == NULL) {
        oif_set_error("no initial value: call set_initial_value first");
    } else if (self->rhs == NULL) {
        oif_set_error("no right-hand side: call set_rhs_fn first");
    } else {
        return 0;
    }
    return 1;
}

/* Whether t lies behind the last step CVODE took, where it cannot
 * interpolate: the run then starts again from the last output, in t's
 * direction, as it would after set_initial_value. */
static bool is_behind_last_step(Self *self, double t)
{
    double t_current = 0.0, h_last = 0.0;
    if (self->cvode_mem == NULL || CVodeGetCurrentTime(self->cvode_mem, &t_current) != CV_SUCCESS ||
        CVodeGetLastStep(self->cvode_mem, &h_last) != CV_SUCCESS || h_last == 0.0) {
        return false;
    }
    return (t - (t_current - h_last)) * h_last < 0.0;
}

/* CVode(CV_NORMAL) to t_out, but in single steps (CV_ONE_STEP), each shown
 * to the monitor, and then interpolated back to t_out.  max_num_steps
 * bounds the steps as CV_NORMAL's mxstep does.  *request is the monitor's
 * non-zero answer if it asked to stop, at *t_reached. */
static int advance_showing_steps(Self *self, double t_out, double *t_reached, int *request)
{
    double t_current = self->t, h_last = 0.0;
    if (self->stepped_since_start) {
        CVodeGetCurrentTime(self->cvode_mem, &t_current);
        CVodeGetLastStep(self->cvode_mem, &h_last);
    }
    for (int steps = 0; h_last == 0.0 || (t_out - t_current) * h_last > 0.0; steps++) {
        if (steps == self->options.max_num_steps) {
            snprintf(self->cvode_message, sizeof self->cvode_message,
                     "at t = %.17g, max_num_steps steps were taken before reaching t = %.17g", t_current, t_out);
            *t_reached = t_current;
            return CV_TOO_MUCH_WORK;
        }
        int flag = CVode(self->cvode_mem, t_out, self->y, &t_current, CV_ONE_STEP);
        self->stepped_since_start = true;
        *t_reached = t_current;
        if (flag < 0) {
            return flag;
        }
        CVodeGetLastStep(self->cvode_mem, &h_last);
        self->monitor_y_view.data = N_VGetArrayPointer(self->y);
        *request = self->monitor(t_current, &self->monitor_y_view, self->user_data);
        if (distribution_any(self->distribution, *request != 0)) {
            self->stopped_elsewhere = *request == 0;
            /* y as CVODE has it, whatever the monitor wrote into its copy. */
            return CVodeGetDky(self->cvode_mem, t_current, 0, self->y);
        }
    }
    *t_reached = t_out;
    return CVodeGetDky(self->cvode_mem, t_out, 0, self->y);
}

static int check_integrate(Self *self, double t, const OIFArrayF64 *y)
{
    if (check_ready(self) != 0) {
        return 1;
    }
    if (y == NULL || y->nd != 1 || y->dimensions[0] != self->n) {
        oif_set_error("'y' must be a vector of length %zd, like the initial value", self->n);
        return 1;
    }
    if (self->atols != NULL && self->atols_n != self->n) {
        oif_set_error("'atol' has %ld values but y0 has %zd: set the tolerances again for the new y0",
                      (long)self->atols_n, self->n);
        return 1;
    }
    if (!isfinite(t)) {
        oif_set_error("'t' must be finite, got %g", t);
        return 1;
    }
    if (!isfinite(t - self->t)) {
        oif_set_error("'t' = %g is too far from the current time %g: the span overflows", t, self->t);
        return 1;
    }
    return 0;
}

int integrate(Self *self, double t, OIFArrayF64 *y)
{
    /* Without an initial value there is no communicator to agree on. */
    if (self->y == NULL) {
        return check_integrate(self, t, y);
    }
    if (invalid_on_any_rank(self, check_integrate(self, t, y) != 0, "the call")) {
        return 1;
    }
    if (self->stepped_since_start && is_behind_last_step(self, t)) {
        keep_cvode_counts(self);
    }
    if (start_solver(self) != 0) {
        return 1;
    }
    /* CVODE refuses to take no step at all (CV_TOO_CLOSE). */
    if (!self->stepped_since_start && t == self->t) {
        memcpy(y->data, N_VGetArrayPointer(self->y), (size_t)self->n * sizeof(double));
        return 0;
    }
    /* CVODE refuses a first step too close to t for its arithmetic
     * (CV_TOO_CLOSE), but below DBL_MIN its test underflows, and its
     * initial step estimate makes NaN. */
    if (!self->stepped_since_start && fabs(t - self->t) < DBL_MIN) {
        oif_set_error("'t' = %g is too close to the current time %g for CVODE to start: their difference "
                      "is below %g, where its step-size arithmetic underflows",
                      t, self->t, DBL_MIN);
        return 1;
    }
    self->rhs_status = self->jac_status = 0;
    self->rhs_failed_elsewhere = self->stopped_elsewhere = false;
    self->time_overflowed = false;
    self->cvode_message[0] = '\0';
    double t_start = self->t, t_reached = self->t;
    int request = 0;
    int flag = self->monitor != NULL ? advance_showing_steps(self, t, &t_reached, &request)
                                     : CVode(self->cvode_mem, t, self->y, &t_reached, CV_NORMAL);
    self->stepped_since_start = true;
    self->t = t_reached;
    if (flag < 0) {
        if (self->time_overflowed) {
            oif_set_error("CVODE's step size overflowed on the way from t = %g to t = %g (it asked for f "
                          "at t = inf): the span is too long for it; integrate over shorter spans, or set "
                          "first_step and max_step",
                          t_start, t);
        } else if (self->rhs_failed_elsewhere) {
            oif_set_error("right-hand side failed on another rank at t = %.17g", self->rhs_failure_t);
        } else if (self->rhs_status != 0) {
            oif_set_error("right-hand side returned status %d at t = %.17g", self->rhs_status,
                          self->rhs_failure_t);
        } else if (self->jac_status != 0) {
            oif_set_error("Jacobian returned status %d at t = %.17g", self->jac_status, self->jac_failure_t);
        } else {
            report_cvode_failure(self, "CVode", flag);
        }
        return 1;
    }
    const double *reached = N_VGetArrayPointer(self->y);
    bool not_finite = false;
    for (ssize_t i = 0; i < self->n && !not_finite; i++) {
        if (!isfinite(reached[i])) {
            oif_set_error("CVODE's solution at t = %.17g is not finite: y[%zd] = %g", t_reached, i,
                          reached[i]);
            not_finite = true;
        }
    }
    if (invalid_on_any_rank(self, not_finite, "CVODE's solution")) {
        return 1;
    }
    memcpy(y->data, reached, (size_t)self->n * sizeof(double));
    if (self->stopped_elsewhere) {
        oif_set_error("stopped by the monitor on another rank at t = %.17g", t_reached);
        return OIF_STOPPED;
    }
    if (request != 0) {
        oif_set_error("stopped by the monitor at t = %.17g (it returned %d)", t_reached, request);
        return OIF_STOPPED;
    }
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

/* The counts since set_initial_value, over every CVODE memory since. */
static struct counters count_all(const Self *self)
{
    struct counters c = self->counted;
    add_cvode_counts(self, &c);
    return c;
}

int print_stats(Self *self)
{
    struct counters c = count_all(self);
    const char *name = distribution_impl_name;
    printf("%s: integrator: %s\n", name, self->integrator->name);
    if (c.rhs_evaluations == 0) {
        printf("%s: no statistics yet: nothing integrated since the last set_initial_value\n", name);
        return 0;
    }
    printf("%s: steps: %ld\n", name, c.steps);
    printf("%s: rhs evaluations: %ld\n", name, c.rhs_evaluations);
    printf("%s: linear solver setups: %ld\n", name, c.linear_solver_setups);
    printf("%s: error test failures: %ld\n", name, c.rejected_steps);
    printf("%s: nonlinear solver iterations: %ld\n", name, c.nonlinear_iterations);
    printf("%s: nonlinear solver convergence failures: %ld\n", name, c.nonlinear_convergence_failures);
    if (self->integrator->lmm == CV_BDF) {
        printf("%s: jacobian evaluations: %ld\n", name, c.jacobian_evaluations);
        printf("%s: rhs evaluations for the jacobian (included above): %ld\n", name,
               c.rhs_evaluations_for_jacobian);
        printf("%s: linear iterations: %ld\n", name, c.linear_iterations);
        printf("%s: preconditioner evaluations: %ld\n", name, c.preconditioner_evaluations);
    }
    return 0;
}

int get_stats(Self *self, OIFConfigDict **stats)
{
    struct counters c = count_all(self);
    const struct {
        const char *key;
        long count;
    } entries[] = {
        {"steps", c.steps},
        {"rhs_evaluations", c.rhs_evaluations},
        {"rejected_steps", c.rejected_steps},
        {"jacobian_evaluations", c.jacobian_evaluations},
        {"linear_solver_setups", c.linear_solver_setups},
        {"nonlinear_iterations", c.nonlinear_iterations},
        {"nonlinear_convergence_failures", c.nonlinear_convergence_failures},
        {"rhs_evaluations_for_jacobian", c.rhs_evaluations_for_jacobian},
        {"linear_iterations", c.linear_iterations},
        {"preconditioner_evaluations", c.preconditioner_evaluations},
    };
    *stats = oif_config_dict_init();
    if (*stats == NULL) {
        oif_set_error("out of memory for the statistics");
        return 1;
    }
    for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++) {
        if (add_count(*stats, entries[i].key, entries[i].count) != 0) {
            oif_config_dict_free(*stats);
            *stats = NULL;
            return 1;
        }
    }
    return 0;
}
