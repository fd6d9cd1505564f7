/* test_errors.c — the error-code registry (src/core/errors.c) against PRODUCT.md §5. */
#include "unit.h"

static void every_code_is_well_formed_and_unique(void **state)
{
    (void)state;
    for (int i = KZ_OK + 1; i < KZ_E__COUNT; i++) {
        const char *name = kz_err_name((kz_err)i);
        assert_non_null(name);
        assert_true(strlen(name) > 0);
        for (const char *p = name; *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
                fail_msg("code %d: name \"%s\" is not snake_case", i, name);
        int st = kz_err_status((kz_err)i);
        if (st < 400 || st > 599) fail_msg("code %s: status %d is not 4xx/5xx", name, st);
        const char *msg = kz_err_message((kz_err)i);
        assert_non_null(msg);
        assert_true(strlen(msg) > 0);
        for (int j = KZ_OK + 1; j < i; j++)
            if (!strcmp(kz_err_name((kz_err)j), name))
                fail_msg("codes %d and %d share the name %s", j, i, name);
    }
}

/* PRODUCT.md §5: "Errors answer {"error": {"code", "message", "fields"}} with codes: …" */
static void names_and_statuses_match_the_contract(void **state)
{
    (void)state;
    static const struct {
        kz_err code;
        const char *name;
        int status;
    } contract[] = {
        {KZ_E_BAD_JSON, "bad_json", 400},
        {KZ_E_BAD_REQUEST, "bad_request", 400},
        {KZ_E_VALIDATION, "validation_failed", 422},
        {KZ_E_UNAUTHENTICATED, "unauthenticated", 401},
        {KZ_E_FORBIDDEN, "forbidden", 403},
        {KZ_E_NOT_FOUND, "not_found", 404},
        {KZ_E_METHOD_NOT_ALLOWED, "method_not_allowed", 405},
        {KZ_E_CONFLICT, "conflict", 409},
        {KZ_E_PRECONDITION_FAILED, "precondition_failed", 412},
        {KZ_E_REQUEST_TIMEOUT, "request_timeout", 408},
        {KZ_E_PAYLOAD_TOO_LARGE, "payload_too_large", 413},
        {KZ_E_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", 415},
        {KZ_E_RATE_LIMITED, "rate_limited", 429},
        {KZ_E_INTERNAL, "internal", 500},
    };
    for (size_t i = 0; i < sizeof(contract) / sizeof(contract[0]); i++) {
        assert_string_equal(kz_err_name(contract[i].code), contract[i].name);
        assert_int_equal(kz_err_status(contract[i].code), contract[i].status);
        assert_int_equal(kz_err_by_name(contract[i].name), contract[i].code);
    }
    /* an extension beyond §5: storage temporarily unavailable */
    assert_string_equal(kz_err_name(KZ_E_UNAVAILABLE), "unavailable");
    assert_int_equal(kz_err_status(KZ_E_UNAVAILABLE), 503);
}

static void by_name_round_trip(void **state)
{
    (void)state;
    for (int i = KZ_OK + 1; i < KZ_E__COUNT; i++)
        assert_int_equal(kz_err_by_name(kz_err_name((kz_err)i)), i);
    assert_int_equal(kz_err_by_name("no_such_code"), KZ_E__COUNT);
    assert_int_equal(kz_err_by_name(""), KZ_E__COUNT);
    assert_int_equal(kz_err_by_name("Bad_Json"), KZ_E__COUNT);
    assert_int_equal(kz_err_by_name("bad_json "), KZ_E__COUNT);
}

static void out_of_range_is_internal(void **state)
{
    (void)state;
    assert_string_equal(kz_err_name(KZ_E__COUNT), "internal");
    assert_int_equal(kz_err_status(KZ_E__COUNT), 500);
    assert_string_equal(kz_err_message(KZ_E__COUNT), kz_err_message(KZ_E_INTERNAL));
}

static void field_error_keeps_the_first_reason(void **state)
{
    (void)state;
    kz_error e = {0};
    kz_field_error(&e, "name", "first");
    kz_field_error(&e, "name", "second");
    kz_field_error(&e, "kind", "other");
    assert_int_equal(e.code, KZ_E_VALIDATION);
    kz_assert_fields(&e, "name", "kind");
    assert_string_equal(json_string_value(json_object_get(e.fields, "name")), "first");
    assert_string_equal(json_string_value(json_object_get(e.fields, "kind")), "other");
    /* the reason is copied, not borrowed */
    char reason[] = "temporary";
    kz_field_error(&e, "tmp", reason);
    reason[0] = 'X';
    assert_string_equal(json_string_value(json_object_get(e.fields, "tmp")), "temporary");
    kz_error_clear(&e);
    assert_null(e.fields);
    assert_int_equal(e.code, KZ_OK);
    assert_null(e.message);
}

static void fail_sets_and_drops_fields(void **state)
{
    (void)state;
    kz_error e = {0};
    assert_int_equal(kz_fail(&e, KZ_E_NOT_FOUND, "没有这个机构"), KZ_E_NOT_FOUND);
    assert_int_equal(e.code, KZ_E_NOT_FOUND);
    assert_string_equal(e.message, "没有这个机构");
    assert_null(e.fields);
    kz_field_error(&e, "name", "必填");
    assert_int_equal(e.code, KZ_E_VALIDATION);
    /* a different failure replaces the field errors */
    assert_int_equal(kz_fail(&e, KZ_E_INTERNAL, NULL), KZ_E_INTERNAL);
    assert_null(e.fields);
    assert_null(e.message);
    assert_int_equal(e.code, KZ_E_INTERNAL);
    kz_error_clear(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_code_is_well_formed_and_unique),
        cmocka_unit_test(names_and_statuses_match_the_contract),
        cmocka_unit_test(by_name_round_trip),
        cmocka_unit_test(out_of_range_is_internal),
        cmocka_unit_test(field_error_keeps_the_first_reason),
        cmocka_unit_test(fail_sets_and_drops_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
