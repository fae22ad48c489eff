#include <math.h>

#include "burgers_problem.h"

static const double t_final = 2.0;

void burgers_init(BurgersProblem *p, size_t n)
{
    p->n = n;
    p->dx = 2.0 / (double)n;
}

void burgers_initial_condition(const BurgersProblem *p, double *x, double *u0)
{
    for (size_t i = 0; i < p->n; i++) {
        x[i] = (double)i * p->dx;
        u0[i] = 0.5 - 0.25 * sin(M_PI * x[i]);
    }
}

size_t burgers_num_outputs(const BurgersProblem *p) { return (size_t)ceil(t_final / (0.5 * p->dx)); }

double burgers_output_time(const BurgersProblem *p, size_t k)
{
    return k + 1 >= burgers_num_outputs(p) ? t_final : (double)(k + 1) * 0.5 * p->dx;
}

/* Rusanov flux through the interface between states a (left) and b (right). */
static double rusanov_flux(double a, double b)
{
    return 0.25 * (a * a + b * b) - 0.5 * fmax(fabs(a), fabs(b)) * (b - a);
}

int burgers_rhs(double t, OIFArrayF64 *u, OIFArrayF64 *udot, void *user_data)
{
    (void)t;
    const BurgersProblem *p = user_data;
    size_t n = (size_t)u->dimensions[0];
    const double *v = u->data;
    double flux_left = rusanov_flux(v[n - 1], v[0]);
    for (size_t i = 0; i < n; i++) {
        double flux_right = rusanov_flux(v[i], v[i + 1 < n ? i + 1 : 0]);
        udot->data[i] = -(flux_right - flux_left) / p->dx;
        flux_left = flux_right;
    }
    return 0;
}
