/* test_db.c — the storage layer against both backends: the same tests run on a SQLite file
 * and, when KEZHUAN_TEST_PG names a server (make unit-pg), on a fresh PostgreSQL database
 * (otherwise that group skips). Migrations, statements and status codes, transactions,
 * concurrent writers on the audit chain and the change feed, the login throttle. */
#include "dbfix.h"
#include "domain/audit.h"
#include "domain/clock.h"
#include "domain/search.h"
#include "domain/throttle.h"
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

static bool use_pg;

static int setup(void **state)
{
    *state = dbfix_open(use_pg);
    return 0;
}

static int64_t insert_org(db_conn *c, const char *name, const char *credit)
{
    int64_t id = 0;
    db_status st = DB_EXEC(c, Q_ORG_INSERT, db_cb_int, &id, db_text(name), db_text("university"),
                           db_text(credit), db_text("510107"), db_text("M73"), db_text("none"),
                           db_null(), db_null(), db_text(NOW));
    assert_int_equal(st, DB_OK);
    assert_true(id > 0);
    return id;
}

static void migrations_are_idempotent(void **state)
{
    FIXTURE(f);
    int cur = -1, latest = -1, from = -1, to = -1;
    char err[512];
    assert_int_equal(f->c->backend->schema_version(f->c, &cur, &latest), DB_OK);
    assert_int_equal(cur, latest);
    assert_true(latest >= 3);
    assert_int_equal(f->c->backend->migrate(f->c, &from, &to, err, sizeof err), DB_OK);
    assert_int_equal(from, latest);
    assert_int_equal(to, latest);
    /* every catalogue statement has text that compiles against the migrated schema */
    assert_int_equal(f->c->backend->prepare_all(f->c, err, sizeof err), DB_OK);
    int64_t one = 0;
    assert_int_equal(db_exec(f->c, Q_PING, NULL, 0, db_cb_int, &one), DB_OK);
    assert_int_equal(one, 1);
}

typedef struct org_row {
    int64_t id, version;
    char name[128];
    bool address_null;
} org_row;

static db_status org_cb(void *ctx, const db_row *r)
{
    org_row *o = ctx;
    o->id = db_col_int(r, 0);
    snprintf(o->name, sizeof o->name, "%s", db_col_text(r, 1));
    o->address_null = db_col_null(r, 7) && db_col_text(r, 7) == NULL;
    o->version = db_col_int(r, 9);
    return DB_OK;
}

static void statements_and_status_codes(void **state)
{
    FIXTURE(f);
    db_conn *c = f->c;
    int64_t id = insert_org(c, "四川大学", "12510000450756474X");
    org_row o = {0};
    assert_int_equal(DB_EXEC(c, Q_ORG_GET, org_cb, &o, db_int(id)), DB_OK);
    assert_string_equal(o.name, "四川大学");
    assert_true(o.address_null);
    assert_int_equal(o.version, 1);
    assert_int_equal(DB_EXEC(c, Q_ORG_GET, org_cb, &o, db_int(id + 1000)), DB_NOROW);
    /* optimistic versions: a stale version matches nothing */
    int64_t got = 0;
    assert_int_equal(DB_EXEC(c, Q_ORG_UPDATE, db_cb_int, &got, db_int(id), db_text("四川大学 2"),
                             db_text("university"), db_text("12510000450756474X"),
                             db_text("510107"), db_text("M73"), db_text("none"), db_null(),
                             db_null(), db_text(NOW), db_int(7)),
                     DB_NOROW);
    assert_int_equal(DB_EXEC(c, Q_ORG_UPDATE, db_cb_int, &got, db_int(id), db_text("四川大学 2"),
                             db_text("university"), db_text("12510000450756474X"),
                             db_text("510107"), db_text("M73"), db_text("none"), db_null(),
                             db_null(), db_text(NOW), db_int(1)),
                     DB_OK);
    assert_int_equal(got, id);
    /* a unique key twice: conflict; a missing parent or a failed check: constraint */
    assert_int_equal(DB_EXEC(c, Q_ORG_INSERT, NULL, NULL, db_text("重复"), db_text("university"),
                             db_text("12510000450756474X"), db_null(), db_null(), db_text("none"),
                             db_null(), db_null(), db_text(NOW)),
                     DB_CONFLICT);
    assert_int_equal(DB_EXEC(c, Q_ORG_INSERT, NULL, NULL, db_text("坏种类"), db_text("bakery"),
                             db_null(), db_null(), db_null(), db_text("none"), db_null(), db_null(),
                             db_text(NOW)),
                     DB_CONSTRAINT);
    assert_int_equal(DB_EXEC(c, Q_USER_INSERT, NULL, NULL, db_text("nobody"), db_text("无机构"),
                             db_text("researcher"), db_int(999999), db_text("x"), db_text(NOW)),
                     DB_CONSTRAINT);
    /* the same list answer: filters, keyset and a 64-bit value */
    insert_org(c, "电子科技大学", NULL);
    insert_org(c, "西南交通大学", NULL);
    int64_t n = 0;
    assert_int_equal(
        DB_EXEC(c, Q_ORG_COUNT, db_cb_int, &n, db_null(), db_text("5101"), db_text("大学")), DB_OK);
    assert_int_equal(n, 3);
    assert_int_equal(
        DB_EXEC(c, Q_ORG_COUNT, db_cb_int, &n, db_text("enterprise"), db_null(), db_null()), DB_OK);
    assert_int_equal(n, 0);
    assert_int_equal(DB_EXEC(c, Q_SESSION_INSERT, NULL, NULL, db_text("th"), db_int(1),
                             db_text("csrf"), db_int(1), db_int(INT64_C(9000000000000))),
                     DB_CONSTRAINT); /* no user 1 yet */
    int64_t uid = 0;
    assert_int_equal(DB_EXEC(c, Q_USER_INSERT, db_cb_int, &uid, db_text("u1"), db_text("用户"),
                             db_text("researcher"), db_int(id), db_text("h"), db_text(NOW)),
                     DB_OK);
    assert_int_equal(DB_EXEC(c, Q_SESSION_INSERT, NULL, NULL, db_text("th"), db_int(uid),
                             db_text("csrf"), db_int(1), db_int(INT64_C(9000000000000))),
                     DB_OK);
    /* 9e12 survives the round trip (a 64-bit column and parameter) */
    assert_int_equal(
        DB_EXEC(c, Q_SESSION_GET, NULL, NULL, db_text("th"), db_int(INT64_C(8999999999999))),
        DB_OK);
    assert_int_equal(
        DB_EXEC(c, Q_SESSION_GET, NULL, NULL, db_text("th"), db_int(INT64_C(9000000000000))),
        DB_NOROW);
}

typedef struct fail_ctx {
    int64_t id;
} fail_ctx;

static db_status insert_then_fail(db_conn *c, void *vctx)
{
    fail_ctx *x = vctx;
    x->id = insert_org(c, "回滚的机构", NULL);
    return DB_HARD;
}

static void failed_transactions_leave_nothing(void **state)
{
    FIXTURE(f);
    fail_ctx x = {0};
    assert_int_equal(db_tx(f->c, true, insert_then_fail, &x), DB_HARD);
    assert_true(x.id > 0);
    org_row o;
    assert_int_equal(DB_EXEC(f->c, Q_ORG_GET, org_cb, &o, db_int(x.id)), DB_NOROW);
    /* the connection is usable afterwards */
    insert_org(f->c, "之后的机构", NULL);
}

/* ---- concurrent writers: the audit chain and the change feed ---- */

enum { WRITERS = 4, TX_PER_WRITER = 25 };

typedef struct writer {
    const dbfix *f;
    int no;
    db_status st;
} writer;

static db_status write_tx(db_conn *c, void *vctx)
{
    writer *w = vctx;
    kz_actor a = {.operator_ = true};
    snprintf(a.name, sizeof a.name, "writer%d", w->no);
    db_status st = kz_change_append(c, "achievement", w->no, "update");
    if (st != DB_OK) return st;
    /* hold the transaction open a little after the feed row: a later writer must not
     * overtake it */
    struct timespec ts = {0, 300000};
    nanosleep(&ts, NULL);
    return kz_audit_append(c, &a, "org", "1", "update", NULL, NULL);
}

static void *writer_main(void *arg)
{
    writer *w = arg;
    db_conn *c = dbfix_conn(w->f);
    w->st = DB_OK;
    for (int i = 0; i < TX_PER_WRITER && w->st == DB_OK; i++)
        w->st = db_tx(c, true, write_tx, w);
    db_close(c);
    return NULL;
}

typedef struct feed_reader {
    const dbfix *f;
    atomic_bool stop;
    int64_t last, seen, behind;
} feed_reader;

static db_status feed_cb(void *vctx, const db_row *r)
{
    feed_reader *x = vctx;
    int64_t seq = db_col_int(r, 0);
    if (seq <= x->last) x->behind++;
    x->last = seq;
    x->seen++;
    return DB_OK;
}

/* Follows the feed as a search index does ("seq > last") and counts rows that showed up
 * behind a position it had already passed: there must be none. */
static void *reader_main(void *arg)
{
    feed_reader *x = arg;
    db_conn *c = dbfix_conn(x->f);
    for (;;) {
        bool stopping = atomic_load(&x->stop);
        db_status st;
        do {
            int64_t before = x->seen;
            st = DB_EXEC(c, Q_CHANGES_SINCE, feed_cb, x, db_int(x->last), db_int(1000));
            if (x->seen == before) break;
        } while (st == DB_OK);
        if (stopping) break;
    }
    db_close(c);
    return NULL;
}

static void concurrent_writers_keep_chain_and_feed_order(void **state)
{
    FIXTURE(f);
    writer w[WRITERS];
    pthread_t t[WRITERS], rt;
    feed_reader rd = {.f = f};
    atomic_init(&rd.stop, false);
    pthread_create(&rt, NULL, reader_main, &rd);
    for (int i = 0; i < WRITERS; i++) {
        w[i] = (writer){.f = f, .no = i + 1};
        pthread_create(&t[i], NULL, writer_main, &w[i]);
    }
    for (int i = 0; i < WRITERS; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(w[i].st, DB_OK);
    }
    atomic_store(&rd.stop, true);
    pthread_join(rt, NULL);
    assert_int_equal(rd.behind, 0);
    assert_int_equal(rd.seen, WRITERS * TX_PER_WRITER);
    int64_t rows = 0;
    char head[65], why[256];
    assert_int_equal(kz_audit_verify(f->c, NULL, &rows, head, why, sizeof why), 0);
    assert_int_equal(rows, WRITERS * TX_PER_WRITER);
}

/* ---- login throttle ---- */

static void throttle_blocks_after_limit(void **state)
{
    FIXTURE(f);
    db_conn *c = f->c;
    kz_throttle_setup(3, 60);
    const char *k = "ip:192.0.2.1";
    assert_false(kz_throttle_blocked(c, k));
    assert_int_equal(kz_throttle_retry_after(c, k), 0);
    assert_true(kz_throttle_take(c, k, NULL));
    assert_true(kz_throttle_take(c, k, NULL));
    assert_false(kz_throttle_blocked(c, k));
    assert_true(kz_throttle_take(c, k, NULL));
    assert_true(kz_throttle_blocked(c, k));
    int ra = kz_throttle_retry_after(c, k);
    assert_true(ra > 0 && ra <= 60);
    assert_false(kz_throttle_take(c, k, NULL)); /* at the limit: refused, stays blocked */
    assert_true(kz_throttle_blocked(c, k));
    /* giving one attempt back (a success) opens one slot again */
    kz_throttle_give_back(c, k, NULL, false);
    assert_false(kz_throttle_blocked(c, k));
    assert_true(kz_throttle_take(c, k, NULL));
    assert_true(kz_throttle_blocked(c, k));
    kz_throttle_reset(c, k);
    assert_false(kz_throttle_blocked(c, k));
    assert_int_equal(kz_throttle_retry_after(c, k), 0);
    kz_throttle_reset(c, "never-seen"); /* harmless */
    kz_throttle_give_back(c, "never-seen", NULL, false);
    assert_false(kz_throttle_blocked(c, "never-seen"));
}

static void throttle_keys_are_separate_and_pairs_atomic(void **state)
{
    FIXTURE(f);
    db_conn *c = f->c;
    kz_throttle_setup(3, 60);
    for (int i = 0; i < 3; i++)
        assert_true(kz_throttle_take(c, "user:alice", NULL));
    assert_true(kz_throttle_take(c, "user:bob", NULL));
    assert_true(kz_throttle_blocked(c, "user:alice"));
    assert_false(kz_throttle_blocked(c, "user:bob"));
    assert_false(kz_throttle_blocked(c, "user:alic"));
    assert_false(kz_throttle_blocked(c, "user:alice2"));
    /* a pair is refused as a whole when either key is at the limit, and nothing is counted */
    assert_false(kz_throttle_take(c, "ip:198.51.100.7", "user:alice"));
    assert_false(kz_throttle_blocked(c, "ip:198.51.100.7"));
    assert_true(kz_throttle_take(c, "ip:198.51.100.7", "user:bob"));
    assert_true(kz_throttle_take(c, "ip:198.51.100.7", "user:bob"));
    assert_true(kz_throttle_blocked(c, "user:bob"));
    assert_false(kz_throttle_blocked(c, "ip:198.51.100.7")); /* 2 of 3 */
    /* a success gives the address one back and forgets the account */
    kz_throttle_give_back(c, "ip:198.51.100.7", "user:bob", true);
    assert_false(kz_throttle_blocked(c, "user:bob"));
    assert_true(kz_throttle_take(c, "ip:198.51.100.7", NULL));
    assert_true(kz_throttle_take(c, "ip:198.51.100.7", NULL));
    assert_true(kz_throttle_blocked(c, "ip:198.51.100.7"));
    /* the counters are in the database: another connection (another node) sees them */
    db_conn *other = dbfix_conn(f);
    assert_true(kz_throttle_blocked(other, "user:alice"));
    assert_false(kz_throttle_take(other, "ip:203.0.113.9", "user:alice"));
    db_close(other);
}

static void throttle_windows_end(void **state)
{
    FIXTURE(f);
    db_conn *c = f->c;
    kz_throttle_setup(2, 1);
    int64_t start = kz_now();
    assert_true(kz_throttle_take(c, "user:carol", NULL));
    assert_true(kz_throttle_take(c, "user:carol", NULL));
    /* blocked until the one-second window has passed (it may already have, on a slow run) */
    if (kz_now() < start + 1) assert_true(kz_throttle_blocked(c, "user:carol"));
    while (kz_now() < start + 2) {
        struct timespec ts = {0, 50000000};
        nanosleep(&ts, NULL);
    }
    assert_false(kz_throttle_blocked(c, "user:carol"));
    assert_true(kz_throttle_take(c, "user:carol", NULL)); /* a new window */
    assert_false(kz_throttle_blocked(c, "user:carol"));
    assert_int_equal(kz_throttle_purge(c), DB_OK);
    /* the live window survives a purge */
    assert_true(kz_throttle_take(c, "user:carol", NULL));
    assert_true(kz_throttle_blocked(c, "user:carol"));
    kz_throttle_setup(10, 300);
}

static void the_pool_lends_reuses_and_waits(void **state)
{
    FIXTURE(f);
    db_setup(f->url, "FULL");
    db_pool_setup(2);
    int open0 = db_open_connections();
    db_conn *a = db_pool_acquire(1000), *b = db_pool_acquire(1000);
    assert_non_null(a);
    assert_non_null(b);
    assert_ptr_not_equal(a, b);
    assert_int_equal(db_pool_in_use(), 2);
    assert_int_equal(db_open_connections(), open0 + 2);
    /* all lent: the next one waits, then gives up */
    uint64_t waits = db_pool_waits();
    assert_null(db_pool_acquire(50));
    assert_int_equal(db_pool_waits(), waits + 1);
    /* a connection given back is lent again, not a new one */
    db_pool_release(a);
    assert_int_equal(db_pool_in_use(), 1);
    db_conn *c = db_pool_acquire(1000);
    assert_ptr_equal(c, a);
    int64_t one = 0;
    assert_int_equal(db_exec(c, Q_PING, NULL, 0, db_cb_int, &one), DB_OK);
    db_pool_release(b);
    db_pool_release(c);
    assert_int_equal(db_pool_in_use(), 0);
    db_shutdown();
    assert_int_equal(db_open_connections(), open0);
}

static db_status many_changes_tx(db_conn *c, void *vctx)
{
    int n = *(int *)vctx;
    db_status st = DB_OK;
    for (int i = 0; i < n && st == DB_OK; i++)
        st = kz_change_append(c, "org", i + 1, "update");
    return st;
}

/* The search index follows the feed in batches of 1000: a backlog of exactly one batch, then
 * nothing newer, is caught up (an empty read after a full batch is not an error), and so is a
 * catch-up that finds another one already applied everything. */
static void the_index_catches_up_in_batches(void **state)
{
    FIXTURE(f);
    assert_true(kz_search_rebuild(f->c) >= 0);
    int n = 1000;
    assert_int_equal(db_tx(f->c, true, many_changes_tx, &n), DB_OK);
    assert_true(kz_search_catch_up(f->c) >= 0);
    json_t *st = kz_search_status();
    int64_t head = 0;
    assert_int_equal(db_exec(f->c, Q_CHANGES_HEAD, NULL, 0, db_cb_int, &head), DB_OK);
    assert_int_equal(json_integer_value(json_object_get(st, "seq")), head);
    json_decref(st);
    assert_int_equal(kz_search_catch_up(f->c), 0); /* nothing newer */
    kz_search_stop();
}

static void urls_are_redacted(void **state)
{
    (void)state;
    char out[256];
    db_redact_url("postgresql://kz:s3cret@db.example:5432/kezhuan", out, sizeof out);
    assert_string_equal(out, "postgresql://kz:***@db.example:5432/kezhuan");
    db_redact_url("postgresql://kz@db.example/kezhuan?password=s3cret&sslmode=require", out,
                  sizeof out);
    assert_null(strstr(out, "s3cret"));
    db_redact_url("sqlite:var/kezhuan.db", out, sizeof out);
    assert_string_equal(out, "sqlite:var/kezhuan.db");
    char err[256];
    assert_null(db_backend_for("mysql://root:pw@x/y", err, sizeof err));
    assert_null(strstr(err, ":pw@"));
    assert_ptr_equal(db_backend_for("postgres://x/y", err, sizeof err), &db_pg_backend);
    assert_ptr_equal(db_backend_for("postgresql://x/y", err, sizeof err), &db_pg_backend);
    assert_ptr_equal(db_backend_for("sqlite:x.db", err, sizeof err), &db_sqlite_backend);
}

#define DB_TESTS                                                                                   \
    cmocka_unit_test_setup_teardown(migrations_are_idempotent, setup, teardown),                   \
        cmocka_unit_test_setup_teardown(statements_and_status_codes, setup, teardown),             \
        cmocka_unit_test_setup_teardown(failed_transactions_leave_nothing, setup, teardown),       \
        cmocka_unit_test_setup_teardown(concurrent_writers_keep_chain_and_feed_order, setup,       \
                                        teardown),                                                 \
        cmocka_unit_test_setup_teardown(throttle_blocks_after_limit, setup, teardown),             \
        cmocka_unit_test_setup_teardown(throttle_keys_are_separate_and_pairs_atomic, setup,        \
                                        teardown),                                                 \
        cmocka_unit_test_setup_teardown(throttle_windows_end, setup, teardown),                    \
        cmocka_unit_test_setup_teardown(the_pool_lends_reuses_and_waits, setup, teardown),         \
        cmocka_unit_test_setup_teardown(the_index_catches_up_in_batches, setup, teardown)

int main(void)
{
    db_global_init();
    const struct CMUnitTest plain[] = {cmocka_unit_test(urls_are_redacted)};
    const struct CMUnitTest tests[] = {DB_TESTS};
    int rc = cmocka_run_group_tests_name("db", plain, NULL, NULL);
    use_pg = false;
    rc += cmocka_run_group_tests_name("db on sqlite", tests, NULL, NULL);
    use_pg = true;
    rc += cmocka_run_group_tests_name("db on postgresql", tests, NULL, NULL);
    return rc;
}
