/*
 * The dispatcher: finds implementations by name, keeps the table of loaded
 * instances, and forwards method calls to the bridge of their language.
 * Language front ends (the C wrappers, the Python extension) call it; users
 * normally use <oif/c_bindings.h> or the Python package instead.
 */
#ifndef OIF_DISPATCH_H
#define OIF_DISPATCH_H

#include <oif/api.h>
#include <oif/export.h>
#include <oif/interface_spec.h>

#ifdef __cplusplus
extern "C" {
#endif

/* As oif_load_impl() / oif_unload_impl() in <oif/c_bindings.h>. */
OIF_API ImplHandle load_interface_impl(const char *interface, const char *impl,
                                       size_t version_major, size_t version_minor);
OIF_API int unload_interface_impl(ImplHandle implh);

/*
 * Calls method `method` of a loaded instance.  Argument counts and types
 * must match the interface; arrays must have data and dimensions.  Returns 0
 * on success, else non-zero with oif_last_error() naming the
 * implementation, the method and the reason.  Any of the OIFArgs may be NULL
 * when the method takes no arguments of that kind.
 */
OIF_API int call_interface_impl(ImplHandle implh, const char *method, OIFArgs *in_args,
                                OIFArgs *out_args, OIFArgs *return_args);

/* As call_interface_impl(), with the method named by its spec: no lookup. */
OIF_API int oif_call_method(ImplHandle implh, const OIFMethodSpec *method, OIFArgs *in_args,
                            OIFArgs *out_args, OIFArgs *return_args);

/*
 * The state a language bridge keeps for a loaded instance (what its load()
 * returned), and the instance's language in *language; NULL for a handle not
 * loaded.  What the state is, a bridge documents for the front end of its
 * language: the Python bridge's is a Python object
 * (lang_python/python_bridge_instance.h), which the Python package shows
 * to the garbage collector.
 */
OIF_API void *oif_impl_bridge_state(ImplHandle implh, int *language);

/*
 * Whether a loaded instance has method `method` of its interface: 1 if it
 * has, 0 if it was written for an earlier minor version of the interface
 * than the one that added the method (calling it then fails), -1 with a
 * message for a handle not loaded or a name that is no method of the
 * interface.
 */
OIF_API int oif_impl_supports(ImplHandle implh, const char *method);

/* The interface an instance implements, or NULL for a handle not loaded. */
OIF_API const OIFInterfaceSpec *oif_impl_interface(ImplHandle implh);

/*
 * Names of the implementations of `interface` registered in this process
 * or found on the search path (registered folders, OIF_IMPL_PATH, then the
 * built-in default), sorted, each once.
 * NULL-terminated; one block to free with oif_util_free().  NULL with a
 * message for an unknown interface or out of memory.
 */
OIF_API char **oif_list_impls(const char *interface);

/*
 * Registers implementation `impl` of `interface` with no .conf file, as if
 * one holding the lines `language` and `details` had been registered with
 * oif_register_impl_conf(): for front ends that hold implementations in
 * memory (openinterfaces.register_impl).  Its bridge gets an empty conf_dir:
 * the Python bridge then takes the class registered under
 * (interface, impl) in openinterfaces._bridge_support, or else imports
 * `details`' "<module> <Class>" from sys.path; the C bridge opens `details`
 * as a path or through the dynamic loader's search.  0, or OIF_ERROR with a
 * message for an unknown interface, a name that is not valid or is taken
 * (registered already or found on the search path), or an empty language
 * or `details`.
 */
OIF_API int oif_register_impl_entry(const char *interface, const char *impl, const char *language,
                                    const char *details);

/*
 * The language an implementation's .conf declares ("c", "python", ...), as a
 * string to free with oif_util_free(); NULL with a message if the
 * implementation is not found or its .conf is malformed.  Does not load it.
 */
OIF_API char *oif_impl_language(const char *interface, const char *impl);

/*
 * The search path, as the directories that are searched in order, joined
 * by ':'.  Borrowed; valid until the next call from this thread.
 */
OIF_API const char *oif_impl_search_path(void);

#ifdef __cplusplus
}
#endif

#endif /* OIF_DISPATCH_H */
