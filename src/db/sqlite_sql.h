/* sqlite_sql.h — SQL text per catalogue entry for the SQLite backend (static strings): the one
 * catalogue of SQL (stmts_sql.h) in SQLite's dialect, expanded by sqlite_sql.c. */
#ifndef KZ_SQLITE_SQL_H
#define KZ_SQLITE_SQL_H
#include "stmts.h"
extern const char *const kz_sqlite_sql[Q__COUNT];
#endif
