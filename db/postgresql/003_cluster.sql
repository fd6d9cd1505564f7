-- 003: failed-login counters kept in the database (per client address and per account, in
-- fixed windows), so that every server node sharing the database enforces one limit; and
-- notices to the other nodes when sessions are revoked or accounts change, so that they drop
-- their cached sessions at once instead of after --session-cache-ms.
CREATE TABLE login_throttle (
    key          text COLLATE "C" PRIMARY KEY,   -- "ip:ADDRESS" or "user:NAME"
    window_start bigint NOT NULL,                -- unix seconds
    count        bigint NOT NULL
);
CREATE INDEX login_throttle_window ON login_throttle(window_start);

CREATE FUNCTION kz_sessions_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('kezhuan_sessions', NEW.user_id::text);
    RETURN NULL;
END $$;
CREATE TRIGGER sessions_notify AFTER UPDATE OF revoked ON sessions
    FOR EACH ROW WHEN (NEW.revoked <> OLD.revoked) EXECUTE FUNCTION kz_sessions_notify();

CREATE FUNCTION kz_users_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('kezhuan_sessions', NEW.id::text);
    RETURN NULL;
END $$;
CREATE TRIGGER users_notify AFTER UPDATE ON users
    FOR EACH ROW WHEN (NEW.roles IS DISTINCT FROM OLD.roles OR NEW.org_id IS DISTINCT FROM OLD.org_id
                       OR NEW.disabled <> OLD.disabled OR NEW.display_name <> OLD.display_name
                       OR NEW.password_hash <> OLD.password_hash)
    EXECUTE FUNCTION kz_users_notify();
