/* market.h — 科技大市场's state across records (kinds/listing.c): each listing's row of
 * market_state (migration 012) — its phase, the next scheduled step, an auction's terms, best bid
 * and effective end — the scheduled steps themselves (an auction's start and end, the end of a
 * 公示 period), the bidding as a page polls it, and the recount of the rows from the records.
 *
 * Times: an auction's starts_at and ends_at are China Standard Time "YYYY-MM-DDTHH:MM" or
 * "YYYY-MM-DDTHH:MM:SS" in the records, Unix seconds in market_state.
 *
 * Ownership: json_t arguments are borrowed; *out is a new reference for the caller. */
#ifndef KZ_MARKET_H
#define KZ_MARKET_H
#include "../core/errors.h"
#include "../db/db.h"
#include "actor.h"
#include <jansson.h>
#include <stdbool.h>

#define KZ_MS_NONE (-1) /* an absent amount, time or id in kz_market_state */

typedef struct kz_market_state {
    char mode[16], phase[16], auction_kind[16];
    int64_t due_at;                                /* KZ_MS_NONE: no step scheduled */
    int64_t start_fen, increment_fen, reserve_fen; /* KZ_MS_NONE when not set */
    int64_t starts_at, ends_at, extend_s;          /* ends_at: the effective end */
    int64_t best_fen, best_bid_id, best_org_id;    /* KZ_MS_NONE: no bid yet */
    int64_t nbids, objections, seq;
} kz_market_state;

/* The listing's row (DB_NOROW: none yet, *s cleared to KZ_MS_NONE and zeros). */
db_status kz_market_get(db_conn *c, int64_t listing_id, kz_market_state *s);
db_status kz_market_put(db_conn *c, int64_t listing_id, const kz_market_state *s);

/* A China Standard Time "YYYY-MM-DDTHH:MM[:SS]" as Unix seconds; false when malformed. */
bool kz_market_local_time(const char *s, int64_t *t);

/* The length of a 协议定价 公示 period in days (--publicity-days, default 15). */
void kz_market_set_publicity_days(int days);
int kz_market_publicity_days(void);

/* The scheduled steps due now (maint.c, every second): an auction opened whose start has come
 * goes live, a live one whose effective end has passed ends (and is sold to its best bid at or
 * above the reserve, or unsold), a 公示 period past its last day without an objection still to
 * decide ends in a sale. Each step is a transition of the listing under the write lock: on
 * several nodes the first takes it and the others find it taken. Returns the steps taken. */
int kz_market_due(db_conn *c);

/* Releases the deposits still pending or held on a listing — all but keep_org's (0: none) or,
 * when only_org > 0, that org's alone — as the platform, in the caller's transaction. */
db_status kz_market_release_deposits(db_conn *c, int64_t listing_id, int64_t keep_org,
                                     int64_t only_org);

/* GET /listings/{id}/bidding: the listing as the actor may read it (404), the bidding as the
 * actor may see it — terms, current price, the least next bid, the effective end and the
 * server's clock, the actor's deposit and best bid, the latest bids (a sealed auction's amounts
 * only once ended; bidders by their paddle number, the seller and the registry see names once
 * ended and, for 摘牌 requests, always). etag (out) identifies this answer for this actor; when
 * if_none_match names it, *out stays NULL (304). */
kz_err kz_market_bidding(db_conn *c, const kz_actor *a, int64_t id, const char *if_none_match,
                         char etag[64], json_t **out, kz_error *e);

/* Recounts market_state from the listings, bids and objections (stats rebuild and restore). */
db_status kz_market_rebuild(db_conn *c);

#endif
