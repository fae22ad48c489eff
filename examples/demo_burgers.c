/*
 * The demo: Burgers' equation (see burgers_problem.h) solved with every
 * available ivp implementation, each chosen by its name at run time.
 *   demo_burgers [N] [--csv FILE] [--stats FILE]     (default N = 401)
 * Prints one row per backend: its language, wall time, right-hand-side
 * evaluations, and the largest difference of its solution at t = 2 from a
 * reference run with much tighter tolerances.  With --csv, writes x, u(0),
 * the reference u(2) and each backend's u(2) as columns; with --stats, that
 * table, one row per backend; both for plot_burgers.py.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <oif/c_bindings.h>
#include <oif/dispatch.h>
#include <oif/interfaces/ivp.h>
#include <oif/util.h>

#include "burgers_problem.h"

static const double demo_tolerance = 1e-8, reference_tolerance = 1e-12;
static const char *const reference_backend = "dopri5c";
/* Runs on an MPI communicator, so not in this serial program: listed, not
 * run (examples/mpi_reaction_diffusion.c runs it under mpirun). */
static const char *const mpi_backend = "sundials_cvode_mpi";

typedef struct {
    double seconds;
    int rhs_evaluations; /* -1 if the implementation does not count them */
} RunStats;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Solves to t = 2 into u_final; 0 on success, else prints the reason. */
static int solve(const char *impl, size_t n, double tolerance, double *u_final, RunStats *stats)
{
    BurgersProblem problem;
    burgers_init(&problem, n);
    double *x = malloc(n * sizeof *x), *u0_data = malloc(n * sizeof *u0_data);
    burgers_initial_condition(&problem, x, u0_data);
    intptr_t dims[] = {(intptr_t)n};
    OIFArrayF64 u0 = {1, dims, u0_data, OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS};
    OIFArrayF64 u = {1, dims, u_final, OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS};

    double start = now();
    int status = 1;
    ImplHandle h = oif_load_impl("ivp", impl, 1, 0);
    if (h >= OIF_IMPL_STARTING_NUMBER && oif_ivp_set_initial_value(h, &u0, 0.0) == 0 &&
        oif_ivp_set_user_data(h, &problem) == 0 && oif_ivp_set_rhs_fn(h, burgers_rhs) == 0 &&
        oif_ivp_set_tolerances(h, tolerance, tolerance) == 0) {
        status = 0;
        for (size_t k = 0; k < burgers_num_outputs(&problem) && status == 0; k++) {
            status = oif_ivp_integrate(h, burgers_output_time(&problem, k), &u);
        }
    }
    stats->seconds = now() - start;
    /* The implementation counts its right-hand-side evaluations, unless it
     * was written for ivp 1.0, which had no get_stats. */
    stats->rhs_evaluations = -1;
    OIFConfigDict *counts = NULL;
    if (status == 0 && oif_impl_supports(h, "get_stats") == 1 && (status = oif_ivp_get_stats(h, &counts)) == 0) {
        stats->rhs_evaluations = oif_config_dict_get_int(counts, "rhs_evaluations");
        oif_config_dict_free(counts);
    }
    if (status != 0) {
        printf("  %-16s failed: %s\n", impl, oif_last_error());
    }
    if (h >= OIF_IMPL_STARTING_NUMBER) {
        oif_unload_impl(h);
    }
    free(x);
    free(u0_data);
    return status;
}

static double max_difference(const double *a, const double *b, size_t n)
{
    double worst = 0.0;
    for (size_t i = 0; i < n; i++) {
        worst = fmax(worst, fabs(a[i] - b[i]));
    }
    return worst;
}

static void write_csv(const char *path, size_t n, char **names, double **solutions, const int *ok,
                      const double *reference)
{
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        fprintf(stderr, "cannot write %s\n", path);
        return;
    }
    BurgersProblem problem;
    burgers_init(&problem, n);
    double *x = malloc(n * sizeof *x), *u0 = malloc(n * sizeof *u0);
    burgers_initial_condition(&problem, x, u0);
    fprintf(f, "x,u0,reference");
    for (size_t b = 0; names[b] != NULL; b++) {
        if (ok[b]) {
            fprintf(f, ",%s", names[b]);
        }
    }
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "\n%.17g,%.17g,%.17g", x[i], u0[i], reference[i]);
        for (size_t b = 0; names[b] != NULL; b++) {
            if (ok[b]) {
                fprintf(f, ",%.17g", solutions[b][i]);
            }
        }
    }
    fprintf(f, "\n");
    fclose(f);
    free(x);
    free(u0);
}

/* The table as printed, for plotting: rhs_evaluations is empty where the
 * implementation does not count them. */
static void write_stats(const char *path, char **names, const int *ok, const RunStats *stats,
                        char **languages, const double *errors)
{
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        fprintf(stderr, "cannot write %s\n", path);
        return;
    }
    fprintf(f, "backend,language,seconds,rhs_evaluations,max_abs_error\n");
    for (size_t b = 0; names[b] != NULL; b++) {
        if (!ok[b]) {
            continue;
        }
        fprintf(f, "%s,%s,%.6g,", names[b], languages[b] ? languages[b] : "", stats[b].seconds);
        if (stats[b].rhs_evaluations >= 0) {
            fprintf(f, "%d", stats[b].rhs_evaluations);
        }
        fprintf(f, ",%.17g\n", errors[b]);
    }
    fclose(f);
}

int main(int argc, char *argv[])
{
    size_t n = 401;
    const char *csv_path = NULL, *stats_path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--csv") == 0 && i + 1 < argc) {
            csv_path = argv[++i];
        } else if (strcmp(argv[i], "--stats") == 0 && i + 1 < argc) {
            stats_path = argv[++i];
        } else if (atol(argv[i]) >= 3) {
            n = (size_t)atol(argv[i]);
        } else {
            fprintf(stderr, "usage: %s [N >= 3] [--csv FILE] [--stats FILE]\n", argv[0]);
            return 2;
        }
    }
    char **backends = oif_list_impls("ivp");
    if (backends == NULL) {
        fprintf(stderr, "%s\n", oif_last_error());
        return 1;
    }
    size_t count = 0;
    while (backends[count] != NULL) {
        count++;
    }

    printf("Burgers' equation, N = %zu, t = 0 to 2, outputs every dx/2, rtol = atol = %g\n", n,
           demo_tolerance);
    double *reference = malloc(n * sizeof *reference);
    RunStats reference_stats;
    if (solve(reference_backend, n, reference_tolerance, reference, &reference_stats) != 0) {
        return 1;
    }
    printf("reference: %s with rtol = atol = %g\n\n", reference_backend, reference_tolerance);
    printf("  %-16s %-8s %10s %12s %14s\n", "backend", "language", "time [s]", "RHS evals",
           "max |u - ref|");

    double **solutions = calloc(count, sizeof *solutions);
    int *ok = calloc(count, sizeof *ok);
    RunStats *stats = calloc(count, sizeof *stats);
    char **languages = calloc(count, sizeof *languages);
    double *errors = calloc(count, sizeof *errors);
    int failures = 0;
    for (size_t b = 0; b < count; b++) {
        solutions[b] = malloc(n * sizeof *solutions[b]);
        if (strcmp(backends[b], mpi_backend) == 0) {
            printf("  %-16s not run: needs MPI (mpirun -np 2 mpi_reaction_diffusion)\n", backends[b]);
            continue;
        }
        ok[b] = solve(backends[b], n, demo_tolerance, solutions[b], &stats[b]) == 0;
        if (ok[b]) {
            languages[b] = oif_impl_language("ivp", backends[b]);
            errors[b] = max_difference(solutions[b], reference, n);
            char evaluations[16] = "-";
            if (stats[b].rhs_evaluations >= 0) {
                snprintf(evaluations, sizeof evaluations, "%d", stats[b].rhs_evaluations);
            }
            printf("  %-16s %-8s %10.4f %12s %14.3e\n", backends[b], languages[b] ? languages[b] : "?",
                   stats[b].seconds, evaluations, errors[b]);
        }
        failures += !ok[b];
    }
    if (csv_path != NULL) {
        write_csv(csv_path, n, backends, solutions, ok, reference);
    }
    if (stats_path != NULL) {
        write_stats(stats_path, backends, ok, stats, languages, errors);
    }
    for (size_t b = 0; b < count; b++) {
        free(solutions[b]);
        oif_util_free(languages[b]);
    }
    free(solutions);
    free(ok);
    free(stats);
    free(languages);
    free(errors);
    free(reference);
    oif_util_free(backends);
    return failures == 0 ? 0 : 1;
}
