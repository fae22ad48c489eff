/*
 * A benchmark fixture, not a solver: integrate(t, y) calls the right-hand
 * side int(t) times and does nothing else, so that timing it measures the
 * crossing into the callback.  By default every call passes the caller's
 * output array as both y and ydot (any size, nothing allocated);
 * set_integrator("rotating_buffers") makes every call pass different
 * buffers, more than any view cache holds.  The other methods do nothing,
 * so calling them measures argument conversion.
 */
#include <stdlib.h>
#include <string.h>

#include <oif_impl/ivp.h>

enum { BUFFERS = 32, MAX_ROTATING_N = 1 << 16 }; /* 16 pairs: twice what a view cache holds */

struct self {
    oif_ivp_rhs_fn_t rhs;
    void *user_data;
    intptr_t n;
    int rotating;
    double *memory;
    OIFArrayF64 arrays[BUFFERS];
};

Self *malloc_self(void) { return calloc(1, sizeof(Self)); }

void free_self(Self *self)
{
    free(self->memory);
    free(self);
}

int set_initial_value(Self *self, OIFArrayF64 *y0, double t0)
{
    (void)t0;
    self->n = y0->dimensions[0];
    return 0;
}

int set_rhs_fn(Self *self, oif_ivp_rhs_fn_t rhs)
{
    self->rhs = rhs;
    return 0;
}

int set_tolerances(Self *self, double rtol, double atol)
{
    (void)self, (void)rtol, (void)atol;
    return 0;
}

int set_user_data(Self *self, void *user_data)
{
    self->user_data = user_data;
    return 0;
}

int set_integrator(Self *self, const char *integrator_name, OIFConfigDict *config)
{
    oif_config_dict_free(config);
    self->rotating = strcmp(integrator_name, "rotating_buffers") == 0;
    return 0;
}

static int prepare_rotating_buffers(Self *self, const OIFArrayF64 *y)
{
    if (self->n > MAX_ROTATING_N) {
        oif_set_error("rotating buffers take at most %d elements", MAX_ROTATING_N);
        return 1;
    }
    if (self->memory == NULL || self->arrays[0].dimensions[0] != self->n) {
        free(self->memory);
        self->memory = calloc(BUFFERS * (size_t)self->n, sizeof(double));
        for (int k = 0; k < BUFFERS; k++) {
            self->arrays[k] = *y;
            self->arrays[k].data = self->memory + k * self->n;
        }
    }
    return 0;
}

int integrate(Self *self, double t, OIFArrayF64 *y)
{
    if (self->rhs == NULL || self->n != y->dimensions[0]) {
        oif_set_error("set_initial_value and set_rhs_fn first, and integrate into an array like y0");
        return 1;
    }
    if (self->rotating && prepare_rotating_buffers(self, y) != 0) {
        return 1;
    }
    long calls = (long)t;
    for (long i = 0; i < calls; i++) {
        OIFArrayF64 *in = y, *out = y;
        if (self->rotating) {
            in = &self->arrays[2 * i % BUFFERS];
            out = in + 1;
        }
        int status = self->rhs(t, in, out, self->user_data);
        if (status != 0) {
            oif_set_error("right-hand side returned status %d", status);
            return status;
        }
    }
    return 0;
}

int print_stats(Self *self)
{
    (void)self;
    return 0;
}
