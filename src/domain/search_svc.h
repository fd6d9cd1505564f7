/* search_svc.h — what domain/search.c shares with domain/match.c: the service's indexes and
 * lock, the attribute codes, text queries with the viewer's visibility, loading the cards of
 * hits. Internal to the search and matching modules.
 * Ownership: as noted per function; JSON results are new references. */
#ifndef KZ_DOMAIN_SEARCH_SVC_H
#define KZ_DOMAIN_SEARCH_SVC_H
#include "../core/errors.h"
#include "../db/db.h"
#include "../search/attrs.h"
#include "../search/index.h"
#include "../search/query.h"
#include "actor.h"
#include "enums.h"
#include <jansson.h>

enum { KZ_SK_ACH = 0, KZ_SK_DEM = 1, KZ_SK__COUNT };
/* The kinds kept in kind_records (engine.h kz_shared_kinds) have list attributes only: service
 * kind KZ_SK__COUNT + their index there, at most KZ_SK_SHARED_MAX of them. */
#define KZ_SK_SHARED_MAX 32
/* The service kind of a shared kind's name; -1 when it is none. */
int kz_svc_shared_kind(const char *name);

/* Takes the read lock after waiting for the first build and catching up with the feed.
 * Returns 0, or an error (503 while the index is not ready) with e set. */
kz_err kz_svc_read_begin(db_conn *c, kz_error *e);
void kz_svc_read_end(void);
/* The index of a kind; valid between read_begin and read_end. */
const kz_index *kz_svc_index(int kind);
/* The list attributes of a kind (search/attrs.h), under the read lock like the index; NULL for
 * a shared kind the service has none of (never the case once ready). */
const kz_at *kz_svc_attrs(int kind);
/* Like kz_svc_read_begin, but never waits: false (nothing held) while the index is being built
 * or cannot catch up; true: caught up and read-locked until kz_svc_read_end(). */
bool kz_svc_try_read_begin(db_conn *c);
/* Under the read lock: a number that changes whenever the indexes' content does (a build, a
 * snapshot load, a catch-up that applied changes); equal numbers mean equal content. */
uint64_t kz_svc_generation(void);
/* A status's index in the kind's enum, an enum code's index; -1 when unknown. */
int kz_svc_status_code(int kind, const char *status);
int kz_svc_enum_index(const kz_enum *e, const char *code);

/* Status code <-> index attribute. */
const char *kz_svc_status_name(int kind, uint8_t code);
/* "510104" from an attribute region (out must hold 8 bytes; "" for none). */
void kz_svc_region_str(uint32_t region, char out[8]);
/* True when the actor may see the indexed document (visibility tiers of authz.h). */
bool kz_svc_visible(const kz_actor *a, int kind, const kz_ix_attrs *at);

/* Runs a text query over kind for the actor: hits (doc, score) best first, at most k;
 * extra (may be NULL) narrows further. Returns the count or -1 (out of memory). */
typedef bool (*kz_svc_extra)(void *ctx, const kz_ix_attrs *at);
int kz_svc_query(const kz_actor *a, int kind, const kz_query *q, const uint64_t *bits,
                 uint32_t nbits, kz_svc_extra extra, void *extra_ctx, uint32_t k, kz_ix_hit *out);

/* The public card of a record for the actor (re-read from the database and shaped like
 * GET /…/{id}, without the confidential detail), or NULL when it is gone or not visible. */
json_t *kz_svc_card(db_conn *c, const kz_actor *a, int kind, int64_t id);
/* {"id", "display_name", "org_id", "org_name"} of a user who holds the researcher or expert
 * role and is enabled, else NULL. */
json_t *kz_svc_expert(db_conn *c, int64_t user_id);
/* {"id", "name", "kind", "region", "industry", "tier"} of an org, or NULL. */
json_t *kz_svc_org(db_conn *c, int64_t org_id, const char **kind);

/* The service agencies and platforms (orgs of kind service or platform), as kz_svc_org()
 * objects, or NULL on a database error. */
json_t *kz_svc_service_orgs(db_conn *c);

/* Days since 1970-01-01 of "YYYY-MM-DD…", 0 when unparsable. */
uint32_t kz_svc_day(const char *s);

#endif
