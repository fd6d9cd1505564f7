/* test_validate.c — UTF-8, control characters, 统一社会信用代码, usernames and the declarative
 * object check (src/core/validate.c). */
#include "unit.h"
#include "core/validate.h"

#define U8(lit) kz_utf8_valid((lit), sizeof(lit) - 1)

static void utf8_ascii_and_multibyte(void **state)
{
    (void)state;
    assert_true(kz_utf8_valid("", 0));
    assert_true(U8("hello, world ~\t\r\n"));
    assert_true(U8("a\0b"));             /* NUL is a valid code point; other layers reject it */
    assert_true(U8("\xC2\x80"));         /* U+0080, smallest 2-byte */
    assert_true(U8("\xC3\xA9"));         /* é */
    assert_true(U8("\xDF\xBF"));         /* U+07FF, largest 2-byte */
    assert_true(U8("\xE0\xA0\x80"));     /* U+0800, smallest 3-byte */
    assert_true(U8("四川大学"));         /* 3-byte CJK */
    assert_true(U8("\xED\x9F\xBF"));     /* U+D7FF, just below the surrogates */
    assert_true(U8("\xEE\x80\x80"));     /* U+E000, just above */
    assert_true(U8("\xEF\xBF\xBF"));     /* U+FFFF */
    assert_true(U8("\xF0\x90\x80\x80")); /* U+10000, smallest 4-byte */
    assert_true(U8("\xF0\x9F\x98\x80")); /* 😀 */
    assert_true(U8("\xF4\x8F\xBF\xBF")); /* U+10FFFF, the last code point */
    assert_true(U8("a\xC3\xA9中\xF0\x9F\x98\x80z"));
}

static void utf8_rejects_overlongs_surrogates_and_range(void **state)
{
    (void)state;
    assert_false(U8("\xC0\x80"));                 /* overlong NUL */
    assert_false(U8("\xC1\xBF"));                 /* overlong U+007F */
    assert_false(U8("\xE0\x80\x80"));             /* overlong NUL, 3 bytes */
    assert_false(U8("\xE0\x9F\xBF"));             /* overlong U+07FF */
    assert_false(U8("\xF0\x80\x80\x80"));         /* overlong NUL, 4 bytes */
    assert_false(U8("\xF0\x8F\xBF\xBF"));         /* overlong U+FFFF */
    assert_false(U8("\xED\xA0\x80"));             /* U+D800, high surrogate */
    assert_false(U8("\xED\xBF\xBF"));             /* U+DFFF, low surrogate */
    assert_false(U8("\xED\xA0\xBD\xED\xB8\x80")); /* a CESU-8 surrogate pair */
    assert_false(U8("\xF4\x90\x80\x80"));         /* U+110000 */
    assert_false(U8("\xF5\x80\x80\x80"));
    assert_false(U8("\xF7\xBF\xBF\xBF"));
    assert_false(U8("\xF8\x88\x80\x80\x80")); /* old 5-byte form */
    assert_false(U8("\xFE"));
    assert_false(U8("\xFF"));
    assert_false(U8("ok\xC0\x80ok"));
}

static void utf8_rejects_truncated_and_lone_continuations(void **state)
{
    (void)state;
    assert_false(U8("\xC3"));
    assert_false(U8("\xE4\xB8"));
    assert_false(U8("\xF0\x9F\x98"));
    assert_false(U8("abc\xE4\xB8"));  /* truncated at the end */
    assert_false(U8("\xC3\x41"));     /* lead byte followed by ASCII */
    assert_false(U8("\xE4\xB8\x41")); /* 3-byte sequence cut by ASCII */
    assert_false(U8("\xE4\x41\xAD"));
    assert_false(U8("\xF0\x9F\x41\x80"));
    assert_false(U8("\x80")); /* lone continuation bytes */
    assert_false(U8("\xBF"));
    assert_false(U8("a\x80z"));
    assert_false(U8("\xC3\xA9\xA9")); /* one continuation too many */
    /* n bounds the check: a valid character cut by n is invalid */
    assert_false(kz_utf8_valid("\xE4\xB8\xAD", 2));
    assert_true(kz_utf8_valid("ab\xFF", 2));
}

static void utf8_len_counts_code_points(void **state)
{
    (void)state;
    assert_int_equal(kz_utf8_len(""), 0);
    assert_int_equal(kz_utf8_len("abc"), 3);
    assert_int_equal(kz_utf8_len("四川大学"), 4);
    assert_int_equal(kz_utf8_len("é😀x"), 3);
    assert_int_equal(kz_utf8_len("\xF4\x8F\xBF\xBF"), 1);
}

static void has_control(void **state)
{
    (void)state;
    assert_false(kz_has_control(""));
    assert_false(kz_has_control("plain text 中文"));
    assert_false(kz_has_control("tab\tcr\rlf\n"));
    assert_true(kz_has_control("a\x01"));
    assert_true(kz_has_control("\x1b[31mred"));
    assert_true(kz_has_control("bell\a"));
    assert_true(kz_has_control("vt\v"));
    assert_true(kz_has_control("ff\f"));
    assert_true(kz_has_control("\x1f"));
    assert_true(kz_has_control("del\x7f"));
}

/* Check characters below were computed by hand from GB 32100-2015 (charset
 * 0123456789ABCDEFGHJKLMNPQRTUWXY, weights 3^i mod 31, check = 31 - sum % 31, 31 -> 0), not with
 * the code under test. */
static void credit_code_valid_examples(void **state)
{
    (void)state;
    assert_true(kz_credit_code_valid("91350100M000100Y43")); /* the widely published example */
    assert_true(kz_credit_code_valid("91110000600037341L"));
    assert_true(kz_credit_code_valid("12100000400010359N"));
    assert_true(kz_credit_code_valid("11510000MB1234567E"));
    assert_true(kz_credit_code_valid("91510104MA6CT0DD13"));
    /* sum % 31 == 0: 31 maps to the character '0' */
    assert_true(kz_credit_code_valid("9151010000000000G0"));
    assert_true(kz_credit_code_valid("9151010000000001T0"));
    assert_int_equal(kz_credit_code_check_char("91350100M000100Y4"), '3');
    assert_int_equal(kz_credit_code_check_char("91110000600037341"), 'L');
    assert_int_equal(kz_credit_code_check_char("9151010000000000G"), '0');
}

static void credit_code_wrong_check_char(void **state)
{
    (void)state;
    static const char chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    char code[] = "91350100M000100Y43";
    int valid = 0;
    for (const char *c = chars; *c; c++) {
        code[17] = *c;
        if (kz_credit_code_valid(code)) {
            valid++;
            assert_int_equal(*c, '3');
        }
    }
    assert_int_equal(valid, 1);
    /* a changed body character breaks the check too */
    assert_false(kz_credit_code_valid("91350100M000100Y53"));
    assert_false(kz_credit_code_valid("91350100M000200Y43"));
    /* two swapped neighbours */
    assert_false(kz_credit_code_valid("19350100M000100Y43"));
}

static void credit_code_rejects_lowercase_forbidden_letters_and_length(void **state)
{
    (void)state;
    assert_false(kz_credit_code_valid("91350100m000100y43"));
    assert_false(kz_credit_code_valid("91110000600037341l"));
    assert_int_equal(kz_credit_code_check_char("91350100m000100Y4"), 0);
    /* I O Z S V are not in the character set, neither in the body nor as check character */
    static const char forbidden[] = "IOZSV";
    static const char chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXYIOZSV";
    for (const char *f = forbidden; *f; f++) {
        char code[] = "91350100M000100Y43";
        code[17] = *f;
        assert_false(kz_credit_code_valid(code));
        code[8] = *f; /* M -> forbidden: no check character can make it valid */
        for (const char *c = chars; *c; c++) {
            code[17] = *c;
            assert_false(kz_credit_code_valid(code));
        }
        char body[] = "91350100M000100Y4";
        body[8] = *f;
        assert_int_equal(kz_credit_code_check_char(body), 0);
    }
    assert_false(kz_credit_code_valid(NULL));
    assert_false(kz_credit_code_valid(""));
    assert_false(kz_credit_code_valid("91350100M000100Y4"));   /* 17 */
    assert_false(kz_credit_code_valid("91350100M000100Y430")); /* 19 */
    assert_false(kz_credit_code_valid(" 91350100M000100Y43"));
    assert_false(kz_credit_code_valid("91350100M000100Y43 "));
    assert_false(kz_credit_code_valid("91350100-000100Y43"));
}

static void username_rules(void **state)
{
    (void)state;
    assert_true(kz_username_valid("abc"));
    assert_true(kz_username_valid("tto_scu"));
    assert_true(kz_username_valid("a_b.c-d"));
    assert_true(kz_username_valid("9lives"));
    assert_true(kz_username_valid("Admin2026"));
    assert_true(kz_username_valid("abcdefghijklmnopqrstuvwxyz012345"));   /* 32 */
    assert_false(kz_username_valid("abcdefghijklmnopqrstuvwxyz0123456")); /* 33 */
    assert_false(kz_username_valid(""));
    assert_false(kz_username_valid("ab"));
    assert_false(kz_username_valid("_abc"));
    assert_false(kz_username_valid(".abc"));
    assert_false(kz_username_valid("-abc"));
    assert_false(kz_username_valid("a b"));
    assert_false(kz_username_valid("abc\n"));
    assert_false(kz_username_valid("a@b.c"));
    assert_false(kz_username_valid("用户名"));
    assert_false(kz_username_valid("abc\xC3\xA9"));
}

/* ---- kz_validate_object ---- */

static const char *check_even(const json_t *v)
{
    return json_integer_value(v) % 2 ? "应为偶数" : NULL;
}

static const kz_field spec[] = {
    {.name = "name", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 5},
    {.name = "code", .type = KZ_F_STRING, .required = true},
    {.name = "note", .type = KZ_F_STRING, .nullable = true, .max_len = 10},
    {.name = "tags", .type = KZ_F_STRING_LIST, .max_items = 2, .min_len = 1, .max_len = 4},
    {.name = "count", .type = KZ_F_INT, .min = 1, .max = 10},
    {.name = "any", .type = KZ_F_INT},
    {.name = "even", .type = KZ_F_INT, .check = check_even},
    {.name = "flag", .type = KZ_F_BOOL},
    {NULL},
};

/* Parses text (a test literal, must be valid) and runs the check. */
static bool run(const char *text, bool partial, kz_error *e)
{
    json_error_t jerr;
    json_t *o = json_loads(text, 0, &jerr);
    if (!o) fail_msg("bad test JSON %s: %s", text, jerr.text);
    bool ok = kz_validate_object(o, spec, partial, e);
    json_decref(o);
    return ok;
}

static const char *reason(const kz_error *e, const char *field)
{
    return json_string_value(json_object_get(e->fields, field));
}

static void object_valid(void **state)
{
    (void)state;
    kz_error e = {0};
    assert_true(run("{\"name\":\"x\",\"code\":\"c\"}", false, &e));
    assert_int_equal(e.code, KZ_OK);
    kz_assert_no_fields(&e);
    assert_true(run("{\"name\":\"abcde\",\"code\":\"c\",\"note\":null,\"tags\":[\"ab\",\"四川\"],"
                    "\"count\":10,\"any\":-5,\"even\":4,\"flag\":false}",
                    false, &e));
    assert_int_equal(e.code, KZ_OK);
    kz_assert_no_fields(&e);
    kz_error_clear(&e);
}

static void object_unknown_field(void **state)
{
    (void)state;
    kz_error e = {0};
    assert_false(run("{\"name\":\"x\",\"code\":\"c\",\"bogus\":1}", false, &e));
    assert_int_equal(e.code, KZ_E_VALIDATION);
    kz_assert_fields(&e, "bogus");
    kz_error_clear(&e);
    /* also on a partial check */
    assert_false(run("{\"Name\":\"x\"}", true, &e));
    kz_assert_fields(&e, "Name");
    kz_error_clear(&e);
}

static void object_required(void **state)
{
    (void)state;
    kz_error e = {0};
    assert_false(run("{}", false, &e));
    assert_int_equal(e.code, KZ_E_VALIDATION);
    kz_assert_fields(&e, "name", "code");
    kz_error_clear(&e);
    assert_false(run("{\"name\":\"x\"}", false, &e));
    kz_assert_fields(&e, "code");
    kz_error_clear(&e);
    /* a partial (PATCH) check does not require anything */
    assert_true(run("{}", true, &e));
    assert_true(run("{\"count\":3}", true, &e));
    kz_assert_no_fields(&e);
    assert_int_equal(e.code, KZ_OK);
    kz_error_clear(&e);
}

static void object_wrong_types(void **state)
{
    (void)state;
    kz_error e = {0};
    assert_false(run("{\"name\":5,\"code\":[\"c\"],\"count\":\"3\",\"any\":1.5,\"flag\":\"yes\","
                     "\"tags\":\"a\"}",
                     false, &e));
    kz_assert_fields(&e, "name", "code", "count", "any", "flag", "tags");
    kz_error_clear(&e);
    assert_false(run("{\"name\":\"x\",\"code\":\"c\",\"tags\":[\"a\",1]}", false, &e));
    kz_assert_fields(&e, "tags");
    kz_error_clear(&e);
    assert_false(run("{\"name\":{},\"code\":true,\"flag\":1}", false, &e));
    kz_assert_fields(&e, "name", "code", "flag");
    kz_error_clear(&e);
}

static void object_lengths_count_code_points(void **state)
{
    (void)state;
    kz_error e = {0};
    /* 5 Chinese characters are 15 bytes but 5 code points: they fit max_len 5 */
    assert_true(run("{\"name\":\"四川大学城\",\"code\":\"c\"}", false, &e));
    kz_assert_no_fields(&e);
    assert_true(run("{\"name\":\"😀😀😀😀😀\",\"code\":\"c\"}", false, &e));
    kz_assert_no_fields(&e);
    assert_false(run("{\"name\":\"四川大学城市\",\"code\":\"c\"}", false, &e));
    kz_assert_fields(&e, "name");
    kz_error_clear(&e);
    assert_false(run("{\"name\":\"abcdef\",\"code\":\"c\"}", false, &e));
    kz_assert_fields(&e, "name");
    kz_error_clear(&e);
    /* min_len 1: empty is refused */
    assert_false(run("{\"name\":\"\",\"code\":\"c\"}", false, &e));
    kz_assert_fields(&e, "name");
    kz_error_clear(&e);
    /* max_len 0 means 200 */
    char buf[700];
    strcpy(buf, "{\"name\":\"x\",\"code\":\"");
    size_t n = strlen(buf);
    for (int i = 0; i < 200; i++)
        buf[n++] = 'c';
    strcpy(buf + n, "\"}");
    assert_true(run(buf, false, &e));
    kz_assert_no_fields(&e);
    buf[n] = 'c';
    strcpy(buf + n + 1, "\"}");
    assert_false(run(buf, false, &e));
    kz_assert_fields(&e, "code");
    kz_error_clear(&e);
    /* list items are checked with the field's lengths */
    assert_true(run("{\"tags\":[\"四川大学\"]}", true, &e));
    assert_false(run("{\"tags\":[\"四川大学城\"]}", true, &e));
    kz_assert_fields(&e, "tags");
    kz_error_clear(&e);
    assert_false(run("{\"tags\":[\"\"]}", true, &e));
    kz_assert_fields(&e, "tags");
    kz_error_clear(&e);
}

static void object_list_too_many_items(void **state)
{
    (void)state;
    kz_error e = {0};
    assert_true(run("{\"tags\":[]}", true, &e));
    assert_true(run("{\"tags\":[\"a\",\"b\"]}", true, &e));
    kz_assert_no_fields(&e);
    assert_false(run("{\"tags\":[\"a\",\"b\",\"c\"]}", true, &e));
    kz_assert_fields(&e, "tags");
    kz_error_clear(&e);
}

static void object_nullable(void **state)
{
    (void)state;
    kz_error e = {0};
    assert_true(run("{\"note\":null}", true, &e));
    kz_assert_no_fields(&e);
    assert_false(run("{\"name\":null,\"count\":null,\"flag\":null,\"tags\":null}", true, &e));
    kz_assert_fields(&e, "name", "count", "flag", "tags");
    kz_error_clear(&e);
    /* a required field given as null is an error, not "missing and fine" */
    assert_false(run("{\"name\":null,\"code\":\"c\"}", false, &e));
    kz_assert_fields(&e, "name");
    kz_error_clear(&e);
}

static void object_int_range(void **state)
{
    (void)state;
    kz_error e = {0};
    assert_true(run("{\"count\":1}", true, &e));
    assert_true(run("{\"count\":10}", true, &e));
    kz_assert_no_fields(&e);
    assert_false(run("{\"count\":0}", true, &e));
    kz_assert_fields(&e, "count");
    kz_error_clear(&e);
    assert_false(run("{\"count\":11}", true, &e));
    kz_assert_fields(&e, "count");
    kz_error_clear(&e);
    assert_false(run("{\"count\":-9223372036854775807}", true, &e));
    kz_assert_fields(&e, "count");
    kz_error_clear(&e);
    /* min == max (both 0): no range check */
    assert_true(run("{\"any\":-9223372036854775807}", true, &e));
    assert_true(run("{\"any\":9223372036854775807}", true, &e));
    kz_assert_no_fields(&e);
}

static void object_custom_check(void **state)
{
    (void)state;
    kz_error e = {0};
    assert_true(run("{\"even\":4}", true, &e));
    kz_assert_no_fields(&e);
    assert_false(run("{\"even\":3}", true, &e));
    kz_assert_fields(&e, "even");
    assert_string_equal(reason(&e, "even"), "应为偶数");
    kz_error_clear(&e);
    /* the check only sees well-typed values */
    assert_false(run("{\"even\":\"3\"}", true, &e));
    kz_assert_fields(&e, "even");
    assert_string_not_equal(reason(&e, "even"), "应为偶数");
    kz_error_clear(&e);
}

static void object_control_characters(void **state)
{
    (void)state;
    kz_error e = {0};
    assert_false(run("{\"name\":\"a\\u0001\",\"code\":\"c\",\"tags\":[\"\\u001b\"]}", false, &e));
    kz_assert_fields(&e, "name", "tags");
    kz_error_clear(&e);
    assert_true(run("{\"note\":\"a\\tb\\nc\"}", true, &e));
    kz_assert_no_fields(&e);
}

static void object_one_error_per_field_and_all_fields(void **state)
{
    (void)state;
    kz_error e = {0};
    assert_false(run("{\"name\":\"abcdef\",\"count\":99,\"even\":1,\"zzz\":0}", false, &e));
    kz_assert_fields(&e, "name", "code", "count", "even", "zzz");
    assert_int_equal(e.code, KZ_E_VALIDATION);
    kz_error_clear(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utf8_ascii_and_multibyte),
        cmocka_unit_test(utf8_rejects_overlongs_surrogates_and_range),
        cmocka_unit_test(utf8_rejects_truncated_and_lone_continuations),
        cmocka_unit_test(utf8_len_counts_code_points),
        cmocka_unit_test(has_control),
        cmocka_unit_test(credit_code_valid_examples),
        cmocka_unit_test(credit_code_wrong_check_char),
        cmocka_unit_test(credit_code_rejects_lowercase_forbidden_letters_and_length),
        cmocka_unit_test(username_rules),
        cmocka_unit_test(object_valid),
        cmocka_unit_test(object_unknown_field),
        cmocka_unit_test(object_required),
        cmocka_unit_test(object_wrong_types),
        cmocka_unit_test(object_lengths_count_code_points),
        cmocka_unit_test(object_list_too_many_items),
        cmocka_unit_test(object_nullable),
        cmocka_unit_test(object_int_range),
        cmocka_unit_test(object_custom_check),
        cmocka_unit_test(object_control_characters),
        cmocka_unit_test(object_one_error_per_field_and_all_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
