/* Loading, unloading and calling implementations: the dispatcher's public
 * functions, built on the registry, the bridges and the handle table. */
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <oif/dispatch.h>
#include <oif/error.h>
#include <oif/log.h>
#include <oif/util.h>

#include "bridge_loader.h"
#include "call_check.h"
#include "conf_file.h"
#include "handle_table.h"
#include "registry.h"
#include "upstream_impls.h"

static pthread_mutex_t bridge_lock = PTHREAD_MUTEX_INITIALIZER;

static int not_loaded_error(ImplHandle implh)
{
    if (implh < OIF_IMPL_STARTING_NUMBER) {
        oif_set_error("%d is not an implementation handle: handles are >= %d, smaller values are "
                      "error codes returned by a failed load",
                      implh, OIF_IMPL_STARTING_NUMBER);
    } else {
        oif_set_error("no implementation is loaded with handle %d (never loaded, or unloaded)", implh);
    }
    return OIF_ERROR;
}

static const OIFInterfaceSpec *checked_interface(const char *interface, size_t version_major,
                                                 size_t version_minor, int *status)
{
    *status = OIF_ERROR;
    if (!registry_check_name(interface, "interface")) {
        return NULL;
    }
    const OIFInterfaceSpec *iface = oif_interface_find(interface);
    if (iface == NULL) {
        char known[256] = "";
        for (const OIFInterfaceSpec *const *i = oif_interface_list(); *i != NULL; i++) {
            oif_util_list_append(known, sizeof known, "%s", (*i)->name);
        }
        oif_set_error("unknown interface '%s'; known interfaces: %s", interface, known);
        *status = OIF_IMPL_NOT_AVAILABLE_ERROR;
        return NULL;
    }
    if (version_major != (size_t)iface->version_major ||
        version_minor > (size_t)iface->version_minor) {
        oif_set_error("interface '%s' version %zu.%zu was requested; this build provides %d.%d",
                      interface, version_major, version_minor, iface->version_major,
                      iface->version_minor);
        return NULL;
    }
    return iface;
}

/* The methods added in minor versions that the instance does not have; a
 * bridge too old to tell has resolved every method at load. */
static uint64_t missing_methods(const OIFBridge *bridge, void *instance, const OIFInterfaceSpec *iface)
{
    if (bridge->size < offsetof(OIFBridge, has_method) + sizeof bridge->has_method || bridge->has_method == NULL) {
        return 0;
    }
    uint64_t missing = 0;
    for (unsigned int m = 0; m < iface->num_methods; m++) {
        if (iface->methods[m].since_minor != 0 && !bridge->has_method(instance, &iface->methods[m])) {
            missing |= UINT64_C(1) << m;
        }
    }
    return missing;
}

static bool is_missing(const LoadedImpl *impl, const OIFMethodSpec *method)
{
    return (impl->missing_methods >> method->index & 1) != 0;
}

/* After no .conf was found for `impl`: when it is one of upstream's
 * implementations in a language this build has no bridge for, says so, with
 * upstream's status for it, in front of the search's message. */
static void explain_upstream_impl(const char *interface, const char *impl, int *status)
{
    const char *language = upstream_impl_language(interface, impl);
    if (language != NULL && !bridge_is_built(language)) {
        oif_prefix_error("no bridge for language '%s' in this build (MaRDI Open Interfaces implements '%s' in "
                         "%s); ",
                         language, impl, language);
        *status = OIF_BRIDGE_NOT_AVAILABLE_ERROR;
    }
}

/* Everything after the name checks; returns the new instance or NULL. */
static LoadedImpl *instantiate(const OIFInterfaceSpec *iface, const char *impl, int *status)
{
    ImplLocation location;
    *status = registry_locate(iface->name, impl, &location);
    if (*status == OIF_IMPL_NOT_AVAILABLE_ERROR) {
        explain_upstream_impl(iface->name, impl, status);
    }
    if (*status != 0) {
        return NULL;
    }
    pthread_mutex_lock(&bridge_lock);
    const OIFBridge *bridge = bridge_for_language(location.conf.language, status);
    pthread_mutex_unlock(&bridge_lock);

    LoadedImpl *loaded = bridge != NULL ? loaded_impl_new() : NULL;
    if (bridge != NULL && loaded == NULL) {
        *status = OIF_ERROR;
    }
    if (loaded != NULL) {
        loaded->interface = iface;
        loaded->bridge = bridge;
        loaded->name = oif_util_make_string("%s/%s", iface->name, impl);
        if (loaded->name == NULL) {
            oif_set_error("out of memory loading an implementation");
            *status = OIF_ERROR;
        } else if ((loaded->instance = bridge->load(iface, impl, location.conf_dir, location.conf.details,
                                                    status)) != NULL) {
            *status = 0;
            loaded->missing_methods = missing_methods(bridge, loaded->instance, iface);
        }
        if (*status != 0) {
            loaded_impl_discard(loaded);
            loaded = NULL;
        }
    }
    registry_location_release(&location);
    return loaded;
}

ImplHandle load_interface_impl(const char *interface, const char *impl, size_t version_major,
                               size_t version_minor)
{
    int status;
    const OIFInterfaceSpec *iface = checked_interface(interface, version_major, version_minor, &status);
    if (iface == NULL) {
        oif_prefix_error("cannot load an implementation: ");
        return status;
    }
    if (!registry_check_name(impl, "implementation")) {
        oif_prefix_error("cannot load an implementation of '%s': ", interface);
        return OIF_ERROR;
    }
    LoadedImpl *loaded = instantiate(iface, impl, &status);
    if (loaded != NULL && handle_table_insert(loaded) != 0) {
        loaded->bridge->unload(loaded->instance);
        loaded_impl_discard(loaded);
        loaded = NULL;
        status = OIF_ERROR;
    }
    if (loaded == NULL) {
        oif_prefix_error("cannot load implementation '%s' of interface '%s': ", impl, interface);
        oif_log(OIF_LOG_INFO, "dispatch", "%s", oif_last_error());
        return status;
    }
    ImplHandle handle = atomic_load_explicit(&loaded->handle, memory_order_relaxed);
    oif_log(OIF_LOG_DEBUG, "dispatch", "loaded %s as handle %d", loaded->name, handle);
    return handle;
}

int unload_interface_impl(ImplHandle implh)
{
    LoadedImpl *impl = handle_table_remove(implh);
    if (impl == NULL) {
        not_loaded_error(implh);
        oif_prefix_error("cannot unload: ");
        return OIF_ERROR;
    }
    oif_log(OIF_LOG_DEBUG, "dispatch", "unloading %s (handle %d)", impl->name, implh);
    return loaded_impl_release(impl);
}

char *oif_impl_language(const char *interface, const char *impl)
{
    ImplLocation location;
    if (!registry_check_name(interface, "interface") || !registry_check_name(impl, "implementation") ||
        registry_locate(interface, impl, &location) != 0) {
        return NULL;
    }
    char *language = location.conf.language;
    location.conf.language = NULL;
    registry_location_release(&location);
    return language;
}

void *oif_impl_bridge_state(ImplHandle implh, int *language)
{
    LoadedImpl *impl = handle_table_get(implh);
    if (impl == NULL || language == NULL) {
        return NULL;
    }
    *language = impl->bridge->language;
    return impl->instance;
}

const OIFInterfaceSpec *oif_impl_interface(ImplHandle implh)
{
    LoadedImpl *impl = handle_table_get(implh);
    return impl ? impl->interface : NULL;
}

/* Takes `implh`'s instance for a call of `method` (a name, for messages);
 * NULL with a message if it is not loaded or busy. */
static LoadedImpl *enter(ImplHandle implh, const char *method)
{
    LoadedImpl *impl = handle_table_get(implh);
    EnterResult entered = impl != NULL ? loaded_impl_enter(impl, implh) : ENTER_GONE;
    if (entered == ENTER_GONE) {
        not_loaded_error(implh);
        return NULL;
    }
    if (entered == ENTER_BUSY) {
        const OIFMethodSpec *running = atomic_load_explicit(&impl->running, memory_order_relaxed);
        oif_set_error("%s, method '%s': refused, a call of method '%s' on this instance is in progress; "
                      "an instance takes one call at a time (a callback must not call its own solver, "
                      "and threads take turns)",
                      impl->name, method != NULL ? method : "(NULL)", running != NULL ? running->name : "?");
        loaded_impl_release(impl);
        return NULL;
    }
    return impl;
}

/* Ends a call of a method the instance does not have.  Out of line, so
 * that the per-call path keeps only the test. */
__attribute__((cold, noinline)) static int refuse_missing(LoadedImpl *impl, const OIFMethodSpec *method)
{
    oif_set_error("%s does not support method '%s' (added in %s %d.%u)", impl->name, method->name,
                  impl->interface->name, impl->interface->version_major, method->since_minor);
    loaded_impl_leave(impl);
    return OIF_ERROR;
}

/* The per-call path: no allocation, no lookup by name, no logging.  Ends
 * the call that enter() started. */
static int call_entered(LoadedImpl *impl, const OIFMethodSpec *method, OIFArgs *in_args, OIFArgs *out_args,
                        OIFArgs *return_args)
{
    /* One predictable branch for the methods of <major>.0. */
    if (__builtin_expect(method->since_minor != 0, 0) && is_missing(impl, method)) {
        return refuse_missing(impl, method);
    }
    int status = call_check_args(method, in_args, out_args, return_args);
    if (status == 0) {
        atomic_store_explicit(&impl->running, method, memory_order_relaxed);
        unsigned long errors_before = oif_error_count();
        status = impl->bridge->call(impl->instance, method, in_args, out_args, return_args);
        if (status != 0 && oif_error_count() == errors_before) {
            oif_set_error("failed with status %d and no message", status);
        }
    }
    if (status != 0) {
        oif_prefix_error("%s, method '%s': ", impl->name, method->name);
    }
    loaded_impl_leave(impl);
    return status;
}

int oif_call_method(ImplHandle implh, const OIFMethodSpec *method, OIFArgs *in_args,
                    OIFArgs *out_args, OIFArgs *return_args)
{
    LoadedImpl *impl = enter(implh, method != NULL ? method->name : NULL);
    if (impl == NULL) {
        return OIF_ERROR;
    }
    if (method == NULL || method->interface != impl->interface) {
        oif_set_error("%s: the method given is not a method of interface '%s'", impl->name,
                      impl->interface->name);
        loaded_impl_leave(impl);
        return OIF_ERROR;
    }
    return call_entered(impl, method, in_args, out_args, return_args);
}

int call_interface_impl(ImplHandle implh, const char *method, OIFArgs *in_args, OIFArgs *out_args,
                        OIFArgs *return_args)
{
    LoadedImpl *impl = enter(implh, method);
    if (impl == NULL) {
        return OIF_ERROR;
    }
    const OIFMethodSpec *spec = oif_interface_find_method(impl->interface, method);
    if (spec == NULL) {
        char known[512] = "";
        for (unsigned int i = 0; i < impl->interface->num_methods; i++) {
            oif_util_list_append(known, sizeof known, "%s", impl->interface->methods[i].name);
        }
        oif_set_error("%s: interface '%s' has no method '%s'; its methods are: %s", impl->name,
                      impl->interface->name, method ? method : "(NULL)", known);
        loaded_impl_leave(impl);
        return OIF_ERROR;
    }
    return call_entered(impl, spec, in_args, out_args, return_args);
}

int oif_impl_supports(ImplHandle implh, const char *method)
{
    /* Entered as a call would be, which keeps the instance alive while it is
     * read; a call in progress (this may come from one of its callbacks) does
     * not matter here. */
    LoadedImpl *impl = handle_table_get(implh);
    EnterResult entered = impl != NULL ? loaded_impl_enter(impl, implh) : ENTER_GONE;
    if (entered == ENTER_GONE) {
        not_loaded_error(implh);
        return -1;
    }
    const OIFMethodSpec *spec = oif_interface_find_method(impl->interface, method);
    int supported = spec == NULL ? -1 : !is_missing(impl, spec);
    if (spec == NULL) {
        oif_set_error("%s: interface '%s' has no method '%s'", impl->name, impl->interface->name,
                      method != NULL ? method : "(NULL)");
    }
    if (entered == ENTERED) {
        loaded_impl_leave(impl);
    } else {
        loaded_impl_release(impl);
    }
    return supported;
}
