#include "band_probe.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The estimate along the check direction may differ from the difference
 * quotient by rounding and by f's curvature, far below this share of it;
 * an entry outside the band shifts it by its whole contribution. */
static const double mismatch_tolerance = 1e-3;

/* A sign and size in [0.5, 1) per component, the same on every run. */
static double check_weight(ssize_t j)
{
    uint32_t h = (uint32_t)j * 2654435761u;
    h ^= h >> 15;
    double size = 0.5 + 0.5 * (double)(h & 0xffff) / 65536.0;
    return (h & 0x10000) ? size : -size;
}

int band_probe(BandProbeRhs f, void *context, double t, const double *y, ssize_t n, int max_bandwidth,
               BandProbe *probe)
{
    *probe = (BandProbe){0};
    ssize_t b = max_bandwidth, width = 2 * b + 1;
    double *f0 = malloc((size_t)n * sizeof *f0), *fp = malloc((size_t)n * sizeof *fp);
    double *yp = malloc((size_t)n * sizeof *yp), *increment = malloc((size_t)n * sizeof *increment);
    /* Column j's entries of rows j - b ... j + b at band[j * width + (i - j + b)]. */
    double *band = calloc((size_t)n * (size_t)width, sizeof *band);
    int status = -1;
    if (f0 == NULL || fp == NULL || yp == NULL || increment == NULL || band == NULL) {
        goto done;
    }
    double y_max = 0.0;
    for (ssize_t j = 0; j < n; j++) {
        y_max = fmax(y_max, fabs(y[j]));
    }
    double floor = y_max > 0.0 ? 1e-3 * y_max : 1.0;
    for (ssize_t j = 0; j < n; j++) {
        increment[j] = sqrt(DBL_EPSILON) * fmax(fabs(y[j]), floor);
    }
    memcpy(yp, y, (size_t)n * sizeof *yp);
    if ((status = f(t, yp, f0, context)) != 0) {
        goto done;
    }
    probe->evaluations = 1;
    for (ssize_t group = 0; group < width && group < n; group++) {
        for (ssize_t j = group; j < n; j += width) {
            yp[j] = y[j] + increment[j];
        }
        status = f(t, yp, fp, context);
        probe->evaluations++;
        if (status != 0) {
            goto done;
        }
        for (ssize_t j = group; j < n; j += width) {
            yp[j] = y[j];
            for (ssize_t i = j > b ? j - b : 0; i < n && i <= j + b; i++) {
                band[j * width + (i - j + b)] = (fp[i] - f0[i]) / increment[j];
            }
        }
    }
    /* Along v: the band's product B v against (f(y + v) - f(y)). */
    for (ssize_t j = 0; j < n; j++) {
        yp[j] = y[j] + check_weight(j) * increment[j];
    }
    status = f(t, yp, fp, context);
    probe->evaluations++;
    if (status != 0) {
        goto done;
    }
    double scale = 0.0;
    for (ssize_t i = 0; i < n; i++) {
        scale = fmax(scale, fabs(fp[i] - f0[i]));
    }
    for (ssize_t i = 0; i < n; i++) {
        double product = 0.0;
        for (ssize_t j = i > b ? i - b : 0; j < n && j <= i + b; j++) {
            double entry = band[j * width + (i - j + b)];
            product += entry * check_weight(j) * increment[j];
            if (entry != 0.0 && j > i && j - i > probe->upper) {
                probe->upper = (int)(j - i);
            } else if (entry != 0.0 && i > j && i - j > probe->lower) {
                probe->lower = (int)(i - j);
            }
        }
        if (fabs(product - (fp[i] - f0[i])) > mismatch_tolerance * scale) {
            probe->mismatched_rows++;
        }
    }
done:
    free(f0);
    free(fp);
    free(yp);
    free(increment);
    free(band);
    return status;
}
