/* content.h — deterministic Chinese demo content for `kezhuan demo`: organizations across
 * Sichuan, research achievements (科技成果) and enterprise demands (企业技术需求).
 *
 * Everything is invented (universities, institutes and science bureaus are real public bodies;
 * enterprises, people, numbers, phone numbers and texts are fictional) and depends only on the
 * index: the same i always yields the same record, on every platform, without rand().
 *
 * Ownership: kz_demo_orgs() and kz_demo_org_find() return static data (never freed).
 * kz_demo_achievement() and kz_demo_demand() return a NEW jansson reference the caller
 * json_decref()s; NULL when i is out of range. All functions are thread-safe (no shared
 * mutable state).
 *
 * Records carry §5 field names plus two demo-only fields the loader resolves and strips:
 *   "org_key"  the owner, a key of kz_demo_orgs() (a university/institute for achievements, an
 *              enterprise for demands);
 *   "status"   the intended final state (achievements: draft|submitted|screening|published|
 *              rejected|withdrawn; demands: draft|published|matched|closed).
 * Dates (valid_until, deadline) are fixed calendar dates after 2026-11-22; money is in 分.
 * IP items use the five common types plus plant_variety (育种) and ic_layout (芯片), both in
 * the platform's IP vocabulary; patent numbers carry a valid GB check character. */
#ifndef KZ_DEMO_CONTENT_H
#define KZ_DEMO_CONTENT_H
#include <jansson.h>

#define KZ_DEMO_ACHIEVEMENTS 2400
#define KZ_DEMO_DEMANDS      600

typedef struct kz_demo_org {
    const char *key;    /* short ascii id, unique, e.g. "scu" */
    const char *name;   /* 四川大学 */
    const char *kind;   /* university|institute|enterprise|service|platform|incubator|government */
    const char *region; /* GB/T 2260: a county code; a bureau has its city (or province) code */
    const char *industry; /* GB/T 4754-2017 门类 letter or 2-digit 大类 */
    const char *tier;     /* none|tech_sme|high_tech|gazelle|leader */
    const char *address;
    const char *contact; /* a fictional phone number */
} kz_demo_org;

/* All demo organizations; *n receives the count (when n is not NULL). */
const kz_demo_org *kz_demo_orgs(int *n);
/* The organization with that key, or NULL. */
const kz_demo_org *kz_demo_org_find(const char *key);

/* Achievement i in [0, KZ_DEMO_ACHIEVEMENTS): a new object with title, summary, detail,
 * keywords, industry, tech_field, region, trl, ip, team, transfer_modes, transaction_mode,
 * price_fen (integer or null = 面议), valid_until, competing, org_key, status. */
json_t *kz_demo_achievement(int i);

/* Demand i in [0, KZ_DEMO_DEMANDS): a new object with title, description, indicators, basis,
 * kind, industry, region, budget_min_fen, budget_max_fen, deadline, trl_min,
 * cooperation_modes, org_key, status. */
json_t *kz_demo_demand(int i);

/* Finance product i in [0, KZ_DEMO_FINANCE_PRODUCTS) (科技金融, src/kinds/finance_product.c):
 * a new object with its fields, org_key (a lender) and status (draft|submitted|active|closed). */
#define KZ_DEMO_FINANCE_PRODUCTS 7
json_t *kz_demo_finance_product(int i);

/* The demo's 科技创新平台 (src/kinds/platform.c, src/demo/platforms.c): a new array of objects with
 * their fields, org_key (the host: a university, institute, enterprise, incubator, pilot base or
 * service agency) and status (draft|candidate|recognized|warned|delisted). */
json_t *kz_demo_platforms(void);
/* Contract i in [0, KZ_DEMO_CONTRACTS) (技术合同登记, src/kinds/contract.c): a new object with its
 * fields, org_key (the seller), buyer_org_key (a registry buyer; absent for a named one) and
 * status (registered for most — with tech_income_fen, registered_on and registration_no, as an
 * imported register —, a few submitted, returned, not_registered with the reason, one draft).
 * Unlike the rest, its dates follow from today ("YYYY-MM-DD"): signed within the year before.
 * seq_of_year: the loader's sequence numbers of this year's and last year's registration
 * numbers ([0], [1]), starting at 0 and advanced here, in index order. */
#define KZ_DEMO_CONTRACTS 60
json_t *kz_demo_contract(int i, const char *today, int seq_of_year[2]);

/* The day `days` after today (before it when negative), YYYY-MM-DD (UTC). */
void kz_demo_day(const char *today, int days, char out[11]);

/* The demo's 揭榜挂帅 challenges (src/kinds/challenge.c, src/demo/challenges.c) as of today: a new
 * array of objects, each a challenge's fields with org_key and status (the state it is imported
 * in) and three demo-only members the loader takes out: "applications" (objects with their
 * fields, org_key and status; partner_keys: the partners' org keys), "milestones" (likewise;
 * org_key: the winner) and "steps" (the transitions, {action, …body}, the operator then takes
 * on the challenge: award, start, pass or fail — so that its winners and results are the
 * engine's own). */
json_t *kz_demo_challenges(const char *today);

#endif
