/* ivp implementations written for minor versions 1.0 and 1.1, for the tests
 * of optional methods (test_minor_versions.c); each variant is built as its
 * own library (see meson.build).  They solve y' = f(t, y) with one explicit
 * Euler step per integrate() call: enough to see them called. */
#include <stdlib.h>

#include <oif_impl/ivp.h>

#if defined(IVP_V1_1) || defined(IVP_V1_1_WITHOUT_PRINT_STATS)
OIF_IMPL_ABI_IVP; /* 1.1: the version of the header */
#elif defined(IVP_V1_0_OWN_GET_STATS)
const OIFImplABI oif_impl_abi_ivp = {sizeof(OIFImplABI), OIF_IMPL_ABI_VERSION, 1, 0};
#endif
/* IVP_V1_0 declares nothing, as implementations written for MaRDI Open
 * Interfaces 0.7 do. */

struct self {
    oif_ivp_rhs_fn_t rhs;
    void *user_data;
    double t, y;
    int steps;
};

Self *malloc_self(void) { return calloc(1, sizeof(Self)); }

void free_self(Self *self) { free(self); }

int set_initial_value(Self *self, OIFArrayF64 *y0, double t0)
{
    self->y = y0->data[0];
    self->t = t0;
    self->steps = 0;
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
    (void)self, (void)integrator_name;
    oif_config_dict_free(config);
    return 0;
}

int integrate(Self *self, double t, OIFArrayF64 *y)
{
    double ydot_data[1];
    intptr_t dimension = 1;
    OIFArrayF64 state = {1, &dimension, &self->y, OIF_ARRAY_C_CONTIGUOUS};
    OIFArrayF64 ydot = {1, &dimension, ydot_data, OIF_ARRAY_C_CONTIGUOUS};
    if (self->rhs(self->t, &state, &ydot, self->user_data) != 0) {
        oif_set_error("the right-hand side failed");
        return 1;
    }
    self->y += (t - self->t) * ydot_data[0];
    self->t = t;
    self->steps++;
    y->data[0] = self->y;
    return 0;
}

#ifndef IVP_V1_1_WITHOUT_PRINT_STATS
int print_stats(Self *self)
{
    (void)self;
    return 0;
}
#endif

#if defined(IVP_V1_1) || defined(IVP_V1_1_WITHOUT_PRINT_STATS)
int get_stats(Self *self, OIFConfigDict **stats)
{
    *stats = oif_config_dict_init();
    if (*stats == NULL || oif_config_dict_add_int(*stats, "steps", self->steps) != 0) {
        oif_config_dict_free(*stats);
        *stats = NULL;
        oif_set_error("out of memory");
        return 1;
    }
    return 0;
}
#elif defined(IVP_V1_0_OWN_GET_STATS)
/* A function of the library's own that happens to have the name of a
 * method added later, with another signature: called as the method, it
 * would write a double through the config dict pointer.  (Named with an
 * assembler label, as <oif_impl/ivp.h> declares get_stats as the method.) */
void own_get_stats(double *out) __asm__("get_stats");
void own_get_stats(double *out) { *out = 1.0; }
#endif
