/*
 * Python callables as C function pointers: make_oif_callback() wraps a
 * callable in an object that owns a libffi closure with the C signature the
 * solver expects.  The closure is made once per callable; calling it builds
 * the Python arguments (ndarray views through a per-argument cache) and
 * vectorcalls the callable.
 *
 * An exception raised by the callable is left set in the thread's error
 * indicator and the solver gets a failure (non-zero, or NaN for a double
 * result); further calls fail at once without entering Python.  When the
 * user's call unwinds, the extension finds the exception still set and
 * raises it as itself.
 */
#ifndef OIF_LANG_PYTHON_CALLBACK_H
#define OIF_LANG_PYTHON_CALLBACK_H

#include "../numpy_api.h"

#include <oif/api.h>

extern PyTypeObject CallbackType;

/* make_oif_callback(fn, argtypes, restype) */
PyObject *make_callback(PyObject *module, PyObject *const *args, Py_ssize_t nargs);

/* The OIFCallback to hand to the dispatcher, or NULL if `obj` is not a
 * callback made by make_oif_callback. */
OIFCallback *callback_as_oif(PyObject *obj);

/* Names the callback's arguments in its messages, with the names of the
 * interface's callback it was passed as (static strings of the spec). */
void callback_set_arg_names(PyObject *obj, const char *const *arg_names);

#endif
