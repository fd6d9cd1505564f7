/* h_market.c — 科技大市场 and 科技金融 beyond the engine: GET /api/v1/finance-requests/{id}/matches
 * and GET /api/v1/stats/finance (domain/finance.h); GET /api/v1/listings/{id}/bidding (market.h),
 * the bidding as a listing's page polls it. A weak ETag names the answer for the caller (the
 * listing's version, the bidding's sequence and the user): a poll with If-None-Match gets 304
 * and no body until a bid, a deposit's or an objection's step or the listing's own changes it. */
#include "../domain/finance.h"
#include "../domain/market.h"
#include "handlers.h"

void h_listing_bidding(kz_req *r)
{
    kz_error e = {0};
    json_t *out = NULL;
    char etag[64];
    db_conn *c = kz_db(r);
    if (!c) return;
    if (kz_market_bidding(c, &r->actor, r->id, kz_header(r, "If-None-Match"), etag, &out, &e) !=
        KZ_OK) {
        kz_reply_error(r, &e);
        return;
    }
    if (out)
        kz_reply_json(r, 200, out);
    else
        kz_reply_raw(r, 304, "application/json", "", 0);
    kz_add_header(r, "ETag", etag);
    kz_add_header(r, "Cache-Control", "no-cache");
}

void h_finance_matches(kz_req *r)
{
    kz_error e = {0};
    json_t *out = NULL;
    db_conn *c = kz_db(r);
    if (!c) return;
    if (kz_finance_matches(c, &r->actor, r->id, &out, &e) != KZ_OK)
        kz_reply_error(r, &e);
    else
        kz_reply_json(r, 200, out);
}

void h_stats_finance(kz_req *r)
{
    kz_error e = {0};
    json_t *out = NULL;
    db_conn *c = kz_db(r);
    if (!c) return;
    if (kz_finance_stats(c, kz_arg(r, "level"), kz_arg(r, "parent"), &out, &e) != KZ_OK)
        kz_reply_error(r, &e);
    else
        kz_reply_json(r, 200, out);
}
