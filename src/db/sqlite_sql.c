/* sqlite_sql.c — the SQLite text of every statement in the catalogue (stmts.h). */
#include "sqlite_sql.h"

#define ORG_COLS                                                                                   \
    "id, name, kind, credit_code, region, industry, tier, address, contact, version, created_at, " \
    "updated_at"
#define USER_COLS                                                                                  \
    "id, username, display_name, roles, org_id, disabled, version, created_at, updated_at"
#define AUDIT_COLS "seq, at, actor, entity, entity_id, action, before, after, prev_hash, hash"

const char *const kz_sqlite_sql[Q__COUNT] = {
    [Q_PING] = "SELECT 1",
    [Q_ORG_INSERT] = "INSERT INTO orgs (name, kind, credit_code, region, industry, tier, address, "
                     "contact, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                     "?9) RETURNING id",
    [Q_ORG_GET] = "SELECT " ORG_COLS " FROM orgs WHERE id = ?1",
    [Q_ORG_UPDATE] = "UPDATE orgs SET name = ?2, kind = ?3, credit_code = ?4, region = ?5, "
                     "industry = ?6, tier = ?7, address = ?8, contact = ?9, updated_at = ?10, "
                     "version = version + 1 WHERE id = ?1 AND version = ?11 RETURNING id",
    [Q_ORG_LIST] = "SELECT " ORG_COLS " FROM orgs WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL "
                   "OR substr(region, 1, length(?2)) = ?2) AND (?3 IS NULL OR instr(name, ?3) > 0) "
                   "AND id > ?4 ORDER BY id LIMIT ?5",
    [Q_ORG_COUNT] = "SELECT count(*) FROM orgs WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR "
                    "substr(region, 1, length(?2)) = ?2) AND (?3 IS NULL OR instr(name, ?3) > 0)",
    [Q_USER_INSERT] = "INSERT INTO users (username, display_name, roles, org_id, password_hash, "
                      "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) RETURNING id",
    [Q_USER_GET] = "SELECT " USER_COLS " FROM users WHERE id = ?1",
    [Q_USER_AUTH] = "SELECT id, password_hash, disabled FROM users WHERE username = ?1",
    [Q_USER_UPDATE] = "UPDATE users SET display_name = ?2, roles = ?3, org_id = ?4, disabled = ?5, "
                      "updated_at = ?6, version = version + 1 WHERE id = ?1 AND version = ?7 "
                      "RETURNING id",
    [Q_USER_SET_HASH] = "UPDATE users SET password_hash = ?2, updated_at = ?3 WHERE id = ?1 "
                        "RETURNING id",
    [Q_USER_LIST] = "SELECT u.id, u.username, u.display_name, u.roles, u.org_id, u.disabled, "
                    "u.version, u.created_at, u.updated_at FROM users u LEFT JOIN orgs o ON o.id = "
                    "u.org_id WHERE (?1 IS NULL OR u.org_id = ?1) AND (?2 IS NULL OR instr(',' || "
                    "u.roles || ',', ',' || ?2 || ',') > 0) AND (?3 IS NULL OR instr(u.username, "
                    "?3) > 0 OR instr(u.display_name, ?3) > 0) AND (?4 IS NULL OR "
                    "substr(o.region, 1, length(?4)) = ?4) AND u.id > ?5 ORDER BY u.id LIMIT ?6",
    [Q_USER_COUNT] = "SELECT count(*) FROM users u LEFT JOIN orgs o ON o.id = u.org_id WHERE (?1 "
                     "IS NULL OR u.org_id = ?1) AND (?2 IS NULL OR instr(',' || u.roles || ',', "
                     "',' || ?2 || ',') > 0) AND (?3 IS NULL OR instr(u.username, ?3) > 0 OR "
                     "instr(u.display_name, ?3) > 0) AND (?4 IS NULL OR substr(o.region, 1, "
                     "length(?4)) = ?4)",
    [Q_USER_TOTAL] = "SELECT count(*) FROM users",
    [Q_SESSION_INSERT] = "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) "
                         "VALUES (?1, ?2, ?3, ?4, ?5)",
    [Q_SESSION_GET] = "SELECT s.user_id, s.csrf, u.username, u.display_name, u.roles, u.org_id, "
                      "o.region, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id "
                      "LEFT JOIN orgs o ON o.id = u.org_id WHERE s.token_hash = ?1 AND s.revoked "
                      "= 0 AND s.expires_at > ?2 AND u.disabled = 0",
    [Q_SESSION_REVOKE] = "UPDATE sessions SET revoked = 1 WHERE token_hash = ?1 AND revoked = 0 "
                         "RETURNING user_id",
    [Q_SESSION_REVOKE_USER] = "UPDATE sessions SET revoked = 1 WHERE user_id = ?1 AND revoked = 0 "
                              "AND (?2 IS NULL OR token_hash <> ?2)",
    [Q_SESSION_PURGE] = "DELETE FROM sessions WHERE expires_at <= ?1 OR revoked = 1",
    [Q_AUDIT_HEAD] = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
    [Q_AUDIT_INSERT] = "INSERT INTO audit (" AUDIT_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                       "?9, ?10)",
    [Q_AUDIT_LIST] =
        "SELECT " AUDIT_COLS " FROM audit WHERE (?1 IS NULL OR entity = ?1) AND (?2 IS "
        "NULL OR entity_id = ?2) AND (?3 = 0 OR seq < ?3) ORDER BY seq DESC LIMIT ?4",
    [Q_AUDIT_COUNT] = "SELECT count(*) FROM audit WHERE (?1 IS NULL OR entity = ?1) AND (?2 IS "
                      "NULL OR entity_id = ?2)",
    [Q_AUDIT_SCAN] = "SELECT " AUDIT_COLS " FROM audit WHERE seq > ?1 ORDER BY seq LIMIT ?2",
    [Q_CHANGE_INSERT] = "INSERT INTO changes (entity, entity_id, op, at) VALUES (?1, ?2, ?3, ?4)",
    [Q_CHANGES_SINCE] = "SELECT seq, entity, entity_id, op, at FROM changes WHERE seq > ?1 ORDER "
                        "BY seq LIMIT ?2",
};
