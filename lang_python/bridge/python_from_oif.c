#include "python_from_oif.h"

#include <oif/error.h>
#include <oif/util.h>

PyObject *pydict_from_config_dict(OIFConfigDict *config)
{
    if (config == NULL) {
        Py_RETURN_NONE;
    }
    const char **keys = oif_config_dict_get_keys(config);
    PyObject *dict = keys != NULL ? PyDict_New() : PyErr_NoMemory();
    for (size_t i = 0; dict != NULL && keys[i] != NULL; i++) {
        PyObject *value;
        switch (oif_config_dict_get_type(config, keys[i])) {
        case OIF_TYPE_INT: {
            /* An integer decoded from another language's bytes may not fit
             * in an int: the getter then returns 0 with a message, which
             * must not reach the implementation as the value. */
            unsigned long errors_before = oif_error_count();
            int v = oif_config_dict_get_int(config, keys[i]);
            value = oif_error_count() == errors_before ? PyLong_FromLong(v)
                                                       : PyErr_Format(PyExc_ValueError, "%s", oif_last_error());
            break;
        }
        case OIF_TYPE_F64:
            value = PyFloat_FromDouble(oif_config_dict_get_double(config, keys[i]));
            break;
        default:
            value = PyUnicode_FromString(oif_config_dict_get_str(config, keys[i]));
        }
        if (value == NULL || PyDict_SetItemString(dict, keys[i], value) != 0) {
            Py_CLEAR(dict);
        }
        Py_XDECREF(value);
    }
    oif_util_free(keys);
    return dict;
}

PyObject *python_user_data(const OIFUserData *ud)
{
    if (ud->src == OIF_LANG_PYTHON) {
        return Py_NewRef(ud->py != NULL ? (PyObject *)ud->py : Py_None);
    }
    if (ud->src == OIF_LANG_C) {
        return ud->c != NULL ? PyCapsule_New(ud->c, "oif_user_data", NULL) : Py_NewRef(Py_None);
    }
    PyErr_Format(PyExc_ValueError, "user data from language %d cannot reach a Python implementation",
                 ud->src);
    return NULL;
}
