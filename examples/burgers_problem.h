/*
 * Inviscid Burgers' equation u_t + (u^2 / 2)_x = 0 on the periodic interval
 * [0, 2), u(0, x) = 0.5 - 0.25 sin(pi x), by the method of lines: N cells of
 * width dx = 2 / N and the Rusanov (local Lax-Friedrichs) flux.  A shock
 * forms at t = 4 / pi; the solution is wanted every dx / 2 up to t = 2.
 */
#ifndef OIF_EXAMPLES_BURGERS_PROBLEM_H
#define OIF_EXAMPLES_BURGERS_PROBLEM_H

#include <stddef.h>

#include <oif/api.h>

typedef struct {
    size_t n;
    double dx;
} BurgersProblem;

void burgers_init(BurgersProblem *p, size_t n);

/* x_i and u(0, x_i) for i < n. */
void burgers_initial_condition(const BurgersProblem *p, double *x, double *u0);

/* Output times dt, 2 dt, ..., with the last one exactly t = 2. */
size_t burgers_num_outputs(const BurgersProblem *p);
double burgers_output_time(const BurgersProblem *p, size_t k);

/* The right-hand side; user_data is the BurgersProblem. */
int burgers_rhs(double t, OIFArrayF64 *u, OIFArrayF64 *udot, void *user_data);

#endif
