#include "ccallback.h"

#include <ffi.h>
#include <string.h>

#include "../callback_glue.h"
#include "user_callback.h"

enum { MAX_ARGS = 8 };

typedef struct {
    PyObject_HEAD
    void (*fn)(void);
    unsigned int nargs;
    OIFArgType arg_types[MAX_ARGS];
    OIFArgType restype;
    /* A generated typed call for the signature, or else libffi's. */
    void (*invoke)(void (*fn)(void), void *const *args, CallbackResult *result);
    ffi_type *ffi_arg_types[MAX_ARGS];
    ffi_cif cif;
    vectorcallfunc vectorcall;
    int from_python_user; /* a Python user's, forced through C: its exceptions are the user's */
} CCallback;

static ffi_type *ffi_type_for(OIFArgType type)
{
    switch (type) {
    case OIF_TYPE_F64: return &ffi_type_double;
    case OIF_TYPE_INT: return &ffi_type_sint;
    case OIF_TYPE_ARRAY_F64:
    case OIF_TYPE_USER_DATA: return &ffi_type_pointer;
    default: return NULL;
    }
}

static int bad_argument(const CCallback *cb, size_t i, const char *expected, PyObject *given)
{
    (void)cb;
    PyErr_Format(PyExc_TypeError, "C callback argument %zu: expected %s, got %.100s", i + 1,
                 expected, Py_TYPE(given)->tp_name);
    return -1;
}

static int array_argument(const CCallback *cb, size_t i, PyObject *given, OIFArrayF64 *out)
{
    if (!PyArray_Check(given)) {
        return bad_argument(cb, i, "a float64 NumPy array", given);
    }
    PyArrayObject *a = (PyArrayObject *)given;
    if (PyArray_TYPE(a) != NPY_DOUBLE || !PyArray_ISNOTSWAPPED(a) || PyArray_NDIM(a) < 1 ||
        !PyArray_ISALIGNED(a) || !(PyArray_IS_C_CONTIGUOUS(a) || PyArray_IS_F_CONTIGUOUS(a))) {
        PyErr_Format(PyExc_ValueError,
                     "C callback argument %zu: expected a contiguous float64 array of at least one "
                     "dimension, got dtype %R with %d dimension(s)",
                     i + 1, (PyObject *)PyArray_DESCR(a), PyArray_NDIM(a));
        return -1;
    }
    *out = (OIFArrayF64){
        .nd = PyArray_NDIM(a),
        .dimensions = (ssize_t *)PyArray_DIMS(a),
        .data = PyArray_DATA(a),
        .flags = (PyArray_IS_C_CONTIGUOUS(a) ? OIF_ARRAY_C_CONTIGUOUS : 0) |
                 (PyArray_IS_F_CONTIGUOUS(a) ? OIF_ARRAY_F_CONTIGUOUS : 0),
    };
    return 0;
}

/* User data from a C user arrives in Python as a capsule; from a Python
 * user (callbacks forced through C) as the object itself. */
static void *user_data_pointer(PyObject *given)
{
    if (given == Py_None) {
        return NULL;
    }
    if (PyCapsule_CheckExact(given)) {
        return PyCapsule_GetPointer(given, PyCapsule_GetName(given));
    }
    return given;
}

static PyObject *ccallback_call(PyObject *self, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    CCallback *cb = (CCallback *)self;
    size_t nargs = PyVectorcall_NARGS(nargsf);
    if (nargs != cb->nargs || (kwnames != NULL && PyTuple_GET_SIZE(kwnames) > 0)) {
        PyErr_Format(PyExc_TypeError, "C callback takes %u positional arguments, got %zu", cb->nargs,
                     nargs + (kwnames ? (size_t)PyTuple_GET_SIZE(kwnames) : 0));
        return NULL;
    }
    union {
        double f64;
        int i32;
        void *pointer;
    } values[MAX_ARGS];
    OIFArrayF64 arrays[MAX_ARGS];
    void *avalues[MAX_ARGS];
    for (size_t i = 0; i < nargs; i++) {
        PyObject *given = args[i];
        avalues[i] = &values[i];
        switch (cb->arg_types[i]) {
        case OIF_TYPE_F64:
            values[i].f64 = PyFloat_AsDouble(given);
            if (values[i].f64 == -1.0 && PyErr_Occurred()) {
                PyErr_Clear();
                return bad_argument(cb, i, "a float", given), NULL;
            }
            break;
        case OIF_TYPE_INT: {
            long v = PyLong_Check(given) ? PyLong_AsLong(given) : -1;
            if (!PyLong_Check(given) || PyErr_Occurred() || v < INT_MIN || v > INT_MAX) {
                PyErr_Clear();
                return bad_argument(cb, i, "an int", given), NULL;
            }
            values[i].i32 = (int)v;
            break;
        }
        case OIF_TYPE_ARRAY_F64:
            if (array_argument(cb, i, given, &arrays[i]) != 0) {
                return NULL;
            }
            values[i].pointer = &arrays[i];
            break;
        default:
            values[i].pointer = user_data_pointer(given);
            if (PyErr_Occurred()) {
                return NULL;
            }
        }
    }
    CallbackResult result;
    if (cb->invoke != NULL) {
        cb->invoke(cb->fn, avalues, &result);
    } else if (cb->restype == OIF_TYPE_F64) {
        ffi_call(&cb->cif, cb->fn, &result.value, avalues);
    } else {
        ffi_arg status;
        ffi_call(&cb->cif, cb->fn, &status, avalues);
        result.status = (int)status;
    }
    /* A Python function behind a C trampoline may have raised. */
    if (PyErr_Occurred()) {
        if (cb->from_python_user) {
            user_callback_raised();
        }
        return NULL;
    }
    return cb->restype == OIF_TYPE_F64 ? PyFloat_FromDouble(result.value) : PyLong_FromLong(result.status);
}

PyObject *ccallback_new(const OIFCallback *oif)
{
    if (oif->fn_p_c == NULL || oif->nargs > MAX_ARGS || oif->arg_types == NULL ||
        (oif->restype != OIF_TYPE_INT && oif->restype != OIF_TYPE_F64)) {
        PyErr_SetString(PyExc_ValueError,
                        "a callback needs a C function, at most 8 arguments and an int or double result");
        return NULL;
    }
    CCallback *cb = PyObject_New(CCallback, &CCallbackType);
    if (cb == NULL) {
        return NULL;
    }
    *(void **)&cb->fn = oif->fn_p_c;
    cb->nargs = oif->nargs;
    cb->restype = oif->restype;
    cb->vectorcall = ccallback_call;
    cb->invoke = NULL;
    cb->from_python_user = oif->src == OIF_LANG_PYTHON;
    for (unsigned int i = 0; i < oif->nargs; i++) {
        cb->arg_types[i] = oif->arg_types[i];
        if ((cb->ffi_arg_types[i] = ffi_type_for(oif->arg_types[i])) == NULL) {
            Py_DECREF(cb);
            PyErr_Format(PyExc_ValueError, "a callback argument has type %d, which Python cannot pass",
                         (int)oif->arg_types[i]);
            return NULL;
        }
    }
    for (const CallbackInvoker *known = callback_invokers; known->arg_types != NULL; known++) {
        if (known->restype == cb->restype && known->nargs == cb->nargs &&
            memcmp(known->arg_types, cb->arg_types, cb->nargs * sizeof(OIFArgType)) == 0) {
            cb->invoke = known->invoke;
        }
    }
    ffi_type *restype = cb->restype == OIF_TYPE_F64 ? &ffi_type_double : &ffi_type_sint;
    if (ffi_prep_cif(&cb->cif, FFI_DEFAULT_ABI, cb->nargs, restype, cb->ffi_arg_types) != FFI_OK) {
        Py_DECREF(cb);
        PyErr_SetString(PyExc_RuntimeError, "libffi cannot describe the callback's signature");
        return NULL;
    }
    return (PyObject *)cb;
}

PyTypeObject CCallbackType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "openinterfaces.CCallback",
    .tp_basicsize = sizeof(CCallback),
    .tp_dealloc = (destructor)PyObject_Free,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_doc = "A C function called from Python: callback(*args) -> status or value.",
    .tp_vectorcall_offset = offsetof(CCallback, vectorcall),
    .tp_call = PyVectorcall_Call,
};
