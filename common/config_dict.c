/*
 * Config dicts: an insertion-ordered array of typed entries, plus the
 * MessagePack bytes in which they cross language boundaries.  Lookups are
 * linear; dicts hold a handful of solver options, where that is fastest.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <msgpack.h>

#include <oif/api.h>
#include <oif/config_dict.h>
#include <oif/error.h>
#include <oif/util.h>

#include "shortest_double.h"

typedef struct {
    char *key;
    OIFArgType type; /* OIF_TYPE_INT, OIF_TYPE_F64 or OIF_TYPE_STRING */
    union {
        int64_t i; /* 64 bits so that any decoded integer is kept exactly */
        double d;
        char *s;
    } value;
} Entry;

struct oif_config_dict_t {
    Entry *entries;
    size_t size;
    size_t capacity;
    /* Non-NULL once serialized or set, even for zero bytes, so that an empty
     * dict still counts as serialized. */
    uint8_t *serialized;
    size_t serialized_length;
};

static bool dict_given(const OIFConfigDict *dict, const char *context)
{
    if (dict == NULL) {
        oif_set_error("%s: the config dict is NULL", context);
        return false;
    }
    return true;
}

static bool dict_and_key_given(const OIFConfigDict *dict, const char *key, const char *context)
{
    if (!dict_given(dict, context)) {
        return false;
    }
    if (key == NULL) {
        oif_set_error("%s: the key is NULL", context);
        return false;
    }
    return true;
}

static const char *type_name(OIFArgType type)
{
    switch (type) {
    case OIF_TYPE_INT:
        return "an int";
    case OIF_TYPE_F64:
        return "a double";
    default:
        return "a string";
    }
}

static Entry *find_entry(const OIFConfigDict *dict, const char *key)
{
    for (size_t i = 0; i < dict->size; i++) {
        if (strcmp(dict->entries[i].key, key) == 0) {
            return &dict->entries[i];
        }
    }
    return NULL;
}

static void release_value(Entry *entry)
{
    if (entry->type == OIF_TYPE_STRING) {
        oif_util_free(entry->value.s);
    }
}

static void clear_entries(OIFConfigDict *dict)
{
    for (size_t i = 0; i < dict->size; i++) {
        release_value(&dict->entries[i]);
        oif_util_free(dict->entries[i].key);
    }
    dict->size = 0;
}

static bool grow_entries(OIFConfigDict *dict)
{
    size_t capacity = dict->capacity == 0 ? 8 : 2 * dict->capacity;
    Entry *entries = oif_util_malloc(capacity * sizeof *entries);
    if (entries == NULL) {
        return false;
    }
    if (dict->size > 0) {
        memcpy(entries, dict->entries, dict->size * sizeof *entries);
    }
    oif_util_free(dict->entries);
    dict->entries = entries;
    dict->capacity = capacity;
    return true;
}

/* The entry to store `key`'s new value in: the existing one, its old value
 * released, or a new one at the end.  The caller sets type and value. */
static Entry *entry_for_writing(OIFConfigDict *dict, const char *key)
{
    if (!dict_and_key_given(dict, key, "config dict: cannot add an entry")) {
        return NULL;
    }
    Entry *entry = find_entry(dict, key);
    if (entry != NULL) {
        release_value(entry);
        return entry;
    }
    if (dict->size == dict->capacity && !grow_entries(dict)) {
        return NULL;
    }
    char *key_copy = oif_util_str_duplicate(key);
    if (key_copy == NULL) {
        return NULL;
    }
    entry = &dict->entries[dict->size++];
    entry->key = key_copy;
    return entry;
}

static int add_int64(OIFConfigDict *dict, const char *key, int64_t value)
{
    Entry *entry = entry_for_writing(dict, key);
    if (entry == NULL) {
        return OIF_ERROR;
    }
    entry->type = OIF_TYPE_INT;
    entry->value.i = value;
    return 0;
}

/* Takes ownership of `value`, which is NULL when copying it ran out of
 * memory (already recorded). */
static int add_owned_str(OIFConfigDict *dict, const char *key, char *value)
{
    if (value == NULL) {
        return OIF_ERROR;
    }
    Entry *entry = entry_for_writing(dict, key);
    if (entry == NULL) {
        oif_util_free(value);
        return OIF_ERROR;
    }
    entry->type = OIF_TYPE_STRING;
    entry->value.s = value;
    return 0;
}

OIFConfigDict *oif_config_dict_init(void)
{
    OIFConfigDict *dict = oif_util_malloc(sizeof *dict);
    if (dict != NULL) {
        *dict = (OIFConfigDict){0};
    }
    return dict;
}

void oif_config_dict_free(OIFConfigDict *dict)
{
    if (dict == NULL) {
        return;
    }
    clear_entries(dict);
    oif_util_free(dict->entries);
    oif_util_free(dict->serialized);
    oif_util_free(dict);
}

void oif_free_returned(int type, void *value)
{
    if (type == OIF_TYPE_CONFIG_DICT) {
        oif_config_dict_free(value);
    } else {
        oif_util_free(value);
    }
}

int oif_config_dict_add_int(OIFConfigDict *dict, const char *key, int value)
{
    return add_int64(dict, key, value);
}

int oif_config_dict_add_double(OIFConfigDict *dict, const char *key, double value)
{
    Entry *entry = entry_for_writing(dict, key);
    if (entry == NULL) {
        return OIF_ERROR;
    }
    entry->type = OIF_TYPE_F64;
    entry->value.d = value;
    return 0;
}

int oif_config_dict_add_str(OIFConfigDict *dict, const char *key, const char *value)
{
    if (value == NULL) {
        oif_set_error("config dict: cannot add an entry: the value of key '%s' is NULL",
                      key != NULL ? key : "(null)");
        return OIF_ERROR;
    }
    /* Copied before the old value is released: `value` may be that value. */
    return add_owned_str(dict, key, oif_util_str_duplicate(value));
}

const char **oif_config_dict_get_keys(OIFConfigDict *dict)
{
    if (!dict_given(dict, __func__)) {
        return NULL;
    }
    const char **keys = oif_util_malloc((dict->size + 1) * sizeof *keys);
    if (keys == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < dict->size; i++) {
        keys[i] = dict->entries[i].key;
    }
    keys[dict->size] = NULL;
    return keys;
}

bool oif_config_dict_key_exists(OIFConfigDict *dict, const char *key)
{
    return dict_and_key_given(dict, key, __func__) && find_entry(dict, key) != NULL;
}

/* `key`'s entry if there is one, else NULL with the reason recorded. */
static const Entry *existing_entry(OIFConfigDict *dict, const char *key, const char *context)
{
    if (!dict_and_key_given(dict, key, context)) {
        return NULL;
    }
    const Entry *entry = find_entry(dict, key);
    if (entry == NULL) {
        oif_set_error("config dict: there is no key '%s'", key);
    }
    return entry;
}

/* `key`'s entry if it holds a value of `type`, else NULL with the reason
 * recorded. */
static const Entry *typed_entry(OIFConfigDict *dict, const char *key, OIFArgType type,
                                const char *context)
{
    const Entry *entry = existing_entry(dict, key, context);
    if (entry != NULL && entry->type != type) {
        oif_set_error("config dict: key '%s' holds %s, not %s", key, type_name(entry->type),
                      type_name(type));
        return NULL;
    }
    return entry;
}

int oif_config_dict_get_type(OIFConfigDict *dict, const char *key)
{
    const Entry *entry = existing_entry(dict, key, __func__);
    return entry != NULL ? (int)entry->type : 0;
}

int oif_config_dict_get_int(OIFConfigDict *dict, const char *key)
{
    const Entry *entry = typed_entry(dict, key, OIF_TYPE_INT, __func__);
    if (entry == NULL) {
        return 0;
    }
    /* Integers decoded from another language may exceed a C int. */
    if (entry->value.i < INT_MIN || entry->value.i > INT_MAX) {
        oif_set_error("config dict: key '%s' holds the integer %" PRId64
                      ", which does not fit in an int",
                      key, entry->value.i);
        return 0;
    }
    return (int)entry->value.i;
}

double oif_config_dict_get_double(OIFConfigDict *dict, const char *key)
{
    const Entry *entry = typed_entry(dict, key, OIF_TYPE_F64, __func__);
    return entry != NULL ? entry->value.d : 0.0;
}

const char *oif_config_dict_get_str(OIFConfigDict *dict, const char *key)
{
    const Entry *entry = typed_entry(dict, key, OIF_TYPE_STRING, __func__);
    return entry != NULL ? entry->value.s : NULL;
}

size_t oif_config_dict_size(OIFConfigDict *dict)
{
    return dict_given(dict, __func__) ? dict->size : 0;
}

static int replace_serialized(OIFConfigDict *dict, const uint8_t *bytes, size_t nbytes)
{
    uint8_t *copy = oif_util_malloc(nbytes > 0 ? nbytes : 1);
    if (copy == NULL) {
        return OIF_ERROR;
    }
    if (nbytes > 0) {
        memcpy(copy, bytes, nbytes);
    }
    /* Freed only after copying: `bytes` may be the old buffer itself. */
    oif_util_free(dict->serialized);
    dict->serialized = copy;
    dict->serialized_length = nbytes;
    return 0;
}

static int pack_str(msgpack_packer *packer, const char *s)
{
    return msgpack_pack_str_with_body(packer, s, strlen(s));
}

static int pack_entry(msgpack_packer *packer, const Entry *entry)
{
    int status = pack_str(packer, entry->key);
    if (status != 0) {
        return status;
    }
    switch (entry->type) {
    case OIF_TYPE_INT:
        return msgpack_pack_int64(packer, entry->value.i);
    case OIF_TYPE_F64:
        return msgpack_pack_double(packer, entry->value.d);
    default:
        return pack_str(packer, entry->value.s);
    }
}

int oif_config_dict_serialize(OIFConfigDict *dict)
{
    if (!dict_given(dict, __func__)) {
        return OIF_ERROR;
    }
    msgpack_sbuffer buffer;
    msgpack_sbuffer_init(&buffer);
    msgpack_packer packer;
    msgpack_packer_init(&packer, &buffer, msgpack_sbuffer_write);

    int status = 0;
    for (size_t i = 0; i < dict->size && status == 0; i++) {
        status = pack_entry(&packer, &dict->entries[i]);
    }
    if (status != 0) {
        /* Packing into a memory buffer fails only when it cannot grow. */
        oif_set_error("config dict: out of memory while serializing");
        status = OIF_ERROR;
    } else {
        status = replace_serialized(dict, (const uint8_t *)buffer.data, buffer.size);
    }
    msgpack_sbuffer_destroy(&buffer);
    return status;
}

static const char *msgpack_type_name(msgpack_object_type type)
{
    switch (type) {
    case MSGPACK_OBJECT_NIL:
        return "nil";
    case MSGPACK_OBJECT_BOOLEAN:
        return "bool";
    case MSGPACK_OBJECT_POSITIVE_INTEGER:
    case MSGPACK_OBJECT_NEGATIVE_INTEGER:
        return "int";
    case MSGPACK_OBJECT_FLOAT32:
    case MSGPACK_OBJECT_FLOAT64:
        return "float";
    case MSGPACK_OBJECT_STR:
        return "str";
    case MSGPACK_OBJECT_ARRAY:
        return "array";
    case MSGPACK_OBJECT_MAP:
        return "map";
    case MSGPACK_OBJECT_BIN:
        return "bin";
    default:
        return "ext";
    }
}

/* A NUL-terminated copy, or NULL (reason recorded) when the string holds a
 * NUL byte, which would silently cut it short as a C string. */
static char *copy_decoded_str(const msgpack_object_str *str)
{
    /* msgpack-c decodes an empty string with a NULL ptr, which memchr and
     * memcpy must not be given. */
    const char *bytes = str->size > 0 ? str->ptr : "";
    if (memchr(bytes, '\0', str->size) != NULL) {
        oif_set_error("config dict: a serialized string contains a NUL byte");
        return NULL;
    }
    char *copy = oif_util_malloc((size_t)str->size + 1);
    if (copy != NULL) {
        memcpy(copy, bytes, str->size);
        copy[str->size] = '\0';
    }
    return copy;
}

static int check_key_type(const msgpack_object *key, size_t pair_index)
{
    if (key->type != MSGPACK_OBJECT_STR) {
        oif_set_error("config dict: serialized key number %zu is a msgpack %s, not a str",
                      pair_index + 1, msgpack_type_name(key->type));
        return OIF_ERROR;
    }
    return 0;
}

/* `key` has passed check_key_type(). */
static int add_decoded(OIFConfigDict *dict, const msgpack_object *key, const msgpack_object *value)
{
    char *key_text = copy_decoded_str(&key->via.str);
    if (key_text == NULL) {
        return OIF_ERROR;
    }
    int status = OIF_ERROR;
    switch (value->type) {
    case MSGPACK_OBJECT_POSITIVE_INTEGER:
        if (value->via.u64 > INT64_MAX) {
            oif_set_error("config dict: serialized value of key '%s' (%" PRIu64
                          ") is too large for a 64-bit signed integer",
                          key_text, value->via.u64);
        } else {
            status = add_int64(dict, key_text, (int64_t)value->via.u64);
        }
        break;
    case MSGPACK_OBJECT_NEGATIVE_INTEGER:
        status = add_int64(dict, key_text, value->via.i64);
        break;
    case MSGPACK_OBJECT_FLOAT32: /* msgpack-c widens it into via.f64 */
    case MSGPACK_OBJECT_FLOAT64:
        status = oif_config_dict_add_double(dict, key_text, value->via.f64);
        break;
    case MSGPACK_OBJECT_STR:
        status = add_owned_str(dict, key_text, copy_decoded_str(&value->via.str));
        break;
    default:
        oif_set_error("config dict: serialized value of key '%s' is a msgpack %s, but only int, "
                      "float and str values are supported",
                      key_text, msgpack_type_name(value->type));
        break;
    }
    oif_util_free(key_text);
    return status;
}

/* The type of an array or map whose header starts with `byte`, else NIL. */
static msgpack_object_type container_type(uint8_t byte)
{
    if ((byte >= 0x90 && byte <= 0x9f) || byte == 0xdc || byte == 0xdd) {
        return MSGPACK_OBJECT_ARRAY;
    }
    if ((byte >= 0x80 && byte <= 0x8f) || byte == 0xde || byte == 0xdf) {
        return MSGPACK_OBJECT_MAP;
    }
    return MSGPACK_OBJECT_NIL;
}

/* Decodes the object at *offset, advancing it.  0 on success. */
static int unpack_object(const OIFConfigDict *dict, msgpack_unpacked *object, size_t *offset)
{
    /* msgpack-c moves *offset even when it fails. */
    size_t start = *offset;
    /* Arrays and maps are never valid keys or values, and msgpack-c would
     * allocate room for as many elements as a header claims before checking
     * that the bytes hold them: a 5-byte header can claim 2^32 elements, over
     * 100 GB.  They are returned undecoded, by type only, for the caller to
     * refuse. */
    msgpack_object_type container = container_type(dict->serialized[start]);
    if (container != MSGPACK_OBJECT_NIL) {
        object->data = (msgpack_object){.type = container};
        *offset = start + 1;
        return 0;
    }
    msgpack_unpack_return result = msgpack_unpack_next(
        object, (const char *)dict->serialized, dict->serialized_length, offset);
    switch (result) {
    case MSGPACK_UNPACK_SUCCESS:
    case MSGPACK_UNPACK_EXTRA_BYTES:
        return 0;
    case MSGPACK_UNPACK_CONTINUE:
        oif_set_error("config dict: serialized data is truncated: the object at byte %zu of %zu "
                      "is incomplete",
                      start, dict->serialized_length);
        return OIF_ERROR;
    case MSGPACK_UNPACK_NOMEM_ERROR:
        oif_set_error("config dict: out of memory while deserializing");
        return OIF_ERROR;
    default:
        oif_set_error("config dict: serialized data is not valid MessagePack in the object at "
                      "byte %zu",
                      start);
        return OIF_ERROR;
    }
}

int oif_config_dict_deserialize(OIFConfigDict *dict)
{
    if (!dict_given(dict, __func__)) {
        return OIF_ERROR;
    }
    clear_entries(dict);
    if (dict->serialized == NULL) {
        oif_set_error("%s: the dict holds no serialized data", __func__);
        return OIF_ERROR;
    }
    /* Two holders, because decoding into one frees what it held before and
     * the key must outlive the decoding of its value. */
    msgpack_unpacked key;
    msgpack_unpacked value;
    msgpack_unpacked_init(&key);
    msgpack_unpacked_init(&value);
    size_t offset = 0;
    int status = 0;
    for (size_t pair = 0; status == 0 && offset < dict->serialized_length; pair++) {
        status = unpack_object(dict, &key, &offset);
        if (status == 0) {
            status = check_key_type(&key.data, pair);
        }
        if (status == 0 && offset == dict->serialized_length) {
            oif_set_error("config dict: serialized data ends with a key that has no value "
                          "(an odd number of objects)");
            status = OIF_ERROR;
        }
        if (status == 0) {
            status = unpack_object(dict, &value, &offset);
        }
        if (status == 0) {
            status = add_decoded(dict, &key.data, &value.data);
        }
    }
    msgpack_unpacked_destroy(&key);
    msgpack_unpacked_destroy(&value);
    if (status != 0) {
        clear_entries(dict);
    }
    return status;
}

int oif_config_dict_copy_serialization(OIFConfigDict *to, const OIFConfigDict *from)
{
    if (!dict_given(to, __func__) || !dict_given(from, __func__)) {
        return OIF_ERROR;
    }
    if (from->serialized == NULL) {
        oif_set_error("%s: the source dict was never serialized", __func__);
        return OIF_ERROR;
    }
    return replace_serialized(to, from->serialized, from->serialized_length);
}

OIFConfigDict *oif_config_dict_copy(const OIFConfigDict *src)
{
    if (!dict_given(src, __func__)) {
        return NULL;
    }
    OIFConfigDict *copy = oif_config_dict_init();
    int status = copy != NULL ? 0 : OIF_ERROR;
    for (size_t i = 0; i < src->size && status == 0; i++) {
        const Entry *entry = &src->entries[i];
        switch (entry->type) {
        case OIF_TYPE_INT:
            status = add_int64(copy, entry->key, entry->value.i);
            break;
        case OIF_TYPE_F64:
            status = oif_config_dict_add_double(copy, entry->key, entry->value.d);
            break;
        default:
            status = oif_config_dict_add_str(copy, entry->key, entry->value.s);
            break;
        }
    }
    /* Implementations written for Open Interfaces may read the serialized
     * form, which a copy made by serializing had; this one packs its own. */
    if (status == 0) {
        status = oif_config_dict_serialize(copy);
    }
    if (status != 0) {
        oif_config_dict_free(copy);
        return NULL;
    }
    return copy;
}

/* As MaRDI Open Interfaces 0.7 printed its dicts (programs and tests
 * written for it compare the text), but in insertion order, and without
 * doubles whose digits are not the value (see format_double_as_printf). */
void oif_config_dict_print(OIFConfigDict *dict)
{
    if (!dict_given(dict, __func__)) {
        return;
    }
    if (dict->size == 0) {
        puts("Config dict has no entries");
    }
    char text[PRINTED_DOUBLE_CAPACITY];
    for (size_t i = 0; i < dict->size; i++) {
        const Entry *entry = &dict->entries[i];
        switch (entry->type) {
        case OIF_TYPE_INT:
            printf("Key = '%s', value = '%" PRId64 "'\n", entry->key, entry->value.i);
            break;
        case OIF_TYPE_F64:
            printf("Key = '%s', value = '%s'\n", entry->key,
                   format_double_as_printf('f', entry->value.d, text, sizeof text));
            break;
        default:
            printf("Key = '%s', value = '%s'\n", entry->key, entry->value.s);
            break;
        }
    }
    if (dict->serialized_length > 0) {
        puts("Serialization");
        for (size_t i = 0; i < dict->serialized_length; i++) {
            uint8_t byte = dict->serialized[i];
            /* isprint() of the "C" locale, whatever the user's locale. */
            if (byte >= 0x20 && byte < 0x7f) {
                putchar(byte);
            } else {
                printf("\\x%02x", byte);
            }
        }
        putchar('\n');
    }
}

const uint8_t *oif_config_dict_get_serialized(OIFConfigDict *dict)
{
    return dict_given(dict, __func__) ? dict->serialized : NULL;
}

size_t oif_config_dict_get_serialized_object_length(OIFConfigDict *dict)
{
    return dict_given(dict, __func__) ? dict->serialized_length : 0;
}

int oif_config_dict_set_serialized(OIFConfigDict *dict, const uint8_t *bytes, size_t nbytes)
{
    if (!dict_given(dict, __func__)) {
        return OIF_ERROR;
    }
    if (bytes == NULL && nbytes > 0) {
        oif_set_error("%s: the bytes are NULL", __func__);
        return OIF_ERROR;
    }
    return replace_serialized(dict, bytes, nbytes);
}
