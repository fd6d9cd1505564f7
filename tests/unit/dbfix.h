/* dbfix.h — a fresh, migrated database of either backend for the storage tests: a SQLite
 * file in a temporary directory, or a new database on the PostgreSQL server named by
 * KEZHUAN_TEST_PG (scripts/with-pg.sh starts one; without it the PostgreSQL tests skip).
 * Ownership: dbfix_open() returns a fixture that dbfix_close() frees (and drops). */
#ifndef KZ_DBFIX_H
#define KZ_DBFIX_H
#include "db/db.h"
#include "unit.h"
#include <libpq-fe.h>

typedef struct dbfix {
    bool pg;
    char *dir;       /* SQLite: the temporary directory */
    char url[700];   /* what db_open takes */
    char pgname[64]; /* PostgreSQL: the database made for this fixture */
    db_conn *c;      /* an open, migrated connection */
} dbfix;

static inline const char *dbfix_pg_admin(void)
{
    const char *u = getenv("KEZHUAN_TEST_PG");
    return u && *u ? u : NULL;
}

/* Runs one statement on the admin connection of the PostgreSQL test server. */
static inline void dbfix_pg_admin_exec(const char *sql)
{
    PGconn *a = PQconnectdb(dbfix_pg_admin());
    if (PQstatus(a) != CONNECTION_OK) fail_msg("admin connect: %s", PQerrorMessage(a));
    PGresult *r = PQexec(a, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
    PQfinish(a);
}

/* A URL for database name on the test server (the admin URL with its path replaced). */
static inline void dbfix_pg_url(const char *name, char *out, size_t n)
{
    const char *admin = dbfix_pg_admin();
    const char *slash = strrchr(admin, '/');
    snprintf(out, n, "%.*s/%s", (int)(slash - admin), admin, name);
}

/* NULL (after printing why) when pg is asked for and no server is configured. */
static inline dbfix *dbfix_open(bool pg)
{
    static int seq;
    if (pg && !dbfix_pg_admin()) return NULL;
    dbfix *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->pg = pg;
    if (pg) {
        snprintf(f->pgname, sizeof f->pgname, "kz_unit_%d_%d", (int)getpid(), ++seq);
        char sql[128];
        snprintf(sql, sizeof sql, "CREATE DATABASE %s", f->pgname);
        dbfix_pg_admin_exec(sql);
        dbfix_pg_url(f->pgname, f->url, sizeof f->url);
    } else {
        f->dir = kz_tmpdir();
        snprintf(f->url, sizeof f->url, "sqlite:%s/kezhuan.db", f->dir);
    }
    char err[512] = "";
    if (db_open(f->url, "FULL", &f->c, err, sizeof err) != DB_OK) fail_msg("db_open: %s", err);
    int from = -1, to = -1;
    if (f->c->backend->migrate(f->c, &from, &to, err, sizeof err) != DB_OK)
        fail_msg("migrate: %s", err);
    return f;
}

/* Another connection to the fixture's database. */
static inline db_conn *dbfix_conn(const dbfix *f)
{
    db_conn *c = NULL;
    char err[512] = "";
    if (db_open(f->url, "FULL", &c, err, sizeof err) != DB_OK) fail_msg("db_open: %s", err);
    return c;
}

static inline void dbfix_close(dbfix *f)
{
    if (!f) return;
    db_close(f->c);
    if (f->pg) {
        char sql[128];
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", f->pgname);
        dbfix_pg_admin_exec(sql);
    } else {
        /* the SQLite file and its -wal/-shm companions */
        kz_rmtree(f->dir);
        free(f->dir);
    }
    free(f);
}

/* What every storage test file shares: the teardown, the fixture of a test (which skips when
 * its backend is not available) and a fixed time for the rows it writes. */
static inline int teardown(void **state)
{
    dbfix_close(*state);
    return 0;
}

#define FIXTURE(f)                                                                                 \
    dbfix *f = *state;                                                                             \
    if (!f) {                                                                                      \
        print_message("skipped: no PostgreSQL server (KEZHUAN_TEST_PG)\n");                        \
        skip();                                                                                    \
    }

static const char *const NOW = "2026-01-02T03:04:05Z";

#endif
