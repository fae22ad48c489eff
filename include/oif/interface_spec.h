/*
 * The interfaces known to this build, as generated from interfaces/<name>.toml:
 * each method with the types of its in-, out- and return arguments.  The
 * dispatcher checks calls against them, bridges resolve implementation
 * methods by them at load time, and user-side wrappers name methods by them
 * instead of by string.
 */
#ifndef OIF_INTERFACE_SPEC_H
#define OIF_INTERFACE_SPEC_H

#include <stdbool.h>

#include <oif/api.h>
#include <oif/export.h>

#ifdef __cplusplus
extern "C" {
#endif

/* No method takes more arguments than this (the generator enforces it). */
#define OIF_MAX_METHOD_ARGS 16

typedef struct OIFInterfaceSpec OIFInterfaceSpec;

/* The signature a callback argument must have: the OIFCallback passed
 * declares the same argument and return types. */
typedef struct {
    const char *name; /* "rhs", "objective", ... */
    unsigned int num_args;
    const OIFArgType *arg_types;
    const char *const *arg_names;
    OIFArgType restype;
    /* A callback without a function (all of its fn_p_* NULL) is accepted
     * and reaches the implementation as NULL (None in Python): "none", as
     * for a monitor.  (Appended: the fields above keep their places.) */
    bool optional;
} OIFCallbackSpec;

typedef struct {
    const char *name;
    const OIFInterfaceSpec *interface;
    unsigned int index; /* position in interface->methods */
    unsigned int num_in, num_out, num_ret;
    const OIFArgType *in_types, *out_types, *ret_types;
    const char *const *in_names, *const *out_names, *const *ret_names;
    /* Per in-argument, its callback signature, or NULL for arguments that
     * are not callbacks; the array is NULL when there are none. */
    const OIFCallbackSpec *const *in_callbacks;
    /* The minor version of the interface that added the method: 0 for one
     * of <major>.0.  A method added later is optional: an implementation
     * written for an earlier minor version loads without it, and a call of
     * it on one fails with an error saying so.  (Appended: the fields above
     * keep their places.) */
    unsigned int since_minor;
} OIFMethodSpec;

struct OIFInterfaceSpec {
    const char *name;
    int version_major, version_minor;
    unsigned int num_methods;
    const OIFMethodSpec *methods;
};

/* The interface called `name`, or NULL. */
OIF_API const OIFInterfaceSpec *oif_interface_find(const char *name);

/* All interfaces, NULL-terminated, in alphabetical order. */
OIF_API const OIFInterfaceSpec *const *oif_interface_list(void);

/* The method of `iface` called `name`, or NULL. */
OIF_API const OIFMethodSpec *oif_interface_find_method(const OIFInterfaceSpec *iface,
                                                       const char *name);

/* 0 if callback `cb` declares the signature `expected` (or, made in C,
 * declares none); else OIF_ERROR with a message naming the argument as
 * "<group> argument '<name>'" and both signatures.  The dispatcher checks
 * every callback argument with it; front ends may check earlier. */
OIF_API int oif_check_callback(const OIFCallback *cb, const OIFCallbackSpec *expected,
                               const char *group, const char *name);

/* Readable name of an argument type ("F64", "ARRAY_F64", ...). */
OIF_API const char *oif_arg_type_name(OIFArgType type);

#ifdef __cplusplus
}
#endif

#endif /* OIF_INTERFACE_SPEC_H */
