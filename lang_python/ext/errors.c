#include "errors.h"

#include <stdbool.h>

#include <oif/error.h>

PyObject *oif_error;
PyObject *oif_option_error;
PyObject *oif_stopped;

int errors_add_to_module(PyObject *module)
{
    oif_error = PyErr_NewExceptionWithDoc(
        "openinterfaces.OIFError",
        "A method of an implementation failed; the message is the implementation's own.\n\n"
        "Every implementation raises this type (a RuntimeError) for its failures, so an\n"
        "`except` clause keeps working when the implementation is swapped.",
        PyExc_RuntimeError, NULL);
    if (oif_error == NULL) {
        return -1;
    }
    PyObject *bases = PyTuple_Pack(2, oif_error, PyExc_ValueError);
    if (bases == NULL) {
        return -1;
    }
    oif_option_error = PyErr_NewExceptionWithDoc(
        "openinterfaces.OIFOptionError",
        "An implementation refused a method name or an option (set_integrator, set_method).\n\n"
        "Both an OIFError and a ValueError.",
        bases, NULL);
    Py_DECREF(bases);
    if (oif_option_error == NULL) {
        return -1;
    }
    oif_stopped = PyErr_NewExceptionWithDoc(
        "openinterfaces.OIFStopped",
        "A monitor callback asked to stop (returned non-zero), and the run stopped\n"
        "cleanly where it was (status OIF_STOPPED).  An OIFError.\n\n"
        "A Python implementation raises it to return that status.",
        oif_error, NULL);
    if (oif_stopped == NULL) {
        return -1;
    }
    return PyModule_AddObjectRef(module, "OIFError", oif_error) < 0 ||
                   PyModule_AddObjectRef(module, "OIFOptionError", oif_option_error) < 0 ||
                   PyModule_AddObjectRef(module, "OIFStopped", oif_stopped) < 0
               ? -1
               : 0;
}

static bool takes_options(const OIFMethodSpec *method)
{
    for (unsigned int i = 0; i < method->num_in; i++) {
        if (method->in_types[i] == OIF_TYPE_CONFIG_DICT) {
            return true;
        }
    }
    return false;
}

void errors_raise_method_failure(const OIFMethodSpec *method, int status)
{
    PyObject *type = status == OIF_STOPPED ? oif_stopped : takes_options(method) ? oif_option_error : oif_error;
    PyErr_Format(type,
                 "Error occurred while executing method '%s': %s", method->name, oif_last_error());
}
