/*
 * A x = b by LU factorisation with partial pivoting, as LAPACK's dgesv does
 * it: dgetrf then dgetrs.  Called as two steps through LAPACKE's _work
 * variants so that nothing is allocated per call: a C-ordered matrix is its
 * transpose in Fortran order, so it is factorised as is and solved with
 * trans = 'T' instead of being copied into column order.  A is factorised in
 * a workspace kept between calls; b is copied into x, where the solution
 * lands (b and x may overlap).
 */
#include <lapacke.h>
#include <stdlib.h>
#include <string.h>

#include <oif_impl/linsolve.h>

/* The interface version it is built for, checked at load (<oif/impl_abi.h>). */
OIF_IMPL_ABI_LINSOLVE;

struct self {
    double *lu;
    lapack_int *pivots;
    size_t capacity; /* n of the largest system solved so far */
};

Self *malloc_self(void) { return calloc(1, sizeof(Self)); }

void free_self(Self *self)
{
    free(self->lu);
    free(self->pivots);
    free(self);
}

static int reserve(Self *self, size_t n)
{
    if (n <= self->capacity) {
        return 0;
    }
    double *lu = malloc(n * n * sizeof *lu);
    lapack_int *pivots = malloc(n * sizeof *pivots);
    if (lu == NULL || pivots == NULL) {
        free(lu);
        free(pivots);
        oif_set_error("out of memory for a %zu x %zu system", n, n);
        return 1;
    }
    free(self->lu);
    free(self->pivots);
    self->lu = lu;
    self->pivots = pivots;
    self->capacity = n;
    return 0;
}

static int is_vector_of_length(const OIFArrayF64 *v, ssize_t n) { return v->nd == 1 && v->dimensions[0] == n; }

int solve_lin(Self *self, OIFArrayF64 *A, OIFArrayF64 *b, OIFArrayF64 *x)
{
    if (A->nd != 2 || A->dimensions[0] != A->dimensions[1] || A->dimensions[0] < 1) {
        oif_set_error("'A' must be a non-empty square matrix");
        return 1;
    }
    ssize_t n = A->dimensions[0];
    /* n * n must fit in the workspace's size and in LAPACK's int. */
    if (n > 46340) {
        oif_set_error("'A' has %zd rows; this implementation takes at most 46340", n);
        return 1;
    }
    if (!is_vector_of_length(b, n) || !is_vector_of_length(x, n)) {
        oif_set_error("'b' and 'x' must be vectors of length %zd, like the rows of 'A'", n);
        return 1;
    }
    char trans;
    if (OIF_ARRAY_F_CONTIGUOUS(A)) {
        trans = 'N';
    } else if (OIF_ARRAY_C_CONTIGUOUS(A)) {
        trans = 'T';
    } else {
        oif_set_error("'A' must be C- or Fortran-contiguous");
        return 1;
    }
    if (reserve(self, (size_t)n) != 0) {
        return 1;
    }
    memcpy(self->lu, A->data, (size_t)n * (size_t)n * sizeof(double));
    /* The caller may pass overlapping b and x, even the same array. */
    memmove(x->data, b->data, (size_t)n * sizeof(double));
    lapack_int order = (lapack_int)n;
    lapack_int info = LAPACKE_dgetrf_work(LAPACK_COL_MAJOR, order, order, self->lu, order, self->pivots);
    if (info == 0) {
        info = LAPACKE_dgetrs_work(LAPACK_COL_MAJOR, trans, order, 1, self->lu, order, self->pivots,
                                   x->data, order);
    }
    if (info > 0) {
        oif_set_error("the matrix is singular: U(%d,%d) is exactly zero in its LU factorisation",
                      (int)info, (int)info);
        return 1;
    }
    if (info < 0) {
        oif_set_error("LAPACK rejected argument %d", (int)-info);
        return 1;
    }
    return 0;
}
