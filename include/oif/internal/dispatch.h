/*
 * Where MaRDI Open Interfaces 0.7 declared the dispatcher's entry points
 * (load_interface_impl, unload_interface_impl, call_interface_impl): here
 * they are declared, with the same signatures, in <oif/dispatch.h>, which
 * this header includes so that code written for 0.7 compiles unchanged.
 */
#ifndef OIF_INTERNAL_DISPATCH_H
#define OIF_INTERNAL_DISPATCH_H

/* 0.7's header brought these in; code written for it may rely on that. */
#include <stdint.h>
#include <stdlib.h>

#include <oif/api.h>
#include <oif/dispatch.h>

#endif /* OIF_INTERNAL_DISPATCH_H */
