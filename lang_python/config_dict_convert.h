/* Config dicts to and from Python dicts of str -> int | float | str. */
#ifndef OIF_LANG_PYTHON_CONFIG_DICT_CONVERT_H
#define OIF_LANG_PYTHON_CONFIG_DICT_CONVERT_H

#include "numpy_api.h"

#include <oif/config_dict.h>

/* A new config dict with `dict`'s entries, or NULL with TypeError naming the
 * key whose key or value is not supported.  `context` starts the message. */
OIFConfigDict *config_dict_from_pydict(PyObject *dict, const char *context);

#endif
