/* test_misc.c — the arena, login rate limiting, metrics exposition, the vocabularies, password
 * rules and token hashing. */
#include "unit.h"
#include "core/arena.h"
#include "core/vocab.h"
#include "domain/auth.h"
#include "http/metrics.h"
#include "http/router.h"

/* ---- arena ---- */

static bool all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i]) return false;
    return true;
}

static void arena_small_and_huge(void **state)
{
    (void)state;
    /* dirty the heap first so that zeroing is not an accident of fresh pages */
    for (int round = 0; round < 2; round++) {
        kz_arena a;
        kz_arena_init(&a);
        assert_null(a.head);
        assert_int_equal(a.total, 0);
        enum { NSMALL = 5000 };
        unsigned char **ptrs = malloc(sizeof(*ptrs) * NSMALL);
        size_t *sizes = malloc(sizeof(*sizes) * NSMALL);
        assert_non_null(ptrs);
        assert_non_null(sizes);
        for (int i = 0; i < NSMALL; i++) {
            sizes[i] = (size_t)(i % 97) + 1;
            ptrs[i] = kz_alloc(&a, sizes[i]);
            assert_non_null(ptrs[i]);
            assert_int_equal((uintptr_t)ptrs[i] % 16, 0);
            if (!all_zero(ptrs[i], sizes[i])) fail_msg("allocation %d is not zeroed", i);
            memset(ptrs[i], (i % 250) + 1, sizes[i]);
        }
        size_t huge_n = (size_t)8 << 20;
        unsigned char *huge = kz_alloc(&a, huge_n);
        assert_int_equal((uintptr_t)huge % 16, 0);
        assert_true(all_zero(huge, huge_n));
        memset(huge, 0xAB, huge_n);
        /* allocations after the huge one still work and are separate */
        unsigned char *after = kz_alloc(&a, 33);
        assert_int_equal((uintptr_t)after % 16, 0);
        assert_true(all_zero(after, 33));
        memset(after, 0xCD, 33);
        /* nothing overlapped: every block still holds its own pattern */
        for (int i = 0; i < NSMALL; i++)
            for (size_t k = 0; k < sizes[i]; k++)
                if (ptrs[i][k] != (unsigned char)((i % 250) + 1))
                    fail_msg("allocation %d was overwritten", i);
        assert_int_equal(huge[0], 0xAB);
        assert_int_equal(huge[huge_n - 1], 0xAB);
        assert_true(a.total >= huge_n + 33);
        /* zero-size allocations are distinct valid pointers or at least aligned */
        void *z = kz_alloc(&a, 0);
        assert_int_equal((uintptr_t)z % 16, 0);
        free(ptrs);
        free(sizes);
        kz_arena_free(&a);
        assert_null(a.head);
        assert_int_equal(a.total, 0);
    }
}

static void arena_strings(void **state)
{
    (void)state;
    kz_arena a;
    kz_arena_init(&a);
    assert_string_equal(kz_sprintf(&a, "%s-%d-%05.1f", "ab", 42, 3.14159), "ab-42-003.1");
    assert_string_equal(kz_sprintf(&a, "%s", ""), "");
    char big[20000];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = 0;
    char *s = kz_sprintf(&a, "<%s>", big);
    assert_int_equal(strlen(s), sizeof big + 1);
    assert_int_equal(s[0], '<');
    assert_int_equal(s[sizeof big], '>');
    assert_int_equal((uintptr_t)s % 16, 0);
    assert_string_equal(kz_strdup(&a, "四川"), "四川");
    assert_null(kz_strdup(&a, NULL));
    assert_string_equal(kz_strndup(&a, "hello", 3), "hel");
    kz_arena_free(&a);
    /* an arena can be used again after free */
    assert_string_equal(kz_sprintf(&a, "%d", 7), "7");
    kz_arena_free(&a);
}

/* ---- metrics ---- */

static int route_index(const char *method, const char *pattern)
{
    for (int i = 0; i < kz_nroutes; i++)
        if (!strcmp(kz_routes[i].method, method) && !strcmp(kz_routes[i].pattern, pattern))
            return i;
    fail_msg("no route %s %s", method, pattern);
    return -1;
}

static void metrics_render_counts(void **state)
{
    (void)state;
    int r = route_index("GET", "/api/v1/orgs/{id}");
    size_t len = 0;
    char *text = kz_metrics_render(&len);
    assert_non_null(text);
    assert_int_equal(strlen(text), len);
    assert_null(strstr(text, "route=\"/api/v1/orgs/{id}\""));
    assert_non_null(strstr(text, "# TYPE kezhuan_http_requests_total counter\n"));
    free(text);

    kz_metrics_observe(r, 200, 1500000); /* 1.5 ms */
    kz_metrics_observe(r, 200, 1500000);
    kz_metrics_observe(r, 404, 300000); /* 0.3 ms */
    kz_metrics_observe(r, 299, 100);    /* an unlisted status */
    kz_metrics_observe(-1, 404, 100);   /* no route */
    text = kz_metrics_render(&len);
    assert_int_equal(strlen(text), len);
    static const char *const want[] = {
        "kezhuan_http_requests_total{method=\"GET\",route=\"/api/v1/orgs/{id}\",status=\"200\"} "
        "2\n",
        "kezhuan_http_requests_total{method=\"GET\",route=\"/api/v1/orgs/{id}\",status=\"404\"} "
        "1\n",
        "kezhuan_http_requests_total{method=\"GET\",route=\"/api/v1/orgs/{id}\",status=\"other\"} "
        "1\n",
        "route=\"unmatched\",status=\"404\"} 1\n",
        "kezhuan_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/orgs/{id}\","
        "le=\"0.0005\"} 2\n",
        "kezhuan_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/orgs/{id}\","
        "le=\"0.001\"} 2\n",
        "kezhuan_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/orgs/{id}\","
        "le=\"0.0025\"} 4\n",
        "kezhuan_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/orgs/{id}\","
        "le=\"+Inf\"} 4\n",
        "kezhuan_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/orgs/{id}\"} "
        "4\n",
        "kezhuan_http_request_duration_seconds_sum{method=\"GET\",route=\"/api/v1/orgs/{id}\"} "
        "0.003300\n",
        "# TYPE kezhuan_http_requests_in_flight gauge\n",
        "# TYPE kezhuan_db_tx_retries_total counter\n",
    };
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
        if (!strstr(text, want[i])) fail_msg("metrics lack: %s\n--- got:\n%s", want[i], text);
    /* other routes stay out of the exposition */
    assert_null(strstr(text, "route=\"/api/v1/users/{id}\""));
    free(text);

    long before = kz_metrics_inflight_now();
    kz_metrics_inflight(1);
    kz_metrics_inflight(1);
    assert_int_equal(kz_metrics_inflight_now(), before + 2);
    text = kz_metrics_render(&len);
    char line[80];
    snprintf(line, sizeof line, "\nkezhuan_http_requests_in_flight %ld\n", before + 2);
    assert_non_null(strstr(text, line));
    free(text);
    kz_metrics_inflight(-2);
    assert_int_equal(kz_metrics_inflight_now(), before);
}

/* ---- vocabularies ---- */

static void vocab_regions(void **state)
{
    (void)state;
    kz_vocab_init();
    kz_vocab_init(); /* idempotent */
    const kz_vocab_entry *e = kz_vocab_get(KZ_VOCAB_REGION, "510100");
    assert_non_null(e);
    assert_string_equal(e->code, "510100");
    assert_string_equal(e->name, "成都市");
    assert_int_equal(e->level, 2);
    assert_string_equal(e->parent, "510000");
    e = kz_vocab_get(KZ_VOCAB_REGION, "510104");
    assert_non_null(e);
    assert_string_equal(e->name, "锦江区");
    assert_int_equal(e->level, 3);
    assert_string_equal(e->parent, "510100");
    e = kz_vocab_get(KZ_VOCAB_REGION, "510000");
    assert_non_null(e);
    assert_string_equal(e->name, "四川省");
    assert_int_equal(e->level, 1);
    assert_string_equal(e->parent, "");
    assert_null(kz_vocab_get(KZ_VOCAB_REGION, "999999"));
    assert_null(kz_vocab_get(KZ_VOCAB_REGION, "5101"));
    assert_null(kz_vocab_get(KZ_VOCAB_REGION, ""));
    assert_null(kz_vocab_get(KZ_VOCAB_REGION, NULL));
    assert_null(kz_vocab_get(KZ_VOCAB_REGION, "C")); /* an industry, not a region */
}

static void vocab_industries(void **state)
{
    (void)state;
    kz_vocab_init();
    const kz_vocab_entry *e = kz_vocab_get(KZ_VOCAB_INDUSTRY, "C");
    assert_non_null(e);
    assert_string_equal(e->name, "制造业");
    assert_int_equal(e->level, 1);
    e = kz_vocab_get(KZ_VOCAB_INDUSTRY, "39");
    assert_non_null(e);
    assert_int_equal(e->level, 2);
    assert_string_equal(e->parent, "C");
    e = kz_vocab_get(KZ_VOCAB_INDUSTRY, "3911");
    assert_non_null(e);
    assert_int_equal(e->level, 4);
    assert_null(kz_vocab_get(KZ_VOCAB_INDUSTRY, "Z"));
    assert_null(kz_vocab_get(KZ_VOCAB_INDUSTRY, "510100"));
    assert_null(kz_vocab_get(KZ_VOCAB__COUNT, "C"));
}

/* Codes are keys: each appears once, in order, and finds its own entry; every region's
 * parent is another region one level up. All problems are listed before failing. */
static void vocab_sorted_unique_and_well_formed(void **state)
{
    (void)state;
    kz_vocab_init();
    int problems = 0;
    for (int k = 0; k < KZ_VOCAB__COUNT; k++) {
        const char *kind = k == KZ_VOCAB_REGION ? "region" : "industry";
        int n = 0;
        const kz_vocab_entry *all = kz_vocab_all((kz_vocab_kind)k, &n);
        assert_non_null(all);
        assert_true(n > (k == KZ_VOCAB_REGION ? 3000 : 1500));
        for (int i = 0; i < n; i++) {
            assert_true(all[i].code[0] != 0);
            assert_true(all[i].name[0] != 0);
            assert_true(all[i].level >= 1 && all[i].level <= 4);
            if (i && strcmp(all[i - 1].code, all[i].code) >= 0) {
                print_error("%s %s (%s, level %d) follows %s (%s, level %d): codes must be "
                            "unique and sorted\n",
                            kind, all[i].code, all[i].name, all[i].level, all[i - 1].code,
                            all[i - 1].name, all[i - 1].level);
                problems++;
            }
        }
    }
    int n = 0;
    const kz_vocab_entry *regions = kz_vocab_all(KZ_VOCAB_REGION, &n);
    for (int i = 0; i < n; i++) {
        if (regions[i].level == 1) {
            assert_string_equal(regions[i].parent, "");
            continue;
        }
        const kz_vocab_entry *p = kz_vocab_get(KZ_VOCAB_REGION, regions[i].parent);
        if (!p || !strcmp(p->code, regions[i].code) || p->level != regions[i].level - 1) {
            print_error("region %s (%s): parent %s is missing, itself or not one level up\n",
                        regions[i].code, regions[i].name, regions[i].parent);
            problems++;
        }
    }
    /* industries: a code's length says its level (门类 letter, 大类 2, 中类 3, 小类 4 digits) */
    const kz_vocab_entry *ind = kz_vocab_all(KZ_VOCAB_INDUSTRY, &n);
    for (int i = 0; i < n; i++) {
        size_t len = strlen(ind[i].code);
        int want = ind[i].code[0] >= 'A' && ind[i].code[0] <= 'Z' ? 1 : (int)len;
        if (ind[i].level != want || (want > 1 && (len < 2 || len > 4))) {
            print_error("industry %s (%s): level %d does not fit the code\n", ind[i].code,
                        ind[i].name, ind[i].level);
            problems++;
        }
    }
    /* GB/T 4754-2017: 3741 飞机制造 is a 小类 under 374 航空、航天器及设备制造 */
    const kz_vocab_entry *e = kz_vocab_get(KZ_VOCAB_INDUSTRY, "3741");
    if (!e || strcmp(e->name, "飞机制造") != 0) {
        print_error("industry 3741 飞机制造 is missing\n");
        problems++;
    }
    e = kz_vocab_get(KZ_VOCAB_INDUSTRY, "374");
    if (!e || strcmp(e->name, "航空、航天器及设备制造") != 0) {
        print_error("industry 374 is not 航空、航天器及设备制造\n");
        problems++;
    }
    if (problems) fail_msg("%d problem(s) in the vocabularies", problems);
}

/* ---- passwords and tokens ---- */

static void password_rules(void **state)
{
    (void)state;
    assert_null(kz_password_weak("Kezhuan@2026"));
    assert_null(kz_password_weak("abcd1234"));
    assert_null(kz_password_weak("abcdefg!"));
    assert_null(kz_password_weak("密码密码1234")); /* 8 characters, two kinds */
    assert_non_null(kz_password_weak(""));
    assert_non_null(kz_password_weak("abc1234"));          /* 7 */
    assert_non_null(kz_password_weak("abcdefgh"));         /* letters only */
    assert_non_null(kz_password_weak("ABCDefgh"));         /* letters only, mixed case */
    assert_non_null(kz_password_weak("12345678"));         /* digits only */
    assert_non_null(kz_password_weak("!!!!!!!!"));         /* symbols only */
    assert_non_null(kz_password_weak("密码密码密码密码")); /* one kind */
    assert_non_null(kz_password_weak("密码1234"));         /* 6 characters, 14 bytes */
    char pw[200];
    memset(pw, 'a', 127);
    pw[127] = '1';
    pw[128] = 0;
    assert_null(kz_password_weak(pw)); /* 128 */
    pw[128] = '2';
    pw[129] = 0;
    assert_non_null(kz_password_weak(pw)); /* 129 */
}

static void token_hash(void **state)
{
    (void)state;
    char h[KZ_HASH_HEX], h2[KZ_HASH_HEX];
    /* FIPS 180-2 test vector */
    kz_token_hash("abc", h);
    assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    kz_token_hash("", h);
    assert_string_equal(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const char *tok = "q1w2e3r4t5y6u7i8o9p0-_ASDFGHJKLZXCVBNMqwertyu";
    kz_token_hash(tok, h);
    kz_token_hash(tok, h2);
    assert_string_equal(h, h2);
    assert_int_equal(strlen(h), 64);
    for (int i = 0; i < 64; i++)
        assert_true((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' && h[i] <= 'f'));
    kz_token_hash("q1w2e3r4t5y6u7i8o9p0-_ASDFGHJKLZXCVBNMqwertyU", h2);
    assert_string_not_equal(h, h2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_small_and_huge),
        cmocka_unit_test(arena_strings),
        cmocka_unit_test(metrics_render_counts),
        cmocka_unit_test(vocab_regions),
        cmocka_unit_test(vocab_industries),
        cmocka_unit_test(vocab_sorted_unique_and_well_formed),
        cmocka_unit_test(password_rules),
        cmocka_unit_test(token_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
