/* validate.h — checks on input values and a declarative check of JSON objects.
 *
 * Nothing here allocates except kz_validate_object(), which adds field errors to the
 * caller's kz_error (owned there). All reasons are static zh-CN strings. */
#ifndef KZ_VALIDATE_H
#define KZ_VALIDATE_H
#include "errors.h"
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* true when s[0..n) is well-formed UTF-8 (no overlongs, surrogates or code points > U+10FFFF). */
bool kz_utf8_valid(const char *s, size_t n);
/* Number of code points in a valid UTF-8 string. */
size_t kz_utf8_len(const char *s);
/* true when s has a C0 control character other than tab, CR and LF (or DEL). */
bool kz_has_control(const char *s);

/* 统一社会信用代码 (GB 32100-2015): 18 characters from the 31-character set, with the
 * check character at position 18. */
bool kz_credit_code_valid(const char *s);
/* The check character for the first 17 characters, or 0 when one is outside the set. */
char kz_credit_code_check_char(const char *first17);

/* A calendar date "YYYY-MM-DD" (proleptic Gregorian, years 1900–9999). */
bool kz_date_valid(const char *s);
/* Days since 1970-01-01 of a valid date (negative before): for differences of dates. */
long long kz_date_days(const char *s);

/* Usernames: 3–32 of [A-Za-z0-9_.-], starting with a letter or digit. */
bool kz_username_valid(const char *s);

/* KZ_F_ARRAY: any JSON array of at most max_items; its items are left to the field's check. */
typedef enum { KZ_F_STRING, KZ_F_INT, KZ_F_BOOL, KZ_F_STRING_LIST, KZ_F_ARRAY } kz_ftype;

struct kz_enum; /* a closed vocabulary (domain/enums.h); only described here, never read */

typedef struct kz_field {
    const char *name;
    kz_ftype type;
    bool required;      /* on create; ignored for a partial (PATCH) check */
    bool nullable;      /* JSON null accepted (clears the value) */
    int min_len;        /* code points, for strings and list items */
    int max_len;        /* code points, for strings and list items; 0: 200 */
    int max_items;      /* lists; 0: 50 */
    long long min, max; /* integers, when min < max */
    /* Further check on a present, well-typed, non-null value: NULL if fine, else the reason. */
    const char *(*check)(const json_t *v);
    /* Description only (the API contract, forms): the closed vocabulary whose codes the value
     * (or each item) takes — its check enforces it —, the string format ("date"), a zh-CN
     * note and the field's zh-CN name. */
    const struct kz_enum *vocab;
    const char *format;
    const char *doc;
    const char *label; /* zh-CN name of the field, as forms show it */
} kz_field;

/* Checks obj against spec (terminated by a {NULL} entry): unknown fields, required fields
 * (unless partial), types, lengths, ranges, control characters and each field's check.
 * Adds one error per bad field to e; returns true when there was none. */
bool kz_validate_object(const json_t *obj, const kz_field *spec, bool partial, kz_error *e);
/* A kz_field.check for a KZ_F_ARRAY of objects whose members the kind checks itself: every item
 * an object. */
const char *kz_check_object_list(const json_t *v);
/* The same, passing over the member named except (NULL: none) as if it were absent. */
bool kz_validate_object_except(const json_t *obj, const kz_field *spec, bool partial,
                               const char *except, kz_error *e);

#endif
