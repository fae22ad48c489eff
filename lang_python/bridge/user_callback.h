/*
 * A Python user's callbacks on their way into a Python implementation, and
 * their exceptions on the way back: an exception a callback raised reaches
 * the user as itself, whatever the callback is, whichever way it went.
 *
 * A Python function (or method) that takes the callback's arguments is
 * passed as itself: what it raises comes from a frame running its code,
 * and the implementation's set of such functions recognises it.  Any other
 * callable (functools.partial, a builtin, an object with __call__, a
 * function with other parameters) may raise without such a frame, so it is
 * passed wrapped in a UserCallback, which notes what the call raised; so
 * does the CCallback of a callback forced through C.  The note is the last
 * exception a callback raised on the thread, kept until the outermost call
 * into a Python implementation on the thread ends.
 */
#ifndef OIF_BRIDGE_USER_CALLBACK_H
#define OIF_BRIDGE_USER_CALLBACK_H

#include "../numpy_api.h"

#include <oif/api.h>

#include "python_impl.h"

extern PyTypeObject UserCallbackType;

/* What to hand the implementation for a Python user's callback `cb` (with
 * its fn_p_py): `cb->fn_p_py` itself or a UserCallback.  A new reference,
 * or NULL with an exception set. */
PyObject *user_callback_passed(PyImpl *pi, const OIFCallback *cb);

/* With an exception set, which a Python user's callback raised: notes it. */
void user_callback_raised(void);

/* Around each call into a Python implementation. */
void user_callbacks_call_begins(void);
void user_callbacks_call_ends(void);

/* Whether `exc`, the exception a Python implementation raised, is one a
 * Python user's callback raised.  Called with no exception set. */
int user_callback_raised_it(PyImpl *pi, PyObject *exc);

#endif
