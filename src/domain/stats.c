#include "stats.h"
#include "../core/vocab.h"
#include "clock.h"
#include "common.h"
#include "enums.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static db_status pair_cb(void *ctx, const db_row *r)
{
    const char *k = db_col_text(r, 0);
    json_object_set_new(ctx, k ? k : "unknown", json_integer(db_col_int(r, 1)));
    return DB_OK;
}

typedef struct named_ctx {
    json_t *arr;
    kz_vocab_kind vocab;
    int pad; /* region codes: digits to pad to 6 with zeros; 0: none */
} named_ctx;

static db_status named_cb(void *vctx, const db_row *r)
{
    named_ctx *x = vctx;
    const char *k = db_col_text(r, 0);
    char code[8] = "";
    if (k) snprintf(code, sizeof code, "%s%s", k, x->pad == 2 ? "0000" : x->pad == 4 ? "00" : "");
    const kz_vocab_entry *v = k ? kz_vocab_get(x->vocab, code) : NULL;
    json_array_append_new(x->arr,
                          json_pack("{s:o, s:o, s:I}", "code", k ? json_string(code) : json_null(),
                                    "name", v ? json_string(v->name) : json_string("未填写"),
                                    "count", (json_int_t)db_col_int(r, 1)));
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

/* Adds a (month, n) row to the matching slot of last_months(). */
static db_status month_cb(void *ctx, const db_row *r)
{
    const char *k = db_col_text(r, 0);
    size_t i;
    json_t *it;
    json_array_foreach((json_t *)ctx, i, it)
    {
        if (k && !strcmp(json_string_value(json_object_get(it, "month")), k))
            json_object_set_new(it, "count", json_integer(db_col_int(r, 1)));
    }
    return DB_OK;
}

kz_err kz_stats_overview(db_conn *c, json_t **out, kz_error *e)
{
    *out = NULL;
    json_t *ach = json_object(), *dem = json_object(), *orgs = json_object();
    json_t *ind = json_array(), *city = json_array(), *dind = json_array(), *dcity = json_array();
    char now[24], month[24];
    kz_rfc3339((time_t)kz_now(), now);
    snprintf(month, sizeof month, "%.7s-01T00:00:00Z", now);
    int64_t ach_new = 0, dem_new = 0;
    char since[24];
    json_t *amonth = last_months(now, since), *dmonth = last_months(now, since);
    /* public aggregates: every status count, and published records by industry and city */
    db_val pub[15] = {db_int(0), db_null(), db_int(0), db_null(), db_text("published")};
    for (int i = 5; i < 15; i++)
        pub[i] = db_null();
    named_ctx ni = {.arr = ind, .vocab = KZ_VOCAB_INDUSTRY},
              nc = {.arr = city, .vocab = KZ_VOCAB_REGION, .pad = 4};
    db_status st = db_exec(c, Q_STAT_ACH_STATUS, NULL, 0, pair_cb, ach);
    if (st == DB_OK || st == DB_NOROW) st = db_exec(c, Q_STAT_DEM_STATUS, NULL, 0, pair_cb, dem);
    if (st == DB_OK || st == DB_NOROW) st = db_exec(c, Q_STAT_ORGS_KIND, NULL, 0, pair_cb, orgs);
    if (st == DB_OK || st == DB_NOROW)
        st = DB_EXEC(c, Q_STAT_ACH_NEW, db_cb_int, &ach_new, db_text(month));
    if (st == DB_OK || st == DB_NOROW)
        st = DB_EXEC(c, Q_STAT_DEM_NEW, db_cb_int, &dem_new, db_text(month));
    if (st == DB_OK || st == DB_NOROW) st = db_exec(c, Q_ACH_FACET_SECTION, pub, 15, named_cb, &ni);
    if (st == DB_OK || st == DB_NOROW) st = db_exec(c, Q_ACH_FACET_CITY, pub, 15, named_cb, &nc);
    named_ctx dni = {.arr = dind, .vocab = KZ_VOCAB_INDUSTRY},
              dnc = {.arr = dcity, .vocab = KZ_VOCAB_REGION, .pad = 4};
    if (st == DB_OK || st == DB_NOROW)
        st = db_exec(c, Q_DEM_FACET_SECTION, pub, 15, named_cb, &dni);
    if (st == DB_OK || st == DB_NOROW) st = db_exec(c, Q_DEM_FACET_CITY, pub, 15, named_cb, &dnc);
    if (st == DB_OK || st == DB_NOROW)
        st = DB_EXEC(c, Q_STAT_ACH_MONTH, month_cb, amonth, db_text(since));
    if (st == DB_OK || st == DB_NOROW)
        st = DB_EXEC(c, Q_STAT_DEM_MONTH, month_cb, dmonth, db_text(since));
    if (st != DB_OK && st != DB_NOROW) {
        json_decref(amonth);
        json_decref(dmonth);
        json_decref(ach);
        json_decref(dem);
        json_decref(orgs);
        json_decref(ind);
        json_decref(city);
        json_decref(dind);
        json_decref(dcity);
        return kz_db_fail(e, st);
    }
    json_int_t ach_total = 0, dem_total = 0, org_total = 0;
    const char *k;
    json_t *v;
    json_object_foreach(ach, k, v) ach_total += json_integer_value(v);
    json_object_foreach(dem, k, v) dem_total += json_integer_value(v);
    json_object_foreach(orgs, k, v) org_total += json_integer_value(v);
    *out = json_pack("{s:{s:I, s:I, s:I, s:o, s:o, s:o, s:o}, s:{s:I, s:I, s:I, s:o, s:o, s:o, "
                     "s:o}, s:{s:I, s:o}, s:s}",
                     "achievements", "total", ach_total, "published",
                     json_integer_value(json_object_get(ach, "published")), "new_this_month",
                     (json_int_t)ach_new, "by_status", ach, "by_industry", ind, "by_city", city,
                     "by_month", amonth, "demands", "total", dem_total, "published",
                     json_integer_value(json_object_get(dem, "published")), "new_this_month",
                     (json_int_t)dem_new, "by_status", dem, "by_industry", dind, "by_city", dcity,
                     "by_month", dmonth, "orgs", "total", org_total, "by_kind", orgs,
                     "generated_at", now);
    return KZ_OK;
}

kz_err kz_stats_map(db_conn *c, const char *level, const char *kind, const char *parent,
                    json_t **out, kz_error *e)
{
    *out = NULL;
    int len = !level || !strcmp(level, "city") ? 4
              : !strcmp(level, "province")     ? 2
              : !strcmp(level, "district")     ? 6
                                               : 0;
    db_stmt stmt = !kind || !strcmp(kind, "achievement") ? Q_STAT_ACH_REGION
                   : !strcmp(kind, "demand")             ? Q_STAT_DEM_REGION
                   : !strcmp(kind, "org")                ? Q_STAT_ORG_REGION
                                                         : Q__COUNT;
    if (!len) kz_field_error(e, "level", "应为 province、city 或 district");
    if (stmt == Q__COUNT) kz_field_error(e, "kind", "应为 achievement、demand 或 org");
    size_t plen = parent ? strlen(parent) : 0;
    if (parent &&
        (plen == 0 || plen >= (size_t)len || plen > 6 || strspn(parent, "0123456789") != plen))
        kz_field_error(e, "parent", "应为比 level 更高一级的行政区划代码前缀");
    if (e->code) return KZ_E_VALIDATION;
    json_t *items = json_array();
    named_ctx x = {.arr = items, .vocab = KZ_VOCAB_REGION, .pad = len == 2 ? 2 : len == 4 ? 4 : 0};
    db_status st = DB_EXEC(c, stmt, named_cb, &x, db_int(len));
    if (st != DB_OK && st != DB_NOROW) {
        json_decref(items);
        return kz_db_fail(e, st);
    }
    if (parent) { /* keep the children of parent only */
        for (size_t i = json_array_size(items); i-- > 0;) {
            const char *code = json_string_value(json_object_get(json_array_get(items, i), "code"));
            if (!code || strncmp(code, parent, plen) != 0) json_array_remove(items, i);
        }
    }
    json_int_t total = 0;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) total += json_integer_value(json_object_get(it, "count"));
    *out = json_pack("{s:s, s:s, s:o, s:I}", "level", level ? level : "city", "kind",
                     kind ? kind : "achievement", "items", items, "total", total);
    return KZ_OK;
}
