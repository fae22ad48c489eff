/*
 * openinterfaces._core, the extension Python users call through (folder
 * ext/): bindings to loaded instances, calls with their arguments converted
 * in place, Python functions made into C callbacks, user data, and the
 * package's exceptions.  It uses the dispatcher's public headers, the
 * conversions and array views at lang_python/'s top, and reaches a Python
 * implementation's objects only through python_bridge_instance.h, never
 * the bridge's own structures.
 */
#define OIF_NUMPY_IMPORTER
#include "../numpy_api.h"

#include <string.h>

#include <oif/dispatch.h>
#include <oif/error.h>
#include <oif/interface_spec.h>
#include <oif/util.h>

#include "../ndarray_view.h"
#include "binding.h"
#include "callback.h"
#include "errors.h"
#include "user_data.h"

static PyObject *list_impls(PyObject *module, PyObject *interface)
{
    (void)module;
    const char *name = binding_name_utf8(interface, "interface");
    if (name == NULL) {
        return NULL;
    }
    char **names = oif_list_impls(name);
    if (names == NULL) {
        return PyErr_Format(PyExc_ValueError, "%s", oif_last_error());
    }
    PyObject *list = PyList_New(0);
    for (size_t i = 0; list != NULL && names[i] != NULL; i++) {
        PyObject *s = PyUnicode_FromString(names[i]);
        if (s == NULL || PyList_Append(list, s) != 0) {
            Py_CLEAR(list);
        }
        Py_XDECREF(s);
    }
    oif_util_free(names);
    return list;
}

static PyObject *impl_language(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    const char *interface, *impl;
    if (nargs != 2 || !PyUnicode_Check(args[0]) || !PyUnicode_Check(args[1])) {
        return PyErr_Format(PyExc_TypeError, "impl_language(interface: str, impl: str)");
    }
    if ((interface = binding_name_utf8(args[0], "interface")) == NULL ||
        (impl = binding_name_utf8(args[1], "implementation")) == NULL) {
        return NULL;
    }
    char *language = oif_impl_language(interface, impl);
    if (language == NULL) {
        return PyErr_Format(PyExc_ValueError, "%s", oif_last_error());
    }
    /* The first line of a .conf, which may hold any bytes: shown, not
     * refused (loading refuses an unknown language with a message). */
    PyObject *result = PyUnicode_DecodeUTF8(language, (Py_ssize_t)strlen(language), "replace");
    oif_util_free(language);
    return result;
}

static PyObject *register_impl_entry(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    const char *text[4];
    if (nargs != 4) {
        return PyErr_Format(PyExc_TypeError, "register_impl_entry(interface: str, impl: str, language: str, "
                                             "details: str)");
    }
    for (Py_ssize_t i = 0; i < 4; i++) {
        if (!PyUnicode_Check(args[i])) {
            return PyErr_Format(PyExc_TypeError, "register_impl_entry() takes str arguments, not %s",
                                Py_TYPE(args[i])->tp_name);
        }
        if ((text[i] = PyUnicode_AsUTF8(args[i])) == NULL) {
            return NULL;
        }
    }
    if (oif_register_impl_entry(text[0], text[1], text[2], text[3]) != 0) {
        return PyErr_Format(PyExc_ValueError, "%s", oif_last_error());
    }
    Py_RETURN_NONE;
}

static PyObject *interface_names(PyObject *module, PyObject *unused)
{
    (void)module, (void)unused;
    PyObject *list = PyList_New(0);
    for (const OIFInterfaceSpec *const *i = oif_interface_list(); list != NULL && *i != NULL; i++) {
        PyObject *s = PyUnicode_FromString((*i)->name);
        if (s == NULL || PyList_Append(list, s) != 0) {
            Py_CLEAR(list);
        }
        Py_XDECREF(s);
    }
    return list;
}

static PyObject *interface_version(PyObject *module, PyObject *interface)
{
    (void)module;
    const char *name = binding_name_utf8(interface, "interface");
    if (name == NULL) {
        return NULL;
    }
    const OIFInterfaceSpec *spec = oif_interface_find(name);
    if (spec == NULL) {
        return PyErr_Format(PyExc_ValueError, "unknown interface %R", interface);
    }
    return Py_BuildValue("(ii)", spec->version_major, spec->version_minor);
}

static PyObject *search_path(PyObject *module, PyObject *unused)
{
    (void)module, (void)unused;
    return PyUnicode_FromString(oif_impl_search_path());
}

static PyMethodDef core_functions[] = {
    {"load_impl", (PyCFunction)(void (*)(void))binding_load, METH_FASTCALL,
     "load_impl(interface, impl, major, minor)\n--\n\n"
     "Loads a new instance of implementation `impl` of `interface`. Raises ValueError\n"
     "naming the implementation and listing the available ones if it cannot be loaded."},
    {"unload_impl", binding_unload, METH_O,
     "unload_impl(binding)\n--\n\nReleases the instance behind `binding`."},
    {"make_oif_callback", (PyCFunction)(void (*)(void))make_callback, METH_FASTCALL,
     "make_oif_callback(fn, argtypes, restype)\n--\n\n"
     "Wraps the Python callable `fn` as a C function with the given OIF argument types\n"
     "and result type (OIF_TYPE_INT or OIF_TYPE_F64), for passing to a solver."},
    {"make_oif_user_data", make_user_data, METH_O,
     "make_oif_user_data(obj)\n--\n\nWraps `obj` as user data; callbacks receive `obj` itself."},
    {"list_impls", list_impls, METH_O,
     "list_impls(interface)\n--\n\nNames of the implementations of `interface` on the search path."},
    {"impl_language", (PyCFunction)(void (*)(void))impl_language, METH_FASTCALL,
     "impl_language(interface, impl)\n--\n\nThe language an implementation is written in."},
    {"register_impl_entry", (PyCFunction)(void (*)(void))register_impl_entry, METH_FASTCALL,
     "register_impl_entry(interface, impl, language, details)\n--\n\n"
     "Registers an implementation without a .conf file (oif_register_impl_entry); use\n"
     "openinterfaces.register_impl. Raises ValueError if the name is invalid or taken."},
    {"interface_names", interface_names, METH_NOARGS,
     "interface_names()\n--\n\nNames of the interfaces this build knows."},
    {"interface_version", interface_version, METH_O,
     "interface_version(interface)\n--\n\n(major, minor): the version of `interface` its spec gives."},
    {"search_path", search_path, METH_NOARGS,
     "search_path()\n--\n\nThe folders searched for implementations, joined by ':'."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef core_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "openinterfaces._core",
    .m_doc = "The C side of openinterfaces: calls into the dispatcher without ctypes.",
    .m_size = -1,
    .m_methods = core_functions,
};

/* The constants of <oif/api.h>, taken from it so they cannot drift. */
static int add_constants(PyObject *m)
{
#define ADD(name) PyModule_AddIntConstant(m, #name, name)
    return ADD(OIF_TYPE_BOOL) || ADD(OIF_TYPE_CHAR) || ADD(OIF_TYPE_I8) || ADD(OIF_TYPE_UCHAR) ||
           ADD(OIF_TYPE_U8) || ADD(OIF_TYPE_INT) || ADD(OIF_TYPE_I32) || ADD(OIF_TYPE_UINT) ||
           ADD(OIF_TYPE_U32) || ADD(OIF_TYPE_I64) || ADD(OIF_TYPE_U64) || ADD(OIF_TYPE_F32) ||
           ADD(OIF_TYPE_F64) || ADD(OIF_TYPE_ARRAY_F32) || ADD(OIF_TYPE_ARRAY_F64) ||
           ADD(OIF_TYPE_STRING) || ADD(OIF_TYPE_CALLBACK) || ADD(OIF_USER_DATA) ||
           ADD(OIF_TYPE_USER_DATA) || ADD(OIF_TYPE_POINTER) || ADD(OIF_TYPE_CONFIG_DICT) ||
           ADD(OIF_LANG_C) || ADD(OIF_LANG_CXX) || ADD(OIF_LANG_PYTHON) || ADD(OIF_LANG_JULIA) ||
           ADD(OIF_LANG_R) || ADD(OIF_LANG_COUNT) || ADD(OIF_ARRAY_C_CONTIGUOUS) ||
           ADD(OIF_ARRAY_F_CONTIGUOUS) || ADD(OIF_ERROR) || ADD(OIF_IMPL_INIT_ERROR) ||
           ADD(OIF_BRIDGE_NOT_AVAILABLE_ERROR) || ADD(OIF_IMPL_NOT_AVAILABLE_ERROR) || ADD(OIF_STOPPED) ||
           ADD(OIF_IMPL_STARTING_NUMBER);
#undef ADD
}

PyMODINIT_FUNC PyInit__core(void)
{
    /* Not NumPy's import_array() macro: it calls PyErr_Print(), which exits
     * the process when the pending exception is SystemExit. */
    if (_import_array() < 0 || ndarray_view_init() != 0 || binding_init_constants() != 0 ||
        PyType_Ready(&BindingType) < 0 || PyType_Ready(&CallbackType) < 0 ||
        PyType_Ready(&UserDataType) < 0) {
        return NULL;
    }
    PyObject *m = PyModule_Create(&core_module);
    if (m == NULL || PyModule_AddObjectRef(m, "OIFPyBinding", (PyObject *)&BindingType) < 0 ||
        PyModule_AddObjectRef(m, "OIFCallback", (PyObject *)&CallbackType) < 0 ||
        PyModule_AddObjectRef(m, "OIFUserData", (PyObject *)&UserDataType) < 0 || add_constants(m) != 0 ||
        errors_add_to_module(m) != 0) {
        Py_XDECREF(m);
        return NULL;
    }
    return m;
}
