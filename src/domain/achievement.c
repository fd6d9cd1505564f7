#include "achievement.h"
#include "../core/jsonx.h"
#include "../core/validate.h"
#include "../core/vocab.h"
#include "audit.h"
#include "authz.h"
#include "clock.h"
#include "engine.h"
#include "enums.h"
#include "org.h"
#include "record.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- rows ---- */

typedef kz_rec_row row;

static db_status row_cb(void *ctx, const db_row *r)
{
    row *x = ctx;
    kz_rec_row_fill(x, r);
    kz_kind_achievement.decorate(x->rec);
    return DB_OK;
}

static db_status load(db_conn *c, int64_t id, row *x)
{
    return DB_EXEC(c, Q_ACH_GET, row_cb, x, db_int(id));
}

static kz_err deny(const kz_actor *a, kz_error *e)
{
    return kz_fail(e, a->user_id || a->operator_ ? KZ_E_FORBIDDEN : KZ_E_UNAUTHENTICATED, NULL);
}

/* ---- the record-kind engine (engine.h; the kind is src/kinds/achievement.c) ---- */

kz_err kz_ach_import(db_conn *c, const kz_actor *a, const json_t *in, json_t **out, kz_error *e)
{
    return kz_kind_import(&kz_kind_achievement, c, a, in, out, e);
}

kz_err kz_ach_get(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e)
{
    return kz_kind_get(&kz_kind_achievement, c, a, id, out, e);
}

kz_err kz_ach_history(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e)
{
    return kz_kind_history(&kz_kind_achievement, c, a, id, out, e);
}

int kz_ach_expire_due(db_conn *c)
{
    char today[11];
    kz_today(today);
    int n = 0;
    for (int round = 0; round < 100; round++) {
        int64_t id = 0;
        db_status st = DB_EXEC(c, Q_ACH_DUE, db_cb_int, &id, db_text(today));
        if (st != DB_OK || !id) break;
        if (kz_kind_system_transition(&kz_kind_achievement, c, id, "expire") != KZ_OK) break;
        n++;
    }
    return n;
}

/* Records an API error from inside a transaction and makes db_tx roll back. */
#define fail(x, code, msg) (((x)->err = kz_fail((x)->e, (code), (msg))), DB_HARD)

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
    else if (v == KZ_VIEW_FULL || kz_ach_granted(c, x->a, x->ach_id))
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
