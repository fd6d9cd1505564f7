/* h_policy.c — 政策兑现 beyond the engine (domain/policy.h): POST /api/v1/policies/{id}/evaluate
 * {subject_id, org_id?} → the evaluation of the policy against that subject for that applicant
 * org (default: the actor's org when the subject is its, else the subject's owner); 政策找企业:
 * GET /api/v1/orgs/{id}/eligible-policies and GET /api/v1/policies/{id}/eligible-orgs. */
#include "../core/validate.h"
#include "../domain/policy.h"
#include "handlers.h"

static const kz_field evaluate_fields[] = {
    {.name = "subject_id", .type = KZ_F_INT, .required = true, .min = 1, .max = 9007199254740991LL},
    {.name = "org_id", .type = KZ_F_INT, .nullable = true, .min = 1, .max = 9007199254740991LL},
    {0},
};

void h_policy_evaluate(kz_req *r)
{
    json_t *in, *out = NULL;
    if (!kz_read_json(r, &in)) return;
    kz_error e = {0};
    if (!kz_validate_object(in, evaluate_fields, false, &e)) {
        kz_reply_error(r, &e);
        json_decref(in);
        return;
    }
    db_conn *c = kz_db(r);
    if (c) {
        if (kz_policy_evaluate(
                c, &r->actor, r->id, json_integer_value(json_object_get(in, "subject_id")),
                json_integer_value(json_object_get(in, "org_id")), &out, &e) != KZ_OK)
            kz_reply_error(r, &e);
        else
            kz_reply_json(r, 200, out);
    }
    json_decref(in);
}

/* GET /api/v1/orgs/{id}/eligible-policies */
void h_org_eligible_policies(kz_req *r)
{
    kz_error e = {0};
    json_t *out = NULL;
    db_conn *c = kz_db(r);
    if (!c) return;
    if (kz_policy_eligible_for_org(c, &r->actor, r->id, &out, &e) != KZ_OK)
        kz_reply_error(r, &e);
    else
        kz_reply_json(r, 200, out);
}

/* GET /api/v1/policies/{id}/eligible-orgs?limit=&cursor= */
void h_policy_eligible_orgs(kz_req *r)
{
    kz_error e = {0};
    kz_page p;
    json_t *out = NULL;
    if (!kz_page_parse(kz_arg(r, "limit"), kz_arg(r, "cursor"), &p, &e)) {
        kz_reply_error(r, &e);
        return;
    }
    db_conn *c = kz_db(r);
    if (!c) return;
    if (kz_policy_eligible_orgs(c, &r->actor, r->id, &p, &out, &e) != KZ_OK)
        kz_reply_error(r, &e);
    else
        kz_reply_json(r, 200, out);
}
