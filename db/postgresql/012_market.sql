-- 012: 科技大市场 (src/kinds/listing.c, domain/market.c; listings, bids, deposits and objections are rows of
-- kind_records, the last three children of their listing).
-- market_state: one row per listing once it has opened — its phase (the listing's state), the next
-- scheduled step (due_at, Unix seconds: an auction's start or end, the end of a 公示 period), the
-- auction's terms, its best bid so far, the effective end (extended by late bids), the count of bids
-- and of objections still to be decided, and seq (bumped by every write touching the bidding: the
-- ETag of GET /listings/{id}/bidding). Kept by every write of a listing, bid and objection in the
-- write's own transaction (the kinds' `counted` hooks) and recounted by kezhuan stats verify and
-- restore. The write lock makes bids take turns: each is checked against the best bid before it.
CREATE TABLE market_state (
    listing_id    bigint PRIMARY KEY,
    mode          text NOT NULL,
    phase         text NOT NULL,
    due_at        bigint,
    auction_kind  text,
    start_fen     bigint,
    increment_fen bigint,
    reserve_fen   bigint,
    starts_at     bigint,
    ends_at       bigint,
    extend_s      bigint,
    best_fen      bigint,
    best_bid_id   bigint,
    best_org_id   bigint,
    nbids         bigint NOT NULL,
    objections    bigint NOT NULL,
    seq           bigint NOT NULL
);
CREATE INDEX market_state_due ON market_state (due_at) WHERE due_at IS NOT NULL;
