/* sqlite_sql.c — the SQLite text of every statement in the catalogue (stmts.h). */
#include "sqlite_sql.h"
#include "tables.h"

#define ORG_COLS                                                                                   \
    "id, name, kind, credit_code, region, industry, tier, address, contact, version, created_at, " \
    "updated_at"
#define USER_COLS                                                                                  \
    "id, username, display_name, roles, org_id, disabled, version, created_at, updated_at"

/* ---- achievements ---- */
#define ACH_COLS                                                                                   \
    "a.id, a.org_id, a.created_by, a.status, a.data, a.version, a.created_at, a.updated_at, "      \
    "a.published_at, o.name, a.region"
/* who may see which rows: everyone published; admin all; own org all; reviewers and
 * officers (in their region) everything past draft */
#define ACH_VIS                                                                                    \
    "(a.status = 'published' OR ?1 = 1 OR a.org_id = ?2 OR (?3 = 1 AND a.status <> 'draft') OR "   \
    "(?4 IS NOT NULL AND a.status <> 'draft' AND substr(a.region, 1, length(?4)) = ?4))"
#define ACH_FILTERS                                                                                \
    " AND (?5 IS NULL OR a.status = ?5) AND (?6 IS NULL OR a.industry_section = ?6) AND (?7 IS "   \
    "NULL OR substr(a.industry, 1, length(?7)) = ?7) AND (?8 IS NULL OR substr(a.region, 1, "      \
    "length(?8)) = ?8) AND (?9 IS NULL OR a.trl >= ?9) AND (?10 IS NULL OR a.trl <= ?10) AND "     \
    "(?11 IS NULL OR a.price_fen >= ?11) AND (?12 IS NULL OR a.price_fen <= ?12) AND (?13 IS "     \
    "NULL OR a.org_id = ?13) AND (?14 IS NULL OR instr(a.transfer_modes, ?14) > 0) AND (?15 IS "   \
    "NULL OR instr(a.title, ?15) > 0 OR instr(json_extract(a.data, '$.summary'), ?15) > 0 OR "     \
    "instr(json_extract(a.data, '$.keywords'), ?15) > 0)"
#define ACH_FROM " FROM achievements a JOIN orgs o ON o.id = a.org_id WHERE " ACH_VIS ACH_FILTERS
#define ACH_LIST(key, op, dir)                                                                     \
    "SELECT " ACH_COLS ", " key " AS k" ACH_FROM " AND (?16 IS NULL OR k " op                      \
    " ?16 OR (k = ?16 AND a.id " op " ?17)) ORDER BY k " dir ", a.id " dir " LIMIT ?18"

/* ---- demands ---- */
#define DEM_COLS ACH_COLS
/* demands stay readable once published, also when matched or closed */
#define DEM_VIS                                                                                    \
    "(a.status IN ('published', 'matched', 'closed') OR ?1 = 1 OR a.org_id = ?2 OR (?3 = 1 AND "   \
    "a.status <> 'draft') OR (?4 IS NOT NULL AND a.status <> 'draft' AND substr(a.region, 1, "     \
    "length(?4)) = ?4))"
#define DEM_FILTERS                                                                                \
    " AND (?5 IS NULL OR a.status = ?5) AND (?6 IS NULL OR a.industry_section = ?6) AND (?7 IS "   \
    "NULL OR substr(a.industry, 1, length(?7)) = ?7) AND (?8 IS NULL OR substr(a.region, 1, "      \
    "length(?8)) = ?8) AND (?9 IS NULL OR a.kind = ?9) AND (?10 IS NULL OR a.budget_max_fen >= "   \
    "?10) AND (?11 IS NULL OR a.budget_min_fen <= ?11) AND (?12 IS NULL OR a.org_id = ?12) AND "   \
    "(?13 IS NULL OR instr(a.cooperation_modes, ?13) > 0) AND (?14 IS NULL OR instr(a.title, "     \
    "?14) > 0 OR instr(json_extract(a.data, '$.description'), ?14) > 0) AND (?15 IS NULL OR "      \
    "a.trl_min IS NULL OR a.trl_min <= ?15)"
#define DEM_FROM " FROM demands a JOIN orgs o ON o.id = a.org_id WHERE " DEM_VIS DEM_FILTERS
#define DEM_LIST(key, op, dir)                                                                     \
    "SELECT " DEM_COLS ", " key " AS k" DEM_FROM " AND (?16 IS NULL OR k " op                      \
    " ?16 OR (k = ?16 AND a.id " op " ?17)) ORDER BY k " dir ", a.id " dir " LIMIT ?18"
#define ACC_COLS                                                                                   \
    "r.id, r.achievement_id, r.requester_id, r.reason, r.status, r.comment, r.decided_by, "        \
    "r.created_at, r.decided_at, u.username, u.display_name"
#define ACC_INBOX_FROM                                                                             \
    " FROM access_requests r JOIN users u ON u.id = r.requester_id JOIN achievements a ON a.id = " \
    "r.achievement_id LEFT JOIN orgs o ON o.id = u.org_id WHERE (?1 IS NULL OR a.org_id = ?1) "    \
    "AND (?2 IS NULL OR r.requester_id = ?2) AND (?3 IS NULL OR r.status = ?3)"
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
    [Q_ORG_BY_CREDIT] = "SELECT id FROM orgs WHERE credit_code = ?1",
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
    [Q_SESSION_GET] = "SELECT u.id, u.username, u.display_name, u.roles, u.org_id, u.disabled, "
                      "u.version, u.created_at, u.updated_at, s.csrf, o.region, s.expires_at "
                      "FROM sessions s JOIN users u ON u.id = s.user_id "
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
    [Q_ACH_INSERT] =
        "INSERT INTO achievements (org_id, created_by, status, title, industry, "
        "industry_section, region, trl, price_fen, transfer_modes, valid_until, data, "
        "created_at, updated_at, published_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
        "?9, ?10, ?11, ?12, ?13, ?13, ?14) RETURNING id",
    [Q_ACH_GET] = "SELECT " ACH_COLS ", 0 FROM achievements a JOIN orgs o ON o.id = a.org_id WHERE "
                  "a.id = ?1",
    [Q_ACH_UPDATE] =
        "UPDATE achievements SET title = ?2, industry = ?3, industry_section = ?4, "
        "region = ?5, trl = ?6, price_fen = ?7, transfer_modes = ?8, valid_until = ?9, "
        "data = ?10, updated_at = ?11, version = version + 1 WHERE id = ?1 AND version "
        "= ?12 RETURNING id",
    [Q_ACH_SET_STATUS] =
        "UPDATE achievements SET status = ?2, updated_at = ?3, version = version + "
        "1, published_at = coalesce(?5, published_at) WHERE id = ?1 AND version = "
        "?4 RETURNING id",
    [Q_ACH_DUE] = "SELECT id FROM achievements WHERE status = 'published' AND valid_until IS NOT "
                  "NULL AND valid_until < ?1 ORDER BY id LIMIT 500",
    [Q_ACH_LIST_ID_DESC] = ACH_LIST("a.id", "<", "DESC"),
    [Q_ACH_LIST_ID_ASC] = ACH_LIST("a.id", ">", "ASC"),
    [Q_ACH_LIST_PRICE_ASC] = ACH_LIST("coalesce(a.price_fen, -1)", ">", "ASC"),
    [Q_ACH_LIST_PRICE_DESC] = ACH_LIST("coalesce(a.price_fen, -1)", "<", "DESC"),
    [Q_ACH_LIST_TRL_ASC] = ACH_LIST("coalesce(a.trl, 0)", ">", "ASC"),
    [Q_ACH_LIST_TRL_DESC] = ACH_LIST("coalesce(a.trl, 0)", "<", "DESC"),
    [Q_ACH_LIST_UPDATED_DESC] = ACH_LIST("unixepoch(a.updated_at)", "<", "DESC"),
    [Q_ACH_COUNT] = "SELECT count(*)" ACH_FROM,
    [Q_ACH_FACET_SECTION] =
        "SELECT a.industry_section, count(*)" ACH_FROM " GROUP BY 1 ORDER BY 2 DESC, 1",
    [Q_ACH_FACET_CITY] =
        "SELECT substr(a.region, 1, 4), count(*)" ACH_FROM " GROUP BY 1 ORDER BY 2 DESC, 1",
    [Q_ACH_FACET_TRL] = "SELECT a.trl, count(*)" ACH_FROM " GROUP BY 1 ORDER BY 1",
    [Q_DEM_INSERT] = "INSERT INTO demands (org_id, created_by, status, title, kind, industry, "
                     "industry_section, region, trl_min, budget_min_fen, budget_max_fen, "
                     "cooperation_modes, deadline, data, created_at, updated_at, published_at) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
                     "?15, ?16) RETURNING id",
    [Q_ACH_SCAN] = "SELECT " ACH_COLS ", 0 FROM achievements a JOIN orgs o ON o.id = a.org_id "
                   "WHERE a.id > ?1 ORDER BY a.id LIMIT ?2",
    [Q_DEM_SCAN] = "SELECT " DEM_COLS ", 0 FROM demands a JOIN orgs o ON o.id = a.org_id WHERE "
                   "a.id > ?1 ORDER BY a.id LIMIT ?2",
    [Q_CHANGES_HEAD] = "SELECT coalesce(max(seq), 0) FROM changes",
    [Q_DEM_GET] = "SELECT " DEM_COLS ", 0 FROM demands a JOIN orgs o ON o.id = a.org_id WHERE "
                  "a.id = ?1",
    [Q_DEM_UPDATE] = "UPDATE demands SET title = ?2, kind = ?3, industry = ?4, industry_section = "
                     "?5, region = ?6, trl_min = ?7, budget_min_fen = ?8, budget_max_fen = ?9, "
                     "cooperation_modes = ?10, deadline = ?11, data = ?12, updated_at = ?13, "
                     "version = version + 1 WHERE id = ?1 AND version = ?14 RETURNING id",
    [Q_DEM_SET_STATUS] = "UPDATE demands SET status = ?2, updated_at = ?3, version = version + 1, "
                         "published_at = coalesce(?5, published_at) WHERE id = ?1 AND version = ?4 "
                         "RETURNING id",
    [Q_DEM_LIST_ID_DESC] = DEM_LIST("a.id", "<", "DESC"),
    [Q_DEM_LIST_ID_ASC] = DEM_LIST("a.id", ">", "ASC"),
    [Q_DEM_LIST_BUDGET_DESC] = DEM_LIST("coalesce(a.budget_max_fen, -1)", "<", "DESC"),
    [Q_DEM_LIST_DEADLINE_ASC] = DEM_LIST("coalesce(unixepoch(a.deadline), 0)", ">", "ASC"),
    [Q_DEM_LIST_UPDATED_DESC] = DEM_LIST("unixepoch(a.updated_at)", "<", "DESC"),
    [Q_DEM_COUNT] = "SELECT count(*)" DEM_FROM,
    [Q_DEM_FACET_SECTION] =
        "SELECT a.industry_section, count(*)" DEM_FROM " GROUP BY 1 ORDER BY 2 DESC, 1",
    [Q_DEM_FACET_CITY] =
        "SELECT substr(a.region, 1, 4), count(*)" DEM_FROM " GROUP BY 1 ORDER BY 2 DESC, 1",
    [Q_DEM_FACET_KIND] = "SELECT a.kind, count(*)" DEM_FROM " GROUP BY 1 ORDER BY 2 DESC, 1",
    [Q_REV_INSERT] = "INSERT INTO revisions (entity, entity_id, version, at, actor, action, "
                     "comment, status, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [Q_REV_LIST] = "SELECT version, at, actor, action, comment, status, data FROM revisions WHERE "
                   "entity = ?1 AND entity_id = ?2 ORDER BY version",
    [Q_ACC_INSERT] = "INSERT INTO access_requests (achievement_id, requester_id, reason, status, "
                     "created_at) VALUES (?1, ?2, ?3, 'pending', ?4) RETURNING id",
    [Q_ACC_GET] = "SELECT " ACC_COLS " FROM access_requests r JOIN users u ON u.id = "
                  "r.requester_id WHERE r.id = ?1",
    [Q_ACC_DECIDE] = "UPDATE access_requests SET status = ?2, comment = ?3, decided_by = ?4, "
                     "decided_at = ?5 WHERE id = ?1 AND status = ?6 RETURNING id",
    [Q_ACC_LIST] = "SELECT " ACC_COLS " FROM access_requests r JOIN users u ON u.id = "
                   "r.requester_id WHERE (?1 IS NULL OR r.achievement_id = ?1) AND (?2 IS NULL OR "
                   "r.requester_id = ?2) AND (?3 IS NULL OR r.status = ?3) AND r.id > ?4 ORDER BY "
                   "r.id LIMIT ?5",
    [Q_ACC_INBOX] =
        "SELECT " ACC_COLS ", a.title, a.status, u.org_id, o.name, a.org_id" ACC_INBOX_FROM
        " AND (?4 = 0 OR r.id < ?4) ORDER BY r.id DESC LIMIT ?5",
    [Q_ACC_INBOX_COUNT] = "SELECT count(*)" ACC_INBOX_FROM,
    [Q_ACC_GRANTED] = "SELECT id FROM access_requests WHERE achievement_id = ?1 AND requester_id = "
                      "?2 AND status = 'approved' ORDER BY id LIMIT 1",
    [Q_ACC_PENDING] = "SELECT id FROM access_requests WHERE achievement_id = ?1 AND requester_id = "
                      "?2 AND status = 'pending' ORDER BY id LIMIT 1",
    [Q_NOTE_INSERT] = "INSERT INTO notifications (user_id, at, kind, entity, entity_id, message) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [Q_NOTE_LIST] = "SELECT id, at, kind, entity, entity_id, message, read_at FROM notifications "
                    "WHERE user_id = ?1 AND (?2 = 0 OR read_at IS NULL) AND (?3 = 0 OR id < ?3) "
                    "ORDER BY id DESC LIMIT ?4",
    [Q_NOTE_COUNT] = "SELECT count(*) FROM notifications WHERE user_id = ?1 AND (?2 = 0 OR read_at "
                     "IS NULL)",
    [Q_NOTE_READ] = "UPDATE notifications SET read_at = coalesce(read_at, ?3) WHERE id = ?1 AND "
                    "user_id = ?2 RETURNING id",
    [Q_ORG_MEMBERS] = "SELECT id FROM users WHERE org_id = ?1 AND disabled = 0 AND instr(',' || "
                      "roles || ',', ',' || ?2 || ',') > 0 ORDER BY id",
    [Q_STAT_ACH_STATUS] = "SELECT status, count(*) FROM achievements GROUP BY 1 ORDER BY 1",
    [Q_STAT_DEM_STATUS] = "SELECT status, count(*) FROM demands GROUP BY 1 ORDER BY 1",
    [Q_STAT_ACH_NEW] = "SELECT count(*) FROM achievements WHERE created_at >= ?1",
    [Q_STAT_DEM_NEW] = "SELECT count(*) FROM demands WHERE created_at >= ?1",
    [Q_STAT_ORGS_KIND] = "SELECT kind, count(*) FROM orgs GROUP BY 1 ORDER BY 1",
    [Q_STAT_ACH_REGION] = "SELECT substr(region, 1, ?1), count(*) FROM achievements WHERE status = "
                          "'published' AND region IS NOT NULL GROUP BY 1 ORDER BY 1",
    [Q_STAT_DEM_REGION] = "SELECT substr(region, 1, ?1), count(*) FROM demands WHERE status = "
                          "'published' AND region IS NOT NULL GROUP BY 1 ORDER BY 1",
    [Q_STAT_ORG_REGION] = "SELECT substr(region, 1, ?1), count(*) FROM orgs WHERE region IS NOT "
                          "NULL GROUP BY 1 ORDER BY 1",
    [Q_STAT_ACH_MONTH] = "SELECT substr(created_at, 1, 7), count(*) FROM achievements WHERE "
                         "created_at >= ?1 GROUP BY 1 ORDER BY 1",
    [Q_STAT_DEM_MONTH] = "SELECT substr(created_at, 1, 7), count(*) FROM demands WHERE created_at "
                         ">= ?1 GROUP BY 1 ORDER BY 1",
    [Q_THROTTLE_GET] = "SELECT count, window_start FROM login_throttle WHERE key = ?1 AND "
                       "window_start > ?2 - ?3",
    [Q_THROTTLE_HIT] = "INSERT INTO login_throttle (key, window_start, count) VALUES (?1, ?2, 1) "
                       "ON CONFLICT (key) DO UPDATE SET count = CASE WHEN window_start <= ?2 - ?3 "
                       "THEN 1 ELSE count + 1 END, window_start = CASE WHEN window_start <= ?2 - "
                       "?3 THEN ?2 ELSE window_start END",
    [Q_THROTTLE_UNHIT] = "UPDATE login_throttle SET count = count - 1 WHERE key = ?1 AND count > 0 "
                         "AND window_start > ?2 - ?3",
    [Q_THROTTLE_RESET] = "DELETE FROM login_throttle WHERE key = ?1",
    [Q_THROTTLE_PURGE] = "DELETE FROM login_throttle WHERE window_start <= ?1 - ?2",
    [Q_DUMP_ORGS] = "SELECT " KZ_T_ORGS " FROM orgs ORDER BY id",
    [Q_DUMP_USERS] = "SELECT " KZ_T_USERS " FROM users ORDER BY id",
    [Q_DUMP_SESSIONS] = "SELECT " KZ_T_SESSIONS " FROM sessions ORDER BY token_hash",
    [Q_DUMP_ACHIEVEMENTS] = "SELECT " KZ_T_ACHIEVEMENTS " FROM achievements ORDER BY id",
    [Q_DUMP_DEMANDS] = "SELECT " KZ_T_DEMANDS " FROM demands ORDER BY id",
    [Q_DUMP_REVISIONS] =
        "SELECT " KZ_T_REVISIONS " FROM revisions ORDER BY entity, entity_id, version",
    [Q_DUMP_ACCESS_REQUESTS] = "SELECT " KZ_T_ACCESS_REQUESTS " FROM access_requests ORDER BY id",
    [Q_DUMP_NOTIFICATIONS] = "SELECT " KZ_T_NOTIFICATIONS " FROM notifications ORDER BY id",
    [Q_DUMP_AUDIT] = "SELECT " KZ_T_AUDIT " FROM audit ORDER BY seq",
    [Q_DUMP_CHANGES] = "SELECT " KZ_T_CHANGES " FROM changes ORDER BY seq",
    [Q_LOAD_ORGS] = "INSERT INTO orgs (" KZ_T_ORGS
                    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    [Q_LOAD_USERS] =
        "INSERT INTO users (" KZ_T_USERS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [Q_LOAD_SESSIONS] = "INSERT INTO sessions (" KZ_T_SESSIONS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [Q_LOAD_ACHIEVEMENTS] =
        "INSERT INTO achievements (" KZ_T_ACHIEVEMENTS
        ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    [Q_LOAD_DEMANDS] =
        "INSERT INTO demands (" KZ_T_DEMANDS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
        "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    [Q_LOAD_REVISIONS] =
        "INSERT INTO revisions (" KZ_T_REVISIONS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [Q_LOAD_ACCESS_REQUESTS] = "INSERT INTO access_requests (" KZ_T_ACCESS_REQUESTS
                               ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [Q_LOAD_NOTIFICATIONS] = "INSERT INTO notifications (" KZ_T_NOTIFICATIONS
                             ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [Q_LOAD_AUDIT] =
        "INSERT INTO audit (" KZ_T_AUDIT ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [Q_LOAD_CHANGES] = "INSERT INTO changes (" KZ_T_CHANGES ") VALUES (?1, ?2, ?3, ?4, ?5)",
    [Q_LOAD_ROWS] = "SELECT (SELECT count(*) FROM orgs) + (SELECT count(*) FROM users) + (SELECT "
                    "count(*) FROM sessions) + (SELECT count(*) FROM achievements) + (SELECT "
                    "count(*) FROM demands) + (SELECT count(*) FROM revisions) + (SELECT count(*) "
                    "FROM access_requests) + (SELECT count(*) FROM notifications) + (SELECT "
                    "count(*) FROM audit) + (SELECT count(*) FROM changes)",
    /* INTEGER PRIMARY KEY continues after the largest id, AUTOINCREMENT kept it in
     * sqlite_sequence while inserting: nothing to do */
    [Q_LOAD_RESEQ] = "SELECT 1",
};
