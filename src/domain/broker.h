/* broker.h — technology brokers and 科技特派员 beyond the engine (kinds/broker.c is the registry,
 * the trainings and the assignments): the counts each broker's account keeps, the figures made
 * of them (GET /api/v1/brokers/{id}/stats), the ranking (GET /api/v1/stats/brokers) and the
 * demands of the enterprises assigned to a broker (GET /api/v1/brokers/{id}/demands).
 *
 * The counts (record_counts, domain/counts.h: entity KZ_BROKER_ENTITY, by the user id of the
 * broker who opened the deals, the deal's broker_id) are kept by the `counted` hooks of the deals,
 * the registry entries, the trainings and the assignments in each write's transaction, and
 * recounted by kezhuan stats verify and restore:
 *   taken, deal:<status>           the deals past draft, by their state now
 *   reached:contacted              the deals that reached 已联系 (whatever their state now)
 *   declined:<code>                the declined deals by reason
 *   signdays:<n>                   signed deals by days from recommendation to signature
 *   train:n, train:hours           verified trainings
 *   assigned                       enterprises served now
 *   rec:<id>                       the account's registry entry, submitted, registered or suspended
 *   on:<id>                        the same while registered (在册): the ranking lists these only
 * Reading a broker's figures is one indexed look-up; the ranking reads the top accounts of one
 * count by the index on (entity, key, n) and their other counts in one statement: neither grows
 * with the deals or the brokers.
 *
 * Ownership: json_t arguments are borrowed; *out is a new reference. */
#ifndef KZ_BROKER_H
#define KZ_BROKER_H
#include "../core/errors.h"
#include "../db/db.h"
#include "actor.h"
#include "record.h"
#include <jansson.h>
#include <stdint.h>

#define KZ_BROKER_ENTITY       "broker"
#define KZ_BROKER_ASSIGNED_MAX 50  /* enterprises one broker serves at once */
#define KZ_BROKER_DEMANDS_MAX  200 /* demands GET /brokers/{id}/demands answers */
#define KZ_BROKER_RANK_MAX     100 /* rows of a ranking */

/* The registry entry (id) of the user's account, submitted, registered or suspended: 0 when
 * none. */
db_status kz_broker_entry_of(db_conn *c, int64_t user_id, int64_t *entry_id);
/* A deal's counts for its broker (kinds/deal.c's counted hook; r as written or as it was). */
db_status kz_broker_deal_counted(db_conn *c, const kz_rec_row *r, int64_t delta);
/* The figures of a broker from their counts ({key: n}, as kz_record_counts reads them): taken,
 * open, contacted, signed, declined, signed_rate (percent of taken, one decimal; null when none
 * taken), median_days_to_sign (null when none signed; the mean of the two middle values for an
 * even count), decline_reasons {code: n} for every code, trainings, training_hours, assigned.
 * New. */
json_t *kz_broker_figures(const json_t *counts);

/* GET /brokers/{id}/stats: whoever reads the registry entry. */
kz_err kz_broker_stats(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e);
/* GET /brokers/{id}/demands: the demands past draft of the enterprises assigned to the broker now,
 * newest first (at most KZ_BROKER_DEMANDS_MAX), each with its enterprise: for the broker themself,
 * their org's admins, officers of the entry's region and admins (403 for other readers of it). */
kz_err kz_broker_demands(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e);
/* GET /stats/brokers?by=signed|taken|contacted|hours&limit=: registered brokers ranked by one
 * count (highest first, then by account; equal values share a rank), each with their figures.
 * by NULL: signed; limit (1–KZ_BROKER_RANK_MAX) NULL: 20. Anyone may read it. */
kz_err kz_broker_ranking(db_conn *c, const char *by, const char *limit, json_t **out, kz_error *e);

#endif
