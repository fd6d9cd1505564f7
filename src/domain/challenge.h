/* challenge.h — 揭榜挂帅 (kinds/challenge.c): the solver subsidy, the award of a challenge and
 * the platform's closing of challenges at their deadline.
 *
 * Ownership: json_t arguments are borrowed; nothing returned is to be freed. */
#ifndef KZ_CHALLENGE_H
#define KZ_CHALLENGE_H
#include "../db/db.h"
#include "../core/errors.h"
#include "record.h"
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* The default share of the contract amount paid to the solver (Luzhou's 30 %). */
#define KZ_CHALLENGE_SUBSIDY_PCT 30

/* pct % of amount_fen in 分, rounded half up (amount_fen, pct >= 0; exact in 64 bits up to
 * ¥1 万亿 × 100 %). */
int64_t kz_challenge_subsidy(int64_t amount_fen, int64_t pct);

/* The `award` step of challenge r (in its transition's transaction): at least one won
 * application, exactly one unless in 赛马 mode, their contract amounts within the budget; sets
 * winners, awarded_fen and subsidy_fen in data. A refusal sets *refused and e and returns
 * DB_HARD (engine.h on_transition_db). */
db_status kz_challenge_award(db_conn *c, const kz_rec_row *r, json_t *data, bool *edited,
                             kz_err *refused, kz_error *e);

/* Closes (the system transition `expire`) the published challenges whose deadline is before
 * today; returns how many. */
int kz_challenge_close_due(db_conn *c);

#endif
