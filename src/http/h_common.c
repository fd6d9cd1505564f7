/* h_common.c — answers shared by the resource handlers. */
#include "handlers.h"
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
