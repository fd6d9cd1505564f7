/* pg_sql.h — SQL text per catalogue entry for the PostgreSQL backend (static strings): the one
 * catalogue of SQL (stmts_sql.h) in PostgreSQL's dialect, expanded by pg_sql.c. */
#ifndef KZ_PG_SQL_H
#define KZ_PG_SQL_H
#include "stmts.h"
extern const char *const kz_pg_sql[Q__COUNT];
#endif
