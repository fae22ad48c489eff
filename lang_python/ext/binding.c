#include "binding.h"

#include <string.h>

#include <oif/dispatch.h>
#include <oif/error.h>
#include <oif/interface_spec.h>

#include "../python_bridge_instance.h"
#include "call_args.h"
#include "errors.h"

typedef struct {
    PyObject_HEAD
    ImplHandle implh; /* 0 once unloaded */
    const OIFInterfaceSpec *interface;
    PyObject *interface_name;
    PyObject *impl_name;
    PyObject **method_names; /* interned, indexed like interface->methods */
    PyObject **kept;         /* [method][argument]: callbacks and user data in use */
    PyObject **retired;      /* [method][argument]: lists of ones that failed calls may have left in use */
    unsigned int calls_in_progress; /* kept objects stay until the last returns */
} Binding;

static PyObject *zero; /* what call() returns for methods without return values */

static PyObject **kept_slots(Binding *b, const OIFMethodSpec *m) { return &b->kept[m->index * OIF_MAX_METHOD_ARGS]; }

static void release_kept(Binding *b)
{
    for (size_t i = 0; b->kept != NULL && b->retired != NULL && i < b->interface->num_methods * OIF_MAX_METHOD_ARGS; i++) {
        Py_CLEAR(b->kept[i]);
        Py_CLEAR(b->retired[i]);
    }
}

/* Unloading during a call of this binding (from a callback, or from
 * another thread while the GIL was let go) leaves the instance to the
 * dispatcher, which destroys it when that call returns; the callbacks and
 * user data it uses are released then too, by the call (binding_call). */
static int unload(Binding *b)
{
    int status = 0;
    if (b->implh != 0) {
        status = unload_interface_impl(b->implh);
        b->implh = 0;
    }
    if (b->calls_in_progress == 0) {
        release_kept(b); /* only now can no solver call them */
    }
    return status;
}

const char *binding_name_utf8(PyObject *name, const char *what)
{
    if (!PyUnicode_Check(name)) {
        PyErr_Format(PyExc_TypeError, "the %s name must be a str, not %.100s", what, Py_TYPE(name)->tp_name);
        return NULL;
    }
    Py_ssize_t size;
    const char *utf8 = PyUnicode_AsUTF8AndSize(name, &size);
    if (utf8 != NULL && strlen(utf8) != (size_t)size) {
        PyErr_Format(PyExc_ValueError, "the %s name %R contains a NUL character", what, name);
        return NULL;
    }
    return utf8;
}

PyObject *binding_load(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    const char *interface, *impl;
    /* As wide as the dispatcher's size_t on LP64: a version beyond it is
     * refused by name there, not wrapped into a valid one here. */
    unsigned long major, minor;
    if (nargs != 4 || !PyUnicode_Check(args[0]) || !PyUnicode_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "load_impl(interface: str, impl: str, major: int, minor: int)");
        return NULL;
    }
    if ((interface = binding_name_utf8(args[0], "interface")) == NULL ||
        (impl = binding_name_utf8(args[1], "implementation")) == NULL ||
        ((major = PyLong_AsUnsignedLong(args[2])) == (unsigned long)-1 && PyErr_Occurred()) ||
        ((minor = PyLong_AsUnsignedLong(args[3])) == (unsigned long)-1 && PyErr_Occurred())) {
        return NULL;
    }
    ImplHandle implh = load_interface_impl(interface, impl, major, minor);
    if (implh < OIF_IMPL_STARTING_NUMBER) {
        PyErr_Format(PyExc_ValueError, "%s", oif_last_error());
        return NULL;
    }
    const OIFInterfaceSpec *spec = oif_impl_interface(implh);
    Binding *b = PyObject_GC_New(Binding, &BindingType);
    if (b == NULL) {
        unload_interface_impl(implh);
        return NULL;
    }
    memset((char *)b + sizeof(PyObject), 0, sizeof *b - sizeof(PyObject));
    b->implh = implh;
    b->interface = spec;
    b->interface_name = Py_NewRef(args[0]);
    b->impl_name = Py_NewRef(args[1]);
    b->method_names = PyMem_Calloc(spec->num_methods, sizeof *b->method_names);
    b->kept = PyMem_Calloc(spec->num_methods * OIF_MAX_METHOD_ARGS, sizeof *b->kept);
    b->retired = PyMem_Calloc(spec->num_methods * OIF_MAX_METHOD_ARGS, sizeof *b->retired);
    PyObject_GC_Track(b);
    if (b->method_names == NULL || b->kept == NULL || b->retired == NULL) {
        Py_DECREF(b);
        return PyErr_NoMemory();
    }
    for (unsigned int i = 0; i < spec->num_methods; i++) {
        if ((b->method_names[i] = PyUnicode_InternFromString(spec->methods[i].name)) == NULL) {
            Py_DECREF(b);
            return NULL;
        }
    }
    return (PyObject *)b;
}

PyObject *binding_unload(PyObject *module, PyObject *obj)
{
    (void)module;
    if (!Py_IS_TYPE(obj, &BindingType)) {
        PyErr_Format(PyExc_TypeError, "unload_impl() takes an OIFPyBinding, not %.100s", Py_TYPE(obj)->tp_name);
        return NULL;
    }
    Binding *b = (Binding *)obj;
    if (b->implh == 0) {
        PyErr_Format(PyExc_ValueError, "implementation '%U' of interface '%U' is already unloaded",
                     b->impl_name, b->interface_name);
        return NULL;
    }
    if (unload(b) != 0) {
        PyErr_Format(PyExc_RuntimeError, "%s", oif_last_error());
        return NULL;
    }
    Py_RETURN_NONE;
}

/* Interned names make the common case a pointer comparison. */
static const OIFMethodSpec *find_method(Binding *b, PyObject *name)
{
    const OIFInterfaceSpec *spec = b->interface;
    for (unsigned int i = 0; i < spec->num_methods; i++) {
        if (b->method_names[i] == name) {
            return &spec->methods[i];
        }
    }
    if (PyUnicode_Check(name)) {
        for (unsigned int i = 0; i < spec->num_methods; i++) {
            if (PyUnicode_Compare(b->method_names[i], name) == 0) {
                return &spec->methods[i];
            }
        }
    }
    PyErr_Format(PyExc_ValueError, "interface '%U' has no method %R", b->interface_name, name);
    return NULL;
}

/* Keeps the callbacks and user data just passed alive while the
 * implementation may use them.  After a failed call it may still use the
 * previous ones too, so those are retired instead of dropped, until a call
 * of the same method succeeds and so replaces them all. */
static int keep_passed(Binding *b, const OIFMethodSpec *m, PyObject **passed, int call_failed)
{
    PyObject **slots = kept_slots(b, m);
    PyObject **retired = &b->retired[slots - b->kept];
    for (unsigned int i = 0; i < m->num_in; i++) {
        if (m->in_types[i] != OIF_TYPE_CALLBACK && m->in_types[i] != OIF_TYPE_USER_DATA) {
            continue;
        }
        if (!call_failed) {
            Py_CLEAR(retired[i]);
        } else if (slots[i] != NULL) {
            if (retired[i] == NULL && (retired[i] = PyList_New(0)) == NULL) {
                return -1;
            }
            if (PyList_Append(retired[i], slots[i]) != 0) {
                return -1;
            }
        }
        Py_XSETREF(slots[i], Py_NewRef(passed[i]));
    }
    return 0;
}

/* call(method, in_args, out_args, return_arg_types=()) */
static PyObject *binding_call(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    Binding *b = (Binding *)self;
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    if (nkw > 1 || nargs + nkw < 3 || nargs + nkw > 4 ||
        (nkw == 1 && (nargs != 3 || PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(kwnames, 0), "return_arg_types") != 0))) {
        PyErr_SetString(PyExc_TypeError, "call(method, in_args, out_args, return_arg_types=())");
        return NULL;
    }
    if (b->implh == 0) {
        PyErr_Format(PyExc_ValueError, "implementation '%U' of interface '%U' was unloaded",
                     b->impl_name, b->interface_name);
        return NULL;
    }
    const OIFMethodSpec *method = find_method(b, args[0]);
    if (method == NULL) {
        return NULL;
    }
    /* Tuples, so that a callback emptying a list the caller passed cannot
     * free an array the solver is using. */
    PyObject *in_tuple = PyList_Check(args[1]) ? PyList_AsTuple(args[1]) : Py_NewRef(args[1]);
    PyObject *out_tuple = PyList_Check(args[2]) ? PyList_AsTuple(args[2]) : Py_NewRef(args[2]);
    PyObject *result = NULL;
    CallArgs in, out, ret;
    PyObject *passed[OIF_MAX_METHOD_ARGS];
    if (in_tuple == NULL || out_tuple == NULL || call_args_from_python(&in, method, ARGS_IN, in_tuple, passed) != 0) {
        goto done;
    }
    /* Without return_arg_types, the method's own return types apply. */
    if (call_args_from_python(&out, method, ARGS_OUT, out_tuple, NULL) != 0 ||
        call_args_from_python(&ret, method, ARGS_RETURN, nargs + nkw == 4 ? args[3] : NULL, NULL) != 0) {
        call_args_release(&in, ARGS_IN);
        goto done;
    }
    b->calls_in_progress++;
    int status = oif_call_method(b->implh, method, &in.args, &out.args, &ret.args);
    b->calls_in_progress--;
    if (b->implh != 0) {
        keep_passed(b, method, passed, status != 0); /* an exception if it fails */
    } else if (b->calls_in_progress == 0) {
        release_kept(b); /* unloaded by a callback or another thread during the call */
    }
    call_args_release(&in, ARGS_IN); /* after keep_passed: it holds callbacks made for the call */
    if (PyErr_Occurred()) {
        result = NULL; /* an exception from a Python callback: the user's own */
    } else if (status != 0) {
        errors_raise_method_failure(method, status);
    } else {
        result = method->num_ret > 0 ? call_args_returned(&ret, method) : Py_NewRef(zero);
    }
    call_args_release(&ret, ARGS_RETURN);
done:
    Py_XDECREF(in_tuple);
    Py_XDECREF(out_tuple);
    return result;
}

/* supports(method) */
static PyObject *binding_supports(PyObject *self, PyObject *name)
{
    Binding *b = (Binding *)self;
    if (b->implh == 0) {
        PyErr_Format(PyExc_ValueError, "implementation '%U' of interface '%U' was unloaded",
                     b->impl_name, b->interface_name);
        return NULL;
    }
    const OIFMethodSpec *method = find_method(b, name);
    if (method == NULL) {
        return NULL;
    }
    int supported = oif_impl_supports(b->implh, method->name);
    if (supported < 0) {
        PyErr_Format(PyExc_RuntimeError, "%s", oif_last_error());
        return NULL;
    }
    return PyBool_FromLong(supported);
}

static int binding_traverse(PyObject *self, visitproc visit, void *arg)
{
    Binding *b = (Binding *)self;
    /* A Python implementation's objects belong in the graph too
     * (python_bridge_instance.h says why and how). */
    Py_VISIT(python_bridge_instance(b->implh));
    for (size_t i = 0; b->kept != NULL && b->retired != NULL && i < b->interface->num_methods * OIF_MAX_METHOD_ARGS; i++) {
        Py_VISIT(b->kept[i]);
        Py_VISIT(b->retired[i]);
    }
    return 0;
}

static int binding_clear(PyObject *self)
{
    unload((Binding *)self);
    return 0;
}

static void binding_dealloc(PyObject *self)
{
    Binding *b = (Binding *)self;
    PyObject_GC_UnTrack(self);
    unload(b);
    if (b->method_names != NULL) {
        for (unsigned int i = 0; i < b->interface->num_methods; i++) {
            Py_XDECREF(b->method_names[i]);
        }
    }
    PyMem_Free(b->method_names);
    PyMem_Free(b->kept);
    PyMem_Free(b->retired);
    Py_XDECREF(b->interface_name);
    Py_XDECREF(b->impl_name);
    PyObject_GC_Del(self);
}

static PyObject *binding_get_implh(PyObject *self, void *closure)
{
    (void)closure;
    return PyLong_FromLong(((Binding *)self)->implh);
}

static PyObject *binding_get_interface(PyObject *self, void *closure)
{
    (void)closure;
    return Py_NewRef(((Binding *)self)->interface_name);
}

static PyObject *binding_get_impl(PyObject *self, void *closure)
{
    (void)closure;
    return Py_NewRef(((Binding *)self)->impl_name);
}

static PyObject *binding_repr(PyObject *self)
{
    Binding *b = (Binding *)self;
    return PyUnicode_FromFormat("<OIFPyBinding %U/%U, %s>", b->interface_name, b->impl_name,
                                b->implh ? "loaded" : "unloaded");
}

static PyMethodDef binding_methods[] = {
    {"call", (PyCFunction)(void (*)(void))binding_call, METH_FASTCALL | METH_KEYWORDS,
     "call(method, in_args, out_args, return_arg_types=())\n--\n\n"
     "Calls `method` of the implementation with the in-arguments and the out-arrays it\n"
     "writes into. Returns 0, or the list of return values when the method has any.\n"
     "Raises TypeError/ValueError for arguments that do not fit the interface,\n"
     "RuntimeError when the implementation fails, and a callback's own exception\n"
     "when a Python callback raised."},
    {"supports", binding_supports, METH_O,
     "supports(method)\n--\n\n"
     "Whether the implementation has `method`: False for a method added in a minor\n"
     "version of the interface after the one the implementation was written for,\n"
     "which it then cannot be called with."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef binding_getset[] = {
    {"implh", binding_get_implh, NULL, "The dispatcher's handle (0 once unloaded).", NULL},
    {"interface", binding_get_interface, NULL, "The interface name.", NULL},
    {"impl", binding_get_impl, NULL, "The implementation name.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject BindingType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "openinterfaces._core.OIFPyBinding",
    .tp_basicsize = sizeof(Binding),
    .tp_dealloc = binding_dealloc,
    .tp_repr = binding_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "A loaded implementation; made by load_impl().",
    .tp_traverse = binding_traverse,
    .tp_clear = binding_clear,
    .tp_methods = binding_methods,
    .tp_getset = binding_getset,
};

int binding_init_constants(void)
{
    zero = PyLong_FromLong(0);
    return zero != NULL ? 0 : -1;
}
