#include "authz.h"
#include <string.h>

#define R(role) KZ_ROLE_BIT(KZ_ROLE_##role)
#define ANY_USER                                                                                   \
    (R(RESEARCHER) | R(ORG_ADMIN) | R(ENTERPRISE) | R(BROKER) | R(EXPERT) | R(REVIEWER) |          \
     R(OFFICER) | R(ADMIN))

/* Rows: resource, action, roles, scope. "public" (bit 0) means: anyone, signed in or not.
 * A role may appear in several rows of one (resource, action); the widest reach counts. */
static const struct rule {
    kz_resource res;
    kz_action act;
    unsigned roles;
    kz_scope scope;
} policy[] = {
    /* 主体库: organizations are a public registry; officers manage their region's. */
    {KZ_RES_ORG, KZ_ACT_LIST, R(PUBLIC), KZ_SCOPE_ALL},
    {KZ_RES_ORG, KZ_ACT_READ, R(PUBLIC), KZ_SCOPE_ALL},
    {KZ_RES_ORG, KZ_ACT_CREATE, R(ADMIN), KZ_SCOPE_ALL},
    {KZ_RES_ORG, KZ_ACT_CREATE, R(OFFICER), KZ_SCOPE_REGION},
    {KZ_RES_ORG, KZ_ACT_UPDATE, R(ADMIN), KZ_SCOPE_ALL},
    {KZ_RES_ORG, KZ_ACT_UPDATE, R(OFFICER), KZ_SCOPE_REGION},
    {KZ_RES_ORG, KZ_ACT_UPDATE, R(ORG_ADMIN), KZ_SCOPE_ORG},
    /* accounts */
    {KZ_RES_USER, KZ_ACT_LIST, R(ADMIN), KZ_SCOPE_ALL},
    {KZ_RES_USER, KZ_ACT_LIST, R(OFFICER), KZ_SCOPE_REGION},
    {KZ_RES_USER, KZ_ACT_LIST, R(ORG_ADMIN), KZ_SCOPE_ORG},
    {KZ_RES_USER, KZ_ACT_READ, R(ADMIN), KZ_SCOPE_ALL},
    {KZ_RES_USER, KZ_ACT_READ, R(OFFICER), KZ_SCOPE_REGION},
    {KZ_RES_USER, KZ_ACT_READ, R(ORG_ADMIN), KZ_SCOPE_ORG},
    {KZ_RES_USER, KZ_ACT_READ, ANY_USER, KZ_SCOPE_SELF},
    {KZ_RES_USER, KZ_ACT_CREATE, R(ADMIN), KZ_SCOPE_ALL},
    {KZ_RES_USER, KZ_ACT_CREATE, R(OFFICER), KZ_SCOPE_REGION},
    {KZ_RES_USER, KZ_ACT_CREATE, R(ORG_ADMIN), KZ_SCOPE_ORG},
    {KZ_RES_USER, KZ_ACT_UPDATE, R(ADMIN), KZ_SCOPE_ALL},
    {KZ_RES_USER, KZ_ACT_UPDATE, R(OFFICER), KZ_SCOPE_REGION},
    {KZ_RES_USER, KZ_ACT_UPDATE, R(ORG_ADMIN), KZ_SCOPE_ORG},
    {KZ_RES_USER, KZ_ACT_UPDATE, ANY_USER, KZ_SCOPE_SELF},
    /* 痕迹: the audit chain is read by supervisors */
    {KZ_RES_AUDIT, KZ_ACT_LIST, R(ADMIN) | R(OFFICER), KZ_SCOPE_ALL},
    {KZ_RES_AUDIT, KZ_ACT_READ, R(ADMIN) | R(OFFICER), KZ_SCOPE_ALL},
    /* access requests to a confidential detail: the owner org decides on its achievements'
     * requests (and admins on all); a requester reads their own. Creating one depends on the
     * record's visibility (kz_record_view), not on this table. */
    {KZ_RES_ACCESS, KZ_ACT_LIST, R(ADMIN), KZ_SCOPE_ALL},
    {KZ_RES_ACCESS, KZ_ACT_LIST, R(RESEARCHER) | R(ORG_ADMIN), KZ_SCOPE_ORG},
    {KZ_RES_ACCESS, KZ_ACT_LIST, ANY_USER, KZ_SCOPE_SELF},
    {KZ_RES_ACCESS, KZ_ACT_READ, R(ADMIN), KZ_SCOPE_ALL},
    {KZ_RES_ACCESS, KZ_ACT_READ, R(RESEARCHER) | R(ORG_ADMIN), KZ_SCOPE_ORG},
    {KZ_RES_ACCESS, KZ_ACT_READ, ANY_USER, KZ_SCOPE_SELF},
    {KZ_RES_ACCESS, KZ_ACT_UPDATE, R(ADMIN), KZ_SCOPE_ALL},
    {KZ_RES_ACCESS, KZ_ACT_UPDATE, R(RESEARCHER) | R(ORG_ADMIN), KZ_SCOPE_ORG},
};

static unsigned effective_roles(const kz_actor *a)
{
    return a->roles | KZ_ROLE_BIT(KZ_ROLE_PUBLIC);
}

kz_scope kz_authz_scope(const kz_actor *a, kz_resource r, kz_action act)
{
    if (a->operator_) return KZ_SCOPE_ALL;
    kz_scope best = KZ_SCOPE_NONE;
    unsigned roles = effective_roles(a);
    for (size_t i = 0; i < sizeof(policy) / sizeof(policy[0]); i++)
        if (policy[i].res == r && policy[i].act == act && (policy[i].roles & roles) &&
            policy[i].scope > best)
            best = policy[i].scope;
    return best;
}

void kz_region_prefix(const char *region, char out[8])
{
    size_t n = region ? strlen(region) : 0;
    if (n > 6) n = 6;
    memcpy(out, region ? region : "", n);
    out[n] = 0;
    while (n >= 2 && out[n - 1] == '0' && out[n - 2] == '0')
        out[n -= 2] = 0;
}

static bool reaches(const kz_actor *a, kz_scope s, const kz_target *t)
{
    switch (s) {
    case KZ_SCOPE_ALL: return true;
    case KZ_SCOPE_REGION: {
        char p[8];
        kz_region_prefix(a->region, p);
        return p[0] && t->region && strncmp(t->region, p, strlen(p)) == 0;
    }
    case KZ_SCOPE_ORG: return a->org_id && t->org_id == a->org_id;
    case KZ_SCOPE_SELF: return a->user_id && t->user_id == a->user_id;
    default: return false;
    }
}

bool kz_authz_allows(const kz_actor *a, kz_resource r, kz_action act, const kz_target *t)
{
    if (a->operator_) return true;
    unsigned roles = effective_roles(a);
    for (size_t i = 0; i < sizeof(policy) / sizeof(policy[0]); i++)
        if (policy[i].res == r && policy[i].act == act && (policy[i].roles & roles) &&
            reaches(a, policy[i].scope, t))
            return true;
    return false;
}

unsigned kz_authz_grantable(const kz_actor *a)
{
    if (a->operator_ || (a->roles & R(ADMIN))) return ~0u & ~R(PUBLIC);
    unsigned g = 0;
    if (a->roles & R(OFFICER))
        g |= R(RESEARCHER) | R(ORG_ADMIN) | R(ENTERPRISE) | R(BROKER) | R(EXPERT) | R(REVIEWER);
    if (a->roles & R(ORG_ADMIN)) g |= R(RESEARCHER) | R(ORG_ADMIN) | R(ENTERPRISE) | R(BROKER);
    return g;
}

bool kz_is_owner(const kz_actor *a, int64_t org_id, unsigned owner_roles)
{
    return a->org_id && a->org_id == org_id && (a->roles & owner_roles);
}

bool kz_in_region(const kz_actor *a, const char *region)
{
    char p[8];
    kz_region_prefix(a->region, p);
    return p[0] && region && strncmp(region, p, strlen(p)) == 0;
}

kz_view kz_record_view(const kz_actor *a, int64_t org_id, const char *region, const char *status)
{
    if (a->operator_ || (a->roles & KZ_ROLE_BIT(KZ_ROLE_ADMIN))) return KZ_VIEW_FULL;
    if (a->org_id && a->org_id == org_id) return KZ_VIEW_FULL; /* own organization */
    bool draft = strcmp(status, "draft") == 0;
    if (!draft && (a->roles & KZ_ROLE_BIT(KZ_ROLE_REVIEWER))) return KZ_VIEW_FULL;
    if (!draft && (a->roles & KZ_ROLE_BIT(KZ_ROLE_OFFICER)) && kz_in_region(a, region))
        return KZ_VIEW_FULL;
    return strcmp(status, "published") == 0 ? KZ_VIEW_CARD : KZ_VIEW_NONE;
}
