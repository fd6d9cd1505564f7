/* h_users.c — /api/v1/users: list, create, read, update. */
#include "../domain/user.h"
#include "handlers.h"
#include <stdlib.h>
#include <string.h>

void h_users_list(kz_req *r)
{
    kz_error e = {0};
    kz_page p;
    kz_user_filter f = {.role = kz_arg(r, "role"), .q = kz_arg(r, "q")};
    kz_page_parse(kz_arg(r, "limit"), kz_arg(r, "cursor"), &p, &e);
    const char *org = kz_arg(r, "org");
    if (org) {
        char *end;
        long long v = strtoll(org, &end, 10);
        if (*end || v <= 0)
            kz_field_error(&e, "org", "应为机构编号");
        else
            f.org_id = v;
    }
    if (f.role && kz_role_by_name(f.role) == KZ_ROLE__COUNT)
        kz_field_error(&e, "role", "未知的角色");
    if (f.q && strlen(f.q) > 200) kz_field_error(&e, "q", "超过长度上限");
    if (e.code) {
        kz_reply_error(r, &e);
        return;
    }
    db_conn *c = kz_db(r);
    if (!c) return;
    json_t *out;
    if (kz_user_list(c, &r->actor, &f, &p, &out, &e) != KZ_OK)
        kz_reply_error(r, &e);
    else
        kz_reply_json(r, 200, out);
}

void h_users_create(kz_req *r)
{
    kz_handle_create(r, "users", kz_user_create);
}

void h_users_get(kz_req *r)
{
    kz_handle_get(r, kz_user_get);
}

void h_users_patch(kz_req *r)
{
    kz_handle_change(r, kz_user_update);
}
