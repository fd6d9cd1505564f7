/* fuzz_rule.c — libFuzzer target for the 政策兑现 rule parser and evaluator (src/domain/rule.c):
 * the input is a JSON array [rule, subject] (or anything else: then refused cleanly). A rule that
 * parses evaluates over the subject with the invariants every result keeps: an amount of 0 when
 * a condition fails, never negative, never above the cap (nor, eligible, below the floor), never
 * above the largest amount; one explanation line per condition before the amount's. */
#include "fuzz_common.h" /* FUZZ_CHECK */
#include "domain/rule.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t err;
    json_t *in = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &err);
    if (!in) return 0;
    json_t *rule = json_is_array(in) ? json_array_get(in, 0) : in;
    json_t *subject = json_is_array(in) ? json_array_get(in, 1) : NULL;
    kz_rule r;
    kz_error e = {0};
    kz_err rc = kz_rule_parse(rule, NULL, NULL, &r, &e);
    FUZZ_CHECK(rc == KZ_OK || rc == KZ_E_VALIDATION);
    if (rc != KZ_OK) {
        FUZZ_CHECK(json_is_string(json_object_get(e.fields, "rule")));
    } else {
        FUZZ_CHECK(r.nconds >= 0 && r.nconds <= KZ_RULE_MAX_CONDITIONS);
        kz_rule_result res;
        kz_rule_eval(&r, json_is_object(subject) ? subject : NULL, &res);
        FUZZ_CHECK(res.amount_fen >= 0 && res.amount_fen <= KZ_RULE_MAX_FEN);
        if (!res.eligible) FUZZ_CHECK(res.amount_fen == 0);
        if (res.eligible && r.cap_fen >= 0) FUZZ_CHECK(res.amount_fen <= r.cap_fen);
        if (res.eligible && r.floor_fen >= 0) FUZZ_CHECK(res.amount_fen >= r.floor_fen);
        FUZZ_CHECK(json_array_size(res.explanation) > (size_t)r.nconds);
        for (int i = 0; i < r.nconds; i++) {
            json_t *l = json_array_get(res.explanation, (size_t)i);
            FUZZ_CHECK(!strcmp(json_string_value(json_object_get(l, "step")), "condition"));
        }
        json_decref(res.explanation);
    }
    kz_error_clear(&e);
    json_decref(in);
    return 0;
}
