-- 006: the records of every kind the engine serves without a table of its own (src/kinds/,
-- engine.h "shared table"): finance products now, the module kinds after them. One row per
-- record: its kind, owner, state and version, its data as JSON, and the few values lists filter
-- and sort on, promoted into fixed slots each kind maps its own fields onto (its descriptor's
-- `slots`): a title, a region, an industry, one category code, a list of codes (",a,b,") and a
-- money range. Ids are shared by the kinds of this table; revisions, audit and the change feed
-- name the kind.
CREATE TABLE kind_records (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL,
    org_id           INTEGER NOT NULL REFERENCES orgs(id),
    created_by       INTEGER REFERENCES users(id),
    status           TEXT NOT NULL,
    title            TEXT NOT NULL,
    region           TEXT,
    industry         TEXT,
    industry_section TEXT,
    category         TEXT,
    codes            TEXT NOT NULL DEFAULT ',',
    money_lo         INTEGER,
    money_hi         INTEGER,
    data             TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    published_at     TEXT
);
CREATE INDEX kind_records_kind ON kind_records(kind, id);
CREATE INDEX kind_records_status ON kind_records(kind, status, id);
CREATE INDEX kind_records_org ON kind_records(kind, org_id, id);
