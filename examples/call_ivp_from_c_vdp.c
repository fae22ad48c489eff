/* Van der Pol's oscillator with mu = 1000, a classic stiff problem:
 *   y1' = y2,  y2' = mu (1 - y1^2) y2 - y1,  y(0) = (2, 0),
 * solved to t = 3000 with rtol = atol = 1e-8 by the ivp implementation named
 * on the command line:  call_ivp_from_c_vdp [IMPL [INTEGRATOR]]  (default:
 * sundials_cvode with bdf).  Prints "t y1 y2" every 250 time units. */
#include <stdio.h>

#include <oif/c_bindings.h>
#include <oif/interfaces/ivp.h>

static int van_der_pol(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    (void)t;
    double mu = *(double *)user_data;
    ydot->data[0] = y->data[1];
    ydot->data[1] = mu * (1.0 - y->data[0] * y->data[0]) * y->data[1] - y->data[0];
    return 0;
}

int main(int argc, char *argv[])
{
    const char *impl = argc > 1 ? argv[1] : "sundials_cvode";
    const char *integrator = argc > 2 ? argv[2] : (argc > 1 ? NULL : "bdf");
    double mu = 1000.0;
    ImplHandle h = oif_load_impl("ivp", impl, 1, 0);
    if (h < OIF_IMPL_STARTING_NUMBER) {
        fprintf(stderr, "%s\n", oif_last_error());
        return 1;
    }
    intptr_t dims[] = {2};
    const double initial[] = {2.0, 0.0};
    OIFArrayF64 *y0 = oif_init_array_f64_from_data(1, dims, initial);
    OIFArrayF64 *y = oif_create_array_f64(1, dims);
    int status = integrator ? oif_ivp_set_integrator(h, integrator, NULL) : 0;
    status = status ? status : oif_ivp_set_initial_value(h, y0, 0.0);
    status = status ? status : oif_ivp_set_user_data(h, &mu);
    status = status ? status : oif_ivp_set_rhs_fn(h, van_der_pol);
    status = status ? status : oif_ivp_set_tolerances(h, 1e-8, 1e-8);
    for (int t = 250; t <= 3000 && status == 0; t += 250) {
        status = oif_ivp_integrate(h, t, y);
        if (status == 0) {
            printf("%4d %+.10f %+.10f\n", t, y->data[0], y->data[1]);
        }
    }
    if (status != 0) {
        fprintf(stderr, "%s\n", oif_last_error());
    }
    oif_free_array_f64(y0);
    oif_free_array_f64(y);
    oif_unload_impl(h);
    return status == 0 ? 0 : 1;
}
