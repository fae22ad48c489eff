/* Finding implementations by name: OIF_IMPL_PATH first, then the shipped
 * ones, each as <dir>/<interface>/<impl>/<impl>.conf. */
#ifndef OIF_DISPATCH_REGISTRY_H
#define OIF_DISPATCH_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

enum { REGISTRY_MAX_NAME = 128 };

/* Whether `name` is a valid interface or implementation name: 1 to 128
 * characters from [A-Za-z0-9_].  If not, records why, calling it `what`. */
bool registry_check_name(const char *name, const char *what);

/* Writes the path of the first <dir>/<interface>/<impl>/<impl>.conf on the
 * search path into `path`.  0 on success, else OIF_IMPL_NOT_AVAILABLE_ERROR
 * with a message listing the folders searched and the implementations that
 * are available. */
int registry_find_conf(const char *interface, const char *impl, char *path, size_t pathsize);

#endif
