/* finance.c — 科技金融 matching and statistics (finance.h). */
#include "finance.h"
#include "../core/jsonx.h"
#include "../core/vocab.h"
#include "engine.h"
#include "enums.h"
#include "stats.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const kz_actor platform = {.operator_ = true};

static bool in_list(const json_t *list, const char *s)
{
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v) if (s && !strcmp(json_string_value(v) ?: "", s)) return true;
    return false;
}

/* a region code's scope: "510107" → "510107", "510100" → "5101", "510000" → "51" */
static size_t scope_len(const char *r)
{
    size_t n = strlen(r);
    while (n >= 2 && r[n - 1] == '0' && r[n - 2] == '0')
        n -= 2;
    return n;
}

static void yuan(int64_t fen, char out[40])
{
    if (fen % 1000000 == 0)
        snprintf(out, 40, "%" PRId64 " 万元", fen / 1000000);
    else
        snprintf(out, 40, "%.2f 万元", (double)fen / 1000000.0);
}

static void line(json_t *to, const char *fmt, const char *a, const char *b)
{
    if (!to) return;
    char s[300];
    snprintf(s, sizeof s, fmt, a, b);
    json_array_append_new(to, json_string(s));
}

int kz_finance_fit(const json_t *p, const json_t *r, const char *tier, const char *region,
                   json_t *met, json_t *missed)
{
    bool ok = true;
    char a[40], b[40];
    const char *kind = kz_json_str(r, "kind");
    const kz_enum *kinds = &kz_enum_finance_product_kinds;
    if (!kind || strcmp(kind, kz_json_str(p, "kind") ?: "") != 0) {
        ok = false;
        line(missed, "产品类型为%s，需求为%s", kz_enum_name(kinds, kz_json_str(p, "kind")) ?: "",
             kz_enum_name(kinds, kind) ?: "");
    } else
        line(met, "产品类型：%s%s", kz_enum_name(kinds, kind) ?: kind, "");
    json_int_t amount = json_integer_value(json_object_get(r, "amount_fen"));
    json_t *lo = json_object_get(p, "amount_min_fen"), *hi = json_object_get(p, "amount_max_fen");
    yuan(amount, a);
    if (json_is_integer(lo) && amount < json_integer_value(lo)) {
        ok = false;
        yuan(json_integer_value(lo), b);
        line(missed, "需求金额 %s 低于单笔额度下限 %s", a, b);
    } else if (json_is_integer(hi) && amount > json_integer_value(hi)) {
        ok = false;
        yuan(json_integer_value(hi), b);
        line(missed, "需求金额 %s 超过单笔额度上限 %s", a, b);
    } else
        line(met, "额度覆盖需求金额 %s%s", a, "");
    json_t *term = json_object_get(r, "term_months"), *pterm = json_object_get(p, "term_months");
    if (json_is_integer(term) && json_is_integer(pterm) &&
        json_integer_value(term) > json_integer_value(pterm)) {
        ok = false;
        snprintf(a, sizeof a, "%lld", (long long)json_integer_value(term));
        snprintf(b, sizeof b, "%lld", (long long)json_integer_value(pterm));
        line(missed, "需求期限 %s 个月长于产品最长期限 %s 个月", a, b);
    } else if (json_is_integer(pterm)) {
        snprintf(a, sizeof a, "%lld", (long long)json_integer_value(pterm));
        line(met, "最长期限 %s 个月%s", a, "");
    }
    const json_t *tiers = json_object_get(p, "eligible_tiers");
    if (json_array_size(tiers) && !in_list(tiers, tier)) {
        ok = false;
        line(missed, "企业梯次不在产品适用范围（如%s）%s",
             kz_enum_name(&kz_enum_tiers, json_string_value(json_array_get(tiers, 0))) ?: "", "");
    } else if (json_array_size(tiers))
        line(met, "适用企业梯次：%s%s", kz_enum_name(&kz_enum_tiers, tier) ?: tier, "");
    const json_t *regions = json_object_get(p, "eligible_regions");
    size_t best = 0;
    const char *best_code = NULL;
    bool served = !json_array_size(regions);
    for (size_t i = 0; i < json_array_size(regions); i++) {
        const char *code = json_string_value(json_array_get(regions, i));
        size_t n = code ? scope_len(code) : 0;
        if (code && region && !strncmp(code, region, n)) {
            served = true;
            if (n > best || !best_code) best = n, best_code = code;
        }
    }
    if (!served) {
        ok = false;
        const kz_vocab_entry *v =
            kz_vocab_get(KZ_VOCAB_REGION, json_string_value(json_array_get(regions, 0)) ?: "");
        line(missed, "企业所在地区不在产品服务范围（如%s）%s", v ? v->name : "", "");
    } else if (json_array_size(regions)) {
        const kz_vocab_entry *v = kz_vocab_get(KZ_VOCAB_REGION, best_code ?: "");
        line(met, "服务地区：%s%s", v ? v->name : best_code ?: "", "");
    }
    json_t *rate = json_object_get(p, "rate_min_bp");
    if (json_is_integer(rate)) {
        snprintf(a, sizeof a, "%.2f%%", (double)json_integer_value(rate) / 100.0);
        line(met, "利率（费率）低至 %s%s", a, "");
    }
    if (!ok) return 0;
    /* the fit: a lower rate (up to 50), a region served narrowly (up to 30), a longer term
     * (up to 20) */
    int score = 50;
    if (json_is_integer(rate)) {
        json_int_t bp = json_integer_value(rate);
        score = bp >= 1000 ? 0 : (int)(50 - bp / 20);
    }
    score += best >= 6 ? 30 : best >= 4 ? 20 : best >= 2 ? 10 : 0;
    if (json_is_integer(pterm))
        score += json_integer_value(pterm) >= 60 ? 20 : (int)(json_integer_value(pterm) / 3);
    return score < 1 ? 1 : score > 100 ? 100 : score;
}

static int by_score(const void *x, const void *y)
{
    const json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
    json_int_t d = json_integer_value(json_object_get(b, "score")) -
                   json_integer_value(json_object_get(a, "score"));
    return d > 0 ? 1 : d < 0 ? -1 : 0;
}

kz_err kz_finance_matches(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e)
{
    *out = NULL;
    json_t *r = NULL, *org = NULL, *list = NULL;
    kz_err rc = kz_kind_get(&kz_kind_finance_request, c, a, id, &r, e);
    if (rc != KZ_OK) return rc;
    rc = kz_kind_get(&kz_kind_org, c, &platform, json_integer_value(json_object_get(r, "org_id")),
                     &org, e);
    char amount[24];
    snprintf(amount, sizeof amount, "%lld",
             (long long)json_integer_value(json_object_get(r, "amount_fen")));
    /* the active products of its kind whose range covers the amount: the list in memory */
    kz_kind_list_q q = {.status = "active",
                        .category = kz_json_str(r, "kind"),
                        .money = json_integer_value(json_object_get(r, "amount_fen")),
                        .org = -1,
                        .limit = KZ_LIST_MAX};
    if (rc == KZ_OK) rc = kz_kind_list(&kz_kind_finance_product, c, a, &q, &list, e);
    if (rc != KZ_OK) {
        json_decref(r);
        json_decref(org);
        return rc;
    }
    const char *tier = kz_json_str(org, "tier"), *region = kz_json_str(r, "region");
    json_t *items = json_object_get(list, "items");
    json_t *eligible = json_array(), *nearly = json_array();
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *p = json_array_get(items, i), *met = json_array(), *missed = json_array();
        int score = kz_finance_fit(p, r, tier, region, met, missed);
        json_t *m = json_pack("{s:O, s:i, s:o, s:o}", "product", p, "score", score, "reasons", met,
                              "missing", missed);
        if (score > 0)
            json_array_append_new(eligible, m);
        else if (json_array_size(missed) == 1) {
            char one[400];
            snprintf(one, sizeof one, "差一项：%s", json_string_value(json_array_get(missed, 0)));
            json_array_set_new(missed, 0, json_string(one));
            json_array_append_new(nearly, m);
        } else
            json_decref(m);
    }
    size_t n = json_array_size(eligible);
    json_t **v = n ? malloc(n * sizeof *v) : NULL;
    for (size_t i = 0; v && i < n; i++)
        v[i] = json_incref(json_array_get(eligible, i));
    if (v) qsort(v, n, sizeof *v, by_score);
    json_array_clear(eligible);
    for (size_t i = 0; v && i < n; i++)
        json_array_append_new(eligible, v[i]);
    free(v);
    *out = json_pack("{s:I, s:s?, s:o, s:o}", "request_id", (json_int_t)id, "tier", tier, "items",
                     eligible, "nearly", nearly);
    json_decref(list);
    json_decref(org);
    json_decref(r);
    return KZ_OK;
}

/* ---- statistics ---- */

typedef struct rows_ctx {
    json_t *rows; /* key -> [n, fen] */
} rows_ctx;

static db_status row_cb(void *ctx, const db_row *r)
{
    rows_ctx *x = ctx;
    json_object_set_new(
        x->rows, db_col_text(r, 0) ?: "",
        json_pack("[I, I]", (json_int_t)db_col_int(r, 1), (json_int_t)db_col_int(r, 2)));
    return DB_OK;
}

static db_status dim_rows(db_conn *c, const char *dim, const char *prefix, json_t **rows)
{
    rows_ctx x = {json_object()};
    db_status st = DB_EXEC(c, Q_FS_DIM, row_cb, &x, db_text(dim), db_text(prefix ?: ""));
    *rows = x.rows;
    return st == DB_NOROW ? DB_OK : st;
}

static json_t *row(const char *field, json_t *key, const json_t *v)
{
    return json_pack("{s:o, s:O, s:O}", field, key, "count", json_array_get(v, 0), "granted_fen",
                     json_array_get(v, 1));
}

kz_err kz_finance_stats(db_conn *c, const char *level, const char *parent, json_t **out,
                        kz_error *e)
{
    *out = NULL;
    int len = kz_stats_level(level, parent, e);
    if (!len) return KZ_E_VALIDATION;
    json_t *prod = NULL, *reg = NULL, *month = NULL, *all = NULL;
    db_status st = dim_rows(c, "product", NULL, &prod);
    if (st == DB_OK) st = dim_rows(c, "region", parent, &reg);
    if (st == DB_OK) st = dim_rows(c, "month", NULL, &month);
    if (st == DB_OK) st = dim_rows(c, "all", NULL, &all);
    if (st != DB_OK) {
        json_decref(prod), json_decref(reg), json_decref(month), json_decref(all);
        return kz_db_fail(e, st);
    }
    const char *k;
    json_t *v;
    json_t *by_product = json_array(), *by_month = json_array(), *by_region = json_array();
    json_object_foreach(prod, k, v)
        json_array_append_new(by_product, row("product_id", json_integer(atoll(k)), v));
    json_object_foreach(month, k, v)
        json_array_append_new(by_month, row("month", json_string(k), v));
    /* districts summed to the level */
    json_t *acc = json_object();
    json_object_foreach(reg, k, v)
    {
        char code[8];
        snprintf(code, sizeof code, "%.*s%s", len, k, len == 2 ? "0000" : len == 4 ? "00" : "");
        json_t *t = json_object_get(acc, code);
        if (!t) json_object_set_new(acc, code, t = json_pack("[i, i]", 0, 0));
        for (int i = 0; i < 2; i++)
            json_array_set_new(t, (size_t)i,
                               json_integer(json_integer_value(json_array_get(t, (size_t)i)) +
                                            json_integer_value(json_array_get(v, (size_t)i))));
    }
    json_object_foreach(acc, k, v)
    {
        const kz_vocab_entry *ve = kz_vocab_get(KZ_VOCAB_REGION, k);
        json_t *o = row("code", json_string(k), v);
        json_object_set_new(o, "name", json_string(ve ? ve->name : k));
        json_array_append_new(by_region, o);
    }
    json_t *total = json_object_get(all, "");
    *out = json_pack("{s:s, s:o, s:{s:I, s:I}, s:o, s:o, s:o}", "level",
                     len == 2   ? "province"
                     : len == 4 ? "city"
                                : "district",
                     "parent", parent ? json_string(parent) : json_null(), "total", "count",
                     json_integer_value(json_array_get(total, 0)), "granted_fen",
                     json_integer_value(json_array_get(total, 1)), "by_product", by_product,
                     "by_region", by_region, "by_month", by_month);
    json_decref(acc);
    json_decref(prod), json_decref(reg), json_decref(month), json_decref(all);
    return KZ_OK;
}

db_status kz_finance_rebuild(db_conn *c)
{
    db_status st = db_exec(c, Q_FS_CLEAR, NULL, 0, NULL, NULL);
    if (st == DB_NOROW) st = DB_OK;
    return st == DB_OK ? kz_kind_recount(&kz_kind_finance_request, c) : st;
}
