/*
 * Memory and string helpers shared by users and implementations.  Memory
 * that the library hands to a caller (return arguments, key lists, listed
 * implementation names) is released with oif_util_free().
 *
 * The second half declares the helpers MaRDI Open Interfaces 0.7 gave its
 * implementations, under its names, so that implementations written for it
 * compile and link unchanged.  They never end the process, and print only
 * what OIF_LOG asks for (<oif/log.h>).
 */
#ifndef OIF_UTIL_H
#define OIF_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
/* Not needed here, but 0.7's <oif/util.h> included them, and implementations
 * written for it may use printf() or INT_MAX having included only this. */
#include <limits.h>
#include <stdio.h>

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

/* ---- MaRDI Open Interfaces 0.7's helpers for implementations ------------ */

/*
 * Compares two strings as strcmp() does, ignoring the case of ASCII letters
 * (the same in every locale): negative, 0 or positive.  "abc" and "ab"
 * differ.  A NULL string sorts before every other string, and the call
 * records a message in oif_last_error().
 */
OIF_API int oif_strcmp_nocase(const char *s1, const char *s2);

/*
 * Why an implementation fails: records "<prefix>: <message>" as the calling
 * thread's error (oif_last_error(), and so the exception a Python user
 * gets) and prints it to stderr only when OIF_LOG enables errors.  Call it
 * before returning a non-zero status.  `prefix` (usually the
 * implementation's name) may be NULL.  Returns 0.
 */
OIF_API int logerr(const char *prefix, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A warning, "<prefix>: <message>", printed to stderr only when OIF_LOG
 * enables warnings; records nothing.  Returns 0. */
OIF_API int logwarn(const char *prefix, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * `value` as a uint32_t.  A value that does not fit gives UINT32_MAX and a
 * message in oif_last_error() (compare oif_error_count() before and after to
 * tell it from UINT32_MAX itself); the process goes on.
 */
OIF_API uint32_t oif_util_u32_from_size_t(size_t value);

/*
 * The allocation helpers under the names 0.7's headers expand its
 * oif_util_malloc/oif_util_free/oif_util_str_duplicate macros to (here
 * those three are functions): the same as oif_util_malloc(),
 * oif_util_free() and oif_util_str_duplicate().  The _verbose ones take the
 * call site, which an out-of-memory message names.
 */
OIF_API void *oif_util_malloc_(size_t nbytes);
OIF_API void oif_util_free_(void *ptr);
OIF_API char *oif_util_str_duplicate_(const char *src);
OIF_API void *oif_util_malloc_verbose(size_t nbytes, const char *file, const char *func, int line);
OIF_API void oif_util_free_verbose(void *ptr, const char *file, const char *func, int line);
OIF_API char *oif_util_str_duplicate_verbose(const char *src, const char *file, const char *func,
                                             int line);

#ifdef __cplusplus
}
#endif

#endif /* OIF_UTIL_H */
