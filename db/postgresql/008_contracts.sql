-- 008: as db/sqlite/008_contracts.sql.
CREATE TABLE contract_regno (
    year bigint PRIMARY KEY,
    last bigint NOT NULL
);
CREATE UNIQUE INDEX kind_records_regno ON kind_records (
    substr(data::json ->> 'registration_no', 1, 4),
    substr(data::json ->> 'registration_no', 11, 6))
    WHERE kind = 'contract' AND (data::json ->> 'registration_no') IS NOT NULL;
