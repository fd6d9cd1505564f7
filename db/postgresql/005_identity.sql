-- 005: the database's identity (see db/sqlite/005_identity.sql).
CREATE TABLE IF NOT EXISTS db_identity (
    id    integer PRIMARY KEY CHECK (id = 1),
    value text NOT NULL
);
INSERT INTO db_identity (id, value)
SELECT 1, md5(random()::text || clock_timestamp()::text || pg_backend_pid()::text)
WHERE NOT EXISTS (SELECT 1 FROM db_identity);
