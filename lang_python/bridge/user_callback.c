#include "user_callback.h"

#include "python_runtime.h"

typedef struct {
    PyObject_HEAD
    PyObject *fn;
    vectorcallfunc vectorcall;
} UserCallback;

static _Thread_local PyObject *raised_by_callback;
static _Thread_local unsigned int calls_in_progress;

void user_callback_raised(void)
{
    /* Nobody will ask about it outside a call (a callback on a thread of
     * the implementation's own), and it would stay alive. */
    if (calls_in_progress == 0) {
        return;
    }
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    if (tb != NULL) {
        PyException_SetTraceback(value, tb);
    }
    Py_XSETREF(raised_by_callback, Py_XNewRef(value));
    PyErr_Restore(type, value, tb);
}

void user_callbacks_call_begins(void) { calls_in_progress++; }

void user_callbacks_call_ends(void)
{
    if (--calls_in_progress == 0) {
        Py_CLEAR(raised_by_callback);
    }
}

int user_callback_raised_it(PyImpl *pi, PyObject *exc)
{
    if (exc == NULL || exc == raised_by_callback) {
        return exc != NULL;
    }
    PyObject *found = PyObject_Length(pi->callback_functions) > 0
                          ? PyObject_CallFunctionObjArgs(bridge_support.raised_in, exc, pi->callback_functions, NULL)
                          : NULL;
    int raised_it = found == Py_True;
    Py_XDECREF(found);
    PyErr_Clear();
    return raised_it;
}

static PyObject *user_callback_call(PyObject *self, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    PyObject *result = PyObject_Vectorcall(((UserCallback *)self)->fn, args, nargsf, kwnames);
    if (result == NULL) {
        user_callback_raised();
    }
    return result;
}

PyObject *user_callback_passed(PyImpl *pi, const OIFCallback *cb)
{
    PyObject *fn = cb->fn_p_py;
    PyObject *function = PyObject_CallFunction(bridge_support.passes_as_itself, "OI", fn, cb->nargs);
    if (function == NULL) {
        return NULL;
    }
    if (function != Py_None) {
        PyObject *added = PyObject_CallMethod(pi->callback_functions, "add", "O", function);
        Py_DECREF(function);
        if (added == NULL) {
            return NULL;
        }
        Py_DECREF(added);
        return Py_NewRef(fn);
    }
    Py_DECREF(function);
    UserCallback *wrapper = PyObject_GC_New(UserCallback, &UserCallbackType);
    if (wrapper == NULL) {
        return NULL;
    }
    wrapper->fn = Py_NewRef(fn);
    wrapper->vectorcall = user_callback_call;
    PyObject_GC_Track(wrapper);
    return (PyObject *)wrapper;
}

/* The user's callable may hold whatever holds the implementation. */
static int user_callback_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(((UserCallback *)self)->fn);
    return 0;
}

static int user_callback_clear(PyObject *self)
{
    Py_CLEAR(((UserCallback *)self)->fn);
    return 0;
}

static void user_callback_dealloc(PyObject *self)
{
    PyObject_GC_UnTrack(self);
    user_callback_clear(self);
    PyObject_GC_Del(self);
}

static PyObject *user_callback_wrapped(PyObject *self, void *closure)
{
    (void)closure;
    PyObject *fn = ((UserCallback *)self)->fn;
    return fn != NULL ? Py_NewRef(fn) : Py_NewRef(Py_None);
}

/* __wrapped__: inspect.signature() and the like see the user's callable. */
static PyGetSetDef user_callback_getset[] = {
    {"__wrapped__", user_callback_wrapped, NULL, "The Python user's callable.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject UserCallbackType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "openinterfaces.UserCallback",
    .tp_basicsize = sizeof(UserCallback),
    .tp_dealloc = user_callback_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_doc = "A Python user's callback, called as itself; what it raises reaches the user as itself.",
    .tp_traverse = user_callback_traverse,
    .tp_clear = user_callback_clear,
    .tp_vectorcall_offset = offsetof(UserCallback, vectorcall),
    .tp_call = PyVectorcall_Call,
    .tp_getset = user_callback_getset,
};
