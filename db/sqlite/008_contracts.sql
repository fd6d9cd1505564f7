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
