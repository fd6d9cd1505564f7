/* handlers.h — every endpoint, one file per resource (h_*.c). Handlers parse the request,
 * call one domain operation, and answer; they hold no business rules. */
#ifndef KZ_HANDLERS_H
#define KZ_HANDLERS_H
#include "../io/table.h"
#include "req.h"

/* h_ops.c */
void h_healthz(kz_req *r);
void h_readyz(kz_req *r);
void h_metrics(kz_req *r);
void h_openapi(kz_req *r);
/* h_auth.c */
void h_login(kz_req *r);
void h_logout(kz_req *r);
void h_me(kz_req *r);
void h_me_password(kz_req *r);
/* h_orgs.c */
void h_orgs_list(kz_req *r);
/* h_users.c */
void h_users_list(kz_req *r);
void h_users_create(kz_req *r);
void h_users_get(kz_req *r);
void h_users_patch(kz_req *r);
/* h_audit.c */
void h_audit_list(kz_req *r);
void h_audit_verify(kz_req *r);
/* h_achievements.c */
void h_ach_access_create(kz_req *r);
void h_ach_access_list(kz_req *r);
void h_access_inbox(kz_req *r);
void h_access_decide(kz_req *r);
void h_notifications_list(kz_req *r);
void h_notification_read(kz_req *r);
/* h_demands.c */
/* h_export.c */
void h_ach_export(kz_req *r);
void h_dem_export(kz_req *r);
/* GET …/export of any kind: a file of fmt with columns cols[0..n) that fill writes (the rows the
 * actor may see, at most max, their count in *rows), answered as an attachment name + ext. */
#define KZ_EXPORT_MAX 50000
typedef kz_err (*kz_export_fill)(kz_req *r, struct db_conn *c, const void *ctx, kz_table_writer *w,
                                 long max, long *rows, kz_error *e);
void kz_reply_export(kz_req *r, kz_table_format fmt, const char *const *cols, int n,
                     const char *name, kz_export_fill fill, const void *ctx);
/* h_kind.c — the record routes the engine serves for every kind (create, read, PATCH,
 * transitions, history; and for a kind it serves alone also list and export); the route's ctx is
 * the kind's descriptor (engine.h) */
void h_kind_list(kz_req *r);
void h_kind_create(kz_req *r);
void h_kind_children(kz_req *r);
void h_kind_child_create(kz_req *r);
void h_kind_export(kz_req *r);
void h_kind_get(kz_req *r);
void h_kind_patch(kz_req *r);
void h_kind_transition(kz_req *r);
void h_kind_history(kz_req *r);
/* h_search.c */
void h_search(kz_req *r);
void h_dem_matches(kz_req *r);
/* h_policy.c */
void h_policy_evaluate(kz_req *r);
void h_policy_eligible_orgs(kz_req *r);
void h_org_eligible_policies(kz_req *r);
void h_resource_utilisation(kz_req *r);
void h_voucher_balance(kz_req *r);
void h_listing_bidding(kz_req *r);
void h_finance_matches(kz_req *r);
void h_stats_finance(kz_req *r);
void h_event_results(kz_req *r);
/* h_broker.c */
void h_broker_stats(kz_req *r);
void h_broker_demands(kz_req *r);
void h_stats_brokers(kz_req *r);
void h_panel_members(kz_req *r);
void h_panel_member_act(kz_req *r);
void h_panel_candidates(kz_req *r);
void h_panel_material(kz_req *r);
void h_panel_scores(kz_req *r);
void h_panel_score(kz_req *r);
void h_me_reviews(kz_req *r);
void h_expert_profile_get(kz_req *r);
void h_expert_profile_put(kz_req *r);
void h_ach_matches(kz_req *r);

/* h_stats.c */
void h_stats_overview(kz_req *r);
void h_stats_map(kz_req *r);
void h_stats_contracts(kz_req *r);
/* h_kinds.c */
void h_kinds(kz_req *r);
/* h_vocab.c */
void h_vocab_index(kz_req *r);
void h_vocab_get(kz_req *r);

/* The shapes of the domain operations behind the resource endpoints. */
typedef kz_err (*kz_create_fn)(struct db_conn *c, const kz_actor *a, const json_t *in, json_t **out,
                               kz_error *e);
typedef kz_err (*kz_get_fn)(struct db_conn *c, const kz_actor *a, int64_t id, json_t **out,
                            kz_error *e);
typedef kz_err (*kz_change_fn)(struct db_conn *c, const kz_actor *a, int64_t id, const json_t *in,
                               int64_t if_match, json_t **out, kz_error *e);

/* The common endpoint bodies: read the JSON body (and If-Match), call the operation, answer
 * 201 + Location + ETag (create) or 200 + ETag, or the error. */
void kz_handle_create(kz_req *r, const char *collection, kz_create_fn fn);
void kz_handle_get(kz_req *r, kz_get_fn fn);
/* The same for an answer that is no record (no ETag): figures, results, lists of a record. */
void kz_handle_get_json(kz_req *r, kz_get_fn fn);
void kz_handle_change(kz_req *r, kz_change_fn fn);

/* Shared by handlers: answer 201 with Location and ETag for a created record. */
void kz_reply_created(kz_req *r, const char *collection, json_t *record);
/* Answer 200 with ETag for a single record. */
void kz_reply_record(kz_req *r, json_t *record);

#endif
