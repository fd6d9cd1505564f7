/* sqlite_sql.c — the SQLite text of every statement: the one catalogue of SQL (stmts_sql.h)
 * expanded with SQLite's spelling of what the dialects write differently (the macros are
 * described there; pg_sql.c has PostgreSQL's). Nothing else belongs here. */
#include "sqlite_sql.h"

/* SQLite needs no parameter types: ?n whatever the value */
#define P(n)      "?" #n
#define P_INT(n)  "?" #n
#define P_TEXT(n) "?" #n
#define P_INT4(n) "?" #n

#define LEFT(x, n)          "substr(" x ", 1, " n ")"
#define INSTR(h, n)         "instr(" h ", " n ")"
#define JSON_TEXT(doc, key) "json_extract(" doc ", '$." key "')"
#define JSON_RAW(doc, key)  "json_extract(" doc ", '$." key "')"
#define EPOCH(x)            "unixepoch(" x ")"
/* NULLs sort first in ascending order already */
#define NULLS_FIRST ""
/* the WHERE clause may name a result column */
#define SORT_KEY(key) "k"
/* a write holds the database's one write lock anyway */
#define IN_IDS(n) "(SELECT value FROM json_each(?" #n "))"

#define INSERT_LOCKED(into, values) "INSERT INTO " into " VALUES (" values ")"

const char *const kz_sqlite_sql[Q__COUNT] = {
#define STMT(id, sql)             [id] = sql,
#define STMT_EACH(id, sqlite, pg) [id] = sqlite,
#include "stmts_sql.h"
};

/* one entry per statement: a missing one fails here, a second one for the same id fails the
 * build through -Woverride-init (part of -Wextra) */
enum {
    KZ_SQLITE_ENTRIES = 0
#define STMT(id, sql)             +1
#define STMT_EACH(id, sqlite, pg) +1
#include "stmts_sql.h"
};
_Static_assert((int)KZ_SQLITE_ENTRIES == (int)Q__COUNT,
               "stmts_sql.h: one entry per statement of stmts.h");
