/* A user's program written only against the documented C API: it must
 * compile against the installed headers, link with
 * `pkg-config --cflags --libs oif`, and run from the installed tree. */
#include <stdio.h>
#include <string.h>

#include <oif/api.h>
#include <oif/c_bindings.h>
#include <oif/config_dict.h>
#include <oif/interfaces/linsolve.h>
#include <oif/interfaces/qeq.h>
#include <oif/util.h>

static int fail(const char *what)
{
    fprintf(stderr, "%s: %s\n", what, oif_last_error());
    return 1;
}

int main(void)
{
    ImplHandle qeq = oif_load_impl("qeq", "c_qeq_solver", 1, 0);
    if (qeq < OIF_IMPL_STARTING_NUMBER) {
        return fail("load qeq");
    }
    intptr_t two[] = {2};
    OIFArrayF64 *roots = oif_create_array_f64(1, two);
    if (oif_solve_qeq(qeq, 1.0, 5.0, 4.0, roots) != 0) {
        return fail("solve_qeq");
    }
    oif_print_vector(roots);

    ImplHandle lin = oif_load_impl("linsolve", "c_lapack", 1, 0);
    if (lin < OIF_IMPL_STARTING_NUMBER) {
        return fail("load linsolve");
    }
    const double A_data[] = {2, 0, 0, 4}, b_data[] = {2, 2};
    intptr_t dims_A[] = {2, 2};
    OIFArrayF64 *A = oif_init_array_f64_from_data(2, dims_A, A_data);
    OIFArrayF64 *b = oif_init_array_f64_from_data(1, two, b_data);
    OIFArrayF64 *x = oif_create_array_f64(1, two);
    if (oif_solve_linear_system(lin, A, b, x) != 0) {
        return fail("solve_linear_system");
    }
    oif_print_vector(x);

    OIFConfigDict *dict = oif_config_dict_init();
    oif_config_dict_add_int(dict, "max_num_steps", 500);
    oif_config_dict_add_double(dict, "rtol", 1e-8);
    oif_config_dict_serialize(dict);
    printf("%d %g\n", oif_config_dict_get_int(dict, "max_num_steps"),
           oif_config_dict_get_double(dict, "rtol"));
    oif_config_dict_free(dict);

    char *s = oif_util_make_string("%s-%d", "done", 1);
    printf("%s\n", s);
    oif_util_free(s);
    oif_free_array_f64(roots);
    oif_free_array_f64(A);
    oif_free_array_f64(b);
    oif_free_array_f64(x);
    return oif_unload_impl(qeq) || oif_unload_impl(lin);
}
