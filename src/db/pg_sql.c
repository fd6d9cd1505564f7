/* pg_sql.c — the PostgreSQL text of every statement: the one catalogue of SQL (stmts_sql.h)
 * expanded with PostgreSQL's spelling of what the dialects write differently (the macros are
 * described there; sqlite_sql.c has SQLite's). Each statement answers exactly what its SQLite
 * text answers for the same parameters:
 *  - parameters carry explicit casts where the statement does not give their type (they are
 *    sent as text and must not be guessed);
 *  - instr() is strpos(), json_extract() is ->> / -> on data::json (the stored text is kept
 *    as written, so the extracted JSON text is the same bytes SQLite returns), unixepoch()
 *    is EPOCH();
 *  - ORDER BY breaks ties the same way and puts NULLs first, as SQLite does;
 *  - text compares bytewise (every text column is COLLATE "C", db/postgresql/001_init.sql). */
#include "pg_sql.h"

#define P(n)      "$" #n
#define P_INT(n)  "$" #n "::bigint"
#define P_TEXT(n) "$" #n "::text"
#define P_INT4(n) "$" #n "::int"

#define LEFT(x, n)          "left(" x ", " n ")"
#define INSTR(h, n)         "strpos(" h ", " n ")"
#define JSON_TEXT(doc, key) doc "::json ->> '" key "'"
#define JSON_RAW(doc, key)  "(" doc "::json -> '" key "')::text"
/* unixepoch(x): seconds since 1970 of an RFC 3339 time or a date, read as UTC */
#define EPOCH(x) "floor(extract(epoch FROM (" x ")::timestamp AT TIME ZONE 'UTC'))::bigint"
/* SQLite's order: NULLs before everything else when ascending */
#define NULLS_FIRST " NULLS FIRST"
/* WHERE cannot name a result column: the sort key's expression again */
#define SORT_KEY(key) key
/* The cluster-wide write lock (see pg.c); re-taken by the feed insert so that even a write
 * outside a transaction allocates its seq under it. */
#define IN_IDS(n) "(SELECT jsonb_array_elements_text($" #n "::jsonb)::bigint)"

#define WRITE_LOCK "pg_advisory_xact_lock(7739017220405248001)"
#define INSERT_LOCKED(into, values)                                                                \
    "WITH l AS (SELECT " WRITE_LOCK ") INSERT INTO " into " SELECT " values " FROM l"

const char *const kz_pg_sql[Q__COUNT] = {
#define STMT(id, sql)             [id] = sql,
#define STMT_EACH(id, sqlite, pg) [id] = pg,
#include "stmts_sql.h"
};

/* one entry per statement: a missing one fails here, a second one for the same id fails the
 * build through -Woverride-init (part of -Wextra) */
enum {
    KZ_PG_ENTRIES = 0
#define STMT(id, sql)             +1
#define STMT_EACH(id, sqlite, pg) +1
#include "stmts_sql.h"
};
_Static_assert((int)KZ_PG_ENTRIES == (int)Q__COUNT,
               "stmts_sql.h: one entry per statement of stmts.h");
