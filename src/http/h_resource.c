/* h_resource.c — GET /api/v1/resources/{id}/utilisation?from=&to= (domain/resource.h). */
#include "../domain/resource.h"
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
