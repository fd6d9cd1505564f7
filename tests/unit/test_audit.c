/* test_audit.c — the hash-chained audit log (src/domain/audit.c) on a real SQLite file, and
 * transaction retry (src/db/db.c). Tampering goes through a separate raw sqlite3 handle, as
 * someone editing the database file would. */
#include "unit.h"
#include "db/db.h"
#include "domain/audit.h"
#include <sqlite3.h>

typedef struct fixture {
    char *dir;
    char path[600];
    db_conn *c;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    f->dir = kz_tmpdir();
    snprintf(f->path, sizeof f->path, "%s/audit.db", f->dir);
    char url[620], err[512] = "";
    snprintf(url, sizeof url, "sqlite:%s", f->path);
    if (db_open(url, "FULL", &f->c, err, sizeof err) != DB_OK) fail_msg("db_open: %s", err);
    int from = -1, to = -1;
    if (f->c->backend->migrate(f->c, &from, &to, err, sizeof err) != DB_OK)
        fail_msg("migrate: %s", err);
    assert_int_equal(from, 0);
    assert_true(to >= 1);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    db_close(f->c);
    kz_rmtree(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

static kz_actor operator_actor(void)
{
    kz_actor a = {.operator_ = true};
    snprintf(a.name, sizeof a.name, "tester");
    return a;
}

typedef struct append_ctx {
    int n;        /* rows to append */
    int first_id; /* entity ids first_id, first_id + 1, … */
} append_ctx;

static db_status append_tx(db_conn *c, void *ctx)
{
    append_ctx *x = ctx;
    kz_actor a = operator_actor();
    for (int i = 0; i < x->n; i++) {
        char id[24];
        snprintf(id, sizeof id, "%d", x->first_id + i);
        json_t *before = i % 2 ? json_pack("{s:s,s:i}", "name", "旧名称", "v", i) : NULL;
        json_t *after =
            json_pack("{s:s,s:i,s:[s,s]}", "name", "四川大学", "v", i + 1, "tags", "a", "b");
        db_status st =
            kz_audit_append(c, &a, "org", id, before ? "update" : "create", before, after);
        json_decref(before);
        json_decref(after);
        if (st != DB_OK) return st;
    }
    return DB_OK;
}

static void append(fixture *f, int n, int first_id)
{
    append_ctx x = {n, first_id};
    assert_int_equal(db_tx(f->c, true, append_tx, &x), DB_OK);
}

/* Runs SQL on the database file through a second, raw connection; returns the number of rows
 * the last statement changed. */
static int raw_exec(fixture *f, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", sql, msg);
    int n = sqlite3_changes(db);
    assert_int_equal(sqlite3_close(db), SQLITE_OK);
    return n;
}

/* Changes exactly one row. */
static void raw_sql(fixture *f, const char *sql)
{
    assert_int_equal(raw_exec(f, sql), 1);
}

/* The hash column of one row, read through a raw connection. */
static void raw_hash(fixture *f, int seq, char out[65])
{
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT hash FROM audit WHERE seq = ?", -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_int(st, 1, seq);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(out, 65, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static int64_t verify(fixture *f, const char *expect_head, int64_t *rows, char head[65])
{
    char why[256];
    int64_t r = kz_audit_verify(f->c, expect_head, rows, head, why, sizeof why);
    if (r != 0) assert_true(strlen(why) > 0); /* a bad chain always says why */
    return r;
}

static void empty_chain_verifies(void **state)
{
    fixture *f = *state;
    int64_t rows = -1;
    char head[65];
    assert_int_equal(verify(f, NULL, &rows, head), 0);
    assert_int_equal(rows, 0);
    assert_string_equal(head, KZ_AUDIT_GENESIS);
    assert_int_equal(strlen(KZ_AUDIT_GENESIS), 64);
}

static void appended_chain_verifies(void **state)
{
    fixture *f = *state;
    append(f, 3, 100);
    append(f, 2, 200); /* a second transaction continues the chain */
    int64_t rows = 0;
    char head[65], last[65];
    assert_int_equal(verify(f, NULL, &rows, head), 0);
    assert_int_equal(rows, 5);
    raw_hash(f, 5, last);
    assert_string_equal(head, last);
    assert_int_equal(strlen(head), 64);
    assert_int_equal(verify(f, last, &rows, head), 0);
    assert_int_equal(verify(f, "", &rows, head), 0); /* empty expect_head: no check */
}

static void rows_link_to_each_other(void **state)
{
    fixture *f = *state;
    append(f, 3, 1);
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(db,
                           "SELECT seq, at, actor, entity, entity_id, action, before, after, "
                           "prev_hash, hash FROM audit ORDER BY seq",
                           -1, &st, NULL),
        SQLITE_OK);
    char prev[65] = KZ_AUDIT_GENESIS;
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        n++;
        kz_audit_row r = {
            .seq = sqlite3_column_int64(st, 0),
            .at = (const char *)sqlite3_column_text(st, 1),
            .actor = (const char *)sqlite3_column_text(st, 2),
            .entity = (const char *)sqlite3_column_text(st, 3),
            .entity_id = (const char *)sqlite3_column_text(st, 4),
            .action = (const char *)sqlite3_column_text(st, 5),
            .before = (const char *)sqlite3_column_text(st, 6),
            .after = (const char *)sqlite3_column_text(st, 7),
            .prev_hash = (const char *)sqlite3_column_text(st, 8),
            .hash = (const char *)sqlite3_column_text(st, 9),
        };
        assert_int_equal(r.seq, n);
        assert_string_equal(r.actor, "cli:tester");
        assert_string_equal(r.entity, "org");
        assert_string_equal(r.prev_hash, prev);
        /* RFC 3339 UTC, second precision */
        assert_int_equal(strlen(r.at), 20);
        assert_int_equal(r.at[19], 'Z');
        if (n % 2 == 1) {
            assert_null(r.before); /* no before: SQL NULL, not "null" */
            assert_string_equal(r.action, "create");
        } else {
            assert_string_equal(r.before, "{\"name\":\"旧名称\",\"v\":1}");
        }
        /* canonical JSON: compact, keys sorted */
        assert_non_null(strstr(r.after, "{\"name\":\"四川大学\",\"tags\":[\"a\",\"b\"],\"v\":"));
        char h[65];
        kz_audit_hash(&r, h);
        assert_string_equal(h, r.hash);
        snprintf(prev, sizeof prev, "%s", r.hash);
    }
    assert_int_equal(n, 3);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static void hash_is_deterministic_and_covers_every_field(void **state)
{
    (void)state;
    const kz_audit_row base = {.seq = 7,
                               .at = "2026-11-22T05:00:00Z",
                               .actor = "user:3:officer",
                               .entity = "org",
                               .entity_id = "42",
                               .action = "update",
                               .before = "{\"a\":1}",
                               .after = "{\"a\":2}",
                               .prev_hash = KZ_AUDIT_GENESIS,
                               .hash = "ignored"};
    char h0[65], h1[65];
    kz_audit_hash(&base, h0);
    kz_audit_hash(&base, h1);
    assert_string_equal(h0, h1);
    assert_int_equal(strlen(h0), 64);
    for (const char *p = h0; *p; p++)
        assert_true((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'));
    /* the stored hash itself is not an input */
    kz_audit_row r = base;
    r.hash = NULL;
    kz_audit_hash(&r, h1);
    assert_string_equal(h0, h1);

    /* each field changed on its own changes the hash; all results differ from each other */
    kz_audit_row v[12];
    for (int i = 0; i < 12; i++)
        v[i] = base;
    v[0].seq = 8;
    v[1].at = "2026-11-22T05:00:01Z";
    v[2].actor = "user:3:officer2";
    v[3].entity = "user";
    v[4].entity_id = "43";
    v[5].action = "create";
    v[6].before = "{\"a\":3}";
    v[7].after = "{\"a\":3}";
    v[8].prev_hash = "1000000000000000000000000000000000000000000000000000000000000000";
    v[9].before = NULL; /* NULL and "" are different */
    v[10].before = "";
    v[11].after = NULL;
    char hs[13][65];
    snprintf(hs[12], 65, "%s", h0);
    for (int i = 0; i < 12; i++) {
        kz_audit_hash(&v[i], hs[i]);
        for (int j = 0; j < i; j++)
            if (!strcmp(hs[i], hs[j])) fail_msg("variants %d and %d hash alike", j, i);
        if (!strcmp(hs[i], h0)) fail_msg("variant %d hashes like the original", i);
    }
    /* field boundaries are unambiguous: moving a character between fields changes the hash */
    kz_audit_row a = base, b = base;
    a.actor = "ab";
    a.entity = "c";
    b.actor = "a";
    b.entity = "bc";
    kz_audit_hash(&a, h0);
    kz_audit_hash(&b, h1);
    assert_string_not_equal(h0, h1);
    a = base;
    b = base;
    a.before = "x";
    a.after = NULL;
    b.before = NULL;
    b.after = "x";
    kz_audit_hash(&a, h0);
    kz_audit_hash(&b, h1);
    assert_string_not_equal(h0, h1);
    /* ... even when a field contains the separator */
    a = base;
    b = base;
    a.actor = "a\nb";
    a.entity = "c";
    b.actor = "a";
    b.entity = "b\nc";
    kz_audit_hash(&a, h0);
    kz_audit_hash(&b, h1);
    assert_string_not_equal(h0, h1);
    /* and no text spells NULL */
    a = base;
    b = base;
    a.before = NULL;
    b.before = "~";
    kz_audit_hash(&a, h0);
    kz_audit_hash(&b, h1);
    assert_string_not_equal(h0, h1);
}

static void updated_row_is_found(void **state)
{
    fixture *f = *state;
    append(f, 5, 1);
    raw_sql(f, "UPDATE audit SET action = 'delete' WHERE seq = 3");
    int64_t rows = 0;
    char head[65];
    assert_int_equal(verify(f, NULL, &rows, head), 3);
}

static void each_column_is_protected(void **state)
{
    fixture *f = *state;
    append(f, 4, 1);
    static const char *const edits[] = {
        "UPDATE audit SET at = '2020-01-01T00:00:00Z' WHERE seq = 2",
        "UPDATE audit SET actor = 'cli:someone' WHERE seq = 2",
        "UPDATE audit SET entity = 'user' WHERE seq = 2",
        "UPDATE audit SET entity_id = '999' WHERE seq = 2",
        "UPDATE audit SET before = '{\"name\":\"x\",\"v\":1}' WHERE seq = 2",
        "UPDATE audit SET after = NULL WHERE seq = 2",
        "UPDATE audit SET before = '' WHERE seq = 3", /* NULL -> "" */
    };
    for (size_t i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
        /* each edit on a fresh copy of the chain: save, edit, verify, restore */
        raw_exec(f, "CREATE TABLE saved AS SELECT * FROM audit WHERE seq IN (2, 3)");
        raw_sql(f, edits[i]);
        int64_t rows = 0;
        char head[65];
        int64_t bad = verify(f, NULL, &rows, head);
        int64_t want = strstr(edits[i], "seq = 3") ? 3 : 2;
        if (bad != want)
            fail_msg("%s: verify gave %lld, want %lld", edits[i], (long long)bad, (long long)want);
        raw_exec(f, "DELETE FROM audit WHERE seq IN (2, 3); INSERT INTO audit SELECT * FROM saved; "
                    "DROP TABLE saved;");
        assert_int_equal(verify(f, NULL, &rows, head), 0);
    }
}

static void rewritten_row_with_fresh_hash_breaks_the_next_link(void **state)
{
    fixture *f = *state;
    append(f, 4, 1);
    /* a forger who also recomputes the edited row's hash is caught at the next row */
    char sql[512];
    kz_audit_row r = {0};
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT seq, at, actor, entity, entity_id, before, after, "
                                        "prev_hash FROM audit WHERE seq = 2",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    r.seq = 2;
    r.at = (const char *)sqlite3_column_text(st, 1);
    r.actor = (const char *)sqlite3_column_text(st, 2);
    r.entity = (const char *)sqlite3_column_text(st, 3);
    r.entity_id = (const char *)sqlite3_column_text(st, 4);
    r.action = "delete";
    r.before = (const char *)sqlite3_column_text(st, 5);
    r.after = (const char *)sqlite3_column_text(st, 6);
    r.prev_hash = (const char *)sqlite3_column_text(st, 7);
    char h[65];
    kz_audit_hash(&r, h);
    sqlite3_finalize(st);
    sqlite3_close(db);
    snprintf(sql, sizeof sql, "UPDATE audit SET action = 'delete', hash = '%s' WHERE seq = 2", h);
    raw_sql(f, sql);
    int64_t rows = 0;
    char head[65];
    assert_int_equal(verify(f, NULL, &rows, head), 3);
}

static void deleted_middle_row_is_found(void **state)
{
    fixture *f = *state;
    append(f, 5, 1);
    raw_sql(f, "DELETE FROM audit WHERE seq = 3");
    int64_t rows = 0;
    char head[65];
    assert_int_equal(verify(f, NULL, &rows, head), 4);
}

static void deleted_first_row_is_found(void **state)
{
    fixture *f = *state;
    append(f, 3, 1);
    raw_sql(f, "DELETE FROM audit WHERE seq = 1");
    int64_t rows = 0;
    char head[65];
    assert_int_equal(verify(f, NULL, &rows, head), 2);
}

static void renumbered_rows_are_found(void **state)
{
    fixture *f = *state;
    append(f, 4, 1);
    /* delete row 2 and shift the later rows down to hide the gap */
    raw_sql(f, "DELETE FROM audit WHERE seq = 2");
    assert_int_equal(raw_exec(f, "UPDATE audit SET seq = seq - 1 WHERE seq > 2"), 2);
    int64_t rows = 0;
    char head[65];
    int64_t bad = verify(f, NULL, &rows, head);
    assert_int_equal(bad, 2);
}

static void truncated_tail_needs_expect_head(void **state)
{
    fixture *f = *state;
    append(f, 4, 1);
    int64_t rows = 0;
    char head[65], old_head[65];
    assert_int_equal(verify(f, NULL, &rows, old_head), 0);
    raw_sql(f, "DELETE FROM audit WHERE seq = 4");
    /* the rest of the chain is intact ... */
    assert_int_equal(verify(f, NULL, &rows, head), 0);
    assert_int_equal(rows, 3);
    assert_string_not_equal(head, old_head);
    /* ... but not the head the caller remembered */
    assert_true(verify(f, old_head, &rows, head) != 0);
}

static void expect_head_mismatch(void **state)
{
    fixture *f = *state;
    append(f, 2, 1);
    int64_t rows = 0;
    char head[65];
    assert_true(verify(f, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", &rows,
                       head) != 0);
    assert_true(verify(f, KZ_AUDIT_GENESIS, &rows, head) != 0);
    /* an appended row moves the head: the old head no longer matches */
    char before[65];
    assert_int_equal(verify(f, NULL, &rows, before), 0);
    append(f, 1, 3);
    assert_true(verify(f, before, &rows, head) != 0);
    assert_int_equal(verify(f, head, &rows, head), 0);
}

static void actor_labels(void **state)
{
    (void)state;
    char buf[128];
    kz_actor op = operator_actor();
    kz_actor_label(&op, buf, sizeof buf);
    assert_string_equal(buf, "cli:tester");
    kz_actor u = {.user_id = 12, .roles = KZ_ROLE_BIT(KZ_ROLE_ADMIN)};
    snprintf(u.name, sizeof u.name, "admin");
    kz_actor_label(&u, buf, sizeof buf);
    assert_string_equal(buf, "user:12:admin");
    kz_actor anon = {0};
    kz_actor_label(&anon, buf, sizeof buf);
    assert_string_equal(buf, "anonymous");
}

/* ---- db_tx retry ---- */

typedef struct flaky {
    int calls, soft_first;
    db_status then;
} flaky;

static db_status flaky_tx(db_conn *c, void *ctx)
{
    flaky *x = ctx;
    x->calls++;
    kz_actor a = operator_actor();
    char id[16];
    snprintf(id, sizeof id, "%d", x->calls);
    /* a write on every attempt: only the committed attempt's must remain */
    db_status st = kz_audit_append(c, &a, "org", id, "create", NULL, NULL);
    if (st != DB_OK) return st;
    return x->calls <= x->soft_first ? DB_SOFT : x->then;
}

static int64_t audit_count(fixture *f)
{
    int64_t n = -1;
    assert_int_equal(DB_EXEC(f->c, Q_AUDIT_COUNT, db_cb_int, &n, db_null(), db_null()), DB_OK);
    return n;
}

static void tx_retries_soft_errors_then_commits(void **state)
{
    fixture *f = *state;
    uint64_t retries = db_tx_retries();
    flaky x = {.soft_first = 2, .then = DB_OK};
    assert_int_equal(db_tx(f->c, true, flaky_tx, &x), DB_OK);
    assert_int_equal(x.calls, 3);
    assert_int_equal(db_tx_retries() - retries, 2);
    /* only the third attempt's row was committed */
    assert_int_equal(audit_count(f), 1);
    int64_t rows = 0;
    char head[65];
    assert_int_equal(verify(f, NULL, &rows, head), 0);
    json_t *items = NULL;
    kz_error e = {0};
    kz_actor op = operator_actor();
    assert_int_equal(kz_audit_list(f->c, &op, "org", "3", 0, 10, &items, &e), KZ_OK);
    assert_int_equal(json_array_size(json_object_get(items, "items")), 1);
    json_decref(items);
}

static void tx_hard_error_rolls_back_without_retry(void **state)
{
    fixture *f = *state;
    uint64_t retries = db_tx_retries();
    flaky x = {.soft_first = 0, .then = DB_HARD};
    assert_int_equal(db_tx(f->c, true, flaky_tx, &x), DB_HARD);
    assert_int_equal(x.calls, 1);
    assert_int_equal(db_tx_retries(), retries);
    assert_int_equal(audit_count(f), 0);
}

static void tx_gives_up_after_a_bound(void **state)
{
    fixture *f = *state;
    flaky x = {.soft_first = 1000, .then = DB_OK};
    assert_int_equal(db_tx(f->c, true, flaky_tx, &x), DB_SOFT);
    assert_true(x.calls > 1);
    assert_true(x.calls < 100);
    assert_int_equal(audit_count(f), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(empty_chain_verifies, setup, teardown),
        cmocka_unit_test_setup_teardown(appended_chain_verifies, setup, teardown),
        cmocka_unit_test_setup_teardown(rows_link_to_each_other, setup, teardown),
        cmocka_unit_test(hash_is_deterministic_and_covers_every_field),
        cmocka_unit_test_setup_teardown(updated_row_is_found, setup, teardown),
        cmocka_unit_test_setup_teardown(each_column_is_protected, setup, teardown),
        cmocka_unit_test_setup_teardown(rewritten_row_with_fresh_hash_breaks_the_next_link, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(deleted_middle_row_is_found, setup, teardown),
        cmocka_unit_test_setup_teardown(deleted_first_row_is_found, setup, teardown),
        cmocka_unit_test_setup_teardown(renumbered_rows_are_found, setup, teardown),
        cmocka_unit_test_setup_teardown(truncated_tail_needs_expect_head, setup, teardown),
        cmocka_unit_test_setup_teardown(expect_head_mismatch, setup, teardown),
        cmocka_unit_test(actor_labels),
        cmocka_unit_test_setup_teardown(tx_retries_soft_errors_then_commits, setup, teardown),
        cmocka_unit_test_setup_teardown(tx_hard_error_rolls_back_without_retry, setup, teardown),
        cmocka_unit_test_setup_teardown(tx_gives_up_after_a_bound, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
