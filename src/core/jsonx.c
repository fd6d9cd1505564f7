#include "jsonx.h"
#include "validate.h"
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
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

/* ---- kz_json_dump ---- */

typedef struct jbuf {
    char *p;
    size_t n, cap;
} jbuf;

static void put(jbuf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (b->n + n + 1 > cap)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) abort();
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

/* Whether any of the eight bytes of w is below 0x20, '"' or '\\' (exact: the classic
 * has-less and has-zero bit tricks). */
static inline bool needs_escape8(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint64_t q = w ^ (ones * '"'), bs = w ^ (ones * '\\');
    uint64_t any = ((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((bs - ones) & ~bs);
    return (any & highs) != 0;
}

/* As jansson's dump_string without JSON_ENSURE_ASCII or JSON_ESCAPE_SLASH: ", \ and control
 * characters escaped, everything else (valid UTF-8: jansson's strings are) as it is. */
static void put_string(jbuf *b, const char *s, size_t len)
{
    put(b, "\"", 1);
    const char *run = s;
    for (size_t i = 0; i < len; i++) {
        /* eight bytes at a time while none is to be escaped */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (!needs_escape8(w)) {
                i += 8;
                continue;
            }
            break;
        }
        if (i >= len) break;
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        put(b, run, (size_t)(s + i - run));
        char seq[8];
        const char *t = seq;
        switch (c) {
        case '\\': t = "\\\\"; break;
        case '"': t = "\\\""; break;
        case '\b': t = "\\b"; break;
        case '\f': t = "\\f"; break;
        case '\n': t = "\\n"; break;
        case '\r': t = "\\r"; break;
        case '\t': t = "\\t"; break;
        default: snprintf(seq, sizeof seq, "\\u%04X", (unsigned)c);
        }
        put(b, t, strlen(t));
        run = s + i + 1;
    }
    put(b, run, (size_t)(s + len - run));
    put(b, "\"", 1);
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool put_value(jbuf *b, const json_t *v, bool sorted)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        size_t n = json_object_size(v), i = 0;
        const char *stack[64], **keys = n <= 64 ? stack : malloc(n * sizeof *keys);
        if (!keys) abort();
        const char *k;
        json_t *x;
        json_object_foreach((json_t *)v, k, x) keys[i++] = k;
        if (sorted) qsort(keys, n, sizeof *keys, cmp_key);
        bool ok = true;
        put(b, "{", 1);
        for (i = 0; ok && i < n; i++) {
            if (i) put(b, ",", 1);
            put_string(b, keys[i], strlen(keys[i]));
            put(b, ":", 1);
            ok = put_value(b, json_object_get(v, keys[i]), sorted);
        }
        put(b, "}", 1);
        if (keys != stack) free(keys);
        return ok;
    }
    case JSON_ARRAY:
        put(b, "[", 1);
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i) put(b, ",", 1);
            if (!put_value(b, json_array_get(v, i), sorted)) return false;
        }
        put(b, "]", 1);
        return true;
    case JSON_STRING: put_string(b, json_string_value(v), json_string_length(v)); return true;
    case JSON_INTEGER: {
        char num[32];
        int w = snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        put(b, num, (size_t)w);
        return true;
    }
    case JSON_TRUE: put(b, "true", 4); return true;
    case JSON_FALSE: put(b, "false", 5); return true;
    case JSON_NULL: put(b, "null", 4); return true;
    default: { /* a real: jansson's own way of writing it */
        char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        if (!s) return false;
        put(b, s, strlen(s));
        free(s);
        return true;
    }
    }
}

char *kz_json_dump(const json_t *v, bool sorted)
{
    if (!v || !(json_is_object(v) || json_is_array(v))) return NULL;
    jbuf b = {0};
    if (!put_value(&b, v, sorted)) {
        free(b.p);
        return NULL;
    }
    b.p[b.n] = 0;
    return b.p;
}

/* ---- kz_json_load_line ---- */

typedef struct fast {
    const char *p, *e;
    int depth;
    char *buf; /* a string's text when it has escapes */
    size_t cap;
} fast;

#define FAST_MAX_DEPTH 64

static void fast_ws(fast *f)
{
    while (f->p < f->e && (*f->p == ' ' || *f->p == '\t' || *f->p == '\n' || *f->p == '\r'))
        f->p++;
}

static int hex4(const char *p)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    return v;
}

/* A string at f->p (its opening quote): its text in *out (the input itself, or f->buf), its
 * length in *len. false: something left to jansson. */
static bool fast_string(fast *f, const char **out, size_t *len)
{
    const char *s = ++f->p, *q = s;
    while (q < f->e && *q != '"' && *q != '\\' && (unsigned char)*q >= 0x20)
        q++;
    if (q >= f->e || (unsigned char)*q < 0x20) return false;
    if (*q == '"') { /* no escapes: the input's own bytes */
        *out = s;
        *len = (size_t)(q - s);
        f->p = q + 1;
        return true;
    }
    size_t n = 0;
    for (q = s; q < f->e && *q != '"'; q++) {
        if (n + 4 > f->cap) {
            f->cap = f->cap ? f->cap * 2 : 256;
            f->buf = realloc(f->buf, f->cap);
            if (!f->buf) abort();
        }
        unsigned char c = (unsigned char)*q;
        if (c < 0x20) return false;
        if (c != '\\') {
            f->buf[n++] = (char)c;
            continue;
        }
        if (++q >= f->e) return false;
        switch (*q) {
        case '"': f->buf[n++] = '"'; break;
        case '\\': f->buf[n++] = '\\'; break;
        case '/': f->buf[n++] = '/'; break;
        case 'b': f->buf[n++] = '\b'; break;
        case 'f': f->buf[n++] = '\f'; break;
        case 'n': f->buf[n++] = '\n'; break;
        case 'r': f->buf[n++] = '\r'; break;
        case 't': f->buf[n++] = '\t'; break;
        case 'u': {
            if (f->e - q < 5) return false;
            long cp = hex4(q + 1);
            q += 4;
            if (cp <= 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) return false;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (f->e - q < 7 || q[1] != '\\' || q[2] != 'u') return false;
                long lo = hex4(q + 3);
                if (lo < 0xDC00 || lo > 0xDFFF) return false;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                q += 6;
            }
            if (cp < 0x80) {
                f->buf[n++] = (char)cp;
            } else if (cp < 0x800) {
                f->buf[n++] = (char)(0xC0 | (cp >> 6));
                f->buf[n++] = (char)(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                f->buf[n++] = (char)(0xE0 | (cp >> 12));
                f->buf[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                f->buf[n++] = (char)(0x80 | (cp & 0x3F));
            } else {
                f->buf[n++] = (char)(0xF0 | (cp >> 18));
                f->buf[n++] = (char)(0x80 | ((cp >> 12) & 0x3F));
                f->buf[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                f->buf[n++] = (char)(0x80 | (cp & 0x3F));
            }
            break;
        }
        default: return false;
        }
    }
    if (q >= f->e) return false;
    *out = f->buf;
    *len = n;
    f->p = q + 1;
    return true;
}

static json_t *fast_value(fast *f);

static json_t *fast_object(fast *f)
{
    json_t *o = json_object();
    f->p++;
    fast_ws(f);
    if (f->p < f->e && *f->p == '}') {
        f->p++;
        return o;
    }
    for (;;) {
        const char *k;
        size_t kn;
        char *copy = NULL; /* the key, when it was unescaped into f->buf (reused by the value) */
        if (f->p >= f->e || *f->p != '"' || !fast_string(f, &k, &kn)) break;
        if (k == f->buf) {
            copy = malloc(kn ? kn : 1);
            if (!copy) abort();
            memcpy(copy, k, kn);
            k = copy;
        }
        json_t *v = NULL;
        fast_ws(f);
        if (!json_object_getn(o, k, kn) && f->p < f->e &&
            *f->p == ':') { /* (a duplicate: jansson) */
            f->p++;
            v = fast_value(f);
        }
        bool ok = v && !json_object_setn_new_nocheck(o, k, kn, v);
        free(copy);
        if (!ok) break;
        fast_ws(f);
        if (f->p < f->e && *f->p == ',') {
            f->p++;
            fast_ws(f);
            continue;
        }
        if (f->p < f->e && *f->p == '}') {
            f->p++;
            return o;
        }
        break;
    }
    json_decref(o);
    return NULL;
}

static json_t *fast_array(fast *f)
{
    json_t *a = json_array();
    f->p++;
    fast_ws(f);
    if (f->p < f->e && *f->p == ']') {
        f->p++;
        return a;
    }
    for (;;) {
        json_t *v = fast_value(f);
        if (!v || json_array_append_new(a, v)) break;
        fast_ws(f);
        if (f->p < f->e && *f->p == ',') {
            f->p++;
            continue;
        }
        if (f->p < f->e && *f->p == ']') {
            f->p++;
            return a;
        }
        break;
    }
    json_decref(a);
    return NULL;
}

/* An integer as jansson reads it (-?(0|[1-9][0-9]*), in json_int_t's range); anything else
 * (a real number, a leading zero, too many digits) is left to jansson. */
static json_t *fast_integer(fast *f)
{
    const char *q = f->p;
    bool neg = q < f->e && *q == '-';
    if (neg) q++;
    const char *d = q;
    while (q < f->e && *q >= '0' && *q <= '9')
        q++;
    size_t nd = (size_t)(q - d);
    if (!nd || nd > 18 || (nd > 1 && *d == '0')) return NULL;
    if (q < f->e && (*q == '.' || *q == 'e' || *q == 'E')) return NULL;
    json_int_t v = 0;
    for (const char *c = d; c < q; c++)
        v = v * 10 + (*c - '0');
    f->p = q;
    return json_integer(neg ? -v : v);
}

static json_t *fast_literal(fast *f, const char *word, size_t n, json_t *v)
{
    if ((size_t)(f->e - f->p) < n || memcmp(f->p, word, n)) return NULL;
    f->p += n;
    return v;
}

static json_t *fast_value(fast *f)
{
    fast_ws(f);
    if (f->p >= f->e) return NULL;
    switch (*f->p) {
    case '{':
    case '[': {
        if (++f->depth > FAST_MAX_DEPTH) return NULL;
        json_t *v = *f->p == '{' ? fast_object(f) : fast_array(f);
        f->depth--;
        return v;
    }
    case '"': {
        const char *s;
        size_t n;
        return fast_string(f, &s, &n) ? json_stringn_nocheck(s, n) : NULL;
    }
    case 't': return fast_literal(f, "true", 4, json_true());
    case 'f': return fast_literal(f, "false", 5, json_false());
    case 'n': return fast_literal(f, "null", 4, json_null());
    default: return fast_integer(f);
    }
}

json_t *kz_json_load_line(const char *s, size_t n, json_error_t *err)
{
    fast f = {.p = s, .e = s + n};
    json_t *v = fast_value(&f);
    fast_ws(&f);
    free(f.buf);
    if (v && f.p == f.e) return v;
    json_decref(v);
    return json_loadb(s, n, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, err);
}
