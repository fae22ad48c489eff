/* make_oif_user_data(obj): an object tagged as Python user data, handed to
 * solvers as an OIFUserData and back to callbacks as `obj` itself. */
#ifndef OIF_LANG_PYTHON_USER_DATA_H
#define OIF_LANG_PYTHON_USER_DATA_H

#include "../numpy_api.h"

#include <oif/api.h>

extern PyTypeObject UserDataType;

PyObject *make_user_data(PyObject *module, PyObject *obj);

/* The OIFUserData inside a make_oif_user_data() object, or NULL. */
OIFUserData *user_data_as_oif(PyObject *obj);

#endif
