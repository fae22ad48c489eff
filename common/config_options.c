/* Reading a config dict against the table of options an implementation
 * knows, so that every implementation refuses unknown keys and wrong types
 * with the same clear message. */
#include <stdio.h>
#include <string.h>

#include <oif/api.h>
#include <oif/config_dict.h>
#include <oif/error.h>
#include <oif/util.h>

static const char *type_name(int type)
{
    switch (type) {
    case OIF_TYPE_INT: return "an int";
    case OIF_TYPE_F64: return "a float";
    case OIF_TYPE_STRING: return "a string";
    default: return "a value of another type";
    }
}

static const OIFOption *find_option(const OIFOption *options, size_t count, const char *key)
{
    for (size_t i = 0; i < count; i++) {
        if (strcmp(options[i].key, key) == 0) {
            return &options[i];
        }
    }
    return NULL;
}

static void list_valid(const OIFOption *options, size_t count, char *buf, size_t size)
{
    buf[0] = '\0';
    for (size_t i = 0; i < count; i++) {
        oif_util_list_append(buf, size, "%s (%s)", options[i].key,
                             options[i].type == OIF_TYPE_INT ? "int" : options[i].type == OIF_TYPE_F64 ? "float" : "string");
    }
}

/* Checks one entry; 0 if it may be read into its option. */
static int check_entry(OIFConfigDict *config, const char *key, const OIFOption *option)
{
    int given = oif_config_dict_get_type(config, key);
    if (option == NULL) {
        oif_set_error("unknown option '%s'", key);
        return OIF_ERROR;
    }
    if (given != option->type && !(option->type == OIF_TYPE_F64 && given == OIF_TYPE_INT)) {
        oif_set_error("option '%s' must be %s, got %s", key, type_name(option->type), type_name(given));
        return OIF_ERROR;
    }
    if (given == OIF_TYPE_INT) {
        unsigned long errors_before = oif_error_count();
        oif_config_dict_get_int(config, key);
        if (oif_error_count() != errors_before) { /* from another language, beyond int */
            return OIF_ERROR;
        }
    }
    return 0;
}

static void assign(OIFConfigDict *config, const char *key, const OIFOption *option)
{
    switch (option->type) {
    case OIF_TYPE_INT:
        *(int *)option->value = oif_config_dict_get_int(config, key);
        break;
    case OIF_TYPE_F64:
        *(double *)option->value = oif_config_dict_get_type(config, key) == OIF_TYPE_INT
                                       ? (double)oif_config_dict_get_int(config, key)
                                       : oif_config_dict_get_double(config, key);
        break;
    default:
        *(const char **)option->value = oif_config_dict_get_str(config, key);
        break;
    }
}

int oif_config_dict_read_options(OIFConfigDict *config, const OIFOption *options, size_t count)
{
    if (config == NULL) {
        return 0;
    }
    const char **keys = oif_config_dict_get_keys(config);
    if (keys == NULL) {
        return OIF_ERROR;
    }
    int status = 0;
    for (size_t i = 0; keys[i] != NULL && status == 0; i++) {
        status = check_entry(config, keys[i], find_option(options, count, keys[i]));
    }
    if (status != 0) {
        char valid[1024];
        list_valid(options, count, valid, sizeof valid);
        char *message = oif_util_str_duplicate(oif_last_error());
        oif_set_error("%s; valid options: %s", message ? message : "bad option", count ? valid : "none");
        oif_util_free(message);
    } else {
        for (size_t i = 0; keys[i] != NULL; i++) {
            assign(config, keys[i], find_option(options, count, keys[i]));
        }
    }
    oif_util_free(keys);
    return status;
}
