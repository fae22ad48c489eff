/* Implementations that MaRDI Open Interfaces 0.7 ships in a language this
 * project has no bridge for, known by name so that asking for one says
 * so (OIF_BRIDGE_NOT_AVAILABLE_ERROR, as upstream built without that
 * language answers) rather than that the name is unknown. */
#ifndef OIF_DISPATCH_UPSTREAM_IMPLS_H
#define OIF_DISPATCH_UPSTREAM_IMPLS_H

/* The language upstream writes implementation `impl` of `interface` in,
 * for those of its implementations listed here; NULL for any other name. */
const char *upstream_impl_language(const char *interface, const char *impl);

#endif
