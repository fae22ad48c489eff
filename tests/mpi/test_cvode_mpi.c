/* sundials_cvode_mpi under `mpirun -np 2` (tests/mpi/meson.build): the
 * distributed result is the serial one, every rank takes the same steps,
 * what fails or stops on one rank fails or stops them all (no rank left
 * waiting), and bad communicators get clear errors. */
#include "test_support.h"
#include "heat_strip.h"

#include <stdlib.h>
#include <string.h>

#include <oif/interfaces/ivp.h>

static const double t_end = 0.05, rtol = 1e-8, abs_tol = 1e-10;

static int setup(void **state)
{
    return load_impl_into_state(state, "ivp", "sundials_cvode_mpi");
}

static int teardown(void **state)
{
    return unload_impl_in_state(state);
}

static OIFConfigDict *options(const char *linear_solver, const char *preconditioner, int comm_handle,
                              bool with_comm)
{
    OIFConfigDict *d = oif_config_dict_init();
    if (linear_solver != NULL) {
        assert_int_equal(oif_config_dict_add_str(d, "linear_solver", linear_solver), 0);
    }
    if (preconditioner != NULL) {
        assert_int_equal(oif_config_dict_add_str(d, "preconditioner", preconditioner), 0);
        assert_int_equal(oif_config_dict_add_int(d, "upper_bandwidth", 1), 0);
        assert_int_equal(oif_config_dict_add_int(d, "lower_bandwidth", 1), 0);
    }
    if (with_comm) {
        assert_int_equal(oif_config_dict_add_int(d, "comm", comm_handle), 0);
    }
    return d;
}

/* The heat problem on `strip`, from the implementation h, to t_end. */
static int solve(ImplHandle h, HeatStrip *strip, double *y_data)
{
    double y0_data[HEAT_N];
    intptr_t d0[1], d1[1];
    heat_initial_value(strip, y0_data);
    OIFArrayF64 y0 = vector(y0_data, d0, strip->n), y = vector(y_data, d1, strip->n);
    CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
    CHECK(oif_ivp_set_rhs_fn(h, heat_rhs));
    CHECK(oif_ivp_set_user_data(h, strip));
    CHECK(oif_ivp_set_tolerances(h, rtol, abs_tol));
    return oif_ivp_integrate(h, t_end, &y);
}

/* The serial sundials_cvode's solution, this rank's block of it. */
static void serial_block(const HeatStrip *strip, double *block)
{
    ImplHandle serial = oif_load_impl("ivp", "sundials_cvode", 1, 0);
    assert_true(serial >= OIF_IMPL_STARTING_NUMBER);
    HeatStrip whole = heat_strip(MPI_COMM_SELF);
    double y[HEAT_N];
    CHECK(solve(serial, &whole, y));
    memcpy(block, y + strip->offset, (size_t)strip->n * sizeof(double));
    assert_int_equal(oif_unload_impl(serial), 0);
}

static void assert_matches_serial(const HeatStrip *strip, const double *y)
{
    double expected[HEAT_N];
    serial_block(strip, expected);
    for (int i = 0; i < strip->n; i++) {
        assert_double_equal(y[i], expected[i], 1e-6);
    }
}

static int stat(ImplHandle h, const char *key)
{
    OIFConfigDict *stats = NULL;
    CHECK(oif_ivp_get_stats(h, &stats));
    int value = oif_config_dict_get_int(stats, key);
    oif_config_dict_free(stats);
    return value;
}

/* The same `value` on every rank of comm. */
static void assert_same_on_every_rank(int value, MPI_Comm comm)
{
    int low = 0, high = 0;
    MPI_Allreduce(&value, &low, 1, MPI_INT, MPI_MIN, comm);
    MPI_Allreduce(&value, &high, 1, MPI_INT, MPI_MAX, comm);
    assert_int_equal(low, high);
}

static void test_without_options_matches_serial_with_equal_steps(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    HeatStrip strip = heat_strip(MPI_COMM_WORLD);
    assert_true(strip.size > 1);
    double y[HEAT_N];
    CHECK(solve(h, &strip, y));
    assert_matches_serial(&strip, y);
    assert_true(stat(h, "steps") > 10);
    assert_same_on_every_rank(stat(h, "steps"), MPI_COMM_WORLD);
    assert_same_on_every_rank(stat(h, "rhs_evaluations"), MPI_COMM_WORLD);
    assert_same_on_every_rank(stat(h, "linear_iterations"), MPI_COMM_WORLD);
}

static void test_each_krylov_solver_and_bbd_preconditioner_match_serial(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    const char *solvers[] = {"spgmr", "spbcgs", "sptfqmr"};
    for (size_t i = 0; i < 3; i++) {
        for (int preconditioned = 0; preconditioned < 2; preconditioned++) {
            HeatStrip strip = heat_strip(MPI_COMM_WORLD);
            CHECK(oif_ivp_set_integrator(h, "bdf", options(solvers[i], preconditioned ? "bbd" : NULL, 0, false)));
            double y[HEAT_N];
            CHECK(solve(h, &strip, y));
            assert_matches_serial(&strip, y);
            assert_same_on_every_rank(stat(h, "steps"), MPI_COMM_WORLD);
            assert_true(preconditioned == (stat(h, "preconditioner_evaluations") > 0));
        }
    }
}

static void test_adams_matches_serial(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    HeatStrip strip = heat_strip(MPI_COMM_WORLD);
    CHECK(oif_ivp_set_integrator(h, "adams", NULL));
    double y[HEAT_N];
    CHECK(solve(h, &strip, y));
    /* adams's own serial run: the reference is bdf's, as exact. */
    assert_matches_serial(&strip, y);
}

static void test_rhs_failing_on_one_rank_fails_every_rank(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    HeatStrip strip = heat_strip(MPI_COMM_WORLD);
    strip.fail_rank = 1;
    strip.fail_after = 0.01;
    double y[HEAT_N];
    assert_int_not_equal(solve(h, &strip, y), 0);
    const char *expected = strip.rank == 1 ? "right-hand side returned status 3 at t = "
                                           : "right-hand side failed on another rank at t = ";
    assert_non_null(strstr(oif_last_error(), expected));
    /* And the next run goes on with every rank. */
    strip.fail_rank = -1;
    CHECK(solve(h, &strip, y));
    assert_matches_serial(&strip, y);
}

static int stop_on_rank_0_at_step_3(double t, OIFArrayF64 *y, void *user_data)
{
    (void)t, (void)y;
    static int steps;
    const HeatStrip *strip = user_data;
    return strip->rank == 0 && ++steps == 3;
}

static void test_monitor_stopping_on_one_rank_stops_every_rank(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    HeatStrip strip = heat_strip(MPI_COMM_WORLD);
    CHECK(oif_ivp_set_monitor_fn(h, stop_on_rank_0_at_step_3));
    double y[HEAT_N];
    assert_int_equal(solve(h, &strip, y), OIF_STOPPED);
    assert_int_equal(stat(h, "steps"), 3);
    const char *expected = strip.rank == 0 ? "stopped by the monitor at t = " : "stopped by the monitor on another rank";
    assert_non_null(strstr(oif_last_error(), expected));
}

static void assert_comm_refused(ImplHandle h, int handle, const char *expected)
{
    assert_int_not_equal(oif_ivp_set_integrator(h, "bdf", options(NULL, NULL, handle, true)), 0);
    if (strstr(oif_last_error(), expected) == NULL) {
        fail_msg("comm = %d: expected '%s' in '%s'", handle, expected, oif_last_error());
    }
}

static void test_bad_communicator_handles_are_refused(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    MPI_Comm freed;
    MPI_Comm_dup(MPI_COMM_WORLD, &freed);
    int freed_handle = (int)MPI_Comm_c2f(freed);
    MPI_Comm_free(&freed);
    assert_comm_refused(h, -1, "option 'comm' = -1 is not a valid communicator handle");
    assert_comm_refused(h, 1 << 20, "is not a valid communicator handle");
    assert_comm_refused(h, freed_handle, "is not a valid communicator handle");
    assert_comm_refused(h, (int)MPI_Comm_c2f(MPI_COMM_NULL), "is the handle of MPI_COMM_NULL");
    /* Nothing changed: the run is still on MPI_COMM_WORLD. */
    HeatStrip strip = heat_strip(MPI_COMM_WORLD);
    double y[HEAT_N];
    CHECK(solve(h, &strip, y));
    assert_matches_serial(&strip, y);
}

/* On MPI_COMM_SELF each rank solves the whole problem on its own. */
static void test_comm_option_chooses_the_communicator(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    CHECK(oif_ivp_set_integrator(h, "bdf", options(NULL, NULL, (int)MPI_Comm_c2f(MPI_COMM_SELF), true)));
    HeatStrip whole = heat_strip(MPI_COMM_SELF);
    double y[HEAT_N];
    CHECK(solve(h, &whole, y));
    assert_matches_serial(&whole, y);
    /* Given after the initial value, it moves the state onto it. */
    HeatStrip strip = heat_strip(MPI_COMM_WORLD);
    double y0_data[HEAT_N];
    intptr_t d0[1], d1[1];
    heat_initial_value(&strip, y0_data);
    OIFArrayF64 y0 = vector(y0_data, d0, strip.n), y_block = vector(y, d1, strip.n);
    CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
    CHECK(oif_ivp_set_user_data(h, &strip));
    CHECK(oif_ivp_set_integrator(h, "bdf", options(NULL, NULL, (int)MPI_Comm_c2f(MPI_COMM_WORLD), true)));
    CHECK(oif_ivp_integrate(h, t_end, &y_block));
    assert_matches_serial(&strip, y);
}

static void test_solvers_needing_the_whole_jacobian_are_refused(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    const char *whole[] = {"dense", "band"};
    for (int i = 0; i < 2; i++) {
        assert_int_not_equal(oif_ivp_set_integrator(h, "bdf", options(whole[i], NULL, 0, false)), 0);
        assert_non_null(strstr(oif_last_error(), "needs the whole Jacobian in one process"));
        assert_non_null(strstr(oif_last_error(), "preconditioner 'bbd'"));
    }
    assert_int_not_equal(oif_ivp_set_integrator(h, "bdf", options("spgmr", "band", 0, false)), 0);
    assert_non_null(strstr(oif_last_error(), "option 'preconditioner' must be 'none' or 'bbd'"));
}

static void test_initial_value_invalid_on_one_rank_fails_every_rank(void **state)
{
    ImplHandle h = *(ImplHandle *)*state;
    HeatStrip strip = heat_strip(MPI_COMM_WORLD);
    double y0_data[HEAT_N];
    intptr_t d0[1];
    heat_initial_value(&strip, y0_data);
    if (strip.rank == 1) {
        y0_data[0] = NAN;
    }
    OIFArrayF64 y0 = vector(y0_data, d0, strip.n);
    assert_int_not_equal(oif_ivp_set_initial_value(h, &y0, 0.0), 0);
    const char *expected = strip.rank == 1 ? "'y0' must be finite" : "the initial value is invalid on another rank";
    assert_non_null(strstr(oif_last_error(), expected));
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_without_options_matches_serial_with_equal_steps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_each_krylov_solver_and_bbd_preconditioner_match_serial, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_adams_matches_serial, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rhs_failing_on_one_rank_fails_every_rank, setup, teardown),
        cmocka_unit_test_setup_teardown(test_monitor_stopping_on_one_rank_stops_every_rank, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_communicator_handles_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_comm_option_chooses_the_communicator, setup, teardown),
        cmocka_unit_test_setup_teardown(test_solvers_needing_the_whole_jacobian_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_initial_value_invalid_on_one_rank_fails_every_rank, setup, teardown),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    MPI_Finalize();
    return failed;
}
