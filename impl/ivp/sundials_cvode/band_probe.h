/* Finding out, with a few evaluations of f, whether the Jacobian of f is
 * banded, and within which bandwidths: what the "auto" linear solver of
 * sundials_cvode decides by (a band LU is by far the best choice for a
 * banded problem, and a banded preconditioner of too small a bandwidth
 * is worse than none). */
#ifndef OIF_SUNDIALS_CVODE_BAND_PROBE_H
#define OIF_SUNDIALS_CVODE_BAND_PROBE_H

#include <sys/types.h>

/* f(t, y) into ydot; non-zero stops the probe with that status. */
typedef int (*BandProbeRhs)(double t, double *y, double *ydot, void *context);

typedef struct {
    /* The bandwidths of the entries found within max_bandwidth. */
    int upper, lower;
    /* Rows whose entries beyond the band showed in the check: 0 for a
     * banded Jacobian, a few for one banded but for its corners (periodic
     * boundaries), many for another structure (a 2-D grid). */
    long mismatched_rows;
    long evaluations; /* of f, 2 max_bandwidth + 3 at most */
} BandProbe;

/* Estimates the Jacobian of f at (t, y), y of length n, by differences as
 * if it were banded within max_bandwidth (2 max_bandwidth + 1 evaluations,
 * grouping the columns), then checks the estimate against the difference
 * quotient of f along one more direction, row by row: a row with entries
 * beyond the band makes the two differ there.  Returns 0 with *probe
 * filled in; the status of f if it failed; or -1 when out of memory. */
int band_probe(BandProbeRhs f, void *context, double t, const double *y, ssize_t n, int max_bandwidth,
               BandProbe *probe);

#endif
