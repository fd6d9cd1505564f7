#include "demand.h"
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

#define OWNER_ROLES (KZ_ROLE_BIT(KZ_ROLE_ENTERPRISE) | KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN))
#define REVIEW_ROLES                                                                               \
    (KZ_ROLE_BIT(KZ_ROLE_REVIEWER) | KZ_ROLE_BIT(KZ_ROLE_OFFICER) | KZ_ROLE_BIT(KZ_ROLE_ADMIN))
#define ADMIN          KZ_ROLE_BIT(KZ_ROLE_ADMIN)
#define MAX_BUDGET_FEN 100000000000000LL

/* The demand state machine. Brokers (技术经纪人) may mark a published demand as matched. */
static const kz_transition workflow[] = {
    {"submit", {"draft"}, "submitted", 0, true, false, "已提交，等待审核"},
    {"publish", {"submitted"}, "published", REVIEW_ROLES, false, false, "已审核发布"},
    {"return", {"submitted"}, "draft", REVIEW_ROLES, false, false, "已退回修改"},
    {"reject", {"submitted"}, "rejected", REVIEW_ROLES, false, false, "未通过审核"},
    {"match",
     {"published"},
     "matched",
     KZ_ROLE_BIT(KZ_ROLE_BROKER) | KZ_ROLE_BIT(KZ_ROLE_OFFICER) | ADMIN,
     true,
     false,
     "已对接"},
    {"withdraw", {"submitted", "published"}, "draft", ADMIN, true, false, "已撤回"},
    {"close",
     {"published", "matched"},
     "closed",
     KZ_ROLE_BIT(KZ_ROLE_OFFICER) | ADMIN,
     true,
     false,
     "已关闭"},
    {"reopen", {"closed"}, "draft", ADMIN, true, false, "已重新打开"},
    {0},
};
static const char *const editable[] = {"draft", NULL};

const char *const kz_dem_columns[] = {
    "id",
    "title",
    "description",
    "indicators",
    "basis",
    "kind",
    "industry",
    "region",
    "budget_min_fen",
    "budget_max_fen",
    "deadline",
    "trl_min",
    "cooperation_modes",
    "org_id",
    "status",
    "created_at",
    "updated_at",
    "published_at",
    NULL,
};

static const char *check_kind(const json_t *v)
{
    return kz_enum_has(&kz_enum_demand_kinds, json_string_value(v)) ? NULL : "未知的需求类型";
}
static const char *check_modes(const json_t *v)
{
    size_t i;
    json_t *it;
    json_array_foreach(v, i, it)
    {
        if (!kz_enum_has(&kz_enum_cooperation_modes, json_string_value(it)))
            return "未知的合作方式";
        for (size_t j = 0; j < i; j++)
            if (json_equal(json_array_get(v, j), it)) return "合作方式重复";
    }
    return NULL;
}

static const kz_field fields[] = {
    {.name = "title", .type = KZ_F_STRING, .required = true, .min_len = 4, .max_len = 100},
    {.name = "description", .type = KZ_F_STRING, .required = true, .min_len = 10, .max_len = 5000},
    {.name = "indicators", .type = KZ_F_STRING, .nullable = true, .max_len = 2000},
    {.name = "basis", .type = KZ_F_STRING, .nullable = true, .max_len = 2000},
    {.name = "kind", .type = KZ_F_STRING, .required = true, .max_len = 30, .check = check_kind},
    {.name = "industry",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 4,
     .check = kz_check_industry},
    {.name = "region",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 6,
     .check = kz_check_region},
    {.name = "budget_min_fen", .type = KZ_F_INT, .nullable = true, .min = 0, .max = MAX_BUDGET_FEN},
    {.name = "budget_max_fen", .type = KZ_F_INT, .nullable = true, .min = 0, .max = MAX_BUDGET_FEN},
    {.name = "deadline",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 40, /* longer than a date: a date-time hears the expected format */
     .check = kz_check_future_date},
    {.name = "trl_min", .type = KZ_F_INT, .nullable = true, .min = 1, .max = 9},
    {.name = "cooperation_modes",
     .type = KZ_F_STRING_LIST,
     .max_items = 6,
     .max_len = 20,
     .check = check_modes},
    {.name = "org_id", .type = KZ_F_INT, .min = 1, .max = INT64_MAX},
    {0},
};
static const char *const data_fields[] = {
    "title",  "description",    "indicators",     "basis",    "kind",    "industry",
    "region", "budget_min_fen", "budget_max_fen", "deadline", "trl_min", "cooperation_modes",
    NULL};

typedef kz_rec_row row;

static db_status row_cb(void *ctx, const db_row *r)
{
    row *x = ctx;
    kz_rec_row_fill(x, r);
    return DB_OK;
}

static db_status load(db_conn *c, int64_t id, row *x)
{
    return DB_EXEC(c, Q_DEM_GET, row_cb, x, db_int(id));
}

/* Demands are public once published (a matched or closed demand stays readable). */
static kz_view view_of(const kz_actor *a, const row *r)
{
    kz_view v = kz_record_view(a, r->org_id, r->region, r->status);
    if (v == KZ_VIEW_NONE && (!strcmp(r->status, "matched") || !strcmp(r->status, "closed")))
        v = KZ_VIEW_CARD;
    return v;
}

static json_t *data_of(const json_t *rec)
{
    json_t *d = json_object();
    for (int i = 0; data_fields[i]; i++) {
        json_t *v = json_object_get(rec, data_fields[i]);
        json_object_set(d, data_fields[i], v ? v : json_null());
    }
    if (json_is_null(json_object_get(d, "cooperation_modes")))
        json_object_set_new(d, "cooperation_modes", json_array());
    return d;
}

static kz_err deny(const kz_actor *a, kz_error *e)
{
    return kz_fail(e, a->user_id || a->operator_ ? KZ_E_FORBIDDEN : KZ_E_UNAUTHENTICATED, NULL);
}

#define fail(x, code, msg) (((x)->err = kz_fail((x)->e, (code), (msg))), DB_HARD)

/* Cross-field rule: budget_min ≤ budget_max. */
static bool check_budget(const json_t *d, kz_error *e)
{
    json_t *lo = json_object_get(d, "budget_min_fen"), *hi = json_object_get(d, "budget_max_fen");
    if (json_is_integer(lo) && json_is_integer(hi) &&
        json_integer_value(lo) > json_integer_value(hi)) {
        kz_field_error(e, "budget_max_fen", "预算上限不能低于下限");
        return false;
    }
    return true;
}

static db_val opt_int(const json_t *d, const char *k)
{
    json_t *v = json_object_get(d, k);
    return json_is_integer(v) ? db_int(json_integer_value(v)) : db_null();
}

/* ---- create ---- */

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
    char now[24], modes[160], ids[24];
    kz_rfc3339((time_t)kz_now(), now);
    kz_codes_csv(json_object_get(x->data, "cooperation_modes"), modes, sizeof modes);
    char *d = json_dumps(x->data, JSON_COMPACT);
    int64_t id = 0;
    db_status st =
        DB_EXEC(c, Q_DEM_INSERT, db_cb_int, &id, db_int(x->org_id),
                x->a->user_id ? db_int(x->a->user_id) : db_null(), db_text(x->status),
                db_text(kz_json_str(x->data, "title")), db_text(kz_json_str(x->data, "kind")),
                db_text(kz_json_str(x->data, "industry")),
                db_text(kz_industry_section(kz_json_str(x->data, "industry"))),
                db_text(kz_json_str(x->data, "region")), opt_int(x->data, "trl_min"),
                opt_int(x->data, "budget_min_fen"), opt_int(x->data, "budget_max_fen"),
                db_text(modes), db_text(kz_json_str(x->data, "deadline")), db_text(d), db_text(now),
                !strcmp(x->status, "published") ? db_text(now) : db_null());
    free(d);
    if (st != DB_OK) return st;
    row r = {0};
    if ((st = load(c, id, &r)) != DB_OK) return st == DB_NOROW ? DB_HARD : st;
    json_decref(x->out);
    x->out = r.rec;
    const char *action = x->a->operator_ ? "import" : "create";
    snprintf(ids, sizeof ids, "%" PRId64, id);
    if ((st = kz_revision_add(c, x->a, "demand", id, 1, action, NULL, x->status, x->data)) != DB_OK)
        return st;
    if ((st = kz_audit_append(c, x->a, "demand", ids, action, NULL, x->out)) != DB_OK) return st;
    return kz_change_append(c, "demand", id, "insert");
}

static const kz_owner_msgs owner_msgs = {"只能为本企业发布需求", "必填：需求所属企业",
                                         "只能为本辖区的企业发布需求"};
static kz_err prepare(db_conn *c, const kz_actor *a, const json_t *in, bool import, int64_t *org_id,
                      kz_error *e)
{
    json_t *copy = json_deep_copy(in);
    if (import) json_object_del(copy, "status");
    bool ok = kz_validate_object(copy, fields, false, e);
    if (ok) ok = check_budget(copy, e);
    json_decref(copy);
    if (import) {
        json_t *sv = json_object_get(in, "status");
        if (sv && !kz_enum_has(&kz_enum_demand_statuses, json_string_value(sv))) {
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

kz_err kz_dem_create(db_conn *c, const kz_actor *a, const json_t *in, json_t **out, kz_error *e)
{
    return create(c, a, in, false, out, e);
}

kz_err kz_dem_import(db_conn *c, const kz_actor *a, const json_t *in, json_t **out, kz_error *e)
{
    return create(c, a, in, true, out, e);
}

kz_err kz_dem_check(db_conn *c, const kz_actor *a, const json_t *in, kz_error *e)
{
    int64_t org;
    return prepare(c, a, in, true, &org, e);
}

kz_err kz_dem_get(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e)
{
    *out = NULL;
    row x = {0};
    db_status st = load(c, id, &x);
    if (st != DB_OK) return kz_db_fail(e, st);
    if (view_of(a, &x) == KZ_VIEW_NONE) {
        json_decref(x.rec);
        return kz_fail(e, KZ_E_NOT_FOUND, NULL);
    }
    *out = x.rec;
    return KZ_OK;
}

kz_err kz_dem_history(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e)
{
    *out = NULL;
    row x = {0};
    db_status st = load(c, id, &x);
    if (st != DB_OK) return kz_db_fail(e, st);
    kz_view v = view_of(a, &x);
    json_decref(x.rec);
    if (v == KZ_VIEW_NONE) return kz_fail(e, KZ_E_NOT_FOUND, NULL);
    return kz_revision_list(c, "demand", id, NULL, out, e);
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

static db_status update_tx(db_conn *c, void *vctx)
{
    update_ctx *x = vctx;
    x->err = KZ_OK;
    row r = {0};
    db_status st = load(c, x->id, &r);
    if (st != DB_OK) return st;
    bool owner = kz_is_owner(x->a, r.org_id, OWNER_ROLES);
    bool admin = x->a->operator_ || (x->a->roles & ADMIN);
    bool editable_now = false;
    for (int i = 0; editable[i]; i++)
        editable_now |= !strcmp(editable[i], r.status);
    if (view_of(x->a, &r) == KZ_VIEW_NONE)
        st = fail(x, KZ_E_NOT_FOUND, NULL);
    else if (!owner && !admin)
        st = fail(x, KZ_E_FORBIDDEN, "只有需求所属企业可以修改");
    else if (kz_authz_patch_refused(x->a, KZ_RES_DEMAND, x->patch,
                                    &(kz_target){.org_id = r.org_id, .region = r.region}))
        st = fail(x, KZ_E_FORBIDDEN, "只有需求所属企业可以修改");
    else if (!admin && !editable_now)
        st = fail(x, KZ_E_CONFLICT, "当前状态不能修改，请先撤回");
    else if (x->if_match >= 0 && x->if_match != r.version)
        st = fail(x, KZ_E_PRECONDITION_FAILED, NULL);
    json_t *data = NULL;
    if (st == DB_OK) {
        data = data_of(r.rec);
        json_object_update(data, (json_t *)x->patch);
        json_object_del(data, "org_id");
        if (!check_budget(data, x->e)) {
            x->err = KZ_E_VALIDATION;
            st = DB_HARD;
        }
    }
    char now[24], modes[160], ids[24];
    kz_rfc3339((time_t)kz_now(), now);
    int64_t got = 0;
    if (st == DB_OK) {
        kz_codes_csv(json_object_get(data, "cooperation_modes"), modes, sizeof modes);
        char *d = json_dumps(data, JSON_COMPACT);
        st = DB_EXEC(
            c, Q_DEM_UPDATE, db_cb_int, &got, db_int(x->id), db_text(kz_json_str(data, "title")),
            db_text(kz_json_str(data, "kind")), db_text(kz_json_str(data, "industry")),
            db_text(kz_industry_section(kz_json_str(data, "industry"))),
            db_text(kz_json_str(data, "region")), opt_int(data, "trl_min"),
            opt_int(data, "budget_min_fen"), opt_int(data, "budget_max_fen"), db_text(modes),
            db_text(kz_json_str(data, "deadline")), db_text(d), db_text(now), db_int(r.version));
        free(d);
        if (st == DB_NOROW) st = fail(x, KZ_E_PRECONDITION_FAILED, NULL);
    }
    row nr = {0};
    if (st == DB_OK) st = load(c, x->id, &nr);
    if (st == DB_OK)
        st = kz_revision_add(c, x->a, "demand", x->id, nr.version, "update", NULL, nr.status, data);
    snprintf(ids, sizeof ids, "%" PRId64, x->id);
    if (st == DB_OK) st = kz_audit_append(c, x->a, "demand", ids, "update", r.rec, nr.rec);
    if (st == DB_OK) st = kz_change_append(c, "demand", x->id, "update");
    json_decref(data);
    json_decref(r.rec);
    json_decref(x->out);
    x->out = nr.rec;
    return st;
}

kz_err kz_dem_update(db_conn *c, const kz_actor *a, int64_t id, const json_t *patch,
                     int64_t if_match, json_t **out, kz_error *e)
{
    *out = NULL;
    if (!a->user_id && !a->operator_) return deny(a, e);
    if (!kz_validate_object(patch, fields, true, e)) return KZ_E_VALIDATION;
    if (json_object_get(patch, "org_id")) {
        kz_field_error(e, "org_id", "所属企业不能修改");
        return KZ_E_VALIDATION;
    }
    static const char *const required[] = {"title",    "description", "kind",
                                           "industry", "region",      NULL};
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
    *out = x.out;
    return KZ_OK;
}

/* ---- transitions ---- */

typedef struct trans_ctx {
    const kz_actor *a;
    int64_t id, if_match;
    const char *action, *comment;
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
    kz_view v = view_of(x->a, &r);
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
        st = fail(x, KZ_E_CONFLICT, "需求当前状态不允许该操作");
    else if (x->if_match >= 0 && x->if_match != r.version)
        st = fail(x, KZ_E_PRECONDITION_FAILED, NULL);
    char now[24], ids[24];
    kz_rfc3339((time_t)kz_now(), now);
    int64_t got = 0;
    if (st == DB_OK)
        st = DB_EXEC(c, Q_DEM_SET_STATUS, db_cb_int, &got, db_int(x->id), db_text(t->to),
                     db_text(now), db_int(r.version),
                     !strcmp(t->to, "published") ? db_text(now) : db_null());
    if (st == DB_NOROW) st = fail(x, KZ_E_PRECONDITION_FAILED, NULL);
    row nr = {0};
    if (st == DB_OK) st = load(c, x->id, &nr);
    json_t *data = st == DB_OK ? data_of(nr.rec) : NULL;
    if (st == DB_OK)
        st = kz_revision_add(c, x->a, "demand", x->id, nr.version, x->action, x->comment, t->to,
                             data);
    snprintf(ids, sizeof ids, "%" PRId64, x->id);
    if (st == DB_OK) {
        json_t *after = json_deep_copy(nr.rec);
        if (x->comment) json_object_set_new(after, "comment", json_string(x->comment));
        st = kz_audit_append(c, x->a, "demand", ids, x->action, r.rec, after);
        json_decref(after);
    }
    if (st == DB_OK) st = kz_change_append(c, "demand", x->id, "update");
    if (st == DB_OK) {
        char note[400];
        snprintf(note, sizeof note, "需求《%s》%s%s%s", kz_json_str(nr.rec, "title"), t->label,
                 x->comment ? "：" : "", x->comment ? x->comment : "");
        st = kz_notify(c, x->a, r.created_by, "demand_status", "demand", x->id, note);
        if (st == DB_OK)
            st = kz_notify_org(c, x->a, r.org_id, KZ_ROLE_ORG_ADMIN, "demand_status", "demand",
                               x->id, note);
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
    {0},
};

kz_err kz_dem_transition(db_conn *c, const kz_actor *a, int64_t id, const json_t *in,
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
                   .e = e};
    db_status st = db_tx(c, true, trans_tx, &x);
    if (st != DB_OK) {
        json_decref(x.out);
        return x.err != KZ_OK ? x.err : kz_db_fail(e, st);
    }
    *out = x.out;
    return KZ_OK;
}

/* ---- lists ---- */

typedef struct list_ctx {
    json_t *items;
    int64_t keys[KZ_LIST_MAX + 1];
    int n;
} list_ctx;

static db_status list_cb(void *vctx, const db_row *r)
{
    list_ctx *x = vctx;
    json_array_append_new(x->items, kz_rec_json(r));
    if (x->n < KZ_LIST_MAX + 1) x->keys[x->n++] = db_col_int(r, 11);
    return DB_OK;
}

typedef struct facet_ctx {
    json_t *arr;
    int kind; /* 0 section, 1 city, 2 demand kind */
} facet_ctx;

static db_status facet_cb(void *vctx, const db_row *r)
{
    facet_ctx *x = vctx;
    json_t *o = json_object();
    const char *code = db_col_text(r, 0);
    char full[8] = "";
    if (code) snprintf(full, sizeof full, x->kind == 1 ? "%s00" : "%s", code);
    const char *name = !code          ? "未填写"
                       : x->kind == 2 ? kz_enum_name(&kz_enum_demand_kinds, code)
                                      : NULL;
    if (code && x->kind != 2) {
        const kz_vocab_entry *v =
            kz_vocab_get(x->kind == 1 ? KZ_VOCAB_REGION : KZ_VOCAB_INDUSTRY, full);
        name = v ? v->name : NULL;
    }
    json_object_set_new(o, "code", !code ? json_null() : json_string(x->kind == 2 ? code : full));
    json_object_set_new(o, "name", name ? json_string(name) : json_null());
    json_object_set_new(o, "count", json_integer(db_col_int(r, 1)));
    json_array_append_new(x->arr, o);
    return DB_OK;
}

kz_err kz_dem_list(db_conn *c, const kz_actor *a, const kz_dem_query *q, json_t **out, kz_error *e)
{
    *out = NULL;
    static const kz_sort sorts[] = {
        {"-id", Q_DEM_LIST_ID_DESC},
        {"id", Q_DEM_LIST_ID_ASC},
        {"-budget", Q_DEM_LIST_BUDGET_DESC},
        {"deadline", Q_DEM_LIST_DEADLINE_ASC},
        {"-updated_at", Q_DEM_LIST_UPDATED_DESC},
    };
    db_stmt stmt;
    kz_sort_find(sorts, sizeof sorts / sizeof sorts[0], q->sort,
                 "可选：-id, id, -budget, deadline, -updated_at", &stmt, e);
    if (q->status && !kz_enum_has(&kz_enum_demand_statuses, q->status))
        kz_field_error(e, "status", "未知的状态");
    if (q->kind && !kz_enum_has(&kz_enum_demand_kinds, q->kind))
        kz_field_error(e, "kind", "未知的需求类型");
    const char *section, *ind_prefix;
    kz_industry_filter(q->industry, &section, &ind_prefix, e);
    if (q->region && !kz_all_digits(q->region, 6))
        kz_field_error(e, "region", "应为 GB/T 2260 代码或前缀");
    char mode[32] = "";
    if (q->cooperation_mode) {
        if (!kz_enum_has(&kz_enum_cooperation_modes, q->cooperation_mode))
            kz_field_error(e, "cooperation_mode", "未知的合作方式");
        else
            snprintf(mode, sizeof mode, ",%s,", q->cooperation_mode);
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
        db_text(q->kind),
        OPT_I(q->budget_min),
        OPT_I(q->budget_max),
        OPT_I(q->org),
        mode[0] ? db_text(mode) : db_null(),
        q->q && *q->q ? db_text(q->q) : db_null(),
        OPT_I(q->trl),
        has_key ? db_int(key) : db_null(),
        db_int(after),
        db_int(q->limit + 1),
    };
#undef OPT_I
    list_ctx x = {.items = json_array()};
    int64_t total = 0;
    db_status st = db_exec(c, stmt, p, 18, list_cb, &x);
    if (st == DB_OK || st == DB_NOROW) st = db_exec(c, Q_DEM_COUNT, p, 15, db_cb_int, &total);
    json_t *facets = NULL;
    if (st == DB_OK && q->facets) {
        facets = json_object();
        static const struct {
            const char *name;
            db_stmt stmt;
        } fs[] = {{"industry", Q_DEM_FACET_SECTION},
                  {"city", Q_DEM_FACET_CITY},
                  {"kind", Q_DEM_FACET_KIND}};
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
