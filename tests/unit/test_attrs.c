/* test_attrs.c — the list attributes (search/attrs.h) against a brute force over the same rows:
 * for random rows (money at the edges of its buckets, shared days, missing values) and random
 * queries — every visibility, every filter, every sort key in both directions, page sizes from
 * 1 to the maximum — every page followed through its cursor to the end equals the brute force's
 * page (ids and keys), the totals agree, and so does every facet count; then again after random
 * updates and deletions. Again with money crowded in a few values of a few buckets (the ends of
 * the ranges on and next to those values), as the exact values of a crowded bucket answer a
 * range ending inside it. A fixed seed (KZ_ATTRS_SEED=N runs another). */
#include "unit.h"
#include "search/attrs.h"

#define NROWS 3000
#define NQ    1500

static uint64_t rng;

static uint64_t next(void)
{
    uint64_t z = (rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static int rnd(int n)
{
    return (int)(next() % (uint64_t)n);
}

#define PICK(a) ((a)[rnd((int)(sizeof(a) / sizeof((a)[0])))])

static const uint32_t regions[] = {0,      510107, 510104, 510100, 510703,
                                   511502, 510000, 500103, 440106};
static const char *const industries[] = {"",    "C3841", "C384", "C39",  "M7320",
                                         "M73", "I65",   "C",    "E4411"};

static int64_t money(void)
{
    if (rnd(4) == 0) return -1;
    if (rnd(2)) return 100000LL * (1 + rnd(500));
    int64_t v = (int64_t)1 << rnd(40);
    v += rnd(5) - 2 + (rnd(3) == 0 ? v / 4 * rnd(4) : 0);
    return v < 0 ? 0 : v;
}

static kz_at_row random_row(void)
{
    kz_at_row r = {0};
    r.org_id = 1 + (uint32_t)rnd(12);
    r.region = PICK(regions);
    snprintf(r.industry, sizeof r.industry, "%s", PICK(industries));
    r.status = (uint8_t)rnd(6);
    r.kind = rnd(5) == 0 ? 255 : (uint8_t)rnd(4);
    r.trl = (int8_t)(rnd(10) - 1); /* -1 none, 0 never given but taken as none, 1..9 */
    if (r.trl == 0) r.trl = -1;
    r.modes = (uint32_t)rnd(16);
    r.money_lo = money();
    r.money_hi = r.money_lo < 0 || rnd(3) == 0 ? money() : r.money_lo + money() / 2;
    r.updated = 1780000000 + (int64_t)rnd(40) * 86400 + rnd(3) * 3600;
    r.deadline = rnd(3) == 0 ? -1 : 1800000000 + (int64_t)rnd(30) * 86400;
    return r;
}

/* ---- the brute force ---- */

static kz_at_row rows[NROWS + 1];
static bool live[NROWS + 1];

static bool has_prefix_digits(uint32_t region, const char *p)
{
    if (!region) return false;
    char s[16];
    snprintf(s, sizeof s, "%06u", (unsigned)region);
    return !strncmp(s, p, strlen(p));
}

static bool visible(const kz_at_query *q, const kz_at_row *r)
{
    if (q->vis_all) return true;
    if (q->vis_public & (1u << r->status)) return true;
    if (q->vis_org && r->org_id == q->vis_org) return true;
    if (q->vis_nondraft && r->status != q->draft_status) return true;
    return q->vis_region && r->status != q->draft_status &&
           has_prefix_digits(r->region, q->vis_region);
}

static bool in_money(int64_t v, int64_t lo, int64_t hi)
{
    if (lo == KZ_AT_NONE && hi == KZ_AT_NONE) return true;
    if (v < 0) return false;
    return (lo == KZ_AT_NONE || v >= lo) && (hi == KZ_AT_NONE || v <= hi);
}

static bool passes(const kz_at_query *q, const kz_at_row *r)
{
    if (!visible(q, r)) return false;
    if (q->status != KZ_AT_NONE && r->status != q->status) return false;
    if (q->section && r->industry[0] != q->section) return false;
    if (q->industry &&
        (!r->industry[0] || strncmp(r->industry + 1, q->industry, strlen(q->industry))))
        return false;
    if (q->region && !has_prefix_digits(r->region, q->region)) return false;
    if (q->org != KZ_AT_NONE && r->org_id != q->org) return false;
    if (q->mode != KZ_AT_NONE && !(r->modes & (1u << q->mode))) return false;
    if (q->kind != KZ_AT_NONE && r->kind != q->kind) return false;
    if (q->trl_lo != KZ_AT_NONE || q->trl_hi != KZ_AT_NONE || q->trl_none_too) {
        int lo = q->trl_lo == KZ_AT_NONE ? 1 : q->trl_lo,
            hi = q->trl_hi == KZ_AT_NONE ? 9 : q->trl_hi;
        bool in = r->trl >= 1 && r->trl >= lo && r->trl <= hi;
        if (!in && !(q->trl_none_too && r->trl < 1)) return false;
    }
    return in_money(r->money_lo, q->lo_min, q->lo_max) &&
           in_money(r->money_hi, q->hi_min, q->hi_max);
}

static int64_t key_of(kz_at_key k, const kz_at_row *r, uint32_t id)
{
    switch (k) {
    case KZ_AT_K_ID: return id;
    case KZ_AT_K_MONEY_LO: return r->money_lo < 0 ? -1 : r->money_lo;
    case KZ_AT_K_MONEY_HI: return r->money_hi < 0 ? -1 : r->money_hi;
    case KZ_AT_K_TRL: return r->trl >= 1 ? r->trl : 0;
    case KZ_AT_K_UPDATED: return r->updated;
    case KZ_AT_K_DEADLINE: return r->deadline < 0 ? 0 : r->deadline;
    }
    return 0;
}

typedef struct kid {
    int64_t key;
    uint32_t id;
} kid;

static bool desc_order;

static int kid_cmp(const void *a, const void *b)
{
    const kid *x = a, *y = b;
    int c = x->key != y->key ? (x->key < y->key ? -1 : 1) : (x->id < y->id ? -1 : x->id > y->id);
    return desc_order ? -c : c;
}

static bool after(const kz_at_query *q, int64_t k, uint32_t id)
{
    if (!q->has_cursor) return true;
    if (k != q->cursor_key) return q->desc ? k < q->cursor_key : k > q->cursor_key;
    return q->desc ? (int64_t)id < q->cursor_id : (int64_t)id > q->cursor_id;
}

/* ---- the comparison ---- */

static void random_query(kz_at_query *q)
{
    static const char *const vis_regions[] = {"51", "5101", "510107", "44", "5107"};
    static const char *const inds[] = {"3", "38", "384", "3841", "73", "7320", "65", "4411", "9"};
    static const char *const regs[] = {"5", "51", "510", "5101", "51010", "510107", "44", "500103"};
    static const kz_at_key keys[] = {KZ_AT_K_ID,  KZ_AT_K_MONEY_LO, KZ_AT_K_MONEY_HI,
                                     KZ_AT_K_TRL, KZ_AT_K_UPDATED,  KZ_AT_K_DEADLINE};
    memset(q, 0, sizeof *q);
    q->vis_all = rnd(6) == 0;
    q->vis_public = (uint32_t)rnd(8) << 2;
    q->vis_org = rnd(2) ? 1 + (uint32_t)rnd(12) : 0;
    q->vis_nondraft = rnd(5) == 0;
    q->vis_region = rnd(3) == 0 ? PICK(vis_regions) : NULL;
    q->draft_status = 0;
    q->status = rnd(4) == 0 ? rnd(6) : KZ_AT_NONE;
    q->section = rnd(5) == 0 ? PICK(industries)[0] : 0;
    q->industry = rnd(5) == 0 ? PICK(inds) : NULL;
    q->region = rnd(4) == 0 ? PICK(regs) : NULL;
    q->org = rnd(6) == 0 ? 1 + rnd(12) : KZ_AT_NONE;
    q->mode = rnd(5) == 0 ? rnd(4) : KZ_AT_NONE;
    q->kind = rnd(6) == 0 ? rnd(4) : KZ_AT_NONE;
    q->trl_lo = rnd(4) == 0 ? 1 + rnd(9) : KZ_AT_NONE;
    q->trl_hi = rnd(4) == 0 ? 1 + rnd(9) : KZ_AT_NONE;
    q->trl_none_too = rnd(6) == 0;
    q->lo_min = rnd(4) == 0 ? money() : KZ_AT_NONE;
    q->lo_max = rnd(4) == 0 ? money() : KZ_AT_NONE;
    q->hi_min = rnd(6) == 0 ? money() : KZ_AT_NONE;
    q->hi_max = rnd(6) == 0 ? money() : KZ_AT_NONE;
    if (q->lo_min < 0) q->lo_min = KZ_AT_NONE;
    if (q->lo_max < 0) q->lo_max = KZ_AT_NONE;
    if (q->hi_min < 0) q->hi_min = KZ_AT_NONE;
    if (q->hi_max < 0) q->hi_max = KZ_AT_NONE;
    q->key = PICK(keys);
    q->desc = rnd(2);
    static const int limits[] = {1, 2, 5, 20, 101};
    q->limit = PICK(limits);
}

static void compare_query(const kz_at *t, kz_at_query *q, int *pages, int *nonempty)
{
    /* the brute force's whole ordered result */
    static kid all[NROWS];
    int n = 0;
    for (uint32_t id = 1; id <= NROWS; id++)
        if (live[id] && passes(q, &rows[id])) all[n++] = (kid){key_of(q->key, &rows[id], id), id};
    desc_order = q->desc;
    qsort(all, (size_t)n, sizeof *all, kid_cmp);
    q->has_cursor = false;
    int at = 0;
    for (int page = 0;; page++) {
        kz_at_result res;
        assert_int_equal(kz_at_query_run(t, q, &res), 0);
        assert_int_equal(res.total, n);
        if (page == 0) { /* the facets, once per query */
            static const kz_at_facet_of fs[] = {KZ_AT_F_SECTION, KZ_AT_F_CITY, KZ_AT_F_TRL,
                                                KZ_AT_F_KIND};
            for (int f = 0; f < 4; f++) {
                kz_at_count c[64];
                int m = kz_at_facet(t, &res, fs[f], c, 64);
                uint64_t sum = 0;
                for (int i = 0; i < m; i++) {
                    uint64_t want = 0;
                    for (int j = 0; j < n; j++) {
                        const kz_at_row *r = &rows[all[j].id];
                        int64_t v = KZ_AT_NONE;
                        if (fs[f] == KZ_AT_F_SECTION && r->industry[0]) v = r->industry[0];
                        if (fs[f] == KZ_AT_F_CITY && r->region) v = r->region / 100;
                        if (fs[f] == KZ_AT_F_TRL && r->trl >= 1) v = r->trl;
                        if (fs[f] == KZ_AT_F_KIND && r->kind != 255) v = r->kind;
                        want += v == c[i].value;
                    }
                    if (c[i].count != want)
                        fail_msg("facet %d value %lld: %llu, brute force %llu", f,
                                 (long long)c[i].value, (unsigned long long)c[i].count,
                                 (unsigned long long)want);
                    sum += c[i].count;
                }
                assert_int_equal(sum, n); /* every row counted once, none left out */
            }
        }
        int want = n - at < q->limit ? n - at : q->limit;
        if (res.n != want)
            fail_msg("page %d (key %d, desc %d, limit %d): %d rows, brute force %d", page, q->key,
                     q->desc, q->limit, res.n, want);
        for (int i = 0; i < res.n; i++)
            if (res.ids[i] != all[at + i].id || res.keys[i] != all[at + i].key)
                fail_msg(
                    "page %d row %d (key %d, desc %d): id %u key %lld, brute force id %u key %lld",
                    page, i, q->key, q->desc, res.ids[i], (long long)res.keys[i], all[at + i].id,
                    (long long)all[at + i].key);
        kz_at_result_free(&res);
        (*pages)++;
        *nonempty += res.n > 0;
        at += res.n;
        if (res.n < q->limit || at >= n || page >= 40) break; /* 40 pages show the walk */
        /* the cursor after the page's last row */
        q->has_cursor = true;
        q->cursor_key = all[at - 1].key;
        q->cursor_id = all[at - 1].id;
        /* the brute force's rows after the cursor are exactly all[at..] */
        assert_true(at == n || after(q, all[at].key, all[at].id));
    }
}

static void attrs_equal_brute_force(void **state)
{
    (void)state;
    const char *s = getenv("KZ_ATTRS_SEED");
    rng = s && *s ? strtoull(s, NULL, 10) : 20261206u;
    kz_at *t = kz_at_new();
    assert_non_null(t);
    memset(live, 0, sizeof live);
    for (uint32_t id = 1; id <= NROWS; id++)
        if (rnd(10) < 9) {
            rows[id] = random_row();
            live[id] = true;
            assert_int_equal(kz_at_put(t, id, &rows[id]), 0);
        }
    int pages = 0, nonempty = 0;
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < NQ; i++) {
            kz_at_query q;
            random_query(&q);
            compare_query(t, &q, &pages, &nonempty);
        }
        /* updates and deletions, then the same again */
        for (int i = 0; i < NROWS / 2; i++) {
            uint32_t id = 1 + (uint32_t)rnd(NROWS);
            if (rnd(4) == 0) {
                kz_at_del(t, id);
                live[id] = false;
            } else {
                rows[id] = random_row();
                live[id] = true;
                assert_int_equal(kz_at_put(t, id, &rows[id]), 0);
            }
            assert_true((kz_at_get(t, id) != NULL) == live[id]);
        }
    }
    uint64_t n = 0;
    for (uint32_t id = 1; id <= NROWS; id++)
        n += live[id];
    assert_int_equal(kz_at_count_live(t), n);
    assert_true(nonempty > pages / 4);
    print_message("attrs: %d queries, %d pages (%d not empty) equal to the brute force\n", 2 * NQ,
                  pages, nonempty);
    kz_at_free(t);
}

/* ---- crowded buckets ---- */

/* Money from a few values that crowd two buckets of both fields (as round prices do), besides a
 * bucket with more distinct values than the table keeps exactly and some values anywhere: a range
 * that ends inside a crowded bucket is answered from the bucket's exact values. */
static const int64_t crowded[] = {
    /* the bucket [41,943,040, 50,331,647]: 450,000 and 500,000 yuan, and its two ends */
    41943040, 45000000, 50000000, 50331647,
    /* the bucket [98,304, 114,687]: 1,000 yuan, 1,100 yuan, its lower end */
    98304, 100000, 110000,
    /* a lone value in the bucket of 2^40 */
    1099511627776LL};

static int64_t crowded_money(void)
{
    int c = rnd(20);
    if (c == 0) return -1;
    if (c == 1) return money();
    if (c == 2) return 3 * ((int64_t)1 << 30) + rnd(40) * 1000; /* 40 values in one bucket */
    return PICK(crowded);
}

/* a range end on, next to or between the crowded values */
static int64_t crowded_end(void)
{
    if (rnd(8) == 0) return KZ_AT_NONE;
    if (rnd(8) == 0) return 3 * ((int64_t)1 << 30) + rnd(40) * 1000 + rnd(3) - 1;
    int64_t v = PICK(crowded) + rnd(3) - 1;
    return v < 0 ? KZ_AT_NONE : v;
}

static void crowded_row(uint32_t id)
{
    rows[id] = random_row();
    rows[id].money_lo = crowded_money();
    rows[id].money_hi = crowded_money();
}

static void attrs_crowded_buckets(void **state)
{
    (void)state;
    const char *s = getenv("KZ_ATTRS_SEED");
    rng = (s && *s ? strtoull(s, NULL, 10) : 20261206u) ^ 0xc0ffee;
    kz_at *t = kz_at_new();
    assert_non_null(t);
    memset(live, 0, sizeof live);
    for (uint32_t id = 1; id <= NROWS; id++)
        if (rnd(10) < 9) {
            crowded_row(id);
            live[id] = true;
            assert_int_equal(kz_at_put(t, id, &rows[id]), 0);
        }
    int pages = 0, nonempty = 0;
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < NQ / 3; i++) {
            kz_at_query q;
            random_query(&q);
            /* the money range always, at crowded values, on one field or both */
            int which = rnd(3);
            q.lo_min = q.lo_max = q.hi_min = q.hi_max = KZ_AT_NONE;
            if (which != 1) q.lo_min = crowded_end(), q.lo_max = crowded_end();
            if (which != 0) q.hi_min = crowded_end(), q.hi_max = crowded_end();
            compare_query(t, &q, &pages, &nonempty);
        }
        /* updates and deletions: values leave buckets and come back */
        for (int i = 0; i < NROWS / 2; i++) {
            uint32_t id = 1 + (uint32_t)rnd(NROWS);
            if (rnd(3) == 0) {
                kz_at_del(t, id);
                live[id] = false;
            } else {
                crowded_row(id);
                live[id] = true;
                assert_int_equal(kz_at_put(t, id, &rows[id]), 0);
            }
        }
        if (round == 1) /* every row of the value 45,000,000 away, then back */
            for (uint32_t id = 1; id <= NROWS; id++)
                if (live[id] && rows[id].money_lo == 45000000) {
                    kz_at_del(t, id);
                    live[id] = false;
                }
    }
    assert_true(nonempty > pages / 4);
    print_message("attrs, crowded buckets: %d queries, %d pages (%d not empty) equal to the brute "
                  "force\n",
                  NQ, pages, nonempty);
    kz_at_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(attrs_equal_brute_force),
                                       cmocka_unit_test(attrs_crowded_buckets)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
