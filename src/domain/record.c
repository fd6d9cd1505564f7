#include "record.h"
#include "audit.h"
#include "authz.h"
#include "clock.h"
#include "common.h"
#include "org.h"
#include "../core/jsonx.h"
#include "../core/validate.h"
#include "../core/vocab.h"
#include "enums.h"
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

kz_wf_result kz_workflow_find(const kz_transition *table, const char *action, const char *from,
                              const kz_actor *a, bool is_owner, bool is_party, bool in_region,
                              const kz_transition **out)
{
    bool known = false;
    *out = NULL;
    for (const kz_transition *t = table; t->action; t++) {
        if (strcmp(t->action, action) != 0) continue;
        known = true;
        bool applies = false;
        for (int i = 0; i < 8 && t->from[i]; i++)
            if (!strcmp(t->from[i], from) || (!strcmp(t->from[i], "*") && strcmp(t->to, from)))
                applies = true;
        if (!applies) continue;
        *out = t;
        break;
    }
    if (!known) return KZ_WF_UNKNOWN;
    /* permission first: someone who may never take the action gets 403, not 409 */
    const kz_transition *any = *out;
    if (!any)
        for (const kz_transition *t = table; t->action; t++)
            if (!strcmp(t->action, action)) {
                any = t;
                break;
            }
    bool allowed = false;
    if (!any->system) {
        if (a->operator_) allowed = true;
        unsigned r = a->roles & any->roles;
        if (r & ~KZ_ROLE_BIT(KZ_ROLE_OFFICER)) allowed = true;
        if ((r & KZ_ROLE_BIT(KZ_ROLE_OFFICER)) && in_region) allowed = true;
        if ((any->who & KZ_WHO_OWNER) && is_owner) allowed = true;
        if ((any->who & KZ_WHO_PARTY) && is_party) allowed = true;
    } else {
        allowed = a->operator_;
    }
    if (!allowed) return KZ_WF_FORBIDDEN;
    return *out ? KZ_WF_OK : KZ_WF_CONFLICT;
}

db_status kz_revision_add(db_conn *c, const kz_actor *a, const char *entity, int64_t id,
                          int64_t version, const char *action, const char *comment,
                          const char *status, const json_t *data)
{
    char *d = kz_json_dump(data, true);
    if (!d) return DB_HARD;
    db_status st = kz_revision_add_text(c, a, entity, id, version, action, comment, status, d);
    free(d);
    return st;
}

db_status kz_revision_add_text(db_conn *c, const kz_actor *a, const char *entity, int64_t id,
                               int64_t version, const char *action, const char *comment,
                               const char *status, const char *data_sorted)
{
    char at[24], actor[128];
    kz_rfc3339((time_t)kz_now(), at);
    kz_actor_label(a, actor, sizeof actor);
    return DB_EXEC(c, Q_REV_INSERT, NULL, NULL, db_text(entity), db_int(id), db_int(version),
                   db_text(at), db_text(actor), db_text(action), db_text(comment), db_text(status),
                   db_text(data_sorted));
}

typedef struct rev_ctx {
    json_t *items, *prev;
    const char *const *hide;
} rev_ctx;

static bool hidden(const char *const *hide, const char *k)
{
    for (; hide && *hide; hide++)
        if (!strcmp(*hide, k)) return true;
    return false;
}

static db_status rev_cb(void *vctx, const db_row *r)
{
    rev_ctx *x = vctx;
    json_t *data = json_loads(db_col_text(r, 6) ? db_col_text(r, 6) : "{}", 0, NULL);
    if (!data) data = json_object();
    json_t *changed = json_array();
    const char *k;
    json_t *v;
    json_object_foreach(data, k, v)
    {
        if (hidden(x->hide, k)) continue;
        json_t *old = x->prev ? json_object_get(x->prev, k) : NULL;
        if (!old || !json_equal(old, v)) json_array_append_new(changed, json_string(k));
    }
    if (x->prev)
        json_object_foreach(x->prev, k, v) if (!hidden(x->hide, k) && !json_object_get(data, k))
            json_array_append_new(changed, json_string(k));
    json_decref(x->prev);
    x->prev = json_incref(data);
    json_t *shown = json_deep_copy(data);
    for (const char *const *h = x->hide; h && *h; h++)
        json_object_del(shown, *h);
    json_array_append_new(x->items, json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "version",
                                              (json_int_t)db_col_int(r, 0), "at", kz_col_str(r, 1),
                                              "actor", kz_col_str(r, 2), "action", kz_col_str(r, 3),
                                              "comment", kz_col_str(r, 4), "status",
                                              kz_col_str(r, 5), "changed", changed, "data", shown));
    json_decref(data);
    return DB_OK;
}

kz_err kz_revision_list(db_conn *c, const char *entity, int64_t id, const char *const *hide,
                        json_t **out, kz_error *e)
{
    rev_ctx x = {.items = json_array(), .hide = hide};
    db_status st = DB_EXEC(c, Q_REV_LIST, rev_cb, &x, db_text(entity), db_int(id));
    json_decref(x.prev);
    if (st != DB_OK && st != DB_NOROW) {
        json_decref(x.items);
        return kz_db_fail(e, st);
    }
    *out = json_pack("{s:o}", "items", x.items);
    return KZ_OK;
}

db_status kz_notify(db_conn *c, const kz_actor *a, int64_t user_id, const char *kind,
                    const char *entity, int64_t id, const char *message)
{
    if (!user_id || user_id == a->user_id) return DB_OK;
    char at[24];
    kz_rfc3339((time_t)kz_now(), at);
    return DB_EXEC(c, Q_NOTE_INSERT, NULL, NULL, db_int(user_id), db_text(at), db_text(kind),
                   db_text(entity), db_int(id), db_text(message));
}

typedef struct ids {
    int64_t v[64];
    int n;
} ids;

static db_status ids_cb(void *ctx, const db_row *r)
{
    ids *x = ctx;
    if (x->n < 64) x->v[x->n++] = db_col_int(r, 0);
    return DB_OK;
}

db_status kz_notify_org(db_conn *c, const kz_actor *a, int64_t org_id, kz_role role,
                        const char *kind, const char *entity, int64_t id, const char *message)
{
    ids x = {.n = 0};
    db_status st =
        DB_EXEC(c, Q_ORG_MEMBERS, ids_cb, &x, db_int(org_id), db_text(kz_role_name(role)));
    if (st != DB_OK && st != DB_NOROW) return st;
    for (int i = 0; i < x.n; i++)
        if ((st = kz_notify(c, a, x.v[i], kind, entity, id, message)) != DB_OK) return st;
    return DB_OK;
}

void kz_today(char out[11])
{
    time_t t = (time_t)kz_now() + 8 * 3600; /* China Standard Time */
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

bool kz_query_int(const char *s, long long min, long long max, const char *field, long long *out,
                  kz_error *e)
{
    if (!s) return true;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || errno || v < min || v > max) {
        kz_field_error(e, field, "整数无效或超出范围");
        return false;
    }
    *out = v;
    return true;
}

bool kz_query_bool(const char *s, const char *field, bool *out, kz_error *e)
{
    *out = false;
    if (!s || !strcmp(s, "0") || !strcmp(s, "false")) return true;
    if (!strcmp(s, "1") || !strcmp(s, "true")) {
        *out = true;
        return true;
    }
    kz_field_error(e, field, "应为 1 或 0");
    return false;
}

void kz_codes_csv(const json_t *list, char *buf, size_t n)
{
    size_t used = 0;
    size_t i;
    json_t *it;
    buf[0] = 0;
    if (n < 2) return;
    buf[used++] = ',';
    buf[used] = 0;
    if (json_is_string(list)) { /* a field of one code */
        int w = snprintf(buf + used, n - used, "%s,", json_string_value(list));
        if (w < 0 || (size_t)w >= n - used) buf[used] = 0; /* too long: no code */
        return;
    }
    json_array_foreach(list, i, it)
    {
        if (!json_is_string(it)) continue;
        int w = snprintf(buf + used, n - used, "%s,", json_string_value(it));
        if (w < 0 || (size_t)w >= n - used) break;
        used += (size_t)w;
    }
}

static db_status note_cb(void *ctx, const db_row *r)
{
    json_array_append_new(ctx,
                          json_pack("{s:I, s:o, s:o, s:o, s:I, s:o, s:o, s:b}", "id",
                                    (json_int_t)db_col_int(r, 0), "at", kz_col_str(r, 1), "kind",
                                    kz_col_str(r, 2), "entity", kz_col_str(r, 3), "entity_id",
                                    (json_int_t)db_col_int(r, 4), "message", kz_col_str(r, 5),
                                    "read_at", kz_col_str(r, 6), "read", !db_col_null(r, 6)));
    return DB_OK;
}

kz_err kz_notifications_list(db_conn *c, const kz_actor *a, bool unread, const kz_page *p,
                             json_t **out, kz_error *e)
{
    *out = NULL;
    if (!a->user_id) return kz_fail(e, KZ_E_UNAUTHENTICATED, NULL);
    json_t *items = json_array();
    int64_t total = 0, unread_n = 0;
    db_status st = DB_EXEC(c, Q_NOTE_LIST, note_cb, items, db_int(a->user_id), db_int(unread),
                           db_int(p->after), db_int(p->limit + 1));
    if (st == DB_OK || st == DB_NOROW)
        st = DB_EXEC(c, Q_NOTE_COUNT, db_cb_int, &total, db_int(a->user_id), db_int(unread));
    if (st == DB_OK)
        st = DB_EXEC(c, Q_NOTE_COUNT, db_cb_int, &unread_n, db_int(a->user_id), db_int(1));
    if (st != DB_OK) {
        json_decref(items);
        return kz_db_fail(e, st);
    }
    *out = kz_page_result(items, p, total, "id");
    json_object_set_new(*out, "unread", json_integer(unread_n));
    return KZ_OK;
}

kz_err kz_notification_read(db_conn *c, const kz_actor *a, int64_t id, kz_error *e)
{
    if (!a->user_id) return kz_fail(e, KZ_E_UNAUTHENTICATED, NULL);
    char now[24];
    kz_rfc3339((time_t)kz_now(), now);
    int64_t got = 0;
    db_status st =
        DB_EXEC(c, Q_NOTE_READ, db_cb_int, &got, db_int(id), db_int(a->user_id), db_text(now));
    return st == DB_OK ? KZ_OK : kz_db_fail(e, st); /* another user's id: 404 */
}

const char *kz_check_industry(const json_t *v)
{
    return kz_vocab_get(KZ_VOCAB_INDUSTRY, json_string_value(v)) ? NULL
                                                                 : "未知的行业代码（GB/T 4754）";
}

const char *kz_check_region(const json_t *v)
{
    return kz_vocab_get(KZ_VOCAB_REGION, json_string_value(v)) ? NULL
                                                               : "未知的行政区划代码（GB/T 2260）";
}

const char *kz_check_industries(const json_t *v)
{
    for (size_t i = 0; i < json_array_size(v); i++) {
        const char *why = kz_check_industry(json_array_get(v, i));
        if (why) return why;
        for (size_t j = 0; j < i; j++)
            if (json_equal(json_array_get(v, i), json_array_get(v, j))) return "行业不能重复";
    }
    return NULL;
}

const char *kz_check_date(const json_t *v)
{
    return kz_date_valid(json_string_value(v)) ? NULL : "日期格式应为 YYYY-MM-DD";
}

/* after today (after: true) or not after today (false) */
static const char *check_day(const json_t *v, bool after)
{
    const char *s = json_string_value(v);
    if (!kz_date_valid(s)) return "日期格式应为 YYYY-MM-DD";
    char today[11];
    kz_today(today);
    if (after) return strcmp(s, today) > 0 ? NULL : "日期必须晚于今天";
    return strcmp(s, today) > 0 ? "日期不能晚于今天" : NULL;
}

const char *kz_check_future_date(const json_t *v)
{
    return check_day(v, true);
}

const char *kz_check_past_date(const json_t *v)
{
    return check_day(v, false);
}

const char *kz_industry_section(const char *industry)
{
    const kz_vocab_entry *v = kz_vocab_get(KZ_VOCAB_INDUSTRY, industry);
    return !v ? NULL : v->level == 1 ? v->code : v->parent;
}

bool kz_all_digits(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (!n || n > max) return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return false;
    return true;
}

kz_err kz_owner_org(db_conn *c, const kz_actor *a, const json_t *in, unsigned owner_roles,
                    const kz_owner_msgs *m, int64_t *org_id, kz_error *e)
{
    json_t *org = json_object_get(in, "org_id");
    bool privileged =
        a->operator_ || (a->roles & (KZ_ROLE_BIT(KZ_ROLE_ADMIN) | KZ_ROLE_BIT(KZ_ROLE_OFFICER)));
    if (org && !privileged) {
        /* one's own org may be named; any other is refused */
        if (json_is_integer(org) && a->org_id && json_integer_value(org) == a->org_id &&
            (a->roles & owner_roles)) {
            *org_id = a->org_id;
            return KZ_OK;
        }
        return kz_fail(e, KZ_E_FORBIDDEN, m->not_own);
    }
    if (!org) {
        if (!(a->roles & owner_roles) || !a->org_id) {
            if (privileged) {
                kz_field_error(e, "org_id", m->required);
                return KZ_E_VALIDATION;
            }
            return kz_fail(e, a->user_id || a->operator_ ? KZ_E_FORBIDDEN : KZ_E_UNAUTHENTICATED,
                           NULL);
        }
        *org_id = a->org_id;
        return KZ_OK;
    }
    *org_id = json_integer_value(org);
    char region[8];
    db_status st = kz_org_region(c, *org_id, region);
    if (st == DB_NOROW) {
        kz_field_error(e, "org_id", "机构不存在");
        return KZ_E_VALIDATION;
    }
    if (st != DB_OK) return kz_db_fail(e, st);
    if (!a->operator_ && !(a->roles & KZ_ROLE_BIT(KZ_ROLE_ADMIN)) && !kz_in_region(a, region))
        return kz_fail(e, KZ_E_FORBIDDEN, m->not_region);
    return KZ_OK;
}

bool kz_cursor_parse(const char *cursor, bool *has_key, long long *key, long long *after,
                     kz_error *e)
{
    *has_key = false;
    *key = *after = 0;
    if (!cursor || !*cursor) return true;
    char tail;
    if (sscanf(cursor, "%lld:%lld%c", key, after, &tail) == 2 && *after > 0) {
        *has_key = true;
        return true;
    }
    kz_field_error(e, "cursor", "无效的分页游标");
    return false;
}

json_t *kz_cursor_next(json_t *items, const int64_t *keys, int limit)
{
    if (json_array_size(items) <= (size_t)limit) return json_null();
    json_array_remove(items, (size_t)limit);
    json_t *last = json_array_get(items, (size_t)limit - 1);
    char buf[48];
    snprintf(buf, sizeof buf, "%" PRId64 ":%" PRId64, keys[limit - 1],
             (int64_t)json_integer_value(json_object_get(last, "id")));
    return json_string(buf);
}

json_t *kz_rec_make(json_t *data, int64_t id, int64_t org_id, json_t *org_name, json_t *status,
                    int64_t version, json_t *created_at, json_t *updated_at, json_t *published_at)
{
    json_t *rec = data ? data : json_object();
    json_object_set_new(rec, "id", json_integer(id));
    json_object_set_new(rec, "org_id", json_integer(org_id));
    json_object_set_new(rec, "org_name", org_name);
    json_object_set_new(rec, "status", status);
    json_object_set_new(rec, "version", json_integer(version));
    json_object_set_new(rec, "created_at", created_at);
    json_object_set_new(rec, "updated_at", updated_at);
    json_object_set_new(rec, "published_at", published_at);
    return rec;
}

json_t *kz_rec_json(const db_row *r)
{
    json_t *data = json_loads(db_col_text(r, 4) ? db_col_text(r, 4) : "{}", 0, NULL);
    return kz_rec_make(data, db_col_int(r, 0), db_col_int(r, 1), kz_col_str(r, 9), kz_col_str(r, 3),
                       db_col_int(r, 5), kz_col_str(r, 6), kz_col_str(r, 7), kz_col_str(r, 8));
}

void kz_rec_row_fill(kz_rec_row *x, const db_row *r)
{
    x->id = db_col_int(r, 0);
    x->org_id = db_col_int(r, 1);
    x->created_by = db_col_null(r, 2) ? 0 : db_col_int(r, 2);
    snprintf(x->status, sizeof x->status, "%s", db_col_text(r, 3) ? db_col_text(r, 3) : "");
    x->version = db_col_int(r, 5);
    snprintf(x->region, sizeof x->region, "%s", db_col_text(r, 10) ? db_col_text(r, 10) : "");
    json_decref(x->rec);
    x->rec = kz_rec_json(r);
}

bool kz_sort_find(const kz_sort *sorts, size_t n, const char *name, const char *hint, db_stmt *out,
                  kz_error *e)
{
    *out = sorts[0].stmt;
    if (!name) return true;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(name, sorts[i].name)) {
            *out = sorts[i].stmt;
            return true;
        }
    kz_field_error(e, "sort", hint);
    return false;
}

bool kz_industry_filter(const char *industry, const char **section, const char **prefix,
                        kz_error *e)
{
    *section = *prefix = NULL;
    if (!industry) return true;
    if (strlen(industry) == 1 && industry[0] >= 'A' && industry[0] <= 'T')
        *section = industry;
    else if (kz_all_digits(industry, 4))
        *prefix = industry;
    else {
        kz_field_error(e, "industry", "应为 GB/T 4754 门类字母或代码前缀");
        return false;
    }
    return true;
}

void kz_visibility_params(const kz_actor *a, db_val p[4], char prefix[8])
{
    prefix[0] = 0;
    if (a->roles & KZ_ROLE_BIT(KZ_ROLE_OFFICER)) kz_region_prefix(a->region, prefix);
    p[0] = db_int(a->operator_ || (a->roles & KZ_ROLE_BIT(KZ_ROLE_ADMIN)));
    p[1] = a->org_id ? db_int(a->org_id) : db_null();
    p[2] = db_int((a->roles & KZ_ROLE_BIT(KZ_ROLE_REVIEWER)) != 0);
    p[3] = prefix[0] ? db_text(prefix) : db_null();
}

db_status kz_list_page_cb(void *ctx, const db_row *r)
{
    kz_list_page *pg = ctx;
    if (!pg->items) pg->items = json_array();
    json_array_append_new(pg->items, pg->item ? pg->item(r) : kz_rec_json(r));
    if (pg->n < KZ_LIST_MAX + 1) pg->keys[pg->n++] = db_col_int(r, 11);
    return DB_OK;
}

kz_err kz_list_page_done(kz_list_page *pg, db_status st, int64_t total, json_t *facets, int limit,
                         json_t **out, kz_error *e)
{
    if (!pg->items) pg->items = json_array();
    if (st == DB_NOROW) st = DB_OK;
    if (st != DB_OK) {
        json_decref(pg->items);
        json_decref(facets);
        pg->items = NULL;
        return kz_db_fail(e, st);
    }
    json_t *next = kz_cursor_next(pg->items, pg->keys, limit);
    *out = json_pack("{s:o, s:o, s:I}", "items", pg->items, "next_cursor", next, "total",
                     (json_int_t)total);
    pg->items = NULL;
    if (facets) json_object_set_new(*out, "facets", facets);
    return KZ_OK;
}

typedef struct facet_ctx {
    const kz_facet *f;
    json_t *arr;
} facet_ctx;

static db_status facet_cb(void *vctx, const db_row *r)
{
    facet_ctx *x = vctx;
    const kz_facet *f = x->f;
    json_t *o = json_object();
    const char *code = db_col_text(r, 0);
    if (f->type == KZ_FACET_INT) {
        json_object_set_new(o, f->int_key,
                            db_col_null(r, 0) ? json_null() : json_integer(db_col_int(r, 0)));
    } else if (!code) {
        json_object_set_new(o, "code", json_null());
        json_object_set_new(o, "name", json_string("未填写"));
    } else if (f->type == KZ_FACET_ENUM) {
        const char *name = kz_enum_name(f->vocab, code);
        json_object_set_new(o, "code", json_string(code));
        json_object_set_new(o, "name", name ? json_string(name) : json_null());
    } else {
        char full[16];
        snprintf(full, sizeof full, f->type == KZ_FACET_CITY ? "%.4s00" : "%.8s", code);
        const kz_vocab_entry *v =
            kz_vocab_get(f->type == KZ_FACET_CITY ? KZ_VOCAB_REGION : KZ_VOCAB_INDUSTRY, full);
        json_object_set_new(o, "code", json_string(full));
        json_object_set_new(o, "name", v ? json_string(v->name) : json_null());
    }
    json_object_set_new(o, "count", json_integer(db_col_int(r, 1)));
    json_array_append_new(x->arr, o);
    return DB_OK;
}

db_status kz_list_facets(db_conn *c, const db_val *p, int np, const kz_facet *fs, int n,
                         json_t **facets)
{
    *facets = json_object();
    db_status st = DB_OK;
    for (int i = 0; i < n && st == DB_OK; i++) {
        facet_ctx x = {.f = &fs[i], .arr = json_array()};
        st = db_exec(c, fs[i].stmt, p, np, facet_cb, &x);
        if (st == DB_NOROW) st = DB_OK;
        json_object_set_new(*facets, fs[i].name, x.arr);
    }
    return st;
}
