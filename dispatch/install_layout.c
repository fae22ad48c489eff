/*
 * The same library binary runs from the build tree and, after
 * `meson install`, from a prefix that may have been moved.  It locates
 * itself with dladdr() and compares its folder with the build folder
 * recorded at configure time: the build tree keeps bridges and
 * implementations in their source-like folders, an install keeps them
 * relative to the library folder.
 */
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build_layout.h"
#include "install_layout.h"

static char library_dir[PATH_MAX];
static char impl_root[PATH_MAX + sizeof OIF_INSTALLED_IMPL_SUBDIR + 1];
static int running_from_build_tree;
static pthread_once_t layout_once = PTHREAD_ONCE_INIT;

static void find_layout(void)
{
    Dl_info info;
    char resolved[PATH_MAX];
    if (dladdr((void *)&layout_impl_root, &info) != 0 && info.dli_fname != NULL &&
        realpath(info.dli_fname, resolved) != NULL) {
        char *slash = strrchr(resolved, '/');
        if (slash != NULL) {
            *slash = '\0';
        }
        snprintf(library_dir, sizeof library_dir, "%s", resolved);
    }
    char build_dir[PATH_MAX];
    running_from_build_tree =
        realpath(OIF_BUILD_DISPATCH_DIR, build_dir) != NULL && strcmp(build_dir, library_dir) == 0;
    if (running_from_build_tree) {
        snprintf(impl_root, sizeof impl_root, "%s", OIF_BUILD_IMPL_ROOT);
    } else {
        snprintf(impl_root, sizeof impl_root, "%s/%s", library_dir, OIF_INSTALLED_IMPL_SUBDIR);
    }
}

const char *layout_impl_root(void)
{
    pthread_once(&layout_once, find_layout);
    return impl_root;
}

int layout_bridge_path(const char *language, char *buf, size_t bufsize)
{
    pthread_once(&layout_once, find_layout);
    const char *dir = library_dir;
    if (running_from_build_tree) {
        dir = strcmp(language, "python") == 0 ? OIF_BUILD_PYTHON_BRIDGE_DIR : OIF_BUILD_C_BRIDGE_DIR;
    }
    int n = snprintf(buf, bufsize, "%s/liboif_bridge_%s.so", dir, language);
    return n < 0 || (size_t)n >= bufsize;
}
