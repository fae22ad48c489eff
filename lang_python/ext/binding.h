/*
 * OIFPyBinding: one loaded implementation instance, as seen from Python.
 * call() converts its arguments on the C stack, calls the dispatcher
 * directly and turns failures into exceptions.  The binding keeps the
 * callbacks and user data it passed alive until they are replaced or the
 * implementation is unloaded, so a solver never calls into freed memory.
 */
#ifndef OIF_LANG_PYTHON_BINDING_H
#define OIF_LANG_PYTHON_BINDING_H

#include "../numpy_api.h"

extern PyTypeObject BindingType;

/* Called once at module import. */
int binding_init_constants(void);

/* load_impl(interface, impl, major, minor) -> OIFPyBinding */
PyObject *binding_load(PyObject *module, PyObject *const *args, Py_ssize_t nargs);

/* unload_impl(binding) */
PyObject *binding_unload(PyObject *module, PyObject *binding);

/* The UTF-8 of an interface or implementation name given as a str, or NULL
 * with an exception: TypeError for another type, ValueError for a name with
 * a NUL character, which the dispatcher would read as a shorter name. */
const char *binding_name_utf8(PyObject *name, const char *what);

#endif
