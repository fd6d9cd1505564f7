/* h_resource.c — shared instruments beyond the engine: GET /api/v1/resources/{id}/utilisation
 * ?from=&to= (domain/resource.h) and a 创新券's GET /api/v1/vouchers/{id}/balance (voucher.h). */
#include "../domain/resource.h"
#include "../domain/voucher.h"
#include "handlers.h"

void h_resource_utilisation(kz_req *r)
{
    kz_error e = {0};
    json_t *out = NULL;
    db_conn *c = kz_db(r);
    if (!c) return;
    if (kz_resource_utilisation(c, &r->actor, r->id, kz_arg(r, "from"), kz_arg(r, "to"), &out,
                                &e) != KZ_OK)
        kz_reply_error(r, &e);
    else
        kz_reply_json(r, 200, out);
}

/* GET /api/v1/vouchers/{id}/balance (domain/voucher.h). */
void h_voucher_balance(kz_req *r)
{
    kz_error e = {0};
    json_t *out = NULL;
    db_conn *c = kz_db(r);
    if (!c) return;
    if (kz_voucher_balance(c, &r->actor, r->id, &out, &e) != KZ_OK)
        kz_reply_error(r, &e);
    else
        kz_reply_json(r, 200, out);
}
