-- 009: as db/sqlite/009_relations.sql — the parties of a record of kind_records besides its
-- owner, and its parent record.
ALTER TABLE kind_records ADD COLUMN parties TEXT NOT NULL DEFAULT ',';
-- parent_id: the record of another kind a child record belongs to (engine.h kz_parent: a
-- challenge's applications, a deal's events …), fixed at creation; its children are listed by it.
ALTER TABLE kind_records ADD COLUMN parent_id BIGINT;
CREATE INDEX kind_records_parent ON kind_records(kind, parent_id, id) WHERE parent_id IS NOT NULL;
UPDATE kind_records SET parties = ',' || (data::json ->> 'buyer_org_id') || ','
    WHERE kind = 'contract' AND (data::json ->> 'buyer_org_id') IS NOT NULL;
