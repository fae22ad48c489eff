#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include <oif/error.h>
#include <oif/util.h>

#include "call_check.h"

/* More dimensions than any array a solver takes; bounds the loop below. */
enum { MAX_ARRAY_DIMENSIONS = 32 };

typedef enum { GROUP_IN, GROUP_OUT, GROUP_RETURN } ArgGroup;
static const char *const group_names[] = {"input", "output", "return"};

static int check_array(const OIFArrayF64 *a, const char *group, const char *name)
{
    if (a == NULL) {
        oif_set_error("%s argument '%s' is a NULL array", group, name);
        return OIF_ERROR;
    }
    if (a->nd < 1 || a->nd > MAX_ARRAY_DIMENSIONS) {
        oif_set_error("%s argument '%s' has %d dimensions; expected 1 to %d", group, name, a->nd,
                      MAX_ARRAY_DIMENSIONS);
        return OIF_ERROR;
    }
    if (a->dimensions == NULL) {
        oif_set_error("%s argument '%s' has NULL dimensions", group, name);
        return OIF_ERROR;
    }
    /* Implementations compute sizes and offsets from the dimensions (a copy
     * of y0, a workspace of n * n, an index i * n + j): refusing arrays whose
     * element count or byte size does not fit in ssize_t keeps those
     * computations from wrapping around.  Zero dimensions are left out of
     * the product, as NumPy does, so an empty array's other dimensions must
     * be sane too. */
    int empty = 0;
    size_t count = 1, bytes;
    for (int i = 0; i < a->nd; i++) {
        ssize_t dimension = a->dimensions[i];
        if (dimension < 0) {
            oif_set_error("%s argument '%s' has negative dimension %zd", group, name, dimension);
            return OIF_ERROR;
        }
        empty |= dimension == 0;
        if (dimension > 0 && (__builtin_mul_overflow(count, (size_t)dimension, &count) ||
                              __builtin_mul_overflow(count, sizeof(double), &bytes) || bytes > SSIZE_MAX)) {
            oif_set_error("%s argument '%s' is too large: the size overflows, dimensions 0 to %d hold "
                          "more than %zd bytes",
                          group, name, i, (ssize_t)SSIZE_MAX);
            return OIF_ERROR;
        }
    }
    if (a->data == NULL && !empty) {
        oif_set_error("%s argument '%s' has NULL data", group, name);
        return OIF_ERROR;
    }
    return 0;
}

/* "(t: F64, y: ARRAY_F64, ...) -> INT" into buf. */
static const char *signature_text(char *buf, size_t size, unsigned int nargs, const OIFArgType *types,
                                  const char *const *names, OIFArgType restype)
{
    char arguments[512] = "";
    for (unsigned int i = 0; i < nargs; i++) {
        oif_util_list_append(arguments, sizeof arguments, "%s%s%s", names ? names[i] : "", names ? ": " : "",
                             types ? oif_arg_type_name(types[i]) : "?");
    }
    snprintf(buf, size, "(%s) -> %s", arguments, oif_arg_type_name(restype));
    return buf;
}

/* Callbacks are called through their declared signature (a Python one is
 * handed arguments converted by it): one that differs from the interface's
 * would read arguments of the wrong kind.  A C caller that builds an
 * OIFCallback without declaring one (nargs 0, no types) is trusted, as the
 * compiler has seen its function's type. */
int oif_check_callback(const OIFCallback *cb, const OIFCallbackSpec *expected, const char *group,
                       const char *name)
{
    if (cb->src == OIF_LANG_C && cb->nargs == 0 && cb->arg_types == NULL) {
        return 0;
    }
    int same = cb->nargs == expected->num_args && cb->restype == expected->restype &&
               (cb->nargs == 0 || cb->arg_types != NULL);
    for (unsigned int i = 0; same && i < cb->nargs; i++) {
        same = cb->arg_types[i] == expected->arg_types[i];
    }
    if (!same) {
        char want[256], got[256];
        oif_set_error("%s argument '%s' is a callback with signature %s; the interface's '%s' callback is %s",
                      group, name, signature_text(got, sizeof got, cb->nargs, cb->arg_types, NULL, cb->restype),
                      expected->name,
                      signature_text(want, sizeof want, expected->num_args, expected->arg_types,
                                     expected->arg_names, expected->restype));
        return OIF_ERROR;
    }
    return 0;
}

static int check_group(const OIFArgs *args, unsigned int expected_count, const OIFArgType *expected_types,
                       const char *const *names, const OIFCallbackSpec *const *callbacks, ArgGroup group)
{
    size_t count = args ? args->num_args : 0;
    if (count != expected_count) {
        oif_set_error("expected %u %s argument%s, got %zu", expected_count, group_names[group],
                      expected_count == 1 ? "" : "s", count);
        return OIF_ERROR;
    }
    if (count == 0) {
        return 0;
    }
    if (args->arg_types == NULL || args->arg_values == NULL) {
        oif_set_error("%s arguments have NULL types or values", group_names[group]);
        return OIF_ERROR;
    }
    /* Callers that build their arguments from the spec pass its own type
     * array: nothing to compare then. */
    for (size_t i = 0; args->arg_types != expected_types && i < count; i++) {
        if (args->arg_types[i] != expected_types[i]) {
            oif_set_error("%s argument '%s' has type %s; expected %s", group_names[group], names[i],
                          oif_arg_type_name(args->arg_types[i]), oif_arg_type_name(expected_types[i]));
            return OIF_ERROR;
        }
    }
    if (group == GROUP_RETURN) {
        /* The callee stores each value into its slot, which must exist
         * whatever the type (a returned config dict's too). */
        for (size_t i = 0; i < count; i++) {
            if (args->arg_values[i] == NULL) {
                oif_set_error("return argument '%s' has no value (NULL)", names[i]);
                return OIF_ERROR;
            }
        }
        return 0;
    }
    for (size_t i = 0; i < count; i++) {
        OIFArgType type = expected_types[i];
        void *value = args->arg_values[i];
        /* An input config dict may be NULL: no options. */
        if (value == NULL && type != OIF_TYPE_CONFIG_DICT) {
            oif_set_error("%s argument '%s' has no value (NULL)", group_names[group], names[i]);
            return OIF_ERROR;
        }
        if (type == OIF_TYPE_ARRAY_F64 &&
            check_array(*(OIFArrayF64 **)value, group_names[group], names[i]) != 0) {
            return OIF_ERROR;
        }
        if (type == OIF_TYPE_STRING && *(char **)value == NULL) {
            oif_set_error("%s argument '%s' is a NULL string", group_names[group], names[i]);
            return OIF_ERROR;
        }
        if (type == OIF_TYPE_CALLBACK) {
            const OIFCallback *cb = value;
            const OIFCallbackSpec *spec = callbacks != NULL ? callbacks[i] : NULL;
            if (oif_callback_is_none(cb) && spec != NULL && spec->optional) {
                continue; /* e.g. no monitor */
            }
            if (oif_callback_is_none(cb)) {
                oif_set_error("%s argument '%s' is a callback without a function (NULL)",
                              group_names[group], names[i]);
                return OIF_ERROR;
            }
            if (spec != NULL && oif_check_callback(cb, spec, group_names[group], names[i]) != 0) {
                return OIF_ERROR;
            }
        }
    }
    return 0;
}

int call_check_args(const OIFMethodSpec *method, const OIFArgs *in_args, const OIFArgs *out_args,
                    const OIFArgs *return_args)
{
    if (check_group(in_args, method->num_in, method->in_types, method->in_names, method->in_callbacks, GROUP_IN) != 0 ||
        check_group(out_args, method->num_out, method->out_types, method->out_names, NULL, GROUP_OUT) != 0 ||
        check_group(return_args, method->num_ret, method->ret_types, method->ret_names, NULL, GROUP_RETURN) != 0) {
        return OIF_ERROR;
    }
    return 0;
}
