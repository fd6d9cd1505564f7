/* broker.c — see broker.h. */
#include "broker.h"
#include "../core/jsonx.h"
#include "../core/validate.h"
#include "common.h"
#include "counts.h"
#include "engine.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static db_status count(db_conn *c, int64_t uid, const char *key, int64_t delta)
{
    return kz_record_count(c, KZ_BROKER_ENTITY, uid, key, delta);
}

static int64_t n_of(const json_t *counts, const char *key)
{
    return json_integer_value(json_object_get(counts, key));
}

db_status kz_broker_entry_of(db_conn *c, int64_t user_id, int64_t *entry_id)
{
    *entry_id = 0;
    json_t *counts = json_object();
    db_status st = kz_record_counts(c, KZ_BROKER_ENTITY, user_id, counts);
    const char *k;
    json_t *v;
    json_object_foreach(counts, k,
                        v) if (!strncmp(k, "rec:", 4) && json_integer_value(v) > 0) *entry_id =
        strtoll(k + 4, NULL, 10);
    json_decref(counts);
    return st;
}

db_status kz_broker_deal_counted(db_conn *c, const kz_rec_row *r, int64_t delta)
{
    int64_t uid = json_integer_value(json_object_get(r->rec, "broker_id"));
    if (uid <= 0 || !strcmp(r->status, "draft")) return DB_OK;
    char key[48];
    snprintf(key, sizeof key, "deal:%s", r->status);
    db_status st = count(c, uid, "taken", delta);
    if (st == DB_OK) st = count(c, uid, key, delta);
    bool reached = kz_json_str(r->rec, "contacted_on") || !strcmp(r->status, "contacted") ||
                   !strcmp(r->status, "negotiating") || !strcmp(r->status, "signed");
    if (st == DB_OK && reached) st = count(c, uid, "reached:contacted", delta);
    const char *code = kz_json_str(r->rec, "decline_code");
    if (st == DB_OK && !strcmp(r->status, "declined") && code) {
        snprintf(key, sizeof key, "declined:%s", code);
        st = count(c, uid, key, delta);
    }
    const char *from = kz_json_str(r->rec, "recommended_on"),
               *to = kz_json_str(r->rec, "closed_on");
    if (st == DB_OK && !strcmp(r->status, "signed") && kz_date_valid(from) && kz_date_valid(to)) {
        long long days = kz_date_days(to) - kz_date_days(from);
        snprintf(key, sizeof key, "signdays:%lld", days < 0 ? 0 : days);
        st = count(c, uid, key, delta);
    }
    return st;
}

static int cmp_ll(const void *x, const void *y)
{
    long long a = ((const long long *)x)[0], b = ((const long long *)y)[0];
    return (a > b) - (a < b);
}

/* The median of the histogram signdays:<n> → count (NULL: empty), exact: the middle value, or the
 * mean of the two middle values (to one decimal, half up: a whole or a half day). */
static json_t *median_days(const json_t *counts)
{
    size_t nb = 0;
    long long(*bins)[2] = malloc(sizeof *bins * (json_object_size(counts) + 1));
    if (!bins) return json_null();
    long long total = 0;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)counts, k, v)
    {
        if (strncmp(k, "signdays:", 9) != 0 || json_integer_value(v) <= 0) continue;
        bins[nb][0] = strtoll(k + 9, NULL, 10);
        bins[nb][1] = json_integer_value(v);
        total += bins[nb][1];
        nb++;
    }
    json_t *out = json_null();
    if (total > 0) {
        qsort(bins, nb, sizeof *bins, cmp_ll);
        /* the values at ranks lo and hi (0-based) of the sorted list */
        long long lo = (total - 1) / 2, hi = total / 2, seen = 0, vlo = 0, vhi = 0;
        for (size_t i = 0; i < nb; i++) {
            if (lo >= seen && lo < seen + bins[i][1]) vlo = bins[i][0];
            if (hi >= seen && hi < seen + bins[i][1]) vhi = bins[i][0];
            seen += bins[i][1];
        }
        out =
            (vlo + vhi) % 2 ? json_real((double)(vlo + vhi) / 2.0) : json_integer((vlo + vhi) / 2);
    }
    free(bins);
    return out;
}

json_t *kz_broker_figures(const json_t *counts)
{
    int64_t taken = n_of(counts, "taken"), signed_ = n_of(counts, "deal:signed");
    int64_t open = n_of(counts, "deal:recommended") + n_of(counts, "deal:contacted") +
                   n_of(counts, "deal:negotiating");
    json_t *reasons = json_object();
    for (const kz_enum_item *i = kz_enum_decline_codes.items; i->code; i++) {
        char key[48];
        snprintf(key, sizeof key, "declined:%s", i->code);
        json_object_set_new(reasons, i->code, json_integer(n_of(counts, key)));
    }
    /* percent to one decimal, half up, from integers */
    json_t *rate = taken > 0
                       ? json_real((double)((signed_ * 1000 * 2 + taken) / (2 * taken)) / 10.0)
                       : json_null();
    return json_pack(
        "{s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:I, s:I, s:I}", "taken", (json_int_t)taken,
        "open", (json_int_t)open, "contacted", (json_int_t)n_of(counts, "reached:contacted"),
        "signed", (json_int_t)signed_, "declined", (json_int_t)n_of(counts, "deal:declined"),
        "signed_rate", rate, "median_days_to_sign", median_days(counts), "decline_reasons", reasons,
        "trainings", (json_int_t)n_of(counts, "train:n"), "training_hours",
        (json_int_t)n_of(counts, "train:hours"), "assigned", (json_int_t)n_of(counts, "assigned"));
}

kz_err kz_broker_stats(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e)
{
    *out = NULL;
    json_t *br = NULL;
    kz_err rc = kz_kind_get(&kz_kind_broker, c, a, id, &br, e);
    if (rc != KZ_OK) return rc;
    int64_t uid = json_integer_value(json_object_get(br, "user_id"));
    json_t *counts = json_object();
    db_status st = kz_record_counts(c, KZ_BROKER_ENTITY, uid, counts);
    if (st == DB_OK)
        *out = json_pack("{s:I, s:I, s:O, s:O, s:o}", "broker_id", (json_int_t)id, "user_id",
                         (json_int_t)uid, "name", json_object_get(br, "name"), "status",
                         json_object_get(br, "status"), "figures", kz_broker_figures(counts));
    json_decref(counts);
    json_decref(br);
    return st == DB_OK ? KZ_OK : kz_db_fail(e, st);
}

static db_status rows_cb(void *ctx, const db_row *r)
{
    json_array_append_new(ctx, kz_rec_json(r));
    return DB_OK;
}

kz_err kz_broker_demands(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e)
{
    *out = NULL;
    json_t *br = NULL;
    kz_err rc = kz_kind_get(&kz_kind_broker, c, a, id, &br, e);
    if (rc != KZ_OK) return rc;
    int64_t uid = json_integer_value(json_object_get(br, "user_id"));
    int64_t org = json_integer_value(json_object_get(br, "org_id"));
    bool may =
        a->operator_ || (a->roles & KZ_ROLE_BIT(KZ_ROLE_ADMIN)) ||
        (a->user_id && a->user_id == uid) ||
        (a->org_id == org && (a->roles & KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN))) ||
        ((a->roles & KZ_ROLE_BIT(KZ_ROLE_OFFICER)) && kz_in_region(a, kz_json_str(br, "region")));
    if (!may) {
        json_decref(br);
        return kz_fail(e, a->user_id ? KZ_E_FORBIDDEN : KZ_E_UNAUTHENTICATED,
                       a->user_id ? "只有经纪人本人、所在机构管理员和科技局可以查看服务企业的需求"
                                  : NULL);
    }
    json_t *held = NULL;
    db_status st =
        kz_kind_children(&kz_kind_broker_assignment, c, id, "active", KZ_CHILDREN_MAX, &held);
    json_t *orgs = json_array(), *items = json_array();
    for (size_t i = 0; i < json_array_size(held); i++)
        json_array_append(orgs, json_object_get(json_array_get(held, i), "enterprise_org_id"));
    if ((st == DB_OK || st == DB_NOROW) && json_array_size(orgs)) {
        char *ids = json_dumps(orgs, JSON_COMPACT);
        st = ids ? DB_EXEC(c, Q_DEM_OF_ORGS, rows_cb, items, db_text(ids),
                           db_int(KZ_BROKER_DEMANDS_MAX))
                 : DB_HARD;
        free(ids);
    }
    json_t *ents = json_array();
    for (size_t i = 0; i < json_array_size(held); i++) {
        json_t *h = json_array_get(held, i);
        json_array_append_new(ents, json_pack("{s:O, s:O, s:O, s:O}", "org_id",
                                              json_object_get(h, "enterprise_org_id"), "name",
                                              json_object_get(h, "enterprise_name"), "since",
                                              json_object_get(h, "since"), "assignment_id",
                                              json_object_get(h, "id")));
    }
    json_decref(held);
    json_decref(orgs);
    json_decref(br);
    if (st != DB_OK && st != DB_NOROW) {
        json_decref(items);
        json_decref(ents);
        return kz_db_fail(e, st);
    }
    *out = json_pack("{s:I, s:o, s:o}", "broker_id", (json_int_t)id, "enterprises", ents, "items",
                     items);
    return KZ_OK;
}

/* ---- the ranking ---- */

typedef struct {
    json_t *rows;  /* the ranking's rows, in order */
    json_t *by_id; /* "uid" → its row */
} rank_ctx;

static db_status top_cb(void *ctx, const db_row *r)
{
    rank_ctx *x = ctx;
    int64_t uid = db_col_int(r, 0);
    json_t *row =
        json_pack("{s:I, s:I, s:s?, s:o, s:s?, s:n, s:o}", "user_id", (json_int_t)uid, "value",
                  (json_int_t)db_col_int(r, 1), "name", db_col_text(r, 2), "org_id",
                  db_col_null(r, 3) ? json_null() : json_integer(db_col_int(r, 3)), "org_name",
                  db_col_text(r, 4), "broker_id", "counts", json_object());
    char k[24];
    snprintf(k, sizeof k, "%" PRId64, uid);
    json_object_set(x->by_id, k, row);
    json_array_append_new(x->rows, row);
    return DB_OK;
}

static db_status counts_cb(void *ctx, const db_row *r)
{
    rank_ctx *x = ctx;
    char k[24];
    snprintf(k, sizeof k, "%" PRId64, db_col_int(r, 0));
    json_t *row = json_object_get(x->by_id, k);
    const char *key = db_col_text(r, 1);
    if (!row || !key) return DB_OK;
    json_object_set_new(json_object_get(row, "counts"), key, json_integer(db_col_int(r, 2)));
    if (!strncmp(key, "on:", 3) && db_col_int(r, 2) > 0)
        json_object_set_new(row, "broker_id", json_integer(strtoll(key + 3, NULL, 10)));
    return DB_OK;
}

kz_err kz_broker_ranking(db_conn *c, const char *by, const char *limit_arg, json_t **out,
                         kz_error *e)
{
    *out = NULL;
    static const char *const keys[][2] = {{"signed", "deal:signed"},
                                          {"taken", "taken"},
                                          {"contacted", "reached:contacted"},
                                          {"hours", "train:hours"}};
    const char *key = NULL;
    if (!by) by = "signed";
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (!strcmp(by, keys[i][0])) key = keys[i][1];
    if (!key) {
        kz_field_error(e, "by", "可选：signed, taken, contacted, hours");
        return KZ_E_VALIDATION;
    }
    int limit = 20;
    if (limit_arg) {
        char *end = NULL;
        long v = strtol(limit_arg, &end, 10);
        if (!*limit_arg || *end || v < 1 || v > KZ_BROKER_RANK_MAX) {
            kz_field_error(e, "limit", "应为 1–100 的整数");
            return KZ_E_VALIDATION;
        }
        limit = (int)v;
    }
    rank_ctx x = {json_array(), json_object()};
    db_status st =
        DB_EXEC(c, Q_RC_TOP, top_cb, &x, db_text(KZ_BROKER_ENTITY), db_text(key), db_int(limit));
    if ((st == DB_OK || st == DB_NOROW) && json_array_size(x.rows)) {
        json_t *ids = json_array();
        size_t i;
        json_t *row;
        json_array_foreach(x.rows, i, row) json_array_append(ids, json_object_get(row, "user_id"));
        char *text = json_dumps(ids, JSON_COMPACT);
        json_decref(ids);
        st = text ? DB_EXEC(c, Q_RC_OF_IDS, counts_cb, &x, db_text(KZ_BROKER_ENTITY), db_text(text))
                  : DB_HARD;
        free(text);
    }
    json_decref(x.by_id);
    if (st != DB_OK && st != DB_NOROW) {
        json_decref(x.rows);
        return kz_db_fail(e, st);
    }
    size_t i;
    json_t *row;
    json_int_t rank = 0, last = -1;
    json_array_foreach(x.rows, i, row)
    {
        json_int_t v = json_integer_value(json_object_get(row, "value"));
        if (v != last) rank = (json_int_t)i + 1; /* ties share a rank: 1, 1, 3 */
        last = v;
        json_object_set_new(row, "rank", json_integer(rank));
        json_object_set_new(row, "figures", kz_broker_figures(json_object_get(row, "counts")));
        json_object_del(row, "counts");
    }
    *out = json_pack("{s:s, s:o}", "by", by, "items", x.rows);
    return KZ_OK;
}
