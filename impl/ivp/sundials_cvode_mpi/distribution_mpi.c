/* The state in one block per rank of an MPI communicator, on SUNDIALS'
 * parallel N_Vector: distribution.h for sundials_cvode_mpi.  Only this file
 * (and the implementation it is linked into) uses MPI: the dispatcher, the
 * language layers and the serial sundials_cvode do not. */
#include "distribution.h" /* in ../sundials_cvode */

#include <stdlib.h>

#include <mpi.h>
#include <nvector/nvector_parallel.h>
#include <oif/error.h>
#include <sundials/sundials_mpi_types.h>

const char distribution_impl_name[] = "sundials_cvode_mpi";
const bool distribution_is_mpi = true;

struct distribution {
    MPI_Comm comm;
    bool comm_given; /* else MPI_COMM_WORLD, which exists only once MPI is initialised */
};

Distribution *distribution_new(void)
{
    return calloc(1, sizeof(Distribution));
}

void distribution_free(Distribution *distribution)
{
    free(distribution);
}

int distribution_ready(const Distribution *distribution)
{
    (void)distribution;
    int initialized = 0, finalized = 0;
    MPI_Initialized(&initialized);
    MPI_Finalized(&finalized);
    if (!initialized || finalized) {
        oif_set_error("MPI is %s: sundials_cvode_mpi runs on an MPI communicator, so MPI_Init must have been "
                      "called (in Python: import mpi4py.MPI) and MPI_Finalize not yet",
                      finalized ? "finalized" : "not initialised");
        return 1;
    }
    return 0;
}

int distribution_set_communicator(Distribution *distribution, int handle)
{
    if (distribution_ready(distribution) != 0) {
        return 1;
    }
    MPI_Comm comm = MPI_Comm_f2c((MPI_Fint)handle);
    /* Open MPI's MPI_Comm_f2c gives NULL for a handle it never issued or
     * whose communicator was freed; its handles are small indices. */
    if (comm == MPI_COMM_NULL || (void *)comm == NULL) {
        oif_set_error("option 'comm' = %d is %s: give the Fortran handle of a live communicator "
                      "(C: MPI_Comm_c2f(comm); Python: comm.py2f())",
                      handle, comm == MPI_COMM_NULL ? "the handle of MPI_COMM_NULL" : "not a valid communicator handle");
        return 1;
    }
    distribution->comm = comm;
    distribution->comm_given = true;
    return 0;
}

static MPI_Comm communicator(const Distribution *distribution)
{
    return distribution->comm_given ? distribution->comm : MPI_COMM_WORLD;
}

N_Vector distribution_new_vector(Distribution *distribution, ssize_t local_length, SUNContext sunctx)
{
    if (distribution_ready(distribution) != 0) {
        return NULL;
    }
    sunindextype local = (sunindextype)local_length, global = 0;
    MPI_Allreduce(&local, &global, 1, MPI_SUNINDEXTYPE, MPI_SUM, communicator(distribution));
    N_Vector v = N_VNew_Parallel(communicator(distribution), local, global, sunctx);
    if (v == NULL) {
        oif_set_error("out of memory for a vector of %zd components on this rank", local_length);
    }
    return v;
}

bool distribution_any(const Distribution *distribution, bool failed)
{
    int mine = failed, any = 0;
    MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_MAX, communicator(distribution));
    return any != 0;
}
