/* Solves y' = -y, y(0) = 1 on [0, 1] with the ivp implementation named on
 * the command line:  call_ivp_from_c [IMPL]  (default: dopri5c), and prints
 * "t y(t) error" lines. */
#include <math.h>
#include <stdio.h>

#include <oif/c_bindings.h>
#include <oif/interfaces/ivp.h>

static int decay(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    (void)t, (void)user_data;
    ydot->data[0] = -y->data[0];
    return 0;
}

int main(int argc, char *argv[])
{
    const char *impl = argc > 1 ? argv[1] : "dopri5c";
    ImplHandle h = oif_load_impl("ivp", impl, 1, 0);
    if (h < OIF_IMPL_STARTING_NUMBER) {
        fprintf(stderr, "%s\n", oif_last_error());
        return 1;
    }
    intptr_t dims[] = {1};
    const double one = 1.0;
    OIFArrayF64 *y0 = oif_init_array_f64_from_data(1, dims, &one);
    OIFArrayF64 *y = oif_create_array_f64(1, dims);
    int status = oif_ivp_set_initial_value(h, y0, 0.0);
    status = status ? status : oif_ivp_set_rhs_fn(h, decay);
    status = status ? status : oif_ivp_set_tolerances(h, 1e-8, 1e-12);
    for (int i = 1; i <= 10 && status == 0; i++) {
        double t = 0.1 * i;
        status = oif_ivp_integrate(h, t, y);
        if (status == 0) {
            printf("%.1f %.15f %.2e\n", t, y->data[0], fabs(y->data[0] - exp(-t)));
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
