#include "call_args.h"

#include <oif/error.h>
#include <oif/util.h>

#include "../convert_to_oif.h"
#include "../convert_to_python.h"
#include "callback.h"
#include "user_data.h"

static const char *const group_names[] = {"input", "output", "return"};

static int convert_one(CallArgs *ca, size_t i, OIFArgType type, PyObject *o, ArgGroup group,
                       const OIFMethodSpec *method, const char *name)
{
    ConvertSite site = {.kind = "method", .owner = method->name, .role = "argument", .name = name};
    ca->values[i] = &ca->slots[i];
    switch (type) {
    case OIF_TYPE_F64:
        return to_oif_double(o, &ca->slots[i].f64, &site);
    case OIF_TYPE_INT:
        return to_oif_int(o, &ca->slots[i].i32, &site);
    case OIF_TYPE_ARRAY_F64:
        ca->slots[i].array_pointer = &ca->arrays[i];
        return to_oif_array(o, &ca->arrays[i], group == ARGS_OUT, &site);
    case OIF_TYPE_STRING:
        return to_oif_string(o, &ca->slots[i].string, &site);
    case OIF_TYPE_CALLBACK: {
        const OIFCallbackSpec *spec = method->in_callbacks != NULL ? method->in_callbacks[i] : NULL;
        if (o == Py_None && spec != NULL && spec->optional) {
            static OIFCallback none = {.src = OIF_LANG_PYTHON}; /* no function: read, never written */
            ca->slots[i].made = NULL;
            ca->values[i] = &none;
            return 0;
        }
        OIFCallback *cb = callback_for_argument(o, spec, &site, &ca->slots[i].made);
        if (cb == NULL) {
            return -1;
        }
        if (spec != NULL && oif_check_callback(cb, spec, "input", name) != 0) {
            PyErr_Format(PyExc_TypeError, "method '%s': %s", method->name, oif_last_error());
            Py_CLEAR(ca->slots[i].made);
            return -1;
        }
        if (spec != NULL) {
            callback_set_spec(ca->slots[i].made != NULL ? ca->slots[i].made : o, spec);
        }
        ca->values[i] = cb;
        return 0;
    }
    case OIF_TYPE_USER_DATA: {
        /* Any object is accepted as is; make_oif_user_data() wrappers too. */
        OIFUserData *ud = user_data_as_oif(o);
        ca->slots[i].user_data = ud ? *ud : to_oif_user_data(o);
        return 0;
    }
    case OIF_TYPE_CONFIG_DICT:
        return to_oif_config_dict(o, &ca->slots[i].config, &site);
    default:
        return convert_site_error(PyExc_TypeError, &site, " has type %s, which Python cannot pass",
                                  oif_arg_type_name(type));
    }
}

/* Return slots start empty; the callee fills them.  `requested`, when
 * given, must name the method's own return types. */
static int prepare_returns(CallArgs *out, const OIFMethodSpec *method, PyObject *const *requested)
{
    for (unsigned int i = 0; i < method->num_ret; i++) {
        OIFArgType type = method->ret_types[i];
        if (requested != NULL && PyLong_AsLong(requested[i]) != (long)type) {
            PyErr_Clear();
            PyErr_Format(PyExc_TypeError, "method '%s' returns '%s' as type %s (%d), not %R",
                         method->name, method->ret_names[i], oif_arg_type_name(type), (int)type,
                         requested[i]);
            return -1;
        }
        out->slots[i].returned = NULL;
        out->values[i] = &out->slots[i].returned;
    }
    out->args.num_args = method->num_ret;
    return 0;
}

int call_args_from_python(CallArgs *out, const OIFMethodSpec *method, ArgGroup group,
                          PyObject *given, PyObject **passed)
{
    unsigned int expected = group == ARGS_IN    ? method->num_in
                            : group == ARGS_OUT ? method->num_out
                                                : method->num_ret;
    /* The spec's own type array: the dispatcher need not compare types. */
    const OIFArgType *spec_types = group == ARGS_IN    ? method->in_types
                                   : group == ARGS_OUT ? method->out_types
                                                       : method->ret_types;
    out->args = (OIFArgs){0, (OIFArgType *)spec_types, out->values};
    if (group == ARGS_RETURN && given == NULL) {
        return prepare_returns(out, method, NULL);
    }
    if (!PyTuple_Check(given) && !PyList_Check(given)) {
        PyErr_Format(PyExc_TypeError, "method '%s': %s arguments must be a tuple, not %.100s",
                     method->name, group_names[group], Py_TYPE(given)->tp_name);
        return -1;
    }
    Py_ssize_t count = PySequence_Fast_GET_SIZE(given);
    if ((size_t)count != expected) {
        PyErr_Format(PyExc_TypeError, "method '%s' takes %u %s argument%s, got %zd", method->name,
                     expected, group_names[group], expected == 1 ? "" : "s", count);
        return -1;
    }
    PyObject **items = PySequence_Fast_ITEMS(given);
    if (group == ARGS_RETURN) {
        return prepare_returns(out, method, items);
    }
    const char *const *names = group == ARGS_IN ? method->in_names : method->out_names;
    for (unsigned int i = 0; i < expected; i++) {
        if (convert_one(out, i, spec_types[i], items[i], group, method, names[i]) != 0) {
            call_args_release(out, group); /* the ones converted so far */
            return -1;
        }
        out->args.num_args = i + 1;
        if (passed != NULL) {
            int made = spec_types[i] == OIF_TYPE_CALLBACK && out->slots[i].made != NULL;
            passed[i] = made ? out->slots[i].made : items[i];
        }
    }
    return 0;
}

void call_args_release(CallArgs *args, ArgGroup group)
{
    for (size_t i = 0; i < args->args.num_args; i++) {
        if (group == ARGS_RETURN) {
            oif_free_returned(args->args.arg_types[i], args->slots[i].returned);
            args->slots[i].returned = NULL;
        } else if (group == ARGS_IN && args->args.arg_types[i] == OIF_TYPE_CONFIG_DICT) {
            oif_config_dict_free(args->slots[i].config);
        } else if (group == ARGS_IN && args->args.arg_types[i] == OIF_TYPE_CALLBACK) {
            Py_CLEAR(args->slots[i].made);
        }
    }
}

PyObject *call_args_returned(CallArgs *args, const OIFMethodSpec *method)
{
    PyObject *list = PyList_New(method->num_ret);
    for (unsigned int i = 0; list != NULL && i < method->num_ret; i++) {
        const void *returned = args->slots[i].returned;
        PyObject *value = NULL;
        if (returned == NULL) {
            PyErr_Format(PyExc_RuntimeError, "method '%s' did not set its return value '%s'",
                         method->name, method->ret_names[i]);
        } else if (args->args.arg_types[i] == OIF_TYPE_INT) {
            value = to_python_int(*(const int32_t *)returned);
        } else {
            ConvertSite site = {.kind = "method", .owner = method->name, .role = "return value",
                                .name = method->ret_names[i]};
            value = args->args.arg_types[i] == OIF_TYPE_CONFIG_DICT
                        ? to_python_config_dict(args->slots[i].returned, &site)
                        : to_python_string(returned, &site);
        }
        if (value == NULL) {
            Py_CLEAR(list);
        } else {
            PyList_SET_ITEM(list, i, value);
        }
    }
    return list;
}
