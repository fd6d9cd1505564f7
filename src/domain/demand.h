/* demand.h — 需求库: enterprise demands (企业出题) with their own workflow
 * (draft → submitted → published → matched → closed, with review), revisions and tiered
 * visibility. Ownership: json_t **out is new; inputs are borrowed. */
#ifndef KZ_DEMAND_H
#define KZ_DEMAND_H
#include "../core/errors.h"
#include "../db/db.h"
#include "actor.h"
#include "common.h"
#include <jansson.h>

kz_err kz_dem_import(db_conn *c, const kz_actor *a, const json_t *in, json_t **out, kz_error *e);
kz_err kz_dem_get(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e);
kz_err kz_dem_history(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e);

extern const char *const kz_dem_columns[];

#endif
