-- 013: 科技金融 requests (src/kinds/finance_request.c; finance requests are rows of kind_records).
-- finance_stats: the granted requests counted by product (dim 'product', key its id), by region
-- (dims 'province', 'city', 'district', key the GB/T 2260 code at that level) and by month of the
-- grant (dim 'month', key YYYY-MM) — n and the granted amount — kept by every write of a request in
-- the write's own transaction (the kind's `counted` hook) and recounted by kezhuan stats verify and
-- restore; GET /api/v1/stats/finance reads it.
CREATE TABLE finance_stats (
    dim         text NOT NULL,
    key         text NOT NULL,
    n           bigint NOT NULL,
    granted_fen bigint NOT NULL,
    PRIMARY KEY (dim, key)
);
