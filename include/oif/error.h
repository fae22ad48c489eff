/*
 * The thread-local error message behind oif_last_error().  Implementations
 * call oif_set_error() before returning a non-zero status so that the user
 * learns why; the dispatcher adds which implementation and method failed.
 */
#ifndef OIF_ERROR_H
#define OIF_ERROR_H

#include <oif/export.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The calling thread's message for its most recent failure ("" if none). */
OIF_API const char *oif_last_error(void);

/* Records why the current operation fails, replacing the previous message.
 * Messages longer than 4 KiB are truncated. */
OIF_API void oif_set_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Puts context in front of the current message: "<context><message>". */
OIF_API void oif_prefix_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* How many messages this thread has recorded so far.  Comparing two readings
 * tells whether a callee explained its failure. */
OIF_API unsigned long oif_error_count(void);

#ifdef __cplusplus
}
#endif

#endif /* OIF_ERROR_H */
