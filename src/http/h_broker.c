/* h_broker.c — technology brokers beyond the engine (domain/broker.h): a broker's figures
 * (GET /api/v1/brokers/{id}/stats), the demands of the enterprises assigned to them
 * (GET /api/v1/brokers/{id}/demands) and the ranking (GET /api/v1/stats/brokers?by=&limit=). */
#include "../domain/broker.h"
#include "handlers.h"

void h_broker_stats(kz_req *r)
{
    kz_handle_get_json(r, kz_broker_stats);
}

void h_broker_demands(kz_req *r)
{
    kz_handle_get_json(r, kz_broker_demands);
}

void h_stats_brokers(kz_req *r)
{
    kz_error e = {0};
    json_t *out = NULL;
    db_conn *c = kz_db(r);
    if (!c) return;
    if (kz_broker_ranking(c, kz_arg(r, "by"), kz_arg(r, "limit"), &out, &e) != KZ_OK)
        kz_reply_error(r, &e);
    else
        kz_reply_json(r, 200, out);
}
