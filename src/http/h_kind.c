/* h_kind.c — the endpoints the engine serves for every kind (router.c: KIND_ROUTES for a kind
 * the engine serves alone; the list, create, read, PATCH, transitions and history of the
 * others): the route's ctx is the kind's descriptor, and each handler reads the request, calls
 * the engine and answers. Nothing here names a kind. */
#include "../domain/engine.h"
#include "handlers.h"
#include "router.h"
#include <stdio.h>
#include <stdlib.h>

static const kz_kind_desc *kind_of(const kz_req *r)
{
    return r->route->ctx;
}

/* A query parameter of the request (kz_kind_list_args reads the list filters through it; the
 * engine checks their values). */
static const char *arg_of(void *r, const char *name)
{
    return kz_arg(r, name);
}

/* The list of kind k with the request's filters; parent > 0: a parent's children (404 when the
 * actor may not read the parent). */
static void list(kz_req *r, int64_t parent)
{
    const kz_kind_desc *k = kind_of(r);
    kz_error e = {0};
    kz_kind_list_q q;
    if (!kz_kind_list_args(k, arg_of, r, &q, &e)) {
        kz_reply_error(r, &e);
        return;
    }
    if (parent > 0) q.parent = parent;
    db_conn *c = kz_db(r);
    if (!c) return;
    json_t *out;
    if (kz_kind_list(k, c, &r->actor, &q, &out, &e) != KZ_OK)
        kz_reply_error(r, &e);
    else
        kz_reply_json(r, 200, out);
}

/* A new record of kind k from the body; parent > 0: a child of that parent, which the path
 * names (a parent named in the body as well is refused). */
static void create(kz_req *r, int64_t parent)
{
    const kz_kind_desc *k = kind_of(r);
    json_t *in, *out = NULL;
    if (!kz_read_json(r, &in)) return;
    kz_error e = {0};
    if (parent > 0 && json_object_get(in, k->parent->field)) {
        kz_field_error(&e, k->parent->field, "由路径指定，请勿在请求体中给出");
        kz_reply_error(r, &e);
        json_decref(in);
        return;
    }
    if (parent > 0) json_object_set_new(in, k->parent->field, json_integer(parent));
    db_conn *c = kz_db(r);
    if (c) {
        if (kz_kind_create(k, c, &r->actor, in, &out, &e) != KZ_OK)
            kz_reply_error(r, &e);
        else
            kz_reply_created(r, k->path, out);
    }
    json_decref(in);
}

void h_kind_list(kz_req *r)
{
    list(r, 0);
}

void h_kind_create(kz_req *r)
{
    create(r, 0);
}

/* GET /api/v1/<parent path>/{id}/<segment>: the children of parent {id} (engine.h kz_parent),
 * with the child kind's list filters. */
void h_kind_children(kz_req *r)
{
    list(r, r->id);
}

/* POST /api/v1/<parent path>/{id}/<segment>: a new child of parent {id}. */
void h_kind_child_create(kz_req *r)
{
    create(r, r->id);
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

static kz_err fill(kz_req *r, db_conn *c, const void *ctx, kz_table_writer *w, long max, long *rows,
                   kz_error *e)
{
    return kz_kind_export(kind_of(r), c, &r->actor, ctx, w, max, rows, e);
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
    if (!kz_kind_list_args(k, arg_of, r, &q, &e) || e.code) {
        kz_reply_error(r, &e);
        return;
    }
    int n;
    const char *const *cols = kz_kind_export_columns(k, &n);
    kz_reply_export(r, fmt, cols, n, k->path, fill, &q);
}
