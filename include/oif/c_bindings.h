/*
 * The C user's entry points: load an implementation of an interface by name,
 * make arrays for its arguments, and read why a call failed.  The methods of
 * each interface are declared in <oif/interfaces/NAME.h>.
 */
#ifndef OIF_C_BINDINGS_H
#define OIF_C_BINDINGS_H

#include <stdint.h>

#include <oif/api.h>
#include <oif/config_dict.h>
#include <oif/export.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Loads a new, independent instance of implementation `impl` of `interface`
 * (for example "qeq", "c_qeq_solver").  Returns a handle >= 1000, or an error
 * code below 1000 with the reason in oif_last_error():
 *   OIF_IMPL_NOT_AVAILABLE_ERROR    no such implementation, or it cannot be
 *                                   instantiated (missing library or method);
 *   OIF_BRIDGE_NOT_AVAILABLE_ERROR  its language cannot be loaded here;
 *   OIF_IMPL_INIT_ERROR             its .conf file is malformed;
 *   OIF_ERROR                       bad arguments (e.g. a name that is not an
 *                                   identifier) or an unsupported version.
 */
OIF_API ImplHandle oif_load_impl(const char *interface, const char *impl, int version_major,
                                 int version_minor);

/* Releases an instance.  0 on success; non-zero for a handle that is not
 * loaded (unknown, already unloaded, or an error code). */
OIF_API int oif_unload_impl(ImplHandle implh);

/*
 * Adds the folder `dir`, laid out as OIF_IMPL_PATH's folders are
 * (<dir>/<interface>/<impl>/<impl>.conf), to the search path of this
 * process, before the folders registered earlier, OIF_IMPL_PATH's and the
 * shipped ones.  Registering a folder again changes nothing.  0, or
 * OIF_ERROR with the reason in oif_last_error(): NULL, no such folder, or a
 * path containing ':'.  Safe to call while other threads load.
 */
OIF_API int oif_register_impl_dir(const char *dir);

/*
 * Registers the single .conf file `conf_path` as an implementation of
 * `interface`, named after the file's stem (".../vieta.conf" registers
 * "vieta"), for the rest of the process: loads and oif_list_impls() find it
 * before anything on the search path, and a C library it names is looked
 * for next to it first, as for a .conf found on the search path.  The file
 * is read now and at each load.  0, or a status with the reason in
 * oif_last_error(): OIF_ERROR for an unknown interface, a path that does
 * not exist or does not end in ".conf", a stem that is not a valid name, or
 * a name taken (registered already or found on the search path);
 * OIF_IMPL_INIT_ERROR for a malformed file.  Safe to call while other
 * threads load.
 */
OIF_API int oif_register_impl_conf(const char *interface, const char *conf_path);

/* The calling thread's message for its most recent failure ("" if none). */
OIF_API const char *oif_last_error(void);

/*
 * A new array of `nd` dimensions with uninitialised data, owning a copy of
 * `dimensions`.  Flagged C-contiguous (and F-contiguous too when nd == 1).
 * NULL, with a message, when a dimension is not positive or the size
 * overflows.  Free with oif_free_array_f64().
 */
OIF_API OIFArrayF64 *oif_create_array_f64(int nd, const intptr_t *dimensions);

/* Like oif_create_array_f64(), then copies the elements from `data`. */
OIF_API OIFArrayF64 *oif_init_array_f64_from_data(int nd, const intptr_t *dimensions,
                                                  const double *data);

/* Frees an array made by the two functions above; NULL is a no-op.  Never
 * pass an array whose memory you manage yourself. */
OIF_API void oif_free_array_f64(OIFArrayF64 *x);

/*
 * Print a 1-D array as `[ 1, 2.5, -3 ]`, or a 2-D array as a line `[ `, one
 * line `[ 1, 2, 3 ],` per row and a line `]`, to stdout: what MaRDI Open
 * Interfaces 0.7's output looks like on a terminal.  Each value is written
 * as "%g" would where those digits read back as the value, else in the
 * fewest digits that do (0.30000000000000004, not 0.3).  A NULL array or
 * one of another dimension prints nothing and records why.
 */
OIF_API void oif_print_vector(const OIFArrayF64 *x);
OIF_API void oif_print_matrix(const OIFArrayF64 *mat);

#ifdef __cplusplus
}
#endif

#endif /* OIF_C_BINDINGS_H */
