/* y' = -y, y(0) = 1: the problem several ivp tests check accuracy on. */
#ifndef OIF_TEST_IVP_DECAY_H
#define OIF_TEST_IVP_DECAY_H

#include "test_support.h"

#include <math.h>

#include <oif/interfaces/ivp.h>

/* y' = -y for every component; ignores its user data. */
static inline int unit_decay_rhs(double t, OIFArrayF64 *y, OIFArrayF64 *ydot, void *user_data)
{
    (void)t, (void)user_data;
    for (ssize_t i = 0; i < y->dimensions[0]; i++) {
        ydot->data[i] = -y->data[i];
    }
    return 0;
}

/* Sets y' = -y, y(0) = 1 and the tolerances on `h`, and returns the largest
 * error over ten output times up to t = 1. */
static inline double decay_error(ImplHandle h, double rtol, double atol)
{
    double y0_data[] = {1.0}, y_data[1];
    intptr_t d0[1], d1[1];
    OIFArrayF64 y0 = vector(y0_data, d0, 1), y = vector(y_data, d1, 1);
    CHECK(oif_ivp_set_initial_value(h, &y0, 0.0));
    CHECK(oif_ivp_set_rhs_fn(h, unit_decay_rhs));
    CHECK(oif_ivp_set_tolerances(h, rtol, atol));
    double worst = 0.0;
    for (int i = 1; i <= 10; i++) {
        double t = 0.1 * i;
        CHECK(oif_ivp_integrate(h, t, &y));
        worst = fmax(worst, fabs(y_data[0] - exp(-t)));
    }
    return worst;
}

#endif
