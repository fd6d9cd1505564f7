/* policy.h — 政策兑现 (kinds/policy.c, kinds/policy_application.c): a policy's rule, its
 * evaluation against a subject for an applicant org — the rule, the policy in force and in its
 * period, the budget it has left and the org's yearly cap (policy_ledger, migration 010) — and
 * the claims of subjects by applications (policy_claims).
 *
 * Ownership: json_t arguments are borrowed; *out and kz_policy_eval.explanation are new
 * references for the caller. */
#ifndef KZ_POLICY_H
#define KZ_POLICY_H
#include "../db/db.h"
#include "actor.h"
#include "rule.h"

struct kz_kind_desc;

/* The kind of the subjects named (contract, challenge_application, org); NULL when none. */
const struct kz_kind_desc *kz_policy_subject_kind(const char *name);

/* The rule of a policy's data (its conditions and amount fields) over its subject kind's fields
 * into *r; false with a field error in e (on the record's field at fault). */
bool kz_policy_rule(const json_t *data, kz_rule *r, kz_error *e);

/* Whether subject s (as loaded) of kind k is org_id's to claim a reward for: the org itself, or
 * the record's owner or one of its parties (a contract's buyer). */
bool kz_policy_subject_of(const struct kz_kind_desc *k, const json_t *s, int64_t org_id);

/* The org a subject's reward goes to when the asker is not named: the actor's org when the
 * subject is its, else the subject's owner (an org subject: itself). */
int64_t kz_policy_applicant(const struct kz_kind_desc *k, const json_t *s, const kz_actor *a);

typedef struct kz_policy_eval {
    bool eligible;
    int64_t amount_fen;  /* 0 when not eligible */
    int64_t rule_fen;    /* what the rule alone gives (before the budget and the yearly cap) */
    json_t *explanation; /* rule.h's lines: the policy's own conditions first, the budget last */
} kz_policy_eval;

/* Evaluates policy p against subject s (both as loaded; p's rule as written, which parses) for
 * applicant org_id (0: none, no yearly cap applied): the policy in force on day `on` ("YYYY-MM-DD";
 * NULL: today — an application is judged on the day it was submitted: a policy retired since
 * still counts), that day in its period, the rule's conditions and amount, then what is left of
 * the budget and of the org's cap for this year (amount_fen the least of them; none left: not
 * eligible). A database failure is returned (out->explanation is then NULL); a rule that does
 * not parse (not expected: checked when written) sets *bad_rule. */
db_status kz_policy_assess(db_conn *c, const json_t *p, const json_t *s, int64_t org_id,
                           const char *on, kz_policy_eval *out, bool *bad_rule);

/* The application id holding the claim of (policy_id, subject_id), 0 when free. */
db_status kz_policy_claim(db_conn *c, int64_t policy_id, int64_t subject_id, int64_t *app_id);

/* POST /policies/{id}/evaluate: policy id and subject subject_id as the actor may read them (404
 * otherwise), for applicant org_id (0: kz_policy_applicant); *out = {policy_id, policy_title,
 * policy_version, subject_kind, subject_id, org_id, eligible, amount_fen, claimed_by (the
 * application holding the subject's claim, or null), explanation}. */
kz_err kz_policy_evaluate(db_conn *c, const kz_actor *a, int64_t id, int64_t subject_id,
                          int64_t org_id, json_t **out, kz_error *e);

#endif
