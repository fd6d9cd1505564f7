/* index.c — the in-memory inverted index (see index.h). */
#include "index.h"
#include "analyze.h"
#include "snapio.h"
#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define F     KZ_IX_FIELDS
#define NODOC UINT32_MAX

/* ---- small helpers ---- */

static int grow(void **p, uint32_t *cap, uint32_t need, size_t elem)
{
    if (need <= *cap) return 0;
    uint64_t nc = *cap ? *cap : 8;
    while (nc < need)
        nc += nc / 2 + 8;
    if (nc > UINT32_MAX) nc = UINT32_MAX;
    if (nc < need) return -1;
    void *q = realloc(*p, (size_t)nc * elem);
    if (!q) return -1;
    *p = q;
    *cap = (uint32_t)nc;
    return 0;
}

static uint64_t hash_bytes(const void *s, size_t n)
{
    /* FNV-1a, then a final avalanche (splitmix64) so the low bits are well mixed. */
    const unsigned char *p = s;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ULL;
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    return h ^ (h >> 31);
}

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    return x ^ (x >> 33);
}

/* ---- field length codes ---- */

/* Lengths below 128 are their own code; above, code 128 + i covers [len_lo[i], len_lo[i+1]):
 * 16 buckets per doubling (each ~4.4% wide) up to 2^15 and beyond. Scoring uses the bucket's
 * lower end, so a document's norm comes from one byte per field and a per-query table. */
static uint32_t len_lo[128];
static pthread_once_t len_once = PTHREAD_ONCE_INIT;

static void len_init(void)
{
    for (int i = 0; i < 128; i++)
        len_lo[i] = (uint32_t)ceil(128.0 * pow(2.0, i / 16.0));
}

uint8_t kz_ix_len_code(uint32_t len)
{
    if (len < 128) return (uint8_t)len;
    pthread_once(&len_once, len_init);
    uint32_t lo = 0, hi = 127; /* largest i with len_lo[i] <= len */
    while (lo < hi) {
        uint32_t mid = (lo + hi + 1) / 2;
        if (len_lo[mid] <= len)
            lo = mid;
        else
            hi = mid - 1;
    }
    return (uint8_t)(128 + lo);
}

uint32_t kz_ix_code_len(uint8_t code)
{
    if (code < 128) return code;
    pthread_once(&len_once, len_init);
    return len_lo[code - 128];
}

static size_t put_varint(uint8_t *p, uint32_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        p[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (uint8_t)v;
    return n;
}

static inline const uint8_t *get_varint(const uint8_t *p, uint32_t *v)
{
    uint32_t x = *p & 0x7f;
    if (*p++ & 0x80) {
        x |= (uint32_t)(*p & 0x7f) << 7;
        if (*p++ & 0x80) {
            x |= (uint32_t)(*p & 0x7f) << 14;
            if (*p++ & 0x80) {
                x |= (uint32_t)(*p & 0x7f) << 21;
                if (*p++ & 0x80) x |= (uint32_t)(*p++) << 28;
            }
        }
    }
    *v = x;
    return p;
}

/* ---- structures ---- */

typedef struct bmeta {
    uint32_t last; /* last docid of the block */
    uint32_t off;  /* byte offset of the block in the term's data */
    uint16_t maxtf[F];
    uint16_t minlen[F]; /* over entries with tf_f > 0; UINT16_MAX when none */
} bmeta;

typedef struct term {
    uint32_t soff; /* text: g->str + soff */
    uint32_t slen;
    uint32_t df;       /* counted documents (see index.h) */
    uint32_t n;        /* postings */
    uint32_t len, cap; /* cap 0 with len > 0: data is in the index's slab, not owned */
    uint32_t bcap;
    uint32_t last; /* last docid appended */
    uint8_t *data;
    bmeta *blocks; /* NULL while n <= KZ_IX_BLOCK: then b0 is the only block */
    bmeta b0;
    bmeta all; /* maxtf / minlen over every entry: the term's score bound */
} term;

typedef struct vlist {
    uint64_t key;
    uint32_t *docs;
    uint32_t n, cap;
} vlist;

struct kz_index {
    /* terms */
    term *terms;
    uint32_t nterms, capterms;
    char *str;
    uint32_t nstr, capstr;
    uint64_t *tslots; /* hash table: term id + 1 (0 empty) | the hash's high 32 bits << 32 */
    uint32_t tmask;
    /* documents (indexed by docid) */
    uint64_t *keys;
    kz_ix_attrs *attrs;
    uint16_t *lens;     /* [doc * F + f] field lengths in tokens (saturating) */
    uint8_t maxcode[F]; /* largest length code added per field (sizes the per-query tables) */
    uint64_t *live, *counted;
    uint32_t ndocs, capdocs, caplens, capattrs, capbits;
    uint32_t nlive, ncounted;
    uint64_t totlen[F]; /* over live counted documents */
    /* key -> docid of live documents */
    uint64_t *kslots_key;
    uint32_t *kslots_doc; /* docid + 1, 0 empty, NODOC tombstone */
    uint32_t kmask, kused;
    /* value lists */
    vlist *vl;
    uint32_t vmask, nvl;
    /* scratch for kz_ix_add: per-term slot (sparse set) */
    uint32_t *scratch_slot;
    uint32_t capscratch;
    /* a loaded index's postings in one allocation (kz_ix_load): the terms point into it until
     * they grow (term_reserve moves a term out first) or kz_ix_compact re-encodes them */
    uint8_t *slab;
    size_t slab_len;
};

/* ---- bit helpers ---- */
static inline bool bit_get(const uint64_t *b, uint32_t i)
{
    return (b[i >> 6] >> (i & 63)) & 1;
}
static inline void bit_set(uint64_t *b, uint32_t i)
{
    b[i >> 6] |= 1ULL << (i & 63);
}
static inline void bit_clr(uint64_t *b, uint32_t i)
{
    b[i >> 6] &= ~(1ULL << (i & 63));
}

kz_index *kz_ix_new(void)
{
    kz_index *ix = calloc(1, sizeof *ix);
    if (!ix) return NULL;
    ix->tmask = 1023;
    ix->tslots = calloc(ix->tmask + 1, sizeof *ix->tslots);
    ix->kmask = 1023;
    ix->kslots_key = calloc(ix->kmask + 1, sizeof *ix->kslots_key);
    ix->kslots_doc = calloc(ix->kmask + 1, sizeof *ix->kslots_doc);
    ix->vmask = 255;
    ix->vl = calloc(ix->vmask + 1, sizeof *ix->vl);
    if (!ix->tslots || !ix->kslots_key || !ix->kslots_doc || !ix->vl) {
        kz_ix_free(ix);
        return NULL;
    }
    return ix;
}

void kz_ix_free(kz_index *ix)
{
    if (!ix) return;
    for (uint32_t i = 0; i < ix->nterms; i++) {
        if (ix->terms[i].cap) free(ix->terms[i].data);
        free(ix->terms[i].blocks);
    }
    free(ix->terms);
    free(ix->slab);
    free(ix->str);
    free(ix->tslots);
    free(ix->keys);
    free(ix->attrs);
    free(ix->lens);
    free(ix->live);
    free(ix->counted);
    free(ix->kslots_key);
    free(ix->kslots_doc);
    if (ix->vl)
        for (uint32_t i = 0; i <= ix->vmask; i++)
            free(ix->vl[i].docs);
    free(ix->vl);
    free(ix->scratch_slot);
    free(ix);
}

/* ---- term dictionary ---- */

static inline const char *term_text(const kz_index *ix, const term *t)
{
    return ix->str + t->soff;
}

static int64_t term_find(const kz_index *ix, const char *s, uint32_t n, uint64_t h)
{
    uint32_t i = (uint32_t)h & ix->tmask, tag = (uint32_t)(h >> 32);
    for (;;) {
        uint64_t v = ix->tslots[i];
        uint32_t id = (uint32_t)v;
        if (!id) return -1;
        if ((uint32_t)(v >> 32) == tag) { /* the term itself is read only when the tags agree */
            const term *t = &ix->terms[id - 1];
            if (t->slen == n && !memcmp(term_text(ix, t), s, n)) return id - 1;
        }
        i = (i + 1) & ix->tmask;
    }
}

static int term_rehash(kz_index *ix)
{
    uint32_t nmask = ix->tmask * 2 + 1;
    uint64_t *ns = calloc((size_t)nmask + 1, sizeof *ns);
    if (!ns) return -1;
    for (uint32_t id = 0; id < ix->nterms; id++) {
        const term *t = &ix->terms[id];
        uint64_t h = hash_bytes(term_text(ix, t), t->slen);
        uint32_t i = (uint32_t)h & nmask;
        while (ns[i])
            i = (i + 1) & nmask;
        ns[i] = (h >> 32 << 32) | (id + 1);
    }
    free(ix->tslots);
    ix->tslots = ns;
    ix->tmask = nmask;
    return 0;
}

/* Finds or adds a term; returns its id or -1 (out of memory). */
static int64_t term_intern(kz_index *ix, const char *s, uint32_t n)
{
    uint64_t h = hash_bytes(s, n);
    int64_t id = term_find(ix, s, n, h);
    if (id >= 0) return id;
    if ((uint64_t)(ix->nterms + 1) * 2 > ix->tmask) {
        if (term_rehash(ix)) return -1;
    }
    if (grow((void **)&ix->terms, &ix->capterms, ix->nterms + 1, sizeof(term))) return -1;
    if (grow((void **)&ix->scratch_slot, &ix->capscratch, ix->nterms + 1, sizeof(uint32_t)))
        return -1;
    if ((uint64_t)ix->nstr + n > UINT32_MAX) return -1;
    if (grow((void **)&ix->str, &ix->capstr, ix->nstr + n, 1)) return -1;
    memcpy(ix->str + ix->nstr, s, n);
    term *t = &ix->terms[ix->nterms];
    memset(t, 0, sizeof *t);
    t->soff = ix->nstr;
    t->slen = n;
    ix->nstr += n;
    uint32_t i = (uint32_t)h & ix->tmask;
    while (ix->tslots[i])
        i = (i + 1) & ix->tmask;
    ix->tslots[i] = (h >> 32 << 32) | (ix->nterms + 1);
    ix->scratch_slot[ix->nterms] = 0;
    return ix->nterms++;
}

static int64_t term_lookup(const kz_index *ix, const char *s, uint32_t n)
{
    return term_find(ix, s, n, hash_bytes(s, n));
}

static inline uint32_t nblocks(const term *t)
{
    return t->n ? (t->n + KZ_IX_BLOCK - 1) / KZ_IX_BLOCK : 0;
}
static inline const bmeta *blk(const term *t, uint32_t i)
{
    return t->blocks ? &t->blocks[i] : &t->b0;
}
static inline bmeta *blk_mut(term *t, uint32_t i)
{
    return t->blocks ? &t->blocks[i] : &t->b0;
}

/* Reserves room in t for one more posting (so appending cannot fail). */
static int term_reserve(term *t)
{
    if (t->len && !t->cap) { /* in the slab: a copy of its own first */
        uint64_t need = (uint64_t)t->len + t->len / 2 + 5 + 1 + 6 * F;
        uint8_t *d = need <= UINT32_MAX ? malloc((size_t)need) : NULL;
        if (!d) return -1;
        memcpy(d, t->data, t->len);
        t->data = d;
        t->cap = (uint32_t)need;
    }
    if (grow((void **)&t->data, &t->cap, t->len + 5 + 1 + 6 * F, 1)) return -1;
    if (t->n && t->n % KZ_IX_BLOCK == 0) {
        uint32_t nb = nblocks(t) + 1;
        if (!t->blocks) {
            bmeta *b = malloc(4 * sizeof *b);
            if (!b) return -1;
            b[0] = t->b0;
            t->blocks = b;
            t->bcap = 4;
        }
        if (grow((void **)&t->blocks, &t->bcap, nb, sizeof(bmeta))) return -1;
    }
    return 0;
}

/* A document's field lengths as postings store them: the codes, and the lengths scoring reads. */
typedef struct dlens {
    uint8_t code[F];
    uint16_t qlen[F];
} dlens;

static dlens doc_lens(const uint16_t len[F])
{
    dlens l;
    for (int f = 0; f < F; f++) {
        l.code[f] = kz_ix_len_code(len[f]);
        l.qlen[f] = (uint16_t)kz_ix_code_len(l.code[f]);
    }
    return l;
}

static void term_append(term *t, uint32_t doc, const uint16_t tf[F], const dlens *dl)
{
    bmeta *b;
    if (t->n % KZ_IX_BLOCK == 0) {
        uint32_t bi = nblocks(t);
        b = t->n ? &t->blocks[bi] : &t->b0;
        b->off = t->len;
        for (int f = 0; f < F; f++) {
            b->maxtf[f] = 0;
            b->minlen[f] = UINT16_MAX;
        }
    } else {
        b = blk_mut(t, nblocks(t) - 1);
    }
    uint32_t delta = t->n ? doc - t->last : doc + 1;
    uint8_t *p = t->data + t->len;
    p += put_varint(p, delta);
    uint8_t code = 0;
    for (int f = 0; f < F; f++)
        code |= (uint8_t)((tf[f] < 3 ? tf[f] : 3) << (2 * f));
    *p++ = code;
    for (int f = 0; f < F; f++)
        if (tf[f] >= 3) p += put_varint(p, tf[f] - 3u);
    for (int f = 0; f < F; f++) /* the document's length code where the term occurs */
        if (tf[f]) *p++ = dl->code[f];
    t->len = (uint32_t)(p - t->data);
    b->last = doc;
    if (!t->n)
        for (int f = 0; f < F; f++)
            t->all.minlen[f] = UINT16_MAX;
    for (int f = 0; f < F; f++) {
        if (!tf[f]) continue;
        uint16_t ql = dl->qlen[f]; /* as scoring sees it */
        if (tf[f] > b->maxtf[f]) b->maxtf[f] = tf[f];
        if (ql < b->minlen[f]) b->minlen[f] = ql;
        if (tf[f] > t->all.maxtf[f]) t->all.maxtf[f] = tf[f];
        if (ql < t->all.minlen[f]) t->all.minlen[f] = ql;
    }
    t->last = doc;
    t->n++;
}

/* ---- key map ---- */

static int64_t key_slot(const kz_index *ix, uint64_t key)
{
    uint32_t i = (uint32_t)mix64(key) & ix->kmask;
    for (;;) {
        uint32_t d = ix->kslots_doc[i];
        if (!d) return -1;
        if (d != NODOC && ix->kslots_key[i] == key) return i;
        i = (i + 1) & ix->kmask;
    }
}

static int key_rehash(kz_index *ix, uint32_t nmask)
{
    uint64_t *nk = calloc((size_t)nmask + 1, sizeof *nk);
    uint32_t *nd = calloc((size_t)nmask + 1, sizeof *nd);
    if (!nk || !nd) {
        free(nk);
        free(nd);
        return -1;
    }
    uint32_t used = 0;
    for (uint32_t i = 0; i <= ix->kmask; i++) {
        uint32_t d = ix->kslots_doc[i];
        if (!d || d == NODOC) continue;
        uint32_t j = (uint32_t)mix64(ix->kslots_key[i]) & nmask;
        while (nd[j])
            j = (j + 1) & nmask;
        nk[j] = ix->kslots_key[i];
        nd[j] = d;
        used++;
    }
    free(ix->kslots_key);
    free(ix->kslots_doc);
    ix->kslots_key = nk;
    ix->kslots_doc = nd;
    ix->kmask = nmask;
    ix->kused = used;
    return 0;
}

static int key_reserve(kz_index *ix)
{
    if ((uint64_t)(ix->kused + 1) * 2 <= ix->kmask) return 0;
    uint32_t nmask = ix->kmask;
    if ((uint64_t)(ix->nlive + 1) * 4 > ix->kmask) nmask = ix->kmask * 2 + 1;
    return key_rehash(ix, nmask); /* also clears tombstones */
}

static void key_put(kz_index *ix, uint64_t key, uint32_t doc)
{
    uint32_t i = (uint32_t)mix64(key) & ix->kmask;
    while (ix->kslots_doc[i] && ix->kslots_doc[i] != NODOC)
        i = (i + 1) & ix->kmask;
    if (!ix->kslots_doc[i]) ix->kused++;
    ix->kslots_key[i] = key;
    ix->kslots_doc[i] = doc + 1;
}

/* ---- value lists ---- */

uint64_t kz_ix_value_key(int what, const char *value)
{
    return ((uint64_t)(what & 0xff) << 56) | (hash_bytes(value, strlen(value)) >> 8);
}

static vlist *vl_find(const kz_index *ix, uint64_t key)
{
    uint32_t i = (uint32_t)mix64(key) & ix->vmask;
    for (;;) {
        vlist *v = &ix->vl[i];
        if (!v->key) return NULL;
        if (v->key == key) return v;
        i = (i + 1) & ix->vmask;
    }
}

static vlist *vl_get(kz_index *ix, uint64_t key)
{
    vlist *v = vl_find(ix, key);
    if (v) return v;
    if ((ix->nvl + 1) * 2 > ix->vmask) {
        uint32_t nmask = ix->vmask * 2 + 1;
        vlist *nv = calloc((size_t)nmask + 1, sizeof *nv);
        if (!nv) return NULL;
        for (uint32_t i = 0; i <= ix->vmask; i++) {
            if (!ix->vl[i].key) continue;
            uint32_t j = (uint32_t)mix64(ix->vl[i].key) & nmask;
            while (nv[j].key)
                j = (j + 1) & nmask;
            nv[j] = ix->vl[i];
        }
        free(ix->vl);
        ix->vl = nv;
        ix->vmask = nmask;
    }
    uint32_t i = (uint32_t)mix64(key) & ix->vmask;
    while (ix->vl[i].key)
        i = (i + 1) & ix->vmask;
    ix->vl[i].key = key;
    ix->nvl++;
    return &ix->vl[i];
}

/* The value keys of a document's attributes; returns how many (<= 8). */
static int value_keys(const kz_ix_attrs *a, uint64_t out[8])
{
    int n = 0;
    char buf[16];
    buf[0] = (char)('0' + a->status / 100);
    buf[1] = (char)('0' + a->status / 10 % 10);
    buf[2] = (char)('0' + a->status % 10);
    buf[3] = '\0';
    out[n++] = kz_ix_value_key(KZ_IX_V_STATUS, buf);
    if (a->region >= 100000 && a->region <= 999999) {
        char r[8];
        uint32_t v = a->region;
        for (int i = 5; i >= 0; i--, v /= 10)
            r[i] = (char)('0' + v % 10);
        for (int l = 2; l <= 6; l += 2) {
            memcpy(buf, r, (size_t)l);
            buf[l] = '\0';
            out[n++] = kz_ix_value_key(KZ_IX_V_REGION, buf);
        }
    }
    size_t il = strnlen(a->industry, sizeof a->industry);
    if (il >= 1) {
        for (size_t l = 1; l <= il && l <= 5; l++) {
            if (l == 2) continue; /* "C" then "C38", "C384", "C3841": 2, 3, 4 digits */
            memcpy(buf, a->industry, l);
            buf[l] = '\0';
            out[n++] = kz_ix_value_key(KZ_IX_V_INDUSTRY, buf);
        }
    }
    return n;
}

uint32_t kz_ix_value_count(const kz_index *ix, uint64_t key)
{
    const vlist *v = vl_find(ix, key);
    return v ? v->n : 0;
}

uint32_t kz_ix_value_bits(const kz_index *ix, uint64_t key, uint64_t *bits, uint32_t nbits)
{
    const vlist *v = vl_find(ix, key);
    uint32_t set = 0;
    if (!v) return 0;
    for (uint32_t i = 0; i < v->n; i++) {
        uint32_t d = v->docs[i];
        if (d < nbits && d < ix->ndocs && bit_get(ix->live, d)) {
            bit_set(bits, d);
            set++;
        }
    }
    return set;
}

/* ---- documents ---- */

typedef struct add_ctx {
    kz_index *ix;
    int field;
    uint32_t *ids; /* distinct term ids of the document */
    uint16_t (*tf)[F];
    uint32_t n, cap;
    uint32_t ntok[F];
    bool oom;
} add_ctx;

static int add_token(void *vctx, const kz_token *tok)
{
    add_ctx *c = vctx;
    int64_t id = term_intern(c->ix, tok->text, tok->len);
    if (id < 0) {
        c->oom = true;
        return 1;
    }
    uint32_t s = c->ix->scratch_slot[id];
    if (s >= c->n || c->ids[s] != (uint32_t)id) {
        if (c->n == c->cap) {
            uint32_t nc = c->cap ? c->cap * 2 : 64;
            uint32_t *ni = realloc(c->ids, nc * sizeof *ni);
            if (!ni) {
                c->oom = true;
                return 1;
            }
            c->ids = ni;
            uint16_t(*nt)[F] = realloc(c->tf, nc * sizeof *nt);
            if (!nt) {
                c->oom = true;
                return 1;
            }
            c->tf = nt;
            c->cap = nc;
        }
        s = c->n++;
        c->ids[s] = (uint32_t)id;
        memset(c->tf[s], 0, sizeof c->tf[s]);
        c->ix->scratch_slot[id] = s;
    }
    if (c->tf[s][c->field] < UINT16_MAX) c->tf[s][c->field]++;
    if (c->ntok[c->field] < UINT16_MAX) c->ntok[c->field]++;
    return 0;
}

static int docs_reserve(kz_index *ix, uint32_t n)
{
    if (grow((void **)&ix->keys, &ix->capdocs, n, sizeof(uint64_t))) return -1;
    if (grow((void **)&ix->attrs, &ix->capattrs, n, sizeof(kz_ix_attrs))) return -1;
    if (grow((void **)&ix->lens, &ix->caplens, n * F, sizeof(uint16_t))) return -1;
    uint32_t words = (n + 63) / 64, oldcap = ix->capbits;
    if (words > ix->capbits) {
        uint32_t nc = oldcap;
        if (grow((void **)&ix->live, &nc, words, sizeof(uint64_t))) return -1;
        uint32_t nc2 = oldcap;
        if (grow((void **)&ix->counted, &nc2, nc, sizeof(uint64_t))) return -1;
        memset(ix->live + oldcap, 0, (size_t)(nc - oldcap) * sizeof(uint64_t));
        memset(ix->counted + oldcap, 0, (size_t)(nc - oldcap) * sizeof(uint64_t));
        ix->capbits = nc;
    }
    return 0;
}

static void doc_kill(kz_index *ix, uint32_t d)
{
    if (!bit_get(ix->live, d)) return;
    bit_clr(ix->live, d);
    ix->nlive--;
    if (bit_get(ix->counted, d)) {
        ix->ncounted--;
        for (int f = 0; f < F; f++)
            ix->totlen[f] -= ix->lens[(size_t)d * F + f];
        /* df keeps counting it until kz_ix_compact() */
    }
}

int kz_ix_delete(kz_index *ix, uint64_t key)
{
    int64_t s = key_slot(ix, key);
    if (s < 0) return 0;
    uint32_t d = ix->kslots_doc[s] - 1;
    ix->kslots_doc[s] = NODOC;
    doc_kill(ix, d);
    return 1;
}

int64_t kz_ix_add(kz_index *ix, const kz_ix_doc *doc)
{
    if (ix->ndocs >= KZ_IX_MAX_DOCS) return -1;
    uint32_t d = ix->ndocs;
    add_ctx c = {.ix = ix};
    for (int f = 0; f < F; f++) {
        if (!doc->text[f] || !doc->len[f]) continue;
        c.field = f;
        int rc = kz_analyze(doc->text[f], doc->len[f], add_token, &c);
        if (rc < 0 || c.oom) goto oom;
    }
    /* reserve everything, then append (cannot fail) */
    if (docs_reserve(ix, d + 1) || key_reserve(ix)) goto oom;
    uint64_t vk[8];
    int nvk = value_keys(&doc->attrs, vk);
    for (int i = 0; i < nvk; i++) {
        vlist *v = vl_get(ix, vk[i]);
        if (!v || grow((void **)&v->docs, &v->cap, v->n + 1, sizeof(uint32_t))) goto oom;
    }
    for (uint32_t i = 0; i < c.n; i++)
        if (term_reserve(&ix->terms[c.ids[i]])) goto oom;

    int64_t old = key_slot(ix, doc->key);
    if (old >= 0) {
        doc_kill(ix, ix->kslots_doc[old] - 1);
        ix->kslots_doc[old] = NODOC;
    }
    uint16_t len[F];
    for (int f = 0; f < F; f++)
        len[f] = (uint16_t)c.ntok[f];
    dlens dl = doc_lens(len);
    for (uint32_t i = 0; i < c.n; i++) {
        term *t = &ix->terms[c.ids[i]];
        term_append(t, d, c.tf[i], &dl);
        if (doc->counted) t->df++;
    }
    for (int i = 0; i < nvk; i++) {
        vlist *v = vl_find(ix, vk[i]);
        v->docs[v->n++] = d;
    }
    ix->keys[d] = doc->key;
    ix->attrs[d] = doc->attrs;
    memcpy(&ix->lens[(size_t)d * F], len, sizeof len);
    for (int f = 0; f < F; f++)
        if (dl.code[f] > ix->maxcode[f]) ix->maxcode[f] = dl.code[f];
    bit_set(ix->live, d);
    ix->nlive++;
    if (doc->counted) {
        bit_set(ix->counted, d);
        ix->ncounted++;
        for (int f = 0; f < F; f++)
            ix->totlen[f] += len[f];
    }
    key_put(ix, doc->key, d);
    ix->ndocs++;
    free(c.ids);
    free(c.tf);
    return d;
oom:
    free(c.ids);
    free(c.tf);
    return -1;
}

int64_t kz_ix_doc_of(const kz_index *ix, uint64_t key)
{
    int64_t s = key_slot(ix, key);
    return s < 0 ? -1 : (int64_t)ix->kslots_doc[s] - 1;
}
uint64_t kz_ix_key_of(const kz_index *ix, uint32_t doc)
{
    assert(doc < ix->ndocs);
    return ix->keys[doc];
}
const kz_ix_attrs *kz_ix_attrs_of(const kz_index *ix, uint32_t doc)
{
    assert(doc < ix->ndocs);
    return &ix->attrs[doc];
}
bool kz_ix_is_live(const kz_index *ix, uint32_t doc)
{
    return doc < ix->ndocs && bit_get(ix->live, doc);
}
uint32_t kz_ix_field_len(const kz_index *ix, uint32_t doc, int field)
{
    assert(doc < ix->ndocs && field >= 0 && field < F);
    return ix->lens[(size_t)doc * F + field];
}
uint32_t kz_ix_docs(const kz_index *ix)
{
    return ix->ndocs;
}
uint32_t kz_ix_live(const kz_index *ix)
{
    return ix->nlive;
}
uint32_t kz_ix_counted(const kz_index *ix)
{
    return ix->ncounted;
}
double kz_ix_avglen(const kz_index *ix, int field)
{
    if (!ix->ncounted) return 1.0;
    double a = (double)ix->totlen[field] / ix->ncounted;
    return a > 0 ? a : 1.0;
}
uint32_t kz_ix_df(const kz_index *ix, const char *s, uint32_t n)
{
    int64_t id = term_lookup(ix, s, n);
    return id < 0 ? 0 : ix->terms[id].df;
}
uint32_t kz_ix_terms(const kz_index *ix)
{
    return ix->nterms;
}
double kz_ix_idf(const kz_index *ix, uint32_t df)
{
    double x = ((double)ix->ncounted - df + 0.5) / (df + 0.5);
    return log(1.0 + (x > 0 ? x : 0));
}

size_t kz_ix_memory(const kz_index *ix)
{
    size_t m = sizeof *ix + (size_t)ix->capterms * sizeof(term) + ix->capstr +
               ((size_t)ix->tmask + 1) * 8 + (size_t)ix->capdocs * 8 +
               (size_t)ix->capattrs * sizeof(kz_ix_attrs) + (size_t)ix->caplens * 2 +
               (size_t)ix->capbits * 16 + ((size_t)ix->kmask + 1) * 12 +
               ((size_t)ix->vmask + 1) * sizeof(vlist) + (size_t)ix->capscratch * 4;
    for (uint32_t i = 0; i < ix->nterms; i++)
        m += ix->terms[i].cap + (ix->terms[i].blocks ? ix->terms[i].bcap * sizeof(bmeta) : 0);
    m += ix->slab_len;
    for (uint32_t i = 0; i <= ix->vmask; i++)
        m += (size_t)ix->vl[i].cap * 4;
    return m;
}

/* ---- decoding ---- */

typedef struct qctx {
    double k1;
    double w[F];
    double bf[F];   /* b_f */
    double inva[F]; /* 1 / avglen_f */
    /* w_f / ((1 - b_f) + b_f * len / avglen_f) for every length code up to the index's
     * largest; 0 for a field the query leaves out */
    double norm[F][256];
} qctx;

static double bound_of(const qctx *q, const bmeta *b);
static inline int64_t fix_ceil(double x);

typedef struct cursor {
    const term *t;
    const qctx *q;     /* when set, bub is kept for every decoded block */
    int64_t bub;       /* bound of the decoded block's contribution (fixed point) */
    uint32_t nblk, bi; /* current block */
    uint32_t cnt, pos; /* entries in the decoded block, index of the current one */
    bool decoded;
    uint32_t doc; /* current docid, NODOC at the end */
    double qw;    /* query weight * idf */
    int64_t ub;   /* upper bound of this term's contribution (fixed point) */
    uint32_t cbi; /* block whose bound cbub holds (UINT32_MAX: none) */
    int64_t cbub; /* bound of block cbi's contribution, for non-essential look-ups */
    uint32_t docs[KZ_IX_BLOCK];
    uint16_t tf[KZ_IX_BLOCK][F];
    uint8_t lc[KZ_IX_BLOCK][F]; /* the document's length codes, where tf > 0 */
} cursor;

static void block_decode(cursor *c)
{
    const term *t = c->t;
    const bmeta *b = blk(t, c->bi);
    const uint8_t *p = t->data + b->off;
    uint32_t prev = c->bi ? blk(t, c->bi - 1)->last : UINT32_MAX; /* so doc = prev + delta */
    uint32_t cnt = c->bi + 1 < c->nblk ? KZ_IX_BLOCK : t->n - c->bi * KZ_IX_BLOCK;
    for (uint32_t i = 0; i < cnt; i++) {
        uint32_t delta;
        p = get_varint(p, &delta);
        prev += delta;
        c->docs[i] = prev;
        uint8_t code = *p++;
        for (int f = 0; f < F; f++) {
            uint32_t v = (code >> (2 * f)) & 3;
            if (v == 3) {
                p = get_varint(p, &v);
                v += 3;
            }
            c->tf[i][f] = (uint16_t)v;
        }
        for (int f = 0; f < F; f++)
            c->lc[i][f] = c->tf[i][f] ? *p++ : 0;
    }
    c->cnt = cnt;
    c->pos = 0;
    c->decoded = true;
    if (c->q) c->bub = fix_ceil(c->qw * bound_of(c->q, b));
}

static void cursor_init(cursor *c, const term *t)
{
    c->t = t;
    c->q = NULL;
    c->nblk = nblocks(t);
    c->bi = 0;
    c->decoded = false;
    c->doc = NODOC;
    c->cbi = UINT32_MAX;
    if (c->nblk) {
        block_decode(c);
        c->doc = c->docs[0];
    }
}

static inline void cursor_next(cursor *c, kz_ix_stats *st)
{
    if (++c->pos < c->cnt) {
        c->doc = c->docs[c->pos];
        return;
    }
    if (++c->bi >= c->nblk) {
        c->doc = NODOC;
        return;
    }
    block_decode(c);
    if (st) st->blocks_decoded++;
    c->doc = c->docs[0];
}

/* Moves to the first block whose last docid is >= d, without decoding it. Returns false when
 * no such block exists (the cursor is at the end then). */
static bool cursor_seek_block(cursor *c, uint32_t d, kz_ix_stats *st)
{
    if (c->doc != NODOC && c->doc >= d) return true;
    uint32_t bi = c->bi;
    while (bi < c->nblk && blk(c->t, bi)->last < d)
        bi++;
    if (bi >= c->nblk) {
        c->bi = c->nblk;
        c->doc = NODOC;
        return false;
    }
    if (bi != c->bi) {
        if (st) st->blocks_skipped += bi - c->bi - (c->decoded ? 1 : 0);
        c->bi = bi;
        c->decoded = false;
    }
    return true;
}

/* Advances to the first entry with docid >= d (decoding the block as needed). */
static void cursor_seek(cursor *c, uint32_t d, kz_ix_stats *st)
{
    if (c->doc != NODOC && c->doc >= d) return;
    if (!cursor_seek_block(c, d, st)) return;
    if (!c->decoded) {
        block_decode(c);
        if (st) st->blocks_decoded++;
    }
    uint32_t i = c->pos;
    while (c->docs[i] < d)
        i++; /* the block's last is >= d */
    c->pos = i;
    c->doc = c->docs[i];
}

/* ---- scoring ---- */

static void qctx_init(qctx *q, const kz_index *ix, const kz_ix_params *p)
{
    q->k1 = p->k1;
    for (int f = 0; f < F; f++) {
        q->w[f] = p->w[f] > 0 ? p->w[f] : 0;
        q->bf[f] = p->b[f];
        q->inva[f] = 1.0 / kz_ix_avglen(ix, f);
        for (uint32_t c = 0; c <= ix->maxcode[f]; c++)
            q->norm[f][c] = q->w[f] > 0
                                ? q->w[f] / ((1.0 - q->bf[f]) +
                                             q->bf[f] * kz_ix_code_len((uint8_t)c) * q->inva[f])
                                : 0;
    }
}

static inline void doc_norm(const qctx *q, const kz_index *ix, uint32_t d, double wn[F])
{
    const uint16_t *l = &ix->lens[(size_t)d * F];
    for (int f = 0; f < F; f++)
        wn[f] = q->norm[f][kz_ix_len_code(l[f])];
}

static inline double saturate(const qctx *q, double tfw)
{
    return tfw * (q->k1 + 1.0) / (q->k1 + tfw);
}

/* Scores are summed in fixed point (2^-40 units): integer addition does not depend on the
 * order of the terms, so equal documents score exactly equal whatever the pruning did, and
 * ties always fall to the lower docid. Bounds round up, contributions to the nearest unit. */
#define FIX_ONE 1099511627776.0
static inline int64_t fix_round(double x)
{
    return (int64_t)(x * FIX_ONE + 0.5);
}
static inline int64_t fix_ceil(double x)
{
    return (int64_t)(x * FIX_ONE) + 1;
}

/* The current entry's contribution: its length codes come with it (no per-document look-up). */
static inline int64_t contrib(const qctx *q, const cursor *c)
{
    double tfw = 0;
    const uint16_t *tf = c->tf[c->pos];
    const uint8_t *lc = c->lc[c->pos];
    for (int f = 0; f < F; f++)
        tfw += tf[f] * q->norm[f][lc[f]];
    return tfw > 0 ? fix_round(c->qw * saturate(q, tfw)) : 0;
}

static double bound_of(const qctx *q, const bmeta *b)
{
    double tfw = 0;
    for (int f = 0; f < F; f++) {
        if (!b->maxtf[f] || q->w[f] <= 0) continue;
        double norm = (1.0 - q->bf[f]) + q->bf[f] * b->minlen[f] * q->inva[f];
        tfw += q->w[f] * b->maxtf[f] / norm;
    }
    return tfw > 0 ? saturate(q, tfw) : 0;
}

/* A bound for every entry of the term; for a short list the best of its block bounds. */
static double term_bound(const qctx *q, const term *t)
{
    uint32_t nb = nblocks(t);
    if (nb > 8) return bound_of(q, &t->all);
    double m = 0;
    for (uint32_t i = 0; i < nb; i++) {
        double b = bound_of(q, blk(t, i));
        if (b > m) m = b;
    }
    return m;
}

/* ---- top-k heap: the worst hit at the root (lowest score; at equal score, highest doc) ---- */

typedef struct fhit {
    int64_t score;
    uint32_t doc;
} fhit;

static inline bool fworse(const fhit *a, const fhit *b)
{
    return a->score < b->score || (a->score == b->score && a->doc > b->doc);
}

static void fheap_push(fhit *h, uint32_t *n, fhit x)
{
    uint32_t i = (*n)++;
    while (i) {
        uint32_t p = (i - 1) / 2;
        if (!fworse(&x, &h[p])) break;
        h[i] = h[p];
        i = p;
    }
    h[i] = x;
}

static void fheap_replace_top(fhit *h, uint32_t n, fhit x)
{
    uint32_t i = 0;
    for (;;) {
        uint32_t l = 2 * i + 1, r = l + 1, m = i;
        const fhit *best = &x;
        if (l < n && fworse(&h[l], best)) {
            m = l;
            best = &h[l];
        }
        if (r < n && fworse(&h[r], best)) m = r;
        if (m == i) break;
        h[i] = h[m];
        i = m;
    }
    h[i] = x;
}

static int fhit_cmp(const void *a, const void *b)
{
    const fhit *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return x->doc < y->doc ? -1 : x->doc > y->doc;
}

static int cur_cmp_ub(const void *a, const void *b)
{
    const cursor *x = *(const cursor *const *)a, *y = *(const cursor *const *)b;
    if (x->ub != y->ub) return x->ub < y->ub ? -1 : 1;
    return x->t < y->t ? -1 : x->t > y->t;
}

static inline bool filter_pass(const kz_index *ix, const kz_ix_filter *f, uint32_t d)
{
    if (!bit_get(ix->live, d)) return false;
    if (!f) return true;
    if (f->bits && (d >= f->nbits || !bit_get(f->bits, d))) return false;
    if (f->accept && !f->accept(f->ctx, ix, d)) return false;
    return true;
}

typedef struct rterm {
    const term *t;
    double w, key;
    const char *text;
    uint32_t len;
} rterm;

static int rterm_cmp(const void *a, const void *b)
{
    const rterm *x = a, *y = b;
    if (x->key != y->key) return x->key > y->key ? -1 : 1;
    uint32_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->text, y->text, n);
    if (c) return c;
    return x->len < y->len ? -1 : x->len > y->len;
}

/* Resolves the query terms into distinct (term, weight) pairs and keeps the
 * KZ_IX_SCORED_TERMS with the largest weight * idf (ties: by term text). Returns how many. */
static size_t resolve_terms(const kz_index *ix, const kz_ix_qterm *terms, size_t nterms,
                            const term **ts, double *ws)
{
    rterm r[KZ_IX_MAX_TERMS];
    size_t n = 0;
    for (size_t i = 0; i < nterms && n < KZ_IX_MAX_TERMS; i++) {
        if (terms[i].weight <= 0) continue;
        int64_t id = term_lookup(ix, terms[i].text, terms[i].len);
        if (id < 0 || !ix->terms[id].n) continue;
        const term *t = &ix->terms[id];
        size_t j = 0;
        while (j < n && r[j].t != t)
            j++;
        if (j < n) {
            r[j].w += terms[i].weight;
        } else {
            r[n++] = (rterm){t, terms[i].weight, 0, term_text(ix, t), t->slen};
        }
    }
    if (n > KZ_IX_SCORED_TERMS) {
        for (size_t i = 0; i < n; i++)
            r[i].key = r[i].w * kz_ix_idf(ix, r[i].t->df);
        qsort(r, n, sizeof *r, rterm_cmp);
        n = KZ_IX_SCORED_TERMS;
    }
    for (size_t i = 0; i < n; i++) {
        ts[i] = r[i].t;
        ws[i] = r[i].w;
    }
    return n;
}

double kz_ix_score(const kz_index *ix, const kz_ix_qterm *terms, size_t nterms,
                   const kz_ix_params *p, uint32_t doc)
{
    const term *ts[KZ_IX_MAX_TERMS];
    double ws[KZ_IX_MAX_TERMS];
    size_t n = resolve_terms(ix, terms, nterms, ts, ws);
    qctx q;
    qctx_init(&q, ix, p);
    double wn[F];
    int64_t s = 0;
    doc_norm(&q, ix, doc, wn);
    for (size_t i = 0; i < n; i++) {
        uint32_t tf[F];
        if (!kz_ix_tf(ix, term_text(ix, ts[i]), ts[i]->slen, doc, tf)) continue;
        double tfw = 0;
        for (int f = 0; f < F; f++)
            tfw += tf[f] * wn[f];
        if (tfw > 0) s += fix_round(ws[i] * kz_ix_idf(ix, ts[i]->df) * saturate(&q, tfw));
    }
    return s / FIX_ONE;
}

int kz_ix_tf(const kz_index *ix, const char *s, uint32_t len, uint32_t doc, uint32_t tf[F])
{
    memset(tf, 0, sizeof(uint32_t) * F);
    int64_t id = term_lookup(ix, s, len);
    if (id < 0) return 0;
    cursor *c = malloc(sizeof *c);
    if (!c) return 0;
    cursor_init(c, &ix->terms[id]);
    cursor_seek(c, doc, NULL);
    int found = c->doc == doc;
    if (found)
        for (int f = 0; f < F; f++)
            tf[f] = c->tf[c->pos][f];
    free(c);
    return found;
}

int kz_ix_search(const kz_index *ix, const kz_ix_qterm *terms, size_t nterms, const kz_ix_params *p,
                 const kz_ix_filter *flt, uint32_t k, kz_ix_hit *out, kz_ix_stats *st)
{
    if (k > KZ_IX_MAX_K) return -1;
    if (!k) return 0;
    const term *ts[KZ_IX_MAX_TERMS];
    double ws[KZ_IX_MAX_TERMS];
    size_t n = resolve_terms(ix, terms, nterms, ts, ws);
    if (!n) return 0;
    cursor *cs = malloc(n * sizeof *cs);
    cursor **c = malloc(n * sizeof *c);
    int64_t *prefix = malloc(n * sizeof *prefix);
    fhit *heap = malloc((size_t)k * sizeof *heap);
    if (!cs || !c || !prefix || !heap) {
        free(cs);
        free(c);
        free(prefix);
        free(heap);
        return -1;
    }
    qctx q;
    qctx_init(&q, ix, p);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        cursor *x = &cs[m];
        x->qw = ws[i] * kz_ix_idf(ix, ts[i]->df);
        if (x->qw <= 0) continue;
        double tb = term_bound(&q, ts[i]);
        if (tb <= 0) continue; /* only in fields this query leaves out */
        cursor_init(x, ts[i]);
        x->q = &q;
        x->bub = fix_ceil(x->qw * bound_of(&q, blk(ts[i], 0)));
        x->ub = fix_ceil(x->qw * tb);
        c[m] = x;
        m++;
    }
    qsort(c, m, sizeof *c, cur_cmp_ub);
    int64_t acc = 0;
    for (size_t i = 0; i < m; i++)
        prefix[i] = (acc += c[i]->ub);

    uint32_t nh = 0;
    int64_t theta = 0; /* with prune set, a document must score > theta to make the top k */
    bool prune = false;
    size_t ess = 0; /* c[ess..m) are essential: a document must be in one of them */
    /* Block-max window: until the first end wend of an essential cursor's current block, no
     * document can score more than wsum, the sum of those blocks' bounds plus every
     * non-essential term's bound. It holds until a document past wend or a change of ess. */
    uint32_t wend = 0;
    int64_t wsum = 0;
    size_t wess = SIZE_MAX;
    uint32_t next = NODOC; /* the smallest essential docid, when have_next */
    bool have_next = false;
    for (;;) {
        uint32_t d = have_next ? next : NODOC;
        if (!have_next)
            for (size_t i = ess; i < m; i++)
                if (c[i]->doc < d) d = c[i]->doc;
        have_next = false;
        if (d == NODOC) break;
        if (prune) {
            if (wess != ess || d > wend) {
                wsum = ess ? prefix[ess - 1] : 0;
                wend = NODOC;
                for (size_t i = ess; i < m; i++) {
                    if (c[i]->doc == NODOC) continue;
                    wsum += c[i]->bub;
                    uint32_t last = blk(c[i]->t, c[i]->bi)->last;
                    if (last < wend) wend = last;
                }
                wess = ess;
            }
            if (wsum <= theta) { /* nothing in the window can make it: jump past it */
                if (st) st->windows_skipped++;
                for (size_t i = ess; i < m; i++)
                    cursor_seek(c[i], wend + 1, st);
                wess = SIZE_MAX;
                continue;
            }
        }
        int64_t s = 0;
        bool ok = filter_pass(ix, flt, d);
        next = NODOC; /* found while advancing, for the next round */
        for (size_t i = ess; i < m; i++) {
            if (c[i]->doc == d) {
                if (ok) s += contrib(&q, c[i]);
                cursor_next(c[i], st);
            }
            if (c[i]->doc < next) next = c[i]->doc;
        }
        have_next = true;
        if (!ok) continue;
        if (st) st->scored++;
        /* non-essential terms, largest bound first, while the document can still make it */
        for (size_t i = ess; i-- > 0;) {
            if (prune && s + prefix[i] <= theta) {
                s = 0;
                break;
            }
            cursor *x = c[i];
            if (!cursor_seek_block(x, d, st)) continue;
            if (prune) {
                int64_t rest = i ? prefix[i - 1] : 0;
                if (x->cbi != x->bi) {
                    x->cbi = x->bi;
                    x->cbub = fix_ceil(x->qw * bound_of(&q, blk(x->t, x->bi)));
                }
                if (s + x->cbub + rest <= theta) {
                    s = 0;
                    break;
                }
            }
            cursor_seek(x, d, st);
            if (x->doc == d) s += contrib(&q, x);
        }
        if (s <= 0 || (prune && s <= theta)) continue;
        fhit h = {.doc = d, .score = s};
        if (nh < k) {
            fheap_push(heap, &nh, h);
            if (nh < k) continue;
        } else if (s > heap[0].score) {
            fheap_replace_top(heap, nh, h);
        } else {
            continue;
        }
        if (heap[0].score > theta) theta = heap[0].score;
        prune = true;
        while (ess < m && prefix[ess] <= theta) {
            ess++;
            have_next = false; /* the smallest docid of the remaining essential lists */
        }
    }
    qsort(heap, nh, sizeof *heap, fhit_cmp);
    for (uint32_t i = 0; i < nh; i++)
        out[i] = (kz_ix_hit){heap[i].doc, heap[i].score / FIX_ONE};
    free(cs);
    free(c);
    free(prefix);
    free(heap);
    return (int)nh;
}

/* ---- compaction ---- */

int kz_ix_compact(kz_index *ix)
{
    uint32_t *map = malloc(((size_t)ix->ndocs + 1) * sizeof *map);
    if (!map) return -1;
    uint32_t nd = 0;
    for (uint32_t d = 0; d < ix->ndocs; d++)
        map[d] = bit_get(ix->live, d) ? nd++ : NODOC;
    /* re-encode every term into new buffers first, so failure leaves the index unchanged */
    term *nt = calloc(ix->nterms ? ix->nterms : 1, sizeof *nt);
    cursor *c = malloc(sizeof *c);
    bool fail = !nt || !c;
    for (uint32_t i = 0; i < ix->nterms && !fail; i++) {
        const term *t = &ix->terms[i];
        term *u = &nt[i];
        u->soff = t->soff;
        u->slen = t->slen;
        if (!t->n) continue;
        cursor_init(c, t);
        while (c->doc != NODOC) {
            uint32_t d = c->doc;
            if (map[d] != NODOC) {
                if (term_reserve(u)) {
                    fail = true;
                    break;
                }
                uint16_t tf[F];
                memcpy(tf, c->tf[c->pos], sizeof tf);
                dlens dl = doc_lens(&ix->lens[(size_t)d * F]);
                term_append(u, map[d], tf, &dl);
                if (bit_get(ix->counted, d)) u->df++;
            }
            cursor_next(c, NULL);
        }
    }
    free(c);
    if (fail) {
        if (nt)
            for (uint32_t i = 0; i < ix->nterms; i++) {
                free(nt[i].data);
                free(nt[i].blocks);
            }
        free(nt);
        free(map);
        return -1;
    }
    /* commit: from here on nothing allocates except shrinking the value lists in place */
    for (uint32_t i = 0; i < ix->nterms; i++) {
        if (ix->terms[i].cap) free(ix->terms[i].data);
        free(ix->terms[i].blocks);
    }
    free(ix->terms);
    free(ix->slab); /* every term is re-encoded into its own buffer */
    ix->slab = NULL;
    ix->slab_len = 0;
    ix->terms = nt;
    ix->capterms = ix->nterms ? ix->nterms : 1;
    for (uint32_t d = 0; d < ix->ndocs; d++) {
        uint32_t e = map[d];
        bool cnt = bit_get(ix->counted, d);
        bit_clr(ix->counted, d);
        bit_clr(ix->live, d);
        if (e == NODOC) continue;
        ix->keys[e] = ix->keys[d];
        ix->attrs[e] = ix->attrs[d];
        memmove(&ix->lens[(size_t)e * F], &ix->lens[(size_t)d * F], F * sizeof(uint16_t));
        bit_set(ix->live, e);
        if (cnt) bit_set(ix->counted, e);
    }
    for (uint32_t i = 0; i <= ix->kmask; i++) {
        uint32_t v = ix->kslots_doc[i];
        if (v && v != NODOC) ix->kslots_doc[i] = map[v - 1] + 1;
    }
    for (uint32_t i = 0; i <= ix->vmask; i++) {
        vlist *v = &ix->vl[i];
        uint32_t w = 0;
        for (uint32_t j = 0; j < v->n; j++)
            if (map[v->docs[j]] != NODOC) v->docs[w++] = map[v->docs[j]];
        v->n = w;
    }
    ix->ndocs = nd;
    free(map);
    return 0;
}

/* ---- snapshot ---- */

#define IX_MAGIC 0x31535849u /* "IXS1" */
#define IX_END   0x444e4549u /* "IEND" */

int kz_ix_save(const kz_index *ix, kz_sw *w)
{
    uint32_t words = (ix->ndocs + 63) / 64;
    kz_sw_u32(w, IX_MAGIC);
    kz_sw_u32(w, F);
    kz_sw_u32(w, (uint32_t)sizeof(kz_ix_attrs));
    kz_sw_u32(w, KZ_IX_BLOCK);
    kz_sw_u32(w, ix->ndocs);
    kz_sw_bytes(w, ix->keys, (size_t)ix->ndocs * sizeof *ix->keys);
    kz_sw_bytes(w, ix->attrs, (size_t)ix->ndocs * sizeof *ix->attrs);
    kz_sw_bytes(w, ix->lens, (size_t)ix->ndocs * F * sizeof *ix->lens);
    kz_sw_bytes(w, ix->live, (size_t)words * 8);
    kz_sw_bytes(w, ix->counted, (size_t)words * 8);
    kz_sw_bytes(w, ix->maxcode, F);
    kz_sw_u32(w, ix->nstr);
    kz_sw_bytes(w, ix->str, ix->nstr);
    kz_sw_u32(w, ix->nterms);
    for (uint32_t i = 0; i < ix->nterms && !w->err; i++) {
        const term *t = &ix->terms[i];
        uint32_t h[5] = {t->soff, t->slen, t->df, t->n, t->len};
        kz_sw_bytes(w, h, sizeof h);
        kz_sw_bytes(w, t->data, t->len);
    }
    kz_sw_u32(w, ix->nvl);
    for (uint32_t i = 0; i <= ix->vmask && !w->err; i++) {
        const vlist *v = &ix->vl[i];
        if (!v->key) continue;
        kz_sw_u64(w, v->key);
        kz_sw_u32(w, v->n);
        kz_sw_bytes(w, v->docs, (size_t)v->n * 4);
    }
    kz_sw_u32(w, IX_END);
    return w->err ? -1 : 0;
}

/* get_varint with a bound: the same bytes consumed, NULL when they pass end. */
static const uint8_t *get_varint_end(const uint8_t *p, const uint8_t *end, uint32_t *v)
{
    size_t n = 1;
    while (n < 5 && p + n - 1 < end && (p[n - 1] & 0x80))
        n++;
    if ((size_t)(end - p) < n) return NULL;
    return get_varint(p, v);
}

/* Decodes a loaded term's postings, checking every entry (docids ascending and < ndocs, term
 * frequencies, each length code the document's own) and rebuilding the block metadata as
 * term_append made it. Returns false when the bytes are not what kz_ix_save wrote. */
static bool term_restore(const kz_index *ix, term *t, const uint8_t *codes, const uint16_t *qlen)
{
    memset(&t->b0, 0, sizeof t->b0);
    memset(&t->all, 0, sizeof t->all);
    t->blocks = NULL;
    t->bcap = 0;
    t->last = 0;
    if (!t->n) return t->len == 0 && t->df == 0;
    if (t->df > t->n || t->n > ix->ndocs) return false;
    uint32_t nb = nblocks(t);
    if (nb > 1) {
        t->blocks = calloc(nb, sizeof *t->blocks);
        if (!t->blocks) return false;
        t->bcap = nb;
    }
    for (int f = 0; f < F; f++)
        t->all.minlen[f] = UINT16_MAX;
    const uint8_t *p = t->data, *end = t->data + t->len;
    uint32_t prev = UINT32_MAX;
    for (uint32_t i = 0; i < t->n; i++) {
        bmeta *b = blk_mut(t, i / KZ_IX_BLOCK);
        if (i % KZ_IX_BLOCK == 0) {
            b->off = (uint32_t)(p - t->data);
            for (int f = 0; f < F; f++) {
                b->maxtf[f] = 0;
                b->minlen[f] = UINT16_MAX;
            }
        }
        uint32_t delta;
        if (!(p = get_varint_end(p, end, &delta)) || !delta) return false;
        uint32_t doc = prev + delta; /* the first: UINT32_MAX + doc + 1 */
        if ((i && doc <= prev) || doc >= ix->ndocs || p >= end) return false;
        prev = doc;
        uint8_t code = *p++;
        uint16_t tf[F];
        bool any = false;
        for (int f = 0; f < F; f++) {
            uint32_t v = (code >> (2 * f)) & 3;
            if (v == 3) {
                if (!(p = get_varint_end(p, end, &v)) || v > UINT16_MAX - 3u) return false;
                v += 3;
            }
            tf[f] = (uint16_t)v;
            any |= v != 0;
        }
        if (!any) return false;
        const uint8_t *dc = &codes[(size_t)doc * F];
        for (int f = 0; f < F; f++) {
            if (!tf[f]) continue;
            if (p >= end || *p++ != dc[f]) return false;
            uint16_t ql = qlen[dc[f]];
            if (tf[f] > b->maxtf[f]) b->maxtf[f] = tf[f];
            if (ql < b->minlen[f]) b->minlen[f] = ql;
            if (tf[f] > t->all.maxtf[f]) t->all.maxtf[f] = tf[f];
            if (ql < t->all.minlen[f]) t->all.minlen[f] = ql;
        }
        b->last = doc;
    }
    if (p != end) return false;
    t->last = prev;
    if (t->blocks) t->b0 = t->blocks[0];
    return true;
}

bool kz_ix_skip(kz_sr *r)
{
    if (kz_sr_u32(r) != IX_MAGIC || kz_sr_u32(r) != F || kz_sr_u32(r) != sizeof(kz_ix_attrs) ||
        kz_sr_u32(r) != KZ_IX_BLOCK)
        r->err = true;
    uint32_t nd = kz_sr_u32(r), words = (nd + 63) / 64;
    if (kz_sr_fits(r, nd, 8 + sizeof(kz_ix_attrs) + F * 2))
        kz_sr_bytes(r, (size_t)nd * (8 + sizeof(kz_ix_attrs) + F * 2));
    if (kz_sr_fits(r, words, 16)) kz_sr_bytes(r, (size_t)words * 16);
    kz_sr_bytes(r, F);
    kz_sr_bytes(r, kz_sr_u32(r)); /* the terms' text */
    uint32_t nt = kz_sr_u32(r);
    for (uint32_t i = 0; i < nt && !r->err; i++) {
        const uint8_t *h = kz_sr_bytes(r, 20);
        uint32_t len = 0;
        if (h) memcpy(&len, h + 16, 4);
        kz_sr_bytes(r, len);
    }
    uint32_t nvl = kz_sr_u32(r);
    for (uint32_t i = 0; i < nvl && !r->err; i++) {
        kz_sr_u64(r);
        uint32_t n = kz_sr_u32(r);
        if (kz_sr_fits(r, n, 4)) kz_sr_bytes(r, (size_t)n * 4);
    }
    if (kz_sr_u32(r) != IX_END) r->err = true;
    return !r->err;
}

static uint32_t pow2_mask(uint64_t need, uint32_t min)
{
    uint64_t m = min;
    while (m < need && m < (1ull << 31))
        m *= 2;
    return (uint32_t)(m - 1);
}

kz_index *kz_ix_load(kz_sr *r, const char **why)
{
    *why = "索引快照格式不符";
    if (kz_sr_u32(r) != IX_MAGIC || kz_sr_u32(r) != F || kz_sr_u32(r) != sizeof(kz_ix_attrs) ||
        kz_sr_u32(r) != KZ_IX_BLOCK)
        return NULL;
    uint32_t nd = kz_sr_u32(r);
    if (r->err || nd > KZ_IX_MAX_DOCS) return NULL;
    size_t per_doc = 8 + sizeof(kz_ix_attrs) + F * 2;
    if (!kz_sr_fits(r, nd, per_doc)) return NULL;
    kz_index *ix = kz_ix_new();
    if (!ix) {
        *why = "载入索引快照时内存不足";
        return NULL;
    }
    uint8_t *codes = NULL; /* each document's length codes, [doc * F + f] */
    uint16_t qlen[256];    /* the length scoring reads for a code */
    uint32_t words = (nd + 63) / 64, bcap = words ? words : 1, dcap = nd ? nd : 1;
    ix->keys = malloc((size_t)dcap * 8);
    ix->attrs = malloc((size_t)dcap * sizeof(kz_ix_attrs));
    ix->lens = malloc((size_t)dcap * F * 2);
    ix->live = calloc(bcap, 8);
    ix->counted = calloc(bcap, 8);
    kz_sr_huge(ix->keys, (size_t)dcap * 8);
    kz_sr_huge(ix->attrs, (size_t)dcap * sizeof(kz_ix_attrs));
    kz_sr_huge(ix->lens, (size_t)dcap * F * 2);
    if (!ix->keys || !ix->attrs || !ix->lens || !ix->live || !ix->counted) goto oom;
    ix->capdocs = ix->capattrs = dcap;
    ix->caplens = dcap * F;
    ix->capbits = bcap;
    ix->ndocs = nd;
    const void *q;
    if ((q = kz_sr_bytes(r, (size_t)nd * 8))) memcpy(ix->keys, q, (size_t)nd * 8);
    if ((q = kz_sr_bytes(r, (size_t)nd * sizeof(kz_ix_attrs))))
        memcpy(ix->attrs, q, (size_t)nd * sizeof(kz_ix_attrs));
    if ((q = kz_sr_bytes(r, (size_t)nd * F * 2))) memcpy(ix->lens, q, (size_t)nd * F * 2);
    if (!kz_sr_fits(r, words, 16)) goto bad;
    if ((q = kz_sr_bytes(r, (size_t)words * 8))) memcpy(ix->live, q, (size_t)words * 8);
    if ((q = kz_sr_bytes(r, (size_t)words * 8))) memcpy(ix->counted, q, (size_t)words * 8);
    if ((q = kz_sr_bytes(r, F))) memcpy(ix->maxcode, q, F);
    if (r->err) goto bad;
    if (nd % 64) /* nothing past the last document */
        if ((ix->live[words - 1] | ix->counted[words - 1]) >> (nd % 64)) goto bad;
    /* the counters, and every document's length codes within maxcode (the per-query tables);
     * the codes are kept for checking the postings */
    codes = malloc((size_t)(nd ? nd : 1) * F);
    if (!codes) goto oom;
    kz_sr_huge(codes, (size_t)nd * F);
    for (int c = 0; c < 256; c++)
        qlen[c] = (uint16_t)kz_ix_code_len((uint8_t)c);
    for (uint32_t d = 0; d < nd; d++) {
        const uint16_t *l = &ix->lens[(size_t)d * F];
        const kz_ix_attrs *a = &ix->attrs[d];
        if (!memchr(a->industry, 0, sizeof a->industry)) goto bad; /* a string, as added */
        for (int f = 0; f < F; f++) {
            uint8_t c = l[f] < 128 ? (uint8_t)l[f] : kz_ix_len_code(l[f]);
            codes[(size_t)d * F + f] = c;
            if (c > ix->maxcode[f]) goto bad;
        }
        if (!bit_get(ix->live, d)) continue;
        ix->nlive++;
        if (bit_get(ix->counted, d)) {
            ix->ncounted++;
            for (int f = 0; f < F; f++)
                ix->totlen[f] += l[f];
        }
    }
    /* the key map: live documents, each key once */
    uint32_t km = pow2_mask((uint64_t)ix->nlive * 4 + 4, 1024);
    free(ix->kslots_key);
    free(ix->kslots_doc);
    ix->kslots_key = calloc((size_t)km + 1, 8);
    ix->kslots_doc = calloc((size_t)km + 1, 4);
    if (!ix->kslots_key || !ix->kslots_doc) goto oom;
    kz_sr_huge(ix->kslots_key, ((size_t)km + 1) * 8);
    kz_sr_huge(ix->kslots_doc, ((size_t)km + 1) * 4);
    ix->kmask = km;
    for (uint32_t d = 0; d < nd; d++) {
        if (!bit_get(ix->live, d)) continue;
        if (key_slot(ix, ix->keys[d]) >= 0) goto bad;
        key_put(ix, ix->keys[d], d);
    }
    /* terms */
    uint32_t nstr = kz_sr_u32(r);
    if (!kz_sr_fits(r, nstr, 1)) goto bad;
    ix->str = malloc(nstr ? nstr : 1);
    if (!ix->str) goto oom;
    memcpy(ix->str, kz_sr_bytes(r, nstr), nstr);
    ix->nstr = ix->capstr = nstr;
    uint32_t nt = kz_sr_u32(r);
    if (!kz_sr_fits(r, nt, 20)) goto bad;
    ix->terms = calloc(nt ? nt : 1, sizeof(term));
    ix->scratch_slot = calloc(nt ? nt : 1, sizeof(uint32_t));
    if (!ix->terms || !ix->scratch_slot) goto oom;
    ix->capterms = ix->capscratch = nt ? nt : 1;
    uint32_t tm = pow2_mask((uint64_t)nt * 2 + 2, 1024);
    free(ix->tslots);
    ix->tslots = calloc((size_t)tm + 1, 8);
    if (!ix->tslots) goto oom;
    ix->tmask = tm;
    /* every term's postings in one allocation: their total, from a walk over the headers that
     * reads nothing else (a count that passes the bytes left stops it; the loop below then fails
     * on the same term) */
    kz_sr scan = *r;
    size_t total = 0;
    for (uint32_t i = 0; i < nt; i++) {
        const uint8_t *hq = kz_sr_bytes(&scan, 20);
        uint32_t len;
        if (!hq) break;
        memcpy(&len, hq + 16, 4);
        if (!kz_sr_bytes(&scan, len)) break;
        total += len;
    }
    ix->slab = malloc(total ? total : 1);
    if (!ix->slab) goto oom;
    kz_sr_huge(ix->slab, total);
    ix->slab_len = total;
    size_t used = 0;
    for (uint32_t i = 0; i < nt; i++) {
        term *t = &ix->terms[i];
        uint32_t h[5];
        const void *hq = kz_sr_bytes(r, sizeof h);
        if (!hq) goto bad;
        memcpy(h, hq, sizeof h);
        t->soff = h[0], t->slen = h[1], t->df = h[2], t->n = h[3], t->len = h[4];
        ix->nterms = i + 1; /* from here kz_ix_free frees it */
        if (t->slen > nstr || t->soff > nstr - t->slen || !kz_sr_fits(r, t->len, 1) ||
            t->len > total - used)
            goto bad;
        if (t->len) {
            t->data = ix->slab + used;
            memcpy(t->data, kz_sr_bytes(r, t->len), t->len);
            used += t->len;
        }
        if (!term_restore(ix, t, codes, qlen)) goto bad;
        uint64_t hh = hash_bytes(term_text(ix, t), t->slen);
        if (term_find(ix, term_text(ix, t), t->slen, hh) >= 0) goto bad; /* twice */
        uint32_t s = (uint32_t)hh & tm;
        while (ix->tslots[s])
            s = (s + 1) & tm;
        ix->tslots[s] = (hh >> 32 << 32) | (i + 1);
    }
    /* value lists */
    uint32_t nvl = kz_sr_u32(r);
    if (!kz_sr_fits(r, nvl, 12)) goto bad;
    uint32_t vm = pow2_mask((uint64_t)nvl * 2 + 2, 256);
    free(ix->vl);
    ix->vl = calloc((size_t)vm + 1, sizeof *ix->vl);
    if (!ix->vl) goto oom;
    ix->vmask = vm;
    for (uint32_t i = 0; i < nvl; i++) {
        uint64_t key = kz_sr_u64(r);
        uint32_t n = kz_sr_u32(r);
        if (r->err || !key || vl_find(ix, key) || !kz_sr_fits(r, n, 4)) goto bad;
        uint32_t s = (uint32_t)mix64(key) & vm;
        while (ix->vl[s].key)
            s = (s + 1) & vm;
        vlist *v = &ix->vl[s];
        v->key = key;
        ix->nvl++;
        if (n) {
            v->docs = malloc((size_t)n * 4);
            if (!v->docs) goto oom;
            memcpy(v->docs, kz_sr_bytes(r, (size_t)n * 4), (size_t)n * 4);
            v->n = v->cap = n;
            for (uint32_t j = 0; j < n; j++)
                if (v->docs[j] >= nd) goto bad;
        }
    }
    if (kz_sr_u32(r) != IX_END || r->err) goto bad;
    free(codes);
    *why = NULL;
    return ix;
oom:
    *why = "载入索引快照时内存不足";
    free(codes);
    kz_ix_free(ix);
    return NULL;
bad:
    r->err = true;
    free(codes);
    kz_ix_free(ix);
    return NULL;
}
