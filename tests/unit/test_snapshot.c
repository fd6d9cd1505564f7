/* test_snapshot.c — the search index snapshot: kz_ix_save/kz_ix_load and kz_at_save/kz_at_load
 * give back indexes and attribute tables that answer exactly as the saved ones (every search,
 * score, value list, statistic, row, list page, total and facet), that stay writable, and the
 * snapshot file (domain/ixsnap.c) is refused when truncated, when any byte of it is changed,
 * when it belongs to another database or another analyzer; a stream of random bytes or a
 * stream cut anywhere never loads (and, under ASan, never reads outside its buffer). */
#include "unit.h"
#include "domain/ixsnap.h"
#include "search/analyze.h"
#include "search/attrs.h"
#include "search/index.h"

static const char *const vocab[] = {
    "电池",  "锂离子", "材料", "储能",   "传感器", "芯片", "算法", "检测", "农业", "医疗",
    "图像",  "网络",   "控制", "机器人", "新能源", "光伏", "催化", "涂层", "数据", "平台",
    "alpha", "beta",   "5g",   "zl2023", "gamma",  "电机", "轴承", "稀土", "钒钛", "白酒",
};
#define NV (sizeof vocab / sizeof vocab[0])

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

static void random_text(char *buf, size_t cap, uint32_t words)
{
    size_t n = 0;
    buf[0] = '\0';
    for (uint32_t i = 0; i < words; i++) {
        const char *w = vocab[rnd(NV)];
        size_t l = strlen(w);
        if (n + l + 2 >= cap) break;
        memcpy(buf + n, w, l);
        n += l;
        if (rnd(3) == 0) buf[n++] = ' ';
        buf[n] = '\0';
    }
}

static void add_random(kz_index *ix, uint64_t key)
{
    char text[KZ_IX_FIELDS][1200];
    kz_ix_doc doc = {.key = key};
    uint32_t words[KZ_IX_FIELDS] = {1 + rnd(4), rnd(3), 2 + rnd(rnd(4) ? 40 : 400), rnd(10)};
    for (int f = 0; f < KZ_IX_FIELDS; f++) {
        random_text(text[f], sizeof text[f], words[f]);
        doc.text[f] = text[f];
        doc.len[f] = strlen(text[f]);
    }
    doc.counted = rnd(5) != 0;
    doc.attrs.status = (uint8_t)rnd(4);
    doc.attrs.region = rnd(2) ? 510104 : 510703;
    strcpy(doc.attrs.industry, rnd(2) ? "C3841" : "I6510");
    doc.attrs.trl = (int8_t)(1 + rnd(9));
    doc.attrs.org_id = rnd(50);
    doc.attrs.money_lo = rnd(3) ? (int64_t)rnd(1000000) : -1;
    assert_true(kz_ix_add(ix, &doc) >= 0);
}

/* An index with dead documents, a compaction behind it and more changes after it. */
static kz_index *random_index(uint32_t keys, uint32_t ops)
{
    kz_index *ix = kz_ix_new();
    assert_non_null(ix);
    for (uint32_t i = 0; i < ops; i++) {
        uint64_t key = 1 + rnd(keys);
        if (rnd(6) == 0)
            kz_ix_delete(ix, key);
        else
            add_random(ix, key);
        if (i == ops / 2) assert_int_equal(kz_ix_compact(ix), 0);
    }
    return ix;
}

typedef struct mem {
    uint8_t *p;
    size_t n, cap;
} mem;

static int mem_put(void *vctx, const void *p, size_t n)
{
    mem *m = vctx;
    if (m->n + n > m->cap) {
        size_t nc = (m->n + n) * 2;
        uint8_t *q = realloc(m->p, nc);
        if (!q) return -1;
        m->p = q;
        m->cap = nc;
    }
    memcpy(m->p + m->n, p, n);
    m->n += n;
    return 0;
}

static const kz_ix_params P = {.k1 = 1.2, .b = {0.75, 0.75, 0.75, 0.75}, .w = {3, 2, 1, 0.5}};

/* Every observable answer of a and b agrees. */
static void same_index(const kz_index *a, const kz_index *b)
{
    assert_int_equal(kz_ix_docs(a), kz_ix_docs(b));
    assert_int_equal(kz_ix_live(a), kz_ix_live(b));
    assert_int_equal(kz_ix_counted(a), kz_ix_counted(b));
    assert_int_equal(kz_ix_terms(a), kz_ix_terms(b));
    for (int f = 0; f < KZ_IX_FIELDS; f++)
        assert_true(kz_ix_avglen(a, f) == kz_ix_avglen(b, f));
    for (uint32_t d = 0; d < kz_ix_docs(a); d++) {
        assert_int_equal(kz_ix_is_live(a, d), kz_ix_is_live(b, d));
        assert_int_equal(kz_ix_key_of(a, d), kz_ix_key_of(b, d));
        assert_memory_equal(kz_ix_attrs_of(a, d), kz_ix_attrs_of(b, d), sizeof(kz_ix_attrs));
        for (int f = 0; f < KZ_IX_FIELDS; f++)
            assert_int_equal(kz_ix_field_len(a, d, f), kz_ix_field_len(b, d, f));
        if (kz_ix_is_live(a, d)) assert_int_equal(kz_ix_doc_of(b, kz_ix_key_of(a, d)), (int64_t)d);
    }
    for (size_t i = 0; i < NV; i++)
        assert_int_equal(kz_ix_df(a, vocab[i], (uint32_t)strlen(vocab[i])),
                         kz_ix_df(b, vocab[i], (uint32_t)strlen(vocab[i])));
    const char *vals[][2] = {{"001", NULL},    {"003", NULL}, {"51", NULL},  {"5107", NULL},
                             {"510104", NULL}, {"C", NULL},   {"C38", NULL}, {"I6510", NULL}};
    int what[] = {KZ_IX_V_STATUS, KZ_IX_V_STATUS,   KZ_IX_V_REGION,   KZ_IX_V_REGION,
                  KZ_IX_V_REGION, KZ_IX_V_INDUSTRY, KZ_IX_V_INDUSTRY, KZ_IX_V_INDUSTRY};
    uint32_t nb = kz_ix_docs(a) + 64;
    uint64_t *ba = calloc(nb / 64 + 1, 8), *bb = calloc(nb / 64 + 1, 8);
    for (size_t i = 0; i < sizeof what / sizeof what[0]; i++) {
        uint64_t key = kz_ix_value_key(what[i], vals[i][0]);
        memset(ba, 0, (nb / 64 + 1) * 8);
        memset(bb, 0, (nb / 64 + 1) * 8);
        assert_int_equal(kz_ix_value_count(a, key), kz_ix_value_count(b, key));
        assert_int_equal(kz_ix_value_bits(a, key, ba, nb), kz_ix_value_bits(b, key, bb, nb));
        assert_memory_equal(ba, bb, (nb / 64 + 1) * 8);
    }
    free(ba);
    free(bb);
    /* random queries: the same hits, in the same order, with the same scores */
    kz_ix_hit ha[50], hb[50];
    for (int qn = 0; qn < 300; qn++) {
        kz_ix_qterm q[4];
        size_t nq = 1 + rnd(4);
        for (size_t i = 0; i < nq; i++) {
            const char *w = vocab[rnd(NV)];
            q[i] = (kz_ix_qterm){w, (uint32_t)strlen(w), 1.0 + rnd(3)};
        }
        uint32_t k = 1 + rnd(50);
        kz_ix_stats sa = {0}, sb = {0};
        int na = kz_ix_search(a, q, nq, &P, NULL, k, ha, &sa);
        int nbh = kz_ix_search(b, q, nq, &P, NULL, k, hb, &sb);
        assert_int_equal(na, nbh);
        /* the same work: the block bounds are the saved index's */
        assert_memory_equal(&sa, &sb, sizeof sa);
        for (int i = 0; i < na; i++) {
            assert_int_equal(ha[i].doc, hb[i].doc);
            assert_true(ha[i].score == hb[i].score);
        }
    }
}

static kz_index *roundtrip_ix(const kz_index *ix, mem *m)
{
    m->n = 0;
    kz_sw w = {.put = mem_put, .ctx = m};
    assert_int_equal(kz_ix_save(ix, &w), 0);
    kz_sr r = {.p = m->p, .n = m->n};
    const char *why;
    kz_index *back = kz_ix_load(&r, &why);
    assert_non_null(back);
    assert_int_equal(r.off, m->n);
    return back;
}

static void test_index_round_trip(void **state)
{
    (void)state;
    mem m = {0};
    kz_index *ix = random_index(400, 1500);
    kz_index *back = roundtrip_ix(ix, &m);
    same_index(ix, back);
    /* both stay writable and keep agreeing: updates, deletes, new terms, a compaction */
    for (int i = 0; i < 300; i++) {
        uint64_t key = 1 + rnd(500);
        uint64_t save = rng;
        if (rnd(5) == 0) {
            kz_ix_delete(ix, key);
            kz_ix_delete(back, key);
            continue;
        }
        rng = save;
        add_random(ix, key);
        rng = save;
        add_random(back, key);
    }
    kz_ix_doc nd = {.key = 9999, .text = {"全新词语 omega"}, .len = {19}, .counted = true};
    assert_true(kz_ix_add(ix, &nd) >= 0);
    assert_true(kz_ix_add(back, &nd) >= 0);
    same_index(ix, back);
    assert_int_equal(kz_ix_compact(ix), 0);
    assert_int_equal(kz_ix_compact(back), 0);
    same_index(ix, back);
    /* block bounds come back: a query that skips blocks skips the same ones */
    kz_index *pr = kz_ix_new();
    char buf[256];
    for (uint32_t i = 0; i < 5000; i++) {
        int n = snprintf(buf, sizeof buf, "电池 %s %s", i % 97 == 0 ? "稀土永磁" : "材料",
                         i % 13 == 0 ? "电池电池" : "涂层");
        kz_ix_doc d = {.key = i + 1, .text = {buf}, .len = {(size_t)n}, .counted = true};
        assert_true(kz_ix_add(pr, &d) >= 0);
    }
    kz_index *prb = roundtrip_ix(pr, &m);
    kz_ix_qterm q[] = {{"电池", 6, 1.0}, {"稀土", 6, 1.0}, {"永磁", 6, 1.0}};
    kz_ix_hit ta[10], tb[10];
    kz_ix_stats sa = {0}, sb = {0};
    assert_int_equal(kz_ix_search(pr, q, 3, &P, NULL, 10, ta, &sa), 10);
    assert_int_equal(kz_ix_search(prb, q, 3, &P, NULL, 10, tb, &sb), 10);
    assert_true(sa.blocks_skipped > 0);
    assert_memory_equal(&sa, &sb, sizeof sa);
    for (int i = 0; i < 10; i++)
        assert_true(ta[i].doc == tb[i].doc && ta[i].score == tb[i].score);
    kz_ix_free(pr);
    kz_ix_free(prb);
    /* an empty index too */
    kz_index *e = kz_ix_new(), *eb = roundtrip_ix(e, &m);
    same_index(e, eb);
    kz_ix_free(e);
    kz_ix_free(eb);
    kz_ix_free(ix);
    kz_ix_free(back);
    free(m.p);
}

static void random_row(kz_at_row *r)
{
    memset(r, 0, sizeof *r);
    r->org_id = 1 + rnd(20);
    static const uint32_t regions[] = {0, 510104, 510107, 510703, 110101};
    r->region = regions[rnd(5)];
    static const char *const ind[] = {"", "C3841", "C38", "I", "I6510"};
    snprintf(r->industry, sizeof r->industry, "%s", ind[rnd(5)]);
    r->status = (uint8_t)rnd(5);
    r->kind = rnd(4) ? (uint8_t)rnd(3) : 255;
    r->trl = rnd(4) ? (int8_t)(1 + rnd(9)) : -1;
    r->modes = rnd(16);
    r->money_lo = rnd(3) ? (int64_t)rnd(100000) : -1;
    r->money_hi = r->money_lo < 0 ? -1 : r->money_lo + rnd(1000);
    r->updated = (int64_t)1700000000 + rnd(1000000);
    r->deadline = rnd(2) ? (int64_t)1800000000 + rnd(100000) : -1;
}

static void same_query(const kz_at *a, const kz_at *b, const kz_at_query *q)
{
    kz_at_result ra, rb;
    assert_int_equal(kz_at_query_run(a, q, &ra), 0);
    assert_int_equal(kz_at_query_run(b, q, &rb), 0);
    assert_int_equal(ra.total, rb.total);
    assert_int_equal(ra.n, rb.n);
    assert_memory_equal(ra.ids, rb.ids, sizeof(uint32_t) * (size_t)ra.n);
    assert_memory_equal(ra.keys, rb.keys, sizeof(int64_t) * (size_t)ra.n);
    for (int f = KZ_AT_F_SECTION; f <= KZ_AT_F_KIND; f++) {
        kz_at_count ca[64], cb[64];
        int na = kz_at_facet(a, &ra, (kz_at_facet_of)f, ca, 64);
        assert_int_equal(na, kz_at_facet(b, &rb, (kz_at_facet_of)f, cb, 64));
        assert_memory_equal(ca, cb, sizeof(kz_at_count) * (size_t)na);
    }
    kz_at_result_free(&ra);
    kz_at_result_free(&rb);
}

static void test_attrs_round_trip(void **state)
{
    (void)state;
    kz_at *t = kz_at_new();
    for (int i = 0; i < 20000; i++) {
        uint32_t id = 1 + rnd(70000 + (i > 10000 ? 200000 : 0));
        if (rnd(7) == 0) {
            kz_at_del(t, id);
            continue;
        }
        kz_at_row r;
        random_row(&r);
        assert_int_equal(kz_at_put(t, id, &r), 0);
    }
    mem m = {0};
    kz_sw w = {.put = mem_put, .ctx = &m};
    assert_int_equal(kz_at_save(t, &w), 0);
    kz_sr rd = {.p = m.p, .n = m.n};
    const char *why;
    kz_at *b = kz_at_load(&rd, &why);
    assert_non_null(b);
    assert_int_equal(rd.off, m.n);
    assert_int_equal(kz_at_count_live(t), kz_at_count_live(b));
    for (uint32_t id = 0; id < 300000; id++) {
        const kz_at_row *x = kz_at_get(t, id), *y = kz_at_get(b, id);
        assert_int_equal(x == NULL, y == NULL);
        if (x) assert_memory_equal(x, y, sizeof *x);
    }
    for (int qn = 0; qn < 400; qn++) {
        kz_at_query q = {.status = KZ_AT_NONE,
                         .org = KZ_AT_NONE,
                         .mode = KZ_AT_NONE,
                         .kind = KZ_AT_NONE,
                         .trl_lo = KZ_AT_NONE,
                         .trl_hi = KZ_AT_NONE,
                         .limit = 1 + (int)rnd(KZ_AT_MAX_PAGE)};
        q.vis_all = rnd(2);
        q.vis_public = rnd(32);
        q.vis_org = rnd(3) ? 0 : 1 + rnd(20);
        if (rnd(3) == 0) q.status = (int)rnd(5);
        if (rnd(4) == 0) q.section = rnd(2) ? 'C' : 'I';
        if (rnd(4) == 0) q.region = rnd(2) ? "51" : "5101";
        if (rnd(4) == 0) q.org = 1 + rnd(20);
        if (rnd(4) == 0) q.mode = (int)rnd(4);
        if (rnd(4) == 0) q.kind = (int)rnd(3);
        if (rnd(4) == 0) q.trl_lo = 3, q.trl_hi = 7, q.trl_none_too = rnd(2);
        q.key = (kz_at_key)rnd(KZ_AT_K_DEADLINE + 1);
        q.desc = rnd(2);
        if (rnd(3) == 0) {
            q.has_cursor = true;
            q.cursor_key = rnd(2) ? 50000 : 1700500000;
            q.cursor_id = rnd(200000);
        }
        same_query(t, b, &q);
    }
    kz_at_free(t);
    kz_at_free(b);
    free(m.p);
}

/* A stream cut anywhere, or random bytes, never loads (and never reads past its end). */
static void test_streams_refused(void **state)
{
    (void)state;
    kz_index *ix = random_index(60, 200);
    kz_at *t = kz_at_new();
    for (uint32_t id = 1; id < 300; id++) {
        kz_at_row r;
        random_row(&r);
        assert_int_equal(kz_at_put(t, id * 7, &r), 0);
    }
    mem m = {0};
    kz_sw w = {.put = mem_put, .ctx = &m};
    assert_int_equal(kz_ix_save(ix, &w), 0);
    size_t ixlen = m.n;
    assert_int_equal(kz_at_save(t, &w), 0);
    const char *why;
    for (size_t cut = 0; cut < ixlen; cut += 1 + cut / 64) {
        uint8_t *copy = malloc(cut ? cut : 1); /* exactly cut bytes, for ASan */
        memcpy(copy, m.p, cut);
        kz_sr r = {.p = copy, .n = cut};
        assert_null(kz_ix_load(&r, &why));
        assert_non_null(why);
        free(copy);
    }
    for (size_t cut = ixlen; cut < m.n; cut += 1 + (cut - ixlen) / 16) {
        uint8_t *copy = malloc(cut - ixlen + 1);
        memcpy(copy, m.p + ixlen, cut - ixlen);
        kz_sr r = {.p = copy, .n = cut - ixlen};
        assert_null(kz_at_load(&r, &why));
        free(copy);
    }
    /* bytes changed in the postings and counts: refused or, if still well-formed, loaded whole
     * (the file's checksum is what refuses a changed byte; here: nothing crashes) */
    for (int i = 0; i < 2000; i++) {
        uint8_t *copy = malloc(ixlen);
        memcpy(copy, m.p, ixlen);
        size_t at = rnd((uint32_t)ixlen);
        copy[at] ^= (uint8_t)(1 + rnd(255));
        kz_sr r = {.p = copy, .n = ixlen};
        kz_index *x = kz_ix_load(&r, &why);
        if (x) {
            kz_ix_hit h[10];
            kz_ix_qterm q[] = {{"电池", 6, 1.0}, {"alpha", 5, 1.0}};
            assert_true(kz_ix_search(x, q, 2, &P, NULL, 10, h, NULL) >= 0);
        }
        kz_ix_free(x);
        free(copy);
    }
    /* absurd counts do not allocate their size */
    uint32_t hostile[] = {0x31535849u, KZ_IX_FIELDS, sizeof(kz_ix_attrs), KZ_IX_BLOCK, 1u << 30};
    kz_sr r = {.p = (const uint8_t *)hostile, .n = sizeof hostile};
    assert_null(kz_ix_load(&r, &why));
    uint8_t at_hostile[16] = {0x41, 0x54, 0x53, 0x31};
    uint32_t rs = sizeof(kz_at_row);
    memcpy(at_hostile + 4, &rs, 4);
    memset(at_hostile + 8, 0xff, 8);
    kz_sr r2 = {.p = at_hostile, .n = sizeof at_hostile};
    assert_null(kz_at_load(&r2, &why));
    /* one row under an id that would size the table at hundreds of GiB */
    kz_at_row row;
    random_row(&row);
    mem h = {0};
    kz_sw hw = {.put = mem_put, .ctx = &h};
    uint32_t hdr[2] = {0x31535441u, sizeof(kz_at_row)};
    kz_sw_bytes(&hw, hdr, sizeof hdr);
    kz_sw_u64(&hw, 1);
    kz_sw_u32(&hw, 0xfffffff0u);
    kz_sw_bytes(&hw, &row, sizeof row);
    kz_sw_u32(&hw, 0x444e4541u);
    kz_sr r3 = {.p = h.p, .n = h.n};
    assert_null(kz_at_load(&r3, &why));
    assert_true(r3.err);
    free(h.p);
    kz_ix_free(ix);
    kz_at_free(t);
    free(m.p);
}

static char *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *n = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc(*n + 1);
    assert_int_equal(fread(p, 1, *n, f), *n);
    fclose(f);
    return p;
}

static void write_all(const char *path, const char *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(p, 1, n, f), n);
    fclose(f);
}

static void free_all(kz_index *ix[2], kz_at *at[2])
{
    for (int k = 0; k < 2; k++) {
        kz_ix_free(ix[k]);
        kz_at_free(at[k]);
    }
}

static void test_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/kz-snap-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/index.snap", dir);
    kz_index *ix[2] = {random_index(100, 300), random_index(80, 200)};
    kz_at *at[2] = {kz_at_new(), kz_at_new()};
    for (uint32_t id = 1; id < 200; id++) {
        kz_at_row r;
        random_row(&r);
        assert_int_equal(kz_at_put(at[id % 2], id, &r), 0);
    }
    /* two shared kinds' attributes (one empty) */
    static const char *const names[] = {"finance_product", "contract", NULL};
    kz_at *gat[2] = {kz_at_new(), kz_at_new()}, *lgat[2];
    for (uint32_t id = 1; id < 60; id++) {
        kz_at_row r;
        random_row(&r);
        assert_int_equal(kz_at_put(gat[0], id * 3, &r), 0);
    }
    kz_snap_meta m = {.dbid = "0123456789abcdef0123456789abcdef", .fingerprint = 42, .seq = 777};
    char err[200];
    int64_t bytes = kz_snap_write(path, &m, ix, at, gat, names, err, sizeof err);
    assert_true(bytes > 128);
    kz_index *lix[2];
    kz_at *lat[2];
    kz_snap_meta got;
    /* no file */
    char missing[300];
    snprintf(missing, sizeof missing, "%s/none", dir);
    assert_int_equal(kz_snap_read(missing, &m, &got, lix, lat, lgat, names, err, sizeof err), 1);
    /* as written */
    assert_int_equal(kz_snap_read(path, &m, &got, lix, lat, lgat, names, err, sizeof err), 0);
    assert_int_equal(got.seq, 777);
    assert_true(got.saved_at > 0);
    for (int k = 0; k < 2; k++) {
        same_index(ix[k], lix[k]);
        assert_int_equal(kz_at_count_live(at[k]), kz_at_count_live(lat[k]));
        assert_int_equal(kz_at_count_live(gat[k]), kz_at_count_live(lgat[k]));
        for (uint32_t id = 1; id < 200; id++) { /* the same rows */
            const kz_at_row *a = kz_at_get(gat[k], id), *b = kz_at_get(lgat[k], id);
            assert_true(!a == !b);
            if (a) assert_memory_equal(a, b, sizeof *a);
        }
    }
    free_all(lix, lat);
    free_all((kz_index *[2]){NULL, NULL}, lgat);
    /* a program whose shared kinds differ (another, fewer, in another order) rebuilds */
    static const char *const others[][3] = {{"finance_product", "booking", NULL},
                                            {"finance_product", NULL},
                                            {"contract", "finance_product", NULL}};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(kz_snap_read(path, &m, &got, lix, lat, lgat, others[i], err, sizeof err),
                         -1);
        assert_non_null(strstr(err, "记录类型"));
        assert_null(lix[0]);
    }
    /* another database, another analyzer */
    kz_snap_meta other = m;
    snprintf(other.dbid, sizeof other.dbid, "ffffffffffffffffffffffffffffffff");
    assert_int_equal(kz_snap_read(path, &other, &got, lix, lat, lgat, names, err, sizeof err), -1);
    assert_non_null(strstr(err, "另一个数据库"));
    assert_null(lix[0]);
    other = m;
    other.fingerprint = 43;
    assert_int_equal(kz_snap_read(path, &other, &got, lix, lat, lgat, names, err, sizeof err), -1);
    assert_non_null(strstr(err, "分词器"));
    /* any byte changed (header or payload), or the file cut short or lengthened */
    size_t n;
    char *orig = read_all(path, &n);
    assert_int_equal((int64_t)n, bytes);
    char *copy = malloc(n + 1);
    for (int i = 0; i < 300; i++) {
        memcpy(copy, orig, n);
        size_t pos = i < 128 ? (size_t)i : rnd((uint32_t)n);
        copy[pos] ^= (char)(1 + rnd(255));
        write_all(path, copy, n);
        assert_int_equal(kz_snap_read(path, &m, &got, lix, lat, lgat, names, err, sizeof err), -1);
        assert_null(lix[0]);
        assert_null(at[0] ? lat[0] : NULL);
    }
    size_t cuts[] = {0, 1, 100, 128, 129, n / 2, n - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        write_all(path, orig, cuts[i]);
        assert_int_equal(kz_snap_read(path, &m, &got, lix, lat, lgat, names, err, sizeof err), -1);
    }
    memcpy(copy, orig, n);
    copy[n] = 0;
    write_all(path, copy, n + 1);
    assert_int_equal(kz_snap_read(path, &m, &got, lix, lat, lgat, names, err, sizeof err), -1);
    /* and back as it was */
    write_all(path, orig, n);
    assert_int_equal(kz_snap_read(path, &m, &got, lix, lat, lgat, names, err, sizeof err), 0);
    free_all(lix, lat);
    free_all((kz_index *[2]){NULL, NULL}, lgat);
    /* writing is atomic: no temporary file is left behind */
    assert_true(kz_snap_write(path, &m, ix, at, gat, names, err, sizeof err) > 0);
    char tmp[300];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    assert_int_not_equal(access(tmp, F_OK), 0);
    /* a directory that cannot be written: an error, the old file untouched */
    char bad[300];
    snprintf(bad, sizeof bad, "%s/no/such/dir/x.snap", dir);
    assert_int_equal(kz_snap_write(bad, &m, ix, at, gat, names, err, sizeof err), -1);
    assert_non_null(strstr(err, "无法写入索引快照"));
    free(orig);
    free(copy);
    free_all(ix, at);
    free_all((kz_index *[2]){NULL, NULL}, gat);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_index_round_trip),
        cmocka_unit_test(test_attrs_round_trip),
        cmocka_unit_test(test_streams_refused),
        cmocka_unit_test(test_file),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    kz_analyzer_free();
    return rc;
}
