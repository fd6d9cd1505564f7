#include "throttle.h"
#include "clock.h"
#include <stdatomic.h>

static _Atomic int limit = 10, window = 300;

void kz_throttle_setup(int l, int w)
{
    atomic_store(&limit, l);
    atomic_store(&window, w);
}

typedef struct live {
    int64_t count, start;
} live;

static db_status live_cb(void *ctx, const db_row *r)
{
    live *l = ctx;
    l->count = db_col_int(r, 0);
    l->start = db_col_int(r, 1);
    return DB_OK;
}

/* The key's live window (count 0 when none); DB_OK or an error. */
static db_status get(db_conn *c, const char *key, int64_t now, live *l)
{
    l->count = l->start = 0;
    db_status st = DB_EXEC(c, Q_THROTTLE_GET, live_cb, l, db_text(key), db_int(now),
                           db_int(atomic_load(&window)));
    return st == DB_NOROW ? DB_OK : st;
}

bool kz_throttle_blocked(db_conn *c, const char *key)
{
    live l;
    return get(c, key, kz_now(), &l) == DB_OK && l.count >= atomic_load(&limit);
}

typedef struct take_ctx {
    const char *k1, *k2;
    bool ok;
} take_ctx;

static db_status take_tx(db_conn *c, void *vctx)
{
    take_ctx *x = vctx;
    int64_t now = kz_now(), w = atomic_load(&window), lim = atomic_load(&limit);
    live a, b = {0, 0};
    db_status st = get(c, x->k1, now, &a);
    if (st == DB_OK && x->k2) st = get(c, x->k2, now, &b);
    if (st != DB_OK) return st;
    x->ok = a.count < lim && b.count < lim;
    if (!x->ok) return DB_OK;
    st = DB_EXEC(c, Q_THROTTLE_HIT, NULL, NULL, db_text(x->k1), db_int(now), db_int(w));
    if (st == DB_OK && x->k2 && strcmp(x->k1, x->k2) != 0)
        st = DB_EXEC(c, Q_THROTTLE_HIT, NULL, NULL, db_text(x->k2), db_int(now), db_int(w));
    return st;
}

bool kz_throttle_take(db_conn *c, const char *key1, const char *key2)
{
    /* write transactions are serialized (SQLite's write lock, PostgreSQL's advisory lock), so
     * the check and the count cannot interleave with another node's */
    take_ctx x = {key1, key2, false};
    return db_tx(c, true, take_tx, &x) == DB_OK && x.ok;
}

typedef struct back_ctx {
    const char *k1, *k2;
    bool reset2;
} back_ctx;

static db_status back_tx(db_conn *c, void *vctx)
{
    back_ctx *x = vctx;
    int64_t now = kz_now(), w = atomic_load(&window);
    db_status st = DB_OK;
    if (x->k1)
        st = DB_EXEC(c, Q_THROTTLE_UNHIT, NULL, NULL, db_text(x->k1), db_int(now), db_int(w));
    if (st == DB_OK && x->k2)
        st = x->reset2
                 ? DB_EXEC(c, Q_THROTTLE_RESET, NULL, NULL, db_text(x->k2))
                 : DB_EXEC(c, Q_THROTTLE_UNHIT, NULL, NULL, db_text(x->k2), db_int(now), db_int(w));
    return st;
}

void kz_throttle_give_back(db_conn *c, const char *key1, const char *key2, bool reset2)
{
    back_ctx x = {key1, key2, reset2};
    db_tx(c, true, back_tx, &x);
}

void kz_throttle_reset(db_conn *c, const char *key)
{
    DB_EXEC(c, Q_THROTTLE_RESET, NULL, NULL, db_text(key));
}

int kz_throttle_retry_after(db_conn *c, const char *key)
{
    int64_t now = kz_now();
    live l;
    if (get(c, key, now, &l) != DB_OK || l.count < atomic_load(&limit)) return 0;
    int64_t r = l.start + atomic_load(&window) - now;
    return r > 0 ? (int)r : 1;
}

db_status kz_throttle_purge(db_conn *c)
{
    return DB_EXEC(c, Q_THROTTLE_PURGE, NULL, NULL, db_int(kz_now()), db_int(atomic_load(&window)));
}
