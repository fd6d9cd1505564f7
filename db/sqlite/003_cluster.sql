-- 003: failed-login counters kept in the database (per client address and per account, in
-- fixed windows), so that every server node sharing the database enforces one limit.
CREATE TABLE login_throttle (
    key          TEXT PRIMARY KEY,   -- "ip:ADDRESS" or "user:NAME"
    window_start INTEGER NOT NULL,   -- unix seconds
    count        INTEGER NOT NULL
);
CREATE INDEX login_throttle_window ON login_throttle(window_start);
