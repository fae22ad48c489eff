/*
 * C user -> Python implementation: a call from a thread other than the one
 * that started Python, over the same call from that thread (DESIGN.md's
 * budget: <= 1.2x).  The call is py_qeq_solver's solve_qeq.
 *
 *   python_thread_calls [CALLS [REPEATS]]
 *
 * The two threads take turns, each timing CALLS calls per repeat; the
 * figures are the medians.  The other thread is made once, so what its
 * first entry into Python costs is not counted.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <oif/c_bindings.h>
#include <oif/interfaces/qeq.h>

enum { MAX_REPEATS = 101 };

static ImplHandle handle;
static long calls = 20000;
static int repeats = 15;
static pthread_barrier_t turn;
static double other_thread_ns[MAX_REPEATS];

static double ns_per_call(void)
{
    double roots_data[2];
    intptr_t dims[] = {2};
    OIFArrayF64 roots = {1, dims, roots_data, OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS};
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (long i = 0; i < calls; i++) {
        if (oif_solve_qeq(handle, 1.0, 5.0, 4.0, &roots) != 0) {
            fprintf(stderr, "solve_qeq failed: %s\n", oif_last_error());
            exit(1);
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    return ((double)(end.tv_sec - start.tv_sec) * 1e9 + (double)(end.tv_nsec - start.tv_nsec)) / (double)calls;
}

static void *other_thread(void *arg)
{
    (void)arg;
    for (int r = 0; r < repeats; r++) {
        pthread_barrier_wait(&turn);
        other_thread_ns[r] = ns_per_call();
        pthread_barrier_wait(&turn);
    }
    return NULL;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *values, int n)
{
    qsort(values, (size_t)n, sizeof *values, by_value);
    return values[n / 2];
}

int main(int argc, char **argv)
{
    calls = argc > 1 ? atol(argv[1]) : calls;
    repeats = argc > 2 ? atoi(argv[2]) : repeats;
    if (calls < 1 || repeats < 1 || repeats > MAX_REPEATS) {
        fprintf(stderr, "usage: %s [CALLS [REPEATS <= %d]]\n", argv[0], MAX_REPEATS);
        return 2;
    }
    handle = oif_load_impl("qeq", "py_qeq_solver", 1, 0); /* starts Python on this thread */
    if (handle < OIF_IMPL_STARTING_NUMBER) {
        fprintf(stderr, "%s\n", oif_last_error());
        return 1;
    }
    double starting_thread_ns[MAX_REPEATS];
    pthread_t other;
    pthread_barrier_init(&turn, NULL, 2);
    pthread_create(&other, NULL, other_thread, NULL);
    ns_per_call(); /* warm-up */
    for (int r = 0; r < repeats; r++) {
        starting_thread_ns[r] = ns_per_call();
        pthread_barrier_wait(&turn);
        pthread_barrier_wait(&turn);
    }
    pthread_join(other, NULL);
    double here = median(starting_thread_ns, repeats), there = median(other_thread_ns, repeats);
    printf("py_qeq_solver solve_qeq from C, %ld calls, median of %d\n", calls, repeats);
    printf("from the thread that started Python  %8.1f ns/call\n", here);
    printf("from another thread                  %8.1f ns/call\n", there);
    printf("ratio                                %8.2f (budget <= 1.2)\n", there / here);
    oif_unload_impl(handle);
    return 0;
}
