#include "config_dict_convert.h"

#include <string.h>

#include <oif/error.h>

static int add_entry(OIFConfigDict *config, const char *key, PyObject *value, const char *context)
{
    if (PyLong_Check(value) && !PyBool_Check(value)) {
        int overflow = 0;
        long v = PyLong_AsLongAndOverflow(value, &overflow);
        if (overflow || v < INT_MIN || v > INT_MAX) {
            PyErr_Format(PyExc_ValueError, "%s: option '%s' = %R does not fit in a C int", context,
                         key, value);
            return -1;
        }
        return oif_config_dict_add_int(config, key, (int)v);
    }
    if (PyFloat_Check(value)) {
        return oif_config_dict_add_double(config, key, PyFloat_AS_DOUBLE(value));
    }
    if (PyUnicode_Check(value)) {
        Py_ssize_t size;
        const char *s = PyUnicode_AsUTF8AndSize(value, &size);
        if (s != NULL && strlen(s) != (size_t)size) {
            /* A C string would end at the NUL: the implementation would get
             * another value than the one given. */
            PyErr_Format(PyExc_ValueError, "%s: option '%s' = %R contains a NUL character", context,
                         key, value);
            return -1;
        }
        return s != NULL ? oif_config_dict_add_str(config, key, s) : -1;
    }
    PyErr_Format(PyExc_TypeError, "%s: option '%s' has a value of type %.100s; options must be int, "
                 "float or str", context, key, Py_TYPE(value)->tp_name);
    return -1;
}

OIFConfigDict *config_dict_from_pydict(PyObject *dict, const char *context)
{
    if (!PyDict_Check(dict)) {
        PyErr_Format(PyExc_TypeError, "%s: options must be a dict, not %.100s", context,
                     Py_TYPE(dict)->tp_name);
        return NULL;
    }
    OIFConfigDict *config = oif_config_dict_init();
    if (config == NULL) {
        return (OIFConfigDict *)PyErr_NoMemory();
    }
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(dict, &pos, &key, &value)) {
        Py_ssize_t key_size = 0;
        const char *k = PyUnicode_Check(key) ? PyUnicode_AsUTF8AndSize(key, &key_size) : NULL;
        if (k != NULL && strlen(k) != (size_t)key_size) {
            PyErr_Format(PyExc_ValueError, "%s: option name %R contains a NUL character", context, key);
            k = NULL;
        }
        if (k == NULL) {
            if (!PyErr_Occurred()) {
                PyErr_Format(PyExc_TypeError, "%s: option names must be str, not %.100s", context,
                             Py_TYPE(key)->tp_name);
            }
            oif_config_dict_free(config);
            return NULL;
        }
        if (add_entry(config, k, value, context) != 0) {
            if (!PyErr_Occurred()) {
                PyErr_Format(PyExc_RuntimeError, "%s: %s", context, oif_last_error());
            }
            oif_config_dict_free(config);
            return NULL;
        }
    }
    return config;
}
