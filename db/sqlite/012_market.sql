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
    listing_id    INTEGER PRIMARY KEY,
    mode          TEXT NOT NULL,
    phase         TEXT NOT NULL,
    due_at        INTEGER,
    auction_kind  TEXT,
    start_fen     INTEGER,
    increment_fen INTEGER,
    reserve_fen   INTEGER,
    starts_at     INTEGER,
    ends_at       INTEGER,
    extend_s      INTEGER,
    best_fen      INTEGER,
    best_bid_id   INTEGER,
    best_org_id   INTEGER,
    nbids         INTEGER NOT NULL,
    objections    INTEGER NOT NULL,
    seq           INTEGER NOT NULL
);
CREATE INDEX market_state_due ON market_state (due_at) WHERE due_at IS NOT NULL;
