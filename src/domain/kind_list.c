/* kind_list.c — GET /<path> of every kind (engine.h kz_kind_list): the filters every list
 * takes (status, org, region, industry, q) and the kind's own — for a kind kept in the shared
 * table, those its slots give it (its category, a code of its codes list, an amount its money
 * range covers); for a kind with a table of its own, those its descriptor declares
 * (kz_own_list) — its sorts, a keyset cursor and facets. Answered from the list attributes in
 * memory (listix.h) when the search service has them, else by the kind's SQL list statements
 * (Q_KR_* or the kind's own), which the tests hold equal (tests/unit/test_vis.c). */
#include "../core/jsonx.h"
#include "../core/validate.h"
#include "../core/vocab.h"
#include "engine.h"
#include "listix.h"
#include "search_svc.h"
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the query ---- */

bool kz_kind_list_args(const kz_kind_desc *k, kz_arg_fn get, void *ctx, kz_kind_list_q *q,
                       kz_error *e)
{
    *q = (kz_kind_list_q){.q = get(ctx, "q"),
                          .status = get(ctx, "status"),
                          .region = get(ctx, "region"),
                          .industry = get(ctx, "industry"),
                          .sort = get(ctx, "sort"),
                          .cursor = get(ctx, "cursor"),
                          .org = -1,
                          .money = -1,
                          .parent = -1,
                          .limit = KZ_LIST_DEFAULT};
    if (k->slots.category) q->category = get(ctx, k->slots.category);
    if (k->list.codes_param) q->code = get(ctx, k->list.codes_param);
    long long limit = KZ_LIST_DEFAULT;
    kz_query_int(get(ctx, "limit"), 1, KZ_LIST_MAX, "limit", &limit, e);
    const kz_list_filter *f = k->own_list ? k->own_list->filters : NULL;
    for (int i = 0; f && f[i].param; i++) {
        assert(i < KZ_LIST_FILTERS_MAX);
        q->arg[i] = get(ctx, f[i].param);
        if (f[i].type == KZ_LF_INT)
            kz_query_int(q->arg[i], f[i].min, f[i].max, f[i].param, &q->num[i], e);
    }
    kz_query_int(get(ctx, "org"), 1, INT64_MAX / 2, "org", &q->org, e);
    if (k->list.money_param)
        kz_query_int(get(ctx, k->list.money_param), 0, INT64_MAX / 2, k->list.money_param,
                     &q->money, e);
    kz_query_bool(get(ctx, "facets"), "facets", &q->facets, e);
    if (k->parent)
        kz_query_int(get(ctx, k->parent->field), 1, KZ_ID_MAX, k->parent->field, &q->parent, e);
    q->limit = (int)limit;
    return !e->code;
}

/* What every list checks last — q's length and the cursor — and, when both are good, what the
 * lists in memory share (lc). false: a field error is in e (with any found before). */
static bool common_tail(const kz_kind_list_q *q, const char *section, const char *ind_prefix,
                        kz_listix_common *lc, kz_error *e)
{
    if (q->q && kz_utf8_len(q->q) > 100) kz_field_error(e, "q", "超过长度上限");
    *lc = (kz_listix_common){.status = q->status,
                             .section = section,
                             .industry = ind_prefix,
                             .region = q->region,
                             .org = q->org,
                             .sort = q->sort,
                             .limit = q->limit,
                             .facets = q->facets};
    kz_cursor_parse(q->cursor, &lc->has_cursor, &lc->cursor_key, &lc->cursor_id, e);
    return !e->code;
}

/* ---- a kind with a table of its own ---- */

/* Narrows the list attributes by filter f of value s (ENUM, CODE) or v (INT). */
static void own_attr(const kz_list_filter *f, const char *s, long long v, kz_at_query *at)
{
    switch (f->attr) {
    case KZ_LA_KIND: at->kind = kz_svc_enum_index(f->vocab, s); break;
    case KZ_LA_MODE: at->mode = kz_svc_enum_index(f->vocab, s); break;
    case KZ_LA_TRL_MIN: at->trl_lo = (int)v; break;
    case KZ_LA_TRL_MAX: at->trl_hi = (int)v; break;
    case KZ_LA_TRL_REACHED: /* trl_min IS NULL OR trl_min <= v */
        at->trl_lo = 1, at->trl_hi = (int)v, at->trl_none_too = true;
        break;
    case KZ_LA_LO_MIN: at->lo_min = v; break;
    case KZ_LA_LO_MAX: at->lo_max = v; break;
    case KZ_LA_HI_MIN: at->hi_min = v; break;
    }
}

static kz_err own_list(const kz_kind_desc *k, db_conn *c, const kz_actor *a,
                       const kz_kind_list_q *q, json_t **out, kz_error *e)
{
    const kz_own_list *L = k->own_list;
    const kz_list_filter *f = L->filters;
    db_stmt stmt;
    kz_sort_find(L->sorts, (size_t)L->nsorts, q->sort, L->sort_hint, &stmt, e);
    if (q->status && !kz_enum_has(k->statuses, q->status))
        kz_field_error(e, "status", "未知的状态");
    /* the checks in the order of the API's answers: a kind's value filters, the industry and
     * region, then its code filters */
    for (int i = 0; f[i].param; i++)
        if (f[i].type == KZ_LF_ENUM && q->arg[i] && !kz_enum_has(f[i].vocab, q->arg[i]))
            kz_field_error(e, f[i].param, f[i].msg_unknown);
    const char *section, *ind_prefix;
    kz_industry_filter(q->industry, &section, &ind_prefix, e);
    if (q->region && !kz_all_digits(q->region, 6))
        kz_field_error(e, "region", "应为 GB/T 2260 代码或前缀");
    char codes[KZ_LIST_FILTERS_MAX][40] = {{0}};
    for (int i = 0; f[i].param; i++)
        if (f[i].type == KZ_LF_CODE && q->arg[i]) {
            if (!kz_enum_has(f[i].vocab, q->arg[i]))
                kz_field_error(e, f[i].param, f[i].msg_unknown);
            else
                snprintf(codes[i], sizeof codes[i], ",%s,", q->arg[i]);
        }
    kz_listix_common lc;
    if (!common_tail(q, section, ind_prefix, &lc, e)) return KZ_E_VALIDATION;

    if (!q->q || !*q->q) { /* from the list attributes in memory (listix.h) */
        kz_listix_q lq;
        kz_listix_init(&lq, L->svc_kind, &lc, L->by);
        lq.third = L->third;
        lq.item = L->item;
        for (int i = 0; f[i].param; i++)
            if (q->arg[i]) own_attr(&f[i], q->arg[i], q->num[i], &lq.at);
        kz_err rc;
        if (kz_listix(c, a, &lq, out, &rc, e)) return rc;
    }
    char prefix[8];
    db_val p[18];
    kz_visibility_params(a, p, prefix);
    for (int i = 4; i < 18; i++)
        p[i] = db_null();
    p[4] = db_text(q->status);
    p[5] = db_text(section);
    p[6] = db_text(ind_prefix);
    p[7] = db_text(q->region);
    for (int i = 0; f[i].param; i++) {
        assert(f[i].pos > 8 && f[i].pos <= 15);
        if (f[i].type == KZ_LF_INT)
            p[f[i].pos - 1] = q->arg[i] ? db_int(q->num[i]) : db_null();
        else if (f[i].type == KZ_LF_CODE)
            p[f[i].pos - 1] = codes[i][0] ? db_text(codes[i]) : db_null();
        else
            p[f[i].pos - 1] = db_text(q->arg[i]);
    }
    p[L->org_pos - 1] = q->org >= 0 ? db_int(q->org) : db_null();
    p[L->q_pos - 1] = q->q && *q->q ? db_text(q->q) : db_null();
    p[15] = lc.has_cursor ? db_int(lc.cursor_key) : db_null();
    p[16] = db_int(lc.cursor_id);
    p[17] = db_int(q->limit + 1);
    kz_list_page x = {.item = L->item};
    int64_t total = 0;
    db_status st = db_exec(c, stmt, p, 18, kz_list_page_cb, &x);
    if (st == DB_OK || st == DB_NOROW) st = db_exec(c, L->q_count, p, 15, db_cb_int, &total);
    json_t *facets = NULL;
    if (st == DB_OK && q->facets) st = kz_list_facets(c, p, 15, L->facets, L->nfacets, &facets);
    return kz_list_page_done(&x, st, total, facets, q->limit, out, e);
}

/* ---- a kind kept in the shared table ---- */

/* The sort's statement; false (a field error) when the kind has no such sort. */
static bool sort_of(const kz_kind_desc *k, const char *sort, db_stmt *stmt, kz_error *e)
{
    const kz_list_desc *l = &k->list;
    kz_sort sorts[5] = {{"-id", Q_KR_LIST_ID_DESC},
                        {"id", Q_KR_LIST_ID_ASC},
                        {"-updated_at", Q_KR_LIST_UPDATED_DESC}};
    size_t n = 3;
    char hint[160] = "可选：-id, id, -updated_at";
    if (l->money_hi_sort) sorts[n++] = (kz_sort){l->money_hi_sort, Q_KR_LIST_MONEY_HI_DESC};
    if (l->money_lo_sort) sorts[n++] = (kz_sort){l->money_lo_sort, Q_KR_LIST_MONEY_LO_ASC};
    for (size_t i = 3; i < n; i++) {
        size_t used = strlen(hint);
        snprintf(hint + used, sizeof hint - used, ", %s", sorts[i].name);
    }
    return kz_sort_find(sorts, n, sort, hint, stmt, e); /* the hint is copied into e */
}

static kz_err shared_list(const kz_kind_desc *k, db_conn *c, const kz_actor *a,
                          const kz_kind_list_q *q, json_t **out, kz_error *e);

kz_err kz_kind_list(const kz_kind_desc *k, db_conn *c, const kz_actor *a, const kz_kind_list_q *q,
                    json_t **out, kz_error *e)
{
    *out = NULL;
    /* a page holds at most KZ_LIST_MAX items (kz_list_page keeps that many sort keys) */
    assert(q->limit >= 1 && q->limit <= KZ_LIST_MAX);
    if (!k->shared) return own_list(k, c, a, q, out, e);
    kz_err rc = shared_list(k, c, a, q, out, e);
    /* a page is the records as the actor may see them: never a confidential field it may not */
    if (rc == KZ_OK) kz_kind_shape_items(k, c, a, json_object_get(*out, "items"));
    return rc;
}

/* A page of a shared kind from the list attributes in memory or the database, the records whole. */
static kz_err shared_list(const kz_kind_desc *k, db_conn *c, const kz_actor *a,
                          const kz_kind_list_q *q, json_t **out, kz_error *e)
{
    const kz_slots *s = &k->slots;
    db_stmt stmt;
    sort_of(k, q->sort, &stmt, e);
    if (q->status && !kz_enum_has(k->statuses, q->status))
        kz_field_error(e, "status", "未知的状态");
    const kz_field *cf = kz_kind_field(k, s->category), *kf = kz_kind_field(k, s->codes);
    if (q->category && (!cf || !cf->vocab || !kz_enum_has(cf->vocab, q->category)))
        kz_field_error(e, s->category ? s->category : "category", "未知的类型");
    char code[40] = "";
    if (q->code) {
        if (!kf || !kf->vocab || !kz_enum_has(kf->vocab, q->code))
            kz_field_error(e, k->list.codes_param ? k->list.codes_param : "code", "未知的代码");
        else
            snprintf(code, sizeof code, ",%s,", q->code);
    }
    if (q->money >= 0 && !s->money_lo)
        kz_field_error(e, k->list.money_param ? k->list.money_param : "amount", "不支持该筛选");
    const char *section = NULL, *ind_prefix = NULL;
    if (q->industry) {
        if (!s->industry)
            kz_field_error(e, "industry", "不支持该筛选");
        else
            kz_industry_filter(q->industry, &section, &ind_prefix, e);
    }
    if (q->region && !kz_all_digits(q->region, 6))
        kz_field_error(e, "region", "应为 GB/T 2260 代码或前缀");
    kz_listix_common lc;
    if (!common_tail(q, section, ind_prefix, &lc, e)) return KZ_E_VALIDATION;
    bool by_parent = k->parent && q->parent > 0;
    if (by_parent) { /* a parent's children: the parent must be the actor's to read */
        kz_err rc = kz_kind_parent_readable(k, c, a, q->parent, e);
        if (rc != KZ_OK) return rc;
    }

    if (!q->q || !*q->q) { /* from the list attributes in memory (listix.h) */
        const kz_list_desc *l = &k->list;
        kz_listix_sort by[4];
        int nb = 0;
        by[nb++] = (kz_listix_sort){"updated_at", KZ_AT_K_UPDATED};
        if (l->money_hi_sort)
            by[nb++] =
                (kz_listix_sort){l->money_hi_sort + (l->money_hi_sort[0] == '-'), KZ_AT_K_MONEY_HI};
        if (l->money_lo_sort)
            by[nb++] =
                (kz_listix_sort){l->money_lo_sort + (l->money_lo_sort[0] == '-'), KZ_AT_K_MONEY_LO};
        by[nb] = (kz_listix_sort){NULL, KZ_AT_K_ID};
        kz_listix_q lq;
        kz_listix_init(&lq, kz_svc_shared_kind(k->name), &lc, by);
        lq.shared = k;
        lq.item = kz_rec_json;
        kz_at_query *f = &lq.at;
        if (q->category) f->kind = kz_svc_enum_index(cf->vocab, q->category);
        if (q->code) f->mode = kz_svc_enum_index(kf->vocab, q->code);
        /* money_lo <= x AND money_hi >= x (both stated), as KR_FILTERS */
        if (q->money >= 0) f->lo_max = f->hi_min = q->money;
        if (by_parent) f->parent = (uint32_t)q->parent;
        kz_err rc;
        if (kz_listix(c, a, &lq, out, &rc, e)) return rc;
    }
    char pub[160] = ",";
    for (int i = 0; k->public_states && k->public_states[i]; i++) {
        size_t n = strlen(pub);
        snprintf(pub + n, sizeof pub - n, "%s,", k->public_states[i]);
    }
    char prefix[8];
    db_val vis[4];
    kz_visibility_params(a, vis, prefix);
#define OPT_I(v) ((v) >= 0 ? db_int(v) : db_null())
    db_val p[19] = {
        vis[0],
        vis[1],
        vis[2],
        vis[3],
        db_text(k->name),
        db_text(pub),
        db_text(q->status),
        OPT_I(q->org),
        db_text(q->region),
        db_text(q->category),
        code[0] ? db_text(code) : db_null(),
        OPT_I(q->money),
        q->q && *q->q ? db_text(q->q) : db_null(),
        db_text(section),
        db_text(ind_prefix),
        by_parent ? db_int(q->parent) : db_null(),
        lc.has_cursor ? db_int(lc.cursor_key) : db_null(),
        db_int(lc.cursor_id),
        db_int(q->limit + 1),
    };
#undef OPT_I
    kz_list_page x = {.item = kz_rec_json};
    int64_t total = 0;
    db_status st = db_exec(c, stmt, p, 19, kz_list_page_cb, &x);
    if (st == DB_OK || st == DB_NOROW) st = db_exec(c, Q_KR_COUNT, p, 16, db_cb_int, &total);
    json_t *facets = NULL;
    if ((st == DB_OK || st == DB_NOROW) && q->facets) {
        kz_facet fs[3];
        int nf = 0;
        if (s->category)
            fs[nf++] = (kz_facet){s->category, Q_KR_FACET_CATEGORY, KZ_FACET_ENUM, cf->vocab, NULL};
        if (s->region) fs[nf++] = (kz_facet){"city", Q_KR_FACET_CITY, KZ_FACET_CITY, NULL, NULL};
        if (s->industry)
            fs[nf++] = (kz_facet){"industry", Q_KR_FACET_SECTION, KZ_FACET_SECTION, NULL, NULL};
        st = kz_list_facets(c, p, 16, fs, nf, &facets);
    }
    if (st == DB_NOROW) st = DB_OK;
    return kz_list_page_done(&x, st, total, facets, q->limit, out, e);
}

/* ---- export ---- */

const char *const *kz_kind_export_columns(const kz_kind_desc *k, int *n)
{
    /* descriptors are static: the columns of each kind are made once (under a lock) */
    enum { MAX = 64, KINDS = 32 };
    static struct {
        const kz_kind_desc *k;
        const char *cols[MAX + 1];
        int n;
    } made[KINDS];
    static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&mu);
    int i = 0;
    while (i < KINDS && made[i].k && made[i].k != k)
        i++;
    if (i == KINDS) abort(); /* more kinds than this table (engine.c checks it): raise KINDS */
    if (!made[i].k) {
        static const char *const tail[] = {"org_id",     "status",       "created_at",
                                           "updated_at", "published_at", NULL};
        int m = 0;
        made[i].cols[m++] = "id";
        for (int j = 0; k->data_fields[j] && m < MAX - 5; j++)
            made[i].cols[m++] = k->data_fields[j];
        for (int j = 0; tail[j]; j++)
            made[i].cols[m++] = tail[j];
        made[i].cols[m] = NULL;
        made[i].n = m;
        made[i].k = k;
    }
    pthread_mutex_unlock(&mu);
    *n = made[i].n;
    return made[i].cols;
}

kz_err kz_kind_export(const kz_kind_desc *k, db_conn *c, const kz_actor *a,
                      const kz_kind_list_q *filters, kz_table_writer *w, long max, long *rows,
                      kz_error *e)
{
    *rows = 0;
    char cursor[64] = "";
    kz_table_error te;
    for (;;) {
        kz_kind_list_q q = *filters;
        q.sort = "id";
        q.cursor = cursor[0] ? cursor : NULL;
        q.limit = KZ_LIST_MAX;
        q.facets = false;
        json_t *page = NULL;
        kz_err rc = kz_kind_list(k, c, a, &q, &page, e);
        if (rc != KZ_OK) return rc;
        size_t i;
        json_t *it;
        json_array_foreach(json_object_get(page, "items"), i, it)
        {
            if (max && *rows >= max) break;
            if (kz_table_writer_write_row(w, it, &te) < 0) {
                json_decref(page);
                return kz_fail(e, KZ_E_INTERNAL, "导出文件写入失败");
            }
            (*rows)++;
        }
        const char *next = json_string_value(json_object_get(page, "next_cursor"));
        bool more = next && (!max || *rows < max);
        if (more) snprintf(cursor, sizeof cursor, "%s", next);
        json_decref(page);
        if (!more) return KZ_OK;
    }
}
