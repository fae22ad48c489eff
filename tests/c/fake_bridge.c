/* Language bridges whose tables the dispatcher must refuse or accept, for
 * test_bridge_abi; each variant is built as its own library (see
 * meson.build).  Only the tables' size and version are under test: their
 * functions are never called, so there are none. */
#include <stddef.h>

#include <oif/bridge.h>

#ifdef APPENDED
/* A table from a later release that appended a field to this one's. */
typedef struct {
    OIFBridge known;
    void (*appended)(void);
} Table;

static const Table table = {
    .known = {.size = sizeof(Table), .abi_version = OIF_BRIDGE_ABI_VERSION, .language = OIF_LANG_C},
};

const OIFBridge *oif_bridge_entry(void) { return &table.known; }
#else
static const OIFBridge table = {
#ifdef NEWER_ABI
    .size = sizeof(OIFBridge),
    .abi_version = OIF_BRIDGE_ABI_VERSION + 1,
#else /* TRUNCATED: a table that ends before its last field, `call` */
    .size = offsetof(OIFBridge, call),
    .abi_version = OIF_BRIDGE_ABI_VERSION,
#endif
    .language = OIF_LANG_C,
};

const OIFBridge *oif_bridge_entry(void) { return &table; }
#endif
