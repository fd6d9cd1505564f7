/* h_kind.c — the endpoints of every kind the engine serves alone (router.c KIND_ROUTES): the
 * route's ctx is the kind's descriptor, and each handler reads the request, calls the engine
 * and answers. Nothing here names a kind. */
#include "../domain/engine.h"
#include "handlers.h"
#include "router.h"
#include <stdio.h>
#include <stdlib.h>

#define KZ_EXPORT_MAX 50000

static const kz_kind_desc *kind_of(const kz_req *r)
{
    return r->route->ctx;
}

/* The list filters of the query string, checked for their shape (the engine checks values).
 * false: a field error is in e. */
static bool list_args(kz_req *r, const kz_kind_desc *k, kz_kind_list_q *q, kz_error *e)
{
    *q = (kz_kind_list_q){.q = kz_arg(r, "q"),
                          .status = kz_arg(r, "status"),
                          .region = kz_arg(r, "region"),
                          .industry = kz_arg(r, "industry"),
                          .sort = kz_arg(r, "sort"),
                          .cursor = kz_arg(r, "cursor"),
                          .org = -1,
                          .money = -1,
                          .limit = KZ_LIST_DEFAULT};
    if (k->slots.category) q->category = kz_arg(r, k->slots.category);
    if (k->list.codes_param) q->code = kz_arg(r, k->list.codes_param);
    long long limit = KZ_LIST_DEFAULT;
    kz_query_int(kz_arg(r, "limit"), 1, KZ_LIST_MAX, "limit", &limit, e);
    kz_query_int(kz_arg(r, "org"), 1, INT64_MAX / 2, "org", &q->org, e);
    if (k->list.money_param)
        kz_query_int(kz_arg(r, k->list.money_param), 0, INT64_MAX / 2, k->list.money_param,
                     &q->money, e);
    kz_query_bool(kz_arg(r, "facets"), "facets", &q->facets, e);
    q->limit = (int)limit;
    return !e->code;
}

void h_kind_list(kz_req *r)
{
    const kz_kind_desc *k = kind_of(r);
    kz_error e = {0};
    kz_kind_list_q q;
    if (!list_args(r, k, &q, &e)) {
        kz_reply_error(r, &e);
        return;
    }
    db_conn *c = kz_db(r);
    if (!c) return;
    json_t *out;
    if (kz_kind_list(k, c, &r->actor, &q, &out, &e) != KZ_OK)
        kz_reply_error(r, &e);
    else
        kz_reply_json(r, 200, out);
}

void h_kind_create(kz_req *r)
{
    const kz_kind_desc *k = kind_of(r);
    json_t *in, *out = NULL;
    if (!kz_read_json(r, &in)) return;
    db_conn *c = kz_db(r);
    kz_error e = {0};
    if (c) {
        if (kz_kind_create(k, c, &r->actor, in, &out, &e) != KZ_OK)
            kz_reply_error(r, &e);
        else
            kz_reply_created(r, k->path, out);
    }
    json_decref(in);
}

void h_kind_get(kz_req *r)
{
    db_conn *c = kz_db(r);
    if (!c) return;
    kz_error e = {0};
    json_t *out = NULL;
    if (kz_kind_get(kind_of(r), c, &r->actor, r->id, &out, &e) != KZ_OK)
        kz_reply_error(r, &e);
    else
        kz_reply_record(r, out);
}

/* PATCH and transitions: If-Match, the JSON body, the engine's answer with its ETag. */
static void change(kz_req *r, bool transition)
{
    const kz_kind_desc *k = kind_of(r);
    int64_t v = kz_if_match(r);
    if (v == -2) return;
    json_t *in, *out = NULL;
    if (!kz_read_json(r, &in)) return;
    db_conn *c = kz_db(r);
    kz_error e = {0};
    if (c) {
        kz_err rc = transition ? kz_kind_transition(k, c, &r->actor, r->id, in, v, &out, &e)
                               : kz_kind_update(k, c, &r->actor, r->id, in, v, &out, &e);
        if (rc != KZ_OK)
            kz_reply_error(r, &e);
        else
            kz_reply_record(r, out);
    }
    json_decref(in);
}

void h_kind_patch(kz_req *r)
{
    change(r, false);
}

void h_kind_transition(kz_req *r)
{
    change(r, true);
}

void h_kind_history(kz_req *r)
{
    db_conn *c = kz_db(r);
    if (!c) return;
    kz_error e = {0};
    json_t *out;
    if (kz_kind_history(kind_of(r), c, &r->actor, r->id, &out, &e) != KZ_OK)
        kz_reply_error(r, &e);
    else
        kz_reply_json(r, 200, out);
}

/* GET …/export?format=csv|jsonl|xlsx with the list's filters: what the caller may see. */
void h_kind_export(kz_req *r)
{
    const kz_kind_desc *k = kind_of(r);
    const char *f = kz_arg(r, "format");
    kz_table_format fmt = f ? kz_table_format_parse(f) : KZ_TABLE_CSV;
    kz_error e = {0};
    if (fmt == KZ_TABLE_AUTO) kz_field_error(&e, "format", "应为 csv、jsonl 或 xlsx");
    kz_kind_list_q q;
    if (!list_args(r, k, &q, &e) || e.code) {
        kz_reply_error(r, &e);
        return;
    }
    db_conn *c = kz_db(r);
    if (!c) return;
    int n;
    const char *const *cols = kz_kind_export_columns(k, &n);
    kz_table_writer *w = NULL;
    kz_table_error te;
    kz_table_write_opts wo = {0};
    if (kz_table_writer_open_mem(&w, fmt, cols, n, &wo, &te) < 0) {
        kz_reply_code(r, KZ_E_INTERNAL, "无法创建导出文件");
        return;
    }
    long rows = 0;
    if (kz_kind_export(k, c, &r->actor, &q, w, KZ_EXPORT_MAX, &rows, &e) != KZ_OK) {
        kz_table_writer_discard(w);
        kz_reply_error(r, &e);
        return;
    }
    char *data = NULL;
    size_t len = 0;
    if (kz_table_writer_close_mem(w, &data, &len, &te) < 0) {
        kz_reply_code(r, KZ_E_INTERNAL, "无法生成导出文件");
        return;
    }
    kz_reply_raw(r, 200, kz_table_format_mime(fmt), data, len);
    free(data);
    char disp[128], count[24];
    snprintf(disp, sizeof disp, "attachment; filename=\"%s%s\"", k->path, kz_table_format_ext(fmt));
    snprintf(count, sizeof count, "%ld", rows);
    kz_add_header(r, "Content-Disposition", disp);
    kz_add_header(r, "X-Total-Rows", count);
}
