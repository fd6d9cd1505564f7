#include "jsonx.h"
#include "validate.h"
#include <stdlib.h>
#include <string.h>

int kz_json_depth(const char *buf, size_t n)
{
    int depth = 0, max = 0;
    bool in_str = false;
    for (size_t i = 0; i < n; i++) {
        char c = buf[i];
        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = false;
        } else if (c == '"') {
            in_str = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max) max = depth;
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    return max;
}

/* Replaces each invalid UTF-8 byte with the 3-byte character `rep` so the text can be parsed
 * to find the fields that held the bad bytes. Returns a malloc'd copy (caller frees). */
static char *sanitize_utf8(const char *s, size_t n, const char *rep, size_t *outn)
{
    char *o = malloc(n * 3 + 1);
    if (!o) return NULL;
    size_t j = 0;
    for (size_t i = 0; i < n;) {
        size_t k;
        for (k = 1; k <= 4 && i + k <= n; k++)
            if (kz_utf8_valid(s + i, k)) break;
        if (k <= 4 && i + k <= n) {
            memcpy(o + j, s + i, k);
            j += k;
            i += k;
        } else {
            memcpy(o + j, rep, 3);
            j += 3;
            i++;
        }
    }
    *outn = j;
    return o;
}

/* Names the top-level fields whose values differ between two sanitized parses: exactly
 * those that held invalid bytes (a genuine U+FFFD in the input is the same in both). */
static void mark_bad_utf8(const json_t *a, const json_t *b, kz_error *e)
{
    if (!json_is_object(a) || !json_is_object(b)) {
        kz_field_error(e, "body", "包含无效的 UTF-8 字符");
        return;
    }
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)a, k, v) if (!json_equal(v, json_object_get(b, k)))
        kz_field_error(e, k, "包含无效的 UTF-8 字符");
}

kz_err kz_json_parse_body(const char *buf, size_t n, json_t **out, kz_error *e)
{
    *out = NULL;
    if (n == 0) return kz_fail(e, KZ_E_BAD_JSON, "请求体为空，需要一个 JSON 对象");
    if (kz_json_depth(buf, n) > KZ_JSON_MAX_DEPTH)
        return kz_fail(e, KZ_E_BAD_JSON, "JSON 嵌套层级过深");
    json_error_t err;
    const size_t flags = JSON_REJECT_DUPLICATES | JSON_DECODE_ANY;
    json_t *root = json_loadb(buf, n, flags, &err);
    if (!root) {
        if (json_error_code(&err) == json_error_invalid_utf8) {
            size_t n1, n2;
            char *c1 = sanitize_utf8(buf, n, "\xEF\xBF\xBD", &n1); /* U+FFFD */
            char *c2 = sanitize_utf8(buf, n, "\xEF\xBF\xBC", &n2); /* U+FFFC */
            json_t *a = c1 ? json_loadb(c1, n1, flags, &err) : NULL;
            json_t *b = c2 ? json_loadb(c2, n2, flags, &err) : NULL;
            free(c1);
            free(c2);
            if (a && b) mark_bad_utf8(a, b, e);
            json_decref(a);
            json_decref(b);
            if (e->code == KZ_E_VALIDATION) return KZ_E_VALIDATION;
            return kz_fail(e, KZ_E_BAD_JSON, "请求体包含无效的 UTF-8 字符");
        }
        if (json_error_code(&err) == json_error_duplicate_key)
            return kz_fail(e, KZ_E_BAD_JSON, "JSON 对象中有重复的字段");
        return kz_fail(e, KZ_E_BAD_JSON, NULL);
    }
    if (!json_is_object(root)) {
        json_decref(root);
        kz_field_error(e, "body", "应为 JSON 对象");
        return KZ_E_VALIDATION;
    }
    *out = root;
    return KZ_OK;
}

const char *kz_json_str(const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}
