/* resource.h — shared instruments (kinds/resource.c): a resource's utilisation over a period,
 * from the slots its approved and running bookings hold (booking_slots, migration 011).
 *
 * Ownership: *out is a new reference for the caller. */
#ifndef KZ_RESOURCE_H
#define KZ_RESOURCE_H
#include "../core/errors.h"
#include "../db/db.h"
#include "actor.h"
#include <jansson.h>

#define KZ_UTIL_MAX_DAYS 366

/* GET /resources/{id}/utilisation?from=&to=: resource id as the actor may read it (404), the
 * days from..to ("YYYY-MM-DD", inclusive; NULL: this week, Monday to Sunday, China Standard
 * Time; at most 366 days, from not after to: 422) → {resource_id, from, to, open_minutes (the
 * opening hours of its opening days), booked_minutes (the booked time inside them),
 * free_minutes, utilisation_bp (booked / open, basis points, rounded down; 0 with no opening)}. */
kz_err kz_resource_utilisation(db_conn *c, const kz_actor *a, int64_t id, const char *from,
                               const char *to, json_t **out, kz_error *e);

#endif
