#include "stats.h"
#include "../core/vocab.h"
#include "clock.h"
#include "common.h"
#include "enums.h"
#include "counts.h"
#include "finance.h"
#include "market.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct named_ctx {
    json_t *arr;
    kz_vocab_kind vocab;
    int pad; /* region codes: digits to pad to 6 with zeros; 0: none */
} named_ctx;

/* Appends {code, name, count} for key k (a code or its prefix; NULL: not given). */
static void named_add(named_ctx *x, const char *k, int64_t n)
{
    char code[8] = "";
    if (k) snprintf(code, sizeof code, "%s%s", k, x->pad == 2 ? "0000" : x->pad == 4 ? "00" : "");
    const kz_vocab_entry *v = k ? kz_vocab_get(x->vocab, code) : NULL;
    json_array_append_new(x->arr,
                          json_pack("{s:o, s:o, s:I}", "code", k ? json_string(code) : json_null(),
                                    "name", v ? json_string(v->name) : json_string("未填写"),
                                    "count", (json_int_t)n));
}

static db_status named_cb(void *vctx, const db_row *r)
{
    named_add(vctx, db_col_text(r, 0), db_col_int(r, 1));
    return DB_OK;
}

/* The months of the last year, oldest first: 12 objects {month: "YYYY-MM", count: 0}. */
static json_t *last_months(const char *now, char since[24])
{
    int y = atoi(now), m = atoi(now + 5);
    json_t *arr = json_array();
    for (int i = 11; i >= 0; i--) {
        int yy = y, mm = m - i;
        while (mm < 1) {
            mm += 12;
            yy--;
        }
        char label[16];
        snprintf(label, sizeof label, "%04d-%02d", yy, mm);
        if (i == 11) snprintf(since, 24, "%.7s-01T00:00:00Z", label);
        json_array_append_new(arr, json_pack("{s:s, s:I}", "month", label, "count", (json_int_t)0));
    }
    return arr;
}

/* Sets the count of month k ("YYYY-MM") among last_months()' slots. */
static void month_set(json_t *months, const char *k, int64_t n)
{
    size_t i;
    json_t *it;
    json_array_foreach(months, i, it)
    {
        if (k && !strcmp(json_string_value(json_object_get(it, "month")), k))
            json_object_set_new(it, "count", json_integer(n));
    }
}

/* Facets' order: the largest count first, then by code ("not given" first). */
static int by_count(const void *pa, const void *pb)
{
    json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
    json_int_t na = json_integer_value(json_object_get(a, "count")),
               nb = json_integer_value(json_object_get(b, "count"));
    if (na != nb) return na > nb ? -1 : 1;
    const char *ca = json_string_value(json_object_get(a, "code")),
               *cb = json_string_value(json_object_get(b, "code"));
    if (!ca || !cb) return !ca - !cb ? (!ca ? -1 : 1) : 0;
    return strcmp(ca, cb);
}

static void sort_by_count(json_t *arr)
{
    size_t n = json_array_size(arr);
    if (n < 2) return;
    json_t **v = malloc(n * sizeof *v);
    if (!v) return;
    for (size_t i = 0; i < n; i++)
        v[i] = json_incref(json_array_get(arr, i));
    qsort(v, n, sizeof *v, by_count);
    json_array_clear(arr);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, v[i]);
    free(v);
}

/* One dimension of a kind's counts: (kind, dim, status|NULL, key prefix length, key min|NULL). */
static db_status sum(db_conn *c, const char *kind, const char *dim, const char *status, int len,
                     const char *min, db_row_cb cb, void *ctx)
{
    return DB_EXEC(c, Q_STAT_SUM, cb, ctx, db_text(kind), db_text(dim), db_text(status),
                   db_int(len), db_text(min));
}

#define OK(st) ((st) == DB_OK || (st) == DB_NOROW)

/* One kind's part of the overview while its counts are read. */
typedef struct kind_part {
    const char *kind;
    json_t *by_status, *months;
    named_ctx ind, city;
} kind_part;

static void part_init(kind_part *p, const char *kind, const char *now, char month[8])
{
    char since[24];
    *p = (kind_part){.kind = kind,
                     .by_status = json_object(),
                     .months = last_months(now, since),
                     .ind = {.arr = json_array(), .vocab = KZ_VOCAB_INDUSTRY},
                     .city = {.arr = json_array(), .vocab = KZ_VOCAB_REGION, .pad = 4}};
    snprintf(month, 8, "%.7s", since);
}

static void part_free(kind_part *p)
{
    json_decref(p->by_status);
    json_decref(p->months);
    json_decref(p->ind.arr);
    json_decref(p->city.arr);
}

/* Q_STAT_OVERVIEW's rows (part, kind, key, n) to the kinds' parts. */
static db_status overview_cb(void *ctx, const db_row *r)
{
    kind_part *parts = ctx;
    const char *part = db_col_text(r, 0), *kind = db_col_text(r, 1), *key = db_col_text(r, 2);
    int64_t n = db_col_int(r, 3);
    kind_part *p = NULL;
    for (int i = 0; i < 3 && kind; i++)
        if (!strcmp(parts[i].kind, kind)) p = &parts[i];
    if (!p || !part) return DB_OK;
    if (!strcmp(part, "status"))
        json_object_set_new(p->by_status, key ? key : "unknown", json_integer(n));
    else if (!strcmp(part, "section"))
        named_add(&p->ind, key, n);
    else if (!strcmp(part, "city"))
        named_add(&p->city, key, n);
    else
        month_set(p->months, key, n);
    return DB_OK;
}

/* One record kind's part of the overview (its containers move into *out). */
static json_t *kind_overview(kind_part *p)
{
    sort_by_count(p->ind.arr);
    sort_by_count(p->city.arr);
    json_int_t total = 0;
    const char *k;
    json_t *v;
    json_object_foreach(p->by_status, k, v) total += json_integer_value(v);
    /* this month is the last of the twelve */
    json_int_t fresh = json_integer_value(json_object_get(json_array_get(p->months, 11), "count"));
    json_t *out = json_pack("{s:I, s:I, s:I, s:O, s:O, s:O, s:O}", "total", total, "published",
                            json_integer_value(json_object_get(p->by_status, "published")),
                            "new_this_month", fresh, "by_status", p->by_status, "by_industry",
                            p->ind.arr, "by_city", p->city.arr, "by_month", p->months);
    return out;
}

/* The overview from the maintained counts: one statement, whatever the number of records. */
kz_err kz_stats_overview(db_conn *c, json_t **out, kz_error *e)
{
    *out = NULL;
    char now[24], month[8];
    kz_rfc3339((time_t)kz_now(), now);
    kind_part parts[3];
    part_init(&parts[0], "achievement", now, month);
    part_init(&parts[1], "demand", now, month);
    part_init(&parts[2], "org", now, month);
    db_status st = DB_EXEC(c, Q_STAT_OVERVIEW, overview_cb, parts, db_text(month));
    if (OK(st)) {
        json_int_t org_total = 0;
        const char *k;
        json_t *v;
        json_object_foreach(parts[2].by_status, k, v) org_total += json_integer_value(v);
        *out = json_pack("{s:o, s:o, s:{s:I, s:O}, s:s}", "achievements", kind_overview(&parts[0]),
                         "demands", kind_overview(&parts[1]), "orgs", "total", org_total, "by_kind",
                         parts[2].by_status, "generated_at", now);
    }
    for (int i = 0; i < 3; i++)
        part_free(&parts[i]);
    return OK(st) ? KZ_OK : kz_db_fail(e, st);
}

kz_err kz_stats_map(db_conn *c, const char *level, const char *kind, const char *parent,
                    json_t **out, kz_error *e)
{
    *out = NULL;
    int len = !level || !strcmp(level, "city") ? 4
              : !strcmp(level, "province")     ? 2
              : !strcmp(level, "district")     ? 6
                                               : 0;
    const char *k = !kind                          ? "achievement"
                    : !strcmp(kind, "achievement") ? "achievement"
                    : !strcmp(kind, "demand")      ? "demand"
                    : !strcmp(kind, "org")         ? "org"
                                                   : NULL;
    if (!len) kz_field_error(e, "level", "应为 province、city 或 district");
    if (!k) kz_field_error(e, "kind", "应为 achievement、demand 或 org");
    size_t plen = parent ? strlen(parent) : 0;
    if (parent &&
        (plen == 0 || plen >= (size_t)len || plen > 6 || strspn(parent, "0123456789") != plen))
        kz_field_error(e, "parent", "应为比 level 更高一级的行政区划代码前缀");
    if (e->code) return KZ_E_VALIDATION;
    json_t *items = json_array();
    named_ctx x = {.arr = items, .vocab = KZ_VOCAB_REGION, .pad = len == 2 ? 2 : len == 4 ? 4 : 0};
    /* published records; every org */
    db_status st =
        sum(c, k, "region", strcmp(k, "org") ? "published" : NULL, len, NULL, named_cb, &x);
    if (!OK(st)) {
        json_decref(items);
        return kz_db_fail(e, st);
    }
    for (size_t i = json_array_size(items);
         i-- > 0;) { /* records without a region; parent's children only */
        const char *code = json_string_value(json_object_get(json_array_get(items, i), "code"));
        if (!code || (parent && strncmp(code, parent, plen) != 0)) json_array_remove(items, i);
    }
    json_int_t total = 0;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) total += json_integer_value(json_object_get(it, "count"));
    *out = json_pack("{s:s, s:s, s:o, s:I}", "level", level ? level : "city", "kind", k, "items",
                     items, "total", total);
    return KZ_OK;
}

/* ---- keeping the counts ---- */

static db_status add(db_conn *c, const char *kind, const char *dim, const char *key,
                     const char *status, int64_t delta)
{
    int64_t got = 0;
    db_status st = DB_EXEC(c, Q_STAT_ADD, db_cb_int, &got, db_text(kind), db_text(dim),
                           db_text(key ? key : ""), db_text(status), db_int(delta));
    return st == DB_NOROW ? DB_OK : st;
}

/* The cells of one record: overall, by region, by month and (when section) by section. */
typedef db_status (*cell_fn)(void *ctx, const char *kind, const char *dim, const char *key,
                             const char *status, int64_t delta);

static db_status each_cell(const char *kind, const char *status, const char *region,
                           const char *section, const char *created_at, int64_t delta, cell_fn fn,
                           void *ctx)
{
    char month[8] = "";
    if (created_at) snprintf(month, sizeof month, "%.7s", created_at);
    db_status st = fn(ctx, kind, "all", "", status, delta);
    if (st == DB_OK) st = fn(ctx, kind, "region", region, status, delta);
    if (st == DB_OK) st = fn(ctx, kind, "month", month, status, delta);
    if (st == DB_OK && section) st = fn(ctx, kind, "section", section, status, delta);
    return st;
}

static db_status add_cell(void *c, const char *kind, const char *dim, const char *key,
                          const char *status, int64_t delta)
{
    return add(c, kind, dim, key, status, delta);
}

db_status kz_stats_record(db_conn *c, const char *kind, const char *status, const char *region,
                          const char *section, const char *created_at, int64_t delta)
{
    return each_cell(kind, status, region, section, created_at, delta, add_cell, c);
}

/* The cells are kept as "kind US dim US key US status" -> delta (US: the unit separator,
 * which no code, state or month contains). */
struct kz_stats_sum {
    json_t *cells;
};

kz_stats_sum *kz_stats_sum_new(void)
{
    kz_stats_sum *s = malloc(sizeof *s);
    if (!s) abort();
    s->cells = json_object();
    return s;
}

void kz_stats_sum_free(kz_stats_sum *s)
{
    if (!s) return;
    json_decref(s->cells);
    free(s);
}

void kz_stats_sum_clear(kz_stats_sum *s)
{
    json_object_clear(s->cells);
}

static db_status sum_cell(void *ctx, const char *kind, const char *dim, const char *key,
                          const char *status, int64_t delta)
{
    kz_stats_sum *s = ctx;
    char k[256];
    snprintf(k, sizeof k, "%s\x1f%s\x1f%s\x1f%s", kind, dim, key ? key : "", status ? status : "");
    json_t *n = json_object_get(s->cells, k);
    if (n)
        json_integer_set(n, json_integer_value(n) + delta);
    else
        json_object_set_new(s->cells, k, json_integer(delta));
    return DB_OK;
}

void kz_stats_sum_record(kz_stats_sum *s, const char *kind, const char *status, const char *region,
                         const char *section, const char *created_at, int64_t delta)
{
    each_cell(kind, status, region, section, created_at, delta, sum_cell, s);
}

db_status kz_stats_sum_flush(kz_stats_sum *s, db_conn *c)
{
    const char *k;
    json_t *v;
    db_status st = DB_OK;
    json_object_foreach(s->cells, k, v)
    {
        if (!json_integer_value(v)) continue;
        char buf[256], *part[4] = {buf, NULL, NULL, NULL};
        snprintf(buf, sizeof buf, "%s", k);
        for (int i = 1; i < 4; i++) {
            part[i] = strchr(part[i - 1], '\x1f');
            if (!part[i]) return DB_HARD;
            *part[i]++ = 0;
        }
        st = add(c, part[0], part[1], part[2], part[3], json_integer_value(v));
        if (st != DB_OK) break;
    }
    if (st == DB_OK) json_object_clear(s->cells);
    return st;
}

db_status kz_stats_rebuild(db_conn *c)
{
    static const db_stmt steps[] = {
        Q_STAT_CLEAR, Q_STAT_REBUILD, Q_CT_STAT_CLEAR, Q_CT_STAT_REBUILD, Q_PC_CLEAR, Q_PC_REBUILD,
        Q_PL_CLEAR,   Q_PL_REBUILD,   Q_BS_CLEAR,      Q_BS_REBUILD,      Q_VL_CLEAR, Q_VL_REBUILD};
    db_status st = DB_OK;
    for (size_t i = 0; OK(st) && i < sizeof steps / sizeof steps[0]; i++)
        st = db_exec(c, steps[i], NULL, 0, NULL, NULL);
    if (OK(st)) st = kz_market_rebuild(c); /* (the kinds' own hooks, record by record) */
    if (OK(st)) st = kz_finance_rebuild(c);
    if (OK(st)) st = kz_counts_rebuild(c);
    return st == DB_NOROW ? DB_OK : st;
}

/* ---- verifying the counts ---- */

static db_status cell_cb(void *ctx, const db_row *r)
{
    char k[256];
    snprintf(k, sizeof k, "%s\x1f%s\x1f%s\x1f%s", db_col_text(r, 0), db_col_text(r, 1),
             db_col_text(r, 2) ? db_col_text(r, 2) : "", db_col_text(r, 3));
    json_object_set_new(ctx, k, json_integer(db_col_int(r, 4)));
    return DB_OK;
}

/* A row of contract_stats as three cells (kind "contract", the row's dim and key, "status" the
 * measure: n, amount_fen, tech_income_fen). */
static db_status ct_cell_cb(void *ctx, const db_row *r)
{
    static const char *const measure[] = {"n", "amount_fen", "tech_income_fen"};
    for (int i = 0; i < 3; i++) {
        char k[256];
        snprintf(k, sizeof k, "contract\x1f%s\x1f%s\x1f%s", db_col_text(r, 0),
                 db_col_text(r, 1) ? db_col_text(r, 1) : "", measure[i]);
        if (db_col_int(r, 2 + i)) json_object_set_new(ctx, k, json_integer(db_col_int(r, 2 + i)));
    }
    return DB_OK;
}

/* A row of policy_ledger as three cells (kind "policy", dim the policy id, key "org:year", the
 * measure: n, committed_fen, paid_fen) and one of policy_claims as one (kind "policy_claim", dim
 * the policy id, key the subject id, "application" the application holding it). */
static db_status pl_cell_cb(void *ctx, const db_row *r)
{
    static const char *const measure[] = {"n", "committed_fen", "paid_fen"};
    for (int i = 0; i < 3; i++) {
        char k[256];
        snprintf(k, sizeof k, "policy\x1f%lld\x1f%lld:%lld\x1f%s", (long long)db_col_int(r, 0),
                 (long long)db_col_int(r, 1), (long long)db_col_int(r, 2), measure[i]);
        if (db_col_int(r, 3 + i)) json_object_set_new(ctx, k, json_integer(db_col_int(r, 3 + i)));
    }
    return DB_OK;
}

static db_status pc_cell_cb(void *ctx, const db_row *r)
{
    char k[256];
    snprintf(k, sizeof k,
             "policy_claim\x1f%lld\x1f%lld\x1f"
             "application",
             (long long)db_col_int(r, 0), (long long)db_col_int(r, 1));
    json_object_set_new(ctx, k, json_integer(db_col_int(r, 2)));
    return DB_OK;
}

/* A row of booking_slots as one cell (kind "booking_slot", dim the booking id, key the resource
 * id, "slot" the start and end as the count's text: kept only when equal). */
static db_status bs_cell_cb(void *ctx, const db_row *r)
{
    char k[256];
    snprintf(k, sizeof k, "booking_slot\x1f%lld\x1f%lld %s %s\x1fslot", (long long)db_col_int(r, 0),
             (long long)db_col_int(r, 1), db_col_text(r, 2), db_col_text(r, 3));
    json_object_set_new(ctx, k, json_integer(1));
    return DB_OK;
}

/* A row of voucher_ledger as two cells (kind "voucher", dim the voucher id: n, redeemed_fen). */
static db_status vl_cell_cb(void *ctx, const db_row *r)
{
    static const char *const measure[] = {"n", "redeemed_fen"};
    for (int i = 0; i < 2; i++) {
        char k[256];
        snprintf(k, sizeof k, "voucher\x1f%lld\x1f\x1f%s", (long long)db_col_int(r, 0), measure[i]);
        if (db_col_int(r, 1 + i)) json_object_set_new(ctx, k, json_integer(db_col_int(r, 1 + i)));
    }
    return DB_OK;
}

/* A row of market_state as cells (kind "market", dim the listing id, key the phase; seq, which
 * counts writes, is not a count of records and stays out). */
static db_status ms_cell_cb(void *ctx, const db_row *r)
{
    static const char *const measure[] = {
        "due_at",   "start_fen", "increment_fen", "reserve_fen", "starts_at", "ends_at",
        "extend_s", "best_fen",  "best_bid_id",   "best_org_id", "nbids",     "objections"};
    static const int column[] = {3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    for (int i = 0; i < 12; i++) {
        char k[256];
        snprintf(k, sizeof k, "market\x1f%lld\x1f%s %s %s\x1f%s", (long long)db_col_int(r, 0),
                 db_col_text(r, 1) ?: "", db_col_text(r, 2) ?: "", db_col_text(r, 4) ?: "",
                 measure[i]);
        if (!db_col_null(r, column[i]))
            json_object_set_new(ctx, k, json_integer(db_col_int(r, column[i])));
    }
    return DB_OK;
}

/* A row of finance_stats as two cells (kind "finance", dim and key: n, granted_fen). */
static db_status fs_cell_cb(void *ctx, const db_row *r)
{
    static const char *const measure[] = {"n", "granted_fen"};
    for (int i = 0; i < 2; i++) {
        char k[256];
        snprintf(k, sizeof k, "finance\x1f%s\x1f%s\x1f%s", db_col_text(r, 0) ?: "",
                 db_col_text(r, 1) ?: "", measure[i]);
        if (db_col_int(r, 2 + i)) json_object_set_new(ctx, k, json_integer(db_col_int(r, 2 + i)));
    }
    return DB_OK;
}

/* A row of record_counts as one cell (kind "count", dim the entity and id, key the count's name).
 */
static db_status rc_cell_cb(void *ctx, const db_row *r)
{
    char k[256];
    snprintf(k, sizeof k, "count\x1f%s %lld\x1f%s\x1fn", db_col_text(r, 0) ?: "",
             (long long)db_col_int(r, 1), db_col_text(r, 2) ?: "");
    json_object_set_new(ctx, k, json_integer(db_col_int(r, 3)));
    return DB_OK;
}

/* Every kept count as cells into cells. */
static db_status all_cells(db_conn *c, json_t *cells)
{
    db_status st = db_exec(c, Q_STAT_ALL, NULL, 0, cell_cb, cells);
    if (OK(st)) st = db_exec(c, Q_CT_STAT_ALL, NULL, 0, ct_cell_cb, cells);
    if (OK(st)) st = db_exec(c, Q_PL_ALL, NULL, 0, pl_cell_cb, cells);
    if (OK(st)) st = db_exec(c, Q_PC_ALL, NULL, 0, pc_cell_cb, cells);
    if (OK(st)) st = db_exec(c, Q_BS_ALL, NULL, 0, bs_cell_cb, cells);
    if (OK(st)) st = db_exec(c, Q_VL_ALL, NULL, 0, vl_cell_cb, cells);
    if (OK(st)) st = db_exec(c, Q_MS_ALL, NULL, 0, ms_cell_cb, cells);
    if (OK(st)) st = db_exec(c, Q_FS_ALL, NULL, 0, fs_cell_cb, cells);
    if (OK(st)) st = db_exec(c, Q_RC_ALL, NULL, 0, rc_cell_cb, cells);
    return st;
}

typedef struct verify_ctx {
    bool repair, compared;
    json_t *diffs;
} verify_ctx;

static void add_diff(json_t *diffs, const char *cell, json_int_t kept, json_int_t recount)
{
    char part[4][128] = {"", "", "", ""};
    const char *p = cell;
    for (int i = 0; i < 4 && p; i++) {
        const char *sep = strchr(p, '\x1f');
        size_t n = sep ? (size_t)(sep - p) : strlen(p);
        snprintf(part[i], sizeof part[i], "%.*s", (int)n, p);
        p = sep ? sep + 1 : NULL;
    }
    json_array_append_new(diffs, json_pack("{s:s, s:s, s:s, s:s, s:I, s:I}", "kind", part[0], "dim",
                                           part[1], "key", part[2], "status", part[3], "kept", kept,
                                           "recount", recount));
}

static db_status verify_tx(db_conn *c, void *vctx)
{
    verify_ctx *x = vctx;
    json_t *kept = json_object(), *recount = json_object();
    db_status st = all_cells(c, kept);
    if (OK(st)) st = kz_stats_rebuild(c);
    if (OK(st)) st = all_cells(c, recount);
    if (OK(st)) {
        json_array_clear(x->diffs);
        const char *k;
        json_t *v;
        json_object_foreach(kept, k, v)
        {
            json_int_t r = json_integer_value(json_object_get(recount, k));
            if (r != json_integer_value(v)) add_diff(x->diffs, k, json_integer_value(v), r);
        }
        json_object_foreach(recount, k, v) if (!json_object_get(kept, k))
            add_diff(x->diffs, k, 0, json_integer_value(v));
        x->compared = true;
        st = x->repair ? DB_OK : DB_HARD; /* without repair: roll the recount back */
    }
    json_decref(kept);
    json_decref(recount);
    return st == DB_NOROW ? DB_OK : st;
}

db_status kz_stats_verify(db_conn *c, bool repair, json_t **diffs)
{
    verify_ctx x = {.repair = repair, .diffs = json_array()};
    db_status st = db_tx(c, true, verify_tx, &x);
    if (x.compared && !repair && st == DB_HARD) st = DB_OK;
    if (st != DB_OK) {
        json_decref(x.diffs);
        *diffs = NULL;
        return st;
    }
    *diffs = x.diffs;
    return DB_OK;
}

/* ---- 技术合同成交额 (contract_stats) ---- */

typedef struct ct_ctx {
    json_t *rows; /* dim -> {key -> [n, amount, income]} */
} ct_ctx;

static db_status ct_row_cb(void *ctx, const db_row *r)
{
    ct_ctx *x = ctx;
    const char *dim = db_col_text(r, 0), *key = db_col_text(r, 1);
    json_t *d = json_object_get(x->rows, dim);
    if (!d) json_object_set_new(x->rows, dim, d = json_object());
    json_object_set_new(d, key ? key : "",
                        json_pack("[I, I, I]", (json_int_t)db_col_int(r, 2),
                                  (json_int_t)db_col_int(r, 3), (json_int_t)db_col_int(r, 4)));
    return DB_OK;
}

/* {count, amount_fen, tech_income_fen} of a [n, amount, income] triple (or zeros). */
static json_t *sums(const json_t *t)
{
    return json_pack("{s:I, s:I, s:I}", "count", json_integer_value(json_array_get(t, 0)),
                     "amount_fen", json_integer_value(json_array_get(t, 1)), "tech_income_fen",
                     json_integer_value(json_array_get(t, 2)));
}

static void add_to(json_t *t, const json_t *v)
{
    for (size_t i = 0; i < 3; i++)
        json_array_set_new(t, i,
                           json_integer(json_integer_value(json_array_get(t, i)) +
                                        json_integer_value(json_array_get(v, i))));
}

/* A side's rows by region at a level (len 2, 4 or 6 digits) under parent: [{code, name, …}],
 * by code, regions not given last as code null. */
static json_t *by_region(const json_t *d, int len, const char *parent)
{
    json_t *acc = json_object();
    const char *key;
    json_t *v;
    size_t plen = parent ? strlen(parent) : 0;
    json_object_foreach((json_t *)d, key, v)
    {
        char code[8] = "";
        if (strlen(key) >= (size_t)len)
            snprintf(code, sizeof code, "%.*s%s", len, key,
                     len == 2   ? "0000"
                     : len == 4 ? "00"
                                : "");
        if (parent && (!*code || strncmp(code, parent, plen) != 0)) continue;
        json_t *t = json_object_get(acc, code);
        if (!t) json_object_set_new(acc, code, t = json_pack("[i, i, i]", 0, 0, 0));
        add_to(t, v);
    }
    json_t *out = json_array();
    json_object_foreach(acc, key, v)
    {
        if (!json_integer_value(json_array_get(v, 0))) continue;
        const kz_vocab_entry *e = *key ? kz_vocab_get(KZ_VOCAB_REGION, key) : NULL;
        json_t *o = sums(v);
        json_object_set_new(o, "code", *key ? json_string(key) : json_null());
        json_object_set_new(o, "name", json_string(e ? e->name : *key ? key : "未填写"));
        json_array_append_new(out, o);
    }
    /* by code, "not given" last */
    size_t n = json_array_size(out);
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0; j--) {
            const char *a = json_string_value(json_object_get(json_array_get(out, j - 1), "code"));
            const char *b = json_string_value(json_object_get(json_array_get(out, j), "code"));
            if (a && (!b || strcmp(a, b) <= 0)) break;
            json_t *t = json_incref(json_array_get(out, j - 1));
            json_array_set(out, j - 1, json_array_get(out, j));
            json_array_set_new(out, j, t);
        }
    json_decref(acc);
    return out;
}

/* A dimension's rows as [{<name>: key, [label: …], count, amount_fen, tech_income_fen}] by key
 * (json_object_foreach of jansson keeps insertion order: the statement's order by key). */
static json_t *by_key(const json_t *d, const char *name, const kz_enum *vocab)
{
    json_t *out = json_array();
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)d, key, v)
    {
        if (!json_integer_value(json_array_get(v, 0))) continue;
        json_t *o = sums(v);
        json_object_set_new(o, name, *key ? json_string(key) : json_null());
        if (vocab) {
            const char *label = *key ? kz_enum_name(vocab, key) : NULL;
            json_object_set_new(o, "label", json_string(label ? label : "未填写"));
        }
        json_array_append_new(out, o);
    }
    return out;
}

int kz_stats_level(const char *level, const char *parent, kz_error *e)
{
    int len = !level || !strcmp(level, "city") ? 4
              : !strcmp(level, "province")     ? 2
              : !strcmp(level, "district")     ? 6
                                               : 0;
    if (!len) kz_field_error(e, "level", "应为 province、city 或 district");
    size_t plen = parent ? strlen(parent) : 0;
    if (parent &&
        (plen == 0 || plen >= (size_t)len || plen > 6 || strspn(parent, "0123456789") != plen))
        kz_field_error(e, "parent", "应为比 level 更高一级的行政区划代码前缀");
    return e->code ? 0 : len;
}

kz_err kz_stats_contracts(db_conn *c, const char *level, const char *parent, json_t **out,
                          kz_error *e)
{
    *out = NULL;
    int len = kz_stats_level(level, parent, e);
    if (!len) return KZ_E_VALIDATION;
    ct_ctx x = {.rows = json_object()};
    db_status st = db_exec(c, Q_CT_STAT_ALL, NULL, 0, ct_row_cb, &x);
    if (!OK(st)) {
        json_decref(x.rows);
        return kz_db_fail(e, st);
    }
    json_t *empty = json_object();
#define DIM(name) (json_object_get(x.rows, name) ? json_object_get(x.rows, name) : empty)
    json_t *kinds = json_array(), *a2e = json_pack("[i, i, i]", 0, 0, 0);
    const char *key;
    json_t *v;
    json_object_foreach(DIM("kinds"), key, v)
    {
        if (!json_integer_value(json_array_get(v, 0))) continue;
        const char *gt = strchr(key, '>');
        char seller[32] = "";
        snprintf(seller, sizeof seller, "%.*s", gt ? (int)(gt - key) : 0, key);
        const char *buyer = gt ? gt + 1 : "";
        json_t *o = sums(v);
        json_object_set_new(o, "seller_kind", *seller ? json_string(seller) : json_null());
        json_object_set_new(o, "buyer_kind", *buyer ? json_string(buyer) : json_null());
        json_array_append_new(kinds, o);
        /* 高校院所 → 企业 */
        if ((!strcmp(seller, "university") || !strcmp(seller, "institute")) &&
            !strcmp(buyer, "enterprise"))
            add_to(a2e, v);
    }
    json_t *total = sums(json_object_get(DIM("all"), ""));
    *out = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "level",
                     len == 2   ? "province"
                     : len == 4 ? "city"
                                : "district",
                     "parent", parent ? json_string(parent) : json_null(), "total", total, "output",
                     by_region(DIM("seller_region"), len, parent), "absorb",
                     by_region(DIM("buyer_region"), len, parent), "by_type",
                     by_key(DIM("type"), "type", &kz_enum_contract_types), "by_industry",
                     by_key(DIM("section"), "section", NULL), "by_kinds", kinds,
                     "academia_to_enterprise", sums(a2e), "by_month",
                     by_key(DIM("month"), "month", NULL), "by_year",
                     by_key(DIM("year"), "year", NULL));
#undef DIM
    json_decref(a2e);
    json_decref(empty);
    json_decref(x.rows);
    return KZ_OK;
}
