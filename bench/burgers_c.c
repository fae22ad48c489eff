/*
 * Burgers' equation from C (examples/burgers_problem.h), with a C
 * right-hand side: each implementation called directly (its library opened
 * and its functions called, no dispatcher) against the same through
 * oif_ivp_*(); and scipy_ode, where Python calls the C right-hand side.
 *
 *   burgers_c [N [REPEATS]]      (default N = 101, 5 repeats, interleaved)
 *
 * Prints median seconds, right-hand-side evaluations and the ratio of each
 * dispatched run to the direct one.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <oif/c_bindings.h>
#include <oif/interfaces/ivp.h>

#include "burgers_problem.h"

typedef struct {
    void *(*malloc_self)(void);
    void (*free_self)(void *);
    int (*set_initial_value)(void *, OIFArrayF64 *, double);
    int (*set_rhs_fn)(void *, oif_ivp_rhs_fn_t);
    int (*set_tolerances)(void *, double, double);
    int (*set_user_data)(void *, void *);
    int (*set_integrator)(void *, const char *, OIFConfigDict *);
    int (*integrate)(void *, double, OIFArrayF64 *);
    int (*get_stats)(void *, OIFConfigDict **);
} DirectIvp;

static const double tolerance = 1e-15;

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

/* No step limit: at rtol = 1e-15 the runs take many steps. */
static OIFConfigDict *unlimited_steps(void)
{
    OIFConfigDict *options = oif_config_dict_init();
    oif_config_dict_add_int(options, "max_num_steps", 1000000000);
    return options;
}

static int load_direct(const char *library, DirectIvp *ivp)
{
    void *lib = dlopen(library, RTLD_NOW);
    if (lib == NULL) {
        fprintf(stderr, "%s\n", dlerror());
        return -1;
    }
    void **fns[] = {(void **)&ivp->malloc_self, (void **)&ivp->free_self, (void **)&ivp->set_initial_value,
                    (void **)&ivp->set_rhs_fn, (void **)&ivp->set_tolerances, (void **)&ivp->set_user_data,
                    (void **)&ivp->set_integrator, (void **)&ivp->integrate, (void **)&ivp->get_stats};
    const char *names[] = {"malloc_self", "free_self", "set_initial_value", "set_rhs_fn",
                           "set_tolerances", "set_user_data", "set_integrator", "integrate", "get_stats"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if ((*fns[i] = dlsym(lib, names[i])) == NULL) {
            fprintf(stderr, "%s has no %s\n", library, names[i]);
            return -1;
        }
    }
    return 0;
}

/* The right-hand-side evaluations the implementation counted (the same
 * for the direct and the dispatched runs), from what its get_stats stored
 * with `status`; -1 if it failed. */
static long rhs_evaluations(int status, OIFConfigDict *stats)
{
    long evaluations = status == 0 ? oif_config_dict_get_int(stats, "rhs_evaluations") : -1;
    oif_config_dict_free(stats);
    return evaluations;
}

/* Solves to t = 2; returns seconds, or -1 on failure. */
static double run_direct(const DirectIvp *ivp, const char *integrator, size_t n, long *evaluations)
{
    BurgersProblem p;
    burgers_init(&p, n);
    double *x = malloc(n * sizeof *x), *u0d = malloc(n * sizeof *u0d), *ud = malloc(n * sizeof *ud);
    burgers_initial_condition(&p, x, u0d);
    intptr_t dims[] = {(intptr_t)n};
    OIFArrayF64 u0 = {1, dims, u0d, 3}, u = {1, dims, ud, 3};
    double start = seconds();
    void *self = ivp->malloc_self();
    int status = ivp->set_integrator(self, integrator, unlimited_steps()) ||
                 ivp->set_initial_value(self, &u0, 0.0) || ivp->set_user_data(self, &p) ||
                 ivp->set_rhs_fn(self, burgers_rhs) || ivp->set_tolerances(self, tolerance, tolerance);
    for (size_t k = 0; k < burgers_num_outputs(&p) && status == 0; k++) {
        status = ivp->integrate(self, burgers_output_time(&p, k), &u);
    }
    double elapsed = seconds() - start;
    OIFConfigDict *stats = NULL;
    status = status || ivp->get_stats(self, &stats);
    *evaluations = rhs_evaluations(status, stats);
    ivp->free_self(self);
    free(x), free(u0d), free(ud);
    return status == 0 ? elapsed : -1.0;
}

static double run_dispatched(const char *impl, const char *integrator, size_t n, long *evaluations)
{
    BurgersProblem p;
    burgers_init(&p, n);
    double *x = malloc(n * sizeof *x), *u0d = malloc(n * sizeof *u0d), *ud = malloc(n * sizeof *ud);
    burgers_initial_condition(&p, x, u0d);
    intptr_t dims[] = {(intptr_t)n};
    OIFArrayF64 u0 = {1, dims, u0d, 3}, u = {1, dims, ud, 3};
    double start = seconds();
    ImplHandle h = oif_load_impl("ivp", impl, 1, 0);
    OIFConfigDict *options = unlimited_steps();
    int status = h < OIF_IMPL_STARTING_NUMBER || oif_ivp_set_integrator(h, integrator, options) ||
                 oif_ivp_set_initial_value(h, &u0, 0.0) || oif_ivp_set_user_data(h, &p) ||
                 oif_ivp_set_rhs_fn(h, burgers_rhs) || oif_ivp_set_tolerances(h, tolerance, tolerance);
    oif_config_dict_free(options);
    for (size_t k = 0; k < burgers_num_outputs(&p) && status == 0; k++) {
        status = oif_ivp_integrate(h, burgers_output_time(&p, k), &u);
    }
    if (status != 0) {
        fprintf(stderr, "%s: %s\n", impl, oif_last_error());
    }
    double elapsed = seconds() - start;
    OIFConfigDict *stats = NULL;
    status = status || oif_ivp_get_stats(h, &stats);
    *evaluations = rhs_evaluations(status, stats);
    oif_unload_impl(h);
    free(x), free(u0d), free(ud);
    return status == 0 ? elapsed : -1.0;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

enum { MAX_REPEATS = 51 };

int main(int argc, char *argv[])
{
    size_t n = argc > 1 ? (size_t)atol(argv[1]) : 101;
    int repeats = argc > 2 ? atoi(argv[2]) : 5;
    if (n < 3 || repeats < 1 || repeats > MAX_REPEATS) {
        fprintf(stderr, "usage: %s [N >= 3 [REPEATS <= %d]]\n", argv[0], MAX_REPEATS);
        return 2;
    }
    DirectIvp dopri5c, cvode;
    if (load_direct(DOPRI5C_LIBRARY, &dopri5c) != 0 || load_direct(CVODE_LIBRARY, &cvode) != 0) {
        return 1;
    }
    enum { VARIANTS = 5 };
    const char *names[VARIANTS] = {"dopri5c, direct", "dopri5c, oif_ivp_*", "sundials_cvode adams, direct",
                                   "sundials_cvode adams, oif_ivp_*", "scipy_ode dopri5, oif_ivp_*"};
    double samples[VARIANTS][MAX_REPEATS];
    long evaluations[VARIANTS];
    for (int r = 0; r < repeats; r++) {
        samples[0][r] = run_direct(&dopri5c, "dopri5", n, &evaluations[0]);
        samples[1][r] = run_dispatched("dopri5c", "dopri5", n, &evaluations[1]);
        samples[2][r] = run_direct(&cvode, "adams", n, &evaluations[2]);
        samples[3][r] = run_dispatched("sundials_cvode", "adams", n, &evaluations[3]);
        samples[4][r] = run_dispatched("scipy_ode", "dopri5", n, &evaluations[4]);
    }
    printf("Burgers from C, N = %zu, median of %d\n", n, repeats);
    double median[VARIANTS];
    for (int v = 0; v < VARIANTS; v++) {
        qsort(samples[v], (size_t)repeats, sizeof(double), compare);
        median[v] = samples[v][repeats / 2];
        const char *ratio_to = v == 1 || v == 4 ? "vs dopri5c direct" : v == 3 ? "vs cvode direct" : "";
        double base = v == 3 ? median[2] : median[0];
        printf("%-34s %9.4f s %9ld RHS", names[v], median[v], evaluations[v]);
        if (ratio_to[0] != '\0') {
            printf("  %6.3fx %s", median[v] / base, ratio_to);
        }
        printf("\n");
    }
    return 0;
}
