/* test_port.c — `kezhuan import` at scale (issue 14, item 4): kz_import writes achievements and
 * demands through the engine's bulk import (kz_kind_bulk_*: owner orgs looked up once, the
 * audit head read once, the statistics' counts summed and added at the end, the audited record
 * made from what was written). On SQLite and on PostgreSQL (KEZHUAN_TEST_PG):
 *   - a bulk import writes what importing the same rows one at a time (kz_kind_import, the
 *     API's path) writes, in another database: the same records, the same revisions, the same
 *     audit rows (but for the times and hashes), the same change feed and the same counts;
 *   - one bad row in the middle of many rejects the whole file with its row number, and nothing
 *     is written (records, audit, counts); --skip-invalid writes all the others;
 *   - imports with other writes between them keep the audit chain whole and the counts equal to
 *     a recount. */
#include "unit.h"
#include "core/vocab.h"
#include "dbfix.h"
#include "domain/achievement.h"
#include "domain/audit.h"
#include "domain/demand.h"
#include "domain/org.h"
#include "domain/port.h"
#include "domain/stats.h"

#define NACH 1200
#define NDEM 300

static bool use_pg;

static int setup(void **state)
{
    *state = dbfix_open(use_pg);
    return 0;
}

static kz_actor op(void)
{
    kz_actor a = {.operator_ = true};
    snprintf(a.name, sizeof a.name, "test_port");
    return a;
}

static const char *const regions[] = {"510107", "510104", "510703", "511502", "500103"};
static const char *const industries[] = {"3841", "7320", "65", "3911", "C", "M", "384", "4411"};
static const char *const ach_statuses[] = {"draft", "submitted", "published", "archived"};
static const char *const dem_statuses[] = {"draft", "published", "matched", "closed"};
#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Three orgs, the same ids in every database they are made in. */
static void make_orgs(db_conn *c)
{
    static const char *const names[] = {"导入测试大学", "导入测试研究院", "导入测试企业"};
    static const char *const kinds[] = {"university", "institute", "enterprise"};
    kz_actor a = op();
    for (int i = 0; i < 3; i++) {
        json_t *in =
            json_pack("{s:s, s:s, s:s}", "name", names[i], "kind", kinds[i], "region", regions[i]);
        json_t *out = NULL;
        kz_error e = {0};
        assert_int_equal(kz_org_create(c, &a, in, &out, &e), KZ_OK);
        assert_int_equal(json_integer_value(json_object_get(out, "id")), i + 1);
        json_decref(in);
        json_decref(out);
    }
}

static json_t *ach_row(int i)
{
    char title[96];
    snprintf(title, sizeof title, "批量导入测试成果 %d 号", i);
    json_t *r = json_pack(
        "{s:s, s:s, s:[s, s], s:s, s:s, s:i, s:[s], s:s, s:i, s:s}", "title", title, "summary",
        "以多孔硅与石墨烯复合构建稳定的硅碳负极，循环寿命长。", "keywords", "硅碳负极", "储能",
        "industry", industries[i % COUNT(industries)], "region", regions[i % COUNT(regions)], "trl",
        1 + i % 9, "transfer_modes", i % 2 ? "license" : "transfer", "transaction_mode",
        "negotiated", "org_id", 1 + i % 3, "status", ach_statuses[i % COUNT(ach_statuses)]);
    if (i % 3) json_object_set_new(r, "detail", json_string("保密：工艺参数与中试良率。"));
    if (i % 4) json_object_set_new(r, "price_fen", json_integer(100000 * (1 + i)));
    if (i % 5 == 0)
        json_object_set_new(r, "team",
                            json_pack("[{s:s, s:i}, {s:s, s:i}]", "name", "张三", "share_pct", 60,
                                      "name", "李四", "share_pct", 40));
    return r;
}

static json_t *dem_row(int i)
{
    char title[96];
    snprintf(title, sizeof title, "批量导入测试需求 %d 号", i);
    json_t *r = json_pack("{s:s, s:s, s:s, s:s, s:s, s:[s], s:i, s:s}", "title", title,
                          "description", "零下二十摄氏度环境下三十分钟充电至百分之八十。", "kind",
                          "tech_problem", "industry", industries[i % COUNT(industries)], "region",
                          regions[i % COUNT(regions)], "cooperation_modes", "co_develop", "org_id",
                          1 + i % 3, "status", dem_statuses[i % COUNT(dem_statuses)]);
    if (i % 2) {
        json_object_set_new(r, "budget_min_fen", json_integer(10000 * i));
        json_object_set_new(r, "budget_max_fen", json_integer(10000 * i + 500000));
    }
    return r;
}

/* Writes rows (an array) to dir/name in the format of name's extension. */
static void write_file(const char *dir, const char *name, const char *const *cols, int ncols,
                       json_t *rows, char *path, size_t n)
{
    snprintf(path, n, "%s/%s", dir, name);
    char *data = NULL;
    size_t len = 0;
    kz_table_error te;
    assert_int_equal(kz_table_write_buffer(kz_table_format_from_path(path), cols, ncols, rows, NULL,
                                           &data, &len, &te),
                     KZ_TABLE_OK);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
    free(data);
}

static const char *const ach_cols[] = {
    "title",          "summary",          "detail",    "keywords", "industry", "region", "trl",
    "transfer_modes", "transaction_mode", "price_fen", "team",     "org_id",   "status"};
static const char *const dem_cols[] = {
    "title",          "description",       "kind",   "industry", "region", "budget_min_fen",
    "budget_max_fen", "cooperation_modes", "org_id", "status"};

static json_t *rows_of(json_t *(*row)(int), int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, row(i));
    return a;
}

/* ---- the one-at-a-time path (the API's), for comparison ---- */

typedef struct single_ctx {
    db_conn *c;
    kz_kind kind;
    int failed;
} single_ctx;

static int single_row(void *vctx, int number, json_t *row)
{
    single_ctx *x = vctx;
    kz_actor a = op();
    kz_error e = {0};
    json_t *in = kz_import_row(x->kind, row, &e), *out = NULL;
    kz_err rc = e.code                           ? e.code
                : x->kind == KZ_KIND_ACHIEVEMENT ? kz_ach_import(x->c, &a, in, &out, &e)
                                                 : kz_dem_import(x->c, &a, in, &out, &e);
    if (rc != KZ_OK) {
        print_error("row %d: %s\n", number, e.message ? e.message : kz_err_message(e.code));
        x->failed++;
    }
    kz_error_clear(&e);
    json_decref(in);
    json_decref(out);
    return 0;
}

typedef struct file_ctx {
    const char *path;
    kz_kind kind;
} file_ctx;

static db_status single_tx(db_conn *c, void *vctx)
{
    file_ctx *fx = vctx;
    single_ctx x = {.c = c, .kind = fx->kind};
    assert_int_equal(kz_table_read(fx->path, KZ_TABLE_AUTO, single_row, &x, NULL), KZ_TABLE_OK);
    return x.failed ? DB_HARD : DB_OK;
}

/* ---- reading back ---- */

static db_status count_cb(void *ctx, const db_row *r)
{
    (*(int64_t *)ctx)++;
    (void)r;
    return DB_OK;
}

/* Rows of the change feed. */
static int64_t changes(db_conn *c)
{
    int64_t n = 0;
    db_status st = DB_EXEC(c, Q_CHANGES_SINCE, count_cb, &n, db_int(0), db_int(10000000));
    assert_true(st == DB_OK || st == DB_NOROW);
    return n;
}

/* The audit row of a record, its `after` parsed, with the times (which differ between two
 * databases written a moment apart) replaced by whether they are set. */
static json_t *audit_after(db_conn *c, const char *entity, int64_t id)
{
    kz_actor a = op();
    kz_error e = {0};
    char ids[24];
    snprintf(ids, sizeof ids, "%lld", (long long)id);
    json_t *page = NULL;
    assert_int_equal(kz_audit_list(c, &a, entity, ids, 0, 10, &page, &e), KZ_OK);
    json_t *items = json_object_get(page, "items");
    assert_int_equal(json_array_size(items), 1);
    json_t *item = json_array_get(items, 0);
    assert_string_equal(json_string_value(json_object_get(item, "action")), "import");
    assert_true(json_is_null(json_object_get(item, "before")));
    json_t *after = json_incref(json_object_get(item, "after"));
    json_decref(page);
    static const char *const times[] = {"created_at", "updated_at", "published_at"};
    for (int i = 0; i < 3; i++)
        json_object_set_new(after, times[i],
                            json_boolean(json_is_string(json_object_get(after, times[i]))));
    return after;
}

static json_t *history(db_conn *c, kz_kind kind, int64_t id)
{
    kz_actor a = op();
    kz_error e = {0};
    json_t *out = NULL;
    kz_err rc = kind == KZ_KIND_ACHIEVEMENT ? kz_ach_history(c, &a, id, &out, &e)
                                            : kz_dem_history(c, &a, id, &out, &e);
    assert_int_equal(rc, KZ_OK);
    json_t *items = json_object_get(out, "items") ? json_object_get(out, "items") : out;
    assert_int_equal(json_array_size(items), 1);
    json_t *rev = json_incref(json_array_get(items, 0));
    json_decref(out);
    json_object_del(rev, "at");
    return rev;
}

static db_status stat_cb(void *ctx, const db_row *r)
{
    char line[256];
    snprintf(line, sizeof line, "%s|%s|%s|%s|%lld", db_col_text(r, 0), db_col_text(r, 1),
             db_col_text(r, 2), db_col_text(r, 3), (long long)db_col_int(r, 4));
    json_array_append_new(ctx, json_string(line));
    return DB_OK;
}

static json_t *stat_counts(db_conn *c)
{
    json_t *a = json_array();
    db_status st = db_exec(c, Q_STAT_ALL, NULL, 0, stat_cb, a);
    assert_true(st == DB_OK || st == DB_NOROW);
    return a;
}

static void assert_consistent(db_conn *c)
{
    json_t *diffs = NULL;
    assert_int_equal(kz_stats_verify(c, false, &diffs), DB_OK);
    if (json_array_size(diffs)) {
        char *d = json_dumps(diffs, JSON_COMPACT);
        fail_msg("counts differ from a recount: %s", d);
    }
    json_decref(diffs);
    int64_t rows = 0;
    char head[65], why[256] = "";
    if (kz_audit_verify(c, NULL, &rows, head, why, sizeof why) != 0)
        fail_msg("audit chain broken: %s", why);
}

static void assert_json_equal(json_t *a, json_t *b, const char *what, int64_t id)
{
    if (json_equal(a, b)) return;
    char *x = json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS),
         *y = json_dumps(b, JSON_COMPACT | JSON_SORT_KEYS);
    fail_msg("%s of %lld differs:\n bulk:   %s\n single: %s", what, (long long)id, x, y);
}

/* ---- the tests ---- */

static void import_file(db_conn *c, kz_kind kind, const char *path, bool skip, long *imported,
                        long *rejected, char **report)
{
    kz_actor a = op();
    size_t rlen = 0;
    FILE *rep = open_memstream(report, &rlen);
    kz_import_opts o = {.skip_invalid = skip, .report = rep};
    kz_import_result res;
    kz_error e = {0};
    kz_import(c, &a, kind, path, &o, &res, &e);
    kz_error_clear(&e);
    fclose(rep);
    *imported = res.imported;
    *rejected = res.rejected;
}

static void bulk_equals_one_at_a_time(void **state)
{
    FIXTURE(bulk);
    dbfix *single = dbfix_open(use_pg);
    make_orgs(bulk->c);
    make_orgs(single->c);
    char *dir = kz_tmpdir(), ach[600], dem[600];
    json_t *ar = rows_of(ach_row, NACH), *dr = rows_of(dem_row, NDEM);
    write_file(dir, "a.jsonl", ach_cols, COUNT(ach_cols), ar, ach, sizeof ach);
    write_file(dir, "d.csv", dem_cols, COUNT(dem_cols), dr, dem, sizeof dem);
    json_decref(ar);
    json_decref(dr);

    long imported, rejected;
    char *report = NULL;
    import_file(bulk->c, KZ_KIND_ACHIEVEMENT, ach, false, &imported, &rejected, &report);
    assert_string_equal(report, "");
    assert_int_equal(imported, NACH);
    free(report);
    import_file(bulk->c, KZ_KIND_DEMAND, dem, false, &imported, &rejected, &report);
    assert_string_equal(report, "");
    assert_int_equal(imported, NDEM);
    free(report);
    assert_int_equal(db_tx(single->c, true, single_tx, &(file_ctx){ach, KZ_KIND_ACHIEVEMENT}),
                     DB_OK);
    assert_int_equal(db_tx(single->c, true, single_tx, &(file_ctx){dem, KZ_KIND_DEMAND}), DB_OK);

    kz_actor a = op();
    for (int k = 0; k < 2; k++) {
        kz_kind kind = k ? KZ_KIND_DEMAND : KZ_KIND_ACHIEVEMENT;
        int n = k ? NDEM : NACH;
        for (int64_t id = 1; id <= n; id++) {
            json_t *rb = NULL, *rs = NULL;
            kz_error e = {0};
            kz_err r1 =
                k ? kz_dem_get(bulk->c, &a, id, &rb, &e) : kz_ach_get(bulk->c, &a, id, &rb, &e);
            kz_err r2 =
                k ? kz_dem_get(single->c, &a, id, &rs, &e) : kz_ach_get(single->c, &a, id, &rs, &e);
            assert_int_equal(r1, KZ_OK);
            assert_int_equal(r2, KZ_OK);
            static const char *const times[] = {"created_at", "updated_at", "published_at"};
            for (int i = 0; i < 3; i++) {
                json_object_set_new(rb, times[i],
                                    json_boolean(json_is_string(json_object_get(rb, times[i]))));
                json_object_set_new(rs, times[i],
                                    json_boolean(json_is_string(json_object_get(rs, times[i]))));
            }
            assert_json_equal(rb, rs, "the record", id);
            json_decref(rb);
            json_decref(rs);
            const char *entity = k ? "demand" : "achievement";
            json_t *ab = audit_after(bulk->c, entity, id), *as = audit_after(single->c, entity, id);
            assert_json_equal(ab, as, "the audit row", id);
            json_decref(ab);
            json_decref(as);
            json_t *hb = history(bulk->c, kind, id), *hs = history(single->c, kind, id);
            assert_json_equal(hb, hs, "the revision", id);
            json_decref(hb);
            json_decref(hs);
        }
    }
    assert_int_equal(changes(bulk->c), changes(single->c));
    json_t *cb = stat_counts(bulk->c), *cs = stat_counts(single->c);
    assert_json_equal(cb, cs, "the counts", 0);
    json_decref(cb);
    json_decref(cs);
    assert_consistent(bulk->c);
    kz_rmtree(dir);
    free(dir);
    dbfix_close(single);
}

static void one_bad_row_rejects_all(void **state)
{
    FIXTURE(f);
    make_orgs(f->c);
    char *dir = kz_tmpdir(), path[600];
    json_t *rows = rows_of(ach_row, NACH);
    /* JSONL row numbers are line numbers: the 700th row is line 700 */
    json_object_set_new(json_array_get(rows, 699), "trl", json_integer(42));
    write_file(dir, "bad.jsonl", ach_cols, COUNT(ach_cols), rows, path, sizeof path);
    json_t *before = stat_counts(f->c);
    int64_t audit_before = 0;
    assert_int_equal(DB_EXEC(f->c, Q_AUDIT_COUNT, db_cb_int, &audit_before, db_null(), db_null()),
                     DB_OK);

    long imported, rejected;
    char *report = NULL;
    import_file(f->c, KZ_KIND_ACHIEVEMENT, path, false, &imported, &rejected, &report);
    assert_int_equal(imported, 0);
    assert_int_equal(rejected, 1);
    assert_non_null(strstr(report, "第 700 行，列 trl："));
    free(report);
    json_t *after = stat_counts(f->c);
    assert_true(json_equal(before, after)); /* no count moved */
    json_decref(after);
    int64_t n = 0;
    assert_int_equal(DB_EXEC(f->c, Q_AUDIT_COUNT, db_cb_int, &n, db_null(), db_null()), DB_OK);
    assert_int_equal(n, audit_before); /* nothing audited */
    n = -1;
    assert_int_equal(DB_EXEC(f->c, Q_AUDIT_COUNT, db_cb_int, &n, db_text("achievement"), db_null()),
                     DB_OK);
    assert_int_equal(n, 0);
    kz_actor a = op();
    json_t *rec = NULL;
    kz_error e = {0};
    assert_int_equal(kz_ach_get(f->c, &a, 1, &rec, &e), KZ_E_NOT_FOUND); /* nothing written */
    kz_error_clear(&e);

    /* --skip-invalid: all the others */
    import_file(f->c, KZ_KIND_ACHIEVEMENT, path, true, &imported, &rejected, &report);
    assert_int_equal(imported, NACH - 1);
    assert_int_equal(rejected, 1);
    assert_non_null(strstr(report, "第 700 行，列 trl："));
    free(report);
    assert_int_equal(DB_EXEC(f->c, Q_AUDIT_COUNT, db_cb_int, &n, db_text("achievement"), db_null()),
                     DB_OK);
    assert_int_equal(n, NACH - 1);
    assert_consistent(f->c);
    json_decref(before);
    json_decref(rows);
    kz_rmtree(dir);
    free(dir);
}

static void imports_between_other_writes(void **state)
{
    FIXTURE(f);
    make_orgs(f->c);
    char *dir = kz_tmpdir(), path[600];
    json_t *rows = rows_of(dem_row, NDEM);
    write_file(dir, "d.jsonl", dem_cols, COUNT(dem_cols), rows, path, sizeof path);
    kz_actor a = op();
    for (int round = 0; round < 3; round++) {
        long imported, rejected;
        char *report = NULL;
        import_file(f->c, KZ_KIND_DEMAND, path, false, &imported, &rejected, &report);
        assert_int_equal(imported, NDEM);
        free(report);
        /* another write between imports moves the head of the chain and the counts */
        json_t *in = json_pack("{s:s, s:s}", "name", round ? "另一机构乙" : "另一机构甲", "kind",
                               "enterprise"),
               *out = NULL;
        kz_error e = {0};
        if (round < 2) assert_int_equal(kz_org_create(f->c, &a, in, &out, &e), KZ_OK);
        json_decref(in);
        json_decref(out);
        assert_consistent(f->c);
    }
    int64_t n = 0;
    assert_int_equal(DB_EXEC(f->c, Q_AUDIT_COUNT, db_cb_int, &n, db_text("demand"), db_null()),
                     DB_OK);
    assert_int_equal(n, 3 * NDEM);
    json_decref(rows);
    kz_rmtree(dir);
    free(dir);
}

int main(void)
{
    db_global_init();
    kz_vocab_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(bulk_equals_one_at_a_time, setup, teardown),
        cmocka_unit_test_setup_teardown(one_bad_row_rejects_all, setup, teardown),
        cmocka_unit_test_setup_teardown(imports_between_other_writes, setup, teardown),
    };
    use_pg = false;
    int rc = cmocka_run_group_tests_name("import on sqlite", tests, NULL, NULL);
    use_pg = true;
    rc += cmocka_run_group_tests_name("import on postgresql", tests, NULL, NULL);
    return rc;
}
