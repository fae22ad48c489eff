#include <pthread.h>
#include <stdlib.h>

#include <oif/error.h>
#include <oif/log.h>

#include "loaded_impl.h"

/*
 * `state` packs the two things a call must change at once: bit 0 says a
 * call is in progress, the bits above count references (the handle
 * table's, and the call's).  Entering is one compare-and-swap and leaving
 * one subtraction, so a call pays two atomic operations and no lock.
 */
#define CALLING 1ul
#define REFERENCE 2ul

/*
 * Destroyed instances go to a pool and are reused by later loads, never
 * back to malloc: a lookup that found an instance just before it was
 * unloaded may still read its `state` and `handle`, and must find memory
 * that is still a LoadedImpl (it then sees the handle changed and lets go).
 * The pool is as large as the most instances ever loaded at once.
 */
static LoadedImpl *pool;
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;

LoadedImpl *loaded_impl_new(void)
{
    pthread_mutex_lock(&pool_lock);
    LoadedImpl *impl = pool;
    if (impl != NULL) {
        pool = impl->pool_next;
    }
    pthread_mutex_unlock(&pool_lock);
    if (impl == NULL && (impl = calloc(1, sizeof *impl)) == NULL) {
        oif_set_error("out of memory loading an implementation");
        return NULL;
    }
    impl->interface = NULL;
    impl->bridge = NULL;
    impl->instance = NULL;
    impl->missing_methods = 0;
    impl->name = NULL;
    impl->pool_next = NULL;
    atomic_store_explicit(&impl->running, NULL, memory_order_relaxed);
    atomic_store_explicit(&impl->state, REFERENCE, memory_order_release);
    return impl;
}

void loaded_impl_discard(LoadedImpl *impl)
{
    free(impl->name);
    impl->name = NULL;
    atomic_store_explicit(&impl->handle, 0, memory_order_release);
    atomic_store_explicit(&impl->state, 0, memory_order_release);
    pthread_mutex_lock(&pool_lock);
    impl->pool_next = pool;
    pool = impl;
    pthread_mutex_unlock(&pool_lock);
}

/* The last reference is gone: nobody can reach the instance any more. */
static int destroy(LoadedImpl *impl)
{
    int status = impl->bridge->unload(impl->instance);
    if (status != 0) {
        oif_prefix_error("%s: error while unloading: ", impl->name);
    }
    oif_log(OIF_LOG_DEBUG, "dispatch", "destroyed %s", impl->name);
    loaded_impl_discard(impl);
    return status;
}

EnterResult loaded_impl_enter(LoadedImpl *impl, ImplHandle handle)
{
    if (atomic_load_explicit(&impl->handle, memory_order_acquire) != handle) {
        return ENTER_GONE;
    }
    unsigned long state = atomic_load_explicit(&impl->state, memory_order_relaxed);
    unsigned long entered;
    do {
        if (state < REFERENCE) {
            return ENTER_GONE; /* destroyed, in the pool */
        }
        entered = state + REFERENCE + (state & CALLING ? 0 : CALLING);
    } while (!atomic_compare_exchange_weak_explicit(&impl->state, &state, entered, memory_order_acquire,
                                                    memory_order_relaxed));
    int busy = (state & CALLING) != 0;
    /* Destroyed and reused for a later load between the first check and the
     * swap: what was taken belongs to the new instance, and is given back. */
    if (atomic_load_explicit(&impl->handle, memory_order_acquire) != handle) {
        if (busy) {
            loaded_impl_release(impl);
        } else {
            loaded_impl_leave(impl);
        }
        return ENTER_GONE;
    }
    return busy ? ENTER_BUSY : ENTERED;
}

void loaded_impl_leave(LoadedImpl *impl)
{
    unsigned long before = atomic_fetch_sub_explicit(&impl->state, REFERENCE + CALLING, memory_order_acq_rel);
    if (before == REFERENCE + CALLING) {
        /* Unloaded during the call: the status has no one to go to. */
        if (destroy(impl) != 0) {
            oif_log(OIF_LOG_WARN, "dispatch", "%s", oif_last_error());
        }
    }
}

int loaded_impl_release(LoadedImpl *impl)
{
    unsigned long before = atomic_fetch_sub_explicit(&impl->state, REFERENCE, memory_order_acq_rel);
    if (before == REFERENCE) {
        return destroy(impl);
    }
    return 0;
}
