/* The exceptions of openinterfaces, for failures inside an implementation:
 * one type whatever the implementation, so that swapping it keeps a
 * script's `except` clauses working. */
#ifndef OIF_LANG_PYTHON_ERRORS_H
#define OIF_LANG_PYTHON_ERRORS_H

#include "../numpy_api.h"

#include <oif/interface_spec.h>

/* OIFError(RuntimeError): an implementation's method failed. */
extern PyObject *oif_error;
/* OIFOptionError(OIFError, ValueError): it refused a method name or an
 * option (a failure of a method that takes a config dict). */
extern PyObject *oif_option_error;
/* OIFStopped(OIFError): a monitor asked to stop (status OIF_STOPPED). */
extern PyObject *oif_stopped;

/* Makes both types and adds them to the module; 0 or -1 with an exception. */
int errors_add_to_module(PyObject *module);

/* Raises the exception for `method` having returned the non-zero `status`,
 * with oif_last_error(). */
void errors_raise_method_failure(const OIFMethodSpec *method, int status);

#endif
