/* Safety and liveness of the Python bridge in a C host (docs/threading.md):
 * fork() while another thread is inside Python or loading a Python
 * implementation, a failed interpreter start, the host's locale and environment, sub-interpreters, and the
 * Python thread state a C thread keeps between calls.
 *
 * Every test is a probe (probe.h): each starts an interpreter of its own in
 * a forked child, so that none sees another's Python. */
#include "probe.h"

#include <locale.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/stat.h>

#include <oif/interfaces/qeq.h>

extern char **environ;

/* A Python implementation of qeq whose solve_qeq does what `a` says:
 * 1: counts the calls on this thread in a threading.local (roots[0]);
 * 2: makes a sub-interpreter;
 * 3: says how many threads' counts were dropped (roots[0]);
 * 4: runs Python code for a while, holding the GIL;
 * 5: says whether Python encodes file names in UTF-8 (1) or not (0). */
static const char probe_conf[] = "python\nsafety_probe SafetyProbe\n";
static const char probe_module[] =
    "import os, threading\n"
    "from openinterfaces._impl.interfaces.qeq import QeqInterface\n"
    "_local = threading.local()\n"
    "_dropped = 0\n"
    "class _Mark:\n"
    "    def __del__(self):\n"
    "        global _dropped\n"
    "        _dropped += 1\n"
    "class SafetyProbe(QeqInterface):\n"
    "    def solve_qeq(self, a, b, c, roots):\n"
    "        roots[1] = 0\n"
    "        if a == 1:\n"
    "            if not hasattr(_local, 'calls'):\n"
    "                _local.calls, _local.mark = 0, _Mark()\n"
    "            _local.calls += 1\n"
    "            roots[0] = _local.calls\n"
    "        elif a == 5:\n"
    "            roots[0] = os.fsencode('\\u03c0') == b'\\xcf\\x80'\n"
    "        elif a == 4:\n"
    "            sum(range(100000))\n"
    "        elif a == 2:\n"
    "            import _xxsubinterpreters\n"
    "            _xxsubinterpreters.create()\n"
    "            roots[0] = 0\n"
    "        else:\n"
    "            roots[0] = _dropped\n";

/* qeq 'slow_module': its module takes a second to execute. */
static const char slow_conf[] = "python\nslow_module SlowModule\n";
static const char slow_module[] =
    "import time\n"
    "from openinterfaces._impl.interfaces.qeq import QeqInterface\n"
    "time.sleep(1.0)\n"
    "class SlowModule(QeqInterface):\n"
    "    def solve_qeq(self, a, b, c, roots):\n"
    "        roots[0] = roots[1] = 0\n";

static char impl_root[64]; /* OIF_IMPL_PATH for safety_probe and slow_module */

static int write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    int ok = f != NULL && fputs(text, f) >= 0;
    return (f != NULL && fclose(f) == 0 && ok) ? 0 : -1;
}

static int write_impl(const char *name, const char *conf, const char *module)
{
    char dir[128], path[256];
    snprintf(dir, sizeof dir, "%s/qeq/%s", impl_root, name);
    mkdir(dir, 0700);
    snprintf(path, sizeof path, "%s/%s.conf", dir, name);
    if (write_text(path, conf) != 0) {
        return -1;
    }
    snprintf(path, sizeof path, "%s/%s.py", dir, name);
    return write_text(path, module);
}

static int make_probe_impls(void **state)
{
    (void)state;
    char dir[128];
    snprintf(impl_root, sizeof impl_root, "/tmp/oif_safety_bridge_XXXXXX");
    if (mkdtemp(impl_root) == NULL) {
        return -1;
    }
    snprintf(dir, sizeof dir, "%s/qeq", impl_root);
    mkdir(dir, 0700);
    return write_impl("safety_probe", probe_conf, probe_module) || write_impl("slow_module", slow_conf, slow_module);
}

static int remove_probe_impls(void **state)
{
    char command[128];
    snprintf(command, sizeof command, "rm -rf '%s'", impl_root);
    int removed = system(command);
    (void)removed;
    return print_probe_counts(state);
}

/* solve_qeq of `h` with a = `mode`: roots[0], or -1 if the call failed. */
static double probe_call(ImplHandle h, double mode)
{
    double roots_data[2] = {-1.0, -1.0};
    intptr_t dims[1];
    OIFArrayF64 roots = vector(roots_data, dims, 2);
    return oif_solve_qeq(h, mode, 0.0, 0.0, &roots) == 0 ? roots_data[0] : -1.0;
}

static int solves_qeq(ImplHandle h)
{
    double roots_data[2] = {0.0, 0.0};
    intptr_t dims[1];
    OIFArrayF64 roots = vector(roots_data, dims, 2);
    return oif_solve_qeq(h, 1.0, -3.0, 2.0, &roots) == 0 && roots_data[0] + roots_data[1] == 3.0;
}

/* ---- fork() while another thread is inside Python -------------------------- */

enum { FORKS = 20, CHILD_SECONDS = 5 };

static atomic_int stop_calling;

/* Inside Python most of the time, with a pause between calls: a thread
 * that takes the GIL again the moment it lets it go can keep another
 * thread waiting for it (the forking one here) for seconds, as CPython
 * hands the GIL over on a timer only while Python code runs. */
static void *call_until_stopped(void *arg)
{
    ImplHandle h = *(ImplHandle *)arg;
    while (!atomic_load(&stop_calling)) {
        probe_call(h, 4.0);
        struct timespec pause = {0, 100000L};
        nanosleep(&pause, NULL);
    }
    return NULL;
}

typedef enum { CHILD_CALLED_PYTHON, CHILD_HUNG, CHILD_FAILED } ChildOutcome;

/* Forks a child that calls an instance loaded before and one it loads. */
static ChildOutcome fork_child_calling_python(ImplHandle loaded_before)
{
    const char *multiplier = getenv("OIF_PROBE_TIMEOUT_MULTIPLIER");
    pid_t child = fork();
    if (child == 0) {
        alarm(CHILD_SECONDS * (multiplier ? (unsigned int)atoi(multiplier) : 1u));
        ImplHandle fresh = oif_load_impl("qeq", "py_qeq_solver", 1, 0);
        _exit(solves_qeq(loaded_before) && fresh >= OIF_IMPL_STARTING_NUMBER && solves_qeq(fresh) ? 0 : 1);
    }
    int status = 0;
    if (child < 0 || waitpid(child, &status, 0) != child) {
        return CHILD_FAILED;
    }
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
        return CHILD_HUNG;
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? CHILD_CALLED_PYTHON : CHILD_FAILED;
}

static int probe_fork_while_another_thread_is_in_python(void *arg)
{
    (void)arg;
    setenv("OIF_IMPL_PATH", impl_root, 1);
    ImplHandle busy = oif_load_impl("qeq", "safety_probe", 1, 0);
    ImplHandle idle = oif_load_impl("qeq", "py_qeq_solver", 1, 0);
    PROBE_CHECK(busy >= OIF_IMPL_STARTING_NUMBER && idle >= OIF_IMPL_STARTING_NUMBER, "%s", oif_last_error());
    pthread_t caller;
    PROBE_CHECK(pthread_create(&caller, NULL, call_until_stopped, &busy) == 0, "pthread_create");
    int outcomes[3] = {0, 0, 0};
    for (int i = 0; i < FORKS; i++) {
        struct timespec pause = {0, 2000000L * (i % 4)};
        nanosleep(&pause, NULL);
        outcomes[fork_child_calling_python(idle)]++;
    }
    atomic_store(&stop_calling, 1);
    pthread_join(caller, NULL);
    PROBE_CHECK(outcomes[CHILD_CALLED_PYTHON] == FORKS,
                "of %d forked children, %d hung on their first Python call and %d failed", FORKS,
                outcomes[CHILD_HUNG], outcomes[CHILD_FAILED]);
    PROBE_CHECK(probe_call(busy, 1.0) == 1.0 && solves_qeq(idle), "the parent: %s", oif_last_error());
    return 0;
}

static void test_fork_while_another_thread_is_in_python(void **state)
{
    (void)state;
#ifdef UNDER_ASAN
    /* GCC 12's ASan allocator does not release its locks in a forked child:
     * a child forked while the busy thread allocates waits for ever in
     * ASan's own malloc (gdb: SizeClassAllocator64::GetFromAllocator).  The
     * probe runs in the normal build, where only our locks are at stake. */
    skip();
#endif
    run_probe(PROBE_HANG, "fork while another thread is in Python", probe_fork_while_another_thread_is_in_python,
              NULL, 2 * FORKS * CHILD_SECONDS);
}

static void *load_slow_module(void *arg)
{
    *(ImplHandle *)arg = oif_load_impl("qeq", "slow_module", 1, 0);
    return NULL;
}

/* The bridge executes implementations' modules one at a time, under a
 * lock that a forked child must not inherit held. */
static int probe_fork_while_another_thread_loads(void *arg)
{
    (void)arg;
    setenv("OIF_IMPL_PATH", impl_root, 1);
    ImplHandle before = oif_load_impl("qeq", "py_qeq_solver", 1, 0), slow = 0;
    PROBE_CHECK(before >= OIF_IMPL_STARTING_NUMBER, "%s", oif_last_error());
    pthread_t loader;
    PROBE_CHECK(pthread_create(&loader, NULL, load_slow_module, &slow) == 0, "pthread_create");
    struct timespec pause = {0, 300000000L}; /* into the module's second */
    nanosleep(&pause, NULL);
    ChildOutcome outcome = fork_child_calling_python(before);
    pthread_join(loader, NULL);
    PROBE_CHECK(outcome != CHILD_HUNG, "the child hung on its first load");
    PROBE_CHECK(outcome == CHILD_CALLED_PYTHON, "the child failed");
    PROBE_CHECK(slow >= OIF_IMPL_STARTING_NUMBER, "the parent's load: %s", oif_last_error());
    return 0;
}

static void test_fork_while_another_thread_loads_a_python_implementation(void **state)
{
    (void)state;
    run_probe(PROBE_HANG, "fork while another thread loads", probe_fork_while_another_thread_loads, NULL,
              4 * CHILD_SECONDS);
}

/* ---- a failed interpreter start --------------------------------------------- */

typedef struct {
    char message[4096];
} Message;

static void *load_on_another_thread(void *arg)
{
    Message *m = arg;
    oif_load_impl("qeq", "py_qeq_solver", 1, 0);
    snprintf(m->message, sizeof m->message, "%s", oif_last_error());
    return NULL;
}

static int probe_failed_start(void *arg)
{
    (void)arg;
    FILE *err = tmpfile();
    PROBE_CHECK(err != NULL, "tmpfile");
    int saved_stderr = dup(STDERR_FILENO);
    dup2(fileno(err), STDERR_FILENO);

    setenv("PYTHONHOME", "/nonexistent/python/home", 1);
    static Message first, again, other_thread;
    ImplHandle h = oif_load_impl("qeq", "py_qeq_solver", 1, 0);
    snprintf(first.message, sizeof first.message, "%s", oif_last_error());
    oif_load_impl("qeq", "no_such_implementation", 1, 0); /* a failure of another kind in between */
    ImplHandle h_again = oif_load_impl("qeq", "py_qeq_solver", 1, 0);
    snprintf(again.message, sizeof again.message, "%s", oif_last_error());
    pthread_t t;
    PROBE_CHECK(pthread_create(&t, NULL, load_on_another_thread, &other_thread) == 0, "pthread_create");
    pthread_join(t, NULL);

    fflush(stderr);
    char printed[4096];
    size_t length = (size_t)pread(fileno(err), printed, sizeof printed - 1, 0);
    printed[length < sizeof printed ? length : 0] = '\0';
    dup2(saved_stderr, STDERR_FILENO);

    PROBE_CHECK(h < OIF_IMPL_STARTING_NUMBER && h_again < OIF_IMPL_STARTING_NUMBER, "loads succeeded");
    PROBE_CHECK(strstr(first.message, "cannot start the Python interpreter") != NULL, "first load: \"%s\"",
                first.message);
    PROBE_CHECK(strcmp(again.message, first.message) == 0, "a later load: \"%s\"", again.message);
    PROBE_CHECK(strcmp(other_thread.message, first.message) == 0, "another thread: \"%s\"", other_thread.message);
    PROBE_CHECK(printed[0] == '\0', "printed on stderr: \"%.300s...\"", printed);
    PROBE_CHECK(strstr(first.message, "/nonexistent/python/home") != NULL, "the reason: \"%s\"", first.message);
    return 0;
}

static void test_failed_interpreter_start_is_reported_on_every_load(void **state)
{
    (void)state;
    run_probe(PROBE_WRONG_EXCEPTION, "failed interpreter start", probe_failed_start, NULL, 60);
}

/* ---- the host's locale and environment ---------------------------------------- */

typedef struct {
    char locale[512];
    char **environment;
    size_t count;
} HostState;

static void forget(HostState *s)
{
    for (size_t i = 0; s->environment != NULL && i < s->count; i++) {
        free(s->environment[i]);
    }
    free(s->environment);
}

static void snapshot(HostState *s)
{
    snprintf(s->locale, sizeof s->locale, "%s", setlocale(LC_ALL, NULL));
    for (s->count = 0; environ[s->count] != NULL; s->count++) {
    }
    s->environment = calloc(s->count + 1, sizeof *s->environment);
    for (size_t i = 0; s->environment != NULL && i < s->count; i++) {
        s->environment[i] = strdup(environ[i]);
    }
}

/* arg: the value of LANG and LC_ALL, or NULL to unset them. */
static int probe_locale_and_environment(void *arg)
{
    const char *value = arg;
    unsetenv("LC_CTYPE");
    if (value == NULL) {
        unsetenv("LC_ALL");
        unsetenv("LANG");
    } else {
        setenv("LC_ALL", value, 1);
        setenv("LANG", value, 1);
    }
    setenv("OIF_IMPL_PATH", impl_root, 1);
    HostState before, after;
    snapshot(&before);
    ImplHandle h = oif_load_impl("qeq", "safety_probe", 1, 0);
    PROBE_CHECK(h >= OIF_IMPL_STARTING_NUMBER, "%s", oif_last_error());
    double utf8 = probe_call(h, 5.0);
    snapshot(&after);
    PROBE_CHECK(utf8 == 1.0, "Python does not encode file names in UTF-8 (%g)", utf8);
    PROBE_CHECK(strcmp(before.locale, after.locale) == 0, "the locale was \"%s\", is \"%s\"", before.locale,
                after.locale);
    for (size_t i = 0; i < after.count; i++) {
        int known = 0;
        for (size_t j = 0; j < before.count && !known; j++) {
            known = strcmp(after.environment[i], before.environment[j]) == 0;
        }
        PROBE_CHECK(known, "the environment gained %s", after.environment[i]);
    }
    PROBE_CHECK(before.count == after.count, "the environment had %zu variables, has %zu", before.count,
                after.count);
    forget(&before);
    forget(&after);
    return 0;
}

static void test_locale_and_environment_stay_the_hosts(void **state)
{
    (void)state;
    run_probe(PROBE_WRONG_RESULT, "locale and environment, LANG unset", probe_locale_and_environment, NULL, 60);
    run_probe(PROBE_WRONG_RESULT, "locale and environment, LANG=C", probe_locale_and_environment, "C", 60);
}

/* ---- after a sub-interpreter was made --------------------------------------- */

static void *load_and_call(void *arg)
{
    ImplHandle h = oif_load_impl("qeq", "py_qeq_solver", 1, 0);
    *(int *)arg = h >= OIF_IMPL_STARTING_NUMBER && solves_qeq(h) && oif_unload_impl(h) == 0;
    return NULL;
}

/* PyGILState_Check() says yes on every thread once a sub-interpreter
 * exists: entering Python must not rely on it. */
static int probe_sub_interpreter(void *arg)
{
    (void)arg;
    setenv("OIF_IMPL_PATH", impl_root, 1);
    ImplHandle h = oif_load_impl("qeq", "safety_probe", 1, 0);
    PROBE_CHECK(h >= OIF_IMPL_STARTING_NUMBER, "%s", oif_last_error());
    PROBE_CHECK(probe_call(h, 2.0) == 0.0, "making a sub-interpreter: %s", oif_last_error());
    int worked = 0;
    load_and_call(&worked);
    PROBE_CHECK(worked, "on the thread that started Python: %s", oif_last_error());
    pthread_t t;
    PROBE_CHECK(pthread_create(&t, NULL, load_and_call, &worked) == 0, "pthread_create");
    pthread_join(t, NULL);
    PROBE_CHECK(worked, "on another thread");
    return 0;
}

static void test_loads_after_a_sub_interpreter_was_made(void **state)
{
    (void)state;
    run_probe(PROBE_CRASH, "loads after a sub-interpreter", probe_sub_interpreter, NULL, 60);
}

/* ---- a C thread's Python thread state ------------------------------------------ */

typedef struct {
    ImplHandle h;
    double counts[3];
} ThreadCalls;

static void *call_three_times(void *arg)
{
    ThreadCalls *t = arg;
    for (int i = 0; i < 3; i++) {
        t->counts[i] = probe_call(t->h, 1.0);
    }
    return NULL;
}

/* Thread-local Python state (threading.local) lasts from one call of a C
 * thread to its next, and is dropped when the thread ends. */
static int probe_thread_state_kept(void *arg)
{
    (void)arg;
    setenv("OIF_IMPL_PATH", impl_root, 1);
    ThreadCalls t = {oif_load_impl("qeq", "safety_probe", 1, 0), {0}};
    PROBE_CHECK(t.h >= OIF_IMPL_STARTING_NUMBER, "%s", oif_last_error());
    for (int round = 1; round <= 2; round++) {
        pthread_t thread;
        PROBE_CHECK(pthread_create(&thread, NULL, call_three_times, &t) == 0, "pthread_create");
        pthread_join(thread, NULL);
        PROBE_CHECK(t.counts[0] == 1.0 && t.counts[1] == 2.0 && t.counts[2] == 3.0,
                    "thread %d: the calls counted %g, %g, %g on the thread", round, t.counts[0], t.counts[1],
                    t.counts[2]);
        PROBE_CHECK(probe_call(t.h, 3.0) == round, "after thread %d ended, %g threads' state was dropped", round,
                    probe_call(t.h, 3.0));
    }
    return 0;
}

static void test_a_c_thread_keeps_its_python_thread_state(void **state)
{
    (void)state;
    run_probe(PROBE_WRONG_RESULT, "a C thread's Python state", probe_thread_state_kept, NULL, 60);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fork_while_another_thread_is_in_python),
        cmocka_unit_test(test_fork_while_another_thread_loads_a_python_implementation),
        cmocka_unit_test(test_failed_interpreter_start_is_reported_on_every_load),
        cmocka_unit_test(test_locale_and_environment_stay_the_hosts),
        cmocka_unit_test(test_loads_after_a_sub_interpreter_was_made),
        cmocka_unit_test(test_a_c_thread_keeps_its_python_thread_state),
    };
    return cmocka_run_group_tests(tests, make_probe_impls, remove_probe_impls);
}
