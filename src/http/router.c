#include "router.h"
#include "../domain/engine.h"
#include "handlers.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The routes of a kind the engine serves alone, at its collection path. */
#define KIND_ROUTES(path, kind)                                                                    \
    {"GET", path, h_kind_list, kind}, {"POST", path, h_kind_create, kind},                         \
        {"GET", path "/export", h_kind_export, kind}, {"GET", path "/{id}", h_kind_get, kind},     \
        {"PATCH", path "/{id}", h_kind_patch, kind},                                               \
        {"POST", path "/{id}/transitions", h_kind_transition, kind},                               \
    {                                                                                              \
        "GET", path "/{id}/history", h_kind_history, kind                                          \
    }

/* A child kind's sub-collection under its parent (engine.h kz_parent): list and create. */
#define CHILD_ROUTES(path, kind)                                                                   \
    {"GET", path, h_kind_children, kind},                                                          \
    {                                                                                              \
        "POST", path, h_kind_child_create, kind                                                    \
    }

const kz_route kz_routes[] = {
    {"GET", "/healthz", h_healthz, NULL},
    {"GET", "/readyz", h_readyz, NULL},
    {"GET", "/metrics", h_metrics, NULL},
    {"GET", "/api/v1/openapi.json", h_openapi, NULL},
    {"POST", "/api/v1/auth/login", h_login, NULL},
    {"POST", "/api/v1/auth/logout", h_logout, NULL},
    {"GET", "/api/v1/me", h_me, NULL},
    {"POST", "/api/v1/me/password", h_me_password, NULL},
    {"GET", "/api/v1/me/reviews", h_me_reviews, NULL},
    {"GET", "/api/v1/me/expert-profile", h_expert_profile_get, NULL},
    {"PUT", "/api/v1/me/expert-profile", h_expert_profile_put, NULL},
    {"GET", "/api/v1/orgs", h_orgs_list, NULL},
    /* the org registry: the engine's but for its list (a kind without a state machine) */
    {"POST", "/api/v1/orgs", h_kind_create, &kz_kind_org},
    {"GET", "/api/v1/orgs/{id}", h_kind_get, &kz_kind_org},
    {"GET", "/api/v1/orgs/{id}/eligible-policies", h_org_eligible_policies, NULL},
    {"PATCH", "/api/v1/orgs/{id}", h_kind_patch, &kz_kind_org},
    {"GET", "/api/v1/users", h_users_list, NULL},
    {"POST", "/api/v1/users", h_users_create, NULL},
    {"GET", "/api/v1/users/{id}", h_users_get, NULL},
    {"PATCH", "/api/v1/users/{id}", h_users_patch, NULL},
    {"GET", "/api/v1/audit", h_audit_list, NULL},
    {"GET", "/api/v1/audit/verify", h_audit_verify, NULL},
    {"GET", "/api/v1/achievements", h_kind_list, &kz_kind_achievement},
    {"POST", "/api/v1/achievements", h_kind_create, &kz_kind_achievement},
    {"GET", "/api/v1/achievements/export", h_ach_export, NULL},
    {"GET", "/api/v1/achievements/{id}", h_kind_get, &kz_kind_achievement},
    {"PATCH", "/api/v1/achievements/{id}", h_kind_patch, &kz_kind_achievement},
    {"POST", "/api/v1/achievements/{id}/transitions", h_kind_transition, &kz_kind_achievement},
    {"GET", "/api/v1/achievements/{id}/history", h_kind_history, &kz_kind_achievement},
    {"GET", "/api/v1/achievements/{id}/matches", h_ach_matches, NULL},
    {"POST", "/api/v1/achievements/{id}/access-requests", h_ach_access_create, NULL},
    {"GET", "/api/v1/achievements/{id}/access-requests", h_ach_access_list, NULL},
    {"GET", "/api/v1/access-requests", h_access_inbox, NULL},
    {"POST", "/api/v1/access-requests/{id}/decision", h_access_decide, NULL},
    {"GET", "/api/v1/demands", h_kind_list, &kz_kind_demand},
    {"POST", "/api/v1/demands", h_kind_create, &kz_kind_demand},
    {"GET", "/api/v1/demands/export", h_dem_export, NULL},
    {"GET", "/api/v1/demands/{id}", h_kind_get, &kz_kind_demand},
    {"PATCH", "/api/v1/demands/{id}", h_kind_patch, &kz_kind_demand},
    {"POST", "/api/v1/demands/{id}/transitions", h_kind_transition, &kz_kind_demand},
    {"GET", "/api/v1/demands/{id}/history", h_kind_history, &kz_kind_demand},
    {"GET", "/api/v1/demands/{id}/matches", h_dem_matches, NULL},
    /* the kinds served by the engine alone (h_kind.c): one descriptor, one set of handlers */
    KIND_ROUTES("/api/v1/finance-products", &kz_kind_finance_product),
    KIND_ROUTES("/api/v1/finance-requests", &kz_kind_finance_request),
    {"GET", "/api/v1/finance-requests/{id}/matches", h_finance_matches, NULL},
    KIND_ROUTES("/api/v1/platforms", &kz_kind_platform),
    KIND_ROUTES("/api/v1/contracts", &kz_kind_contract),
    KIND_ROUTES("/api/v1/challenges", &kz_kind_challenge),
    CHILD_ROUTES("/api/v1/challenges/{id}/applications", &kz_kind_challenge_application),
    CHILD_ROUTES("/api/v1/challenges/{id}/milestones", &kz_kind_challenge_milestone),
    KIND_ROUTES("/api/v1/challenge-applications", &kz_kind_challenge_application),
    KIND_ROUTES("/api/v1/challenge-milestones", &kz_kind_challenge_milestone),
    KIND_ROUTES("/api/v1/policies", &kz_kind_policy),
    {"POST", "/api/v1/policies/{id}/evaluate", h_policy_evaluate, NULL},
    {"GET", "/api/v1/policies/{id}/eligible-orgs", h_policy_eligible_orgs, NULL},
    CHILD_ROUTES("/api/v1/policies/{id}/applications", &kz_kind_policy_application),
    KIND_ROUTES("/api/v1/policy-applications", &kz_kind_policy_application),
    KIND_ROUTES("/api/v1/resources", &kz_kind_resource),
    {"GET", "/api/v1/resources/{id}/utilisation", h_resource_utilisation, NULL},
    CHILD_ROUTES("/api/v1/resources/{id}/bookings", &kz_kind_booking),
    KIND_ROUTES("/api/v1/bookings", &kz_kind_booking),
    KIND_ROUTES("/api/v1/vouchers", &kz_kind_voucher),
    {"GET", "/api/v1/vouchers/{id}/balance", h_voucher_balance, NULL},
    KIND_ROUTES("/api/v1/listings", &kz_kind_listing),
    {"GET", "/api/v1/listings/{id}/bidding", h_listing_bidding, NULL},
    CHILD_ROUTES("/api/v1/listings/{id}/bids", &kz_kind_bid),
    CHILD_ROUTES("/api/v1/listings/{id}/deposits", &kz_kind_deposit),
    CHILD_ROUTES("/api/v1/listings/{id}/objections", &kz_kind_objection),
    KIND_ROUTES("/api/v1/bids", &kz_kind_bid),
    KIND_ROUTES("/api/v1/deposits", &kz_kind_deposit),
    KIND_ROUTES("/api/v1/objections", &kz_kind_objection),
    KIND_ROUTES("/api/v1/deals", &kz_kind_deal),
    CHILD_ROUTES("/api/v1/demands/{id}/deals", &kz_kind_deal),
    CHILD_ROUTES("/api/v1/deals/{id}/events", &kz_kind_deal_event),
    KIND_ROUTES("/api/v1/deal-events", &kz_kind_deal_event),
    KIND_ROUTES("/api/v1/events", &kz_kind_event),
    {"GET", "/api/v1/events/{id}/results", h_event_results, NULL},
    KIND_ROUTES("/api/v1/brokers", &kz_kind_broker),
    {"GET", "/api/v1/brokers/{id}/stats", h_broker_stats, NULL},
    {"GET", "/api/v1/brokers/{id}/demands", h_broker_demands, NULL},
    CHILD_ROUTES("/api/v1/brokers/{id}/trainings", &kz_kind_broker_training),
    KIND_ROUTES("/api/v1/broker-trainings", &kz_kind_broker_training),
    CHILD_ROUTES("/api/v1/brokers/{id}/assignments", &kz_kind_broker_assignment),
    KIND_ROUTES("/api/v1/broker-assignments", &kz_kind_broker_assignment),
    CHILD_ROUTES("/api/v1/events/{id}/registrations", &kz_kind_event_registration),
    KIND_ROUTES("/api/v1/event-registrations", &kz_kind_event_registration),
    KIND_ROUTES("/api/v1/panels", &kz_kind_panel),
    CHILD_ROUTES("/api/v1/challenges/{id}/panels", &kz_kind_panel),
    {"GET", "/api/v1/panels/{id}/members", h_panel_members, NULL},
    {"POST", "/api/v1/panels/{id}/members", h_panel_member_act, NULL},
    {"GET", "/api/v1/panels/{id}/candidates", h_panel_candidates, NULL},
    {"GET", "/api/v1/panels/{id}/material", h_panel_material, NULL},
    {"GET", "/api/v1/panels/{id}/scores", h_panel_scores, NULL},
    {"POST", "/api/v1/panels/{id}/scores", h_panel_score, NULL},
    {"GET", "/api/v1/search", h_search, NULL},
    {"GET", "/api/v1/stats/overview", h_stats_overview, NULL},
    {"GET", "/api/v1/stats/map", h_stats_map, NULL},
    {"GET", "/api/v1/stats/contracts", h_stats_contracts, NULL},
    {"GET", "/api/v1/stats/finance", h_stats_finance, NULL},
    {"GET", "/api/v1/stats/brokers", h_stats_brokers, NULL},
    {"GET", "/api/v1/notifications", h_notifications_list, NULL},
    {"POST", "/api/v1/notifications/{id}/read", h_notification_read, NULL},
    {"GET", "/api/v1/kinds", h_kinds, NULL},
    {"GET", "/api/v1/vocab", h_vocab_index, NULL},
    {"GET", "/api/v1/vocab/{key}", h_vocab_get, NULL},
};
const int kz_nroutes = (int)(sizeof(kz_routes) / sizeof(kz_routes[0]));

/* Matches one pattern; returns true and fills *id and key. */
static bool match(const char *pattern, const char *path, int64_t *id, char key[KZ_ROUTE_KEY_MAX])
{
    const char *p = pattern, *s = path;
    while (*p && *s) {
        if (!strncmp(p, "{key}", 5)) {
            p += 5;
            size_t n = 0;
            while (s[n] && s[n] != '/') {
                char c = s[n];
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
                n++;
            }
            if (!n || n >= KZ_ROUTE_KEY_MAX) return false;
            memcpy(key, s, n);
            key[n] = 0;
            s += n;
            continue;
        }
        if (*p == '{') {
            const char *close = strchr(p, '}');
            if (!close) return false;
            p = close + 1;
            if (*s < '1' || *s > '9') return false;
            errno = 0;
            char *end;
            long long v = strtoll(s, &end, 10);
            if (errno || (*end && *end != '/') || end - s > 18) return false;
            *id = v;
            s = end;
            continue;
        }
        if (*p != *s) return false;
        p++;
        s++;
    }
    return !*p && !*s;
}

kz_route_result kz_route_match(const char *method, const char *path, const kz_route **out,
                               int64_t *id, char *allow, size_t n)
{
    char key[KZ_ROUTE_KEY_MAX];
    return kz_route_match_key(method, path, out, id, key, allow, n);
}

kz_route_result kz_route_match_key(const char *method, const char *path, const kz_route **out,
                                   int64_t *id, char key[KZ_ROUTE_KEY_MAX], char *allow, size_t n)
{
    bool path_ok = false;
    size_t used = 0;
    if (allow && n) allow[0] = 0;
    *out = NULL;
    for (int i = 0; i < kz_nroutes; i++) {
        int64_t v = 0;
        char k[KZ_ROUTE_KEY_MAX] = "";
        if (!match(kz_routes[i].pattern, path, &v, k)) continue;
        if (strcmp(kz_routes[i].method, method) == 0) {
            *out = &kz_routes[i];
            *id = v;
            memcpy(key, k, sizeof k);
            return KZ_ROUTE_OK;
        }
        path_ok = true;
        if (allow && used < n) {
            int w = snprintf(allow + used, n - used, "%s%s", used ? ", " : "", kz_routes[i].method);
            if (w > 0) used += (size_t)w;
        }
    }
    return path_ok ? KZ_ROUTE_BAD_METHOD : KZ_ROUTE_NOT_FOUND;
}

int kz_route_index(const kz_route *r)
{
    return r ? (int)(r - kz_routes) : -1;
}
