/* h_demands.c — /api/v1/demands. */
#include "../domain/demand.h"
#include "../domain/record.h"
#include "handlers.h"
#include <string.h>

void h_dem_list(kz_req *r)
{
    kz_error e = {0};
    kz_dem_query q = {.q = kz_arg(r, "q"),
                      .status = kz_arg(r, "status"),
                      .industry = kz_arg(r, "industry"),
                      .region = kz_arg(r, "region"),
                      .kind = kz_arg(r, "kind"),
                      .cooperation_mode = kz_arg(r, "cooperation_mode"),
                      .sort = kz_arg(r, "sort"),
                      .cursor = kz_arg(r, "cursor"),
                      .budget_min = -1,
                      .budget_max = -1,
                      .org = -1,
                      .trl = -1};
    long long limit = KZ_LIST_DEFAULT;
    kz_query_int(kz_arg(r, "limit"), 1, KZ_LIST_MAX, "limit", &limit, &e);
    kz_query_int(kz_arg(r, "budget_min"), 0, INT64_MAX / 2, "budget_min", &q.budget_min, &e);
    kz_query_int(kz_arg(r, "budget_max"), 0, INT64_MAX / 2, "budget_max", &q.budget_max, &e);
    kz_query_int(kz_arg(r, "org"), 1, INT64_MAX / 2, "org", &q.org, &e);
    kz_query_int(kz_arg(r, "trl"), 1, 9, "trl", &q.trl, &e);
    kz_query_bool(kz_arg(r, "facets"), "facets", &q.facets, &e);
    q.limit = (int)limit;
    if (e.code) {
        kz_reply_error(r, &e);
        return;
    }
    db_conn *c = kz_db(r);
    if (!c) return;
    json_t *out;
    if (kz_dem_list(c, &r->actor, &q, &out, &e) != KZ_OK)
        kz_reply_error(r, &e);
    else
        kz_reply_json(r, 200, out);
}
