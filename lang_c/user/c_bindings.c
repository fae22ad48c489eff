#include <oif/c_bindings.h>
#include <oif/dispatch.h>
#include <oif/error.h>

ImplHandle oif_load_impl(const char *interface, const char *impl, int version_major,
                         int version_minor)
{
    if (version_major < 0 || version_minor < 0) {
        oif_set_error("cannot load an implementation: version %d.%d is negative", version_major,
                      version_minor);
        return OIF_ERROR;
    }
    return load_interface_impl(interface, impl, (size_t)version_major, (size_t)version_minor);
}

int oif_unload_impl(ImplHandle implh) { return unload_interface_impl(implh); }
