/*
 * Python and the NumPy C API for one shared object.  Each shared object that
 * uses NumPy (the user-side extension, the Python bridge) names its own API
 * table with -DPY_ARRAY_UNIQUE_SYMBOL=...; exactly one of its files defines
 * OIF_NUMPY_IMPORTER before including this, and calls import_array().
 */
#ifndef OIF_LANG_PYTHON_NUMPY_API_H
#define OIF_LANG_PYTHON_NUMPY_API_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
#ifndef OIF_NUMPY_IMPORTER
#define NO_IMPORT_ARRAY
#endif
#include <numpy/arrayobject.h>

#endif
