/* How the state of sundials_cvode is spread over processes: all of it in
 * this one (distribution_serial.c, built into sundials_cvode), or one block
 * per rank of an MPI communicator (distribution_mpi.c, built into
 * sundials_cvode_mpi).  The same sundials_cvode.c runs on either: CVODE
 * reaches the other ranks only through its N_Vectors' reductions, and what
 * one rank alone can get wrong (a failing right-hand side, a bad input)
 * goes through distribution_any, so that every rank takes the same branch
 * and none waits for ever in a reduction the others left.
 *
 * Under MPI every function here but distribution_free is collective: each
 * rank of the communicator calls it, in the same order. */
#ifndef OIF_SUNDIALS_CVODE_DISTRIBUTION_H
#define OIF_SUNDIALS_CVODE_DISTRIBUTION_H

#include <stdbool.h>
#include <sys/types.h>

#include <sundials/sundials_context.h>
#include <sundials/sundials_nvector.h>

typedef struct distribution Distribution;

/* The implementation's name, for messages and print_stats. */
extern const char distribution_impl_name[];
/* Whether the state is spread over the ranks of a communicator. */
extern const bool distribution_is_mpi;

/* NULL when out of memory.  Under MPI it stands for MPI_COMM_WORLD until
 * distribution_set_communicator says otherwise. */
Distribution *distribution_new(void);
void distribution_free(Distribution *distribution);

/* 0 if vectors can be made now, else 1 with the error set (MPI not
 * initialised, or finalized).  Not collective. */
int distribution_ready(const Distribution *distribution);

/* Uses the communicator whose Fortran handle (MPI_Comm_c2f, mpi4py's
 * comm.py2f()) is `handle` for the vectors made from now on.  0, or 1 with
 * the error set (a bad handle; no MPI in this build).  Not collective. */
int distribution_set_communicator(Distribution *distribution, int handle);

/* A vector of local_length entries on this rank (the whole vector in one
 * process), or NULL with the error set. */
N_Vector distribution_new_vector(Distribution *distribution, ssize_t local_length, SUNContext sunctx);

/* Whether `failed` holds on any rank (one reduction under MPI); only
 * once distribution_ready said yes. */
bool distribution_any(const Distribution *distribution, bool failed);

#endif
