/* test_panel.c — the arithmetic of expert panels (src/domain/panel.c): a score sheet's weighted
 * total, exact and rounded half up once; an item's result, the trimmed mean (the highest and the
 * lowest dropped from five sheets on) with the plain mean, the lowest, the highest. */
#include "../../src/domain/panel.h"
#include "unit.h"

static json_t *criteria(void)
{
    return json_pack("[{s:s, s:s, s:i, s:i}, {s:s, s:s, s:i, s:i}, {s:s, s:s, s:i, s:i}]", "key",
                     "tech", "name", "技术先进性", "weight", 50, "max", 10, "key", "feas", "name",
                     "方案可行性", "weight", 30, "max", 100, "key", "team", "name", "团队能力",
                     "weight", 20, "max", 3);
}

static int64_t total(const json_t *cr, int tech, int feas, int team)
{
    json_t *s = json_pack("{s:i, s:i, s:i}", "tech", tech, "feas", feas, "team", team);
    int64_t t = kz_panel_sheet_total(cr, s);
    json_decref(s);
    return t;
}

static void a_sheet_total_is_exact_and_rounded_once(void **state)
{
    (void)state;
    json_t *cr = criteria();
    /* 35 + 19.5 + 13.333… = 67.8333… → 67.83 */
    assert_int_equal(total(cr, 7, 65, 2), 6783);
    /* 25 + 0.3 + 6.666… = 31.9666… → 31.97 (rounding each term first would give 31.96 or 31.97) */
    assert_int_equal(total(cr, 5, 1, 1), 3197);
    assert_int_equal(total(cr, 10, 100, 3), 10000);
    assert_int_equal(total(cr, 0, 0, 0), 0);
    assert_int_equal(total(cr, 11, 0, 0), -1); /* above the top score */
    assert_int_equal(total(cr, -1, 0, 0), -1);
    json_t *missing = json_pack("{s:i, s:i}", "tech", 5, "feas", 5);
    assert_int_equal(kz_panel_sheet_total(cr, missing), -1);
    json_decref(missing);
    json_decref(cr);
    /* a half hundredth rounds up: 1 × 1 ÷ 8 = 0.125 → 0.13 */
    json_t *half =
        json_pack("[{s:s, s:s, s:i, s:i}, {s:s, s:s, s:i, s:i}]", "key", "a", "name", "甲",
                  "weight", 1, "max", 8, "key", "b", "name", "乙", "weight", 99, "max", 1);
    json_t *s = json_pack("{s:i, s:i}", "a", 1, "b", 0);
    assert_int_equal(kz_panel_sheet_total(half, s), 13);
    json_decref(s);
    json_decref(half);
}

static void the_trimmed_mean_drops_the_extremes_from_five_on(void **state)
{
    (void)state;
    kz_panel_agg g;
    int64_t four[] = {9000, 6000, 8000, 7001};
    kz_panel_aggregate(four, 4, &g);
    assert_int_equal(g.n, 4);
    assert_false(g.trimmed);
    assert_int_equal(g.mean_c, 7500); /* 30001 / 4 = 7500.25 */
    assert_int_equal(g.trimmed_c, g.mean_c);
    assert_int_equal(g.min_c, 6000);
    assert_int_equal(g.max_c, 9000);
    int64_t five[] = {9900, 6783, 3197, 8000, 7001};
    kz_panel_aggregate(five, 5, &g);
    assert_true(g.trimmed);
    assert_int_equal(g.trimmed_c, 7261); /* (6783 + 7001 + 8000) / 3 = 7261.33 */
    assert_int_equal(g.mean_c, 6976);    /* 34881 / 5 = 6976.2 */
    assert_int_equal(g.min_c, 3197);
    assert_int_equal(g.max_c, 9900);
    int64_t halves[] = {1, 2}; /* 1.5 → 2: half up */
    kz_panel_aggregate(halves, 2, &g);
    assert_int_equal(g.mean_c, 2);
    int64_t one[] = {4242};
    kz_panel_aggregate(one, 1, &g);
    assert_int_equal(g.trimmed_c, 4242);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_sheet_total_is_exact_and_rounded_once),
        cmocka_unit_test(the_trimmed_mean_drops_the_extremes_from_five_on),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
