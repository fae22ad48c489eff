/*
 * The Python bridge: loads implementations written in Python and calls
 * their methods.
 *
 * At load the class named by the .conf (or registered in memory by
 * openinterfaces.register_impl) is instantiated and every method of
 * the interface is looked up once as a bound method.  A call takes the GIL,
 * turns the arguments into Python objects (arrays into ndarray views through
 * per-argument caches, no copies), vectorcalls the bound method and releases
 * the GIL.  A Python exception becomes a non-zero status and a message with
 * its type, text and innermost frame, except one raised by a Python user's
 * own callback (user_callback.h): that one stays set, for the user's side
 * to raise as itself.
 *
 * The folder bridge/ holds the bridge and what only it needs: starting or
 * joining CPython (python_runtime.c, python_threads.c), C callbacks made
 * callable from Python (ccallback.c) and Python users' callbacks wrapped
 * (user_callback.c).  It uses <oif/bridge.h>, common/ and the conversions
 * at lang_python/'s top; the dispatcher loads it, nothing links it.
 */
#include "../numpy_api.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <oif/bridge.h>
#include <oif/error.h>
#include <oif/interface_spec.h>
#include <oif/config_dict.h>
#include <oif/util.h>

#include "../ndarray_view.h"
#include "../convert_to_oif.h"
#include "../convert_to_python.h"
#include "ccallback.h"
#include "python_impl.h"
#include "python_runtime.h"
#include "python_threads.h"
#include "user_callback.h"


static NdarrayViewCache *views_of(PyImpl *pi, const OIFMethodSpec *m, unsigned int arg)
{
    return &pi->views[m->index * OIF_MAX_METHOD_ARGS + arg];
}

/* Set OIF_PYTHON_CALLBACKS_VIA_C=1 to hand a Python user's callbacks to
 * Python implementations through the C layer instead of as themselves: the
 * path a C user's callbacks take, for testing and benchmarking it. */
static int callbacks_forced_through_c(void)
{
    const char *value = getenv("OIF_PYTHON_CALLBACKS_VIA_C");
    return value != NULL && value[0] != '\0' && strcmp(value, "0") != 0;
}

static PyObject *python_callback(PyImpl *pi, const OIFCallback *cb, const OIFCallbackSpec *spec)
{
    if (oif_callback_is_none(cb)) {
        return Py_NewRef(Py_None); /* none, for an optional callback */
    }
    if (cb->src == OIF_LANG_PYTHON && cb->fn_p_py != NULL && !callbacks_forced_through_c()) {
        return user_callback_passed(pi, cb);
    }
    /* A C caller may leave the signature undeclared: it is the interface's. */
    OIFCallback declared = *cb;
    if (declared.nargs == 0 && declared.arg_types == NULL) {
        declared.nargs = spec->num_args;
        declared.arg_types = (OIFArgType *)spec->arg_types;
        declared.restype = spec->restype;
    }
    return ccallback_new(&declared, spec);
}

static PyObject *method_argument_to_python(PyImpl *pi, const OIFMethodSpec *m, unsigned int i, OIFArgType type,
                                           void *value)
{
    ConvertSite site = {.kind = "method", .owner = m->name, .role = "argument", .name = m->in_names[i]};
    switch (type) {
    case OIF_TYPE_F64: return to_python_double(*(double *)value);
    case OIF_TYPE_INT: return to_python_int(*(int *)value);
    case OIF_TYPE_STRING: return to_python_string(*(char **)value, &site);
    case OIF_TYPE_ARRAY_F64: return to_python_array(views_of(pi, m, i), *(OIFArrayF64 **)value, 0, &site);
    case OIF_TYPE_CALLBACK: return python_callback(pi, value, m->in_callbacks[i]);
    case OIF_TYPE_USER_DATA: return to_python_user_data(value, &site);
    case OIF_TYPE_CONFIG_DICT: return to_python_config_dict(value ? *(OIFConfigDict **)value : NULL, &site);
    default:
        convert_site_error(PyExc_TypeError, &site, " has type %s, which Python cannot take", oif_arg_type_name(type));
        return NULL;
    }
}

/* Stores a method's (status, message)-like result tuple in the return slots.
 * A method with one return value may return it alone, not in a tuple: a
 * dict (CONFIG_DICT) is what a Python author returns for one, and a
 * sequence of its keys must not be taken for the tuple. */
/* Frees the first `count` values store_returns stored: when a later one
 * fails, the caller gets none of them. */
static void free_returns(const OIFMethodSpec *m, OIFArgs *return_args, unsigned int count)
{
    for (unsigned int i = 0; i < count; i++) {
        void **slot = return_args->arg_values[i];
        oif_free_returned(m->ret_types[i], *slot);
        *slot = NULL;
    }
}

static int store_returns(const OIFMethodSpec *m, PyObject *result, OIFArgs *return_args)
{
    int alone = m->num_ret == 1 && !PyTuple_Check(result) && !PyList_Check(result);
    PyObject *items = alone ? PyTuple_Pack(1, result) : PySequence_Fast(result, "");
    if (items == NULL || PySequence_Fast_GET_SIZE(items) != (Py_ssize_t)m->num_ret) {
        Py_XDECREF(items);
        PyErr_Clear();
        oif_set_error("the method must return a tuple of %u values, not %.100s", m->num_ret,
                      Py_TYPE(result)->tp_name);
        return OIF_ERROR;
    }
    for (unsigned int i = 0; i < m->num_ret; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(items, i);
        ConvertSite site = {.kind = "method", .owner = m->name, .role = "return value", .name = m->ret_names[i]};
        void *made = NULL;
        int value;
        const char *text;
        if (m->ret_types[i] == OIF_TYPE_INT && to_oif_int(item, &value, &site) == 0) {
            if ((made = oif_util_malloc(sizeof(int32_t))) != NULL) {
                *(int32_t *)made = value;
            }
        } else if (m->ret_types[i] == OIF_TYPE_STRING && to_oif_string(item, &text, &site) == 0) {
            made = oif_util_str_duplicate(text);
        } else if (m->ret_types[i] == OIF_TYPE_CONFIG_DICT) {
            /* None would pass as NULL, which is no value to return. */
            if (item == Py_None) {
                convert_site_error(PyExc_TypeError, &site, " must be a dict, not None");
            } else if (to_oif_config_dict(item, (OIFConfigDict **)&made, &site) != 0) {
                made = NULL;
            }
        } else if (!PyErr_Occurred()) {
            convert_site_error(PyExc_TypeError, &site, " has type %s, which Python cannot return",
                               oif_arg_type_name(m->ret_types[i]));
        }
        if (made == NULL) {
            Py_DECREF(items);
            free_returns(m, return_args, i);
            if (PyErr_Occurred()) {
                python_error_to_message("");
            } /* else out of memory, with the message already set */
            return OIF_ERROR;
        }
        *(void **)return_args->arg_values[i] = made;
    }
    Py_DECREF(items);
    return 0;
}

/* Whether the method raised OIFStopped: its message, unadorned, goes
 * with the status OIF_STOPPED. */
static bool stopped_by_monitor(PyObject *value)
{
    PyObject *is_stop = PyObject_CallOneArg(bridge_support.is_stop, value);
    int stopped = is_stop != NULL && PyObject_IsTrue(is_stop) == 1;
    Py_XDECREF(is_stop);
    PyErr_Clear();
    if (!stopped) {
        return false;
    }
    PyObject *text = PyObject_Str(value);
    const char *message = text != NULL ? PyUnicode_AsUTF8(text) : NULL;
    oif_set_error("%s", message != NULL ? message : "stopped by a monitor");
    Py_XDECREF(text);
    PyErr_Clear();
    return true;
}

/* The status for a method that raised; see the comment at the top. */
static int status_from_exception(PyImpl *pi)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    if (tb != NULL) {
        PyException_SetTraceback(value, tb);
    }
    int users_own = user_callback_raised_it(pi, value);
    if (!users_own && stopped_by_monitor(value)) {
        Py_XDECREF(type);
        Py_XDECREF(value);
        Py_XDECREF(tb);
        return OIF_STOPPED;
    }
    PyErr_Restore(type, value, tb);
    if (users_own) {
        oif_set_error("a callback raised an exception");
        return OIF_ERROR;
    }
    python_error_to_message("");
    return OIF_ERROR;
}

static int py_call(void *instance, const OIFMethodSpec *m, OIFArgs *in_args, OIFArgs *out_args,
                   OIFArgs *return_args)
{
    PyImpl *pi = instance;
    PyGILState_STATE gil = python_enter();
    user_callbacks_call_begins();
    PyObject *argv[OIF_MAX_METHOD_ARGS];
    unsigned int made = 0;
    int status = OIF_ERROR;
    for (; made < m->num_in; made++) {
        if ((argv[made] = method_argument_to_python(pi, m, made, m->in_types[made], in_args->arg_values[made])) == NULL) {
            break;
        }
    }
    for (unsigned int i = 0; made == m->num_in + i && i < m->num_out; i++, made++) {
        ConvertSite site = {.kind = "method", .owner = m->name, .role = "argument", .name = m->out_names[i]};
        if ((argv[made] = to_python_array(views_of(pi, m, made), *(OIFArrayF64 **)out_args->arg_values[i], 1,
                                          &site)) == NULL) {
            break;
        }
    }
    PyObject *result = NULL;
    if (made == m->num_in + m->num_out) {
        result = PyObject_Vectorcall(pi->methods[m->index], argv, made, NULL);
    }
    for (unsigned int i = 0; i < made; i++) {
        int is_in = i < m->num_in;
        if (is_in && m->in_types[i] != OIF_TYPE_ARRAY_F64) {
            Py_DECREF(argv[i]);
        } else if (ndarray_view_release(views_of(pi, m, i), argv[i],
                                        is_in ? m->in_names[i] : m->out_names[i - m->num_in]) != 0) {
            Py_CLEAR(result);
        }
    }
    if (result == NULL) {
        status = status_from_exception(pi);
    } else if (m->num_ret > 0) {
        status = store_returns(m, result, return_args);
    } else {
        /* An int a method returns is its status, by the rule for a
         * callback's (2**32 fails the call rather than reading as 0);
         * anything else is ignored, as upstream implementations rely on. */
        ConvertSite site = {.kind = "method", .owner = m->name, .role = "return value"};
        if (!PyIndex_Check(result)) {
            status = 0;
        } else if (to_oif_status(result, &status, &site) != 0) {
            python_error_to_message("");
            status = OIF_ERROR;
        } else if (status != 0) {
            oif_set_error("returned status %d", status);
        }
    }
    Py_XDECREF(result);
    user_callbacks_call_ends();
    python_leave(gil);
    return status;
}

/* The implementation's objects, for the garbage collector (see
 * python_bridge_instance.h); the views' arrays hold nothing of the user's. */
static int py_impl_traverse(PyObject *self, visitproc visit, void *arg)
{
    PyImpl *pi = (PyImpl *)self;
    Py_VISIT(pi->object);
    for (unsigned int i = 0; pi->methods != NULL && i < pi->interface->num_methods; i++) {
        Py_VISIT(pi->methods[i]);
    }
    Py_VISIT(pi->callback_functions);
    return 0;
}

static void py_impl_dealloc(PyObject *self)
{
    PyImpl *pi = (PyImpl *)self;
    PyObject_GC_UnTrack(self);
    if (pi->views != NULL) {
        for (unsigned int i = 0; i < pi->interface->num_methods * OIF_MAX_METHOD_ARGS; i++) {
            ndarray_view_cache_clear(&pi->views[i]);
        }
    }
    if (pi->methods != NULL) {
        for (unsigned int i = 0; i < pi->interface->num_methods; i++) {
            Py_XDECREF(pi->methods[i]);
        }
    }
    Py_XDECREF(pi->callback_functions);
    Py_XDECREF(pi->object);
    free(pi->views);
    free(pi->methods);
    free(pi->name);
    PyObject_GC_Del(self);
}

/* No tp_clear: a loaded instance stays whole until it is unloaded. */
static PyTypeObject PyImplType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "openinterfaces.PythonImplementationInstance",
    .tp_basicsize = sizeof(PyImpl),
    .tp_dealloc = py_impl_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "What the Python bridge keeps for one loaded implementation.",
    .tp_traverse = py_impl_traverse,
};

static int py_unload(void *instance)
{
    PyGILState_STATE gil = python_enter();
    Py_DECREF((PyObject *)instance); /* the one reference, the dispatcher's */
    python_leave(gil);
    return 0;
}

/* Whether `method` is a base class's stand-in for a method added in a
 * minor version that the class does not override
 * (openinterfaces._impl.interfaces.optional_method). */
static int is_optional_placeholder(PyObject *method)
{
    PyObject *mark = PyObject_GetAttrString(method, "__oif_optional_placeholder__");
    PyErr_Clear();
    int placeholder = mark != NULL && PyObject_IsTrue(mark) == 1;
    PyErr_Clear();
    Py_XDECREF(mark);
    return placeholder;
}

/* Instantiates the class and resolves every method of the interface. */
static int instantiate(PyImpl *pi, const char *conf_dir, const char *details, const char *impl_name)
{
    char private_name[300];
    snprintf(private_name, sizeof private_name, "_oif_impl_%s_%s", pi->interface->name, impl_name);
    /* No folder: registered in memory (oif_register_impl_entry()). */
    PyObject *cls = conf_dir[0] == '\0'
                        ? PyObject_CallFunction(bridge_support.registered_class, "sss", pi->interface->name,
                                                impl_name, details)
                        : PyObject_CallFunction(bridge_support.load_class, "sss", conf_dir, details, private_name);
    if (cls == NULL) {
        python_error_to_message("cannot import it: ");
        return OIF_IMPL_NOT_AVAILABLE_ERROR;
    }
    pi->object = PyObject_CallNoArgs(cls);
    Py_DECREF(cls);
    if (pi->object == NULL) {
        python_error_to_message("its constructor failed: ");
        return OIF_IMPL_NOT_AVAILABLE_ERROR;
    }
    for (unsigned int i = 0; i < pi->interface->num_methods; i++) {
        const OIFMethodSpec *method = &pi->interface->methods[i];
        pi->methods[i] = PyObject_GetAttrString(pi->object, method->name);
        if (pi->methods[i] != NULL && PyCallable_Check(pi->methods[i]) &&
            !is_optional_placeholder(pi->methods[i])) {
            continue;
        }
        Py_CLEAR(pi->methods[i]);
        PyErr_Clear();
        /* A method added in a minor version may be missing (py_has_method). */
        if (method->since_minor == 0) {
            oif_set_error("its class does not define method '%s' of interface '%s'", method->name,
                          pi->interface->name);
            return OIF_IMPL_NOT_AVAILABLE_ERROR;
        }
    }
    return 0;
}

static int py_has_method(void *instance, const OIFMethodSpec *method)
{
    const PyImpl *pi = instance;
    return pi->methods[method->index] != NULL;
}

static void *py_load(const OIFInterfaceSpec *iface, const char *impl_name, const char *conf_dir,
                     const char *details, int *status)
{
    if (python_runtime_start() != 0) {
        *status = OIF_BRIDGE_NOT_AVAILABLE_ERROR;
        return NULL;
    }
    PyGILState_STATE gil = python_enter();
    PyImpl *pi = PyType_Ready(&PyImplType) == 0 ? PyObject_GC_New(PyImpl, &PyImplType) : NULL;
    if (pi == NULL) {
        PyErr_Clear();
        oif_set_error("out of memory");
        *status = OIF_ERROR;
        python_leave(gil);
        return NULL;
    }
    memset((char *)pi + sizeof(PyObject), 0, sizeof *pi - sizeof(PyObject));
    PyObject_GC_Track(pi);
    pi->interface = iface;
    pi->name = oif_util_make_string("%s/%s", iface->name, impl_name);
    pi->methods = calloc(iface->num_methods, sizeof *pi->methods);
    pi->views = calloc((size_t)iface->num_methods * OIF_MAX_METHOD_ARGS, sizeof *pi->views);
    pi->callback_functions = PyObject_CallNoArgs(bridge_support.new_function_set);
    if (pi->name == NULL || pi->methods == NULL || pi->views == NULL || pi->callback_functions == NULL) {
        PyErr_Clear();
        oif_set_error("out of memory");
        *status = OIF_ERROR;
    } else {
        *status = instantiate(pi, conf_dir, details, impl_name);
    }
    if (*status != 0) {
        Py_CLEAR(pi);
    }
    python_leave(gil);
    return pi;
}

static const OIFBridge python_bridge = {
    .size = sizeof(OIFBridge),
    .abi_version = OIF_BRIDGE_ABI_VERSION,
    .language = OIF_LANG_PYTHON,
    .load = py_load,
    .unload = py_unload,
    .call = py_call,
    .has_method = py_has_method,
};

/* Looked up by the loader library, liboif_bridge_python. */
__attribute__((visibility("default"))) const OIFBridge *oif_python_bridge(void) { return &python_bridge; }
