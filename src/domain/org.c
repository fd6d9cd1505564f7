/* org.c — 主体库 organizations: their list and the look-ups other code makes of an org.
 * Create, read and PATCH are the engine's (src/kinds/org.c, engine.h). */
#include "org.h"
#include "../core/jsonx.h"
#include "authz.h"
#include "engine.h"
#include <stdio.h>

static db_status list_cb(void *ctx, const db_row *r)
{
    json_array_append_new(ctx, kz_kind_row_json(&kz_kind_org, r));
    return DB_OK;
}

/* Registering an org and checking a registration are the engine's (kinds/org.c); these are
 * what the demo data and the import (port.c) call. */
kz_err kz_org_create(db_conn *c, const kz_actor *a, const json_t *in, json_t **out, kz_error *e)
{
    return kz_kind_create(&kz_kind_org, c, a, in, out, e);
}

kz_err kz_org_check(db_conn *c, const kz_actor *a, const json_t *in, kz_error *e)
{
    return kz_kind_check(&kz_kind_org, c, a, in, e);
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
