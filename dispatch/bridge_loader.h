#ifndef OIF_DISPATCH_BRIDGE_LOADER_H
#define OIF_DISPATCH_BRIDGE_LOADER_H

#include <stdbool.h>

#include <oif/bridge.h>

/* The bridge for the language a .conf names ("c", "python"), loaded on first
 * use and kept for the life of the process.  NULL on failure, with *status
 * OIF_BRIDGE_NOT_AVAILABLE_ERROR (a language without a usable bridge) or
 * OIF_IMPL_INIT_ERROR (not a language name).  The caller serialises calls. */
const OIFBridge *bridge_for_language(const char *language, int *status);

/* Whether this build has a bridge library for `language` (whether or not it
 * would load here); false for names that are no language. */
bool bridge_is_built(const char *language);

#endif
