/*
 * How threads enter Python through the bridge.  Not with PyGILState_Check():
 * once a sub-interpreter exists it says yes on every thread (CPython 3.11),
 * holding the GIL or not.
 */
#ifndef OIF_BRIDGE_PYTHON_THREADS_H
#define OIF_BRIDGE_PYTHON_THREADS_H

#include "../numpy_api.h"

/* Whether the calling thread holds the GIL (no before Python exists).
 * Callable without the GIL. */
int python_thread_holds_gil(void);

#endif
