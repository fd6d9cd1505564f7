/* jsonx.h — strict parsing of request bodies and JSON helpers.
 *
 * Ownership: *out from kz_json_parse_body() is a new reference the caller must json_decref(). */
#ifndef KZ_JSONX_H
#define KZ_JSONX_H
#include "errors.h"
#include <jansson.h>
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

#endif
