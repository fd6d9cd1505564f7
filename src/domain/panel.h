/* panel.h — expert panels beyond the engine (kinds/panel.c is the panel itself): the experts'
 * profiles, the members of a panel and their conflicts of interest, the sealed score sheets and
 * the panel's result. One mechanism wherever experts score (a challenge's 论证 and 评审 now).
 *
 * Members (panel_members, migration 014): the convener (an owner-org officer or reviewer of the
 * panel, or an admin) invites experts (users with the expert role) while the panel is a draft or
 * open, and may withdraw an invitation not yet scored (the reason kept); an invited expert sees
 * the invitation once the panel is open (GET /me/reviews) and either declares no conflict of
 * interest (declared: only now does it read the material, GET /panels/{id}/material) or recuses
 * itself naming the conflict (recused; any sheets it wrote are dropped). A member who has scored
 * every item is `scored`.
 *
 * Conflicts of interest, checked at the invitation, again at the declaration, and shown with the
 * proposals: an expert is excluded from a panel when, for any org of any item (an application's
 * lead and partners, the challenge's issuer) —
 *   same_org   the expert belongs to that org;
 *   team       the expert's name is the name of a member of the application's team;
 *   coworker   in the last conflict_years years the expert entered a record (an achievement, a
 *              demand, a record of any kind) owned by that org;
 *   declared   the expert's profile names that org among its standing conflicts.
 * Proposals (GET /panels/{id}/candidates) rank the experts of the panel's industry section by how
 * closely a field of their profile matches its industry code, the busy ones after the available,
 * and list the excluded with their conflicts; experts who are unavailable are not proposed.
 *
 * Scores (panel_scores): a declared member scores an item on every criterion (an integer from 0
 * to the criterion's top score) with a comment; the sheet's total, in hundredths of a point out
 * of 100, is Σ weight × score ÷ top, computed exactly and rounded half up once. A member may
 * replace its sheet while the panel is open. Sheets are sealed until the panel closes: before, an
 * expert reads its own only, the convener who has and has not scored; the audit row of a sheet
 * holds its SHA-256, not its scores. At close each item's result is the trimmed mean of the
 * totals of the members who scored every item (the highest and the lowest dropped when there are
 * five or more), with the plain mean, the lowest, the highest and the spread; items are ranked by
 * the trimmed mean. Every invitation, declaration, recusal, withdrawal and sheet is in the audit
 * chain.
 *
 * Ownership: json_t arguments are borrowed; every json_t ** result is a new reference. */
#ifndef KZ_PANEL_H
#define KZ_PANEL_H
#include "../core/errors.h"
#include "../db/db.h"
#include "actor.h"
#include "common.h"
#include "record.h"
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define KZ_PANEL_CRITERIA_MAX 10
#define KZ_PANEL_MEMBERS_MAX  30  /* members not withdrawn nor recused */
#define KZ_PANEL_ITEMS_MAX    200 /* the records one panel reviews */

/* Whether a panel of this purpose may be formed for a challenge in this state. */
bool kz_panel_purpose_fits(const char *purpose, const char *challenge_status);

/* The panel kind's steps (engine.h on_transition_db, after_transition): `open` fixes the items,
 * `close` writes the result; after `open` the invited experts are told. */
db_status kz_panel_open_step(db_conn *c, const kz_rec_row *r, json_t *data, bool *edited,
                             kz_err *refused, kz_error *e);
db_status kz_panel_close_step(db_conn *c, const kz_rec_row *r, json_t *data, bool *edited,
                              kz_err *refused, kz_error *e);
db_status kz_panel_after_transition(db_conn *c, const kz_actor *a, const kz_rec_row *after);

/* Whether challenge challenge_id has a panel of purpose still open (draft or open): its 论证 or
 * its award waits for it. */
db_status kz_panel_pending(db_conn *c, int64_t challenge_id, const char *purpose, bool *pending);

/* GET /panels/{id}/members (whoever reads the panel). */
kz_err kz_panel_members(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e);
/* POST /panels/{id}/members {action: invite|withdraw|declare|recuse, user_id, comment}: the
 * member as it now stands. */
kz_err kz_panel_member_act(db_conn *c, const kz_actor *a, int64_t id, const json_t *in,
                           json_t **out, kz_error *e);
/* GET /panels/{id}/candidates (the convener). */
kz_err kz_panel_candidates(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e);
/* GET /panels/{id}/material: the criteria and the items' records (a declared or scored member;
 * the convener). */
kz_err kz_panel_material(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e);
/* POST /panels/{id}/scores {item_id, scores: {key: n}, comment}: the sheet as stored. */
kz_err kz_panel_score(db_conn *c, const kz_actor *a, int64_t id, const json_t *in, json_t **out,
                      kz_error *e);
/* GET /panels/{id}/scores: sealed until closed (see above). */
kz_err kz_panel_scores(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e);
/* GET /me/reviews: the actor's panels past draft, newest first. */
kz_err kz_me_reviews(db_conn *c, const kz_actor *a, const kz_page *p, json_t **out, kz_error *e);
/* GET and PUT /me/expert-profile (an expert's own). */
kz_err kz_expert_profile_get(db_conn *c, const kz_actor *a, json_t **out, kz_error *e);
kz_err kz_expert_profile_put(db_conn *c, const kz_actor *a, const json_t *in, json_t **out,
                             kz_error *e);

/* The pure arithmetic, for the unit tests. A sheet's total in hundredths (criteria as the panel
 * holds them, scores {key: n} already checked); -1 when a score is missing or out of range. */
int64_t kz_panel_sheet_total(const json_t *criteria, const json_t *scores);
typedef struct kz_panel_agg {
    int n;             /* sheets */
    bool trimmed;      /* the highest and the lowest were dropped (n >= 5) */
    int64_t mean_c;    /* of all, rounded half up */
    int64_t trimmed_c; /* of those kept, rounded half up */
    int64_t min_c, max_c;
} kz_panel_agg;
/* v: n totals (n >= 1; reordered). */
void kz_panel_aggregate(int64_t *v, int n, kz_panel_agg *out);

#endif
