/*
 * What the Python bridge keeps for one loaded Python implementation.  The
 * user-side extension reads it too: a Python user's binding shows the
 * garbage collector the implementation's objects, which may hold the user's
 * callbacks and so close a cycle back to the user's own objects.
 */
#ifndef OIF_LANG_PYTHON_PYTHON_IMPL_H
#define OIF_LANG_PYTHON_PYTHON_IMPL_H

#include "numpy_api.h"

#include <oif/interface_spec.h>

#include "ndarray_view.h"

typedef struct {
    const OIFInterfaceSpec *interface;
    char *name; /* "<interface>/<impl>", for messages */
    PyObject *object;
    PyObject **methods;       /* bound, indexed like interface->methods */
    NdarrayViewCache *views;  /* [method][argument] */
    PyObject *callback_functions; /* weakly, the Python users' functions passed as themselves */
} PyImpl;

#endif
