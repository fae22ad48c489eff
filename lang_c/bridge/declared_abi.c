#include <dlfcn.h>
#include <inttypes.h>
#include <stdio.h>

#include <oif/api.h>
#include <oif/error.h>
#include <oif/impl_abi.h>

#include "declared_abi.h"

int check_declared_abi(void *library, const OIFInterfaceSpec *iface, unsigned int *built_for_minor)
{
    *built_for_minor = 0;
    char symbol[128];
    snprintf(symbol, sizeof symbol, "%s%s", OIF_IMPL_ABI_SYMBOL_PREFIX, iface->name);
    const OIFImplABI *abi = dlsym(library, symbol);
    if (abi == NULL) {
        return 0; /* declares nothing: built for <major>.0, which loads */
    }
    /* The first two fields are where they are in every ABI version. */
    if (abi->abi_version != OIF_IMPL_ABI_VERSION) {
        oif_set_error("its %s declares implementation ABI version %" PRIu32
                      ", and this library supports version %d only",
                      symbol, abi->abi_version, OIF_IMPL_ABI_VERSION);
        return OIF_IMPL_NOT_AVAILABLE_ERROR;
    }
    if (abi->size < sizeof(OIFImplABI)) {
        oif_set_error("its %s has %" PRIu32 " bytes, fewer than the %zu that implementation "
                      "ABI version %d requires",
                      symbol, abi->size, sizeof(OIFImplABI), OIF_IMPL_ABI_VERSION);
        return OIF_IMPL_NOT_AVAILABLE_ERROR;
    }
    uint32_t major = (uint32_t)iface->version_major, minor = (uint32_t)iface->version_minor;
    if (abi->interface_major != major || abi->interface_minor > minor) {
        oif_set_error("it was built for interface '%s' %" PRIu32 ".%" PRIu32 ", and this library "
                      "provides '%s' %" PRIu32 ".%" PRIu32 "%s",
                      iface->name, abi->interface_major, abi->interface_minor, iface->name, major,
                      minor,
                      abi->interface_major != major ? " (another major version)"
                                                    : " (an older minor version)");
        return OIF_IMPL_NOT_AVAILABLE_ERROR;
    }
    *built_for_minor = abi->interface_minor;
    return 0;
}
