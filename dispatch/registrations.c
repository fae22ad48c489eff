/* Implementations and folders registered in this process, besides those
 * found on OIF_IMPL_PATH and among the shipped ones.
 *
 * Registrations are read on every load and listing, written rarely, and
 * never removed; one mutex guards them, held only to copy in or out, never
 * across file access or a bridge.  Loads and calls of instances already
 * loaded do not look at them. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <oif/api.h>
#include <oif/c_bindings.h>
#include <oif/dispatch.h>
#include <oif/error.h>
#include <oif/interface_spec.h>
#include <oif/log.h>
#include <oif/util.h>

#include "conf_file.h"
#include "registrations.h"
#include "registry.h"

typedef struct {
    char *interface;
    char *impl;
    char *conf_path; /* a registered .conf, read at each load as found ones are */
    char *language;  /* else: the two lines of a .conf held in memory */
    char *details;
} Registration;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static Registration *registrations;
static size_t registration_count, registration_capacity;
static char **dirs; /* in the order registered; searched the other way round */
static size_t dir_count, dir_capacity;

/* A child of fork() has only the thread that forked: had another thread
 * held the lock then, every load in the child would wait forever.  Taken
 * around fork() instead, it is free in both processes afterwards. */
static pthread_once_t fork_handlers_once = PTHREAD_ONCE_INIT;
static void lock_for_fork(void) { pthread_mutex_lock(&lock); }
static void unlock_after_fork(void) { pthread_mutex_unlock(&lock); }
static void install_fork_handlers(void) { pthread_atfork(lock_for_fork, unlock_after_fork, unlock_after_fork); }

static void take_lock(void)
{
    pthread_once(&fork_handlers_once, install_fork_handlers);
    pthread_mutex_lock(&lock);
}

/* Makes room for one more element of `size` bytes in *array; false when
 * memory runs out. */
static bool reserve(void **array, size_t count, size_t *capacity, size_t size)
{
    if (count < *capacity) {
        return true;
    }
    size_t grown_capacity = *capacity ? 2 * *capacity : 8;
    void *grown = realloc(*array, grown_capacity * size);
    if (grown == NULL) {
        return false;
    }
    *array = grown;
    *capacity = grown_capacity;
    return true;
}

char *registrations_dirs(void)
{
    take_lock();
    size_t length = 1;
    for (size_t i = 0; i < dir_count; i++) {
        length += strlen(dirs[i]) + 1;
    }
    char *joined = oif_util_malloc(length);
    if (joined != NULL) {
        char *end = joined;
        *end = '\0';
        for (size_t i = dir_count; i-- > 0;) {
            end += sprintf(end, "%s%s", end == joined ? "" : ":", dirs[i]);
        }
    }
    pthread_mutex_unlock(&lock);
    return joined;
}

/* The registration of `interface`/`impl`, or NULL; with the lock held. */
static const Registration *find_locked(const char *interface, const char *impl)
{
    for (size_t i = 0; i < registration_count; i++) {
        if (strcmp(registrations[i].interface, interface) == 0 && strcmp(registrations[i].impl, impl) == 0) {
            return &registrations[i];
        }
    }
    return NULL;
}

int registrations_find(const char *interface, const char *impl, ImplLocation *location, bool *registered)
{
    location->conf_dir[0] = '\0';
    location->conf = (ImplConf){0};
    char conf_path[PATH_MAX] = "";
    bool out_of_memory = false;
    take_lock();
    const Registration *r = find_locked(interface, impl);
    *registered = r != NULL;
    if (r != NULL && r->conf_path != NULL) {
        snprintf(conf_path, sizeof conf_path, "%s", r->conf_path);
    } else if (r != NULL) {
        location->conf.language = oif_util_str_duplicate(r->language);
        location->conf.details = oif_util_str_duplicate(r->details);
        out_of_memory = location->conf.language == NULL || location->conf.details == NULL;
    }
    pthread_mutex_unlock(&lock);
    if (out_of_memory) {
        conf_file_release(&location->conf);
        oif_set_error("out of memory");
        return OIF_ERROR;
    }
    if (conf_path[0] == '\0') {
        return 0;
    }
    int status = conf_file_read(conf_path, &location->conf);
    if (status == 0) {
        *strrchr(conf_path, '/') = '\0';
        snprintf(location->conf_dir, sizeof location->conf_dir, "%s", conf_path);
    } else {
        oif_prefix_error("registered with oif_register_impl_conf(): ");
    }
    return status;
}

int registrations_collect(const char *interface, char ***names, size_t *count, size_t *capacity)
{
    int status = 0;
    take_lock();
    for (size_t i = 0; i < registration_count && status == 0; i++) {
        if (strcmp(registrations[i].interface, interface) != 0) {
            continue;
        }
        if (!reserve((void **)names, *count, capacity, sizeof **names) ||
            ((*names)[*count] = oif_util_str_duplicate(registrations[i].impl)) == NULL) {
            status = -1;
        } else {
            (*count)++;
        }
    }
    pthread_mutex_unlock(&lock);
    if (status != 0) {
        oif_set_error("out of memory listing implementations");
    }
    return status;
}

/* Whether `interface` names an interface this build has; if not, says so. */
static bool known_interface(const char *interface)
{
    if (!registry_check_name(interface, "interface")) {
        return false;
    }
    if (oif_interface_find(interface) == NULL) {
        char known[256] = "";
        for (const OIFInterfaceSpec *const *i = oif_interface_list(); *i != NULL; i++) {
            oif_util_list_append(known, sizeof known, "%s", (*i)->name);
        }
        oif_set_error("unknown interface '%s'; known interfaces: %s", interface, known);
        return false;
    }
    return true;
}

/* Registers `impl` of `interface` (names checked) unless the name is taken:
 * registered already, or on the search path, where a registration would
 * shadow it without anyone noticing. */
static int add(const char *interface, const char *impl, const char *conf_path, const char *language,
               const char *details)
{
    char found[PATH_MAX];
    int on_path = registry_search_path_has(interface, impl, found, sizeof found);
    if (on_path != 0) {
        if (on_path == 1) {
            oif_set_error("the name is taken: '%s' is on the search path", found);
        }
        return OIF_ERROR;
    }
    Registration r = {
        .interface = oif_util_str_duplicate(interface),
        .impl = oif_util_str_duplicate(impl),
        .conf_path = conf_path ? oif_util_str_duplicate(conf_path) : NULL,
        .language = language ? oif_util_str_duplicate(language) : NULL,
        .details = details ? oif_util_str_duplicate(details) : NULL,
    };
    int status = 0;
    take_lock();
    const Registration *existing = find_locked(interface, impl);
    if (existing != NULL) {
        if (existing->conf_path != NULL) {
            oif_set_error("the name is taken: it was registered already, as '%s'", existing->conf_path);
        } else {
            oif_set_error("the name is taken: it was registered already, in memory ('%s': '%s')",
                          existing->language, existing->details);
        }
        status = OIF_ERROR;
    } else if (r.interface == NULL || r.impl == NULL || (conf_path && r.conf_path == NULL) ||
               (language && r.language == NULL) || (details && r.details == NULL) ||
               !reserve((void **)&registrations, registration_count, &registration_capacity,
                        sizeof *registrations)) {
        oif_set_error("out of memory");
        status = OIF_ERROR;
    } else {
        registrations[registration_count++] = r;
    }
    pthread_mutex_unlock(&lock);
    if (status != 0) {
        free(r.interface), free(r.impl), free(r.conf_path), free(r.language), free(r.details);
        return status;
    }
    oif_log(OIF_LOG_DEBUG, "dispatch", "registered %s/%s: %s", interface, impl,
            conf_path ? conf_path : language);
    return 0;
}

int oif_register_impl_dir(const char *dir)
{
    char resolved[PATH_MAX];
    struct stat st;
    int status = OIF_ERROR;
    if (dir == NULL) {
        oif_set_error("cannot register a folder of implementations: the folder is NULL");
        return OIF_ERROR;
    }
    if (realpath(dir, resolved) == NULL) {
        oif_set_error("cannot register folder '%s': %s", dir, strerror(errno));
        return OIF_ERROR;
    }
    if (stat(resolved, &st) != 0 || !S_ISDIR(st.st_mode)) {
        oif_set_error("cannot register folder '%s': it is not a folder", dir);
        return OIF_ERROR;
    }
    /* The search path is reported, and OIF_IMPL_PATH written, ':'-separated. */
    if (strchr(resolved, ':') != NULL) {
        oif_set_error("cannot register folder '%s': its path contains ':', which separates the folders "
                      "of the search path",
                      resolved);
        return OIF_ERROR;
    }
    take_lock();
    bool registered = false;
    for (size_t i = 0; i < dir_count && !registered; i++) {
        registered = strcmp(dirs[i], resolved) == 0;
    }
    if (registered) {
        status = 0; /* already searched; a second call does not move it */
    } else if (reserve((void **)&dirs, dir_count, &dir_capacity, sizeof *dirs) &&
               (dirs[dir_count] = oif_util_str_duplicate(resolved)) != NULL) {
        dir_count++;
        status = 0;
    } else {
        oif_set_error("cannot register folder '%s': out of memory", dir);
    }
    pthread_mutex_unlock(&lock);
    if (status == 0 && !registered) {
        oif_log(OIF_LOG_DEBUG, "dispatch", "registered folder %s", resolved);
    }
    return status;
}

int oif_register_impl_conf(const char *interface, const char *conf_path)
{
    if (!known_interface(interface)) {
        oif_prefix_error("cannot register an implementation: ");
        return OIF_ERROR;
    }
    if (conf_path == NULL) {
        oif_set_error("cannot register an implementation of '%s': the .conf path is NULL", interface);
        return OIF_ERROR;
    }
    /* The implementation's name is the file's stem, as a found .conf's is
     * its folder's name. */
    const char *base = strrchr(conf_path, '/');
    base = base != NULL ? base + 1 : conf_path;
    size_t length = strlen(base);
    if (length <= strlen(".conf") || strcmp(base + length - strlen(".conf"), ".conf") != 0) {
        oif_set_error("cannot register '%s' as an implementation of '%s': not a .conf file (its name "
                      "must be <impl>.conf)",
                      conf_path, interface);
        return OIF_ERROR;
    }
    char impl[REGISTRY_MAX_NAME + 2];
    snprintf(impl, sizeof impl, "%.*s", (int)(length - strlen(".conf")), base);
    if (!registry_check_name(impl, "implementation")) {
        oif_prefix_error("cannot register '%s': ", conf_path);
        return OIF_ERROR;
    }
    /* Absolute, so that a later chdir() does not change what it means; not
     * resolved, so that its library is looked for next to it, as next to a
     * found .conf reached through a link. */
    char absolute[PATH_MAX], cwd[PATH_MAX];
    int n = conf_path[0] == '/' ? snprintf(absolute, sizeof absolute, "%s", conf_path)
            : getcwd(cwd, sizeof cwd) != NULL ? snprintf(absolute, sizeof absolute, "%s/%s", cwd, conf_path)
                                              : -1;
    struct stat st;
    if (n < 0 || (size_t)n >= sizeof absolute) {
        oif_set_error("cannot register '%s': its absolute path is too long", conf_path);
        return OIF_ERROR;
    }
    if (stat(absolute, &st) != 0) {
        oif_set_error("cannot register '%s': %s", conf_path, strerror(errno));
        return OIF_ERROR;
    }
    if (!S_ISREG(st.st_mode)) {
        oif_set_error("cannot register '%s': not a file", conf_path);
        return OIF_ERROR;
    }
    /* Read now, so that a malformed file is refused here, where its author
     * looks, rather than at the first load. */
    ImplConf conf;
    int status = conf_file_read(absolute, &conf);
    if (status == 0) {
        conf_file_release(&conf);
        status = add(interface, impl, absolute, NULL, NULL);
    }
    if (status != 0) {
        oif_prefix_error("cannot register implementation '%s' of interface '%s': ", impl, interface);
    }
    return status;
}

int oif_register_impl_entry(const char *interface, const char *impl, const char *language, const char *details)
{
    int status = OIF_ERROR;
    if (!known_interface(interface) || !registry_check_name(impl, "implementation")) {
        oif_prefix_error("cannot register an implementation: ");
    } else if (language == NULL || language[0] == '\0' || details == NULL || details[0] == '\0') {
        oif_set_error("cannot register implementation '%s' of interface '%s': the language and what to "
                      "load must not be empty",
                      impl, interface);
    } else if ((status = add(interface, impl, NULL, language, details)) != 0) {
        oif_prefix_error("cannot register implementation '%s' of interface '%s': ", impl, interface);
    }
    return status;
}
