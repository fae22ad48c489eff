#include "ndarray_view.h"

#include <string.h>

/* Descriptors are immutable and shared; looking one up per view would be
 * the largest cost of making it. */
static PyArray_Descr *float64_descr;

int ndarray_view_init(void)
{
    if (float64_descr == NULL) {
        float64_descr = PyArray_DescrFromType(NPY_DOUBLE);
    }
    return float64_descr != NULL ? 0 : -1;
}

static int view_matches(PyObject *view, const OIFArrayF64 *array, int requirements)
{
    PyArrayObject *a = (PyArrayObject *)view;
    return Py_REFCNT(view) == 1 && PyArray_DATA(a) == (void *)array->data &&
           PyArray_NDIM(a) == array->nd &&
           memcmp(PyArray_DIMS(a), array->dimensions, (size_t)array->nd * sizeof(npy_intp)) == 0 &&
           PyArray_CHKFLAGS(a, requirements);
}

PyObject *ndarray_view(NdarrayViewCache *cache, const OIFArrayF64 *array)
{
    /* The struct carries no strides: a matrix flagged neither C- nor
     * Fortran-contiguous has no layout Python could be told. */
    if (array->nd > 1 && !(array->flags & (OIF_ARRAY_C_CONTIGUOUS | OIF_ARRAY_F_CONTIGUOUS))) {
        PyErr_Format(PyExc_ValueError, "a %d-dimensional array must be flagged C- or Fortran-contiguous",
                     array->nd);
        return NULL;
    }
    /* An array flagged only Fortran-contiguous is viewed in Fortran order. */
    int requirements = (array->flags & OIF_ARRAY_F_CONTIGUOUS) && !(array->flags & OIF_ARRAY_C_CONTIGUOUS)
                           ? NPY_ARRAY_FARRAY
                           : NPY_ARRAY_CARRAY;
    if (cache != NULL) {
        for (unsigned int k = 0; k < NDARRAY_VIEW_CACHE_SIZE; k++) {
            PyObject *view = cache->views[k];
            if (view != NULL && view_matches(view, array, requirements)) {
                Py_INCREF(view);
                return view;
            }
        }
    }
    Py_INCREF(float64_descr); /* stolen by the constructor */
    PyObject *view = PyArray_NewFromDescr(&PyArray_Type, float64_descr, array->nd,
                                          (npy_intp *)array->dimensions, NULL, array->data,
                                          requirements, NULL);
    if (view != NULL && cache != NULL) {
        unsigned int k = cache->next;
        cache->next = (k + 1) % NDARRAY_VIEW_CACHE_SIZE;
        Py_XSETREF(cache->views[k], Py_NewRef(view));
    }
    return view;
}

void ndarray_view_cache_clear(NdarrayViewCache *cache)
{
    for (unsigned int k = 0; k < NDARRAY_VIEW_CACHE_SIZE; k++) {
        Py_CLEAR(cache->views[k]);
    }
}
