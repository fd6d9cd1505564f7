#include "demand.h"
#include "../core/jsonx.h"
#include "../core/validate.h"
#include "../core/vocab.h"
#include "audit.h"
#include "authz.h"
#include "clock.h"
#include "engine.h"
#include "enums.h"
#include "org.h"
#include "listix.h"
#include "record.h"
#include "search_svc.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const kz_dem_columns[] = {
    "id",
    "title",
    "description",
    "indicators",
    "basis",
    "kind",
    "industry",
    "region",
    "budget_min_fen",
    "budget_max_fen",
    "deadline",
    "trl_min",
    "cooperation_modes",
    "org_id",
    "status",
    "created_at",
    "updated_at",
    "published_at",
    NULL,
};

/* ---- the record-kind engine (engine.h; the kind is src/kinds/demand.c) ---- */

kz_err kz_dem_import(db_conn *c, const kz_actor *a, const json_t *in, json_t **out, kz_error *e)
{
    return kz_kind_import(&kz_kind_demand, c, a, in, out, e);
}

kz_err kz_dem_get(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e)
{
    return kz_kind_get(&kz_kind_demand, c, a, id, out, e);
}

kz_err kz_dem_history(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e)
{
    return kz_kind_history(&kz_kind_demand, c, a, id, out, e);
}

/* ---- lists ---- */

kz_err kz_dem_list(db_conn *c, const kz_actor *a, const kz_dem_query *q, json_t **out, kz_error *e)
{
    *out = NULL;
    static const kz_sort sorts[] = {
        {"-id", Q_DEM_LIST_ID_DESC},
        {"id", Q_DEM_LIST_ID_ASC},
        {"-budget", Q_DEM_LIST_BUDGET_DESC},
        {"deadline", Q_DEM_LIST_DEADLINE_ASC},
        {"-updated_at", Q_DEM_LIST_UPDATED_DESC},
    };
    db_stmt stmt;
    kz_sort_find(sorts, sizeof sorts / sizeof sorts[0], q->sort,
                 "可选：-id, id, -budget, deadline, -updated_at", &stmt, e);
    if (q->status && !kz_enum_has(&kz_enum_demand_statuses, q->status))
        kz_field_error(e, "status", "未知的状态");
    if (q->kind && !kz_enum_has(&kz_enum_demand_kinds, q->kind))
        kz_field_error(e, "kind", "未知的需求类型");
    const char *section, *ind_prefix;
    kz_industry_filter(q->industry, &section, &ind_prefix, e);
    if (q->region && !kz_all_digits(q->region, 6))
        kz_field_error(e, "region", "应为 GB/T 2260 代码或前缀");
    char mode[32] = "";
    if (q->cooperation_mode) {
        if (!kz_enum_has(&kz_enum_cooperation_modes, q->cooperation_mode))
            kz_field_error(e, "cooperation_mode", "未知的合作方式");
        else
            snprintf(mode, sizeof mode, ",%s,", q->cooperation_mode);
    }
    if (q->q && kz_utf8_len(q->q) > 100) kz_field_error(e, "q", "超过长度上限");
    bool has_key;
    long long key, after;
    kz_cursor_parse(q->cursor, &has_key, &key, &after, e);
    if (e->code) return KZ_E_VALIDATION;
    if (!q->q || !*q->q) { /* from the list attributes in memory (listix.h) */
        static const kz_listix_sort by[] = {{"budget", KZ_AT_K_MONEY_HI},
                                            {"deadline", KZ_AT_K_DEADLINE},
                                            {"updated_at", KZ_AT_K_UPDATED},
                                            {NULL}};
        kz_listix_common lc = {q->status, section, ind_prefix, q->region, q->org,   q->sort,
                               has_key,   key,     after,      q->limit,  q->facets};
        kz_listix_q lq;
        kz_listix_init(&lq, KZ_SK_DEM, &lc, by);
        lq.third = KZ_AT_F_KIND;
        lq.item = kz_rec_json;
        kz_at_query *f = &lq.at;
        if (q->cooperation_mode)
            f->mode = kz_svc_enum_index(&kz_enum_cooperation_modes, q->cooperation_mode);
        if (q->kind) f->kind = kz_svc_enum_index(&kz_enum_demand_kinds, q->kind);
        /* trl_min IS NULL OR trl_min <= ?15 */
        if (q->trl >= 0) f->trl_lo = 1, f->trl_hi = (int)q->trl, f->trl_none_too = true;
        /* budget_max_fen >= ?10 AND budget_min_fen <= ?11: the budget overlaps */
        if (q->budget_min >= 0) f->hi_min = q->budget_min;
        if (q->budget_max >= 0) f->lo_max = q->budget_max;
        kz_err rc;
        if (kz_listix(c, a, &lq, out, &rc, e)) return rc;
    }
    char prefix[8];
    db_val vis[4];
    kz_visibility_params(a, vis, prefix);
#define OPT_I(v) ((v) >= 0 ? db_int(v) : db_null())
    db_val p[18] = {
        vis[0],
        vis[1],
        vis[2],
        vis[3],
        db_text(q->status),
        db_text(section),
        db_text(ind_prefix),
        db_text(q->region),
        db_text(q->kind),
        OPT_I(q->budget_min),
        OPT_I(q->budget_max),
        OPT_I(q->org),
        mode[0] ? db_text(mode) : db_null(),
        q->q && *q->q ? db_text(q->q) : db_null(),
        OPT_I(q->trl),
        has_key ? db_int(key) : db_null(),
        db_int(after),
        db_int(q->limit + 1),
    };
#undef OPT_I
    kz_list_page x = {.item = kz_rec_json};
    int64_t total = 0;
    db_status st = db_exec(c, stmt, p, 18, kz_list_page_cb, &x);
    if (st == DB_OK || st == DB_NOROW) st = db_exec(c, Q_DEM_COUNT, p, 15, db_cb_int, &total);
    json_t *facets = NULL;
    if (st == DB_OK && q->facets) {
        static const kz_facet fs[] = {
            {"industry", Q_DEM_FACET_SECTION, KZ_FACET_SECTION, NULL, NULL},
            {"city", Q_DEM_FACET_CITY, KZ_FACET_CITY, NULL, NULL},
            {"kind", Q_DEM_FACET_KIND, KZ_FACET_ENUM, &kz_enum_demand_kinds, NULL}};
        st = kz_list_facets(c, p, 15, fs, 3, &facets);
    }
    return kz_list_page_done(&x, st, total, facets, q->limit, out, e);
}
