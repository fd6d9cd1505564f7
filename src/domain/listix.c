/* listix.c — lists from the in-memory list attributes (see listix.h). */
#include "listix.h"
#include "../core/vocab.h"
#include "common.h"
#include "engine.h"
#include "enums.h"
#include "record.h"
#include "search_svc.h"
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static atomic_bool enabled = true;
static _Atomic uint64_t answered;

uint64_t kz_listix_answered(void)
{
    return atomic_load(&answered);
}

void kz_listix_enable(bool on)
{
    atomic_store(&enabled, on);
}

/* Visibility from the same parameters the SQL lists bind (kz_visibility_params, ACH_VIS and
 * DEM_VIS): everybody sees the public statuses; ?1 everything; ?2 its org's rows; ?3 every row
 * past draft; ?4 the rows past draft under that region prefix. */
static void visibility(const kz_actor *a, const kz_listix_q *lq, kz_at_query *q, char prefix[8])
{
    int kind = lq->kind;
    db_val p[4];
    kz_visibility_params(a, p, prefix);
    q->vis_all = p[0].i != 0;
    q->vis_org = p[1].t == DBT_INT && p[1].i > 0 && p[1].i <= UINT32_MAX ? (uint32_t)p[1].i : 0;
    q->vis_nondraft = p[2].i != 0;
    q->vis_region = p[3].t == DBT_TEXT ? p[3].s : NULL;
    static const char *const pub[2][4] = {{"published"}, {"published", "matched", "closed"}};
    const char *const *states = lq->shared ? lq->shared->public_states : pub[kind];
    q->vis_public = 0;
    for (int i = 0; states && states[i]; i++) {
        int s = kz_svc_status_code(kind, states[i]);
        if (s >= 0) q->vis_public |= 1u << s;
    }
    int d = kz_svc_status_code(kind, "draft");
    q->draft_status = d >= 0 ? (uint8_t)d : 255;
}

typedef struct rows_ctx {
    const kz_at_result *res;
    json_t **slot; /* by position in the page */
    json_t *(*item)(const db_row *r);
} rows_ctx;

static db_status rows_cb(void *vctx, const db_row *r)
{
    rows_ctx *x = vctx;
    int64_t id = db_col_int(r, 0);
    for (int i = 0; i < x->res->n; i++)
        if (x->res->ids[i] == id && !x->slot[i]) {
            x->slot[i] = x->item(r);
            break;
        }
    return DB_OK;
}

typedef struct named {
    json_t *o;
    const char *code; /* NULL: none */
    uint64_t count;
} named;

static int named_cmp(const void *a, const void *b)
{
    const named *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    if (!x->code || !y->code) return !x->code ? (y->code ? -1 : 0) : 1;
    return strcmp(x->code, y->code);
}

/* One facet as the SQL lists give it (facet_cb in achievement.c, demand.c and kind_list.c);
 * vocab: the codes and names of KZ_AT_F_KIND. */
static json_t *facet_json(const kz_at *t, const kz_at_result *res, kz_at_facet_of f,
                          const kz_enum *vocab)
{
    kz_at_count cnt[512];
    int n = kz_at_facet(t, res, f, cnt, 512);
    json_t *arr = json_array();
    if (f == KZ_AT_F_TRL) {
        for (int i = 0; i < n; i++)
            json_array_append_new(
                arr,
                json_pack("{s:o, s:I}", "trl",
                          cnt[i].value == KZ_AT_NONE ? json_null() : json_integer(cnt[i].value),
                          "count", (json_int_t)cnt[i].count));
        return arr;
    }
    named v[512];
    char codes[512][32];
    for (int i = 0; i < n; i++) {
        v[i].count = cnt[i].count;
        v[i].code = NULL;
        const char *name = "未填写";
        if (cnt[i].value != KZ_AT_NONE) {
            if (f == KZ_AT_F_SECTION) {
                snprintf(codes[i], sizeof codes[i], "%c", (char)cnt[i].value);
            } else if (f == KZ_AT_F_CITY) {
                snprintf(codes[i], sizeof codes[i], "%04" PRId64 "00", cnt[i].value);
            } else {
                const kz_enum_item *it = vocab->items;
                int k = 0;
                while (it[k].code && k != cnt[i].value)
                    k++;
                snprintf(codes[i], sizeof codes[i], "%s", it[k].code ? it[k].code : "?");
            }
            v[i].code = codes[i];
            if (f == KZ_AT_F_KIND) {
                name = kz_enum_name(vocab, codes[i]);
            } else {
                const kz_vocab_entry *ve =
                    kz_vocab_get(f == KZ_AT_F_CITY ? KZ_VOCAB_REGION : KZ_VOCAB_INDUSTRY, codes[i]);
                name = ve ? ve->name : NULL;
            }
        }
        v[i].o = json_pack("{s:o, s:o, s:I}", "code",
                           v[i].code ? json_string(v[i].code) : json_null(), "name",
                           name ? json_string(name) : json_null(), "count", (json_int_t)v[i].count);
    }
    qsort(v, (size_t)n, sizeof *v, named_cmp);
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, v[i].o);
    return arr;
}

void kz_listix_init(kz_listix_q *q, int kind, const kz_listix_common *c,
                    const kz_listix_sort *sorts)
{
    memset(q, 0, sizeof *q);
    q->kind = kind;
    q->facets = c->facets;
    q->limit = c->limit;
    kz_at_query *f = &q->at;
    f->status = c->status ? kz_svc_status_code(kind, c->status) : KZ_AT_NONE;
    f->section = c->section ? c->section[0] : 0;
    f->industry = c->industry;
    f->region = c->region;
    f->org = c->org >= 0 ? c->org : KZ_AT_NONE;
    f->mode = f->kind = f->trl_lo = f->trl_hi = KZ_AT_NONE;
    f->lo_min = f->lo_max = f->hi_min = f->hi_max = KZ_AT_NONE;
    const char *s = c->sort ? c->sort : "-id";
    f->desc = s[0] == '-';
    f->key = KZ_AT_K_ID;
    for (int i = 0; sorts && sorts[i].name; i++)
        if (!strcmp(s + f->desc, sorts[i].name)) f->key = sorts[i].key;
    f->has_cursor = c->has_cursor;
    f->cursor_key = c->cursor_key;
    f->cursor_id = c->cursor_id;
    f->limit = c->limit + 1;
}

/* Facet counts depend only on the visibility, the filters and the indexes' content: the portal
 * asks the same few (the public's first screen, a common filter) over and over, and ~370
 * bitmap intersections of a dense 10^6 result cost more than the page. So they are kept per
 * query and index generation (kz_svc_generation), in a small direct-mapped cache; the first
 * request after any write counts again. */
#define FACET_CACHE 64
static struct {
    pthread_mutex_t mu;
    struct {
        uint64_t gen;
        char key[320];
        json_t *facets; /* owned */
    } e[FACET_CACHE];
} FC = {.mu = PTHREAD_MUTEX_INITIALIZER};
static _Atomic uint64_t facet_hits;

uint64_t kz_listix_facet_hits(void)
{
    return atomic_load(&facet_hits);
}

static void facet_key(int kind, const kz_at_query *f, char *key, size_t n)
{
    snprintf(key, n,
             "%d|%d,%u,%u,%d,%s,%u|%d,%d,%s,%s,%" PRId64 ",%d,%d,%d,%d,%d|%" PRId64 ",%" PRId64
             ",%" PRId64 ",%" PRId64 "|%u",
             kind, f->vis_all, f->vis_public, f->vis_org, f->vis_nondraft,
             f->vis_region ? f->vis_region : "-", f->draft_status, f->status, f->section,
             f->industry ? f->industry : "-", f->region ? f->region : "-", f->org, f->mode, f->kind,
             f->trl_lo, f->trl_hi, f->trl_none_too, f->lo_min, f->lo_max, f->hi_min, f->hi_max,
             f->parent);
}

static unsigned facet_slot(const char *key)
{
    unsigned h = 2166136261u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h % FACET_CACHE;
}

static json_t *facets_cached(const char *key, uint64_t gen)
{
    json_t *o = NULL;
    unsigned i = facet_slot(key);
    pthread_mutex_lock(&FC.mu);
    if (FC.e[i].facets && FC.e[i].gen == gen && !strcmp(FC.e[i].key, key))
        o = json_deep_copy(FC.e[i].facets);
    pthread_mutex_unlock(&FC.mu);
    if (o) atomic_fetch_add(&facet_hits, 1);
    return o;
}

static void facets_keep(const char *key, uint64_t gen, const json_t *facets)
{
    json_t *copy = json_deep_copy(facets);
    if (!copy || strlen(key) >= sizeof FC.e[0].key) {
        json_decref(copy);
        return;
    }
    unsigned i = facet_slot(key);
    pthread_mutex_lock(&FC.mu);
    json_decref(FC.e[i].facets);
    FC.e[i].facets = copy;
    FC.e[i].gen = gen;
    memcpy(FC.e[i].key, key, strlen(key) + 1); /* shorter than the slot: checked above */
    pthread_mutex_unlock(&FC.mu);
}

bool kz_listix(db_conn *c, const kz_actor *a, const kz_listix_q *q, json_t **out, kz_err *rc,
               kz_error *e)
{
    *out = NULL;
    if (!atomic_load(&enabled) || !kz_svc_try_read_begin(c)) return false;
    const kz_at *t = kz_svc_attrs(q->kind);
    if (!t) {
        kz_svc_read_end();
        return false;
    }
    kz_at_query aq = q->at;
    char prefix[8];
    visibility(a, q, &aq, prefix);
    kz_at_result res;
    json_t *facets = NULL;
    int err = kz_at_query_run(t, &aq, &res);
    if (!err && q->facets) {
        char key[512];
        uint64_t gen = kz_svc_generation();
        facet_key(q->kind, &aq, key, sizeof key);
        facets = facets_cached(key, gen);
        if (!facets) {
            facets = json_object();
            const kz_kind_desc *k = q->shared;
            if (k) { /* as kind_list.c's SQL facets */
                const kz_slots *sl = &k->slots;
                const kz_field *cf = kz_kind_field(k, sl->category);
                const kz_enum *cv = cf ? cf->vocab : NULL;
                if (cv)
                    json_object_set_new(facets, sl->category,
                                        facet_json(t, &res, KZ_AT_F_KIND, cv));
                if (sl->region)
                    json_object_set_new(facets, "city", facet_json(t, &res, KZ_AT_F_CITY, NULL));
                if (sl->industry)
                    json_object_set_new(facets, "industry",
                                        facet_json(t, &res, KZ_AT_F_SECTION, NULL));
            } else {
                json_object_set_new(facets, "industry", facet_json(t, &res, KZ_AT_F_SECTION, NULL));
                json_object_set_new(facets, "city", facet_json(t, &res, KZ_AT_F_CITY, NULL));
                json_object_set_new(facets, q->third == KZ_AT_F_TRL ? "trl" : "kind",
                                    facet_json(t, &res, q->third, &kz_enum_demand_kinds));
            }
            facets_keep(key, gen, facets);
        }
    }
    kz_at_result_free(&res);
    kz_svc_read_end();
    if (err) {
        json_decref(facets);
        *rc = kz_fail(e, KZ_E_INTERNAL, NULL);
        return true;
    }
    /* the page's rows, in one statement */
    json_t *slot[KZ_AT_MAX_PAGE] = {0};
    if (res.n) {
        char ids[KZ_AT_MAX_PAGE * 12 + 4];
        size_t len = 0;
        ids[len++] = '[';
        for (int i = 0; i < res.n; i++)
            len += (size_t)snprintf(ids + len, sizeof ids - len, "%s%" PRIu32, i ? "," : "",
                                    res.ids[i]);
        snprintf(ids + len, sizeof ids - len, "]");
        rows_ctx x = {.res = &res, .slot = slot, .item = q->item};
        db_status st =
            q->shared ? DB_EXEC(c, Q_KR_BY_IDS, rows_cb, &x, db_text(ids), db_text(q->shared->name))
                      : DB_EXEC(c, q->kind == KZ_SK_ACH ? Q_ACH_BY_IDS : Q_DEM_BY_IDS, rows_cb, &x,
                                db_text(ids));
        if (st != DB_OK && st != DB_NOROW) {
            for (int i = 0; i < res.n; i++)
                json_decref(slot[i]);
            json_decref(facets);
            *rc = kz_db_fail(e, st);
            return true;
        }
    }
    /* a row deleted since the attributes were read drops out of the page */
    json_t *items = json_array();
    int64_t keys[KZ_AT_MAX_PAGE];
    int n = 0;
    for (int i = 0; i < res.n; i++)
        if (slot[i]) {
            keys[n++] = res.keys[i];
            json_array_append_new(items, slot[i]);
        }
    json_t *next = kz_cursor_next(items, keys, q->limit);
    *out = json_pack("{s:o, s:o, s:I}", "items", items, "next_cursor", next, "total",
                     (json_int_t)res.total);
    if (facets) json_object_set_new(*out, "facets", facets);
    atomic_fetch_add(&answered, 1);
    *rc = KZ_OK;
    return true;
}
