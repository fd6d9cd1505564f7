-- 009: as db/sqlite/009_parties.sql — the parties of a record of kind_records besides its owner.
ALTER TABLE kind_records ADD COLUMN parties TEXT NOT NULL DEFAULT ',';
UPDATE kind_records SET parties = ',' || (data::json ->> 'buyer_org_id') || ','
    WHERE kind = 'contract' AND (data::json ->> 'buyer_org_id') IS NOT NULL;
