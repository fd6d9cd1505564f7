/* test_vis.c — visibility is decided in one place (issue 13, item 2): for achievements and for
 * demands, the SQL filter of the list statements (ACH_VIS / DEM_VIS in stmts_sql.h, reached
 * through kz_kind_list without filters) and the C check of a
 * single read (kz_record_view in authz.c, plus the demand rule that matched and closed demands
 * stay public, reached through kz_ach_get / kz_dem_get) must agree exactly.
 *
 * On random data from a fixed seed (printed; KZ_VIS_SEED=N runs another one): orgs in
 * several regions (district, city and province codes, another province, none), 150 records
 * per kind in random states and regions imported by an operator, and as actors the public,
 * every role of actor.h (officers at district, city and province level, and without a region),
 * an admin, the operator, a signed-in user without roles and random role sets in random orgs.
 * For every actor the ids found by paging through the list (limit 100, following next_cursor)
 * must be exactly the ids kz_*_get answers, and the list's total their number. Runs on SQLite
 * and, when KEZHUAN_TEST_PG names a server (make unit-pg), on PostgreSQL.
 *
 * On the same data, the statistics kept by every write (stats.h: stat_counts) must equal a
 * brute-force recount (kz_stats_rebuild, a GROUP BY over the rows): after the import, and after
 * random edits of region and industry, random transitions of both kinds and random changes
 * of an org's kind and region — the overview and the map at every level for every kind.
 *
 * The same for the kinds kept in the shared table and served by the engine alone (finance
 * products, src/kinds/finance_product.c: its own public states, its slots as filters; contracts,
 * never public; platforms, src/kinds/platform.c: a single code — its level — in the codes slot,
 * an industry): list and
 * read agree for every actor, its counts equal a recount, and its lists from memory equal its
 * SQL lists (kind_list.c) — the engine's generic path is held to the same standard. */
#include "dbfix.h"
#include "core/vocab.h"
#include "domain/achievement.h"
#include "domain/demand.h"
#include "domain/engine.h"
#include "domain/listix.h"
#include "domain/org.h"
#include "domain/search.h"
#include "domain/stats.h"
#include <inttypes.h>
#include <stdarg.h>
#include <time.h>

#define NREC         150 /* records per kind */
#define NRANDOM      40  /* random actors */
#define PAGE         100 /* list page size (KZ_LIST_MAX) */
#define DEFAULT_SEED 20260113u

static bool use_pg;
static unsigned seed = DEFAULT_SEED;

/* ---- a small deterministic generator (splitmix64), the same on every libc ---------------- */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static int rnd(int n)
{
    return (int)(rng_next() % (uint64_t)n);
}

#define COUNT(arr)   ((int)(sizeof(arr) / sizeof((arr)[0])))
#define PICK(arr)    ((arr)[rnd(COUNT(arr))])
#define CHANCE(p100) (rnd(100) < (p100))

/* ---- the world: orgs, records, actors ----------------------------------------------------- */

/* Regions are GB/T 2260 codes of data/vocab: an officer's scope is the prefix of the org's
 * region without trailing "00" pairs (510107 → 510107, 510100 → 5101, 510000 → 51). */
static const struct org_spec {
    const char *name, *kind, *region, *industry;
} org_specs[] = {
    {"可见性测试大学（成都武侯）", "university", "510107", "7320"},
    {"可见性测试研究院（绵阳涪城）", "institute", "510703", "73"},
    {"可见性测试锂电企业（宜宾翠屏）", "enterprise", "511502", "3841"},
    {"可见性测试电子企业（成都）", "enterprise", "510100", "3911"},
    {"可见性测试技术转移中心（成都锦江）", "service", "510104", "65"},
    {"成都市科学技术局（可见性测试）", "government", "510100", "S"},
    {"绵阳市科学技术局（可见性测试）", "government", "510700", "S"},
    {"宜宾市科学技术局（可见性测试）", "government", "511500", "S"},
    {"四川省科学技术厅（可见性测试）", "government", "510000", "S"},
    {"可见性测试企业（重庆渝中）", "enterprise", "500103", "3911"},
    {"可见性测试企业（未填地区）", "enterprise", NULL, NULL},
    {"可见性测试银行（成都锦江）", "enterprise", "510104", "66"},
    {"可见性测试投资基金（绵阳）", "enterprise", "510703", "67"},
};
#define NORGS COUNT(org_specs)
enum {
    O_UNI,
    O_INST,
    O_YB,
    O_CD,
    O_TTO,
    O_CDKJ,
    O_MYKJ,
    O_YBKJ,
    O_SCKJ,
    O_CQ,
    O_NOREGION,
    O_BANK,
    O_FUND
};
/* achievements, demands, finance products, contracts, platforms, challenges, their applications,
 * deals, policies, their applications, shared resources, their bookings, vouchers, listings,
 * finance requests, expert panels, matchmaking events, their registrations, brokers, their
 * trainings and their assignments */
#define NKINDS 21

/* Where records may lie besides their org's region: districts, cities and the province of
 * Sichuan, and two other provinces. */
static const char *const rec_regions[] = {"510107", "510104", "510117", "510100", "510703",
                                          "510704", "510700", "511502", "511503", "511500",
                                          "510000", "500103", "440106"};
static const char *const industries[] = {"3841", "7320", "65", "3911", "C", "M", "384", "4411"};

static const char *const ach_statuses[] = {"draft",    "submitted", "screening", "published",
                                           "rejected", "withdrawn", "expired",   "archived"};
static const char *const dem_statuses[] = {"draft",   "submitted", "published",
                                           "matched", "closed",    "rejected"};
static const char *const fin_statuses[] = {"draft", "submitted", "active", "closed"};
static const char *const fin_kinds[] = {"loan", "guarantee", "insurance", "equity"};
static const char *const tiers[] = {"none", "tech_sme", "high_tech", "gazelle", "leader"};
static const char *const ct_statuses[] = {"draft", "submitted", "returned", "registered",
                                          "not_registered"};
static const char *const ct_types[] = {"development_commissioned",
                                       "development_cooperative",
                                       "transfer",
                                       "license",
                                       "consulting",
                                       "service"};
static const char *const buyer_kinds[] = {"university", "institute", "enterprise", "service"};
static const char *const pl_statuses[] = {"draft", "candidate", "recognized", "warned", "delisted"};
static const char *const pl_kinds[] = {"key_lab", "eng_center", "tto", "incubator",
                                       "academician_station"};
static const char *const pl_levels[] = {"national", "provincial", "municipal", "district"};
static const char *const ch_statuses[] = {
    "draft",   "submitted",   "screening", "argued", "published", "closed",   "reviewing",
    "awarded", "in_progress", "accepted",  "failed", "returned",  "withdrawn"};
static const char *const ch_modes[] = {"single", "race"};
static const char *const app_statuses[] = {"draft", "submitted", "shortlisted",
                                           "won",   "lost",      "withdrawn"};
static const char *const deal_statuses[] = {"draft",       "recommended", "contacted",
                                            "negotiating", "signed",      "declined"};
static const char *const pol_statuses[] = {"draft", "in_force", "retired"};
static const char *const pa_statuses[] = {"draft",    "submitted", "reviewing", "approved",
                                          "rejected", "paid",      "withdrawn"};
static const char *const res_statuses[] = {"draft", "submitted", "open", "suspended", "closed"};
static const char *const res_kinds[] = {"instrument", "pilot_line", "concept_verification"};
static const char *const bk_statuses[] = {"draft",  "requested", "approved", "declined",
                                          "in_use", "completed", "charged",  "cancelled"};
static const char *const vc_statuses[] = {"draft", "issued", "revoked", "expired"};
static const char *const ls_statuses[] = {"draft",     "review", "open",   "live",      "ended",
                                          "publicity", "sold",   "unsold", "withdrawn", "objected"};
static const char *const fr_statuses[] = {"draft",   "submitted", "matched",
                                          "granted", "declined",  "withdrawn"};
static const char *const fr_kinds[] = {"loan", "guarantee", "insurance", "equity"};
static const char *const pn_statuses[] = {"draft", "open", "closed", "cancelled"};
static const char *const pn_purposes[] = {"challenge_argue", "challenge_review"};
static const char *const ev_statuses[] = {"draft", "published", "held", "closed", "cancelled"};
static const char *const ev_kinds[] = {"matchmaking", "campus", "roadshow", "forum"};
static const char *const er_statuses[] = {"registered", "attended", "absent", "cancelled"};
static const char *const br_statuses[] = {"draft", "submitted", "active", "suspended"};
static const char *const br_kinds[] = {"broker", "commissioner"};
static const char *const tr_statuses[] = {"submitted", "verified", "rejected"};
static const char *const as_statuses[] = {"active", "ended"};
static const char *const ls_categories[] = {"consulting", "development", "transaction", "service",
                                            "ip",         "release",     "finance"};

typedef struct rec {
    int64_t id;
    int org; /* index into org_specs */
    const char *status, *region;
} rec;

typedef struct kind_ops {
    const char *name;
    const char *const *statuses;
    int nstatuses;
    json_t *(*body)(int i, int64_t org_id, const char *region, const char *status);
    const kz_kind_desc *desc; /* imported, read and listed through the engine */
} kind_ops;

typedef struct world {
    dbfix *f;
    int64_t org_id[NORGS];
    rec recs[NKINDS][NREC]; /* in the order of kinds[] */
    char err[512];          /* why seeding failed */
} world;

typedef struct who {
    kz_actor a;
    char label[320];
} who;

/* ---- record bodies (valid values: tests/api/lib.mjs, src/demo) ---------------------------- */

static json_t *modes(const char *const *all, int n, bool nonempty)
{
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        if (CHANCE(40)) json_array_append_new(arr, json_string(all[i]));
    if (nonempty && !json_array_size(arr)) json_array_append_new(arr, json_string(all[rnd(n)]));
    return arr;
}

/* An amount in fen: a round one, or one at an edge of a power of two (where the list attributes'
 * money buckets begin and end). */
static json_int_t money(void)
{
    if (CHANCE(60)) return 100000 * (json_int_t)(1 + rnd(5000));
    json_int_t v = (json_int_t)1 << rnd(36);
    v += rnd(5) - 2 + (CHANCE(30) ? v / 4 * rnd(4) : 0);
    return v < 0 ? 0 : v;
}

static json_t *ach_body(int i, int64_t org_id, const char *region, const char *status)
{
    static const char *const tm[] = {"transfer", "license", "equity", "co_develop"};
    static const char *const tx[] = {"negotiated", "listed", "auction"};
    char title[96];
    snprintf(title, sizeof title, "可见性等价测试成果 %d 号", i);
    /* one draw after the other (the order of a call's arguments is unspecified) */
    const char *industry = PICK(industries), *transaction = PICK(tx);
    int trl = 1 + rnd(9);
    json_t *transfer = modes(tm, COUNT(tm), true);
    json_t *b = json_pack("{s:s, s:s, s:[s, s], s:s, s:s, s:i, s:o, s:s, s:I, s:s}", "title", title,
                          "summary", "以多孔硅与石墨烯复合构建稳定的硅碳负极，循环寿命长。",
                          "keywords", "硅碳负极", "储能", "industry", industry, "region", region,
                          "trl", trl, "transfer_modes", transfer, "transaction_mode", transaction,
                          "org_id", (json_int_t)org_id, "status", status);
    if (CHANCE(70)) json_object_set_new(b, "detail", json_string("保密：工艺参数与中试良率。"));
    if (CHANCE(70)) json_object_set_new(b, "price_fen", json_integer(money()));
    return b;
}

static json_t *dem_body(int i, int64_t org_id, const char *region, const char *status)
{
    static const char *const dem_kinds[] = {"tech_problem", "achievement_wanted", "talent",
                                            "equipment", "finance"};
    static const char *const cm[] = {"transfer",   "license",    "equity",
                                     "co_develop", "commission", "consulting"};
    char title[96];
    snprintf(title, sizeof title, "可见性等价测试需求 %d 号", i);
    const char *kind = PICK(dem_kinds), *industry = PICK(industries);
    json_t *coop = modes(cm, COUNT(cm), false);
    json_t *b = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:I, s:s}", "title", title, "description",
                          "零下二十摄氏度环境下三十分钟充电至百分之八十。", "kind", kind,
                          "industry", industry, "region", region, "cooperation_modes", coop,
                          "org_id", (json_int_t)org_id, "status", status);
    if (CHANCE(60)) {
        json_int_t lo = CHANCE(50) ? money() : 10000 * rnd(1000);
        json_int_t hi = lo + (CHANCE(50) ? money() : 10000 * rnd(1000));
        json_object_set_new(b, "budget_min_fen", json_integer(lo));
        json_object_set_new(b, "budget_max_fen", json_integer(hi));
    }
    if (CHANCE(50)) json_object_set_new(b, "trl_min", json_integer(1 + rnd(9)));
    if (CHANCE(60)) { /* deadlines on a few dozen days, many shared (the deadline sort's ties) */
        char day[11];
        int y = 2027 + rnd(3), m = 1 + rnd(12), d = 1 + rnd(3) * 9;
        snprintf(day, sizeof day, "%04d-%02d-%02d", y, m, d);
        json_object_set_new(b, "deadline", json_string(day));
    }
    return b;
}

static json_t *fin_body(int i, int64_t org_id, const char *region, const char *status)
{
    char title[96];
    snprintf(title, sizeof title, "可见性等价测试金融产品 %d 号", i);
    json_t *b = json_pack("{s:s, s:s, s:s, s:s, s:o, s:I, s:s}", "title", title, "kind",
                          PICK(fin_kinds), "summary", "面向科技型中小企业的信用贷款产品。",
                          "region", region, "eligible_tiers", modes(tiers, COUNT(tiers), false),
                          "org_id", (json_int_t)org_id, "status", status);
    if (CHANCE(70)) { /* a range, often with round bounds shared by many (the sorts' ties) */
        json_int_t lo = CHANCE(50) ? money() : 1000000 * rnd(20);
        json_int_t hi = lo + (CHANCE(50) ? money() : 1000000 * rnd(20));
        json_object_set_new(b, "amount_min_fen", json_integer(lo));
        json_object_set_new(b, "amount_max_fen", json_integer(hi));
    } else if (CHANCE(50)) {
        json_object_set_new(b, "amount_max_fen", json_integer(money()));
    }
    return b;
}

/* A valid 统一社会信用代码 numbered n (GB 32100 check character). */
static void credit_code(int n, char out[19])
{
    snprintf(out, 19, "915101007%08d", n % 100000000);
    out[17] = kz_credit_code_check_char(out);
    out[18] = 0;
}

/* The world's orgs while it is seeded (a contract's registry buyer is one of them). */
static const int64_t *seed_orgs;

static json_t *ct_body(int i, int64_t org_id, const char *region, const char *status)
{
    char title[96], code[19], day[11];
    snprintf(title, sizeof title, "可见性等价测试技术合同 %d 号", i);
    credit_code(700000 + i, code);
    snprintf(day, sizeof day, "20%02d-%02d-%02d", 23 + rnd(3), 1 + rnd(12), 1 + rnd(28));
    const char *type = PICK(ct_types), *bregion = PICK(rec_regions), *bkind = PICK(buyer_kinds);
    json_int_t amount = money() + 1;
    json_t *b =
        json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:s}", "title", title, "type",
                  type, "region", region, "amount_fen", amount, "signed_on", day, "buyer_name",
                  "可见性测试买方", "buyer_credit_code", code, "buyer_region", bregion,
                  "buyer_kind", bkind, "org_id", (json_int_t)org_id, "status", status);
    /* half of them a buyer of the registry: a party, who sees it past draft (engine.h) */
    int64_t buyer = seed_orgs && CHANCE(50) ? seed_orgs[rnd(NORGS)] : 0;
    if (buyer && buyer != org_id) json_object_set_new(b, "buyer_org_id", json_integer(buyer));
    return b;
}

/* A challenge (kinds/challenge.c): the parent of the applications below. */
static json_t *ch_body(int i, int64_t org_id, const char *region, const char *status)
{
    char title[96];
    snprintf(title, sizeof title, "可见性等价测试榜单 %d 号", i);
    return json_pack("{s:s, s:s, s:[s], s:s, s:s, s:I, s:s, s:s, s:I, s:s}", "title", title, "goal",
                     "攻克高镍正极材料热失控问题，形成可量产工艺。", "indicators",
                     "热失控温度提高 30 ℃", "industry", PICK(industries), "region", region,
                     "budget_fen", (json_int_t)(money() + 1), "deadline", "2030-12-31", "mode",
                     PICK(ch_modes), "org_id", (json_int_t)org_id, "status", status);
}

/* The challenges seeded before the applications (their parents), while seeding. */
static const rec *seed_challenges;
static const rec *seed_events;
static const rec *seed_brokers;

/* An application (kinds/challenge.c) to a random challenge of another org, with up to four
 * partner orgs: its parties are the challenge's issuer (the engine sets issuer_org_id) and the
 * partners — a list field of parties. */
static json_t *app_body(int i, int64_t org_id, const char *region, const char *status)
{
    (void)region; /* (an application's region is its challenge's) */
    char title[96];
    snprintf(title, sizeof title, "可见性等价测试揭榜申请 %d 号", i);
    const rec *parent = NULL;
    for (int t = 0; t < 50 && !parent; t++) {
        const rec *c = &seed_challenges[rnd(NREC)];
        if (seed_orgs[c->org] != org_id) parent = c;
    }
    json_t *partners = json_array();
    for (int n = rnd(5); n > 0; n--) {
        int64_t o = seed_orgs[rnd(NORGS)];
        bool dup = o == org_id;
        for (size_t j = 0; j < json_array_size(partners); j++)
            dup |= json_integer_value(json_array_get(partners, j)) == o;
        if (!dup) json_array_append_new(partners, json_integer(o));
    }
    return json_pack("{s:s, s:s, s:I, s:[s], s:o, s:I, s:I, s:s}", "title", title, "plan",
                     "梯度包覆与体相掺杂相结合，分三个阶段完成中试验证。", "budget_fen",
                     (json_int_t)(money() + 1), "team", "张明 教授", "partner_org_ids", partners,
                     "challenge_id", (json_int_t)(parent ? parent->id : 0), "org_id",
                     (json_int_t)org_id, "status", status);
}

/* The achievements and demands seeded before the deals (their two sides), while seeding. */
static const rec *seed_achievements, *seed_demands;

/* A deal (kinds/deal.c) between a random demand (its parent, of the table of its own) and a
 * random achievement of another org: its parties are both orgs. */
static json_t *deal_body(int i, int64_t org_id, const char *region, const char *status)
{
    (void)region; /* (a deal's region is its demand's) */
    char note[96];
    snprintf(note, sizeof note, "可见性等价测试撮合 %d 号", i);
    const rec *d = &seed_demands[rnd(NREC)], *a = NULL;
    for (int t = 0; t < 50 && !a; t++) {
        const rec *x = &seed_achievements[rnd(NREC)];
        if (x->org != d->org) a = x;
    }
    json_t *b = json_pack("{s:I, s:I, s:s, s:I, s:s}", "demand_id", (json_int_t)d->id,
                          "achievement_id", (json_int_t)(a ? a->id : 0), "note", note, "org_id",
                          (json_int_t)org_id, "status", status);
    if (!strcmp(status, "declined")) {
        json_object_set_new(b, "decline_code", json_string("price"));
        json_object_set_new(b, "decline_side", json_string(CHANCE(50) ? "buyer" : "seller"));
    }
    return b;
}

/* A policy (kinds/policy.c) of a bureau over orgs: a fixed sum to any. */
static json_t *pol_body(int i, int64_t org_id, const char *region, const char *status)
{
    char title[96];
    snprintf(title, sizeof title, "可见性等价测试政策 %d 号", i);
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:[], s:I, s:I, s:s}", "title", title,
                     "summary", "对本地机构给予一次性奖励，按固定金额兑现。", "region", region,
                     "subject_kind", "org", "period_from", "2020-01-01", "period_to", "2099-12-31",
                     "conditions", "fixed_fen", (json_int_t)(money() + 1), "org_id",
                     (json_int_t)org_id, "status", status);
}

/* The policies seeded before their applications, while seeding. */
static const rec *seed_policies;

/* An application (kinds/policy_application.c) of an org for a random policy on itself: its
 * party is the policy's issuer (the engine sets issuer_org_id), its region the policy's. */
static json_t *pa_body(int i, int64_t org_id, const char *region, const char *status)
{
    (void)region;
    char statement[96];
    snprintf(statement, sizeof statement, "可见性等价测试兑现申请 %d 号", i);
    json_t *b = json_pack("{s:I, s:I, s:s, s:I, s:s}", "policy_id",
                          (json_int_t)seed_policies[rnd(NREC)].id, "subject_id", (json_int_t)org_id,
                          "statement", statement, "org_id", (json_int_t)org_id, "status", status);
    if (!strcmp(status, "approved") || !strcmp(status, "paid")) {
        json_object_set_new(b, "approved_fen", json_integer(money() + 1));
        json_object_set_new(b, "approved_on", json_string("2026-03-01"));
    }
    return b;
}

/* A shared resource (kinds/resource.c), open every day and hour. */
static json_t *res_body(int i, int64_t org_id, const char *region, const char *status)
{
    char title[96];
    snprintf(title, sizeof title, "可见性等价测试共享仪器 %d 号", i);
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:[{s:s, s:s, s:I}], s:[s,s,s,s,s,s,s], s:s, "
                     "s:s, s:I, s:s}",
                     "title", title, "kind", PICK(res_kinds), "summary",
                     "分辨率 0.8 nm，可进行材料表面形貌观察与微区成分分析。", "region", region,
                     "industry", PICK(industries), "location", "分析测试中心 105 室", "services",
                     "name", "形貌观察", "unit", "hour", "price_fen",
                     (json_int_t)(money() % 100000), "open_days", "mon", "tue", "wed", "thu", "fri",
                     "sat", "sun", "open_from", "00:00", "open_to", "24:00", "org_id",
                     (json_int_t)org_id, "status", status);
}

/* The resources seeded before their bookings, while seeding. */
static const rec *seed_resources;

/* A booking (kinds/resource.c) of a random resource of another org, an hour of its own: its
 * party is the resource's org (the engine sets provider_org_id), its region the resource's. */
static json_t *bk_body(int i, int64_t org_id, const char *region, const char *status)
{
    (void)region;
    const rec *parent = &seed_resources[rnd(NREC)];
    for (int t = 0; t < 50 && seed_orgs[parent->org] == org_id; t++)
        parent = &seed_resources[rnd(NREC)];
    char start[32], end[32], purpose[64];
    snprintf(start, sizeof start, "2030-%02d-%02dT%02d:00", 1 + i / 280, 1 + (i / 10) % 28, i % 10);
    snprintf(end, sizeof end, "2030-%02d-%02dT%02d:00", 1 + i / 280, 1 + (i / 10) % 28, i % 10 + 1);
    snprintf(purpose, sizeof purpose, "可见性等价测试预约 %d 号", i);
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:i, s:I, s:s}", "resource_id",
                     (json_int_t)parent->id, "service", "形貌观察", "start_at", start, "end_at",
                     end, "purpose", purpose, "planned_qty", 1, "org_id", (json_int_t)org_id,
                     "status", status);
}

/* A 创新券 (kinds/voucher.c) of a bureau to a random other org: its party is the holder. */
static json_t *vc_body(int i, int64_t org_id, const char *region, const char *status)
{
    char title[96];
    snprintf(title, sizeof title, "可见性等价测试创新券 %d 号", i);
    int64_t holder = seed_orgs[rnd(NORGS)];
    if (holder == org_id) holder = seed_orgs[(rnd(NORGS - 1) + 1) % NORGS];
    return json_pack("{s:s, s:I, s:I, s:s, s:s, s:I, s:s}", "title", title, "holder_org_id",
                     (json_int_t)holder, "amount_fen", (json_int_t)(money() % 10000000 + 1),
                     "valid_until", "2030-12-31", "region", region, "org_id", (json_int_t)org_id,
                     "status", status);
}

/* A listing (kinds/listing.c) at a fixed price, an auction (times far ahead: nothing scheduled
 * runs here) or negotiated; its category a slot, its price the money range. */
static json_t *ls_body(int i, int64_t org_id, const char *region, const char *status)
{
    char title[96];
    snprintf(title, sizeof title, "可见性等价测试挂牌 %d 号", i);
    int mode = rnd(3);
    json_t *b =
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s}", "title", title, "category",
                  PICK(ls_categories), "mode",
                  mode == 0   ? "listed"
                  : mode == 1 ? "auction"
                              : "negotiated",
                  "summary", "硅碳负极材料的制备工艺与中试数据，可整体转让。", "region", region,
                  "industry", PICK(industries), "org_id", (json_int_t)org_id, "status", status);
    if (mode == 0 || (mode == 2 && CHANCE(50)))
        json_object_set_new(b, "price_fen", json_integer(money() % 100000000 + 1));
    if (mode == 1) {
        json_object_set_new(b, "auction_kind", json_string("english"));
        json_object_set_new(b, "start_fen", json_integer(money() % 1000000 + 1));
        json_object_set_new(b, "increment_fen", json_integer(10000));
        json_object_set_new(b, "deposit_fen", json_integer(20000));
        json_object_set_new(b, "starts_at", json_string("2030-01-01T10:00"));
        json_object_set_new(b, "ends_at", json_string("2030-01-02T10:00"));
    }
    return b;
}

/* A finance request (kinds/finance_request.c); past submitted its lender (a random other org) is
 * a party. */
static json_t *fr_body(int i, int64_t org_id, const char *region, const char *status)
{
    char title[96];
    snprintf(title, sizeof title, "可见性等价测试融资需求 %d 号", i);
    json_t *b = json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:I, s:s}", "title", title, "kind",
                          PICK(fr_kinds), "amount_fen", (json_int_t)(money() % 100000000 + 1),
                          "purpose", "建设中试线，以销售回款还款。", "region", region, "industry",
                          PICK(industries), "org_id", (json_int_t)org_id, "status", status);
    if (strcmp(status, "draft") && strcmp(status, "submitted")) {
        int64_t lender = seed_orgs[rnd(NORGS)];
        if (lender == org_id) lender = seed_orgs[(rnd(NORGS - 1) + 1) % NORGS];
        json_object_set_new(b, "lender_org_id", json_integer(lender));
        json_object_set_new(b, "product_id", json_integer(1 + rnd(1000)));
    }
    if (!strcmp(status, "granted")) {
        json_object_set_new(b, "granted_fen", json_integer(money() % 100000000 + 1));
        json_object_set_new(b, "granted_on", json_string("2026-03-15"));
    }
    return b;
}

/* An expert panel (kinds/panel.c) on a random challenge, whose title, region and industry it takes.
 */
static json_t *pn_body(int i, int64_t org_id, const char *region, const char *status)
{
    (void)region; /* (a panel's region is its challenge's) */
    char title[96];
    snprintf(title, sizeof title, "可见性等价测试专家组 %d 号", i);
    return json_pack("{s:s, s:s, s:I, s:[{s:s, s:s, s:i, s:i}], s:I, s:s}", "title", title,
                     "purpose", PICK(pn_purposes), "target_id",
                     (json_int_t)seed_challenges[rnd(NREC)].id, "criteria", "key", "tech", "name",
                     "技术先进性", "weight", 100, "max", 10, "org_id", (json_int_t)org_id, "status",
                     status);
}

/* A matchmaking event (kinds/event.c): public once published. */
static json_t *ev_body(int i, int64_t org_id, const char *region, const char *status)
{
    char title[96];
    snprintf(title, sizeof title, "可见性等价测试对接活动 %d 号", i);
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:s}", "title", title, "kind", PICK(ev_kinds),
                     "held_on", "2026-06-01", "place", "菁蓉汇 3 号馆", "region", region, "org_id",
                     (json_int_t)org_id, "status", status);
}

/* A registration (kinds/event.c) for an event of another org, whose organiser is a party. */
static json_t *er_body(int i, int64_t org_id, const char *region, const char *status)
{
    (void)i, (void)region; /* (a registration's region is its event's) */
    const rec *parent = NULL;
    for (int t = 0; t < 50 && !parent; t++) {
        const rec *e = &seed_events[rnd(NREC)];
        if (seed_orgs[e->org] != org_id) parent = e;
    }
    return json_pack("{s:I, s:i, s:I, s:s}", "event_id", (json_int_t)(parent ? parent->id : 0),
                     "attendees", 1 + rnd(5), "org_id", (json_int_t)org_id, "status", status);
}

/* A broker's registry entry (kinds/broker.c): public once registered. */
static json_t *br_body(int i, int64_t org_id, const char *region, const char *status)
{
    char name[96];
    snprintf(name, sizeof name, "可见性等价测试经纪人 %d 号", i);
    const char *kind = PICK(br_kinds);
    json_t *b = json_pack("{s:i, s:s, s:s, s:[s], s:s, s:I, s:s}", "user_id", 1 + rnd(1000), "name",
                          name, "kind", kind, "industries", PICK(industries), "region", region,
                          "org_id", (json_int_t)org_id, "status", status);
    if (!strcmp(kind, "broker")) json_object_set_new(b, "level", json_string("junior"));
    return b;
}

/* A training (kinds/broker.c) of a random broker, whose region it takes. */
static json_t *tr_body(int i, int64_t org_id, const char *region, const char *status)
{
    (void)region;
    char course[96];
    snprintf(course, sizeof course, "可见性等价测试培训 %d 号", i);
    return json_pack("{s:I, s:s, s:s, s:i, s:s, s:I, s:s}", "broker_id",
                     (json_int_t)seed_brokers[rnd(NREC)].id, "course", course, "provider",
                     "技术转移中心", "hours", 1 + rnd(64), "held_on", "2026-03-01", "org_id",
                     (json_int_t)org_id, "status", status);
}

/* An assignment (kinds/broker.c) of a random broker to another org, a party. */
static json_t *as_body(int i, int64_t org_id, const char *region, const char *status)
{
    (void)i, (void)region;
    int64_t ent = seed_orgs[rnd(NORGS)];
    if (ent == org_id) ent = seed_orgs[(rnd(NORGS - 1) + 1) % NORGS];
    return json_pack("{s:I, s:I, s:s, s:I, s:s}", "broker_id",
                     (json_int_t)seed_brokers[rnd(NREC)].id, "enterprise_org_id", (json_int_t)ent,
                     "since", "2026-01-05", "org_id", (json_int_t)org_id, "status", status);
}

/* A platform (kinds/platform.c): its level is a kind's single code in the codes slot. */
static json_t *pl_body(int i, int64_t org_id, const char *region, const char *status)
{
    char name[96];
    snprintf(name, sizeof name, "可见性等价测试平台 %d 号", i);
    json_t *b = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s}", "name", name, "kind", PICK(pl_kinds), "level",
        PICK(pl_levels), "summary", "面向行业企业开放共享仪器设备与技术服务的平台。", "industry",
        PICK(industries), "region", region, "org_id", (json_int_t)org_id, "status", status);
    if (CHANCE(50)) json_object_set_new(b, "recognized_on", json_string("2020-05-18"));
    return b;
}

/* ---- one list page without filters -------------------------------------------------------- */

static kz_err page_of(const kz_kind_desc *k, db_conn *c, const kz_actor *a, const char *cursor,
                      json_t **out, kz_error *e)
{
    kz_kind_list_q q = {.org = -1, .money = -1, .cursor = cursor, .limit = PAGE};
    return kz_kind_list(k, c, a, &q, out, e);
}

static const kind_ops kinds[NKINDS] = {
    {"achievements", ach_statuses, COUNT(ach_statuses), ach_body, &kz_kind_achievement},
    {"demands", dem_statuses, COUNT(dem_statuses), dem_body, &kz_kind_demand},
    {"finance products", fin_statuses, COUNT(fin_statuses), fin_body, &kz_kind_finance_product},
    {"contracts", ct_statuses, COUNT(ct_statuses), ct_body, &kz_kind_contract},
    {"platforms", pl_statuses, COUNT(pl_statuses), pl_body, &kz_kind_platform},
    {"challenges", ch_statuses, COUNT(ch_statuses), ch_body, &kz_kind_challenge},
    {"challenge applications", app_statuses, COUNT(app_statuses), app_body,
     &kz_kind_challenge_application},
    {"deals", deal_statuses, COUNT(deal_statuses), deal_body, &kz_kind_deal},
    {"policies", pol_statuses, COUNT(pol_statuses), pol_body, &kz_kind_policy},
    {"policy applications", pa_statuses, COUNT(pa_statuses), pa_body, &kz_kind_policy_application},
    {"resources", res_statuses, COUNT(res_statuses), res_body, &kz_kind_resource},
    {"bookings", bk_statuses, COUNT(bk_statuses), bk_body, &kz_kind_booking},
    {"vouchers", vc_statuses, COUNT(vc_statuses), vc_body, &kz_kind_voucher},
    {"listings", ls_statuses, COUNT(ls_statuses), ls_body, &kz_kind_listing},
    {"finance requests", fr_statuses, COUNT(fr_statuses), fr_body, &kz_kind_finance_request},
    {"panels", pn_statuses, COUNT(pn_statuses), pn_body, &kz_kind_panel},
    {"events", ev_statuses, COUNT(ev_statuses), ev_body, &kz_kind_event},
    {"event registrations", er_statuses, COUNT(er_statuses), er_body, &kz_kind_event_registration},
    {"brokers", br_statuses, COUNT(br_statuses), br_body, &kz_kind_broker},
    {"broker trainings", tr_statuses, COUNT(tr_statuses), tr_body, &kz_kind_broker_training},
    {"broker assignments", as_statuses, COUNT(as_statuses), as_body, &kz_kind_broker_assignment},
};
/* ---- seeding ------------------------------------------------------------------------------ */

static void seed_fail(world *w, const char *what, int i, const kz_error *e, const json_t *in)
{
    char *dump = in ? json_dumps(in, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    char *fields = e->fields ? json_dumps(e->fields, JSON_COMPACT) : NULL;
    snprintf(w->err, sizeof w->err, "%s %d: %s %s %s", what, i,
             e->message ? e->message : kz_err_message(e->code), fields ? fields : "",
             dump ? dump : "");
    free(dump);
    free(fields);
}

/* Orgs and records, written by an operator as `kezhuan import` does (in one transaction). */
static db_status seed_tx(db_conn *c, void *vw)
{
    world *w = vw;
    kz_actor op = {.operator_ = true};
    snprintf(op.name, sizeof op.name, "cli:test_vis");
    kz_error e = {0};
    rng_state = seed;
    for (int i = 0; i < NORGS; i++) {
        json_t *in = json_pack("{s:s, s:s}", "name", org_specs[i].name, "kind", org_specs[i].kind);
        if (org_specs[i].region)
            json_object_set_new(in, "region", json_string(org_specs[i].region));
        if (org_specs[i].industry)
            json_object_set_new(in, "industry", json_string(org_specs[i].industry));
        json_t *out = NULL;
        if (kz_org_create(c, &op, in, &out, &e) != KZ_OK) {
            seed_fail(w, "org", i, &e, in);
            kz_error_clear(&e);
            json_decref(in);
            return DB_HARD;
        }
        w->org_id[i] = json_integer_value(json_object_get(out, "id"));
        json_decref(in);
        json_decref(out);
    }
    for (int k = 0; k < NKINDS; k++)
        for (int i = 0; i < NREC; i++) {
            rec *r = &w->recs[k][i];
            /* finance products belong to 金融业 orgs (the kind's owner_section) */
            /* (policies belong to the bureaus: 公共管理) */
            r->org = k == 2              ? (CHANCE(50) ? O_BANK : O_FUND)
                     : k == 8 || k == 12 ? O_CDKJ + rnd(4)
                                         : rnd(NORGS);
            /* every state at least once, then at random */
            r->status = i < kinds[k].nstatuses ? kinds[k].statuses[i]
                                               : kinds[k].statuses[rnd(kinds[k].nstatuses)];
            const char *own = org_specs[r->org].region;
            r->region = own && CHANCE(50) ? own : PICK(rec_regions);
            seed_orgs = w->org_id;
            seed_challenges = w->recs[5];
            seed_events = w->recs[16];
            seed_brokers = w->recs[18];
            seed_achievements = w->recs[0];
            seed_demands = w->recs[1];
            seed_policies = w->recs[8];
            seed_resources = w->recs[10];
            json_t *in = kinds[k].body(i, w->org_id[r->org], r->region, r->status);
            json_t *out = NULL;
            if (kz_kind_import(kinds[k].desc, c, &op, in, &out, &e) != KZ_OK) {
                seed_fail(w, kinds[k].name, i, &e, in);
                kz_error_clear(&e);
                json_decref(in);
                return DB_HARD;
            }
            r->id = json_integer_value(json_object_get(out, "id"));
            const char *st = json_string_value(json_object_get(out, "status"));
            if (r->id <= 0 || !st || strcmp(st, r->status) != 0) {
                snprintf(w->err, sizeof w->err, "%s %d: imported as %s, asked for %s",
                         kinds[k].name, i, st ? st : "?", r->status);
                json_decref(in);
                json_decref(out);
                return DB_HARD;
            }
            json_decref(in);
            json_decref(out);
        }
    return DB_OK;
}

static world the_world;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int group_setup(void **state)
{
    world *w = &the_world;
    memset(w, 0, sizeof *w);
    *state = w;
    w->f = dbfix_open(use_pg);
    if (!w->f) return 0; /* no PostgreSQL server: the tests skip */
    double t0 = now_s();
    if (db_tx(w->f->c, true, seed_tx, w) != DB_OK) {
        print_error("vis: seeding failed (seed %u): %s\n", seed, w->err);
        dbfix_close(w->f);
        w->f = NULL;
        return -1;
    }
    print_message("vis on %s: seed %u (KZ_VIS_SEED=N for another), %d orgs, %d records per kind "
                  "seeded in %.2f s\n",
                  use_pg ? "postgresql" : "sqlite", seed, NORGS, NREC, now_s() - t0);
    /* the search index and the list attributes, which answer the lists from now on */
    if (kz_search_rebuild(w->f->c) != NKINDS * NREC) {
        print_error("vis: the search index was not built\n");
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    world *w = *state;
    kz_search_stop();
    dbfix_close(w->f);
    w->f = NULL;
    return 0;
}

/* ---- actors ------------------------------------------------------------------------------- */

static int64_t next_user_id = 1000;

/* A signed-in user as kz_auth_resolve builds one: roles, org and the org's region. org < 0:
 * none. label names the actor in failure messages. */
static who user(const world *w, unsigned roles, int org, const char *label)
{
    who x = {0};
    x.a.user_id = ++next_user_id;
    x.a.roles = roles;
    if (org >= 0) {
        x.a.org_id = w->org_id[org];
        snprintf(x.a.region, sizeof x.a.region, "%s",
                 org_specs[org].region ? org_specs[org].region : "");
    }
    snprintf(x.a.name, sizeof x.a.name, "vis_user_%" PRId64, x.a.user_id);
    char rs[128];
    kz_roles_format(roles, rs, sizeof rs);
    snprintf(x.label, sizeof x.label, "%s [roles=%s, org=%s, region=%s]", label,
             roles ? rs : "(none)", org >= 0 ? org_specs[org].name : "(none)",
             x.a.region[0] ? x.a.region : "(none)");
    return x;
}

#define R(r) KZ_ROLE_BIT(KZ_ROLE_##r)

/* The fixed actors, then NRANDOM random ones (random role set, random org or none).
 * Returns how many were written to out. */
static int actors(const world *w, who *out)
{
    int n = 0;
    out[n] = (who){.label = "anonymous (public)"};
    n++;
    out[n++] = user(w, R(RESEARCHER), O_UNI, "researcher");
    out[n++] = user(w, R(ORG_ADMIN), O_INST, "org_admin");
    out[n++] = user(w, R(ENTERPRISE), O_YB, "enterprise");
    out[n++] = user(w, R(ENTERPRISE) | R(ORG_ADMIN), O_CD, "enterprise+org_admin");
    out[n++] = user(w, R(BROKER), O_TTO, "broker");
    out[n++] = user(w, R(EXPERT), O_INST, "expert");
    out[n++] = user(w, R(RESEARCHER) | R(EXPERT), O_UNI, "researcher+expert");
    out[n++] = user(w, R(REVIEWER), O_TTO, "reviewer");
    out[n++] = user(w, R(OFFICER), O_CDKJ, "officer of a city (成都)");
    out[n++] = user(w, R(OFFICER), O_MYKJ, "officer of a city (绵阳)");
    out[n++] = user(w, R(OFFICER), O_YBKJ, "officer of a city (宜宾)");
    out[n++] = user(w, R(OFFICER), O_SCKJ, "officer of the province");
    out[n++] = user(w, R(OFFICER), O_UNI, "officer of a district");
    out[n++] = user(w, R(OFFICER), O_CQ, "officer of another province's district");
    out[n++] = user(w, R(OFFICER), O_NOREGION, "officer of an org without region");
    out[n++] = user(w, R(OFFICER), -1, "officer without org");
    out[n++] = user(w, R(REVIEWER), -1, "reviewer without org");
    out[n++] = user(w, R(ADMIN), -1, "admin");
    out[n++] = user(w, 0, O_YB, "signed-in user without roles");
    out[n] = (who){.a = {.operator_ = true, .name = "cli:test_vis"}, .label = "operator (CLI)"};
    n++;
    for (int i = 0; i < NRANDOM; i++) {
        unsigned roles = 0;
        for (int r = KZ_ROLE_RESEARCHER; r < KZ_ROLE__COUNT; r++)
            if (CHANCE(r == KZ_ROLE_ADMIN ? 5 : 25)) roles |= KZ_ROLE_BIT(r);
        int org = CHANCE(85) ? rnd(NORGS) : -1;
        char label[32];
        snprintf(label, sizeof label, "random actor %d", i + 1);
        out[n++] = user(w, roles, org, label);
    }
    return n;
}

/* ---- the comparison ----------------------------------------------------------------------- */

static void describe(const rec *r, char *buf, size_t n)
{
    snprintf(buf, n, "id %" PRId64 " (status %s, org %s [region %s], record region %s)", r->id,
             r->status, org_specs[r->org].name,
             org_specs[r->org].region ? org_specs[r->org].region : "(none)", r->region);
}

static int index_of(const world *w, int k, int64_t id)
{
    for (int i = 0; i < NREC; i++)
        if (w->recs[k][i].id == id) return i;
    return -1;
}

/* Pages through the list as actor x; listed[i]: record i was in it. Returns the total. */
static int64_t list_all(const world *w, int k, const who *x, bool *listed)
{
    const kind_ops *kd = &kinds[k];
    char *cursor = NULL;
    int64_t total = -1;
    int pages = 0;
    do {
        json_t *out = NULL;
        kz_error e = {0};
        kz_err rc = page_of(kd->desc, w->f->c, &x->a, cursor, &out, &e);
        if (rc != KZ_OK)
            fail_msg("%s, %s: list failed: %s", kd->name, x->label,
                     e.message ? e.message : kz_err_message(rc));
        json_int_t t = json_integer_value(json_object_get(out, "total"));
        if (total >= 0 && t != total)
            fail_msg("%s, %s: total %lld on page %d, %lld before", kd->name, x->label, (long long)t,
                     pages + 1, (long long)total);
        total = t;
        json_t *items = json_object_get(out, "items");
        if (json_array_size(items) > PAGE)
            fail_msg("%s, %s: a page of %zu items", kd->name, x->label, json_array_size(items));
        size_t j;
        json_t *it;
        json_array_foreach(items, j, it)
        {
            int64_t id = json_integer_value(json_object_get(it, "id"));
            int i = index_of(w, k, id);
            if (i < 0) fail_msg("%s, %s: list has unknown id %" PRId64, kd->name, x->label, id);
            if (listed[i]) fail_msg("%s, %s: id %" PRId64 " listed twice", kd->name, x->label, id);
            listed[i] = true;
        }
        free(cursor);
        json_t *next = json_object_get(out, "next_cursor");
        cursor = json_is_string(next) ? strdup(json_string_value(next)) : NULL;
        json_decref(out);
        if (++pages > NREC / PAGE + 2)
            fail_msg("%s, %s: the cursor never ends", kd->name, x->label);
    } while (cursor);
    return total;
}

static void compare(const world *w, int k, const who *x)
{
    const kind_ops *kd = &kinds[k];
    bool listed[NREC] = {0};
    int64_t total = list_all(w, k, x, listed);
    int64_t readable = 0;
    for (int i = 0; i < NREC; i++) {
        const rec *r = &w->recs[k][i];
        json_t *out = NULL;
        kz_error e = {0};
        kz_err rc = kz_kind_get(kd->desc, w->f->c, &x->a, r->id, &out, &e);
        json_decref(out);
        kz_error_clear(&e);
        char what[320];
        describe(r, what, sizeof what);
        if (rc != KZ_OK && rc != KZ_E_NOT_FOUND)
            fail_msg("%s, %s: get %s failed: %s", kd->name, x->label, what, kz_err_name(rc));
        bool got = rc == KZ_OK;
        readable += got;
        if (got != listed[i])
            fail_msg("%s, %s: list and get disagree on %s: %s", kd->name, x->label, what,
                     listed[i] ? "listed, but get answers not found"
                               : "get answers it, but the list leaves it out");
    }
    if (total != readable)
        fail_msg("%s, %s: list total %" PRId64 ", but %" PRId64 " records are readable", kd->name,
                 x->label, total, readable);
}

static void list_and_get_agree(void **state, int k)
{
    world *w = *state;
    if (!w->f) {
        print_message("skipped: no PostgreSQL server (KEZHUAN_TEST_PG)\n");
        skip();
    }
    double t0 = now_s();
    rng_state = seed ^ (0x5EEDull + (uint64_t)k); /* the random actors */
    who xs[32 + NRANDOM];
    int n = actors(w, xs);
    assert_true(n <= COUNT(xs));
    int64_t seen_by_public = -1, seen_by_admin = -1;
    uint64_t from_memory = kz_listix_answered();
    for (int i = 0; i < n; i++) {
        compare(w, k, &xs[i]); /* the lists from the attributes in memory */
        kz_listix_enable(false);
        compare(w, k, &xs[i]); /* the SQL lists */
        kz_listix_enable(true);
        bool listed[NREC] = {0};
        if (i == 0) seen_by_public = list_all(w, k, &xs[i], listed);
        if (xs[i].a.roles == R(ADMIN)) seen_by_admin = list_all(w, k, &xs[i], listed);
    }
    /* the data is not degenerate: the public sees some (none of a kind never public, such as
     * contracts), the admin sees everything */
    if (!kinds[k].desc->shared || (kinds[k].desc->public_states && kinds[k].desc->public_states[0]))
        assert_true(seen_by_public > 0 && seen_by_public < NREC);
    else
        assert_int_equal(seen_by_public, 0);
    assert_int_equal(seen_by_admin, NREC);
    assert_true(kz_listix_answered() > from_memory); /* the first compare did not fall back */
    print_message("vis: %s: %d actors agree on %d records (%.2f s)\n", kinds[k].name, n, NREC,
                  now_s() - t0);
}

static void achievements_list_and_get_agree(void **state)
{
    list_and_get_agree(state, 0);
}

static void demands_list_and_get_agree(void **state)
{
    list_and_get_agree(state, 1);
}

static void finance_products_list_and_get_agree(void **state)
{
    list_and_get_agree(state, 2);
}

static void contracts_list_and_get_agree(void **state)
{
    list_and_get_agree(state, 3);
}

static void platforms_list_and_get_agree(void **state)
{
    list_and_get_agree(state, 4);
}

static void challenges_list_and_get_agree(void **state)
{
    list_and_get_agree(state, 5);
}

static void challenge_applications_list_and_get_agree(void **state)
{
    list_and_get_agree(state, 6);
}

static void deals_list_and_get_agree(void **state)
{
    list_and_get_agree(state, 7);
}

static void policies_list_and_get_agree(void **state)
{
    list_and_get_agree(state, 8);
}

static void policy_applications_list_and_get_agree(void **state)
{
    list_and_get_agree(state, 9);
}

static void resources_list_and_get_agree(void **state)
{
    list_and_get_agree(state, 10);
}

static void bookings_list_and_get_agree(void **state)
{
    list_and_get_agree(state, 11);
}

static void vouchers_list_and_get_agree(void **state)
{
    list_and_get_agree(state, 12);
}

static void listings_list_and_get_agree(void **state)
{
    list_and_get_agree(state, 13);
}

static void finance_requests_list_and_get_agree(void **state)
{
    list_and_get_agree(state, 14);
}

static void panels_list_and_get_agree(void **state)
{
    list_and_get_agree(state, 15);
}

static void events_list_and_get_agree(void **state)
{
    list_and_get_agree(state, 16);
}

static void event_registrations_list_and_get_agree(void **state)
{
    list_and_get_agree(state, 17);
}

static void brokers_list_and_get_agree(void **state)
{
    list_and_get_agree(state, 18);
}

static void broker_trainings_list_and_get_agree(void **state)
{
    list_and_get_agree(state, 19);
}

static void broker_assignments_list_and_get_agree(void **state)
{
    list_and_get_agree(state, 20);
}

/* ---- the statistics' counts equal a recount ------------------------------------------------ */

/* The overview and every map (kind × level), as one JSON value (generated_at left out). */
static json_t *all_stats(db_conn *c)
{
    json_t *all = json_object(), *ov = NULL;
    kz_error e = {0};
    assert_int_equal(kz_stats_overview(c, &ov, &e), KZ_OK);
    json_object_del(ov, "generated_at");
    json_object_set_new(all, "overview", ov);
    static const char *const kinds_[] = {"achievement", "demand", "org"};
    static const char *const levels[] = {"province", "city", "district"};
    for (int l = 0; l < 3; l++) { /* the contracts' 成交额 at every level */
        json_t *m = NULL;
        assert_int_equal(kz_stats_contracts(c, levels[l], NULL, &m, &e), KZ_OK);
        char key[64];
        snprintf(key, sizeof key, "contracts %s", levels[l]);
        json_object_set_new(all, key, m);
    }
    for (int k = 0; k < 3; k++)
        for (int l = 0; l < 3; l++) {
            json_t *m = NULL;
            assert_int_equal(kz_stats_map(c, levels[l], kinds_[k], NULL, &m, &e), KZ_OK);
            char key[64];
            snprintf(key, sizeof key, "map %s %s", kinds_[k], levels[l]);
            json_object_set_new(all, key, m);
        }
    return all;
}

/* The overview as Q_STAT_OVERVIEW reads it, checked against every count (Q_STAT_ALL) summed
 * here by brute force: per kind, every status; published records by 门类 and by city (the
 * region's first four digits, "" as null); records created in each of the twelve months. */
typedef struct cell_sum {
    json_t *want; /* kind → {by_status|by_industry|by_city|by_month → {key → n}} */
} cell_sum;

static void bump(json_t *want, const char *kind, const char *part, const char *key, int64_t n)
{
    json_t *k = json_object_get(want, kind);
    if (!k) json_object_set_new(want, kind, k = json_object());
    json_t *p = json_object_get(k, part);
    if (!p) json_object_set_new(k, part, p = json_object());
    json_int_t was = json_integer_value(json_object_get(p, key));
    if (was + n)
        json_object_set_new(p, key, json_integer(was + n));
    else
        json_object_del(p, key);
}

static db_status cell_sum_cb(void *ctx, const db_row *r)
{
    json_t *want = ctx;
    const char *kind = db_col_text(r, 0), *dim = db_col_text(r, 1), *key = db_col_text(r, 2),
               *status = db_col_text(r, 3);
    int64_t n = db_col_int(r, 4);
    bool pub = status && !strcmp(status, "published");
    char city[8];
    snprintf(city, sizeof city, "%.4s", key ? key : "");
    if (!strcmp(dim, "all")) bump(want, kind, "by_status", status, n);
    if (!strcmp(dim, "section") && pub) bump(want, kind, "by_industry", *key ? key : "null", n);
    if (!strcmp(dim, "region") && pub) bump(want, kind, "by_city", *city ? city : "null", n);
    if (!strcmp(dim, "month")) bump(want, kind, "by_month", key, n);
    return DB_OK;
}

/* {code (null as "null", a city's without its "00") → count} of an overview list. */
static json_t *as_map(const json_t *arr, const char *key_member)
{
    json_t *m = json_object(), *it;
    size_t i;
    json_array_foreach(arr, i, it)
    {
        const char *k = json_string_value(json_object_get(it, key_member));
        char code[16];
        snprintf(code, sizeof code, "%s", k ? k : "null");
        if (k && !strcmp(key_member, "code") && strlen(code) == 6) code[4] = 0;
        json_int_t n = json_integer_value(json_object_get(it, "count"));
        if (n) json_object_set_new(m, code, json_integer(n));
    }
    return m;
}

static void overview_equals_counts(db_conn *c)
{
    json_t *want = json_object(), *ov = NULL;
    assert_int_equal(db_exec(c, Q_STAT_ALL, NULL, 0, cell_sum_cb, want), DB_OK);
    kz_error e = {0};
    assert_int_equal(kz_stats_overview(c, &ov, &e), KZ_OK);
    static const char *const kinds_[] = {"achievement", "demand"}, *const parts[] = {"achievements",
                                                                                     "demands"};
    for (int k = 0; k < 2; k++) {
        json_t *got = json_object_get(ov, parts[k]), *w = json_object_get(want, kinds_[k]);
        json_t *months = json_object_get(got, "by_month"), *wm = json_object_get(w, "by_month");
        assert_int_equal(json_array_size(months), 12);
        /* only the twelve months shown: the counts of the months before are left out */
        json_t *wm12 = json_object();
        size_t i;
        json_t *it;
        json_array_foreach(months, i, it)
        {
            const char *m = json_string_value(json_object_get(it, "month"));
            json_t *n = json_object_get(wm, m);
            if (n) json_object_set(wm12, m, n);
        }
        json_object_set_new(w, "by_month", wm12);
        json_t *g = json_pack(
            "{s:O, s:o, s:o, s:o}", "by_status", json_object_get(got, "by_status"), "by_industry",
            as_map(json_object_get(got, "by_industry"), "code"), "by_city",
            as_map(json_object_get(got, "by_city"), "code"), "by_month", as_map(months, "month"));
        json_int_t total = 0;
        const char *key;
        json_t *v;
        json_object_foreach(json_object_get(w, "by_status"), key, v) total += json_integer_value(v);
        assert_int_equal(json_integer_value(json_object_get(got, "total")), total);
        if (!json_equal(g, w)) {
            char *a = json_dumps(g, JSON_COMPACT | JSON_SORT_KEYS);
            char *b = json_dumps(w, JSON_COMPACT | JSON_SORT_KEYS);
            fail_msg("overview of %s:\n served: %s\n counts: %s", kinds_[k], a, b);
        }
        json_decref(g);
    }
    json_t *orgs = json_object_get(json_object_get(want, "org"), "by_status");
    assert_true(json_equal(json_object_get(json_object_get(ov, "orgs"), "by_kind"), orgs));
    json_decref(ov);
    json_decref(want);
}

/* The counts as kept, then recounted from the rows: they must be equal (the overview and the
 * maps compared as served, and every count of every kind by kz_stats_verify). */
static void counts_equal_recount(db_conn *c, const char *when)
{
    json_t *diffs = NULL;
    assert_int_equal(kz_stats_verify(c, false, &diffs), DB_OK);
    if (json_array_size(diffs)) {
        char *d = json_dumps(diffs, JSON_COMPACT);
        fail_msg("counts %s differ from a recount: %.2000s", when, d);
    }
    json_decref(diffs);
    overview_equals_counts(c);
    json_t *kept = all_stats(c);
    assert_int_equal(kz_stats_rebuild(c), DB_OK);
    json_t *recounted = all_stats(c);
    if (!json_equal(kept, recounted)) {
        char *a = json_dumps(kept, JSON_COMPACT | JSON_SORT_KEYS);
        char *b = json_dumps(recounted, JSON_COMPACT | JSON_SORT_KEYS);
        print_error("kept:      %s\nrecounted: %s\n", a, b);
        free(a);
        free(b);
        fail_msg("statistics %s (seed %u): the kept counts differ from a recount", when, seed);
    }
    json_decref(kept);
    json_decref(recounted);
}

static void statistics_equal_a_recount(void **state)
{
    world *w = *state;
    if (!w->f) skip();
    db_conn *c = w->f->c;
    counts_equal_recount(c, "after the import");
    { /* registered contracts were imported: their 成交额 is not empty */
        json_t *m = NULL;
        kz_error e = {0};
        assert_int_equal(kz_stats_contracts(c, "city", "51", &m, &e), KZ_OK);
        json_t *t = json_object_get(m, "total");
        assert_true(json_integer_value(json_object_get(t, "count")) > 0);
        assert_true(json_integer_value(json_object_get(t, "amount_fen")) > 0);
        assert_true(json_array_size(json_object_get(m, "output")) > 0);
        json_decref(m);
    }
    kz_actor op = {.operator_ = true};
    snprintf(op.name, sizeof op.name, "cli:test_vis");
    static const char *const org_kinds[] = {"university", "institute", "enterprise", "service"};
    int changed = 0;
    rng_state = seed ^ 0x5eedu;
    for (int step = 0; step < 500; step++) {
        int k = rnd(NKINDS);
        const rec *r = &w->recs[k][rnd(NREC)];
        json_t *in = NULL, *out = NULL;
        kz_error e = {0};
        kz_err rc;
        if (CHANCE(30)) { /* move it to another region and industry (and amount) */
            in = k == 2   ? json_pack("{s:s, s:I}", "region", PICK(rec_regions), "amount_max_fen",
                                      (json_int_t)(money() + 100000000000LL))
                 : k == 3 ? json_pack("{s:s, s:I}", "region", PICK(rec_regions), "amount_fen",
                                      (json_int_t)(money() + 1))
                          : json_pack("{s:s, s:s}", "region", PICK(rec_regions), "industry",
                                      PICK(industries));
            rc = kz_kind_update(kinds[k].desc, c, &op, r->id, in, -1, &out, &e);
        } else if (CHANCE(10)) {         /* an org changes its kind and region */
            int o = rnd(O_NOREGION + 1); /* (the lenders stay lenders) */
            in = json_pack("{s:s, s:s}", "kind", PICK(org_kinds), "region", PICK(rec_regions));
            rc = kz_kind_update(&kz_kind_org, c, &op, w->org_id[o], in, -1, &out, &e);
        } else { /* any action of the state machine; most are refused in the current state */
            int n = 0;
            while (kinds[k].desc->workflow[n].action)
                n++;
            const kz_transition *t = &kinds[k].desc->workflow[rnd(n)];
            if (t->system) continue;
            in = json_pack("{s:s}", "action", t->action);
            if (!strcmp(t->to, "published") && k == 0)
                json_object_set_new(in, "valid_until", json_string("2099-12-31"));
            if (k == 3 && !strcmp(t->action, "register"))
                json_object_set_new(in, "tech_income_fen", json_integer(rnd(1000)));
            if (k == 3 && t->roles && strcmp(t->action, "register") != 0)
                json_object_set_new(in, "comment", json_string("理由"));
            rc = kz_kind_transition(kinds[k].desc, c, &op, r->id, in, -1, &out, &e);
        }
        changed += rc == KZ_OK;
        json_decref(in);
        json_decref(out);
        kz_error_clear(&e);
    }
    print_message("stats on %s: %d of the random changes taken\n", use_pg ? "postgresql" : "sqlite",
                  changed);
    assert_true(changed > 50);
    counts_equal_recount(c, "after random changes");
}

/* ---- lists from memory answer as the SQL lists ------------------------------------------- */

/* A random list query of kind k: filters, a sort, facets, a page size. Strings are static. */
/* A list's query string as name → value pairs, read by kz_kind_list_args as a request's. */
typedef struct qargs {
    int n;
    const char *name[24];
    char value[24][32];
} qargs;

static void qa_set(qargs *qa, const char *name, const char *fmt, ...)
{
    if (!name) return;
    va_list ap;
    va_start(ap, fmt);
    qa->name[qa->n] = name;
    vsnprintf(qa->value[qa->n], sizeof qa->value[0], fmt, ap);
    va_end(ap);
    qa->n++;
}

static const char *qa_get(void *ctx, const char *name)
{
    qargs *qa = ctx;
    for (int i = 0; i < qa->n; i++)
        if (!strcmp(qa->name[i], name)) return qa->value[i];
    return NULL;
}

/* A random list query of kind k (0 achievements, 1 demands, 2 finance products): filters, a
 * sort, facets, a page size — as the query string of GET /<path>. */
static void random_query(const world *w, int k, qargs *qa)
{
    static const char *const inds[] = {"C",   "M",    "B",  "3",    "38",
                                       "384", "3841", "73", "7320", "4411"};
    static const char *const regs[] = {"51",     "5101", "510107", "510",   "5107",  "44",
                                       "511502", "50",   "5",      "51010", "510100"};
    static const char *const ach_sorts[] = {NULL,     "-id", "id",   "price",
                                            "-price", "trl", "-trl", "-updated_at"};
    static const char *const dem_sorts[] = {NULL,      "-id",      "id",
                                            "-budget", "deadline", "-updated_at"};
    static const char *const tm[] = {"transfer", "license", "equity", "co_develop"};
    static const char *const cm[] = {"transfer",   "license",    "equity",
                                     "co_develop", "commission", "consulting"};
    static const char *const dkinds[] = {"tech_problem", "achievement_wanted", "talent",
                                         "equipment", "finance"};
    static const int limits[] = {1, 2, 3, 7, 20, 100};
    static const char *const fin_sorts[] = {NULL,          "-id",         "id",
                                            "-updated_at", "-amount_max", "amount_min"};
    static const char *const ct_sorts[] = {NULL, "-id", "id", "-updated_at", "-amount", "amount"};
    static const char *const pl_sorts[] = {NULL, "-id", "id", "-updated_at"};
    static const char *const ch_sorts[] = {NULL, "-id", "id", "-updated_at", "-budget", "budget"};
    static const char *const bk_sorts[] = {NULL, "-id", "id", "-updated_at", "-charge", "charge"};
    static const char *const ls_sorts[] = {NULL, "-id", "id", "-updated_at", "-price", "price"};
    static const char *const bk_sorts2[] = {NULL, "-id", "id", "-updated_at", "-amount", "amount"};
    *qa = (qargs){0};
    if (CHANCE(30))
        qa_set(qa, "status", "%s",
               k == 0    ? PICK(ach_statuses)
               : k == 1  ? PICK(dem_statuses)
               : k == 2  ? PICK(fin_statuses)
               : k == 3  ? PICK(ct_statuses)
               : k == 4  ? PICK(pl_statuses)
               : k == 5  ? PICK(ch_statuses)
               : k == 6  ? PICK(app_statuses)
               : k == 7  ? PICK(deal_statuses)
               : k == 8  ? PICK(pol_statuses)
               : k == 9  ? PICK(pa_statuses)
               : k == 10 ? PICK(res_statuses)
               : k == 11 ? PICK(bk_statuses)
               : k == 12 ? PICK(vc_statuses)
               : k == 13 ? PICK(ls_statuses)
               : k == 15 ? PICK(pn_statuses)
               : k == 16 ? PICK(ev_statuses)
               : k == 17 ? PICK(er_statuses)
               : k == 18 ? PICK(br_statuses)
               : k == 19 ? PICK(tr_statuses)
               : k == 20 ? PICK(as_statuses)
                         : PICK(fr_statuses));
    if (CHANCE(30) && k != 2 && (k < 8 || k == 10 || k == 11 || (k >= 13 && k <= 15)))
        qa_set(qa, "industry", "%s", PICK(inds));
    if (CHANCE(30)) qa_set(qa, "region", "%s", PICK(regs));
    qa_set(qa, "limit", "%d", PICK(limits));
    if (CHANCE(50)) qa_set(qa, "facets", "1");
    const char *sort = k == 0                       ? PICK(ach_sorts)
                       : k == 1                     ? PICK(dem_sorts)
                       : k == 2                     ? PICK(fin_sorts)
                       : k == 3                     ? PICK(ct_sorts)
                       : k == 4 || k == 7 || k == 8 ? PICK(pl_sorts)
                       : k == 9                     ? PICK(ct_sorts)
                       : k == 11                    ? PICK(bk_sorts)
                       : k == 13                    ? PICK(ls_sorts)
                       : k == 14                    ? PICK(bk_sorts2)
                       : k >= 15                    ? PICK(pl_sorts)
                       : k == 12                    ? PICK(ct_sorts)
                       : k == 10                    ? PICK(pl_sorts)
                                                    : PICK(ch_sorts);
    if (sort) qa_set(qa, "sort", "%s", sort);
    if (k >= 18) {
        if (k == 18 && CHANCE(25)) qa_set(qa, "kind", "%s", PICK(br_kinds));
        if (k > 18 && CHANCE(30)) /* a broker's trainings or assignments */
            qa_set(qa, "broker_id", "%lld", (long long)w->recs[18][rnd(NREC)].id);
        if (CHANCE(15)) qa_set(qa, "org", "%lld", (long long)w->org_id[rnd(NORGS)]);
        return;
    }
    if (k == 16 || k == 17) {
        if (k == 16 && CHANCE(25)) qa_set(qa, "kind", "%s", PICK(ev_kinds));
        if (k == 17 && CHANCE(30)) /* an event's registrations */
            qa_set(qa, "event_id", "%lld", (long long)w->recs[16][rnd(NREC)].id);
        if (CHANCE(15)) qa_set(qa, "org", "%lld", (long long)w->org_id[rnd(NORGS)]);
        return;
    }
    if (k == 15) {
        if (CHANCE(25)) qa_set(qa, "purpose", "%s", PICK(pn_purposes));
        if (CHANCE(30)) /* a challenge's panels */
            qa_set(qa, "target_id", "%lld", (long long)w->recs[5][rnd(NREC)].id);
        if (CHANCE(15)) qa_set(qa, "org", "%lld", (long long)w->org_id[rnd(NORGS)]);
        return;
    }
    if (k == 14) {
        if (CHANCE(25)) qa_set(qa, "kind", "%s", PICK(fr_kinds));
        if (CHANCE(25)) qa_set(qa, "amount", "%lld", money() % 100000000 + 1);
        if (CHANCE(15)) qa_set(qa, "org", "%lld", (long long)w->org_id[rnd(NORGS)]);
        return;
    }
    if (k == 13) {
        if (CHANCE(25)) qa_set(qa, "category", "%s", PICK(ls_categories));
        if (CHANCE(25)) qa_set(qa, "price", "%lld", money() % 100000000 + 1);
        if (CHANCE(15)) qa_set(qa, "org", "%lld", (long long)w->org_id[rnd(NORGS)]);
        return;
    }
    if (k == 12) {
        if (CHANCE(25)) qa_set(qa, "amount", "%lld", money() % 10000000 + 1);
        if (CHANCE(15)) qa_set(qa, "org", "%lld", (long long)w->org_id[rnd(NORGS)]);
        return;
    }
    if (k == 10 || k == 11) {
        if (k == 10 && CHANCE(25)) qa_set(qa, "kind", "%s", PICK(res_kinds));
        if (k == 11 && CHANCE(30)) /* a resource's bookings */
            qa_set(qa, "resource_id", "%lld", (long long)w->recs[10][rnd(NREC)].id);
        if (k == 11 && CHANCE(25)) qa_set(qa, "charge", "%lld", money() + 1);
        if (CHANCE(15)) qa_set(qa, "org", "%lld", (long long)w->org_id[rnd(NORGS)]);
        return;
    }
    if (k == 8 || k == 9) {
        if (k == 9 && CHANCE(30)) /* a policy's applications */
            qa_set(qa, "policy_id", "%lld", (long long)w->recs[8][rnd(NREC)].id);
        if (k == 9 && CHANCE(25)) qa_set(qa, "amount", "%lld", money() + 1);
        if (CHANCE(15)) qa_set(qa, "org", "%lld", (long long)w->org_id[rnd(NORGS)]);
        return;
    }
    if (k == 7) { /* a demand's deals */
        if (CHANCE(30)) qa_set(qa, "demand_id", "%lld", (long long)w->recs[1][rnd(NREC)].id);
        if (CHANCE(15)) qa_set(qa, "org", "%lld", (long long)w->org_id[rnd(NORGS)]);
        if (CHANCE(25)) qa_set(qa, "decline_code", "price");
        return;
    }
    if (k == 5 || k == 6) {
        if (k == 5 && CHANCE(25)) qa_set(qa, "mode", "%s", PICK(ch_modes));
        if (k == 6 && CHANCE(30)) /* a challenge's applications */
            qa_set(qa, "challenge_id", "%lld", (long long)w->recs[5][rnd(NREC)].id);
        if (CHANCE(15)) qa_set(qa, "org", "%lld", (long long)w->org_id[rnd(NORGS)]);
        if (CHANCE(25)) qa_set(qa, "budget", "%lld", money() + 1);
        return;
    }
    if (k == 4) {
        if (CHANCE(25)) qa_set(qa, "kind", "%s", PICK(pl_kinds));
        if (CHANCE(25)) qa_set(qa, "level", "%s", PICK(pl_levels));
        if (CHANCE(15)) qa_set(qa, "org", "%lld", (long long)w->org_id[rnd(NORGS)]);
        return;
    }
    if (k == 3) {
        if (CHANCE(25)) qa_set(qa, "type", "%s", PICK(ct_types));
        if (CHANCE(15)) qa_set(qa, "org", "%lld", (long long)w->org_id[rnd(NORGS)]);
        if (CHANCE(25)) qa_set(qa, "amount", "%lld", money() + 1);
        return;
    }
    if (k == 2) {
        if (CHANCE(25)) qa_set(qa, "kind", "%s", PICK(fin_kinds));
        if (CHANCE(25)) qa_set(qa, "tier", "%s", PICK(tiers));
        if (CHANCE(15))
            qa_set(qa, "org", "%lld", (long long)w->org_id[CHANCE(50) ? O_BANK : O_FUND]);
        if (CHANCE(25)) qa_set(qa, "amount", "%lld", CHANCE(50) ? money() : 1000000LL * rnd(20));
        return;
    }
    if (CHANCE(15)) qa_set(qa, "org", "%lld", (long long)w->org_id[rnd(NORGS)]);
    const char *lo = k == 0 ? "price_min" : "budget_min", *hi = k == 0 ? "price_max" : "budget_max";
    if (CHANCE(20)) qa_set(qa, lo, "%lld", money());
    if (CHANCE(20)) qa_set(qa, hi, "%lld", money());
    if (k == 0) {
        if (CHANCE(20)) qa_set(qa, "trl_min", "%d", 1 + rnd(9));
        if (CHANCE(20)) qa_set(qa, "trl_max", "%d", 1 + rnd(9));
        if (CHANCE(20)) qa_set(qa, "transfer_mode", "%s", PICK(tm));
    } else {
        if (CHANCE(20)) qa_set(qa, "kind", "%s", PICK(dkinds));
        if (CHANCE(20)) qa_set(qa, "cooperation_mode", "%s", PICK(cm));
        if (CHANCE(20)) qa_set(qa, "trl", "%d", 1 + rnd(9));
    }
}

static char *describe_query(const qargs *qa);

static json_t *list_page(db_conn *c, int k, const kz_actor *a, qargs *qa, const char *cursor,
                         bool memory)
{
    kz_listix_enable(memory);
    json_t *out = NULL;
    kz_error e = {0};
    kz_kind_list_q q;
    if (!kz_kind_list_args(kinds[k].desc, qa_get, qa, &q, &e))
        fail_msg("a random query was refused: %s", e.message ? e.message : "");
    q.cursor = cursor;
    kz_err rc = kz_kind_list(kinds[k].desc, c, a, &q, &out, &e);
    kz_listix_enable(true);
    if (rc == KZ_E_NOT_FOUND && q.parent > 0) { /* a parent the actor may not read: both say so */
        kz_error_clear(&e);
        return json_pack("{s:s}", "error", "not_found");
    }
    if (rc != KZ_OK) {
        char *d = describe_query(qa);
        fail_msg("%s: list failed (%s): %s; query %s", kinds[k].name, memory ? "memory" : "sql",
                 e.message ? e.message : kz_err_message(rc), d);
    }
    kz_error_clear(&e);
    return out;
}

static char *describe_query(const qargs *qa)
{
    json_t *o = json_object();
    for (int i = 0; i < qa->n; i++)
        json_object_set_new(o, qa->name[i], json_string(qa->value[i]));
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

/* For random actors and random queries (filters, sorts, page sizes, facets), every page from
 * the attributes in memory — items, total, next_cursor, facets — equals the SQL list's page,
 * following the cursor to the end. Runs after the random changes of the statistics test, so
 * the attributes have followed updates and transitions through the change feed. */
static void lists_from_memory_equal_sql(void **state)
{
    world *w = *state;
    if (!w->f) skip();
    db_conn *c = w->f->c;
    rng_state = seed ^ 0x115711ull;
    who xs[32 + NRANDOM];
    int na = actors(w, xs);
    uint64_t from_memory = kz_listix_answered(), hits = kz_listix_facet_hits();
    int queries = 0, pages = 0, nonempty = 0, writes = 0;
    kz_actor op = {.operator_ = true};
    snprintf(op.name, sizeof op.name, "cli:test_vis");
    for (int round = 0; round < 750; round++) {
        int k = rnd(NKINDS);
        const who *x = &xs[rnd(na)];
        qargs qa;
        random_query(w, k, &qa);
        queries++;
        char *cursor = NULL;
        for (int page = 0; page < 200; page++) {
            json_t *mem = list_page(c, k, &x->a, &qa, cursor, true);
            json_t *sql = list_page(c, k, &x->a, &qa, cursor, false);
            pages += !json_object_get(mem, "error"); /* (a refused list is no page) */
            if (!json_equal(mem, sql)) {
                char *q = describe_query(&qa);
                char *a = json_dumps(mem, JSON_COMPACT | JSON_SORT_KEYS);
                char *b = json_dumps(sql, JSON_COMPACT | JSON_SORT_KEYS);
                print_error("%s, %s, page %d after %s\n  query:  %s\n  memory: %.3000s\n  sql:    "
                            "%.3000s\n",
                            kinds[k].name, x->label, page + 1, cursor ? cursor : "(start)", q, a,
                            b);
                fail_msg("lists (seed %u): memory and SQL answer differently", seed);
            }
            if (json_array_size(json_object_get(mem, "items"))) nonempty++;
            if (CHANCE(
                    15)) { /* a write between two pages: cached facet counts must not outlive it */
                const rec *r = &w->recs[k][rnd(NREC)];
                json_t *in = k == 2   ? json_pack("{s:s, s:o}", "region", PICK(rec_regions),
                                                  "eligible_tiers", modes(tiers, COUNT(tiers), false))
                             : k == 3 ? json_pack("{s:s, s:s}", "region", PICK(rec_regions), "type",
                                                  PICK(ct_types))
                             : k == 4
                                 ? json_pack("{s:s, s:s, s:s}", "region", PICK(rec_regions),
                                             "industry", PICK(industries), "level", PICK(pl_levels))
                                 : json_pack("{s:s, s:s}", "region", PICK(rec_regions), "industry",
                                             PICK(industries));
                json_t *o = NULL;
                kz_error e = {0};
                if (kz_kind_update(kinds[k].desc, c, &op, r->id, in, -1, &o, &e) == KZ_OK) writes++;
                json_decref(in);
                json_decref(o);
                kz_error_clear(&e);
            }
            free(cursor);
            json_t *next = json_object_get(mem, "next_cursor");
            cursor = json_is_string(next) ? strdup(json_string_value(next)) : NULL;
            json_decref(mem);
            json_decref(sql);
            if (!cursor) break;
        }
        free(cursor);
    }
    assert_true(kz_listix_answered() >= from_memory + (uint64_t)pages);
    assert_true(nonempty > pages / 3); /* the queries are not all empty */
    assert_true(writes > 50);
    assert_true(kz_listix_facet_hits() > hits); /* later pages took their facets from the cache */
    print_message("lists on %s: %d random queries, %d pages (%d not empty) alike from memory and "
                  "SQL, %d writes between pages, %llu facet counts from the cache\n",
                  use_pg ? "postgresql" : "sqlite", queries, pages, nonempty, writes,
                  (unsigned long long)(kz_listix_facet_hits() - hits));
}

int main(void)
{
    db_global_init();
    kz_vocab_init();
    const char *s = getenv("KZ_VIS_SEED");
    if (s && *s) seed = (unsigned)strtoul(s, NULL, 10);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(achievements_list_and_get_agree),
        cmocka_unit_test(demands_list_and_get_agree),
        cmocka_unit_test(finance_products_list_and_get_agree),
        cmocka_unit_test(contracts_list_and_get_agree),
        cmocka_unit_test(platforms_list_and_get_agree),
        cmocka_unit_test(challenges_list_and_get_agree),
        cmocka_unit_test(challenge_applications_list_and_get_agree),
        cmocka_unit_test(deals_list_and_get_agree),
        cmocka_unit_test(policies_list_and_get_agree),
        cmocka_unit_test(policy_applications_list_and_get_agree),
        cmocka_unit_test(resources_list_and_get_agree),
        cmocka_unit_test(bookings_list_and_get_agree),
        cmocka_unit_test(vouchers_list_and_get_agree),
        cmocka_unit_test(listings_list_and_get_agree),
        cmocka_unit_test(finance_requests_list_and_get_agree),
        cmocka_unit_test(panels_list_and_get_agree),
        cmocka_unit_test(events_list_and_get_agree),
        cmocka_unit_test(event_registrations_list_and_get_agree),
        cmocka_unit_test(brokers_list_and_get_agree),
        cmocka_unit_test(broker_trainings_list_and_get_agree),
        cmocka_unit_test(broker_assignments_list_and_get_agree),
        cmocka_unit_test(statistics_equal_a_recount),
        cmocka_unit_test(lists_from_memory_equal_sql),
    };
    use_pg = false;
    int rc = cmocka_run_group_tests_name("vis on sqlite", tests, group_setup, group_teardown);
    use_pg = true;
    rc += cmocka_run_group_tests_name("vis on postgresql", tests, group_setup, group_teardown);
    return rc;
}
