/* attrs.c — record attributes with a roaring bitmap per value (see attrs.h). */
#include "attrs.h"
#include "snapio.h"
#include <assert.h>
#include <roaring/roaring.h>
#include <stdlib.h>
#include <string.h>

enum {
    W_STATUS = 1,
    W_ORG,
    W_REGION,
    W_SECTION,
    W_IND,
    W_TRL,
    W_MODE,
    W_KIND,
    W_MLO,    /* money_lo by bucket (mbucket), 0: none */
    W_MHI,    /* money_hi by bucket */
    W_UPD,    /* updated by day + 1 */
    W_DDL,    /* deadline by day + 1, 0: none */
    W_PARTY,  /* a party org of the row (kz_at_row.parties) */
    W_PARENT, /* the parent record of the row, 0: none */
    W__COUNT
};

#define KEY(what, payload) (((uint64_t)(what) << 56) | (uint64_t)(payload))
#define WHAT(key)          ((int)((key) >> 56))
#define MAX_ROW_KEYS       (1 + 1 + 3 + 1 + 4 + 1 + 32 + 1 + 4 + KZ_AT_PARTIES + 1)
#define MONEY_BUCKETS      248 /* payloads 1..248 of W_MLO / W_MHI */

typedef struct slot {
    uint64_t key; /* 0: empty */
    roaring_bitmap_t *bm;
} slot;

/* The exact values of one money bucket while it holds few distinct ones: a bitmap per value, so
 * a range that ends inside the bucket takes the union of its values' bitmaps instead of checking
 * the bucket's rows one by one (round prices crowd a few buckets with many rows). n == -1 once
 * more than MSUB_MAX distinct values were in the bucket at the same time, or a bitmap could not
 * be allocated: from then on the bucket is checked row by row (until the table is rebuilt, e.g.
 * loaded from a snapshot). While n >= 0 the union of bm[0..n) is the bucket's own bitmap. */
#define MSUB_MAX 16
typedef struct msub {
    int n;
    int64_t val[MSUB_MAX]; /* ascending */
    roaring_bitmap_t *bm[MSUB_MAX];
} msub;

struct kz_at {
    kz_at_row *rows; /* by id; valid where live has the id */
    uint32_t cap;
    roaring_bitmap_t *live;
    slot *map;
    uint32_t map_cap, map_n;
    /* the smallest and largest payload other than 0 (none) ever listed, per ordered value */
    int64_t pmin[W__COUNT], pmax[W__COUNT];
    msub *ms; /* [(what == W_MHI) * MONEY_BUCKETS + payload - 1] */
};

/* Money in ordered buckets, a quarter of an octave wide: 0..3 alone, then for v >= 4 with
 * e = floor(log2 v) and the two bits after the leading one m: 4 + 4(e - 2) + m. Payload = bucket
 * + 1; 0 is "none" (v < 0). Monotonic in v, so the buckets list values in order. */
static int64_t mpayload(int64_t v)
{
    if (v < 0) return 0;
    if (v < 4) return 1 + v;
    int e = 63 - __builtin_clzll((unsigned long long)v);
    int m = (int)((v >> (e - 2)) & 3);
    return 1 + 4 + 4 * (e - 2) + m;
}

/* The values [lo, hi] of a money payload >= 1 */
static void mrange(int64_t p, int64_t *lo, int64_t *hi)
{
    int64_t b = p - 1;
    if (b < 4) {
        *lo = *hi = b;
        return;
    }
    int e = (int)((b - 4) / 4) + 2, m = (int)((b - 4) % 4);
    *lo = (int64_t)(4 + m) << (e - 2);
    *hi = e - 2 >= 60 && m == 3 ? INT64_MAX : ((int64_t)(4 + m + 1) << (e - 2)) - 1;
}

static int64_t day_payload(int64_t t)
{
    return t < 0 ? 0 : t / 86400 + 1;
}

/* A digit string of up to 6 characters as (length, number): "0101" and "101" differ. */
static uint64_t digits_key(int what, const char *s, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (uint64_t)(s[i] - '0');
    return KEY(what, ((uint64_t)n << 32) | v);
}

static uint64_t region_key(uint32_t region, int len)
{
    if (!region || !len) return KEY(W_REGION, 0);
    uint32_t div = len == 2 ? 10000 : len == 4 ? 100 : 1;
    return KEY(W_REGION, ((uint64_t)len << 32) | (region / div));
}

static uint64_t hash64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return x;
}

static slot *find(const kz_at *t, uint64_t key)
{
    uint32_t m = t->map_cap - 1;
    for (uint32_t i = (uint32_t)hash64(key) & m;; i = (i + 1) & m)
        if (t->map[i].key == key || !t->map[i].key) return &t->map[i];
}

static const roaring_bitmap_t *bm_get(const kz_at *t, uint64_t key)
{
    slot *s = find(t, key);
    return s->key ? s->bm : NULL;
}

static bool map_grow(kz_at *t)
{
    uint32_t ncap = t->map_cap * 2;
    slot *old = t->map, *nm = calloc(ncap, sizeof *nm);
    if (!nm) return false;
    uint32_t ocap = t->map_cap;
    t->map = nm;
    t->map_cap = ncap;
    for (uint32_t i = 0; i < ocap; i++)
        if (old[i].key) *find(t, old[i].key) = old[i];
    free(old);
    return true;
}

static roaring_bitmap_t *bm_make(kz_at *t, uint64_t key)
{
    slot *s = find(t, key);
    if (s->key) return s->bm;
    if ((t->map_n + 1) * 2 > t->map_cap) {
        if (!map_grow(t)) return NULL;
        s = find(t, key);
    }
    roaring_bitmap_t *bm = roaring_bitmap_create();
    if (!bm) return NULL;
    s->key = key;
    s->bm = bm;
    t->map_n++;
    return bm;
}

/* Every value key a row is listed under. */
static int row_keys(const kz_at_row *r, uint64_t *k)
{
    int n = 0;
    k[n++] = KEY(W_STATUS, r->status);
    k[n++] = KEY(W_ORG, r->org_id);
    if (r->region) {
        for (int len = 2; len <= 6; len += 2)
            k[n++] = region_key(r->region, len);
    } else {
        k[n++] = KEY(W_REGION, 0);
    }
    const char *ind = r->industry;
    k[n++] = KEY(W_SECTION, (unsigned char)ind[0]); /* 0: none */
    if (ind[0]) {
        size_t digits = strnlen(ind + 1, 4);
        for (size_t len = 1; len <= digits; len++)
            k[n++] = digits_key(W_IND, ind + 1, len);
    }
    k[n++] = KEY(W_TRL, r->trl >= 1 && r->trl <= 9 ? r->trl : 0);
    for (int b = 0; b < 32; b++)
        if (r->modes & (1u << b)) k[n++] = KEY(W_MODE, b);
    k[n++] = KEY(W_KIND, r->kind);
    k[n++] = KEY(W_MLO, mpayload(r->money_lo));
    k[n++] = KEY(W_MHI, mpayload(r->money_hi));
    k[n++] = KEY(W_UPD, day_payload(r->updated));
    k[n++] = KEY(W_DDL, day_payload(r->deadline));
    for (int i = 0; i < KZ_AT_PARTIES; i++)
        if (r->parties[i]) k[n++] = KEY(W_PARTY, r->parties[i]);
    if (r->parent) k[n++] = KEY(W_PARENT, r->parent);
    assert(n <= MAX_ROW_KEYS);
    return n;
}

static msub *msub_of(const kz_at *t, int what, int64_t payload)
{
    return &t->ms[(what == W_MHI) * MONEY_BUCKETS + (payload - 1)];
}

static void msub_drop(msub *m)
{
    for (int i = 0; i < m->n; i++)
        roaring_bitmap_free(m->bm[i]);
    m->n = -1;
}

/* Lists id under its exact value v (>= 0) in v's bucket of what (W_MLO or W_MHI). Cannot fail:
 * a bucket with too many values, or without memory for one more bitmap, drops its values. */
static void msub_add(kz_at *t, int what, int64_t v, uint32_t id)
{
    msub *m = msub_of(t, what, mpayload(v));
    if (m->n < 0) return;
    int i = 0;
    while (i < m->n && m->val[i] < v)
        i++;
    if (i < m->n && m->val[i] == v) {
        roaring_bitmap_add(m->bm[i], id);
        return;
    }
    roaring_bitmap_t *bm = m->n < MSUB_MAX ? roaring_bitmap_create() : NULL;
    if (!bm) {
        msub_drop(m);
        return;
    }
    memmove(&m->val[i + 1], &m->val[i], (size_t)(m->n - i) * sizeof m->val[0]);
    memmove(&m->bm[i + 1], &m->bm[i], (size_t)(m->n - i) * sizeof m->bm[0]);
    m->val[i] = v;
    m->bm[i] = bm;
    m->n++;
    roaring_bitmap_add(bm, id);
}

static void msub_del(kz_at *t, int what, int64_t v, uint32_t id)
{
    msub *m = msub_of(t, what, mpayload(v));
    for (int i = 0; i < m->n; i++) {
        if (m->val[i] != v) continue;
        roaring_bitmap_remove(m->bm[i], id);
        if (roaring_bitmap_is_empty(m->bm[i])) { /* the value left the bucket */
            roaring_bitmap_free(m->bm[i]);
            memmove(&m->val[i], &m->val[i + 1], (size_t)(m->n - i - 1) * sizeof m->val[0]);
            memmove(&m->bm[i], &m->bm[i + 1], (size_t)(m->n - i - 1) * sizeof m->bm[0]);
            m->n--;
        }
        return;
    }
}

kz_at *kz_at_new(void)
{
    kz_at *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->map_cap = 256;
    for (int w = 0; w < W__COUNT; w++)
        t->pmin[w] = INT64_MAX, t->pmax[w] = 0;
    t->map = calloc(t->map_cap, sizeof *t->map);
    t->live = roaring_bitmap_create();
    t->ms = calloc(2 * MONEY_BUCKETS, sizeof *t->ms);
    if (!t->map || !t->live || !t->ms) {
        kz_at_free(t);
        return NULL;
    }
    return t;
}

void kz_at_free(kz_at *t)
{
    if (!t) return;
    for (uint32_t i = 0; t->map && i < t->map_cap; i++)
        if (t->map[i].key) roaring_bitmap_free(t->map[i].bm);
    free(t->map);
    for (int i = 0; t->ms && i < 2 * MONEY_BUCKETS; i++)
        msub_drop(&t->ms[i]);
    free(t->ms);
    if (t->live) roaring_bitmap_free(t->live);
    free(t->rows);
    free(t);
}

void kz_at_del(kz_at *t, uint32_t id)
{
    if (id >= t->cap || !roaring_bitmap_contains(t->live, id)) return;
    uint64_t k[MAX_ROW_KEYS];
    int n = row_keys(&t->rows[id], k);
    for (int i = 0; i < n; i++) {
        slot *s = find(t, k[i]);
        if (s->key) roaring_bitmap_remove(s->bm, id);
    }
    const kz_at_row *r = &t->rows[id];
    if (r->money_lo >= 0) msub_del(t, W_MLO, r->money_lo, id);
    if (r->money_hi >= 0) msub_del(t, W_MHI, r->money_hi, id);
    roaring_bitmap_remove(t->live, id);
}

int kz_at_put(kz_at *t, uint32_t id, const kz_at_row *r)
{
    kz_at_del(t, id);
    if (id >= t->cap) {
        uint32_t ncap = t->cap ? t->cap : 1024;
        while (ncap <= id)
            ncap = ncap > UINT32_MAX / 2 ? UINT32_MAX : ncap * 2;
        kz_at_row *nr = realloc(t->rows, (size_t)ncap * sizeof *nr);
        if (!nr) return -1;
        t->rows = nr;
        t->cap = ncap;
    }
    uint64_t k[MAX_ROW_KEYS];
    int n = row_keys(r, k);
    for (int i = 0; i < n; i++) {
        roaring_bitmap_t *bm = bm_make(t, k[i]);
        if (!bm) { /* undo the keys added so far */
            for (int j = 0; j < i; j++)
                roaring_bitmap_remove(find(t, k[j])->bm, id);
            return -1;
        }
        roaring_bitmap_add(bm, id);
        int w = WHAT(k[i]);
        int64_t pl = (int64_t)(k[i] & ((1ull << 56) - 1));
        if (pl && (w == W_TRL || w == W_MLO || w == W_MHI || w == W_UPD || w == W_DDL)) {
            if (pl < t->pmin[w]) t->pmin[w] = pl;
            if (pl > t->pmax[w]) t->pmax[w] = pl;
        }
    }
    if (r->money_lo >= 0) msub_add(t, W_MLO, r->money_lo, id);
    if (r->money_hi >= 0) msub_add(t, W_MHI, r->money_hi, id);
    t->rows[id] = *r;
    roaring_bitmap_add(t->live, id);
    return 0;
}

uint64_t kz_at_count_live(const kz_at *t)
{
    return roaring_bitmap_get_cardinality(t->live);
}

const kz_at_row *kz_at_get(const kz_at *t, uint32_t id)
{
    return id < t->cap && roaring_bitmap_contains(t->live, id) ? &t->rows[id] : NULL;
}

size_t kz_at_memory(const kz_at *t)
{
    size_t m = sizeof *t + (size_t)t->cap * sizeof *t->rows + t->map_cap * sizeof *t->map +
               roaring_bitmap_size_in_bytes(t->live);
    for (uint32_t i = 0; i < t->map_cap; i++)
        if (t->map[i].key) m += roaring_bitmap_size_in_bytes(t->map[i].bm);
    m += 2 * MONEY_BUCKETS * sizeof *t->ms;
    for (int i = 0; i < 2 * MONEY_BUCKETS; i++)
        for (int j = 0; j < t->ms[i].n; j++)
            m += roaring_bitmap_size_in_bytes(t->ms[i].bm[j]);
    return m;
}

/* ---- queries ---- */

static int64_t sort_key(const kz_at_row *r, kz_at_key key, uint32_t id)
{
    switch (key) {
    case KZ_AT_K_ID: return id;
    case KZ_AT_K_MONEY_LO: return r->money_lo < 0 ? -1 : r->money_lo;
    case KZ_AT_K_MONEY_HI: return r->money_hi < 0 ? -1 : r->money_hi;
    case KZ_AT_K_TRL: return r->trl >= 1 ? r->trl : 0;
    case KZ_AT_K_UPDATED: return r->updated;
    case KZ_AT_K_DEADLINE: return r->deadline < 0 ? 0 : r->deadline;
    }
    return 0;
}

/* true when (ka, a) comes before (kb, b) in the order */
static bool before(bool desc, int64_t ka, uint32_t a, int64_t kb, uint32_t b)
{
    if (ka != kb) return desc ? ka > kb : ka < kb;
    return desc ? a > b : a < b;
}

static bool after_cursor(const kz_at_query *q, int64_t k, uint32_t id)
{
    if (!q->has_cursor) return true;
    if (k != q->cursor_key) return q->desc ? k < q->cursor_key : k > q->cursor_key;
    return q->desc ? (int64_t)id < q->cursor_id : (int64_t)id > q->cursor_id;
}

/* R &= the bitmap of key (an absent value empties R) */
static void and_key(const kz_at *t, roaring_bitmap_t *R, uint64_t key)
{
    const roaring_bitmap_t *b = bm_get(t, key);
    if (b)
        roaring_bitmap_and_inplace(R, b);
    else
        roaring_bitmap_clear(R);
}

static bool or_nondraft(const kz_at *t, roaring_bitmap_t *R, const roaring_bitmap_t *from,
                        uint8_t draft)
{
    if (!from) return true;
    roaring_bitmap_t *tmp = roaring_bitmap_copy(from);
    if (!tmp) return false;
    const roaring_bitmap_t *d = bm_get(t, KEY(W_STATUS, draft));
    if (d) roaring_bitmap_andnot_inplace(tmp, d);
    roaring_bitmap_or_inplace(R, tmp);
    roaring_bitmap_free(tmp);
    return true;
}

static bool all_digits(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (!n || n > max) return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

typedef struct residual {
    const kz_at *t;
    uint32_t region_lo, region_hi; /* an odd-length prefix as a range of six-digit codes */
    bool by_region;
    roaring_bitmap_t *keep;
} residual;

static bool residual_cb(uint32_t id, void *vctx)
{
    residual *x = vctx;
    const kz_at_row *r = &x->t->rows[id];
    if (x->by_region && (r->region < x->region_lo || r->region > x->region_hi)) return true;
    roaring_bitmap_add(x->keep, id);
    return true;
}

typedef struct heap_ctx {
    const kz_at *t;
    const kz_at_query *q;
    int n, limit;
    uint32_t ids[KZ_AT_MAX_PAGE];
    int64_t keys[KZ_AT_MAX_PAGE];
} heap_ctx;

/* The heap keeps the `limit` first rows; its root is the last of them in the order. */
static bool h_later(const heap_ctx *h, int i, int j)
{
    return before(h->q->desc, h->keys[j], h->ids[j], h->keys[i], h->ids[i]);
}

static void h_swap(heap_ctx *h, int i, int j)
{
    uint32_t id = h->ids[i];
    int64_t k = h->keys[i];
    h->ids[i] = h->ids[j], h->keys[i] = h->keys[j];
    h->ids[j] = id, h->keys[j] = k;
}

static void h_down(heap_ctx *h, int i)
{
    for (;;) {
        int l = 2 * i + 1, r = l + 1, m = i;
        if (l < h->n && h_later(h, l, m)) m = l;
        if (r < h->n && h_later(h, r, m)) m = r;
        if (m == i) return;
        h_swap(h, i, m);
        i = m;
    }
}

static bool heap_cb(uint32_t id, void *vctx)
{
    heap_ctx *h = vctx;
    int64_t k = sort_key(&h->t->rows[id], h->q->key, id);
    if (!after_cursor(h->q, k, id)) return true;
    if (h->n < h->limit) {
        int i = h->n++;
        h->ids[i] = id, h->keys[i] = k;
        while (i > 0 && h_later(h, i, (i - 1) / 2)) {
            h_swap(h, i, (i - 1) / 2);
            i = (i - 1) / 2;
        }
    } else if (h->limit > 0 && before(h->q->desc, k, id, h->keys[0], h->ids[0])) {
        h->ids[0] = id, h->keys[0] = k;
        h_down(h, 0);
    }
    return true;
}

typedef struct mcheck {
    const kz_at *t;
    bool hi_field;
    int64_t lo, hi;
    roaring_bitmap_t *keep;
} mcheck;

static bool mcheck_cb(uint32_t id, void *vctx)
{
    mcheck *x = vctx;
    const kz_at_row *r = &x->t->rows[id];
    int64_t v = x->hi_field ? r->money_hi : r->money_lo;
    if (v >= 0 && v >= x->lo && v <= x->hi) roaring_bitmap_add(x->keep, id);
    return true;
}

/* R &= the rows whose money field (W_MLO or W_MHI) is set and within [lo, hi] (KZ_AT_NONE: open):
 * the buckets inside the range as they are; the two at its ends by their exact values' bitmaps
 * when they hold few values (msub), else row by row. */
static bool money_filter(const kz_at *t, roaring_bitmap_t *R, int what, int64_t lo, int64_t hi)
{
    if (lo == KZ_AT_NONE && hi == KZ_AT_NONE) return true;
    mcheck x = {
        .t = t, .hi_field = what == W_MHI, .lo = lo < 0 ? 0 : lo, .hi = hi < 0 ? INT64_MAX : hi};
    /* the bitmaps whose union is wanted (the buckets inside, the exact values at the ends), united
     * at once (roaring_bitmap_or_many: one pass, no cardinality kept on the way); a range has at
     * most two end buckets, whose rows are checked one by one when they hold too many values */
    const roaring_bitmap_t *u[MONEY_BUCKETS + 2 * MSUB_MAX];
    const roaring_bitmap_t *rows[MONEY_BUCKETS];
    size_t nu = 0, nrows = 0;
    for (int64_t p = t->pmin[what]; x.lo <= x.hi && p <= t->pmax[what]; p++) {
        int64_t blo, bhi;
        mrange(p, &blo, &bhi);
        if (bhi < x.lo || blo > x.hi) continue;
        const roaring_bitmap_t *b = bm_get(t, KEY(what, p));
        if (!b) continue;
        const msub *m = msub_of(t, what, p);
        if (blo >= x.lo && bhi <= x.hi) {
            u[nu++] = b;
        } else if (m->n >= 0) {
            for (int i = 0; i < m->n && m->val[i] <= x.hi; i++)
                if (m->val[i] >= x.lo) u[nu++] = m->bm[i];
        } else {
            rows[nrows++] = b;
        }
    }
    x.keep = nu ? roaring_bitmap_or_many(nu, u) : roaring_bitmap_create();
    if (!x.keep) return false;
    for (size_t i = 0; i < nrows; i++) {
        if (!roaring_bitmap_intersect(R, rows[i])) continue;
        roaring_bitmap_t *edge = roaring_bitmap_and(R, rows[i]);
        if (!edge) {
            roaring_bitmap_free(x.keep);
            return false;
        }
        roaring_iterate(edge, mcheck_cb, &x);
        roaring_bitmap_free(edge);
    }
    roaring_bitmap_and_inplace(R, x.keep);
    roaring_bitmap_free(x.keep);
    return true;
}

static void heap_pop_into(heap_ctx *h, kz_at_result *out)
{
    int count = h->n;
    for (int n = count; n > 0; n--) {
        out->ids[out->n + n - 1] = h->ids[0];
        out->keys[out->n + n - 1] = h->keys[0];
        h->n--;
        h_swap(h, 0, h->n);
        h_down(h, 0);
    }
    out->n += count;
}

/* The payload of the ordered values of key k (see row_keys) */
static int key_what(kz_at_key k)
{
    switch (k) {
    case KZ_AT_K_MONEY_LO: return W_MLO;
    case KZ_AT_K_MONEY_HI: return W_MHI;
    case KZ_AT_K_TRL: return W_TRL;
    case KZ_AT_K_UPDATED: return W_UPD;
    case KZ_AT_K_DEADLINE: return W_DDL;
    default: return 0;
    }
}

static int64_t key_payload(kz_at_key k, int64_t key)
{
    switch (k) {
    case KZ_AT_K_MONEY_LO:
    case KZ_AT_K_MONEY_HI: return mpayload(key);
    case KZ_AT_K_TRL: return key >= 1 && key <= 9 ? key : 0;
    case KZ_AT_K_UPDATED: return day_payload(key);
    case KZ_AT_K_DEADLINE: return key <= 0 ? 0 : day_payload(key); /* coalesce(deadline, 0) */
    default: return 0;
    }
}

/* A page in the order of a key other than the id: the key's ordered values (payload 0, "none",
 * sorts lowest) are walked in the order from the cursor's, each one's rows in R ordered with a
 * bounded heap, until the page is full — the work of the values the page spans, not of R. */
static bool page_by_value(const kz_at *t, const roaring_bitmap_t *R, const kz_at_query *q,
                          kz_at_result *out)
{
    int what = key_what(q->key);
    int64_t lo = t->pmin[what], hi = t->pmax[what];
    /* the sequence: asc 0, lo..hi; desc hi..lo, 0 */
    int64_t p = q->desc ? hi : 0;
    if (q->has_cursor) {
        p = key_payload(q->key, q->cursor_key);
        if (p && p > hi) p = q->desc ? hi : -1; /* asc: past the end */
        if (p && p < lo) p = q->desc ? 0 : lo;
    }
    while (p >= 0 && out->n < q->limit) {
        const roaring_bitmap_t *b =
            (p == 0 || (p >= lo && p <= hi)) ? bm_get(t, KEY(what, p)) : NULL;
        if (b && roaring_bitmap_intersect(R, b)) {
            roaring_bitmap_t *s = roaring_bitmap_and(R, b);
            if (!s) return false;
            heap_ctx h = {.t = t, .q = q, .limit = q->limit - out->n};
            roaring_iterate(s, heap_cb, &h);
            roaring_bitmap_free(s);
            heap_pop_into(&h, out);
        }
        if (q->desc)
            p = p == 0 ? -1 : p <= lo ? 0 : p - 1;
        else
            p = p == 0 ? (lo <= hi ? lo : -1) : p >= hi ? -1 : p + 1;
    }
    return true;
}

static void page_by_id(const roaring_bitmap_t *R, const kz_at_query *q, kz_at_result *out)
{
    roaring_uint32_iterator_t it;
    bool ok;
    if (!q->has_cursor) {
        if (q->desc)
            roaring_init_iterator_last(R, &it);
        else
            roaring_init_iterator(R, &it);
        ok = it.has_value;
    } else if (q->desc) {
        /* the largest id <= the cursor's key, then downwards */
        int64_t ck = q->cursor_key;
        if (ck < 0) return;
        uint64_t rank = roaring_bitmap_rank(R, ck > UINT32_MAX ? UINT32_MAX : (uint32_t)ck);
        uint32_t v;
        if (!rank || !roaring_bitmap_select(R, (uint32_t)(rank - 1), &v)) return;
        roaring_init_iterator(R, &it);
        ok = roaring_move_uint32_iterator_equalorlarger(&it, v);
    } else {
        int64_t ck = q->cursor_key < 0 ? 0 : q->cursor_key;
        if (ck > UINT32_MAX) return;
        roaring_init_iterator(R, &it);
        ok = roaring_move_uint32_iterator_equalorlarger(&it, (uint32_t)ck);
    }
    while (ok && out->n < q->limit) {
        uint32_t id = it.current_value;
        if (after_cursor(q, id, id)) {
            out->ids[out->n] = id;
            out->keys[out->n++] = id;
        }
        ok = q->desc ? roaring_previous_uint32_iterator(&it) : roaring_advance_uint32_iterator(&it);
    }
}

int kz_at_query_run(const kz_at *t, const kz_at_query *q, kz_at_result *out)
{
    memset(out, 0, sizeof *out);
    int limit = q->limit < 0 ? 0 : q->limit > KZ_AT_MAX_PAGE ? KZ_AT_MAX_PAGE : q->limit;
    roaring_bitmap_t *R;
    /* who may see what */
    if (q->vis_all) {
        R = roaring_bitmap_copy(t->live);
    } else {
        R = roaring_bitmap_create();
        if (!R) return -1;
        for (int s = 0; s < 32; s++)
            if (q->vis_public & (1u << s)) {
                const roaring_bitmap_t *b = bm_get(t, KEY(W_STATUS, s));
                if (b) roaring_bitmap_or_inplace(R, b);
            }
        bool ok = true;
        if (q->vis_org) {
            const roaring_bitmap_t *b = bm_get(t, KEY(W_ORG, q->vis_org));
            if (b) roaring_bitmap_or_inplace(R, b);
            /* the rows past draft of which the org is a party */
            b = bm_get(t, KEY(W_PARTY, q->vis_org));
            if (b) ok = or_nondraft(t, R, b, q->draft_status);
        }
        if (ok && q->vis_nondraft) ok = or_nondraft(t, R, t->live, q->draft_status);
        if (ok && q->vis_region && all_digits(q->vis_region, 6) && strlen(q->vis_region) % 2 == 0)
            ok = or_nondraft(t, R,
                             bm_get(t, digits_key(W_REGION, q->vis_region, strlen(q->vis_region))),
                             q->draft_status);
        if (!ok) {
            roaring_bitmap_free(R);
            return -1;
        }
    }
    if (!R) return -1;
    /* filters */
    if (q->status != KZ_AT_NONE) and_key(t, R, KEY(W_STATUS, (uint8_t)q->status));
    if (q->section) and_key(t, R, KEY(W_SECTION, (unsigned char)q->section));
    if (q->industry && all_digits(q->industry, 4))
        and_key(t, R, digits_key(W_IND, q->industry, strlen(q->industry)));
    residual x = {.t = t};
    if (q->region && all_digits(q->region, 6)) {
        size_t n = strlen(q->region);
        if (n % 2 == 0) {
            and_key(t, R, digits_key(W_REGION, q->region, n));
        } else { /* "510" covers 510000 … 510999 */
            uint32_t v = 0, scale = 1;
            for (size_t i = 0; i < n; i++)
                v = v * 10 + (uint32_t)(q->region[i] - '0');
            for (size_t i = n; i < 6; i++)
                scale *= 10;
            x.by_region = true;
            x.region_lo = v * scale;
            x.region_hi = v * scale + scale - 1;
        }
    }
    if (q->parent) and_key(t, R, KEY(W_PARENT, q->parent));
    if (q->org != KZ_AT_NONE) {
        if (q->org > 0 && q->org <= UINT32_MAX)
            and_key(t, R, KEY(W_ORG, (uint32_t)q->org));
        else
            roaring_bitmap_clear(R);
    }
    if (q->mode != KZ_AT_NONE) and_key(t, R, KEY(W_MODE, (uint32_t)q->mode & 31));
    if (q->kind != KZ_AT_NONE) and_key(t, R, KEY(W_KIND, (uint8_t)q->kind));
    if (q->trl_lo != KZ_AT_NONE || q->trl_hi != KZ_AT_NONE || q->trl_none_too) {
        int lo = q->trl_lo == KZ_AT_NONE ? 1 : q->trl_lo,
            hi = q->trl_hi == KZ_AT_NONE ? 9 : q->trl_hi;
        roaring_bitmap_t *u = roaring_bitmap_create();
        if (!u) {
            roaring_bitmap_free(R);
            return -1;
        }
        for (int v = lo < 1 ? 1 : lo; v <= hi && v <= 9; v++) {
            const roaring_bitmap_t *b = bm_get(t, KEY(W_TRL, v));
            if (b) roaring_bitmap_or_inplace(u, b);
        }
        if (q->trl_none_too) {
            const roaring_bitmap_t *b = bm_get(t, KEY(W_TRL, 0));
            if (b) roaring_bitmap_or_inplace(u, b);
        }
        roaring_bitmap_and_inplace(R, u);
        roaring_bitmap_free(u);
    }
    if (!money_filter(t, R, W_MLO, q->lo_min, q->lo_max) ||
        !money_filter(t, R, W_MHI, q->hi_min, q->hi_max)) {
        roaring_bitmap_free(R);
        return -1;
    }
    if (x.by_region) {
        x.keep = roaring_bitmap_create();
        if (!x.keep) {
            roaring_bitmap_free(R);
            return -1;
        }
        roaring_iterate(R, residual_cb, &x);
        roaring_bitmap_free(R);
        R = x.keep;
    }
    out->set = R;
    out->total = roaring_bitmap_get_cardinality(R);
    kz_at_query pq = *q;
    pq.limit = limit;
    if (q->key == KZ_AT_K_ID) {
        page_by_id(R, &pq, out);
        return 0;
    }
    if (!page_by_value(t, R, &pq, out)) {
        kz_at_result_free(out);
        return -1;
    }
    return 0;
}

void kz_at_result_free(kz_at_result *r)
{
    if (r->set) roaring_bitmap_free(r->set);
    r->set = NULL;
}

static int count_cmp(const void *a, const void *b)
{
    const kz_at_count *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return x->value < y->value ? -1 : x->value > y->value;
}

static int value_cmp(const void *a, const void *b)
{
    const kz_at_count *x = a, *y = b;
    return x->value < y->value ? -1 : x->value > y->value;
}

int kz_at_facet(const kz_at *t, const kz_at_result *r, kz_at_facet_of f, kz_at_count *out, int max)
{
    const roaring_bitmap_t *R = r->set;
    int n = 0;
    if (!R) return 0;
    for (uint32_t i = 0; i < t->map_cap && n < max; i++) {
        uint64_t key = t->map[i].key;
        if (!key) continue;
        int64_t value;
        uint64_t payload = key & ((1ull << 56) - 1);
        switch (f) {
        case KZ_AT_F_SECTION:
            if (WHAT(key) != W_SECTION) continue;
            value = payload ? (int64_t)payload : KZ_AT_NONE;
            break;
        case KZ_AT_F_CITY:
            if (WHAT(key) != W_REGION || (payload && (payload >> 32) != 4)) continue;
            value = payload ? (int64_t)(payload & 0xffffffffu) : KZ_AT_NONE;
            break;
        case KZ_AT_F_TRL:
            if (WHAT(key) != W_TRL) continue;
            value = payload ? (int64_t)payload : KZ_AT_NONE;
            break;
        case KZ_AT_F_KIND:
            if (WHAT(key) != W_KIND) continue;
            value = payload == 255 ? KZ_AT_NONE : (int64_t)payload;
            break;
        default: return 0;
        }
        uint64_t c = roaring_bitmap_and_cardinality(R, t->map[i].bm);
        if (!c) continue;
        out[n].value = value;
        out[n++].count = c;
    }
    qsort(out, (size_t)n, sizeof *out, f == KZ_AT_F_TRL ? value_cmp : count_cmp);
    return n;
}

/* ---- snapshot ---- */

#define AT_MAGIC 0x31535441u /* "ATS1" */
#define AT_END   0x444e4541u /* "AEND" */

typedef struct save_ctx {
    const kz_at *t;
    kz_sw *w;
} save_ctx;

static bool save_row(uint32_t id, void *vctx)
{
    save_ctx *x = vctx;
    kz_sw_u32(x->w, id);
    kz_sw_bytes(x->w, &x->t->rows[id], sizeof(kz_at_row));
    return !x->w->err;
}

int kz_at_save(const kz_at *t, kz_sw *w)
{
    kz_sw_u32(w, AT_MAGIC);
    kz_sw_u32(w, (uint32_t)sizeof(kz_at_row));
    kz_sw_u64(w, roaring_bitmap_get_cardinality(t->live));
    save_ctx x = {t, w};
    roaring_iterate(t->live, save_row, &x);
    kz_sw_u32(w, AT_END);
    return w->err ? -1 : 0;
}

bool kz_at_skip(kz_sr *r)
{
    if (kz_sr_u32(r) != AT_MAGIC || kz_sr_u32(r) != sizeof(kz_at_row)) r->err = true;
    uint64_t n = kz_sr_u64(r);
    if (kz_sr_fits(r, n, 4 + sizeof(kz_at_row)))
        kz_sr_bytes(r, (size_t)n * (4 + sizeof(kz_at_row)));
    if (kz_sr_u32(r) != AT_END) r->err = true;
    return !r->err;
}

/* The ids of one key gathered while loading, added to its bitmap in one call per 65,536 ids. */
typedef struct pend {
    uint64_t key; /* 0: empty */
    uint32_t n, cap;
    uint32_t *ids;
} pend;

typedef struct pends {
    pend *p;
    uint32_t cap, used; /* cap a power of two */
} pends;

static pend *pend_get(pends *ps, uint64_t key)
{
    uint32_t m = ps->cap - 1;
    for (uint32_t i = (uint32_t)hash64(key) & m;; i = (i + 1) & m) {
        pend *e = &ps->p[i];
        if (e->key == key) return e;
        if (e->key) continue;
        if ((ps->used + 1) * 2 > ps->cap) { /* grow, then look again */
            pends g = {calloc((size_t)ps->cap * 2, sizeof *g.p), ps->cap * 2, ps->used};
            if (!g.p) return NULL;
            for (uint32_t j = 0; j < ps->cap; j++) {
                if (!ps->p[j].key) continue;
                uint32_t k = (uint32_t)hash64(ps->p[j].key) & (g.cap - 1);
                while (g.p[k].key)
                    k = (k + 1) & (g.cap - 1);
                g.p[k] = ps->p[j];
            }
            free(ps->p);
            *ps = g;
            return pend_get(ps, key);
        }
        e->key = key;
        ps->used++;
        return e;
    }
}

static void pends_free(pends *ps)
{
    for (uint32_t i = 0; ps->p && i < ps->cap; i++)
        free(ps->p[i].ids);
    free(ps->p);
}

/* Adds every gathered id to its key's bitmap (as kz_at_put would one by one). */
static bool pends_flush(kz_at *t, pends *ps)
{
    for (uint32_t i = 0; i < ps->cap; i++) {
        pend *e = &ps->p[i];
        if (!e->n) continue;
        roaring_bitmap_t *bm = bm_make(t, e->key);
        if (!bm) return false;
        roaring_bitmap_add_many(bm, e->n, e->ids);
        e->n = 0;
        int w = WHAT(e->key);
        int64_t pl = (int64_t)(e->key & ((1ull << 56) - 1));
        if (pl && (w == W_TRL || w == W_MLO || w == W_MHI || w == W_UPD || w == W_DDL)) {
            if (pl < t->pmin[w]) t->pmin[w] = pl;
            if (pl > t->pmax[w]) t->pmax[w] = pl;
        }
    }
    return true;
}

kz_at *kz_at_load(kz_sr *r, const char **why)
{
    *why = "列表属性快照格式不符";
    if (kz_sr_u32(r) != AT_MAGIC || kz_sr_u32(r) != sizeof(kz_at_row)) return NULL;
    uint64_t n = kz_sr_u64(r);
    const size_t rec = 4 + sizeof(kz_at_row);
    if (!kz_sr_fits(r, n, rec)) return NULL;
    const uint8_t *recs = kz_sr_bytes(r, (size_t)n * rec);
    if (!recs) return NULL;
    /* every id first: ascending (each once) and bounded, as the table is indexed by id; every
     * industry a string, as kz_at_put gets it */
    int64_t prev = -1;
    uint64_t max_id = KZ_AT_LOAD_MIN_IDS + KZ_AT_LOAD_SPARSE * n;
    for (uint64_t i = 0; i < n; i++) {
        const uint8_t *q = recs + i * rec;
        uint32_t id;
        memcpy(&id, q, 4);
        if ((int64_t)id <= prev || id >= max_id || id == UINT32_MAX ||
            !memchr(q + 4 + offsetof(kz_at_row, industry), 0, sizeof(((kz_at_row *)0)->industry))) {
            r->err = true;
            return NULL;
        }
        prev = id;
    }
    if (kz_sr_u32(r) != AT_END || r->err) {
        r->err = true;
        return NULL;
    }
    *why = "载入列表属性快照时内存不足";
    kz_at *t = kz_at_new();
    if (!t) return NULL;
    pends ps = {calloc(1024, sizeof(pend)), 1024, 0};
    uint32_t *chunk = malloc(65536 * sizeof *chunk); /* the live ids of one chunk */
    if (!ps.p || !chunk) goto oom;
    if (n) { /* the rows by id, sized as kz_at_put sizes them for the largest */
        uint32_t ncap = 1024;
        while (ncap <= (uint32_t)prev)
            ncap = ncap > UINT32_MAX / 2 ? UINT32_MAX : ncap * 2;
        t->rows = malloc((size_t)ncap * sizeof *t->rows);
        if (!t->rows) goto oom;
        kz_sr_huge(t->rows, (size_t)ncap * sizeof *t->rows);
        t->cap = ncap;
    }
    /* chunk by chunk of ids sharing their upper 16 bits (a roaring container): each key's ids of
     * the chunk gathered, then added to its bitmap at once */
    for (uint64_t i = 0; i < n;) {
        uint32_t first, nc = 0;
        memcpy(&first, recs + i * rec, 4);
        for (; i < n; i++) {
            const uint8_t *q = recs + i * rec;
            uint32_t id;
            memcpy(&id, q, 4);
            if (id >> 16 != first >> 16) break;
            kz_at_row *row = &t->rows[id];
            memcpy(row, q + 4, sizeof *row);
            uint64_t k[MAX_ROW_KEYS];
            int nk = row_keys(row, k);
            for (int j = 0; j < nk; j++) {
                pend *e = pend_get(&ps, k[j]);
                if (!e) goto oom;
                if (e->n == e->cap) {
                    uint32_t c = e->cap ? e->cap * 2 : 16;
                    uint32_t *ids = realloc(e->ids, (size_t)c * sizeof *ids);
                    if (!ids) goto oom;
                    e->ids = ids;
                    e->cap = c;
                }
                e->ids[e->n++] = id;
            }
            if (row->money_lo >= 0) msub_add(t, W_MLO, row->money_lo, id);
            if (row->money_hi >= 0) msub_add(t, W_MHI, row->money_hi, id);
            chunk[nc++] = id;
        }
        if (!pends_flush(t, &ps)) goto oom;
        roaring_bitmap_add_many(t->live, nc, chunk);
    }
    pends_free(&ps);
    free(chunk);
    *why = NULL;
    return t;
oom:
    pends_free(&ps);
    free(chunk);
    kz_at_free(t);
    return NULL;
}
