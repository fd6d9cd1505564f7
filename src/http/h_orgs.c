/* h_orgs.c — GET /api/v1/orgs, the org registry's list (create, read and update are the
 * engine's: h_kind.c with kz_kind_org, router.c). */
#include "../domain/org.h"
#include "handlers.h"
#include <ctype.h>
#include <string.h>

static bool digits(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (!n || n > max) return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s)) return false;
    return true;
}

void h_orgs_list(kz_req *r)
{
    kz_error e = {0};
    kz_page p;
    kz_org_filter f = {
        .kind = kz_arg(r, "kind"), .region = kz_arg(r, "region"), .q = kz_arg(r, "q")};
    kz_page_parse(kz_arg(r, "limit"), kz_arg(r, "cursor"), &p, &e);
    if (f.region && !digits(f.region, 6))
        kz_field_error(&e, "region", "应为 GB/T 2260 代码或其前缀");
    if (f.q && strlen(f.q) > 200) kz_field_error(&e, "q", "超过长度上限");
    if (e.code) {
        kz_reply_error(r, &e);
        return;
    }
    db_conn *c = kz_db(r);
    if (!c) return;
    json_t *out;
    if (kz_org_list(c, &r->actor, &f, &p, &out, &e) != KZ_OK)
        kz_reply_error(r, &e);
    else
        kz_reply_json(r, 200, out);
}
