/* Solves a small linear system A x = b with the linsolve implementation
 * named on the command line:  call_linsolve_from_c [IMPL]  (default:
 * c_lapack). */
#include <stdio.h>

#include <oif/c_bindings.h>
#include <oif/interfaces/linsolve.h>

int main(int argc, char *argv[])
{
    const char *impl = argc > 1 ? argv[1] : "c_lapack";
    ImplHandle h = oif_load_impl("linsolve", impl, 1, 0);
    if (h < OIF_IMPL_STARTING_NUMBER) {
        fprintf(stderr, "%s\n", oif_last_error());
        return 1;
    }
    /* The solution is x = [1, 2, 3]. */
    const double A_data[] = {4, -2, 1, -2, 4, -2, 1, -2, 4};
    const double b_data[] = {3, 0, 9};
    intptr_t dims_A[] = {3, 3}, dims_v[] = {3};
    OIFArrayF64 *A = oif_init_array_f64_from_data(2, dims_A, A_data);
    OIFArrayF64 *b = oif_init_array_f64_from_data(1, dims_v, b_data);
    OIFArrayF64 *x = oif_create_array_f64(1, dims_v);

    int status = oif_solve_linear_system(h, A, b, x);
    if (status == 0) {
        printf("%s: solution of A x = b is x = ", impl);
        oif_print_vector(x);
    } else {
        fprintf(stderr, "%s\n", oif_last_error());
    }
    oif_free_array_f64(A);
    oif_free_array_f64(b);
    oif_free_array_f64(x);
    oif_unload_impl(h);
    return status == 0 ? 0 : 1;
}
