/* The state all in this process: distribution.h for sundials_cvode. */
#include "distribution.h"

#include <stdlib.h>

#include <nvector/nvector_serial.h>
#include <oif/error.h>

const char distribution_impl_name[] = "sundials_cvode";
const bool distribution_is_mpi = false;

/* Nothing to hold; a distinct non-NULL pointer all the same. */
struct distribution {
    char unused;
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
    return 0;
}

int distribution_set_communicator(Distribution *distribution, int handle)
{
    (void)distribution, (void)handle;
    oif_set_error("option 'comm' is for sundials_cvode_mpi, which runs on an MPI communicator; "
                  "sundials_cvode runs in one process");
    return 1;
}

N_Vector distribution_new_vector(Distribution *distribution, ssize_t local_length, SUNContext sunctx)
{
    (void)distribution;
    N_Vector v = N_VNew_Serial((sunindextype)local_length, sunctx);
    if (v == NULL) {
        oif_set_error("out of memory for a vector of %zd components", local_length);
    }
    return v;
}

bool distribution_any(const Distribution *distribution, bool failed)
{
    (void)distribution;
    return failed;
}
