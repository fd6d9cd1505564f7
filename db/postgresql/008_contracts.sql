-- 008: as db/sqlite/008_contracts.sql.
CREATE TABLE contract_regno (
    year bigint PRIMARY KEY,
    last bigint NOT NULL
);
CREATE UNIQUE INDEX kind_records_regno ON kind_records (
    substr(data::json ->> 'registration_no', 1, 4),
    substr(data::json ->> 'registration_no', 11, 6))
    WHERE kind = 'contract' AND (data::json ->> 'registration_no') IS NOT NULL;
-- contract_stats: the 成交额 statistics of registered contracts (GET /api/v1/stats/contracts),
-- kept in the same transaction as every write of a contract (the kind's `counted` hook: a contract
-- entering `registered` adds, leaving it takes away) and recounted by kezhuan stats verify and
-- restore (Q_CT_STAT_REBUILD). One row per (dim, key): the count, the amounts and the 核定技术交易额:
--   all ''  | seller_region, buyer_region (GB/T 2260 code as stored, '' none) | type
--   | section (the seller's GB/T 4754 门类) | kinds ("seller_kind>buyer_kind") | month (YYYY-MM of
--   signed_on) | year (YYYY)
CREATE TABLE contract_stats (
    dim             text COLLATE "C" NOT NULL,
    key             text COLLATE "C" NOT NULL,
    n               bigint NOT NULL,
    amount_fen      bigint NOT NULL,
    tech_income_fen bigint NOT NULL,
    PRIMARY KEY (dim, key)
);
