/*
 * Upstream ships a .conf for each of its Julia implementations whether or not
 * it was built with Julia, so code written for it (its own test suites among
 * it) asks for them by name and skips a test when the load says the bridge is
 * missing.  This project has no Julia bridge and ships no such .conf files:
 * they would make oif_list_impls() offer implementations that can never load.
 * The names are data for that one answer, not a second registry: a .conf of
 * the same name on the search path is found, and loaded, first.
 */
#include <stddef.h>
#include <string.h>

#include "upstream_impls.h"

typedef struct {
    const char *interface;
    const char *impl;
    const char *language;
} UpstreamImpl;

static const UpstreamImpl upstream_impls[] = {
    {"ivp", "jl_diffeq", "julia"},
    {"linsolve", "jl_backslash", "julia"},
    {"optim", "ipopt_jl", "julia"},
    {"optim", "optim_jl", "julia"},
    {"qeq", "jl_qeq_solver", "julia"},
};

const char *upstream_impl_language(const char *interface, const char *impl)
{
    for (size_t i = 0; i < sizeof upstream_impls / sizeof upstream_impls[0]; i++) {
        if (strcmp(upstream_impls[i].interface, interface) == 0 && strcmp(upstream_impls[i].impl, impl) == 0) {
            return upstream_impls[i].language;
        }
    }
    return NULL;
}
