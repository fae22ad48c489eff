/*
 * How a Python user's side reaches a Python implementation's objects, for
 * the garbage collector, without knowing how the Python bridge stores them.
 *
 * The state the Python bridge returns for a loaded instance, which
 * oif_impl_bridge_state() hands out, is a Python object: GC-tracked, its
 * tp_traverse visiting the implementation object, its bound methods and the
 * user's functions it was given.  The dispatcher holds the one reference to
 * it.  Whoever owns the handle (a Python user's binding) reports that
 * reference as its own in its tp_traverse: the implementation may hold the
 * user's callbacks, whose functions may hold whatever holds the binding (a
 * model whose right-hand side is its own method), and such a cycle can only
 * be collected if the collector sees every edge of it.  The binding's
 * tp_clear unloads the handle, which breaks the cycle; the instance object
 * has no tp_clear of its own, as a loaded instance must stay whole.
 */
#ifndef OIF_LANG_PYTHON_PYTHON_BRIDGE_INSTANCE_H
#define OIF_LANG_PYTHON_PYTHON_BRIDGE_INSTANCE_H

#include "numpy_api.h"

#include <oif/dispatch.h>

/* The Python bridge's object for `implh`, borrowed from the dispatcher;
 * NULL if the handle is not loaded or its implementation is not Python. */
static inline PyObject *python_bridge_instance(ImplHandle implh)
{
    int language = 0;
    void *state = implh != 0 ? oif_impl_bridge_state(implh, &language) : NULL;
    return language == OIF_LANG_PYTHON ? (PyObject *)state : NULL;
}

#endif
