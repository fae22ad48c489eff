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

/*
 * A view is made in two layers: the view handed out, over the memory, and
 * its base `root`, an ndarray of no size.  NumPy gives an array derived from
 * the view (a slice, a reshape) the view's base as its own, so afterwards
 * references to the view count those who kept it, and references to `root`
 * beyond the view's own (and the cache's) count arrays derived from it that
 * were kept.  A root no view holds any more is reused by the next view made
 * in its cache slot, so that making a view costs one ndarray, not two.
 */
static PyArrayObject *root_of(PyObject *view) { return (PyArrayObject *)PyArray_BASE((PyArrayObject *)view); }

/* An empty array may come without data; given NULL, NumPy would allocate
 * memory of the array's own, which detach() must not replace. */
static double no_data;

static int view_matches(PyObject *view, const OIFArrayF64 *array, int requirements)
{
    PyArrayObject *a = (PyArrayObject *)view;
    /* The descriptor too: a callback may have set y.dtype = np.int64. */
    return Py_REFCNT(view) == 1 && PyArray_DATA(a) == (void *)array->data && PyArray_DESCR(a) == float64_descr &&
           PyArray_NDIM(a) == array->nd && PyArray_DIMS(a)[0] == array->dimensions[0] &&
           (array->nd == 1 || memcmp(PyArray_DIMS(a), array->dimensions, (size_t)array->nd * sizeof(npy_intp)) == 0) &&
           (PyArray_FLAGS(a) & (requirements | NPY_ARRAY_WRITEABLE)) == requirements &&
           Py_REFCNT(PyArray_BASE(a)) == 2; /* the view's and the cache's */
}

static PyObject *new_root(int writable)
{
    Py_INCREF(float64_descr); /* stolen by the constructor */
    return PyArray_NewFromDescr(&PyArray_Type, float64_descr, 0, NULL, NULL, &no_data,
                                writable ? NPY_ARRAY_CARRAY : NPY_ARRAY_CARRAY_RO, NULL);
}

/* The root for a view to be made in slot k of `cache` (which may be NULL):
 * the slot's own if no view holds it any more, else a new one. */
static PyObject *root_for(NdarrayViewCache *cache, unsigned int k, int writable)
{
    if (cache == NULL) {
        return new_root(writable);
    }
    Py_CLEAR(cache->views[k]); /* and with it, most likely, its hold on the root */
    PyObject *root = cache->roots[k];
    if (root != NULL && Py_REFCNT(root) == 1 && PyArray_ISWRITEABLE((PyArrayObject *)root) == (writable != 0)) {
        return Py_NewRef(root);
    }
    root = new_root(writable);
    Py_XSETREF(cache->roots[k], Py_XNewRef(root));
    return root;
}

/* A view of `array`'s memory whose base is `root` (stolen). */
static PyObject *new_view(const OIFArrayF64 *array, int requirements, PyObject *root)
{
    if (root == NULL) {
        return NULL;
    }
    void *data = array->data != NULL ? array->data : &no_data;
    Py_INCREF(float64_descr); /* stolen by the constructor */
    PyObject *view = PyArray_NewFromDescr(&PyArray_Type, float64_descr, array->nd, (npy_intp *)array->dimensions,
                                          NULL, data, requirements, NULL);
    if (view == NULL) {
        Py_DECREF(root);
        return NULL;
    }
    if (PyArray_SetBaseObject((PyArrayObject *)view, root) != 0) {
        Py_DECREF(view);
        return NULL;
    }
    return view;
}

PyObject *ndarray_view(NdarrayViewCache *cache, const OIFArrayF64 *array, int writable)
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
                           ? NPY_ARRAY_FARRAY_RO
                           : NPY_ARRAY_CARRAY_RO;
    requirements |= writable ? NPY_ARRAY_WRITEABLE : 0;
    if (cache != NULL) {
        for (unsigned int k = 0; k < NDARRAY_VIEW_CACHE_SIZE; k++) {
            PyObject *view = cache->views[k];
            if (view != NULL && view_matches(view, array, requirements)) {
                cache->last = k;
                Py_INCREF(view);
                return view;
            }
        }
    }
    unsigned int k = 0;
    if (cache != NULL) {
        k = cache->next;
        cache->next = (k + 1) % NDARRAY_VIEW_CACHE_SIZE;
    }
    PyObject *view = new_view(array, requirements, root_for(cache, k, writable));
    if (view != NULL && cache != NULL) {
        cache->last = k;
        cache->views[k] = Py_NewRef(view);
    }
    return view;
}

static void forget(NdarrayViewCache *cache, PyObject *view)
{
    for (unsigned int k = 0; cache != NULL && k < NDARRAY_VIEW_CACHE_SIZE; k++) {
        if (cache->views[k] == view) {
            Py_CLEAR(cache->views[k]);
        }
    }
}

/* Points a kept view at a copy of its data, which it then owns (through
 * its base); its flags, shape and strides stay. */
static int detach(PyObject *view)
{
    PyArrayObject *a = (PyArrayObject *)view;
    PyObject *copy = PyArray_NewCopy(a, NPY_KEEPORDER);
    if (copy == NULL) {
        return -1;
    }
    PyArrayObject_fields *fields = (PyArrayObject_fields *)a;
    fields->data = PyArray_DATA((PyArrayObject *)copy);
    Py_SETREF(fields->base, copy);
    return 0;
}

/* What ndarray_view_release() does not decide inline. */
int ndarray_view_release_slow(NdarrayViewCache *cache, PyObject *view, const char *name)
{
    PyArrayObject *root = root_of(view);
    int cached = 0, root_cached = 0;
    for (unsigned int k = 0; cache != NULL && k < NDARRAY_VIEW_CACHE_SIZE; k++) {
        cached |= cache->views[k] == view;
        root_cached |= cache->roots[k] == (PyObject *)root;
    }
    int status = 0;
    if (Py_REFCNT(root) > 1 + root_cached) {
        if (!PyErr_Occurred()) {
            PyErr_Format(PyExc_RuntimeError,
                         "an array derived from argument '%s' (a slice, reshape or memoryview of it) was kept "
                         "after the call returned; its memory belongs to the caller and is reused: keep a "
                         "copy instead (numpy.array(...) or .copy())",
                         name);
        }
        status = -1;
    }
    if (Py_REFCNT(view) > 1 + cached) {
        /* Kept beyond the call: from now on it holds its own values. */
        if (detach(view) != 0) {
            status = -1;
        }
        forget(cache, view);
    }
    Py_DECREF(view);
    return status;
}

void ndarray_view_cache_clear(NdarrayViewCache *cache)
{
    for (unsigned int k = 0; k < NDARRAY_VIEW_CACHE_SIZE; k++) {
        Py_CLEAR(cache->views[k]);
        Py_CLEAR(cache->roots[k]);
    }
}
