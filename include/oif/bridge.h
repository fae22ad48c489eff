/*
 * What a language bridge exports to the dispatcher.  A bridge is a shared
 * library, liboif_bridge_<language>.so, loaded the first time an
 * implementation in its language is; its function oif_bridge_entry()
 * returns the table below.
 *
 * The table is versioned as SQLite's extension routines and SUNDIALS'
 * operation tables are: fields are only ever appended, and `size` says
 * which fields a bridge's table has.  OIF_BRIDGE_ABI_VERSION changes only
 * when a field is removed or changes its type or meaning.  The dispatcher
 * refuses, saying why, a bridge of another ABI version or with a table
 * shorter than this version's fields; it reads a longer table's fields it
 * knows and ignores the rest.
 *
 * Arguments handed to a bridge are valid only during the call: a bridge
 * copies whatever it keeps (callbacks, user data, config dicts).
 */
#ifndef OIF_BRIDGE_H
#define OIF_BRIDGE_H

#include <stdint.h>

#include <oif/api.h>
#include <oif/export.h>
#include <oif/interface_spec.h>

#ifdef __cplusplus
extern "C" {
#endif

#define OIF_BRIDGE_ABI_VERSION 1

typedef struct {
    /* Where the bridge was compiled: sizeof(OIFBridge) and
     * OIF_BRIDGE_ABI_VERSION.  These two fields stay first in every version. */
    uint32_t size;
    uint32_t abi_version;

    int language; /* OIF_LANG_* */

    /*
     * Creates one instance of implementation `impl_name` of `iface`.
     * `conf_dir` is the folder of its .conf file and `details` the .conf's
     * second line.  Every method of `iface` is resolved here.  On failure:
     * NULL, *status set to an OIF_* error code, and a message recorded with
     * oif_set_error().
     */
    void *(*load)(const OIFInterfaceSpec *iface, const char *impl_name, const char *conf_dir,
                  const char *details, int *status);

    /* Releases an instance made by `load`.  0 on success. */
    int (*unload)(void *instance);

    /* Calls a method; the dispatcher has already checked the arguments
     * against `method`.  Returns the implementation's status. */
    int (*call)(void *instance, const OIFMethodSpec *method, OIFArgs *in_args,
                OIFArgs *out_args, OIFArgs *return_args);

    /*
     * Appended in this ABI version; optional.  `load` fails only for a
     * missing method of <major>.0: a method added in a later minor version
     * (method->since_minor > 0) may be missing, and the dispatcher asks
     * after each of those once, right after `load`: non-zero if the
     * instance has it.  The dispatcher never calls a method an instance
     * does not have.  A bridge whose table ends before this field resolves
     * every method at load or fails it.
     */
    int (*has_method)(void *instance, const OIFMethodSpec *method);
} OIFBridge;

#define OIF_BRIDGE_ENTRY_SYMBOL "oif_bridge_entry"
typedef const OIFBridge *(*OIFBridgeEntry)(void);

/* What each bridge defines (the only symbol it exports); the dispatcher
 * finds it by name with dlsym(). */
OIF_API const OIFBridge *oif_bridge_entry(void);

#ifdef __cplusplus
}
#endif

#endif /* OIF_BRIDGE_H */
