/* Where the dispatcher finds the shipped implementations and the language
 * bridges: next to itself, whether it runs from the build tree or from an
 * installed (and possibly moved) prefix. */
#ifndef OIF_DISPATCH_INSTALL_LAYOUT_H
#define OIF_DISPATCH_INSTALL_LAYOUT_H

#include <stddef.h>

/* The root of the shipped implementations (<root>/<interface>/<impl>/). */
const char *layout_impl_root(void);

/* Full path of the bridge library for `language` ("c", "python"). The result
 * is written to `buf`; returns 0, or non-zero if it does not fit. */
int layout_bridge_path(const char *language, char *buf, size_t bufsize);

#endif
