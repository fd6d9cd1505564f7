/* attrs.h — kz_at: the list attributes of one record kind in memory, keyed by record id, with a
 * compressed (roaring) bitmap of record ids per attribute value. It answers what a list needs —
 * the visible rows that pass the filters, their exact number, a page of them in a sort order
 * after a keyset cursor, facet counts — by intersecting and counting bitmaps, whose cost grows
 * with their compressed size (at most 8 KiB per 65,536 ids, and much less when sparse), not
 * with a visit of every matching row.
 *
 * Values with a bitmap: status; org; each party org; the parent; region prefixes of 2, 4 and 6
 * digits (and "none"); the industry section letter (and "none") and industry code prefixes of 1–4
 * digits; trl 0..9 (0: none); each mode bit; the small "kind" enum (255: none); and the ordered
 * values: money (price, budget bounds) in buckets a quarter of an octave wide, the day of the last
 * change and of the deadline. A money range takes the buckets inside it whole; of the two at its
 * ends, a bucket holding few distinct values (round prices) keeps a bitmap per exact value and
 * gives the union of those in the range, any other has its rows checked one by one. An odd-length
 * region prefix is checked row by row on what the bitmaps leave.
 *
 * Order: by id (ascending or descending) walks the result bitmap from the cursor; by another key
 * (money, trl, times) walks that key's ordered buckets from the cursor's, ordering each bucket's
 * rows with a bounded heap, until the page is full. Either way a deep page costs what the first
 * page costs, and the work is that of the rows the page spans, not of the whole result.
 *
 * Thread safety: none inside; many readers may query at once when no writer runs (the search
 * service holds its rwlock around both). Ownership: kz_at_new() and kz_at_load() → kz_at_free(); a
 * query's result bitmap (kz_at_result.set) belongs to the caller, freed with kz_at_result_free().
 */
#ifndef KZ_SEARCH_ATTRS_H
#define KZ_SEARCH_ATTRS_H
#include "snapio.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct kz_at kz_at;

#define KZ_AT_PARTIES 6

typedef struct kz_at_row {
    uint32_t org_id;
    uint32_t parties[KZ_AT_PARTIES]; /* the orgs a row concerns besides its owner, 0 none */
    uint32_t parent;                 /* the record a row belongs to (engine.h kz_parent), 0 none */
    uint32_t region;                 /* GB/T 2260 six-digit code as a number, 0 none */
    char industry[6];                /* section letter + up to 4 digits ("C3841"), "" none */
    uint8_t status;                  /* the kind's status index (< 32) */
    uint8_t kind;                    /* a small enum, 255 none */
    int8_t trl;                      /* 1..9, -1 none */
    uint32_t modes;                  /* a bit per mode */
    int64_t money_lo, money_hi;      /* fen, -1 none */
    int64_t updated;                 /* seconds since 1970 */
    int64_t deadline;                /* seconds since 1970 of a date, -1 none */
} kz_at_row;

/* Sort keys; a missing value sorts as the SQL lists' coalesce() gives it. */
typedef enum kz_at_key {
    KZ_AT_K_ID,
    KZ_AT_K_MONEY_LO, /* -1 when none */
    KZ_AT_K_MONEY_HI, /* -1 when none */
    KZ_AT_K_TRL,      /* 0 when none */
    KZ_AT_K_UPDATED,
    KZ_AT_K_DEADLINE, /* 0 when none */
} kz_at_key;

#define KZ_AT_MAX_PAGE 101
#define KZ_AT_NONE     (-1)

typedef struct kz_at_query {
    /* visibility: the union of these (as ACH_VIS / DEM_VIS) */
    bool vis_all;           /* every row */
    uint32_t vis_public;    /* status bits that everybody sees */
    uint32_t vis_org;       /* this org's rows, and those past draft it is a party of; 0 none */
    bool vis_nondraft;      /* every row not in draft_status */
    const char *vis_region; /* rows not in draft_status under this region prefix (2/4/6) */
    uint8_t draft_status;
    /* filters; KZ_AT_NONE / NULL / 0 when absent */
    int status;
    char section;         /* industry section letter, 0 none */
    const char *industry; /* industry code prefix, 1–4 digits */
    const char *region;   /* region code prefix, 1–6 digits */
    int64_t org;
    uint32_t parent; /* the rows of this parent record, 0 absent */
    int mode;        /* a mode bit index */
    int kind;
    int trl_lo, trl_hi;     /* rows whose trl is in [lo, hi] (1..9) */
    bool trl_none_too;      /* … or has none */
    int64_t lo_min, lo_max; /* rows with money_lo set and in [min, max] (KZ_AT_NONE: open) */
    int64_t hi_min, hi_max; /* the same for money_hi */
    /* order and page */
    kz_at_key key;
    bool desc;
    bool has_cursor;
    int64_t cursor_key, cursor_id; /* rows after (key, id) in the order */
    int limit;                     /* ≤ KZ_AT_MAX_PAGE */
} kz_at_query;

typedef struct kz_at_result {
    void *set; /* the rows that pass (a roaring_bitmap_t), for kz_at_facet */
    uint64_t total;
    int n;
    uint32_t ids[KZ_AT_MAX_PAGE];
    int64_t keys[KZ_AT_MAX_PAGE];
} kz_at_result;

/* One facet value and its count. */
typedef struct kz_at_count {
    int64_t value; /* section letter, 4-digit city prefix, trl, kind; KZ_AT_NONE: none */
    uint64_t count;
} kz_at_count;

typedef enum kz_at_facet_of {
    KZ_AT_F_SECTION,
    KZ_AT_F_CITY,
    KZ_AT_F_TRL,
    KZ_AT_F_KIND,
} kz_at_facet_of;

kz_at *kz_at_new(void);
void kz_at_free(kz_at *t);
/* Sets the row of id (adding or replacing it). Returns 0, or -1 when out of memory (the row of
 * id is then absent). */
int kz_at_put(kz_at *t, uint32_t id, const kz_at_row *r);
void kz_at_del(kz_at *t, uint32_t id);
uint64_t kz_at_count_live(const kz_at *t);
const kz_at_row *kz_at_get(const kz_at *t, uint32_t id); /* NULL when absent */
size_t kz_at_memory(const kz_at *t);

/* Runs q. Returns 0, or -1 when out of memory. */
int kz_at_query_run(const kz_at *t, const kz_at_query *q, kz_at_result *out);
void kz_at_result_free(kz_at_result *r);
/* The non-zero counts of a facet over a result, in the lists' order: by count descending then
 * value (none first) for SECTION, CITY and KIND; by trl (none first) for TRL. Returns how many
 * were written (≤ max). */
int kz_at_facet(const kz_at *t, const kz_at_result *r, kz_at_facet_of f, kz_at_count *out, int max);

/* Snapshot (search/snapio.h). kz_at_save writes the live rows by id; kz_at_load reads them
 * back into a new table and builds every value's bitmap from the rows (the ids of each value
 * gathered and added in one call per 65,536 ids, the bitmaps kz_at_put would have made), so
 * nothing in the file is a bitmap to be believed: the loaded table answers every query and facet
 * as the saved one did. Ids must ascend; a count is checked against the
 * bytes left, and ids must be below KZ_AT_LOAD_MIN_IDS + KZ_AT_LOAD_SPARSE × rows (the table is
 * indexed by id, so a hostile id would size it; a real table sparser than that is refused and
 * rebuilt by the caller). kz_at_save returns 0 or -1 (the writer failed); kz_at_load returns NULL
 * with *why (a static zh-CN reason) when the stream is not a valid table (the reader's err set) or
 * memory runs out. */
#define KZ_AT_LOAD_MIN_IDS (1u << 20)
#define KZ_AT_LOAD_SPARSE  8
int kz_at_save(const kz_at *t, kz_sw *w);
kz_at *kz_at_load(kz_sr *r, const char **why);
/* Moves r past one table as kz_at_save wrote it (its count checked against the bytes left);
 * false (r's err set) when it does not fit. As kz_ix_skip: kz_at_load checks the rest. */
bool kz_at_skip(kz_sr *r);

#endif
