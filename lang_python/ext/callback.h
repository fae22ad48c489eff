/*
 * Python callables as C function pointers: make_oif_callback() wraps a
 * callable in an object that owns a C entry point (a generated trampoline,
 * else a libffi closure) with the C signature the solver expects; a plain
 * callable passed for a callback argument is wrapped with the signature the
 * interface spec gives it.  The closure is made once per callable; calling it builds
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
#include <oif/interface_spec.h>

#include "../convert_site.h"

extern PyTypeObject CallbackType;

/* make_oif_callback(fn, argtypes, restype) */
PyObject *make_callback(PyObject *module, PyObject *const *args, Py_ssize_t nargs);

/*
 * The OIFCallback to hand to the dispatcher for `obj`, passed as a callback
 * argument of the signature `spec` (may be NULL): a callback made by
 * make_oif_callback() as it is; any other callable wrapped in a new
 * callback of the spec's signature, put in `*made` (a new reference, to be
 * kept while the implementation may call it).  NULL with TypeError naming
 * `site` for anything else.
 */
OIFCallback *callback_for_argument(PyObject *obj, const OIFCallbackSpec *spec, const ConvertSite *site,
                                   PyObject **made);

/* Names the callback's arguments and result in its messages as the
 * interface's callback `spec` does, once it was accepted as one. */
void callback_set_spec(PyObject *obj, const OIFCallbackSpec *spec);

#endif
