#include "org.h"
#include "../core/jsonx.h"
#include "../core/validate.h"
#include "audit.h"
#include "stats.h"
#include "authz.h"
#include "clock.h"
#include "enums.h"
#include "record.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char *check_kind(const json_t *v)
{
    return kz_enum_has(&kz_enum_org_kinds, json_string_value(v)) ? NULL : "无效的机构类型";
}
static const char *check_tier(const json_t *v)
{
    return kz_enum_has(&kz_enum_tiers, json_string_value(v)) ? NULL : "无效的企业梯次";
}
static const char *check_credit(const json_t *v)
{
    return kz_credit_code_valid(json_string_value(v))
               ? NULL
               : "统一社会信用代码无效（应为 18 位且校验位正确）";
}

static const kz_field org_fields[] = {
    {.name = "name", .type = KZ_F_STRING, .required = true, .min_len = 2, .max_len = 100},
    {.name = "kind", .type = KZ_F_STRING, .required = true, .max_len = 20, .check = check_kind},
    {.name = "credit_code",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 18,
     .check = check_credit},
    {.name = "region",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 6,
     .check = kz_check_region},
    {.name = "industry",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 4,
     .check = kz_check_industry},
    {.name = "tier", .type = KZ_F_STRING, .max_len = 20, .check = check_tier},
    {.name = "address", .type = KZ_F_STRING, .nullable = true, .max_len = 200},
    {.name = "contact", .type = KZ_F_STRING, .nullable = true, .max_len = 100},
    {0},
};

static json_t *org_json(const db_row *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(db_col_int(r, 0)));
    json_object_set_new(o, "name", kz_col_str(r, 1));
    json_object_set_new(o, "kind", kz_col_str(r, 2));
    json_object_set_new(o, "credit_code", kz_col_str(r, 3));
    json_object_set_new(o, "region", kz_col_str(r, 4));
    json_object_set_new(o, "industry", kz_col_str(r, 5));
    json_object_set_new(o, "tier", kz_col_str(r, 6));
    json_object_set_new(o, "address", kz_col_str(r, 7));
    json_object_set_new(o, "contact", kz_col_str(r, 8));
    json_object_set_new(o, "version", json_integer(db_col_int(r, 9)));
    json_object_set_new(o, "created_at", kz_col_str(r, 10));
    json_object_set_new(o, "updated_at", kz_col_str(r, 11));
    return o;
}

static db_status one_org_cb(void *ctx, const db_row *r)
{
    *(json_t **)ctx = org_json(r);
    return DB_OK;
}

static db_status list_cb(void *ctx, const db_row *r)
{
    json_array_append_new(ctx, org_json(r));
    return DB_OK;
}

static db_status load(db_conn *c, int64_t id, json_t **out)
{
    *out = NULL;
    return DB_EXEC(c, Q_ORG_GET, one_org_cb, out, db_int(id));
}

static kz_target target_of(const json_t *org)
{
    return (kz_target){.org_id = json_integer_value(json_object_get(org, "id")),
                       .region = kz_json_str(org, "region")};
}

/* ---- create ---- */

/* The statistics' counts of an org (stats.h): by kind, region and month of registration. */
static db_status count_org(db_conn *c, const json_t *org, int64_t delta)
{
    return kz_stats_record(c, "org", kz_json_str(org, "kind"), kz_json_str(org, "region"), NULL,
                           kz_json_str(org, "created_at"), delta);
}

typedef struct create_ctx {
    const kz_actor *a;
    const json_t *in;
    json_t *out;
} create_ctx;

static db_status create_tx(db_conn *c, void *vctx)
{
    create_ctx *x = vctx;
    char now[24];
    kz_rfc3339((time_t)kz_now(), now);
    const json_t *in = x->in;
    int64_t id = 0;
    db_status st = DB_EXEC(
        c, Q_ORG_INSERT, db_cb_int, &id, db_text(kz_json_str(in, "name")),
        db_text(kz_json_str(in, "kind")), db_text(kz_json_str(in, "credit_code")),
        db_text(kz_json_str(in, "region")), db_text(kz_json_str(in, "industry")),
        db_text(kz_json_str(in, "tier") ? kz_json_str(in, "tier") : "none"),
        db_text(kz_json_str(in, "address")), db_text(kz_json_str(in, "contact")), db_text(now));
    if (st != DB_OK) return st;
    json_decref(x->out);
    if ((st = load(c, id, &x->out)) != DB_OK) return st == DB_NOROW ? DB_HARD : st;
    if ((st = count_org(c, x->out, 1)) != DB_OK) return st;
    char ids[24];
    snprintf(ids, sizeof ids, "%" PRId64, id);
    if ((st = kz_audit_append(c, x->a, "org", ids, x->a->operator_ ? "import" : "create", NULL,
                              x->out)) != DB_OK)
        return st;
    return kz_change_append(c, "org", id, "insert");
}

kz_err kz_org_create(db_conn *c, const kz_actor *a, const json_t *in, json_t **out, kz_error *e)
{
    *out = NULL;
    kz_err rc = kz_org_check(c, a, in, e);
    if (rc != KZ_OK) return rc;
    create_ctx x = {.a = a, .in = in};
    db_status st = db_tx(c, true, create_tx, &x);
    if (st != DB_OK) {
        json_decref(x.out);
        if (st == DB_CONFLICT) {
            kz_fail(e, KZ_E_CONFLICT, "该统一社会信用代码已登记");
            return KZ_E_CONFLICT;
        }
        return kz_db_fail(e, st);
    }
    *out = x.out;
    return KZ_OK;
}

kz_err kz_org_check(db_conn *c, const kz_actor *a, const json_t *in, kz_error *e)
{
    (void)c;
    if (kz_authz_scope(a, KZ_RES_ORG, KZ_ACT_CREATE) == KZ_SCOPE_NONE)
        return kz_fail(e, a->user_id ? KZ_E_FORBIDDEN : KZ_E_UNAUTHENTICATED, NULL);
    if (!kz_validate_object(in, org_fields, false, e)) return KZ_E_VALIDATION;
    kz_target t = {.region = kz_json_str(in, "region")};
    if (!kz_authz_allows(a, KZ_RES_ORG, KZ_ACT_CREATE, &t))
        return kz_fail(e, KZ_E_FORBIDDEN, "只能在本辖区内登记机构");
    return KZ_OK;
}

kz_err kz_org_get(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e)
{
    json_t *org = NULL;
    db_status st = load(c, id, &org);
    if (st != DB_OK) return kz_db_fail(e, st);
    kz_target t = target_of(org);
    if (!kz_authz_allows(a, KZ_RES_ORG, KZ_ACT_READ, &t)) {
        json_decref(org);
        return kz_fail(e, KZ_E_NOT_FOUND, NULL);
    }
    *out = org;
    return KZ_OK;
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
    json_t *cur = NULL;
    x->err = KZ_OK;
    db_status st = load(c, x->id, &cur);
    if (st != DB_OK) return st;
    kz_target t = target_of(cur);
    if (!kz_authz_allows(x->a, KZ_RES_ORG, KZ_ACT_UPDATE, &t)) {
        x->err = kz_authz_allows(x->a, KZ_RES_ORG, KZ_ACT_READ, &t)
                     ? kz_fail(x->e, KZ_E_FORBIDDEN, NULL)
                     : kz_fail(x->e, KZ_E_NOT_FOUND, NULL);
        json_decref(cur);
        return DB_HARD;
    }
    /* field by field (authz.c): identity, kind, region and tier are the registry's */
    if (kz_authz_patch_refused(x->a, KZ_RES_ORG, x->patch, &t)) {
        x->err = kz_fail(x->e, KZ_E_FORBIDDEN,
                         "机构名称、类型、信用代码、地区与企业梯度由科技局或平台管理员维护");
        json_decref(cur);
        return DB_HARD;
    }
    int64_t version = json_integer_value(json_object_get(cur, "version"));
    if (x->if_match >= 0 && x->if_match != version) {
        x->err = kz_fail(x->e, KZ_E_PRECONDITION_FAILED, NULL);
        json_decref(cur);
        return DB_HARD;
    }
    json_t *next = json_deep_copy(cur);
    json_object_update(next, (json_t *)x->patch);
    kz_target nt = target_of(next);
    if (!kz_authz_allows(x->a, KZ_RES_ORG, KZ_ACT_UPDATE, &nt)) {
        x->err = kz_fail(x->e, KZ_E_FORBIDDEN, "不能把机构移出本辖区");
        json_decref(cur);
        json_decref(next);
        return DB_HARD;
    }
    char now[24];
    kz_rfc3339((time_t)kz_now(), now);
    int64_t got = 0;
    st =
        DB_EXEC(c, Q_ORG_UPDATE, db_cb_int, &got, db_int(x->id), db_text(kz_json_str(next, "name")),
                db_text(kz_json_str(next, "kind")), db_text(kz_json_str(next, "credit_code")),
                db_text(kz_json_str(next, "region")), db_text(kz_json_str(next, "industry")),
                db_text(kz_json_str(next, "tier")), db_text(kz_json_str(next, "address")),
                db_text(kz_json_str(next, "contact")), db_text(now), db_int(version));
    json_decref(next);
    if (st == DB_OK) {
        json_decref(x->out);
        x->out = NULL;
        st = load(c, x->id, &x->out);
    }
    if (st == DB_OK) st = count_org(c, cur, -1); /* its kind or region may have changed */
    if (st == DB_OK) st = count_org(c, x->out, 1);
    if (st == DB_OK) {
        char ids[24];
        snprintf(ids, sizeof ids, "%" PRId64, x->id);
        st = kz_audit_append(c, x->a, "org", ids, "update", cur, x->out);
    }
    if (st == DB_OK) st = kz_change_append(c, "org", x->id, "update");
    json_decref(cur);
    return st;
}

kz_err kz_org_update(db_conn *c, const kz_actor *a, int64_t id, const json_t *patch,
                     int64_t if_match, json_t **out, kz_error *e)
{
    *out = NULL;
    if (kz_authz_scope(a, KZ_RES_ORG, KZ_ACT_UPDATE) == KZ_SCOPE_NONE)
        return kz_fail(e, a->user_id ? KZ_E_FORBIDDEN : KZ_E_UNAUTHENTICATED, NULL);
    if (!kz_validate_object(patch, org_fields, true, e)) return KZ_E_VALIDATION;
    json_t *v = json_object_get(patch, "name");
    if (v && json_is_null(v)) { /* required fields cannot be cleared */
        kz_field_error(e, "name", "不能为空");
        return KZ_E_VALIDATION;
    }
    update_ctx x = {.a = a, .id = id, .if_match = if_match, .patch = patch, .e = e};
    db_status st = db_tx(c, true, update_tx, &x);
    if (st != DB_OK) {
        json_decref(x.out);
        if (x.err != KZ_OK) return x.err;
        if (st == DB_CONFLICT) return kz_fail(e, KZ_E_CONFLICT, "该统一社会信用代码已登记");
        return kz_db_fail(e, st);
    }
    *out = x.out;
    return KZ_OK;
}

kz_err kz_org_list(db_conn *c, const kz_actor *a, const kz_org_filter *f, const kz_page *p,
                   json_t **out, kz_error *e)
{
    *out = NULL;
    if (kz_authz_scope(a, KZ_RES_ORG, KZ_ACT_LIST) == KZ_SCOPE_NONE)
        return kz_fail(e, a->user_id ? KZ_E_FORBIDDEN : KZ_E_UNAUTHENTICATED, NULL);
    json_t *items = json_array();
    int64_t total = 0;
    db_status st = DB_EXEC(c, Q_ORG_LIST, list_cb, items, db_text(f->kind), db_text(f->region),
                           db_text(f->q), db_int(p->after), db_int(p->limit + 1));
    if (st == DB_OK || st == DB_NOROW)
        st = DB_EXEC(c, Q_ORG_COUNT, db_cb_int, &total, db_text(f->kind), db_text(f->region),
                     db_text(f->q));
    if (st != DB_OK) {
        json_decref(items);
        return kz_db_fail(e, st);
    }
    *out = kz_page_result(items, p, total, "id");
    return KZ_OK;
}

static db_status region_cb(void *ctx, const db_row *r)
{
    const char *s = db_col_text(r, 4);
    snprintf(ctx, 8, "%s", s ? s : "");
    return DB_OK;
}

db_status kz_org_by_credit_code(db_conn *c, const char *code, int64_t *id)
{
    *id = 0;
    return DB_EXEC(c, Q_ORG_BY_CREDIT, db_cb_int, id, db_text(code));
}

static db_status name_cb(void *ctx, const db_row *r)
{
    json_t **name = ctx;
    json_decref(*name);
    *name = kz_col_str(r, 1);
    return DB_OK;
}

db_status kz_org_name(db_conn *c, int64_t id, json_t **name)
{
    *name = NULL;
    db_status st = DB_EXEC(c, Q_ORG_GET, name_cb, name, db_int(id));
    if (st != DB_OK) {
        json_decref(*name);
        *name = NULL;
    }
    return st;
}

db_status kz_org_region(db_conn *c, int64_t id, char region[8])
{
    region[0] = 0;
    return DB_EXEC(c, Q_ORG_GET, region_cb, region, db_int(id));
}

static db_status industry_cb(void *ctx, const db_row *r)
{
    const char *s = db_col_text(r, 5);
    snprintf(ctx, 8, "%s", s ? s : "");
    return DB_OK;
}

db_status kz_org_industry(db_conn *c, int64_t id, char industry[8])
{
    industry[0] = 0;
    return DB_EXEC(c, Q_ORG_GET, industry_cb, industry, db_int(id));
}
