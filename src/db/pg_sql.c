/* pg_sql.c — the PostgreSQL text of every statement in the catalogue (stmts.h). Each entry
 * answers exactly what the SQLite text (sqlite_sql.c) answers for the same parameters:
 *  - parameters carry explicit casts (they are sent as text and must not be guessed);
 *  - instr() is strpos(), json_extract() is ->> / -> on data::json (the stored text is kept
 *    as written, so the extracted JSON text is the same bytes SQLite returns), unixepoch()
 *    is EPOCH();
 *  - ORDER BY breaks ties the same way and puts NULLs first, as SQLite does;
 *  - text compares bytewise (every text column is COLLATE "C", db/postgresql/001_init.sql). */
#include "pg_sql.h"
#include "tables.h"

/* The cluster-wide write lock (see pg.c); re-taken by the feed insert so that even a write
 * outside a transaction allocates its seq under it. */
#define WRITE_LOCK "pg_advisory_xact_lock(7739017220405248001)"
/* unixepoch(x): seconds since 1970 of an RFC 3339 time or a date, read as UTC */
#define EPOCH(x) "floor(extract(epoch FROM (" x ")::timestamp AT TIME ZONE 'UTC'))::bigint"

#define ORG_COLS                                                                                   \
    "id, name, kind, credit_code, region, industry, tier, address, contact, version, created_at, " \
    "updated_at"
#define USER_COLS                                                                                  \
    "id, username, display_name, roles, org_id, disabled, version, created_at, updated_at"

/* ---- achievements ---- */
#define ACH_COLS                                                                                   \
    "a.id, a.org_id, a.created_by, a.status, a.data, a.version, a.created_at, a.updated_at, "      \
    "a.published_at, o.name, a.region"
#define ACH_VIS                                                                                    \
    "(a.status = 'published' OR $1::bigint = 1 OR a.org_id = $2::bigint OR ($3::bigint = 1 AND "   \
    "a.status <> 'draft') OR ($4::text IS NOT NULL AND a.status <> 'draft' AND left(a.region, "    \
    "length($4::text)) = $4::text))"
#define ACH_FILTERS                                                                                \
    " AND ($5::text IS NULL OR a.status = $5::text) AND ($6::text IS NULL OR a.industry_section "  \
    "= $6::text) AND ($7::text IS NULL OR left(a.industry, length($7::text)) = $7::text) AND "     \
    "($8::text IS NULL OR left(a.region, length($8::text)) = $8::text) AND ($9::bigint IS NULL "   \
    "OR a.trl >= $9::bigint) AND ($10::bigint IS NULL OR a.trl <= $10::bigint) AND ($11::bigint "  \
    "IS NULL OR a.price_fen >= $11::bigint) AND ($12::bigint IS NULL OR a.price_fen <= "           \
    "$12::bigint) AND ($13::bigint IS NULL OR a.org_id = $13::bigint) AND ($14::text IS NULL OR "  \
    "strpos(a.transfer_modes, $14::text) > 0) AND ($15::text IS NULL OR strpos(a.title, "          \
    "$15::text) > 0 OR strpos(a.data::json ->> 'summary', $15::text) > 0 OR "                      \
    "strpos((a.data::json -> 'keywords')::text, $15::text) > 0)"
#define ACH_FROM " FROM achievements a JOIN orgs o ON o.id = a.org_id WHERE " ACH_VIS ACH_FILTERS
#define ACH_LIST(key, op, dir)                                                                     \
    "SELECT " ACH_COLS ", " key " AS k" ACH_FROM " AND ($16::bigint IS NULL OR " key " " op        \
    " $16::bigint OR (" key " = $16::bigint AND a.id " op " $17::bigint)) ORDER BY k " dir         \
    ", a.id " dir " LIMIT $18::bigint"

/* ---- demands ---- */
#define DEM_COLS ACH_COLS
#define DEM_VIS                                                                                    \
    "(a.status IN ('published', 'matched', 'closed') OR $1::bigint = 1 OR a.org_id = $2::bigint "  \
    "OR ($3::bigint = 1 AND a.status <> 'draft') OR ($4::text IS NOT NULL AND a.status <> "        \
    "'draft' AND left(a.region, length($4::text)) = $4::text))"
#define DEM_FILTERS                                                                                \
    " AND ($5::text IS NULL OR a.status = $5::text) AND ($6::text IS NULL OR a.industry_section "  \
    "= $6::text) AND ($7::text IS NULL OR left(a.industry, length($7::text)) = $7::text) AND "     \
    "($8::text IS NULL OR left(a.region, length($8::text)) = $8::text) AND ($9::text IS NULL OR "  \
    "a.kind = $9::text) AND ($10::bigint IS NULL OR a.budget_max_fen >= $10::bigint) AND "         \
    "($11::bigint IS NULL OR a.budget_min_fen <= $11::bigint) AND ($12::bigint IS NULL OR "        \
    "a.org_id = $12::bigint) AND ($13::text IS NULL OR strpos(a.cooperation_modes, $13::text) > "  \
    "0) AND ($14::text IS NULL OR strpos(a.title, $14::text) > 0 OR strpos(a.data::json ->> "      \
    "'description', $14::text) > 0) AND ($15::bigint IS NULL OR a.trl_min IS NULL OR a.trl_min "   \
    "<= $15::bigint)"
#define DEM_FROM " FROM demands a JOIN orgs o ON o.id = a.org_id WHERE " DEM_VIS DEM_FILTERS
#define DEM_LIST(key, op, dir)                                                                     \
    "SELECT " DEM_COLS ", " key " AS k" DEM_FROM " AND ($16::bigint IS NULL OR " key " " op        \
    " $16::bigint OR (" key " = $16::bigint AND a.id " op " $17::bigint)) ORDER BY k " dir         \
    ", a.id " dir " LIMIT $18::bigint"
#define ACC_COLS                                                                                   \
    "r.id, r.achievement_id, r.requester_id, r.reason, r.status, r.comment, r.decided_by, "        \
    "r.created_at, r.decided_at, u.username, u.display_name"
#define ACC_INBOX_FROM                                                                             \
    " FROM access_requests r JOIN users u ON u.id = r.requester_id JOIN achievements a ON a.id = " \
    "r.achievement_id LEFT JOIN orgs o ON o.id = u.org_id WHERE ($1::bigint IS NULL OR a.org_id "  \
    "= "                                                                                           \
    "$1::bigint) AND ($2::bigint IS NULL OR r.requester_id = $2::bigint) AND ($3::text IS NULL "   \
    "OR "                                                                                          \
    "r.status = $3::text)"
#define AUDIT_COLS "seq, at, actor, entity, entity_id, action, before, after, prev_hash, hash"
#define USER_FILTERS                                                                               \
    "($1::bigint IS NULL OR u.org_id = $1::bigint) AND ($2::text IS NULL OR strpos(',' || "        \
    "u.roles || ',', ',' || $2::text || ',') > 0) AND ($3::text IS NULL OR strpos(u.username, "    \
    "$3::text) > 0 OR strpos(u.display_name, $3::text) > 0) AND ($4::text IS NULL OR "             \
    "left(o.region, length($4::text)) = $4::text)"
#define ORG_FILTERS                                                                                \
    "($1::text IS NULL OR kind = $1::text) AND ($2::text IS NULL OR left(region, "                 \
    "length($2::text)) = $2::text) AND ($3::text IS NULL OR strpos(name, $3::text) > 0)"

const char *const kz_pg_sql[Q__COUNT] = {
    [Q_PING] = "SELECT 1",
    [Q_ORG_INSERT] = "INSERT INTO orgs (name, kind, credit_code, region, industry, tier, address, "
                     "contact, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                     "$9) RETURNING id",
    [Q_ORG_GET] = "SELECT " ORG_COLS " FROM orgs WHERE id = $1::bigint",
    [Q_ORG_UPDATE] = "UPDATE orgs SET name = $2, kind = $3, credit_code = $4, region = $5, "
                     "industry = $6, tier = $7, address = $8, contact = $9, updated_at = $10, "
                     "version = version + 1 WHERE id = $1::bigint AND version = $11::bigint "
                     "RETURNING id",
    [Q_ORG_LIST] = "SELECT " ORG_COLS " FROM orgs WHERE " ORG_FILTERS
                   " AND id > $4::bigint ORDER BY id LIMIT $5::bigint",
    [Q_ORG_COUNT] = "SELECT count(*) FROM orgs WHERE " ORG_FILTERS,
    [Q_ORG_BY_CREDIT] = "SELECT id FROM orgs WHERE credit_code = $1::text",
    [Q_USER_INSERT] = "INSERT INTO users (username, display_name, roles, org_id, password_hash, "
                      "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    [Q_USER_GET] = "SELECT " USER_COLS " FROM users WHERE id = $1::bigint",
    [Q_USER_AUTH] = "SELECT id, password_hash, disabled FROM users WHERE username = $1::text",
    [Q_USER_UPDATE] = "UPDATE users SET display_name = $2, roles = $3, org_id = $4, disabled = $5, "
                      "updated_at = $6, version = version + 1 WHERE id = $1::bigint AND version = "
                      "$7::bigint RETURNING id",
    [Q_USER_SET_HASH] = "UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = "
                        "$1::bigint RETURNING id",
    [Q_USER_LIST] =
        "SELECT u.id, u.username, u.display_name, u.roles, u.org_id, u.disabled, "
        "u.version, u.created_at, u.updated_at FROM users u LEFT JOIN orgs o ON o.id = "
        "u.org_id WHERE " USER_FILTERS " AND u.id > $5::bigint ORDER BY u.id LIMIT $6::bigint",
    [Q_USER_COUNT] = "SELECT count(*) FROM users u LEFT JOIN orgs o ON o.id = u.org_id "
                     "WHERE " USER_FILTERS,
    [Q_USER_TOTAL] = "SELECT count(*) FROM users",
    [Q_SESSION_INSERT] = "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) "
                         "VALUES ($1, $2, $3, $4, $5)",
    [Q_SESSION_GET] = "SELECT u.id, u.username, u.display_name, u.roles, u.org_id, u.disabled, "
                      "u.version, u.created_at, u.updated_at, s.csrf, o.region, s.expires_at "
                      "FROM sessions s JOIN users u ON u.id = s.user_id "
                      "LEFT JOIN orgs o ON o.id = u.org_id WHERE s.token_hash = $1::text AND "
                      "s.revoked = 0 AND s.expires_at > $2::bigint AND u.disabled = 0",
    [Q_SESSION_REVOKE] = "UPDATE sessions SET revoked = 1 WHERE token_hash = $1::text AND revoked "
                         "= 0 RETURNING user_id",
    [Q_SESSION_REVOKE_USER] = "UPDATE sessions SET revoked = 1 WHERE user_id = $1::bigint AND "
                              "revoked = 0 AND ($2::text IS NULL OR token_hash <> $2::text)",
    [Q_SESSION_PURGE] = "DELETE FROM sessions WHERE expires_at <= $1::bigint OR revoked = 1",
    [Q_AUDIT_HEAD] = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
    [Q_AUDIT_INSERT] = "INSERT INTO audit (" AUDIT_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
                       "$9, $10)",
    [Q_AUDIT_LIST] = "SELECT " AUDIT_COLS " FROM audit WHERE ($1::text IS NULL OR entity = "
                     "$1::text) AND ($2::text IS NULL OR entity_id = $2::text) AND ($3::bigint = 0 "
                     "OR seq < $3::bigint) ORDER BY seq DESC LIMIT $4::bigint",
    [Q_AUDIT_COUNT] = "SELECT count(*) FROM audit WHERE ($1::text IS NULL OR entity = $1::text) "
                      "AND ($2::text IS NULL OR entity_id = $2::text)",
    [Q_AUDIT_SCAN] = "SELECT " AUDIT_COLS " FROM audit WHERE seq > $1::bigint ORDER BY seq LIMIT "
                     "$2::bigint",
    [Q_CHANGE_INSERT] = "WITH l AS (SELECT " WRITE_LOCK ") INSERT INTO changes (entity, entity_id, "
                        "op, at) SELECT $1::text, $2::bigint, $3::text, $4::text FROM l",
    [Q_CHANGES_SINCE] = "SELECT seq, entity, entity_id, op, at FROM changes WHERE seq > $1::bigint "
                        "ORDER BY seq LIMIT $2::bigint",
    [Q_ACH_INSERT] = "INSERT INTO achievements (org_id, created_by, status, title, industry, "
                     "industry_section, region, trl, price_fen, transfer_modes, valid_until, data, "
                     "created_at, updated_at, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
                     "$8, $9, $10, $11, $12, $13, $13, $14) RETURNING id",
    [Q_ACH_GET] = "SELECT " ACH_COLS ", 0 FROM achievements a JOIN orgs o ON o.id = a.org_id WHERE "
                  "a.id = $1::bigint",
    [Q_ACH_UPDATE] = "UPDATE achievements SET title = $2, industry = $3, industry_section = $4, "
                     "region = $5, trl = $6, price_fen = $7, transfer_modes = $8, valid_until = "
                     "$9, data = $10, updated_at = $11, version = version + 1 WHERE id = "
                     "$1::bigint AND version = $12::bigint RETURNING id",
    [Q_ACH_SET_STATUS] = "UPDATE achievements SET status = $2, updated_at = $3, version = version "
                         "+ 1, published_at = coalesce($5::text, published_at) WHERE id = "
                         "$1::bigint AND version = $4::bigint RETURNING id",
    [Q_ACH_DUE] = "SELECT id FROM achievements WHERE status = 'published' AND valid_until IS NOT "
                  "NULL AND valid_until < $1::text ORDER BY id LIMIT 500",
    [Q_ACH_LIST_ID_DESC] = ACH_LIST("a.id", "<", "DESC"),
    [Q_ACH_LIST_ID_ASC] = ACH_LIST("a.id", ">", "ASC"),
    [Q_ACH_LIST_PRICE_ASC] = ACH_LIST("coalesce(a.price_fen, -1)", ">", "ASC"),
    [Q_ACH_LIST_PRICE_DESC] = ACH_LIST("coalesce(a.price_fen, -1)", "<", "DESC"),
    [Q_ACH_LIST_TRL_ASC] = ACH_LIST("coalesce(a.trl, 0)", ">", "ASC"),
    [Q_ACH_LIST_TRL_DESC] = ACH_LIST("coalesce(a.trl, 0)", "<", "DESC"),
    [Q_ACH_LIST_UPDATED_DESC] = ACH_LIST(EPOCH("a.updated_at"), "<", "DESC"),
    [Q_ACH_COUNT] = "SELECT count(*)" ACH_FROM,
    [Q_ACH_FACET_SECTION] =
        "SELECT a.industry_section, count(*)" ACH_FROM " GROUP BY 1 ORDER BY 2 DESC, 1 NULLS FIRST",
    [Q_ACH_FACET_CITY] =
        "SELECT left(a.region, 4), count(*)" ACH_FROM " GROUP BY 1 ORDER BY 2 DESC, 1 NULLS FIRST",
    [Q_ACH_FACET_TRL] = "SELECT a.trl, count(*)" ACH_FROM " GROUP BY 1 ORDER BY 1 NULLS FIRST",
    [Q_DEM_INSERT] = "INSERT INTO demands (org_id, created_by, status, title, kind, industry, "
                     "industry_section, region, trl_min, budget_min_fen, budget_max_fen, "
                     "cooperation_modes, deadline, data, created_at, updated_at, published_at) "
                     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
                     "$15, $16) RETURNING id",
    [Q_ACH_SCAN] = "SELECT " ACH_COLS ", 0 FROM achievements a JOIN orgs o ON o.id = a.org_id "
                   "WHERE a.id > $1::bigint ORDER BY a.id LIMIT $2::bigint",
    [Q_DEM_SCAN] = "SELECT " DEM_COLS ", 0 FROM demands a JOIN orgs o ON o.id = a.org_id WHERE "
                   "a.id > $1::bigint ORDER BY a.id LIMIT $2::bigint",
    [Q_CHANGES_HEAD] = "SELECT coalesce(max(seq), 0) FROM changes",
    [Q_DEM_GET] = "SELECT " DEM_COLS ", 0 FROM demands a JOIN orgs o ON o.id = a.org_id WHERE "
                  "a.id = $1::bigint",
    [Q_DEM_UPDATE] = "UPDATE demands SET title = $2, kind = $3, industry = $4, industry_section = "
                     "$5, region = $6, trl_min = $7, budget_min_fen = $8, budget_max_fen = $9, "
                     "cooperation_modes = $10, deadline = $11, data = $12, updated_at = $13, "
                     "version = version + 1 WHERE id = $1::bigint AND version = $14::bigint "
                     "RETURNING id",
    [Q_DEM_SET_STATUS] = "UPDATE demands SET status = $2, updated_at = $3, version = version + 1, "
                         "published_at = coalesce($5::text, published_at) WHERE id = $1::bigint "
                         "AND version = $4::bigint RETURNING id",
    [Q_DEM_LIST_ID_DESC] = DEM_LIST("a.id", "<", "DESC"),
    [Q_DEM_LIST_ID_ASC] = DEM_LIST("a.id", ">", "ASC"),
    [Q_DEM_LIST_BUDGET_DESC] = DEM_LIST("coalesce(a.budget_max_fen, -1)", "<", "DESC"),
    [Q_DEM_LIST_DEADLINE_ASC] = DEM_LIST("coalesce(" EPOCH("a.deadline") ", 0)", ">", "ASC"),
    [Q_DEM_LIST_UPDATED_DESC] = DEM_LIST(EPOCH("a.updated_at"), "<", "DESC"),
    [Q_DEM_COUNT] = "SELECT count(*)" DEM_FROM,
    [Q_DEM_FACET_SECTION] =
        "SELECT a.industry_section, count(*)" DEM_FROM " GROUP BY 1 ORDER BY 2 DESC, 1 NULLS FIRST",
    [Q_DEM_FACET_CITY] =
        "SELECT left(a.region, 4), count(*)" DEM_FROM " GROUP BY 1 ORDER BY 2 DESC, 1 NULLS FIRST",
    [Q_DEM_FACET_KIND] =
        "SELECT a.kind, count(*)" DEM_FROM " GROUP BY 1 ORDER BY 2 DESC, 1 NULLS FIRST",
    [Q_REV_INSERT] = "INSERT INTO revisions (entity, entity_id, version, at, actor, action, "
                     "comment, status, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    [Q_REV_LIST] = "SELECT version, at, actor, action, comment, status, data FROM revisions WHERE "
                   "entity = $1::text AND entity_id = $2::bigint ORDER BY version",
    [Q_ACC_INSERT] = "INSERT INTO access_requests (achievement_id, requester_id, reason, status, "
                     "created_at) VALUES ($1, $2, $3, 'pending', $4) RETURNING id",
    [Q_ACC_GET] = "SELECT " ACC_COLS " FROM access_requests r JOIN users u ON u.id = "
                  "r.requester_id WHERE r.id = $1::bigint",
    [Q_ACC_DECIDE] = "UPDATE access_requests SET status = $2, comment = $3, decided_by = $4, "
                     "decided_at = $5 WHERE id = $1::bigint AND status = $6::text RETURNING id",
    [Q_ACC_LIST] = "SELECT " ACC_COLS " FROM access_requests r JOIN users u ON u.id = "
                   "r.requester_id WHERE ($1::bigint IS NULL OR r.achievement_id = $1::bigint) "
                   "AND ($2::bigint IS NULL OR r.requester_id = $2::bigint) AND ($3::text IS NULL "
                   "OR r.status = $3::text) AND r.id > $4::bigint ORDER BY r.id LIMIT $5::bigint",
    [Q_ACC_INBOX] =
        "SELECT " ACC_COLS ", a.title, a.status, u.org_id, o.name, a.org_id" ACC_INBOX_FROM
        " AND ($4::bigint = 0 OR r.id < $4::bigint) ORDER BY r.id DESC LIMIT $5::bigint",
    [Q_ACC_INBOX_COUNT] = "SELECT count(*)" ACC_INBOX_FROM,
    [Q_ACC_GRANTED] = "SELECT id FROM access_requests WHERE achievement_id = $1::bigint AND "
                      "requester_id = $2::bigint AND status = 'approved' ORDER BY id LIMIT 1",
    [Q_ACC_PENDING] = "SELECT id FROM access_requests WHERE achievement_id = $1::bigint AND "
                      "requester_id = $2::bigint AND status = 'pending' ORDER BY id LIMIT 1",
    [Q_NOTE_INSERT] = "INSERT INTO notifications (user_id, at, kind, entity, entity_id, message) "
                      "VALUES ($1, $2, $3, $4, $5, $6)",
    [Q_NOTE_LIST] = "SELECT id, at, kind, entity, entity_id, message, read_at FROM notifications "
                    "WHERE user_id = $1::bigint AND ($2::bigint = 0 OR read_at IS NULL) AND "
                    "($3::bigint = 0 OR id < $3::bigint) ORDER BY id DESC LIMIT $4::bigint",
    [Q_NOTE_COUNT] = "SELECT count(*) FROM notifications WHERE user_id = $1::bigint AND "
                     "($2::bigint = 0 OR read_at IS NULL)",
    [Q_NOTE_READ] = "UPDATE notifications SET read_at = coalesce(read_at, $3::text) WHERE id = "
                    "$1::bigint AND user_id = $2::bigint RETURNING id",
    [Q_ORG_MEMBERS] = "SELECT id FROM users WHERE org_id = $1::bigint AND disabled = 0 AND "
                      "strpos(',' || roles || ',', ',' || $2::text || ',') > 0 ORDER BY id",
    [Q_STAT_ACH_STATUS] = "SELECT status, count(*) FROM achievements GROUP BY 1 ORDER BY 1",
    [Q_STAT_DEM_STATUS] = "SELECT status, count(*) FROM demands GROUP BY 1 ORDER BY 1",
    [Q_STAT_ACH_NEW] = "SELECT count(*) FROM achievements WHERE created_at >= $1::text",
    [Q_STAT_DEM_NEW] = "SELECT count(*) FROM demands WHERE created_at >= $1::text",
    [Q_STAT_ORGS_KIND] = "SELECT kind, count(*) FROM orgs GROUP BY 1 ORDER BY 1",
    [Q_STAT_ACH_REGION] = "SELECT left(region, $1::int), count(*) FROM achievements WHERE status = "
                          "'published' AND region IS NOT NULL GROUP BY 1 ORDER BY 1",
    [Q_STAT_DEM_REGION] = "SELECT left(region, $1::int), count(*) FROM demands WHERE status = "
                          "'published' AND region IS NOT NULL GROUP BY 1 ORDER BY 1",
    [Q_STAT_ORG_REGION] = "SELECT left(region, $1::int), count(*) FROM orgs WHERE region IS NOT "
                          "NULL GROUP BY 1 ORDER BY 1",
    [Q_STAT_ACH_MONTH] = "SELECT left(created_at, 7), count(*) FROM achievements WHERE "
                         "created_at >= $1::text GROUP BY 1 ORDER BY 1",
    [Q_STAT_DEM_MONTH] = "SELECT left(created_at, 7), count(*) FROM demands WHERE created_at >= "
                         "$1::text GROUP BY 1 ORDER BY 1",
    [Q_THROTTLE_GET] = "SELECT count, window_start FROM login_throttle WHERE key = $1::text AND "
                       "window_start > $2::bigint - $3::bigint",
    [Q_THROTTLE_HIT] = "INSERT INTO login_throttle AS t (key, window_start, count) VALUES "
                       "($1::text, $2::bigint, 1) ON CONFLICT (key) DO UPDATE SET count = CASE "
                       "WHEN t.window_start <= $2::bigint - $3::bigint THEN 1 ELSE t.count + 1 "
                       "END, window_start = CASE WHEN t.window_start <= $2::bigint - $3::bigint "
                       "THEN $2::bigint ELSE t.window_start END",
    [Q_THROTTLE_UNHIT] = "UPDATE login_throttle SET count = count - 1 WHERE key = $1::text AND "
                         "count > 0 AND window_start > $2::bigint - $3::bigint",
    [Q_THROTTLE_RESET] = "DELETE FROM login_throttle WHERE key = $1::text",
    [Q_THROTTLE_PURGE] = "DELETE FROM login_throttle WHERE window_start <= $1::bigint - $2::bigint",
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
                    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    [Q_LOAD_USERS] =
        "INSERT INTO users (" KZ_T_USERS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    [Q_LOAD_SESSIONS] = "INSERT INTO sessions (" KZ_T_SESSIONS ") VALUES ($1, $2, $3, $4, $5, $6)",
    [Q_LOAD_ACHIEVEMENTS] = "INSERT INTO achievements (" KZ_T_ACHIEVEMENTS
                            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
                            "$14, $15, $16, $17)",
    [Q_LOAD_DEMANDS] = "INSERT INTO demands (" KZ_T_DEMANDS
                       ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
                       "$15, $16, $17, $18, $19)",
    [Q_LOAD_REVISIONS] =
        "INSERT INTO revisions (" KZ_T_REVISIONS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    [Q_LOAD_ACCESS_REQUESTS] = "INSERT INTO access_requests (" KZ_T_ACCESS_REQUESTS
                               ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    [Q_LOAD_NOTIFICATIONS] = "INSERT INTO notifications (" KZ_T_NOTIFICATIONS
                             ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    [Q_LOAD_AUDIT] =
        "INSERT INTO audit (" KZ_T_AUDIT ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    [Q_LOAD_CHANGES] = "INSERT INTO changes (" KZ_T_CHANGES ") VALUES ($1, $2, $3, $4, $5)",
    [Q_LOAD_ROWS] = "SELECT (SELECT count(*) FROM orgs) + (SELECT count(*) FROM users) + (SELECT "
                    "count(*) FROM sessions) + (SELECT count(*) FROM achievements) + (SELECT "
                    "count(*) FROM demands) + (SELECT count(*) FROM revisions) + (SELECT count(*) "
                    "FROM access_requests) + (SELECT count(*) FROM notifications) + (SELECT "
                    "count(*) FROM audit) + (SELECT count(*) FROM changes)",
    /* identities go on after the largest restored id (explicit ids do not move them) */
    [Q_LOAD_RESEQ] =
        "SELECT setval(pg_get_serial_sequence('orgs', 'id'), coalesce((SELECT max(id) FROM orgs), "
        "0) + 1, false), setval(pg_get_serial_sequence('users', 'id'), coalesce((SELECT max(id) "
        "FROM users), 0) + 1, false), setval(pg_get_serial_sequence('achievements', 'id'), "
        "coalesce((SELECT max(id) FROM achievements), 0) + 1, false), "
        "setval(pg_get_serial_sequence('demands', 'id'), coalesce((SELECT max(id) FROM demands), "
        "0) + 1, false), setval(pg_get_serial_sequence('access_requests', 'id'), "
        "coalesce((SELECT max(id) FROM access_requests), 0) + 1, false), "
        "setval(pg_get_serial_sequence('notifications', 'id'), coalesce((SELECT max(id) FROM "
        "notifications), 0) + 1, false), setval(pg_get_serial_sequence('changes', 'seq'), "
        "coalesce((SELECT max(seq) FROM changes), 0) + 1, false)",
};
