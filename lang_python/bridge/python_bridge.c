/*
 * The Python bridge: loads implementations written in Python and calls
 * their methods.
 *
 * At load the class named by the .conf is instantiated and every method of
 * the interface is looked up once as a bound method.  A call takes the GIL,
 * turns the arguments into Python objects (arrays into ndarray views through
 * per-argument caches, no copies), vectorcalls the bound method and releases
 * the GIL.  A Python exception becomes a non-zero status and a message with
 * its type, text and innermost frame, except one raised by a Python user's
 * own callback (user_callback.h): that one stays set, for the user's side
 * to raise as itself.
 */
#include "../numpy_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <oif/bridge.h>
#include <oif/error.h>
#include <oif/interface_spec.h>
#include <oif/util.h>

#include "../ndarray_view.h"
#include "../python_impl.h"
#include "ccallback.h"
#include "python_from_oif.h"
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
    return ccallback_new(&declared);
}

static PyObject *python_arg(PyImpl *pi, const OIFMethodSpec *m, unsigned int i, OIFArgType type,
                            void *value)
{
    switch (type) {
    case OIF_TYPE_F64: return PyFloat_FromDouble(*(double *)value);
    case OIF_TYPE_INT: return PyLong_FromLong(*(int *)value);
    case OIF_TYPE_STRING: return PyUnicode_FromString(*(char **)value);
    case OIF_TYPE_ARRAY_F64: return ndarray_view(views_of(pi, m, i), *(OIFArrayF64 **)value, 0);
    case OIF_TYPE_CALLBACK: return python_callback(pi, value, m->in_callbacks[i]);
    case OIF_TYPE_USER_DATA: return python_user_data(value);
    case OIF_TYPE_CONFIG_DICT: return pydict_from_config_dict(value ? *(OIFConfigDict **)value : NULL);
    default:
        return PyErr_Format(PyExc_TypeError, "argument '%s' has type %s, which Python cannot take",
                            m->in_names[i], oif_arg_type_name(type));
    }
}

/* Stores a method's (status, message)-like result tuple in the return slots. */
static int store_returns(const OIFMethodSpec *m, PyObject *result, OIFArgs *return_args)
{
    PyObject *items = PySequence_Fast(result, "");
    if (items == NULL || PySequence_Fast_GET_SIZE(items) != (Py_ssize_t)m->num_ret) {
        Py_XDECREF(items);
        PyErr_Clear();
        oif_set_error("the method must return a tuple of %u values, not %.100s", m->num_ret,
                      Py_TYPE(result)->tp_name);
        return OIF_ERROR;
    }
    for (unsigned int i = 0; i < m->num_ret; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(items, i);
        void *made = NULL;
        int overflow = 0;
        long v = m->ret_types[i] == OIF_TYPE_INT && PyLong_Check(item) ? PyLong_AsLongAndOverflow(item, &overflow) : 0;
        if (m->ret_types[i] == OIF_TYPE_INT && PyLong_Check(item)) {
            if (!overflow && v >= INT32_MIN && v <= INT32_MAX && (made = oif_util_malloc(sizeof(int32_t))) != NULL) {
                *(int32_t *)made = (int32_t)v;
            }
        } else if (m->ret_types[i] == OIF_TYPE_STRING && PyUnicode_Check(item)) {
            made = oif_util_str_duplicate(PyUnicode_AsUTF8(item));
        }
        if (made == NULL) {
            PyErr_Clear();
            oif_set_error("return value '%s' must be %s, not %.100s", m->ret_names[i],
                          m->ret_types[i] == OIF_TYPE_INT ? "an int of 32 bits" : "a str",
                          Py_TYPE(item)->tp_name);
            Py_DECREF(items);
            return OIF_ERROR;
        }
        *(void **)return_args->arg_values[i] = made;
    }
    Py_DECREF(items);
    return 0;
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
        if ((argv[made] = python_arg(pi, m, made, m->in_types[made], in_args->arg_values[made])) == NULL) {
            break;
        }
    }
    for (unsigned int i = 0; made == m->num_in + i && i < m->num_out; i++, made++) {
        if ((argv[made] = ndarray_view(views_of(pi, m, made), *(OIFArrayF64 **)out_args->arg_values[i], 1)) == NULL) {
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
    } else if (PyLong_Check(result) && PyObject_IsTrue(result)) {
        /* A status that does not fit in an int must not wrap around to 0. */
        int overflow = 0;
        long value = PyLong_AsLongAndOverflow(result, &overflow);
        int fits = !overflow && value >= INT_MIN && value <= INT_MAX;
        status = fits ? (int)value : OIF_ERROR;
        if (overflow) {
            oif_set_error("returned a status that does not fit in a C int");
        } else {
            oif_set_error(fits ? "returned status %ld" : "returned status %ld, which does not fit in a C int", value);
        }
    } else {
        status = 0;
    }
    Py_XDECREF(result);
    user_callbacks_call_ends();
    python_leave(gil);
    return status;
}

static void release(PyImpl *pi)
{
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
    free(pi);
}

static int py_unload(void *instance)
{
    PyGILState_STATE gil = python_enter();
    release(instance);
    python_leave(gil);
    return 0;
}

/* Instantiates the class and resolves every method of the interface. */
static int instantiate(PyImpl *pi, const char *conf_dir, const char *details, const char *impl_name)
{
    char private_name[300];
    snprintf(private_name, sizeof private_name, "_oif_impl_%s_%s", pi->interface->name, impl_name);
    PyObject *cls = PyObject_CallFunction(bridge_support.load_class, "sss", conf_dir, details, private_name);
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
        const char *method = pi->interface->methods[i].name;
        pi->methods[i] = PyObject_GetAttrString(pi->object, method);
        if (pi->methods[i] == NULL || !PyCallable_Check(pi->methods[i])) {
            PyErr_Clear();
            oif_set_error("its class does not define method '%s' of interface '%s'", method,
                          pi->interface->name);
            return OIF_IMPL_NOT_AVAILABLE_ERROR;
        }
    }
    return 0;
}

static void *py_load(const OIFInterfaceSpec *iface, const char *impl_name, const char *conf_dir,
                     const char *details, int *status)
{
    if (python_runtime_start() != 0) {
        *status = OIF_BRIDGE_NOT_AVAILABLE_ERROR;
        return NULL;
    }
    PyImpl *pi = calloc(1, sizeof *pi);
    if (pi == NULL) {
        oif_set_error("out of memory");
        *status = OIF_ERROR;
        return NULL;
    }
    PyGILState_STATE gil = python_enter();
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
        release(pi);
        pi = NULL;
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
};

/* Looked up by the loader library, liboif_bridge_python. */
__attribute__((visibility("default"))) const OIFBridge *oif_python_bridge(void) { return &python_bridge; }
