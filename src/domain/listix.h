/* listix.h — the record lists (GET /achievements, /demands) answered from the list attributes
 * kept in memory beside the search index (search/attrs.h), fed by the change feed on every node
 * and caught up before each read: the page, its exact total and its facets cost what the
 * attributes' bitmaps cost, not a scan of the table (issue 14). The page's rows are then read
 * from the database in one statement. The SQL lists remain for what the attributes do not
 * answer — a `q` substring filter, and the seconds while the index is first built — and as the
 * reference the tests compare with (tests/unit/test_vis.c).
 *
 * Ownership: *out is a new reference for the caller; everything else is borrowed. */
#ifndef KZ_LISTIX_H
#define KZ_LISTIX_H
#include "../core/errors.h"
#include "../db/db.h"
#include "../search/attrs.h"
#include "actor.h"
#include <jansson.h>

struct kz_kind_desc;

typedef struct kz_listix_q {
    int kind; /* KZ_SK_ACH, KZ_SK_DEM, or a shared kind's (search_svc.h) */
    /* a shared kind (engine.h): its public states, rows (Q_KR_BY_IDS) and facets — its
     * category (the "kind" attribute, named and coded by the category field), city, and
     * industry when it has that slot; NULL for achievements and demands */
    const struct kz_kind_desc *shared;
    kz_at_query at; /* filters, order, cursor and limit + 1; visibility is filled here */
    bool facets;
    kz_at_facet_of third; /* the third facet: KZ_AT_F_TRL (achievements) or KZ_AT_F_KIND */
    json_t *(*item)(const db_row *r); /* a list item from a row of Q_*_BY_IDS */
    int limit;
} kz_listix_q;

/* What every record list shares, parsed and checked by the kind's *_list. */
typedef struct kz_listix_common {
    const char *status, *section, *industry, *region; /* NULL when absent */
    long long org;                                    /* -1 when absent */
    const char *sort;                                 /* "-id" when NULL */
    bool has_cursor;
    long long cursor_key, cursor_id;
    int limit;
    bool facets;
} kz_listix_common;

/* A sort's name (without its '-') and the attribute key it orders by. */
typedef struct kz_listix_sort {
    const char *name;
    kz_at_key key;
} kz_listix_sort;

/* Fills q with what the lists share: the kind, filters, the order (sorts: the kind's own
 * besides id, {NULL} ended), the cursor and limit + 1, facets; the rest of q->at is "absent".
 * The kind then sets its own filters (modes, kind, trl, money) and q->third, q->item. */
void kz_listix_init(kz_listix_q *q, int kind, const kz_listix_common *c,
                    const kz_listix_sort *sorts);

/* true when answered (*rc and, on KZ_OK, *out set); false when the attributes cannot answer
 * now (index not built yet): the caller runs its SQL list. */
bool kz_listix(db_conn *c, const kz_actor *a, const kz_listix_q *q, json_t **out, kz_err *rc,
               kz_error *e);

/* Off (false) makes every list take the SQL path: for tests comparing the two. */
void kz_listix_enable(bool on);
/* How many lists the attributes answered (since start), for tests and /metrics. */
uint64_t kz_listix_answered(void);
/* How many lists took their facet counts from the cache (same query, same index generation). */
uint64_t kz_listix_facet_hits(void);

#endif
