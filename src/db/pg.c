/* pg.c — the PostgreSQL backend (libpq), for several server nodes sharing one database.
 *
 * URLs: postgresql://… or postgres://… (libpq's own connection URIs, so host, port, user,
 * password, dbname, sslmode and the other libpq parameters all work; PG* environment
 * variables fill in what the URL leaves out).
 *
 * Statements: every catalogue entry (stmts_sql.h, in PostgreSQL's dialect by pg_sql.c) is
 * prepared once per connection, on first use (or all at once by prepare_all), named "kzN";
 * parameters are sent as text and cast in the SQL text, results come back as text.
 *
 * Transactions. A write transaction is READ COMMITTED and starts by taking one cluster-wide
 * advisory lock, held until it commits or rolls back: write transactions therefore run one at
 * a time across every node, as they do in SQLite. The audit chain needs this in any case
 * (each row names the hash of the one before it), and it gives the change feed its order: a
 * feed row's seq is allocated under the lock, so no row with a smaller seq can become visible
 * after one with a larger seq, and a follower reading "seq > last" never skips a row. Each
 * statement after the lock sees everything committed before it (READ COMMITTED takes a new
 * snapshot per statement, unlike REPEATABLE READ, whose snapshot would predate the lock).
 * Read transactions are REPEATABLE READ READ ONLY. Reads outside a transaction run in
 * parallel on every node.
 *
 * Errors: SQLSTATE 40001 (serialization failure) and 40P01 (deadlock) are DB_SOFT, so db_tx
 * retries the transaction; 23505 is DB_CONFLICT, other 23xxx DB_CONSTRAINT. A connection
 * that broke is re-opened at the start of the next transaction (or statement outside one);
 * a statement that failed because the connection broke is DB_SOFT, except COMMIT, whose
 * outcome is then unknown: DB_HARD, never retried.
 *
 * Notices: LISTEN kezhuan_changes / kezhuan_sessions (sent by triggers, migration 001/003). */
#include "../core/embed.h"
#include "db.h"
#include "pg_sql.h"
#include <errno.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_PARAMS 32
/* pg_advisory_xact_lock keys: the write lock (also in pg_sql.c) and the migration lock */
#define WRITE_LOCK_SQL   "SELECT pg_advisory_xact_lock(7739017220405248001)"
#define MIGRATE_LOCK_SQL "SELECT pg_advisory_xact_lock(7739017220405248002)"

typedef struct pg_conn {
    db_conn base;
    PGconn *pq;
    bool prepared[Q__COUNT];
    int nparams[Q__COUNT];
    bool in_tx, listening;
    char err[512];
} pg_conn;

/* compat: the oldest schema a binary may be built for and still serve this schema (as in
 * sqlite.c; the numbers mean the same logical schema on both backends) */
static const struct {
    int version;
    const char *sql;
    int compat;
} migrations[] = {
    {1, kz_res_pg_001, 1},  {2, kz_res_pg_002, 2},
    {3, kz_res_pg_003, 2},  /* a new table and triggers only */
    {4, kz_res_pg_004, 4},  /* as in sqlite.c */
    {5, kz_res_pg_005, 4},  /* a new table only */
    {6, kz_res_pg_006, 4},  /* as in sqlite.c */
    {7, kz_res_pg_007, 4},  /* an index only */
    {8, kz_res_pg_008, 4},  /* as in sqlite.c */
    {9, kz_res_pg_009, 9},  /* as in sqlite.c */
    {10, kz_res_pg_010, 9}, /* as in sqlite.c */
    {11, kz_res_pg_011, 9}, /* as in sqlite.c */
    {12, kz_res_pg_012, 9}, /* as in sqlite.c */
    {13, kz_res_pg_013, 9}, /* as in sqlite.c */
    {14, kz_res_pg_014, 9}, /* as in sqlite.c */
    {15, kz_res_pg_015, 9}, /* as in sqlite.c */
    {16, kz_res_pg_016, 9}, /* as in sqlite.c */
};
#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

static bool pg_accepts(const char *url)
{
    return strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0;
}

db_status kz_pg_map_sqlstate(const char *state)
{
    if (!state || strlen(state) != 5) return DB_HARD;
    if (!strcmp(state, "40001") || !strcmp(state, "40P01")) return DB_SOFT;
    if (!strcmp(state, "23505")) return DB_CONFLICT;
    if (!strncmp(state, "23", 2)) return DB_CONSTRAINT;
    /* the server is going away or refuses new work for now: a fresh connection may succeed */
    if (!strncmp(state, "08", 2) || !strcmp(state, "57P01") || !strcmp(state, "57P02") ||
        !strcmp(state, "57P03") || !strcmp(state, "53300"))
        return DB_SOFT;
    return DB_HARD;
}

static void set_err(pg_conn *p, const char *what, const PGresult *res)
{
    const char *m = res ? PQresultErrorMessage(res) : NULL;
    if (!m || !*m) m = p->pq ? PQerrorMessage(p->pq) : "no connection";
    snprintf(p->err, sizeof p->err, "%s%s%s", what ? what : "", what ? ": " : "", m);
    size_t n = strlen(p->err);
    while (n && (p->err[n - 1] == '\n' || p->err[n - 1] == ' '))
        p->err[--n] = 0;
}

/* The status of a failed result; a broken connection is soft (or hard for COMMIT). */
static db_status fail_status(pg_conn *p, const PGresult *res)
{
    if (PQstatus(p->pq) != CONNECTION_OK) return DB_SOFT;
    return kz_pg_map_sqlstate(res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL);
}

static db_status simple(pg_conn *p, const char *sql)
{
    PGresult *res = PQexec(p->pq, sql);
    ExecStatusType t = PQresultStatus(res);
    db_status st = DB_OK;
    if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK) {
        set_err(p, NULL, res);
        st = fail_status(p, res);
    }
    PQclear(res);
    return st;
}

/* One statement with a single integer parameter ($1), no rows wanted. */
static db_status simple_int(pg_conn *p, const char *sql, int v)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%d", v);
    const char *vals[1] = {buf};
    PGresult *res = PQexecParams(p->pq, sql, 1, NULL, vals, NULL, NULL, 0);
    db_status st = DB_OK;
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        set_err(p, NULL, res);
        st = fail_status(p, res);
    }
    PQclear(res);
    return st;
}

/* Session settings every connection gets (again after a reconnect). */
static db_status session_setup(pg_conn *p)
{
    memset(p->prepared, 0, sizeof p->prepared);
    p->listening = false;
    p->in_tx = false;
    return simple(p, "SET TIME ZONE 'UTC'; SET client_min_messages = warning");
}

/* Re-opens a broken connection; DB_OK when it is usable. */
static db_status ensure_conn(pg_conn *p)
{
    if (PQstatus(p->pq) == CONNECTION_OK) return DB_OK;
    PQreset(p->pq);
    if (PQstatus(p->pq) != CONNECTION_OK) {
        set_err(p, "无法重新连接 PostgreSQL", NULL);
        return DB_SOFT;
    }
    return session_setup(p);
}

static void pg_close(db_conn *c)
{
    pg_conn *p = (pg_conn *)c;
    if (!p) return;
    PQfinish(p->pq);
    free(p);
}

static void quiet_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static db_status pg_open(const char *url, const char *synchronous, db_conn **out, char *err,
                         size_t errlen)
{
    (void)synchronous; /* durability is the server's (synchronous_commit) */
    *out = NULL;
    const char *const keys[] = {"dbname", "fallback_application_name", "client_encoding",
                                "connect_timeout", NULL};
    const char *const vals[] = {url, "kezhuan", "UTF8", "10", NULL};
    PGconn *pq = PQconnectdbParams(keys, vals, 1);
    if (!pq) {
        snprintf(err, errlen, "PostgreSQL: 内存不足");
        return DB_HARD;
    }
    if (PQstatus(pq) != CONNECTION_OK) {
        char red[256];
        db_redact_url(url, red, sizeof red);
        snprintf(err, errlen, "无法连接 PostgreSQL %s: %s", red, PQerrorMessage(pq));
        size_t n = strlen(err);
        while (n && err[n - 1] == '\n')
            err[--n] = 0;
        PQfinish(pq);
        return DB_SOFT;
    }
    PQsetNoticeProcessor(pq, quiet_notice, NULL);
    pg_conn *p = calloc(1, sizeof *p);
    if (!p) abort();
    p->base.backend = &db_pg_backend;
    p->pq = pq;
    db_status st = session_setup(p);
    if (st != DB_OK) {
        snprintf(err, errlen, "PostgreSQL 会话设置失败: %s", p->err);
        pg_close(&p->base);
        return st;
    }
    *out = &p->base;
    return DB_OK;
}

static db_status pg_begin(db_conn *c, bool write)
{
    pg_conn *p = (pg_conn *)c;
    db_status st = ensure_conn(p);
    if (st != DB_OK) return st;
    st = simple(p, write ? "BEGIN ISOLATION LEVEL READ COMMITTED; " WRITE_LOCK_SQL
                         : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    if (st == DB_OK)
        p->in_tx = true;
    else if (PQtransactionStatus(p->pq) != PQTRANS_IDLE)
        simple(p, "ROLLBACK");
    return st;
}

static db_status pg_commit(db_conn *c)
{
    pg_conn *p = (pg_conn *)c;
    PGresult *res = PQexec(p->pq, "COMMIT");
    db_status st = DB_OK;
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        set_err(p, "COMMIT", res);
        st = PQstatus(p->pq) != CONNECTION_OK ? DB_HARD /* outcome unknown: never retry */
                                              : fail_status(p, res);
    } else if (strcmp(PQcmdStatus(res), "COMMIT") != 0) {
        /* the transaction had failed: the server rolled it back */
        snprintf(p->err, sizeof p->err, "COMMIT: 事务已回滚 (%s)", PQcmdStatus(res));
        st = DB_HARD;
    }
    PQclear(res);
    p->in_tx = false;
    return st;
}

static void pg_rollback(db_conn *c)
{
    pg_conn *p = (pg_conn *)c;
    p->in_tx = false;
    if (PQstatus(p->pq) == CONNECTION_OK && PQtransactionStatus(p->pq) != PQTRANS_IDLE)
        PQclear(PQexec(p->pq, "ROLLBACK"));
}

static db_status prepare_one(pg_conn *p, int id)
{
    if (p->prepared[id]) return DB_OK;
    if (!kz_pg_sql[id]) {
        snprintf(p->err, sizeof p->err, "语句 %d 没有 PostgreSQL 文本", id);
        return DB_HARD;
    }
    char name[16];
    snprintf(name, sizeof name, "kz%d", id);
    PGresult *res = PQprepare(p->pq, name, kz_pg_sql[id], 0, NULL);
    db_status st = DB_OK;
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        char what[48];
        snprintf(what, sizeof what, "语句 %d 无法编译", id);
        set_err(p, what, res);
        st = fail_status(p, res);
        PQclear(res);
        return st;
    }
    PQclear(res);
    res = PQdescribePrepared(p->pq, name);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        set_err(p, "describe", res);
        st = fail_status(p, res);
    } else {
        p->nparams[id] = PQnparams(res);
        p->prepared[id] = true;
    }
    PQclear(res);
    return st;
}

/* Runs a whole-table dump row by row (libpq's single-row mode), so that a backup of a large
 * database does not hold the table in memory; the callback must not use this connection. */
static db_status stream(pg_conn *p, const char *name, int np, const char *const *vals, db_row_cb cb,
                        void *ctx)
{
    if (!PQsendQueryPrepared(p->pq, name, np, vals, NULL, NULL, 0)) {
        set_err(p, NULL, NULL);
        return fail_status(p, NULL);
    }
    PQsetSingleRowMode(p->pq);
    db_status out = DB_NOROW;
    bool stopped = false;
    PGresult *res;
    while ((res = PQgetResult(p->pq))) {
        ExecStatusType t = PQresultStatus(res);
        if (t == PGRES_SINGLE_TUPLE && !stopped) {
            if (out == DB_NOROW) out = DB_OK;
            db_row row = {.backend = &db_pg_backend, .impl = res, .index = 0};
            db_status r = cb ? cb(ctx, &row) : DB_OK;
            if (r != DB_OK) {
                out = r;
                stopped = true; /* the rest is read and dropped: the connection stays usable */
            }
        } else if (t != PGRES_SINGLE_TUPLE && t != PGRES_TUPLES_OK && !stopped) {
            set_err(p, NULL, res);
            out = fail_status(p, res);
            stopped = true;
        }
        PQclear(res);
    }
    return out;
}

static db_status pg_exec(db_conn *c, db_stmt id, const db_val *params, int n, db_row_cb cb,
                         void *ctx)
{
    pg_conn *p = (pg_conn *)c;
    if ((unsigned)id >= Q__COUNT || n > MAX_PARAMS) return DB_HARD;
    if (!p->in_tx) {
        db_status st = ensure_conn(p);
        if (st != DB_OK) return st;
    } else if (PQstatus(p->pq) != CONNECTION_OK) {
        set_err(p, "连接已断开", NULL);
        return DB_SOFT; /* the transaction is lost; db_tx starts it again */
    }
    bool retried = false;
again:;
    db_status st = prepare_one(p, (int)id);
    if (st != DB_OK) {
        fprintf(stderr,
                "{\"level\":\"error\",\"msg\":\"prepare failed\",\"stmt\":%d,\"err\":\"%s\"}\n",
                (int)id, p->err);
        return st;
    }
    int np = p->nparams[id];
    if (n > np) {
        snprintf(p->err, sizeof p->err, "语句 %d: %d 个参数，需要 %d 个", (int)id, n, np);
        return DB_HARD;
    }
    const char *vals[MAX_PARAMS];
    char nums[MAX_PARAMS][24];
    for (int i = 0; i < np; i++) {
        vals[i] = NULL; /* parameters not given are NULL, as in SQLite */
        if (i >= n) continue;
        if (params[i].t == DBT_INT) {
            snprintf(nums[i], sizeof nums[i], "%" PRId64, params[i].i);
            vals[i] = nums[i];
        } else if (params[i].t == DBT_TEXT) {
            vals[i] = params[i].s;
        }
    }
    char name[16];
    snprintf(name, sizeof name, "kz%d", (int)id);
    if (id >= Q_DUMP_ORGS && id <= Q_DUMP_CHANGES) return stream(p, name, np, vals, cb, ctx);
    PGresult *res = PQexecPrepared(p->pq, name, np, vals, NULL, NULL, 0);
    ExecStatusType t = PQresultStatus(res);
    db_status out;
    if (t == PGRES_COMMAND_OK) {
        out = DB_OK;
    } else if (t == PGRES_TUPLES_OK) {
        int rows = PQntuples(res);
        out = rows ? DB_OK : DB_NOROW;
        db_row row = {.backend = &db_pg_backend, .impl = res, .index = 0};
        for (int i = 0; i < rows && cb; i++) {
            row.index = i;
            db_status r = cb(ctx, &row);
            if (r != DB_OK) {
                out = r;
                break;
            }
        }
    } else {
        set_err(p, NULL, res);
        out = fail_status(p, res);
        /* a read outside a transaction on a connection that turned out to be dead (the server
         * restarted, an idle connection was cut): reconnect and read again, once */
        if (out == DB_SOFT && !p->in_tx && !retried && PQstatus(p->pq) != CONNECTION_OK &&
            strncmp(kz_pg_sql[id], "SELECT", 6) == 0 && ensure_conn(p) == DB_OK) {
            PQclear(res);
            retried = true;
            goto again;
        }
    }
    PQclear(res);
    return out;
}

static db_status pg_schema_version(db_conn *c, int *current, int *latest)
{
    pg_conn *p = (pg_conn *)c;
    *latest = migrations[NMIGRATIONS - 1].version;
    *current = 0;
    db_status st = p->in_tx ? DB_OK : ensure_conn(p);
    if (st != DB_OK) return st;
    PGresult *res = PQexec(p->pq, "SELECT to_regclass('schema_migrations') IS NOT NULL");
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        set_err(p, NULL, res);
        st = fail_status(p, res);
        PQclear(res);
        return st;
    }
    bool have = PQntuples(res) == 1 && !strcmp(PQgetvalue(res, 0, 0), "t");
    PQclear(res);
    if (!have) return DB_OK;
    res = PQexec(p->pq, "SELECT coalesce(max(version), 0) FROM schema_migrations");
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        set_err(p, NULL, res);
        st = fail_status(p, res);
    } else {
        *current = atoi(PQgetvalue(res, 0, 0));
    }
    PQclear(res);
    return st;
}

static db_status pg_migrate(db_conn *c, int *from, int *to, char *err, size_t errlen)
{
    pg_conn *p = (pg_conn *)c;
    int latest;
    db_status st = pg_schema_version(c, from, &latest);
    if (st != DB_OK) {
        snprintf(err, errlen, "无法读取数据库版本: %s", p->err);
        return st;
    }
    *to = *from;
    for (int i = 0; i < NMIGRATIONS; i++) {
        if (migrations[i].version <= *to) continue;
        /* one transaction per migration, under a lock: nodes starting together migrate once */
        st = simple(p, "BEGIN; " MIGRATE_LOCK_SQL "; CREATE TABLE IF NOT EXISTS "
                       "schema_migrations (version integer PRIMARY KEY, applied_at text NOT "
                       "NULL); CREATE TABLE IF NOT EXISTS schema_compat (id integer PRIMARY KEY "
                       "CHECK (id = 1), oldest integer NOT NULL)");
        int cur = 0, lat;
        if (st == DB_OK) st = pg_schema_version(c, &cur, &lat);
        if (st == DB_OK && cur >= migrations[i].version) {
            st = simple(p, "COMMIT");
            *to = cur;
            if (st == DB_OK) continue;
        }
        if (st == DB_OK) st = simple(p, migrations[i].sql);
        if (st == DB_OK)
            st = simple_int(p,
                            "INSERT INTO schema_migrations (version, applied_at) VALUES "
                            "($1::integer, to_char(now() AT TIME ZONE 'UTC', "
                            "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))",
                            migrations[i].version);
        if (st == DB_OK)
            st = simple_int(p,
                            "INSERT INTO schema_compat (id, oldest) VALUES (1, $1::integer) ON "
                            "CONFLICT (id) DO UPDATE SET oldest = excluded.oldest",
                            migrations[i].compat);
        if (st == DB_OK) st = simple(p, "COMMIT");
        if (st != DB_OK) {
            char why[512];
            snprintf(why, sizeof why, "%s", p->err);
            if (PQstatus(p->pq) == CONNECTION_OK) PQclear(PQexec(p->pq, "ROLLBACK"));
            snprintf(err, errlen, "迁移 %03d 失败: %s", migrations[i].version, why);
            return DB_HARD;
        }
        *to = migrations[i].version;
    }
    return DB_OK;
}

static db_status pg_schema_oldest(db_conn *c, int *oldest)
{
    pg_conn *p = (pg_conn *)c;
    int cur, latest;
    db_status st = pg_schema_version(c, &cur, &latest);
    *oldest = cur;
    if (st != DB_OK) return st;
    PGresult *res = PQexec(p->pq, "SELECT oldest FROM schema_compat WHERE id = 1 AND "
                                  "to_regclass('schema_compat') IS NOT NULL");
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
        *oldest = atoi(PQgetvalue(res, 0, 0));
    PQclear(res); /* no such table: nothing older is served */
    return DB_OK;
}

static db_status pg_prepare_all(db_conn *c, char *err, size_t errlen)
{
    pg_conn *p = (pg_conn *)c;
    db_status st = ensure_conn(p);
    if (st != DB_OK) {
        snprintf(err, errlen, "%s", p->err);
        return st;
    }
    for (int i = 0; i < Q__COUNT; i++)
        if ((st = prepare_one(p, i)) != DB_OK) {
            snprintf(err, errlen, "%s", p->err);
            return DB_HARD;
        }
    return DB_OK;
}

static const char *pg_errmsg(db_conn *c)
{
    return ((pg_conn *)c)->err;
}

static int64_t pg_col_int(const db_row *r, int col)
{
    const PGresult *res = r->impl;
    if (PQgetisnull(res, r->index, col)) return 0;
    return strtoll(PQgetvalue(res, r->index, col), NULL, 10);
}

static const char *pg_col_text(const db_row *r, int col)
{
    const PGresult *res = r->impl;
    if (PQgetisnull(res, r->index, col)) return NULL;
    return PQgetvalue(res, r->index, col);
}

static bool pg_col_null(const db_row *r, int col)
{
    return PQgetisnull(r->impl, r->index, col);
}

static db_status pg_listen(db_conn *c)
{
    pg_conn *p = (pg_conn *)c;
    db_status st = ensure_conn(p);
    if (st != DB_OK) return st;
    if (p->listening) return DB_OK;
    st = simple(p, "LISTEN kezhuan_changes; LISTEN kezhuan_sessions");
    if (st == DB_OK) p->listening = true;
    return st;
}

static int pg_wait_note(db_conn *c, int timeout_ms, void (*cb)(void *, db_note, const char *),
                        void *ctx)
{
    pg_conn *p = (pg_conn *)c;
    if (PQstatus(p->pq) != CONNECTION_OK || !p->listening) return -1;
    int got = 0;
    for (int round = 0; round < 2; round++) {
        if (!PQconsumeInput(p->pq)) {
            set_err(p, "LISTEN", NULL);
            return -1;
        }
        PGnotify *n;
        while ((n = PQnotifies(p->pq))) {
            db_note kind =
                !strcmp(n->relname, "kezhuan_sessions") ? DB_NOTE_SESSIONS : DB_NOTE_CHANGES;
            if (cb) cb(ctx, kind, n->extra);
            got++;
            PQfreemem(n);
        }
        if (got || round == 1) break;
        struct pollfd pfd = {.fd = PQsocket(p->pq), .events = POLLIN};
        if (pfd.fd < 0) return -1;
        int r = poll(&pfd, 1, timeout_ms);
        if (r < 0 && errno != EINTR) return -1;
        if (r <= 0) break;
    }
    return got;
}

const db_backend db_pg_backend = {
    .name = "postgresql",
    .accepts = pg_accepts,
    .open = pg_open,
    .close = pg_close,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .exec = pg_exec,
    .migrate = pg_migrate,
    .schema_version = pg_schema_version,
    .schema_oldest = pg_schema_oldest,
    .errmsg = pg_errmsg,
    .prepare_all = pg_prepare_all,
    .col_int = pg_col_int,
    .col_text = pg_col_text,
    .col_null = pg_col_null,
    .listen = pg_listen,
    .wait_note = pg_wait_note,
};
