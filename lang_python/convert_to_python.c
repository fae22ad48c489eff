#include "convert_to_python.h"

#include <string.h>

#include <oif/error.h>
#include <oif/util.h>

PyObject *to_python_string(const char *s, const ConvertSite *site)
{
    if (s == NULL) {
        convert_site_error(PyExc_ValueError, site, " is a NULL string");
        return NULL;
    }
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
}

/* The whole rule, though to_python_array() takes arrays with nothing NULL itself. */
PyObject *to_python_array_slow(NdarrayViewCache *cache, const OIFArrayF64 *array, int writable,
                               const ConvertSite *site)
{
    const char *problem = array == NULL              ? " is a NULL array"
                          : array->nd < 1            ? " has no dimensions"
                          : array->dimensions == NULL ? " has NULL dimensions"
                                                      : NULL;
    if (problem == NULL && array->data == NULL) {
        /* Without data only if empty: ndarray_view gives that a placeholder. */
        int empty = 0;
        for (int i = 0; i < array->nd; i++) {
            empty |= array->dimensions[i] == 0;
        }
        problem = empty ? NULL : " has NULL data";
    }
    if (problem != NULL) {
        convert_site_error(PyExc_ValueError, site, "%s", problem);
        return NULL;
    }
    return ndarray_view(cache, array, writable);
}

PyObject *to_python_user_data(const OIFUserData *ud, const ConvertSite *site)
{
    if (ud->src == OIF_LANG_PYTHON) {
        return Py_NewRef(ud->py != NULL ? (PyObject *)ud->py : Py_None);
    }
    if (ud->src == OIF_LANG_C) {
        return ud->c != NULL ? PyCapsule_New(ud->c, "oif_user_data", NULL) : Py_NewRef(Py_None);
    }
    convert_site_error(PyExc_ValueError, site, " comes from language %d, which Python cannot take", ud->src);
    return NULL;
}

PyObject *to_python_config_dict(OIFConfigDict *config, const ConvertSite *site)
{
    if (config == NULL) {
        Py_RETURN_NONE;
    }
    const char **keys = oif_config_dict_get_keys(config);
    PyObject *dict = keys != NULL ? PyDict_New() : PyErr_NoMemory();
    for (size_t i = 0; dict != NULL && keys[i] != NULL; i++) {
        PyObject *value = NULL;
        /* An integer decoded from another language's bytes may not fit in an
         * int: the getter then returns 0 with a message, which must not reach
         * the implementation as the value. */
        unsigned long errors_before = oif_error_count();
        switch (oif_config_dict_get_type(config, keys[i])) {
        case OIF_TYPE_INT:
            value = to_python_int(oif_config_dict_get_int(config, keys[i]));
            break;
        case OIF_TYPE_F64:
            value = to_python_double(oif_config_dict_get_double(config, keys[i]));
            break;
        default:
            value = to_python_string(oif_config_dict_get_str(config, keys[i]), site);
        }
        if (value != NULL && oif_error_count() != errors_before) {
            Py_CLEAR(value);
            convert_site_error(PyExc_ValueError, site, ": option '%s': %s", keys[i], oif_last_error());
        }
        if (value == NULL || PyDict_SetItemString(dict, keys[i], value) != 0) {
            Py_CLEAR(dict);
        }
        Py_XDECREF(value);
    }
    oif_util_free(keys);
    return dict;
}
