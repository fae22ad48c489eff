/* Implementations and folders registered in this process: by
 * oif_register_impl_dir(), oif_register_impl_conf() and, for front ends
 * holding implementations in memory, oif_register_impl_entry().  Nothing is
 * ever unregistered: a handle loaded from a registration may outlive any
 * caller's interest in it. */
#ifndef OIF_DISPATCH_REGISTRATIONS_H
#define OIF_DISPATCH_REGISTRATIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "registry.h"

/* The registered folders, most recently registered first, joined by ':'
 * (no registered folder holds one): a string to free, "" if there are none;
 * NULL when memory runs out. */
char *registrations_dirs(void);

/* Whether `interface`/`impl` was registered, in *registered.  If it was,
 * fills *location (a registered .conf read now; an entry held in memory
 * copied, with conf_dir "") and returns 0, or a status with a message if
 * that fails.  0 if it was not. */
int registrations_find(const char *interface, const char *impl, ImplLocation *location, bool *registered);

/* Appends copies of the names registered for `interface` to names[*count..],
 * growing the array as collect_from_dir() in registry.c does.  0, or -1 with
 * a message when memory runs out. */
int registrations_collect(const char *interface, char ***names, size_t *count, size_t *capacity);

#endif
