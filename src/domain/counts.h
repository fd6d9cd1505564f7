/* counts.h — the counts records keep of other records (record_counts, migration 015): per record
 * (an entity name and an id), named counts that the kinds' `counted` hooks keep in each write's
 * own transaction — an event's registrations and the deals it started (domain/event.c), an org's
 * deals declined on its demand side by reason (kinds/deal.c, read by the matching in match.c), a
 * broker's deals, trainings, enterprises served and registry entry (domain/broker.h).
 * Reading them is one indexed look-up, never a scan of the records they count; kezhuan stats
 * verify and restore recount them (kz_counts_rebuild).
 *
 * Ownership: into is borrowed (counts are added to it as {key: n}). */
#ifndef KZ_COUNTS_H
#define KZ_COUNTS_H
#include "../db/db.h"
#include <jansson.h>
#include <stdint.h>

/* Adds delta to the count key of record (entity, id). */
db_status kz_record_count(db_conn *c, const char *entity, int64_t id, const char *key,
                          int64_t delta);
/* The record's nonzero counts into the object into ({key: n}). */
db_status kz_record_counts(db_conn *c, const char *entity, int64_t id, json_t *into);
/* Clears every count and recounts them from every record of the kinds that keep them. */
db_status kz_counts_rebuild(db_conn *c);

#endif
