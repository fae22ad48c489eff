/*
 * Memory and string helpers shared by users and implementations.  Memory
 * that the library hands to a caller (return arguments, key lists, listed
 * implementation names) is released with oif_util_free().
 */
#ifndef OIF_UTIL_H
#define OIF_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include <oif/export.h>

#ifdef __cplusplus
extern "C" {
#endif

/* malloc() that records an out-of-memory message in oif_last_error(). */
OIF_API void *oif_util_malloc(size_t nbytes);

/* Releases memory from any allocating oif_* function; NULL is a no-op. */
OIF_API void oif_util_free(void *ptr);

/* A copy of `src` to free with oif_util_free(); NULL if `src` is NULL or
 * memory runs out. */
OIF_API char *oif_util_str_duplicate(const char *src);

/* printf() into a new string to free with oif_util_free(); NULL on error. */
OIF_API char *oif_util_make_string(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Appends an item formatted by printf() to the list of items in `buf` (a
 * string of at most `size` bytes, "" for an empty list), after ", " unless
 * the list is empty: how messages list valid names.  What does not fit is
 * cut off, and `buf` stays NUL-terminated.  Returns `buf`. */
OIF_API char *oif_util_list_append(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Whether the NULL-terminated array `strings` holds a string equal to `s`. */
OIF_API bool oif_util_str_contains(const char **strings, const char *s);

#ifdef __cplusplus
}
#endif

#endif /* OIF_UTIL_H */
