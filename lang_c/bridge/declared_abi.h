/* The check of what a C implementation declares about the ABI it was built
 * for (<oif/impl_abi.h>). */
#ifndef OIF_LANG_C_DECLARED_ABI_H
#define OIF_LANG_C_DECLARED_ABI_H

#include <oif/interface_spec.h>

/* 0 if the shared object `library` declares nothing for `iface`, or
 * declares what this library can load; else OIF_IMPL_NOT_AVAILABLE_ERROR
 * with a message saying what was declared and what is supported.  On
 * success *built_for_minor is the interface's minor version it was built for: the
 * declared one, 0 without a declaration (see <oif/impl_abi.h>). */
int check_declared_abi(void *library, const OIFInterfaceSpec *iface, unsigned int *built_for_minor);

#endif
