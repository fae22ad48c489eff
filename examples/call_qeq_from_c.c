/* Solves a x^2 + b x + c = 0 with the qeq implementation named on the
 * command line:  call_qeq_from_c [IMPL [a b c]]  (default: c_qeq_solver,
 * x^2 - 20000 x + 1). */
#include <stdio.h>
#include <stdlib.h>

#include <oif/c_bindings.h>
#include <oif/interfaces/qeq.h>

int main(int argc, char *argv[])
{
    const char *impl = argc > 1 ? argv[1] : "c_qeq_solver";
    double a = 1.0, b = -20000.0, c = 1.0;
    if (argc == 5) {
        a = strtod(argv[2], NULL);
        b = strtod(argv[3], NULL);
        c = strtod(argv[4], NULL);
    } else if (argc > 2) {
        fprintf(stderr, "usage: %s [IMPL [a b c]]\n", argv[0]);
        return 2;
    }

    ImplHandle h = oif_load_impl("qeq", impl, 1, 0);
    if (h < OIF_IMPL_STARTING_NUMBER) {
        fprintf(stderr, "%s\n", oif_last_error());
        return 1;
    }
    intptr_t dims[] = {2};
    OIFArrayF64 *roots = oif_create_array_f64(1, dims);
    int status = oif_solve_qeq(h, a, b, c, roots);
    if (status == 0) {
        printf("%s: roots of %g x^2 + %g x + %g = 0 are %.17g and %.17g\n", impl, a, b, c,
               roots->data[0], roots->data[1]);
    } else {
        fprintf(stderr, "%s\n", oif_last_error());
    }
    oif_free_array_f64(roots);
    oif_unload_impl(h);
    return status == 0 ? 0 : 1;
}
