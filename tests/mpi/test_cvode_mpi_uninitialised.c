/* sundials_cvode_mpi in a process that never called MPI_Init: a clear
 * error, not a crash. */
#include "test_support.h"

#include <string.h>

#include <oif/interfaces/ivp.h>

static void test_needs_mpi_initialised(void **state)
{
    (void)state;
    ImplHandle h = oif_load_impl("ivp", "sundials_cvode_mpi", 1, 0);
    assert_true(h >= OIF_IMPL_STARTING_NUMBER);
    double y0_data[] = {1.0};
    intptr_t d0[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 1);
    assert_int_not_equal(oif_ivp_set_initial_value(h, &y0, 0.0), 0);
    assert_non_null(strstr(oif_last_error(), "MPI is not initialised"));
    assert_non_null(strstr(oif_last_error(), "import mpi4py.MPI"));
    assert_int_equal(oif_unload_impl(h), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_needs_mpi_initialised)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
