/* An out-of-tree implementation: built against an installed tree with
 * pkg-config and loaded from a folder on OIF_IMPL_PATH. */
#include <math.h>

#include <oif_impl/qeq.h>

int solve_qeq(Self *self, double a, double b, double c, OIFArrayF64 *roots)
{
    (void)self;
    double d = b * b - 4.0 * a * c;
    if (a == 0.0 || d < 0.0) {
        oif_set_error("vieta_qeq solves only equations with a != 0 and real roots");
        return 1;
    }
    double q = -0.5 * (b + copysign(sqrt(d), b));
    roots->data[0] = q / a;
    roots->data[1] = c / q;
    return 0;
}
