#include "python_threads.h"

int python_thread_holds_gil(void)
{
    /* The state holding the GIL is this thread's own: compared, never
     * dereferenced, as another thread's may be freed meanwhile. */
    PyThreadState *mine = PyGILState_GetThisThreadState();
    return mine != NULL && mine == _PyThreadState_UncheckedGet();
}
