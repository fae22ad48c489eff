#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <oif/api.h>
#include <oif/dispatch.h>
#include <oif/error.h>
#include <oif/interface_spec.h>
#include <oif/util.h>

#include "install_layout.h"
#include "registrations.h"
#include "registry.h"

/* The folders to search, in order: those registered with
 * oif_register_impl_dir(), OIF_IMPL_PATH's, then the built-in default.  As
 * many as there are, of any length. */
typedef struct {
    char *text; /* the folders, NUL-separated */
    const char **dirs;
    size_t count;
} SearchPath;

static void search_path_release(SearchPath *sp)
{
    free(sp->text);
    free(sp->dirs);
    *sp = (SearchPath){0};
}

/* 0, or OIF_ERROR with the reason recorded when memory runs out. */
static int search_path_read(SearchPath *sp)
{
    *sp = (SearchPath){0};
    const char *env = getenv("OIF_IMPL_PATH");
    char *registered = registrations_dirs();
    sp->text = registered == NULL ? NULL
                                  : oif_util_make_string("%s%s%s%s%s", registered, *registered ? ":" : "",
                                                         env ? env : "", env && *env ? ":" : "",
                                                         layout_impl_root());
    free(registered);
    size_t separators = 0;
    for (const char *c = sp->text; c != NULL && *c != '\0'; c++) {
        separators += *c == ':';
    }
    sp->dirs = sp->text != NULL ? oif_util_malloc((separators + 1) * sizeof *sp->dirs) : NULL;
    if (sp->dirs == NULL) {
        oif_prefix_error("cannot read the search path OIF_IMPL_PATH: ");
        search_path_release(sp);
        return OIF_ERROR;
    }
    char *saveptr = NULL;
    for (char *dir = strtok_r(sp->text, ":", &saveptr); dir; dir = strtok_r(NULL, ":", &saveptr)) {
        sp->dirs[sp->count++] = dir;
    }
    return 0;
}

/* The folders joined by ':', to free; NULL when memory runs out. */
static char *search_path_join(const SearchPath *sp)
{
    size_t length = 0;
    for (size_t i = 0; i < sp->count; i++) {
        length += strlen(sp->dirs[i]) + 1;
    }
    char *joined = oif_util_malloc(length + 1);
    if (joined != NULL) {
        joined[0] = '\0';
        char *end = joined;
        for (size_t i = 0; i < sp->count; i++) {
            end += sprintf(end, "%s%s", i ? ":" : "", sp->dirs[i]);
        }
    }
    return joined;
}

bool registry_check_name(const char *name, const char *what)
{
    if (name == NULL) {
        oif_set_error("the %s name is NULL", what);
        return false;
    }
    size_t len = strnlen(name, REGISTRY_MAX_NAME + 1);
    if (len == 0 || len > REGISTRY_MAX_NAME) {
        oif_set_error("the %s name must have 1 to %d characters, not %s", what, REGISTRY_MAX_NAME,
                      len == 0 ? "0" : "more");
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
            oif_set_error("%s name '%s' is invalid: only letters, digits and '_' are allowed", what,
                          name);
            return false;
        }
    }
    return true;
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends the implementations in <dir>/<interface>/ to names[*count..]. */
static int collect_from_dir(const char *dir, const char *interface, char ***names, size_t *count,
                            size_t *capacity)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, interface);
    DIR *d = opendir(path);
    if (d == NULL) {
        return 0;
    }
    struct dirent *entry;
    while ((entry = readdir(d)) != NULL) {
        const char *name = entry->d_name;
        if (strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") !=
                strlen(name) ||
            strlen(name) > REGISTRY_MAX_NAME) {
            continue;
        }
        char conf[PATH_MAX];
        int n = snprintf(conf, sizeof conf, "%s/%s/%s.conf", path, name, name);
        if (n < 0 || (size_t)n >= sizeof conf || !is_file(conf)) {
            continue;
        }
        if (*count == *capacity) {
            size_t new_capacity = *capacity ? 2 * *capacity : 16;
            char **grown = realloc(*names, new_capacity * sizeof *grown);
            if (grown == NULL) {
                closedir(d);
                oif_set_error("out of memory listing implementations");
                return -1;
            }
            *names = grown;
            *capacity = new_capacity;
        }
        if (((*names)[*count] = oif_util_str_duplicate(name)) == NULL) {
            closedir(d);
            return -1;
        }
        (*count)++;
    }
    closedir(d);
    return 0;
}

char **oif_list_impls(const char *interface)
{
    if (!registry_check_name(interface, "interface")) {
        return NULL;
    }
    if (oif_interface_find(interface) == NULL) {
        oif_set_error("unknown interface '%s'", interface);
        return NULL;
    }
    SearchPath sp;
    if (search_path_read(&sp) != 0) {
        return NULL;
    }
    char **names = NULL;
    size_t count = 0, capacity = 0;
    int status = registrations_collect(interface, &names, &count, &capacity);
    for (size_t i = 0; i < sp.count && status == 0; i++) {
        status = collect_from_dir(sp.dirs[i], interface, &names, &count, &capacity);
    }

    /* Hand the caller one block, freed with one oif_util_free(): the
     * pointer array, then the distinct names it points to. */
    char **result = NULL;
    if (status == 0) {
        if (count > 0) {
            qsort(names, count, sizeof *names, compare_names);
        }
        size_t distinct = 0, bytes = 0;
        for (size_t i = 0; i < count; i++) {
            if (i == 0 || strcmp(names[i], names[i - 1]) != 0) {
                distinct++;
                bytes += strlen(names[i]) + 1;
            }
        }
        result = oif_util_malloc((distinct + 1) * sizeof *result + bytes);
        if (result != NULL) {
            char *text = (char *)(result + distinct + 1);
            size_t k = 0;
            for (size_t i = 0; i < count; i++) {
                if (i == 0 || strcmp(names[i], names[i - 1]) != 0) {
                    result[k++] = strcpy(text, names[i]);
                    text += strlen(names[i]) + 1;
                }
            }
            result[k] = NULL;
        }
    }
    for (size_t i = 0; i < count; i++) {
        free(names[i]);
    }
    free(names);
    search_path_release(&sp);
    return result;
}

/* Each thread's last oif_impl_search_path(), freed when the thread ends. */
static pthread_key_t joined_path_key;
static pthread_once_t joined_path_key_once = PTHREAD_ONCE_INIT;
static bool joined_path_key_made;

static void make_joined_path_key(void)
{
    joined_path_key_made = pthread_key_create(&joined_path_key, free) == 0;
}

const char *oif_impl_search_path(void)
{
    pthread_once(&joined_path_key_once, make_joined_path_key);
    SearchPath sp;
    char *joined = NULL;
    if (joined_path_key_made && search_path_read(&sp) == 0) {
        joined = search_path_join(&sp);
        search_path_release(&sp);
    }
    if (joined == NULL) {
        return "";
    }
    free(pthread_getspecific(joined_path_key));
    pthread_setspecific(joined_path_key, joined);
    return joined;
}

/* The folders for a message: all of them, or, when that would crowd out
 * the rest of the message, the first ones and the last (the built-in
 * default) with how many are left out. */
static void describe_search_path(const SearchPath *sp, char *buf, size_t bufsize)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sp->count; i++) {
        const char *separator = i ? ":" : "";
        size_t room_for_rest = i + 1 < sp->count ? strlen(sp->dirs[sp->count - 1]) + 64 : 0;
        if (used + strlen(separator) + strlen(sp->dirs[i]) + room_for_rest >= bufsize) {
            snprintf(buf + used, bufsize - used, "%s... (%zu more folders, %zu in all):%s", separator,
                     sp->count - 1 - i, sp->count, sp->dirs[sp->count - 1]);
            return;
        }
        used += (size_t)sprintf(buf + used, "%s%s", separator, sp->dirs[i]);
    }
}

/* The available implementations, for a message. */
static void describe_available(const char *interface, char *buf, size_t bufsize)
{
    char **names = oif_list_impls(interface);
    buf[0] = '\0';
    for (size_t i = 0; names != NULL && names[i] != NULL; i++) {
        oif_util_list_append(buf, bufsize, "%s", names[i]);
    }
    if (buf[0] == '\0') {
        snprintf(buf, bufsize, "none");
    }
    oif_util_free(names);
}

/* Whether one of the folders has <interface>/<impl>/<impl>.conf; its path
 * in `path` if so. */
static bool search(const SearchPath *sp, const char *interface, const char *impl, char *path, size_t pathsize)
{
    for (size_t i = 0; i < sp->count; i++) {
        int n = snprintf(path, pathsize, "%s/%s/%s/%s.conf", sp->dirs[i], interface, impl, impl);
        if (n > 0 && (size_t)n < pathsize && is_file(path)) {
            return true;
        }
    }
    return false;
}

int registry_search_path_has(const char *interface, const char *impl, char *path, size_t pathsize)
{
    SearchPath sp;
    if (search_path_read(&sp) != 0) {
        return -1;
    }
    bool found = search(&sp, interface, impl, path, pathsize);
    search_path_release(&sp);
    return found;
}

int registry_find_conf(const char *interface, const char *impl, char *path, size_t pathsize)
{
    SearchPath sp;
    if (search_path_read(&sp) != 0) {
        return OIF_IMPL_NOT_AVAILABLE_ERROR;
    }
    if (search(&sp, interface, impl, path, pathsize)) {
        search_path_release(&sp);
        return 0;
    }
    char searched[2048], available[1024];
    describe_search_path(&sp, searched, sizeof searched);
    search_path_release(&sp);
    describe_available(interface, available, sizeof available);
    oif_set_error("no %s/%s/%s.conf in the search path %s (set OIF_IMPL_PATH to add folders). "
                  "Available: %s",
                  interface, impl, impl, searched, available);
    return OIF_IMPL_NOT_AVAILABLE_ERROR;
}

int registry_locate(const char *interface, const char *impl, ImplLocation *location)
{
    bool registered = false;
    int status = registrations_find(interface, impl, location, &registered);
    if (registered || status != 0) {
        return status;
    }
    char conf_path[PATH_MAX];
    status = registry_find_conf(interface, impl, conf_path, sizeof conf_path);
    if (status == 0) {
        status = conf_file_read(conf_path, &location->conf);
    }
    if (status == 0) {
        *strrchr(conf_path, '/') = '\0';
        snprintf(location->conf_dir, sizeof location->conf_dir, "%s", conf_path);
    }
    return status;
}

void registry_location_release(ImplLocation *location)
{
    conf_file_release(&location->conf);
}
