/* voucher.c — 创新券 balances and expiry (voucher.h). */
#include "voucher.h"
#include "../core/jsonx.h"
#include "engine.h"
#include "record.h"
#include <string.h>

typedef struct ledger {
    int64_t n, redeemed;
} ledger;

static db_status ledger_cb(void *ctx, const db_row *r)
{
    ledger *x = ctx;
    x->n = db_col_int(r, 0);
    x->redeemed = db_col_int(r, 1);
    return DB_OK;
}

db_status kz_voucher_redeemed(db_conn *c, int64_t id, int64_t *fen)
{
    ledger l = {0};
    db_status st = DB_EXEC(c, Q_VL_GET, ledger_cb, &l, db_int(id));
    *fen = l.redeemed;
    return st == DB_NOROW ? DB_OK : st;
}

static kz_err refuse(kz_error *e, const char *field, const char *why)
{
    kz_field_error(e, field, why);
    return KZ_E_VALIDATION;
}

kz_err kz_voucher_usable(db_conn *c, int64_t id, int64_t org_id, const char *day, const char *field,
                         int64_t *left, kz_error *e)
{
    *left = 0;
    kz_err rc;
    json_t *v = kz_kind_read(&kz_kind_voucher, c, id, &rc, e);
    if (rc == KZ_E_NOT_FOUND) {
        kz_error_clear(e);
        return refuse(e, field, "创新券不存在");
    }
    if (rc != KZ_OK) return rc;
    char today[11];
    kz_today(today);
    const char *st = kz_json_str(v, "status"), *until = kz_json_str(v, "valid_until");
    int64_t redeemed = 0;
    db_status dst = DB_OK;
    if (json_integer_value(json_object_get(v, "holder_org_id")) != org_id)
        rc = refuse(e, field, "只能使用发放给本单位的创新券");
    else if (!st || strcmp(st, "issued") != 0)
        rc = refuse(e, field,
                    st && !strcmp(st, "expired") ? "创新券已过期" : "创新券未发放或已收回");
    else if (!until || strcmp(until, today) < 0 || (day && strcmp(until, day) < 0))
        rc = refuse(e, field, "创新券在使用日已过期");
    else if ((dst = kz_voucher_redeemed(c, id, &redeemed)) != DB_OK)
        rc = kz_db_fail(e, dst);
    else if ((*left = json_integer_value(json_object_get(v, "amount_fen")) - redeemed) <= 0)
        rc = refuse(e, field, "创新券余额不足");
    json_decref(v);
    return rc;
}

kz_err kz_voucher_balance(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e)
{
    *out = NULL;
    json_t *v = NULL;
    kz_err rc = kz_kind_get(&kz_kind_voucher, c, a, id, &v, e);
    if (rc != KZ_OK) return rc;
    int64_t redeemed = 0, amount = json_integer_value(json_object_get(v, "amount_fen"));
    db_status st = kz_voucher_redeemed(c, id, &redeemed);
    if (st != DB_OK) {
        json_decref(v);
        return kz_db_fail(e, st);
    }
    char today[11];
    kz_today(today);
    const char *status = kz_json_str(v, "status"), *until = kz_json_str(v, "valid_until");
    bool usable = status && !strcmp(status, "issued") && until && strcmp(until, today) >= 0 &&
                  amount > redeemed;
    *out = json_pack("{s:I, s:s, s:I, s:I, s:I, s:s, s:b}", "voucher_id", (json_int_t)id, "status",
                     status ? status : "", "amount_fen", (json_int_t)amount, "redeemed_fen",
                     (json_int_t)redeemed, "balance_fen", (json_int_t)(amount - redeemed),
                     "valid_until", until ? until : "", "usable", usable);
    json_decref(v);
    return KZ_OK;
}

int kz_voucher_expire_due(db_conn *c)
{
    char today[11];
    kz_today(today);
    int n = 0;
    for (int round = 0; round < 100; round++) {
        int64_t id = 0;
        db_status st = DB_EXEC(c, Q_VC_DUE, db_cb_int, &id, db_text(today));
        if (st != DB_OK || !id) break;
        if (kz_kind_system_transition(&kz_kind_voucher, c, id, "expire") != KZ_OK) break;
        n++;
    }
    return n;
}
