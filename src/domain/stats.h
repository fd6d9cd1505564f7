/* stats.h — statistics for the dashboard and the resource map (aggregates only; public).
 * Ownership: json_t **out is new. */
#ifndef KZ_STATS_H
#define KZ_STATS_H
#include "../core/errors.h"
#include "../db/db.h"
#include <jansson.h>

/* Counts by status, by industry 门类 and by city (published records), new this month. */
kz_err kz_stats_overview(db_conn *c, json_t **out, kz_error *e);
/* level: "province" | "city" | "district"; kind: "achievement" | "demand" | "org"; parent:
 * optional code prefix ("51" for Sichuan's cities, "5101" for Chengdu's districts). */
kz_err kz_stats_map(db_conn *c, const char *level, const char *kind, const char *parent,
                    json_t **out, kz_error *e);

#endif
