/*
 * How threads enter Python through the bridge.
 *
 * Every entry takes the GIL with PyGILState_Ensure().  A thread Python has
 * no state for (a C host's own thread) gets one on its first entry and
 * keeps it until it ends: made and deleted on every call, it cost ten
 * times the call itself and lost the thread's Python state (the values of
 * a threading.local) between calls.
 *
 * Whether a thread holds the GIL is not asked of PyGILState_Check(): once
 * a sub-interpreter exists it says yes on every thread (CPython 3.11).
 */
#ifndef OIF_BRIDGE_PYTHON_THREADS_H
#define OIF_BRIDGE_PYTHON_THREADS_H

#include "../numpy_api.h"

/* Once, before any python_enter() and, in a C host, before Python starts:
 * glibc runs a thread's key destructors lowest key first, and made before
 * Python's, the destructor of a kept state runs while Python's own key
 * still names the state (objects finalized with it may call
 * PyGILState_Ensure()).  0, or non-zero with oif_set_error(). */
int python_threads_init(void);

/* Takes the GIL on the calling thread, which may hold it already; give the
 * result to python_leave(). */
PyGILState_STATE python_enter(void);
void python_leave(PyGILState_STATE entered);

/* A C host, once Python is ready: fork() takes the GIL first (as os.fork()
 * does), so that a child forked while another thread runs Python can call
 * Python.  0, or non-zero with oif_set_error(). */
int python_threads_prepare_fork(void);

/* Whether the calling thread holds the GIL (no before Python exists).
 * Callable without the GIL. */
int python_thread_holds_gil(void);

#endif
