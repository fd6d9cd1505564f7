-- 007: the upkeep's query for published achievements past their validity date (Q_ACH_DUE, every
-- minute) reads only the due rows, not every published one (at 10^6 records: a scan of ~700,000
-- rows each round).
CREATE INDEX achievements_due ON achievements(status, valid_until) WHERE valid_until IS NOT NULL;
