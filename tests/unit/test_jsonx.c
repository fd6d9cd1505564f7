/* test_jsonx.c — strict request-body parsing and kz_json_dump (src/core/jsonx.c). */
#include "unit.h"
#include "core/jsonx.h"

/* Parses a literal body (its sizeof - 1 bytes, so embedded NULs count). */
#define PARSE(lit, out, e) kz_json_parse_body((lit), sizeof(lit) - 1, (out), (e))

/* A body nested depth deep: {"a":{"a":…{}…}} — depth objects in all. */
static char *nested(int depth)
{
    size_t cap = (size_t)depth * 8 + 8, n = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    for (int i = 0; i < depth; i++) {
        if (i) n += (size_t)sprintf(s + n, "\"a\":");
        s[n++] = '{';
    }
    for (int i = 0; i < depth; i++)
        s[n++] = '}';
    s[n] = 0;
    return s;
}

static void depth_counts_brackets_outside_strings(void **state)
{
    (void)state;
    assert_int_equal(kz_json_depth("", 0), 0);
    assert_int_equal(kz_json_depth("1", 1), 0);
    assert_int_equal(kz_json_depth("{}", 2), 1);
    assert_int_equal(kz_json_depth("[]", 2), 1);
    assert_int_equal(kz_json_depth("[[],[[]]]", 9), 3);
    assert_int_equal(kz_json_depth("{\"a\":[{\"b\":[]}],\"c\":{}}", 23), 4);
    const char *s = "{\"a\":\"{{[[\"}";
    assert_int_equal(kz_json_depth(s, strlen(s)), 1);
    s = "{\"a\":\"\\\"{{[[\"}"; /* an escaped quote does not end the string */
    assert_int_equal(kz_json_depth(s, strlen(s)), 1);
    s = "{\"a\\\\\":[[]]}"; /* an escaped backslash does end it */
    assert_int_equal(kz_json_depth(s, strlen(s)), 3);
    assert_int_equal(kz_json_depth("{{{{", 2), 2); /* only n bytes are read */
    char *d = nested(40);
    assert_int_equal(kz_json_depth(d, strlen(d)), 40);
    free(d);
}

static void valid_object(void **state)
{
    (void)state;
    kz_error e = {0};
    json_t *o = NULL;
    assert_int_equal(PARSE("{\"name\":\"四川大学\",\"n\":1,\"l\":[1,{\"x\":null}]}", &o, &e),
                     KZ_OK);
    assert_non_null(o);
    assert_true(json_is_object(o));
    assert_string_equal(kz_json_str(o, "name"), "四川大学");
    assert_null(kz_json_str(o, "n"));       /* not a string */
    assert_null(kz_json_str(o, "missing")); /* absent */
    assert_int_equal(e.code, KZ_OK);
    assert_null(e.fields);
    json_decref(o);
    assert_int_equal(PARSE(" \n{}\n ", &o, &e), KZ_OK);
    assert_int_equal(json_object_size(o), 0);
    json_decref(o);
}

static void empty_body(void **state)
{
    (void)state;
    kz_error e = {0};
    json_t *o = (json_t *)1;
    assert_int_equal(kz_json_parse_body("", 0, &o, &e), KZ_E_BAD_JSON);
    assert_null(o);
    assert_int_equal(e.code, KZ_E_BAD_JSON);
    kz_error_clear(&e);
    assert_int_equal(PARSE("   ", &o, &e), KZ_E_BAD_JSON);
    assert_null(o);
    kz_error_clear(&e);
}

static void malformed(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "{",           "}",
        "{\"a\":}",    "{\"a\" 1}",
        "{'a':1}",     "{\"a\":1,}",
        "{a:1}",       "{\"a\":01}",
        "{\"a\":NaN}", "{\"a\":1} x",
        "{\"a\":1}{}", "{\"a\":\"unterminated}",
        "nul",         "{\"a\":\"\\x41\"}",
        "{\"a\":tru}",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        kz_error e = {0};
        json_t *o = NULL;
        kz_err r = kz_json_parse_body(bad[i], strlen(bad[i]), &o, &e);
        if (r != KZ_E_BAD_JSON) fail_msg("%s: got %d, want bad_json", bad[i], (int)r);
        assert_null(o);
        assert_int_equal(e.code, KZ_E_BAD_JSON);
        kz_error_clear(&e);
    }
}

static void duplicate_keys(void **state)
{
    (void)state;
    kz_error e = {0};
    json_t *o = NULL;
    assert_int_equal(PARSE("{\"a\":1,\"a\":2}", &o, &e), KZ_E_BAD_JSON);
    assert_null(o);
    kz_error_clear(&e);
    assert_int_equal(PARSE("{\"x\":{\"b\":1,\"b\":1}}", &o, &e), KZ_E_BAD_JSON);
    assert_null(o);
    kz_error_clear(&e);
    /* the same key in different objects is fine */
    assert_int_equal(PARSE("{\"b\":{\"b\":1},\"c\":[{\"b\":1},{\"b\":2}]}", &o, &e), KZ_OK);
    json_decref(o);
}

static void depth_limit(void **state)
{
    (void)state;
    kz_error e = {0};
    json_t *o = NULL;
    char *ok = nested(KZ_JSON_MAX_DEPTH);
    assert_int_equal(KZ_JSON_MAX_DEPTH, 16);
    assert_int_equal(kz_json_parse_body(ok, strlen(ok), &o, &e), KZ_OK);
    assert_non_null(o);
    json_decref(o);
    free(ok);
    char *deep = nested(KZ_JSON_MAX_DEPTH + 1);
    assert_int_equal(kz_json_parse_body(deep, strlen(deep), &o, &e), KZ_E_BAD_JSON);
    assert_null(o);
    kz_error_clear(&e);
    free(deep);
    /* arrays count too: an object holding 16 nested arrays is depth 17 */
    char buf[64] = "{\"a\":";
    size_t n = strlen(buf);
    for (int i = 0; i < 16; i++)
        buf[n++] = '[';
    for (int i = 0; i < 16; i++)
        buf[n++] = ']';
    buf[n++] = '}';
    assert_int_equal(kz_json_parse_body(buf, n, &o, &e), KZ_E_BAD_JSON);
    assert_null(o);
    kz_error_clear(&e);
    /* a pathological body of a million brackets is refused, not recursed into */
    size_t big = 1000000;
    char *b = malloc(big);
    assert_non_null(b);
    memset(b, '[', big);
    assert_int_equal(kz_json_parse_body(b, big, &o, &e), KZ_E_BAD_JSON);
    assert_null(o);
    kz_error_clear(&e);
    free(b);
}

static void top_level_array_is_validation_on_body(void **state)
{
    (void)state;
    kz_error e = {0};
    json_t *o = NULL;
    assert_int_equal(PARSE("[1,2]", &o, &e), KZ_E_VALIDATION);
    assert_null(o);
    assert_int_equal(e.code, KZ_E_VALIDATION);
    kz_assert_fields(&e, "body");
    kz_error_clear(&e);
    assert_int_equal(PARSE("[]", &o, &e), KZ_E_VALIDATION);
    kz_assert_fields(&e, "body");
    kz_error_clear(&e);
}

/* RFC 8259 allows any value at the top; jsonx.h: "a non-object is a 422 on body". */
static void top_level_scalar_is_validation_on_body(void **state)
{
    (void)state;
    static const char *const bodies[] = {"42", "\"text\"", "null", "true"};
    for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
        kz_error e = {0};
        json_t *o = NULL;
        kz_err r = kz_json_parse_body(bodies[i], strlen(bodies[i]), &o, &e);
        if (r != KZ_E_VALIDATION)
            fail_msg("body %s: got %s, want validation_failed on \"body\"", bodies[i],
                     kz_err_name(r));
        assert_null(o);
        kz_assert_fields(&e, "body");
        kz_error_clear(&e);
    }
}

static void invalid_utf8_names_the_field(void **state)
{
    (void)state;
    kz_error e = {0};
    json_t *o = NULL;
    assert_int_equal(PARSE("{\"kind\":\"ok\",\"name\":\"ab\xC3(cd\",\"x\":1}", &o, &e),
                     KZ_E_VALIDATION);
    assert_null(o);
    kz_assert_fields(&e, "name");
    kz_error_clear(&e);
    /* surrogates, overlongs, stray continuation bytes; two bad fields */
    assert_int_equal(
        PARSE("{\"name\":\"\xED\xA0\x80\",\"address\":\"\xC0\xAF\",\"ok\":\"中\"}", &o, &e),
        KZ_E_VALIDATION);
    kz_assert_fields(&e, "name", "address");
    kz_error_clear(&e);
    assert_int_equal(PARSE("{\"name\":\"\x80\"}", &o, &e), KZ_E_VALIDATION);
    kz_assert_fields(&e, "name");
    kz_error_clear(&e);
    /* inside a list or a nested object: the top-level field is named */
    assert_int_equal(PARSE("{\"tags\":[\"a\",\"\xFF\"]}", &o, &e), KZ_E_VALIDATION);
    kz_assert_fields(&e, "tags");
    kz_error_clear(&e);
    assert_int_equal(PARSE("{\"contact\":{\"tel\":\"\xF4\x90\x80\x80\"}}", &o, &e),
                     KZ_E_VALIDATION);
    kz_assert_fields(&e, "contact");
    kz_error_clear(&e);
    /* a bad byte outside any string is not a field's fault */
    assert_int_equal(PARSE("{\"a\":1}\xFF", &o, &e), KZ_E_BAD_JSON);
    assert_null(o);
    kz_error_clear(&e);
}

/* A kz_error owned by the test fixture, so that a failing assertion does not leak it. */
static int error_setup(void **state)
{
    *state = calloc(1, sizeof(kz_error));
    return *state ? 0 : -1;
}

static int error_teardown(void **state)
{
    kz_error_clear(*state);
    free(*state);
    return 0;
}

/* Only the field that holds invalid UTF-8 is named, not one that holds a genuine U+FFFD. */
static void invalid_utf8_does_not_blame_a_real_replacement_character(void **state)
{
    kz_error *e = *state;
    json_t *o = NULL;
    assert_int_equal(PARSE("{\"note\":\"\xEF\xBF\xBD\",\"name\":\"\xFF\"}", &o, e),
                     KZ_E_VALIDATION);
    kz_assert_fields(e, "name");
    kz_error_clear(e);
    /* alone, a real U+FFFD is fine */
    assert_int_equal(PARSE("{\"note\":\"\xEF\xBF\xBD\"}", &o, e), KZ_OK);
    json_decref(o);
}

static void nul_rejected(void **state)
{
    (void)state;
    kz_error e = {0};
    json_t *o = NULL;
    assert_int_equal(PARSE("{\"name\":\"a\\u0000b\"}", &o, &e), KZ_E_BAD_JSON);
    assert_null(o);
    assert_int_equal(e.code, KZ_E_BAD_JSON);
    kz_error_clear(&e);
    assert_int_equal(PARSE("{\"a\\u0000\":1}", &o, &e), KZ_E_BAD_JSON);
    assert_null(o);
    kz_error_clear(&e);
    /* a raw NUL byte, inside a string or after the object */
    assert_int_equal(PARSE("{\"name\":\"a\0b\"}", &o, &e), KZ_E_BAD_JSON);
    assert_null(o);
    kz_error_clear(&e);
    assert_int_equal(PARSE("{\"a\":1}\0", &o, &e), KZ_E_BAD_JSON);
    assert_null(o);
    kz_error_clear(&e);
}

static void length_is_respected(void **state)
{
    (void)state;
    kz_error e = {0};
    json_t *o = NULL;
    const char *buf = "{\"a\":1}garbage";
    assert_int_equal(kz_json_parse_body(buf, 7, &o, &e), KZ_OK);
    json_decref(o);
    assert_int_equal(kz_json_parse_body(buf, 6, &o, &e), KZ_E_BAD_JSON);
    kz_error_clear(&e);
}

/* kz_json_dump writes what json_dumps writes (JSON_COMPACT, with or without JSON_SORT_KEYS). */
static void dump_equals_jansson(void **state)
{
    (void)state;
    static const char ctl_text[] = "a\0b\x01\x1f\x7f\b\f\n\r\t\"\\/z";
    json_t *ctl = json_stringn(ctl_text, sizeof ctl_text - 1);
    json_t *vals[] = {
        json_object(),
        json_array(),
        json_pack("{s:s, s:i, s:b, s:b, s:n, s:f, s:[], s:{}}", "zeta", "科技成果转化", "alpha",
                  -42, "mid", 1, "Mid", 0, "a", "b", 0.1, "c", "d"),
        json_pack("{s:o, s:[s, i, {s:s, s:s}], s:I}", "ctl", ctl, "list", "one", 2, "y", "為", "x",
                  "\u2028 \xf0\x9f\x98\x80", "big", (json_int_t)9007199254740993LL),
        json_pack("[{s:{s:[i, f, s]}}, n, b]", "k", "aa", 1, 1e300, "", 1),
        json_pack("{s:s, s:s, s:s, s:s}", "b", "1", "ab", "2", "a", "3", "é", "4"),
    };
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        for (int sorted = 0; sorted < 2; sorted++) {
            char *want = json_dumps(vals[i], JSON_COMPACT | (sorted ? JSON_SORT_KEYS : 0));
            char *got = kz_json_dump(vals[i], sorted);
            assert_non_null(want);
            assert_non_null(got);
            assert_string_equal(got, want);
            free(want);
            free(got);
        }
        json_decref(vals[i]);
    }
    /* an escape at every offset of a long string (read eight bytes at a time) */
    const char esc[] = {'"', '\\', '\n', 0x1f, 0x01, '/', 0x7f};
    for (size_t c = 0; c < sizeof esc; c++)
        for (int at = 0; at < 40; at++) {
            char str[80];
            int n = 0;
            for (int j = 0; j < at; j++)
                str[n++] = j % 5 ? 'a' : ' ';
            str[n++] = esc[c];
            n += snprintf(str + n, sizeof str - (size_t)n, "中文%.*s", 39 - at,
                          "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
            json_t *a = json_pack("[s#]", str, n);
            assert_non_null(a);
            char *w = json_dumps(a, JSON_COMPACT), *g = kz_json_dump(a, false);
            assert_string_equal(g, w);
            free(w);
            free(g);
            json_decref(a);
        }
    /* many keys (past the stack's 64) */
    json_t *o = json_object();
    for (int i = 200; i > 0; i--) {
        char k[16];
        snprintf(k, sizeof k, "k%d", i * 7919 % 1000);
        json_object_set_new(o, k, json_integer(i));
    }
    char *want = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS), *got = kz_json_dump(o, true);
    assert_string_equal(got, want);
    free(want);
    free(got);
    json_decref(o);
    assert_null(kz_json_dump(NULL, false));
}

/* kz_json_load_line's own parser against json_loadb: the same value, or an error from both
 * (texts the own parser takes, and texts it must leave to jansson). */
static void load_line_equals_jansson(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "{}",
        "[]",
        " { } ",
        "{\"a\":1}",
        "{\"a\": -0, \"b\": 0, \"c\": -17, \"d\": 123456789012345678}",
        "{\"big\": 1234567890123456789}",
        "{\"big\": 9223372036854775807}",
        "{\"big\": 9223372036854775808}",
        "{\"big\": -9223372036854775808}",
        "{\"r\": 1.5}",
        "{\"r\": 1e5}",
        "{\"r\": -2E-3}",
        "{\"r\": 0.0}",
        "{\"z\": 01}",
        "{\"z\": -}",
        "{\"z\": +1}",
        "{\"t\": true, \"f\": false, \"n\": null}",
        "{\"t\": tru}",
        "{\"t\": truex}",
        "{\"s\": \"科技成果转化 \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t\"}",
        "{\"u\": \"\\u00e9\\u4e2d\\u0041\"}",
        "{\"u\": \"\\uD83D\\uDE00 x\"}",
        "{\"u\": \"\\uD83D\"}",
        "{\"u\": \"\\uDE00\"}",
        "{\"u\": \"\\uD83D\\u0041\"}",
        "{\"u\": \"\\u0000\"}",
        "{\"u\": \"\\u12\"}",
        "{\"u\": \"\\x\"}",
        "{\"c\": \"a\tb\"}",
        "{\"c\": \"a\x01\"}",
        "{\"\\u0041\\u00e9\": 1}",
        "{\"k\\n\": {\"k\\t\": [1, \"\\n\", {\"x\": [[], {}]}]}}",
        "{\"a\": 1, \"a\": 2}",
        "{\"\\u0061\": 1, \"a\": 2}",
        "{\"a\": 1,}",
        "{\"a\": 1 \"b\": 2}",
        "{\"a\" 1}",
        "{a: 1}",
        "[1, 2,]",
        "[1 2]",
        "{\"a\": 1} x",
        "{\"a\": 1}   \r\n",
        "{\"a\": [1, [2, [3]]]}",
        "",
        "   ",
        "\"just a string\"",
        "42",
        "null",
        "{\"a\": \"unterminated}",
        "{\"a\": 1",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]"
        "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        "{\"title\": \"面向高比能动力电池的硅碳复合负极材料\", \"keywords\": [\"硅碳负极\", "
        "\"储能\"], "
        "\"trl\": 7, \"ip\": [{\"type\": \"patent_invention\", \"number\": \"ZL2018\", \"status\": "
        "\"granted\"}], \"team\": [{\"name\": \"任萍玲\", \"share_pct\": 40}], \"price_fen\": "
        "320000000, \"org_id\": 3}",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        json_error_t je, ge;
        json_t *want =
            json_loadb(texts[i], strlen(texts[i]), JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
        json_t *got = kz_json_load_line(texts[i], strlen(texts[i]), &ge);
        if (!want) {
            if (got) print_message("accepted: %s\n", texts[i]);
            assert_null(got);
            assert_string_equal(ge.text, je.text);
            assert_int_equal(ge.column, je.column);
        } else {
            if (!got || !json_equal(got, want)) print_message("differs: %s\n", texts[i]);
            assert_non_null(got);
            assert_true(json_equal(got, want));
            /* the same types and texts, not only equal values */
            char *a = kz_json_dump(got, false), *b = kz_json_dump(want, false);
            if (a || b) assert_string_equal(a ? a : "", b ? b : "");
            free(a);
            free(b);
        }
        json_decref(want);
        json_decref(got);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(depth_counts_brackets_outside_strings),
        cmocka_unit_test(valid_object),
        cmocka_unit_test(empty_body),
        cmocka_unit_test(malformed),
        cmocka_unit_test(duplicate_keys),
        cmocka_unit_test(depth_limit),
        cmocka_unit_test(top_level_array_is_validation_on_body),
        cmocka_unit_test(top_level_scalar_is_validation_on_body),
        cmocka_unit_test(invalid_utf8_names_the_field),
        cmocka_unit_test_setup_teardown(invalid_utf8_does_not_blame_a_real_replacement_character,
                                        error_setup, error_teardown),
        cmocka_unit_test(nul_rejected),
        cmocka_unit_test(length_is_respected),
        cmocka_unit_test(dump_equals_jansson),
        cmocka_unit_test(load_line_equals_jansson),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
