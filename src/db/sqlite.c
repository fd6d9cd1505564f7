/* sqlite.c — the embedded SQLite backend: WAL, foreign keys, busy timeout, synchronous=FULL
 * by default, statements (stmts_sql.h, in SQLite's dialect by sqlite_sql.c) prepared once per
 * connection (on first use) and kept.
 *
 * Write transactions of this process queue in arrival order (a ticket lock) before they ask
 * SQLite for its one write lock. SQLite's own busy handler polls with growing sleeps, so under a
 * steady stream of writers an unlucky one kept losing the race for over a second (seen in the
 * crash test: eight writers, one without a single answer in 1.5 s); in the queue a writer waits
 * for the writers ahead of it only. Writers of other processes (the CLI) still meet the busy
 * timeout. One thread must not open a write transaction on a second connection while it holds
 * one (the server uses one connection per thread). */
#include "../core/embed.h"
#include "db.h"
#include "sqlite_sql.h"
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct sqlite_conn {
    db_conn base;
    sqlite3 *db;
    sqlite3_stmt *stmts[Q__COUNT];
    sqlite3_stmt *begin_r, *begin_w, *commit, *rollback;
    bool queued; /* holds the process's writer turn (see writer_enter) */
} sqlite_conn;

/* A waiter sleeps on the condition of its ticket's slot, so a turn wakes the next writer (and
 * whoever shares its slot), not all of them. */
#define WRITER_SLOTS 32
static struct {
    pthread_mutex_t mu;
    pthread_cond_t cv[WRITER_SLOTS];
    uint64_t next, serving; /* tickets given out; the ticket whose turn it is */
} W = {.mu = PTHREAD_MUTEX_INITIALIZER};
static pthread_once_t W_once = PTHREAD_ONCE_INIT;

static void writer_init(void)
{
    for (int i = 0; i < WRITER_SLOTS; i++)
        pthread_cond_init(&W.cv[i], NULL);
}

static void writer_enter(sqlite_conn *s)
{
    assert(!s->queued);
    pthread_once(&W_once, writer_init);
    pthread_mutex_lock(&W.mu);
    uint64_t t = W.next++;
    while (W.serving != t)
        pthread_cond_wait(&W.cv[t % WRITER_SLOTS], &W.mu);
    pthread_mutex_unlock(&W.mu);
    s->queued = true;
}

static void writer_leave(sqlite_conn *s)
{
    if (!s->queued) return;
    s->queued = false;
    pthread_mutex_lock(&W.mu);
    W.serving++;
    if (W.serving != W.next) pthread_cond_broadcast(&W.cv[W.serving % WRITER_SLOTS]);
    pthread_mutex_unlock(&W.mu);
}

/* compat: the oldest schema a binary may be built for and still serve this schema (a newer
 * binary's additive migration keeps the older nodes of a rollout working; see docs/deploy.md) */
static const struct {
    int version;
    const char *sql;
    int compat;
} migrations[] = {
    {1, kz_res_sqlite_001, 1},
    {2, kz_res_sqlite_002, 2},
    {3, kz_res_sqlite_003, 2}, /* a new table only */
    /* counts every write keeps: a binary that does not keep them would make them wrong */
    {4, kz_res_sqlite_004, 4},
    {5, kz_res_sqlite_005, 4}, /* a new table only */
    {6, kz_res_sqlite_006, 4}, /* a new table only: the kinds an older binary does not serve */
    {7, kz_res_sqlite_007, 4}, /* an index only */
    {8, kz_res_sqlite_008,
     4}, /* a new table and index only: contracts, which older binaries lack */
    /* the parties every write keeps: a binary that does not keep them would hide records */
    {9, kz_res_sqlite_009, 9},
    /* new tables only: the reward applications, which older binaries do not serve */
    {10, kz_res_sqlite_010, 9},
    /* a new table only: the bookings, which older binaries do not serve */
    {11, kz_res_sqlite_011, 9},
    /* a new table only: the market, which older binaries do not serve */
    {12, kz_res_sqlite_012, 9},
    /* a new table only: the finance requests, which older binaries do not serve */
    {13, kz_res_sqlite_013, 9},
    /* new tables and indexes only: the expert panels, which older binaries do not serve */
    {14, kz_res_sqlite_014, 9},
    /* a new table only: the matchmaking events, which older binaries do not serve */
    {15, kz_res_sqlite_015, 9},
    /* an index only: the broker ranking, which older binaries do not read */
    {16, kz_res_sqlite_016, 9},
};
#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

void db_sqlite_global_init(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_initialize();
}

static bool sq_accepts(const char *url)
{
    return strncmp(url, "sqlite:", 7) == 0;
}

static db_status map_rc(int rc)
{
    switch (rc & 0xFF) {
    case SQLITE_OK:
    case SQLITE_DONE:
    case SQLITE_ROW: return DB_OK;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return DB_SOFT;
    case SQLITE_CONSTRAINT:
        return (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
                   ? DB_CONFLICT
                   : DB_CONSTRAINT;
    default: return DB_HARD;
    }
}

/* Creates the parent directories of path (like mkdir -p of its dirname). */
static void make_parent_dirs(const char *path)
{
    char buf[4096];
    size_t n = strlen(path);
    if (n >= sizeof buf) return;
    memcpy(buf, path, n + 1);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            mkdir(buf, 0750);
            *p = '/';
        }
}

static void sq_close(db_conn *c)
{
    sqlite_conn *s = (sqlite_conn *)c;
    if (!s) return;
    writer_leave(s);
    for (int i = 0; i < Q__COUNT; i++)
        sqlite3_finalize(s->stmts[i]);
    sqlite3_finalize(s->begin_r);
    sqlite3_finalize(s->begin_w);
    sqlite3_finalize(s->commit);
    sqlite3_finalize(s->rollback);
    sqlite3_close_v2(s->db);
    free(s);
}

static int prep(sqlite_conn *s, const char *sql, sqlite3_stmt **out)
{
    return sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL);
}

static db_status sq_open(const char *url, const char *synchronous, db_conn **out, char *err,
                         size_t errlen)
{
    const char *path = url + 7;
    *out = NULL;
    if (!*path) {
        snprintf(err, errlen, "sqlite: 缺少数据库文件路径 (sqlite:PATH)");
        return DB_HARD;
    }
    if (strcmp(path, ":memory:") != 0) make_parent_dirs(path);
    sqlite_conn *s = calloc(1, sizeof(*s));
    if (!s) abort();
    s->base.backend = &db_sqlite_backend;
    int rc = sqlite3_open_v2(
        path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "无法打开数据库 %s: %s", path,
                 s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        sq_close(&s->base);
        return DB_HARD;
    }
    sqlite3_busy_timeout(s->db, 5000);
    const char *sync = synchronous && !strcasecmp(synchronous, "NORMAL") ? "NORMAL" : "FULL";
    char pragmas[256];
    snprintf(pragmas, sizeof pragmas,
             "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=%s;"
             "PRAGMA temp_store=MEMORY;",
             sync);
    char *msg = NULL;
    rc = sqlite3_exec(s->db, pragmas, NULL, NULL, &msg);
    if (rc == SQLITE_OK) rc = prep(s, "BEGIN", &s->begin_r);
    if (rc == SQLITE_OK) rc = prep(s, "BEGIN IMMEDIATE", &s->begin_w);
    if (rc == SQLITE_OK) rc = prep(s, "COMMIT", &s->commit);
    if (rc == SQLITE_OK) rc = prep(s, "ROLLBACK", &s->rollback);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "无法初始化数据库 %s: %s", path, msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        sq_close(&s->base);
        return map_rc(rc) == DB_SOFT ? DB_SOFT : DB_HARD;
    }
    *out = &s->base;
    return DB_OK;
}

static db_status step_once(sqlite_conn *s, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    (void)s;
    return map_rc(rc);
}

static db_status sq_begin(db_conn *c, bool write)
{
    sqlite_conn *s = (sqlite_conn *)c;
    if (!write) return step_once(s, s->begin_r);
    writer_enter(s);
    db_status st = step_once(s, s->begin_w);
    if (st != DB_OK) writer_leave(s);
    return st;
}

static db_status sq_commit(db_conn *c)
{
    sqlite_conn *s = (sqlite_conn *)c;
    db_status st = step_once(s, s->commit);
    if (sqlite3_get_autocommit(s->db)) writer_leave(s); /* else the caller rolls back */
    return st;
}

static void sq_rollback(db_conn *c)
{
    sqlite_conn *s = (sqlite_conn *)c;
    if (!sqlite3_get_autocommit(s->db)) step_once(s, s->rollback);
    writer_leave(s);
}

static db_status sq_exec(db_conn *c, db_stmt id, const db_val *params, int n, db_row_cb cb,
                         void *ctx)
{
    sqlite_conn *s = (sqlite_conn *)c;
    if ((unsigned)id >= Q__COUNT) return DB_HARD;
    sqlite3_stmt *st = s->stmts[id];
    if (!st) {
        int rc = prep(s, kz_sqlite_sql[id], &s->stmts[id]);
        if (rc != SQLITE_OK) {
            fprintf(stderr,
                    "{\"level\":\"error\",\"msg\":\"prepare failed\",\"stmt\":%d,\"err\":\"%s\"}\n",
                    (int)id, sqlite3_errmsg(s->db));
            return map_rc(rc);
        }
        st = s->stmts[id];
    }
    for (int i = 0; i < n; i++) {
        int rc;
        switch (params[i].t) {
        case DBT_INT: rc = sqlite3_bind_int64(st, i + 1, params[i].i); break;
        case DBT_TEXT: rc = sqlite3_bind_text(st, i + 1, params[i].s, -1, SQLITE_STATIC); break;
        default: rc = sqlite3_bind_null(st, i + 1); break;
        }
        if (rc != SQLITE_OK) {
            sqlite3_clear_bindings(st);
            return DB_HARD;
        }
    }
    db_status out = DB_NOROW;
    db_row row = {.backend = &db_sqlite_backend, .impl = st, .index = 0};
    for (;;) {
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            if (out == DB_NOROW) out = DB_OK;
            if (cb) {
                db_status r = cb(ctx, &row);
                if (r != DB_OK) {
                    out = r;
                    break;
                }
            }
            row.index++;
            continue;
        }
        if (rc == SQLITE_DONE) {
            if (sqlite3_column_count(st) == 0) out = DB_OK; /* no result rows expected */
            break;
        }
        out = map_rc(sqlite3_extended_errcode(s->db));
        if (out == DB_OK) out = DB_HARD;
        break;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return out;
}

static db_status sq_schema_version(db_conn *c, int *current, int *latest)
{
    sqlite_conn *s = (sqlite_conn *)c;
    *latest = migrations[NMIGRATIONS - 1].version;
    *current = 0;
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db, "SELECT coalesce(max(version), 0) FROM schema_migrations",
                                -1, &st, NULL);
    if (rc != SQLITE_OK) {
        /* no table yet: version 0 */
        return strstr(sqlite3_errmsg(s->db), "no such table") ? DB_OK : map_rc(rc);
    }
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *current = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? DB_OK : map_rc(rc);
}

static db_status sq_migrate(db_conn *c, int *from, int *to, char *err, size_t errlen)
{
    sqlite_conn *s = (sqlite_conn *)c;
    char *msg = NULL;
    int rc = sqlite3_exec(s->db,
                          "BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS schema_migrations (version "
                          "INTEGER PRIMARY KEY, applied_at TEXT NOT NULL); CREATE TABLE IF NOT "
                          "EXISTS schema_compat (id INTEGER PRIMARY KEY CHECK (id = 1), oldest "
                          "INTEGER NOT NULL); COMMIT;",
                          NULL, NULL, &msg);
    if (rc != SQLITE_OK) goto fail;
    int latest;
    db_status st = sq_schema_version(c, from, &latest);
    if (st != DB_OK) {
        snprintf(err, errlen, "无法读取数据库版本: %s", sqlite3_errmsg(s->db));
        return st;
    }
    *to = *from;
    for (int i = 0; i < NMIGRATIONS; i++) {
        if (migrations[i].version <= *to) continue;
        rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, &msg);
        if (rc != SQLITE_OK) goto fail;
        /* re-check inside the write lock: another process may have migrated meanwhile */
        int cur, lat;
        if (sq_schema_version(c, &cur, &lat) == DB_OK && cur >= migrations[i].version) {
            sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
            *to = cur;
            continue;
        }
        rc = sqlite3_exec(s->db, migrations[i].sql, NULL, NULL, &msg);
        if (rc == SQLITE_OK) {
            char sql[160];
            snprintf(sql, sizeof sql,
                     "INSERT INTO schema_migrations (version, applied_at) VALUES (%d, "
                     "strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ','now'))",
                     migrations[i].version);
            rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
        }
        if (rc == SQLITE_OK) {
            char sql[160];
            snprintf(sql, sizeof sql,
                     "INSERT INTO schema_compat (id, oldest) VALUES (1, %d) ON CONFLICT (id) DO "
                     "UPDATE SET oldest = excluded.oldest",
                     migrations[i].compat);
            rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
        }
        if (rc == SQLITE_OK) rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, &msg);
        if (rc != SQLITE_OK) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            snprintf(err, errlen, "迁移 %03d 失败: %s", migrations[i].version,
                     msg ? msg : sqlite3_errmsg(s->db));
            sqlite3_free(msg);
            return DB_HARD;
        }
        *to = migrations[i].version;
    }
    return DB_OK;
fail:
    snprintf(err, errlen, "迁移失败: %s", msg ? msg : sqlite3_errmsg(s->db));
    sqlite3_free(msg);
    return map_rc(rc);
}

static db_status sq_schema_oldest(db_conn *c, int *oldest)
{
    sqlite_conn *s = (sqlite_conn *)c;
    int cur, latest;
    db_status st = sq_schema_version(c, &cur, &latest);
    *oldest = cur;
    if (st != DB_OK) return st;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "SELECT oldest FROM schema_compat WHERE id = 1", -1, &q, NULL) !=
        SQLITE_OK)
        return DB_OK; /* no such table: nothing older is served */
    if (sqlite3_step(q) == SQLITE_ROW) *oldest = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return DB_OK;
}

static db_status sq_prepare_all(db_conn *c, char *err, size_t errlen)
{
    sqlite_conn *s = (sqlite_conn *)c;
    for (int i = 0; i < Q__COUNT; i++) {
        if (s->stmts[i]) continue;
        if (!kz_sqlite_sql[i]) {
            snprintf(err, errlen, "语句 %d 没有 SQL 文本", i);
            return DB_HARD;
        }
        int rc = prep(s, kz_sqlite_sql[i], &s->stmts[i]);
        if (rc != SQLITE_OK) {
            snprintf(err, errlen, "语句 %d 无法编译: %s", i, sqlite3_errmsg(s->db));
            return DB_HARD;
        }
    }
    return DB_OK;
}

static const char *sq_errmsg(db_conn *c)
{
    return sqlite3_errmsg(((sqlite_conn *)c)->db);
}

static int64_t sq_col_int(const db_row *r, int col)
{
    return sqlite3_column_int64(r->impl, col);
}

static const char *sq_col_text(const db_row *r, int col)
{
    return (const char *)sqlite3_column_text(r->impl, col);
}

static bool sq_col_null(const db_row *r, int col)
{
    return sqlite3_column_type(r->impl, col) == SQLITE_NULL;
}

const db_backend db_sqlite_backend = {
    .name = "sqlite",
    .accepts = sq_accepts,
    .open = sq_open,
    .close = sq_close,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .exec = sq_exec,
    .migrate = sq_migrate,
    .schema_version = sq_schema_version,
    .schema_oldest = sq_schema_oldest,
    .errmsg = sq_errmsg,
    .prepare_all = sq_prepare_all,
    .col_int = sq_col_int,
    .col_text = sq_col_text,
    .col_null = sq_col_null,
};
