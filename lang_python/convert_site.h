/*
 * Where a value being converted between Python and OIF belongs, for the
 * messages of both conversion directions: "method 'integrate', argument
 * 't'", "callback 'rhs', argument 'ydot'", "method 'minimize', return value
 * 'status'".  A site is a few pointers to static strings (the spec's own),
 * made on the stack per argument; text is built only for an error.
 */
#ifndef OIF_LANG_PYTHON_CONVERT_SITE_H
#define OIF_LANG_PYTHON_CONVERT_SITE_H

#include "numpy_api.h"

typedef struct {
    const char *kind;      /* "method" or "callback" */
    const char *owner;     /* the method's or callback's name; NULL if unknown */
    const char *role;      /* "argument" or "return value" */
    const char *name;      /* the argument's name; NULL if unknown */
    unsigned int position; /* from 1; names the argument when `name` is NULL; 0 for none (a result) */
} ConvertSite;

/* Sets exception `exc` to "<site><text>", where `format` (as for
 * PyUnicode_FromFormat) makes the text, which starts with ": " or " ".
 * Returns -1. */
int convert_site_error(PyObject *exc, const ConvertSite *site, const char *format, ...);

#endif
