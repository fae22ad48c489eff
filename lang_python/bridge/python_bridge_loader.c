/*
 * liboif_bridge_python: what the dispatcher loads for Python
 * implementations.  The bridge proper (liboif_bridge_python_core) calls
 * into libpython without linking it: in a Python host the interpreter is
 * already in the process, often linked into the executable itself, and a
 * second libpython would be a second, broken interpreter.  So this small
 * library first makes libpython's symbols available when the host lacks
 * them (a C program), then loads the bridge proper.
 */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <oif/bridge.h>
#include <oif/error.h>

#include "python_paths.h"

static int make_libpython_global(void)
{
    if (dlsym(RTLD_DEFAULT, "Py_IsInitialized") != NULL) {
        return 0; /* a Python host */
    }
    /* Global, so that extension modules (NumPy's) find the symbols too. */
    if (dlopen(OIF_LIBPYTHON, RTLD_NOW | RTLD_GLOBAL) == NULL) {
        oif_set_error("cannot load the Python runtime %s: %s", OIF_LIBPYTHON, dlerror());
        return -1;
    }
    return 0;
}

const OIFBridge *oif_bridge_entry(void)
{
    if (make_libpython_global() != 0) {
        return NULL;
    }
    Dl_info info;
    char path[PATH_MAX + 64];
    if (dladdr((void *)&oif_bridge_entry, &info) == 0 || info.dli_fname == NULL) {
        oif_set_error("the Python bridge cannot find its own location");
        return NULL;
    }
    snprintf(path, sizeof path, "%s", info.dli_fname);
    char *slash = strrchr(path, '/');
    snprintf(slash ? slash + 1 : path, sizeof path - (size_t)(slash ? slash + 1 - path : 0),
             "liboif_bridge_python_core.so");
    void *core = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    const OIFBridge *(*entry)(void) = NULL;
    if (core != NULL) {
        *(void **)&entry = dlsym(core, "oif_python_bridge");
    }
    if (entry == NULL) {
        oif_set_error("cannot load the Python bridge %s: %s", path, dlerror());
        return NULL;
    }
    return entry();
}
