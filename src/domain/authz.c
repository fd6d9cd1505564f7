#include "authz.h"
#include <jansson.h>
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

/* ---- field-level write rules ---- */

#define ACH_OWNERS (R(RESEARCHER) | R(ORG_ADMIN))
#define DEM_OWNERS (R(ENTERPRISE) | R(ORG_ADMIN))

static const struct field_rule {
    kz_resource res;
    const char *field;
    unsigned roles;
    kz_scope scope;
    bool others; /* never the actor's own user record */
} field_rules[] = {
    /* accounts: the privilege-bearing fields (roles, org_id, disabled) are written by
     * managers only, never on one's own record; only an admin moves an account between orgs */
    {KZ_RES_USER, "display_name", R(ADMIN), KZ_SCOPE_ALL, false},
    {KZ_RES_USER, "display_name", R(OFFICER), KZ_SCOPE_REGION, false},
    {KZ_RES_USER, "display_name", R(ORG_ADMIN), KZ_SCOPE_ORG, false},
    {KZ_RES_USER, "display_name", ANY_USER, KZ_SCOPE_SELF, false},
    {KZ_RES_USER, "password", R(ADMIN), KZ_SCOPE_ALL, false},
    {KZ_RES_USER, "password", R(OFFICER), KZ_SCOPE_REGION, false},
    {KZ_RES_USER, "password", R(ORG_ADMIN), KZ_SCOPE_ORG, false},
    {KZ_RES_USER, "roles", R(ADMIN), KZ_SCOPE_ALL, true},
    {KZ_RES_USER, "roles", R(OFFICER), KZ_SCOPE_REGION, true},
    {KZ_RES_USER, "roles", R(ORG_ADMIN), KZ_SCOPE_ORG, true},
    {KZ_RES_USER, "org_id", R(ADMIN), KZ_SCOPE_ALL, true},
    /* disabling oneself is refused with 409 by the account rules (user.c) */
    {KZ_RES_USER, "disabled", R(ADMIN), KZ_SCOPE_ALL, false},
    {KZ_RES_USER, "disabled", R(OFFICER), KZ_SCOPE_REGION, false},
    {KZ_RES_USER, "disabled", R(ORG_ADMIN), KZ_SCOPE_ORG, false},
    /* organizations: identity, kind, region and the enterprise tier (which policies read) are
     * the registry's (officers in their region, admins); an org's own admin keeps its
     * industry, address and contact current */
    {KZ_RES_ORG, "name", R(ADMIN), KZ_SCOPE_ALL, false},
    {KZ_RES_ORG, "name", R(OFFICER), KZ_SCOPE_REGION, false},
    {KZ_RES_ORG, "kind", R(ADMIN), KZ_SCOPE_ALL, false},
    {KZ_RES_ORG, "kind", R(OFFICER), KZ_SCOPE_REGION, false},
    {KZ_RES_ORG, "credit_code", R(ADMIN), KZ_SCOPE_ALL, false},
    {KZ_RES_ORG, "credit_code", R(OFFICER), KZ_SCOPE_REGION, false},
    {KZ_RES_ORG, "region", R(ADMIN), KZ_SCOPE_ALL, false},
    {KZ_RES_ORG, "region", R(OFFICER), KZ_SCOPE_REGION, false},
    {KZ_RES_ORG, "tier", R(ADMIN), KZ_SCOPE_ALL, false},
    {KZ_RES_ORG, "tier", R(OFFICER), KZ_SCOPE_REGION, false},
    {KZ_RES_ORG, "industry", R(ADMIN), KZ_SCOPE_ALL, false},
    {KZ_RES_ORG, "industry", R(OFFICER), KZ_SCOPE_REGION, false},
    {KZ_RES_ORG, "industry", R(ORG_ADMIN), KZ_SCOPE_ORG, false},
    {KZ_RES_ORG, "address", R(ADMIN), KZ_SCOPE_ALL, false},
    {KZ_RES_ORG, "address", R(OFFICER), KZ_SCOPE_REGION, false},
    {KZ_RES_ORG, "address", R(ORG_ADMIN), KZ_SCOPE_ORG, false},
    {KZ_RES_ORG, "contact", R(ADMIN), KZ_SCOPE_ALL, false},
    {KZ_RES_ORG, "contact", R(OFFICER), KZ_SCOPE_REGION, false},
    {KZ_RES_ORG, "contact", R(ORG_ADMIN), KZ_SCOPE_ORG, false},
#define OWNED(res, owners, f)                                                                      \
    {res, f, R(ADMIN), KZ_SCOPE_ALL, false},                                                       \
    {                                                                                              \
        res, f, owners, KZ_SCOPE_ORG, false                                                        \
    }
    /* 成果: the owner org's researchers and org admins (in the states the workflow lets them
     * edit, achievement.c) and admins; org_id and status are nobody's to PATCH */
    OWNED(KZ_RES_ACHIEVEMENT, ACH_OWNERS, "title"),
    OWNED(KZ_RES_ACHIEVEMENT, ACH_OWNERS, "summary"),
    OWNED(KZ_RES_ACHIEVEMENT, ACH_OWNERS, "detail"),
    OWNED(KZ_RES_ACHIEVEMENT, ACH_OWNERS, "keywords"),
    OWNED(KZ_RES_ACHIEVEMENT, ACH_OWNERS, "industry"),
    OWNED(KZ_RES_ACHIEVEMENT, ACH_OWNERS, "tech_field"),
    OWNED(KZ_RES_ACHIEVEMENT, ACH_OWNERS, "region"),
    OWNED(KZ_RES_ACHIEVEMENT, ACH_OWNERS, "trl"),
    OWNED(KZ_RES_ACHIEVEMENT, ACH_OWNERS, "ip"),
    OWNED(KZ_RES_ACHIEVEMENT, ACH_OWNERS, "team"),
    OWNED(KZ_RES_ACHIEVEMENT, ACH_OWNERS, "transfer_modes"),
    OWNED(KZ_RES_ACHIEVEMENT, ACH_OWNERS, "transaction_mode"),
    OWNED(KZ_RES_ACHIEVEMENT, ACH_OWNERS, "price_fen"),
    OWNED(KZ_RES_ACHIEVEMENT, ACH_OWNERS, "valid_until"),
    OWNED(KZ_RES_ACHIEVEMENT, ACH_OWNERS, "competing"),
    /* 需求: the owner enterprise's users and org admins, and admins */
    OWNED(KZ_RES_DEMAND, DEM_OWNERS, "title"),
    OWNED(KZ_RES_DEMAND, DEM_OWNERS, "description"),
    OWNED(KZ_RES_DEMAND, DEM_OWNERS, "indicators"),
    OWNED(KZ_RES_DEMAND, DEM_OWNERS, "basis"),
    OWNED(KZ_RES_DEMAND, DEM_OWNERS, "kind"),
    OWNED(KZ_RES_DEMAND, DEM_OWNERS, "industry"),
    OWNED(KZ_RES_DEMAND, DEM_OWNERS, "region"),
    OWNED(KZ_RES_DEMAND, DEM_OWNERS, "budget_min_fen"),
    OWNED(KZ_RES_DEMAND, DEM_OWNERS, "budget_max_fen"),
    OWNED(KZ_RES_DEMAND, DEM_OWNERS, "deadline"),
    OWNED(KZ_RES_DEMAND, DEM_OWNERS, "trl_min"),
    OWNED(KZ_RES_DEMAND, DEM_OWNERS, "cooperation_modes"),
#undef OWNED
};

bool kz_authz_field(const kz_actor *a, kz_resource r, const char *field, const kz_target *t)
{
    if (a->operator_) return true;
    unsigned roles = effective_roles(a);
    bool self = a->user_id && t->user_id == a->user_id;
    for (size_t i = 0; i < sizeof(field_rules) / sizeof(field_rules[0]); i++) {
        const struct field_rule *f = &field_rules[i];
        if (f->res != r || strcmp(f->field, field) != 0 || !(f->roles & roles)) continue;
        if (f->others && self) continue;
        if (reaches(a, f->scope, t)) return true;
    }
    return false;
}

const char *kz_authz_patch_refused(const kz_actor *a, kz_resource r, const void *patch,
                                   const kz_target *t)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)patch, k, v)
    {
        (void)v;
        if (!kz_authz_field(a, r, k, t)) return k;
    }
    return NULL;
}

static const char *const res_names[KZ_RES__COUNT] = {
    [KZ_RES_ORG] = "orgs",
    [KZ_RES_USER] = "users",
    [KZ_RES_AUDIT] = "audit",
    [KZ_RES_ACCESS] = "access-requests",
    [KZ_RES_ACHIEVEMENT] = "achievements",
    [KZ_RES_DEMAND] = "demands",
};
static const char *const scope_names[] = {"none", "self", "org", "region", "all"};

static json_t *role_list(unsigned bits)
{
    json_t *l = json_array();
    for (int r = 0; r < KZ_ROLE__COUNT; r++)
        if (r != KZ_ROLE_PUBLIC && (bits & KZ_ROLE_BIT(r)))
            json_array_append_new(l, json_string(kz_role_name((kz_role)r)));
    return l;
}

void kz_authz_dump_fields(FILE *out)
{
    json_t *o = json_object(), *fields = json_object(), *grant = json_object();
    for (size_t i = 0; i < sizeof(field_rules) / sizeof(field_rules[0]); i++) {
        const struct field_rule *f = &field_rules[i];
        json_t *res = json_object_get(fields, res_names[f->res]);
        if (!res) json_object_set_new(fields, res_names[f->res], res = json_object());
        json_t *rows = json_object_get(res, f->field);
        if (!rows) json_object_set_new(res, f->field, rows = json_array());
        json_array_append_new(rows, json_pack("{s:o, s:s, s:b}", "roles", role_list(f->roles),
                                              "scope", scope_names[f->scope], "others", f->others));
    }
    for (int r = 0; r < KZ_ROLE__COUNT; r++) {
        if (r == KZ_ROLE_PUBLIC) continue;
        kz_actor a = {.roles = KZ_ROLE_BIT(r)};
        json_object_set_new(grant, kz_role_name((kz_role)r), role_list(kz_authz_grantable(&a)));
    }
    json_object_set_new(o, "fields", fields);
    json_object_set_new(o, "grantable", grant);
    json_dumpf(o, out, JSON_INDENT(2) | JSON_SORT_KEYS);
    fputc('\n', out);
    json_decref(o);
}
