/* Deliberately broken and fake qeq implementations for the registry tests;
 * each variant is built as its own library (see meson.build). */
#include <stdlib.h>

#include <oif_impl/qeq.h>

struct self {
    int calls;
};

#if defined(FAKE_QEQ) || defined(NULL_SELF)
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
