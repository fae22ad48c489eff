/* Thread-local error messages: a fixed buffer per thread, so recording an
 * error never allocates and cannot fail. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <oif/error.h>

enum { MESSAGE_CAPACITY = 4096 };

static _Thread_local char message[MESSAGE_CAPACITY];
static _Thread_local unsigned long messages_recorded;

const char *oif_last_error(void) { return message; }

unsigned long oif_error_count(void) { return messages_recorded; }

void oif_set_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    messages_recorded++;
}

void oif_prefix_error(const char *fmt, ...)
{
    char prefix[MESSAGE_CAPACITY];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    if (n <= 0) {
        return;
    }
    size_t prefix_len = (size_t)n < sizeof prefix ? (size_t)n : sizeof prefix - 1;
    size_t kept = strnlen(message, sizeof message - 1);
    if (prefix_len + kept > sizeof message - 1) {
        kept = sizeof message - 1 - prefix_len;
    }
    memmove(message + prefix_len, message, kept);
    memcpy(message, prefix, prefix_len);
    message[prefix_len + kept] = '\0';
}
