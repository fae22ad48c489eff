/*
 * Python objects to OIF values: the one set of rules for every crossing
 * from Python into C, used by the user-side extension (a Python user's
 * arguments, what a Python callback returns to a C solver) and by the
 * Python bridge (what a Python implementation passes to a C callback or
 * returns to a C caller).  docs/architecture.md, "Converting between Python
 * and OIF", lists the rules.
 *
 * Each function returns 0, or -1 with TypeError (a value of the wrong
 * kind) or ValueError (the right kind, but a value C cannot take) whose
 * message starts with `site`.  Nothing is allocated except for config
 * dicts; what a string or array points to belongs to the Python object.
 *
 * Callbacks convert on every call a solver makes, so the common cases (a
 * float, None for a status, an array) are decided here, inline; the
 * functions ending in _slow hold the rest of their rule, and are only
 * called through the inline ones.
 */
#ifndef OIF_LANG_PYTHON_CONVERT_TO_OIF_H
#define OIF_LANG_PYTHON_CONVERT_TO_OIF_H

#include "numpy_api.h"

#include <oif/api.h>
#include <oif/config_dict.h>

#include "convert_site.h"

int to_oif_double_slow(PyObject *o, double *out, const ConvertSite *site);

/* A real number: float, int, bool, or any number with __float__ or
 * __index__ (NumPy scalars, NumPy's bool). */
static inline int to_oif_double(PyObject *o, double *out, const ConvertSite *site)
{
    if (PyFloat_CheckExact(o)) {
        *out = PyFloat_AS_DOUBLE(o);
        return 0;
    }
    return to_oif_double_slow(o, out, site);
}

/* An integer that fits in a C int: int, bool, or any object with __index__
 * (NumPy integers, NumPy's bool); never a float. */
int to_oif_int(PyObject *o, int *out, const ConvertSite *site);

int to_oif_status_slow(PyObject *o, int *out, const ConvertSite *site);

/* A status returned by a callback: None for 0, else as to_oif_int. */
static inline int to_oif_status(PyObject *o, int *out, const ConvertSite *site)
{
    if (o == Py_None) {
        *out = 0;
        return 0;
    }
    return to_oif_status_slow(o, out, site);
}

/* A view of an ndarray: float64 in native byte order, at least one
 * dimension, C- or Fortran-contiguous, aligned, and writable when the
 * callee may write into it (`writable`).  Every check is a load and a
 * compare, so the whole rule is inline; only a refusal makes a call. */
static inline int to_oif_array(PyObject *o, OIFArrayF64 *out, int writable, const ConvertSite *site)
{
    if (!PyArray_Check(o)) {
        return convert_site_error(PyExc_TypeError, site, ": expected a float64 NumPy array, got %.100s",
                                  Py_TYPE(o)->tp_name);
    }
    PyArrayObject *a = (PyArrayObject *)o;
    int c_contiguous = PyArray_IS_C_CONTIGUOUS(a), f_contiguous = PyArray_IS_F_CONTIGUOUS(a);
    if (PyArray_TYPE(a) != NPY_DOUBLE || !PyArray_ISNOTSWAPPED(a)) {
        return convert_site_error(PyExc_ValueError, site,
                                  " has dtype %R; convert it with numpy.asarray(x, dtype=numpy.float64)",
                                  (PyObject *)PyArray_DESCR(a));
    }
    if (PyArray_NDIM(a) < 1) {
        return convert_site_error(PyExc_ValueError, site, " is 0-dimensional; pass an array with at least one axis");
    }
    if (!c_contiguous && !f_contiguous) {
        return convert_site_error(PyExc_ValueError, site, " is not contiguous; pass numpy.ascontiguousarray(x)");
    }
    if (!PyArray_ISALIGNED(a)) {
        /* numpy.ascontiguousarray() returns such an array as it is. */
        return convert_site_error(PyExc_ValueError, site,
                                  " is not aligned in memory; pass an aligned copy, numpy.array(x)");
    }
    if (writable && !PyArray_ISWRITEABLE(a)) {
        return convert_site_error(PyExc_ValueError, site, " is read-only, but it is written into");
    }
    *out = (OIFArrayF64){
        .nd = PyArray_NDIM(a),
        .dimensions = (ssize_t *)PyArray_DIMS(a),
        .data = PyArray_DATA(a),
        .flags = (c_contiguous ? OIF_ARRAY_C_CONTIGUOUS : 0) | (f_contiguous ? OIF_ARRAY_F_CONTIGUOUS : 0),
    };
    return 0;
}

/* A str without NUL characters, as UTF-8 (valid while `o` lives). */
int to_oif_string(PyObject *o, const char **out, const ConvertSite *site);

/* A new config dict from a dict of str keys to int, float or str values;
 * None for NULL. */
int to_oif_config_dict(PyObject *o, OIFConfigDict **out, const ConvertSite *site);

/* Python user data: any object; None is no user data. */
OIFUserData to_oif_user_data(PyObject *o);

/* The `void *` a C callback takes as user data: NULL for None, the pointer
 * in a capsule (a C user's, see to_python_user_data), else the object
 * itself (a Python user's, which it hands back to Python). */
static inline void *to_oif_user_data_pointer(PyObject *o)
{
    if (o == Py_None) {
        return NULL;
    }
    /* Asked with its own name, a capsule always gives its pointer. */
    return PyCapsule_CheckExact(o) ? PyCapsule_GetPointer(o, PyCapsule_GetName(o)) : o;
}

#endif
