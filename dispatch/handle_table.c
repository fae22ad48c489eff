#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include <oif/error.h>

#include "handle_table.h"

/*
 * A slot holds an instance and, beside it, its handle (0: empty).  Lookups
 * compare the handle kept here first: another thread may unload the
 * instance in a slot at any moment, and a lookup of a stale handle whose
 * slot a later instance has taken must not return that one.
 */
typedef struct {
    _Atomic(ImplHandle) handle;
    _Atomic(LoadedImpl *) impl;
} Slot;

typedef struct Table {
    size_t mask; /* capacity - 1; capacity is a power of two */
    struct Table *retired_next;
    Slot slots[];
} Table;

enum { INITIAL_CAPACITY = 64 };

static _Atomic(Table *) current;
static size_t live_count;
static ImplHandle next_handle = OIF_IMPL_STARTING_NUMBER;
/* Readers may still be looking at a table that was replaced, so replaced
 * tables are kept until the process ends (they total less than the live one). */
static Table *retired;
static pthread_mutex_t writer_lock = PTHREAD_MUTEX_INITIALIZER;

static Table *table_new(size_t capacity)
{
    Table *t = calloc(1, sizeof *t + capacity * sizeof t->slots[0]);
    if (t != NULL) {
        t->mask = capacity - 1;
    }
    return t;
}

static size_t slot_of(const Table *t, ImplHandle handle) { return (size_t)handle & t->mask; }

/* Doubles the table until live instances fill at most half of it, so that a
 * free slot is always near and lookups never collide. */
static int grow_if_needed(void)
{
    Table *old = atomic_load_explicit(&current, memory_order_relaxed);
    size_t capacity = old ? old->mask + 1 : INITIAL_CAPACITY;
    while (2 * (live_count + 1) > capacity) {
        capacity *= 2;
    }
    if (old != NULL && capacity == old->mask + 1) {
        return 0;
    }
    Table *t = table_new(capacity);
    if (t == NULL) {
        oif_set_error("out of memory growing the table of loaded implementations");
        return -1;
    }
    if (old != NULL) {
        /* Handles apart under the old mask stay apart under the new one,
         * which keeps more of their bits. */
        for (size_t i = 0; i <= old->mask; i++) {
            ImplHandle handle = atomic_load_explicit(&old->slots[i].handle, memory_order_relaxed);
            if (handle != 0) {
                Slot *slot = &t->slots[slot_of(t, handle)];
                atomic_store_explicit(&slot->impl, atomic_load_explicit(&old->slots[i].impl, memory_order_relaxed),
                                      memory_order_relaxed);
                atomic_store_explicit(&slot->handle, handle, memory_order_relaxed);
            }
        }
        old->retired_next = retired;
        retired = old;
    }
    atomic_store_explicit(&current, t, memory_order_release);
    return 0;
}

int handle_table_insert(LoadedImpl *impl)
{
    pthread_mutex_lock(&writer_lock);
    int status = grow_if_needed();
    if (status == 0) {
        Table *t = atomic_load_explicit(&current, memory_order_relaxed);
        while (next_handle < INT_MAX &&
               atomic_load_explicit(&t->slots[slot_of(t, next_handle)].handle, memory_order_relaxed) != 0) {
            next_handle++;
        }
        if (next_handle == INT_MAX) {
            oif_set_error("no implementation handles are left in this process");
            status = -1;
        } else {
            ImplHandle handle = next_handle++;
            atomic_store_explicit(&impl->handle, handle, memory_order_release);
            /* The instance first, then the handle that makes lookups take it
             * (release: with everything written into it before). */
            Slot *slot = &t->slots[slot_of(t, handle)];
            atomic_store_explicit(&slot->impl, impl, memory_order_release);
            atomic_store_explicit(&slot->handle, handle, memory_order_release);
            live_count++;
        }
    }
    pthread_mutex_unlock(&writer_lock);
    return status;
}

LoadedImpl *handle_table_get(ImplHandle handle)
{
    Table *t = atomic_load_explicit(&current, memory_order_acquire);
    if (t == NULL || handle < OIF_IMPL_STARTING_NUMBER) {
        return NULL;
    }
    /* The slot's handle before and after reading its instance: handles are
     * never reused, so if both are `handle`, the instance read is its own
     * (the slot may have been emptied and refilled in between, which
     * changes the handle; acquire orders the three loads). */
    Slot *slot = &t->slots[slot_of(t, handle)];
    if (atomic_load_explicit(&slot->handle, memory_order_acquire) != handle) {
        return NULL;
    }
    LoadedImpl *impl = atomic_load_explicit(&slot->impl, memory_order_acquire);
    return atomic_load_explicit(&slot->handle, memory_order_acquire) == handle ? impl : NULL;
}

LoadedImpl *handle_table_remove(ImplHandle handle)
{
    pthread_mutex_lock(&writer_lock);
    LoadedImpl *impl = handle_table_get(handle);
    if (impl != NULL) {
        /* The handle first: a lookup that then reads the emptied slot, or
         * the next instance put there, reads the handle again and fails. */
        Table *t = atomic_load_explicit(&current, memory_order_relaxed);
        Slot *slot = &t->slots[slot_of(t, handle)];
        atomic_store_explicit(&slot->handle, 0, memory_order_release);
        atomic_store_explicit(&slot->impl, NULL, memory_order_release);
        live_count--;
    }
    pthread_mutex_unlock(&writer_lock);
    return impl;
}

__attribute__((destructor)) static void free_tables(void)
{
    while (retired != NULL) {
        Table *next = retired->retired_next;
        free(retired);
        retired = next;
    }
    free(atomic_exchange(&current, NULL));
}
