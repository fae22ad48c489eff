#include "user_data.h"

typedef struct {
    PyObject_HEAD
    OIFUserData oif; /* oif.py holds a strong reference */
} UserData;

PyObject *make_user_data(PyObject *module, PyObject *obj)
{
    (void)module;
    UserData *ud = PyObject_GC_New(UserData, &UserDataType);
    if (ud == NULL) {
        return NULL;
    }
    ud->oif = (OIFUserData){.src = OIF_LANG_PYTHON, .py = Py_NewRef(obj)};
    PyObject_GC_Track(ud);
    return (PyObject *)ud;
}

OIFUserData *user_data_as_oif(PyObject *obj)
{
    return Py_IS_TYPE(obj, &UserDataType) ? &((UserData *)obj)->oif : NULL;
}

static int user_data_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT((PyObject *)((UserData *)self)->oif.py);
    return 0;
}

static int user_data_clear(PyObject *self)
{
    UserData *ud = (UserData *)self;
    PyObject *obj = ud->oif.py;
    ud->oif.py = NULL;
    Py_XDECREF(obj);
    return 0;
}

static void user_data_dealloc(PyObject *self)
{
    PyObject_GC_UnTrack(self);
    user_data_clear(self);
    PyObject_GC_Del(self);
}

static PyObject *user_data_get_obj(PyObject *self, void *closure)
{
    (void)closure;
    PyObject *obj = ((UserData *)self)->oif.py;
    return Py_NewRef(obj != NULL ? obj : Py_None);
}

static PyGetSetDef user_data_getset[] = {
    {"obj", user_data_get_obj, NULL, "The wrapped object.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject UserDataType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "openinterfaces._core.OIFUserData",
    .tp_basicsize = sizeof(UserData),
    .tp_dealloc = user_data_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "Python user data for solvers; made by make_oif_user_data().",
    .tp_traverse = user_data_traverse,
    .tp_clear = user_data_clear,
    .tp_getset = user_data_getset,
};
