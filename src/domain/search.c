/* search.c — the search service (index build, change-feed catch-up, visibility) and
 * GET /api/v1/search (see search.h). Matching is in match.c. */
#include "search.h"
#include "../core/escape.h"
#include "../core/validate.h"
#include "../core/vocab.h"
#include "../search/analyze.h"
#include "../search/highlight.h"
#include "../search/t2s.h"
#include "../search/rank.h"
#include "achievement.h"
#include "authz.h"
#include "demand.h"
#include "enums.h"
#include "ixsnap.h"
#include "record.h"
#include "search_svc.h"
#include "engine.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SCAN_BATCH   1000
#define READY_WAIT_S 10

static struct {
    pthread_rwlock_t lock; /* readers search; the catch-up and rebuild write */
    pthread_mutex_t feed;  /* one catch-up at a time; held while a snapshot is written and
                              while new indexes are installed, so the indexes do not change */
    pthread_mutex_t mu;    /* ready, failed, builder, stopping, the snapshot state */
    pthread_cond_t cv;
    bool ready, failed, builder, stopping;
    pthread_t thread;
    char err[160];
    kz_index *ix[KZ_SK__COUNT];
    kz_at *at[KZ_SK__COUNT]; /* the list attributes (lists, totals, facets: domain/listix.c) */
    /* the list attributes of the kinds kept in kind_records (engine.h kz_shared_kinds; no text
     * index), by their index there; service kind KZ_SK__COUNT + i */
    kz_at *gat[KZ_SK_SHARED_MAX];
    int64_t seq;
    uint64_t gen; /* counts every change of the indexes' content (install, applied catch-up) */
    long build_ms;
    /* the snapshot (domain/ixsnap.h); all under mu except what says otherwise */
    char *snap_path; /* NULL: off; set before kz_search_start */
    int snap_interval;
    char source[12];       /* "snapshot" | "rebuild" */
    char snap_reject[200]; /* why the file at start was not used, "" when it was or none */
    int64_t snap_seq;      /* seq of the newest snapshot written or loaded, -1 none */
    int64_t snap_bytes;    /* its size */
    long snap_ms;          /* time to load it (at start) */
    long snap_write_ms;    /* time the last write took */
    char snap_werr[200];   /* the last write's error, "" none */
    long caught_up;        /* changes applied after loading the snapshot */
    long ready_ms;         /* from kz_search_start to ready */
    char dbid[KZ_SNAP_ID_MAX];
} S = {
    .lock = PTHREAD_RWLOCK_INITIALIZER,
    .feed = PTHREAD_MUTEX_INITIALIZER,
    .mu = PTHREAD_MUTEX_INITIALIZER,
    .cv = PTHREAD_COND_INITIALIZER,
};

static const kz_enum *status_enum(int kind)
{
    if (kind >= KZ_SK__COUNT) return kz_shared_kinds[kind - KZ_SK__COUNT]->statuses;
    return kind == KZ_SK_ACH ? &kz_enum_achievement_statuses : &kz_enum_demand_statuses;
}

_Static_assert(KZ_SK_SHARED_MAX == KZ_SNAP_SHARED, "the snapshot holds every shared kind");

static int nshared(void)
{
    int n = 0;
    while (kz_shared_kinds[n])
        n++;
    if (n > KZ_SK_SHARED_MAX) abort(); /* more shared kinds than the service has room for */
    return n;
}

int kz_svc_shared_kind(const char *name)
{
    int i = kz_shared_kind_index(name);
    return i < 0 ? -1 : KZ_SK__COUNT + i;
}

const char *kz_svc_status_name(int kind, uint8_t code)
{
    const kz_enum_item *it = status_enum(kind)->items;
    for (uint8_t i = 0; it[i].code; i++)
        if (i == code) return it[i].code;
    return "";
}

static uint8_t enum_index(const kz_enum *e, const char *s)
{
    const kz_enum_item *it = e->items;
    for (uint8_t i = 0; it[i].code; i++)
        if (s && !strcmp(it[i].code, s)) return i;
    return 255;
}

static uint8_t demand_kind_code(const char *s)
{
    return enum_index(&kz_enum_demand_kinds, s);
}

static uint8_t status_code(int kind, const char *s)
{
    return enum_index(status_enum(kind), s);
}

int kz_svc_status_code(int kind, const char *status)
{
    uint8_t i = status_code(kind, status);
    return i == 255 ? -1 : i;
}

int kz_svc_enum_index(const kz_enum *e, const char *code)
{
    uint8_t i = enum_index(e, code);
    return i == 255 ? -1 : i;
}

/* Seconds since 1970 of "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS…" read as UTC (as the lists'
 * EPOCH() does), or -1. */
static int64_t epoch_of(const char *s)
{
    uint32_t day = kz_svc_day(s);
    if (!day) return -1;
    int h = 0, m = 0, sec = 0;
    if (strlen(s) >= 19 && (s[10] == 'T' || s[10] == ' '))
        sscanf(s + 11, "%2d:%2d:%2d", &h, &m, &sec);
    return (int64_t)day * 86400 + h * 3600 + m * 60 + sec;
}

static uint32_t mode_bits(const kz_enum *e, const json_t *list)
{
    uint32_t bits = 0;
    if (json_is_string(list)) { /* a field of one code */
        uint8_t b = enum_index(e, json_string_value(list));
        return b < 32 ? 1u << b : 0;
    }
    size_t i;
    json_t *it;
    json_array_foreach(list, i, it)
    {
        uint8_t b = enum_index(e, json_string_value(it));
        if (b < 32) bits |= 1u << b;
    }
    return bits;
}

void kz_svc_region_str(uint32_t region, char out[8])
{
    if (region >= 100000 && region <= 999999)
        snprintf(out, 8, "%06u", (unsigned)region);
    else
        out[0] = '\0';
}

uint32_t kz_svc_day(const char *s)
{
    int y, m, d;
    if (!s || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || y < 1970 || m < 1 || m > 12 || d < 1 ||
        d > 31)
        return 0;
    /* days from civil (Howard Hinnant's algorithm) */
    y -= m <= 2;
    int era = y / 400, yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    long days = (long)era * 146097 + doe - 719468;
    return days > 0 ? (uint32_t)days : 0;
}

static bool counted_status(int kind, const char *status)
{
    if (!status) return false;
    if (kind == KZ_SK_ACH) return !strcmp(status, "published");
    return !strcmp(status, "published") || !strcmp(status, "matched") || !strcmp(status, "closed");
}

bool kz_svc_visible(const kz_actor *a, int kind, const kz_ix_attrs *at)
{
    const char *status = kz_svc_status_name(kind, at->status);
    if (!a->user_id && !a->operator_) return counted_status(kind, status);
    char region[8];
    kz_svc_region_str(at->region, region);
    kz_view v = kz_record_view(a, at->org_id, region, status);
    if (v != KZ_VIEW_NONE) return true;
    /* published demands stay readable when matched or closed (DEM_VIS) */
    return kind == KZ_SK_DEM && counted_status(kind, status);
}

/* ---- documents from rows ---- */

typedef struct docbuf {
    kz_sbuf text[KZ_IX_FIELDS];
    kz_ix_doc doc;
    kz_at_row row;
} docbuf;

static void put_sep(kz_sbuf *b, const char *s)
{
    if (!s || !*s) return;
    if (b->len) kz_sbuf_puts(b, "\n");
    kz_sbuf_puts(b, s);
}

static void put_json_str(kz_sbuf *b, const json_t *v)
{
    if (json_is_string(v)) put_sep(b, json_string_value(v));
}

static void put_industry(kz_sbuf *b, const char *code)
{
    const kz_vocab_entry *v = code ? kz_vocab_get(KZ_VOCAB_INDUSTRY, code) : NULL;
    if (v) put_sep(b, v->name);
}

static void docbuf_free(docbuf *d)
{
    for (int f = 0; f < KZ_IX_FIELDS; f++)
        kz_sbuf_free(&d->text[f]);
}

/* The list attributes of a row of kind_records (KR_COLS) from its kind's slots (engine.h):
 * its category as the small "kind" enum, its codes as mode bits, its money range. */
static void shared_row(int kind, const db_row *r, kz_at_row *row)
{
    const kz_kind_desc *k = kz_shared_kinds[kind - KZ_SK__COUNT];
    const kz_slots *sl = &k->slots;
    memset(row, 0, sizeof *row);
    json_t *data = json_loads(db_col_text(r, 4) ? db_col_text(r, 4) : "{}", 0, NULL);
    row->org_id = (uint32_t)db_col_int(r, 1);
    row->status = status_code(kind, db_col_text(r, 3));
    const char *region = db_col_text(r, 10);
    row->region = region && kz_all_digits(region, 6) ? (uint32_t)atoi(region) : 0;
    row->kind = 255;
    row->trl = -1;
    row->money_lo = row->money_hi = row->deadline = -1;
    row->updated = epoch_of(db_col_text(r, 7));
    const char *industry =
        sl->industry ? json_string_value(json_object_get(data, sl->industry)) : NULL;
    const char *section = industry ? kz_industry_section(industry) : NULL;
    if (section) {
        row->industry[0] = section[0];
        if (industry[0] >= '0' && industry[0] <= '9')
            snprintf(row->industry + 1, sizeof row->industry - 1, "%.4s", industry);
    }
    const kz_field *cf = kz_kind_field(k, sl->category), *kf = kz_kind_field(k, sl->codes);
    if (cf && cf->vocab)
        row->kind = enum_index(cf->vocab, json_string_value(json_object_get(data, cf->name)));
    if (kf && kf->vocab) row->modes = mode_bits(kf->vocab, json_object_get(data, kf->name));
    json_t *lo = sl->money_lo ? json_object_get(data, sl->money_lo) : NULL;
    json_t *hi = sl->money_hi ? json_object_get(data, sl->money_hi) : NULL;
    if (json_is_integer(lo)) row->money_lo = json_integer_value(lo);
    if (json_is_integer(hi)) row->money_hi = json_integer_value(hi);
    _Static_assert(KZ_AT_PARTIES == KZ_PARTY_IDS_MAX, "a row's parties as the engine's");
    int64_t ids[KZ_PARTY_IDS_MAX];
    int np = kz_kind_party_ids(k, data, ids);
    for (int i = 0, n = 0; i < np; i++)
        if (ids[i] <= UINT32_MAX) row->parties[n++] = (uint32_t)ids[i];
    json_t *pv = k->parent ? json_object_get(data, k->parent->field) : NULL;
    if (json_is_integer(pv) && json_integer_value(pv) > 0 && json_integer_value(pv) <= UINT32_MAX)
        row->parent = (uint32_t)json_integer_value(pv);
    json_decref(data);
}

/* Fills d from a record row (ACH_COLS / DEM_COLS). Returns false when out of memory. */
static bool doc_from_row(int kind, const db_row *r, docbuf *d)
{
    memset(d, 0, sizeof *d);
    if (kind >= KZ_SK__COUNT) { /* a shared kind: list attributes only */
        d->doc.key = (uint64_t)db_col_int(r, 0);
        shared_row(kind, r, &d->row);
        return true;
    }
    json_t *data = json_loads(db_col_text(r, 4) ? db_col_text(r, 4) : "{}", 0, NULL);
    const char *status = db_col_text(r, 3);
    kz_ix_attrs *at = &d->doc.attrs;
    d->doc.key = (uint64_t)db_col_int(r, 0);
    d->doc.counted = counted_status(kind, status);
    at->org_id = (uint32_t)db_col_int(r, 1);
    at->creator = db_col_null(r, 2) ? 0 : (uint32_t)db_col_int(r, 2);
    at->status = status_code(kind, status);
    const char *region = db_col_text(r, 10);
    at->region = region && kz_all_digits(region, 6) ? (uint32_t)atoi(region) : 0;
    const char *industry = json_string_value(json_object_get(data, "industry"));
    const char *section = industry ? kz_industry_section(industry) : NULL;
    if (section) snprintf(at->industry, sizeof at->industry, "%s%.4s", section, industry);
    at->trl = at->trl_min = -1;
    at->money_lo = at->money_hi = -1;
    at->day = kz_svc_day(db_col_text(r, 8) ? db_col_text(r, 8) : db_col_text(r, 7));
    kz_at_row *row = &d->row;
    row->org_id = at->org_id;
    row->region = at->region;
    row->status = at->status;
    row->kind = 255;
    row->trl = -1;
    row->money_lo = row->money_hi = row->deadline = -1;
    row->updated = epoch_of(db_col_text(r, 7));
    if (section && industry) {
        row->industry[0] = section[0];
        if (industry[0] >= '0' && industry[0] <= '9')
            snprintf(row->industry + 1, sizeof row->industry - 1, "%.4s", industry);
    }
    kz_sbuf *t = d->text;
    put_json_str(&t[KZ_RANK_F_TITLE], json_object_get(data, "title"));
    put_sep(&t[KZ_RANK_F_OTHER], db_col_text(r, 9)); /* org name */
    put_industry(&t[KZ_RANK_F_OTHER], industry);
    if (kind == KZ_SK_ACH) {
        json_t *v = json_object_get(data, "trl");
        if (json_is_integer(v)) at->trl = (int8_t)json_integer_value(v);
        v = json_object_get(data, "price_fen");
        if (json_is_integer(v)) at->money_lo = at->money_hi = json_integer_value(v);
        size_t i;
        json_t *it;
        json_array_foreach(json_object_get(data, "keywords"), i, it)
            put_json_str(&t[KZ_RANK_F_KEYWORDS], it);
        put_json_str(&t[KZ_RANK_F_SUMMARY], json_object_get(data, "summary"));
        /* never the confidential detail */
        const char *tf = json_string_value(json_object_get(data, "tech_field"));
        if (tf) put_sep(&t[KZ_RANK_F_OTHER], kz_enum_name(&kz_enum_tech_fields, tf));
        json_array_foreach(json_object_get(data, "team"), i, it)
            put_json_str(&t[KZ_RANK_F_OTHER], json_object_get(it, "name"));
        json_array_foreach(json_object_get(data, "ip"), i, it)
            put_json_str(&t[KZ_RANK_F_OTHER], json_object_get(it, "number"));
        row->trl = at->trl;
        row->money_lo = row->money_hi = at->money_lo;
        row->modes = mode_bits(&kz_enum_transfer_modes, json_object_get(data, "transfer_modes"));
    } else {
        json_t *v = json_object_get(data, "trl_min");
        if (json_is_integer(v)) at->trl_min = (int8_t)json_integer_value(v);
        v = json_object_get(data, "budget_min_fen");
        if (json_is_integer(v)) at->money_lo = json_integer_value(v);
        v = json_object_get(data, "budget_max_fen");
        if (json_is_integer(v)) at->money_hi = json_integer_value(v);
        at->kind = demand_kind_code(json_string_value(json_object_get(data, "kind")));
        put_json_str(&t[KZ_RANK_F_SUMMARY], json_object_get(data, "description"));
        put_json_str(&t[KZ_RANK_F_OTHER], json_object_get(data, "indicators"));
        put_json_str(&t[KZ_RANK_F_OTHER], json_object_get(data, "basis"));
        row->trl = at->trl_min;
        row->money_lo = at->money_lo;
        row->money_hi = at->money_hi;
        row->kind = at->kind;
        row->modes =
            mode_bits(&kz_enum_cooperation_modes, json_object_get(data, "cooperation_modes"));
        row->deadline = epoch_of(json_string_value(json_object_get(data, "deadline")));
    }
    json_decref(data);
    bool ok = true;
    for (int f = 0; f < KZ_IX_FIELDS; f++) {
        if (t[f].oom) ok = false;
        d->doc.text[f] = t[f].s;
        d->doc.len[f] = t[f].len;
    }
    return ok;
}

/* ---- building ---- */

typedef struct scan_ctx {
    kz_index *ix;
    kz_at *at;
    int kind;
    int64_t last;
    int rows;
    bool oom;
} scan_ctx;

static db_status scan_cb(void *vctx, const db_row *r)
{
    scan_ctx *x = vctx;
    docbuf d;
    x->last = db_col_int(r, 0);
    x->rows++;
    if (!doc_from_row(x->kind, r, &d) || (x->ix && kz_ix_add(x->ix, &d.doc) < 0) ||
        kz_at_put(x->at, (uint32_t)d.doc.key, &d.row) < 0)
        x->oom = true;
    docbuf_free(&d);
    return x->oom ? DB_HARD : DB_OK;
}

/* Builds fresh indexes; on success they and the feed position are in ix[] and *seq. */
static int build(db_conn *c, kz_index *ix[KZ_SK__COUNT], kz_at *at[KZ_SK__COUNT], int64_t *seq,
                 long *records, char *err, size_t errlen)
{
    ix[0] = ix[1] = NULL;
    at[0] = at[1] = NULL;
    *seq = 0;
    /* the feed's head first: anything written after it is applied again by the catch-up */
    if (DB_EXEC(c, Q_CHANGES_HEAD, db_cb_int, seq) != DB_OK) {
        snprintf(err, errlen, "读取变更流失败: %s", c->backend->errmsg(c));
        return -1;
    }
    long n = 0;
    for (int k = 0; k < KZ_SK__COUNT; k++) {
        ix[k] = kz_ix_new();
        at[k] = kz_at_new();
        if (!ix[k] || !at[k]) goto oom;
        scan_ctx x = {.ix = ix[k], .at = at[k], .kind = k};
        do {
            x.rows = 0;
            db_status st = DB_EXEC(c, k == KZ_SK_ACH ? Q_ACH_SCAN : Q_DEM_SCAN, scan_cb, &x,
                                   db_int(x.last), db_int(SCAN_BATCH));
            if (x.oom) goto oom;
            if (st != DB_OK && st != DB_NOROW) { /* NOROW: none (left) of this kind */
                snprintf(err, errlen, "读取记录失败: %s", c->backend->errmsg(c));
                goto fail;
            }
            n += x.rows;
        } while (x.rows == SCAN_BATCH);
    }
    if (records) *records = n;
    return 0;
oom:
    snprintf(err, errlen, "建立索引时内存不足");
fail:
    for (int k = 0; k < KZ_SK__COUNT; k++) {
        kz_ix_free(ix[k]);
        kz_at_free(at[k]);
        ix[k] = NULL;
        at[k] = NULL;
    }
    return -1;
}

/* Builds the shared kinds' list attributes into gat[] (kz_shared_kinds order). */
static int build_shared(db_conn *c, kz_at *gat[KZ_SK_SHARED_MAX], long *records, char *err,
                        size_t errlen)
{
    int n = nshared();
    for (int i = 0; i < KZ_SK_SHARED_MAX; i++)
        gat[i] = NULL;
    for (int i = 0; i < n; i++) {
        if (!(gat[i] = kz_at_new())) goto oom;
        scan_ctx x = {.at = gat[i], .kind = KZ_SK__COUNT + i};
        do {
            x.rows = 0;
            db_status st = DB_EXEC(c, Q_KR_SCAN, scan_cb, &x, db_text(kz_shared_kinds[i]->name),
                                   db_int(x.last), db_int(SCAN_BATCH));
            if (x.oom) goto oom;
            if (st != DB_OK && st != DB_NOROW) {
                snprintf(err, errlen, "读取记录失败: %s", c->backend->errmsg(c));
                goto fail;
            }
            if (records) *records += x.rows;
        } while (x.rows == SCAN_BATCH);
    }
    return 0;
oom:
    snprintf(err, errlen, "建立索引时内存不足");
fail:
    for (int i = 0; i < KZ_SK_SHARED_MAX; i++) {
        kz_at_free(gat[i]);
        gat[i] = NULL;
    }
    return -1;
}

static long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

/* Puts new indexes in place (the feed lock keeps a catch-up or a snapshot write out); with
 * ready set, searches may use them at once. */
static void install(kz_index *ix[KZ_SK__COUNT], kz_at *at[KZ_SK__COUNT],
                    kz_at *gat[KZ_SK_SHARED_MAX], int64_t seq, long ms, bool ready)
{
    pthread_mutex_lock(&S.feed);
    pthread_rwlock_wrlock(&S.lock);
    for (int k = 0; k < KZ_SK__COUNT; k++) {
        kz_ix_free(S.ix[k]);
        kz_at_free(S.at[k]);
        S.ix[k] = ix[k];
        S.at[k] = at[k];
    }
    for (int i = 0; i < KZ_SK_SHARED_MAX; i++) {
        kz_at_free(S.gat[i]);
        S.gat[i] = gat[i];
    }
    S.seq = seq;
    S.gen++;
    S.build_ms = ms;
    pthread_rwlock_unlock(&S.lock);
    pthread_mutex_unlock(&S.feed);
    if (ready) {
        pthread_mutex_lock(&S.mu);
        S.ready = true;
        S.failed = false;
        pthread_cond_broadcast(&S.cv);
        pthread_mutex_unlock(&S.mu);
    }
}

static void set_ready(void)
{
    pthread_mutex_lock(&S.mu);
    S.ready = true;
    S.failed = false;
    pthread_cond_broadcast(&S.cv);
    pthread_mutex_unlock(&S.mu);
}

static void build_failed(const char *why)
{
    pthread_mutex_lock(&S.mu);
    S.failed = true;
    snprintf(S.err, sizeof S.err, "%s", why);
    pthread_cond_broadcast(&S.cv);
    pthread_mutex_unlock(&S.mu);
}

static void analyzer_init(void)
{
    if (kz_analyzer_init() != 0)
        fprintf(stderr, "search: %s; indexing without dictionary words\n", kz_analyzer_error());
    if (!kz_t2s_ready())
        fprintf(stderr, "search: %s; traditional characters are not folded\n",
                kz_t2s_error() ? kz_t2s_error() : "no 繁→简 table");
}

static int build_and_install(db_conn *c, long *records, char *err, size_t errlen)
{
    kz_index *ix[KZ_SK__COUNT];
    kz_at *at[KZ_SK__COUNT], *gat[KZ_SK_SHARED_MAX];
    int64_t seq;
    long t0 = now_ms();
    analyzer_init();
    if (build(c, ix, at, &seq, records, err, errlen)) return -1;
    if (build_shared(c, gat, records, err, errlen)) {
        for (int k = 0; k < KZ_SK__COUNT; k++) {
            kz_ix_free(ix[k]);
            kz_at_free(at[k]);
        }
        return -1;
    }
    pthread_mutex_lock(&S.mu);
    snprintf(S.source, sizeof S.source, "rebuild"); /* before ready, which /readyz reports */
    pthread_mutex_unlock(&S.mu);
    install(ix, at, gat, seq, now_ms() - t0, true);
    return 0;
}

/* ---- the snapshot ---- */

/* The shared kinds' names in kz_shared_kinds order, NULL-terminated (the snapshot's sections). */
static void shared_names(const char *names[KZ_SK_SHARED_MAX + 1])
{
    int n = 0;
    for (; n < KZ_SK_SHARED_MAX && kz_shared_kinds[n]; n++)
        names[n] = kz_shared_kinds[n]->name;
    names[n] = NULL;
}

static void log_line(const char *level, const char *msg, const char *key, const char *val)
{
    json_t *o = json_pack("{s:s, s:s}", "level", level, "msg", msg);
    if (o && key && val) json_object_set_new(o, key, json_string(val));
    char *line = o ? json_dumps(o, JSON_COMPACT) : NULL;
    if (line) printf("%s\n", line);
    free(line);
    json_decref(o);
}

static db_status id_cb(void *vctx, const db_row *r)
{
    const char *v = db_col_text(r, 0);
    snprintf(vctx, KZ_SNAP_ID_MAX, "%s", v ? v : "");
    return DB_OK;
}

/* The database's identity into S.dbid; false (why in err) when it cannot be read. */
static bool read_identity(db_conn *c, char *err, size_t errlen)
{
    char id[KZ_SNAP_ID_MAX] = "";
    db_status st = DB_EXEC(c, Q_DB_IDENTITY, id_cb, id);
    if (st != DB_OK || !id[0]) {
        snprintf(err, errlen, "读不到数据库标识（db_identity，迁移 005）: %s",
                 st == DB_OK || st == DB_NOROW ? "没有记录" : c->backend->errmsg(c));
        return false;
    }
    pthread_mutex_lock(&S.mu);
    memcpy(S.dbid, id, sizeof id);
    pthread_mutex_unlock(&S.mu);
    return true;
}

/* Writes the snapshot when one is configured and the indexes moved on since the last one.
 * Holds the feed lock meanwhile (no catch-up changes the indexes; searches go on). */
static void snapshot_write(void)
{
    pthread_mutex_lock(&S.mu);
    bool want = S.snap_path && S.ready && S.dbid[0];
    kz_snap_meta m = {.fingerprint = kz_snap_fingerprint(), .seq = 0};
    memcpy(m.dbid, S.dbid, sizeof m.dbid);
    int64_t last = S.snap_seq;
    char *path = want ? strdup(S.snap_path) : NULL;
    pthread_mutex_unlock(&S.mu);
    if (!path) return;
    pthread_mutex_lock(&S.feed);
    m.seq = S.seq; /* only catch-ups and installs change it, and they take the feed lock */
    if (m.seq == last || !S.ix[0]) {
        pthread_mutex_unlock(&S.feed);
        free(path);
        return;
    }
    char err[200] = "";
    long t0 = now_ms();
    const char *names[KZ_SK_SHARED_MAX + 1];
    shared_names(names);
    int64_t bytes = kz_snap_write(path, &m, S.ix, S.at, S.gat, names, err, sizeof err);
    long ms = now_ms() - t0;
    pthread_mutex_unlock(&S.feed);
    pthread_mutex_lock(&S.mu);
    S.snap_write_ms = ms;
    if (bytes >= 0) {
        S.snap_seq = m.seq;
        S.snap_bytes = bytes;
        S.snap_werr[0] = '\0';
    } else {
        snprintf(S.snap_werr, sizeof S.snap_werr, "%s", err);
    }
    pthread_mutex_unlock(&S.mu);
    if (bytes >= 0)
        printf("{\"level\":\"info\",\"msg\":\"search index snapshot written\",\"seq\":%lld,"
               "\"bytes\":%lld,\"ms\":%ld}\n",
               (long long)m.seq, (long long)bytes, ms);
    else
        log_line("error", "search index snapshot not written", "error", err);
    free(path);
}

/* Loads the snapshot, checks that the feed still holds every change after it and catches up.
 * Returns 0 when the service is ready from it; -1 when it must be rebuilt (S.snap_reject says
 * why; nothing is installed). */
static int snapshot_load(db_conn *c)
{
    char err[200] = "";
    long t0 = now_ms();
    kz_snap_meta want = {.fingerprint = kz_snap_fingerprint()}, got;
    kz_index *ix[KZ_SK__COUNT];
    kz_at *at[KZ_SK__COUNT], *gat[KZ_SK_SHARED_MAX];
    int64_t head = 0, tail = 0;
    int rc = -1;
    bool r_missing = false;
    if (!read_identity(c, err, sizeof err)) goto out;
    pthread_mutex_lock(&S.mu);
    memcpy(want.dbid, S.dbid, sizeof want.dbid);
    char *path = strdup(S.snap_path);
    pthread_mutex_unlock(&S.mu);
    if (!path) {
        snprintf(err, sizeof err, "内存不足");
        goto out;
    }
    const char *names[KZ_SK_SHARED_MAX + 1];
    shared_names(names);
    for (int i = 0; i < KZ_SK_SHARED_MAX; i++)
        gat[i] = NULL;
    int r = kz_snap_read(path, &want, &got, ix, at, gat, names, err, sizeof err);
    free(path);
    if (r == 1) {
        r_missing = true;
        snprintf(err, sizeof err, "没有索引快照文件");
        goto out;
    }
    if (r != 0) goto out;
    long load_ms = now_ms() - t0;
    if (DB_EXEC(c, Q_CHANGES_HEAD, db_cb_int, &head) != DB_OK ||
        DB_EXEC(c, Q_CHANGES_TAIL, db_cb_int, &tail) != DB_OK) {
        snprintf(err, sizeof err, "读取变更流失败: %s", c->backend->errmsg(c));
    } else if (got.seq > head) {
        snprintf(err, sizeof err, "索引快照的变更流位置 %lld 超过数据库的 %lld（数据库被还原过？）",
                 (long long)got.seq, (long long)head);
    } else if (got.seq < head && tail > got.seq + 1) {
        snprintf(err, sizeof err, "变更流已不含快照位置 %lld 之后的全部变更（最早 %lld）",
                 (long long)got.seq, (long long)tail);
    } else {
        rc = 0;
    }
    if (rc) {
        for (int k = 0; k < KZ_SK__COUNT; k++) {
            kz_ix_free(ix[k]);
            kz_at_free(at[k]);
        }
        for (int i = 0; i < KZ_SK_SHARED_MAX; i++)
            kz_at_free(gat[i]);
        goto out;
    }
    install(ix, at, gat, got.seq, 0, false);
    long applied = kz_search_catch_up(c);
    if (applied < 0) {
        snprintf(err, sizeof err, "载入快照后追赶变更流失败");
        rc = -1;
        goto out;
    }
    pthread_mutex_lock(&S.mu);
    snprintf(S.source, sizeof S.source, "snapshot");
    S.snap_seq = got.seq;
    S.snap_ms = load_ms;
    S.caught_up = applied;
    S.snap_reject[0] = '\0';
    pthread_mutex_unlock(&S.mu);
    pthread_rwlock_wrlock(&S.lock);
    S.build_ms = now_ms() - t0;
    pthread_rwlock_unlock(&S.lock);
    set_ready();
    printf("{\"level\":\"info\",\"msg\":\"search index loaded from snapshot\",\"seq\":%lld,"
           "\"caught_up\":%ld,\"load_ms\":%ld,\"ms\":%ld}\n",
           (long long)got.seq, applied, load_ms, now_ms() - t0);
out:
    if (rc) {
        pthread_mutex_lock(&S.mu);
        snprintf(S.snap_reject, sizeof S.snap_reject, "%s", err);
        pthread_mutex_unlock(&S.mu);
        log_line(r_missing ? "info" : "warn", "search index snapshot not used, rebuilding",
                 "reason", err);
    }
    return rc;
}

static long started_ms;
static bool served; /* started in the background: a server (db_thread_conn() is set up) */

static void *builder_main(void *arg)
{
    (void)arg;
    char err[160];
    db_conn *c = db_thread_conn();
    if (!c) {
        build_failed("无法连接数据库");
        return NULL;
    }
    long n = 0;
    pthread_mutex_lock(&S.mu);
    bool snap = S.snap_path != NULL;
    pthread_mutex_unlock(&S.mu);
    bool loaded = false;
    if (snap) {
        analyzer_init();
        loaded = snapshot_load(c) == 0;
    }
    if (!loaded) {
        if (build_and_install(c, &n, err, sizeof err)) {
            build_failed(err);
            log_line("error", "search index not built", "error", err);
            return NULL;
        }
        printf("{\"level\":\"info\",\"msg\":\"search index ready\",\"records\":%ld,"
               "\"ms\":%ld}\n",
               n, S.build_ms);
    }
    pthread_mutex_lock(&S.mu);
    S.ready_ms = now_ms() - started_ms;
    pthread_mutex_unlock(&S.mu);
    if (!snap) return NULL;
    if (!loaded) snapshot_write(); /* a rebuild is what the next start should not repeat */
    /* then every snap_interval seconds when the indexes moved on */
    pthread_mutex_lock(&S.mu);
    while (!S.stopping) {
        if (S.snap_interval <= 0) {
            pthread_cond_wait(&S.cv, &S.mu);
            continue;
        }
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += S.snap_interval;
        int w = 0;
        while (!S.stopping && w == 0)
            w = pthread_cond_timedwait(&S.cv, &S.mu, &until);
        if (S.stopping) break;
        pthread_mutex_unlock(&S.mu);
        kz_search_catch_up(c);
        snapshot_write();
        pthread_mutex_lock(&S.mu);
    }
    pthread_mutex_unlock(&S.mu);
    return NULL;
}

int kz_search_set_snapshot(const char *opt, const char *db_url, int interval_s, char *err,
                           size_t errlen)
{
    char *path = NULL;
    if (opt && *opt && strcmp(opt, "off") != 0) {
        if (strlen(opt) > 4000) {
            snprintf(err, errlen, "--index-snapshot 路径过长");
            return -1;
        }
        path = strdup(opt);
    } else if ((!opt || !*opt) && db_url && !strncmp(db_url, "sqlite:", 7)) {
        /* beside the database file; none for an in-memory or URI database */
        const char *f = db_url + 7;
        if (*f && strcmp(f, ":memory:") != 0 && strncmp(f, "file:", 5) != 0 && strlen(f) < 4000) {
            path = malloc(strlen(f) + sizeof ".index");
            if (path) sprintf(path, "%s.index", f);
        }
    }
    if ((opt && *opt && strcmp(opt, "off") != 0) && !path) {
        snprintf(err, errlen, "内存不足");
        return -1;
    }
    pthread_mutex_lock(&S.mu);
    free(S.snap_path);
    S.snap_path = path;
    S.snap_interval = interval_s;
    pthread_mutex_unlock(&S.mu);
    return 0;
}

const char *kz_search_snapshot_path(void)
{
    return S.snap_path;
}

int kz_search_start(bool background, char *err, size_t errlen)
{
    pthread_mutex_lock(&S.mu);
    S.ready = S.failed = S.stopping = false;
    S.source[0] = S.snap_reject[0] = S.snap_werr[0] = '\0';
    S.snap_seq = -1;
    S.snap_bytes = S.caught_up = S.snap_ms = S.snap_write_ms = S.ready_ms = 0;
    S.dbid[0] = '\0';
    pthread_mutex_unlock(&S.mu);
    started_ms = now_ms();
    if (background) {
        if (pthread_create(&S.thread, NULL, builder_main, NULL)) {
            snprintf(err, errlen, "无法启动索引线程");
            return -1;
        }
        S.builder = true;
        served = true;
        return 0;
    }
    db_conn *c = db_thread_conn();
    if (!c) {
        snprintf(err, errlen, "无法连接数据库");
        return -1;
    }
    if (build_and_install(c, NULL, err, errlen)) {
        build_failed(err);
        return -1;
    }
    return 0;
}

void kz_search_stop(void)
{
    pthread_mutex_lock(&S.mu);
    S.stopping = true;
    pthread_cond_broadcast(&S.cv);
    pthread_mutex_unlock(&S.mu);
    if (S.builder) {
        pthread_join(S.thread, NULL);
        S.builder = false;
    }
    /* at a clean stop, the state the next start begins from */
    db_conn *c = S.snap_path && served ? db_thread_conn() : NULL;
    if (c) kz_search_catch_up(c);
    snapshot_write();
    pthread_mutex_lock(&S.feed);
    pthread_rwlock_wrlock(&S.lock);
    for (int k = 0; k < KZ_SK__COUNT; k++) {
        kz_ix_free(S.ix[k]);
        kz_at_free(S.at[k]);
        S.ix[k] = NULL;
        S.at[k] = NULL;
    }
    for (int i = 0; i < KZ_SK_SHARED_MAX; i++) {
        kz_at_free(S.gat[i]);
        S.gat[i] = NULL;
    }
    pthread_rwlock_unlock(&S.lock);
    pthread_mutex_unlock(&S.feed);
    pthread_mutex_lock(&S.mu);
    S.ready = false;
    pthread_mutex_unlock(&S.mu);
}

long kz_search_rebuild(db_conn *c)
{
    char err[160];
    long n = 0;
    if (build_and_install(c, &n, err, sizeof err)) {
        fprintf(stderr, "reindex: %s\n", err);
        return -1;
    }
    pthread_mutex_lock(&S.mu);
    bool snap = S.snap_path != NULL;
    pthread_mutex_unlock(&S.mu);
    if (snap) {
        char e2[200];
        if (read_identity(c, e2, sizeof e2))
            snapshot_write();
        else
            fprintf(stderr, "reindex: %s\n", e2);
    }
    return n;
}

/* ---- the change feed ---- */

typedef struct change {
    int kind; /* -1: not indexed */
    int64_t seq, id;
} change;

typedef struct feed_ctx {
    change *ch;
    int n;
} feed_ctx;

static db_status feed_cb(void *vctx, const db_row *r)
{
    feed_ctx *x = vctx;
    const char *entity = db_col_text(r, 1);
    change *c = &x->ch[x->n++];
    c->seq = db_col_int(r, 0);
    c->id = db_col_int(r, 2);
    c->kind = !entity                          ? -1
              : !strcmp(entity, "achievement") ? KZ_SK_ACH
              : !strcmp(entity, "demand")      ? KZ_SK_DEM
                                               : kz_svc_shared_kind(entity);
    return DB_OK;
}

typedef struct one_ctx {
    int kind;
    docbuf d;
    bool found, oom;
} one_ctx;

static db_status one_cb(void *vctx, const db_row *r)
{
    one_ctx *x = vctx;
    x->found = true;
    if (!doc_from_row(x->kind, r, &x->d)) x->oom = true;
    return DB_OK;
}

long kz_search_catch_up(db_conn *c)
{
    int64_t head = 0;
    if (DB_EXEC(c, Q_CHANGES_HEAD, db_cb_int, &head) != DB_OK) return -1;
    pthread_rwlock_rdlock(&S.lock);
    int64_t seq = S.seq;
    bool have = S.ix[0] != NULL;
    pthread_rwlock_unlock(&S.lock);
    if (!have || head <= seq) return 0;
    pthread_mutex_lock(&S.feed);
    long applied = 0;
    change *ch = malloc(SCAN_BATCH * sizeof *ch);
    if (!ch) {
        pthread_mutex_unlock(&S.feed);
        return -1;
    }
    for (;;) {
        pthread_rwlock_rdlock(&S.lock);
        seq = S.seq;
        pthread_rwlock_unlock(&S.lock);
        feed_ctx fx = {.ch = ch};
        /* nothing newer (DB_NOROW) is no error: another catch-up, e.g. the follower thread of
         * domain/follow.c, may have applied it while this one waited for the feed lock */
        db_status fst = DB_EXEC(c, Q_CHANGES_SINCE, feed_cb, &fx, db_int(seq), db_int(SCAN_BATCH));
        if (fst != DB_OK && fst != DB_NOROW) {
            applied = -1;
            break;
        }
        if (!fx.n) break;
        /* read the changed records first (no lock held), then apply them under the write lock */
        one_ctx *rows = calloc((size_t)fx.n, sizeof *rows);
        if (!rows) {
            applied = -1;
            break;
        }
        bool failed = false;
        for (int i = 0; i < fx.n && !failed; i++) {
            if (ch[i].kind < 0) continue;
            bool later = false; /* only the newest change of a record matters */
            for (int j = i + 1; j < fx.n; j++)
                if (ch[j].kind == ch[i].kind && ch[j].id == ch[i].id) later = true;
            if (later) {
                ch[i].kind = -1;
                continue;
            }
            rows[i].kind = ch[i].kind;
            db_status gst = ch[i].kind >= KZ_SK__COUNT
                                ? DB_EXEC(c, Q_KR_GET, one_cb, &rows[i], db_int(ch[i].id),
                                          db_text(kz_shared_kinds[ch[i].kind - KZ_SK__COUNT]->name))
                                : DB_EXEC(c, ch[i].kind == KZ_SK_ACH ? Q_ACH_GET : Q_DEM_GET,
                                          one_cb, &rows[i], db_int(ch[i].id));
            if ((gst != DB_OK && gst != DB_NOROW) || rows[i].oom) /* NOROW: gone, dropped below */
                failed = true;
        }
        if (!failed) {
            pthread_rwlock_wrlock(&S.lock);
            for (int i = 0; i < fx.n && !failed; i++) {
                if (ch[i].kind < 0) continue;
                bool shared = ch[i].kind >= KZ_SK__COUNT;
                kz_index *ix = shared ? NULL : S.ix[ch[i].kind];
                kz_at *at = shared ? S.gat[ch[i].kind - KZ_SK__COUNT] : S.at[ch[i].kind];
                if (!at) continue; /* a kind this build has no attributes for */
                if (rows[i].found) {
                    if ((ix && kz_ix_add(ix, &rows[i].d.doc) < 0) ||
                        kz_at_put(at, (uint32_t)ch[i].id, &rows[i].d.row) < 0)
                        failed = true;
                } else {
                    if (ix) kz_ix_delete(ix, (uint64_t)ch[i].id);
                    kz_at_del(at, (uint32_t)ch[i].id);
                }
                if (!failed) applied++;
            }
            if (!failed) {
                S.seq = ch[fx.n - 1].seq;
                S.gen++;
                /* drop dead postings once a fifth of the documents are dead */
                for (int k = 0; k < KZ_SK__COUNT; k++) {
                    kz_index *ix = S.ix[k];
                    if (kz_ix_docs(ix) > 1000 && kz_ix_live(ix) < kz_ix_docs(ix) / 5 * 4)
                        kz_ix_compact(ix);
                }
            }
            pthread_rwlock_unlock(&S.lock);
        }
        for (int i = 0; i < fx.n; i++)
            docbuf_free(&rows[i].d);
        free(rows);
        if (failed) {
            applied = -1;
            break;
        }
        if (fx.n < SCAN_BATCH) break;
    }
    free(ch);
    pthread_mutex_unlock(&S.feed);
    return applied;
}

json_t *kz_search_status(void)
{
    pthread_mutex_lock(&S.mu);
    bool ready = S.ready, failed = S.failed;
    char err[160];
    snprintf(err, sizeof err, "%s", S.err);
    pthread_mutex_unlock(&S.mu);
    json_t *o = json_object();
    json_object_set_new(o, "ready", json_boolean(ready));
    if (failed) json_object_set_new(o, "error", json_string(err));
    pthread_mutex_lock(&S.mu);
    json_object_set_new(o, "source", S.source[0] ? json_string(S.source) : json_null());
    if (ready) json_object_set_new(o, "ready_ms", json_integer(S.ready_ms));
    if (S.snap_path) {
        json_t *sn = json_object();
        json_object_set_new(sn, "path", json_string(S.snap_path));
        json_object_set_new(sn, "seq", S.snap_seq >= 0 ? json_integer(S.snap_seq) : json_null());
        if (S.snap_bytes) json_object_set_new(sn, "bytes", json_integer(S.snap_bytes));
        if (!strcmp(S.source, "snapshot")) {
            json_object_set_new(sn, "load_ms", json_integer(S.snap_ms));
            json_object_set_new(sn, "caught_up", json_integer(S.caught_up));
        }
        if (S.snap_reject[0]) json_object_set_new(sn, "rejected", json_string(S.snap_reject));
        if (S.snap_write_ms) json_object_set_new(sn, "write_ms", json_integer(S.snap_write_ms));
        if (S.snap_werr[0]) json_object_set_new(sn, "write_error", json_string(S.snap_werr));
        json_object_set_new(o, "snapshot", sn);
    } else {
        json_object_set_new(o, "snapshot", json_null());
    }
    pthread_mutex_unlock(&S.mu);
    pthread_rwlock_rdlock(&S.lock);
    if (S.ix[0]) {
        json_object_set_new(o, "achievements", json_integer(kz_ix_live(S.ix[KZ_SK_ACH])));
        json_object_set_new(o, "demands", json_integer(kz_ix_live(S.ix[KZ_SK_DEM])));
        json_object_set_new(
            o, "terms", json_integer(kz_ix_terms(S.ix[KZ_SK_ACH]) + kz_ix_terms(S.ix[KZ_SK_DEM])));
        json_object_set_new(o, "memory_bytes",
                            json_integer((json_int_t)(kz_ix_memory(S.ix[KZ_SK_ACH]) +
                                                      kz_ix_memory(S.ix[KZ_SK_DEM]))));
        json_object_set_new(o, "seq", json_integer(S.seq));
        json_object_set_new(o, "build_ms", json_integer(S.build_ms));
    }
    pthread_rwlock_unlock(&S.lock);
    return o;
}

/* ---- reading ---- */

bool kz_search_wait_ready(int ms)
{
    pthread_mutex_lock(&S.mu);
    if (!S.ready && !S.failed && ms > 0) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += ms / 1000;
        until.tv_nsec += (long)(ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        while (!S.ready && !S.failed)
            if (pthread_cond_timedwait(&S.cv, &S.mu, &until)) break;
    }
    bool ready = S.ready;
    pthread_mutex_unlock(&S.mu);
    return ready;
}

kz_err kz_svc_read_begin(db_conn *c, kz_error *e)
{
    pthread_mutex_lock(&S.mu);
    if (!S.ready && !S.failed) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += READY_WAIT_S;
        while (!S.ready && !S.failed)
            if (pthread_cond_timedwait(&S.cv, &S.mu, &until)) break;
    }
    bool ready = S.ready;
    pthread_mutex_unlock(&S.mu);
    if (!ready) return kz_fail(e, KZ_E_UNAVAILABLE, "搜索索引正在建立，请稍后再试");
    if (kz_search_catch_up(c) < 0)
        return kz_fail(e, KZ_E_UNAVAILABLE, "搜索索引暂时无法更新，请稍后再试");
    pthread_rwlock_rdlock(&S.lock);
    return KZ_OK;
}

void kz_svc_read_end(void)
{
    pthread_rwlock_unlock(&S.lock);
}

const kz_index *kz_svc_index(int kind)
{
    return S.ix[kind];
}

const kz_at *kz_svc_attrs(int kind)
{
    return kind >= KZ_SK__COUNT ? S.gat[kind - KZ_SK__COUNT] : S.at[kind];
}

uint64_t kz_svc_generation(void)
{
    return S.gen;
}

bool kz_svc_try_read_begin(db_conn *c)
{
    pthread_mutex_lock(&S.mu);
    bool ready = S.ready;
    pthread_mutex_unlock(&S.mu);
    if (!ready || kz_search_catch_up(c) < 0) return false;
    pthread_rwlock_rdlock(&S.lock);
    return true;
}

typedef struct vis_ctx {
    const kz_actor *a;
    int kind;
    kz_svc_extra extra;
    void *extra_ctx;
} vis_ctx;

static bool vis_accept(void *vctx, const kz_index *ix, uint32_t doc)
{
    vis_ctx *v = vctx;
    const kz_ix_attrs *at = kz_ix_attrs_of(ix, doc);
    if (!kz_svc_visible(v->a, v->kind, at)) return false;
    return !v->extra || v->extra(v->extra_ctx, at);
}

int kz_svc_query(const kz_actor *a, int kind, const kz_query *q, const uint64_t *bits,
                 uint32_t nbits, kz_svc_extra extra, void *extra_ctx, uint32_t k, kz_ix_hit *out)
{
    vis_ctx v = {a, kind, extra, extra_ctx};
    kz_ix_filter f = {.bits = bits, .nbits = nbits, .accept = vis_accept, .ctx = &v};
    return kz_ix_search(S.ix[kind], q->terms, q->n, &kz_rank_text_params, &f, k, out, NULL);
}

json_t *kz_svc_card(db_conn *c, const kz_actor *a, int kind, int64_t id)
{
    json_t *rec = NULL;
    kz_error e = {0};
    kz_err rc = kind == KZ_SK_ACH ? kz_ach_get(c, a, id, &rec, &e) : kz_dem_get(c, a, id, &rec, &e);
    kz_error_clear(&e);
    if (rc != KZ_OK) return NULL;
    json_object_del(rec, "detail"); /* results carry cards; the detail is read one at a time */
    return rec;
}

static db_status user_cb(void *vctx, const db_row *r)
{
    json_t **o = vctx;
    unsigned roles = 0;
    kz_roles_parse(db_col_text(r, 3), &roles);
    if (db_col_int(r, 5) ||
        !(roles & (KZ_ROLE_BIT(KZ_ROLE_RESEARCHER) | KZ_ROLE_BIT(KZ_ROLE_EXPERT))))
        return DB_OK;
    *o = json_object();
    json_object_set_new(*o, "id", json_integer(db_col_int(r, 0)));
    json_object_set_new(*o, "display_name", json_string(db_col_text(r, 2)));
    json_object_set_new(*o, "org_id",
                        db_col_null(r, 4) ? json_null() : json_integer(db_col_int(r, 4)));
    return DB_OK;
}

typedef struct org_ctx {
    json_t *o;
    char kind[24];
} org_ctx;

static db_status org_cb(void *vctx, const db_row *r)
{
    org_ctx *x = vctx;
    x->o = json_object();
    json_object_set_new(x->o, "id", json_integer(db_col_int(r, 0)));
    json_object_set_new(x->o, "name", json_string(db_col_text(r, 1)));
    json_object_set_new(x->o, "kind", json_string(db_col_text(r, 2)));
    snprintf(x->kind, sizeof x->kind, "%s", db_col_text(r, 2) ? db_col_text(r, 2) : "");
    json_object_set_new(x->o, "region",
                        db_col_text(r, 4) ? json_string(db_col_text(r, 4)) : json_null());
    json_object_set_new(x->o, "industry",
                        db_col_text(r, 5) ? json_string(db_col_text(r, 5)) : json_null());
    json_object_set_new(x->o, "tier", json_string(db_col_text(r, 6)));
    return DB_OK;
}

json_t *kz_svc_org(db_conn *c, int64_t org_id, const char **kind)
{
    static __thread char kbuf[24];
    org_ctx x = {0};
    if (DB_EXEC(c, Q_ORG_GET, org_cb, &x, db_int(org_id)) != DB_OK) {
        json_decref(x.o);
        return NULL;
    }
    memcpy(kbuf, x.kind, sizeof kbuf);
    if (kind) *kind = kbuf;
    return x.o;
}

static db_status orglist_cb(void *vctx, const db_row *r)
{
    org_ctx x = {0};
    org_cb(&x, r);
    json_array_append_new(vctx, x.o);
    return DB_OK;
}

json_t *kz_svc_service_orgs(db_conn *c)
{
    json_t *arr = json_array();
    static const char *const kinds[] = {"service", "platform"};
    for (int i = 0; i < 2; i++)
        if (DB_EXEC(c, Q_ORG_LIST, orglist_cb, arr, db_text(kinds[i]), db_null(), db_null(),
                    db_int(0), db_int(200)) != DB_OK) {
            json_decref(arr);
            return NULL;
        }
    return arr;
}

json_t *kz_svc_expert(db_conn *c, int64_t user_id)
{
    json_t *o = NULL;
    if (DB_EXEC(c, Q_USER_GET, user_cb, &o, db_int(user_id)) != DB_OK) {
        json_decref(o);
        return NULL;
    }
    if (o && json_is_integer(json_object_get(o, "org_id"))) {
        json_t *org = kz_svc_org(c, json_integer_value(json_object_get(o, "org_id")), NULL);
        json_object_set_new(o, "org_name",
                            org ? json_incref(json_object_get(org, "name")) : json_null());
        json_decref(org);
    }
    return o;
}

/* ---- GET /api/v1/search ---- */

typedef struct filt {
    int kind;
    const char *status;
    uint8_t status_code;
    long long trl_min, trl_max, price_min, price_max, org;
    int dkind; /* demand kind code, -1 any */
} filt;

static bool filt_accept(void *vctx, const kz_ix_attrs *at)
{
    const filt *f = vctx;
    if (f->status && at->status != f->status_code) return false;
    if (f->org >= 0 && at->org_id != f->org) return false;
    if (f->kind == KZ_SK_ACH) {
        if (f->trl_min >= 0 && (at->trl < 0 || at->trl < f->trl_min)) return false;
        if (f->trl_max >= 0 && (at->trl < 0 || at->trl > f->trl_max)) return false;
        if (f->price_min >= 0 && (at->money_lo < 0 || at->money_lo < f->price_min)) return false;
        if (f->price_max >= 0 && (at->money_lo < 0 || at->money_lo > f->price_max)) return false;
    } else {
        if (f->dkind >= 0 && at->kind != f->dkind) return false;
        /* budget overlap, as the demand list filters */
        if (f->price_min >= 0 && (at->money_hi < 0 || at->money_hi < f->price_min)) return false;
        if (f->price_max >= 0 && (at->money_lo < 0 || at->money_lo > f->price_max)) return false;
        if (f->trl_max >= 0 && at->trl_min >= 0 && at->trl_min > f->trl_max) return false;
    }
    return true;
}

static json_t *term_list(const kz_query *q)
{
    json_t *a = json_array();
    for (size_t i = 0; i < q->n && i < 32; i++)
        json_array_append_new(a, json_stringn(q->terms[i].text, q->terms[i].len));
    return a;
}

static void facet_add(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    json_object_set_new(obj, key, json_integer(json_integer_value(v) + 1));
}

static void facets_of(int kind, const kz_index *ix, const kz_ix_hit *h, int n, json_t *fc)
{
    json_t *ind = json_object(), *city = json_object(), *st = json_object(), *third = json_object();
    for (int i = 0; i < n; i++) {
        const kz_ix_attrs *at = kz_ix_attrs_of(ix, h[i].doc);
        char buf[16];
        if (at->industry[0]) {
            snprintf(buf, sizeof buf, "%c", at->industry[0]);
            facet_add(ind, buf);
        }
        if (at->region) {
            snprintf(buf, sizeof buf, "%04u", (unsigned)(at->region / 100));
            facet_add(city, buf);
        }
        facet_add(st, kz_svc_status_name(kind, at->status));
        if (kind == KZ_SK_ACH && at->trl > 0) {
            snprintf(buf, sizeof buf, "%d", at->trl);
            facet_add(third, buf);
        } else if (kind == KZ_SK_DEM && at->kind != 255) {
            const kz_enum_item *it = kz_enum_demand_kinds.items;
            for (int j = 0; it[j].code; j++)
                if (j == at->kind) facet_add(third, it[j].code);
        }
    }
    json_t *o = json_object();
    json_object_set_new(o, "industry_section", ind);
    json_object_set_new(o, "city", city);
    json_object_set_new(o, "status", st);
    json_object_set_new(o, kind == KZ_SK_ACH ? "trl" : "kind", third);
    json_object_set_new(o, "counted", json_integer(n));
    json_object_set_new(fc, kind == KZ_SK_ACH ? "achievement" : "demand", o);
}

/* The marked public text of a card: title, and summary or description. */
static json_t *highlights(const json_t *card, int kind, const kz_query *q)
{
    json_t *h = json_object();
    const char *fields[2] = {"title", kind == KZ_SK_ACH ? "summary" : "description"};
    size_t max[2] = {0, 120};
    for (int i = 0; i < 2; i++) {
        const char *s = json_string_value(json_object_get(card, fields[i]));
        if (!s) continue;
        char *m = kz_highlight(s, strlen(s), q, max[i], NULL);
        if (m) json_object_set_new(h, fields[i], json_string(m));
        free(m);
    }
    return h;
}

typedef struct hitref {
    int kind;
    uint32_t doc;
    uint64_t key;
    double score;
    uint32_t creator;
} hitref;

static int hitref_cmp(const void *a, const void *b)
{
    const hitref *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    if (x->kind != y->kind) return x->kind - y->kind;
    return x->key < y->key ? -1 : x->key > y->key;
}

static bool parse_filters(const kz_search_query *q, int kind, filt *f, uint64_t **bits,
                          uint32_t *nbits, bool *empty, kz_error *e)
{
    const kz_index *ix = S.ix[kind];
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->trl_min = q->trl_min, f->trl_max = q->trl_max;
    f->price_min = q->price_min, f->price_max = q->price_max;
    f->org = q->org;
    f->dkind = -1;
    *bits = NULL;
    *empty = false;
    if (q->status) {
        f->status = q->status;
        f->status_code = status_code(kind, q->status);
        if (f->status_code == 255) *empty = true; /* a status of the other kind */
    }
    if (kind == KZ_SK_DEM && q->demand_kind) {
        f->dkind = demand_kind_code(q->demand_kind);
        if (f->dkind == 255) *empty = true;
    }
    uint64_t keys[2];
    int nk = 0;
    if (q->industry) {
        char v[8];
        const char *sec = kz_industry_section(q->industry);
        if (q->industry[0] >= 'A' && q->industry[0] <= 'Z')
            snprintf(v, sizeof v, "%s", q->industry);
        else
            snprintf(v, sizeof v, "%s%s", sec ? sec : "?", q->industry);
        keys[nk++] = kz_ix_value_key(KZ_IX_V_INDUSTRY, v);
    }
    if (q->region) {
        char p[8];
        kz_region_prefix(q->region, p);
        keys[nk++] = kz_ix_value_key(KZ_IX_V_REGION, p);
    }
    if (!nk) return true;
    *nbits = kz_ix_docs(ix);
    uint32_t words = (*nbits + 63) / 64 + 1;
    uint64_t *b = calloc(words, 8), *tmp = nk > 1 ? calloc(words, 8) : NULL;
    if (!b || (nk > 1 && !tmp)) {
        free(b);
        free(tmp);
        kz_fail(e, KZ_E_INTERNAL, NULL);
        return false;
    }
    kz_ix_value_bits(ix, keys[0], b, *nbits);
    if (nk > 1) {
        kz_ix_value_bits(ix, keys[1], tmp, *nbits);
        for (uint32_t i = 0; i < words; i++)
            b[i] &= tmp[i];
    }
    free(tmp);
    *bits = b;
    return true;
}

kz_err kz_search(db_conn *c, const kz_actor *a, const kz_search_query *q, json_t **out, kz_error *e)
{
    *out = NULL;
    const char *kind = q->kind ? q->kind : "all";
    bool want[KZ_SK__COUNT] = {false, false}, experts = false;
    if (!strcmp(kind, "achievement"))
        want[KZ_SK_ACH] = true;
    else if (!strcmp(kind, "demand"))
        want[KZ_SK_DEM] = true;
    else if (!strcmp(kind, "expert"))
        experts = true;
    else if (!strcmp(kind, "all"))
        want[KZ_SK_ACH] = want[KZ_SK_DEM] = experts = true;
    else
        kz_field_error(e, "kind", "可选：achievement, demand, expert, all");
    const char *text = q->q ? q->q : "";
    size_t tlen = strlen(text);
    if (!kz_utf8_valid(text, tlen))
        kz_field_error(e, "q", "不是有效的 UTF-8 文本");
    else if (kz_utf8_len(text) > KZ_SEARCH_MAX_QUERY_CHARS)
        kz_field_error(e, "q", "搜索内容过长（最多 10000 字）");
    if (q->status && !kz_enum_has(&kz_enum_achievement_statuses, q->status) &&
        !kz_enum_has(&kz_enum_demand_statuses, q->status))
        kz_field_error(e, "status", "未知的状态");
    const char *section, *ind_prefix;
    kz_industry_filter(q->industry, &section, &ind_prefix, e);
    if (q->region && !kz_all_digits(q->region, 6))
        kz_field_error(e, "region", "应为 GB/T 2260 代码或前缀");
    if (q->demand_kind && !kz_enum_has(&kz_enum_demand_kinds, q->demand_kind))
        kz_field_error(e, "demand_kind", "未知的需求类型");
    if (e->code) return KZ_E_VALIDATION;
    if (strspn(text, " \t\r\n\xe3\x80\x80") == tlen) {
        kz_field_error(e, "q", "请输入搜索内容");
        return KZ_E_VALIDATION;
    }

    kz_query qq;
    if (kz_query_parse(text, tlen, NULL, &qq)) return kz_fail(e, KZ_E_INTERNAL, NULL);
    json_t *res = json_object();
    json_t *items = json_array();
    json_object_set_new(res, "items", items);
    json_object_set_new(res, "limit", json_integer(q->limit));
    json_object_set_new(res, "offset", json_integer(q->offset));
    json_t *qinfo = json_object();
    json_object_set_new(qinfo, "terms", term_list(&qq));
    json_object_set_new(qinfo, "dropped_terms", json_integer((json_int_t)qq.dropped));
    json_object_set_new(res, "query", qinfo);
    if (!qq.n) {
        json_object_set_new(res, "has_more", json_false());
        json_object_set_new(res, "notice",
                            json_string("搜索内容只包含常用词或符号，请换用更具体的词语"));
        kz_query_free(&qq);
        *out = res;
        return KZ_OK;
    }
    kz_err rc = kz_svc_read_begin(c, e);
    if (rc != KZ_OK) {
        kz_query_free(&qq);
        json_decref(res);
        return rc;
    }
    uint32_t need = (uint32_t)(q->offset + q->limit + 1);
    uint32_t k = q->facets && need < KZ_SEARCH_FACET_DEPTH ? KZ_SEARCH_FACET_DEPTH : need;
    uint32_t kexp = experts ? (k < 200 ? 200 : k) : 0;
    uint32_t kmax = k > kexp ? k : kexp;
    kz_ix_hit *hits = malloc(kmax * sizeof *hits);
    hitref *refs = malloc((size_t)(2 * k + 1) * sizeof *refs);
    size_t nrefs = 0;
    json_t *facets = q->facets ? json_object() : NULL;
    /* experts: the creators of the best-matching achievements */
    typedef struct exp_acc {
        uint32_t user;
        double score, best;
        uint64_t keys[3];
        int n;
    } exp_acc;
    exp_acc *ex = NULL;
    size_t nex = 0;
    bool failed = !hits || !refs;
    for (int kd = 0; kd < KZ_SK__COUNT && !failed; kd++) {
        bool need_kind = want[kd] || (kd == KZ_SK_ACH && experts);
        if (!need_kind) continue;
        filt f;
        uint64_t *bits;
        uint32_t nbits = 0;
        bool empty;
        if (!parse_filters(q, kd, &f, &bits, &nbits, &empty, e)) {
            failed = true;
            break;
        }
        int n = 0;
        uint32_t kk = want[kd] ? k : 0;
        if (kd == KZ_SK_ACH && experts && kexp > kk) kk = kexp;
        if (!empty) n = kz_svc_query(a, kd, &qq, bits, nbits, filt_accept, &f, kk, hits);
        free(bits);
        if (n < 0) {
            failed = true;
            break;
        }
        const kz_index *ix = S.ix[kd];
        if (want[kd]) {
            int nk = n < (int)k ? n : (int)k;
            for (int i = 0; i < nk; i++)
                refs[nrefs++] =
                    (hitref){kd, hits[i].doc, kz_ix_key_of(ix, hits[i].doc), hits[i].score, 0};
            if (facets) facets_of(kd, ix, hits, nk, facets);
        }
        if (kd == KZ_SK_ACH && experts) {
            ex = calloc((size_t)n + 1, sizeof *ex);
            if (!ex) {
                failed = true;
                break;
            }
            for (int i = 0; i < n; i++) {
                uint32_t u = kz_ix_attrs_of(ix, hits[i].doc)->creator;
                if (!u) continue;
                size_t j = 0;
                while (j < nex && ex[j].user != u)
                    j++;
                if (j == nex) ex[nex++] = (exp_acc){.user = u};
                /* the best achievement counts fully, further ones less and less */
                exp_acc *x = &ex[j];
                x->score += hits[i].score / (1.0 + x->n);
                if (x->n < 3) x->keys[x->n] = kz_ix_key_of(ix, hits[i].doc);
                x->n++;
            }
        }
    }
    kz_svc_read_end();
    free(hits);
    if (failed) {
        free(refs);
        free(ex);
        json_decref(facets);
        json_decref(res);
        kz_query_free(&qq);
        return e->code ? e->code : kz_fail(e, KZ_E_INTERNAL, NULL);
    }
    /* experts join the ranking as their own items */
    for (size_t i = 0; i < nex; i++) {
        if (!refs) break;
        hitref *nr = realloc(refs, (nrefs + 1) * sizeof *refs);
        if (!nr) break;
        refs = nr;
        refs[nrefs++] = (hitref){2, (uint32_t)i, ex[i].user, ex[i].score, ex[i].user};
    }
    qsort(refs, nrefs, sizeof *refs, hitref_cmp);
    /* load the cards of the page; a record that vanished or is not visible is skipped */
    size_t shown = 0;
    bool more = false;
    for (size_t i = (size_t)q->offset; i < nrefs; i++) {
        if (shown == (size_t)q->limit) {
            more = true;
            break;
        }
        hitref *r = &refs[i];
        json_t *it = json_object();
        if (r->kind == 2) {
            json_t *u = kz_svc_expert(c, (int64_t)r->key);
            if (!u) {
                json_decref(it);
                continue;
            }
            json_object_set_new(it, "kind", json_string("expert"));
            json_object_set_new(it, "expert", u);
            json_t *achs = json_array();
            exp_acc *x = &ex[r->doc];
            for (int j = 0; j < x->n && j < 3; j++) {
                json_t *card = kz_svc_card(c, a, KZ_SK_ACH, (int64_t)x->keys[j]);
                if (!card) continue;
                json_t *s = json_object();
                json_object_set(s, "id", json_object_get(card, "id"));
                json_object_set(s, "title", json_object_get(card, "title"));
                json_array_append_new(achs, s);
                json_decref(card);
            }
            if (!json_array_size(achs)) {
                json_decref(achs);
                json_decref(it);
                continue;
            }
            json_object_set_new(it, "achievements", achs);
        } else {
            json_t *card = kz_svc_card(c, a, r->kind, (int64_t)r->key);
            if (!card) {
                json_decref(it);
                continue;
            }
            const char *name = r->kind == KZ_SK_ACH ? "achievement" : "demand";
            json_object_set_new(it, "kind", json_string(name));
            json_object_set_new(it, "highlight", highlights(card, r->kind, &qq));
            json_object_set_new(it, name, card);
        }
        json_object_set_new(it, "score", json_real((double)(long long)(r->score * 1e4) / 1e4));
        json_array_append_new(items, it);
        shown++;
    }
    json_object_set_new(res, "has_more", json_boolean(more));
    if (facets) json_object_set_new(res, "facets", facets);
    free(refs);
    free(ex);
    kz_query_free(&qq);
    *out = res;
    return KZ_OK;
}
