/* h_ops.c — operations endpoints: liveness, readiness, metrics, the API description. */
#include "../core/embed.h"
#include "../db/db.h"
#include "../domain/search.h"
#include "handlers.h"
#include "metrics.h"
#include <stdlib.h>
#include <string.h>

#define READY_INDEX_WAIT_MS 2000

void h_healthz(kz_req *r)
{
    static const char ok[] = "{\"status\":\"ok\"}";
    kz_reply_raw(r, 200, "application/json; charset=utf-8", ok, sizeof ok - 1);
}

void h_readyz(kz_req *r)
{
    /* the request's connection (authenticate may have taken it); a short wait for a free one */
    if (!r->db) r->db = db_pool_acquire(2000); /* given back after the answer */
    db_conn *c = r->db;
    int cur = 0, latest = 0;
    int64_t one = 0;
    if (!c || db_exec(c, Q_PING, NULL, 0, db_cb_int, &one) != DB_OK || one != 1) {
        kz_reply_json(r, 503,
                      json_pack("{s:s, s:s}", "status", "unavailable", "reason", "数据库不可达"));
        return;
    }
    if (!db_schema_servable(c, &cur, &latest)) {
        kz_reply_json(r, 503,
                      json_pack("{s:s, s:s, s:i, s:i}", "status", "unavailable", "reason",
                                "数据库迁移未完成，请运行 kezhuan migrate", "schema", cur,
                                "expected", latest));
        return;
    }
    /* the search index: loaded from its snapshot or rebuilt, and caught up with the feed (a
     * short wait, so that a probe right after start does not see a small index still loading) */
    bool ready = kz_search_wait_ready(READY_INDEX_WAIT_MS);
    json_t *st = kz_search_status();
    json_t *ix = json_pack("{s:O, s:O}", "ready", json_object_get(st, "ready"), "source",
                           json_object_get(st, "source"));
    if (ix) {
        json_t *v = json_object_get(st, "ready_ms");
        if (v) json_object_set(ix, "ready_ms", v);
        json_object_set(ix, "snapshot", json_object_get(st, "snapshot"));
        json_object_set(ix, "seq", json_object_get(st, "seq"));
        if ((v = json_object_get(st, "error"))) json_object_set(ix, "error", v);
    }
    json_decref(st);
    if (!ready) {
        kz_reply_json(r, 503,
                      json_pack("{s:s, s:s, s:o}", "status", "unavailable", "reason",
                                "搜索索引正在载入或建立，尚未追上变更流", "index", ix));
        return;
    }
    kz_reply_json(r, 200,
                  json_pack("{s:s, s:i, s:s, s:o}", "status", "ready", "schema", cur, "db",
                            c->backend->name, "index", ix));
}

void h_metrics(kz_req *r)
{
    size_t n;
    char *text = kz_metrics_render(&n);
    kz_reply_raw(r, 200, "text/plain; version=0.0.4; charset=utf-8", text, n);
    free(text);
}

void h_openapi(kz_req *r)
{
    kz_reply_raw(r, 200, "application/json; charset=utf-8", kz_res_openapi,
                 kz_res_len(kz_res_openapi, kz_res_openapi_end));
    kz_add_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "public, max-age=300");
}
