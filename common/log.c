/* OIF_LOG is read once; after that a disabled level costs one comparison. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <oif/log.h>

static OIFLogLevel threshold = OIF_LOG_OFF;
static pthread_once_t threshold_once = PTHREAD_ONCE_INIT;

static const char *const level_names[] = {
    [OIF_LOG_DEBUG] = "debug", [OIF_LOG_INFO] = "info", [OIF_LOG_WARN] = "warn",
    [OIF_LOG_ERROR] = "error",
};

static void read_threshold(void)
{
    const char *requested = getenv("OIF_LOG");
    if (requested == NULL) {
        return;
    }
    for (int level = OIF_LOG_DEBUG; level <= OIF_LOG_ERROR; level++) {
        if (strcasecmp(requested, level_names[level]) == 0) {
            threshold = (OIFLogLevel)level;
        }
    }
}

bool oif_log_enabled(OIFLogLevel level)
{
    pthread_once(&threshold_once, read_threshold);
    return level >= threshold;
}

void oif_log(OIFLogLevel level, const char *component, const char *fmt, ...)
{
    if (!oif_log_enabled(level) || level < OIF_LOG_DEBUG || level > OIF_LOG_ERROR) {
        return;
    }
    char text[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    fprintf(stderr, "[oif %s] %s: %s\n", level_names[level], component, text);
}
