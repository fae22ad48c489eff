/*
 * What the Python bridge keeps for one loaded Python implementation: a
 * Python object of its own type, so that the garbage collector can be shown
 * what it holds (python_bridge_instance.h says how a Python user's binding
 * does that).  Private to the bridge: no other shared object reads it.
 */
#ifndef OIF_BRIDGE_PYTHON_IMPL_H
#define OIF_BRIDGE_PYTHON_IMPL_H

#include "../numpy_api.h"

#include <oif/interface_spec.h>

#include "../ndarray_view.h"

typedef struct {
    PyObject_HEAD
    const OIFInterfaceSpec *interface;
    char *name; /* "<interface>/<impl>", for messages */
    PyObject *object;
    PyObject **methods;       /* bound, indexed like interface->methods */
    NdarrayViewCache *views;  /* [method][argument] */
    PyObject *callback_functions; /* weakly, the Python users' functions passed as themselves */
} PyImpl;

#endif
