/* Config dicts: entries, getters' failures, the MessagePack round trip, and
 * reading them against a table of options. */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "test_support.h"

#include <oif/config_dict.h>
#include <oif/util.h>

static OIFConfigDict *new_dict(void)
{
    OIFConfigDict *dict = oif_config_dict_init();
    assert_non_null(dict);
    return dict;
}

static void assert_keys(OIFConfigDict *dict, const char **expected, size_t count)
{
    const char **keys = oif_config_dict_get_keys(dict);
    assert_non_null(keys);
    for (size_t i = 0; i < count; i++) {
        assert_non_null(keys[i]);
        assert_string_equal(keys[i], expected[i]);
    }
    assert_null(keys[count]);
    oif_util_free((void *)keys);
}

/* Serializes `from` and decodes it into a fresh dict, as a bridge does. */
static OIFConfigDict *round_trip(OIFConfigDict *from)
{
    OIFConfigDict *to = new_dict();
    assert_int_equal(oif_config_dict_serialize(from), 0);
    assert_int_equal(oif_config_dict_copy_serialization(to, from), 0);
    assert_int_equal(oif_config_dict_deserialize(to), 0);
    return to;
}

static void test_empty_dict(void **state)
{
    (void)state;
    OIFConfigDict *dict = new_dict();
    assert_int_equal(oif_config_dict_size(dict), 0);
    assert_keys(dict, NULL, 0);
    assert_null(oif_config_dict_get_serialized(dict));
    assert_int_equal(oif_config_dict_get_serialized_object_length(dict), 0);

    OIFConfigDict *copy = round_trip(dict);
    assert_non_null(oif_config_dict_get_serialized(dict));
    assert_int_equal(oif_config_dict_get_serialized_object_length(dict), 0);
    assert_int_equal(oif_config_dict_size(copy), 0);
    oif_config_dict_free(copy);
    oif_config_dict_free(dict);
}

static void test_add_and_get(void **state)
{
    (void)state;
    OIFConfigDict *dict = new_dict();
    assert_int_equal(oif_config_dict_add_int(dict, "max_steps", 500), 0);
    assert_int_equal(oif_config_dict_add_double(dict, "rtol", 1e-8), 0);
    assert_int_equal(oif_config_dict_add_str(dict, "method", "bdf"), 0);

    assert_int_equal(oif_config_dict_size(dict), 3);
    assert_true(oif_config_dict_key_exists(dict, "rtol"));
    assert_false(oif_config_dict_key_exists(dict, "atol"));
    assert_int_equal(oif_config_dict_get_type(dict, "max_steps"), OIF_TYPE_INT);
    assert_int_equal(oif_config_dict_get_type(dict, "rtol"), OIF_TYPE_F64);
    assert_int_equal(oif_config_dict_get_type(dict, "method"), OIF_TYPE_STRING);
    assert_int_equal(oif_config_dict_get_int(dict, "max_steps"), 500);
    assert_true(oif_config_dict_get_double(dict, "rtol") == 1e-8);
    assert_string_equal(oif_config_dict_get_str(dict, "method"), "bdf");
    assert_keys(dict, (const char *[]){"max_steps", "rtol", "method"}, 3);
    oif_config_dict_free(dict);
}

static void test_replacing_keeps_position(void **state)
{
    (void)state;
    OIFConfigDict *dict = new_dict();
    assert_int_equal(oif_config_dict_add_str(dict, "a", "first"), 0);
    assert_int_equal(oif_config_dict_add_int(dict, "b", 2), 0);
    assert_int_equal(oif_config_dict_add_double(dict, "c", 3.5), 0);

    assert_int_equal(oif_config_dict_add_double(dict, "a", -1.25), 0);
    assert_int_equal(oif_config_dict_add_str(dict, "b", "two"), 0);
    assert_int_equal(oif_config_dict_add_int(dict, "c", 7), 0);
    /* A string replaced by itself must be copied before it is released. */
    assert_int_equal(oif_config_dict_add_str(dict, "b", oif_config_dict_get_str(dict, "b")), 0);

    assert_int_equal(oif_config_dict_size(dict), 3);
    assert_keys(dict, (const char *[]){"a", "b", "c"}, 3);
    assert_int_equal(oif_config_dict_get_type(dict, "a"), OIF_TYPE_F64);
    assert_int_equal(oif_config_dict_get_type(dict, "b"), OIF_TYPE_STRING);
    assert_int_equal(oif_config_dict_get_type(dict, "c"), OIF_TYPE_INT);
    assert_true(oif_config_dict_get_double(dict, "a") == -1.25);
    assert_string_equal(oif_config_dict_get_str(dict, "b"), "two");
    assert_int_equal(oif_config_dict_get_int(dict, "c"), 7);

    OIFConfigDict *copy = round_trip(dict);
    assert_keys(copy, (const char *[]){"a", "b", "c"}, 3);
    assert_string_equal(oif_config_dict_get_str(copy, "b"), "two");
    oif_config_dict_free(copy);
    oif_config_dict_free(dict);
}

static void test_missing_key_for_every_getter(void **state)
{
    (void)state;
    OIFConfigDict *dict = new_dict();
    assert_int_equal(oif_config_dict_add_int(dict, "n", 1), 0);

    assert_int_equal(oif_config_dict_get_int(dict, "absent_int"), 0);
    assert_error_mentions("no key", "'absent_int'");
    assert_true(oif_config_dict_get_double(dict, "absent_double") == 0.0);
    assert_error_mentions("no key", "'absent_double'");
    assert_null(oif_config_dict_get_str(dict, "absent_str"));
    assert_error_mentions("no key", "'absent_str'");
    assert_int_equal(oif_config_dict_get_type(dict, "absent_type"), 0);
    assert_error_mentions("no key", "'absent_type'");
    oif_config_dict_free(dict);
}

static void test_wrong_type_for_every_getter(void **state)
{
    (void)state;
    OIFConfigDict *dict = new_dict();
    assert_int_equal(oif_config_dict_add_int(dict, "n", 3), 0);
    assert_int_equal(oif_config_dict_add_double(dict, "x", 2.5), 0);
    assert_int_equal(oif_config_dict_add_str(dict, "rtol", "tight"), 0);

    assert_true(oif_config_dict_get_double(dict, "rtol") == 0.0);
    assert_error_mentions("key 'rtol' holds a string, not a double");
    assert_int_equal(oif_config_dict_get_int(dict, "rtol"), 0);
    assert_error_mentions("key 'rtol' holds a string, not an int");
    assert_int_equal(oif_config_dict_get_int(dict, "x"), 0);
    assert_error_mentions("key 'x' holds a double, not an int");
    assert_null(oif_config_dict_get_str(dict, "x"));
    assert_error_mentions("key 'x' holds a double, not a string");
    assert_null(oif_config_dict_get_str(dict, "n"));
    assert_error_mentions("key 'n' holds an int, not a string");
    assert_true(oif_config_dict_get_double(dict, "n") == 0.0);
    assert_error_mentions("key 'n' holds an int, not a double");
    oif_config_dict_free(dict);
}

static void test_round_trip_keeps_values_and_order(void **state)
{
    (void)state;
    enum { LONG_LENGTH = 10000 };
    char *long_text = malloc(LONG_LENGTH + 1);
    assert_non_null(long_text);
    for (size_t i = 0; i < LONG_LENGTH; i++) {
        long_text[i] = (char)('a' + i % 26);
    }
    long_text[LONG_LENGTH] = '\0';

    OIFConfigDict *dict = new_dict();
    assert_int_equal(oif_config_dict_add_str(dict, "long", long_text), 0);
    assert_int_equal(oif_config_dict_add_int(dict, "negative", -42), 0);
    assert_int_equal(oif_config_dict_add_int(dict, "int_min", INT_MIN), 0);
    assert_int_equal(oif_config_dict_add_int(dict, "int_max", INT_MAX), 0);
    assert_int_equal(oif_config_dict_add_int(dict, "zero", 0), 0);
    assert_int_equal(oif_config_dict_add_double(dict, "negative_zero", -0.0), 0);
    assert_int_equal(oif_config_dict_add_double(dict, "tiny", 1e-300), 0);
    assert_int_equal(oif_config_dict_add_double(dict, "tenth", 0.1), 0);
    assert_int_equal(oif_config_dict_add_str(dict, "empty", ""), 0);
    assert_int_equal(oif_config_dict_add_str(dict, "unicode", "Gr\u00fc\u00dfe"), 0);

    OIFConfigDict *copy = round_trip(dict);
    assert_keys(copy,
                (const char *[]){"long", "negative", "int_min", "int_max", "zero",
                                 "negative_zero", "tiny", "tenth", "empty", "unicode"},
                10);
    assert_string_equal(oif_config_dict_get_str(copy, "long"), long_text);
    assert_int_equal(oif_config_dict_get_int(copy, "negative"), -42);
    assert_int_equal(oif_config_dict_get_int(copy, "int_min"), INT_MIN);
    assert_int_equal(oif_config_dict_get_int(copy, "int_max"), INT_MAX);
    assert_int_equal(oif_config_dict_get_type(copy, "zero"), OIF_TYPE_INT);
    assert_int_equal(oif_config_dict_get_int(copy, "zero"), 0);
    double negative_zero = oif_config_dict_get_double(copy, "negative_zero");
    assert_true(negative_zero == 0.0 && signbit(negative_zero));
    assert_true(oif_config_dict_get_double(copy, "tiny") == 1e-300);
    assert_true(oif_config_dict_get_double(copy, "tenth") == 0.1);
    assert_string_equal(oif_config_dict_get_str(copy, "empty"), "");
    assert_string_equal(oif_config_dict_get_str(copy, "unicode"), "Gr\u00fc\u00dfe");
    oif_config_dict_free(copy);
    oif_config_dict_free(dict);
    free(long_text);
}

static void test_round_trip_of_hundreds_of_keys(void **state)
{
    (void)state;
    enum { KEY_COUNT = 500 };
    OIFConfigDict *dict = new_dict();
    char key[32];
    for (int i = 0; i < KEY_COUNT; i++) {
        snprintf(key, sizeof key, "key_%d", i);
        switch (i % 3) {
        case 0:
            assert_int_equal(oif_config_dict_add_int(dict, key, -i), 0);
            break;
        case 1:
            assert_int_equal(oif_config_dict_add_double(dict, key, i / 7.0), 0);
            break;
        default:
            assert_int_equal(oif_config_dict_add_str(dict, key, key), 0);
            break;
        }
    }

    OIFConfigDict *copy = round_trip(dict);
    assert_int_equal(oif_config_dict_size(copy), KEY_COUNT);
    const char **keys = oif_config_dict_get_keys(copy);
    assert_non_null(keys);
    for (int i = 0; i < KEY_COUNT; i++) {
        snprintf(key, sizeof key, "key_%d", i);
        assert_string_equal(keys[i], key);
        switch (i % 3) {
        case 0:
            assert_int_equal(oif_config_dict_get_int(copy, key), -i);
            break;
        case 1:
            assert_true(oif_config_dict_get_double(copy, key) == i / 7.0);
            break;
        default:
            assert_string_equal(oif_config_dict_get_str(copy, key), key);
            break;
        }
    }
    assert_null(keys[KEY_COUNT]);
    oif_util_free((void *)keys);
    oif_config_dict_free(copy);
    oif_config_dict_free(dict);
}

static void test_serializing_twice_gives_the_same_bytes(void **state)
{
    (void)state;
    OIFConfigDict *dict = new_dict();
    assert_int_equal(oif_config_dict_add_int(dict, "n", 12), 0);
    assert_int_equal(oif_config_dict_add_str(dict, "s", "text"), 0);

    assert_int_equal(oif_config_dict_serialize(dict), 0);
    size_t length = oif_config_dict_get_serialized_object_length(dict);
    uint8_t *first = malloc(length);
    assert_non_null(first);
    memcpy(first, oif_config_dict_get_serialized(dict), length);

    assert_int_equal(oif_config_dict_serialize(dict), 0);
    assert_int_equal(oif_config_dict_get_serialized_object_length(dict), length);
    assert_memory_equal(oif_config_dict_get_serialized(dict), first, length);

    /* Serializing again picks up later changes. */
    assert_int_equal(oif_config_dict_add_int(dict, "n", 13), 0);
    assert_int_equal(oif_config_dict_serialize(dict), 0);
    assert_memory_not_equal(oif_config_dict_get_serialized(dict), first, length);
    free(first);
    oif_config_dict_free(dict);
}

static void test_deserialize_replaces_entries(void **state)
{
    (void)state;
    OIFConfigDict *from = new_dict();
    assert_int_equal(oif_config_dict_add_int(from, "b", 2), 0);
    OIFConfigDict *to = new_dict();
    assert_int_equal(oif_config_dict_add_str(to, "a", "old"), 0);
    assert_int_equal(oif_config_dict_add_int(to, "b", 1), 0);

    assert_int_equal(oif_config_dict_serialize(from), 0);
    assert_int_equal(oif_config_dict_copy_serialization(to, from), 0);
    assert_int_equal(oif_config_dict_deserialize(to), 0);
    assert_keys(to, (const char *[]){"b"}, 1);
    assert_int_equal(oif_config_dict_get_int(to, "b"), 2);
    oif_config_dict_free(to);
    oif_config_dict_free(from);
}

/* Bytes another language's MessagePack library may send. */
static void test_decodes_foreign_encodings(void **state)
{
    (void)state;
    static const uint8_t bytes[] = {
        0xa1, 'u', 0xcf, 0, 0, 0, 0, 0, 0, 0, 5,          /* uint 64 */
        0xa1, 'm', 0xff,                                  /* negative fixint -1 */
        0xa1, 'f', 0xca, 0x3f, 0xc0, 0x00, 0x00,          /* float 32: 1.5 */
        0xd9, 1, 'k', 0xd9, 3, 'a', 'b', 'c',             /* str 8 key and value */
        0xa1, 'u', 0x07,                                  /* repeated key: replaces */
        0xa1, 'w', 0xd3, 0x80, 0, 0, 0, 0, 0, 0, 0,       /* int 64: INT64_MIN */
    };
    OIFConfigDict *dict = new_dict();
    assert_int_equal(oif_config_dict_set_serialized(dict, bytes, sizeof bytes), 0);
    assert_int_equal(oif_config_dict_deserialize(dict), 0);

    assert_keys(dict, (const char *[]){"u", "m", "f", "k", "w"}, 5);
    assert_int_equal(oif_config_dict_get_int(dict, "u"), 7);
    assert_int_equal(oif_config_dict_get_int(dict, "m"), -1);
    assert_int_equal(oif_config_dict_get_type(dict, "f"), OIF_TYPE_F64);
    assert_true(oif_config_dict_get_double(dict, "f") == 1.5);
    assert_string_equal(oif_config_dict_get_str(dict, "k"), "abc");
    assert_int_equal(oif_config_dict_get_type(dict, "w"), OIF_TYPE_INT);
    assert_int_equal(oif_config_dict_get_int(dict, "w"), 0);
    assert_error_mentions("'w'", "-9223372036854775808", "does not fit in an int");
    oif_config_dict_free(dict);
}

static void test_set_serialized_copies_the_bytes(void **state)
{
    (void)state;
    uint8_t bytes[] = {0xa1, 'n', 0x05};
    OIFConfigDict *dict = new_dict();
    assert_int_equal(oif_config_dict_set_serialized(dict, bytes, sizeof bytes), 0);
    bytes[2] = 0x06;
    assert_int_equal(oif_config_dict_get_serialized_object_length(dict), sizeof bytes);
    assert_int_equal(oif_config_dict_get_serialized(dict)[2], 0x05);
    assert_int_equal(oif_config_dict_deserialize(dict), 0);
    assert_int_equal(oif_config_dict_get_int(dict, "n"), 5);
    oif_config_dict_free(dict);
}

typedef struct {
    const char *name;
    const uint8_t *bytes;
    size_t nbytes;
    const char *expected_words[3];
} MalformedCase;

#define BYTES(...) (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__})

static void assert_rejected(const uint8_t *bytes, size_t nbytes, const char *const *expected_words,
                            const char *name)
{
    OIFConfigDict *dict = new_dict();
    assert_int_equal(oif_config_dict_add_int(dict, "stale", 1), 0);
    assert_int_equal(oif_config_dict_set_serialized(dict, bytes, nbytes), 0);
    if (oif_config_dict_deserialize(dict) == 0) {
        fail_msg("%s: accepted", name);
    }
    if (oif_config_dict_size(dict) != 0 || oif_config_dict_key_exists(dict, "stale")) {
        fail_msg("%s: entries left after the failure", name);
    }
    for (size_t w = 0; w < 3 && expected_words[w] != NULL; w++) {
        assert_error_mentions(expected_words[w]);
    }
    oif_config_dict_free(dict);
}

static void test_malformed_buffers_are_rejected(void **state)
{
    (void)state;
    const MalformedCase cases[] = {
        {"key without value", BYTES(0xa1, 'a'), {"odd number"}},
        {"int key", BYTES(0x01, 0x02), {"key number 1", "int", "not a str"}},
        {"nil value", BYTES(0xa1, 'a', 0xc0), {"'a'", "nil"}},
        {"bool value", BYTES(0xa1, 'a', 0xc3), {"'a'", "bool"}},
        {"array value", BYTES(0xa1, 'a', 0x91, 0x01), {"'a'", "array"}},
        {"map value", BYTES(0xa1, 'a', 0x81, 0xa1, 'b', 0x01), {"'a'", "map"}},
        {"bin value", BYTES(0xa1, 'a', 0xc4, 0x01, 0x00), {"'a'", "bin"}},
        {"bad pair after good one", BYTES(0xa1, 'a', 0x01, 0xa1, 'b', 0xc2), {"'b'", "bool"}},
        {"truncated value", BYTES(0xa1, 'a', 0xcb, 0x3f, 0xf0), {"truncated"}},
        {"truncated key", BYTES(0xa1, 'a', 0x01, 0xa5, 'b'), {"truncated", "byte 3"}},
        {"reserved byte", BYTES(0xa1, 'a', 0xc1), {"not valid MessagePack", "byte 2"}},
        {"integer beyond int64",
         BYTES(0xa1, 'a', 0xcf, 0x80, 0, 0, 0, 0, 0, 0, 0),
         {"'a'", "9223372036854775808", "too large"}},
        {"NUL in key", BYTES(0xa3, 'a', 0x00, 'b', 0x01), {"NUL"}},
        {"NUL in value", BYTES(0xa1, 'a', 0xa2, 'x', 0x00), {"NUL"}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_rejected(cases[i].bytes, cases[i].nbytes, cases[i].expected_words, cases[i].name);
    }
}

/* An array or map header claims up to 2^32 elements in 5 bytes; msgpack-c
 * would reserve room for all of them before finding the bytes missing, and
 * the caller would be told "out of memory" (or "truncated") instead of
 * learning that the value has a type a config dict cannot hold. */
static void test_huge_containers_are_refused_by_type(void **state)
{
    (void)state;
    const MalformedCase cases[] = {
        {"array 32 value", BYTES(0xa1, 'a', 0xdd, 0xff, 0xff, 0xff, 0xff), {"'a'", "array"}},
        {"map 32 value", BYTES(0xa1, 'a', 0xdf, 0xff, 0xff, 0xff, 0xff), {"'a'", "map"}},
        {"array 16 value", BYTES(0xa1, 'a', 0xdc, 0xff, 0xff), {"'a'", "array"}},
        {"array 32 inside an array",
         BYTES(0xa1, 'a', 0x91, 0xdd, 0xff, 0xff, 0xff, 0xff),
         {"'a'", "array"}},
        {"map 32 key",
         BYTES(0xdf, 0xff, 0xff, 0xff, 0xff, 0x01),
         {"key number 1", "map", "not a str"}},
        {"array 32 key after a good pair",
         BYTES(0xa1, 'a', 0x01, 0xdd, 0xff, 0xff, 0xff, 0xff),
         {"key number 2", "array", "not a str"}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_rejected(cases[i].bytes, cases[i].nbytes, cases[i].expected_words, cases[i].name);
    }
}

static void test_truncated_long_string_is_rejected(void **state)
{
    (void)state;
    char long_text[5000];
    memset(long_text, 'x', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    OIFConfigDict *dict = new_dict();
    assert_int_equal(oif_config_dict_add_int(dict, "n", 1), 0);
    assert_int_equal(oif_config_dict_add_str(dict, "long", long_text), 0);
    assert_int_equal(oif_config_dict_serialize(dict), 0);
    size_t length = oif_config_dict_get_serialized_object_length(dict);

    for (size_t cut = 1; cut < length; cut += 997) {
        assert_rejected(oif_config_dict_get_serialized(dict), length - cut,
                        (const char *[]){"truncated", NULL}, "truncated long string");
    }
    oif_config_dict_free(dict);
}

static void test_deserialize_without_data_fails(void **state)
{
    (void)state;
    OIFConfigDict *dict = new_dict();
    assert_int_equal(oif_config_dict_add_int(dict, "n", 1), 0);
    assert_int_not_equal(oif_config_dict_deserialize(dict), 0);
    assert_error_mentions("no serialized data");
    assert_int_equal(oif_config_dict_size(dict), 0);
    oif_config_dict_free(dict);
}

static void test_copy_serialization_needs_a_serialized_source(void **state)
{
    (void)state;
    OIFConfigDict *from = new_dict();
    OIFConfigDict *to = new_dict();
    assert_int_not_equal(oif_config_dict_copy_serialization(to, from), 0);
    assert_error_mentions("never serialized");
    assert_null(oif_config_dict_get_serialized(to));
    oif_config_dict_free(to);
    oif_config_dict_free(from);
}

static void test_null_arguments(void **state)
{
    (void)state;
    OIFConfigDict *dict = new_dict();

    assert_int_not_equal(oif_config_dict_add_int(NULL, "k", 1), 0);
    assert_error_mentions("NULL");
    assert_int_not_equal(oif_config_dict_add_double(dict, NULL, 1.0), 0);
    assert_error_mentions("key is NULL");
    assert_int_not_equal(oif_config_dict_add_str(dict, "k", NULL), 0);
    assert_error_mentions("'k'", "NULL");
    assert_int_not_equal(oif_config_dict_add_str(dict, NULL, "v"), 0);
    assert_error_mentions("key is NULL");
    assert_int_equal(oif_config_dict_size(dict), 0);

    assert_null(oif_config_dict_get_keys(NULL));
    assert_error_mentions("oif_config_dict_get_keys", "NULL");
    assert_false(oif_config_dict_key_exists(NULL, "k"));
    assert_false(oif_config_dict_key_exists(dict, NULL));
    assert_int_equal(oif_config_dict_get_type(NULL, "k"), 0);
    assert_error_mentions("oif_config_dict_get_type", "NULL");
    assert_int_equal(oif_config_dict_get_int(NULL, "k"), 0);
    assert_error_mentions("oif_config_dict_get_int", "NULL");
    assert_true(oif_config_dict_get_double(dict, NULL) == 0.0);
    assert_error_mentions("oif_config_dict_get_double", "key is NULL");
    assert_null(oif_config_dict_get_str(NULL, "k"));
    assert_error_mentions("oif_config_dict_get_str", "NULL");
    assert_int_equal(oif_config_dict_size(NULL), 0);

    assert_int_not_equal(oif_config_dict_serialize(NULL), 0);
    assert_error_mentions("oif_config_dict_serialize", "NULL");
    assert_int_not_equal(oif_config_dict_deserialize(NULL), 0);
    assert_error_mentions("oif_config_dict_deserialize", "NULL");
    assert_int_not_equal(oif_config_dict_copy_serialization(NULL, dict), 0);
    assert_error_mentions("oif_config_dict_copy_serialization", "NULL");
    assert_int_not_equal(oif_config_dict_copy_serialization(dict, NULL), 0);
    assert_error_mentions("oif_config_dict_copy_serialization", "NULL");
    assert_null(oif_config_dict_get_serialized(NULL));
    assert_int_equal(oif_config_dict_get_serialized_object_length(NULL), 0);
    assert_int_not_equal(oif_config_dict_set_serialized(NULL, (const uint8_t *)"", 0), 0);
    assert_error_mentions("oif_config_dict_set_serialized", "NULL");
    assert_int_not_equal(oif_config_dict_set_serialized(dict, NULL, 4), 0);
    assert_error_mentions("bytes are NULL");
    assert_int_equal(oif_config_dict_set_serialized(dict, NULL, 0), 0);
    assert_int_equal(oif_config_dict_deserialize(dict), 0);

    oif_config_dict_print(NULL);
    assert_error_mentions("oif_config_dict_print", "NULL");
    oif_config_dict_free(NULL);
    oif_config_dict_free(dict);
}

/* The text MaRDI Open Interfaces 0.7 printed (its own tests compare it),
 * with the entries in insertion order where 0.7's followed its hash map. */
static void test_print_as_0_7_did(void **state)
{
    (void)state;
    char printed[512];
    OIFConfigDict *dict = new_dict();
    start_capturing_stdout();
    oif_config_dict_print(dict);
    stop_capturing_stdout(printed, sizeof printed);
    assert_string_equal(printed, "Config dict has no entries\n");

    assert_int_equal(oif_config_dict_add_int(dict, "key1", 1), 0);
    assert_int_equal(oif_config_dict_add_int(dict, "key2", 42), 0);
    start_capturing_stdout();
    oif_config_dict_print(dict);
    stop_capturing_stdout(printed, sizeof printed);
    assert_string_equal(printed, "Key = 'key1', value = '1'\nKey = 'key2', value = '42'\n");

    assert_int_equal(oif_config_dict_serialize(dict), 0);
    start_capturing_stdout();
    oif_config_dict_print(dict);
    stop_capturing_stdout(printed, sizeof printed);
    assert_string_equal(printed, "Key = 'key1', value = '1'\nKey = 'key2', value = '42'\n"
                                 "Serialization\n\\xa4key1\\x01\\xa4key2*\n");
    oif_config_dict_free(dict);

    dict = new_dict();
    assert_int_equal(oif_config_dict_add_int(dict, "key1", 1), 0);
    assert_int_equal(oif_config_dict_add_double(dict, "key2", 3.14), 0);
    assert_int_equal(oif_config_dict_add_str(dict, "key3", "hello"), 0);
    assert_int_equal(oif_config_dict_serialize(dict), 0);
    start_capturing_stdout();
    oif_config_dict_print(dict);
    stop_capturing_stdout(printed, sizeof printed);
    assert_string_equal(printed, "Key = 'key1', value = '1'\nKey = 'key2', value = '3.140000'\n"
                                 "Key = 'key3', value = 'hello'\nSerialization\n"
                                 "\\xa4key1\\x01\\xa4key2\\xcb@\\x09\\x1e\\xb8Q\\xeb\\x85\\x1f"
                                 "\\xa4key3\\xa5hello\n");
    oif_config_dict_free(dict);
}

/* "%f" turns a tolerance into 0.000000: such values print in the fewest
 * digits that are exact instead. */
static void test_print_keeps_doubles_that_f_would_change(void **state)
{
    (void)state;
    OIFConfigDict *dict = new_dict();
    assert_int_equal(oif_config_dict_add_double(dict, "rtol", 1e-8), 0);
    assert_int_equal(oif_config_dict_add_double(dict, "third", 1.0 / 3), 0);
    assert_int_equal(oif_config_dict_add_double(dict, "t_end", 1e20), 0);
    assert_int_equal(oif_config_dict_add_double(dict, "h", -0.5), 0);
    assert_int_equal(oif_config_dict_add_int(dict, "n", -3), 0);
    assert_int_equal(oif_config_dict_add_str(dict, "method", "bdf"), 0);

    char printed[512];
    start_capturing_stdout();
    oif_config_dict_print(dict);
    stop_capturing_stdout(printed, sizeof printed);
    assert_string_equal(printed, "Key = 'rtol', value = '1e-08'\n"
                                 "Key = 'third', value = '0.3333333333333333'\n"
                                 "Key = 't_end', value = '100000000000000000000.000000'\n"
                                 "Key = 'h', value = '-0.500000'\n"
                                 "Key = 'n', value = '-3'\n"
                                 "Key = 'method', value = 'bdf'\n");
    oif_config_dict_free(dict);
}

/* ---- oif_config_dict_read_options ---------------------------------------- */

/* The variables an implementation reads its options into, with defaults
 * that no test gives as a value. */
typedef struct {
    int n;
    double rtol;
    const char *method;
} Options;

static const Options default_options = {-1, -1.0, "default"};

static int read_into(OIFConfigDict *config, Options *options)
{
    const OIFOption table[] = {
        {"n", OIF_TYPE_INT, &options->n},
        {"rtol", OIF_TYPE_F64, &options->rtol},
        {"method", OIF_TYPE_STRING, &options->method},
    };
    return oif_config_dict_read_options(config, table, sizeof table / sizeof table[0]);
}

static void assert_defaults_kept(const Options *options)
{
    assert_int_equal(options->n, default_options.n);
    assert_true(options->rtol == default_options.rtol);
    assert_ptr_equal(options->method, default_options.method);
}

static void test_read_options_reads_every_type(void **state)
{
    (void)state;
    OIFConfigDict *dict = new_dict();
    assert_int_equal(oif_config_dict_add_str(dict, "method", "bdf"), 0);
    assert_int_equal(oif_config_dict_add_int(dict, "n", 42), 0);
    assert_int_equal(oif_config_dict_add_double(dict, "rtol", 1e-8), 0);

    Options options = default_options;
    assert_int_equal(read_into(dict, &options), 0);
    assert_int_equal(options.n, 42);
    assert_true(options.rtol == 1e-8);
    assert_string_equal(options.method, "bdf");
    assert_ptr_equal(options.method, oif_config_dict_get_str(dict, "method")); /* borrowed */
    oif_config_dict_free(dict);
}

static void test_read_options_keeps_what_is_not_given(void **state)
{
    (void)state;
    OIFConfigDict *dict = new_dict();
    assert_int_equal(oif_config_dict_add_int(dict, "n", 3), 0);
    Options options = default_options;
    assert_int_equal(read_into(dict, &options), 0);
    assert_int_equal(options.n, 3);
    assert_true(options.rtol == default_options.rtol);
    assert_ptr_equal(options.method, default_options.method);
    oif_config_dict_free(dict);

    dict = new_dict();
    options = default_options;
    assert_int_equal(read_into(dict, &options), 0);
    assert_defaults_kept(&options);
    oif_config_dict_free(dict);
}

static void test_read_options_takes_an_int_for_a_double(void **state)
{
    (void)state;
    OIFConfigDict *dict = new_dict();
    assert_int_equal(oif_config_dict_add_int(dict, "rtol", -7), 0);
    Options options = default_options;
    assert_int_equal(read_into(dict, &options), 0);
    assert_true(options.rtol == -7.0);
    oif_config_dict_free(dict);
}

/* Reading `dict` must fail, change no variable and explain itself. */
#define assert_read_fails(dict, ...)                                                               \
    do {                                                                                           \
        Options options_ = default_options;                                                        \
        assert_int_not_equal(read_into((dict), &options_), 0);                                     \
        assert_defaults_kept(&options_);                                                           \
        assert_error_mentions(__VA_ARGS__);                                                        \
    } while (0)

static void test_read_options_refuses_a_double_for_an_int(void **state)
{
    (void)state;
    OIFConfigDict *dict = new_dict();
    assert_int_equal(oif_config_dict_add_double(dict, "n", 2.0), 0);
    assert_read_fails(dict, "option 'n' must be an int, got a float");
    oif_config_dict_free(dict);
}

static void test_read_options_refuses_an_unknown_key_listing_the_valid_ones(void **state)
{
    (void)state;
    OIFConfigDict *dict = new_dict();
    assert_int_equal(oif_config_dict_add_int(dict, "max_steps", 10), 0);
    assert_read_fails(dict, "unknown option 'max_steps'",
                      "valid options: n (int), rtol (float), method (string)");
    oif_config_dict_free(dict);

    dict = new_dict();
    assert_int_equal(oif_config_dict_add_int(dict, "n", 1), 0);
    assert_int_not_equal(oif_config_dict_read_options(dict, NULL, 0), 0);
    assert_error_mentions("unknown option 'n'", "valid options: none");
    oif_config_dict_free(dict);
}

static void test_read_options_refuses_a_wrong_type_naming_both_types(void **state)
{
    (void)state;
    const struct {
        const char *key;
        int type;
        const char *expected;
    } cases[] = {
        {"rtol", OIF_TYPE_STRING, "option 'rtol' must be a float, got a string"},
        {"n", OIF_TYPE_STRING, "option 'n' must be an int, got a string"},
        {"method", OIF_TYPE_INT, "option 'method' must be a string, got an int"},
        {"method", OIF_TYPE_F64, "option 'method' must be a string, got a float"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        OIFConfigDict *dict = new_dict();
        switch (cases[i].type) {
        case OIF_TYPE_INT:
            assert_int_equal(oif_config_dict_add_int(dict, cases[i].key, 1), 0);
            break;
        case OIF_TYPE_F64:
            assert_int_equal(oif_config_dict_add_double(dict, cases[i].key, 1.5), 0);
            break;
        default:
            assert_int_equal(oif_config_dict_add_str(dict, cases[i].key, "text"), 0);
            break;
        }
        assert_read_fails(dict, cases[i].expected, "n (int), rtol (float), method (string)");
        oif_config_dict_free(dict);
    }
}

/* All or nothing: valid entries before the bad one are not read either. */
static void test_read_options_changes_nothing_on_an_error(void **state)
{
    (void)state;
    OIFConfigDict *dict = new_dict();
    assert_int_equal(oif_config_dict_add_int(dict, "n", 5), 0);
    assert_int_equal(oif_config_dict_add_double(dict, "rtol", 1e-3), 0);
    assert_int_equal(oif_config_dict_add_str(dict, "method", "adams"), 0);
    assert_int_equal(oif_config_dict_add_int(dict, "bogus", 1), 0);
    assert_read_fails(dict, "'bogus'");
    oif_config_dict_free(dict);

    dict = new_dict();
    assert_int_equal(oif_config_dict_add_int(dict, "n", 5), 0);
    assert_int_equal(oif_config_dict_add_str(dict, "method", "adams"), 0);
    assert_int_equal(oif_config_dict_add_str(dict, "rtol", "tight"), 0);
    assert_read_fails(dict, "'rtol'", "a string");
    oif_config_dict_free(dict);
}

static void test_read_options_of_null_config_reads_nothing(void **state)
{
    (void)state;
    Options options = default_options;
    assert_int_equal(read_into(NULL, &options), 0);
    assert_defaults_kept(&options);
}

/* Another language's ints are 64-bit: one beyond int must not be cut. */
static void test_read_options_refuses_a_foreign_int_beyond_int(void **state)
{
    (void)state;
    static const uint8_t bytes[] = {
        0xa6, 'm', 'e', 't', 'h', 'o', 'd', 0xa3, 'b', 'd', 'f', /* read before "n" fails */
        0xa1, 'n', 0xd3, 0, 0, 1, 0, 0, 0, 0, 0,                 /* int 64: 2^40 */
    };
    OIFConfigDict *dict = new_dict();
    assert_int_equal(oif_config_dict_set_serialized(dict, bytes, sizeof bytes), 0);
    assert_int_equal(oif_config_dict_deserialize(dict), 0);
    assert_read_fails(dict, "'n'", "1099511627776", "does not fit in an int",
                      "n (int), rtol (float), method (string)");
    oif_config_dict_free(dict);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_dict),
        cmocka_unit_test(test_add_and_get),
        cmocka_unit_test(test_replacing_keeps_position),
        cmocka_unit_test(test_missing_key_for_every_getter),
        cmocka_unit_test(test_wrong_type_for_every_getter),
        cmocka_unit_test(test_round_trip_keeps_values_and_order),
        cmocka_unit_test(test_round_trip_of_hundreds_of_keys),
        cmocka_unit_test(test_serializing_twice_gives_the_same_bytes),
        cmocka_unit_test(test_deserialize_replaces_entries),
        cmocka_unit_test(test_decodes_foreign_encodings),
        cmocka_unit_test(test_set_serialized_copies_the_bytes),
        cmocka_unit_test(test_malformed_buffers_are_rejected),
        cmocka_unit_test(test_huge_containers_are_refused_by_type),
        cmocka_unit_test(test_truncated_long_string_is_rejected),
        cmocka_unit_test(test_deserialize_without_data_fails),
        cmocka_unit_test(test_copy_serialization_needs_a_serialized_source),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_print_as_0_7_did),
        cmocka_unit_test(test_print_keeps_doubles_that_f_would_change),
        cmocka_unit_test(test_read_options_reads_every_type),
        cmocka_unit_test(test_read_options_keeps_what_is_not_given),
        cmocka_unit_test(test_read_options_takes_an_int_for_a_double),
        cmocka_unit_test(test_read_options_refuses_a_double_for_an_int),
        cmocka_unit_test(test_read_options_refuses_an_unknown_key_listing_the_valid_ones),
        cmocka_unit_test(test_read_options_refuses_a_wrong_type_naming_both_types),
        cmocka_unit_test(test_read_options_changes_nothing_on_an_error),
        cmocka_unit_test(test_read_options_of_null_config_reads_nothing),
        cmocka_unit_test(test_read_options_refuses_a_foreign_int_beyond_int),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
