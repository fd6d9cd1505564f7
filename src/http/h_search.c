/* h_search.c — GET /api/v1/search and the matching endpoints
 * GET /api/v1/demands/{id}/matches and GET /api/v1/achievements/{id}/matches. */
#include "../domain/record.h"
#include "../domain/search.h"
#include "handlers.h"
#include <string.h>

void h_search(kz_req *r)
{
    kz_error e = {0};
    kz_search_query q = {.q = kz_arg(r, "q"),
                         .kind = kz_arg(r, "kind"),
                         .status = kz_arg(r, "status"),
                         .industry = kz_arg(r, "industry"),
                         .region = kz_arg(r, "region"),
                         .demand_kind = kz_arg(r, "demand_kind"),
                         .trl_min = -1,
                         .trl_max = -1,
                         .price_min = -1,
                         .price_max = -1,
                         .org = -1};
    long long limit = 10, offset = 0;
    kz_query_int(kz_arg(r, "limit"), 1, KZ_SEARCH_MAX_LIMIT, "limit", &limit, &e);
    kz_query_int(kz_arg(r, "offset"), 0, KZ_SEARCH_MAX_OFFSET, "offset", &offset, &e);
    kz_query_int(kz_arg(r, "trl_min"), 1, 9, "trl_min", &q.trl_min, &e);
    kz_query_int(kz_arg(r, "trl_max"), 1, 9, "trl_max", &q.trl_max, &e);
    kz_query_int(kz_arg(r, "price_min"), 0, INT64_MAX / 2, "price_min", &q.price_min, &e);
    kz_query_int(kz_arg(r, "price_max"), 0, INT64_MAX / 2, "price_max", &q.price_max, &e);
    kz_query_int(kz_arg(r, "org"), 1, INT64_MAX / 2, "org", &q.org, &e);
    kz_query_bool(kz_arg(r, "facets"), "facets", &q.facets, &e);
    q.limit = (int)limit;
    q.offset = (int)offset;
    if (!q.q) kz_field_error(&e, "q", "请输入搜索内容");
    if (e.code) {
        kz_reply_error(r, &e);
        return;
    }
    db_conn *c = kz_db(r);
    if (!c) return;
    json_t *out;
    if (kz_search(c, &r->actor, &q, &out, &e) != KZ_OK)
        kz_reply_error(r, &e);
    else
        kz_reply_json(r, 200, out);
}

typedef kz_err (*match_fn)(db_conn *, const kz_actor *, int64_t, int, json_t **, kz_error *);

static void matches(kz_req *r, match_fn fn)
{
    kz_error e = {0};
    long long limit = 10;
    kz_query_int(kz_arg(r, "limit"), 1, KZ_SEARCH_MAX_LIMIT, "limit", &limit, &e);
    if (e.code) {
        kz_reply_error(r, &e);
        return;
    }
    db_conn *c = kz_db(r);
    if (!c) return;
    json_t *out;
    if (fn(c, &r->actor, r->id, (int)limit, &out, &e) != KZ_OK)
        kz_reply_error(r, &e);
    else
        kz_reply_json(r, 200, out);
}

void h_dem_matches(kz_req *r)
{
    matches(r, kz_match_demand);
}

void h_ach_matches(kz_req *r)
{
    matches(r, kz_match_achievement);
}
