#include "callback.h"

#include <ffi.h>

#include "../ndarray_view.h"

/* Callbacks of the interfaces take at most four arguments. */
enum { MAX_CALLBACK_ARGS = 8 };

typedef struct {
    PyObject_HEAD
    PyObject *fn;
    OIFCallback oif;
    OIFArgType arg_types[MAX_CALLBACK_ARGS];
    ffi_type *ffi_arg_types[MAX_CALLBACK_ARGS];
    ffi_cif cif;
    ffi_closure *closure;
    NdarrayViewCache views[MAX_CALLBACK_ARGS];
} Callback;

OIFCallback *callback_as_oif(PyObject *obj)
{
    return Py_IS_TYPE(obj, &CallbackType) ? &((Callback *)obj)->oif : NULL;
}

static PyObject *python_arg(Callback *cb, unsigned int i, void *value)
{
    switch (cb->arg_types[i]) {
    case OIF_TYPE_F64:
        return PyFloat_FromDouble(*(double *)value);
    case OIF_TYPE_INT:
        return PyLong_FromLong(*(int *)value);
    case OIF_TYPE_ARRAY_F64: {
        OIFArrayF64 *array = *(OIFArrayF64 **)value;
        if (array == NULL || array->data == NULL || array->dimensions == NULL) {
            PyErr_Format(PyExc_ValueError, "the solver passed a NULL array as argument %u", i + 1);
            return NULL;
        }
        return ndarray_view(&cb->views[i], array);
    }
    default: {
        /* User data from Python users is the object itself. */
        PyObject *user_data = *(PyObject **)value;
        return Py_NewRef(user_data != NULL ? user_data : Py_None);
    }
    }
}

static void store_result(Callback *cb, PyObject *result, void *ret)
{
    if (cb->oif.restype == OIF_TYPE_F64) {
        double value = result != NULL ? PyFloat_AsDouble(result) : -1.0;
        *(double *)ret = result != NULL && !PyErr_Occurred() ? value : Py_NAN;
        return;
    }
    long status = -1;
    if (result == Py_None) {
        status = 0;
    } else if (result != NULL) {
        status = PyLong_AsLong(result);
        if (status == -1 && PyErr_Occurred()) {
            PyErr_Clear();
            PyErr_Format(PyExc_TypeError, "a callback must return an int status or None, not %.100s",
                         Py_TYPE(result)->tp_name);
        }
    }
    *(ffi_arg *)ret = (ffi_arg)(PyErr_Occurred() ? (status != 0 ? status : -1) : status);
}

static void call_python(ffi_cif *cif, void *ret, void **args, void *data)
{
    (void)cif;
    Callback *cb = data;
    /* A solver running on a thread of its own must take the GIL first. */
    int foreign_thread = !PyGILState_Check();
    PyGILState_STATE gil = foreign_thread ? PyGILState_Ensure() : PyGILState_UNLOCKED;

    PyObject *result = NULL;
    if (cb->fn == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "a solver called a callback that was already released");
    } else if (!PyErr_Occurred()) { /* after a failure the solver is only winding down */
        PyObject *argv[MAX_CALLBACK_ARGS];
        unsigned int made = 0;
        while (made < cb->oif.nargs && (argv[made] = python_arg(cb, made, args[made])) != NULL) {
            made++;
        }
        if (made == cb->oif.nargs) {
            result = PyObject_Vectorcall(cb->fn, argv, made, NULL);
        }
        for (unsigned int i = 0; i < made; i++) {
            Py_DECREF(argv[i]);
        }
    }
    store_result(cb, result, ret);
    Py_XDECREF(result);

    if (foreign_thread) {
        /* Nobody on this thread will unwind to Python to see the error. */
        if (PyErr_Occurred()) {
            PyErr_WriteUnraisable(cb->fn);
        }
        PyGILState_Release(gil);
    }
}

static ffi_type *ffi_type_for(long type, int *ok)
{
    switch (type) {
    case OIF_TYPE_F64: return &ffi_type_double;
    case OIF_TYPE_INT: return &ffi_type_sint;
    case OIF_TYPE_ARRAY_F64:
    case OIF_TYPE_USER_DATA: return &ffi_type_pointer;
    default: *ok = 0; return NULL;
    }
}

PyObject *make_callback(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "make_oif_callback(fn, argtypes, restype) takes 3 arguments");
        return NULL;
    }
    PyObject *fn = args[0];
    if (!PyCallable_Check(fn)) {
        PyErr_Format(PyExc_TypeError, "make_oif_callback: fn must be callable, not %.100s",
                     Py_TYPE(fn)->tp_name);
        return NULL;
    }
    PyObject *argtypes = PySequence_Tuple(args[1]);
    if (argtypes == NULL) {
        return NULL;
    }
    long restype = PyLong_AsLong(args[2]);
    Py_ssize_t n = PyTuple_GET_SIZE(argtypes);
    if (n > MAX_CALLBACK_ARGS || (restype != OIF_TYPE_INT && restype != OIF_TYPE_F64)) {
        Py_DECREF(argtypes);
        if (!PyErr_Occurred()) {
            PyErr_Format(PyExc_ValueError,
                         "make_oif_callback: restype must be OIF_TYPE_INT or OIF_TYPE_F64 and there "
                         "may be at most %d argument types",
                         MAX_CALLBACK_ARGS);
        }
        return NULL;
    }

    Callback *cb = PyObject_GC_New(Callback, &CallbackType);
    if (cb == NULL) {
        Py_DECREF(argtypes);
        return NULL;
    }
    memset((char *)cb + sizeof(PyObject), 0, sizeof *cb - sizeof(PyObject));
    cb->fn = Py_NewRef(fn);
    int ok = 1;
    for (Py_ssize_t i = 0; i < n && ok; i++) {
        long type = PyLong_AsLong(PyTuple_GET_ITEM(argtypes, i));
        cb->ffi_arg_types[i] = ffi_type_for(type, &ok);
        cb->arg_types[i] = (OIFArgType)type;
    }
    Py_DECREF(argtypes);
    if (!ok) {
        Py_DECREF(cb);
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_ValueError, "make_oif_callback: argument types must be "
                                              "OIF_TYPE_F64, OIF_TYPE_INT, OIF_ARRAY_F64 or OIF_USER_DATA");
        }
        return NULL;
    }
    void *code = NULL;
    cb->closure = ffi_closure_alloc(sizeof(ffi_closure), &code);
    ffi_type *ffi_restype = restype == OIF_TYPE_F64 ? &ffi_type_double : &ffi_type_sint;
    if (cb->closure == NULL ||
        ffi_prep_cif(&cb->cif, FFI_DEFAULT_ABI, (unsigned int)n, ffi_restype, cb->ffi_arg_types) != FFI_OK ||
        ffi_prep_closure_loc(cb->closure, &cb->cif, call_python, cb, code) != FFI_OK) {
        Py_DECREF(cb);
        PyErr_SetString(PyExc_MemoryError, "make_oif_callback: libffi cannot make the closure");
        return NULL;
    }
    PyObject_GC_Track(cb);
    cb->oif = (OIFCallback){
        .src = OIF_LANG_PYTHON,
        .fn_p_c = code,
        .fn_p_py = fn,
        .nargs = (unsigned int)n,
        .arg_types = cb->arg_types,
        .restype = (OIFArgType)restype,
    };
    return (PyObject *)cb;
}

/* The callable may hold whatever holds this callback (a bound method of
 * the object that set it, say): the garbage collector must see the edge. */
static int callback_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(((Callback *)self)->fn);
    return 0;
}

static int callback_clear(PyObject *self)
{
    Callback *cb = (Callback *)self;
    for (unsigned int i = 0; i < MAX_CALLBACK_ARGS; i++) {
        ndarray_view_cache_clear(&cb->views[i]);
    }
    Py_CLEAR(cb->fn);
    return 0;
}

static void callback_dealloc(PyObject *self)
{
    Callback *cb = (Callback *)self;
    PyObject_GC_UnTrack(self);
    callback_clear(self);
    if (cb->closure != NULL) {
        ffi_closure_free(cb->closure);
    }
    PyObject_GC_Del(self);
}

static PyObject *callback_get_fn(PyObject *self, void *closure)
{
    (void)closure;
    return Py_NewRef(((Callback *)self)->fn);
}

static PyGetSetDef callback_getset[] = {
    {"fn", callback_get_fn, NULL, "The wrapped Python callable.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject CallbackType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "openinterfaces._core.OIFCallback",
    .tp_basicsize = sizeof(Callback),
    .tp_dealloc = callback_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "A Python callable wrapped for C solvers; made by make_oif_callback().",
    .tp_traverse = callback_traverse,
    .tp_clear = callback_clear,
    .tp_getset = callback_getset,
};
