/*
 * A dictionary of named options (ints, doubles and strings) passed to an
 * implementation, e.g. the options of an integrator.  Keys keep insertion
 * order; adding an existing key replaces its value.  It crosses languages in
 * a serialized form: MessagePack objects, keys and values alternating, with
 * no map header.
 *
 * Getters never exit: a missing key or a value of another type returns 0,
 * 0.0 or NULL and records the reason in oif_last_error().
 */
#ifndef OIF_CONFIG_DICT_H
#define OIF_CONFIG_DICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <oif/api.h>
#include <oif/export.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Opaque.  The tag is MaRDI Open Interfaces 0.7's, so that code naming the
 * type `struct oif_config_dict_t` compiles too. */
typedef struct oif_config_dict_t OIFConfigDict;

/* One value and its type (OIF_TYPE_INT, OIF_TYPE_F64 or OIF_TYPE_STRING), as
 * 0.7 declared it for the entries of its dictionaries.  No function here
 * takes or returns one: it is declared for code written for 0.7 that names
 * the type. */
typedef struct oif_config_entry_t {
    OIFArgType type;
    void *value;
} OIFConfigEntry;

/* An empty dictionary, or NULL if memory runs out. */
OIF_API OIFConfigDict *oif_config_dict_init(void);

/* Frees a dictionary and everything it holds; NULL is a no-op. */
OIF_API void oif_config_dict_free(OIFConfigDict *dict);

/* Releases a value a method returned (a return argument of OIFArgs) of
 * argument type `type`: a config dict with oif_config_dict_free(), any other
 * (an int32_t, a string) with oif_util_free(); NULL is a no-op. */
OIF_API void oif_free_returned(int type, void *value);

/* Add or replace an entry; the key and string value are copied.
 * 0 on success, non-zero for a NULL argument or out of memory. */
OIF_API int oif_config_dict_add_int(OIFConfigDict *dict, const char *key, int value);
OIF_API int oif_config_dict_add_double(OIFConfigDict *dict, const char *key, double value);
OIF_API int oif_config_dict_add_str(OIFConfigDict *dict, const char *key, const char *value);

/* The keys in insertion order, NULL-terminated.  The keys are borrowed from
 * the dictionary; the array is freed by the caller with oif_util_free(). */
OIF_API const char **oif_config_dict_get_keys(OIFConfigDict *dict);

OIF_API bool oif_config_dict_key_exists(OIFConfigDict *dict, const char *key);

/* OIF_TYPE_INT, OIF_TYPE_F64 or OIF_TYPE_STRING for an existing key, else 0. */
OIF_API int oif_config_dict_get_type(OIFConfigDict *dict, const char *key);

OIF_API int oif_config_dict_get_int(OIFConfigDict *dict, const char *key);
OIF_API double oif_config_dict_get_double(OIFConfigDict *dict, const char *key);
/* Borrowed from the dictionary, valid until the entry changes. */
OIF_API const char *oif_config_dict_get_str(OIFConfigDict *dict, const char *key);

/* Number of entries. */
OIF_API size_t oif_config_dict_size(OIFConfigDict *dict);

/* Writes the entries to the dictionary's serialized buffer (again if called
 * again).  0 on success. */
OIF_API int oif_config_dict_serialize(OIFConfigDict *dict);

/* Replaces the entries with those decoded from the serialized buffer.
 * 0 on success; on malformed input non-zero, and the entries are empty. */
OIF_API int oif_config_dict_deserialize(OIFConfigDict *dict);

/* Copies `from`'s serialized buffer into `to` (then deserialize `to`).
 * 0 on success; non-zero if `from` was never serialized. */
OIF_API int oif_config_dict_copy_serialization(OIFConfigDict *to, const OIFConfigDict *from);

/* A new dictionary with `src`'s entries, in order, and their serialized
 * form.  Only reads `src`, so threads may copy one dictionary at the same
 * time.  NULL with the reason recorded if memory runs out. */
OIF_API OIFConfigDict *oif_config_dict_copy(const OIFConfigDict *src);

/*
 * Prints the entries to stdout as MaRDI Open Interfaces 0.7 did, in
 * insertion order: one line `Key = '<key>', value = '<value>'` per entry
 * (an int as %d; a double as %f when that reads back as the same value, else
 * in the fewest digits that do; a string as it is), or `Config dict has no
 * entries`; then, once serialized, `Serialization` and a line of the
 * serialized bytes, printable ones as they are and others as \xNN.
 */
OIF_API void oif_config_dict_print(OIFConfigDict *dict);

/* The serialized buffer and its length (NULL and 0 before serializing). */
OIF_API const uint8_t *oif_config_dict_get_serialized(OIFConfigDict *dict);
OIF_API size_t oif_config_dict_get_serialized_object_length(OIFConfigDict *dict);

/* Replaces the serialized buffer with a copy of `nbytes` bytes at `bytes`,
 * as received from another language; deserialize afterwards.  0 on success. */
OIF_API int oif_config_dict_set_serialized(OIFConfigDict *dict, const uint8_t *bytes,
                                           size_t nbytes);

/* One option an implementation accepts, for oif_config_dict_read_options(). */
typedef struct {
    const char *key;
    int type;    /* OIF_TYPE_INT, OIF_TYPE_F64 or OIF_TYPE_STRING */
    void *value; /* an int *, double * or const char ** to write the value to */
} OIFOption;

/*
 * Reads the options in `config` (NULL means none) into the variables that
 * `options` names; variables of options not given keep their values, so set
 * defaults first.  A double option also takes an int.  String values are
 * borrowed from `config`.  Returns 0; or non-zero, changing no variable,
 * when a key is unknown or a value has the wrong type, with a message that
 * names the key and lists the valid ones.
 */
OIF_API int oif_config_dict_read_options(OIFConfigDict *config, const OIFOption *options,
                                         size_t count);

#ifdef __cplusplus
}
#endif

#endif /* OIF_CONFIG_DICT_H */
