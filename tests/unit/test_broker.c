/* test_broker.c — a broker's figures from their counts (src/domain/broker.c): the signed rate in
 * percent to one decimal, rounded half up from integers; the median of the days from
 * recommendation to signature, exact from the histogram (the mean of the two middle values for an
 * even count), against a sort of the expanded values; and the day numbers of dates it subtracts
 * (core/validate.c kz_date_days) against the C library's. */
#include "../../src/core/validate.h"
#include "../../src/domain/broker.h"
#include "unit.h"
#include <stdlib.h>
#include <time.h>

static json_t *figures(const char *counts_json)
{
    json_t *counts = json_loads(counts_json, 0, NULL);
    assert_non_null(counts);
    json_t *f = kz_broker_figures(counts);
    json_decref(counts);
    return f;
}

static void rate_and_reasons(void **state)
{
    (void)state;
    json_t *f =
        figures("{\"taken\": 6, \"deal:signed\": 1, \"deal:declined\": 2, "
                "\"deal:recommended\": 1, \"deal:negotiating\": 2, \"reached:contacted\": 5, "
                "\"declined:price\": 2, \"train:hours\": 112, \"train:n\": 2}");
    assert_true(json_real_value(json_object_get(f, "signed_rate")) == 16.7); /* 16.66… */
    assert_int_equal(json_integer_value(json_object_get(f, "open")), 3);
    assert_int_equal(json_integer_value(json_object_get(f, "contacted")), 5);
    json_t *why = json_object_get(f, "decline_reasons");
    assert_int_equal(json_object_size(why), 6); /* every code, zero or not */
    assert_int_equal(json_integer_value(json_object_get(why, "price")), 2);
    assert_int_equal(json_integer_value(json_object_get(why, "fit")), 0);
    assert_true(json_is_null(json_object_get(f, "median_days_to_sign")));
    json_decref(f);
    f = figures("{\"taken\": 8, \"deal:signed\": 1}"); /* 12.5 exactly */
    assert_true(json_real_value(json_object_get(f, "signed_rate")) == 12.5);
    json_decref(f);
    f = figures("{\"taken\": 3, \"deal:signed\": 2}"); /* 66.66… → 66.7 */
    assert_true(json_real_value(json_object_get(f, "signed_rate")) == 66.7);
    json_decref(f);
    f = figures("{}");
    assert_true(json_is_null(json_object_get(f, "signed_rate")));
    assert_int_equal(json_integer_value(json_object_get(f, "taken")), 0);
    json_decref(f);
}

static int cmp_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

static void median_is_exact(void **state)
{
    (void)state;
    srand(20261208);
    for (int round = 0; round < 2000; round++) {
        int values[400], n = 0;
        json_t *counts = json_object();
        int bins = 1 + rand() % 12;
        for (int b = 0; b < bins; b++) {
            int day = rand() % 400, k = 1 + rand() % 30;
            char key[32];
            snprintf(key, sizeof key, "signdays:%d", day);
            json_int_t had = json_integer_value(json_object_get(counts, key));
            json_object_set_new(counts, key, json_integer(had + k));
            for (int i = 0; i < k; i++)
                values[n++] = day;
        }
        json_object_set_new(counts, "signdays:999", json_integer(0)); /* (a count back to zero) */
        qsort(values, (size_t)n, sizeof values[0], cmp_int);
        double want = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
        json_t *f = kz_broker_figures(counts);
        json_t *got = json_object_get(f, "median_days_to_sign");
        assert_true(json_is_number(got));
        assert_true(json_number_value(got) == want);
        /* a whole number of days is an integer, a half day a real */
        assert_true(json_is_integer(got) == (want == (double)(long long)want));
        json_decref(f);
        json_decref(counts);
    }
}

static void date_days_agree_with_the_c_library(void **state)
{
    (void)state;
    assert_int_equal(kz_date_days("1970-01-01"), 0);
    assert_int_equal(kz_date_days("2000-03-01") - kz_date_days("2000-02-28"), 2); /* a leap year */
    assert_int_equal(kz_date_days("2100-03-01") - kz_date_days("2100-02-28"), 1); /* not one */
    assert_int_equal(kz_date_days("1969-12-31"), -1);
    srand(7);
    for (int i = 0; i < 20000; i++) {
        char d[16];
        int y = 1900 + rand() % 300, m = 1 + rand() % 12, day = 1 + rand() % 28;
        snprintf(d, sizeof d, "%04d-%02d-%02d", y, m, day);
        struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = day};
        assert_int_equal(kz_date_days(d), (long long)timegm(&tm) / 86400); /* (midnight: exact) */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rate_and_reasons),
        cmocka_unit_test(median_is_exact),
        cmocka_unit_test(date_days_agree_with_the_c_library),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
