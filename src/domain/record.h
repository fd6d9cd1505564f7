/* record.h — what achievements and demands share: the workflow table type, revisions,
 * notifications, list-query parsing helpers and the visibility tiers.
 * Ownership: json_t arguments are borrowed unless a comment says otherwise. */
#ifndef KZ_RECORD_H
#define KZ_RECORD_H
#include "../core/errors.h"
#include "../db/db.h"
#include "actor.h"
#include "authz.h"
#include "common.h"
#include <jansson.h>

/* One row of a state machine: action, the states it applies in, the resulting state, and
 * who may take it (roles, and/or the owner organization's members). */
typedef struct kz_transition {
    const char *action;
    const char *from[8]; /* NULL-terminated; "*" = any state but `to` */
    const char *to;
    unsigned roles;    /* KZ_ROLE_BIT set allowed regardless of ownership (scoped below) */
    unsigned who;      /* KZ_WHO_* bits: which members of the orgs it concerns may take it */
    bool system;       /* only the platform itself (e.g. expiry) */
    const char *label; /* zh-CN, for notifications */
} kz_transition;

/* kz_transition.who: members of the owning org with an owner role (true, 1, reads as this);
 * members of a party org with a party role (engine.h kz_slots.parties). */
#define KZ_WHO_OWNER 1u
#define KZ_WHO_PARTY 2u

typedef enum { KZ_WF_OK, KZ_WF_UNKNOWN, KZ_WF_FORBIDDEN, KZ_WF_CONFLICT } kz_wf_result;

/* Looks the action up for a record in state `from`. is_owner: the actor belongs to the owning
 * org with an owner role; is_party: the actor belongs to a party org of the record; in_region:
 * the record is within an officer's region (officers may act only there). On KZ_WF_OK *t is
 * the row. */
kz_wf_result kz_workflow_find(const kz_transition *table, const char *action, const char *from,
                              const kz_actor *a, bool is_owner, bool is_party, bool in_region,
                              const kz_transition **t);

/* Writes a revision row (data is serialized with sorted keys). */
db_status kz_revision_add(db_conn *c, const kz_actor *a, const char *entity, int64_t id,
                          int64_t version, const char *action, const char *comment,
                          const char *status, const json_t *data);
/* The same with data already serialized (data_sorted: kz_json_dump(data, true); borrowed). */
db_status kz_revision_add_text(db_conn *c, const kz_actor *a, const char *entity, int64_t id,
                               int64_t version, const char *action, const char *comment,
                               const char *status, const char *data_sorted);
/* GET …/history: revisions oldest first, each with the list of fields changed from the
 * previous one; hide (may be NULL) names fields to leave out of `data` and `changed`. */
kz_err kz_revision_list(db_conn *c, const char *entity, int64_t id, const char *const *hide,
                        json_t **out, kz_error *e);

/* Notifies one user (skipped when user_id is 0 or the actor). */
db_status kz_notify(db_conn *c, const kz_actor *a, int64_t user_id, const char *kind,
                    const char *entity, int64_t id, const char *message);
/* Notifies the members of an org holding role (except the actor). */
db_status kz_notify_org(db_conn *c, const kz_actor *a, int64_t org_id, kz_role role,
                        const char *kind, const char *entity, int64_t id, const char *message);

/* GET /notifications: the actor's notifications, newest first; with an unread count. */
kz_err kz_notifications_list(db_conn *c, const kz_actor *a, bool unread, const kz_page *p,
                             json_t **out, kz_error *e);
kz_err kz_notification_read(db_conn *c, const kz_actor *a, int64_t id, kz_error *e);

/* Today as "YYYY-MM-DD" (UTC+8, the platform's civil date). */
void kz_today(char out[11]);

/* A query parameter by name (NULL: absent): the request's, or the CLI's. */
typedef const char *(*kz_arg_fn)(void *ctx, const char *name);
/* Query helpers for list filters: an integer in [min, max] or a field error. */
bool kz_query_int(const char *s, long long min, long long max, const char *field, long long *out,
                  kz_error *e);
/* A yes/no flag: absent is false; "1"/"true" and "0"/"false"; anything else a field error. */
bool kz_query_bool(const char *s, const char *field, bool *out, kz_error *e);

/* Field checks shared by the record kinds (kz_field.check): GB/T 4754 industry and GB/T 2260
 * region codes, a list of distinct industry codes, and a "YYYY-MM-DD" date: any, after today,
 * not after today. */
const char *kz_check_industry(const json_t *v);
const char *kz_check_industries(const json_t *v);
const char *kz_check_region(const json_t *v);
const char *kz_check_date(const json_t *v);
const char *kz_check_future_date(const json_t *v);
const char *kz_check_past_date(const json_t *v);
/* The 门类 letter of an industry code at any level; NULL when unknown. */
const char *kz_industry_section(const char *industry);
/* true when s is 1..max ASCII digits. */
bool kz_all_digits(const char *s, size_t max);

/* A record row as loaded (the columns of ACH_COLS/DEM_COLS in sqlite_sql.c): the fields a
 * permission check needs, and the record as the API shows it (rec, owned by the row). */
typedef struct kz_rec_row {
    int64_t id, org_id, created_by, version;
    char status[16], region[8];
    json_t *rec;
} kz_rec_row;

/* The record of a row: its data plus id, org_id, org_name, status, version and times. New. */
json_t *kz_rec_json(const db_row *r);
/* The same record from its parts: data (an object, stolen; NULL: {}) gets id, org_id and
 * version and the JSON values org_name, status and the times (each stolen: a string or
 * null). Returns data. */
json_t *kz_rec_make(json_t *data, int64_t id, int64_t org_id, json_t *org_name, json_t *status,
                    int64_t version, json_t *created_at, json_t *updated_at, json_t *published_at);
/* Fills the fields of *x (a kz_rec_row) from a row, replacing x->rec with kz_rec_json(). */
void kz_rec_row_fill(kz_rec_row *x, const db_row *r);

/* Messages that name the kind of record in owner_org()'s answers. */
typedef struct kz_owner_msgs {
    const char *not_own;    /* org_id given by someone who may only act for their own org */
    const char *required;   /* org_id missing for an admin/officer */
    const char *not_region; /* an officer naming an org outside their region */
} kz_owner_msgs;

/* Resolves the owning org of a new record: the actor's own org when they hold one of
 * owner_roles; an org_id given by an operator, admin, or officer (within their region). */
kz_err kz_owner_org(db_conn *c, const kz_actor *a, const json_t *in, unsigned owner_roles,
                    const kz_owner_msgs *m, int64_t *org_id, kz_error *e);

/* Keyset cursors of the record lists: "KEY:ID". Returns false (with a field error) when bad. */
bool kz_cursor_parse(const char *cursor, bool *has_key, long long *key, long long *after,
                     kz_error *e);
/* The next cursor of a page fetched with limit+1 rows: removes the extra item and returns
 * "KEY:ID" of the last one kept (keys[i] is item i's sort key), or JSON null. New reference. */
json_t *kz_cursor_next(json_t *items, const int64_t *keys, int limit);

/* A page of a SQL record list being read: each row becomes an item (item(row)) and its sort key
 * (column 11, the statements' "k") is kept for the next cursor. kz_list_page_done answers
 * {items, next_cursor, total[, facets]} (facets stolen, may be NULL) when st is fine, else frees
 * what was read and fails with st. */
typedef struct kz_list_page {
    json_t *items;
    json_t *(*item)(const db_row *r);
    int64_t keys[KZ_LIST_MAX + 1];
    int n;
} kz_list_page;
db_status kz_list_page_cb(void *ctx, const db_row *r);
kz_err kz_list_page_done(kz_list_page *pg, db_status st, int64_t total, json_t *facets, int limit,
                         json_t **out, kz_error *e);

/* One facet of a SQL list: its statement (parameters as the list's count) answers (value, n)
 * rows; the value is a 门类 letter (SECTION: named by the industry vocabulary), a 4-digit city
 * prefix (CITY: "XXXX00", named by the region vocabulary), a code of vocab (ENUM) or an integer
 * shown as {<int_key>: v} (INT). A NULL value is {code: null, name: "未填写"} ({<int_key>: null}).
 */
typedef enum { KZ_FACET_SECTION, KZ_FACET_CITY, KZ_FACET_ENUM, KZ_FACET_INT } kz_facet_type;
typedef struct kz_facet {
    const char *name; /* its member of "facets" */
    db_stmt stmt;
    kz_facet_type type;
    const struct kz_enum *vocab; /* ENUM */
    const char *int_key;         /* INT */
} kz_facet;
/* Runs fs[0..n) with p[0..np) into *facets (a new object, also on failure); DB_OK or the first
 * failure. */
db_status kz_list_facets(db_conn *c, const db_val *p, int np, const kz_facet *fs, int n,
                         json_t **facets);

/* The visibility parameters ?1..?4 of the record list statements (see ACH_VIS in
 * sqlite_sql.c) for an actor; prefix holds the officer's region prefix (it must outlive p). */
void kz_visibility_params(const kz_actor *a, db_val p[4], char prefix[8]);

/* A list sort: its query name and the statement that lists in that order. */
typedef struct kz_sort {
    const char *name;
    db_stmt stmt;
} kz_sort;
/* Finds sort `name` (NULL: the first entry) in sorts[0..n); a field error naming `hint`
 * when unknown. */
bool kz_sort_find(const kz_sort *sorts, size_t n, const char *name, const char *hint, db_stmt *out,
                  kz_error *e);
/* The industry filter of the lists: a 门类 letter (A–T) goes to *section, a code prefix of up
 * to 4 digits to *prefix; anything else is a field error. */
bool kz_industry_filter(const char *industry, const char **section, const char **prefix,
                        kz_error *e);

/* Turns a set of codes (or a single code) into the ",a,b," form used to filter by membership. */
void kz_codes_csv(const json_t *list, char *buf, size_t n);

#endif
