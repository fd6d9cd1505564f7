/* search.h — 检索 and 撮合 over the records: the search service keeps one in-memory index
 * (search/index.h) per record kind, derived from the database, and answers searches and
 * matches from it.
 *
 * Derived state: kz_search_start() builds the indexes from the records (in a background
 * thread when asked, so a large database does not hold up the start), remembering the newest
 * `changes` seq. Before each search the service reads the feed's head and applies every newer
 * change (re-reading the changed record, or dropping it when it is gone), so a write
 * acknowledged before a search starts is visible to it — on this node and on every other node
 * sharing the database. `kezhuan reindex` (kz_search_rebuild) rebuilds from scratch.
 *
 * Start-up from a snapshot: the indexes are saved to a file (domain/ixsnap.h: the feed
 * position they cover, the database's identity, a checksum) after a rebuild, every
 * --index-snapshot-interval seconds when they moved on, and at a clean stop; a start loads the
 * file and catches up from the feed instead of reading every record. A missing, stale (the
 * feed no longer holds what came after it), corrupt, foreign or other-analyzer file is rebuilt
 * from the records, never trusted. Each node keeps its own file.
 *
 * What a user may not read is never searchable by them: only published records (demands:
 * published, matched, closed) count in the collection statistics; others are indexed for
 * the roles that may see them (visibility as in authz.h) and skipped for everyone else; the
 * confidential `detail` of an achievement is never indexed; result records are re-read from
 * the database and shaped by the same functions as GET /achievements/{id}, and highlights are
 * made only from public fields.
 *
 * Thread safety: every function may be called from any thread; a rwlock guards the indexes.
 * Ownership: *out is a new JSON reference owned by the caller. */
#ifndef KZ_DOMAIN_SEARCH_H
#define KZ_DOMAIN_SEARCH_H
#include "../core/errors.h"
#include "../db/db.h"
#include "actor.h"
#include <jansson.h>
#include <stdbool.h>

#define KZ_SEARCH_MAX_QUERY_CHARS 10000
#define KZ_SEARCH_MAX_LIMIT       50
#define KZ_SEARCH_MAX_OFFSET      1000
#define KZ_SEARCH_FACET_DEPTH     1000 /* facets count the best this many matches */

typedef struct kz_search_query {
    const char *q;
    const char *kind; /* achievement | demand | expert | all (NULL: all) */
    const char *status, *industry, *region, *demand_kind;
    long long trl_min, trl_max, price_min, price_max, org; /* -1: absent */
    int limit, offset;
    bool facets;
} kz_search_query;

/* The snapshot file (domain/ixsnap.h), before kz_search_start: opt is --index-snapshot ("" or
 * NULL: the default, PATH.index beside a SQLite database file and none for PostgreSQL or an
 * in-memory database; "off": none; else the file's path). interval_s: write it again this often
 * when the indexes moved on (0: only after a rebuild and at a clean stop). Returns 0 or -1. */
int kz_search_set_snapshot(const char *opt, const char *db_url, int interval_s, char *err,
                           size_t errlen);
/* The snapshot path in use, or NULL (valid until the next kz_search_set_snapshot). */
const char *kz_search_snapshot_path(void);
/* Makes the indexes ready; with background set, in a thread (searches wait for it up to a
 * few seconds, then answer 503). With a snapshot configured the thread first loads it —
 * trusted only when kz_snap_read accepts it (format, checksum, this database's identity, this
 * analyzer) and the feed still holds every change after its position — and catches up from
 * the feed before saying ready; else (or when it is refused) builds from every record and
 * writes a new snapshot. Returns 0 or -1 (err says why). */
int kz_search_start(bool background, char *err, size_t errlen);
/* Stops the snapshot thread, catches up and writes the snapshot (when configured and the
 * indexes moved on since it was written), then frees the indexes. */
void kz_search_stop(void);
/* Rebuilds the indexes now from c (and writes the snapshot when one is configured); returns
 * the number of records indexed or -1. */
long kz_search_rebuild(db_conn *c);
/* Applies the changes newer than the indexes; returns how many were applied or -1. */
long kz_search_catch_up(db_conn *c);
/* {"ready", "source" ("snapshot" | "rebuild" | null while neither finished), "ready_ms",
 * "snapshot" (null when off, else {"path", "seq", "bytes", "load_ms", "caught_up", "rejected",
 * "write_ms", "write_error"} as they apply), "achievements", "demands", "terms",
 * "memory_bytes", "seq", "build_ms"}. */
json_t *kz_search_status(void);

/* True when the indexes are ready (loaded or built, and caught up), waiting up to ms for it. */
bool kz_search_wait_ready(int ms);

/* Sets the structured-fit weights of matching from "text=0.5,industry=0.15,…" (names: text,
 * industry, region, maturity, price, freshness; normalized to sum 1). Returns 0, or -1 with
 * a message in err. */
int kz_match_set_weights(const char *spec, char *err, size_t errlen);

kz_err kz_search(db_conn *c, const kz_actor *a, const kz_search_query *q, json_t **out,
                 kz_error *e);
/* GET /demands/{id}/matches: achievements, experts and service agencies for a demand. */
kz_err kz_match_demand(db_conn *c, const kz_actor *a, int64_t id, int limit, json_t **out,
                       kz_error *e);
/* GET /achievements/{id}/matches: demands and enterprises for an achievement. */
kz_err kz_match_achievement(db_conn *c, const kz_actor *a, int64_t id, int limit, json_t **out,
                            kz_error *e);

#endif
