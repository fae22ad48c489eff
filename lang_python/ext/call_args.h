/*
 * Python arguments of OIFPyBinding.call() converted to OIFArgs in storage on
 * the caller's C stack, following the method's spec: floats (and ints) to
 * double, ints to int, float64 ndarrays to OIFArrayF64 views (dtype, byte
 * order, alignment, contiguity and, for outputs, writability checked), str
 * to const char *, dicts to config dicts, callables to callbacks, by the
 * rules of convert_to_oif.h.  Nothing is allocated except for config dicts
 * and the callbacks made for plain callables.
 */
#ifndef OIF_LANG_PYTHON_CALL_ARGS_H
#define OIF_LANG_PYTHON_CALL_ARGS_H

#include "../numpy_api.h"

#include <oif/api.h>
#include <oif/config_dict.h>
#include <oif/interface_spec.h>

typedef enum { ARGS_IN, ARGS_OUT, ARGS_RETURN } ArgGroup;

typedef struct {
    OIFArgs args;
    void *values[OIF_MAX_METHOD_ARGS];
    union {
        double f64;
        int i32;
        const char *string;
        OIFArrayF64 *array_pointer;
        OIFUserData user_data;
        OIFConfigDict *config;
        PyObject *made; /* a callback made for a plain callable, or NULL */
        void *returned; /* int32_t *, char * or OIFConfigDict *, set by the callee */
    } slots[OIF_MAX_METHOD_ARGS];
    OIFArrayF64 arrays[OIF_MAX_METHOD_ARGS];
} CallArgs;

/*
 * Fills `out` from the Python sequence `given` for one group of `method`'s
 * arguments; for ARGS_RETURN `given` holds the expected return types and
 * may be NULL to accept the method's own.  Returns 0, or -1 with
 * TypeError/ValueError naming the method and argument.  `passed` receives
 * borrowed references to the in-arguments (for a plain callable, the
 * callback made for it), so that the caller can keep callbacks and user
 * data alive (may be NULL); they live until call_args_release().
 */
int call_args_from_python(CallArgs *out, const OIFMethodSpec *method, ArgGroup group,
                          PyObject *given, PyObject **passed);

/* Frees what the conversion made (config dicts, callbacks) or, for
 * ARGS_RETURN, what the callee made. */
void call_args_release(CallArgs *args, ArgGroup group);

/* The return values of a successful call as a list of ints, strs and dicts. */
PyObject *call_args_returned(CallArgs *args, const OIFMethodSpec *method);

#endif
