/* engine.h — the record-kind engine: a resource kind described once, as data (kz_kind), and
 * one implementation of create / import / check / get / history / patch with If-Match /
 * transitions for every kind so described. Each step writes its revision, the audit chain and
 * the change feed in the write's own transaction, and notifies the owners of a state change.
 *
 * A kind's descriptor lives in src/kinds/<kind>.c: its fields and their checks, the fields
 * kept in `data`, the columns promoted out of `data` for filters and sorts (in the order of
 * its INSERT/UPDATE statements), its state machine, the states in which the owner may edit,
 * who owns it, which states are public, which fields are confidential, its statements and its
 * zh-CN messages. What is truly the kind's own (a cross-field rule, a step of a transition)
 * is a hook in the descriptor.
 *
 * Statement shapes the engine relies on (sqlite_sql.c, pg_sql.c):
 *   get:     ?1 id → the record row (kz_rec_row_fill's columns);
 *   insert:  org_id, created_by, status, <columns…>, data, now, published_at → id;
 *   update:  id, <columns…>, data, now, version → id (no row: the version moved);
 *   status:  id, status, now, version, published_at → id (no row: the version moved).
 *
 * A kind without a state machine (workflow NULL: orgs) is a registry of rows with columns and
 * no `data`, owner org or state: who may create, read and PATCH which record is the policy
 * table of authz.c for its `res`, on the target its `target` hook makes of a record (field by
 * field for a PATCH, as for every kind); it keeps no revisions (its audit rows are its
 * history: no …/history, no transitions) and its rows are read column by column. Its
 * statements:
 *   get:     ?1 id → id, <columns…>, version, created_at, updated_at (the record, in order);
 *   insert:  <columns…>, now → id;
 *   update:  id, <columns…>, now, version → id (no row: the version moved).
 *
 * Ownership: descriptors are static; every json_t ** result is a new reference for the
 * caller; json_t arguments are borrowed. */
#ifndef KZ_ENGINE_H
#define KZ_ENGINE_H
#include "../core/validate.h"
#include "../io/table.h"
#include "enums.h"
#include "listix.h"
#include "record.h"

/* How a promoted column's value is taken from the record's data. */
typedef enum {
    KZ_COL_TEXT,    /* the string field, or NULL */
    KZ_COL_INT,     /* the integer field, or NULL */
    KZ_COL_CODES,   /* a list of codes as ",a,b," (membership filters) */
    KZ_COL_SECTION, /* the 门类 letter of an industry code field */
} kz_col_type;

typedef struct kz_column {
    const char *field;
    kz_col_type type;
} kz_column;

#define KZ_PARTIES_MAX   4 /* fields naming parties */
#define KZ_PARTY_IDS_MAX 6 /* party orgs of one record (search/attrs.h KZ_AT_PARTIES) */

/* A kind kept in the shared table kind_records (migration 006) maps its own fields onto the
 * table's slots, which its lists filter, sort and count on (NULL: the kind has none). The
 * vocabularies of category and codes are those of the fields named. */
typedef struct kz_slots {
    const char *title;    /* a string field: the record's name in lists and notifications */
    const char *region;   /* a GB/T 2260 code field: region filters, officers' scope, the map */
    const char *industry; /* a GB/T 4754 code field */
    const char *category; /* a field with a vocabulary: one code per record */
    const char *codes;    /* a list field with a vocabulary: any of its codes */
    const char *money_lo, *money_hi; /* integer fields, 分: a range (or one amount in both) */
    /* Fields holding the ids of the orgs the record concerns besides its owner (an integer,
     * e.g. a contract's buyer_org_id, or a list of integers, e.g. an application's partners),
     * NULL-ended: the record's parties (at most KZ_PARTY_IDS_MAX ids in all count). Past draft, a
     * party org's members read it in full, find it in their lists (kind_records.parties, the list
     * attributes' party bitmaps), take the transitions whose `who` has KZ_WHO_PARTY and are
     * notified of its state changes (the org admins and whoever of them the kind's hooks notify);
     * they never edit it. An owner org that is also a party stays the owner. */
    const char *parties[KZ_PARTIES_MAX + 1];
} kz_slots;

/* What a kind's list takes besides status, org, region, q, cursor, limit and facets (which
 * every list takes): the names of its query parameters and sorts (NULL: none), and the fields
 * a table of it shows (the web UI's columns). */
typedef struct kz_list_desc {
    const char *codes_param;    /* ?<name>=code: records whose codes slot holds it */
    const char *money_param;    /* ?<name>=fen: records whose money range covers it */
    const char *money_hi_sort;  /* the sort by money_hi, highest first ("-amount_max") */
    const char *money_lo_sort;  /* the sort by money_lo, lowest first ("amount_min") */
    const char *money_label;    /* zh-CN name of the money filter */
    const char *codes_label;    /* zh-CN name of the codes filter */
    const char *const *columns; /* field names, NULL-terminated */
} kz_list_desc;

/* A filter of the list of a kind with a table of its own, besides those every list takes:
 * its query parameter and check, what it narrows in the list attributes in memory
 * (search/attrs.h) and its place (?n) in the kind's SQL list statements. */
typedef enum {
    KZ_LF_ENUM, /* one value of vocab, compared as it is */
    KZ_LF_CODE, /* one code of vocab, looked for in a ",a,b," column (passed as ",code,") */
    KZ_LF_INT,  /* an integer in [min, max] */
} kz_lf_type;
typedef enum {
    KZ_LA_KIND,        /* the kind attribute: the value's index in vocab */
    KZ_LA_MODE,        /* the modes attribute holds the code's index in vocab */
    KZ_LA_TRL_MIN,     /* trl >= v */
    KZ_LA_TRL_MAX,     /* trl <= v */
    KZ_LA_TRL_REACHED, /* no trl, or trl <= v (the least TRL a demand asks for, v has it) */
    KZ_LA_LO_MIN,      /* money_lo >= v (none: out) */
    KZ_LA_LO_MAX,      /* money_lo <= v (none: out) */
    KZ_LA_HI_MIN,      /* money_hi >= v (none: out) */
} kz_list_attr;
typedef struct kz_list_filter {
    const char *param; /* NULL ends a table */
    kz_lf_type type;
    const kz_enum *vocab;    /* ENUM, CODE */
    const char *msg_unknown; /* ENUM, CODE: zh-CN for a value not in vocab */
    long long min, max;      /* INT */
    kz_list_attr attr;
    int pos; /* ?n in the list statements */
} kz_list_filter;
#define KZ_LIST_FILTERS_MAX 8

/* The list of a kind with a table of its own (a shared kind's list follows from its slots).
 * Its statements take ?1–?4 the visibility (kz_visibility_params), ?5 status, ?6 the 门类,
 * ?7 an industry code prefix, ?8 a region prefix, the filters, org and q at their places up
 * to ?15, ?16–?17 the keyset (sort key, id) and ?18 the limit + 1; the count and the facets
 * take ?1–?15. */
typedef struct kz_own_list {
    const kz_sort *sorts; /* the SQL list of each sort */
    int nsorts;
    const char *sort_hint;         /* zh-CN: the sorts a refused one may choose from */
    const kz_listix_sort *by;      /* the sorts in memory besides id, {NULL} ended */
    const kz_list_filter *filters; /* {NULL} ended, at most KZ_LIST_FILTERS_MAX */
    int org_pos, q_pos;            /* ?n of ?org= and ?q= */
    db_stmt q_count;               /* the total */
    const kz_facet *facets;        /* the SQL facets (nfacets of them) */
    int nfacets;
    int svc_kind;                     /* its list attributes (search_svc.h KZ_SK_*) */
    kz_at_facet_of third;             /* the facet besides 门类 and city in memory */
    json_t *(*item)(const db_row *r); /* a list item from a row */
} kz_own_list;

typedef struct kz_kind_desc kz_kind_desc;

/* An action whose comment is required and kept in a data field (e.g. a cancellation's reason):
 * the engine takes it before the kind's own on_transition, refusing the action without it (422
 * `comment`, why). Other actions' comments are optional and kept in the revision only. */
typedef struct kz_comment_rule {
    const char *action; /* NULL ends a table */
    const char *into;   /* the data field */
    const char *why;    /* zh-CN, when missing: "必填：取消的理由" */
} kz_comment_rule;

/* A kind whose records belong to a record of another kind (a challenge's applications, a
 * deal's events): its parent. The parent's id is the integer field `field` of the child (taken
 * from the path of POST /api/v1/<parent path>/{id}/<segment>, or given in the body by an
 * import), fixed at creation and kept in kind_records.parent_id; GET of that path lists the
 * parent's children (the parent must be readable by the actor: 404 otherwise), and
 * ?<field>= filters the child's own list. A new child (not an operator's import) needs a parent
 * the actor may read (404) in one of open_states (409, msg_closed), then the kind's own check
 * (check_parent). party_field (NULL: none) gets the parent's owner org: name it in the child's
 * slots.parties (and read_only) so that the parent's owner reads its children once submitted. */
typedef struct kz_parent {
    const kz_kind_desc *kind;
    const char *field;              /* the child's integer field holding the parent's id */
    const char *segment;            /* the sub-collection under the parent's path */
    const char *const *open_states; /* the parent's states that take new children */
    const char *msg_closed;         /* zh-CN: the parent is in no such state */
    const char *party_field;        /* gets the parent's owner org (NULL: none) */
    /* The kind's own rule on a new child of parent (as loaded) owned by org_id (data: the
     * child's data, which it may complete from the parent, e.g. its region); KZ_OK, or a
     * refusal with e set. import: an operator's import (which takes children of a parent in any
     * state). */
    kz_err (*check_parent)(db_conn *c, const kz_actor *a, const kz_rec_row *parent, int64_t org_id,
                           json_t *data, bool import, kz_error *e);
} kz_parent;

struct kz_kind_desc {
    const char *name;  /* entity name in revisions, audit, changes, notifications */
    const char *label; /* zh-CN noun: 成果, 需求 */
    const char *path;  /* its collection under /api/v1 ("finance-products") */
    /* true: kept in kind_records (the Q_KR_* statements, slots below); false: a table of its
     * own, with the statements q_get … q_status and promoted columns */
    bool shared;
    kz_slots slots;
    kz_list_desc list;
    const kz_own_list *own_list; /* a kind with a table of its own: its list (NULL: none) */
    const kz_parent *parent;     /* a shared kind whose records are a parent's (NULL: none) */
    const char *publish_state;   /* the state whose entry sets published_at (NULL: "published") */
    /* The state a new record starts in (NULL: "draft"): a record whose POST is the act itself
     * (a bid is placed, an objection filed, as they are created). */
    const char *create_state;
    /* Which orgs may own its records: those whose industry is in this GB/T 4754 section (e.g.
     * "J" 金融业 for finance products; NULL: any org), refused with msg_owner_kind. */
    const char *owner_section;
    const char *msg_owner_kind;
    kz_resource res;                   /* the field-level write rules (authz.c) */
    const kz_field *fields;            /* create and PATCH checks; org_id included */
    const char *const *data_fields;    /* kept in `data`, in order */
    const char *const *list_fields;    /* data fields that are [] when absent or null */
    const kz_column *columns;          /* promoted, in statement order; {NULL} ends (a kind
                                        * without a state machine: all of its columns, text or
                                        * integer) */
    const kz_enum *statuses;           /* valid states (import) */
    const kz_transition *workflow;     /* the state machine (NULL: none, see above) */
    const kz_field *transition_fields; /* the body of POST …/transitions */
    const kz_comment_rule *comments;   /* actions whose comment is required ({NULL} ended) */
    const char *const *editable;       /* states in which the owner may edit */
    const char *const *frozen;         /* states in which nobody edits, admins included */
    const char *const *public_states;  /* readable as a card by anyone (besides kz_record_view) */
    const char *const *confidential;   /* fields shown only at KZ_VIEW_FULL; NULL: none */
    /* fields only the kind's own steps (its transition hooks) and an operator's import write:
     * refused in a create and a PATCH (NULL: none) */
    const char *const *read_only;
    unsigned owner_roles; /* roles of the owner org's members that own records */
    unsigned party_roles; /* roles of a party org's members that take .party transitions (0:
                           * owner_roles) */
    kz_owner_msgs owner_msgs;
    const char *msg_not_owner; /* PATCH by someone who does not own it */
    const char *msg_org_fixed; /* PATCH naming org_id */
    const char *msg_frozen;    /* PATCH in a frozen state */
    const char *msg_conflict;  /* a transition the current state does not allow */
    const char *msg_system;    /* a transition only the platform takes, asked for by a user */
    const char *notify_kind;   /* notification kind of a state change */
    const char *msg_unique;    /* a unique column's value already taken (409; NULL: generic) */
    /* A kind without a state machine: a new record out of the actor's reach, and a PATCH that
     * would take the record out of it. */
    const char *msg_out_of_reach, *msg_moved_out;
    db_stmt q_get, q_insert, q_update, q_status;
    /* Hooks, each may be NULL. */
    /* A cross-field rule on the whole data (create and the merged PATCH); false with e set. */
    bool (*check)(const json_t *data, kz_error *e);
    /* Adds derived members to a loaded record (e.g. a maturity stage). */
    void (*decorate)(json_t *rec);
    /* Read access beyond the view tier: true when the actor was granted the confidential
     * fields of record id (e.g. an approved access request). */
    bool (*granted)(db_conn *c, const kz_actor *a, int64_t id);
    /* A kind's own step of transition t before the state changes: reads the request body,
     * may change data and set *edited (the engine then stores it as an edit of its own,
     * one version and one revision, before the state change). false with e set: refused. */
    bool (*on_transition)(const kz_transition *t, const json_t *in, json_t *data, bool *edited,
                          kz_error *e);
    /* A kind's own step of transition t that needs the database (e.g. a number drawn from a
     * counter, a party looked up in the registry), in the transition's own transaction, after
     * on_transition and before the state change; r is the record as it was. Like on_transition
     * it may change data and set *edited. A refusal sets *refused (e.g. KZ_E_VALIDATION with a
     * field error in e) and returns DB_HARD; any other status but DB_OK is the database's
     * (DB_SOFT: the transaction runs again). a: who takes it (e.g. the side that declines). */
    db_status (*on_transition_db)(db_conn *c, const kz_actor *a, const kz_transition *t,
                                  const kz_rec_row *r, json_t *data, bool *edited, kz_err *refused,
                                  kz_error *e);
    /* A kind's own aggregates of a record, kept beside the statistics' counts: called with
     * delta +1 for the record as written and -1 for the record as it was wherever the engine
     * counts it (create, import, bulk import, PATCH, transition), in the write's transaction. */
    db_status (*counted)(db_conn *c, const kz_rec_row *r, int64_t delta);
    /* A kind's own consequence of a state change, in the same transaction (before: the record
     * as it was, after: as it is now); e.g. what hung on the record being public. */
    db_status (*after_transition)(db_conn *c, const kz_actor *a, const kz_rec_row *before,
                                  const kz_rec_row *after);
    /* Fills in what a new record's data (its data_fields, null when not given) takes when not
     * given, before it is written (e.g. an org's tier). */
    void (*defaults)(json_t *data);
    /* The kind's own statistics' counts of a record (rec as loaded; delta +1 or -1). NULL: by
     * state, region, industry section and month of creation (stats.h). */
    db_status (*count)(db_conn *c, const json_t *rec, int64_t delta);
    /* A kind without a state machine (required there): record id (0: a new one) with its
     * fields data as the target of the policy table's checks (authz.h). */
    kz_target (*target)(int64_t id, const json_t *data);
};

/* Fields many kinds share, for their descriptors' field tables: the industry (GB/T 4754, any
 * level) and the region (GB/T 2260) of a record, and its owner org (named by operators, admins
 * and officers when they create it for an org; never changed by PATCH). */
#define KZ_FIELD_INDUSTRY                                                                          \
    {                                                                                              \
        .name = "industry", .type = KZ_F_STRING, .required = true, .max_len = 4,                   \
        .check = kz_check_industry, .doc = "国民经济行业分类 GB/T 4754 代码（任一层级）",          \
        .label = "所属行业"                                                                    \
    }
#define KZ_FIELD_REGION                                                                            \
    {                                                                                              \
        .name = "region", .type = KZ_F_STRING, .required = true, .max_len = 6,                     \
        .check = kz_check_region, .doc = "行政区划 GB/T 2260 代码", .label = "所在地区"        \
    }
/* (an id above 2^53 - 1 no JavaScript client could hold exactly) */
#define KZ_ID_MAX 9007199254740991LL
#define KZ_FIELD_ORG_ID(label_, doc_)                                                              \
    {                                                                                              \
        .name = "org_id", .type = KZ_F_INT, .min = 1, .max = KZ_ID_MAX, .doc = doc_,               \
        .label = label_                                                                            \
    }

/* The kinds served by the engine (src/kinds/), and all of them, NULL-terminated. */
extern const kz_kind_desc kz_kind_achievement, kz_kind_demand, kz_kind_finance_product,
    kz_kind_platform, kz_kind_contract, kz_kind_challenge, kz_kind_challenge_application,
    kz_kind_challenge_milestone, kz_kind_deal, kz_kind_deal_event, kz_kind_policy,
    kz_kind_policy_application, kz_kind_resource, kz_kind_booking, kz_kind_voucher, kz_kind_listing,
    kz_kind_bid, kz_kind_deposit, kz_kind_objection, kz_kind_finance_request, kz_kind_panel,
    kz_kind_event, kz_kind_event_registration, kz_kind_broker, kz_kind_broker_training,
    kz_kind_broker_assignment;
extern const kz_kind_desc *const kz_kinds[];
/* The kinds without a state machine the engine serves (src/kinds/org.c). Not in kz_kinds[]:
 * that list (`kezhuan kinds`, GET /api/v1/kinds) is the record kinds with a workflow, from
 * which openapi.json's generated schemas and the web UI's generic views are made; the org
 * registry has its own pages and its hand-written contract. */
extern const kz_kind_desc kz_kind_org;
const kz_kind_desc *kz_kind_find(const char *name);
/* The kinds kept in kind_records, NULL-terminated (the search service keeps their list
 * attributes; their index is their position here). */
extern const kz_kind_desc *const kz_shared_kinds[];
int kz_shared_kind_index(const char *name); /* -1 when not a shared kind */

/* The distinct org ids (> 0) of the parties of a record (its data or the record) in ids, the
 * first KZ_PARTY_IDS_MAX of them in the order of slots.parties; returns how many. */
int kz_kind_party_ids(const kz_kind_desc *k, const json_t *data, int64_t ids[KZ_PARTY_IDS_MAX]);

/* The kind's field named name (NULL: none, or name NULL). */
const kz_field *kz_kind_field(const kz_kind_desc *k, const char *name);

/* GET /<path> of every kind: every filter is a string as given (NULL: absent), checked by
 * kz_kind_list against the kind's statuses, vocabularies and codes; the numbers were checked
 * for their range by kz_kind_list_args. */
typedef struct kz_kind_list_q {
    const char *q, *status, *region, *industry, *category, *code, *sort, *cursor;
    long long org, money; /* -1: absent */
    long long parent;     /* a child kind's parent id (engine.h kz_parent), <= 0: absent */
    int limit;
    bool facets;
    /* a kind with a table of its own: the value of each of own_list->filters, in their order
     * (NULL: absent), and of an integer filter its number */
    const char *arg[KZ_LIST_FILTERS_MAX];
    long long num[KZ_LIST_FILTERS_MAX];
} kz_kind_list_q;
/* The list's parameters of kind k read through get (limit, org, facets, the kind's integer
 * filters checked for their range, the rest as given); false when one is malformed (a field
 * error in e). sort and cursor are read too. */
bool kz_kind_list_args(const kz_kind_desc *k, kz_arg_fn get, void *ctx, kz_kind_list_q *q,
                       kz_error *e);
kz_err kz_kind_list(const kz_kind_desc *k, db_conn *c, const kz_actor *a, const kz_kind_list_q *q,
                    json_t **out, kz_error *e);
/* Applies the actor's view tier to the records of a page (as kz_kind_get does to one): each
 * confidential field is announced by has_<f> and <f>_visible and left out unless the actor sees
 * it. kz_kind_list does it to every page of a shared kind (and so every export). */
void kz_kind_shape_items(const kz_kind_desc *k, db_conn *c, const kz_actor *a, json_t *items);
/* Every record of a shared kind the actor may see and the filters pass (sort and cursor are
 * the export's own), as rows of kz_kind_export_columns() into w; at most max (0: no limit). */
kz_err kz_kind_export(const kz_kind_desc *k, db_conn *c, const kz_actor *a,
                      const kz_kind_list_q *filters, kz_table_writer *w, long max, long *rows,
                      kz_error *e);
/* id, the kind's data fields, org_id, status and the times (static; n set to their count). */
const char *const *kz_kind_export_columns(const kz_kind_desc *k, int *n);

/* Messages are static strings: kz_error keeps the pointer past the request's transaction. */

/* A kind's hook (on_transition_db, check_parent's callers) refusing: with a field, the field's
 * error (copied) and the code given (0: validation) in both *refused and e; without, code and the
 * message. Returns DB_HARD, as on_transition_db answers a refusal. */
db_status kz_refuse(kz_err *refused, kz_error *e, kz_err code, const char *field, const char *why);

/* Create (the actor's own org, or org_id for operators, admins and officers in region). */
kz_err kz_kind_create(const kz_kind_desc *k, db_conn *c, const kz_actor *a, const json_t *in,
                      json_t **out, kz_error *e);
/* Import by the operator: as create, and `status` may name any state of the kind. */
kz_err kz_kind_import(const kz_kind_desc *k, db_conn *c, const kz_actor *a, const json_t *in,
                      json_t **out, kz_error *e);
/* The checks of an import without writing. */
kz_err kz_kind_check(const kz_kind_desc *k, db_conn *c, const kz_actor *a, const json_t *in,
                     kz_error *e);

/* A bulk import by the operator (`kezhuan import`): the checks and the writes of
 * kz_kind_import, row for row the same — each record with its revision, audit row ("import")
 * and change-feed row — but what every row shares is done once: the owner orgs are looked up
 * once per org_id (in the transaction they are looked up in), the audit chain's head is read
 * once (the write transaction holds the write lock), and the statistics' counts are summed in
 * memory and added at the end.
 *   The checks of kz_kind_import, row by row, in two steps: kz_kind_bulk_check_fields, what
 *   needs no database (fields, vocabularies, the kind's rules, `status`; it only reads the bulk
 *   object: several threads may call it at once), then, for a row that passed,
 *   kz_kind_bulk_check_owner (the owner org: the database).
 *   The writes, inside ONE write transaction (db_tx, whose fn may run again: call begin first
 *   in it): kz_kind_bulk_begin, then for each row kz_kind_bulk_check_owner and, when every row
 *   so far passed, kz_kind_bulk_write (the checks are not run again), kz_kind_bulk_end (adds the
 *   counts) — and commit, or roll back when a row did not pass. (A dry run checks the owners
 *   outside any transaction.)
 * A bulk object belongs to one thread (but for kz_kind_bulk_check_fields); the actor must
 * outlive it. */
typedef struct kz_kind_bulk kz_kind_bulk;
kz_kind_bulk *kz_kind_bulk_new(const kz_kind_desc *k, const kz_actor *a);
void kz_kind_bulk_free(kz_kind_bulk *b);
/* A row that passed kz_kind_bulk_check_fields, made ready for its write there (the record's
 * data and its texts: what needs no database, on the checking thread). Owns a reference to the
 * input object; freed with kz_bulk_row_free (any thread; NULL is a no-op). */
typedef struct kz_bulk_row kz_bulk_row;
/* NULL and e set when the row is rejected; else a new row. */
kz_bulk_row *kz_kind_bulk_check_fields(const kz_kind_bulk *b, json_t *in, kz_error *e);
void kz_bulk_row_free(kz_bulk_row *r);
kz_err kz_kind_bulk_check_owner(kz_kind_bulk *b, db_conn *c, const kz_bulk_row *r, kz_error *e);
db_status kz_kind_bulk_begin(kz_kind_bulk *b, db_conn *c);
kz_err kz_kind_bulk_write(kz_kind_bulk *b, db_conn *c, const kz_bulk_row *r, kz_error *e);
db_status kz_kind_bulk_end(kz_kind_bulk *b, db_conn *c);

/* KZ_OK when the parent of a child of kind k (engine.h kz_parent) is readable by the actor;
 * else 404 (or the database's failure) in e. */
kz_err kz_kind_parent_readable(const kz_kind_desc *k, db_conn *c, const kz_actor *a,
                               int64_t parent_id, kz_error *e);

/* The records of child kind k under parent_id in state status (NULL: any), oldest first, at
 * most max (≤ KZ_CHILDREN_MAX), as loaded (every field: for the kinds' own rules, not to be
 * answered as they are) into *out (a new array, also on failure). */
#define KZ_CHILDREN_MAX 1000
db_status kz_kind_children(const kz_kind_desc *k, db_conn *c, int64_t parent_id, const char *status,
                           int max, json_t **out);

/* The oldest record of child kind k under parent_id owned by org_id in state status (by the
 * index of kind_records: no read of the other children): DB_OK with its id in *id, DB_NOROW
 * (and *id 0) when there is none. For the kinds' own rules (one 摘牌 request, one deposit, one
 * registration per org). */
db_status kz_kind_child_of_org(const kz_kind_desc *k, db_conn *c, int64_t parent_id, int64_t org_id,
                               const char *status, int64_t *id);

/* Every record of shared kind k through its counted hook (delta +1), by id, in the caller's
 * transaction: the recount of what the hook keeps (its tables cleared first by the caller). */
db_status kz_kind_recount(const kz_kind_desc *k, db_conn *c);

/* A record of kind k as the platform reads it (an operator's read: every field, whatever its
 * state), for the kinds' own rules — not to be answered as it is; NULL with *rc set (e.g.
 * KZ_E_NOT_FOUND, with e) when there is none or on a failure. */
json_t *kz_kind_read(const kz_kind_desc *k, db_conn *c, int64_t id, kz_err *rc, kz_error *e);

/* One record as the actor may see it (404 when not at all). */
kz_err kz_kind_get(const kz_kind_desc *k, db_conn *c, const kz_actor *a, int64_t id, json_t **out,
                   kz_error *e);
/* Its revisions, confidential fields left out unless the actor sees them (a kind without a
 * state machine keeps none: 404). */
kz_err kz_kind_history(const kz_kind_desc *k, db_conn *c, const kz_actor *a, int64_t id,
                       json_t **out, kz_error *e);
/* PATCH: if_match < 0 when no If-Match was sent. */
kz_err kz_kind_update(const kz_kind_desc *k, db_conn *c, const kz_actor *a, int64_t id,
                      const json_t *patch, int64_t if_match, json_t **out, kz_error *e);
/* POST …/transitions {action, comment, …} (a kind without a state machine: 404). */
kz_err kz_kind_transition(const kz_kind_desc *k, db_conn *c, const kz_actor *a, int64_t id,
                          const json_t *in, int64_t if_match, json_t **out, kz_error *e);
/* A transition taken by the platform itself (e.g. expiry): no If-Match, no body. */
kz_err kz_kind_system_transition(const kz_kind_desc *k, db_conn *c, int64_t id, const char *action);

/* A row of a kind without a state machine's get statement as the record (a new object). Its
 * lists are its own (e.g. org.c's), and read their rows with this. */
json_t *kz_kind_row_json(const kz_kind_desc *k, const db_row *r);

/* The descriptor as JSON (`kezhuan kinds`): fields with their types, limits, vocabularies and
 * notes, the state machine with the roles of each action, the states. New reference. The
 * contract tests compare it with openapi.json and the web forms. */
json_t *kz_kind_describe(const kz_kind_desc *k);

/* The view tier of a loaded row for the actor (public states, grants included). */
kz_view kz_kind_view(const kz_kind_desc *k, db_conn *c, const kz_actor *a, const kz_rec_row *r);

#endif
