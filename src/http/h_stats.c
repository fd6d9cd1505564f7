/* h_stats.c — /api/v1/stats: the dashboard overview and counts per region for the map. */
#include "../domain/stats.h"
#include "handlers.h"

void h_stats_overview(kz_req *r)
{
    db_conn *c = kz_db(r);
    if (!c) return;
    kz_error e = {0};
    json_t *out;
    if (kz_stats_overview(c, &out, &e) != KZ_OK)
        kz_reply_error(r, &e);
    else
        kz_reply_json(r, 200, out);
}

void h_stats_map(kz_req *r)
{
    db_conn *c = kz_db(r);
    if (!c) return;
    kz_error e = {0};
    json_t *out;
    if (kz_stats_map(c, kz_arg(r, "level"), kz_arg(r, "kind"), kz_arg(r, "parent"), &out, &e) !=
        KZ_OK)
        kz_reply_error(r, &e);
    else
        kz_reply_json(r, 200, out);
}

void h_stats_contracts(kz_req *r)
{
    db_conn *c = kz_db(r);
    if (!c) return;
    kz_error e = {0};
    json_t *out;
    if (kz_stats_contracts(c, kz_arg(r, "level"), kz_arg(r, "parent"), &out, &e) != KZ_OK)
        kz_reply_error(r, &e);
    else
        kz_reply_json(r, 200, out);
}
