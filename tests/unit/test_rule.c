/* test_rule.c — the 政策兑现 rule evaluator (src/domain/rule.c): the seeds' policies as rules with
 * hand-computed amounts (caps, bands, rounding), every parse error naming where it is, and random
 * rules over random subjects against a straightforward reference written here. */
#include "unit.h"
#include "domain/rule.h"

static json_t *J(const char *text)
{
    json_error_t err;
    json_t *v = json_loads(text, 0, &err);
    if (!v) fail_msg("bad JSON in the test: %s: %s", err.text, text);
    return v;
}

/* Parses rule, evaluates it over subject; returns the amount (eligible in *ok). */
static int64_t run(const char *rule, const char *subject, bool *ok, json_t **why)
{
    kz_rule r;
    kz_error e = {0};
    json_t *rj = J(rule), *sj = J(subject);
    kz_err rc = kz_rule_parse(rj, NULL, NULL, &r, &e);
    if (rc != KZ_OK) {
        char *f = e.fields ? json_dumps(e.fields, 0) : NULL;
        fail_msg("rule refused: %s", f ? f : "?");
    }
    kz_rule_result res;
    kz_rule_eval(&r, sj, &res);
    *ok = res.eligible;
    if (why)
        *why = res.explanation;
    else
        json_decref(res.explanation);
    json_decref(rj);
    json_decref(sj);
    kz_error_clear(&e);
    return res.amount_fen;
}

/* 泸州: a registered technology contract of a 泸州 seller signed this year, 3 % of its
 * 核定技术交易额, at most ¥1,000,000. */
static const char *const LUZHOU_TRADE =
    "{\"conditions\": ["
    "{\"field\": \"status\", \"op\": \"eq\", \"value\": \"registered\", \"label\": \"合同已登记\"},"
    "{\"field\": \"region\", \"op\": \"prefix\", \"value\": \"5105\", \"label\": \"卖方在泸州\"},"
    "{\"field\": \"signed_on\", \"op\": \"between\", \"value\": [\"2026-01-01\", \"2026-12-31\"]}],"
    "\"amount\": {\"base\": \"tech_income_fen\", \"percent_bp\": 300, \"cap_fen\": 100000000}}";

static void seed_policy_luzhou_trade_reward(void **state)
{
    (void)state;
    bool ok;
    json_t *why;
    /* ¥2,000 万 of technology income: 3 % = ¥60 万 */
    assert_int_equal(run(LUZHOU_TRADE,
                         "{\"status\": \"registered\", \"region\": \"510502\", \"signed_on\": "
                         "\"2026-03-18\", \"tech_income_fen\": 2000000000}",
                         &ok, &why),
                     60000000);
    assert_true(ok);
    /* every condition and every step explained, the last line the amount */
    assert_int_equal(json_array_size(why), 3 + 4);
    assert_string_equal(json_string_value(json_object_get(json_array_get(why, 6), "text")),
                        "可兑现金额：600000.00 元");
    assert_true(strstr(json_string_value(json_object_get(json_array_get(why, 1), "text")),
                       "卖方在泸州：满足") != NULL);
    json_decref(why);
    /* ¥5,000 万: 3 % = ¥150 万, capped at ¥100 万 */
    assert_int_equal(run(LUZHOU_TRADE,
                         "{\"status\": \"registered\", \"region\": \"510502\", \"signed_on\": "
                         "\"2026-12-31\", \"tech_income_fen\": 5000000000}",
                         &ok, NULL),
                     100000000);
    /* a seller in 成都, or last year's contract, or not registered: nothing */
    assert_int_equal(run(LUZHOU_TRADE,
                         "{\"status\": \"registered\", \"region\": \"510107\", \"signed_on\": "
                         "\"2026-03-18\", \"tech_income_fen\": 2000000000}",
                         &ok, &why),
                     0);
    assert_false(ok);
    assert_false(json_is_true(json_object_get(json_array_get(why, 1), "met")));
    json_decref(why);
    assert_int_equal(run(LUZHOU_TRADE,
                         "{\"status\": \"registered\", \"region\": \"510502\", \"signed_on\": "
                         "\"2025-12-31\", \"tech_income_fen\": 2000000000}",
                         &ok, NULL),
                     0);
    assert_int_equal(run(LUZHOU_TRADE,
                         "{\"status\": \"submitted\", \"region\": \"510502\", \"signed_on\": "
                         "\"2026-03-18\", \"tech_income_fen\": 2000000000}",
                         &ok, NULL),
                     0);
    /* no 核定技术交易额 yet: a base of 0 */
    assert_int_equal(run(LUZHOU_TRADE,
                         "{\"status\": \"registered\", \"region\": \"510502\", \"signed_on\": "
                         "\"2026-03-18\", \"tech_income_fen\": null}",
                         &ok, NULL),
                     0);
    assert_true(ok);
}

/* 泸州: 30 % of a 揭榜挂帅 contract amount to the solver, rounded half up to 分. */
static void seed_policy_challenge_subsidy(void **state)
{
    (void)state;
    const char *rule =
        "{\"conditions\": [{\"field\": \"status\", \"op\": \"eq\", \"value\": \"won\"}],"
        "\"amount\": {\"base\": \"contract_amount_fen\", \"percent_bp\": 3000}}";
    bool ok;
    /* 123456789 × 30 % = 37037036.7 → 37037037 */
    assert_int_equal(
        run(rule, "{\"status\": \"won\", \"contract_amount_fen\": 123456789}", &ok, NULL),
        37037037);
    assert_int_equal(run(rule, "{\"status\": \"won\", \"contract_amount_fen\": 5}", &ok, NULL), 2);
    assert_int_equal(run(rule, "{\"status\": \"lost\", \"contract_amount_fen\": 5}", &ok, NULL), 0);
}

/* 成都: an enterprise of 成都 buying a university's or institute's result for local transformation,
 * "按交易额" in bands: 10 % up to ¥1,000 万, 5 % above, at most ¥500 万. */
static void seed_policy_chengdu_purchase_bands(void **state)
{
    (void)state;
    const char *rule =
        "{\"conditions\": ["
        "{\"field\": \"seller_kind\", \"op\": \"in\", \"value\": [\"university\", \"institute\"]},"
        "{\"field\": \"buyer_kind\", \"op\": \"eq\", \"value\": \"enterprise\"},"
        "{\"field\": \"buyer_region\", \"op\": \"prefix\", \"value\": \"5101\"}],"
        "\"amount\": {\"base\": \"tech_income_fen\", \"tiers\": ["
        "{\"up_to_fen\": 1000000000, \"percent_bp\": 1000}, {\"up_to_fen\": null, \"percent_bp\": "
        "500}],"
        "\"cap_fen\": 500000000}}";
    const char *fmt = "{\"seller_kind\": \"%s\", \"buyer_kind\": \"enterprise\", \"buyer_region\": "
                      "\"510107\", \"tech_income_fen\": %lld}";
    char s[256];
    bool ok;
    /* ¥1,500 万: 10 % of 1,000 万 + 5 % of 500 万 = ¥125 万 */
    snprintf(s, sizeof s, fmt, "university", 1500000000LL);
    assert_int_equal(run(rule, s, &ok, NULL), 125000000);
    /* ¥800 万: inside the first band, ¥80 万 */
    snprintf(s, sizeof s, fmt, "institute", 800000000LL);
    assert_int_equal(run(rule, s, &ok, NULL), 80000000);
    /* ¥1 亿: 100 + 450 = ¥550 万, capped at ¥500 万 */
    snprintf(s, sizeof s, fmt, "university", 10000000000LL);
    assert_int_equal(run(rule, s, &ok, NULL), 500000000);
    /* an enterprise seller: not this policy */
    snprintf(s, sizeof s, fmt, "enterprise", 800000000LL);
    assert_int_equal(run(rule, s, &ok, NULL), 0);
    assert_false(ok);
}

/* A fixed sum with a floor and the other operators (broker titles: ¥2,000 per certified broker
 * of a 成都 service agency with at least 40 hours of training). */
static void fixed_amounts_and_operators(void **state)
{
    (void)state;
    const char *rule =
        "{\"conditions\": ["
        "{\"field\": \"fields\", \"op\": \"contains\", \"value\": \"new_materials\"},"
        "{\"field\": \"hours\", \"op\": \"gte\", \"value\": 40},"
        "{\"field\": \"suspended\", \"op\": \"ne\", \"value\": true},"
        "{\"field\": \"level\", \"op\": \"in\", \"value\": [\"junior\", \"intermediate\", "
        "\"senior\"]}],"
        "\"amount\": {\"fixed_fen\": 200000}}";
    bool ok;
    assert_int_equal(run(rule,
                         "{\"fields\": [\"ai\", \"new_materials\"], \"hours\": 40, \"level\": "
                         "\"senior\"}",
                         &ok, NULL),
                     200000);
    assert_int_equal(
        run(rule, "{\"fields\": [\"ai\"], \"hours\": 40, \"level\": \"senior\"}", &ok, NULL), 0);
    assert_int_equal(run(rule,
                         "{\"fields\": [\"new_materials\"], \"hours\": 39, \"level\": \"senior\"}",
                         &ok, NULL),
                     0);
    assert_int_equal(run(rule,
                         "{\"fields\": [\"new_materials\"], \"hours\": 50, \"suspended\": true, "
                         "\"level\": \"senior\"}",
                         &ok, NULL),
                     0);
    /* a floor lifts a small percent; a value of another type meets no condition */
    const char *floor = "{\"conditions\": [{\"field\": \"n\", \"op\": \"lt\", \"value\": 10}],"
                        "\"amount\": {\"base\": \"b\", \"percent_bp\": 100, \"floor_fen\": 5000}}";
    assert_int_equal(run(floor, "{\"n\": 3, \"b\": 100000}", &ok, NULL), 5000);
    assert_int_equal(run(floor, "{\"n\": 3, \"b\": 1000000}", &ok, NULL), 10000);
    assert_int_equal(run(floor, "{\"n\": \"3\", \"b\": 1000000}", &ok, NULL), 0);
    /* rounding: half a 分 up, less than half down */
    const char *half = "{\"amount\": {\"base\": \"b\", \"percent_bp\": 5000}}";
    assert_int_equal(run(half, "{\"b\": 1}", &ok, NULL), 1);
    assert_true(ok); /* no condition: every subject */
    const char *less = "{\"amount\": {\"base\": \"b\", \"percent_bp\": 4999}}";
    assert_int_equal(run(less, "{\"b\": 1}", &ok, NULL), 0);
    /* the largest amount at 100 %: exact */
    const char *all = "{\"amount\": {\"base\": \"b\", \"percent_bp\": 10000}}";
    assert_int_equal(run(all, "{\"b\": 100000000000000}", &ok, NULL), 100000000000000LL);
}

static bool only_known(void *ctx, const char *field)
{
    (void)ctx;
    return !strcmp(field, "status") || !strcmp(field, "tech_income_fen");
}

/* Each bad rule is refused with where and why. */
static void bad_rules_are_refused_with_the_place(void **state)
{
    (void)state;
    static const struct {
        const char *rule, *where;
    } cases[] = {
        {"[]", "规则应为对象"},
        {"{\"amount\": {\"fixed_fen\": 1}, \"x\": 1}", "只能含"},
        {"{\"conditions\": {}}", "conditions：应为列表"},
        {"{\"conditions\": []}", "amount：缺少"},
        {"{\"conditions\": [{\"field\": \"status\", \"op\": \"like\", \"value\": \"a\"}], "
         "\"amount\": "
         "{\"fixed_fen\": 1}}",
         "conditions[0]：未知的比较方式 like"},
        {"{\"conditions\": [{\"field\": \"colour\", \"op\": \"eq\", \"value\": \"a\"}], "
         "\"amount\": "
         "{\"fixed_fen\": 1}}",
         "conditions[0]：未知的字段 colour"},
        {"{\"conditions\": [{\"field\": \"Status\", \"op\": \"eq\", \"value\": \"a\"}], "
         "\"amount\": "
         "{\"fixed_fen\": 1}}",
         "conditions[0]：field"},
        {"{\"conditions\": [{\"field\": \"status\", \"op\": \"eq\"}], \"amount\": {\"fixed_fen\": "
         "1}}",
         "缺少 value"},
        {"{\"conditions\": [{\"field\": \"status\", \"op\": \"between\", \"value\": [3, 1]}], "
         "\"amount\": {\"fixed_fen\": 1}}",
         "下限不能高于上限"},
        {"{\"conditions\": [{\"field\": \"status\", \"op\": \"in\", \"value\": [1, \"a\"]}], "
         "\"amount\": {\"fixed_fen\": 1}}",
         "类型应一致"},
        {"{\"conditions\": [{\"field\": \"status\", \"op\": \"gt\", \"value\": true}], \"amount\": "
         "{\"fixed_fen\": 1}}",
         "大小比较"},
        {"{\"conditions\": [{\"field\": \"status\", \"op\": \"eq\", \"value\": {}}], \"amount\": "
         "{\"fixed_fen\": 1}}",
         "取值应为"},
        {"{\"amount\": {\"base\": \"tech_income_fen\", \"percent_bp\": 10001}}",
         "amount.percent_bp"},
        {"{\"amount\": {\"base\": \"tech_income_fen\", \"percent_bp\": 1, \"fixed_fen\": 1}}",
         "应且只应给出一种"},
        {"{\"amount\": {\"base\": \"price\", \"percent_bp\": 1}}", "amount.base：未知的字段 price"},
        {"{\"amount\": {\"base\": \"tech_income_fen\", \"tiers\": [{\"up_to_fen\": 5, "
         "\"percent_bp\": 1}, {\"up_to_fen\": 5, \"percent_bp\": 1}]}}",
         "逐档递增"},
        {"{\"amount\": {\"base\": \"tech_income_fen\", \"tiers\": [{\"up_to_fen\": null, "
         "\"percent_bp\": 1}, {\"up_to_fen\": 5, \"percent_bp\": 1}]}}",
         "只有最后一档可为 null"},
        {"{\"amount\": {\"fixed_fen\": 1, \"cap_fen\": 5, \"floor_fen\": 6}}", "下限不能高于上限"},
        {"{\"amount\": {\"fixed_fen\": -1}}", "amount.fixed_fen"},
        {"{\"amount\": {\"fixed_fen\": 100000000000001}}", "amount.fixed_fen"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kz_rule r;
        kz_error e = {0};
        json_t *rj = J(cases[i].rule);
        assert_int_equal(kz_rule_parse(rj, only_known, NULL, &r, &e), KZ_E_VALIDATION);
        const char *why = json_string_value(json_object_get(e.fields, "rule"));
        if (!why || !strstr(why, cases[i].where))
            fail_msg("case %zu: %s — expected “%s”, got “%s”", i, cases[i].rule, cases[i].where,
                     why ? why : "(none)");
        json_decref(rj);
        kz_error_clear(&e);
    }
    /* 33 conditions: too many */
    json_t *many = json_pack("{s:[], s:{s:i}}", "conditions", "amount", "fixed_fen", 1);
    for (int i = 0; i < 33; i++)
        json_array_append_new(
            json_object_get(many, "conditions"),
            json_pack("{s:s, s:s, s:i}", "field", "status", "op", "eq", "value", i));
    kz_rule r;
    kz_error e = {0};
    assert_int_equal(kz_rule_parse(many, NULL, NULL, &r, &e), KZ_E_VALIDATION);
    json_decref(many);
    kz_error_clear(&e);
}

/* ---- random rules over random subjects against a reference ---- */

static uint64_t rng = 20261207;
static int64_t rnd(int64_t n)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (int64_t)((rng >> 33) % (uint64_t)n);
}

/* The reference: conditions on one integer field x against a random bound and one string field
 * s against a random list; the amount by bands, summed over every 分 band by band in exact
 * 128-bit arithmetic and rounded half up, then capped and floored. */
static void random_rules_agree_with_a_reference(void **state)
{
    (void)state;
    static const char *const words[] = {"a", "b", "c", "d"};
    static const char *const iops[] = {"eq", "ne", "gt", "gte", "lt", "lte"};
    for (int round = 0; round < 2000; round++) {
        int64_t bound = rnd(100), x = rnd(100);
        const char *op = iops[rnd(6)];
        int nw = 1 + (int)rnd(3);
        json_t *list = json_array();
        bool s_in = false;
        const char *s = words[rnd(4)];
        for (int i = 0; i < nw; i++) {
            const char *w = words[rnd(4)];
            json_array_append_new(list, json_string(w));
            s_in |= !strcmp(w, s);
        }
        int nt = 1 + (int)rnd(4);
        json_t *tiers = json_array();
        int64_t ups[4], bps[4], up = 0;
        for (int i = 0; i < nt; i++) {
            up += 1 + rnd(1000000);
            ups[i] = i + 1 == nt && rnd(2) ? -1 : up;
            bps[i] = rnd(10001);
            json_array_append_new(tiers, json_pack("{s:o, s:I}", "up_to_fen",
                                                   ups[i] < 0 ? json_null() : json_integer(ups[i]),
                                                   "percent_bp", (json_int_t)bps[i]));
        }
        int64_t cap = rnd(2) ? rnd(200000) : -1, floor_ = rnd(3) ? -1 : rnd(1000);
        if (cap >= 0 && floor_ > cap) floor_ = cap;
        json_t *amount = json_pack("{s:s, s:o}", "base", "b", "tiers", tiers);
        if (cap >= 0) json_object_set_new(amount, "cap_fen", json_integer(cap));
        if (floor_ >= 0) json_object_set_new(amount, "floor_fen", json_integer(floor_));
        json_t *rule = json_pack("{s:[{s:s, s:s, s:I}, {s:s, s:s, s:o}], s:o}", "conditions",
                                 "field", "x", "op", op, "value", (json_int_t)bound, "field", "s",
                                 "op", "in", "value", list, "amount", amount);
        int64_t b = rnd(3) ? rnd(5000000) : 0;
        json_t *subject =
            json_pack("{s:I, s:s, s:I}", "x", (json_int_t)x, "s", s, "b", (json_int_t)b);
        /* the reference */
        bool cx = !strcmp(op, "eq")    ? x == bound
                  : !strcmp(op, "ne")  ? x != bound
                  : !strcmp(op, "gt")  ? x > bound
                  : !strcmp(op, "gte") ? x >= bound
                  : !strcmp(op, "lt")  ? x < bound
                                       : x <= bound;
        bool want_ok = cx && s_in;
        __int128 units = 0;
        int64_t lo = 0;
        for (int i = 0; i < nt; i++) {
            int64_t hi = ups[i] < 0 ? INT64_MAX : ups[i];
            int64_t part = b < lo ? 0 : (b < hi ? b : hi) - lo;
            if (part > 0) units += (__int128)part * bps[i];
            lo = hi;
        }
        int64_t want = (int64_t)((units + 5000) / 10000);
        if (cap >= 0 && want > cap) want = cap;
        if (floor_ >= 0 && want < floor_) want = floor_;
        if (!want_ok) want = 0;
        kz_rule r;
        kz_error e = {0};
        if (kz_rule_parse(rule, NULL, NULL, &r, &e) != KZ_OK) fail_msg("round %d: refused", round);
        kz_rule_result res;
        kz_rule_eval(&r, subject, &res);
        if (res.eligible != want_ok || res.amount_fen != want) {
            char *rt = json_dumps(rule, JSON_COMPACT), *st = json_dumps(subject, JSON_COMPACT);
            fail_msg("round %d: %s over %s: got %d %lld, the reference %d %lld", round, rt, st,
                     res.eligible, (long long)res.amount_fen, want_ok, (long long)want);
        }
        json_decref(res.explanation);
        json_decref(rule);
        json_decref(subject);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(seed_policy_luzhou_trade_reward),
        cmocka_unit_test(seed_policy_challenge_subsidy),
        cmocka_unit_test(seed_policy_chengdu_purchase_bands),
        cmocka_unit_test(fixed_amounts_and_operators),
        cmocka_unit_test(bad_rules_are_refused_with_the_place),
        cmocka_unit_test(random_rules_agree_with_a_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
