/* The arguments of a call from the dispatcher as Python objects, for a
 * Python implementation. */
#ifndef OIF_BRIDGE_PYTHON_FROM_OIF_H
#define OIF_BRIDGE_PYTHON_FROM_OIF_H

#include "../numpy_api.h"

#include <oif/api.h>
#include <oif/config_dict.h>

/* A dict with the entries of `config`, or None for NULL; NULL with an
 * exception on failure. */
PyObject *pydict_from_config_dict(OIFConfigDict *config);

/* User data as Python sees it: a Python user's object itself, a C user's
 * pointer in a capsule, None for none. */
PyObject *python_user_data(const OIFUserData *ud);

#endif
