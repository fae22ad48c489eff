/* Roots of a x^2 + b x + c = 0 without catastrophic cancellation: the root
 * of larger magnitude comes from adding quantities of the same sign, the
 * other from Vieta's formula x1 x2 = c / a. */
#include <math.h>

#include <oif_impl/qeq.h>

/* The interface version it is built for, checked at load (<oif/impl_abi.h>). */
OIF_IMPL_ABI_QEQ;

int solve_qeq(Self *self, double a, double b, double c, OIFArrayF64 *roots)
{
    (void)self;
    if (roots->nd != 1 || roots->dimensions[0] != 2) {
        oif_set_error("'roots' must be a vector of length 2");
        return 1;
    }
    if (a == 0.0) {
        if (b == 0.0) {
            oif_set_error("a = b = 0: the equation has no unique root");
            return 1;
        }
        roots->data[0] = roots->data[1] = -c / b;
        return 0;
    }
    double discriminant = b * b - 4.0 * a * c;
    if (discriminant < 0.0) {
        oif_set_error("the roots are complex (discriminant %g < 0)", discriminant);
        return 1;
    }
    double q = -0.5 * (b + copysign(sqrt(discriminant), b));
    roots->data[0] = q / a;
    /* q = 0 only for b = c = 0, where both roots are 0. */
    roots->data[1] = q != 0.0 ? c / q : 0.0;
    return 0;
}
