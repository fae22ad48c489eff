/*
 * What a language bridge exports to the dispatcher.  A bridge is a shared
 * library, liboif_bridge_<language>.so, loaded the first time an
 * implementation in its language is; its function oif_bridge_entry()
 * returns the table below.
 *
 * Arguments handed to a bridge are valid only during the call: a bridge
 * copies whatever it keeps (callbacks, user data, config dicts).
 */
#ifndef OIF_BRIDGE_H
#define OIF_BRIDGE_H

#include <oif/api.h>
#include <oif/export.h>
#include <oif/interface_spec.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
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
