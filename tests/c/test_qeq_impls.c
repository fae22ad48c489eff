/* Deliberately broken and fake qeq implementations for the registry and
 * implementation ABI tests; each variant is built as its own library (see
 * meson.build). */
#include <stddef.h>
#include <stdlib.h>

#include <oif_impl/qeq.h>

struct self {
    int calls;
};

/* What the variants declare about the ABI they were built for ('qeq' is
 * 1.0 here); the others declare nothing. */
#if defined(DECLARED_ABI)
OIF_IMPL_ABI_QEQ;
#elif defined(ABI_NEWER_MINOR)
const OIFImplABI oif_impl_abi_qeq = {sizeof(OIFImplABI), OIF_IMPL_ABI_VERSION, 1, 1};
#elif defined(ABI_OTHER_MAJOR)
const OIFImplABI oif_impl_abi_qeq = {sizeof(OIFImplABI), OIF_IMPL_ABI_VERSION, 2, 0};
#elif defined(ABI_OTHER_VERSION)
const OIFImplABI oif_impl_abi_qeq = {sizeof(OIFImplABI), OIF_IMPL_ABI_VERSION + 1, 1, 0};
#elif defined(ABI_TRUNCATED)
const OIFImplABI oif_impl_abi_qeq = {offsetof(OIFImplABI, interface_minor), OIF_IMPL_ABI_VERSION, 1, 0};
#endif

#ifndef MISSING_METHOD
Self *malloc_self(void)
{
#ifdef NULL_SELF
    return NULL;
#else
    return calloc(1, sizeof(Self));
#endif
}

void free_self(Self *self) { free(self); }

/* Writes recognisable "roots": the number of calls so far, and 42. */
int solve_qeq(Self *self, double a, double b, double c, OIFArrayF64 *roots)
{
    (void)a;
    (void)b;
    (void)c;
    roots->data[0] = ++self->calls;
    roots->data[1] = 42.0;
    return 0;
}
#endif

#ifdef MISSING_METHOD
/* Misspelt: the dispatcher must refuse to load this library. */
int solve_quadratic(Self *self, double a, double b, double c, OIFArrayF64 *roots)
{
    (void)self, (void)a, (void)b, (void)c, (void)roots;
    return 0;
}
#endif
