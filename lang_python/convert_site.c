#include "convert_site.h"

#include <stdarg.h>

int convert_site_error(PyObject *exc, const ConvertSite *site, const char *format, ...)
{
    va_list va;
    va_start(va, format);
    PyObject *text = PyUnicode_FromFormatV(format, va);
    va_end(va);
    if (text == NULL) {
        return -1;
    }
    PyObject *message;
    if (site->owner != NULL && site->name != NULL) {
        message = PyUnicode_FromFormat("%s '%s', %s '%s'%U", site->kind, site->owner, site->role, site->name, text);
    } else if (site->owner != NULL && site->position == 0) {
        message = PyUnicode_FromFormat("%s '%s', %s%U", site->kind, site->owner, site->role, text);
    } else if (site->owner != NULL) {
        message = PyUnicode_FromFormat("%s '%s', %s %u%U", site->kind, site->owner, site->role, site->position, text);
    } else if (site->position == 0) {
        message = PyUnicode_FromFormat("%s %s%U", site->kind, site->role, text);
    } else {
        message = PyUnicode_FromFormat("%s %s %u%U", site->kind, site->role, site->position, text);
    }
    Py_DECREF(text);
    if (message != NULL) {
        PyErr_SetObject(exc, message);
        Py_DECREF(message);
    }
    return -1;
}
