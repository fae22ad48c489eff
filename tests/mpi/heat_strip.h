/* u_t = u_xx - u^3 on (0, 1), u = 0 at both ends, on N interior points
 * split into contiguous blocks, one per rank of a communicator: the
 * problem the MPI tests compare sundials_cvode_mpi on against the serial
 * sundials_cvode.  On MPI_COMM_SELF one rank holds it all. */
#ifndef OIF_TEST_HEAT_STRIP_H
#define OIF_TEST_HEAT_STRIP_H

#include <math.h>

#include <mpi.h>
#include <oif/c_bindings.h>

enum { HEAT_N = 240 };

typedef struct {
    MPI_Comm comm;
    int rank, size;
    int offset, n;        /* this rank's first point and number of points */
    int fail_rank;        /* the rank whose right-hand side fails ... */
    double fail_after;    /* ... once t passes this; none if fail_rank < 0 */
} HeatStrip;

static inline HeatStrip heat_strip(MPI_Comm comm)
{
    HeatStrip s = {.comm = comm, .fail_rank = -1};
    MPI_Comm_rank(comm, &s.rank);
    MPI_Comm_size(comm, &s.size);
    s.offset = HEAT_N * s.rank / s.size;
    s.n = HEAT_N * (s.rank + 1) / s.size - s.offset;
    return s;
}

static inline void heat_initial_value(const HeatStrip *s, double *y0)
{
    for (int i = 0; i < s->n; i++) {
        double x = (s->offset + i + 1.0) / (HEAT_N + 1.0);
        y0[i] = sin(M_PI * x) + 0.5 * sin(4.0 * M_PI * x);
    }
}

/* Exchanges the end values with the neighbouring ranks first, then
 * fails, if this is the failing rank, or differentiates. */
static inline int heat_rhs(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    const HeatStrip *s = user_data;
    const double *u = y->data;
    int n = (int)y->dimensions[0];
    int lower = s->rank > 0 ? s->rank - 1 : MPI_PROC_NULL;
    int upper = s->rank < s->size - 1 ? s->rank + 1 : MPI_PROC_NULL;
    double below = 0.0, above = 0.0; /* the boundary values unless received */
    MPI_Sendrecv(&u[0], 1, MPI_DOUBLE, lower, 0, &above, 1, MPI_DOUBLE, upper, 0, s->comm, MPI_STATUS_IGNORE);
    MPI_Sendrecv(&u[n - 1], 1, MPI_DOUBLE, upper, 1, &below, 1, MPI_DOUBLE, lower, 1, s->comm,
                 MPI_STATUS_IGNORE);
    if (s->rank == s->fail_rank && t > s->fail_after) {
        return 3;
    }
    double inv_h2 = (HEAT_N + 1.0) * (HEAT_N + 1.0);
    for (int i = 0; i < n; i++) {
        double left = i > 0 ? u[i - 1] : below, right = i < n - 1 ? u[i + 1] : above;
        ydot->data[i] = (left - 2.0 * u[i] + right) * inv_h2 - u[i] * u[i] * u[i];
    }
    return 0;
}

#endif
