/*
 * The interpreter the Python bridge runs implementations in: the host's own
 * when the host is Python, else one embedded on first use (and never
 * finalized, as implementations may live until the process ends).
 */
#ifndef OIF_BRIDGE_PYTHON_RUNTIME_H
#define OIF_BRIDGE_PYTHON_RUNTIME_H

#include "../numpy_api.h"

/* Makes the interpreter, NumPy and openinterfaces._bridge_support ready,
 * once per process; threads calling meanwhile wait.  Callable with the GIL
 * (a Python host's thread) or without.  0, or non-zero with oif_set_error(). */
int python_runtime_start(void);

/* Functions of openinterfaces._bridge_support, held for the life of the process. */
typedef struct {
    PyObject *load_class;
    PyObject *registered_class;
    PyObject *describe;
    PyObject *passes_as_itself;
    PyObject *new_function_set;
    PyObject *raised_in;
    PyObject *is_stop;
} BridgeSupport;

extern BridgeSupport bridge_support;

/* Records the current Python exception as the oif_last_error() message,
 * prefixed by `context`, and clears it. */
void python_error_to_message(const char *context);

#endif
