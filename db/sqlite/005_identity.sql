-- 005: the database's identity, a random value made once when the schema is created, so that
-- what a node keeps beside it (the search index snapshot, see README 检索与撮合) is used only
-- with the database it was made from. A backup does not carry it: a restored database is
-- another database.
CREATE TABLE IF NOT EXISTS db_identity (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value TEXT NOT NULL
);
INSERT INTO db_identity (id, value)
SELECT 1, lower(hex(randomblob(16))) WHERE NOT EXISTS (SELECT 1 FROM db_identity);
