/*
 * OIF values to Python objects: the one set of rules for every crossing
 * from C into Python, used by the Python bridge (a C caller's arguments for
 * a Python implementation) and by the user-side extension (what a C solver
 * passes to a Python user's callback, what a C implementation returns).
 * docs/architecture.md, "Converting between Python and OIF", lists the
 * rules.  Each function returns a new reference, or NULL with an exception
 * whose message starts with `site` where one is taken.
 */
#ifndef OIF_LANG_PYTHON_CONVERT_TO_PYTHON_H
#define OIF_LANG_PYTHON_CONVERT_TO_PYTHON_H

#include "numpy_api.h"

#include <oif/api.h>
#include <oif/config_dict.h>

#include "convert_site.h"
#include "ndarray_view.h"

static inline PyObject *to_python_double(double value) { return PyFloat_FromDouble(value); }

static inline PyObject *to_python_int(int value) { return PyLong_FromLong(value); }

/* A str; bytes that are not UTF-8 become U+FFFD, as a name or message is
 * to be shown, not refused. */
PyObject *to_python_string(const char *s, const ConvertSite *site);

PyObject *to_python_array_slow(NdarrayViewCache *cache, const OIFArrayF64 *array, int writable,
                               const ConvertSite *site);

/* A float64 ndarray viewing `array`'s memory without copying (through
 * `cache`, see ndarray_view.h), writable or read-only.  ValueError for a
 * NULL array, dimensions or (unless it is empty) data.  A solver passes
 * arrays on every callback, so one with nothing NULL goes straight to
 * ndarray_view(); to_python_array_slow() judges the others. */
static inline PyObject *to_python_array(NdarrayViewCache *cache, const OIFArrayF64 *array, int writable,
                                        const ConvertSite *site)
{
    if (array != NULL && array->nd >= 1 && array->dimensions != NULL && array->data != NULL) {
        return ndarray_view(cache, array, writable);
    }
    return to_python_array_slow(cache, array, writable, site);
}

/* User data: a Python user's object itself, a C user's pointer in a
 * capsule (which to_oif_user_data_pointer opens), None for none. */
PyObject *to_python_user_data(const OIFUserData *ud, const ConvertSite *site);

/* The `void *` user data a C solver hands a Python user's callback: the
 * Python user's object, NULL for None. */
static inline PyObject *to_python_user_data_pointer(void *pointer)
{
    return Py_NewRef(pointer != NULL ? (PyObject *)pointer : Py_None);
}

/* A dict with the entries of `config`; None for NULL. */
PyObject *to_python_config_dict(OIFConfigDict *config, const ConvertSite *site);

#endif
