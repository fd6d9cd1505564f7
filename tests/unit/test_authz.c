/* test_authz.c — the permission policy (src/domain/authz.c) and role names (actor.c).
 * The expected table is written out from the specification, not derived from the code. */
#include "unit.h"
#include "domain/authz.h"
#include "domain/record.h"

#define N KZ_SCOPE_NONE
#define S KZ_SCOPE_SELF
#define O KZ_SCOPE_ORG
#define G KZ_SCOPE_REGION
#define A KZ_SCOPE_ALL

/* Rows: the anonymous public, then each single role. Columns per resource: list, read,
 * create, update. */
static const struct {
    kz_role role; /* KZ_ROLE_PUBLIC: anonymous, no roles */
    kz_scope org[KZ_ACT__COUNT], user[KZ_ACT__COUNT], audit[KZ_ACT__COUNT], access[KZ_ACT__COUNT];
} expected[] = {
    /* each row: ORG, USER, AUDIT, ACCESS — each as {list, read, create, update} */
    {KZ_ROLE_PUBLIC, /*    */ {A, A, N, N}, {N, N, N, N}, {N, N, N, N}, {N, N, N, N}},
    {KZ_ROLE_RESEARCHER, /**/ {A, A, N, N}, {N, S, N, S}, {N, N, N, N}, {O, O, N, O}},
    {KZ_ROLE_ORG_ADMIN, /* */ {A, A, N, O}, {O, O, O, O}, {N, N, N, N}, {O, O, N, O}},
    {KZ_ROLE_ENTERPRISE, /**/ {A, A, N, N}, {N, S, N, S}, {N, N, N, N}, {S, S, N, N}},
    {KZ_ROLE_BROKER, /*    */ {A, A, N, N}, {N, S, N, S}, {N, N, N, N}, {S, S, N, N}},
    {KZ_ROLE_EXPERT, /*    */ {A, A, N, N}, {N, S, N, S}, {N, N, N, N}, {S, S, N, N}},
    {KZ_ROLE_REVIEWER, /*  */ {A, A, N, N}, {N, S, N, S}, {N, N, N, N}, {S, S, N, N}},
    {KZ_ROLE_OFFICER, /*   */ {A, A, G, G}, {G, G, G, G}, {A, A, N, N}, {S, S, N, N}},
    {KZ_ROLE_ADMIN, /*     */ {A, A, A, A}, {A, A, A, A}, {A, A, N, N}, {A, A, N, A}},
};

static const char *const res_names[] = {"org", "user", "audit", "access", "achievement", "demand"};
static const char *const act_names[] = {"list", "read", "create", "update"};

static kz_actor actor_with(kz_role role, int64_t user_id, int64_t org_id, const char *region)
{
    kz_actor a = {0};
    if (role != KZ_ROLE_PUBLIC) {
        a.roles = KZ_ROLE_BIT(role);
        a.user_id = user_id;
        snprintf(a.name, sizeof a.name, "%s", kz_role_name(role));
    }
    a.org_id = org_id;
    snprintf(a.region, sizeof a.region, "%s", region ? region : "");
    return a;
}

static void scope_table(void **state)
{
    (void)state;
    assert_int_equal(sizeof(expected) / sizeof(expected[0]), KZ_ROLE__COUNT);
    int checked = 0;
    for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
        kz_actor a = actor_with(expected[i].role, 7, 5, "510100");
        for (int r = 0; r < KZ_RES__COUNT; r++)
            for (int act = 0; act < KZ_ACT__COUNT; act++) {
                /* achievements and demands have field-write rules only, no policy rows */
                kz_scope want = r == KZ_RES_ORG      ? expected[i].org[act]
                                : r == KZ_RES_USER   ? expected[i].user[act]
                                : r == KZ_RES_AUDIT  ? expected[i].audit[act]
                                : r == KZ_RES_ACCESS ? expected[i].access[act]
                                                     : KZ_SCOPE_NONE;
                kz_scope got = kz_authz_scope(&a, (kz_resource)r, (kz_action)act);
                if (got != want)
                    fail_msg("%s %s %s: scope %d, want %d",
                             expected[i].role == KZ_ROLE_PUBLIC ? "anonymous"
                                                                : kz_role_name(expected[i].role),
                             res_names[r], act_names[act], (int)got, (int)want);
                checked++;
            }
    }
    assert_int_equal(checked, KZ_ROLE__COUNT * KZ_RES__COUNT * KZ_ACT__COUNT);
}

static void scope_of_several_roles_is_the_widest(void **state)
{
    (void)state;
    kz_actor a = actor_with(KZ_ROLE_RESEARCHER, 7, 5, "510100");
    a.roles |= KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN);
    assert_int_equal(kz_authz_scope(&a, KZ_RES_USER, KZ_ACT_READ), KZ_SCOPE_ORG);
    a.roles |= KZ_ROLE_BIT(KZ_ROLE_OFFICER);
    assert_int_equal(kz_authz_scope(&a, KZ_RES_USER, KZ_ACT_READ), KZ_SCOPE_REGION);
    assert_int_equal(kz_authz_scope(&a, KZ_RES_AUDIT, KZ_ACT_LIST), KZ_SCOPE_ALL);
    a.roles |= KZ_ROLE_BIT(KZ_ROLE_ADMIN);
    assert_int_equal(kz_authz_scope(&a, KZ_RES_ORG, KZ_ACT_CREATE), KZ_SCOPE_ALL);
}

static void operator_may_do_anything(void **state)
{
    (void)state;
    kz_actor op = {.operator_ = true};
    snprintf(op.name, sizeof op.name, "root");
    kz_target t = {.org_id = 99, .region = "650100", .user_id = 99};
    for (int r = 0; r < KZ_RES__COUNT; r++)
        for (int act = 0; act < KZ_ACT__COUNT; act++) {
            assert_int_equal(kz_authz_scope(&op, (kz_resource)r, (kz_action)act), KZ_SCOPE_ALL);
            assert_true(kz_authz_allows(&op, (kz_resource)r, (kz_action)act, &t));
        }
}

static void allows_org_scope(void **state)
{
    (void)state;
    kz_actor oa = actor_with(KZ_ROLE_ORG_ADMIN, 7, 5, "510104");
    kz_target own = {.org_id = 5, .region = "510104", .user_id = 8};
    kz_target other = {.org_id = 6, .region = "510104", .user_id = 9};
    assert_true(kz_authz_allows(&oa, KZ_RES_USER, KZ_ACT_READ, &own));
    assert_true(kz_authz_allows(&oa, KZ_RES_USER, KZ_ACT_UPDATE, &own));
    assert_true(kz_authz_allows(&oa, KZ_RES_USER, KZ_ACT_CREATE, &own));
    assert_true(kz_authz_allows(&oa, KZ_RES_ORG, KZ_ACT_UPDATE, &own));
    assert_false(kz_authz_allows(&oa, KZ_RES_USER, KZ_ACT_READ, &other));
    assert_false(kz_authz_allows(&oa, KZ_RES_USER, KZ_ACT_UPDATE, &other));
    assert_false(kz_authz_allows(&oa, KZ_RES_ORG, KZ_ACT_UPDATE, &other));
    assert_false(kz_authz_allows(&oa, KZ_RES_ORG, KZ_ACT_CREATE, &own));
    assert_false(kz_authz_allows(&oa, KZ_RES_AUDIT, KZ_ACT_LIST, &own));
    /* access requests: the owner org decides on its achievements' requests; a requester of
     * another org reads their own but decides nothing */
    assert_true(kz_authz_allows(&oa, KZ_RES_ACCESS, KZ_ACT_UPDATE, &own));
    assert_false(kz_authz_allows(&oa, KZ_RES_ACCESS, KZ_ACT_UPDATE, &other));
    assert_false(kz_authz_allows(&oa, KZ_RES_ACCESS, KZ_ACT_LIST, &other));
    kz_actor ent = actor_with(KZ_ROLE_ENTERPRISE, 9, 6, "510104");
    assert_true(kz_authz_allows(&ent, KZ_RES_ACCESS, KZ_ACT_LIST, &other));
    assert_false(kz_authz_allows(&ent, KZ_RES_ACCESS, KZ_ACT_UPDATE, &other));
    assert_false(kz_authz_allows(&ent, KZ_RES_ACCESS, KZ_ACT_LIST, &own));
    /* an org admin without an org reaches no org, not "org 0" */
    kz_actor orphan = actor_with(KZ_ROLE_ORG_ADMIN, 7, 0, "");
    kz_target none = {.org_id = 0, .region = NULL, .user_id = 8};
    assert_false(kz_authz_allows(&orphan, KZ_RES_USER, KZ_ACT_READ, &none));
    assert_false(kz_authz_allows(&orphan, KZ_RES_ORG, KZ_ACT_UPDATE, &none));
}

static void allows_region_scope(void **state)
{
    (void)state;
    kz_actor city = actor_with(KZ_ROLE_OFFICER, 3, 1, "510100"); /* 成都市 */
    kz_target jinjiang = {.org_id = 20, .region = "510104"};     /* 锦江区, in 成都 */
    kz_target cuiping = {.org_id = 21, .region = "511502"};      /* 翠屏区, 宜宾 */
    kz_target chengdu = {.org_id = 22, .region = "510100"};
    kz_target noregion = {.org_id = 23, .region = NULL};
    kz_target empty = {.org_id = 24, .region = ""};
    assert_true(kz_authz_allows(&city, KZ_RES_ORG, KZ_ACT_UPDATE, &jinjiang));
    assert_true(kz_authz_allows(&city, KZ_RES_ORG, KZ_ACT_UPDATE, &chengdu));
    assert_true(kz_authz_allows(&city, KZ_RES_USER, KZ_ACT_LIST, &jinjiang));
    assert_true(kz_authz_allows(&city, KZ_RES_ORG, KZ_ACT_CREATE, &jinjiang));
    assert_false(kz_authz_allows(&city, KZ_RES_ORG, KZ_ACT_UPDATE, &cuiping));
    assert_false(kz_authz_allows(&city, KZ_RES_USER, KZ_ACT_READ, &cuiping));
    assert_false(kz_authz_allows(&city, KZ_RES_ORG, KZ_ACT_UPDATE, &noregion));
    assert_false(kz_authz_allows(&city, KZ_RES_ORG, KZ_ACT_UPDATE, &empty));
    /* org list/read is public, whatever the region */
    assert_true(kz_authz_allows(&city, KZ_RES_ORG, KZ_ACT_READ, &cuiping));
    /* audit is ALL for officers */
    assert_true(kz_authz_allows(&city, KZ_RES_AUDIT, KZ_ACT_LIST, &cuiping));

    kz_actor province = actor_with(KZ_ROLE_OFFICER, 4, 1, "510000"); /* 四川省 */
    assert_true(kz_authz_allows(&province, KZ_RES_ORG, KZ_ACT_UPDATE, &cuiping));
    assert_true(kz_authz_allows(&province, KZ_RES_ORG, KZ_ACT_UPDATE, &jinjiang));
    kz_target chongqing = {.org_id = 25, .region = "500103"};
    kz_target guizhou = {.org_id = 26, .region = "520102"};
    assert_false(kz_authz_allows(&province, KZ_RES_ORG, KZ_ACT_UPDATE, &chongqing));
    assert_false(kz_authz_allows(&province, KZ_RES_USER, KZ_ACT_UPDATE, &guizhou));

    kz_actor county = actor_with(KZ_ROLE_OFFICER, 5, 1, "510104");
    assert_true(kz_authz_allows(&county, KZ_RES_ORG, KZ_ACT_UPDATE, &jinjiang));
    assert_false(kz_authz_allows(&county, KZ_RES_ORG, KZ_ACT_UPDATE, &chengdu));

    /* an officer without a region reaches no region (not every region) */
    kz_actor nowhere = actor_with(KZ_ROLE_OFFICER, 6, 0, "");
    assert_false(kz_authz_allows(&nowhere, KZ_RES_ORG, KZ_ACT_UPDATE, &jinjiang));
    assert_false(kz_authz_allows(&nowhere, KZ_RES_USER, KZ_ACT_READ, &empty));
}

static void allows_self_scope(void **state)
{
    (void)state;
    kz_actor r = actor_with(KZ_ROLE_RESEARCHER, 7, 5, "510104");
    kz_target me = {.org_id = 5, .user_id = 7};
    kz_target colleague = {.org_id = 5, .user_id = 8};
    assert_true(kz_authz_allows(&r, KZ_RES_USER, KZ_ACT_READ, &me));
    assert_true(kz_authz_allows(&r, KZ_RES_USER, KZ_ACT_UPDATE, &me));
    assert_false(kz_authz_allows(&r, KZ_RES_USER, KZ_ACT_READ, &colleague));
    assert_false(kz_authz_allows(&r, KZ_RES_USER, KZ_ACT_UPDATE, &colleague));
    assert_false(kz_authz_allows(&r, KZ_RES_USER, KZ_ACT_LIST, &me));
    assert_false(kz_authz_allows(&r, KZ_RES_USER, KZ_ACT_CREATE, &me));
    assert_false(kz_authz_allows(&r, KZ_RES_ORG, KZ_ACT_UPDATE, &me));
    /* the org admin also reaches themself */
    kz_actor oa = actor_with(KZ_ROLE_ORG_ADMIN, 7, 5, "");
    kz_target me_elsewhere = {.org_id = 6, .user_id = 7};
    assert_true(kz_authz_allows(&oa, KZ_RES_USER, KZ_ACT_READ, &me_elsewhere));
}

static void anonymous(void **state)
{
    (void)state;
    kz_actor anon = actor_with(KZ_ROLE_PUBLIC, 0, 0, "");
    kz_target t = {.org_id = 0, .region = NULL, .user_id = 0};
    kz_target org = {.org_id = 5, .region = "510104", .user_id = 0};
    assert_true(kz_authz_allows(&anon, KZ_RES_ORG, KZ_ACT_LIST, &org));
    assert_true(kz_authz_allows(&anon, KZ_RES_ORG, KZ_ACT_READ, &org));
    assert_false(kz_authz_allows(&anon, KZ_RES_ORG, KZ_ACT_UPDATE, &org));
    /* user_id 0 on both sides is not "self" */
    assert_false(kz_authz_allows(&anon, KZ_RES_USER, KZ_ACT_READ, &t));
    assert_false(kz_authz_allows(&anon, KZ_RES_USER, KZ_ACT_UPDATE, &t));
    assert_false(kz_authz_allows(&anon, KZ_RES_AUDIT, KZ_ACT_LIST, &t));
    /* a signed-in account with no roles at all is just the public */
    kz_actor bare = {.user_id = 9};
    kz_target self = {.user_id = 9};
    assert_int_equal(kz_authz_scope(&bare, KZ_RES_ORG, KZ_ACT_READ), KZ_SCOPE_ALL);
    assert_int_equal(kz_authz_scope(&bare, KZ_RES_USER, KZ_ACT_LIST), KZ_SCOPE_NONE);
    assert_false(kz_authz_allows(&bare, KZ_RES_USER, KZ_ACT_LIST, &self));
    /* a role without an account id (never a real session) reaches no "self" with id 0 */
    kz_actor ghost = {.roles = KZ_ROLE_BIT(KZ_ROLE_RESEARCHER)};
    kz_target nobody = {.user_id = 0};
    assert_false(kz_authz_allows(&ghost, KZ_RES_USER, KZ_ACT_READ, &nobody));
}

static void region_prefix(void **state)
{
    (void)state;
    char p[8];
    kz_region_prefix("510100", p);
    assert_string_equal(p, "5101");
    kz_region_prefix("510000", p);
    assert_string_equal(p, "51");
    kz_region_prefix("510104", p);
    assert_string_equal(p, "510104");
    kz_region_prefix("110000", p);
    assert_string_equal(p, "11");
    kz_region_prefix("500100", p);
    assert_string_equal(p, "5001");
    kz_region_prefix("", p);
    assert_string_equal(p, "");
    kz_region_prefix(NULL, p);
    assert_string_equal(p, "");
    memset(p, 'x', sizeof p);
    kz_region_prefix("5101001234", p); /* longer than a code: never past out[7] */
    assert_true(memchr(p, 0, sizeof p) != NULL);
}

static void grantable(void **state)
{
    (void)state;
    unsigned all = 0;
    for (int r = KZ_ROLE_RESEARCHER; r < KZ_ROLE__COUNT; r++)
        all |= KZ_ROLE_BIT(r);
    unsigned mask = all | KZ_ROLE_BIT(KZ_ROLE_PUBLIC);
    kz_actor admin = actor_with(KZ_ROLE_ADMIN, 1, 0, "");
    assert_int_equal(kz_authz_grantable(&admin) & mask, all);
    kz_actor op = {.operator_ = true};
    assert_int_equal(kz_authz_grantable(&op) & mask, all);

    kz_actor officer = actor_with(KZ_ROLE_OFFICER, 2, 1, "510100");
    unsigned want_officer = KZ_ROLE_BIT(KZ_ROLE_RESEARCHER) | KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN) |
                            KZ_ROLE_BIT(KZ_ROLE_ENTERPRISE) | KZ_ROLE_BIT(KZ_ROLE_BROKER) |
                            KZ_ROLE_BIT(KZ_ROLE_EXPERT) | KZ_ROLE_BIT(KZ_ROLE_REVIEWER);
    assert_int_equal(kz_authz_grantable(&officer), want_officer);

    kz_actor oa = actor_with(KZ_ROLE_ORG_ADMIN, 3, 5, "");
    unsigned want_oa = KZ_ROLE_BIT(KZ_ROLE_RESEARCHER) | KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN) |
                       KZ_ROLE_BIT(KZ_ROLE_ENTERPRISE) | KZ_ROLE_BIT(KZ_ROLE_BROKER);
    assert_int_equal(kz_authz_grantable(&oa), want_oa);

    static const kz_role nothing[] = {KZ_ROLE_PUBLIC, KZ_ROLE_RESEARCHER, KZ_ROLE_ENTERPRISE,
                                      KZ_ROLE_BROKER, KZ_ROLE_EXPERT,     KZ_ROLE_REVIEWER};
    for (size_t i = 0; i < sizeof(nothing) / sizeof(nothing[0]); i++) {
        kz_actor a = actor_with(nothing[i], 4, 5, "510104");
        assert_int_equal(kz_authz_grantable(&a), 0);
    }
}

/* Who takes a transition (record.h kz_workflow_find): its roles (officers in region), the
 * owner org's members, a party org's members (KZ_WHO_PARTY), never a system step. */
#define R(r) KZ_ROLE_BIT(KZ_ROLE_##r)
static void workflow_who(void **state)
{
    (void)state;
    static const kz_transition wf[] = {
        {"contact", {"recommended", NULL}, "contacted", R(BROKER), KZ_WHO_OWNER, false, "联系"},
        {"accept", {"contacted", NULL}, "negotiating", 0, KZ_WHO_PARTY, false, "接受"},
        {"decline",
         {"*", NULL},
         "declined",
         R(OFFICER),
         KZ_WHO_OWNER | KZ_WHO_PARTY,
         false,
         "谢绝"},
        {"expire", {"contacted", NULL}, "declined", 0, 0, true, "过期"},
        {NULL, {NULL}, NULL, 0, 0, false, NULL},
    };
    kz_actor ent = {.roles = R(ENTERPRISE), .org_id = 7}, off = {.roles = R(OFFICER)},
             op = {.operator_ = true};
    const kz_transition *t;
    /* a party's step: the party, not the owner, not a stranger */
    assert_int_equal(kz_workflow_find(wf, "accept", "contacted", &ent, false, true, false, &t),
                     KZ_WF_OK);
    assert_string_equal(t->to, "negotiating");
    assert_int_equal(kz_workflow_find(wf, "accept", "contacted", &ent, true, false, false, &t),
                     KZ_WF_FORBIDDEN);
    assert_int_equal(kz_workflow_find(wf, "accept", "contacted", &ent, false, false, false, &t),
                     KZ_WF_FORBIDDEN);
    /* an owner's step is not a party's; a party's in the wrong state is a conflict */
    assert_int_equal(kz_workflow_find(wf, "contact", "recommended", &ent, false, true, false, &t),
                     KZ_WF_FORBIDDEN);
    assert_int_equal(kz_workflow_find(wf, "contact", "recommended", &ent, true, false, false, &t),
                     KZ_WF_OK);
    assert_int_equal(kz_workflow_find(wf, "accept", "recommended", &ent, false, true, false, &t),
                     KZ_WF_CONFLICT);
    /* both sides may decline, from any state but its target; an officer in region too */
    assert_int_equal(kz_workflow_find(wf, "decline", "negotiating", &ent, false, true, false, &t),
                     KZ_WF_OK);
    assert_int_equal(kz_workflow_find(wf, "decline", "negotiating", &ent, true, false, false, &t),
                     KZ_WF_OK);
    assert_int_equal(kz_workflow_find(wf, "decline", "declined", &ent, true, false, false, &t),
                     KZ_WF_CONFLICT);
    assert_int_equal(kz_workflow_find(wf, "decline", "contacted", &off, false, false, true, &t),
                     KZ_WF_OK);
    assert_int_equal(kz_workflow_find(wf, "decline", "contacted", &off, false, false, false, &t),
                     KZ_WF_FORBIDDEN);
    /* a system step: only the platform itself */
    assert_int_equal(kz_workflow_find(wf, "expire", "contacted", &ent, true, true, true, &t),
                     KZ_WF_FORBIDDEN);
    assert_int_equal(kz_workflow_find(wf, "expire", "contacted", &op, false, false, false, &t),
                     KZ_WF_OK);
    assert_int_equal(kz_workflow_find(wf, "sign", "contacted", &op, false, false, false, &t),
                     KZ_WF_UNKNOWN);
}

static void role_names(void **state)
{
    (void)state;
    static const char *const names[] = {"researcher", "org_admin", "enterprise", "broker",
                                        "expert",     "reviewer",  "officer",    "admin"};
    for (int i = 0; i < 8; i++) {
        assert_int_equal(kz_role_by_name(names[i]), KZ_ROLE_RESEARCHER + i);
        assert_string_equal(kz_role_name((kz_role)(KZ_ROLE_RESEARCHER + i)), names[i]);
    }
    assert_int_equal(kz_role_by_name("public"), KZ_ROLE__COUNT);
    assert_int_equal(kz_role_by_name("Admin"), KZ_ROLE__COUNT);
    assert_int_equal(kz_role_by_name("root"), KZ_ROLE__COUNT);
    assert_int_equal(kz_role_by_name(""), KZ_ROLE__COUNT);
}

static void roles_parse_format(void **state)
{
    (void)state;
    unsigned bits = 0;
    assert_true(kz_roles_parse("researcher,org_admin", &bits));
    assert_int_equal(bits, KZ_ROLE_BIT(KZ_ROLE_RESEARCHER) | KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN));
    char buf[256];
    kz_roles_format(bits, buf, sizeof buf);
    assert_string_equal(buf, "researcher,org_admin");
    /* formatting sorts by role order */
    assert_true(kz_roles_parse("admin,researcher", &bits));
    kz_roles_format(bits, buf, sizeof buf);
    assert_string_equal(buf, "researcher,admin");
    kz_roles_format(0, buf, sizeof buf);
    assert_string_equal(buf, "");
    /* every subset round-trips */
    for (unsigned set = 0; set < (1u << 8); set++) {
        unsigned roles = set << 1, back = 0;
        kz_roles_format(roles, buf, sizeof buf);
        if (!kz_roles_parse(buf, &back) || back != roles)
            fail_msg("roles %#x -> \"%s\" -> %#x", roles, buf, back);
    }
    /* unknown names are refused */
    assert_false(kz_roles_parse("researcher,wizard", &bits));
    assert_false(kz_roles_parse("public", &bits));
    assert_false(kz_roles_parse("Admin", &bits));
    assert_false(kz_roles_parse("admin ", &bits));
    assert_false(kz_roles_parse(NULL, &bits));
    /* a short buffer stays terminated */
    char small[12];
    memset(small, 'x', sizeof small);
    kz_roles_format(KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN) | KZ_ROLE_BIT(KZ_ROLE_ENTERPRISE), small, 12);
    assert_true(memchr(small, 0, sizeof small) != NULL);
}

/* Field-level write rules (issue 12): literal cases of the privilege-bearing fields. */
static void field_rules(void **state)
{
    (void)state;
    kz_actor oa = actor_with(KZ_ROLE_ORG_ADMIN, 7, 5, "510107");
    kz_actor ad = actor_with(KZ_ROLE_ADMIN, 1, 0, NULL);
    kz_actor of = actor_with(KZ_ROLE_OFFICER, 3, 9, "510100");
    kz_actor re = actor_with(KZ_ROLE_RESEARCHER, 8, 5, "510107");
    kz_target self = {.user_id = 7, .org_id = 5, .region = "510107"};
    kz_target member = {.user_id = 8, .org_id = 5, .region = "510107"};
    kz_target other = {.user_id = 20, .org_id = 6, .region = "511502"};
    kz_target admin_self = {.user_id = 1};
    /* the org-hopping finding: an org admin moving itself */
    assert_false(kz_authz_field(&oa, KZ_RES_USER, "org_id", &self));
    assert_false(kz_authz_field(&oa, KZ_RES_USER, "roles", &self));
    assert_false(kz_authz_field(&oa, KZ_RES_USER, "org_id", &member));
    assert_true(kz_authz_field(&oa, KZ_RES_USER, "roles", &member));
    assert_false(kz_authz_field(&oa, KZ_RES_USER, "roles", &other));
    assert_true(kz_authz_field(&oa, KZ_RES_USER, "display_name", &self));
    /* only an admin moves accounts between orgs, never its own */
    assert_true(kz_authz_field(&ad, KZ_RES_USER, "org_id", &other));
    assert_false(kz_authz_field(&ad, KZ_RES_USER, "org_id", &admin_self));
    assert_false(kz_authz_field(&ad, KZ_RES_USER, "roles", &admin_self));
    assert_false(kz_authz_field(&of, KZ_RES_USER, "org_id", &member));
    assert_true(kz_authz_field(&of, KZ_RES_USER, "roles", &member)); /* 成都 */
    assert_false(kz_authz_field(&of, KZ_RES_USER, "roles", &other)); /* 宜宾 */
    assert_false(kz_authz_field(&re, KZ_RES_USER, "display_name", &self));
    assert_true(kz_authz_field(&re, KZ_RES_USER, "display_name", &member));
    /* an org's tier is the registry's; its contact is its own */
    kz_target org5 = {.org_id = 5, .region = "510107"};
    assert_false(kz_authz_field(&oa, KZ_RES_ORG, "tier", &org5));
    assert_true(kz_authz_field(&oa, KZ_RES_ORG, "contact", &org5));
    assert_true(kz_authz_field(&of, KZ_RES_ORG, "tier", &org5));
    /* records: owners and admins; org_id by nobody */
    assert_true(kz_authz_field(&re, KZ_RES_ACHIEVEMENT, "title", &org5));
    assert_false(kz_authz_field(&re, KZ_RES_ACHIEVEMENT, "org_id", &org5));
    assert_false(kz_authz_field(&re, KZ_RES_DEMAND, "title", &org5));
    assert_false(kz_authz_field(&of, KZ_RES_ACHIEVEMENT, "title", &org5));
    kz_actor op = {.operator_ = true};
    assert_true(kz_authz_field(&op, KZ_RES_USER, "org_id", &self));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scope_table),
        cmocka_unit_test(field_rules),
        cmocka_unit_test(scope_of_several_roles_is_the_widest),
        cmocka_unit_test(operator_may_do_anything),
        cmocka_unit_test(allows_org_scope),
        cmocka_unit_test(allows_region_scope),
        cmocka_unit_test(allows_self_scope),
        cmocka_unit_test(anonymous),
        cmocka_unit_test(region_prefix),
        cmocka_unit_test(grantable),
        cmocka_unit_test(role_names),
        cmocka_unit_test(workflow_who),
        cmocka_unit_test(roles_parse_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
