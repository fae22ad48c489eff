#define OIF_NUMPY_IMPORTER
#include "python_runtime.h"

#include <ctype.h>
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <oif/error.h>

#include "../ndarray_view.h"
#include "ccallback.h"
#include "python_paths.h"
#include "python_threads.h"
#include "user_callback.h"

BridgeSupport bridge_support;

static pthread_once_t start_once = PTHREAD_ONCE_INIT;
static int start_status = -1;
static char start_failure[2048]; /* why start() failed, for every later load on every thread */

/* A StringIO made sys.stderr, or NULL if there is none. */
static PyObject *divert_sys_stderr(void)
{
    PyObject *io = PyImport_ImportModule("_io");
    PyObject *text = io != NULL ? PyObject_CallMethod(io, "StringIO", NULL) : NULL;
    Py_XDECREF(io);
    if (text != NULL && PySys_SetObject("stderr", text) != 0) {
        Py_CLEAR(text);
    }
    PyErr_Clear();
    return text;
}

/* What was written to `text`, white space squeezed, into out. */
static void diverted_text(PyObject *text, char *out, size_t size)
{
    PyErr_Clear(); /* what failed may have left one set */
    PyObject *value = text != NULL ? PyObject_CallMethod(text, "getvalue", NULL) : NULL;
    const char *written = value != NULL ? PyUnicode_AsUTF8(value) : NULL;
    size_t n = 0;
    for (const char *c = written; c != NULL && *c != '\0' && n + 1 < size; c++) {
        if (!isspace((unsigned char)*c)) {
            out[n++] = *c;
        } else if (n > 0 && out[n - 1] != ' ' && c[1] != '\0') {
            out[n++] = ' ';
        }
    }
    out[n] = '\0';
    Py_XDECREF(value);
    PyErr_Clear();
}

/* A C host: start Python as if it were Debian's python3 (so that its
 * site-packages, and NumPy, are found), without taking over signals,
 * locale or environment, which are the host's. */
static int embed_interpreter(void)
{
    /* By default Python would setlocale(LC_CTYPE, "") and, under the C
     * locale, setenv("LC_CTYPE", "C.UTF-8") (PEP 538), racing getenv() in
     * the host's other threads.  Without, it decodes with the host's
     * LC_CTYPE, and in UTF-8 mode under the C locale (PEP 540). */
    PyPreConfig preconfig;
    PyPreConfig_InitPythonConfig(&preconfig);
    preconfig.configure_locale = 0;
    preconfig.coerce_c_locale = 0;
    preconfig.coerce_c_locale_warn = 0;
    PyStatus status = Py_PreInitialize(&preconfig);
    PyConfig config;
    PyConfig_InitPythonConfig(&config);
    config.install_signal_handlers = 0;
    config.parse_argv = 0;
#if PY_VERSION_HEX < 0x030E0000
    /* In two phases: when the standard library is missing (a PYTHONHOME
     * pointing nowhere), the second prints Python's path configuration to
     * sys.stderr, which is then the host's stderr unless set before. */
    config._init_main = 0;
#endif
    if (!PyStatus_Exception(status)) {
        status = PyConfig_SetBytesString(&config, &config.program_name, OIF_PYTHON_EXECUTABLE);
    }
    if (!PyStatus_Exception(status)) {
        status = Py_InitializeFromConfig(&config);
    }
    PyConfig_Clear(&config);
    char printed[1536] = "";
#if PY_VERSION_HEX < 0x030E0000
    if (!PyStatus_Exception(status)) {
        PyObject *diverted = divert_sys_stderr();
        status = _Py_InitializeMain(); /* sets the real sys.stderr when it succeeds */
        if (PyStatus_Exception(status)) {
            diverted_text(diverted, printed, sizeof printed);
        }
        Py_XDECREF(diverted);
    }
#endif
    if (PyStatus_Exception(status)) {
        oif_set_error("cannot start the Python interpreter: %s%s%s%s", status.err_msg ? status.err_msg : "unknown error",
                      printed[0] ? " (" : "", printed, printed[0] ? ")" : "");
        return -1;
    }
    PyEval_SaveThread(); /* every later entry takes the GIL with python_enter() */
    return 0;
}

/* The package is installed next to the interpreter's own packages, or sits
 * in the build tree beside this library. */
static int add_package_dirs(void)
{
    Dl_info info;
    char bridge_dir[PATH_MAX], installed[PATH_MAX + 64];
    if (dladdr((void *)&python_runtime_start, &info) == 0 || realpath(info.dli_fname, bridge_dir) == NULL) {
        return -1;
    }
    *strrchr(bridge_dir, '/') = '\0';
    snprintf(installed, sizeof installed, "%s/%s", bridge_dir, OIF_PACKAGE_DIR_FROM_LIBDIR);
    PyObject *path = PySys_GetObject("path"); /* borrowed */
    const char *dirs[] = {installed, bridge_dir};
    for (size_t i = 0; path != NULL && i < 2; i++) {
        PyObject *dir = PyUnicode_DecodeFSDefault(dirs[i]);
        if (dir == NULL || PyList_Append(path, dir) != 0) {
            Py_XDECREF(dir);
            return -1;
        }
        Py_DECREF(dir);
    }
    return path != NULL ? 0 : -1;
}

static int load_support(void)
{
    PyObject *module = PyImport_ImportModule("openinterfaces._bridge_support");
    if (module == NULL && PyErr_ExceptionMatches(PyExc_ImportError)) {
        PyErr_Clear();
        if (add_package_dirs() == 0) {
            module = PyImport_ImportModule("openinterfaces._bridge_support");
        }
    }
    if (module == NULL) {
        return -1;
    }
    /* Owned, never released: a user may reload or delete the module, which
     * drops the functions it held. */
    PyObject **slots[] = {&bridge_support.load_class,       &bridge_support.registered_class,
                          &bridge_support.describe,         &bridge_support.passes_as_itself,
                          &bridge_support.new_function_set, &bridge_support.raised_in,
                          &bridge_support.is_stop};
    const char *names[] = {"load_class",       "registered_class", "describe", "passes_as_itself",
                           "new_function_set", "raised_in",        "is_stop"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if ((*slots[i] = PyObject_GetAttrString(module, names[i])) == NULL) {
            Py_DECREF(module);
            return -1;
        }
    }
    Py_DECREF(module);
    return 0;
}

static void start(void)
{
    int embedding = !Py_IsInitialized();
    if (python_threads_init() != 0 || (embedding && embed_interpreter() != 0)) {
        snprintf(start_failure, sizeof start_failure, "%s", oif_last_error());
        return;
    }
    PyGILState_STATE gil = PyGILState_Ensure();
    if (_import_array() < 0 || ndarray_view_init() != 0 || PyType_Ready(&CCallbackType) < 0 ||
        PyType_Ready(&UserCallbackType) < 0 || load_support() != 0) {
        python_error_to_message("cannot prepare Python for implementations: ");
        snprintf(start_failure, sizeof start_failure, "%s", oif_last_error());
    } else if (embedding && python_threads_prepare_fork() != 0) { /* a Python host's forks are os.fork()'s */
        snprintf(start_failure, sizeof start_failure, "%s", oif_last_error());
    } else {
        start_status = 0;
    }
    PyGILState_Release(gil);
}

int python_runtime_start(void)
{
    /* A Python host's thread may call this holding the GIL, while another
     * thread runs start() and needs the GIL back (imports let it go):
     * waiting in pthread_once with the GIL would deadlock the two.  So a
     * caller holding it lets go while waiting. */
    if (python_thread_holds_gil()) {
        Py_BEGIN_ALLOW_THREADS
        pthread_once(&start_once, start);
        Py_END_ALLOW_THREADS
    } else {
        pthread_once(&start_once, start);
    }
    if (start_status != 0) {
        oif_set_error("%s", start_failure);
    }
    return start_status;
}

void python_error_to_message(const char *context)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    if (value != NULL && tb != NULL) {
        PyException_SetTraceback(value, tb);
    }
    PyObject *text = NULL;
    if (value != NULL && bridge_support.describe != NULL) {
        text = PyObject_CallOneArg(bridge_support.describe, value);
    } else if (value != NULL) {
        text = PyObject_Str(value);
    }
    const char *message = text != NULL ? PyUnicode_AsUTF8(text) : NULL;
    oif_set_error("%s%s", context, message != NULL ? message : "an unprintable Python exception");
    PyErr_Clear();
    Py_XDECREF(text);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
}
