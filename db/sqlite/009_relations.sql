-- 009: the parties of a record of kind_records besides its owner org, and its parent record.
-- parties (engine.h kz_slots.parties: e.g. a contract's buyer org), as ",12,34,": the orgs whose members read the record once it is
-- past draft, find it in their lists and take the transitions marked for parties. Kept by every
-- write of the engine from the fields the kind names; the lists in memory answer who sees what
-- (search/attrs.h), this column the SQL lists that remain. Contracts written before it get theirs.
ALTER TABLE kind_records ADD COLUMN parties TEXT NOT NULL DEFAULT ',';
-- parent_id: the record of another kind a child record belongs to (engine.h kz_parent: a
-- challenge's applications, a deal's events …), fixed at creation; its children are listed by it.
ALTER TABLE kind_records ADD COLUMN parent_id BIGINT;
CREATE INDEX kind_records_parent ON kind_records(kind, parent_id, id) WHERE parent_id IS NOT NULL;
UPDATE kind_records SET parties = ',' || json_extract(data, '$.buyer_org_id') || ','
    WHERE kind = 'contract' AND json_extract(data, '$.buyer_org_id') IS NOT NULL;
