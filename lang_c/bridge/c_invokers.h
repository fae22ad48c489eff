/*
 * Typed calls of C implementations' methods, generated from the interface
 * specs (interfaces/generate.py, kind c-invokers).  An invoker calls `fn`,
 * cast to the method's exact C type, with the values that `args` point to:
 * args[0] to the Self pointer, then one per in-, out- and return argument,
 * as the dispatcher passes them.
 */
#ifndef OIF_LANG_C_C_INVOKERS_H
#define OIF_LANG_C_C_INVOKERS_H

typedef int (*CInvoker)(void (*fn)(void), void *const *args);

/* The invokers of an interface's methods, indexed like its methods; NULL
 * for an interface this build does not know. */
const CInvoker *c_invokers(const char *interface);

#endif
