#include <string.h>

#include <oif/interface_spec.h>

/* Defined in the generated interface_spec_table.c. */
extern const OIFInterfaceSpec *const oif_all_interfaces[];

const OIFInterfaceSpec *const *oif_interface_list(void) { return oif_all_interfaces; }

const OIFInterfaceSpec *oif_interface_find(const char *name)
{
    if (name == NULL) {
        return NULL;
    }
    for (size_t i = 0; oif_all_interfaces[i] != NULL; i++) {
        if (strcmp(oif_all_interfaces[i]->name, name) == 0) {
            return oif_all_interfaces[i];
        }
    }
    return NULL;
}

const OIFMethodSpec *oif_interface_find_method(const OIFInterfaceSpec *iface, const char *name)
{
    if (iface == NULL || name == NULL) {
        return NULL;
    }
    for (unsigned int i = 0; i < iface->num_methods; i++) {
        if (strcmp(iface->methods[i].name, name) == 0) {
            return &iface->methods[i];
        }
    }
    return NULL;
}

const char *oif_arg_type_name(OIFArgType type)
{
    switch (type) {
    case OIF_TYPE_BOOL: return "BOOL";
    case OIF_TYPE_I8: return "I8";
    case OIF_TYPE_U8: return "U8";
    case OIF_TYPE_INT: return "INT";
    case OIF_TYPE_U32: return "U32";
    case OIF_TYPE_I64: return "I64";
    case OIF_TYPE_U64: return "U64";
    case OIF_TYPE_F32: return "F32";
    case OIF_TYPE_F64: return "F64";
    case OIF_TYPE_ARRAY_F32: return "ARRAY_F32";
    case OIF_TYPE_ARRAY_F64: return "ARRAY_F64";
    case OIF_TYPE_STRING: return "STRING";
    case OIF_TYPE_CALLBACK: return "CALLBACK";
    case OIF_TYPE_USER_DATA: return "USER_DATA";
    case OIF_TYPE_CONFIG_DICT: return "CONFIG_DICT";
    }
    return "unknown type";
}
