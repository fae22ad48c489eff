/* Solves Burgers' equation (see burgers_problem.h) with the ivp
 * implementation named on the command line:
 *   call_ivp_from_c_burgers_eq [IMPL [N]]   (default: dopri5c, N = 101)
 * and prints the solution at t = 2 as "x u" lines. */
#include <stdio.h>
#include <stdlib.h>

#include <oif/c_bindings.h>
#include <oif/interfaces/ivp.h>

#include "burgers_problem.h"

int main(int argc, char *argv[])
{
    const char *impl = argc > 1 ? argv[1] : "dopri5c";
    long n = argc > 2 ? strtol(argv[2], NULL, 10) : 101;
    if (argc > 3 || n < 3) {
        fprintf(stderr, "usage: %s [IMPL [N >= 3]]\n", argv[0]);
        return 2;
    }
    BurgersProblem problem;
    burgers_init(&problem, (size_t)n);
    intptr_t dims[] = {n};
    OIFArrayF64 *x = oif_create_array_f64(1, dims);
    OIFArrayF64 *u0 = oif_create_array_f64(1, dims);
    OIFArrayF64 *u = oif_create_array_f64(1, dims);
    burgers_initial_condition(&problem, x->data, u0->data);

    int status = 1;
    ImplHandle h = oif_load_impl("ivp", impl, 1, 0);
    if (h >= OIF_IMPL_STARTING_NUMBER && oif_ivp_set_initial_value(h, u0, 0.0) == 0 &&
        oif_ivp_set_user_data(h, &problem) == 0 && oif_ivp_set_rhs_fn(h, burgers_rhs) == 0 &&
        oif_ivp_set_tolerances(h, 1e-8, 1e-10) == 0) {
        status = 0;
        for (size_t k = 0; k < burgers_num_outputs(&problem) && status == 0; k++) {
            status = oif_ivp_integrate(h, burgers_output_time(&problem, k), u);
        }
    }
    if (status == 0) {
        for (long i = 0; i < n; i++) {
            printf("%.6f %.15g\n", x->data[i], u->data[i]);
        }
    } else {
        fprintf(stderr, "%s\n", oif_last_error());
    }
    if (h >= OIF_IMPL_STARTING_NUMBER) {
        oif_unload_impl(h);
    }
    oif_free_array_f64(x);
    oif_free_array_f64(u0);
    oif_free_array_f64(u);
    return status == 0 ? 0 : 1;
}
