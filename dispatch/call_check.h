#ifndef OIF_DISPATCH_CALL_CHECK_H
#define OIF_DISPATCH_CALL_CHECK_H

#include <oif/api.h>
#include <oif/interface_spec.h>

/* Checks a call's arguments against the method's spec: counts, types, and
 * that arrays, strings and callbacks are not NULL and arrays have sane
 * dimensions.  0, or OIF_ERROR with a message naming the argument. */
int call_check_args(const OIFMethodSpec *method, const OIFArgs *in_args, const OIFArgs *out_args,
                    const OIFArgs *return_args);

#endif
