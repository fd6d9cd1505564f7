/* stats.h — statistics for the dashboard and the resource map (aggregates only; public),
 * read from counts that every write keeps current in its own transaction (table stat_counts,
 * migration 004): the overview and the map read a few hundred counters whatever the number of
 * records. Ownership: json_t **out is new. */
#ifndef KZ_STATS_H
#define KZ_STATS_H
#include "../core/errors.h"
#include "../db/db.h"
#include <jansson.h>
#include <stdbool.h>

/* Counts by status, by industry 门类 and by city (published records), new this month. */
kz_err kz_stats_overview(db_conn *c, json_t **out, kz_error *e);
/* level: "province" | "city" | "district"; kind: "achievement" | "demand" | "org"; parent:
 * optional code prefix ("51" for Sichuan's cities, "5101" for Chengdu's districts). */
kz_err kz_stats_map(db_conn *c, const char *level, const char *kind, const char *parent,
                    json_t **out, kz_error *e);

/* GET /api/v1/stats/contracts: registered technology contracts' count, amount and 核定技术交易额
 * (integer 分) — in total; 输出 by the seller's region and 吸纳 by the buyer's (level
 * province | city | district, under parent); by type, the seller's 门类, seller kind × buyer kind
 * (and 高校院所 → 企业: university or institute sellers, enterprise buyers), month and year of
 * signing. Read from contract_stats (migration 008), kept by every write of a contract. */
/* The region level of a statistics request (?level=province|city|district, default city) as
 * the length of its code prefix (2, 4, 6), with ?parent= checked to be a prefix above it; 0
 * with field errors in e when either is malformed. */
int kz_stats_level(const char *level, const char *parent, kz_error *e);

kz_err kz_stats_contracts(db_conn *c, const char *level, const char *parent, json_t **out,
                          kz_error *e);
/* Adds delta (±1) to the counts of one record of kind ("achievement", "demand"; "org" with
 * status = the org's kind and section NULL): overall, by region, by month of created_at and,
 * when section is not NULL, by industry section ("" for none). Call inside the write's
 * transaction. */
db_status kz_stats_record(db_conn *c, const char *kind, const char *status, const char *region,
                          const char *section, const char *created_at, int64_t delta);
/* The same counts summed in memory for many records written in one transaction (a bulk
 * import), then added with one statement per count: record as kz_stats_record would (status
 * not NULL), flush inside that transaction before it commits (which empties the sum). */
typedef struct kz_stats_sum kz_stats_sum;
kz_stats_sum *kz_stats_sum_new(void);
void kz_stats_sum_free(kz_stats_sum *s);
void kz_stats_sum_clear(kz_stats_sum *s);
void kz_stats_sum_record(kz_stats_sum *s, const char *kind, const char *status, const char *region,
                         const char *section, const char *created_at, int64_t delta);
db_status kz_stats_sum_flush(kz_stats_sum *s, db_conn *c);
/* Recomputes every count from the rows (after a restore or a migration of the rows): the
 * statistics, the contracts' 成交额, the reward applications' claims and ledger (migration 010). */
db_status kz_stats_rebuild(db_conn *c);
/* `kezhuan stats verify`: recounts from the rows in one transaction and compares with the kept
 * counts. *diffs (new): [{kind, dim, key, status, kept, recount}] for every count that differs.
 * repair: keep the recount (commit); else nothing changes (roll back). */
db_status kz_stats_verify(db_conn *c, bool repair, json_t **diffs);

#endif
