/*
 * Compiler and build facts that implementations written for MaRDI Open
 * Interfaces 0.7 test, under the names it gave them:
 *
 *   OIF_SANITIZE_ADDRESS_ENABLED       defined (as 1) when the translation
 *                                      unit is compiled with AddressSanitizer,
 *                                      and not defined otherwise, so that
 *                                      both `#if defined(...)` (as 0.7's own
 *                                      code tests it) and `#if ...` work;
 *   OIF_ATTRIBUTE_NO_SANITIZE_ADDRESS  put before a function that
 *                                      AddressSanitizer must not instrument;
 *                                      empty where the compiler has no such
 *                                      attribute;
 *   static_assert                      C11's _Static_assert, also without
 *                                      <assert.h>.
 */
#ifndef OIF_PLATFORM_H
#define OIF_PLATFORM_H

/* GCC announces AddressSanitizer with a macro, clang with a feature test
 * (GCC 14 understands the feature test too).  __has_feature is tested on its
 * own line: where it does not exist, `__has_feature(x)` is a syntax error. */
#if defined(__SANITIZE_ADDRESS__)
#define OIF_SANITIZE_ADDRESS_ENABLED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OIF_SANITIZE_ADDRESS_ENABLED 1
#endif
#endif

#if defined(__has_attribute)
#if __has_attribute(no_sanitize_address)
#define OIF_ATTRIBUTE_NO_SANITIZE_ADDRESS __attribute__((no_sanitize_address))
#endif
#endif
#ifndef OIF_ATTRIBUTE_NO_SANITIZE_ADDRESS
#define OIF_ATTRIBUTE_NO_SANITIZE_ADDRESS
#endif

/* C11 spells it _Static_assert and leaves the macro to <assert.h>; C23 and
 * C++ have the keyword. */
#if !defined(__cplusplus) && !defined(static_assert) && defined(__STDC_VERSION__) && \
    __STDC_VERSION__ >= 201112L && __STDC_VERSION__ < 202311L
#define static_assert _Static_assert
#endif

#endif /* OIF_PLATFORM_H */
