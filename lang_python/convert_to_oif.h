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
 */
#ifndef OIF_LANG_PYTHON_CONVERT_TO_OIF_H
#define OIF_LANG_PYTHON_CONVERT_TO_OIF_H

#include "numpy_api.h"

#include <oif/api.h>
#include <oif/config_dict.h>

#include "convert_site.h"

/* A real number: float, int, or any number with __float__ or __index__
 * (NumPy scalars); never a bool. */
int to_oif_double(PyObject *o, double *out, const ConvertSite *site);

/* An integer that fits in a C int: int, or any object with __index__;
 * never a bool, never a float. */
int to_oif_int(PyObject *o, int *out, const ConvertSite *site);

/* A status returned by a callback: None for 0, else as to_oif_int. */
int to_oif_status(PyObject *o, int *out, const ConvertSite *site);

/* A view of an ndarray: float64 in native byte order, at least one
 * dimension, C- or Fortran-contiguous, aligned, and writable when the
 * callee may write into it (`writable`). */
int to_oif_array(PyObject *o, OIFArrayF64 *out, int writable, const ConvertSite *site);

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
void *to_oif_user_data_pointer(PyObject *o);

#endif
