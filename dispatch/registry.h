/* Finding implementations by name: those registered in this process first,
 * then the folders registered with oif_register_impl_dir(), OIF_IMPL_PATH's
 * and the shipped ones, each as <dir>/<interface>/<impl>/<impl>.conf. */
#ifndef OIF_DISPATCH_REGISTRY_H
#define OIF_DISPATCH_REGISTRY_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "conf_file.h"

enum { REGISTRY_MAX_NAME = 128 };

/* Whether `name` is a valid interface or implementation name: 1 to 128
 * characters from [A-Za-z0-9_].  If not, records why, calling it `what`. */
bool registry_check_name(const char *name, const char *what);

/* Writes the path of the first <dir>/<interface>/<impl>/<impl>.conf on the
 * search path (registered folders, OIF_IMPL_PATH, the shipped ones) into
 * `path`.  0 on success, else OIF_IMPL_NOT_AVAILABLE_ERROR with a message
 * listing the folders searched and the implementations that are available. */
int registry_find_conf(const char *interface, const char *impl, char *path, size_t pathsize);

/* As registry_find_conf(), quietly: 1 (and the path) if the search path has
 * the .conf, 0 if not, -1 with a message when memory runs out. */
int registry_search_path_has(const char *interface, const char *impl, char *path, size_t pathsize);

/* What a bridge needs to load an implementation. */
typedef struct {
    char conf_dir[PATH_MAX]; /* the folder of its .conf; "" if registered without one */
    ImplConf conf;           /* its language and what to load */
} ImplLocation;

/* Finds `impl` of `interface` (registrations first, then the search path)
 * and reads its .conf.  0 on success (release with registry_location_release),
 * else the status of registry_find_conf() or conf_file_read(). */
int registry_locate(const char *interface, const char *impl, ImplLocation *location);

void registry_location_release(ImplLocation *location);

#endif
