/* db.h — the storage interface: one struct of operations per backend (embedded SQLite,
 * PostgreSQL for several server nodes), a catalogue of named statements (stmts.h) whose SQL text
 * is written once (stmts_sql.h) and expanded in each backend's dialect, and transactions retried
 * on soft errors. This layer knows no business rules: it runs the statement it is told to with
 * the values it is given.
 *
 * Threads: a db_conn is used by one thread at a time. db_thread_conn() hands each worker
 * thread its own connection, opened on first use and closed by db_shutdown().
 * Ownership: db_open() returns a connection the caller closes with db_close(), except those
 * from db_thread_conn(), which db_shutdown() closes. Row values passed to a db_row_cb are
 * valid only during that call; copy what you keep. */
#ifndef KZ_DB_H
#define KZ_DB_H
#include "stmts.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef enum db_status {
    DB_OK = 0,
    DB_NOROW = 1,      /* the statement matched nothing (for single-row look-ups) */
    DB_SOFT = -1,      /* transient: busy, serialization failure, deadlock — retry the tx */
    DB_HARD = -2,      /* anything else: report and give up */
    DB_CONFLICT = -3,  /* a unique constraint was violated */
    DB_CONSTRAINT = -4 /* another constraint (foreign key, check) was violated */
} db_status;

typedef enum { DBT_NULL, DBT_INT, DBT_TEXT } db_type;

/* What a backend can tell the nodes that share its database (db_backend.listen). */
typedef enum {
    DB_NOTE_CHANGES,  /* the change feed has new rows */
    DB_NOTE_SESSIONS, /* a user's sessions or account changed; payload: the user id */
} db_note;

typedef struct db_val {
    db_type t;
    int64_t i;
    const char *s;
} db_val;

static inline db_val db_int(int64_t i)
{
    return (db_val){.t = DBT_INT, .i = i};
}
static inline db_val db_text(const char *s)
{
    return (db_val){.t = s ? DBT_TEXT : DBT_NULL, .s = s};
}
static inline db_val db_null(void)
{
    return (db_val){.t = DBT_NULL};
}

typedef struct db_conn db_conn;
typedef struct db_row db_row;
typedef struct db_backend db_backend;

/* Called once per result row; return DB_OK to go on, anything else stops and is returned. */
typedef db_status (*db_row_cb)(void *ctx, const db_row *row);

struct db_backend {
    const char *name;
    /* Accepts url when it is this backend's (prefix check). */
    bool (*accepts)(const char *url);
    db_status (*open)(const char *url, const char *synchronous, db_conn **out, char *err,
                      size_t errlen);
    void (*close)(db_conn *c);
    db_status (*begin)(db_conn *c, bool write);
    db_status (*commit)(db_conn *c);
    void (*rollback)(db_conn *c);
    db_status (*exec)(db_conn *c, db_stmt id, const db_val *params, int n, db_row_cb cb, void *ctx);
    /* Applies pending numbered migrations; from and to receive the versions before and after. */
    db_status (*migrate)(db_conn *c, int *from, int *to, char *err, size_t errlen);
    /* Current schema version and the newest this binary knows. */
    db_status (*schema_version)(db_conn *c, int *current, int *latest);
    /* The oldest schema a binary may be built for and still serve the current one (written by
     * migrate from each migration's declared compatibility; the current version when unknown). */
    db_status (*schema_oldest)(db_conn *c, int *oldest);
    const char *(*errmsg)(db_conn *c);
    /* Prepares every catalogue statement now (start-up check); names the first that fails. */
    db_status (*prepare_all)(db_conn *c, char *err, size_t errlen);
    /* Row access; text is NULL for SQL NULL. */
    int64_t (*col_int)(const db_row *r, int col);
    const char *(*col_text)(const db_row *r, int col);
    bool (*col_null)(const db_row *r, int col);
    /* Notices between nodes; NULL where the backend has none (one process owns the data).
     * listen() subscribes c to every db_note; wait_note() waits up to timeout_ms and calls cb
     * for each notice received: it returns how many arrived (0: timed out), or -1 when the
     * connection failed (call listen() again; it reconnects). */
    db_status (*listen)(db_conn *c);
    int (*wait_note)(db_conn *c, int timeout_ms,
                     void (*cb)(void *ctx, db_note n, const char *payload), void *ctx);
};

struct db_conn {
    const db_backend *backend;
    int tx_depth; /* > 0 while db_tx runs; a nested db_tx joins the outer transaction */
};

struct db_row {
    const db_backend *backend;
    void *impl;
    int index;
};

extern const db_backend db_sqlite_backend;
extern const db_backend db_pg_backend;
/* Process-wide library set-up (e.g. SQLite without global memory statistics, whose mutex
 * every allocation would take). Called by db_open() and db_setup(); idempotent. */
void db_global_init(void);
void db_sqlite_global_init(void);

/* SQLSTATE -> status for the PostgreSQL backend (pg.c; exposed for its tests). */
db_status kz_pg_map_sqlstate(const char *sqlstate);
/* Copies url into out with any password replaced by "***" (for messages and logs). */
void db_redact_url(const char *url, char *out, size_t n);

/* Whether this binary may serve c's database: its schema is the binary's own, or newer but
 * declared to serve binaries of this one's (nodes of two versions during a rollout). cur and
 * latest receive the database's and the binary's versions. */
bool db_schema_servable(db_conn *c, int *cur, int *latest);

/* Picks the backend for url; NULL (with a message in err) when none accepts it. */
const db_backend *db_backend_for(const char *url, char *err, size_t errlen);
db_status db_open(const char *url, const char *synchronous, db_conn **out, char *err,
                  size_t errlen);
void db_close(db_conn *c);

/* Runs one statement. */
static inline db_status db_exec(db_conn *c, db_stmt id, const db_val *p, int n, db_row_cb cb,
                                void *ctx)
{
    return c->backend->exec(c, id, p, n, cb, ctx);
}
#define DB_EXEC(c, id, cb, ctx, ...)                                                               \
    db_exec((c), (id), (db_val[]){__VA_ARGS__},                                                    \
            (int)(sizeof((db_val[]){__VA_ARGS__}) / sizeof(db_val)), (cb), (ctx))

static inline int64_t db_col_int(const db_row *r, int col)
{
    return r->backend->col_int(r, col);
}
static inline const char *db_col_text(const db_row *r, int col)
{
    return r->backend->col_text(r, col);
}
static inline bool db_col_null(const db_row *r, int col)
{
    return r->backend->col_null(r, col);
}

/* A row callback that stores column 0 as an integer into *(int64_t *)ctx. */
db_status db_cb_int(void *ctx, const db_row *row);

/* Runs fn inside a transaction, committing when it returns DB_OK and rolling back otherwise.
 * DB_SOFT (from fn or from commit) retries the whole transaction with backoff, up to a
 * bound; fn must therefore have no effects outside the database. Called inside another
 * db_tx on the same connection, fn simply runs as part of the outer transaction (which
 * commits, rolls back and retries as a whole): this makes a batch all-or-nothing. */
typedef db_status (*db_tx_fn)(db_conn *c, void *ctx);
db_status db_tx(db_conn *c, bool write, db_tx_fn fn, void *ctx);

/* Per-thread connections for the server. db_setup() records the URL; db_thread_conn()
 * opens (once) the calling thread's connection, or returns NULL after logging why. */
void db_setup(const char *url, const char *synchronous);
db_conn *db_thread_conn(void);
/* The connection pool of the request handlers: at most max connections to the URL given to
 * db_setup(), opened on demand and kept open between requests. db_pool_acquire() hands out an
 * idle one (or opens one while fewer than max are open; otherwise waits up to timeout_ms) and
 * returns NULL after logging why when none can be had; db_pool_release() gives it back (a
 * PostgreSQL connection that broke meanwhile reconnects on its next use). */
void db_pool_setup(int max);
db_conn *db_pool_acquire(int timeout_ms);
void db_pool_release(db_conn *c);
/* Closes every per-thread and pooled connection; call after the worker threads have stopped. */
void db_shutdown(void);
/* Counters for /metrics: open connections (per-thread and pooled), pooled ones in use, and how
 * often a request had to wait for one. */
int db_open_connections(void);
int db_pool_in_use(void);
uint64_t db_pool_waits(void);
uint64_t db_tx_retries(void);

#endif
