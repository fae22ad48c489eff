#include "python_threads.h"

#include <pthread.h>

#include <oif/error.h>

/* Its value is the thread state a thread keeps, deleted when it ends. */
static pthread_key_t kept_state;
static _Thread_local int keeps_state;

#if PY_VERSION_HEX >= 0x030D0000
#define python_finalizing() Py_IsFinalizing()
#else
#define python_finalizing() _Py_IsFinalizing()
#endif

static void drop_kept_state(void *state)
{
    /* A Python host may have finalized Python (and freed every thread
     * state) before this thread ends. */
    if (!Py_IsInitialized() || python_finalizing()) {
        return;
    }
    /* Not with PyGILState_Release(): Python's own key for this thread's
     * state may have been cleared already, before this destructor ran. */
    PyEval_RestoreThread(state);
    PyThreadState_Clear(state); /* may run the finalizers of the thread's objects */
    PyThreadState_DeleteCurrent();
}

int python_threads_init(void)
{
    if (pthread_key_create(&kept_state, drop_kept_state) != 0) {
        oif_set_error("cannot make a thread-specific key for Python thread states");
        return -1;
    }
    return 0;
}

PyGILState_STATE python_enter(void)
{
    if (keeps_state) {
        return PyGILState_Ensure();
    }
    int stateless = PyGILState_GetThisThreadState() == NULL;
    PyGILState_STATE entered = PyGILState_Ensure();
    if (stateless) {
        /* One count more than every python_leave() takes back, so that
         * PyGILState_Release() keeps the state; dropped when the thread
         * ends. */
        PyGILState_Ensure();
        pthread_setspecific(kept_state, PyGILState_GetThisThreadState());
        keeps_state = 1;
    }
    return entered;
}

void python_leave(PyGILState_STATE entered) { PyGILState_Release(entered); }

/* What before_fork() did, for the after-fork handlers on the same thread. */
static _Thread_local int fork_entered;
static _Thread_local PyGILState_STATE fork_gil;

/* As os.fork() does: the GIL and Python's import lock are taken, so that
 * the child does not inherit them held by a thread it does not have. */
static void before_fork(void)
{
    /* A thread holding the GIL is inside Python: in os.fork(), which did
     * this already, or in a callback, where the GIL is consistent. */
    fork_entered = !python_thread_holds_gil();
    if (fork_entered) {
        fork_gil = python_enter();
        PyOS_BeforeFork();
    }
}

static void after_fork_in_parent(void)
{
    if (fork_entered) {
        PyOS_AfterFork_Parent();
        python_leave(fork_gil);
    }
}

static void after_fork_in_child(void)
{
    if (fork_entered) {
        PyOS_AfterFork_Child();
        python_leave(fork_gil);
    }
}

int python_threads_prepare_fork(void)
{
    if (pthread_atfork(before_fork, after_fork_in_parent, after_fork_in_child) != 0) {
        oif_set_error("cannot install the fork handlers that keep Python usable in a child");
        return -1;
    }
    return 0;
}

/* The thread's current state, NULL if it has none; public from 3.13, and
 * before that only under its private name (PyThreadState_Get() would end
 * the process for a thread without one). */
#if PY_VERSION_HEX >= 0x030D0000
#define current_thread_state PyThreadState_GetUnchecked
#else
#define current_thread_state _PyThreadState_UncheckedGet
#endif

int python_thread_holds_gil(void)
{
    /* The state holding the GIL is this thread's own: compared, never
     * dereferenced, as another thread's may be freed meanwhile. */
    PyThreadState *mine = PyGILState_GetThisThreadState();
    return mine != NULL && mine == current_thread_state();
}
