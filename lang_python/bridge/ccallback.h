/*
 * C callbacks inside Python implementations: a callable Python object that
 * owns a C function pointer and its typed call (a generated invoker, else a
 * prepared libffi call interface).  Calling it checks the argument count and
 * converts the arguments by the rules of convert_to_oif.h (arrays must be
 * writable: the function may write into any of them), lays them out on the
 * stack, calls the function and returns its int status or double value
 * unchanged.
 */
#ifndef OIF_BRIDGE_CCALLBACK_H
#define OIF_BRIDGE_CCALLBACK_H

#include "../numpy_api.h"

#include <oif/api.h>
#include <oif/interface_spec.h>

extern PyTypeObject CCallbackType;

/* A new CCallback calling cb->fn_p_c with cb's signature, which is that of
 * the interface's callback `spec`; NULL with an exception set. */
PyObject *ccallback_new(const OIFCallback *cb, const OIFCallbackSpec *spec);

#endif
