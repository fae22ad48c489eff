#include "ccallback.h"

#include <ffi.h>
#include <string.h>

#include "../callback_glue.h"
#include "../convert_to_oif.h"
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
    const OIFCallbackSpec *spec; /* the interface's, for messages */
    ConvertSite sites[MAX_ARGS]; /* where each argument is, for messages: made once, not per call */
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

static PyObject *ccallback_call(PyObject *self, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    CCallback *cb = (CCallback *)self;
    size_t nargs = PyVectorcall_NARGS(nargsf);
    if (nargs != cb->nargs || (kwnames != NULL && PyTuple_GET_SIZE(kwnames) > 0)) {
        PyErr_Format(PyExc_TypeError, "callback '%s' takes %u positional arguments, got %zu", cb->spec->name, cb->nargs,
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
        const ConvertSite *site = &cb->sites[i];
        avalues[i] = &values[i];
        int status = 0;
        switch (cb->arg_types[i]) {
        case OIF_TYPE_F64:
            status = to_oif_double(args[i], &values[i].f64, site);
            break;
        case OIF_TYPE_INT:
            status = to_oif_int(args[i], &values[i].i32, site);
            break;
        case OIF_TYPE_ARRAY_F64:
            /* The function takes OIFArrayF64 *, not const: it may write. */
            status = to_oif_array(args[i], &arrays[i], 1, site);
            values[i].pointer = &arrays[i];
            break;
        default:
            values[i].pointer = to_oif_user_data_pointer(args[i]);
        }
        if (status != 0) {
            return NULL;
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

PyObject *ccallback_new(const OIFCallback *oif, const OIFCallbackSpec *spec)
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
    cb->spec = spec;
    cb->vectorcall = ccallback_call;
    cb->invoke = NULL;
    cb->from_python_user = oif->src == OIF_LANG_PYTHON;
    for (unsigned int i = 0; i < oif->nargs; i++) {
        cb->sites[i] = (ConvertSite){
            .kind = "callback",
            .owner = spec->name,
            .role = "argument",
            .name = spec->arg_names[i],
            .position = i + 1,
        };
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
