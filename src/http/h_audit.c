/* h_audit.c — GET /api/v1/audit: the hash-chained trail, newest first; GET /api/v1/audit/verify:
 * the whole chain checked, as `kezhuan audit verify` does (the web UI's verify button). */
#include "../domain/audit.h"
#include "../domain/common.h"
#include "handlers.h"
#include <string.h>

void h_audit_list(kz_req *r)
{
    kz_error e = {0};
    kz_page p;
    kz_page_parse(kz_arg(r, "limit"), kz_arg(r, "cursor"), &p, &e);
    const char *entity = kz_arg(r, "entity"), *id = kz_arg(r, "id");
    if (entity && (strlen(entity) > 40 || !*entity)) kz_field_error(&e, "entity", "无效的实体名");
    if (id && (strlen(id) > 40 || !*id)) kz_field_error(&e, "id", "无效的编号");
    if (e.code) {
        kz_reply_error(r, &e);
        return;
    }
    db_conn *c = kz_db(r);
    if (!c) return;
    json_t *out;
    if (kz_audit_list(c, &r->actor, entity, id, p.after, p.limit, &out, &e) != KZ_OK)
        kz_reply_error(r, &e);
    else
        kz_reply_json(r, 200, out);
}

void h_audit_verify(kz_req *r)
{
    db_conn *c = kz_db(r);
    if (!c) return;
    kz_error e = {0};
    json_t *out;
    if (kz_audit_check(c, &r->actor, kz_arg(r, "head"), &out, &e) != KZ_OK)
        kz_reply_error(r, &e);
    else
        kz_reply_json(r, 200, out);
}
