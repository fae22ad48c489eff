#include "callback.h"

#include <ffi.h>
#include <string.h>

#include "../callback_glue.h"
#include "../convert_to_oif.h"
#include "../convert_to_python.h"
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
    /* Where each argument and the result are, for messages, as the spec of
     * the argument it was last passed as names them: made when the spec is
     * set, not on every call. */
    ConvertSite arg_sites[MAX_CALLBACK_ARGS];
    ConvertSite result_site;
} Callback;

/* Names the arguments and the result as `spec` does (by position while
 * the callback was passed for no argument of an interface yet). */
static void set_spec(Callback *cb, const OIFCallbackSpec *spec)
{
    const char *owner = spec != NULL ? spec->name : NULL;
    for (unsigned int i = 0; i < MAX_CALLBACK_ARGS; i++) {
        cb->arg_sites[i] = (ConvertSite){
            .kind = "callback",
            .owner = owner,
            .role = "argument",
            .name = spec != NULL && i < spec->num_args ? spec->arg_names[i] : NULL,
            .position = i + 1,
        };
    }
    cb->result_site = (ConvertSite){.kind = "callback", .owner = owner, .role = "return value"};
}

static const char *arg_name(const Callback *cb, unsigned int i)
{
    static const char *const positions[MAX_CALLBACK_ARGS] = {"1", "2", "3", "4", "5", "6", "7", "8"};
    return cb->arg_sites[i].name != NULL ? cb->arg_sites[i].name : positions[i];
}

static PyObject *callback_argument_to_python(Callback *cb, unsigned int i, void *value)
{
    switch (cb->arg_types[i]) {
    case OIF_TYPE_F64:
        return to_python_double(*(double *)value);
    case OIF_TYPE_INT:
        return to_python_int(*(int *)value);
    case OIF_TYPE_ARRAY_F64:
        return to_python_array(&cb->views[i], *(OIFArrayF64 **)value, 1, &cb->arg_sites[i]);
    default: /* user data: a Python user's is the object itself */
        return to_python_user_data_pointer(*(void **)value);
    }
}

static void store_result(Callback *cb, PyObject *result, CallbackResult *out)
{
    if (cb->oif.restype == OIF_TYPE_F64) {
        /* NaN tells the solver that the objective failed. */
        if (result == NULL || to_oif_double(result, &out->value, &cb->result_site) != 0) {
            out->value = Py_NAN;
        }
    } else if (result == NULL || to_oif_status(result, &out->status, &cb->result_site) != 0) {
        out->status = -1;
    }
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
            while (made < cb->oif.nargs && (argv[made] = callback_argument_to_python(cb, made, args[made])) != NULL) {
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

static ffi_type *ffi_type_for(OIFArgType type, int *ok)
{
    switch (type) {
    case OIF_TYPE_F64: return &ffi_type_double;
    case OIF_TYPE_INT: return &ffi_type_sint;
    case OIF_TYPE_ARRAY_F64:
    case OIF_TYPE_USER_DATA: return &ffi_type_pointer;
    default: *ok = 0; return NULL;
    }
}

/* A new callback calling `fn` with the signature given, or NULL with an
 * exception. */
static Callback *new_callback(PyObject *fn, unsigned int nargs, const OIFArgType *arg_types, OIFArgType restype)
{
    if (nargs > MAX_CALLBACK_ARGS || (restype != OIF_TYPE_INT && restype != OIF_TYPE_F64)) {
        PyErr_Format(PyExc_ValueError, "make_oif_callback: restype must be OIF_TYPE_INT or OIF_TYPE_F64 and there "
                     "may be at most %d argument types", MAX_CALLBACK_ARGS);
        return NULL;
    }
    Callback *cb = PyObject_GC_New(Callback, &CallbackType);
    if (cb == NULL) {
        return NULL;
    }
    memset((char *)cb + sizeof(PyObject), 0, sizeof *cb - sizeof(PyObject));
    cb->fn = Py_NewRef(fn);
    set_spec(cb, NULL);
    int ok = 1;
    for (unsigned int i = 0; i < nargs && ok; i++) {
        cb->ffi_arg_types[i] = ffi_type_for(arg_types[i], &ok);
        cb->arg_types[i] = arg_types[i];
    }
    if (!ok) {
        Py_DECREF(cb);
        PyErr_SetString(PyExc_ValueError, "make_oif_callback: argument types must be "
                                          "OIF_TYPE_F64, OIF_TYPE_INT, OIF_ARRAY_F64 or OIF_USER_DATA");
        return NULL;
    }
    cb->oif = (OIFCallback){
        .src = OIF_LANG_PYTHON,
        .fn_p_py = fn,
        .nargs = nargs,
        .arg_types = cb->arg_types,
        .restype = restype,
    };
    cb->oif.fn_p_c = claim_trampoline(cb);
    if (cb->oif.fn_p_c == NULL && (cb->oif.fn_p_c = make_libffi_closure(cb)) == NULL) {
        Py_DECREF(cb);
        PyErr_SetString(PyExc_MemoryError, "make_oif_callback: libffi cannot make the closure");
        return NULL;
    }
    PyObject_GC_Track(cb);
    return cb;
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
    /* Values beyond the enum fall to new_callback's checks as a type they refuse. */
    Py_ssize_t n = PyTuple_GET_SIZE(argtypes);
    OIFArgType types[MAX_CALLBACK_ARGS + 1];
    for (Py_ssize_t i = 0; i < n && i <= MAX_CALLBACK_ARGS && !PyErr_Occurred(); i++) {
        long type = PyLong_AsLong(PyTuple_GET_ITEM(argtypes, i));
        types[i] = type >= 0 && type <= INT_MAX ? (OIFArgType)type : OIF_TYPE_POINTER;
    }
    Py_DECREF(argtypes);
    long restype = PyErr_Occurred() ? -1 : PyLong_AsLong(args[2]);
    if (PyErr_Occurred()) {
        return NULL;
    }
    unsigned int count = n <= MAX_CALLBACK_ARGS ? (unsigned int)n : MAX_CALLBACK_ARGS + 1;
    OIFArgType result_type = restype >= 0 && restype <= INT_MAX ? (OIFArgType)restype : OIF_TYPE_POINTER;
    return (PyObject *)new_callback(fn, count, types, result_type);
}

OIFCallback *callback_for_argument(PyObject *obj, const OIFCallbackSpec *spec, const ConvertSite *site,
                                   PyObject **made)
{
    *made = NULL;
    if (Py_IS_TYPE(obj, &CallbackType)) {
        return &((Callback *)obj)->oif;
    }
    if (spec == NULL || !PyCallable_Check(obj)) {
        convert_site_error(PyExc_TypeError, site, ": expected a callable or a callback made by "
                           "make_oif_callback(), got %.100s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    Callback *cb = new_callback(obj, spec->num_args, spec->arg_types, spec->restype);
    *made = (PyObject *)cb;
    return cb != NULL ? &cb->oif : NULL;
}

void callback_set_spec(PyObject *obj, const OIFCallbackSpec *spec) { set_spec((Callback *)obj, spec); }

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
