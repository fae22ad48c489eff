/* The point of the project in one program: the same problems solved by every
 * implementation that is available, each chosen by its name at run time. */
#include <stdio.h>

#include <oif/c_bindings.h>
#include <oif/dispatch.h>
#include <oif/interfaces/linsolve.h>
#include <oif/interfaces/qeq.h>
#include <oif/util.h>

static int solve_qeq_with(const char *impl)
{
    ImplHandle h = oif_load_impl("qeq", impl, 1, 0);
    if (h < OIF_IMPL_STARTING_NUMBER) {
        printf("  %-16s %s\n", impl, oif_last_error());
        return 1;
    }
    double roots[2];
    intptr_t dims[] = {2};
    OIFArrayF64 r = {1, dims, roots, OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS};
    int status = oif_solve_qeq(h, 1.0, -20000.0, 1.0, &r);
    if (status == 0) {
        printf("  %-16s %.17g  %.17g\n", impl, roots[0], roots[1]);
    } else {
        printf("  %-16s %s\n", impl, oif_last_error());
    }
    oif_unload_impl(h);
    return status != 0;
}

static int solve_linsolve_with(const char *impl)
{
    ImplHandle h = oif_load_impl("linsolve", impl, 1, 0);
    if (h < OIF_IMPL_STARTING_NUMBER) {
        printf("  %-16s %s\n", impl, oif_last_error());
        return 1;
    }
    double A[] = {4, -2, 1, -2, 4, -2, 1, -2, 4}, b[] = {3, 0, 9}, x[3];
    intptr_t dims_A[] = {3, 3}, dims_v[] = {3};
    OIFArrayF64 A_arr = {2, dims_A, A, OIF_ARRAY_C_CONTIGUOUS};
    OIFArrayF64 b_arr = {1, dims_v, b, OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS};
    OIFArrayF64 x_arr = {1, dims_v, x, OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS};
    int status = oif_solve_linear_system(h, &A_arr, &b_arr, &x_arr);
    if (status == 0) {
        printf("  %-16s %.17g  %.17g  %.17g\n", impl, x[0], x[1], x[2]);
    } else {
        printf("  %-16s %s\n", impl, oif_last_error());
    }
    oif_unload_impl(h);
    return status != 0;
}

static int for_each_impl(const char *interface, int (*solve)(const char *))
{
    char **names = oif_list_impls(interface);
    if (names == NULL) {
        fprintf(stderr, "%s\n", oif_last_error());
        return 1;
    }
    int failures = 0;
    for (size_t i = 0; names[i] != NULL; i++) {
        failures += solve(names[i]);
    }
    oif_util_free(names);
    return failures;
}

int main(void)
{
    printf("qeq: roots of x^2 - 20000 x + 1 = 0\n");
    int failures = for_each_impl("qeq", solve_qeq_with);
    printf("\nlinsolve: A x = b with exact solution x = [1, 2, 3]\n");
    failures += for_each_impl("linsolve", solve_linsolve_with);
    return failures == 0 ? 0 : 1;
}
