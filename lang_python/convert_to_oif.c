#include "convert_to_oif.h"

#include <limits.h>
#include <string.h>

#include <oif/error.h>

/* A bool is a number, 1 or 0, as in Python: True is an int there.  NumPy's
 * bool is read by its truth, as its use as an index is deprecated. */
static int is_numpy_bool(PyObject *o) { return PyArray_IsScalar(o, Bool); }

/* A float itself was taken by to_oif_double. */
int to_oif_double_slow(PyObject *o, double *out, const ConvertSite *site)
{
    if (is_numpy_bool(o)) {
        *out = PyObject_IsTrue(o);
        return 0;
    }
    PyNumberMethods *number = Py_TYPE(o)->tp_as_number;
    if (number == NULL || (number->nb_float == NULL && number->nb_index == NULL)) {
        return convert_site_error(PyExc_TypeError, site, ": expected a float, got %.100s", Py_TYPE(o)->tp_name);
    }
    double value = PyFloat_AsDouble(o);
    if (value == -1.0 && PyErr_Occurred()) {
        if (PyErr_ExceptionMatches(PyExc_OverflowError)) {
            PyErr_Clear();
            return convert_site_error(PyExc_ValueError, site, ": %R does not fit in a C double", o);
        }
        return -1; /* raised by the object's own __float__ */
    }
    *out = value;
    return 0;
}

/* An int object's value as a C int: 0, 1 if it does not fit, -1 with an
 * exception. */
static int int_value(PyObject *integer, int *out)
{
    int overflow = 0;
    long value = PyLong_AsLongAndOverflow(integer, &overflow);
    if (value == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (overflow || value < INT_MIN || value > INT_MAX) {
        return 1;
    }
    *out = (int)value;
    return 0;
}

int to_oif_int(PyObject *o, int *out, const ConvertSite *site)
{
    if (is_numpy_bool(o)) {
        *out = PyObject_IsTrue(o);
        return 0;
    }
    if (!PyIndex_Check(o)) {
        return convert_site_error(PyExc_TypeError, site, ": expected an int, got %.100s", Py_TYPE(o)->tp_name);
    }
    PyObject *index = PyLong_CheckExact(o) ? Py_NewRef(o) : PyNumber_Index(o);
    if (index == NULL) {
        return -1; /* raised by the object's own __index__ */
    }
    int status = int_value(index, out);
    Py_DECREF(index);
    return status <= 0 ? status : convert_site_error(PyExc_ValueError, site, ": %R does not fit in a C int", o);
}

/* None was taken by to_oif_status. */
int to_oif_status_slow(PyObject *o, int *out, const ConvertSite *site)
{
    if (!is_numpy_bool(o) && !PyIndex_Check(o)) {
        return convert_site_error(PyExc_TypeError, site, ": expected an int status or None, got %.100s",
                                  Py_TYPE(o)->tp_name);
    }
    return to_oif_int(o, out, site);
}

/* The UTF-8 of `o`, a str, or NULL: a C string would end at a NUL, and the
 * callee would get another value than the one given. */
static const char *utf8_without_nul(PyObject *o)
{
    Py_ssize_t size;
    const char *s = PyUnicode_AsUTF8AndSize(o, &size);
    return s != NULL && strlen(s) == (size_t)size ? s : NULL;
}

int to_oif_string(PyObject *o, const char **out, const ConvertSite *site)
{
    if (!PyUnicode_Check(o)) {
        return convert_site_error(PyExc_TypeError, site, ": expected a str, got %.100s", Py_TYPE(o)->tp_name);
    }
    *out = utf8_without_nul(o);
    if (*out == NULL) {
        /* A str with a lone surrogate has no UTF-8 (UnicodeEncodeError). */
        return PyErr_Occurred() ? -1 : convert_site_error(PyExc_ValueError, site, " contains a NUL character");
    }
    return 0;
}

/* One option, of the type its value has: float (also NumPy's floats), int
 * (also a bool and NumPy's integers) or str. */
static int add_option(OIFConfigDict *config, const char *key, PyObject *value, const ConvertSite *site)
{
    if (PyFloat_Check(value) || PyArray_IsScalar(value, Floating)) {
        double d = PyFloat_AsDouble(value);
        return d == -1.0 && PyErr_Occurred() ? -1 : oif_config_dict_add_double(config, key, d);
    }
    if (is_numpy_bool(value) || PyIndex_Check(value)) {
        PyObject *index = is_numpy_bool(value) ? PyLong_FromLong(PyObject_IsTrue(value)) : PyNumber_Index(value);
        if (index == NULL) {
            return -1;
        }
        int v, status = int_value(index, &v);
        Py_DECREF(index);
        if (status > 0) {
            convert_site_error(PyExc_ValueError, site, ": option '%s' = %R does not fit in a C int", key, value);
        }
        return status != 0 ? -1 : oif_config_dict_add_int(config, key, v);
    }
    if (PyUnicode_Check(value)) {
        const char *s = utf8_without_nul(value);
        if (s == NULL && !PyErr_Occurred()) {
            convert_site_error(PyExc_ValueError, site, ": option '%s' = %R contains a NUL character", key, value);
        }
        return s == NULL ? -1 : oif_config_dict_add_str(config, key, s);
    }
    return convert_site_error(PyExc_TypeError, site, ": option '%s' has a value of type %.100s; options must be "
                              "int, float or str", key, Py_TYPE(value)->tp_name);
}

int to_oif_config_dict(PyObject *o, OIFConfigDict **out, const ConvertSite *site)
{
    *out = NULL;
    if (o == Py_None) {
        return 0;
    }
    if (!PyDict_Check(o)) {
        return convert_site_error(PyExc_TypeError, site, ": options must be a dict, not %.100s",
                                  Py_TYPE(o)->tp_name);
    }
    OIFConfigDict *config = oif_config_dict_init();
    if (config == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(o, &pos, &key, &value)) {
        const char *k = NULL;
        if (!PyUnicode_Check(key)) {
            convert_site_error(PyExc_TypeError, site, ": option names must be str, not %.100s", Py_TYPE(key)->tp_name);
        } else if ((k = utf8_without_nul(key)) == NULL && !PyErr_Occurred()) {
            convert_site_error(PyExc_ValueError, site, ": option name %R contains a NUL character", key);
        }
        if (k == NULL || add_option(config, k, value, site) != 0) {
            if (!PyErr_Occurred()) { /* the config dict's own failure */
                convert_site_error(PyExc_RuntimeError, site, ": %s", oif_last_error());
            }
            oif_config_dict_free(config);
            return -1;
        }
    }
    *out = config;
    return 0;
}

OIFUserData to_oif_user_data(PyObject *o)
{
    return (OIFUserData){.src = OIF_LANG_PYTHON, .py = o == Py_None ? NULL : o};
}
