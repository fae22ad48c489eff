/*
 * Diagnostics on stderr, off unless the OIF_LOG environment variable asks
 * for them: OIF_LOG=debug|info|warn|error prints that level and above.
 * Never used on a per-call path.
 */
#ifndef OIF_LOG_H
#define OIF_LOG_H

#include <stdbool.h>

#include <oif/export.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    OIF_LOG_DEBUG = 1,
    OIF_LOG_INFO = 2,
    OIF_LOG_WARN = 3,
    OIF_LOG_ERROR = 4,
    OIF_LOG_OFF = 5,
} OIFLogLevel;

OIF_API bool oif_log_enabled(OIFLogLevel level);

/* Prints "[oif <level>] <component>: <message>\n" if `level` is enabled. */
OIF_API void oif_log(OIFLogLevel level, const char *component, const char *fmt, ...)
            __attribute__((format(printf, 3, 4)));

#ifdef __cplusplus
}
#endif

#endif /* OIF_LOG_H */
