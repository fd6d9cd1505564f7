/* jsonx.h — strict parsing of request bodies and JSON helpers.
 *
 * Ownership: *out from kz_json_parse_body() is a new reference the caller must json_decref();
 * the text from kz_json_dump() is the caller's to free(). */
#ifndef KZ_JSONX_H
#define KZ_JSONX_H
#include "errors.h"
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define KZ_JSON_MAX_DEPTH 16

/* Nesting depth of a JSON text, counting [ and { outside strings. */
int kz_json_depth(const char *buf, size_t n);

/* Parses a request body that must be one JSON object: rejects malformed JSON, duplicate keys,
 * NUL characters and nesting deeper than KZ_JSON_MAX_DEPTH (400 bad_json); a string with
 * invalid UTF-8 is a 422 naming the field(s) that hold it; a non-object is a 422 on "body". */
kz_err kz_json_parse_body(const char *buf, size_t n, json_t **out, kz_error *e);

/* A string member or NULL when absent/not a string. Borrowed from obj. */
const char *kz_json_str(const json_t *obj, const char *key);

/* The text json_dumps(v, JSON_COMPACT), or with sorted keys json_dumps(v, JSON_COMPACT |
 * JSON_SORT_KEYS), byte for byte (an object or an array; NULL for NULL), made several times
 * faster: strings are copied in runs rather than character by character through a callback.
 * (Audit hashes and revisions are made of these texts: tests/unit/test_jsonx.c holds them
 * equal to jansson's.) */
char *kz_json_dump(const json_t *v, bool sorted);

/* json_loadb(s, n, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, err), value for value, made
 * several times faster for the usual line of a JSONL file: a parser of its own takes what it
 * is sure of (objects, arrays, strings and their escapes, integers, literals) and leaves
 * anything else — every error, real numbers, \u0000, deep nesting — to jansson, which then
 * parses the whole text (and fills err). s must be valid UTF-8 (kz_utf8_valid). A new
 * reference, or NULL (err says why). (tests/unit/test_jsonx.c holds it equal to jansson's.) */
json_t *kz_json_load_line(const char *s, size_t n, json_error_t *err);

#endif
