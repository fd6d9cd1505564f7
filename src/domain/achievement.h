/* achievement.h — 成果库: research achievements with the 征集 → 形式审查 → 筛选评估 → 发布
 * workflow, revisions, tiered visibility and access requests to the confidential detail.
 * Ownership: json_t **out is a new reference for the caller; inputs are borrowed. */
#ifndef KZ_ACHIEVEMENT_H
#define KZ_ACHIEVEMENT_H
#include "../core/errors.h"
#include "../db/db.h"
#include "actor.h"
#include "common.h"
#include <jansson.h>

/* For the operator's import: like a create (kz_kind_create), but `status` (any state) and
 * `org_id` may be given. */
kz_err kz_ach_import(db_conn *c, const kz_actor *a, const json_t *in, json_t **out, kz_error *e);
kz_err kz_ach_get(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e);
kz_err kz_ach_history(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e);
/* Moves published records past their validity date to `expired`; returns how many. */
int kz_ach_expire_due(db_conn *c);
/* true when the actor's access request to achievement id's detail was approved. */
bool kz_ach_granted(db_conn *c, const kz_actor *a, int64_t id);

/* Access to the confidential detail. */
kz_err kz_access_request(db_conn *c, const kz_actor *a, int64_t ach_id, const json_t *in,
                         json_t **out, kz_error *e);
kz_err kz_access_list(db_conn *c, const kz_actor *a, int64_t ach_id, json_t **out, kz_error *e);
/* GET /access-requests: every request the actor may see across achievements, newest first —
 * an admin all, a researcher or org_admin those for their org's achievements, anyone else their
 * own (authz.c, KZ_RES_ACCESS); mine: only the actor's own. status: NULL or a request state
 * (pending|approved|declined|revoked). Items carry a card of the achievement and the
 * requester's org. */
kz_err kz_access_inbox(db_conn *c, const kz_actor *a, const char *status, bool mine,
                       const kz_page *p, json_t **out, kz_error *e);
/* in: {"action": "approve"|"decline"|"revoke", "comment"} by the owner org. */
kz_err kz_access_decide(db_conn *c, const kz_actor *a, int64_t req_id, const json_t *in,
                        json_t **out, kz_error *e);

/* The field names of an achievement, in export order. */
extern const char *const kz_ach_columns[];

#endif
