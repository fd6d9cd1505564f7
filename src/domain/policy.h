/* policy.h — 政策兑现 (kinds/policy.c): a policy's rule, and its evaluation against a subject.
 *
 * Ownership: json_t arguments are borrowed; *out is a new reference for the caller. */
#ifndef KZ_POLICY_H
#define KZ_POLICY_H
#include "../db/db.h"
#include "actor.h"
#include "rule.h"

/* The kind of the subjects named (contract, challenge_application, org); NULL when none. */
const struct kz_kind_desc *kz_policy_subject_kind(const char *name);

/* The rule of a policy's data (its conditions and amount fields) over its subject kind's fields
 * into *r; false with a field error in e (on the record's field at fault). */
bool kz_policy_rule(const json_t *data, kz_rule *r, kz_error *e);

/* POST /policies/{id}/evaluate: policy id and subject subject_id as the actor may read them (404
 * otherwise); *out = {policy_id, policy_title, policy_version, subject_kind, subject_id,
 * eligible, amount_fen, explanation}: the policy in force and today in its period are conditions
 * too, explained first. */
kz_err kz_policy_evaluate(db_conn *c, const kz_actor *a, int64_t id, int64_t subject_id,
                          json_t **out, kz_error *e);

#endif
