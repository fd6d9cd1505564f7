/* test_registry.c — the engine serving a kind without a state machine (engine.h), with the
 * org registry (kinds/org.c) as the kind, on SQLite and on PostgreSQL (KEZHUAN_TEST_PG):
 *   - who may create, read and PATCH is the policy table of authz.c on the org as its own
 *     target: an officer in its region only, an org admin its own org's address but not its
 *     name, anyone reads; refused before the fields are checked when the actor may not at all;
 *   - the tier is none when not given; a credit code taken is 409 in the kind's words, on
 *     create and on PATCH, and leaves no trace; a stale version is 412;
 *   - every write is one audit row and one change-feed row, and no revision; there is no
 *     history and no transition;
 *   - the statistics' counts follow the org's kind and region (they equal a recount). */
#include "unit.h"
#include "core/vocab.h"
#include "dbfix.h"
#include "domain/audit.h"
#include "domain/engine.h"
#include "domain/stats.h"

static bool use_pg;

static int setup(void **state)
{
    *state = dbfix_open(use_pg);
    return 0;
}

static kz_actor actor(const char *name, kz_role role, int64_t org_id, const char *region)
{
    kz_actor a = {.user_id = 1000 + role, .roles = KZ_ROLE_BIT(role), .org_id = org_id};
    snprintf(a.name, sizeof a.name, "%s", name);
    snprintf(a.region, sizeof a.region, "%s", region);
    return a;
}

static db_status count_cb(void *ctx, const db_row *r)
{
    (void)r;
    (*(int64_t *)ctx)++;
    return DB_OK;
}

/* The rows of the change feed, the audit rows of org id and its revisions. */
static void traces(db_conn *c, int64_t id, int64_t *changes, int64_t *audit, int64_t *revisions)
{
    *changes = *audit = *revisions = 0;
    db_status st = DB_EXEC(c, Q_CHANGES_SINCE, count_cb, changes, db_int(0), db_int(1000000));
    assert_true(st == DB_OK || st == DB_NOROW);
    char ids[24];
    snprintf(ids, sizeof ids, "%lld", (long long)id);
    st = DB_EXEC(c, Q_AUDIT_LIST, count_cb, audit, db_text("org"), db_text(ids), db_int(0),
                 db_int(1000));
    assert_true(st == DB_OK || st == DB_NOROW);
    st = DB_EXEC(c, Q_REV_LIST, count_cb, revisions, db_text("org"), db_int(id));
    assert_true(st == DB_OK || st == DB_NOROW);
}

/* A write of in (create when id is 0, else PATCH at if_match) by a: its result code, the
 * record in *out (when asked), the message in msg. */
static kz_err put(db_conn *c, const kz_actor *a, int64_t id, const char *json, int64_t if_match,
                  json_t **out, char msg[200])
{
    json_error_t je;
    json_t *in = json_loads(json, 0, &je), *o = NULL;
    assert_non_null(in);
    kz_error e = {0};
    kz_err rc = id ? kz_kind_update(&kz_kind_org, c, a, id, in, if_match, &o, &e)
                   : kz_kind_create(&kz_kind_org, c, a, in, &o, &e);
    snprintf(msg, 200, "%s", e.message ? e.message : "");
    kz_error_clear(&e);
    json_decref(in);
    if (out)
        *out = o;
    else
        json_decref(o);
    return rc;
}

/* The kept statistics' counts equal a recount from the rows. */
static void counts_kept(db_conn *c)
{
    json_t *diffs = NULL;
    assert_int_equal(kz_stats_verify(c, false, &diffs), DB_OK);
    if (json_array_size(diffs)) fail_msg("counts differ: %s", json_dumps(diffs, 0));
    json_decref(diffs);
}

static void registry(void **state)
{
    FIXTURE(f);
    db_conn *c = f->c;
    char msg[200];
    kz_actor officer = actor("officer", KZ_ROLE_OFFICER, 0, "510100");
    kz_actor researcher = actor("researcher", KZ_ROLE_RESEARCHER, 0, "");
    kz_actor anon = {0};

    /* refused before the fields: no right to create at all */
    assert_int_equal(put(c, &researcher, 0, "{}", -1, NULL, msg), KZ_E_FORBIDDEN);
    assert_int_equal(put(c, &anon, 0, "{}", -1, NULL, msg), KZ_E_UNAUTHENTICATED);
    assert_int_equal(put(c, &officer, 0, "{}", -1, NULL, msg), KZ_E_VALIDATION);
    /* the officer's region only */
    assert_int_equal(put(c, &officer, 0,
                         "{\"name\":\"宜宾某企业\",\"kind\":\"enterprise\","
                         "\"region\":\"511502\"}",
                         -1, NULL, msg),
                     KZ_E_FORBIDDEN);
    assert_string_equal(msg, "只能在本辖区内登记机构");
    json_t *org = NULL;
    assert_int_equal(put(c, &officer, 0,
                         "{\"name\":\"成都某企业\",\"kind\":\"enterprise\",\"region\":\"510104\","
                         "\"credit_code\":\"91510100MA6CR8XE3E\"}",
                         -1, &org, msg),
                     KZ_E_VALIDATION); /* a bad check digit */
    assert_int_equal(put(c, &officer, 0,
                         "{\"name\":\"成都某企业\",\"kind\":\"enterprise\",\"region\":\"510104\"}",
                         -1, &org, msg),
                     KZ_OK);
    int64_t id = json_integer_value(json_object_get(org, "id"));
    assert_string_equal(json_string_value(json_object_get(org, "tier")), "none");
    assert_int_equal(json_integer_value(json_object_get(org, "version")), 1);
    assert_true(json_is_null(json_object_get(org, "credit_code")));
    json_decref(org);
    counts_kept(c);
    int64_t ch, au, rv;
    traces(c, id, &ch, &au, &rv);
    assert_int_equal(ch, 1);
    assert_int_equal(au, 1);
    assert_int_equal(rv, 0);

    /* anyone reads it; there is no history and no transition */
    json_t *got = NULL;
    kz_error e = {0};
    assert_int_equal(kz_kind_get(&kz_kind_org, c, &anon, id, &got, &e), KZ_OK);
    assert_string_equal(json_string_value(json_object_get(got, "name")), "成都某企业");
    json_decref(got);
    assert_int_equal(kz_kind_history(&kz_kind_org, c, &officer, id, &got, &e), KZ_E_NOT_FOUND);
    kz_error_clear(&e);
    json_t *t = json_pack("{s:s}", "action", "publish");
    assert_int_equal(kz_kind_transition(&kz_kind_org, c, &officer, id, t, -1, &got, &e),
                     KZ_E_NOT_FOUND);
    kz_error_clear(&e);
    json_decref(t);
    assert_int_equal(kz_kind_get(&kz_kind_org, c, &anon, id + 1000, &got, &e), KZ_E_NOT_FOUND);
    kz_error_clear(&e);

    /* its own org admin: the address, not the name; another org's admin: 403 (it may read) */
    kz_actor own = actor("tto", KZ_ROLE_ORG_ADMIN, id, "510104");
    kz_actor other = actor("tto2", KZ_ROLE_ORG_ADMIN, id + 1, "510104");
    assert_int_equal(put(c, &own, id, "{\"address\":\"红星路 1 号\"}", -1, NULL, msg), KZ_OK);
    assert_int_equal(put(c, &own, id, "{\"name\":\"改名\"}", -1, NULL, msg), KZ_E_FORBIDDEN);
    assert_string_equal(msg, "机构名称、类型、信用代码、地区与企业梯度由科技局或平台管理员维护");
    assert_int_equal(put(c, &other, id, "{\"address\":\"x\"}", -1, NULL, msg), KZ_E_FORBIDDEN);
    assert_int_equal(put(c, &researcher, id, "{\"bogus\":1}", -1, NULL, msg), KZ_E_FORBIDDEN);
    /* a stale version; out of the officer's region */
    assert_int_equal(put(c, &officer, id, "{\"contact\":\"1\"}", 1, NULL, msg),
                     KZ_E_PRECONDITION_FAILED);
    assert_int_equal(put(c, &officer, id, "{\"region\":\"511502\"}", 2, NULL, msg), KZ_E_FORBIDDEN);
    assert_string_equal(msg, "不能把机构移出本辖区");
    /* the counts follow its kind and region */
    assert_int_equal(
        put(c, &officer, id, "{\"kind\":\"service\",\"region\":\"510105\"}", 2, &org, msg), KZ_OK);
    assert_int_equal(json_integer_value(json_object_get(org, "version")), 3);
    json_decref(org);
    counts_kept(c);

    /* a credit code taken: 409 in the kind's words, no trace */
    kz_actor admin = actor("admin", KZ_ROLE_ADMIN, 0, "");
    assert_int_equal(put(c, &admin, 0,
                         "{\"name\":\"信用代码甲\",\"kind\":\"enterprise\","
                         "\"credit_code\":\"91510100MA6CR8XE3D\"}",
                         -1, NULL, msg),
                     KZ_OK);
    assert_int_equal(put(c, &admin, 0,
                         "{\"name\":\"信用代码乙\",\"kind\":\"enterprise\","
                         "\"credit_code\":\"91510100MA6CR8XE3D\"}",
                         -1, NULL, msg),
                     KZ_E_CONFLICT);
    assert_string_equal(msg, "该统一社会信用代码已登记");
    assert_int_equal(put(c, &admin, id, "{\"credit_code\":\"91510100MA6CR8XE3D\"}", -1, NULL, msg),
                     KZ_E_CONFLICT);
    assert_string_equal(msg, "该统一社会信用代码已登记");
    traces(c, id, &ch, &au, &rv);
    assert_int_equal(ch, 4); /* this org's insert and two updates, and the other org's insert */
    assert_int_equal(au, 3);
    assert_int_equal(rv, 0);
}

int main(void)
{
    db_global_init();
    kz_vocab_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(registry, setup, teardown),
    };
    use_pg = false;
    int rc = cmocka_run_group_tests_name("registry on sqlite", tests, NULL, NULL);
    use_pg = true;
    rc += cmocka_run_group_tests_name("registry on postgresql", tests, NULL, NULL);
    return rc;
}
