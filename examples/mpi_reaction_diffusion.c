/* A stiff 2-D reaction-diffusion problem with sundials_cvode_mpi, the grid
 * split into strips of rows, one strip per MPI rank:
 *
 *     u_t = D lap u - k (u - v) - u^3,    v_t = (D / 10) lap v + k (u - v)
 *
 * on the periodic unit square, an m x m grid, u and v interleaved at each
 * point (N = 2 m^2 unknowns).  The exchange rate k = 1e4 makes it stiff;
 * the Newton systems are solved by GMRES preconditioned by CVBBDPRE, whose
 * band of 1 covers each point's 2 x 2 exchange block.
 *
 *     mpi_reaction_diffusion [m]                   (default m = 64)
 *     mpirun -np 2 mpi_reaction_diffusion [m]
 *
 * Each rank passes its strip as y0; the right-hand side swaps its first and
 * last rows with the neighbouring strips, then computes its own.  Rank 0
 * prints the norm of the solution at t = 1, the same on any number of
 * ranks (to the tolerances, 1e-6: the digits printed). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <mpi.h>
#include <oif/c_bindings.h>
#include <oif/config_dict.h>
#include <oif/interfaces/ivp.h>

static const double D = 1e-4, k = 1e4, t_end = 1.0;

typedef struct {
    MPI_Comm comm;
    int rank, size;
    int m;                       /* grid points per row */
    int first_row, rows;         /* this rank's strip */
    double *row_below, *row_above; /* the neighbours' rows next to it */
} Strip;

static int rhs(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    (void)t;
    Strip *s = user_data;
    int m = s->m, row = 2 * m;
    int below = (s->rank + s->size - 1) % s->size, above = (s->rank + 1) % s->size;
    const double *c = y->data;
    MPI_Sendrecv(c, row, MPI_DOUBLE, below, 0, s->row_above, row, MPI_DOUBLE, above, 0, s->comm,
                 MPI_STATUS_IGNORE);
    MPI_Sendrecv(c + (s->rows - 1) * row, row, MPI_DOUBLE, above, 1, s->row_below, row, MPI_DOUBLE, below, 1,
                 s->comm, MPI_STATUS_IGNORE);
    double inv_h2 = (double)m * m;
    for (int r = 0; r < s->rows; r++) {
        const double *here = c + r * row, *prev = r > 0 ? here - row : s->row_below,
                     *next = r < s->rows - 1 ? here + row : s->row_above;
        double *out = ydot->data + r * row;
        for (int j = 0; j < m; j++) {
            int left = 2 * ((j + m - 1) % m), right = 2 * ((j + 1) % m), p = 2 * j;
            double lap_u = (here[left] + here[right] + prev[p] + next[p] - 4.0 * here[p]) * inv_h2;
            double lap_v = (here[left + 1] + here[right + 1] + prev[p + 1] + next[p + 1] - 4.0 * here[p + 1]) * inv_h2;
            double u = here[p], v = here[p + 1], exchange = k * (u - v);
            out[p] = D * lap_u - exchange - u * u * u;
            out[p + 1] = 0.1 * D * lap_v + exchange;
        }
    }
    return 0;
}

/* Fails with the library's message. */
static int check(int status, const char *what)
{
    if (status != 0) {
        fprintf(stderr, "%s failed: %s\n", what, oif_last_error());
    }
    return status;
}

static int solve(ImplHandle h, Strip *s)
{
    intptr_t n = 2 * (intptr_t)s->m * s->rows;
    OIFArrayF64 *y0 = oif_create_array_f64(1, &n), *y = oif_create_array_f64(1, &n);
    for (int r = 0; r < s->rows; r++) {
        for (int j = 0; j < s->m; j++) {
            double x = (j + 0.5) / s->m, z = (s->first_row + r + 0.5) / s->m;
            double *point = y0->data + 2 * ((intptr_t)r * s->m + j);
            point[0] = 1.0 + 0.5 * sin(2.0 * M_PI * x) * cos(2.0 * M_PI * z);
            point[1] = 0.0;
        }
    }
    OIFConfigDict *options = oif_config_dict_init();
    oif_config_dict_add_str(options, "linear_solver", "spgmr");
    oif_config_dict_add_str(options, "preconditioner", "bbd");
    oif_config_dict_add_int(options, "upper_bandwidth", 1);
    oif_config_dict_add_int(options, "lower_bandwidth", 1);
    oif_config_dict_add_int(options, "comm", (int)MPI_Comm_c2f(s->comm));
    int status = check(oif_ivp_set_integrator(h, "bdf", options), "set_integrator");
    oif_config_dict_free(options);
    status = status ? status : check(oif_ivp_set_initial_value(h, y0, 0.0), "set_initial_value");
    status = status ? status : check(oif_ivp_set_rhs_fn(h, rhs), "set_rhs_fn");
    status = status ? status : check(oif_ivp_set_user_data(h, s), "set_user_data");
    status = status ? status : check(oif_ivp_set_tolerances(h, 1e-6, 1e-9), "set_tolerances");
    status = status ? status : check(oif_ivp_integrate(h, t_end, y), "integrate");
    if (status == 0) {
        double local = 0.0, total = 0.0;
        for (intptr_t i = 0; i < n; i++) {
            local += y->data[i] * y->data[i];
        }
        MPI_Reduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, 0, s->comm);
        if (s->rank == 0) {
            printf("N = %d on %d rank%s: |y(%g)| = %.4e\n", 2 * s->m * s->m, s->size,
                   s->size > 1 ? "s" : "", t_end, sqrt(total));
        }
    }
    oif_free_array_f64(y0);
    oif_free_array_f64(y);
    return status;
}

int main(int argc, char *argv[])
{
    MPI_Init(&argc, &argv);
    Strip s = {.comm = MPI_COMM_WORLD, .m = argc > 1 ? atoi(argv[1]) : 64};
    MPI_Comm_rank(s.comm, &s.rank);
    MPI_Comm_size(s.comm, &s.size);
    if (s.m < s.size || s.m > 20000) {
        if (s.rank == 0) {
            fprintf(stderr, "the grid size m must be between the number of ranks (%d) and 20000, got '%s'\n",
                    s.size, argv[1]);
        }
        MPI_Finalize();
        return 1;
    }
    s.first_row = s.m * s.rank / s.size;
    s.rows = s.m * (s.rank + 1) / s.size - s.first_row;
    s.row_below = malloc(2 * (size_t)s.m * sizeof(double));
    s.row_above = malloc(2 * (size_t)s.m * sizeof(double));
    ImplHandle h = oif_load_impl("ivp", "sundials_cvode_mpi", 1, 0);
    int status = h < OIF_IMPL_STARTING_NUMBER ? check(1, "loading sundials_cvode_mpi") : solve(h, &s);
    if (h >= OIF_IMPL_STARTING_NUMBER) {
        oif_unload_impl(h);
    }
    free(s.row_below);
    free(s.row_above);
    MPI_Finalize();
    return status != 0;
}
