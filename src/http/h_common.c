/* h_common.c — answers shared by the resource handlers. */
#include "handlers.h"
#include "../db/db.h"
#include <inttypes.h>
#include <stdio.h>

void kz_reply_record(kz_req *r, json_t *record)
{
    int64_t v = json_integer_value(json_object_get(record, "version"));
    kz_reply_json(r, 200, record);
    kz_set_etag(r, v);
}

void kz_reply_created(kz_req *r, const char *collection, json_t *record)
{
    int64_t id = json_integer_value(json_object_get(record, "id"));
    int64_t v = json_integer_value(json_object_get(record, "version"));
    char loc[128];
    snprintf(loc, sizeof loc, "/api/v1/%s/%" PRId64, collection, id);
    kz_reply_json(r, 201, record);
    kz_add_header(r, MHD_HTTP_HEADER_LOCATION, loc);
    kz_set_etag(r, v);
}

void kz_handle_create(kz_req *r, const char *collection, kz_create_fn fn)
{
    json_t *in, *out = NULL;
    if (!kz_read_json(r, &in)) return;
    db_conn *c = kz_db(r);
    kz_error e = {0};
    if (c) {
        kz_err rc = fn(c, &r->actor, in, &out, &e);
        if (rc != KZ_OK)
            kz_reply_error(r, &e);
        else
            kz_reply_created(r, collection, out);
    }
    json_decref(in);
}

static void handle_get(kz_req *r, kz_get_fn fn, bool record)
{
    db_conn *c = kz_db(r);
    if (!c) return;
    kz_error e = {0};
    json_t *out = NULL;
    kz_err rc = fn(c, &r->actor, r->id, &out, &e);
    if (rc != KZ_OK)
        kz_reply_error(r, &e);
    else if (record)
        kz_reply_record(r, out);
    else
        kz_reply_json(r, 200, out);
}

void kz_handle_get(kz_req *r, kz_get_fn fn)
{
    handle_get(r, fn, true);
}

void kz_handle_get_json(kz_req *r, kz_get_fn fn)
{
    handle_get(r, fn, false);
}

void kz_handle_change(kz_req *r, kz_change_fn fn)
{
    int64_t v = kz_if_match(r);
    if (v == -2) return;
    json_t *in, *out = NULL;
    if (!kz_read_json(r, &in)) return;
    db_conn *c = kz_db(r);
    kz_error e = {0};
    if (c) {
        kz_err rc = fn(c, &r->actor, r->id, in, v, &out, &e);
        if (rc != KZ_OK)
            kz_reply_error(r, &e);
        else
            kz_reply_record(r, out);
    }
    json_decref(in);
}
