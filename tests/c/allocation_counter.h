/* Counts the heap allocations that a stretch of code makes, in this program
 * and in every library it has loaded, for the tests that prove a call
 * allocates nothing.
 *
 * In a normal build this program defines malloc, calloc and realloc: the
 * dynamic linker binds every library's calls to the executable's
 * definitions, which count (in every thread) and then call glibc's.
 *
 * Under AddressSanitizer that would hand ASan's free() blocks that its
 * allocator never made (ASan stops at the first one), so there the count
 * comes from the hook that ASan calls on every allocation it makes.  It
 * counts the allocations of the thread that started counting only: ASan's
 * runtime allocates by itself in every thread that starts (OpenBLAS starts
 * its workers when c_lapack is loaded, and they may get to run during the
 * count), which is no call's doing.
 *
 * valgrind's memcheck replaces the definitions here too, unless it runs with
 * --soname-synonyms=somalloc=nouserintercepts, as scripts/run-valgrind does.
 *
 * Include it in one file of a program only: it defines malloc. */
#ifndef OIF_TEST_ALLOCATION_COUNTER_H
#define OIF_TEST_ALLOCATION_COUNTER_H

#include <stdatomic.h>
#include <stddef.h>

#if defined(__SANITIZE_ADDRESS__) /* GCC */
#define OIF_TEST_UNDER_ASAN 1
#elif defined(__has_feature) /* Clang */
#if __has_feature(address_sanitizer)
#define OIF_TEST_UNDER_ASAN 1
#endif
#endif

#ifdef OIF_TEST_UNDER_ASAN
static _Thread_local int counting_allocations;
#else
/* Libraries may allocate from their own threads (OpenBLAS), hence atomics. */
static atomic_int counting_allocations;
#endif
static atomic_ulong allocations_seen;

static void count_allocation(void)
{
    if (counting_allocations) {
        atomic_fetch_add_explicit(&allocations_seen, 1, memory_order_relaxed);
    }
}

#ifdef OIF_TEST_UNDER_ASAN

/* The sanitizers' allocator interface (<sanitizer/allocator_interface.h>,
 * which GCC 12 does not ship).  Hooks run for malloc, calloc, realloc and
 * the aligned allocators alike. */
int __sanitizer_install_malloc_and_free_hooks(void (*malloc_hook)(const volatile void *, size_t),
                                              void (*free_hook)(const volatile void *));

static void on_asan_malloc(const volatile void *block, size_t size)
{
    (void)block;
    (void)size;
    count_allocation();
}

static void on_asan_free(const volatile void *block) { (void)block; }

static void install_allocation_counter(void)
{
    static atomic_flag installed = ATOMIC_FLAG_INIT;
    if (!atomic_flag_test_and_set(&installed)) {
        __sanitizer_install_malloc_and_free_hooks(on_asan_malloc, on_asan_free);
    }
}

#else

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

void *malloc(size_t n)
{
    count_allocation();
    return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    count_allocation();
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    count_allocation();
    return __libc_realloc(p, n);
}

static void install_allocation_counter(void) {}

#endif

static void start_counting_allocations(void)
{
    install_allocation_counter();
    atomic_store(&allocations_seen, 0);
    counting_allocations = 1;
}

/* The number of allocations since start_counting_allocations(). */
static unsigned long stop_counting_allocations(void)
{
    counting_allocations = 0;
    return atomic_load(&allocations_seen);
}

#endif
