#include "demand.h"
#include "../core/jsonx.h"
#include "../core/validate.h"
#include "../core/vocab.h"
#include "audit.h"
#include "authz.h"
#include "clock.h"
#include "engine.h"
#include "enums.h"
#include "org.h"
#include "record.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const kz_dem_columns[] = {
    "id",
    "title",
    "description",
    "indicators",
    "basis",
    "kind",
    "industry",
    "region",
    "budget_min_fen",
    "budget_max_fen",
    "deadline",
    "trl_min",
    "cooperation_modes",
    "org_id",
    "status",
    "created_at",
    "updated_at",
    "published_at",
    NULL,
};

/* ---- the record-kind engine (engine.h; the kind is src/kinds/demand.c) ---- */

kz_err kz_dem_import(db_conn *c, const kz_actor *a, const json_t *in, json_t **out, kz_error *e)
{
    return kz_kind_import(&kz_kind_demand, c, a, in, out, e);
}

kz_err kz_dem_get(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e)
{
    return kz_kind_get(&kz_kind_demand, c, a, id, out, e);
}

kz_err kz_dem_history(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e)
{
    return kz_kind_history(&kz_kind_demand, c, a, id, out, e);
}
