#include <dlfcn.h>
#include <inttypes.h>
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

/* The fields of OIF_BRIDGE_ABI_VERSION 1, all of which a bridge must have.
 * A field appended in a later minor release would be optional, read only
 * from tables whose size covers it. */
static const size_t required_table_size = offsetof(OIFBridge, call) + sizeof(((OIFBridge *)0)->call);

/* Whether the dispatcher can use a bridge's table (see <oif/bridge.h>). */
static int check_table(const OIFBridge *bridge)
{
    if (bridge->abi_version != OIF_BRIDGE_ABI_VERSION) {
        oif_set_error("it was built for bridge ABI version %" PRIu32 ", and this dispatcher "
                      "supports version %d only",
                      bridge->abi_version, OIF_BRIDGE_ABI_VERSION);
        return OIF_BRIDGE_NOT_AVAILABLE_ERROR;
    }
    if (bridge->size < required_table_size) {
        oif_set_error("its table has %" PRIu32 " bytes, fewer than the %zu that bridge ABI "
                      "version %d requires",
                      bridge->size, required_table_size, OIF_BRIDGE_ABI_VERSION);
        return OIF_BRIDGE_NOT_AVAILABLE_ERROR;
    }
    return 0;
}

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
    /* A bridge that cannot start (no libpython, say) has said why.  Once
     * entry() has run, the library stays loaded even if refused: what it
     * started may point into it. */
    const OIFBridge *bridge = entry();
    if (bridge == NULL) {
        oif_prefix_error("cannot load the %s language bridge: ", lang->conf_name);
        *status = OIF_BRIDGE_NOT_AVAILABLE_ERROR;
        return NULL;
    }
    if (check_table(bridge) != 0) {
        oif_prefix_error("cannot load the %s language bridge %s: ", lang->conf_name, path);
        *status = OIF_BRIDGE_NOT_AVAILABLE_ERROR;
        return NULL;
    }
    oif_log(OIF_LOG_DEBUG, "dispatch", "loaded the %s bridge from %s", lang->conf_name, path);
    return bridge;
}

bool bridge_is_built(const char *language)
{
    for (size_t i = 0; i < sizeof languages / sizeof languages[0]; i++) {
        if (strcmp(languages[i].conf_name, language) == 0) {
            return languages[i].library != NULL;
        }
    }
    return false;
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
