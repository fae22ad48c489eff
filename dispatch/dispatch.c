/* Loading, unloading and calling implementations: the dispatcher's public
 * functions, built on the registry, the bridges and the handle table. */
#include <limits.h>
#include <pthread.h>
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
            strncat(known, i != oif_interface_list() ? ", " : "", sizeof known - strlen(known) - 1);
            strncat(known, (*i)->name, sizeof known - strlen(known) - 1);
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

/* Everything after the name checks; returns the new instance or NULL. */
static LoadedImpl *instantiate(const OIFInterfaceSpec *iface, const char *impl, int *status)
{
    char conf_path[PATH_MAX];
    *status = registry_find_conf(iface->name, impl, conf_path, sizeof conf_path);
    if (*status != 0) {
        return NULL;
    }
    ImplConf conf;
    *status = conf_file_read(conf_path, &conf);
    if (*status != 0) {
        return NULL;
    }
    pthread_mutex_lock(&bridge_lock);
    const OIFBridge *bridge = bridge_for_language(conf.language, status);
    pthread_mutex_unlock(&bridge_lock);

    LoadedImpl *loaded = NULL;
    if (bridge != NULL) {
        char *conf_dir = conf_path;
        *strrchr(conf_dir, '/') = '\0';
        loaded = calloc(1, sizeof *loaded);
        char *name = oif_util_make_string("%s/%s", iface->name, impl);
        void *instance = NULL;
        if (loaded == NULL || name == NULL) {
            oif_set_error("out of memory loading an implementation");
            *status = OIF_ERROR;
        } else if ((instance = bridge->load(iface, impl, conf_dir, conf.details, status)) != NULL) {
            *loaded = (LoadedImpl){.interface = iface, .bridge = bridge, .instance = instance, .name = name};
            *status = 0;
        }
        if (*status != 0) {
            free(name);
            free(loaded);
            loaded = NULL;
        }
    }
    conf_file_release(&conf);
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
        free(loaded->name);
        free(loaded);
        loaded = NULL;
        status = OIF_ERROR;
    }
    if (loaded == NULL) {
        oif_prefix_error("cannot load implementation '%s' of interface '%s': ", impl, interface);
        oif_log(OIF_LOG_INFO, "dispatch", "%s", oif_last_error());
        return status;
    }
    oif_log(OIF_LOG_DEBUG, "dispatch", "loaded %s as handle %d", loaded->name, loaded->handle);
    return loaded->handle;
}

int unload_interface_impl(ImplHandle implh)
{
    LoadedImpl *impl = handle_table_remove(implh);
    if (impl == NULL) {
        not_loaded_error(implh);
        oif_prefix_error("cannot unload: ");
        return OIF_ERROR;
    }
    int status = impl->bridge->unload(impl->instance);
    if (status != 0) {
        oif_prefix_error("%s: error while unloading: ", impl->name);
    }
    oif_log(OIF_LOG_DEBUG, "dispatch", "unloaded %s (handle %d)", impl->name, implh);
    free(impl->name);
    free(impl);
    return status;
}

char *oif_impl_language(const char *interface, const char *impl)
{
    char conf_path[PATH_MAX];
    ImplConf conf;
    if (!registry_check_name(interface, "interface") || !registry_check_name(impl, "implementation") ||
        registry_find_conf(interface, impl, conf_path, sizeof conf_path) != 0 ||
        conf_file_read(conf_path, &conf) != 0) {
        return NULL;
    }
    char *language = conf.language;
    conf.language = NULL;
    conf_file_release(&conf);
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

/* The per-call path: no allocation, no lookup by name, no logging. */
static int call_loaded(LoadedImpl *impl, const OIFMethodSpec *method, OIFArgs *in_args,
                       OIFArgs *out_args, OIFArgs *return_args)
{
    if (call_check_args(method, in_args, out_args, return_args) != 0) {
        oif_prefix_error("%s, method '%s': ", impl->name, method->name);
        return OIF_ERROR;
    }
    unsigned long errors_before = oif_error_count();
    int status = impl->bridge->call(impl->instance, method, in_args, out_args, return_args);
    if (status != 0) {
        if (oif_error_count() == errors_before) {
            oif_set_error("failed with status %d and no message", status);
        }
        oif_prefix_error("%s, method '%s': ", impl->name, method->name);
    }
    return status;
}

int oif_call_method(ImplHandle implh, const OIFMethodSpec *method, OIFArgs *in_args,
                    OIFArgs *out_args, OIFArgs *return_args)
{
    LoadedImpl *impl = handle_table_get(implh);
    if (impl == NULL) {
        return not_loaded_error(implh);
    }
    if (method == NULL || method->interface != impl->interface) {
        oif_set_error("%s: the method given is not a method of interface '%s'", impl->name,
                      impl->interface->name);
        return OIF_ERROR;
    }
    return call_loaded(impl, method, in_args, out_args, return_args);
}

int call_interface_impl(ImplHandle implh, const char *method, OIFArgs *in_args, OIFArgs *out_args,
                        OIFArgs *return_args)
{
    LoadedImpl *impl = handle_table_get(implh);
    if (impl == NULL) {
        return not_loaded_error(implh);
    }
    const OIFMethodSpec *spec = oif_interface_find_method(impl->interface, method);
    if (spec == NULL) {
        char known[512] = "";
        for (unsigned int i = 0; i < impl->interface->num_methods; i++) {
            strncat(known, i ? ", " : "", sizeof known - strlen(known) - 1);
            strncat(known, impl->interface->methods[i].name, sizeof known - strlen(known) - 1);
        }
        oif_set_error("%s: interface '%s' has no method '%s'; its methods are: %s", impl->name,
                      impl->interface->name, method ? method : "(NULL)", known);
        return OIF_ERROR;
    }
    return call_loaded(impl, spec, in_args, out_args, return_args);
}
