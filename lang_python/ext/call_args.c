#include "call_args.h"

#include <string.h>

#include <oif/error.h>
#include <oif/util.h>

#include "../config_dict_convert.h"
#include "callback.h"
#include "user_data.h"

static const char *const group_names[] = {"input", "output", "return"};

static int bad_arg(PyObject *exc, const OIFMethodSpec *method, const char *name, const char *what,
                   PyObject *given)
{
    PyErr_Format(exc, "method '%s', argument '%s': expected %s, got %.100s", method->name, name,
                 what, given ? Py_TYPE(given)->tp_name : "nothing");
    return -1;
}

static int to_double(PyObject *o, double *out)
{
    if (PyFloat_CheckExact(o)) {
        *out = PyFloat_AS_DOUBLE(o);
        return 0;
    }
    if (PyBool_Check(o) || !(PyFloat_Check(o) || PyLong_Check(o) || PyIndex_Check(o) ||
                             (Py_TYPE(o)->tp_as_number && Py_TYPE(o)->tp_as_number->nb_float))) {
        return -1;
    }
    *out = PyFloat_AsDouble(o);
    return *out == -1.0 && PyErr_Occurred() ? -2 : 0;
}

static int to_int(PyObject *o, int *out)
{
    if (PyBool_Check(o) || !PyIndex_Check(o)) {
        return -1;
    }
    int overflow = 0;
    PyObject *index = PyNumber_Index(o);
    long v = index ? PyLong_AsLongAndOverflow(index, &overflow) : -1;
    Py_XDECREF(index);
    if (index == NULL || overflow || v < INT_MIN || v > INT_MAX) {
        return -2;
    }
    *out = (int)v;
    return 0;
}

static int to_array(PyObject *o, OIFArrayF64 *out, int writable, const OIFMethodSpec *method,
                    const char *name)
{
    if (!PyArray_Check(o)) {
        return bad_arg(PyExc_TypeError, method, name, "a float64 NumPy array", o);
    }
    PyArrayObject *a = (PyArrayObject *)o;
    const char *problem = NULL;
    if (PyArray_TYPE(a) != NPY_DOUBLE || !PyArray_ISNOTSWAPPED(a)) {
        problem = "has dtype %R; convert it with numpy.asarray(x, dtype=numpy.float64)";
    } else if (PyArray_NDIM(a) < 1) {
        problem = "is 0-dimensional (%R); pass an array with at least one axis";
    } else if (!(PyArray_IS_C_CONTIGUOUS(a) || PyArray_IS_F_CONTIGUOUS(a))) {
        problem = "is not contiguous (%R); pass numpy.ascontiguousarray(x)";
    } else if (!PyArray_ISALIGNED(a)) {
        /* numpy.ascontiguousarray() returns such an array as it is. */
        problem = "is not aligned in memory (%R); pass an aligned copy, numpy.array(x)";
    } else if (writable && !PyArray_ISWRITEABLE(a)) {
        problem = "is read-only (%R) but the method writes into it";
    }
    if (problem != NULL) {
        char format[256];
        snprintf(format, sizeof format, "method '%%s', argument '%%s' %s", problem);
        PyErr_Format(PyExc_ValueError, format, method->name, name, (PyObject *)PyArray_DESCR(a));
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

static int convert_one(CallArgs *ca, size_t i, OIFArgType type, PyObject *o, ArgGroup group,
                       const OIFMethodSpec *method, const char *name)
{
    ca->values[i] = &ca->slots[i];
    switch (type) {
    case OIF_TYPE_F64: {
        int rc = to_double(o, &ca->slots[i].f64);
        return rc == 0 ? 0 : rc == -2 ? -1 : bad_arg(PyExc_TypeError, method, name, "a float", o);
    }
    case OIF_TYPE_INT: {
        int rc = to_int(o, &ca->slots[i].i32);
        if (rc == -2) {
            PyErr_Clear();
            PyErr_Format(PyExc_ValueError, "method '%s', argument '%s': %R does not fit in a C int",
                         method->name, name, o);
            return -1;
        }
        return rc == 0 ? 0 : bad_arg(PyExc_TypeError, method, name, "an int", o);
    }
    case OIF_TYPE_ARRAY_F64:
        ca->slots[i].array_pointer = &ca->arrays[i];
        return to_array(o, &ca->arrays[i], group == ARGS_OUT, method, name);
    case OIF_TYPE_STRING: {
        Py_ssize_t size;
        const char *s = PyUnicode_Check(o) ? PyUnicode_AsUTF8AndSize(o, &size) : NULL;
        if (s == NULL) {
            return PyErr_Occurred() ? -1 : bad_arg(PyExc_TypeError, method, name, "a str", o);
        }
        if (strlen(s) != (size_t)size) {
            PyErr_Format(PyExc_ValueError, "method '%s', argument '%s' contains a NUL character",
                         method->name, name);
            return -1;
        }
        ca->slots[i].string = s;
        return 0;
    }
    case OIF_TYPE_CALLBACK: {
        OIFCallback *cb = callback_as_oif(o);
        if (cb == NULL) {
            return bad_arg(PyExc_TypeError, method, name, "a callback made by make_oif_callback()", o);
        }
        if (method->in_callbacks != NULL) {
            if (oif_check_callback(cb, method->in_callbacks[i], "input", name) != 0) {
                PyErr_Format(PyExc_TypeError, "method '%s': %s", method->name, oif_last_error());
                return -1;
            }
            callback_set_arg_names(o, method->in_callbacks[i]->arg_names);
        }
        ca->values[i] = cb;
        return 0;
    }
    case OIF_TYPE_USER_DATA: {
        /* Any object is accepted as is; make_oif_user_data() wrappers too. */
        OIFUserData *ud = user_data_as_oif(o);
        ca->slots[i].user_data = ud ? *ud : (OIFUserData){.src = OIF_LANG_PYTHON, .py = o == Py_None ? NULL : o};
        return 0;
    }
    case OIF_TYPE_CONFIG_DICT: {
        char context[160];
        snprintf(context, sizeof context, "method '%s', argument '%s'", method->name, name);
        ca->slots[i].config = o == Py_None ? NULL : config_dict_from_pydict(o, context);
        return o == Py_None || ca->slots[i].config != NULL ? 0 : -1;
    }
    default:
        PyErr_Format(PyExc_TypeError, "method '%s', argument '%s' has type %s, which Python "
                     "cannot pass", method->name, name, oif_arg_type_name(type));
        return -1;
    }
}

/* Return slots start empty; the callee fills them.  `requested`, when
 * given, must name the method's own return types. */
static int prepare_returns(CallArgs *out, const OIFMethodSpec *method, PyObject *const *requested)
{
    for (unsigned int i = 0; i < method->num_ret; i++) {
        OIFArgType type = method->ret_types[i];
        if (requested != NULL && PyLong_AsLong(requested[i]) != (long)type) {
            PyErr_Clear();
            PyErr_Format(PyExc_TypeError, "method '%s' returns '%s' as type %s (%d), not %R",
                         method->name, method->ret_names[i], oif_arg_type_name(type), (int)type,
                         requested[i]);
            return -1;
        }
        out->slots[i].returned = NULL;
        out->values[i] = &out->slots[i].returned;
    }
    out->args.num_args = method->num_ret;
    return 0;
}

int call_args_from_python(CallArgs *out, const OIFMethodSpec *method, ArgGroup group,
                          PyObject *given, PyObject **passed)
{
    unsigned int expected = group == ARGS_IN    ? method->num_in
                            : group == ARGS_OUT ? method->num_out
                                                : method->num_ret;
    /* The spec's own type array: the dispatcher need not compare types. */
    const OIFArgType *spec_types = group == ARGS_IN    ? method->in_types
                                   : group == ARGS_OUT ? method->out_types
                                                       : method->ret_types;
    out->args = (OIFArgs){0, (OIFArgType *)spec_types, out->values};
    if (group == ARGS_RETURN && given == NULL) {
        return prepare_returns(out, method, NULL);
    }
    if (!PyTuple_Check(given) && !PyList_Check(given)) {
        PyErr_Format(PyExc_TypeError, "method '%s': %s arguments must be a tuple, not %.100s",
                     method->name, group_names[group], Py_TYPE(given)->tp_name);
        return -1;
    }
    Py_ssize_t count = PySequence_Fast_GET_SIZE(given);
    if ((size_t)count != expected) {
        PyErr_Format(PyExc_TypeError, "method '%s' takes %u %s argument%s, got %zd", method->name,
                     expected, group_names[group], expected == 1 ? "" : "s", count);
        return -1;
    }
    PyObject **items = PySequence_Fast_ITEMS(given);
    if (group == ARGS_RETURN) {
        return prepare_returns(out, method, items);
    }
    const char *const *names = group == ARGS_IN ? method->in_names : method->out_names;
    for (unsigned int i = 0; i < expected; i++) {
        if (passed != NULL) {
            passed[i] = items[i];
        }
        if (convert_one(out, i, spec_types[i], items[i], group, method, names[i]) != 0) {
            call_args_release(out, group); /* the ones converted so far */
            return -1;
        }
        out->args.num_args = i + 1;
    }
    return 0;
}

void call_args_release(CallArgs *args, ArgGroup group)
{
    for (size_t i = 0; i < args->args.num_args; i++) {
        if (group == ARGS_RETURN) {
            oif_util_free(args->slots[i].returned);
            args->slots[i].returned = NULL;
        } else if (group == ARGS_IN && args->args.arg_types[i] == OIF_TYPE_CONFIG_DICT) {
            oif_config_dict_free(args->slots[i].config);
        }
    }
}

PyObject *call_args_returned(CallArgs *args, const OIFMethodSpec *method)
{
    PyObject *list = PyList_New(method->num_ret);
    for (unsigned int i = 0; list != NULL && i < method->num_ret; i++) {
        const void *returned = args->slots[i].returned;
        PyObject *value = NULL;
        if (returned == NULL) {
            PyErr_Format(PyExc_RuntimeError, "method '%s' did not set its return value '%s'",
                         method->name, method->ret_names[i]);
        } else if (args->args.arg_types[i] == OIF_TYPE_INT) {
            value = PyLong_FromLong(*(const int32_t *)returned);
        } else {
            value = PyUnicode_DecodeUTF8(returned, (Py_ssize_t)strlen(returned), "replace");
        }
        if (value == NULL) {
            Py_CLEAR(list);
        } else {
            PyList_SET_ITEM(list, i, value);
        }
    }
    return list;
}
