/*
 * OIFArrayF64 -> ndarray views without copying, for callbacks that a solver
 * calls many times with the same few buffers.  Each argument position keeps
 * a small cache of views; a view is handed out again when the same buffer
 * comes back with the same shape and nobody but the cache still holds it,
 * so the common case costs a few comparisons instead of a new object.
 */
#ifndef OIF_LANG_PYTHON_NDARRAY_VIEW_H
#define OIF_LANG_PYTHON_NDARRAY_VIEW_H

#include "numpy_api.h"

#include <oif/api.h>

/* A solver cycles through a handful of buffers per argument (DOPRI5 uses
 * up to eight for its stages); more than that, and views are rebuilt. */
enum { NDARRAY_VIEW_CACHE_SIZE = 8 };

typedef struct {
    PyObject *views[NDARRAY_VIEW_CACHE_SIZE];
    unsigned int next; /* round-robin replacement */
} NdarrayViewCache;

/* Must be called once (after import_array) before any view is made. */
int ndarray_view_init(void);

/* A new reference to a writable float64 ndarray viewing `array`'s memory,
 * or NULL with a Python exception set.  `cache` may be NULL. */
PyObject *ndarray_view(NdarrayViewCache *cache, const OIFArrayF64 *array);

/* Drops the cached views. */
void ndarray_view_cache_clear(NdarrayViewCache *cache);

#endif
