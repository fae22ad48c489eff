/* Minimises Rosenbrock's function f(x, y) = (a - x)^2 + b (y - x^2)^2 with
 * a = 1, b = 100 from (-1.2, 1) with the optim implementation and method
 * named on the command line:
 *     call_optim_from_c_rosenbrock [IMPL [METHOD]]
 * (default: nlopt with its default method).  The minimum is at (1, 1). */
#include <stdio.h>

#include <oif/c_bindings.h>
#include <oif/interfaces/optim.h>
#include <oif/util.h>

static double rosenbrock(OIFArrayF64 *x, void *user_data)
{
    (void)user_data;
    double u = 1.0 - x->data[0], v = x->data[1] - x->data[0] * x->data[0];
    return u * u + 100.0 * v * v;
}

static int rosenbrock_gradient(OIFArrayF64 *x, OIFArrayF64 *grad, void *user_data)
{
    (void)user_data;
    double v = x->data[1] - x->data[0] * x->data[0];
    grad->data[0] = -2.0 * (1.0 - x->data[0]) - 400.0 * x->data[0] * v;
    grad->data[1] = 200.0 * v;
    return 0;
}

int main(int argc, char *argv[])
{
    const char *impl = argc > 1 ? argv[1] : "nlopt";
    const char *method = argc > 2 ? argv[2] : NULL;
    ImplHandle h = oif_load_impl("optim", impl, 1, 0);
    if (h < OIF_IMPL_STARTING_NUMBER) {
        fprintf(stderr, "%s\n", oif_last_error());
        return 1;
    }
    intptr_t dims[] = {2};
    OIFArrayF64 *x0 = oif_init_array_f64_from_data(1, dims, (const double[]){-1.2, 1.0});
    OIFArrayF64 *x = oif_create_array_f64(1, dims);
    int status = 0;
    char *message = NULL;

    int call_status = oif_optim_set_initial_guess(h, x0);
    if (call_status == 0) {
        call_status = oif_optim_set_objective_fn(h, rosenbrock);
    }
    if (call_status == 0) {
        call_status = oif_optim_set_grad_fn(h, rosenbrock_gradient);
    }
    if (call_status == 0 && method != NULL) {
        call_status = oif_optim_set_method(h, method, NULL);
    }
    if (call_status == 0) {
        call_status = oif_optim_minimize(h, x, &status, &message);
    }
    if (call_status == 0) {
        printf("minimiser: x = [%.10g, %.10g]\n", x->data[0], x->data[1]);
        printf("status: %d\n", status);
        printf("message: %s\n", message);
    } else {
        fprintf(stderr, "%s\n", oif_last_error());
    }
    oif_util_free(message);
    oif_free_array_f64(x0);
    oif_free_array_f64(x);
    oif_unload_impl(h);
    return call_status == 0 ? 0 : 1;
}
