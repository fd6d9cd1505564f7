-- 008: 技术合同登记 (src/kinds/contract.c; the contracts themselves are rows of kind_records).
-- contract_regno: the last sequence number of the registration numbers of each year (登记号
-- YYYY + the seller's 6-digit region code + a 6-digit sequence of the year), advanced by the
-- `register` step inside the transition's own transaction (Q_CT_REGNO_NEXT; a missing year —
-- a new year, or after a restore — starts past the largest number already stored).
CREATE TABLE contract_regno (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);
-- No two contracts share a registration number's year and sequence, whatever wrote them (the
-- `register` step skips a sequence number an import already holds: Q_CT_REGNO_TAKEN).
CREATE UNIQUE INDEX kind_records_regno ON kind_records (
    substr(json_extract(data, '$.registration_no'), 1, 4),
    substr(json_extract(data, '$.registration_no'), 11, 6))
    WHERE kind = 'contract' AND json_extract(data, '$.registration_no') IS NOT NULL;
-- contract_stats: the 成交额 statistics of registered contracts (GET /api/v1/stats/contracts),
-- kept in the same transaction as every write of a contract (the kind's `counted` hook: a contract
-- entering `registered` adds, leaving it takes away) and recounted by kezhuan stats verify and
-- restore (Q_CT_STAT_REBUILD). One row per (dim, key): the count, the amounts and the 核定技术交易额:
--   all ''  | seller_region, buyer_region (GB/T 2260 code as stored, '' none) | type
--   | section (the seller's GB/T 4754 门类) | kinds ("seller_kind>buyer_kind") | month (YYYY-MM of
--   signed_on) | year (YYYY)
CREATE TABLE contract_stats (
    dim             TEXT NOT NULL,
    key             TEXT NOT NULL,
    n               INTEGER NOT NULL,
    amount_fen      INTEGER NOT NULL,
    tech_income_fen INTEGER NOT NULL,
    PRIMARY KEY (dim, key)
);
