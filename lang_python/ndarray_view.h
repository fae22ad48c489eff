/*
 * OIFArrayF64 -> ndarray views without copying, for callbacks that a solver
 * calls many times with the same few buffers, and for the arrays a C caller
 * hands a Python implementation.  Each argument position keeps a small
 * cache of views; a view is handed out again when the same buffer comes
 * back with the same shape and nobody but the cache still holds it, so the
 * common case costs a few comparisons instead of a new object.
 *
 * The memory behind a view belongs to the caller and may be freed as soon
 * as the call returns, so a view must not outlive the call unnoticed.
 * ndarray_view_release() looks after the call: a view that Python code kept
 * (appended to a list, stored in an attribute) gets a copy of the data of
 * its own; a view derived from it that was kept (a slice, a reshape) cannot
 * be redirected, and is reported as an error.
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
    PyObject *roots[NDARRAY_VIEW_CACHE_SIZE]; /* the base of views[k], reused by the next view made there */
    unsigned int next; /* round-robin replacement */
    unsigned int last; /* where the view handed out last is */
} NdarrayViewCache;

/* Must be called once (after import_array) before any view is made. */
int ndarray_view_init(void);

/* A new reference to a float64 ndarray viewing `array`'s memory, writable
 * or read-only, or NULL with a Python exception set.  `cache` may be NULL. */
PyObject *ndarray_view(NdarrayViewCache *cache, const OIFArrayF64 *array, int writable);

int ndarray_view_release_slow(NdarrayViewCache *cache, PyObject *view, const char *name);

/*
 * Drops the reference ndarray_view() returned, once the call it was made
 * for has returned.  If Python code kept the view, it is given its own copy
 * of the data first (and leaves the cache); if it kept an array derived from
 * it, -1 with a Python exception naming `name` (unless one is already set:
 * the call's own failure comes first).  Else 0.
 */
static inline int ndarray_view_release(NdarrayViewCache *cache, PyObject *view, const char *name)
{
    /* The common case, inline as it follows every callback: held by the
     * cache and by the call only, and so is its base. */
    if (cache != NULL && cache->views[cache->last] == view && Py_REFCNT(view) == 2 &&
        Py_REFCNT(PyArray_BASE((PyArrayObject *)view)) == 2) {
        Py_DECREF(view);
        return 0;
    }
    return ndarray_view_release_slow(cache, view, name);
}

/* Drops the cached views. */
void ndarray_view_cache_clear(NdarrayViewCache *cache);

#endif
