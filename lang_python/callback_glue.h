/*
 * Typed crossings between C callbacks and Python, generated from the
 * callback signatures of the interface specs (interfaces/generate.py, kinds
 * callback-trampolines and callback-invokers).  libffi can do both jobs for
 * any signature, but classifies every argument on every call (some 500 to
 * 900 instructions); these do the same for the signatures the interfaces
 * use, and libffi stays the fallback for others.
 */
#ifndef OIF_LANG_PYTHON_CALLBACK_GLUE_H
#define OIF_LANG_PYTHON_CALLBACK_GLUE_H

#include <stddef.h>

#include <oif/api.h>

typedef union {
    int status;   /* for OIF_TYPE_INT results */
    double value; /* for OIF_TYPE_F64 results */
} CallbackResult;

/* C entry points for Python callables, per signature: entries[k] hands its
 * arguments (as an array of pointers to them) and slots[k] to
 * callback_glue_run().  A NULL-signature entry ends the table. */
typedef struct {
    OIFArgType restype;
    unsigned int nargs;
    const OIFArgType *arg_types;
    void **slots;
    void (*const *entries)(void);
    unsigned int size;
} TrampolinePool;

extern const TrampolinePool trampoline_pools[];

/* Defined by whoever uses the trampolines: runs the callable in `slot`. */
void callback_glue_run(void *slot, void **args, CallbackResult *result);

/* Typed calls of C callbacks, per signature: invoke() calls `fn` with the
 * values `args` point to. */
typedef struct {
    OIFArgType restype;
    unsigned int nargs;
    const OIFArgType *arg_types;
    void (*invoke)(void (*fn)(void), void *const *args, CallbackResult *result);
} CallbackInvoker;

extern const CallbackInvoker callback_invokers[];

#endif
