/*
 * What a C implementation may declare about the ABI it was built for, so
 * that a library it does not fit refuses it at load, saying why, instead of
 * calling it wrongly later.
 *
 * The declaration is one constant table per interface implemented, named
 * oif_impl_abi_<interface>, and is written as `OIF_IMPL_ABI_<INTERFACE>;`
 * (a macro from <oif_impl/<interface>.h>) at file scope in one of the
 * implementation's sources.  When the C bridge loads the implementation it
 * refuses one built for another major version of the interface, for a
 * newer minor version than this library provides, or with a table of
 * another ABI version or too short.  An older minor version loads.
 *
 * The declaration is optional: an implementation without one (as every
 * implementation written for MaRDI Open Interfaces 0.7 is) loads as built
 * for version <major>.0 of its interface.
 *
 * The version declared (<major>.0 without a declaration) also bounds the
 * methods the bridge looks for: a method added in a later minor version is
 * taken as missing (calling it is an error saying the implementation does
 * not support it) even if the library has a symbol of its name, which was
 * not written as that method.
 *
 * As OIFBridge, the table is append-only: `size` says which fields it has,
 * and OIF_IMPL_ABI_VERSION changes only when a field is removed or changes
 * its type or meaning.
 */
#ifndef OIF_IMPL_ABI_H
#define OIF_IMPL_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define OIF_IMPL_ABI_VERSION 1

/* The declaration's name is this, followed by the interface's name. */
#define OIF_IMPL_ABI_SYMBOL_PREFIX "oif_impl_abi_"

typedef struct {
    /* Where the implementation was compiled: sizeof(OIFImplABI) and
     * OIF_IMPL_ABI_VERSION.  These two fields stay first in every version. */
    uint32_t size;
    uint32_t abi_version;
    /* The version of the interface whose header it was compiled with. */
    uint32_t interface_major;
    uint32_t interface_minor;
} OIFImplABI;

#ifdef __cplusplus
}
#endif

#endif /* OIF_IMPL_ABI_H */
