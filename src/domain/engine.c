/* engine.c — create, read, history, PATCH and transitions of every kind described by a
 * kz_kind_desc (engine.h). Nothing here names a kind: what differs is in the descriptor. */
#include "engine.h"
#include "search_svc.h"
#include "../core/jsonx.h"
#include "audit.h"
#include "authz.h"
#include "clock.h"
#include "org.h"
#include "stats.h"
#include <inttypes.h>
#include <stdio.h>
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define ADMIN_BIT KZ_ROLE_BIT(KZ_ROLE_ADMIN)
/* promoted columns a kind may have, and the longest ",a,b," list of codes */
#define MAX_COLUMNS 24
#define CODES_LEN   256

const kz_kind_desc *const kz_kinds[] = {&kz_kind_achievement,
                                        &kz_kind_demand,
                                        &kz_kind_finance_product,
                                        &kz_kind_platform,
                                        &kz_kind_contract,
                                        &kz_kind_challenge,
                                        &kz_kind_challenge_application,
                                        &kz_kind_challenge_milestone,
                                        &kz_kind_deal,
                                        &kz_kind_deal_event,
                                        &kz_kind_policy,
                                        &kz_kind_policy_application,
                                        &kz_kind_resource,
                                        &kz_kind_booking,
                                        &kz_kind_voucher,
                                        &kz_kind_listing,
                                        &kz_kind_bid,
                                        &kz_kind_deposit,
                                        &kz_kind_objection,
                                        &kz_kind_finance_request,
                                        &kz_kind_panel,
                                        &kz_kind_event,
                                        &kz_kind_event_registration,
                                        &kz_kind_broker,
                                        &kz_kind_broker_training,
                                        &kz_kind_broker_assignment,
                                        NULL};
const kz_kind_desc *const kz_shared_kinds[] = {&kz_kind_finance_product,
                                               &kz_kind_platform,
                                               &kz_kind_contract,
                                               &kz_kind_challenge,
                                               &kz_kind_challenge_application,
                                               &kz_kind_challenge_milestone,
                                               &kz_kind_deal,
                                               &kz_kind_deal_event,
                                               &kz_kind_policy,
                                               &kz_kind_policy_application,
                                               &kz_kind_resource,
                                               &kz_kind_booking,
                                               &kz_kind_voucher,
                                               &kz_kind_listing,
                                               &kz_kind_bid,
                                               &kz_kind_deposit,
                                               &kz_kind_objection,
                                               &kz_kind_finance_request,
                                               &kz_kind_panel,
                                               &kz_kind_event,
                                               &kz_kind_event_registration,
                                               &kz_kind_broker,
                                               &kz_kind_broker_training,
                                               &kz_kind_broker_assignment,
                                               NULL};
/* the export's columns are made once per kind in a table of 32 (kind_list.c) */
_Static_assert(sizeof kz_kinds / sizeof kz_kinds[0] - 1 <= 32, "raise kind_list.c's KINDS");
/* the search service keeps list attributes for each of them (search_svc.h) */
_Static_assert(sizeof kz_shared_kinds / sizeof kz_shared_kinds[0] - 1 <= KZ_SK_SHARED_MAX,
               "more shared kinds than the search service keeps: raise KZ_SK_SHARED_MAX");

const kz_kind_desc *kz_kind_find(const char *name)
{
    for (int i = 0; name && kz_kinds[i]; i++)
        if (!strcmp(kz_kinds[i]->name, name)) return kz_kinds[i];
    return NULL;
}

int kz_shared_kind_index(const char *name)
{
    for (int i = 0; name && kz_shared_kinds[i]; i++)
        if (!strcmp(kz_shared_kinds[i]->name, name)) return i;
    return -1;
}

static bool in_list(const char *s, const char *const *list)
{
    for (; list && *list; list++)
        if (!strcmp(s, *list)) return true;
    return false;
}

/* A kind with a state machine: records with an owner org, states and revisions (engine.h). */
static bool has_states(const kz_kind_desc *k)
{
    return k->workflow != NULL;
}

static kz_err deny(const kz_actor *a, kz_error *e)
{
    return kz_fail(e, a->user_id || a->operator_ ? KZ_E_FORBIDDEN : KZ_E_UNAUTHENTICATED, NULL);
}

/* Records an API error from inside a transaction and makes db_tx roll back. */
#define fail(x, code, msg) (((x)->err = kz_fail((x)->e, (code), (msg))), DB_HARD)

/* ---- field checks the descriptor states ---- */

/* Each present value of a field with a vocabulary is one of its codes; a list has no code
 * twice, and a required list at least one. Adds a field error per bad field (none where the
 * declarative checks already found one); false when it added any. */
static bool vocab_ok(const kz_field *fields, const json_t *obj, kz_error *e)
{
    bool ok = true;
    for (const kz_field *f = fields; f->name; f++) {
        json_t *v = json_object_get(obj, f->name);
        if (!f->vocab || !v || json_is_null(v)) continue;
        if (e->fields && json_object_get(e->fields, f->name)) continue;
        const char *name = f->label ? f->label : f->name;
        char why[160] = "";
        if (json_is_string(v) && !kz_enum_has(f->vocab, json_string_value(v)))
            snprintf(why, sizeof why, "未知的%s", name);
        if (json_is_array(v)) {
            size_t i;
            json_t *it;
            if (f->required && !json_array_size(v))
                snprintf(why, sizeof why, "至少选择一种%s", name);
            json_array_foreach(v, i, it)
            {
                if (*why) break;
                if (!kz_enum_has(f->vocab, json_string_value(it)))
                    snprintf(why, sizeof why, "未知的%s", name);
                for (size_t j = 0; j < i && !*why; j++)
                    if (json_equal(json_array_get(v, j), it))
                        snprintf(why, sizeof why, "%s重复", name);
            }
        }
        if (*why) {
            kz_field_error(e, f->name, why);
            ok = false;
        }
    }
    return ok;
}

/* The declarative checks of kz_validate_object and the vocabularies (except: a member to pass
 * over as if absent, or NULL). */
static bool fields_ok_except(const kz_field *fields, const json_t *obj, bool partial,
                             const char *except, kz_error *e)
{
    bool ok = kz_validate_object_except(obj, fields, partial, except, e);
    return vocab_ok(fields, obj, e) && ok;
}

static bool fields_ok(const kz_field *fields, const json_t *obj, bool partial, kz_error *e)
{
    return fields_ok_except(fields, obj, partial, NULL, e);
}

/* ---- rows ---- */

typedef struct load_ctx {
    const kz_kind_desc *k;
    kz_rec_row *row;
} load_ctx;

json_t *kz_kind_row_json(const kz_kind_desc *k, const db_row *r)
{
    json_t *o = json_object();
    int i = 0;
    json_object_set_new(o, "id", json_integer(db_col_int(r, i++)));
    for (const kz_column *col = k->columns; col->field; col++, i++)
        json_object_set_new(o, col->field,
                            col->type == KZ_COL_INT && !db_col_null(r, i)
                                ? json_integer(db_col_int(r, i))
                                : kz_col_str(r, i));
    json_object_set_new(o, "version", json_integer(db_col_int(r, i++)));
    json_object_set_new(o, "created_at", kz_col_str(r, i++));
    json_object_set_new(o, "updated_at", kz_col_str(r, i));
    return o;
}

static db_status row_cb(void *ctx, const db_row *r)
{
    load_ctx *x = ctx;
    if (has_states(x->k))
        kz_rec_row_fill(x->row, r);
    else {
        /* a registry's row: no owner org, no state */
        kz_rec_row *w = x->row;
        json_decref(w->rec);
        w->rec = kz_kind_row_json(x->k, r);
        w->id = db_col_int(r, 0);
        w->version = json_integer_value(json_object_get(w->rec, "version"));
        const char *g = kz_json_str(w->rec, "region");
        snprintf(w->region, sizeof w->region, "%s", g ? g : "");
    }
    if (x->k->decorate) x->k->decorate(x->row->rec);
    return DB_OK;
}

static db_status load(const kz_kind_desc *k, db_conn *c, int64_t id, kz_rec_row *x)
{
    load_ctx lc = {k, x};
    if (k->shared) return DB_EXEC(c, Q_KR_GET, row_cb, &lc, db_int(id), db_text(k->name));
    return DB_EXEC(c, k->q_get, row_cb, &lc, db_int(id));
}

/* The record's data fields (null when absent; list fields [] when absent or null). New. */
static json_t *data_of(const kz_kind_desc *k, const json_t *rec)
{
    json_t *d = json_object();
    for (int i = 0; k->data_fields[i]; i++) {
        json_t *v = json_object_get(rec, k->data_fields[i]);
        json_object_set(d, k->data_fields[i], v ? v : json_null());
    }
    for (int i = 0; k->list_fields && k->list_fields[i]; i++)
        if (json_is_null(json_object_get(d, k->list_fields[i])))
            json_object_set_new(d, k->list_fields[i], json_array());
    return d;
}

static db_val text_of(const json_t *data, const char *field)
{
    json_t *v = field ? json_object_get(data, field) : NULL;
    return json_is_string(v) ? db_text(json_string_value(v)) : db_null();
}

static db_val int_of(const json_t *data, const char *field)
{
    json_t *v = field ? json_object_get(data, field) : NULL;
    return json_is_integer(v) ? db_int(json_integer_value(v)) : db_null();
}

int kz_kind_party_ids(const kz_kind_desc *k, const json_t *data, int64_t ids[KZ_PARTY_IDS_MAX])
{
    int n = 0;
    for (int i = 0; i < KZ_PARTIES_MAX && k->slots.parties[i]; i++) {
        json_t *v = json_object_get(data, k->slots.parties[i]);
        size_t m = json_is_array(v) ? json_array_size(v) : 1;
        for (size_t j = 0; j < m && n < KZ_PARTY_IDS_MAX; j++) {
            json_t *x = json_is_array(v) ? json_array_get(v, j) : v;
            int64_t id = json_is_integer(x) ? json_integer_value(x) : 0;
            bool seen = id <= 0;
            for (int h = 0; h < n && !seen; h++)
                seen = ids[h] == id;
            if (!seen) ids[n++] = id;
        }
    }
    return n;
}

/* The org ids of a record's parties (kz_slots.parties) in data as ",12,34," into buf. */
static void parties_csv(const kz_kind_desc *k, const json_t *data, char *buf, size_t n)
{
    int64_t ids[KZ_PARTY_IDS_MAX];
    int m = kz_kind_party_ids(k, data, ids);
    size_t len = (size_t)snprintf(buf, n, ",");
    for (int i = 0; i < m && len < n; i++)
        len += (size_t)snprintf(buf + len, n - len, "%" PRId64 ",", ids[i]);
}

/* Whether the actor belongs to a party org of the record rec (its data fields). */
static bool is_party(const kz_kind_desc *k, const kz_actor *a, const json_t *rec)
{
    if (!a->org_id) return false;
    int64_t ids[KZ_PARTY_IDS_MAX];
    int m = kz_kind_party_ids(k, rec, ids);
    for (int i = 0; i < m; i++)
        if (ids[i] == a->org_id) return true;
    return false;
}

/* Whether the actor may take a party's transitions of record r: a member of a party org
 * holding one of the kind's party roles (its owner roles when it names none), r past draft. */
static bool party_member(const kz_kind_desc *k, const kz_actor *a, const kz_rec_row *r)
{
    unsigned roles = k->party_roles ? k->party_roles : k->owner_roles;
    return (a->roles & roles) && strcmp(r->status, "draft") && is_party(k, a, r->rec);
}

/* A shared kind's slots (kind, title, region, industry, section, category, codes, money_lo,
 * money_hi, parties, parent: the order of Q_KR_INSERT and Q_KR_UPDATE) into p; bufs[0] and
 * bufs[1] hold the codes and the parties. */
static int slot_vals(const kz_kind_desc *k, const json_t *data, db_val *p, char bufs[][CODES_LEN])
{
    char *codes = bufs[0];
    const kz_slots *s = &k->slots;
    int n = 0;
    p[n++] = db_text(k->name);
    p[n++] = text_of(data, s->title);
    p[n++] = text_of(data, s->region);
    p[n++] = text_of(data, s->industry);
    const char *ind = s->industry ? kz_json_str(data, s->industry) : NULL;
    p[n++] = ind ? db_text(kz_industry_section(ind)) : db_null();
    p[n++] = text_of(data, s->category);
    kz_codes_csv(s->codes ? json_object_get(data, s->codes) : NULL, codes, CODES_LEN);
    p[n++] = db_text(codes);
    p[n++] = int_of(data, s->money_lo);
    p[n++] = int_of(data, s->money_hi);
    parties_csv(k, data, bufs[1], CODES_LEN);
    p[n++] = db_text(bufs[1]);
    p[n++] = k->parent ? int_of(data, k->parent->field) : db_null();
    return n;
}

/* The promoted columns' values of data into p (codes lists are written to bufs). */
static int column_vals(const kz_kind_desc *k, const json_t *data, db_val *p, char bufs[][CODES_LEN])
{
    if (k->shared) return slot_vals(k, data, p, bufs);
    int n = 0;
    for (const kz_column *col = k->columns; col->field && n < MAX_COLUMNS; col++, n++) {
        json_t *v = json_object_get(data, col->field);
        switch (col->type) {
        case KZ_COL_TEXT:
            p[n] = json_is_string(v) ? db_text(json_string_value(v)) : db_null();
            break;
        case KZ_COL_INT:
            p[n] = json_is_integer(v) ? db_int(json_integer_value(v)) : db_null();
            break;
        case KZ_COL_CODES:
            kz_codes_csv(v, bufs[n], CODES_LEN);
            p[n] = db_text(bufs[n]);
            break;
        case KZ_COL_SECTION:
            p[n] =
                json_is_string(v) ? db_text(kz_industry_section(json_string_value(v))) : db_null();
            break;
        }
    }
    return n;
}

/* The view tier before grants: kz_record_view, and the kind's public states as cards (a kind
 * without a state machine: the policy table's read of the record's target, all or nothing). */
static kz_view base_view(const kz_kind_desc *k, const kz_actor *a, const kz_rec_row *r)
{
    if (!has_states(k)) {
        kz_target t = k->target(r->id, r->rec);
        return kz_authz_allows(a, k->res, KZ_ACT_READ, &t) ? KZ_VIEW_FULL : KZ_VIEW_NONE;
    }
    kz_view v = kz_record_view(a, r->org_id, r->region, r->status);
    if (v != KZ_VIEW_FULL && strcmp(r->status, "draft") && is_party(k, a, r->rec))
        return KZ_VIEW_FULL;
    if (v == KZ_VIEW_NONE && in_list(r->status, k->public_states)) v = KZ_VIEW_CARD;
    return v;
}

kz_view kz_kind_view(const kz_kind_desc *k, db_conn *c, const kz_actor *a, const kz_rec_row *r)
{
    kz_view v = base_view(k, a, r);
    if (v == KZ_VIEW_CARD && k->confidential && k->granted && k->granted(c, a, r->id))
        v = KZ_VIEW_FULL;
    return v;
}

/* Applies the view tier to a loaded record: each confidential field f is announced by
 * has_<f> and <f>_visible and removed unless the actor sees it. false: not to be seen. */
static bool shape(const kz_kind_desc *k, db_conn *c, const kz_actor *a, kz_rec_row *x)
{
    kz_view v = kz_kind_view(k, c, a, x);
    if (v == KZ_VIEW_NONE) return false;
    for (int i = 0; k->confidential && k->confidential[i]; i++) {
        const char *f = k->confidential[i];
        char has[64], vis[64];
        snprintf(has, sizeof has, "has_%s", f);
        snprintf(vis, sizeof vis, "%s_visible", f);
        json_t *d = json_object_get(x->rec, f);
        bool set = json_is_string(d) ? *json_string_value(d) != 0 : d && !json_is_null(d);
        json_object_set_new(x->rec, has, json_boolean(set));
        json_object_set_new(x->rec, vis, json_boolean(v == KZ_VIEW_FULL));
        if (v != KZ_VIEW_FULL) json_object_del(x->rec, f);
    }
    return true;
}

/* A row's permission fields from a record as answered (id, org_id, status, region). */
static void row_of_rec(kz_rec_row *r, int64_t id, json_t *rec)
{
    memset(r, 0, sizeof *r);
    r->id = id;
    r->rec = rec;
    r->org_id = json_integer_value(json_object_get(rec, "org_id"));
    const char *s = kz_json_str(rec, "status"), *g = kz_json_str(rec, "region");
    snprintf(r->status, sizeof r->status, "%s", s ? s : "");
    snprintf(r->region, sizeof r->region, "%s", g ? g : "");
}

db_status kz_kind_child_of_org(const kz_kind_desc *k, db_conn *c, int64_t parent_id, int64_t org_id,
                               const char *status, int64_t *id)
{
    *id = 0;
    return DB_EXEC(c, Q_KR_CHILD_OF_ORG, db_cb_int, id, db_text(k->name), db_int(parent_id),
                   db_int(org_id), db_text(status));
}

db_status kz_refuse(kz_err *refused, kz_error *e, kz_err code, const char *field, const char *why)
{
    if (field) {
        kz_field_error(e, field, why);
        *refused = e->code = code ? code : KZ_E_VALIDATION;
    } else {
        *refused = kz_fail(e, code, why);
    }
    return DB_HARD;
}

void kz_kind_shape_items(const kz_kind_desc *k, db_conn *c, const kz_actor *a, json_t *items)
{
    if (!k->confidential) return;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        kz_rec_row r;
        row_of_rec(&r, json_integer_value(json_object_get(it, "id")), it);
        shape(k, c, a, &r);
    }
}

/* ---- the counts of the statistics (stats.h), kept in the write's transaction ---- */

/* The 门类 of a record's industry (a shared kind's industry slot), or NULL. */
static const char *section_of(const kz_kind_desc *k, const json_t *rec)
{
    const char *field = k->shared ? k->slots.industry : "industry";
    const char *ind = field ? kz_json_str(rec, field) : NULL;
    return ind ? kz_industry_section(ind) : NULL;
}

static db_status count(const kz_kind_desc *k, db_conn *c, const kz_rec_row *r, int64_t delta)
{
    if (k->count) return k->count(c, r->rec, delta);
    db_status st = kz_stats_record(c, k->name, r->status, r->region, section_of(k, r->rec),
                                   kz_json_str(r->rec, "created_at"), delta);
    return st == DB_OK && k->counted ? k->counted(c, r, delta) : st;
}

/* ---- create / import ---- */

/* A failed write's answer: a unique value taken in the kind's words. */
static kz_err db_fail(const kz_kind_desc *k, kz_error *e, db_status st)
{
    if (st == DB_CONFLICT && k->msg_unique) return kz_fail(e, KZ_E_CONFLICT, k->msg_unique);
    return kz_db_fail(e, st);
}

static const char *publish_state(const kz_kind_desc *k)
{
    return k->publish_state ? k->publish_state : "published";
}

/* What a bulk import keeps from row to row (engine.h). */
struct kz_kind_bulk {
    const kz_kind_desc *k;
    const kz_actor *a;
    json_t *owners;     /* the org_id as given ("-" when absent) -> the owner org resolved */
    kz_audit_head head; /* the chain's head, in the write transaction */
    kz_stats_sum *sum;  /* the counts of the rows written, added at the end */
};

typedef struct create_ctx {
    const kz_kind_desc *k;
    const kz_actor *a;
    json_t *data;
    int64_t org_id;
    const char *status;
    kz_kind_bulk *bulk; /* NULL: a record on its own */
    json_t *org_name;   /* bulk: the owner org's name (borrowed) */
    const char *text;   /* kz_json_dump(data, false), when made already (borrowed) */
    const char *sorted; /* kz_json_dump(data, true), when made already (borrowed) */
    bool import;        /* an operator's import */
    kz_error *e;        /* a refusal's reasons (x->err) */
    kz_err err;
    json_t *out;
} create_ctx;

/* A new child's parent (engine.h kz_parent), in the write's transaction: readable by the actor
 * (404), taking children (409, not for an import), the kind's own check; the parent's owner
 * org into party_field. KZ_OK, a refusal (e set), or KZ_E_INTERNAL with *st the database's. */
static kz_err parent_step(const kz_kind_desc *k, db_conn *c, const kz_actor *a, int64_t org_id,
                          json_t *data, bool import, db_status *st, kz_error *e)
{
    const kz_parent *P = k->parent;
    json_t *pid = json_object_get(data, P->field);
    *st = DB_OK;
    if (!json_is_integer(pid) || json_integer_value(pid) < 1) {
        kz_field_error(e, P->field, "必填");
        return KZ_E_VALIDATION;
    }
    kz_rec_row pr = {0};
    *st = load(P->kind, c, json_integer_value(pid), &pr);
    kz_err rc = KZ_OK;
    if (*st == DB_NOROW || (*st == DB_OK && base_view(P->kind, a, &pr) == KZ_VIEW_NONE)) {
        *st = DB_OK;
        rc = kz_fail(e, KZ_E_NOT_FOUND, NULL);
    } else if (*st != DB_OK)
        rc = KZ_E_INTERNAL;
    else if (!import && !in_list(pr.status, P->open_states))
        rc = kz_fail(e, KZ_E_CONFLICT, P->msg_closed);
    else if (P->check_parent)
        rc = P->check_parent(c, a, &pr, org_id, data, import, e);
    if (rc == KZ_OK && P->party_field)
        json_object_set_new(data, P->party_field, json_integer(pr.org_id));
    json_decref(pr.rec);
    return rc;
}

typedef struct children_ctx {
    json_t *out;
} children_ctx;

static db_status child_cb(void *ctx, const db_row *r)
{
    children_ctx *x = ctx;
    json_array_append_new(x->out, kz_rec_json(r));
    return DB_OK;
}

db_status kz_kind_children(const kz_kind_desc *k, db_conn *c, int64_t parent_id, const char *status,
                           int max, json_t **out)
{
    children_ctx x = {json_array()};
    *out = x.out;
    if (max > KZ_CHILDREN_MAX) max = KZ_CHILDREN_MAX;
    db_status st = DB_EXEC(c, Q_KR_CHILDREN, child_cb, &x, db_text(k->name), db_int(parent_id),
                           db_text(status), db_int(max));
    return st == DB_NOROW ? DB_OK : st;
}

typedef struct recount_ctx {
    kz_rec_row rows[500];
    int n;
    int64_t last;
} recount_ctx;

static db_status recount_cb(void *ctx, const db_row *r)
{
    recount_ctx *x = ctx;
    if (x->n >= 500) return DB_OK;
    kz_rec_row_fill(&x->rows[x->n], r);
    x->last = x->rows[x->n].id;
    x->n++;
    return DB_OK;
}

db_status kz_kind_recount(const kz_kind_desc *k, db_conn *c)
{
    assert(k->shared && k->counted);
    recount_ctx *x = calloc(1, sizeof *x);
    if (!x) return DB_HARD;
    db_status st = DB_OK;
    for (int64_t after = 0;;) {
        x->n = 0;
        st = DB_EXEC(c, Q_KR_SCAN, recount_cb, x, db_text(k->name), db_int(after), db_int(500));
        if (st == DB_NOROW) st = DB_OK;
        for (int i = 0; i < x->n; i++) {
            if (st == DB_OK) st = k->counted(c, &x->rows[i], 1);
            json_decref(x->rows[i].rec);
        }
        if (st != DB_OK || x->n < 500) break;
        after = x->last;
    }
    free(x);
    return st;
}

kz_err kz_kind_parent_readable(const kz_kind_desc *k, db_conn *c, const kz_actor *a,
                               int64_t parent_id, kz_error *e)
{
    kz_rec_row pr = {0};
    db_status st = load(k->parent->kind, c, parent_id, &pr);
    bool seen = st == DB_OK && base_view(k->parent->kind, a, &pr) != KZ_VIEW_NONE;
    json_decref(pr.rec);
    if (st != DB_OK && st != DB_NOROW) return kz_db_fail(e, st);
    return seen ? KZ_OK : kz_fail(e, KZ_E_NOT_FOUND, NULL);
}

static db_status create_tx(db_conn *c, void *vctx)
{
    create_ctx *x = vctx;
    const kz_kind_desc *k = x->k;
    char now[24], ids[24], bufs[MAX_COLUMNS][CODES_LEN];
    kz_rfc3339((time_t)kz_now(), now);
    if (k->parent) {
        db_status pst;
        x->err = parent_step(k, c, x->a, x->org_id, x->data, x->import, &pst, x->e);
        if (x->err != KZ_OK) return pst != DB_OK ? pst : DB_HARD;
        x->text = x->sorted = NULL; /* the step may have completed the data */
    }
    bool states = has_states(k);
    /* the record's text: the bulk reader's (x->text), or made here; none without states */
    char *own = states && !x->text ? kz_json_dump(x->data, false) : NULL;
    const char *d = x->text ? x->text : own;
    db_val p[MAX_COLUMNS + 6];
    int n = 0;
    if (states) {
        p[n++] = db_int(x->org_id);
        p[n++] = x->a->user_id ? db_int(x->a->user_id) : db_null();
        p[n++] = db_text(x->status);
    }
    n += column_vals(k, x->data, p + n, bufs);
    if (states) p[n++] = db_text(d);
    p[n++] = db_text(now);
    if (states) p[n++] = !strcmp(x->status, publish_state(k)) ? db_text(now) : db_null();
    int64_t id = 0;
    db_status st = db_exec(c, k->shared ? Q_KR_INSERT : k->q_insert, p, n, db_cb_int, &id);
    free(own);
    if (st != DB_OK) return st;
    kz_rec_row r = {0};
    if (x->bulk) {
        /* the record as load() reads it back, made from what was just written */
        r.id = id;
        r.org_id = x->org_id;
        r.version = 1;
        snprintf(r.status, sizeof r.status, "%s", x->status);
        const char *region = kz_json_str(x->data, "region");
        snprintf(r.region, sizeof r.region, "%s", region ? region : "");
        r.rec = kz_rec_make(json_copy(x->data), id, x->org_id, json_incref(x->org_name),
                            json_string(x->status), 1, json_string(now), json_string(now),
                            p[n - 1].t == DBT_TEXT ? json_string(now) : json_null());
        if (k->decorate) k->decorate(r.rec);
    } else if ((st = load(k, c, id, &r)) != DB_OK)
        return st == DB_NOROW ? DB_HARD : st;
    json_decref(x->out);
    x->out = r.rec;
    if (x->bulk) {
        kz_stats_sum_record(x->bulk->sum, k->name, r.status, r.region, section_of(k, r.rec),
                            kz_json_str(r.rec, "created_at"), 1);
        if (k->counted && (st = k->counted(c, &r, 1)) != DB_OK) return st;
    } else if ((st = count(k, c, &r, 1)) != DB_OK)
        return st;
    const char *action = x->a->operator_ ? "import" : "create";
    snprintf(ids, sizeof ids, "%" PRId64, id);
    if (states) {
        st = x->sorted
                 ? kz_revision_add_text(c, x->a, k->name, id, 1, action, NULL, x->status, x->sorted)
                 : kz_revision_add(c, x->a, k->name, id, 1, action, NULL, x->status, x->data);
        if (st != DB_OK) return st;
    }
    st = x->bulk
             ? kz_audit_append_after(c, &x->bulk->head, x->a, k->name, ids, action, NULL, x->out)
             : kz_audit_append(c, x->a, k->name, ids, action, NULL, x->out);
    if (st != DB_OK) return st;
    return kz_change_append(c, k->name, id, "insert");
}

/* The kind's rule on which orgs may own its records (owner_section). */
static kz_err owner_kind_ok(const kz_kind_desc *k, db_conn *c, int64_t org_id, kz_error *e)
{
    if (!k->owner_section) return KZ_OK;
    char industry[8];
    db_status st = kz_org_industry(c, org_id, industry);
    if (st == DB_NOROW) {
        kz_field_error(e, "org_id", "机构不存在");
        return KZ_E_VALIDATION;
    }
    if (st != DB_OK) return kz_db_fail(e, st);
    const char *section = industry[0] ? kz_industry_section(industry) : NULL;
    if (!section || strcmp(section, k->owner_section) != 0)
        return kz_fail(e, KZ_E_FORBIDDEN, k->msg_owner_kind);
    return KZ_OK;
}

/* The owner org of a new record (kz_owner_org), remembered by a bulk import for the org_id
 * given, with the org's name (only what was found: a refusal is asked again, and reported,
 * row by row). name (may be NULL): the org's name, borrowed from the bulk import. */
static kz_err owner_org(const kz_kind_desc *k, db_conn *c, const kz_actor *a, const json_t *in,
                        kz_kind_bulk *b, int64_t *org_id, json_t **name, kz_error *e)
{
    json_t *given = json_object_get(in, "org_id");
    char key[32] = "";
    if (b && !given)
        snprintf(key, sizeof key, "-");
    else if (b && json_is_integer(given))
        snprintf(key, sizeof key, "%" JSON_INTEGER_FORMAT, json_integer_value(given));
    json_t *known = key[0] ? json_object_get(b->owners, key) : NULL;
    if (!known) {
        kz_err rc = kz_owner_org(c, a, in, k->owner_roles, &k->owner_msgs, org_id, e);
        if (rc == KZ_OK) rc = owner_kind_ok(k, c, *org_id, e);
        if (rc != KZ_OK || !key[0]) return rc;
        json_t *nm = NULL;
        db_status st = kz_org_name(c, *org_id, &nm);
        if (st != DB_OK) return kz_db_fail(e, st == DB_NOROW ? DB_HARD : st);
        known = json_pack("{s:I, s:o}", "id", (json_int_t)*org_id, "name", nm);
        json_object_set_new(b->owners, key, known);
    }
    *org_id = json_integer_value(json_object_get(known, "id"));
    if (name) *name = json_object_get(known, "name");
    return KZ_OK;
}

/* The kind's read-only fields present in in, each a field error; false when there was one. */
static bool no_read_only(const kz_kind_desc *k, const json_t *in, kz_error *e)
{
    bool ok = true;
    for (int i = 0; k->read_only && k->read_only[i]; i++)
        if (json_object_get(in, k->read_only[i])) {
            kz_field_error(e, k->read_only[i], "只读字段，由办理流程填写");
            ok = false;
        }
    return ok;
}

/* Validates a new record (an import's `status` too): what needs no database. */
static bool fields_valid(const kz_kind_desc *k, const json_t *in, bool import, kz_error *e)
{
    if (!import && !no_read_only(k, in, e)) return false;
    /* an import's `status` is not a field of the kind (checked below); the kinds' cross-field
     * rules read only their own fields */
    bool ok = fields_ok_except(k->fields, in, false, import ? "status" : NULL, e);
    if (ok && k->check) ok = k->check(in, e);
    if (import) {
        json_t *sv = json_object_get(in, "status");
        if (sv && (!json_is_string(sv) || !kz_enum_has(k->statuses, json_string_value(sv)))) {
            kz_field_error(e, "status", "未知的状态");
            ok = false;
        }
    }
    return ok;
}

/* A new record of a kind without a state machine: who may create any is the policy table's,
 * then its fields, then whether the new one is within the actor's reach. */
static kz_err prepare_plain(const kz_kind_desc *k, const kz_actor *a, const json_t *in, kz_error *e)
{
    if (kz_authz_scope(a, k->res, KZ_ACT_CREATE) == KZ_SCOPE_NONE) return deny(a, e);
    if (!fields_valid(k, in, false, e)) return KZ_E_VALIDATION;
    kz_target t = k->target(0, in);
    if (!kz_authz_allows(a, k->res, KZ_ACT_CREATE, &t))
        return kz_fail(e, KZ_E_FORBIDDEN, k->msg_out_of_reach);
    return KZ_OK;
}

/* Validates a new record (an import's `status` too) and resolves its owner org. */
static kz_err prepare(const kz_kind_desc *k, db_conn *c, const kz_actor *a, const json_t *in,
                      bool import, kz_kind_bulk *b, int64_t *org_id, kz_error *e)
{
    *org_id = 0;
    if (!has_states(k)) return prepare_plain(k, a, in, e);
    if (!fields_valid(k, in, import, e)) return KZ_E_VALIDATION;
    return owner_org(k, c, a, in, b, org_id, NULL, e);
}

static kz_err create(const kz_kind_desc *k, db_conn *c, const kz_actor *a, const json_t *in,
                     bool import, json_t **out, kz_error *e)
{
    *out = NULL;
    if (!a->user_id && !a->operator_) return deny(a, e);
    create_ctx x = {.k = k, .a = a, .import = import, .e = e};
    kz_err rc = prepare(k, c, a, in, import, NULL, &x.org_id, e);
    if (rc != KZ_OK) return rc;
    x.data = data_of(k, in);
    if (k->defaults) k->defaults(x.data);
    x.status = import && kz_json_str(in, "status") ? kz_json_str(in, "status")
               : k->create_state                   ? k->create_state
                                                   : "draft";
    db_status st = db_tx(c, true, create_tx, &x);
    json_decref(x.data);
    if (st != DB_OK) {
        json_decref(x.out);
        return x.err != KZ_OK ? x.err : db_fail(k, e, st);
    }
    *out = x.out;
    return KZ_OK;
}

kz_err kz_kind_create(const kz_kind_desc *k, db_conn *c, const kz_actor *a, const json_t *in,
                      json_t **out, kz_error *e)
{
    return create(k, c, a, in, false, out, e);
}

kz_err kz_kind_import(const kz_kind_desc *k, db_conn *c, const kz_actor *a, const json_t *in,
                      json_t **out, kz_error *e)
{
    return create(k, c, a, in, true, out, e);
}

kz_err kz_kind_check(const kz_kind_desc *k, db_conn *c, const kz_actor *a, const json_t *in,
                     kz_error *e)
{
    int64_t org;
    return prepare(k, c, a, in, true, NULL, &org, e);
}

/* ---- bulk import ---- */

kz_kind_bulk *kz_kind_bulk_new(const kz_kind_desc *k, const kz_actor *a)
{
    kz_kind_bulk *b = calloc(1, sizeof *b);
    if (!b) abort();
    b->k = k;
    b->a = a;
    b->owners = json_object();
    b->sum = kz_stats_sum_new();
    return b;
}

void kz_kind_bulk_free(kz_kind_bulk *b)
{
    if (!b) return;
    json_decref(b->owners);
    kz_stats_sum_free(b->sum);
    free(b);
}

struct kz_bulk_row {
    json_t *in;   /* the checked input (a reference) */
    json_t *data; /* data_of(in) */
    char *text;   /* kz_json_dump(data, false): the record's data */
    char *sorted; /* kz_json_dump(data, true): its first revision */
};

kz_bulk_row *kz_kind_bulk_check_fields(const kz_kind_bulk *b, json_t *in, kz_error *e)
{
    if (!b->a->user_id && !b->a->operator_) {
        deny(b->a, e);
        return NULL;
    }
    if (!fields_valid(b->k, in, true, e)) return NULL;
    kz_bulk_row *r = calloc(1, sizeof *r);
    if (!r) abort();
    r->in = json_incref(in);
    r->data = data_of(b->k, in);
    r->text = kz_json_dump(r->data, false);
    r->sorted = kz_json_dump(r->data, true);
    return r;
}

void kz_bulk_row_free(kz_bulk_row *r)
{
    if (!r) return;
    json_decref(r->in);
    json_decref(r->data);
    free(r->text);
    free(r->sorted);
    free(r);
}

kz_err kz_kind_bulk_check_owner(kz_kind_bulk *b, db_conn *c, const kz_bulk_row *r, kz_error *e)
{
    int64_t org;
    return owner_org(b->k, c, b->a, r->in, b, &org, NULL, e);
}

db_status kz_kind_bulk_begin(kz_kind_bulk *b, db_conn *c)
{
    /* the owner orgs are looked up again in the write transaction (once per org) */
    json_object_clear(b->owners);
    kz_stats_sum_clear(b->sum);
    return kz_audit_head_read(c, &b->head);
}

kz_err kz_kind_bulk_write(kz_kind_bulk *b, db_conn *c, const kz_bulk_row *r, kz_error *e)
{
    create_ctx x = {.k = b->k,
                    .a = b->a,
                    .bulk = b,
                    .data = r->data,
                    .text = r->text,
                    .sorted = r->sorted,
                    .import = true,
                    .e = e};
    kz_err rc = owner_org(b->k, c, b->a, r->in, b, &x.org_id, &x.org_name, e);
    if (rc != KZ_OK) return rc;
    x.status = kz_json_str(r->in, "status") ? kz_json_str(r->in, "status")
               : b->k->create_state         ? b->k->create_state
                                            : "draft";
    db_status st = create_tx(c, &x);
    json_decref(x.out);
    if (x.err != KZ_OK) return x.err;
    return st == DB_OK ? KZ_OK : kz_db_fail(e, st);
}

db_status kz_kind_bulk_end(kz_kind_bulk *b, db_conn *c)
{
    return kz_stats_sum_flush(b->sum, c);
}

/* ---- read ---- */

kz_err kz_kind_get(const kz_kind_desc *k, db_conn *c, const kz_actor *a, int64_t id, json_t **out,
                   kz_error *e)
{
    *out = NULL;
    kz_rec_row x = {0};
    db_status st = load(k, c, id, &x);
    if (st != DB_OK) return kz_db_fail(e, st);
    if (!shape(k, c, a, &x)) {
        json_decref(x.rec);
        return kz_fail(e, KZ_E_NOT_FOUND, NULL);
    }
    *out = x.rec;
    return KZ_OK;
}

kz_err kz_kind_history(const kz_kind_desc *k, db_conn *c, const kz_actor *a, int64_t id,
                       json_t **out, kz_error *e)
{
    *out = NULL;
    if (!has_states(k)) return kz_fail(e, KZ_E_NOT_FOUND, NULL); /* no revisions */
    kz_rec_row x = {0};
    db_status st = load(k, c, id, &x);
    if (st != DB_OK) return kz_db_fail(e, st);
    kz_view v = kz_kind_view(k, c, a, &x);
    json_decref(x.rec);
    if (v == KZ_VIEW_NONE) return kz_fail(e, KZ_E_NOT_FOUND, NULL);
    /* a card's history leaves the confidential fields out */
    return kz_revision_list(c, k->name, id, v == KZ_VIEW_FULL ? NULL : k->confidential, out, e);
}

/* ---- update ---- */

typedef struct change_ctx {
    const kz_kind_desc *k;
    const kz_actor *a;
    int64_t id, if_match;
    const json_t *in; /* the patch, or the transition body (may be NULL for the platform) */
    const char *action, *comment;
    kz_rec_row out; /* the record after the change (out.rec owned) */
    db_conn *c;     /* the transaction's connection, while in it */
    kz_error *e;
    kz_err err;
} change_ctx;

/* Writes data as an edit: the promoted columns and data, one version more. */
static db_status write_data(const kz_kind_desc *k, db_conn *c, int64_t id, const json_t *data,
                            int64_t version, const char *now)
{
    char bufs[MAX_COLUMNS][CODES_LEN];
    char *d = has_states(k) ? kz_json_dump(data, false) : NULL;
    db_val p[MAX_COLUMNS + 4];
    int n = 0;
    p[n++] = db_int(id);
    n += column_vals(k, data, p + n, bufs);
    if (d) p[n++] = db_text(d);
    p[n++] = db_text(now);
    p[n++] = db_int(version);
    int64_t got = 0;
    db_status st = db_exec(c, k->shared ? Q_KR_UPDATE : k->q_update, p, n, db_cb_int, &got);
    free(d);
    return st;
}

/* After a change of record x->id (r: as it was): loads it as it is now into x->out, moves its
 * statistics' counts from r to it, and writes its revision (data, with comment), the audit row
 * (before r, after it with the comment) and the change feed — all in the write's transaction. */
static db_status record_change(change_ctx *x, const kz_rec_row *r, const char *action,
                               const char *comment, const json_t *data)
{
    const kz_kind_desc *k = x->k;
    db_conn *c = x->c;
    json_decref(x->out.rec);
    memset(&x->out, 0, sizeof x->out);
    kz_rec_row *nr = &x->out;
    db_status st = load(k, c, x->id, nr);
    if (st == DB_OK) st = count(k, c, r, -1); /* its state, region or industry may have moved */
    if (st == DB_OK) st = count(k, c, nr, 1);
    if (st == DB_OK && has_states(k))
        st = kz_revision_add(c, x->a, k->name, x->id, nr->version, action, comment, nr->status,
                             data);
    char ids[24];
    snprintf(ids, sizeof ids, "%" PRId64, x->id);
    if (st == DB_OK) {
        json_t *after = json_deep_copy(nr->rec);
        if (comment) json_object_set_new(after, "comment", json_string(comment));
        st = kz_audit_append(c, x->a, k->name, ids, action, r->rec, after);
        json_decref(after);
    }
    if (st == DB_OK) st = kz_change_append(c, k->name, x->id, "update");
    return st;
}

/* The end of a change transaction: frees what it read. */
static db_status done(kz_rec_row *r, json_t *data, db_status st)
{
    json_decref(data);
    json_decref(r->rec);
    return st;
}

/* May x's actor PATCH record r (as loaded) of a kind with states: its owner or an admin, field
 * by field, in a state that lets them, at the version they saw. */
static db_status may_edit(change_ctx *x, const kz_rec_row *r)
{
    const kz_kind_desc *k = x->k;
    bool owner = kz_is_owner(x->a, r->org_id, k->owner_roles);
    bool admin = x->a->operator_ || (x->a->roles & ADMIN_BIT);
    if (base_view(k, x->a, r) == KZ_VIEW_NONE) return fail(x, KZ_E_NOT_FOUND, NULL);
    if (!owner && !admin) return fail(x, KZ_E_FORBIDDEN, k->msg_not_owner);
    if (!k->shared &&
        kz_authz_patch_refused(x->a, k->res, x->in,
                               &(kz_target){.org_id = r->org_id, .region = r->region}))
        return fail(x, KZ_E_FORBIDDEN, k->msg_not_owner);
    if (!admin && !in_list(r->status, k->editable))
        return fail(x, KZ_E_CONFLICT, "当前状态不能修改，请先撤回");
    if (in_list(r->status, k->frozen)) return fail(x, KZ_E_CONFLICT, k->msg_frozen);
    if (x->if_match >= 0 && x->if_match != r->version)
        return fail(x, KZ_E_PRECONDITION_FAILED, NULL);
    return DB_OK;
}

/* The same for a kind without a state machine: the policy table's update on the record's
 * target (those who may read it are told 403, others 404), field by field, at the version. */
static db_status may_edit_plain(change_ctx *x, const kz_rec_row *r)
{
    const kz_kind_desc *k = x->k;
    kz_target t = k->target(r->id, r->rec);
    if (!kz_authz_allows(x->a, k->res, KZ_ACT_UPDATE, &t))
        return fail(
            x, kz_authz_allows(x->a, k->res, KZ_ACT_READ, &t) ? KZ_E_FORBIDDEN : KZ_E_NOT_FOUND,
            NULL);
    if (kz_authz_patch_refused(x->a, k->res, x->in, &t))
        return fail(x, KZ_E_FORBIDDEN, k->msg_not_owner);
    if (x->if_match >= 0 && x->if_match != r->version)
        return fail(x, KZ_E_PRECONDITION_FAILED, NULL);
    return DB_OK;
}

static db_status update_tx(db_conn *c, void *vctx)
{
    change_ctx *x = vctx;
    x->c = c;
    const kz_kind_desc *k = x->k;
    x->err = KZ_OK;
    kz_rec_row r = {0};
    db_status st = load(k, c, x->id, &r);
    if (st != DB_OK) return st;
    st = has_states(k) ? may_edit(x, &r) : may_edit_plain(x, &r);
    json_t *data = NULL;
    if (st == DB_OK) {
        data = data_of(k, r.rec);
        json_object_update(data, (json_t *)x->in);
        json_object_del(data, "org_id");
        kz_target nt = has_states(k) ? (kz_target){0} : k->target(x->id, data);
        if (!has_states(k) && !kz_authz_allows(x->a, k->res, KZ_ACT_UPDATE, &nt))
            st = fail(x, KZ_E_FORBIDDEN, k->msg_moved_out);
        else if (k->check && !k->check(data, x->e)) {
            x->err = KZ_E_VALIDATION;
            st = DB_HARD;
        }
    }
    char now[24];
    kz_rfc3339((time_t)kz_now(), now);
    if (st == DB_OK) {
        st = write_data(k, c, x->id, data, r.version, now);
        if (st == DB_NOROW) st = fail(x, KZ_E_PRECONDITION_FAILED, NULL);
    }
    if (st == DB_OK) st = record_change(x, &r, "update", NULL, data);
    return done(&r, data, st);
}

kz_err kz_kind_update(const kz_kind_desc *k, db_conn *c, const kz_actor *a, int64_t id,
                      const json_t *patch, int64_t if_match, json_t **out, kz_error *e)
{
    *out = NULL;
    if (!a->user_id && !a->operator_) return deny(a, e);
    if (!has_states(k) && kz_authz_scope(a, k->res, KZ_ACT_UPDATE) == KZ_SCOPE_NONE)
        return deny(a, e);
    if (!no_read_only(k, patch, e) || !fields_ok(k->fields, patch, true, e)) return KZ_E_VALIDATION;
    if (json_object_get(patch, "org_id")) {
        kz_field_error(e, "org_id", k->msg_org_fixed);
        return KZ_E_VALIDATION;
    }
    if (k->parent && json_object_get(patch, k->parent->field)) {
        kz_field_error(e, k->parent->field, "所属记录不能修改");
        return KZ_E_VALIDATION;
    }
    /* what a new record must have, a PATCH may not clear */
    for (const kz_field *f = k->fields; f->name; f++)
        if (f->required && json_is_null(json_object_get(patch, f->name))) {
            kz_field_error(e, f->name, "不能为空");
            return KZ_E_VALIDATION;
        }
    change_ctx x = {.k = k, .a = a, .id = id, .if_match = if_match, .in = patch, .e = e};
    db_status st = db_tx(c, true, update_tx, &x);
    if (st != DB_OK) {
        json_decref(x.out.rec);
        return x.err != KZ_OK ? x.err : db_fail(k, e, st);
    }
    shape(k, c, a, &x.out); /* the owner or an admin: they see it */
    *out = x.out.rec;
    return KZ_OK;
}

/* ---- transitions ---- */

/* The kind's rule for the comment of action (NULL: the comment is optional). */
static const kz_comment_rule *comment_rule(const kz_kind_desc *k, const char *action)
{
    for (const kz_comment_rule *r = k->comments; r && r->action; r++)
        if (!strcmp(r->action, action)) return r;
    return NULL;
}

static db_status trans_tx(db_conn *c, void *vctx)
{
    change_ctx *x = vctx;
    x->c = c;
    const kz_kind_desc *k = x->k;
    x->err = KZ_OK;
    kz_rec_row r = {0};
    db_status st = load(k, c, x->id, &r);
    if (st != DB_OK) return st;
    kz_view v = base_view(k, x->a, &r);
    const kz_transition *t = NULL;
    kz_wf_result wf =
        v == KZ_VIEW_NONE
            ? KZ_WF_OK
            : kz_workflow_find(k->workflow, x->action, r.status, x->a,
                               kz_is_owner(x->a, r.org_id, k->owner_roles),
                               party_member(k, x->a, &r), kz_in_region(x->a, r.region), &t);
    if (v == KZ_VIEW_NONE)
        st = fail(x, KZ_E_NOT_FOUND, NULL);
    else if (wf == KZ_WF_UNKNOWN) {
        kz_field_error(x->e, "action", "未知的操作");
        x->err = KZ_E_VALIDATION;
        st = DB_HARD;
    } else if (wf == KZ_WF_FORBIDDEN)
        st = fail(x, KZ_E_FORBIDDEN, "无权执行此操作");
    else if (wf == KZ_WF_CONFLICT)
        st = fail(x, KZ_E_CONFLICT, k->msg_conflict);
    else if (x->if_match >= 0 && x->if_match != r.version)
        st = fail(x, KZ_E_PRECONDITION_FAILED, NULL);
    json_t *data = st == DB_OK ? data_of(k, r.rec) : NULL;
    bool edited = false;
    const kz_comment_rule *cr = st == DB_OK && t ? comment_rule(k, t->action) : NULL;
    if (cr) { /* a comment the action requires, kept in data */
        const char *s = kz_json_str(x->in, "comment");
        if (!s || !*s) {
            kz_field_error(x->e, "comment", cr->why);
            x->err = KZ_E_VALIDATION;
            st = DB_HARD;
        } else {
            json_object_set_new(data, cr->into, json_string(s));
            edited = true;
        }
    }
    if (st == DB_OK && k->on_transition && !k->on_transition(t, x->in, data, &edited, x->e)) {
        x->err = KZ_E_VALIDATION;
        st = DB_HARD;
    }
    if (st == DB_OK && k->on_transition_db) {
        kz_err refused = KZ_OK;
        st = k->on_transition_db(c, x->a, t, &r, data, &edited, &refused, x->e);
        if (refused != KZ_OK) x->err = refused;
    }
    char now[24];
    kz_rfc3339((time_t)kz_now(), now);
    if (st == DB_OK && edited) {
        /* the kind's own change of data is an edit of its own: one version, one revision */
        st = write_data(k, c, x->id, data, r.version, now);
        r.version++;
        if (st == DB_OK)
            st = kz_revision_add(c, x->a, k->name, x->id, r.version, "update", x->comment, r.status,
                                 data);
    }
    int64_t got = 0;
    if (st == DB_OK)
        st = DB_EXEC(c, k->shared ? Q_KR_SET_STATUS : k->q_status, db_cb_int, &got, db_int(x->id),
                     db_text(t->to), db_text(now), db_int(r.version),
                     !strcmp(t->to, publish_state(k)) ? db_text(now) : db_null());
    if (st == DB_NOROW) st = fail(x, KZ_E_PRECONDITION_FAILED, NULL);
    if (st == DB_OK) st = record_change(x, &r, x->action, x->comment, data);
    const kz_rec_row *nr = &x->out;
    if (st == DB_OK && k->after_transition) st = k->after_transition(c, x->a, &r, nr);
    if (st == DB_OK) {
        char note[400];
        const char *title = kz_json_str(nr->rec, k->slots.title ? k->slots.title : "title");
        snprintf(note, sizeof note, "%s《%s》%s%s%s", k->label, title ? title : "", t->label,
                 x->comment ? "：" : "", x->comment ? x->comment : "");
        st = kz_notify(c, x->a, r.created_by, k->notify_kind, k->name, x->id, note);
        if (st == DB_OK)
            st = kz_notify_org(c, x->a, r.org_id, KZ_ROLE_ORG_ADMIN, k->notify_kind, k->name, x->id,
                               note);
        /* the parties' org admins (each once; an owner that is also a party as the owner) */
        int64_t told[KZ_PARTY_IDS_MAX];
        int nt = kz_kind_party_ids(k, nr->rec, told);
        for (int i = 0; st == DB_OK && i < nt; i++)
            if (told[i] != r.org_id)
                st = kz_notify_org(c, x->a, told[i], KZ_ROLE_ORG_ADMIN, k->notify_kind, k->name,
                                   x->id, note);
    }
    return done(&r, data, st);
}

kz_err kz_kind_transition(const kz_kind_desc *k, db_conn *c, const kz_actor *a, int64_t id,
                          const json_t *in, int64_t if_match, json_t **out, kz_error *e)
{
    *out = NULL;
    if (!has_states(k)) return kz_fail(e, KZ_E_NOT_FOUND, NULL);
    if (!a->user_id && !a->operator_) return deny(a, e);
    if (!fields_ok(k->transition_fields, in, false, e)) return KZ_E_VALIDATION;
    const char *action = kz_json_str(in, "action");
    for (const kz_transition *t = k->workflow; t->action; t++)
        if (t->system && !strcmp(t->action, action))
            return kz_fail(e, KZ_E_FORBIDDEN, k->msg_system);
    change_ctx x = {.k = k,
                    .a = a,
                    .id = id,
                    .if_match = if_match,
                    .in = in,
                    .action = action,
                    .comment = kz_json_str(in, "comment"),
                    .e = e};
    db_status st = db_tx(c, true, trans_tx, &x);
    if (st != DB_OK) {
        json_decref(x.out.rec);
        return x.err != KZ_OK ? x.err : kz_db_fail(e, st);
    }
    kz_rec_row r;
    row_of_rec(&r, id, x.out.rec);
    if (!shape(k, c, a, &r)) {
        /* the move took the record out of the actor's sight (an officer returning it to
         * draft): only its id and new state */
        *out = json_pack("{s:I, s:s}", "id", (json_int_t)id, "status", r.status);
        json_decref(x.out.rec);
        return KZ_OK;
    }
    *out = x.out.rec;
    return KZ_OK;
}

json_t *kz_kind_read(const kz_kind_desc *k, db_conn *c, int64_t id, kz_err *rc, kz_error *e)
{
    kz_actor sys = {.operator_ = true};
    json_t *o = NULL;
    *rc = kz_kind_get(k, c, &sys, id, &o, e);
    return *rc == KZ_OK ? o : NULL;
}

kz_err kz_kind_system_transition(const kz_kind_desc *k, db_conn *c, int64_t id, const char *action)
{
    if (!has_states(k)) return KZ_E_NOT_FOUND;
    kz_actor sys = {.operator_ = true};
    snprintf(sys.name, sizeof sys.name, "system");
    kz_error e = {0};
    change_ctx x = {.k = k, .a = &sys, .id = id, .if_match = -1, .action = action, .e = &e};
    db_status st = db_tx(c, true, trans_tx, &x);
    json_decref(x.out.rec);
    kz_err rc = st == DB_OK ? KZ_OK : x.err != KZ_OK ? x.err : kz_db_fail(&e, st);
    kz_error_clear(&e);
    return rc;
}

/* ---- description ---- */

static json_t *names(const char *const *list)
{
    json_t *a = json_array();
    for (; list && *list; list++)
        json_array_append_new(a, json_string(*list));
    return a;
}

static json_t *field_json(const kz_field *f, const char *const *confidential,
                          const char *const *read_only)
{
    static const char *const types[] = {[KZ_F_STRING] = "string",
                                        [KZ_F_INT] = "integer",
                                        [KZ_F_BOOL] = "boolean",
                                        [KZ_F_STRING_LIST] = "string_list",
                                        [KZ_F_ARRAY] = "array"};
    json_t *o = json_pack("{s:s, s:s, s:b, s:b}", "name", f->name, "type", types[f->type],
                          "required", f->required, "nullable", f->nullable);
    bool text = f->type == KZ_F_STRING || f->type == KZ_F_STRING_LIST;
    if (text && f->min_len) json_object_set_new(o, "min_length", json_integer(f->min_len));
    if (text) json_object_set_new(o, "max_length", json_integer(f->max_len ? f->max_len : 200));
    if (f->type == KZ_F_STRING_LIST || f->type == KZ_F_ARRAY)
        json_object_set_new(o, "max_items", json_integer(f->max_items ? f->max_items : 50));
    if (f->type == KZ_F_INT && f->min < f->max) {
        json_object_set_new(o, "minimum", json_integer(f->min));
        json_object_set_new(o, "maximum", json_integer(f->max));
    }
    if (f->vocab) {
        json_t *codes = json_array();
        for (const kz_enum_item *it = f->vocab->items; it->code; it++)
            json_array_append_new(codes, json_string(it->code));
        json_object_set_new(o, "vocab", json_string(f->vocab->key));
        json_object_set_new(o, "codes", codes);
    }
    if (f->format) json_object_set_new(o, "format", json_string(f->format));
    if (f->doc) json_object_set_new(o, "doc", json_string(f->doc));
    if (f->label) json_object_set_new(o, "label", json_string(f->label));
    json_object_set_new(o, "confidential", json_boolean(in_list(f->name, confidential)));
    if (in_list(f->name, read_only)) json_object_set_new(o, "read_only", json_true());
    return o;
}

static json_t *fields_json(const kz_field *fields, const char *const *confidential,
                           const char *const *read_only)
{
    json_t *a = json_array();
    for (const kz_field *f = fields; f->name; f++)
        json_array_append_new(a, field_json(f, confidential, read_only));
    return a;
}

const kz_field *kz_kind_field(const kz_kind_desc *k, const char *name)
{
    for (const kz_field *f = k->fields; name && f->name; f++)
        if (!strcmp(f->name, name)) return f;
    return NULL;
}

static json_t *filter_json(const char *name, const char *type, const kz_enum *vocab,
                           const char *label)
{
    json_t *o = json_pack("{s:s, s:s, s:s}", "name", name, "type", type, "label", label);
    if (vocab) {
        json_t *codes = json_array();
        for (const kz_enum_item *it = vocab->items; it->code; it++)
            json_array_append_new(codes, json_string(it->code));
        json_object_set_new(o, "vocab", json_string(vocab->key));
        json_object_set_new(o, "codes", codes);
    }
    return o;
}

static const char *label_of(const kz_kind_desc *k, const char *field, const char *fallback)
{
    const kz_field *f = kz_kind_field(k, field);
    return f && f->label ? f->label : fallback;
}

/* The list's query parameters, sorts, facets and table columns (a shared kind's from its
 * slots; a kind with a table of its own lists by its own code: columns only). */
static json_t *list_json(const kz_kind_desc *k)
{
    json_t *o = json_object();
    json_object_set_new(o, "columns", names(k->list.columns));
    if (!k->shared) return o;
    const kz_slots *s = &k->slots;
    json_t *f = json_array(), *sorts = json_array(), *facets = json_array();
    json_array_append_new(f, filter_json("q", "text", NULL, "关键词"));
    json_array_append_new(f, filter_json("status", "enum", k->statuses, "状态"));
    if (s->category) {
        const kz_field *cf = kz_kind_field(k, s->category);
        json_array_append_new(f, filter_json(s->category, "enum", cf ? cf->vocab : NULL,
                                             label_of(k, s->category, s->category)));
        json_array_append_new(facets, json_string(s->category));
    }
    if (s->codes && k->list.codes_param) {
        const kz_field *cf = kz_kind_field(k, s->codes);
        json_array_append_new(
            f, filter_json(k->list.codes_param, "enum", cf ? cf->vocab : NULL,
                           k->list.codes_label ? k->list.codes_label : label_of(k, s->codes, "")));
    }
    if (s->money_lo && k->list.money_param)
        json_array_append_new(f, filter_json(k->list.money_param, "money", NULL,
                                             k->list.money_label ? k->list.money_label : "金额"));
    if (s->region) {
        json_array_append_new(
            f, filter_json("region", "region", NULL, label_of(k, s->region, "地区")));
        json_array_append_new(facets, json_string("city"));
    }
    if (s->industry) {
        json_array_append_new(
            f, filter_json("industry", "industry", NULL, label_of(k, s->industry, "行业")));
        json_array_append_new(facets, json_string("industry"));
    }
    json_array_append_new(f, filter_json("org", "integer", NULL, label_of(k, "org_id", "机构")));
    if (k->parent)
        json_array_append_new(f,
                              filter_json(k->parent->field, "integer", NULL,
                                          label_of(k, k->parent->field, k->parent->kind->label)));
    const char *sn[] = {"-id", "id", "-updated_at", k->list.money_hi_sort, k->list.money_lo_sort};
    for (size_t i = 0; i < sizeof sn / sizeof sn[0]; i++)
        if (sn[i]) json_array_append_new(sorts, json_string(sn[i]));
    json_object_set_new(o, "filters", f);
    json_object_set_new(o, "sorts", sorts);
    json_object_set_new(o, "facets", facets);
    return o;
}

json_t *kz_kind_describe(const kz_kind_desc *k)
{
    json_t *statuses = json_array();
    for (const kz_enum_item *it = k->statuses ? k->statuses->items : NULL; it && it->code; it++)
        json_array_append_new(statuses, json_string(it->code));
    json_t *wf = json_array();
    for (const kz_transition *t = k->workflow; t && t->action; t++) {
        json_t *from = json_array(), *roles = json_array();
        for (int i = 0; i < 8 && t->from[i]; i++)
            json_array_append_new(from, json_string(t->from[i]));
        for (int r = 0; r < KZ_ROLE__COUNT; r++)
            if (t->roles & KZ_ROLE_BIT(r))
                json_array_append_new(roles, json_string(kz_role_name(r)));
        json_array_append_new(wf, json_pack("{s:s, s:o, s:s, s:o, s:b, s:b, s:b, s:s, s:b}",
                                            "action", t->action, "from", from, "to", t->to, "roles",
                                            roles, "owner", (t->who & KZ_WHO_OWNER) != 0, "party",
                                            (t->who & KZ_WHO_PARTY) != 0, "system", t->system,
                                            "label", t->label, "comment_required",
                                            comment_rule(k, t->action) != NULL));
    }
    json_t *owners = json_array();
    for (int r = 0; r < KZ_ROLE__COUNT; r++)
        if (k->owner_roles & KZ_ROLE_BIT(r))
            json_array_append_new(owners, json_string(kz_role_name(r)));
    json_t *d = json_pack(
        "{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "name", k->name, "label",
        k->label, "fields", fields_json(k->fields, k->confidential, k->read_only), "data_fields",
        names(k->data_fields), "statuses", statuses, "workflow", wf, "transition_fields",
        fields_json(k->transition_fields, NULL, NULL), "editable", names(k->editable), "frozen",
        names(k->frozen), "public_states", names(k->public_states), "confidential",
        names(k->confidential), "owner_roles", owners);
    json_object_set_new(d, "path", json_string(k->path));
    /* the field that names a record (in pages' headings and notifications) */
    json_object_set_new(d, "title", json_string(k->slots.title ? k->slots.title : "title"));
    json_object_set_new(d, "shared", json_boolean(k->shared));
    json_object_set_new(d, "publish_state", json_string(publish_state(k)));
    json_object_set_new(d, "create_state",
                        json_string(k->create_state ? k->create_state : "draft"));
    json_object_set_new(d, "owner_section",
                        k->owner_section ? json_string(k->owner_section) : json_null());
    json_object_set_new(d, "list", list_json(k));
    /* the fields naming the orgs a record concerns besides its owner, and who of them acts */
    json_t *parties = json_array(), *proles = json_array();
    for (int i = 0; i < KZ_PARTIES_MAX && k->slots.parties[i]; i++)
        json_array_append_new(parties, json_string(k->slots.parties[i]));
    unsigned pr = k->party_roles ? k->party_roles : k->owner_roles;
    for (int r = 0; r < KZ_ROLE__COUNT; r++)
        if (json_array_size(parties) && (pr & KZ_ROLE_BIT(r)))
            json_array_append_new(proles, json_string(kz_role_name(r)));
    json_object_set_new(d, "parties", parties);
    json_object_set_new(d, "party_roles", proles);
    /* a child kind: its parent kind, the field and the sub-collection under the parent */
    if (k->parent)
        json_object_set_new(d, "parent",
                            json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "kind",
                                      k->parent->kind->name, "label", k->parent->kind->label,
                                      "path", k->parent->kind->path, "field", k->parent->field,
                                      "segment", k->parent->segment, "open_states",
                                      names(k->parent->open_states)));
    return d;
}
