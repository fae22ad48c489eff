/*
 * Types and constants shared by users, the dispatcher, the language bridges
 * and implementations.  Values and struct layouts are those of MaRDI Open
 * Interfaces 0.7, so code written against it compiles unchanged.
 *
 * include/oif/ holds the public C headers, each self-contained: this one,
 * the C users' API (c_bindings.h, config_dict.h, util.h, error.h, log.h,
 * version.h), the dispatcher's (dispatch.h, interface_spec.h) and the
 * plugin ABIs (bridge.h, impl_abi.h); interfaces/ gets the generated
 * headers of each interface.  They include only each other and the C
 * library.
 */
#ifndef OIF_API_H
#define OIF_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A loaded implementation; valid handles are >= OIF_IMPL_STARTING_NUMBER. */
typedef int ImplHandle;

enum {
    OIF_IMPL_STARTING_NUMBER = 1000,
};

typedef enum {
    OIF_TYPE_BOOL = 1,
    OIF_TYPE_CHAR = 2,
    OIF_TYPE_I8 = 2,
    OIF_TYPE_UCHAR = 3,
    OIF_TYPE_U8 = 3,
    OIF_TYPE_I32 = 4,
    OIF_TYPE_INT = 4,
    OIF_TYPE_U32 = 5,
    OIF_TYPE_UINT = 5,
    OIF_TYPE_I64 = 6,
    OIF_TYPE_U64 = 7,
    OIF_TYPE_F32 = 8,
    OIF_TYPE_F64 = 9,
    OIF_TYPE_ARRAY_F32 = 10,
    OIF_TYPE_ARRAY_F64 = 11,
    OIF_TYPE_STRING = 12,
    OIF_TYPE_CALLBACK = 13,
    OIF_USER_DATA = 14,
    OIF_TYPE_USER_DATA = 14,
    OIF_TYPE_POINTER = 14,
    OIF_TYPE_CONFIG_DICT = 15,
    /* Upstream's shorter names of the same types, as in its Python package. */
    OIF_ARRAY_F64 = 11,
    OIF_STR = 12,
    OIF_CALLBACK = 13,
    OIF_CONFIG_DICT = 15,
} OIFArgType;

enum {
    OIF_LANG_C = 1,
    OIF_LANG_CXX = 2,
    OIF_LANG_PYTHON = 3,
    OIF_LANG_JULIA = 4,
    OIF_LANG_R = 5,
    OIF_LANG_COUNT = 6,
};

/* Status codes.  Every public function returns 0 on success. */
enum {
    OIF_ERROR = 1,
    OIF_IMPL_INIT_ERROR = 2,
    OIF_BRIDGE_NOT_AVAILABLE_ERROR = 3,
    OIF_IMPL_NOT_AVAILABLE_ERROR = 4,
    /* Not a failure: a callback asked to stop (a monitor returned non-zero),
     * and the method stopped cleanly where it was; see the interface's doc. */
    OIF_STOPPED = 5,
};

/*
 * Arguments of one method call.  arg_values[i] points to the value of
 * argument i: a double for OIF_TYPE_F64, an int for OIF_TYPE_INT, an
 * `OIFArrayF64 *` for OIF_TYPE_ARRAY_F64, a `char *` for OIF_TYPE_STRING,
 * the OIFCallback for OIF_TYPE_CALLBACK, the OIFUserData for OIF_USER_DATA
 * and an `OIFConfigDict *` (which may be NULL) for OIF_TYPE_CONFIG_DICT.
 *
 * For return arguments arg_values[i] points to a pointer that the callee sets
 * to a freshly allocated int32_t, NUL-terminated string or config dict; the
 * caller frees it with oif_free_returned() (<oif/config_dict.h>).
 */
typedef struct {
    size_t num_args;
    OIFArgType *arg_types;
    void **arg_values;
} OIFArgs;

enum {
    OIF_ARRAY_C_CONTIGUOUS = 0x1,
    OIF_ARRAY_F_CONTIGUOUS = 0x2,
};

/*
 * An n-dimensional array of doubles.  It does not own `data` unless it was
 * made by oif_create_array_f64() or oif_init_array_f64_from_data().
 */
typedef struct {
    int nd;
    ssize_t *dimensions;
    double *data;
    int flags;
} OIFArrayF64;

/* Test an array's layout bits, e.g. `if (OIF_ARRAY_C_CONTIGUOUS(x))`.  The
 * object-like enum constants of the same names stay usable as bit masks. */
#define OIF_ARRAY_C_CONTIGUOUS(arr) (((arr)->flags & 0x1) != 0)
#define OIF_ARRAY_F_CONTIGUOUS(arr) (((arr)->flags & 0x2) != 0)

/*
 * A function handed across the language boundary.  `src` is the language it
 * is written in; fn_p_c is a C function pointer to it (a native function, or
 * a trampoline into the source language), fn_p_py the Python callable when
 * src is OIF_LANG_PYTHON.  The struct is only read during the call that
 * receives it: bridges copy what they keep.
 */
typedef struct {
    int src;
    void *fn_p_c;
    void *fn_p_jl;
    void *fn_p_py;
    unsigned int nargs;
    OIFArgType *arg_types;
    OIFArgType restype;
} OIFCallback;

/* Whether `cb` has no function at all: "none", which only a callback the
 * interface marks optional may be (OIFCallbackSpec.optional). */
static inline bool oif_callback_is_none(const OIFCallback *cb)
{
    return cb->fn_p_c == NULL && cb->fn_p_py == NULL && cb->fn_p_jl == NULL;
}

/* Opaque user data passed back to callbacks, tagged with its language. */
typedef struct {
    int src;
    void *c;
    void *jl;
    void *py;
} OIFUserData;

#ifdef __cplusplus
}
#endif

#endif /* OIF_API_H */
