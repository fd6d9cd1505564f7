/* finance.h — 科技金融 (kinds/finance_request.c): an enterprise's finance request matched to the
 * lenders' products by eligibility and fit, with the reasons; the granted requests' statistics
 * (finance_stats, migration 013).
 *
 * Ownership: json_t arguments are borrowed; *out is a new reference for the caller. */
#ifndef KZ_FINANCE_H
#define KZ_FINANCE_H
#include "../core/errors.h"
#include "../db/db.h"
#include "actor.h"
#include <jansson.h>
#include <stdbool.h>

/* Whether product (a finance product as loaded) fits request (a finance request as loaded) of
 * an org of tier and region: the same kind, the amount inside its range, the term within its
 * longest, the org's tier and region among those it serves. Appends one zh-CN line per
 * condition met to met (NULL: none kept) and per condition missed to missed; returns the fit
 * score in [0, 100] (0 when a condition is missed): lower rates, a longer term and a narrower
 * region served (a product made for the org's city or district) score higher. */
int kz_finance_fit(const json_t *product, const json_t *request, const char *tier,
                   const char *region, json_t *met, json_t *missed);

/* GET /finance-requests/{id}/matches: the request as the actor may read it (404), then the
 * active products of its kind whose range covers its amount (at most 100, from the list in
 * memory), each {product: card, score, reasons[]} — eligible ones by score, highest first — and
 * `nearly`: those that miss one condition, with it named ("差一项：…"). */
kz_err kz_finance_matches(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e);

/* GET /stats/finance?level=province|city|district&parent=: the granted requests by product, by
 * region at the level (within parent) and by month: {by_product, by_region, by_month}, each
 * row {key, count, granted_fen} (regions with their name), from finance_stats. */
kz_err kz_finance_stats(db_conn *c, const char *level, const char *parent, json_t **out,
                        kz_error *e);

/* Recounts finance_stats from the requests (stats rebuild and restore). */
db_status kz_finance_rebuild(db_conn *c);

#endif
