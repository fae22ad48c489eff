/*
 * A loaded instance and its lifetime.  The handle table holds one reference
 * to it and every call in progress holds one; the instance is destroyed when
 * the last is dropped.  Unloading while a call is in progress (from one of
 * its callbacks, or from another thread) therefore takes the instance out of
 * the table at once and leaves its destruction to that call, when it
 * returns.  An instance takes one call at a time: a call that arrives while
 * another is in progress on it (a callback re-entering its own solver, or a
 * second thread) is refused with an error.
 */
#ifndef OIF_DISPATCH_LOADED_IMPL_H
#define OIF_DISPATCH_LOADED_IMPL_H

#include <stdatomic.h>
#include <stdint.h>

#include <oif/api.h>
#include <oif/bridge.h>

typedef struct LoadedImpl {
    _Atomic(ImplHandle) handle;              /* 0 until inserted, and once destroyed */
    _Atomic(unsigned long) state;            /* see loaded_impl.c */
    _Atomic(const OIFMethodSpec *) running;  /* the call in progress, for messages */
    const OIFInterfaceSpec *interface;
    const OIFBridge *bridge;
    void *instance;
    /* Bit i: the instance does not have method i, one added in a minor
     * version after the one it was written for (the generator keeps
     * interfaces within 64 methods). */
    uint64_t missing_methods;
    char *name; /* "<interface>/<impl>", for messages */
    struct LoadedImpl *pool_next;
} LoadedImpl;

/* A cleared instance holding one reference (the handle table's), or NULL
 * with a message. */
LoadedImpl *loaded_impl_new(void);

/* Gives back an instance that was never inserted, whose bridge instance is
 * already released. */
void loaded_impl_discard(LoadedImpl *impl);

typedef enum { ENTERED, ENTER_GONE, ENTER_BUSY } EnterResult;

/*
 * Starts a call on `impl`, found under `handle` by a lookup that may have
 * raced with its unload.  ENTERED: the call may proceed and must end with
 * loaded_impl_leave().  ENTER_BUSY: another call is in progress on the
 * instance; a reference is held all the same, so that the instance can be
 * named in the message, and must be dropped with loaded_impl_release().
 * ENTER_GONE: the handle is no longer loaded; nothing is held.
 */
EnterResult loaded_impl_enter(LoadedImpl *impl, ImplHandle handle);

/* Ends a call; destroys the instance if it was unloaded meanwhile. */
void loaded_impl_leave(LoadedImpl *impl);

/* Drops a reference: the handle table's after the instance was taken out
 * of the table, or a refused call's.  The last one destroys the instance
 * and returns the bridge's status; else 0. */
int loaded_impl_release(LoadedImpl *impl);

#endif
