#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <oif/error.h>
#include <oif/util.h>

void *oif_util_malloc(size_t nbytes)
{
    void *p = malloc(nbytes);
    if (p == NULL) {
        oif_set_error("out of memory allocating %zu bytes", nbytes);
    }
    return p;
}

void oif_util_free(void *ptr) { free(ptr); }

char *oif_util_str_duplicate(const char *src)
{
    if (src == NULL) {
        return NULL;
    }
    size_t n = strlen(src) + 1;
    char *copy = oif_util_malloc(n);
    if (copy != NULL) {
        memcpy(copy, src, n);
    }
    return copy;
}

char *oif_util_make_string(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        oif_set_error("cannot format string '%s'", fmt);
        return NULL;
    }
    char *s = oif_util_malloc((size_t)n + 1);
    if (s == NULL) {
        return NULL;
    }
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

char *oif_util_list_append(char *buf, size_t size, const char *fmt, ...)
{
    if (buf == NULL || size == 0) {
        return buf;
    }
    size_t used = strnlen(buf, size - 1);
    if (used > 0) {
        used += (size_t)snprintf(buf + used, size - used, ", ");
    }
    if (used < size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(buf + used, size - used, fmt, ap);
        va_end(ap);
    }
    return buf;
}

bool oif_util_str_contains(const char **strings, const char *s)
{
    if (strings == NULL || s == NULL) {
        return false;
    }
    for (size_t i = 0; strings[i] != NULL; i++) {
        if (strcmp(strings[i], s) == 0) {
            return true;
        }
    }
    return false;
}
