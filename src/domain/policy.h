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
#include "common.h"
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

/* GET /orgs/{id}/eligible-policies (政策找企业, for the org): every policy in force today
 * (at most KZ_POLICY_SCAN of them) against the org's subjects — the org itself, its registered
 * contracts (sold or bought) and won 揭榜 applications, the newest KZ_POLICY_SUBJECTS of each —
 * *out = {org_id, org_name, eligible: [{policy_id, policy_title, subject_kind, subject_id,
 * subject_title, amount_fen, claimed_by}], nearly: [{…, missing: the label of the one
 * condition not met, text: its line}], policies, subjects}. Who: the org's members, officers
 * whose region holds the org, admins (403 otherwise; 404 no such org). */
#define KZ_POLICY_SCAN     100 /* (a list page: KZ_LIST_MAX) */
#define KZ_POLICY_SUBJECTS 50
kz_err kz_policy_eligible_for_org(db_conn *c, const kz_actor *a, int64_t org_id, json_t **out,
                                  kz_error *e);

/* GET /policies/{id}/eligible-orgs (政策找企业, for the bureau): the orgs in the region of policy
 * id (over orgs) that it grants something today and that have not applied, scanning at most
 * KZ_POLICY_ORG_SCAN orgs after p->after, in id order, until p->limit are found: *out = {items:
 * [{org_id, org_name, region, tier, amount_fen}], next_cursor (the last org scanned, null at the
 * end), scanned}. Who: officers of the policy's region, the issuer's members, admins (403);
 * a policy over records other than orgs: 409. */
#define KZ_POLICY_ORG_SCAN 5000
kz_err kz_policy_eligible_orgs(db_conn *c, const kz_actor *a, int64_t id, const kz_page *p,
                               json_t **out, kz_error *e);

#endif
