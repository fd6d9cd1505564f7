/* stmts_sql.h — the SQL of every statement in the catalogue (stmts.h), written once for both
 * backends. An X-macro list, deliberately without include guard: sqlite_sql.c and pg_sql.c each
 * define STMT and STMT_EACH, plus the dialect macros below, include this file inside their
 * array's initializer and so get their own text of each statement. STMT and STMT_EACH are
 * undefined again at the end of this file.
 *
 *   STMT(id, sql)               the text both backends run
 *   STMT_EACH(id, sqlite, pg)   a text per backend, for the rare statement that cannot share one
 *                               (say why next to it)
 *
 * Dialect macros (each expands to a string literal; arguments are string literals too):
 *   P(n)           parameter n where the statement gives its type (a value for a column):
 *                  SQLite ?n, PostgreSQL $n
 *   P_INT(n)       an integer parameter: ?n, $n::bigint — PostgreSQL receives every parameter
 *   P_TEXT(n)      a text parameter:     ?n, $n::text     as text and must not guess its type
 *   P_INT4(n)      an int parameter:     ?n, $n::int      (left() takes int, not bigint)
 *   LEFT(x, n)     the first n characters of x: substr(x, 1, n), left(x, n)
 *   INSTR(h, n)    1-based position of n in h, 0 if absent: instr(h, n), strpos(h, n)
 *   JSON_TEXT(d, k)  member k of the JSON text d as text (a string unquoted): json_extract(d,
 *                  '$.k'), d::json ->> 'k'
 *   JSON_RAW(d, k) member k of d, an array or object, as its JSON text: json_extract(d, '$.k'),
 *                  (d::json -> 'k')::text (the stored text is kept as written, so the bytes are
 *                  the ones SQLite returns)
 *   EPOCH(x)       seconds since 1970 of an RFC 3339 time or a date, read as UTC: unixepoch(x)
 *   NULLS_FIRST    appended to an ascending ORDER BY term that may be NULL: nothing in SQLite
 *                  (NULLs sort first there), " NULLS FIRST" in PostgreSQL
 *   SORT_KEY(key)  the keyset condition's name for a list's sort key: SQLite's WHERE may name
 *                  the result column k, PostgreSQL's repeats the expression
 *   IN_IDS(n)      the integers of parameter n, a JSON array text such as "[3,1,2]", as a
 *                  subquery for IN: json_each(?n), jsonb_array_elements_text($n::jsonb)
 *   INSERT_LOCKED(into, values)  an insert that must run under the cluster-wide write lock even
 *                  outside a transaction (the change feed, see pg_sql.c)
 *
 * Adding a statement: its id and the meaning of its parameters and columns go into stmts.h,
 * its text here (in the order of stmts.h), spelled with the macros above wherever the dialects
 * differ; a new kind of difference gets a macro in both sqlite_sql.c and pg_sql.c rather than a
 * STMT_EACH. The build fails when an id has no entry or two. Both backends must answer alike:
 * text compares bytewise on both (every PostgreSQL text column is COLLATE "C",
 * db/postgresql/001_init.sql) and ORDER BY breaks ties the same way on both. */
#include "tables.h"

/* Wrapped by hand: clang-format would break lines inside the dialect macros' parentheses. */
/* clang-format off */

/* building blocks shared by several statements; undefined at the end */
#define HAS_PREFIX(x, p)  LEFT(x, "length(" p ")") " = " p
#define CONTAINS(h, n)    INSTR(h, n) " > 0"

#define ORG_COLS                                                                                   \
    "id, name, kind, credit_code, region, industry, tier, address, contact, version, created_at, " \
    "updated_at"
#define ORG_FILTERS                                                                                \
    "(" P_TEXT(1) " IS NULL OR kind = " P_TEXT(1) ") AND (" P_TEXT(2) " IS NULL OR "               \
    HAS_PREFIX("region", P_TEXT(2)) ") AND (" P_TEXT(3) " IS NULL OR " CONTAINS("name", P_TEXT(3)) \
    ")"
#define USER_COLS                                                                                  \
    "id, username, display_name, roles, org_id, disabled, version, created_at, updated_at"
#define USER_FILTERS                                                                               \
    "(" P_INT(1) " IS NULL OR u.org_id = " P_INT(1) ") AND (" P_TEXT(2) " IS NULL OR "             \
    CONTAINS("',' || u.roles || ','", "',' || " P_TEXT(2) " || ','") ") AND (" P_TEXT(3)          \
    " IS NULL OR " CONTAINS("u.username", P_TEXT(3)) " OR " CONTAINS("u.display_name", P_TEXT(3)) \
    ") AND (" P_TEXT(4) " IS NULL OR " HAS_PREFIX("o.region", P_TEXT(4)) ")"
#define AUDIT_COLS "seq, at, actor, entity, entity_id, action, before, after, prev_hash, hash"

/* ---- achievements ---- */
#define ACH_COLS                                                                                   \
    "a.id, a.org_id, a.created_by, a.status, a.data, a.version, a.created_at, a.updated_at, "      \
    "a.published_at, o.name, a.region"
/* who may see which rows: everyone published; admin all; own org all; reviewers and
 * officers (in their region) everything past draft */
#define ACH_VIS                                                                                    \
    "(a.status = 'published' OR " P_INT(1) " = 1 OR a.org_id = " P_INT(2) " OR (" P_INT(3)        \
    " = 1 AND a.status <> 'draft') OR (" P_TEXT(4) " IS NOT NULL AND a.status <> 'draft' AND "     \
    HAS_PREFIX("a.region", P_TEXT(4)) "))"
#define ACH_FILTERS                                                                                \
    " AND (" P_TEXT(5) " IS NULL OR a.status = " P_TEXT(5) ") AND (" P_TEXT(6) " IS NULL OR "      \
    "a.industry_section = " P_TEXT(6) ") AND (" P_TEXT(7) " IS NULL OR "                           \
    HAS_PREFIX("a.industry", P_TEXT(7)) ") AND (" P_TEXT(8) " IS NULL OR "                         \
    HAS_PREFIX("a.region", P_TEXT(8)) ") AND (" P_INT(9) " IS NULL OR a.trl >= " P_INT(9)          \
    ") AND (" P_INT(10) " IS NULL OR a.trl <= " P_INT(10) ") AND (" P_INT(11) " IS NULL OR "       \
    "a.price_fen >= " P_INT(11) ") AND (" P_INT(12) " IS NULL OR a.price_fen <= " P_INT(12)        \
    ") AND (" P_INT(13) " IS NULL OR a.org_id = " P_INT(13) ") AND (" P_TEXT(14) " IS NULL OR "    \
    CONTAINS("a.transfer_modes", P_TEXT(14)) ") AND (" P_TEXT(15) " IS NULL OR "                   \
    CONTAINS("a.title", P_TEXT(15)) " OR " CONTAINS(JSON_TEXT("a.data", "summary"), P_TEXT(15))    \
    " OR " CONTAINS(JSON_RAW("a.data", "keywords"), P_TEXT(15)) ")"
#define ACH_FROM " FROM achievements a JOIN orgs o ON o.id = a.org_id WHERE " ACH_VIS ACH_FILTERS
/* a page of a list sorted by key (an integer) in direction dir, after the keyset (?16, ?17) */
#define ACH_LIST(key, op, dir)                                                                     \
    "SELECT " ACH_COLS ", " key " AS k" ACH_FROM " AND (" P_INT(16) " IS NULL OR " SORT_KEY(key)   \
    " " op " " P_INT(16) " OR (" SORT_KEY(key) " = " P_INT(16) " AND a.id " op " " P_INT(17)       \
    ")) ORDER BY k " dir ", a.id " dir " LIMIT " P_INT(18)

/* ---- demands ---- */
#define DEM_COLS ACH_COLS
/* demands stay readable once published, also when matched or closed */
#define DEM_VIS                                                                                    \
    "(a.status IN ('published', 'matched', 'closed') OR " P_INT(1) " = 1 OR a.org_id = " P_INT(2) \
    " OR (" P_INT(3) " = 1 AND a.status <> 'draft') OR (" P_TEXT(4) " IS NOT NULL AND a.status "   \
    "<> 'draft' AND " HAS_PREFIX("a.region", P_TEXT(4)) "))"
#define DEM_FILTERS                                                                                \
    " AND (" P_TEXT(5) " IS NULL OR a.status = " P_TEXT(5) ") AND (" P_TEXT(6) " IS NULL OR "      \
    "a.industry_section = " P_TEXT(6) ") AND (" P_TEXT(7) " IS NULL OR "                           \
    HAS_PREFIX("a.industry", P_TEXT(7)) ") AND (" P_TEXT(8) " IS NULL OR "                         \
    HAS_PREFIX("a.region", P_TEXT(8)) ") AND (" P_TEXT(9) " IS NULL OR a.kind = " P_TEXT(9)        \
    ") AND (" P_INT(10) " IS NULL OR a.budget_max_fen >= " P_INT(10) ") AND (" P_INT(11)           \
    " IS NULL OR a.budget_min_fen <= " P_INT(11) ") AND (" P_INT(12) " IS NULL OR a.org_id = "     \
    P_INT(12) ") AND (" P_TEXT(13) " IS NULL OR " CONTAINS("a.cooperation_modes", P_TEXT(13))      \
    ") AND (" P_TEXT(14) " IS NULL OR " CONTAINS("a.title", P_TEXT(14)) " OR "                     \
    CONTAINS(JSON_TEXT("a.data", "description"), P_TEXT(14)) ") AND (" P_INT(15) " IS NULL OR "   \
    "a.trl_min IS NULL OR a.trl_min <= " P_INT(15) ")"
#define DEM_FROM " FROM demands a JOIN orgs o ON o.id = a.org_id WHERE " DEM_VIS DEM_FILTERS
#define DEM_LIST(key, op, dir)                                                                     \
    "SELECT " DEM_COLS ", " key " AS k" DEM_FROM " AND (" P_INT(16) " IS NULL OR " SORT_KEY(key)   \
    " " op " " P_INT(16) " OR (" SORT_KEY(key) " = " P_INT(16) " AND a.id " op " " P_INT(17)       \
    ")) ORDER BY k " dir ", a.id " dir " LIMIT " P_INT(18)

/* ---- the kinds of the shared table kind_records ---- */
#define KR_COLS ACH_COLS
/* as ACH_VIS, with the kind's own public states (?6, ",a,b,") and the records past draft of
 * which the actor's org is a party (engine.h kz_slots.parties) */
#define KR_VIS                                                                                     \
    "a.kind = " P_TEXT(5) " AND (" CONTAINS(P_TEXT(6), "',' || a.status || ','") " OR " P_INT(1)   \
    " = 1 OR a.org_id = " P_INT(2) " OR (" P_INT(3) " = 1 AND a.status <> 'draft') OR (" P_TEXT(4) \
    " IS NOT NULL AND a.status <> 'draft' AND " HAS_PREFIX("a.region", P_TEXT(4)) ") OR ("         \
    P_INT(2) " IS NOT NULL AND a.status <> 'draft' AND "                                           \
    CONTAINS("a.parties", "',' || " P_INT(2) " || ','") "))"
#define KR_FILTERS                                                                                 \
    " AND (" P_TEXT(7) " IS NULL OR a.status = " P_TEXT(7) ") AND (" P_INT(8) " IS NULL OR "       \
    "a.org_id = " P_INT(8) ") AND (" P_TEXT(9) " IS NULL OR " HAS_PREFIX("a.region", P_TEXT(9))   \
    ") AND (" P_TEXT(10) " IS NULL OR a.category = " P_TEXT(10) ") AND (" P_TEXT(11) " IS NULL "   \
    "OR " CONTAINS("a.codes", P_TEXT(11)) ") AND (" P_INT(12) " IS NULL OR (a.money_lo <= "        \
    P_INT(12) " AND a.money_hi >= " P_INT(12) ")) "                                                \
    "AND (" P_TEXT(13) " IS NULL OR " CONTAINS("a.title", P_TEXT(13)) ") AND (" P_TEXT(14)         \
    " IS NULL OR a.industry_section = " P_TEXT(14) ") AND (" P_TEXT(15) " IS NULL OR "             \
    HAS_PREFIX("a.industry", P_TEXT(15)) ") AND (" P_INT(16) " IS NULL OR a.parent_id = "         \
    P_INT(16) ")"
#define KR_FROM " FROM kind_records a JOIN orgs o ON o.id = a.org_id WHERE " KR_VIS KR_FILTERS
/* (?16 the parent; the keyset ?17, ?18 and the limit ?19) */
#define KR_LIST(key, op, dir)                                                                      \
    "SELECT " KR_COLS ", " key " AS k" KR_FROM " AND (" P_INT(17) " IS NULL OR " SORT_KEY(key)     \
    " " op " " P_INT(17) " OR (" SORT_KEY(key) " = " P_INT(17) " AND a.id " op " " P_INT(18)       \
    ")) ORDER BY k " dir ", a.id " dir " LIMIT " P_INT(19)

/* ---- access requests ---- */
#define ACC_COLS                                                                                   \
    "r.id, r.achievement_id, r.requester_id, r.reason, r.status, r.comment, r.decided_by, "        \
    "r.created_at, r.decided_at, u.username, u.display_name"
#define ACC_INBOX_FROM                                                                             \
    " FROM access_requests r JOIN users u ON u.id = r.requester_id JOIN achievements a ON a.id = " \
    "r.achievement_id LEFT JOIN orgs o ON o.id = u.org_id WHERE (" P_INT(1) " IS NULL OR "         \
    "a.org_id = " P_INT(1) ") AND (" P_INT(2) " IS NULL OR r.requester_id = " P_INT(2) ") AND ("   \
    P_TEXT(3) " IS NULL OR r.status = " P_TEXT(3) ")"

STMT(Q_PING, "SELECT 1")

/* orgs */
STMT(Q_ORG_INSERT, "INSERT INTO orgs (name, kind, credit_code, region, industry, tier, address, "
                   "contact, created_at, updated_at) VALUES (" P(1) ", " P(2) ", " P(3) ", " P(4)
                   ", " P(5) ", " P(6) ", " P(7) ", " P(8) ", " P(9) ", " P(9) ") RETURNING id")
STMT(Q_ORG_GET, "SELECT " ORG_COLS " FROM orgs WHERE id = " P_INT(1))
STMT(Q_ORG_UPDATE, "UPDATE orgs SET name = " P(2) ", kind = " P(3) ", credit_code = " P(4)
                   ", region = " P(5) ", industry = " P(6) ", tier = " P(7) ", address = " P(8)
                   ", contact = " P(9) ", updated_at = " P(10) ", version = version + 1 WHERE "
                   "id = " P_INT(1) " AND version = " P_INT(11) " RETURNING id")
STMT(Q_ORG_LIST, "SELECT " ORG_COLS " FROM orgs WHERE " ORG_FILTERS " AND id > " P_INT(4)
                 " ORDER BY id LIMIT " P_INT(5))
STMT(Q_ORG_COUNT, "SELECT count(*) FROM orgs WHERE " ORG_FILTERS)
STMT(Q_ORG_BY_CREDIT, "SELECT id FROM orgs WHERE credit_code = " P_TEXT(1))

/* users */
STMT(Q_USER_INSERT, "INSERT INTO users (username, display_name, roles, org_id, password_hash, "
                    "created_at, updated_at) VALUES (" P(1) ", " P(2) ", " P(3) ", " P(4) ", " P(5)
                    ", " P(6) ", " P(6) ") RETURNING id")
STMT(Q_USER_GET, "SELECT " USER_COLS " FROM users WHERE id = " P_INT(1))
STMT(Q_USER_AUTH, "SELECT id, password_hash, disabled FROM users WHERE username = " P_TEXT(1))
STMT(Q_USER_UPDATE, "UPDATE users SET display_name = " P(2) ", roles = " P(3) ", org_id = " P(4)
                    ", disabled = " P(5) ", updated_at = " P(6) ", version = version + 1 WHERE "
                    "id = " P_INT(1) " AND version = " P_INT(7) " RETURNING id")
STMT(Q_USER_SET_HASH, "UPDATE users SET password_hash = " P(2) ", updated_at = " P(3)
                      " WHERE id = " P_INT(1) " RETURNING id")
STMT(Q_USER_LIST, "SELECT u.id, u.username, u.display_name, u.roles, u.org_id, u.disabled, "
                  "u.version, u.created_at, u.updated_at FROM users u LEFT JOIN orgs o ON o.id = "
                  "u.org_id WHERE " USER_FILTERS " AND u.id > " P_INT(5) " ORDER BY u.id LIMIT "
                  P_INT(6))
STMT(Q_USER_COUNT,
     "SELECT count(*) FROM users u LEFT JOIN orgs o ON o.id = u.org_id WHERE " USER_FILTERS)
STMT(Q_USER_TOTAL, "SELECT count(*) FROM users")

/* sessions */
STMT(Q_SESSION_INSERT, "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) "
                       "VALUES (" P(1) ", " P(2) ", " P(3) ", " P(4) ", " P(5) ")")
STMT(Q_SESSION_GET, "SELECT u.id, u.username, u.display_name, u.roles, u.org_id, u.disabled, "
                    "u.version, u.created_at, u.updated_at, s.csrf, o.region, s.expires_at FROM "
                    "sessions s JOIN users u ON u.id = s.user_id LEFT JOIN orgs o ON o.id = "
                    "u.org_id WHERE s.token_hash = " P_TEXT(1) " AND s.revoked = 0 AND "
                    "s.expires_at > " P_INT(2) " AND u.disabled = 0")
STMT(Q_SESSION_REVOKE, "UPDATE sessions SET revoked = 1 WHERE token_hash = " P_TEXT(1)
                       " AND revoked = 0 RETURNING user_id")
STMT(Q_SESSION_REVOKE_USER, "UPDATE sessions SET revoked = 1 WHERE user_id = " P_INT(1)
                            " AND revoked = 0 AND (" P_TEXT(2) " IS NULL OR token_hash <> "
                            P_TEXT(2) ")")
STMT(Q_SESSION_PURGE, "DELETE FROM sessions WHERE expires_at <= " P_INT(1) " OR revoked = 1")

/* audit chain */
STMT(Q_AUDIT_HEAD, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
STMT(Q_AUDIT_INSERT, "INSERT INTO audit (" AUDIT_COLS ") VALUES (" P(1) ", " P(2) ", " P(3) ", "
                     P(4) ", " P(5) ", " P(6) ", " P(7) ", " P(8) ", " P(9) ", " P(10) ")")
STMT(Q_AUDIT_LIST, "SELECT " AUDIT_COLS " FROM audit WHERE (" P_TEXT(1) " IS NULL OR entity = "
                   P_TEXT(1) ") AND (" P_TEXT(2) " IS NULL OR entity_id = " P_TEXT(2) ") AND ("
                   P_INT(3) " = 0 OR seq < " P_INT(3) ") ORDER BY seq DESC LIMIT " P_INT(4))
STMT(Q_AUDIT_COUNT, "SELECT count(*) FROM audit WHERE (" P_TEXT(1) " IS NULL OR entity = "
                    P_TEXT(1) ") AND (" P_TEXT(2) " IS NULL OR entity_id = " P_TEXT(2) ")")
STMT(Q_AUDIT_SCAN,
     "SELECT " AUDIT_COLS " FROM audit WHERE seq > " P_INT(1) " ORDER BY seq LIMIT " P_INT(2))

/* change feed */
STMT(Q_CHANGE_INSERT, INSERT_LOCKED("changes (entity, entity_id, op, at)",
                                    P_TEXT(1) ", " P_INT(2) ", " P_TEXT(3) ", " P_TEXT(4)))
STMT(Q_CHANGES_SINCE, "SELECT seq, entity, entity_id, op, at FROM changes WHERE seq > " P_INT(1)
                      " ORDER BY seq LIMIT " P_INT(2))

/* achievements */
STMT(Q_ACH_INSERT, "INSERT INTO achievements (org_id, created_by, status, title, industry, "
                   "industry_section, region, trl, price_fen, transfer_modes, valid_until, data, "
                   "created_at, updated_at, published_at) VALUES (" P(1) ", " P(2) ", " P(3)
                   ", " P(4) ", " P(5) ", " P(6) ", " P(7) ", " P(8) ", " P(9) ", " P(10) ", "
                   P(11) ", " P(12) ", " P(13) ", " P(13) ", " P(14) ") RETURNING id")
STMT(Q_ACH_GET, "SELECT " ACH_COLS ", 0 FROM achievements a JOIN orgs o ON o.id = a.org_id WHERE "
                "a.id = " P_INT(1))
STMT(Q_ACH_UPDATE, "UPDATE achievements SET title = " P(2) ", industry = " P(3)
                   ", industry_section = " P(4) ", region = " P(5) ", trl = " P(6)
                   ", price_fen = " P(7) ", transfer_modes = " P(8) ", valid_until = " P(9)
                   ", data = " P(10) ", updated_at = " P(11) ", version = version + 1 WHERE id = "
                   P_INT(1) " AND version = " P_INT(12) " RETURNING id")
STMT(Q_ACH_SET_STATUS, "UPDATE achievements SET status = " P(2) ", updated_at = " P(3)
                       ", version = version + 1, published_at = coalesce(" P_TEXT(5)
                       ", published_at) WHERE id = " P_INT(1) " AND version = " P_INT(4)
                       " RETURNING id")
STMT(Q_ACH_DUE, "SELECT id FROM achievements WHERE status = 'published' AND valid_until IS NOT "
                "NULL AND valid_until < " P_TEXT(1) " ORDER BY id LIMIT 500")
STMT(Q_ACH_LIST_ID_DESC, ACH_LIST("a.id", "<", "DESC"))
STMT(Q_ACH_LIST_ID_ASC, ACH_LIST("a.id", ">", "ASC"))
STMT(Q_ACH_LIST_PRICE_ASC, ACH_LIST("coalesce(a.price_fen, -1)", ">", "ASC"))
STMT(Q_ACH_LIST_PRICE_DESC, ACH_LIST("coalesce(a.price_fen, -1)", "<", "DESC"))
STMT(Q_ACH_LIST_TRL_ASC, ACH_LIST("coalesce(a.trl, 0)", ">", "ASC"))
STMT(Q_ACH_LIST_TRL_DESC, ACH_LIST("coalesce(a.trl, 0)", "<", "DESC"))
STMT(Q_ACH_LIST_UPDATED_DESC, ACH_LIST(EPOCH("a.updated_at"), "<", "DESC"))
STMT(Q_ACH_COUNT, "SELECT count(*)" ACH_FROM)
STMT(Q_ACH_FACET_SECTION,
     "SELECT a.industry_section, count(*)" ACH_FROM " GROUP BY 1 ORDER BY 2 DESC, 1" NULLS_FIRST)
STMT(Q_ACH_FACET_CITY, "SELECT " LEFT("a.region", "4") ", count(*)" ACH_FROM
                       " GROUP BY 1 ORDER BY 2 DESC, 1" NULLS_FIRST)
STMT(Q_ACH_FACET_TRL, "SELECT a.trl, count(*)" ACH_FROM " GROUP BY 1 ORDER BY 1" NULLS_FIRST)
STMT(Q_ACH_BY_IDS, "SELECT " ACH_COLS ", 0 FROM achievements a JOIN orgs o ON o.id = a.org_id "
                   "WHERE a.id IN " IN_IDS(1))

/* demands */
STMT(Q_DEM_INSERT, "INSERT INTO demands (org_id, created_by, status, title, kind, industry, "
                   "industry_section, region, trl_min, budget_min_fen, budget_max_fen, "
                   "cooperation_modes, deadline, data, created_at, updated_at, published_at) "
                   "VALUES (" P(1) ", " P(2) ", " P(3) ", " P(4) ", " P(5) ", " P(6) ", " P(7)
                   ", " P(8) ", " P(9) ", " P(10) ", " P(11) ", " P(12) ", " P(13) ", " P(14)
                   ", " P(15) ", " P(15) ", " P(16) ") RETURNING id")
STMT(Q_DEM_GET, "SELECT " DEM_COLS ", 0 FROM demands a JOIN orgs o ON o.id = a.org_id WHERE "
                "a.id = " P_INT(1))
STMT(Q_DEM_UPDATE, "UPDATE demands SET title = " P(2) ", kind = " P(3) ", industry = " P(4)
                   ", industry_section = " P(5) ", region = " P(6) ", trl_min = " P(7)
                   ", budget_min_fen = " P(8) ", budget_max_fen = " P(9) ", cooperation_modes = "
                   P(10) ", deadline = " P(11) ", data = " P(12) ", updated_at = " P(13)
                   ", version = version + 1 WHERE id = " P_INT(1) " AND version = " P_INT(14)
                   " RETURNING id")
STMT(Q_DEM_SET_STATUS, "UPDATE demands SET status = " P(2) ", updated_at = " P(3)
                       ", version = version + 1, published_at = coalesce(" P_TEXT(5)
                       ", published_at) WHERE id = " P_INT(1) " AND version = " P_INT(4)
                       " RETURNING id")
STMT(Q_DEM_LIST_ID_DESC, DEM_LIST("a.id", "<", "DESC"))
STMT(Q_DEM_LIST_ID_ASC, DEM_LIST("a.id", ">", "ASC"))
STMT(Q_DEM_LIST_BUDGET_DESC, DEM_LIST("coalesce(a.budget_max_fen, -1)", "<", "DESC"))
STMT(Q_DEM_LIST_DEADLINE_ASC, DEM_LIST("coalesce(" EPOCH("a.deadline") ", 0)", ">", "ASC"))
STMT(Q_DEM_LIST_UPDATED_DESC, DEM_LIST(EPOCH("a.updated_at"), "<", "DESC"))
STMT(Q_DEM_COUNT, "SELECT count(*)" DEM_FROM)
STMT(Q_DEM_FACET_SECTION,
     "SELECT a.industry_section, count(*)" DEM_FROM " GROUP BY 1 ORDER BY 2 DESC, 1" NULLS_FIRST)
STMT(Q_DEM_FACET_CITY, "SELECT " LEFT("a.region", "4") ", count(*)" DEM_FROM
                       " GROUP BY 1 ORDER BY 2 DESC, 1" NULLS_FIRST)
STMT(Q_DEM_FACET_KIND,
     "SELECT a.kind, count(*)" DEM_FROM " GROUP BY 1 ORDER BY 2 DESC, 1" NULLS_FIRST)
STMT(Q_DEM_BY_IDS, "SELECT " DEM_COLS ", 0 FROM demands a JOIN orgs o ON o.id = a.org_id "
                   "WHERE a.id IN " IN_IDS(1))
STMT(Q_DEM_OF_ORGS, "SELECT " DEM_COLS ", 0 FROM demands a JOIN orgs o ON o.id = a.org_id "
                    "WHERE a.org_id IN " IN_IDS(1) " AND a.status <> 'draft' ORDER BY a.id DESC "
                    "LIMIT " P_INT(2))

/* the kinds of the shared table kind_records */
STMT(Q_KR_INSERT, "INSERT INTO kind_records (org_id, created_by, status, kind, title, region, "
                  "industry, industry_section, category, codes, money_lo, money_hi, parties, "
                  "parent_id, data, created_at, updated_at, published_at) VALUES (" P(1) ", "
                  P(2) ", " P(3) ", " P(4) ", " P(5) ", " P(6) ", " P(7) ", " P(8) ", " P(9)
                  ", " P(10) ", " P(11) ", " P(12) ", " P(13) ", " P(14) ", " P(15) ", " P(16)
                  ", " P(16) ", " P(17) ") RETURNING id")
STMT(Q_KR_GET, "SELECT " KR_COLS ", 0 FROM kind_records a JOIN orgs o ON o.id = a.org_id WHERE "
               "a.id = " P_INT(1) " AND a.kind = " P_TEXT(2))
STMT(Q_KR_UPDATE, "UPDATE kind_records SET title = " P(3) ", region = " P(4) ", industry = " P(5)
                  ", industry_section = " P(6) ", category = " P(7) ", codes = " P(8)
                  ", money_lo = " P(9) ", money_hi = " P(10) ", parties = " P(11)
                  ", parent_id = " P(12) ", data = " P(13) ", updated_at = " P(14)
                  ", version = version + 1 WHERE id = " P_INT(1) " AND kind = " P_TEXT(2)
                  " AND version = " P_INT(15) " RETURNING id")
STMT(Q_KR_SET_STATUS, "UPDATE kind_records SET status = " P(2) ", updated_at = " P(3)
                      ", version = version + 1, published_at = coalesce(" P_TEXT(5)
                      ", published_at) WHERE id = " P_INT(1) " AND version = " P_INT(4)
                      " RETURNING id")
STMT(Q_KR_LIST_ID_DESC, KR_LIST("a.id", "<", "DESC"))
STMT(Q_KR_LIST_ID_ASC, KR_LIST("a.id", ">", "ASC"))
STMT(Q_KR_LIST_MONEY_HI_DESC, KR_LIST("coalesce(a.money_hi, -1)", "<", "DESC"))
STMT(Q_KR_LIST_MONEY_LO_ASC, KR_LIST("coalesce(a.money_lo, -1)", ">", "ASC"))
STMT(Q_KR_LIST_UPDATED_DESC, KR_LIST(EPOCH("a.updated_at"), "<", "DESC"))
STMT(Q_KR_COUNT, "SELECT count(*)" KR_FROM)
STMT(Q_KR_FACET_CATEGORY,
     "SELECT a.category, count(*)" KR_FROM " GROUP BY 1 ORDER BY 2 DESC, 1" NULLS_FIRST)
STMT(Q_KR_FACET_CITY, "SELECT " LEFT("a.region", "4") ", count(*)" KR_FROM
                      " GROUP BY 1 ORDER BY 2 DESC, 1" NULLS_FIRST)
STMT(Q_KR_FACET_SECTION,
     "SELECT a.industry_section, count(*)" KR_FROM " GROUP BY 1 ORDER BY 2 DESC, 1" NULLS_FIRST)
STMT(Q_KR_BY_IDS, "SELECT " KR_COLS ", 0 FROM kind_records a JOIN orgs o ON o.id = a.org_id "
                  "WHERE a.id IN " IN_IDS(1) " AND a.kind = " P_TEXT(2))
STMT(Q_KR_CHILDREN, "SELECT " KR_COLS ", 0 FROM kind_records a JOIN orgs o ON o.id = a.org_id "
                    "WHERE a.kind = " P_TEXT(1) " AND a.parent_id = " P_INT(2) " AND (" P_TEXT(3)
                    " IS NULL OR a.status = " P_TEXT(3) ") ORDER BY a.id LIMIT " P_INT(4))
STMT(Q_KR_SCAN, "SELECT " KR_COLS ", 0 FROM kind_records a JOIN orgs o ON o.id = a.org_id WHERE "
                "a.kind = " P_TEXT(1) " AND a.id > " P_INT(2) " ORDER BY a.id LIMIT " P_INT(3))
/* 技术合同登记: registration numbers are YYYY + 6-digit region + 6-digit sequence; the year and
 * the sequence as in the unique index kind_records_regno (migration 008), which these use */
#define CT_REGNO     JSON_TEXT("data", "registration_no")
#define CT_REGNO_Y   "substr(" CT_REGNO ", 1, 4)"
#define CT_REGNO_SEQ "substr(" CT_REGNO ", 11, 6)"
STMT(Q_CT_REGNO_NEXT,
     "INSERT INTO contract_regno (year, last) VALUES (" P_INT(1) ", 1 + coalesce((SELECT "
     "max(CAST(" CT_REGNO_SEQ " AS integer)) FROM kind_records WHERE kind = 'contract' AND "
     CT_REGNO " IS NOT NULL AND " CT_REGNO_Y " = " P_TEXT(2) "), 0)) ON CONFLICT (year) DO "
     "UPDATE SET last = contract_regno.last + 1 RETURNING last")
STMT(Q_CT_REGNO_TAKEN, "SELECT 1 FROM kind_records WHERE kind = 'contract' AND " CT_REGNO
                       " IS NOT NULL AND " CT_REGNO_Y " = " P_TEXT(1) " AND " CT_REGNO_SEQ
                       " = " P_TEXT(2))
STMT(Q_CH_DUE, "SELECT id FROM kind_records WHERE kind = 'challenge' AND status = 'published' "
               "AND " JSON_TEXT("data", "deadline") " < " P_TEXT(1) " ORDER BY id LIMIT 500")
/* 政策兑现: the claims and the ledger of the applications (kinds/policy_application.c counted()
 * keeps them; these recount them the same way) */
#define PA_ROWS(states) " FROM kind_records WHERE kind = 'policy_application' AND status IN " states
#define PA_INT(f)       "CAST(" JSON_TEXT("data", f) " AS bigint)"
#define PA_APPROVED     "coalesce(" PA_INT("approved_fen") ", 0)"
#define PA_SUMS                                                                                    \
    "count(*), coalesce(sum(" PA_APPROVED "), 0), coalesce(sum(CASE WHEN status = 'paid' THEN "  \
    PA_APPROVED " ELSE 0 END), 0)"
STMT(Q_PC_GET, "SELECT application_id FROM policy_claims WHERE policy_id = " P_INT(1)
               " AND subject_id = " P_INT(2))
STMT(Q_PC_ADD, "INSERT INTO policy_claims (policy_id, subject_id, application_id) VALUES ("
               P_INT(1) ", " P_INT(2) ", " P_INT(3) ") ON CONFLICT (policy_id, subject_id) DO "
               "NOTHING")
STMT(Q_PC_DEL, "DELETE FROM policy_claims WHERE policy_id = " P_INT(1) " AND subject_id = "
               P_INT(2) " AND application_id = " P_INT(3))
STMT(Q_PC_CLEAR, "DELETE FROM policy_claims")
STMT(Q_PC_REBUILD, "INSERT INTO policy_claims (policy_id, subject_id, application_id) SELECT "
                   "parent_id, " PA_INT("subject_id") ", min(id)"
                   PA_ROWS("('submitted', 'reviewing', 'approved', 'paid')")
                   " AND parent_id IS NOT NULL AND " JSON_TEXT("data", "subject_id")
                   " IS NOT NULL GROUP BY 1, 2")
STMT(Q_PC_ALL, "SELECT policy_id, subject_id, application_id FROM policy_claims ORDER BY 1, 2")
STMT(Q_PC_OF_POLICY, "SELECT subject_id FROM policy_claims WHERE policy_id = " P_INT(1))
/* shared instruments: the slots of the bookings (kinds/resource.c counted() keeps them) */
STMT(Q_BS_ADD, "INSERT INTO booking_slots (booking_id, resource_id, start_at, end_at) VALUES ("
               P_INT(1) ", " P_INT(2) ", " P_TEXT(3) ", " P_TEXT(4) ") ON CONFLICT (booking_id) "
               "DO NOTHING")
STMT(Q_BS_DEL, "DELETE FROM booking_slots WHERE booking_id = " P_INT(1))
STMT(Q_BS_OVERLAP, "SELECT booking_id FROM booking_slots WHERE resource_id = " P_INT(1)
                   " AND end_at > " P_TEXT(2) " AND start_at < " P_TEXT(3) " AND booking_id <> "
                   P_INT(4) " ORDER BY booking_id LIMIT 1")
STMT(Q_BS_RANGE, "SELECT start_at, end_at FROM booking_slots WHERE resource_id = " P_INT(1)
                 " AND end_at > " P_TEXT(2) " AND start_at < " P_TEXT(3) " ORDER BY start_at")
STMT(Q_BS_CLEAR, "DELETE FROM booking_slots")
STMT(Q_BS_REBUILD, "INSERT INTO booking_slots (booking_id, resource_id, start_at, end_at) SELECT "
                   "id, parent_id, " JSON_TEXT("data", "start_at") ", " JSON_TEXT("data", "end_at")
                   " FROM kind_records WHERE kind = 'booking' AND status IN ('approved', "
                   "'in_use') AND parent_id IS NOT NULL AND " JSON_TEXT("data", "start_at")
                   " IS NOT NULL AND " JSON_TEXT("data", "end_at") " IS NOT NULL")
STMT(Q_VL_GET, "SELECT n, redeemed_fen FROM voucher_ledger WHERE voucher_id = " P_INT(1))
STMT(Q_VL_ADD, "INSERT INTO voucher_ledger (voucher_id, n, redeemed_fen) VALUES (" P_INT(1) ", "
               P_INT(2) ", " P_INT(3) ") ON CONFLICT (voucher_id) DO UPDATE SET n = "
               "voucher_ledger.n + excluded.n, redeemed_fen = voucher_ledger.redeemed_fen + "
               "excluded.redeemed_fen")
STMT(Q_VL_CLEAR, "DELETE FROM voucher_ledger")
STMT(Q_VL_REBUILD, "INSERT INTO voucher_ledger (voucher_id, n, redeemed_fen) SELECT CAST("
                   JSON_TEXT("data", "voucher_id") " AS bigint), count(*), sum(CAST("
                   JSON_TEXT("data", "voucher_fen") " AS bigint)) FROM kind_records WHERE kind = "
                   "'booking' AND status = 'charged' AND " JSON_TEXT("data", "voucher_id")
                   " IS NOT NULL AND coalesce(CAST(" JSON_TEXT("data", "voucher_fen")
                   " AS bigint), 0) > 0 GROUP BY 1")
STMT(Q_VL_ALL, "SELECT voucher_id, n, redeemed_fen FROM voucher_ledger WHERE n <> 0 OR "
               "redeemed_fen <> 0 ORDER BY 1")
STMT(Q_VC_DUE, "SELECT id FROM kind_records WHERE kind = 'voucher' AND status = 'issued' AND "
               JSON_TEXT("data", "valid_until") " < " P_TEXT(1) " ORDER BY id LIMIT 500")
STMT(Q_BS_ALL, "SELECT booking_id, resource_id, start_at, end_at FROM booking_slots ORDER BY 1")
STMT(Q_ORG_SCAN_REGION, "SELECT " ORG_COLS " FROM orgs WHERE (" P_TEXT(1) " IS NULL OR "
                        HAS_PREFIX("region", P_TEXT(1)) ") AND id > " P_INT(2) " ORDER BY id "
                        "LIMIT " P_INT(3))
STMT(Q_PL_GET, "SELECT n, committed_fen, paid_fen FROM policy_ledger WHERE policy_id = " P_INT(1)
               " AND org_id = " P_INT(2) " AND year = " P_INT4(3))
STMT(Q_PL_ADD, "INSERT INTO policy_ledger (policy_id, org_id, year, n, committed_fen, paid_fen) "
               "VALUES (" P_INT(1) ", " P_INT(2) ", " P_INT4(3) ", " P_INT(4) ", " P_INT(5) ", "
               P_INT(6) ") ON CONFLICT (policy_id, org_id, year) DO UPDATE SET n = "
               "policy_ledger.n + excluded.n, committed_fen = policy_ledger.committed_fen + "
               "excluded.committed_fen, paid_fen = policy_ledger.paid_fen + excluded.paid_fen")
STMT(Q_PL_CLEAR, "DELETE FROM policy_ledger")
STMT(Q_PL_REBUILD,
     "INSERT INTO policy_ledger (policy_id, org_id, year, n, committed_fen, paid_fen) SELECT "
     "parent_id, 0, 0, " PA_SUMS PA_ROWS("('approved', 'paid')") " AND parent_id IS NOT NULL "
     "GROUP BY 1 UNION ALL SELECT parent_id, org_id, CAST(coalesce(substr(" JSON_TEXT("data",
     "approved_on") ", 1, 4), '0') AS integer), " PA_SUMS PA_ROWS("('approved', 'paid')")
     " AND parent_id IS NOT NULL GROUP BY 1, 2, 3")
STMT(Q_PL_ALL, "SELECT policy_id, org_id, year, n, committed_fen, paid_fen FROM policy_ledger "
               "WHERE n <> 0 OR committed_fen <> 0 OR paid_fen <> 0 ORDER BY 1, 2, 3")
/* 科技大市场: the listings' state (kinds/listing.c counted() keeps it, domain/market.c reads it) */
#define MS_COLS                                                                                    \
    "mode, phase, due_at, auction_kind, start_fen, increment_fen, reserve_fen, starts_at, "        \
    "ends_at, extend_s, best_fen, best_bid_id, best_org_id, nbids, objections, seq"
STMT(Q_MS_GET, "SELECT " MS_COLS " FROM market_state WHERE listing_id = " P_INT(1))
STMT(Q_MS_PUT, "INSERT INTO market_state (listing_id, " MS_COLS ") VALUES (" P_INT(1) ", "
               P_TEXT(2) ", " P_TEXT(3) ", " P_INT(4) ", " P_TEXT(5) ", " P_INT(6) ", " P_INT(7)
               ", " P_INT(8) ", " P_INT(9) ", " P_INT(10) ", " P_INT(11) ", " P_INT(12) ", "
               P_INT(13) ", " P_INT(14) ", " P_INT(15) ", " P_INT(16) ", " P_INT(17)
               ") ON CONFLICT (listing_id) DO UPDATE SET mode = excluded.mode, phase = "
               "excluded.phase, due_at = excluded.due_at, auction_kind = excluded.auction_kind, "
               "start_fen = excluded.start_fen, increment_fen = excluded.increment_fen, "
               "reserve_fen = excluded.reserve_fen, starts_at = excluded.starts_at, ends_at = "
               "excluded.ends_at, extend_s = excluded.extend_s, best_fen = excluded.best_fen, "
               "best_bid_id = excluded.best_bid_id, best_org_id = excluded.best_org_id, nbids = "
               "excluded.nbids, objections = excluded.objections, seq = excluded.seq")
STMT(Q_MS_DUE, "SELECT listing_id, phase FROM market_state WHERE due_at IS NOT NULL AND due_at <= "
               P_INT(1) " AND (phase <> 'publicity' OR objections = 0) ORDER BY due_at, listing_id "
               "LIMIT " P_INT(2))
STMT(Q_MS_CLEAR, "DELETE FROM market_state")
STMT(Q_MS_ALL, "SELECT listing_id, " MS_COLS " FROM market_state ORDER BY listing_id")
STMT(Q_KR_CHILDREN_DESC, "SELECT " KR_COLS ", 0 FROM kind_records a JOIN orgs o ON o.id = "
                         "a.org_id WHERE a.kind = " P_TEXT(1) " AND a.parent_id = " P_INT(2)
                         " ORDER BY a.id DESC LIMIT " P_INT(3))
STMT(Q_FS_ADD, "INSERT INTO finance_stats (dim, key, n, granted_fen) VALUES (" P_TEXT(1) ", "
               P_TEXT(2) ", " P_INT(3) ", " P_INT(4) ") ON CONFLICT (dim, key) DO UPDATE SET n = "
               "finance_stats.n + excluded.n, granted_fen = finance_stats.granted_fen + "
               "excluded.granted_fen")
STMT(Q_FS_CLEAR, "DELETE FROM finance_stats")
STMT(Q_FS_ALL, "SELECT dim, key, n, granted_fen FROM finance_stats WHERE n <> 0 OR granted_fen "
               "<> 0 ORDER BY dim, key")
STMT(Q_FS_DIM, "SELECT key, n, granted_fen FROM finance_stats WHERE dim = " P_TEXT(1) " AND key "
               "LIKE " P_TEXT(2) " || '%' AND (n <> 0 OR granted_fen <> 0) ORDER BY key")
#define EXP_COLS "user_id, title, fields, sections, specialty, availability, conflict_orgs, updated_at"
#define PM_COLS  "panel_id, user_id, status, note, invited_by, invited_at, updated_at"
STMT(Q_EXP_GET, "SELECT " EXP_COLS " FROM expert_profiles WHERE user_id = " P_INT(1))
STMT(Q_EXP_PUT, "INSERT INTO expert_profiles (" EXP_COLS ") VALUES (" P_INT(1) ", " P_TEXT(2) ", "
                P_TEXT(3) ", " P_TEXT(4) ", " P_TEXT(5) ", " P_TEXT(6) ", " P_TEXT(7) ", " P_TEXT(8)
                ") ON CONFLICT (user_id) DO UPDATE SET title = excluded.title, fields = "
                "excluded.fields, sections = excluded.sections, specialty = excluded.specialty, availability = "
                "excluded.availability, conflict_orgs = excluded.conflict_orgs, updated_at = "
                "excluded.updated_at")
STMT(Q_EXP_MATCHING, "SELECT p.user_id, p.title, p.fields, p.sections, p.specialty, "
                     "p.availability, p.conflict_orgs, p.updated_at, u.display_name, u.org_id, "
                     "u.roles, u.disabled, o.name FROM expert_profiles p JOIN users u ON u.id = "
                     "p.user_id LEFT JOIN orgs o ON o.id = u.org_id WHERE "
                     CONTAINS("p.sections", P_TEXT(1)) " ORDER BY p.user_id LIMIT " P_INT(2))
STMT(Q_PM_GET, "SELECT " PM_COLS " FROM panel_members WHERE panel_id = " P_INT(1)
               " AND user_id = " P_INT(2))
STMT(Q_PM_PUT, "INSERT INTO panel_members (" PM_COLS ") VALUES (" P_INT(1) ", " P_INT(2) ", "
               P_TEXT(3) ", " P_TEXT(4) ", " P_INT(5) ", " P_TEXT(6) ", " P_TEXT(6) ") ON "
               "CONFLICT (panel_id, user_id) DO UPDATE SET status = excluded.status, note = "
               "excluded.note, updated_at = excluded.updated_at")
STMT(Q_PM_LIST, "SELECT m.panel_id, m.user_id, m.status, m.note, m.invited_by, m.invited_at, "
                "m.updated_at, u.display_name, u.org_id, o.name FROM panel_members m JOIN users u "
                "ON u.id = m.user_id LEFT JOIN orgs o ON o.id = u.org_id WHERE m.panel_id = "
                P_INT(1) " ORDER BY m.invited_at, m.user_id")
STMT(Q_PM_MINE, "SELECT m.panel_id, m.user_id, m.status, m.note, m.invited_by, m.invited_at, "
                "m.updated_at, k.status, k.data, k.org_id, (SELECT count(*) FROM panel_scores s "
                "WHERE s.panel_id = m.panel_id AND s.user_id = m.user_id) FROM panel_members m "
                "JOIN kind_records k ON k.id = m.panel_id WHERE m.user_id = " P_INT(1)
                " AND m.panel_id < " P_INT(2) " AND m.status <> 'withdrawn' AND k.status <> "
                "'draft' ORDER BY m.panel_id DESC LIMIT " P_INT(3))
STMT(Q_PS_PUT, "INSERT INTO panel_scores (panel_id, user_id, item_id, scores, total_c, comment, at) "
               "VALUES (" P_INT(1) ", " P_INT(2) ", " P_INT(3) ", " P_TEXT(4) ", " P_INT(5) ", "
               P_TEXT(6) ", " P_TEXT(7) ") ON CONFLICT (panel_id, user_id, item_id) DO UPDATE SET "
               "scores = excluded.scores, total_c = excluded.total_c, comment = excluded.comment, "
               "at = excluded.at")
STMT(Q_PS_LIST, "SELECT user_id, item_id, scores, total_c, comment, at FROM panel_scores WHERE "
                "panel_id = " P_INT(1) " ORDER BY item_id, user_id")
STMT(Q_PS_OF_USER, "SELECT item_id, scores, total_c, comment, at FROM panel_scores WHERE panel_id = "
                   P_INT(1) " AND user_id = " P_INT(2) " ORDER BY item_id")
STMT(Q_PS_CLEAR, "DELETE FROM panel_scores WHERE panel_id = " P_INT(1) " AND user_id = " P_INT(2))
STMT(Q_COWORK, "SELECT org_id FROM achievements WHERE created_by = " P_INT(1) " AND created_at >= "
               P_TEXT(2) " UNION SELECT org_id FROM demands WHERE created_by = " P_INT(1)
               " AND created_at >= " P_TEXT(2) " UNION SELECT org_id FROM kind_records WHERE "
               "created_by = " P_INT(1) " AND created_at >= " P_TEXT(2))
#undef EXP_COLS
#undef PM_COLS
STMT(Q_RC_ADD, "INSERT INTO record_counts (entity, id, key, n) VALUES (" P_TEXT(1) ", " P_INT(2)
               ", " P_TEXT(3) ", " P_INT(4) ") ON CONFLICT (entity, id, key) DO UPDATE SET n = "
               "record_counts.n + excluded.n")
STMT(Q_RC_GET, "SELECT key, n FROM record_counts WHERE entity = " P_TEXT(1) " AND id = " P_INT(2)
               " AND n <> 0 ORDER BY key")
STMT(Q_RC_CLEAR, "DELETE FROM record_counts")
STMT(Q_RC_ALL, "SELECT entity, id, key, n FROM record_counts WHERE n <> 0 ORDER BY entity, id, key")
STMT(Q_RC_TOP, "SELECT r.id, r.n, u.display_name, u.org_id, o.name FROM record_counts r JOIN users "
               "u ON u.id = r.id LEFT JOIN orgs o ON o.id = u.org_id WHERE r.entity = " P_TEXT(1)
               " AND r.key = " P_TEXT(2) " AND r.n > 0 AND EXISTS (SELECT 1 FROM record_counts x "
               "WHERE x.entity = r.entity AND x.id = r.id AND x.key >= 'on:' AND x.key < 'on;' "
               "AND x.n > 0) ORDER BY r.n DESC, r.id LIMIT " P_INT(3))
STMT(Q_RC_OF_IDS, "SELECT id, key, n FROM record_counts WHERE entity = " P_TEXT(1) " AND id IN "
                  IN_IDS(2) " AND n <> 0 ORDER BY id, key")
STMT(Q_KR_CHILD_OF_ORG, "SELECT id FROM kind_records WHERE kind = " P_TEXT(1) " AND parent_id = "
                        P_INT(2) " AND org_id = " P_INT(3) " AND status = " P_TEXT(4)
                        " ORDER BY id LIMIT 1")
STMT(Q_CT_STAT_ADD, "INSERT INTO contract_stats (dim, key, n, amount_fen, tech_income_fen) VALUES ("
                    P_TEXT(1) ", " P_TEXT(2) ", " P_INT(3) ", " P_INT(4) ", " P_INT(5) ") ON "
                    "CONFLICT (dim, key) DO UPDATE SET n = contract_stats.n + excluded.n, "
                    "amount_fen = contract_stats.amount_fen + excluded.amount_fen, "
                    "tech_income_fen = contract_stats.tech_income_fen + excluded.tech_income_fen")
STMT(Q_CT_STAT_CLEAR, "DELETE FROM contract_stats")
/* the cells of kinds/contract.c counted(), as GROUP BYs over the registered contracts */
#define CT_J(f)   "coalesce(" JSON_TEXT("data", f) ", '')"
#define CT_SUMS   "count(*), coalesce(sum(money_lo), 0), coalesce(sum(CAST(coalesce(" JSON_TEXT("data", "tech_income_fen") ", '0') AS bigint)), 0)"
#define CT_ROWS   " FROM kind_records WHERE kind = 'contract' AND status = 'registered'"
#define CT_CELL(dim, key) " UNION ALL SELECT '" dim "', " key ", " CT_SUMS CT_ROWS " GROUP BY 2"
STMT(Q_CT_STAT_REBUILD,
     "INSERT INTO contract_stats (dim, key, n, amount_fen, tech_income_fen) "
     "SELECT 'all', ''," CT_SUMS CT_ROWS " HAVING count(*) > 0"
     CT_CELL("seller_region", "coalesce(region, '')")
     CT_CELL("buyer_region", CT_J("buyer_region"))
     CT_CELL("type", "coalesce(category, '')")
     CT_CELL("section", "coalesce(industry_section, '')")
     CT_CELL("kinds", CT_J("seller_kind") " || '>' || " CT_J("buyer_kind"))
     CT_CELL("month", "substr(" CT_J("signed_on") ", 1, 7)")
     CT_CELL("year", "substr(" CT_J("signed_on") ", 1, 4)"))
STMT(Q_CT_STAT_ALL, "SELECT dim, key, n, amount_fen, tech_income_fen FROM contract_stats WHERE "
                    "n <> 0 OR amount_fen <> 0 OR tech_income_fen <> 0 ORDER BY dim, key")

/* revisions */
STMT(Q_REV_INSERT, "INSERT INTO revisions (entity, entity_id, version, at, actor, action, "
                   "comment, status, data) VALUES (" P(1) ", " P(2) ", " P(3) ", " P(4) ", "
                   P(5) ", " P(6) ", " P(7) ", " P(8) ", " P(9) ")")
STMT(Q_REV_LIST, "SELECT version, at, actor, action, comment, status, data FROM revisions WHERE "
                 "entity = " P_TEXT(1) " AND entity_id = " P_INT(2) " ORDER BY version")

/* access requests */
STMT(Q_ACC_INSERT, "INSERT INTO access_requests (achievement_id, requester_id, reason, status, "
                   "created_at) VALUES (" P(1) ", " P(2) ", " P(3) ", 'pending', " P(4)
                   ") RETURNING id")
STMT(Q_ACC_GET, "SELECT " ACC_COLS " FROM access_requests r JOIN users u ON u.id = "
                "r.requester_id WHERE r.id = " P_INT(1))
STMT(Q_ACC_DECIDE, "UPDATE access_requests SET status = " P(2) ", comment = " P(3)
                   ", decided_by = " P(4) ", decided_at = " P(5) " WHERE id = " P_INT(1)
                   " AND status = " P_TEXT(6) " RETURNING id")
STMT(Q_ACC_CLOSE_PENDING, "UPDATE access_requests SET status = 'declined', comment = " P_TEXT(2)
                          ", decided_at = " P_TEXT(3) " WHERE achievement_id = " P_INT(1)
                          " AND status = 'pending' RETURNING id, requester_id")
STMT(Q_ACC_LIST, "SELECT " ACC_COLS " FROM access_requests r JOIN users u ON u.id = "
                 "r.requester_id WHERE (" P_INT(1) " IS NULL OR r.achievement_id = " P_INT(1)
                 ") AND (" P_INT(2) " IS NULL OR r.requester_id = " P_INT(2) ") AND (" P_TEXT(3)
                 " IS NULL OR r.status = " P_TEXT(3) ") AND r.id > " P_INT(4)
                 " ORDER BY r.id LIMIT " P_INT(5))
STMT(Q_ACC_GRANTED, "SELECT id FROM access_requests WHERE achievement_id = " P_INT(1)
                    " AND requester_id = " P_INT(2) " AND status = 'approved' ORDER BY id LIMIT 1")
STMT(Q_ACC_PENDING, "SELECT id FROM access_requests WHERE achievement_id = " P_INT(1)
                    " AND requester_id = " P_INT(2) " AND status = 'pending' ORDER BY id LIMIT 1")
STMT(Q_ACC_INBOX, "SELECT " ACC_COLS ", a.title, a.status, u.org_id, o.name, a.org_id"
                  ACC_INBOX_FROM " AND (" P_INT(4) " = 0 OR r.id < " P_INT(4)
                  ") ORDER BY r.id DESC LIMIT " P_INT(5))
STMT(Q_ACC_INBOX_COUNT, "SELECT count(*)" ACC_INBOX_FROM)

/* notifications */
STMT(Q_NOTE_INSERT, "INSERT INTO notifications (user_id, at, kind, entity, entity_id, message) "
                    "VALUES (" P(1) ", " P(2) ", " P(3) ", " P(4) ", " P(5) ", " P(6) ")")
STMT(Q_NOTE_LIST, "SELECT id, at, kind, entity, entity_id, message, read_at FROM notifications "
                  "WHERE user_id = " P_INT(1) " AND (" P_INT(2) " = 0 OR read_at IS NULL) AND ("
                  P_INT(3) " = 0 OR id < " P_INT(3) ") ORDER BY id DESC LIMIT " P_INT(4))
STMT(Q_NOTE_COUNT, "SELECT count(*) FROM notifications WHERE user_id = " P_INT(1) " AND ("
                   P_INT(2) " = 0 OR read_at IS NULL)")
STMT(Q_NOTE_READ, "UPDATE notifications SET read_at = coalesce(read_at, " P_TEXT(3)
                  ") WHERE id = " P_INT(1) " AND user_id = " P_INT(2) " RETURNING id")
STMT(Q_ORG_MEMBERS, "SELECT id FROM users WHERE org_id = " P_INT(1) " AND disabled = 0 AND "
                    CONTAINS("',' || roles || ','", "',' || " P_TEXT(2) " || ','") " ORDER BY id")

/* statistics */
STMT(Q_STAT_ADD, "INSERT INTO stat_counts (kind, dim, key, status, n) VALUES (" P_TEXT(1) ", "
                 P_TEXT(2) ", " P_TEXT(3) ", " P_TEXT(4) ", " P_INT(5) ") ON CONFLICT (kind, dim, "
                 "key, status) DO UPDATE SET n = stat_counts.n + excluded.n")
STMT(Q_STAT_CLEAR, "DELETE FROM stat_counts")
/* the same text as the end of migration 004 */
STMT(Q_STAT_REBUILD,
    "INSERT INTO stat_counts (kind, dim, key, status, n) "
    "SELECT 'achievement', 'all', '', status, count(*) FROM achievements GROUP BY status "
    "UNION ALL SELECT 'achievement', 'section', coalesce(industry_section, ''), status, count(*) FROM achievements GROUP BY coalesce(industry_section, ''), status "
    "UNION ALL SELECT 'achievement', 'region', coalesce(region, ''), status, count(*) FROM achievements GROUP BY coalesce(region, ''), status "
    "UNION ALL SELECT 'achievement', 'month', substr(created_at, 1, 7), status, count(*) FROM achievements GROUP BY substr(created_at, 1, 7), status "
    "UNION ALL SELECT 'demand', 'all', '', status, count(*) FROM demands GROUP BY status "
    "UNION ALL SELECT 'demand', 'section', coalesce(industry_section, ''), status, count(*) FROM demands GROUP BY coalesce(industry_section, ''), status "
    "UNION ALL SELECT 'demand', 'region', coalesce(region, ''), status, count(*) FROM demands GROUP BY coalesce(region, ''), status "
    "UNION ALL SELECT 'demand', 'month', substr(created_at, 1, 7), status, count(*) FROM demands GROUP BY substr(created_at, 1, 7), status "
    "UNION ALL SELECT kind, 'all', '', status, count(*) FROM kind_records GROUP BY kind, status "
    "UNION ALL SELECT kind, 'section', industry_section, status, count(*) FROM kind_records WHERE industry_section IS NOT NULL GROUP BY kind, industry_section, status "
    "UNION ALL SELECT kind, 'region', coalesce(region, ''), status, count(*) FROM kind_records GROUP BY kind, coalesce(region, ''), status "
    "UNION ALL SELECT kind, 'month', substr(created_at, 1, 7), status, count(*) FROM kind_records GROUP BY kind, substr(created_at, 1, 7), status "
    "UNION ALL SELECT 'org', 'all', '', kind, count(*) FROM orgs GROUP BY kind "
    "UNION ALL SELECT 'org', 'region', coalesce(region, ''), kind, count(*) FROM orgs GROUP BY coalesce(region, ''), kind "
    "UNION ALL SELECT 'org', 'month', substr(created_at, 1, 7), kind, count(*) FROM orgs GROUP BY substr(created_at, 1, 7), kind")
STMT(Q_STAT_SUM, "SELECT NULLIF(" LEFT("key", P_INT4(4)) ", ''), sum(n) FROM stat_counts WHERE "
                 "kind = " P_TEXT(1) " AND dim = " P_TEXT(2) " AND (" P_TEXT(3) " IS NULL OR "
                 "status = " P_TEXT(3) ") AND (" P_TEXT(5) " IS NULL OR key >= " P_TEXT(5) ") "
                 "GROUP BY 1 HAVING sum(n) > 0 ORDER BY 1" NULLS_FIRST)
/* the overview's counts in one statement: (part, kind, key, n) — part "status" (every
 * status), "section" and "city" (published; the region's first four digits) and "month"
 * (created since ?1, "YYYY-MM") */
#define STAT_KINDS " AND kind IN ('achievement', 'demand', 'org') "
STMT(Q_STAT_OVERVIEW,
     "SELECT 'status', kind, status, sum(n) FROM stat_counts WHERE dim = 'all'" STAT_KINDS
     "GROUP BY kind, status HAVING sum(n) > 0 "
     "UNION ALL SELECT 'section', kind, NULLIF(key, ''), sum(n) FROM stat_counts WHERE "
     "dim = 'section' AND status = 'published'" STAT_KINDS "GROUP BY kind, key HAVING sum(n) > 0 "
     "UNION ALL SELECT 'city', kind, NULLIF(" LEFT("key", "4") ", ''), sum(n) FROM stat_counts "
     "WHERE dim = 'region' AND status = 'published'" STAT_KINDS "GROUP BY kind, " LEFT("key", "4")
     " HAVING sum(n) > 0 "
     "UNION ALL SELECT 'month', kind, key, sum(n) FROM stat_counts WHERE dim = 'month' AND "
     "key >= " P_TEXT(1) STAT_KINDS "GROUP BY kind, key HAVING sum(n) > 0 "
     "ORDER BY 1, 2, 3" NULLS_FIRST)
#undef STAT_KINDS
STMT(Q_STAT_ALL, "SELECT kind, dim, key, status, n FROM stat_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4")

/* search index feed */
STMT(Q_ACH_SCAN, "SELECT " ACH_COLS ", 0 FROM achievements a JOIN orgs o ON o.id = a.org_id "
                 "WHERE a.id > " P_INT(1) " ORDER BY a.id LIMIT " P_INT(2))
STMT(Q_DEM_SCAN, "SELECT " DEM_COLS ", 0 FROM demands a JOIN orgs o ON o.id = a.org_id WHERE "
                 "a.id > " P_INT(1) " ORDER BY a.id LIMIT " P_INT(2))
STMT(Q_CHANGES_HEAD, "SELECT coalesce(max(seq), 0) FROM changes")
STMT(Q_CHANGES_TAIL, "SELECT coalesce(min(seq), 0) FROM changes")
STMT(Q_DB_IDENTITY, "SELECT value FROM db_identity WHERE id = 1")
STMT(Q_DB_IDENTITY_SET, "UPDATE db_identity SET value = " P_TEXT(1) " WHERE id = 1")

/* login throttling. The upsert names the row already stored through the alias t: PostgreSQL
 * wants the columns of the target qualified there, SQLite accepts either. */
STMT(Q_THROTTLE_GET, "SELECT count, window_start FROM login_throttle WHERE key = " P_TEXT(1)
                     " AND window_start > " P_INT(2) " - " P_INT(3))
STMT(Q_THROTTLE_HIT, "INSERT INTO login_throttle AS t (key, window_start, count) VALUES ("
                     P_TEXT(1) ", " P_INT(2) ", 1) ON CONFLICT (key) DO UPDATE SET count = CASE "
                     "WHEN t.window_start <= " P_INT(2) " - " P_INT(3) " THEN 1 ELSE t.count + 1 "
                     "END, window_start = CASE WHEN t.window_start <= " P_INT(2) " - " P_INT(3)
                     " THEN " P_INT(2) " ELSE t.window_start END")
STMT(Q_THROTTLE_UNHIT, "UPDATE login_throttle SET count = count - 1 WHERE key = " P_TEXT(1)
                       " AND count > 0 AND window_start > " P_INT(2) " - " P_INT(3))
STMT(Q_THROTTLE_RESET, "DELETE FROM login_throttle WHERE key = " P_TEXT(1))
STMT(Q_THROTTLE_PURGE,
     "DELETE FROM login_throttle WHERE window_start <= " P_INT(1) " - " P_INT(2))

/* backup and restore */
STMT(Q_DUMP_ORGS, "SELECT " KZ_T_ORGS " FROM orgs ORDER BY id")
STMT(Q_DUMP_USERS, "SELECT " KZ_T_USERS " FROM users ORDER BY id")
STMT(Q_DUMP_SESSIONS, "SELECT " KZ_T_SESSIONS " FROM sessions ORDER BY token_hash")
STMT(Q_DUMP_ACHIEVEMENTS, "SELECT " KZ_T_ACHIEVEMENTS " FROM achievements ORDER BY id")
STMT(Q_DUMP_DEMANDS, "SELECT " KZ_T_DEMANDS " FROM demands ORDER BY id")
STMT(Q_DUMP_KIND_RECORDS, "SELECT " KZ_T_KIND_RECORDS " FROM kind_records ORDER BY id")
STMT(Q_DUMP_REVISIONS,
     "SELECT " KZ_T_REVISIONS " FROM revisions ORDER BY entity, entity_id, version")
STMT(Q_DUMP_ACCESS_REQUESTS, "SELECT " KZ_T_ACCESS_REQUESTS " FROM access_requests ORDER BY id")
STMT(Q_DUMP_NOTIFICATIONS, "SELECT " KZ_T_NOTIFICATIONS " FROM notifications ORDER BY id")
STMT(Q_DUMP_AUDIT, "SELECT " KZ_T_AUDIT " FROM audit ORDER BY seq")
STMT(Q_DUMP_CHANGES, "SELECT " KZ_T_CHANGES " FROM changes ORDER BY seq")
STMT(Q_LOAD_ORGS, "INSERT INTO orgs (" KZ_T_ORGS ") VALUES (" P(1) ", " P(2) ", " P(3) ", " P(4)
                  ", " P(5) ", " P(6) ", " P(7) ", " P(8) ", " P(9) ", " P(10) ", " P(11) ", "
                  P(12) ")")
STMT(Q_LOAD_USERS, "INSERT INTO users (" KZ_T_USERS ") VALUES (" P(1) ", " P(2) ", " P(3) ", "
                   P(4) ", " P(5) ", " P(6) ", " P(7) ", " P(8) ", " P(9) ", " P(10) ")")
STMT(Q_LOAD_SESSIONS, "INSERT INTO sessions (" KZ_T_SESSIONS ") VALUES (" P(1) ", " P(2) ", "
                      P(3) ", " P(4) ", " P(5) ", " P(6) ")")
STMT(Q_LOAD_ACHIEVEMENTS, "INSERT INTO achievements (" KZ_T_ACHIEVEMENTS ") VALUES (" P(1) ", "
                          P(2) ", " P(3) ", " P(4) ", " P(5) ", " P(6) ", " P(7) ", " P(8) ", "
                          P(9) ", " P(10) ", " P(11) ", " P(12) ", " P(13) ", " P(14) ", "
                          P(15) ", " P(16) ", " P(17) ")")
STMT(Q_LOAD_DEMANDS, "INSERT INTO demands (" KZ_T_DEMANDS ") VALUES (" P(1) ", " P(2) ", " P(3)
                     ", " P(4) ", " P(5) ", " P(6) ", " P(7) ", " P(8) ", " P(9) ", " P(10) ", "
                     P(11) ", " P(12) ", " P(13) ", " P(14) ", " P(15) ", " P(16) ", " P(17)
                     ", " P(18) ", " P(19) ")")
STMT(Q_LOAD_KIND_RECORDS, "INSERT INTO kind_records (" KZ_T_KIND_RECORDS ") VALUES (" P(1) ", "
                          P(2) ", " P(3) ", " P(4) ", " P(5) ", " P(6) ", " P(7) ", " P(8) ", "
                          P(9) ", " P(10) ", " P(11) ", " P(12) ", " P(13) ", " P(14) ", " P(15)
                          ", " P(16) ", " P(17) ", " P(18) ", " P(19) ", " P(20) ")")
STMT(Q_LOAD_REVISIONS, "INSERT INTO revisions (" KZ_T_REVISIONS ") VALUES (" P(1) ", " P(2) ", "
                       P(3) ", " P(4) ", " P(5) ", " P(6) ", " P(7) ", " P(8) ", " P(9) ")")
STMT(Q_LOAD_ACCESS_REQUESTS, "INSERT INTO access_requests (" KZ_T_ACCESS_REQUESTS ") VALUES ("
                             P(1) ", " P(2) ", " P(3) ", " P(4) ", " P(5) ", " P(6) ", " P(7)
                             ", " P(8) ", " P(9) ")")
STMT(Q_LOAD_NOTIFICATIONS, "INSERT INTO notifications (" KZ_T_NOTIFICATIONS ") VALUES (" P(1)
                           ", " P(2) ", " P(3) ", " P(4) ", " P(5) ", " P(6) ", " P(7) ", " P(8)
                           ")")
STMT(Q_LOAD_AUDIT, "INSERT INTO audit (" KZ_T_AUDIT ") VALUES (" P(1) ", " P(2) ", " P(3) ", "
                   P(4) ", " P(5) ", " P(6) ", " P(7) ", " P(8) ", " P(9) ", " P(10) ")")
STMT(Q_LOAD_CHANGES, "INSERT INTO changes (" KZ_T_CHANGES ") VALUES (" P(1) ", " P(2) ", " P(3)
                     ", " P(4) ", " P(5) ")")
STMT(Q_DUMP_EXPERT_PROFILES,
     "SELECT " KZ_T_EXPERT_PROFILES " FROM expert_profiles ORDER BY user_id")
STMT(Q_DUMP_PANEL_MEMBERS,
     "SELECT " KZ_T_PANEL_MEMBERS " FROM panel_members ORDER BY panel_id, user_id")
STMT(Q_DUMP_PANEL_SCORES,
     "SELECT " KZ_T_PANEL_SCORES " FROM panel_scores ORDER BY panel_id, user_id, item_id")
STMT(Q_LOAD_EXPERT_PROFILES, "INSERT INTO expert_profiles (" KZ_T_EXPERT_PROFILES ") VALUES ("
                             P(1) ", " P(2) ", " P(3) ", " P(4) ", " P(5) ", " P(6) ", " P(7)
                             ", " P(8) ")")
STMT(Q_LOAD_PANEL_MEMBERS, "INSERT INTO panel_members (" KZ_T_PANEL_MEMBERS ") VALUES (" P(1)
                           ", " P(2) ", " P(3) ", " P(4) ", " P(5) ", " P(6) ", " P(7) ")")
STMT(Q_LOAD_PANEL_SCORES, "INSERT INTO panel_scores (" KZ_T_PANEL_SCORES ") VALUES (" P(1) ", "
                          P(2) ", " P(3) ", " P(4) ", " P(5) ", " P(6) ", " P(7) ")")
STMT(Q_LOAD_ROWS, "SELECT (SELECT count(*) FROM orgs) + (SELECT count(*) FROM users) + (SELECT "
                  "count(*) FROM sessions) + (SELECT count(*) FROM achievements) + (SELECT "
                  "count(*) FROM demands) + (SELECT count(*) FROM kind_records) + (SELECT count(*) FROM revisions) + (SELECT count(*) "
                  "FROM access_requests) + (SELECT count(*) FROM notifications) + (SELECT "
                  "count(*) FROM audit) + (SELECT count(*) FROM changes) + (SELECT count(*) FROM "
                  "expert_profiles) + (SELECT count(*) FROM panel_members) + (SELECT count(*) "
                  "FROM panel_scores)")
/* Per backend: an INTEGER PRIMARY KEY continues after the largest id and AUTOINCREMENT kept
 * sqlite_sequence up to date while inserting, so SQLite has nothing to do; PostgreSQL's
 * identities do not move for explicit ids and are set past the largest restored one. */
STMT_EACH(Q_LOAD_RESEQ, "SELECT 1",
          "SELECT setval(pg_get_serial_sequence('orgs', 'id'), coalesce((SELECT max(id) FROM "
          "orgs), 0) + 1, false), setval(pg_get_serial_sequence('users', 'id'), "
          "coalesce((SELECT max(id) FROM users), 0) + 1, false), "
          "setval(pg_get_serial_sequence('achievements', 'id'), coalesce((SELECT max(id) FROM "
          "achievements), 0) + 1, false), setval(pg_get_serial_sequence('demands', 'id'), "
          "coalesce((SELECT max(id) FROM demands), 0) + 1, false), "
          "setval(pg_get_serial_sequence('kind_records', 'id'), coalesce((SELECT max(id) FROM "
          "kind_records), 0) + 1, false), "
          "setval(pg_get_serial_sequence('access_requests', 'id'), coalesce((SELECT max(id) FROM "
          "access_requests), 0) + 1, false), setval(pg_get_serial_sequence('notifications', "
          "'id'), coalesce((SELECT max(id) FROM notifications), 0) + 1, false), "
          "setval(pg_get_serial_sequence('changes', 'seq'), coalesce((SELECT max(seq) FROM "
          "changes), 0) + 1, false)")

#undef STMT
#undef STMT_EACH
#undef HAS_PREFIX
#undef CONTAINS
#undef ORG_COLS
#undef ORG_FILTERS
#undef USER_COLS
#undef USER_FILTERS
#undef AUDIT_COLS
#undef ACH_COLS
#undef ACH_VIS
#undef ACH_FILTERS
#undef ACH_FROM
#undef ACH_LIST
#undef DEM_COLS
#undef DEM_VIS
#undef DEM_FILTERS
#undef DEM_FROM
#undef DEM_LIST
#undef ACC_COLS
#undef ACC_INBOX_FROM
/* clang-format on */
