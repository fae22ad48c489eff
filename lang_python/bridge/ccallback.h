/*
 * C callbacks inside Python implementations: a callable Python object that
 * owns a C function pointer and its prepared libffi call interface.  Calling
 * it checks the argument count and types (float64, contiguous ndarrays for
 * arrays), lays the C arguments out on the stack, calls the function and
 * returns its int status or double value unchanged.
 */
#ifndef OIF_BRIDGE_CCALLBACK_H
#define OIF_BRIDGE_CCALLBACK_H

#include "../numpy_api.h"

#include <oif/api.h>

extern PyTypeObject CCallbackType;

/* A new CCallback calling cb->fn_p_c with cb's signature, or NULL with an
 * exception set. */
PyObject *ccallback_new(const OIFCallback *cb);

#endif
