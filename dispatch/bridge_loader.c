#include <dlfcn.h>
#include <limits.h>
#include <stddef.h>
#include <string.h>

#include <oif/api.h>
#include <oif/error.h>
#include <oif/log.h>

#include "bridge_loader.h"
#include "install_layout.h"

typedef struct {
    const char *conf_name; /* as written in a .conf */
    const char *library;   /* liboif_bridge_<library>.so; NULL: none exists yet */
    const OIFBridge *loaded;
} Language;

static Language languages[] = {
    {"c", "c", NULL},     {"python", "python", NULL}, {"cxx", NULL, NULL},
    {"julia", NULL, NULL}, {"r", NULL, NULL},
};

static const OIFBridge *load_bridge(Language *lang, int *status)
{
    char path[PATH_MAX];
    if (layout_bridge_path(lang->library, path, sizeof path) != 0) {
        oif_set_error("path of the %s bridge is too long", lang->conf_name);
        *status = OIF_BRIDGE_NOT_AVAILABLE_ERROR;
        return NULL;
    }
    /* Bridges stay loaded: implementations and interpreters they started
     * may hold pointers into them until the process ends. */
    void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        oif_set_error("cannot load the %s language bridge: %s", lang->conf_name, dlerror());
        *status = OIF_BRIDGE_NOT_AVAILABLE_ERROR;
        return NULL;
    }
    OIFBridgeEntry entry;
    *(void **)&entry = dlsym(lib, OIF_BRIDGE_ENTRY_SYMBOL);
    if (entry == NULL) {
        oif_set_error("'%s' is not a language bridge: it has no %s()", path, OIF_BRIDGE_ENTRY_SYMBOL);
        dlclose(lib);
        *status = OIF_BRIDGE_NOT_AVAILABLE_ERROR;
        return NULL;
    }
    /* A bridge that cannot start (no libpython, say) has said why. */
    const OIFBridge *bridge = entry();
    if (bridge == NULL) {
        oif_prefix_error("cannot load the %s language bridge: ", lang->conf_name);
        *status = OIF_BRIDGE_NOT_AVAILABLE_ERROR;
        return NULL;
    }
    oif_log(OIF_LOG_DEBUG, "dispatch", "loaded the %s bridge from %s", lang->conf_name, path);
    return bridge;
}

const OIFBridge *bridge_for_language(const char *language, int *status)
{
    for (size_t i = 0; i < sizeof languages / sizeof languages[0]; i++) {
        Language *lang = &languages[i];
        if (strcmp(lang->conf_name, language) != 0) {
            continue;
        }
        if (lang->library == NULL) {
            oif_set_error("no bridge for language '%s' is available in this build", language);
            *status = OIF_BRIDGE_NOT_AVAILABLE_ERROR;
            return NULL;
        }
        if (lang->loaded == NULL) {
            lang->loaded = load_bridge(lang, status);
        }
        return lang->loaded;
    }
    oif_set_error("unknown language '%s' (expected 'c' or 'python')", language);
    *status = OIF_IMPL_INIT_ERROR;
    return NULL;
}
