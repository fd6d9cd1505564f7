/* test_pg.c — what only the PostgreSQL backend (src/db/pg.c) does, against a real server
 * (KEZHUAN_TEST_PG, see scripts/with-pg.sh; every test skips without one): SQLSTATE mapping,
 * a deadlock retried by db_tx, reconnecting after the server dropped the connection, and the
 * LISTEN/NOTIFY notices the nodes of a cluster follow. The other side of each race is a raw
 * libpq connection, as another node or an operator would be. */
#include "dbfix.h"
#include "domain/audit.h"
#include <pthread.h>
#include <time.h>

static int setup(void **state)
{
    *state = dbfix_open(true);
    return 0;
}

static PGconn *raw(const dbfix *f)
{
    PGconn *c = PQconnectdb(f->url);
    if (PQstatus(c) != CONNECTION_OK) fail_msg("connect: %s", PQerrorMessage(c));
    return c;
}

static void raw_ok(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
}

static char *raw_value(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) fail_msg("%s: %s", sql, PQresultErrorMessage(r));
    char *v = PQntuples(r) ? strdup(PQgetvalue(r, 0, 0)) : NULL;
    PQclear(r);
    return v;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void sqlstates_map_to_statuses(void **state)
{
    (void)state;
    assert_int_equal(kz_pg_map_sqlstate("40001"), DB_SOFT); /* serialization_failure */
    assert_int_equal(kz_pg_map_sqlstate("40P01"), DB_SOFT); /* deadlock_detected */
    assert_int_equal(kz_pg_map_sqlstate("23505"), DB_CONFLICT);
    assert_int_equal(kz_pg_map_sqlstate("23503"), DB_CONSTRAINT); /* foreign key */
    assert_int_equal(kz_pg_map_sqlstate("23514"), DB_CONSTRAINT); /* check */
    assert_int_equal(kz_pg_map_sqlstate("23502"), DB_CONSTRAINT); /* not null */
    assert_int_equal(kz_pg_map_sqlstate("08006"), DB_SOFT);       /* connection failure */
    assert_int_equal(kz_pg_map_sqlstate("57P01"), DB_SOFT);       /* admin shutdown */
    assert_int_equal(kz_pg_map_sqlstate("42601"), DB_HARD);       /* syntax error */
    assert_int_equal(kz_pg_map_sqlstate("22P02"), DB_HARD);       /* bad text representation */
    assert_int_equal(kz_pg_map_sqlstate(NULL), DB_HARD);
    assert_int_equal(kz_pg_map_sqlstate("4000"), DB_HARD);
}

static int64_t insert_org(db_conn *c)
{
    int64_t id = 0;
    assert_int_equal(DB_EXEC(c, Q_ORG_INSERT, db_cb_int, &id, db_text("四川大学"),
                             db_text("university"), db_null(), db_text("510107"), db_null(),
                             db_text("none"), db_null(), db_null(), db_text(NOW)),
                     DB_OK);
    return id;
}

typedef struct upd {
    const dbfix *f;
    int64_t org;
    int attempts;
    db_status st;
} upd;

static db_status upd_tx(db_conn *c, void *vctx)
{
    upd *u = vctx;
    u->attempts++;
    int64_t got = 0;
    return DB_EXEC(c, Q_ORG_UPDATE, db_cb_int, &got, db_int(u->org), db_text("四川大学（更新）"),
                   db_text("university"), db_null(), db_text("510107"), db_null(), db_text("none"),
                   db_null(), db_null(), db_text(NOW), db_int(1));
}

static void *upd_main(void *arg)
{
    upd *u = arg;
    db_conn *c = dbfix_conn(u->f);
    u->st = db_tx(c, true, upd_tx, u);
    db_close(c);
    return NULL;
}

/* Another session holds the org's row and then waits for our write lock while our write waits
 * for the row: PostgreSQL breaks the cycle by failing our statement with 40P01 (the other
 * session waits 30 s before looking), and db_tx runs the transaction again, which succeeds. */
static void a_deadlock_is_retried(void **state)
{
    FIXTURE(f);
    int64_t org = insert_org(f->c);
    uint64_t retries0 = db_tx_retries();
    PGconn *other = raw(f), *watch = raw(f);
    raw_ok(other, "BEGIN");
    raw_ok(other, "SET LOCAL deadlock_timeout = '30s'");
    char sql[160];
    snprintf(sql, sizeof sql, "UPDATE orgs SET name = name WHERE id = %lld", (long long)org);
    raw_ok(other, sql);
    upd u = {.f = f, .org = org};
    pthread_t t;
    pthread_create(&t, NULL, upd_main, &u);
    /* wait until our transaction holds the write lock and waits for the row */
    bool waiting = false;
    for (int i = 0; i < 400 && !waiting; i++) {
        char *v = raw_value(watch, "SELECT count(*) FROM pg_stat_activity WHERE application_name "
                                   "= 'kezhuan' AND wait_event_type = 'Lock' AND query LIKE "
                                   "'%UPDATE orgs%'");
        waiting = v && atoi(v) > 0;
        free(v);
        if (!waiting) sleep_ms(25);
    }
    assert_true(waiting);
    /* now close the cycle: the other session asks for the write lock */
    assert_int_equal(PQsendQuery(other, "SELECT pg_advisory_xact_lock(7739017220405248001)"), 1);
    PGresult *r;
    bool locked = false;
    while ((r = PQgetResult(other))) {
        if (PQresultStatus(r) == PGRES_TUPLES_OK) locked = true;
        PQclear(r);
    }
    assert_true(locked); /* ours was chosen as the victim and gave the lock up */
    raw_ok(other, "COMMIT");
    pthread_join(t, NULL);
    assert_int_equal(u.st, DB_OK);
    assert_true(u.attempts >= 2);
    assert_true(db_tx_retries() > retries0);
    char *name = raw_value(watch, "SELECT name FROM orgs ORDER BY id LIMIT 1");
    assert_string_equal(name, "四川大学（更新）");
    free(name);
    PQfinish(other);
    PQfinish(watch);
}

static db_status change_tx(db_conn *c, void *vctx)
{
    (void)vctx;
    return kz_change_append(c, "achievement", 42, "update");
}

/* The server ends our connection (a restart, an operator, a proxy cutting idle links): the
 * next read reconnects by itself, and so does the next transaction. */
static void connections_come_back(void **state)
{
    FIXTURE(f);
    int64_t one = 0;
    assert_int_equal(db_exec(f->c, Q_PING, NULL, 0, db_cb_int, &one), DB_OK);
    PGconn *admin = raw(f);
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '%s' "
             "AND application_name = 'kezhuan'",
             f->pgname);
    char *n = raw_value(admin, sql);
    assert_true(n && atoi(n) >= 1);
    free(n);
    sleep_ms(100);
    one = 0;
    assert_int_equal(db_exec(f->c, Q_PING, NULL, 0, db_cb_int, &one), DB_OK);
    assert_int_equal(one, 1);
    /* and a write transaction after another cut */
    n = raw_value(admin, sql);
    free(n);
    sleep_ms(100);
    assert_int_equal(db_tx(f->c, true, change_tx, NULL), DB_OK);
    int64_t head = 0;
    assert_int_equal(db_exec(f->c, Q_CHANGES_HEAD, NULL, 0, db_cb_int, &head), DB_OK);
    assert_true(head >= 1);
    PQfinish(admin);
}

typedef struct notes {
    int changes, sessions;
    char payload[64];
} notes;

static void note_cb(void *ctx, db_note n, const char *payload)
{
    notes *x = ctx;
    if (n == DB_NOTE_CHANGES) x->changes++;
    if (n == DB_NOTE_SESSIONS) {
        x->sessions++;
        snprintf(x->payload, sizeof x->payload, "%s", payload ? payload : "");
    }
}

/* Waits (up to 10 s) until pred holds for x. */
static bool wait_notes(db_conn *l, notes *x, bool (*pred)(const notes *))
{
    for (int i = 0; i < 100 && !pred(x); i++)
        if (l->backend->wait_note(l, 100, note_cb, x) < 0) return false;
    return pred(x);
}

static bool got_change(const notes *x)
{
    return x->changes > 0;
}

static bool got_session(const notes *x)
{
    return x->sessions > 0;
}

static void other_nodes_are_told(void **state)
{
    FIXTURE(f);
    db_conn *l = dbfix_conn(f);
    assert_non_null(l->backend->listen);
    assert_int_equal(l->backend->listen(l), DB_OK);
    notes x = {0};
    /* nothing yet: a wait times out with no notice */
    assert_int_equal(l->backend->wait_note(l, 50, note_cb, &x), 0);
    /* a feed row committed by another connection */
    assert_int_equal(db_tx(f->c, true, change_tx, NULL), DB_OK);
    assert_true(wait_notes(l, &x, got_change));
    assert_int_equal(x.sessions, 0);
    /* a revoked session names its user */
    int64_t org = insert_org(f->c), uid = 0;
    assert_int_equal(DB_EXEC(f->c, Q_USER_INSERT, db_cb_int, &uid, db_text("u1"), db_text("用户"),
                             db_text("researcher"), db_int(org), db_text("h"), db_text(NOW)),
                     DB_OK);
    assert_int_equal(DB_EXEC(f->c, Q_SESSION_INSERT, NULL, NULL, db_text("th1"), db_int(uid),
                             db_text("csrf"), db_int(1), db_int(INT64_C(9000000000))),
                     DB_OK);
    int64_t got = 0;
    assert_int_equal(DB_EXEC(f->c, Q_SESSION_REVOKE, db_cb_int, &got, db_text("th1")), DB_OK);
    assert_true(wait_notes(l, &x, got_session));
    char want[24];
    snprintf(want, sizeof want, "%lld", (long long)uid);
    assert_string_equal(x.payload, want);
    /* a rolled-back write tells nobody */
    notes y = {0};
    PGconn *o = raw(f);
    raw_ok(o, "BEGIN");
    raw_ok(o, "INSERT INTO changes (entity, entity_id, op, at) VALUES ('demand', 1, 'insert', "
              "'2026-01-01T00:00:00Z')");
    raw_ok(o, "ROLLBACK");
    assert_int_equal(l->backend->wait_note(l, 200, note_cb, &y), 0);
    PQfinish(o);
    db_close(l);
}

int main(void)
{
    db_global_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sqlstates_map_to_statuses),
        cmocka_unit_test_setup_teardown(a_deadlock_is_retried, setup, teardown),
        cmocka_unit_test_setup_teardown(connections_come_back, setup, teardown),
        cmocka_unit_test_setup_teardown(other_nodes_are_told, setup, teardown),
    };
    return cmocka_run_group_tests_name("postgresql backend", tests, NULL, NULL);
}
