/*
 * Loaded instances by handle.  A handle maps to a slot by masking, so a
 * lookup is an index, not a search.  Handles increase and are never reused;
 * a number whose slot is taken is skipped, which keeps the table as small as
 * the number of live instances however many were loaded before.
 */
#ifndef OIF_DISPATCH_HANDLE_TABLE_H
#define OIF_DISPATCH_HANDLE_TABLE_H

#include <oif/api.h>

#include "loaded_impl.h"

/* Gives `impl` a new handle and makes it findable.  0, or OIF_ERROR. */
int handle_table_insert(LoadedImpl *impl);

/* The instance with this handle, or NULL.  Safe to call concurrently with
 * inserts and removals, of this handle too: the instance returned may have
 * been unloaded since (loaded_impl_enter() tells). */
LoadedImpl *handle_table_get(ImplHandle handle);

/* Takes the instance out of the table and returns it, or NULL. */
LoadedImpl *handle_table_remove(ImplHandle handle);

#endif
