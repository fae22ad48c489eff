/* libFuzzer target for the config-dict deserializer: a dict's serialized
 * bytes come from another language, so any bytes must either decode into
 * entries that every accessor handles, and that survive a re-serialization
 * unchanged, or be refused with a message and no entries left behind. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <oif/api.h>
#include <oif/config_dict.h>
#include <oif/error.h>
#include <oif/util.h>

/* A violated invariant is a finding: libFuzzer saves the input that caused
 * it, and the message says which one it was. */
#define REQUIRE(condition)                                                                         \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            fprintf(stderr, "fuzz_config_dict: invariant violated: %s\n", #condition);             \
            __builtin_trap();                                                                      \
        }                                                                                          \
    } while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* oif_config_dict_print() writes to stdout; libFuzzer reports on stderr,
     * which stays readable when the printing is thrown away. */
    if (freopen("/dev/null", "w", stdout) == NULL) {
        perror("fuzz_config_dict: cannot redirect stdout to /dev/null");
        exit(1);
    }
    return 0;
}

/* Doubles are compared by their bits: NaN must survive too, and -0.0 must
 * not turn into 0.0. */
static bool same_bits(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

/* Every accessor on `key`, which `dict` holds: the getter of its type
 * answers, the others refuse with a message and a zero value. */
static void check_entry(OIFConfigDict *dict, const char *key)
{
    REQUIRE(oif_config_dict_key_exists(dict, key));
    int type = oif_config_dict_get_type(dict, key);
    REQUIRE(type == OIF_TYPE_INT || type == OIF_TYPE_F64 || type == OIF_TYPE_STRING);

    unsigned long errors_before = oif_error_count();
    int i = oif_config_dict_get_int(dict, key);
    double d = oif_config_dict_get_double(dict, key);
    const char *s = oif_config_dict_get_str(dict, key);
    /* Two wrong-type getters, each explaining itself (get_int may also
     * refuse an int64 that does not fit in an int). */
    REQUIRE(oif_error_count() >= errors_before + 2);
    if (type != OIF_TYPE_INT) {
        REQUIRE(i == 0);
    }
    if (type != OIF_TYPE_F64) {
        REQUIRE(same_bits(d, 0.0));
    }
    if (type == OIF_TYPE_STRING) {
        REQUIRE(s != NULL);
        /* Reading the whole string lets ASan check its terminator. */
        (void)strlen(s);
    } else {
        REQUIRE(s == NULL);
    }
}

/* The decoded dict must hold unique keys, each fully usable. */
static void check_decoded(OIFConfigDict *dict)
{
    size_t size = oif_config_dict_size(dict);
    const char **keys = oif_config_dict_get_keys(dict);
    REQUIRE(keys != NULL);
    for (size_t k = 0; k < size; k++) {
        REQUIRE(keys[k] != NULL);
        for (size_t earlier = 0; earlier < k; earlier++) {
            REQUIRE(strcmp(keys[earlier], keys[k]) != 0);
        }
        check_entry(dict, keys[k]);
    }
    REQUIRE(keys[size] == NULL);
    oif_util_free((void *)keys);
}

/* `copy` must hold the same entries as `original`, in the same order. */
static void check_same_entries(OIFConfigDict *original, OIFConfigDict *copy)
{
    size_t size = oif_config_dict_size(original);
    REQUIRE(oif_config_dict_size(copy) == size);
    const char **keys = oif_config_dict_get_keys(original);
    const char **copied_keys = oif_config_dict_get_keys(copy);
    REQUIRE(keys != NULL && copied_keys != NULL);
    for (size_t k = 0; k < size; k++) {
        const char *key = keys[k];
        REQUIRE(strcmp(key, copied_keys[k]) == 0);
        int type = oif_config_dict_get_type(original, key);
        REQUIRE(oif_config_dict_get_type(copy, key) == type);
        if (type == OIF_TYPE_INT) {
            REQUIRE(oif_config_dict_get_int(copy, key) == oif_config_dict_get_int(original, key));
        } else if (type == OIF_TYPE_F64) {
            REQUIRE(same_bits(oif_config_dict_get_double(copy, key),
                              oif_config_dict_get_double(original, key)));
        } else {
            REQUIRE(strcmp(oif_config_dict_get_str(copy, key),
                           oif_config_dict_get_str(original, key)) == 0);
        }
    }
    oif_util_free((void *)copied_keys);
    oif_util_free((void *)keys);
}

/* Serializes `dict`, decodes that into a fresh dict, and checks that nothing
 * changed: not the entries, and not the bytes, which also covers 64-bit
 * integers that get_int cannot return. */
static void check_round_trip(OIFConfigDict *dict)
{
    REQUIRE(oif_config_dict_serialize(dict) == 0);
    OIFConfigDict *copy = oif_config_dict_init();
    REQUIRE(copy != NULL);
    REQUIRE(oif_config_dict_copy_serialization(copy, dict) == 0);
    if (oif_config_dict_deserialize(copy) != 0) {
        fprintf(stderr, "fuzz_config_dict: re-serialized dict does not decode: %s\n",
                oif_last_error());
        __builtin_trap();
    }
    check_same_entries(dict, copy);

    REQUIRE(oif_config_dict_serialize(copy) == 0);
    size_t length = oif_config_dict_get_serialized_object_length(dict);
    REQUIRE(oif_config_dict_get_serialized_object_length(copy) == length);
    REQUIRE(length == 0 || memcmp(oif_config_dict_get_serialized(copy),
                                  oif_config_dict_get_serialized(dict), length) == 0);
    oif_config_dict_free(copy);
}

/* Setting a dict's serialized bytes from its own buffer, and a string entry
 * from its own value, are documented to work: the old copy is released only
 * after the new one is made. */
static void check_self_assignment(OIFConfigDict *dict)
{
    const uint8_t *own = oif_config_dict_get_serialized(dict);
    size_t length = oif_config_dict_get_serialized_object_length(dict);
    size_t size = oif_config_dict_size(dict);
    REQUIRE(oif_config_dict_set_serialized(dict, own, length) == 0);
    REQUIRE(oif_config_dict_deserialize(dict) == 0);
    REQUIRE(oif_config_dict_size(dict) == size);

    const char **keys = oif_config_dict_get_keys(dict);
    REQUIRE(keys != NULL);
    for (size_t k = 0; k < size; k++) {
        if (oif_config_dict_get_type(dict, keys[k]) == OIF_TYPE_STRING) {
            const char *value = oif_config_dict_get_str(dict, keys[k]);
            REQUIRE(oif_config_dict_add_str(dict, keys[k], value) == 0);
        }
    }
    REQUIRE(oif_config_dict_size(dict) == size);
    oif_util_free((void *)keys);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    OIFConfigDict *dict = oif_config_dict_init();
    REQUIRE(dict != NULL);
    /* A stale entry, which deserializing must replace in either outcome. */
    REQUIRE(oif_config_dict_add_int(dict, "stale entry", 1) == 0);
    REQUIRE(oif_config_dict_set_serialized(dict, data, size) == 0);
    REQUIRE(oif_config_dict_get_serialized_object_length(dict) == size);

    unsigned long errors_before = oif_error_count();
    if (oif_config_dict_deserialize(dict) == 0) {
        check_decoded(dict);
        oif_config_dict_print(dict);
        check_round_trip(dict);
        check_self_assignment(dict);
    } else {
        REQUIRE(oif_error_count() > errors_before);
        REQUIRE(oif_last_error()[0] != '\0');
        REQUIRE(oif_config_dict_size(dict) == 0);
        REQUIRE(!oif_config_dict_key_exists(dict, "stale entry"));
        const char **keys = oif_config_dict_get_keys(dict);
        REQUIRE(keys != NULL && keys[0] == NULL);
        oif_util_free((void *)keys);
    }
    oif_config_dict_free(dict);
    return 0;
}
