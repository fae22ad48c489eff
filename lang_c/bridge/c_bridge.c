/*
 * The C bridge: loads implementations written in C and calls their methods.
 *
 * Everything that can be done once is done at load: the shared object is
 * opened and every method of the interface is resolved with dlsym().  A call
 * then only lays out argument pointers on the stack and calls the method
 * through its invoker, a typed call generated from the interface spec.
 * (libffi's ffi_call would do the same, but classifies every argument again
 * on each call: some 900 instructions, twenty times the call itself.)
 */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <oif/api.h>
#include <oif/bridge.h>
#include <oif/config_dict.h>
#include <oif/error.h>
#include <oif/interface_spec.h>

#include "c_invokers.h"
#include "declared_abi.h"

typedef struct {
    void (*fn)(void);
    CInvoker invoke;
} CMethod;

typedef struct {
    void *library;
    void *self;
    void (*free_self)(void *);
    CMethod methods[]; /* indexed like the interface's methods */
} CInstance;

/* The .conf names the library like the linker would ("libfoo"), or by
 * absolute path: try the folder of the .conf first, then the dynamic
 * loader's own search. */
static void *open_library(const char *conf_dir, const char *details)
{
    const char *suffix = strstr(details, ".so") ? "" : ".so";
    char path[PATH_MAX];
    int n = details[0] == '/' ? snprintf(path, sizeof path, "%s%s", details, suffix)
                              : snprintf(path, sizeof path, "%s/%s%s", conf_dir, details, suffix);
    if (n < 0 || (size_t)n >= sizeof path) {
        /* The reason first: the path may not fit in the message. */
        oif_set_error("the library path is too long (more than %zu characters): '%s/%s'",
                      sizeof path - 1, conf_dir, details);
        return NULL;
    }
    void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (lib != NULL) {
        return lib;
    }
    char first_error[1024];
    snprintf(first_error, sizeof first_error, "%s", dlerror());
    n = snprintf(path, sizeof path, "%s%s", details, suffix);
    if (strchr(details, '/') == NULL && (lib = dlopen(path, RTLD_NOW | RTLD_LOCAL)) != NULL) {
        return lib;
    }
    oif_set_error("cannot load the shared library named in the .conf file: %s", first_error);
    return NULL;
}

/* Resolves the methods of the interface up to minor version `minor`, the
 * one the library was built for.  A method added after it stays NULL, even
 * if a symbol of its name exists: that symbol was not written as the
 * method (it may be the library's own function, or one of a library it
 * links), and calling it with the method's arguments would be undefined.
 * A missing method of <major>.0 fails the load; one added later leaves the
 * implementation without it (c_has_method). */
static int resolve_methods(CInstance *ci, const OIFInterfaceSpec *iface, unsigned int minor)
{
    const CInvoker *invokers = c_invokers(iface->name);
    if (invokers == NULL) {
        oif_set_error("the C bridge was built without interface '%s'", iface->name);
        return OIF_BRIDGE_NOT_AVAILABLE_ERROR;
    }
    for (unsigned int m = 0; m < iface->num_methods; m++) {
        const OIFMethodSpec *method = &iface->methods[m];
        if (method->since_minor > minor) {
            continue;
        }
        *(void **)&ci->methods[m].fn = dlsym(ci->library, method->name);
        if (ci->methods[m].fn == NULL && method->since_minor == 0) {
            oif_set_error("the library does not define method '%s' of interface '%s'", method->name,
                          iface->name);
            return OIF_IMPL_NOT_AVAILABLE_ERROR;
        }
        ci->methods[m].invoke = invokers[m];
    }
    return 0;
}

static int c_has_method(void *instance, const OIFMethodSpec *method)
{
    const CInstance *ci = instance;
    return ci->methods[method->index].fn != NULL;
}

static int c_unload(void *instance)
{
    CInstance *ci = instance;
    if (ci->free_self != NULL) {
        ci->free_self(ci->self);
    }
    dlclose(ci->library);
    free(ci);
    return 0;
}

static void *c_load(const OIFInterfaceSpec *iface, const char *impl_name, const char *conf_dir,
                    const char *details, int *status)
{
    (void)impl_name;
    CInstance *ci = calloc(1, sizeof *ci + iface->num_methods * sizeof ci->methods[0]);
    if (ci == NULL) {
        oif_set_error("out of memory");
        *status = OIF_ERROR;
        return NULL;
    }
    ci->library = open_library(conf_dir, details);
    if (ci->library == NULL) {
        free(ci);
        *status = OIF_IMPL_NOT_AVAILABLE_ERROR;
        return NULL;
    }
    /* The declared ABI first: an implementation of another major version
     * may well miss methods, and that it was built for another version is
     * the reason to give. */
    unsigned int minor;
    *status = check_declared_abi(ci->library, iface, &minor);
    if (*status == 0) {
        *status = resolve_methods(ci, iface, minor);
    }
    if (*status == 0) {
        void *(*malloc_self)(void);
        *(void **)&malloc_self = dlsym(ci->library, "malloc_self");
        *(void **)&ci->free_self = dlsym(ci->library, "free_self");
        if (malloc_self != NULL && (ci->self = malloc_self()) == NULL) {
            oif_set_error("its malloc_self() returned NULL");
            *status = OIF_IMPL_NOT_AVAILABLE_ERROR;
        }
    }
    if (*status != 0) {
        ci->free_self = NULL; /* nothing to free: self was never made */
        c_unload(ci);
        return NULL;
    }
    return ci;
}

/* A config dict crosses as a fresh copy that the implementation owns. */
static int copy_config_dict(OIFConfigDict *src, OIFConfigDict **copy)
{
    *copy = NULL;
    if (src == NULL) {
        return 0;
    }
    /* Not by serializing `src`: that writes to it, and threads may share it. */
    *copy = oif_config_dict_copy(src);
    return *copy != NULL ? 0 : OIF_ERROR;
}

/* Points `slot` at the C view of a callback or user-data argument. */
static int c_view(OIFArgType type, void *value, void **slot, const char *name)
{
    if (type == OIF_TYPE_CALLBACK) {
        OIFCallback *cb = value;
        if (oif_callback_is_none(cb)) {
            *slot = &cb->fn_p_c; /* none: passed on as NULL, for an optional callback */
            return 0;
        }
        if (cb->fn_p_c == NULL) {
            oif_set_error("callback '%s' has no C entry point (fn_p_c is NULL)", name);
            return OIF_ERROR;
        }
        *slot = &cb->fn_p_c;
        return 0;
    }
    OIFUserData *ud = value;
    if (ud->src == OIF_LANG_C) {
        *slot = &ud->c;
    } else if (ud->src == OIF_LANG_PYTHON) {
        *slot = &ud->py; /* handed back to the Python callback as is */
    } else {
        oif_set_error("user data '%s' comes from language %d, which C implementations cannot hold",
                      name, ud->src);
        return OIF_ERROR;
    }
    return 0;
}

static int c_call(void *instance, const OIFMethodSpec *method, OIFArgs *in_args, OIFArgs *out_args,
                  OIFArgs *return_args)
{
    CInstance *ci = instance;
    const CMethod *cm = &ci->methods[method->index];
    void *avalues[1 + OIF_MAX_METHOD_ARGS];
    OIFConfigDict *dict_copies[OIF_MAX_METHOD_ARGS];
    unsigned int n = 0;

    avalues[n++] = &ci->self;
    for (unsigned int i = 0; i < method->num_in; i++) {
        OIFArgType type = method->in_types[i];
        void *value = in_args->arg_values[i];
        dict_copies[i] = NULL;
        int status = 0;
        if (type == OIF_TYPE_CALLBACK || type == OIF_TYPE_USER_DATA) {
            status = c_view(type, value, &avalues[n], method->in_names[i]);
        } else if (type == OIF_TYPE_CONFIG_DICT) {
            status = copy_config_dict(value ? *(OIFConfigDict **)value : NULL, &dict_copies[i]);
            avalues[n] = &dict_copies[i];
        } else {
            avalues[n] = value;
        }
        if (status != 0) {
            for (unsigned int j = 0; j < i; j++) {
                oif_config_dict_free(dict_copies[j]);
            }
            return status;
        }
        n++;
    }
    for (unsigned int i = 0; i < method->num_out; i++) {
        avalues[n++] = out_args->arg_values[i];
    }
    for (unsigned int i = 0; i < method->num_ret; i++) {
        avalues[n++] = &return_args->arg_values[i];
    }
    return cm->invoke(cm->fn, avalues);
}

static const OIFBridge c_bridge = {
    .size = sizeof(OIFBridge),
    .abi_version = OIF_BRIDGE_ABI_VERSION,
    .language = OIF_LANG_C,
    .load = c_load,
    .unload = c_unload,
    .call = c_call,
    .has_method = c_has_method,
};

const OIFBridge *oif_bridge_entry(void) { return &c_bridge; }
