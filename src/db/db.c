/* db.c — backend selection, transactions with retry, per-thread connections. */
#include "db.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void db_global_init(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, db_sqlite_global_init);
}

static const db_backend *const backends[] = {&db_sqlite_backend, &db_pg_backend};

void db_redact_url(const char *url, char *out, size_t n)
{
    /* scheme://user:password@host… : hide what lies between the first ':' after "//" and '@' */
    const char *auth = strstr(url, "://");
    const char *at = auth ? strchr(auth + 3, '@') : NULL;
    const char *colon = auth ? strchr(auth + 3, ':') : NULL;
    if (at && colon && colon < at)
        snprintf(out, n, "%.*s:***%s", (int)(colon - url), url, at);
    else
        snprintf(out, n, "%s", url);
    /* a password given as a query parameter */
    char *pw = strstr(out, "password=");
    if (pw) snprintf(pw, n - (size_t)(pw - out), "password=***");
}

const db_backend *db_backend_for(const char *url, char *err, size_t errlen)
{
    for (size_t i = 0; i < sizeof(backends) / sizeof(backends[0]); i++)
        if (backends[i]->accepts(url)) return backends[i];
    char red[256];
    db_redact_url(url, red, sizeof red);
    snprintf(err, errlen, "不支持的数据库地址: %s（应为 sqlite:PATH 或 postgresql://…）", red);
    return NULL;
}

db_status db_open(const char *url, const char *synchronous, db_conn **out, char *err, size_t errlen)
{
    const db_backend *b = db_backend_for(url, err, errlen);
    if (!b) return DB_HARD;
    return b->open(url, synchronous, out, err, errlen);
}

void db_close(db_conn *c)
{
    if (c) c->backend->close(c);
}

bool db_schema_servable(db_conn *c, int *cur, int *latest)
{
    *cur = -1;
    *latest = 0;
    if (c->backend->schema_version(c, cur, latest) != DB_OK) return false;
    if (*cur == *latest) return true;
    if (*cur < *latest) return false;
    int oldest = *cur;
    return c->backend->schema_oldest(c, &oldest) == DB_OK && oldest <= *latest;
}

db_status db_cb_int(void *ctx, const db_row *row)
{
    *(int64_t *)ctx = db_col_int(row, 0);
    return DB_OK;
}

static _Atomic uint64_t tx_retries;

uint64_t db_tx_retries(void)
{
    return atomic_load(&tx_retries);
}

db_status db_tx(db_conn *c, bool write, db_tx_fn fn, void *ctx)
{
    const int max_attempts = 12;
    if (c->tx_depth > 0) return fn(c, ctx);
    for (int attempt = 1;; attempt++) {
        db_status st = c->backend->begin(c, write);
        if (st == DB_OK) {
            c->tx_depth++;
            st = fn(c, ctx);
            c->tx_depth--;
            if (st == DB_OK) {
                st = c->backend->commit(c);
                if (st == DB_OK) return DB_OK;
            }
            c->backend->rollback(c);
        }
        if (st != DB_SOFT || attempt >= max_attempts) return st;
        atomic_fetch_add(&tx_retries, 1);
        /* jittered exponential backoff: 1, 2, 4 … ms, capped at 64 ms */
        long ms = 1L << (attempt < 7 ? attempt - 1 : 6);
        struct timespec ts = {0, (ms * 1000000L) / 2 + (rand() % (int)(ms * 500000L + 1))};
        nanosleep(&ts, NULL);
    }
}

/* ---- per-thread connections ---- */

static char *setup_url, *setup_sync;
static pthread_mutex_t conns_mu = PTHREAD_MUTEX_INITIALIZER;
static db_conn **conns;
static int nconns, capconns;
static _Thread_local db_conn *thread_conn;
static _Atomic unsigned shutdown_gen; /* bumped by db_shutdown so stale thread-locals reopen */
static _Thread_local unsigned thread_gen;

void db_setup(const char *url, const char *synchronous)
{
    db_global_init();
    free(setup_url);
    free(setup_sync);
    setup_url = strdup(url);
    setup_sync = synchronous ? strdup(synchronous) : NULL;
}

db_conn *db_thread_conn(void)
{
    if (thread_conn && thread_gen == atomic_load(&shutdown_gen)) return thread_conn;
    char err[512];
    db_conn *c = NULL;
    if (!setup_url) return NULL;
    if (db_open(setup_url, setup_sync, &c, err, sizeof err) != DB_OK) {
        fprintf(stderr, "database open failed: %s\n", err);
        return NULL;
    }
    pthread_mutex_lock(&conns_mu);
    if (nconns == capconns) {
        capconns = capconns ? capconns * 2 : 16;
        conns = realloc(conns, sizeof(*conns) * (size_t)capconns);
        if (!conns) abort();
    }
    conns[nconns++] = c;
    pthread_mutex_unlock(&conns_mu);
    thread_conn = c;
    thread_gen = atomic_load(&shutdown_gen);
    return c;
}

/* ---- the request handlers' pool ---- */

static struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    db_conn **idle;
    int nidle, open, max;
    _Atomic uint64_t waits;
} pool = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER, .max = 4};

void db_pool_setup(int max)
{
    pthread_mutex_lock(&pool.mu);
    pool.max = max > 0 ? max : 1;
    db_conn **idle = realloc(pool.idle, sizeof(*idle) * (size_t)(pool.max + pool.open + 1));
    if (!idle) abort();
    pool.idle = idle;
    pthread_mutex_unlock(&pool.mu);
}

db_conn *db_pool_acquire(int timeout_ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += timeout_ms / 1000;
    until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    bool waited = false;
    pthread_mutex_lock(&pool.mu);
    for (;;) {
        if (pool.nidle > 0) {
            db_conn *c = pool.idle[--pool.nidle];
            pthread_mutex_unlock(&pool.mu);
            return c;
        }
        if (pool.open < pool.max && setup_url) {
            pool.open++;
            pthread_mutex_unlock(&pool.mu);
            char err[512];
            db_conn *c = NULL;
            if (db_open(setup_url, setup_sync, &c, err, sizeof err) == DB_OK) return c;
            fprintf(stderr, "database open failed: %s\n", err);
            pthread_mutex_lock(&pool.mu);
            pool.open--;
            pthread_cond_signal(&pool.cv);
            pthread_mutex_unlock(&pool.mu);
            return NULL;
        }
        if (!waited) atomic_fetch_add(&pool.waits, 1);
        waited = true;
        if (pthread_cond_timedwait(&pool.cv, &pool.mu, &until) != 0) {
            pthread_mutex_unlock(&pool.mu);
            fprintf(stderr,
                    "{\"level\":\"warn\",\"msg\":\"no database connection free\","
                    "\"waited_ms\":%d}\n",
                    timeout_ms);
            return NULL;
        }
    }
}

void db_pool_release(db_conn *c)
{
    if (!c) return;
    pthread_mutex_lock(&pool.mu);
    if (pool.nidle < pool.max) {
        pool.idle[pool.nidle++] = c;
        c = NULL;
    } else {
        pool.open--; /* the pool shrank meanwhile */
    }
    pthread_cond_signal(&pool.cv);
    pthread_mutex_unlock(&pool.mu);
    db_close(c);
}

int db_pool_in_use(void)
{
    pthread_mutex_lock(&pool.mu);
    int n = pool.open - pool.nidle;
    pthread_mutex_unlock(&pool.mu);
    return n;
}

uint64_t db_pool_waits(void)
{
    return atomic_load(&pool.waits);
}

void db_shutdown(void)
{
    pthread_mutex_lock(&conns_mu);
    for (int i = 0; i < nconns; i++)
        db_close(conns[i]);
    nconns = 0;
    atomic_fetch_add(&shutdown_gen, 1);
    pthread_mutex_unlock(&conns_mu);
    thread_conn = NULL;
    pthread_mutex_lock(&pool.mu);
    for (int i = 0; i < pool.nidle; i++)
        db_close(pool.idle[i]);
    pool.open -= pool.nidle;
    pool.nidle = 0;
    pthread_mutex_unlock(&pool.mu);
}

int db_open_connections(void)
{
    pthread_mutex_lock(&conns_mu);
    int n = nconns;
    pthread_mutex_unlock(&conns_mu);
    pthread_mutex_lock(&pool.mu);
    n += pool.open;
    pthread_mutex_unlock(&pool.mu);
    return n;
}
