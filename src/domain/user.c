/* user.c — accounts: create, read, PATCH, list.
 *
 * Why accounts are not a kind of the record-kind engine (engine.h; issue 13 "as far as they
 * fit"), as orgs are (kinds/org.c): what the engine would do for them is the frame of a write —
 * load, check, write, load again, audit, change feed — and every step inside it is the
 * account's own:
 *   - the password given is not what is stored: it is hashed (argon2id, outside the
 *     transaction), written by a statement of its own (Q_USER_SET_HASH), never shown, and its
 *     change is audited as "update_password";
 *   - create and PATCH take different fields (the username only on create, `disabled` only on
 *     PATCH), where a kind has one field table;
 *   - the permission target is the account (self), its org and that org's region, read from
 *     the database (a kind's target is its record's own fields), and others' accounts are 404
 *     to the signed-in but 401 to the anonymous;
 *   - roles granted or removed are checked against what the granter may grant, an account
 *     holding a role beyond the actor's is out of its management, an officer needs an org with
 *     a region, nobody disables themselves or drops their own admin role (409);
 *   - disabling, a role or org change and a new password revoke the account's sessions in the
 *     transaction and clear the session cache after it;
 *   - the row's roles are a comma list and `disabled` a flag (a kind's columns are text or
 *     integers shown as they are).
 * Put into a descriptor, each would be a hook holding what is here now. What accounts already
 * share with the engine's kinds is the same code: the kz_field checks (kz_validate_object),
 * the policy table and field rules of authz.c, the audit chain and change feed, and the
 * generic handlers (kz_handle_*, as h_kind.c's). */
#include "user.h"
#include "../core/jsonx.h"
#include "../core/validate.h"
#include "audit.h"
#include "auth.h"
#include "authz.h"
#include "clock.h"
#include "org.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char *check_username(const json_t *v)
{
    return kz_username_valid(json_string_value(v))
               ? NULL
               : "用户名应为 3–32 位字母、数字或 _ . -，以字母或数字开头";
}

static const char *check_roles(const json_t *v)
{
    size_t i;
    json_t *it;
    if (json_array_size(v) == 0) return "至少需要一个角色";
    json_array_foreach(v, i, it) if (kz_role_by_name(json_string_value(it)) ==
                                     KZ_ROLE__COUNT) return "未知的角色";
    return NULL;
}

static const char *check_password(const json_t *v)
{
    return kz_password_weak(json_string_value(v));
}

static const char *check_org_id(const json_t *v)
{
    return json_integer_value(v) > 0 ? NULL : "无效的机构编号";
}

static const kz_field user_create_fields[] = {
    {.name = "username",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 32,
     .check = check_username},
    {.name = "display_name", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 50},
    {.name = "roles",
     .type = KZ_F_STRING_LIST,
     .required = true,
     .max_items = 9,
     .max_len = 20,
     .check = check_roles},
    {.name = "org_id", .type = KZ_F_INT, .nullable = true, .check = check_org_id},
    {.name = "password",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 128,
     .check = check_password},
    {0},
};

static const kz_field user_patch_fields[] = {
    {.name = "display_name", .type = KZ_F_STRING, .min_len = 1, .max_len = 50},
    {.name = "roles",
     .type = KZ_F_STRING_LIST,
     .max_items = 9,
     .max_len = 20,
     .check = check_roles},
    {.name = "org_id", .type = KZ_F_INT, .nullable = true, .check = check_org_id},
    {.name = "disabled", .type = KZ_F_BOOL},
    {.name = "password", .type = KZ_F_STRING, .max_len = 128, .check = check_password},
    {0},
};

json_t *kz_user_row_json(const db_row *r)
{
    json_t *o = json_object(), *roles = json_array();
    char buf[256];
    snprintf(buf, sizeof buf, "%s", db_col_text(r, 3) ? db_col_text(r, 3) : "");
    char *save = NULL;
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
        json_array_append_new(roles, json_string(t));
    json_object_set_new(o, "id", json_integer(db_col_int(r, 0)));
    json_object_set_new(o, "username", kz_col_str(r, 1));
    json_object_set_new(o, "display_name", kz_col_str(r, 2));
    json_object_set_new(o, "roles", roles);
    json_object_set_new(o, "org_id",
                        db_col_null(r, 4) ? json_null() : json_integer(db_col_int(r, 4)));
    json_object_set_new(o, "disabled", json_boolean(db_col_int(r, 5)));
    json_object_set_new(o, "version", json_integer(db_col_int(r, 6)));
    json_object_set_new(o, "created_at", kz_col_str(r, 7));
    json_object_set_new(o, "updated_at", kz_col_str(r, 8));
    return o;
}

static db_status one_cb(void *ctx, const db_row *r)
{
    *(json_t **)ctx = kz_user_row_json(r);
    return DB_OK;
}

static db_status list_cb(void *ctx, const db_row *r)
{
    json_array_append_new(ctx, kz_user_row_json(r));
    return DB_OK;
}

db_status kz_user_load(db_conn *c, int64_t id, json_t **out)
{
    *out = NULL;
    return DB_EXEC(c, Q_USER_GET, one_cb, out, db_int(id));
}

static unsigned roles_of(const json_t *list)
{
    unsigned bits = 0;
    size_t i;
    json_t *it;
    json_array_foreach(list, i, it)
    {
        kz_role r = kz_role_by_name(json_string_value(it));
        if (r != KZ_ROLE__COUNT) bits |= KZ_ROLE_BIT(r);
    }
    return bits;
}

static int64_t org_of(const json_t *u)
{
    json_t *v = json_object_get(u, "org_id");
    return json_is_integer(v) ? json_integer_value(v) : 0;
}

/* The target of a permission check on a user record: its id, org and (only when needed:
 * always with check_org, else when the actor's widest reach for act is a region) the org's
 * region. DB_NOROW when check_org and the org does not exist. */
static db_status target_of(db_conn *c, const kz_actor *a, kz_action act, bool check_org,
                           int64_t user_id, int64_t org_id, kz_target *t, char region[8])
{
    *t = (kz_target){.user_id = user_id, .org_id = org_id, .region = NULL};
    region[0] = 0;
    if (!org_id) return DB_OK;
    if (!check_org && kz_authz_scope(a, KZ_RES_USER, act) != KZ_SCOPE_REGION) return DB_OK;
    db_status st = kz_org_region(c, org_id, region);
    if (st == DB_OK) t->region = region;
    return st;
}

static kz_err deny(const kz_actor *a, kz_error *e)
{
    return kz_fail(e, a->user_id ? KZ_E_FORBIDDEN : KZ_E_UNAUTHENTICATED, NULL);
}

static kz_err check_grant(const kz_actor *a, unsigned want, kz_error *e)
{
    if (!(want & ~kz_authz_grantable(a))) return KZ_OK;
    return kz_fail(e, KZ_E_FORBIDDEN, "无权授予所选角色");
}

/* An officer's scope is the region of its org: an officer without one would see nothing. */
#define OFFICER_NEEDS_REGION "科技局账号必须属于有行政区划的机构（其辖区由机构所在地区决定）"

/* ---- create ---- */

typedef struct create_ctx {
    const kz_actor *a;
    const json_t *in;
    const char *hash;
    char roles[256];
    json_t *out;
} create_ctx;

static db_status create_tx(db_conn *c, void *vctx)
{
    create_ctx *x = vctx;
    char now[24], ids[24];
    kz_rfc3339((time_t)kz_now(), now);
    int64_t id = 0, org = org_of(x->in);
    db_status st =
        DB_EXEC(c, Q_USER_INSERT, db_cb_int, &id, db_text(kz_json_str(x->in, "username")),
                db_text(kz_json_str(x->in, "display_name")), db_text(x->roles),
                org ? db_int(org) : db_null(), db_text(x->hash), db_text(now));
    if (st != DB_OK) return st;
    json_decref(x->out);
    if ((st = kz_user_load(c, id, &x->out)) != DB_OK) return st == DB_NOROW ? DB_HARD : st;
    snprintf(ids, sizeof ids, "%" PRId64, id);
    if ((st = kz_audit_append(c, x->a, "user", ids, "create", NULL, x->out)) != DB_OK) return st;
    return kz_change_append(c, "user", id, "insert");
}

kz_err kz_user_create(db_conn *c, const kz_actor *a, const json_t *in, json_t **out, kz_error *e)
{
    *out = NULL;
    if (kz_authz_scope(a, KZ_RES_USER, KZ_ACT_CREATE) == KZ_SCOPE_NONE) return deny(a, e);
    if (!kz_validate_object(in, user_create_fields, false, e)) return KZ_E_VALIDATION;
    int64_t org = org_of(in);
    kz_target t;
    char region[8];
    db_status st = target_of(c, a, KZ_ACT_CREATE, true, 0, org, &t, region);
    if (st == DB_NOROW) {
        kz_field_error(e, "org_id", "机构不存在");
        return KZ_E_VALIDATION;
    }
    if (st != DB_OK) return kz_db_fail(e, st);
    if (!kz_authz_allows(a, KZ_RES_USER, KZ_ACT_CREATE, &t))
        return kz_fail(e, KZ_E_FORBIDDEN, "只能为本机构或本辖区创建账号");
    unsigned want = roles_of(json_object_get(in, "roles"));
    if (check_grant(a, want, e) != KZ_OK) return KZ_E_FORBIDDEN;
    if ((want & KZ_ROLE_BIT(KZ_ROLE_OFFICER)) && !region[0] && !a->operator_) {
        kz_field_error(e, "org_id", OFFICER_NEEDS_REGION);
        return KZ_E_VALIDATION;
    }
    create_ctx x = {.a = a, .in = in};
    kz_roles_format(want, x.roles, sizeof x.roles);
    char hash[KZ_PWHASH_MAX];
    if (kz_password_hash(kz_json_str(in, "password"), hash) != 0)
        return kz_fail(e, KZ_E_INTERNAL, NULL);
    x.hash = hash;
    st = db_tx(c, true, create_tx, &x);
    if (st != DB_OK) {
        json_decref(x.out);
        if (st == DB_CONFLICT) {
            kz_fail(e, KZ_E_CONFLICT, "用户名已被使用");
            return KZ_E_CONFLICT;
        }
        return kz_db_fail(e, st);
    }
    *out = x.out;
    return KZ_OK;
}

kz_err kz_user_get(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e)
{
    *out = NULL;
    json_t *u = NULL;
    db_status st = kz_user_load(c, id, &u);
    if (st != DB_OK) return kz_db_fail(e, st);
    kz_target t;
    char region[8];
    st = target_of(c, a, KZ_ACT_READ, false, id, org_of(u), &t, region);
    if (st != DB_OK && st != DB_NOROW) {
        json_decref(u);
        return kz_db_fail(e, st);
    }
    if (!kz_authz_allows(a, KZ_RES_USER, KZ_ACT_READ, &t)) {
        json_decref(u);
        /* accounts of others are not revealed */
        return a->user_id ? kz_fail(e, KZ_E_NOT_FOUND, NULL) : deny(a, e);
    }
    *out = u;
    return KZ_OK;
}

/* ---- update ---- */

typedef struct update_ctx {
    const kz_actor *a;
    int64_t id, if_match;
    const json_t *patch;
    const char *hash; /* new password hash or NULL */
    json_t *out;
    kz_error *e;
    kz_err err;
} update_ctx;

static db_status fail_tx(update_ctx *x, kz_err code, const char *msg)
{
    x->err = kz_fail(x->e, code, msg);
    return DB_HARD;
}

static db_status update_tx(db_conn *c, void *vctx)
{
    update_ctx *x = vctx;
    x->err = KZ_OK;
    json_t *cur = NULL;
    db_status st = kz_user_load(c, x->id, &cur);
    if (st != DB_OK) return st;
    kz_target t;
    char region[8];
    if ((st = target_of(c, x->a, KZ_ACT_UPDATE, false, x->id, org_of(cur), &t, region)) != DB_OK &&
        st != DB_NOROW)
        goto out;
    st = DB_HARD;
    if (!kz_authz_allows(x->a, KZ_RES_USER, KZ_ACT_UPDATE, &t)) {
        fail_tx(x,
                kz_authz_allows(x->a, KZ_RES_USER, KZ_ACT_READ, &t) ? KZ_E_FORBIDDEN
                                                                    : KZ_E_NOT_FOUND,
                NULL);
        goto out;
    }
    /* An account holding a role the actor may not grant is beyond its management: otherwise an
     * org admin (an officer) could reset the password of an admin or reviewer in its org (region)
     * and log in as them. */
    if (x->a->user_id != x->id &&
        (roles_of(json_object_get(cur, "roles")) & ~kz_authz_grantable(x->a))) {
        fail_tx(x, KZ_E_FORBIDDEN, "无权管理拥有更高权限角色的账号");
        goto out;
    }
    /* Field by field, as the write rules of authz.c say (nobody changes their own roles or
     * org; only an admin moves an account between orgs). The region of the target's org is
     * needed for the officers' rows. */
    if (!t.region && org_of(cur)) {
        db_status s2 = kz_org_region(c, org_of(cur), region);
        if (s2 == DB_OK)
            t.region = region;
        else if (s2 != DB_NOROW) {
            st = s2;
            goto out;
        }
    }
    const char *refused = kz_authz_patch_refused(x->a, KZ_RES_USER, x->patch, &t);
    if (refused) {
        bool self = x->a->user_id == x->id;
        bool priv = !strcmp(refused, "roles") || !strcmp(refused, "org_id");
        fail_tx(x, KZ_E_FORBIDDEN,
                self && priv                 ? "不能修改自己的角色或所属机构"
                : self                       ? "只能修改自己的显示名称"
                : !strcmp(refused, "org_id") ? "只有平台管理员可以把账号移到其他机构"
                                             : "无权修改该账号的此项信息");
        goto out;
    }
    int64_t version = json_integer_value(json_object_get(cur, "version"));
    if (x->if_match >= 0 && x->if_match != version) {
        fail_tx(x, KZ_E_PRECONDITION_FAILED, NULL);
        goto out;
    }
    json_t *next = json_deep_copy(cur);
    json_object_update(next, (json_t *)x->patch);
    json_object_del(next, "password");
    unsigned old_roles = roles_of(json_object_get(cur, "roles"));
    unsigned new_roles = roles_of(json_object_get(next, "roles"));
    /* granting or removing a role both need the right to grant it */
    if (new_roles != old_roles && check_grant(x->a, new_roles ^ old_roles, x->e) != KZ_OK) {
        x->err = KZ_E_FORBIDDEN;
        json_decref(next);
        goto out;
    }
    int64_t new_org = org_of(next);
    if (new_org != org_of(cur)) {
        kz_target nt;
        char nregion[8];
        db_status s2 = target_of(c, x->a, KZ_ACT_UPDATE, true, x->id, new_org, &nt, nregion);
        if (s2 == DB_NOROW) {
            kz_field_error(x->e, "org_id", "机构不存在");
            x->err = KZ_E_VALIDATION;
            json_decref(next);
            goto out;
        }
        if (s2 != DB_OK || !kz_authz_allows(x->a, KZ_RES_USER, KZ_ACT_UPDATE, &nt)) {
            json_decref(next);
            if (s2 != DB_OK) {
                st = s2;
                goto out;
            }
            fail_tx(x, KZ_E_FORBIDDEN, "不能把账号移到无权管理的机构");
            goto out;
        }
    }
    if (new_roles & KZ_ROLE_BIT(KZ_ROLE_OFFICER)) {
        char oregion[8] = "";
        db_status s3 = new_org ? kz_org_region(c, new_org, oregion) : DB_NOROW;
        if (s3 != DB_OK && s3 != DB_NOROW) {
            json_decref(next);
            st = s3;
            goto out;
        }
        if (!oregion[0]) {
            json_decref(next);
            kz_field_error(x->e, "org_id", OFFICER_NEEDS_REGION);
            x->err = KZ_E_VALIDATION;
            goto out;
        }
    }
    if (x->a->user_id == x->id &&
        (json_is_true(json_object_get(next, "disabled")) ||
         ((old_roles & KZ_ROLE_BIT(KZ_ROLE_ADMIN)) && !(new_roles & KZ_ROLE_BIT(KZ_ROLE_ADMIN))))) {
        json_decref(next);
        fail_tx(x, KZ_E_CONFLICT, "不能停用自己的账号或撤销自己的管理员角色");
        goto out;
    }
    char now[24], roles[256], ids[24];
    kz_rfc3339((time_t)kz_now(), now);
    kz_roles_format(new_roles, roles, sizeof roles);
    int64_t got = 0;
    st = DB_EXEC(c, Q_USER_UPDATE, db_cb_int, &got, db_int(x->id),
                 db_text(kz_json_str(next, "display_name")), db_text(roles),
                 new_org ? db_int(new_org) : db_null(),
                 db_int(json_is_true(json_object_get(next, "disabled"))), db_text(now),
                 db_int(version));
    bool revoke = json_is_true(json_object_get(next, "disabled")) || new_roles != old_roles ||
                  new_org != org_of(cur);
    json_decref(next);
    if (st == DB_OK && x->hash) {
        st = DB_EXEC(c, Q_USER_SET_HASH, db_cb_int, &got, db_int(x->id), db_text(x->hash),
                     db_text(now));
        revoke = true;
    }
    if (st == DB_OK && revoke)
        st = DB_EXEC(c, Q_SESSION_REVOKE_USER, NULL, NULL, db_int(x->id), db_null());
    if (st == DB_OK) {
        json_decref(x->out);
        x->out = NULL;
        st = kz_user_load(c, x->id, &x->out);
    }
    snprintf(ids, sizeof ids, "%" PRId64, x->id);
    if (st == DB_OK)
        st = kz_audit_append(c, x->a, "user", ids, x->hash ? "update_password" : "update", cur,
                             x->out);
    if (st == DB_OK) st = kz_change_append(c, "user", x->id, "update");
out:
    json_decref(cur);
    return st;
}

kz_err kz_user_update(db_conn *c, const kz_actor *a, int64_t id, const json_t *patch,
                      int64_t if_match, json_t **out, kz_error *e)
{
    *out = NULL;
    if (kz_authz_scope(a, KZ_RES_USER, KZ_ACT_UPDATE) == KZ_SCOPE_NONE) return deny(a, e);
    if (!kz_validate_object(patch, user_patch_fields, true, e)) return KZ_E_VALIDATION;
    update_ctx x = {.a = a, .id = id, .if_match = if_match, .patch = patch, .e = e};
    char hash[KZ_PWHASH_MAX];
    const char *pw = kz_json_str(patch, "password");
    if (pw) {
        if (kz_password_hash(pw, hash) != 0) return kz_fail(e, KZ_E_INTERNAL, NULL);
        x.hash = hash;
    }
    db_status st = db_tx(c, true, update_tx, &x);
    kz_auth_forget_user(id);
    if (st != DB_OK) {
        json_decref(x.out);
        if (x.err != KZ_OK) return x.err;
        return kz_db_fail(e, st);
    }
    *out = x.out;
    return KZ_OK;
}

kz_err kz_user_list(db_conn *c, const kz_actor *a, const kz_user_filter *f, const kz_page *p,
                    json_t **out, kz_error *e)
{
    *out = NULL;
    kz_scope s = kz_authz_scope(a, KZ_RES_USER, KZ_ACT_LIST);
    if (s == KZ_SCOPE_NONE) return deny(a, e);
    int64_t org = f->org_id;
    char prefix[8] = "";
    if (s == KZ_SCOPE_ORG) {
        if (org && org != a->org_id) return kz_fail(e, KZ_E_FORBIDDEN, "只能查看本机构的账号");
        org = a->org_id ? a->org_id : -1;
    } else if (s == KZ_SCOPE_REGION) {
        kz_region_prefix(a->region, prefix);
        if (!prefix[0]) org = -1; /* an officer without a region sees no one */
    }
    json_t *items = json_array();
    int64_t total = 0;
    db_val orgv = org ? db_int(org) : db_null();
    db_val regv = prefix[0] ? db_text(prefix) : db_null();
    db_status st = DB_EXEC(c, Q_USER_LIST, list_cb, items, orgv, db_text(f->role), db_text(f->q),
                           regv, db_int(p->after), db_int(p->limit + 1));
    if (st == DB_OK || st == DB_NOROW)
        st = DB_EXEC(c, Q_USER_COUNT, db_cb_int, &total, orgv, db_text(f->role), db_text(f->q),
                     regv);
    if (st != DB_OK) {
        json_decref(items);
        return kz_db_fail(e, st);
    }
    *out = kz_page_result(items, p, total, "id");
    return KZ_OK;
}

db_status kz_user_total(db_conn *c, int64_t *n)
{
    *n = 0;
    return db_exec(c, Q_USER_TOTAL, NULL, 0, db_cb_int, n);
}
