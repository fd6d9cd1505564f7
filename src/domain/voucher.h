/* voucher.h — 创新券 (kinds/voucher.c): a voucher's balance from voucher_ledger (migration 011),
 * whether a booking may use it, and its expiry by the platform.
 *
 * Ownership: json_t arguments are borrowed; *out is a new reference for the caller. */
#ifndef KZ_VOUCHER_H
#define KZ_VOUCHER_H
#include "../core/errors.h"
#include "../db/db.h"
#include "actor.h"
#include <jansson.h>

/* What a voucher has paid (voucher_ledger), 0 when nothing. */
db_status kz_voucher_redeemed(db_conn *c, int64_t id, int64_t *fen);

/* Voucher id for a booking of org_id on day ("YYYY-MM-DD"): issued to that org, issued (not
 * revoked or expired), valid on the day and today, with a balance left; *left is the balance.
 * KZ_OK, or KZ_E_VALIDATION with a field error on `field` saying why (e set), or the database's
 * failure. */
kz_err kz_voucher_usable(db_conn *c, int64_t id, int64_t org_id, const char *day, const char *field,
                         int64_t *left, kz_error *e);

/* GET /vouchers/{id}/balance: the voucher as the actor may read it (404) → {voucher_id, status,
 * amount_fen, redeemed_fen, balance_fen, valid_until, usable}. */
kz_err kz_voucher_balance(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e);

/* Expires the issued vouchers past their validity (maint.c); returns how many. */
int kz_voucher_expire_due(db_conn *c);

#endif
