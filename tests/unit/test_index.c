/* test_index.c — the in-memory index (src/search/index.c) against a brute-force model: random
 * documents over a small vocabulary (so terms repeat, lists span many blocks and scores tie),
 * random adds, updates and deletes, counted and uncounted documents, compaction; for random
 * queries the index's top k (with block-max MaxScore pruning) must equal the model's ranking
 * by exact BM25F — same documents, same order, same scores. Also filters, value lists and
 * the statistics. The model analyzes the texts itself and keeps its own term counts. */
#include "unit.h"
#include "search/analyze.h"
#include "search/index.h"
#include <math.h>

#define MAXDOCS  1600
#define MAXTERMS 256

/* Each text is made of "words" from this list: CJK pairs and Latin words. */
static const char *const vocab[] = {
    "电池",  "锂离子", "材料", "储能",   "传感器", "芯片", "算法", "检测", "农业", "医疗",
    "图像",  "网络",   "控制", "机器人", "新能源", "光伏", "催化", "涂层", "数据", "平台",
    "alpha", "beta",   "5g",   "zl2023", "gamma",  "电机", "轴承", "稀土", "钒钛", "白酒",
};
#define NV (sizeof vocab / sizeof vocab[0])

typedef struct mterm {
    char text[KZ_TOKEN_MAX_BYTES + 1];
    uint32_t len;
    uint32_t tf[KZ_IX_FIELDS];
} mterm;

typedef struct mdoc {
    uint64_t key;
    bool live, counted, in_df;
    uint32_t len[KZ_IX_FIELDS];
    mterm *terms;
    size_t nterms;
    uint8_t status;
} mdoc;

typedef struct model {
    mdoc docs[MAXDOCS];
    size_t n; /* docids in use: model docid == index docid */
} model;

static uint64_t rng = 88172645463325252ULL;
static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

typedef struct collect {
    mdoc *d;
    int field;
} collect;

static int collect_cb(void *ctx, const kz_token *t)
{
    collect *c = ctx;
    mdoc *d = c->d;
    size_t i = 0;
    for (; i < d->nterms; i++)
        if (d->terms[i].len == t->len && !memcmp(d->terms[i].text, t->text, t->len)) break;
    if (i == d->nterms) {
        d->terms = realloc(d->terms, (d->nterms + 1) * sizeof *d->terms);
        assert_non_null(d->terms);
        memset(&d->terms[i], 0, sizeof d->terms[i]);
        memcpy(d->terms[i].text, t->text, t->len);
        d->terms[i].len = t->len;
        d->nterms++;
    }
    d->terms[i].tf[c->field]++;
    d->len[c->field]++;
    return 0;
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

static void model_free_doc(mdoc *d)
{
    free(d->terms);
    d->terms = NULL;
    d->nterms = 0;
}

static void add_random(kz_index *ix, model *m, uint64_t key)
{
    char text[KZ_IX_FIELDS][400];
    kz_ix_doc doc = {.key = key};
    /* summaries of up to ~400 tokens: past 128 the lengths go through the length buckets */
    uint32_t words[KZ_IX_FIELDS] = {1 + rnd(4), rnd(3), 2 + rnd(rnd(4) ? 40 : 150), rnd(10)};
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
    int64_t id = kz_ix_add(ix, &doc);
    assert_true(id >= 0);
    assert_int_equal((size_t)id, m->n);
    /* the model: the previous live document with this key dies */
    for (size_t i = 0; i < m->n; i++)
        if (m->docs[i].live && m->docs[i].key == key) m->docs[i].live = false;
    mdoc *d = &m->docs[m->n++];
    memset(d, 0, sizeof *d);
    d->key = key;
    d->live = true;
    d->counted = doc.counted;
    d->in_df = doc.counted;
    d->status = doc.attrs.status;
    for (int f = 0; f < KZ_IX_FIELDS; f++) {
        collect c = {d, f};
        assert_int_equal(kz_analyze(text[f], strlen(text[f]), collect_cb, &c), 0);
    }
}

static void model_delete(model *m, uint64_t key)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->docs[i].live && m->docs[i].key == key) m->docs[i].live = false;
}

static void model_compact(model *m)
{
    size_t w = 0;
    for (size_t i = 0; i < m->n; i++) {
        if (!m->docs[i].live) {
            model_free_doc(&m->docs[i]);
            continue;
        }
        m->docs[w] = m->docs[i];
        m->docs[w].in_df = m->docs[w].counted;
        w++;
    }
    m->n = w;
}

static const mterm *doc_term(const mdoc *d, const char *t, uint32_t len)
{
    for (size_t i = 0; i < d->nterms; i++)
        if (d->terms[i].len == len && !memcmp(d->terms[i].text, t, len)) return &d->terms[i];
    return NULL;
}

typedef struct mhit {
    uint32_t doc;
    double score;
} mhit;

static int mhit_cmp(const void *a, const void *b)
{
    const mhit *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return x->doc < y->doc ? -1 : x->doc > y->doc;
}

/* The field length scoring uses: exact below 128 tokens, then the lower end of its bucket of
 * 16 per doubling (index.h). */
static double model_len(uint32_t len)
{
    if (len < 128) return len;
    int i = 0;
    while (i < 127 && ceil(128.0 * pow(2.0, (i + 1) / 16.0)) <= len)
        i++;
    return ceil(128.0 * pow(2.0, i / 16.0));
}

/* The model's BM25F score of every live document; returns the hits sorted. */
static size_t model_search(const model *m, const kz_ix_qterm *q, size_t nq, const kz_ix_params *p,
                           bool (*accept)(const mdoc *), mhit *out)
{
    double N = 0, tot[KZ_IX_FIELDS] = {0};
    for (size_t i = 0; i < m->n; i++) {
        if (!m->docs[i].live || !m->docs[i].counted) continue;
        N++;
        for (int f = 0; f < KZ_IX_FIELDS; f++)
            tot[f] += m->docs[i].len[f];
    }
    double avg[KZ_IX_FIELDS];
    for (int f = 0; f < KZ_IX_FIELDS; f++)
        avg[f] = N && tot[f] > 0 ? tot[f] / N : 1.0;
    /* the terms the index knows (in any document since the last compaction), their idf, and
     * — past KZ_IX_SCORED_TERMS — only the ones with the largest weight * idf */
    static kz_ix_qterm kept[MAXTERMS];
    double idf[MAXTERMS], key[MAXTERMS];
    size_t nk = 0;
    for (size_t j = 0; j < nq; j++) {
        double df = 0;
        bool known = false;
        for (size_t i = 0; i < m->n; i++) {
            if (!doc_term(&m->docs[i], q[j].text, q[j].len)) continue;
            known = true;
            if (m->docs[i].in_df) df++;
        }
        if (!known) continue;
        double x = (N - df + 0.5) / (df + 0.5);
        kept[nk] = q[j];
        idf[nk] = log(1.0 + (x > 0 ? x : 0));
        key[nk] = q[j].weight * idf[nk];
        nk++;
    }
    while (nk > KZ_IX_SCORED_TERMS) { /* drop the smallest key (ties: the larger text) */
        size_t worst = 0;
        for (size_t j = 1; j < nk; j++) {
            if (key[j] != key[worst]) {
                if (key[j] < key[worst]) worst = j;
                continue;
            }
            uint32_t l = kept[j].len < kept[worst].len ? kept[j].len : kept[worst].len;
            int c = memcmp(kept[j].text, kept[worst].text, l);
            if (c > 0 || (c == 0 && kept[j].len > kept[worst].len)) worst = j;
        }
        kept[worst] = kept[nk - 1];
        idf[worst] = idf[nk - 1];
        key[worst] = key[nk - 1];
        nk--;
    }
    q = kept;
    nq = nk;
    size_t n = 0;
    for (size_t i = 0; i < m->n; i++) {
        const mdoc *d = &m->docs[i];
        if (!d->live || (accept && !accept(d))) continue;
        double s = 0;
        for (size_t j = 0; j < nq; j++) {
            const mterm *t = doc_term(d, q[j].text, q[j].len);
            if (!t) continue;
            double tfw = 0;
            for (int f = 0; f < KZ_IX_FIELDS; f++)
                tfw += p->w[f] * t->tf[f] /
                       ((1.0 - p->b[f]) + p->b[f] * model_len(d->len[f]) / avg[f]);
            if (tfw > 0) s += q[j].weight * idf[j] * tfw * (p->k1 + 1) / (p->k1 + tfw);
        }
        if (s > 0) out[n++] = (mhit){(uint32_t)i, s};
    }
    qsort(out, n, sizeof *out, mhit_cmp);
    return n;
}

static void expect_same(const kz_ix_hit *got, int ngot, const mhit *want, size_t nwant, uint32_t k)
{
    size_t expect = nwant < k ? nwant : k;
    assert_int_equal((size_t)ngot, expect);
    for (size_t i = 0; i < expect; i++) {
        double tol = 1e-9 * (fabs(want[i].score) + 1);
        if (fabs(got[i].score - want[i].score) > tol) {
            print_error("rank %zu: score %.15g, expected %.15g (doc %u vs %u)\n", i, got[i].score,
                        want[i].score, got[i].doc, want[i].doc);
            fail();
        }
        /* the same document unless two scores are equal up to rounding */
        if (got[i].doc != want[i].doc) {
            bool tie = false;
            for (size_t j = 0; j < nwant; j++)
                if (want[j].doc == got[i].doc && fabs(want[j].score - got[i].score) <= tol)
                    tie = true;
            if (!tie) {
                print_error("rank %zu: doc %u, expected %u\n", i, got[i].doc, want[i].doc);
                fail();
            }
        }
    }
}

/* A random query: 1..12 vocabulary words (some repeated), analyzed like user text. */
typedef struct qbuild {
    kz_ix_qterm t[MAXTERMS];
    char store[MAXTERMS][KZ_TOKEN_MAX_BYTES];
    size_t n;
} qbuild;

static int q_cb(void *ctx, const kz_token *t)
{
    qbuild *q = ctx;
    for (size_t i = 0; i < q->n; i++)
        if (q->t[i].len == t->len && !memcmp(q->t[i].text, t->text, t->len)) {
            q->t[i].weight += 1.0;
            return 0;
        }
    if (q->n == MAXTERMS) return 0;
    memcpy(q->store[q->n], t->text, t->len);
    q->t[q->n] = (kz_ix_qterm){q->store[q->n], t->len, t->kind == KZ_TOK_BIGRAM ? 0.5 : 1.0};
    q->n++;
    return 0;
}

static void random_query(qbuild *q)
{
    char text[400];
    q->n = 0;
    random_text(text, sizeof text, 1 + rnd(40)); /* up to ~80 terms: past KZ_IX_SCORED_TERMS */
    assert_int_equal(kz_analyze(text, strlen(text), q_cb, q), 0);
}

static bool status_even(const mdoc *d)
{
    return d->status % 2 == 0;
}
static bool ix_status_even(void *ctx, const kz_index *ix, uint32_t doc)
{
    (void)ctx;
    return kz_ix_attrs_of(ix, doc)->status % 2 == 0;
}

static void check_queries(kz_index *ix, model *m, int rounds)
{
    static mhit want[MAXDOCS];
    static kz_ix_hit got[MAXDOCS];
    kz_ix_params p = {.k1 = 1.2, .b = {0.75, 0.5, 0.75, 0.8}, .w = {3.0, 2.0, 1.0, 0.5}};
    for (int r = 0; r < rounds; r++) {
        qbuild q;
        random_query(&q);
        if (rnd(4) == 0) { /* a query on one field only */
            memset(p.w, 0, sizeof p.w);
            p.w[2] = 1.0;
        } else {
            p.w[0] = 3.0, p.w[1] = 2.0, p.w[2] = 1.0, p.w[3] = 0.5;
        }
        uint32_t ks[] = {1, 3, 10, 50, 1000};
        uint32_t k = ks[rnd(5)];
        bool filtered = rnd(3) == 0;
        kz_ix_filter f = {.accept = ix_status_even};
        kz_ix_stats st = {0};
        int n = kz_ix_search(ix, q.t, q.n, &p, filtered ? &f : NULL, k, got, &st);
        size_t nw = model_search(m, q.t, q.n, &p, filtered ? status_even : NULL, want);
        expect_same(got, n, want, nw, k);
        /* the direct score of each hit is the same */
        for (int i = 0; i < n; i++)
            assert_true(fabs(kz_ix_score(ix, q.t, q.n, &p, got[i].doc) - got[i].score) <
                        1e-9 * (got[i].score + 1));
    }
}

static void test_against_model(void **state)
{
    (void)state;
    assert_int_equal(kz_analyzer_init(), 0);
    static model m;
    memset(&m, 0, sizeof m);
    kz_index *ix = kz_ix_new();
    assert_non_null(ix);
    uint64_t next_key = 1;
    for (int round = 0; round < 6; round++) {
        for (int i = 0; i < 200 && m.n < MAXDOCS - 10; i++) {
            uint32_t op = rnd(10);
            if (op < 7 || next_key < 10) {
                add_random(ix, &m, next_key++);
            } else if (op < 9) { /* update an existing key */
                uint64_t key = 1 + rnd((uint32_t)(next_key - 1));
                add_random(ix, &m, key);
            } else {
                uint64_t key = 1 + rnd((uint32_t)(next_key - 1));
                bool had = false;
                for (size_t j = 0; j < m.n; j++)
                    if (m.docs[j].live && m.docs[j].key == key) had = true;
                assert_int_equal(kz_ix_delete(ix, key), had);
                model_delete(&m, key);
            }
        }
        size_t live = 0, counted = 0;
        for (size_t j = 0; j < m.n; j++) {
            live += m.docs[j].live;
            counted += m.docs[j].live && m.docs[j].counted;
        }
        assert_int_equal(kz_ix_live(ix), live);
        assert_int_equal(kz_ix_counted(ix), counted);
        assert_int_equal(kz_ix_docs(ix), m.n);
        check_queries(ix, &m, 60);
        if (round % 2 == 1) {
            assert_int_equal(kz_ix_compact(ix), 0);
            model_compact(&m);
            assert_int_equal(kz_ix_docs(ix), m.n);
            for (size_t j = 0; j < m.n; j++) {
                assert_int_equal(kz_ix_key_of(ix, (uint32_t)j), m.docs[j].key);
                assert_int_equal(kz_ix_doc_of(ix, m.docs[j].key), (int64_t)j);
            }
            check_queries(ix, &m, 60);
        }
    }
    for (size_t j = 0; j < m.n; j++)
        model_free_doc(&m.docs[j]);
    kz_ix_free(ix);
}

/* Long lists: one frequent term over thousands of documents, so blocks are skipped, and the
 * pruned search still equals the exhaustive one (k = all). */
static void test_pruning_skips_blocks(void **state)
{
    (void)state;
    kz_index *ix = kz_ix_new();
    char buf[256];
    for (uint32_t i = 0; i < 5000; i++) {
        int n = snprintf(buf, sizeof buf, "电池 %s %s", i % 97 == 0 ? "稀土永磁" : "材料",
                         i % 13 == 0 ? "电池电池" : "涂层");
        kz_ix_doc d = {.key = i + 1, .text = {buf}, .len = {(size_t)n}, .counted = true};
        d.attrs.region = i % 2 ? 510104 : 510703;
        assert_true(kz_ix_add(ix, &d) >= 0);
    }
    kz_ix_qterm q[] = {{"电池", 6, 1.0}, {"稀土", 6, 1.0}, {"永磁", 6, 1.0}};
    kz_ix_params p = {.k1 = 1.2, .b = {0.75, 0.75, 0.75, 0.75}, .w = {1, 1, 1, 1}};
    kz_ix_hit top[10], *all = malloc(5000 * sizeof *all);
    kz_ix_stats st = {0};
    int n = kz_ix_search(ix, q, 3, &p, NULL, 10, top, &st);
    assert_int_equal(n, 10);
    int na = kz_ix_search(ix, q, 3, &p, NULL, 5000, all, NULL);
    assert_int_equal(na, 5000);
    for (int i = 0; i < 10; i++) {
        assert_int_equal(top[i].doc, all[i].doc);
        assert_true(top[i].score == all[i].score);
    }
    /* the 稀土永磁 documents come first, and most of the 电池 list was never scored */
    assert_int_equal(kz_ix_key_of(ix, top[0].doc) % 97, 1);
    assert_true(st.scored < 1000);
    assert_true(st.blocks_skipped > 0);

    /* value lists: region prefixes and industry */
    uint32_t words = (kz_ix_docs(ix) + 63) / 64;
    uint64_t *bits = calloc(words, 8);
    assert_int_equal(
        kz_ix_value_bits(ix, kz_ix_value_key(KZ_IX_V_REGION, "510104"), bits, kz_ix_docs(ix)),
        2500);
    assert_int_equal(kz_ix_value_count(ix, kz_ix_value_key(KZ_IX_V_REGION, "51")), 5000);
    assert_int_equal(kz_ix_value_count(ix, kz_ix_value_key(KZ_IX_V_REGION, "5107")), 2500);
    kz_ix_filter f = {.bits = bits, .nbits = kz_ix_docs(ix)};
    n = kz_ix_search(ix, q, 3, &p, &f, 10, top, NULL);
    assert_int_equal(n, 10);
    for (int i = 0; i < n; i++)
        assert_int_equal(kz_ix_attrs_of(ix, top[i].doc)->region, 510104);
    /* deleting takes documents out of results and out of the value bits */
    assert_int_equal(kz_ix_delete(ix, 2), 1);
    assert_int_equal(kz_ix_delete(ix, 2), 0);
    memset(bits, 0, words * 8);
    assert_int_equal(
        kz_ix_value_bits(ix, kz_ix_value_key(KZ_IX_V_REGION, "510104"), bits, kz_ix_docs(ix)),
        2499);
    assert_int_equal(kz_ix_doc_of(ix, 2), -1);
    free(bits);
    free(all);
    kz_ix_free(ix);
}

/* Uncounted documents (unpublished) are found but do not move the statistics. */
static void test_uncounted_do_not_move_statistics(void **state)
{
    (void)state;
    kz_index *ix = kz_ix_new();
    const char *pub = "锂电池正极材料", *secret = "锂电池 钒钛 钒钛 钒钛 保密配方";
    kz_ix_doc a = {.key = 1, .text = {pub}, .len = {strlen(pub)}, .counted = true};
    assert_int_equal(kz_ix_add(ix, &a), 0);
    double avg = kz_ix_avglen(ix, 0);
    kz_ix_qterm q[] = {{"锂电", 6, 1.0}, {"正极", 6, 1.0}};
    kz_ix_params p = {.k1 = 1.2, .b = {0.75, 0.75, 0.75, 0.75}, .w = {1, 1, 1, 1}};
    kz_ix_hit h[4];
    assert_int_equal(kz_ix_search(ix, q, 2, &p, NULL, 4, h, NULL), 1);
    double before = h[0].score;
    kz_ix_doc b = {.key = 2, .text = {secret}, .len = {strlen(secret)}, .counted = false};
    assert_int_equal(kz_ix_add(ix, &b), 1);
    assert_true(kz_ix_avglen(ix, 0) == avg);
    assert_int_equal(kz_ix_counted(ix), 1);
    assert_int_equal(kz_ix_df(ix, "锂电", 6), 1);
    assert_int_equal(kz_ix_df(ix, "钒钛", 6), 0);
    assert_int_equal(kz_ix_search(ix, q, 2, &p, NULL, 4, h, NULL), 2);
    assert_true(h[0].doc == 0 && h[0].score == before);
    /* an update replaces the document under its key */
    const char *pub2 = "钠离子电池负极";
    kz_ix_doc c = {.key = 1, .text = {pub2}, .len = {strlen(pub2)}, .counted = true};
    assert_int_equal(kz_ix_add(ix, &c), 2);
    assert_int_equal(kz_ix_live(ix), 2);
    assert_int_equal(kz_ix_doc_of(ix, 1), 2);
    assert_int_equal(kz_ix_search(ix, q, 2, &p, NULL, 4, h, NULL), 1);
    assert_int_equal(h[0].doc, 1);
    assert_int_equal(kz_ix_compact(ix), 0);
    assert_int_equal(kz_ix_df(ix, "锂电", 6), 0);
    assert_int_equal(kz_ix_docs(ix), 2);
    assert_int_equal(kz_ix_doc_of(ix, 1), 1);
    assert_true(kz_ix_memory(ix) > 0);
    kz_ix_free(ix);
}

static void test_edges(void **state)
{
    (void)state;
    kz_index *ix = kz_ix_new();
    kz_ix_params p = {.k1 = 1.2, .b = {0.75, 0.75, 0.75, 0.75}, .w = {1, 1, 1, 1}};
    kz_ix_hit h[2];
    kz_ix_qterm q[] = {{"电池", 6, 1.0}};
    assert_int_equal(kz_ix_search(ix, q, 1, &p, NULL, 2, h, NULL), 0); /* empty index */
    kz_ix_doc d = {.key = 7, .text = {"", NULL, "电池"}, .len = {0, 0, 6}, .counted = true};
    assert_int_equal(kz_ix_add(ix, &d), 0);
    assert_int_equal(kz_ix_search(ix, q, 1, &p, NULL, 0, h, NULL), 0);
    assert_int_equal(kz_ix_search(ix, q, 1, &p, NULL, KZ_IX_MAX_K + 1, h, NULL), -1);
    assert_int_equal(kz_ix_search(ix, q, 0, &p, NULL, 2, h, NULL), 0);
    p.w[2] = 0; /* the only field holding the term is left out */
    assert_int_equal(kz_ix_search(ix, q, 1, &p, NULL, 2, h, NULL), 0);
    kz_ix_qterm unknown[] = {{"没有", 6, 1.0}};
    p.w[2] = 1;
    assert_int_equal(kz_ix_search(ix, unknown, 1, &p, NULL, 2, h, NULL), 0);
    uint32_t tf[KZ_IX_FIELDS];
    assert_int_equal(kz_ix_tf(ix, "电池", 6, 0, tf), 1);
    assert_int_equal(tf[2], 1);
    kz_ix_free(ix);
}

/* Length codes: exact below 128, monotonic, never above the length, within one bucket
 * (< 4.5%) of it, and the model's reading of them agrees. */
static void test_length_codes(void **state)
{
    (void)state;
    uint8_t prev = 0;
    for (uint32_t n = 0; n < 200000; n++) {
        uint8_t c = kz_ix_len_code(n);
        uint32_t back = kz_ix_code_len(c);
        if (n < 128) assert_int_equal(back, n);
        assert_true(c >= prev);
        assert_true(back <= n);
        if (c < 255) assert_true((double)(n - back) <= 0.045 * n);
        assert_true(model_len(n) == back);
        prev = c;
    }
    assert_int_equal(kz_ix_len_code(UINT32_MAX), 255); /* the last bucket takes the rest */
    assert_true(kz_ix_code_len(255) > 30000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_model),
        cmocka_unit_test(test_pruning_skips_blocks),
        cmocka_unit_test(test_uncounted_do_not_move_statistics),
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_length_codes),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    kz_analyzer_free();
    return rc;
}
