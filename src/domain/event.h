/* event.h — matchmaking events beyond the engine (kinds/event.c is the event and its
 * registrations): the counts each event keeps — its registrations
 * and the attendees they announce by state, the deals it started by state — and an event's results
 * (GET /api/v1/events/{id}/results), so that an officer sees what an event produced.
 *
 * The counts (record_counts, domain/counts.h: entity "event") are kept by the `counted` hooks of
 * the registrations and of the deals (a deal names the event that started it: event_id), in each
 * write's transaction, and recounted by kezhuan stats verify and restore. A registration reads them
 * to hold the event's capacity: write transactions take turns (the write lock), so simultaneous
 * registrations never pass it.
 *
 * Ownership: json_t arguments are borrowed; *out is a new reference. */
#ifndef KZ_EVENT_H
#define KZ_EVENT_H
#include "../core/errors.h"
#include "../db/db.h"
#include "actor.h"
#include <jansson.h>
#include <stdint.h>

/* Adds delta to the event's count named key ("reg:<status>", "att:<status>", "deal:<status>"). */
db_status kz_event_count(db_conn *c, int64_t event_id, const char *key, int64_t delta);
/* The organisations registered and not cancelled (registered or attended) for the event. */
db_status kz_event_taken(db_conn *c, int64_t event_id, int64_t *taken);
/* GET /events/{id}/results: whoever reads the event. */
kz_err kz_event_results(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e);

#endif
