/*
 * C user -> C implementation: what the dispatcher adds to one call.
 *
 *   dispatch_overhead [CALLS [INSTANCES]]     timing, variants interleaved,
 *                                             with INSTANCES loaded (default 1)
 *   dispatch_overhead --only VARIANT CALLS    one variant, for callgrind
 *
 * Variants: "direct" calls the implementation's solve_qeq through a function
 * pointer (the floor); "wrapper" is oif_solve_qeq(); "by_name" is
 * call_interface_impl() with the method named by a string.  The budget is
 * 50 ns per call over the direct one.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <oif/c_bindings.h>
#include <oif/dispatch.h>
#include <oif/interfaces/qeq.h>

typedef int (*SolveQeq)(void *self, double a, double b, double c, OIFArrayF64 *roots);

static SolveQeq direct_solve;
static ImplHandle handle;
static double roots_data[2];
static intptr_t roots_dims[] = {2};
static OIFArrayF64 roots = {1, roots_dims, roots_data, OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS};
/* volatile inputs keep the compiler from hoisting work out of the loops */
static volatile double a_in = 1.0, b_in = 5.0, c_in = 4.0;

static void run_direct(long calls)
{
    for (long i = 0; i < calls; i++) {
        direct_solve(NULL, a_in, b_in, c_in, &roots);
    }
}

static void run_wrapper(long calls)
{
    for (long i = 0; i < calls; i++) {
        oif_solve_qeq(handle, a_in, b_in, c_in, &roots);
    }
}

static void run_by_name(long calls)
{
    for (long i = 0; i < calls; i++) {
        double a = a_in, b = b_in, c = c_in;
        OIFArrayF64 *r = &roots;
        OIFArgType in_types[] = {OIF_TYPE_F64, OIF_TYPE_F64, OIF_TYPE_F64};
        void *in_values[] = {&a, &b, &c};
        OIFArgType out_types[] = {OIF_TYPE_ARRAY_F64};
        void *out_values[] = {&r};
        OIFArgs in = {3, in_types, in_values}, out = {1, out_types, out_values};
        call_interface_impl(handle, "solve_qeq", &in, &out, NULL);
    }
}

static const struct {
    const char *name;
    void (*run)(long);
} variants[] = {{"direct", run_direct}, {"wrapper", run_wrapper}, {"by_name", run_by_name}};
enum { VARIANTS = 3, REPEATS = 21 };

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static int compare(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static int setup(void)
{
    handle = oif_load_impl("qeq", "c_qeq_solver", 1, 0);
    if (handle < OIF_IMPL_STARTING_NUMBER) {
        fprintf(stderr, "%s\n", oif_last_error());
        return -1;
    }
    /* The same library the dispatcher loaded, for the direct calls. */
    void *lib = dlopen(IMPL_LIBRARY, RTLD_NOW | RTLD_NOLOAD);
    *(void **)&direct_solve = lib ? dlsym(lib, "solve_qeq") : NULL;
    if (direct_solve == NULL) {
        fprintf(stderr, "cannot find solve_qeq in %s\n", IMPL_LIBRARY);
        return -1;
    }
    return 0;
}

int main(int argc, char *argv[])
{
    if (setup() != 0) {
        return 1;
    }
    if (argc == 4 && strcmp(argv[1], "--only") == 0) {
        for (int v = 0; v < VARIANTS; v++) {
            if (strcmp(argv[2], variants[v].name) == 0) {
                variants[v].run(atol(argv[3]));
                return 0;
            }
        }
        fprintf(stderr, "unknown variant %s\n", argv[2]);
        return 2;
    }
    long calls = argc > 1 ? atol(argv[1]) : 2000000;
    /* Other loaded instances must not slow a call down: handles are indices. */
    for (long extra = argc > 2 ? atol(argv[2]) - 1 : 0; extra > 0; extra--) {
        if (oif_load_impl("qeq", "c_qeq_solver", 1, 0) < OIF_IMPL_STARTING_NUMBER) {
            fprintf(stderr, "%s\n", oif_last_error());
            return 1;
        }
    }
    double samples[VARIANTS][REPEATS];
    for (int r = 0; r < REPEATS; r++) {
        for (int v = 0; v < VARIANTS; v++) {
            double start = seconds();
            variants[v].run(calls);
            samples[v][r] = (seconds() - start) / calls * 1e9;
        }
    }
    double median[VARIANTS];
    for (int v = 0; v < VARIANTS; v++) {
        qsort(samples[v], REPEATS, sizeof(double), compare);
        median[v] = samples[v][REPEATS / 2];
    }
    printf("%-10s %10s %14s\n", "variant", "ns/call", "over direct");
    for (int v = 0; v < VARIANTS; v++) {
        printf("%-10s %10.1f %14.1f\n", variants[v].name, median[v], median[v] - median[0]);
    }
    oif_unload_impl(handle);
    return 0;
}
