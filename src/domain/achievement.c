#include "achievement.h"
#include "../core/jsonx.h"
#include "../core/validate.h"
#include "../core/vocab.h"
#include "audit.h"
#include "authz.h"
#include "clock.h"
#include "enums.h"
#include "org.h"
#include "record.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OWNER_ROLES (KZ_ROLE_BIT(KZ_ROLE_RESEARCHER) | KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN))
#define REVIEW_ROLES                                                                               \
    (KZ_ROLE_BIT(KZ_ROLE_REVIEWER) | KZ_ROLE_BIT(KZ_ROLE_OFFICER) | KZ_ROLE_BIT(KZ_ROLE_ADMIN))
#define PUBLISH_ROLES REVIEW_ROLES
#define ADMIN         KZ_ROLE_BIT(KZ_ROLE_ADMIN)
#define MAX_PRICE_FEN 100000000000000LL /* ¥1 trillion: far above any real asking price */

/* The achievement state machine (PRODUCT.md §5; issue 3). */
static const kz_transition workflow[] = {
    {"submit", {"draft", "withdrawn"}, "submitted", 0, true, false, "已提交，等待形式审查"},
    {"accept",
     {"submitted"},
     "screening",
     REVIEW_ROLES,
     false,
     false,
     "已通过形式审查，进入筛选评估"},
    {"return", {"submitted", "screening"}, "draft", REVIEW_ROLES, false, false, "已退回修改"},
    {"reject", {"submitted", "screening"}, "rejected", REVIEW_ROLES, false, false, "未通过审查"},
    {"publish", {"screening"}, "published", PUBLISH_ROLES, false, false, "已发布"},
    {"withdraw",
     {"submitted", "screening", "published"},
     "withdrawn",
     ADMIN,
     true,
     false,
     "已撤回"},
    {"renew", {"expired"}, "published", ADMIN, true, false, "已续期并重新发布"},
    {"archive", {"*"}, "archived", ADMIN, false, false, "已归档"},
    {"expire", {"published"}, "expired", 0, false, true, "已过有效期"},
    {0},
};
/* States in which the owner may edit. */
static const char *const editable[] = {"draft", "withdrawn", "expired", NULL};

const char *const kz_ach_columns[] = {
    "id",
    "title",
    "summary",
    "detail",
    "keywords",
    "industry",
    "tech_field",
    "region",
    "trl",
    "ip",
    "team",
    "transfer_modes",
    "transaction_mode",
    "price_fen",
    "valid_until",
    "competing",
    "org_id",
    "status",
    "created_at",
    "updated_at",
    "published_at",
    NULL,
};

/* ---- field checks ---- */

static const char *check_tech_field(const json_t *v)
{
    return kz_enum_has(&kz_enum_tech_fields, json_string_value(v)) ? NULL : "未知的技术领域";
}
static const char *check_transaction(const json_t *v)
{
    return kz_enum_has(&kz_enum_transaction_modes, json_string_value(v)) ? NULL : "未知的交易方式";
}
static const char *check_modes(const json_t *v)
{
    size_t i;
    json_t *it;
    if (!json_array_size(v)) return "至少选择一种转化方式";
    json_array_foreach(v, i, it)
    {
        if (!kz_enum_has(&kz_enum_transfer_modes, json_string_value(it))) return "未知的转化方式";
        for (size_t j = 0; j < i; j++)
            if (json_equal(json_array_get(v, j), it)) return "转化方式重复";
    }
    return NULL;
}
static const char *check_ip(const json_t *v)
{
    size_t i;
    json_t *it;
    json_array_foreach(v, i, it)
    {
        if (!json_is_object(it) || json_object_size(it) > 3)
            return "知识产权条目应为 {type, number, status}";
        const char *t = kz_json_str(it, "type"), *n = kz_json_str(it, "number"),
                   *s = kz_json_str(it, "status");
        if (!t || !kz_enum_has(&kz_enum_ip_types, t)) return "未知的知识产权类型";
        if (!n || !*n || kz_utf8_len(n) > 50 || kz_has_control(n)) return "知识产权编号无效";
        if (!s || !kz_enum_has(&kz_enum_ip_statuses, s)) return "未知的知识产权状态";
    }
    return NULL;
}
static const char *check_team(const json_t *v)
{
    size_t i;
    json_t *it;
    long long sum = 0;
    json_array_foreach(v, i, it)
    {
        if (!json_is_object(it) || json_object_size(it) > 2)
            return "团队成员应为 {name, share_pct}";
        const char *n = kz_json_str(it, "name");
        json_t *p = json_object_get(it, "share_pct");
        if (!n || !*n || kz_utf8_len(n) > 50 || kz_has_control(n)) return "成员姓名无效";
        if (!json_is_integer(p) || json_integer_value(p) < 0 || json_integer_value(p) > 100)
            return "权益比例应为 0–100 的整数";
        sum += json_integer_value(p);
    }
    return sum <= 100 ? NULL : "团队权益比例合计不能超过 100%";
}

static const kz_field fields[] = {
    {.name = "title", .type = KZ_F_STRING, .required = true, .min_len = 4, .max_len = 100},
    {.name = "summary", .type = KZ_F_STRING, .required = true, .min_len = 10, .max_len = 2000},
    {.name = "detail", .type = KZ_F_STRING, .nullable = true, .max_len = 20000},
    {.name = "keywords", .type = KZ_F_STRING_LIST, .min_len = 1, .max_len = 20, .max_items = 10},
    {.name = "industry",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 4,
     .check = kz_check_industry},
    {.name = "tech_field",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 40,
     .check = check_tech_field},
    {.name = "region",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 6,
     .check = kz_check_region},
    {.name = "trl", .type = KZ_F_INT, .required = true, .min = 1, .max = 9},
    {.name = "ip", .type = KZ_F_ARRAY, .max_items = 20, .check = check_ip},
    {.name = "team", .type = KZ_F_ARRAY, .max_items = 20, .check = check_team},
    {.name = "transfer_modes",
     .type = KZ_F_STRING_LIST,
     .required = true,
     .max_items = 4,
     .max_len = 20,
     .check = check_modes},
    {.name = "transaction_mode",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 20,
     .check = check_transaction},
    {.name = "price_fen", .type = KZ_F_INT, .nullable = true, .min = 0, .max = MAX_PRICE_FEN},
    {.name = "valid_until",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 40, /* longer than a date, so that a date-time hears the expected format */
     .check = kz_check_future_date},
    {.name = "competing", .type = KZ_F_STRING, .nullable = true, .max_len = 2000},
    {.name = "org_id", .type = KZ_F_INT, .min = 1, .max = INT64_MAX},
    {0},
};

/* Fields of `data` (everything the user edits; org_id and status live in columns). */
static const char *const data_fields[] = {
    "title",     "summary",     "detail",    "keywords", "industry",       "tech_field",
    "region",    "trl",         "ip",        "team",     "transfer_modes", "transaction_mode",
    "price_fen", "valid_until", "competing", NULL};
static const char *const hide_detail[] = {"detail", NULL};

/* ---- rows ---- */

typedef kz_rec_row row;

/* Adds what an achievement shows beyond the common record: its maturity stage (TRL 1–3
 * 初期, 4–6 中期, 7–9 成熟). Returns rec. */
static json_t *decorate(json_t *rec)
{
    json_int_t trl = json_integer_value(json_object_get(rec, "trl"));
    json_object_set_new(rec, "maturity_stage",
                        json_string(trl <= 3   ? "early"
                                    : trl <= 6 ? "middle"
                                               : "mature"));
    return rec;
}

static json_t *record_of(const db_row *r)
{
    return decorate(kz_rec_json(r));
}

static db_status row_cb(void *ctx, const db_row *r)
{
    row *x = ctx;
    kz_rec_row_fill(x, r);
    decorate(x->rec);
    return DB_OK;
}

static db_status load(db_conn *c, int64_t id, row *x)
{
    return DB_EXEC(c, Q_ACH_GET, row_cb, x, db_int(id));
}

static bool granted(db_conn *c, const kz_actor *a, int64_t id)
{
    int64_t g = 0;
    return a->user_id &&
           DB_EXEC(c, Q_ACC_GRANTED, db_cb_int, &g, db_int(id), db_int(a->user_id)) == DB_OK;
}

/* Applies the visibility tier to a loaded record; returns false when it must not be seen. */
static bool shape(db_conn *c, const kz_actor *a, row *x)
{
    kz_view v = kz_record_view(a, x->org_id, x->region, x->status);
    if (v == KZ_VIEW_NONE) return false;
    if (v == KZ_VIEW_CARD && granted(c, a, x->id)) v = KZ_VIEW_FULL;
    json_t *d = json_object_get(x->rec, "detail");
    json_object_set_new(x->rec, "has_detail",
                        json_boolean(json_is_string(d) && *json_string_value(d)));
    json_object_set_new(x->rec, "detail_visible", json_boolean(v == KZ_VIEW_FULL));
    if (v != KZ_VIEW_FULL) json_object_del(x->rec, "detail");
    return true;
}

static json_t *data_of(const json_t *rec)
{
    json_t *d = json_object();
    for (int i = 0; data_fields[i]; i++) {
        json_t *v = json_object_get(rec, data_fields[i]);
        json_object_set(d, data_fields[i], v ? v : json_null());
    }
    if (json_is_null(json_object_get(d, "keywords")))
        json_object_set_new(d, "keywords", json_array());
    if (json_is_null(json_object_get(d, "ip"))) json_object_set_new(d, "ip", json_array());
    if (json_is_null(json_object_get(d, "team"))) json_object_set_new(d, "team", json_array());
    return d;
}

static kz_err deny(const kz_actor *a, kz_error *e)
{
    return kz_fail(e, a->user_id || a->operator_ ? KZ_E_FORBIDDEN : KZ_E_UNAUTHENTICATED, NULL);
}

/* ---- create / import ---- */

typedef struct create_ctx {
    const kz_actor *a;
    json_t *data;
    int64_t org_id;
    const char *status;
    json_t *out;
} create_ctx;

static db_status create_tx(db_conn *c, void *vctx)
{
    create_ctx *x = vctx;
    char now[24], modes[128], ids[24];
    kz_rfc3339((time_t)kz_now(), now);
    kz_codes_csv(json_object_get(x->data, "transfer_modes"), modes, sizeof modes);
    char *d = json_dumps(x->data, JSON_COMPACT);
    json_t *price = json_object_get(x->data, "price_fen");
    int64_t id = 0;
    db_status st =
        DB_EXEC(c, Q_ACH_INSERT, db_cb_int, &id, db_int(x->org_id),
                x->a->user_id ? db_int(x->a->user_id) : db_null(), db_text(x->status),
                db_text(kz_json_str(x->data, "title")), db_text(kz_json_str(x->data, "industry")),
                db_text(kz_industry_section(kz_json_str(x->data, "industry"))),
                db_text(kz_json_str(x->data, "region")),
                db_int(json_integer_value(json_object_get(x->data, "trl"))),
                json_is_integer(price) ? db_int(json_integer_value(price)) : db_null(),
                db_text(modes), db_text(kz_json_str(x->data, "valid_until")), db_text(d),
                db_text(now), !strcmp(x->status, "published") ? db_text(now) : db_null());
    free(d);
    if (st != DB_OK) return st;
    row r = {0};
    if ((st = load(c, id, &r)) != DB_OK) return st == DB_NOROW ? DB_HARD : st;
    json_decref(x->out);
    x->out = r.rec;
    snprintf(ids, sizeof ids, "%" PRId64, id);
    if ((st = kz_revision_add(c, x->a, "achievement", id, 1, x->a->operator_ ? "import" : "create",
                              NULL, x->status, x->data)) != DB_OK)
        return st;
    if ((st = kz_audit_append(c, x->a, "achievement", ids, x->a->operator_ ? "import" : "create",
                              NULL, x->out)) != DB_OK)
        return st;
    return kz_change_append(c, "achievement", id, "insert");
}

/* Validates and resolves the owner org. Returns KZ_OK with *org_id set. */
static const kz_owner_msgs owner_msgs = {"只能为本机构登记成果", "必填：成果所属机构",
                                         "只能为本辖区的机构登记成果"};
static kz_err prepare(db_conn *c, const kz_actor *a, const json_t *in, bool import, int64_t *org_id,
                      kz_error *e)
{
    json_t *copy = json_deep_copy(in);
    if (import) json_object_del(copy, "status");
    bool ok = kz_validate_object(copy, fields, false, e);
    json_decref(copy);
    if (import) {
        const char *s = kz_json_str(in, "status");
        json_t *sv = json_object_get(in, "status");
        if (sv && (!s || !kz_enum_has(&kz_enum_achievement_statuses, s))) {
            kz_field_error(e, "status", "未知的状态");
            ok = false;
        }
    }
    if (!ok) return KZ_E_VALIDATION;
    return kz_owner_org(c, a, in, OWNER_ROLES, &owner_msgs, org_id, e);
}

static kz_err create(db_conn *c, const kz_actor *a, const json_t *in, bool import, json_t **out,
                     kz_error *e)
{
    *out = NULL;
    if (!a->user_id && !a->operator_) return deny(a, e);
    create_ctx x = {.a = a};
    kz_err rc = prepare(c, a, in, import, &x.org_id, e);
    if (rc != KZ_OK) return rc;
    x.data = data_of(in);
    x.status = import && kz_json_str(in, "status") ? kz_json_str(in, "status") : "draft";
    db_status st = db_tx(c, true, create_tx, &x);
    json_decref(x.data);
    if (st != DB_OK) {
        json_decref(x.out);
        return kz_db_fail(e, st);
    }
    *out = x.out;
    return KZ_OK;
}

kz_err kz_ach_create(db_conn *c, const kz_actor *a, const json_t *in, json_t **out, kz_error *e)
{
    return create(c, a, in, false, out, e);
}

kz_err kz_ach_import(db_conn *c, const kz_actor *a, const json_t *in, json_t **out, kz_error *e)
{
    return create(c, a, in, true, out, e);
}

kz_err kz_ach_check(db_conn *c, const kz_actor *a, const json_t *in, kz_error *e)
{
    int64_t org;
    return prepare(c, a, in, true, &org, e);
}

/* ---- read ---- */

kz_err kz_ach_get(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e)
{
    *out = NULL;
    row x = {0};
    db_status st = load(c, id, &x);
    if (st != DB_OK) return kz_db_fail(e, st);
    if (!shape(c, a, &x)) {
        json_decref(x.rec);
        return kz_fail(e, KZ_E_NOT_FOUND, NULL);
    }
    *out = x.rec;
    return KZ_OK;
}

kz_err kz_ach_history(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e)
{
    *out = NULL;
    row x = {0};
    db_status st = load(c, id, &x);
    if (st != DB_OK) return kz_db_fail(e, st);
    kz_view v = kz_record_view(a, x.org_id, x.region, x.status);
    json_decref(x.rec);
    if (v == KZ_VIEW_NONE) return kz_fail(e, KZ_E_NOT_FOUND, NULL);
    if (v == KZ_VIEW_CARD && granted(c, a, id)) v = KZ_VIEW_FULL;
    /* the public sees the history of a published card without the confidential detail */
    return kz_revision_list(c, "achievement", id, v == KZ_VIEW_FULL ? NULL : hide_detail, out, e);
}

/* ---- update ---- */

typedef struct update_ctx {
    const kz_actor *a;
    int64_t id, if_match;
    const json_t *patch;
    json_t *out;
    kz_error *e;
    kz_err err;
} update_ctx;

/* Records an API error from inside a transaction and makes db_tx roll back. */
#define fail(x, code, msg) (((x)->err = kz_fail((x)->e, (code), (msg))), DB_HARD)

static bool in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(s, *list)) return true;
    return false;
}

static db_status update_tx(db_conn *c, void *vctx)
{
    update_ctx *x = vctx;
    x->err = KZ_OK;
    row r = {0};
    db_status st = load(c, x->id, &r);
    if (st != DB_OK) return st;
    kz_view v = kz_record_view(x->a, r.org_id, r.region, r.status);
    bool owner = kz_is_owner(x->a, r.org_id, OWNER_ROLES);
    bool admin = x->a->operator_ || (x->a->roles & ADMIN);
    if (v == KZ_VIEW_NONE)
        st = fail(x, KZ_E_NOT_FOUND, NULL);
    else if (!owner && !admin)
        st = fail(x, KZ_E_FORBIDDEN, "只有成果所属机构可以修改");
    else if (kz_authz_patch_refused(x->a, KZ_RES_ACHIEVEMENT, x->patch,
                                    &(kz_target){.org_id = r.org_id, .region = r.region}))
        st = fail(x, KZ_E_FORBIDDEN, "只有成果所属机构可以修改");
    else if (!admin && !in_list(r.status, editable))
        st = fail(x, KZ_E_CONFLICT, "当前状态不能修改，请先撤回");
    else if (!strcmp(r.status, "archived"))
        st = fail(x, KZ_E_CONFLICT, "已归档的成果不能修改");
    else if (x->if_match >= 0 && x->if_match != r.version)
        st = fail(x, KZ_E_PRECONDITION_FAILED, NULL);
    if (st != DB_OK) {
        json_decref(r.rec);
        return st;
    }
    json_t *before = data_of(r.rec), *data = json_deep_copy(before);
    json_object_update(data, (json_t *)x->patch);
    json_object_del(data, "org_id");
    char now[24], modes[128], ids[24];
    kz_rfc3339((time_t)kz_now(), now);
    kz_codes_csv(json_object_get(data, "transfer_modes"), modes, sizeof modes);
    char *d = json_dumps(data, JSON_COMPACT);
    json_t *price = json_object_get(data, "price_fen");
    int64_t got = 0;
    st = DB_EXEC(c, Q_ACH_UPDATE, db_cb_int, &got, db_int(x->id),
                 db_text(kz_json_str(data, "title")), db_text(kz_json_str(data, "industry")),
                 db_text(kz_industry_section(kz_json_str(data, "industry"))),
                 db_text(kz_json_str(data, "region")),
                 db_int(json_integer_value(json_object_get(data, "trl"))),
                 json_is_integer(price) ? db_int(json_integer_value(price)) : db_null(),
                 db_text(modes), db_text(kz_json_str(data, "valid_until")), db_text(d),
                 db_text(now), db_int(r.version));
    free(d);
    if (st == DB_NOROW) st = fail(x, KZ_E_PRECONDITION_FAILED, NULL);
    row nr = {0};
    if (st == DB_OK) st = load(c, x->id, &nr);
    if (st == DB_OK)
        st = kz_revision_add(c, x->a, "achievement", x->id, nr.version, "update", NULL, nr.status,
                             data);
    snprintf(ids, sizeof ids, "%" PRId64, x->id);
    if (st == DB_OK) st = kz_audit_append(c, x->a, "achievement", ids, "update", r.rec, nr.rec);
    if (st == DB_OK) st = kz_change_append(c, "achievement", x->id, "update");
    json_decref(before);
    json_decref(data);
    json_decref(r.rec);
    json_decref(x->out);
    x->out = nr.rec;
    return st;
}

kz_err kz_ach_update(db_conn *c, const kz_actor *a, int64_t id, const json_t *patch,
                     int64_t if_match, json_t **out, kz_error *e)
{
    *out = NULL;
    if (!a->user_id && !a->operator_) return deny(a, e);
    if (!kz_validate_object(patch, fields, true, e)) return KZ_E_VALIDATION;
    if (json_object_get(patch, "org_id")) {
        kz_field_error(e, "org_id", "所属机构不能修改");
        return KZ_E_VALIDATION;
    }
    static const char *const required[] = {"title", "summary",        "industry",         "region",
                                           "trl",   "transfer_modes", "transaction_mode", NULL};
    for (int i = 0; required[i]; i++)
        if (json_is_null(json_object_get(patch, required[i]))) {
            kz_field_error(e, required[i], "不能为空");
            return KZ_E_VALIDATION;
        }
    update_ctx x = {.a = a, .id = id, .if_match = if_match, .patch = patch, .e = e};
    db_status st = db_tx(c, true, update_tx, &x);
    if (st != DB_OK) {
        json_decref(x.out);
        return x.err != KZ_OK ? x.err : kz_db_fail(e, st);
    }
    row r = {.rec = x.out};
    r.org_id = json_integer_value(json_object_get(x.out, "org_id"));
    snprintf(r.status, sizeof r.status, "%s", kz_json_str(x.out, "status"));
    snprintf(r.region, sizeof r.region, "%s",
             kz_json_str(x.out, "region") ? kz_json_str(x.out, "region") : "");
    r.id = id;
    shape(c, a, &r);
    *out = x.out;
    return KZ_OK;
}

/* ---- transitions ---- */

typedef struct trans_ctx {
    const kz_actor *a;
    int64_t id, if_match;
    const char *action, *comment, *valid_until;
    json_t *out;
    kz_error *e;
    kz_err err;
} trans_ctx;

static db_status trans_tx(db_conn *c, void *vctx)
{
    trans_ctx *x = vctx;
    x->err = KZ_OK;
    row r = {0};
    db_status st = load(c, x->id, &r);
    if (st != DB_OK) return st;
    kz_view v = kz_record_view(x->a, r.org_id, r.region, r.status);
    const kz_transition *t = NULL;
    kz_wf_result wf = v == KZ_VIEW_NONE ? KZ_WF_OK
                                        : kz_workflow_find(workflow, x->action, r.status, x->a,
                                                           kz_is_owner(x->a, r.org_id, OWNER_ROLES),
                                                           kz_in_region(x->a, r.region), &t);
    if (v == KZ_VIEW_NONE)
        st = fail(x, KZ_E_NOT_FOUND, NULL);
    else if (wf == KZ_WF_UNKNOWN) {
        kz_field_error(x->e, "action", "未知的操作");
        x->err = KZ_E_VALIDATION;
        st = DB_HARD;
    } else if (wf == KZ_WF_FORBIDDEN)
        st = fail(x, KZ_E_FORBIDDEN, "无权执行此操作");
    else if (wf == KZ_WF_CONFLICT)
        st = fail(x, KZ_E_CONFLICT, "成果当前状态不允许该操作");
    else if (x->if_match >= 0 && x->if_match != r.version)
        st = fail(x, KZ_E_PRECONDITION_FAILED, NULL);
    json_t *data = st == DB_OK ? data_of(r.rec) : NULL;
    if (st == DB_OK && x->valid_until && strcmp(t->to, "published") != 0) {
        kz_field_error(x->e, "valid_until", "只有发布或续期时可以设置有效期");
        x->err = KZ_E_VALIDATION;
        st = DB_HARD;
    }
    if (st == DB_OK && !strcmp(t->to, "published")) {
        /* a published listing needs a validity date in the future */
        const char *vu = x->valid_until ? x->valid_until : kz_json_str(data, "valid_until");
        char today[11];
        kz_today(today);
        if (!vu || strcmp(vu, today) <= 0) {
            kz_field_error(x->e, "valid_until",
                           vu ? "有效期已过，请设置新的有效期" : "发布前需要设置有效期");
            x->err = KZ_E_VALIDATION;
            st = DB_HARD;
        } else if (x->valid_until) {
            json_object_set_new(data, "valid_until", json_string(x->valid_until));
        }
    }
    char now[24], ids[24];
    kz_rfc3339((time_t)kz_now(), now);
    int64_t got = 0;
    if (st == DB_OK && x->valid_until) {
        /* the new validity date is an edit of its own: one version, one revision */
        char modes[128];
        kz_codes_csv(json_object_get(data, "transfer_modes"), modes, sizeof modes);
        char *d = json_dumps(data, JSON_COMPACT);
        json_t *price = json_object_get(data, "price_fen");
        st = DB_EXEC(c, Q_ACH_UPDATE, db_cb_int, &got, db_int(x->id),
                     db_text(kz_json_str(data, "title")), db_text(kz_json_str(data, "industry")),
                     db_text(kz_industry_section(kz_json_str(data, "industry"))),
                     db_text(kz_json_str(data, "region")),
                     db_int(json_integer_value(json_object_get(data, "trl"))),
                     json_is_integer(price) ? db_int(json_integer_value(price)) : db_null(),
                     db_text(modes), db_text(x->valid_until), db_text(d), db_text(now),
                     db_int(r.version));
        free(d);
        r.version++;
        if (st == DB_OK)
            st = kz_revision_add(c, x->a, "achievement", x->id, r.version, "update", x->comment,
                                 r.status, data);
    }
    if (st == DB_OK)
        st = DB_EXEC(c, Q_ACH_SET_STATUS, db_cb_int, &got, db_int(x->id), db_text(t->to),
                     db_text(now), db_int(r.version),
                     !strcmp(t->to, "published") ? db_text(now) : db_null());
    if (st == DB_NOROW) st = fail(x, KZ_E_PRECONDITION_FAILED, NULL);
    row nr = {0};
    if (st == DB_OK) st = load(c, x->id, &nr);
    if (st == DB_OK)
        st = kz_revision_add(c, x->a, "achievement", x->id, nr.version, x->action, x->comment,
                             t->to, data);
    snprintf(ids, sizeof ids, "%" PRId64, x->id);
    if (st == DB_OK) {
        json_t *after = json_deep_copy(nr.rec);
        if (x->comment) json_object_set_new(after, "comment", json_string(x->comment));
        st = kz_audit_append(c, x->a, "achievement", ids, x->action, r.rec, after);
        json_decref(after);
    }
    if (st == DB_OK) st = kz_change_append(c, "achievement", x->id, "update");
    if (st == DB_OK) {
        char note[400];
        snprintf(note, sizeof note, "成果《%s》%s%s%s", kz_json_str(nr.rec, "title"), t->label,
                 x->comment ? "：" : "", x->comment ? x->comment : "");
        st = kz_notify(c, x->a, r.created_by, "achievement_status", "achievement", x->id, note);
        if (st == DB_OK)
            st = kz_notify_org(c, x->a, r.org_id, KZ_ROLE_ORG_ADMIN, "achievement_status",
                               "achievement", x->id, note);
    }
    json_decref(data);
    json_decref(r.rec);
    json_decref(x->out);
    x->out = nr.rec;
    return st;
}

static const kz_field transition_fields[] = {
    {.name = "action", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 20},
    {.name = "comment", .type = KZ_F_STRING, .nullable = true, .max_len = 1000},
    {.name = "valid_until", .type = KZ_F_STRING, .max_len = 40, .check = kz_check_future_date},
    {0},
};

kz_err kz_ach_transition(db_conn *c, const kz_actor *a, int64_t id, const json_t *in,
                         int64_t if_match, json_t **out, kz_error *e)
{
    *out = NULL;
    if (!a->user_id && !a->operator_) return deny(a, e);
    if (!kz_validate_object(in, transition_fields, false, e)) return KZ_E_VALIDATION;
    trans_ctx x = {.a = a,
                   .id = id,
                   .if_match = if_match,
                   .action = kz_json_str(in, "action"),
                   .comment = kz_json_str(in, "comment"),
                   .valid_until = kz_json_str(in, "valid_until"),
                   .e = e};
    if (!strcmp(x.action, "expire")) return kz_fail(e, KZ_E_FORBIDDEN, "过期由系统自动处理");
    db_status st = db_tx(c, true, trans_tx, &x);
    if (st != DB_OK) {
        json_decref(x.out);
        return x.err != KZ_OK ? x.err : kz_db_fail(e, st);
    }
    row r = {.rec = x.out, .id = id};
    r.org_id = json_integer_value(json_object_get(x.out, "org_id"));
    snprintf(r.status, sizeof r.status, "%s", kz_json_str(x.out, "status"));
    snprintf(r.region, sizeof r.region, "%s",
             kz_json_str(x.out, "region") ? kz_json_str(x.out, "region") : "");
    if (!shape(c, a, &r)) { /* the move took the record out of the actor's sight (an officer
                               returning it to draft) */
        json_decref(x.out);
        *out = json_pack("{s:I, s:s}", "id", (json_int_t)id, "status", r.status);
        return KZ_OK;
    }
    *out = x.out;
    return KZ_OK;
}

int kz_ach_expire_due(db_conn *c)
{
    char today[11];
    kz_today(today);
    kz_actor sys = {.operator_ = true};
    snprintf(sys.name, sizeof sys.name, "system");
    int n = 0;
    for (int round = 0; round < 100; round++) {
        int64_t id = 0;
        db_status st = DB_EXEC(c, Q_ACH_DUE, db_cb_int, &id, db_text(today));
        if (st != DB_OK || !id) break;
        kz_error e = {0};
        trans_ctx x = {.a = &sys, .id = id, .if_match = -1, .action = "expire", .e = &e};
        st = db_tx(c, true, trans_tx, &x);
        json_decref(x.out);
        kz_error_clear(&e);
        if (st != DB_OK) break;
        n++;
    }
    return n;
}

/* ---- lists ---- */

typedef struct list_ctx {
    json_t *items;
    int64_t keys[KZ_LIST_MAX + 1]; /* the sort key of each item, for the next cursor */
    int n;
} list_ctx;

static db_status list_cb(void *vctx, const db_row *r)
{
    list_ctx *x = vctx;
    json_t *rec = record_of(r);
    json_t *d = json_object_get(rec, "detail");
    json_object_set_new(rec, "has_detail",
                        json_boolean(json_is_string(d) && *json_string_value(d)));
    json_object_del(rec, "detail"); /* lists carry cards; the detail is read one record at a time */
    json_array_append_new(x->items, rec);
    if (x->n < KZ_LIST_MAX + 1) x->keys[x->n++] = db_col_int(r, 11);
    return DB_OK;
}

typedef struct facet_ctx {
    json_t *arr;
    int kind; /* 0 section, 1 city, 2 trl */
} facet_ctx;

static db_status facet_cb(void *vctx, const db_row *r)
{
    facet_ctx *x = vctx;
    json_t *o = json_object();
    const char *code = db_col_text(r, 0);
    if (x->kind == 2) {
        json_object_set_new(o, "trl",
                            db_col_null(r, 0) ? json_null() : json_integer(db_col_int(r, 0)));
    } else if (code) {
        char full[8];
        snprintf(full, sizeof full, x->kind == 1 ? "%s00" : "%s", code);
        const kz_vocab_entry *v =
            kz_vocab_get(x->kind == 1 ? KZ_VOCAB_REGION : KZ_VOCAB_INDUSTRY, full);
        json_object_set_new(o, "code", json_string(full));
        json_object_set_new(o, "name", v ? json_string(v->name) : json_null());
    } else {
        json_object_set_new(o, "code", json_null());
        json_object_set_new(o, "name", json_string("未填写"));
    }
    json_object_set_new(o, "count", json_integer(db_col_int(r, 1)));
    json_array_append_new(x->arr, o);
    return DB_OK;
}

kz_err kz_ach_list(db_conn *c, const kz_actor *a, const kz_ach_query *q, json_t **out, kz_error *e)
{
    *out = NULL;
    static const kz_sort sorts[] = {
        {"-id", Q_ACH_LIST_ID_DESC},
        {"id", Q_ACH_LIST_ID_ASC},
        {"price", Q_ACH_LIST_PRICE_ASC},
        {"-price", Q_ACH_LIST_PRICE_DESC},
        {"trl", Q_ACH_LIST_TRL_ASC},
        {"-trl", Q_ACH_LIST_TRL_DESC},
        {"-updated_at", Q_ACH_LIST_UPDATED_DESC},
    };
    db_stmt stmt;
    kz_sort_find(sorts, sizeof sorts / sizeof sorts[0], q->sort,
                 "可选：-id, id, price, -price, trl, -trl, -updated_at", &stmt, e);
    if (q->status && !kz_enum_has(&kz_enum_achievement_statuses, q->status))
        kz_field_error(e, "status", "未知的状态");
    const char *section, *ind_prefix;
    kz_industry_filter(q->industry, &section, &ind_prefix, e);
    if (q->region && !kz_all_digits(q->region, 6))
        kz_field_error(e, "region", "应为 GB/T 2260 代码或前缀");
    char mode[32] = "";
    if (q->transfer_mode) {
        if (!kz_enum_has(&kz_enum_transfer_modes, q->transfer_mode))
            kz_field_error(e, "transfer_mode", "未知的转化方式");
        else
            snprintf(mode, sizeof mode, ",%s,", q->transfer_mode);
    }
    if (q->q && kz_utf8_len(q->q) > 100) kz_field_error(e, "q", "超过长度上限");
    bool has_key;
    long long key, after;
    kz_cursor_parse(q->cursor, &has_key, &key, &after, e);
    if (e->code) return KZ_E_VALIDATION;

    char prefix[8];
    db_val vis[4];
    kz_visibility_params(a, vis, prefix);
#define OPT_I(v) ((v) >= 0 ? db_int(v) : db_null())
    db_val p[18] = {
        vis[0],
        vis[1],
        vis[2],
        vis[3],
        db_text(q->status),
        db_text(section),
        db_text(ind_prefix),
        db_text(q->region),
        OPT_I(q->trl_min),
        OPT_I(q->trl_max),
        OPT_I(q->price_min),
        OPT_I(q->price_max),
        OPT_I(q->org),
        mode[0] ? db_text(mode) : db_null(),
        q->q && *q->q ? db_text(q->q) : db_null(),
        has_key ? db_int(key) : db_null(),
        db_int(after),
        db_int(q->limit + 1),
    };
#undef OPT_I
    list_ctx x = {.items = json_array()};
    int64_t total = 0;
    db_status st = db_exec(c, stmt, p, 18, list_cb, &x);
    if (st == DB_OK || st == DB_NOROW) st = db_exec(c, Q_ACH_COUNT, p, 15, db_cb_int, &total);
    json_t *facets = NULL;
    if ((st == DB_OK) && q->facets) {
        facets = json_object();
        static const struct {
            const char *name;
            db_stmt stmt;
        } fs[] = {{"industry", Q_ACH_FACET_SECTION},
                  {"city", Q_ACH_FACET_CITY},
                  {"trl", Q_ACH_FACET_TRL}};
        for (int i = 0; i < 3 && (st == DB_OK || st == DB_NOROW); i++) {
            facet_ctx f = {.arr = json_array(), .kind = i};
            st = db_exec(c, fs[i].stmt, p, 15, facet_cb, &f);
            json_object_set_new(facets, fs[i].name, f.arr);
        }
        if (st == DB_NOROW) st = DB_OK;
    }
    if (st != DB_OK) {
        json_decref(x.items);
        json_decref(facets);
        return kz_db_fail(e, st);
    }
    json_t *next = kz_cursor_next(x.items, x.keys, q->limit);
    *out = json_pack("{s:o, s:o, s:I}", "items", x.items, "next_cursor", next, "total",
                     (json_int_t)total);
    if (facets) json_object_set_new(*out, "facets", facets);
    return KZ_OK;
}

/* ---- access requests to the confidential detail ---- */

static json_t *access_json(const db_row *r)
{
    return json_pack("{s:I, s:I, s:{s:I, s:o, s:o}, s:o, s:o, s:o, s:o, s:o}", "id",
                     (json_int_t)db_col_int(r, 0), "achievement_id", (json_int_t)db_col_int(r, 1),
                     "requester", "id", (json_int_t)db_col_int(r, 2), "username", kz_col_str(r, 9),
                     "display_name", kz_col_str(r, 10), "reason", kz_col_str(r, 3), "status",
                     kz_col_str(r, 4), "comment", kz_col_str(r, 5), "created_at", kz_col_str(r, 7),
                     "decided_at", kz_col_str(r, 8));
}

static db_status access_one_cb(void *ctx, const db_row *r)
{
    *(json_t **)ctx = access_json(r);
    return DB_OK;
}

static db_status access_list_cb(void *ctx, const db_row *r)
{
    json_array_append_new(ctx, access_json(r));
    return DB_OK;
}

/* true when the actor decides on (and sees every request for) the achievements of org_id:
 * the access-request rows of the policy table (authz.c). */
static bool manages_requests(const kz_actor *a, int64_t org_id)
{
    kz_target t = {.org_id = org_id};
    return kz_authz_allows(a, KZ_RES_ACCESS, KZ_ACT_UPDATE, &t);
}

static const kz_field access_fields[] = {
    {.name = "reason", .type = KZ_F_STRING, .required = true, .min_len = 2, .max_len = 500},
    {0},
};

typedef struct access_ctx {
    const kz_actor *a;
    int64_t ach_id, req_id;
    const char *reason, *action, *comment;
    json_t *out;
    kz_error *e;
    kz_err err;
} access_ctx;

static db_status request_tx(db_conn *c, void *vctx)
{
    access_ctx *x = vctx;
    x->err = KZ_OK;
    row r = {0};
    db_status st = load(c, x->ach_id, &r);
    if (st != DB_OK) return st;
    kz_view v = kz_record_view(x->a, r.org_id, r.region, r.status);
    int64_t pending = 0;
    if (v == KZ_VIEW_NONE)
        st = fail(x, KZ_E_NOT_FOUND, NULL);
    else if (v == KZ_VIEW_FULL || granted(c, x->a, x->ach_id))
        st = fail(x, KZ_E_CONFLICT, "您已可以查看该成果的详细信息");
    else if (DB_EXEC(c, Q_ACC_PENDING, db_cb_int, &pending, db_int(x->ach_id),
                     db_int(x->a->user_id)) == DB_OK)
        st = fail(x, KZ_E_CONFLICT, "已有待处理的申请");
    char now[24], ids[24], note[300];
    kz_rfc3339((time_t)kz_now(), now);
    int64_t id = 0;
    if (st == DB_OK)
        st = DB_EXEC(c, Q_ACC_INSERT, db_cb_int, &id, db_int(x->ach_id), db_int(x->a->user_id),
                     db_text(x->reason), db_text(now));
    if (st == DB_OK) st = DB_EXEC(c, Q_ACC_GET, access_one_cb, &x->out, db_int(id));
    snprintf(ids, sizeof ids, "%" PRId64, id);
    if (st == DB_OK) st = kz_audit_append(c, x->a, "access_request", ids, "create", NULL, x->out);
    snprintf(note, sizeof note, "%s 申请查看成果《%s》的详细信息", x->a->name,
             kz_json_str(r.rec, "title"));
    if (st == DB_OK)
        st = kz_notify(c, x->a, r.created_by, "access_request", "achievement", x->ach_id, note);
    if (st == DB_OK)
        st = kz_notify_org(c, x->a, r.org_id, KZ_ROLE_ORG_ADMIN, "access_request", "achievement",
                           x->ach_id, note);
    json_decref(r.rec);
    return st;
}

kz_err kz_access_request(db_conn *c, const kz_actor *a, int64_t ach_id, const json_t *in,
                         json_t **out, kz_error *e)
{
    *out = NULL;
    if (!a->user_id) return deny(a, e);
    if (!kz_validate_object(in, access_fields, false, e)) return KZ_E_VALIDATION;
    access_ctx x = {.a = a, .ach_id = ach_id, .reason = kz_json_str(in, "reason"), .e = e};
    db_status st = db_tx(c, true, request_tx, &x);
    if (st != DB_OK) {
        json_decref(x.out);
        return x.err != KZ_OK ? x.err : kz_db_fail(e, st);
    }
    *out = x.out;
    return KZ_OK;
}

kz_err kz_access_list(db_conn *c, const kz_actor *a, int64_t ach_id, json_t **out, kz_error *e)
{
    *out = NULL;
    if (!a->user_id && !a->operator_) return deny(a, e);
    row r = {0};
    db_status st = load(c, ach_id, &r);
    if (st != DB_OK) return kz_db_fail(e, st);
    kz_view v = kz_record_view(a, r.org_id, r.region, r.status);
    bool manager = manages_requests(a, r.org_id);
    json_decref(r.rec);
    if (v == KZ_VIEW_NONE) return kz_fail(e, KZ_E_NOT_FOUND, NULL);
    json_t *items = json_array();
    st = DB_EXEC(c, Q_ACC_LIST, access_list_cb, items, db_int(ach_id),
                 manager ? db_null() : db_int(a->user_id), db_null(), db_int(0), db_int(1000));
    if (st != DB_OK && st != DB_NOROW) {
        json_decref(items);
        return kz_db_fail(e, st);
    }
    *out = json_pack("{s:o}", "items", items);
    return KZ_OK;
}

static db_status inbox_cb(void *ctx, const db_row *r)
{
    json_t *it = access_json(r);
    json_t *who = json_object_get(it, "requester");
    json_object_set_new(who, "org_id",
                        db_col_null(r, 13) ? json_null() : json_integer(db_col_int(r, 13)));
    json_object_set_new(who, "org_name", kz_col_str(r, 14));
    json_object_set_new(it, "achievement",
                        json_pack("{s:I, s:o, s:o, s:I}", "id", (json_int_t)db_col_int(r, 1),
                                  "title", kz_col_str(r, 11), "status", kz_col_str(r, 12), "org_id",
                                  (json_int_t)db_col_int(r, 15)));
    json_array_append_new(ctx, it);
    return DB_OK;
}

kz_err kz_access_inbox(db_conn *c, const kz_actor *a, const char *status, bool mine,
                       const kz_page *p, json_t **out, kz_error *e)
{
    *out = NULL;
    if (!a->user_id && !a->operator_) return deny(a, e);
    if (status && !kz_enum_has(&kz_enum_access_statuses, status)) {
        kz_field_error(e, "status", "应为 pending、approved、declined 或 revoked");
        return KZ_E_VALIDATION;
    }
    /* whose requests: the owner org's (ORG), the actor's own (SELF or mine), or all (ALL) */
    kz_scope sc = mine ? KZ_SCOPE_SELF : kz_authz_scope(a, KZ_RES_ACCESS, KZ_ACT_LIST);
    db_val owner = db_null(), requester = db_null();
    if (sc == KZ_SCOPE_ORG && a->org_id)
        owner = db_int(a->org_id);
    else if (sc != KZ_SCOPE_ALL)
        requester = db_int(a->user_id);
    db_val st_v = status ? db_text(status) : db_null();
    json_t *items = json_array();
    int64_t total = 0;
    db_status st = DB_EXEC(c, Q_ACC_INBOX, inbox_cb, items, owner, requester, st_v,
                           db_int(p->after), db_int(p->limit + 1));
    if (st == DB_OK || st == DB_NOROW)
        st = DB_EXEC(c, Q_ACC_INBOX_COUNT, db_cb_int, &total, owner, requester, st_v);
    if (st != DB_OK) {
        json_decref(items);
        return kz_db_fail(e, st);
    }
    *out = kz_page_result(items, p, total, "id");
    return KZ_OK;
}

static db_status decide_tx(db_conn *c, void *vctx)
{
    access_ctx *x = vctx;
    x->err = KZ_OK;
    json_t *req = NULL;
    db_status st = DB_EXEC(c, Q_ACC_GET, access_one_cb, &req, db_int(x->req_id));
    if (st != DB_OK) return st;
    x->ach_id = json_integer_value(json_object_get(req, "achievement_id"));
    row r = {0};
    st = load(c, x->ach_id, &r);
    if (st != DB_OK) {
        json_decref(req);
        return st == DB_NOROW ? DB_HARD : st;
    }
    bool manager = manages_requests(x->a, r.org_id);
    bool own_request = json_integer_value(json_object_get(json_object_get(req, "requester"),
                                                          "id")) == x->a->user_id;
    const char *cur = kz_json_str(req, "status");
    const char *to = !strcmp(x->action, "approve")   ? "approved"
                     : !strcmp(x->action, "decline") ? "declined"
                                                     : "revoked";
    const char *from = !strcmp(x->action, "revoke") ? "approved" : "pending";
    if (!manager)
        st = own_request ? fail(x, KZ_E_FORBIDDEN, "只有成果所属机构可以处理申请")
                         : fail(x, KZ_E_NOT_FOUND, NULL);
    else if (strcmp(cur, from) != 0)
        st = fail(x, KZ_E_CONFLICT, "申请当前状态不允许该操作");
    char now[24], ids[24], note[300];
    kz_rfc3339((time_t)kz_now(), now);
    int64_t got = 0;
    if (st == DB_OK)
        st = DB_EXEC(c, Q_ACC_DECIDE, db_cb_int, &got, db_int(x->req_id), db_text(to),
                     db_text(x->comment), x->a->user_id ? db_int(x->a->user_id) : db_null(),
                     db_text(now), db_text(from));
    if (st == DB_NOROW) st = fail(x, KZ_E_CONFLICT, "申请已被处理");
    if (st == DB_OK) st = DB_EXEC(c, Q_ACC_GET, access_one_cb, &x->out, db_int(x->req_id));
    snprintf(ids, sizeof ids, "%" PRId64, x->req_id);
    if (st == DB_OK) st = kz_audit_append(c, x->a, "access_request", ids, x->action, req, x->out);
    snprintf(note, sizeof note, "您查看成果《%s》详细信息的申请%s", kz_json_str(r.rec, "title"),
             !strcmp(to, "approved")   ? "已获批准"
             : !strcmp(to, "declined") ? "未获批准"
                                       : "的授权已被收回");
    if (st == DB_OK)
        st = kz_notify(c, x->a,
                       json_integer_value(json_object_get(json_object_get(req, "requester"), "id")),
                       "access_decision", "achievement", x->ach_id, note);
    json_decref(req);
    json_decref(r.rec);
    return st;
}

static const char *check_decision(const json_t *v)
{
    const char *s = json_string_value(v);
    return !strcmp(s, "approve") || !strcmp(s, "decline") || !strcmp(s, "revoke")
               ? NULL
               : "应为 approve、decline 或 revoke";
}

static const kz_field decision_fields[] = {
    {.name = "action",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 10,
     .check = check_decision},
    {.name = "comment", .type = KZ_F_STRING, .nullable = true, .max_len = 500},
    {0},
};

kz_err kz_access_decide(db_conn *c, const kz_actor *a, int64_t req_id, const json_t *in,
                        json_t **out, kz_error *e)
{
    *out = NULL;
    if (!a->user_id && !a->operator_) return deny(a, e);
    if (!kz_validate_object(in, decision_fields, false, e)) return KZ_E_VALIDATION;
    access_ctx x = {.a = a,
                    .req_id = req_id,
                    .action = kz_json_str(in, "action"),
                    .comment = kz_json_str(in, "comment"),
                    .e = e};
    db_status st = db_tx(c, true, decide_tx, &x);
    if (st != DB_OK) {
        json_decref(x.out);
        return x.err != KZ_OK ? x.err : kz_db_fail(e, st);
    }
    *out = x.out;
    return KZ_OK;
}
