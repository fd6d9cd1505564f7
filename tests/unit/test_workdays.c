/* test_workdays.c — China's working days (src/core/workdays.c): weekends, the holidays of the
 * State Council's notices and the weekend days worked in their place (调休). */
#include "../../src/core/workdays.h"
#include "unit.h"

static void weekdays_weekends_holidays_and_make_up_days(void **state)
{
    (void)state;
    assert_true(kz_workday("2026-12-07"));  /* a Monday */
    assert_false(kz_workday("2026-12-05")); /* a Saturday */
    assert_false(kz_workday("2026-10-01")); /* 国庆节, a Thursday */
    assert_false(kz_workday("2025-06-02")); /* 端午节, a Monday */
    assert_true(kz_workday("2026-02-14"));  /* 春节调休, a Saturday */
    assert_true(kz_workday("2025-01-26"));  /* 春节调休, a Sunday */
    assert_true(kz_workday("2027-01-04"));  /* a year not covered: weekdays only */
    assert_true(kz_workdays_last_year() >= 2026);
}

static void adding_working_days_skips_what_is_off(void **state)
{
    (void)state;
    char out[11];
    assert_true(kz_workday_add("2026-09-30", 1, out));
    assert_string_equal(out, "2026-10-08"); /* past 国庆节 and its weekend */
    assert_true(kz_workday_add("2026-02-13", 1, out));
    assert_string_equal(out, "2026-02-14"); /* the Saturday worked */
    assert_true(kz_workday_add("2025-01-24", 2, out));
    assert_string_equal(out, "2025-01-27"); /* Sunday 26th worked, then Monday */
    assert_true(kz_workday_add("2026-12-07", 10, out));
    assert_string_equal(out, "2026-12-21");
    assert_false(kz_workday_add("2026-02-30", 1, out));
    assert_false(kz_workday_add("2026-12-07", 0, out));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(weekdays_weekends_holidays_and_make_up_days),
        cmocka_unit_test(adding_working_days_skips_what_is_off),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
