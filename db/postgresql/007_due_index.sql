-- 007: as db/sqlite/007_due_index.sql — the upkeep's due achievements by an index.
CREATE INDEX achievements_due ON achievements(status, valid_until) WHERE valid_until IS NOT NULL;
