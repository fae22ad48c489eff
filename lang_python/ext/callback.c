#include "callback.h"

#include <ffi.h>
#include <string.h>

#include "../callback_glue.h"
#include "../ndarray_view.h"

/* Callbacks of the interfaces take at most four arguments. */
enum { MAX_CALLBACK_ARGS = 8 };

typedef struct {
    PyObject_HEAD
    PyObject *fn;
    OIFCallback oif;
    OIFArgType arg_types[MAX_CALLBACK_ARGS];
    void **trampoline_slot; /* the generated trampoline in use, if any; */
    ffi_cif cif;            /* else a libffi closure, for other signatures */
    ffi_type *ffi_arg_types[MAX_CALLBACK_ARGS];
    ffi_closure *closure;
    NdarrayViewCache views[MAX_CALLBACK_ARGS];
    const char *const *arg_names; /* from the spec of the argument it was last passed as */
} Callback;

OIFCallback *callback_as_oif(PyObject *obj)
{
    return Py_IS_TYPE(obj, &CallbackType) ? &((Callback *)obj)->oif : NULL;
}

void callback_set_arg_names(PyObject *obj, const char *const *arg_names)
{
    ((Callback *)obj)->arg_names = arg_names;
}

/* For messages: the interface's name of argument i, once the callback was
 * passed for one; else its position. */
static const char *arg_name(Callback *cb, unsigned int i)
{
    static const char *const positions[MAX_CALLBACK_ARGS] = {"1", "2", "3", "4", "5", "6", "7", "8"};
    return cb->arg_names != NULL ? cb->arg_names[i] : positions[i];
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
        return ndarray_view(&cb->views[i], array, 1);
    }
    default: {
        /* User data from Python users is the object itself. */
        PyObject *user_data = *(PyObject **)value;
        return Py_NewRef(user_data != NULL ? user_data : Py_None);
    }
    }
}

static void store_result(Callback *cb, PyObject *result, CallbackResult *out)
{
    if (cb->oif.restype == OIF_TYPE_F64) {
        /* Python's own message for, say, a str ("must be real number")
         * would not say which value was wrong. */
        PyNumberMethods *number = result != NULL ? Py_TYPE(result)->tp_as_number : NULL;
        if (result != NULL && (number == NULL || (number->nb_float == NULL && number->nb_index == NULL))) {
            PyErr_Format(PyExc_TypeError, "a callback must return a float, not %.100s", Py_TYPE(result)->tp_name);
        }
        double value = result != NULL && !PyErr_Occurred() ? PyFloat_AsDouble(result) : -1.0;
        out->value = result != NULL && !PyErr_Occurred() ? value : Py_NAN;
        return;
    }
    long status = -1;
    if (result == Py_None) {
        status = 0;
    } else if (result != NULL) {
        status = PyLong_AsLong(result);
        int too_large = status == -1 && PyErr_Occurred() && PyErr_ExceptionMatches(PyExc_OverflowError);
        if (too_large || (!PyErr_Occurred() && (status < INT_MIN || status > INT_MAX))) {
            /* Cut to an int, 2**32 would read as 0: success. */
            PyErr_Clear();
            PyErr_Format(PyExc_ValueError, "a callback returned status %R, which does not fit in a C int",
                         result);
        } else if (status == -1 && PyErr_Occurred()) {
            PyErr_Clear();
            PyErr_Format(PyExc_TypeError, "a callback must return an int status or None, not %.100s",
                         Py_TYPE(result)->tp_name);
        }
    }
    out->status = PyErr_Occurred() ? -1 : (int)status;
}

static void run(Callback *cb, void **args, CallbackResult *out)
{
    /* A solver running on a thread of its own must take the GIL first.
     * Asked of PyGILState_Ensure, not PyGILState_Check: that one says yes
     * on every thread once a sub-interpreter exists. */
    PyGILState_STATE gil = PyGILState_Ensure();
    int foreign_thread = gil == PyGILState_UNLOCKED;

    if (cb == NULL || cb->fn == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "a solver called a callback that was already released");
        out->status = -1;
    } else {
        /* The callback may drop the last other reference to itself (by
         * closing its solver, say): it must outlive its own call. */
        Py_INCREF(cb);
        PyObject *result = NULL;
        if (!PyErr_Occurred()) { /* after a failure the solver is only winding down */
            PyObject *argv[MAX_CALLBACK_ARGS];
            unsigned int made = 0;
            while (made < cb->oif.nargs && (argv[made] = python_arg(cb, made, args[made])) != NULL) {
                made++;
            }
            if (made == cb->oif.nargs) {
                result = PyObject_Vectorcall(cb->fn, argv, made, NULL);
            }
            for (unsigned int i = 0; i < made; i++) {
                if (cb->arg_types[i] != OIF_TYPE_ARRAY_F64) {
                    Py_DECREF(argv[i]);
                } else if (ndarray_view_release(&cb->views[i], argv[i], arg_name(cb, i)) != 0) {
                    Py_CLEAR(result);
                }
            }
        }
        store_result(cb, result, out);
        Py_XDECREF(result);
        if (foreign_thread && PyErr_Occurred()) {
            /* Nobody on this thread will unwind to Python to see the error. */
            PyErr_WriteUnraisable(cb->fn);
        }
        Py_DECREF(cb);
    }
    if (foreign_thread) {
        if (PyErr_Occurred()) {
            PyErr_WriteUnraisable(NULL);
        }
    }
    PyGILState_Release(gil);
}

void callback_glue_run(void *slot, void **args, CallbackResult *result) { run(slot, args, result); }

static void run_from_libffi(ffi_cif *cif, void *ret, void **args, void *data)
{
    CallbackResult result;
    run(data, args, &result);
    if (cif->rtype == &ffi_type_double) {
        *(double *)ret = result.value;
    } else {
        *(ffi_arg *)ret = (ffi_arg)result.status;
    }
}

/* The C entry point of a free generated trampoline for cb's signature,
 * claimed for cb; NULL if there is none. */
static void *claim_trampoline(Callback *cb)
{
    for (const TrampolinePool *pool = trampoline_pools; pool->arg_types != NULL; pool++) {
        if (pool->restype != cb->oif.restype || pool->nargs != cb->oif.nargs ||
            memcmp(pool->arg_types, cb->arg_types, pool->nargs * sizeof(OIFArgType)) != 0) {
            continue;
        }
        for (unsigned int k = 0; k < pool->size; k++) {
            if (pool->slots[k] == NULL) {
                pool->slots[k] = cb;
                cb->trampoline_slot = &pool->slots[k];
                return (void *)pool->entries[k];
            }
        }
    }
    return NULL;
}

static void *make_libffi_closure(Callback *cb)
{
    void *code = NULL;
    cb->closure = ffi_closure_alloc(sizeof(ffi_closure), &code);
    ffi_type *restype = cb->oif.restype == OIF_TYPE_F64 ? &ffi_type_double : &ffi_type_sint;
    if (cb->closure == NULL ||
        ffi_prep_cif(&cb->cif, FFI_DEFAULT_ABI, cb->oif.nargs, restype, cb->ffi_arg_types) != FFI_OK ||
        ffi_prep_closure_loc(cb->closure, &cb->cif, run_from_libffi, cb, code) != FFI_OK) {
        return NULL;
    }
    return code;
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
    cb->oif = (OIFCallback){
        .src = OIF_LANG_PYTHON,
        .fn_p_py = fn,
        .nargs = (unsigned int)n,
        .arg_types = cb->arg_types,
        .restype = (OIFArgType)restype,
    };
    cb->oif.fn_p_c = claim_trampoline(cb);
    if (cb->oif.fn_p_c == NULL && (cb->oif.fn_p_c = make_libffi_closure(cb)) == NULL) {
        Py_DECREF(cb);
        PyErr_SetString(PyExc_MemoryError, "make_oif_callback: libffi cannot make the closure");
        return NULL;
    }
    PyObject_GC_Track(cb);
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
    if (cb->trampoline_slot != NULL) {
        *cb->trampoline_slot = NULL;
    }
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
