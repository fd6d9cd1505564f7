/* h_panel.c — expert panels beyond the engine (domain/panel.h), and a matchmaking event's
 * results (domain/event.h): a panel's members (GET, and POST
 * {action: invite|withdraw|declare|recuse, user_id, comment}), the proposed experts, the material
 * a declared member reads, the score sheets (POST one, GET them: sealed until the panel closes),
 * an expert's own reviews (GET /api/v1/me/reviews) and profile (GET and PUT
 * /api/v1/me/expert-profile). */
#include "../domain/event.h"
#include "../domain/panel.h"
#include "handlers.h"

typedef kz_err (*post_fn)(db_conn *c, const kz_actor *a, int64_t id, const json_t *in, json_t **out,
                          kz_error *e);

static void post_by_id(kz_req *r, post_fn fn, int status)
{
    json_t *in, *out = NULL;
    if (!kz_read_json(r, &in)) return;
    kz_error e = {0};
    db_conn *c = kz_db(r);
    if (c) {
        if (fn(c, &r->actor, r->id, in, &out, &e) != KZ_OK)
            kz_reply_error(r, &e);
        else
            kz_reply_json(r, status, out);
    }
    json_decref(in);
}

/* GET /api/v1/events/{id}/results (domain/event.h): what a matchmaking event produced. */
void h_event_results(kz_req *r)
{
    kz_handle_get_json(r, kz_event_results);
}

void h_panel_members(kz_req *r)
{
    kz_handle_get_json(r, kz_panel_members);
}

void h_panel_member_act(kz_req *r)
{
    post_by_id(r, kz_panel_member_act, 200);
}

void h_panel_candidates(kz_req *r)
{
    kz_handle_get_json(r, kz_panel_candidates);
}

void h_panel_material(kz_req *r)
{
    kz_handle_get_json(r, kz_panel_material);
}

void h_panel_scores(kz_req *r)
{
    kz_handle_get_json(r, kz_panel_scores);
}

void h_panel_score(kz_req *r)
{
    post_by_id(r, kz_panel_score, 200);
}

void h_me_reviews(kz_req *r)
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
    if (kz_me_reviews(c, &r->actor, &p, &out, &e) != KZ_OK)
        kz_reply_error(r, &e);
    else
        kz_reply_json(r, 200, out);
}

void h_expert_profile_get(kz_req *r)
{
    kz_error e = {0};
    json_t *out = NULL;
    db_conn *c = kz_db(r);
    if (!c) return;
    if (kz_expert_profile_get(c, &r->actor, &out, &e) != KZ_OK)
        kz_reply_error(r, &e);
    else
        kz_reply_json(r, 200, out);
}

void h_expert_profile_put(kz_req *r)
{
    json_t *in, *out = NULL;
    if (!kz_read_json(r, &in)) return;
    kz_error e = {0};
    db_conn *c = kz_db(r);
    if (c) {
        if (kz_expert_profile_put(c, &r->actor, in, &out, &e) != KZ_OK)
            kz_reply_error(r, &e);
        else
            kz_reply_json(r, 200, out);
    }
    json_decref(in);
}
