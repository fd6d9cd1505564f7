/* h_achievements.c — /api/v1/achievements and their access requests. */
#include "../domain/achievement.h"
#include "../domain/record.h"
#include "handlers.h"
#include <string.h>

void h_ach_access_create(kz_req *r)
{
    json_t *in, *out = NULL;
    if (!kz_read_json(r, &in)) return;
    db_conn *c = kz_db(r);
    kz_error e = {0};
    if (c) {
        if (kz_access_request(c, &r->actor, r->id, in, &out, &e) != KZ_OK)
            kz_reply_error(r, &e);
        else {
            char loc[96];
            snprintf(loc, sizeof loc, "/api/v1/access-requests/%lld",
                     (long long)json_integer_value(json_object_get(out, "id")));
            kz_reply_json(r, 201, out);
            kz_add_header(r, MHD_HTTP_HEADER_LOCATION, loc);
        }
    }
    json_decref(in);
}

void h_ach_access_list(kz_req *r)
{
    db_conn *c = kz_db(r);
    if (!c) return;
    kz_error e = {0};
    json_t *out;
    if (kz_access_list(c, &r->actor, r->id, &out, &e) != KZ_OK)
        kz_reply_error(r, &e);
    else
        kz_reply_json(r, 200, out);
}

void h_access_inbox(kz_req *r)
{
    kz_error e = {0};
    kz_page p;
    kz_page_parse(kz_arg(r, "limit"), kz_arg(r, "cursor"), &p, &e);
    bool mine;
    kz_query_bool(kz_arg(r, "mine"), "mine", &mine, &e);
    if (e.code) {
        kz_reply_error(r, &e);
        return;
    }
    db_conn *c = kz_db(r);
    if (!c) return;
    json_t *out;
    if (kz_access_inbox(c, &r->actor, kz_arg(r, "status"), mine, &p, &out, &e) != KZ_OK)
        kz_reply_error(r, &e);
    else
        kz_reply_json(r, 200, out);
}

void h_access_decide(kz_req *r)
{
    json_t *in, *out = NULL;
    if (!kz_read_json(r, &in)) return;
    db_conn *c = kz_db(r);
    kz_error e = {0};
    if (c) {
        if (kz_access_decide(c, &r->actor, r->id, in, &out, &e) != KZ_OK)
            kz_reply_error(r, &e);
        else
            kz_reply_json(r, 200, out);
    }
    json_decref(in);
}

void h_notifications_list(kz_req *r)
{
    kz_error e = {0};
    kz_page p;
    kz_page_parse(kz_arg(r, "limit"), kz_arg(r, "cursor"), &p, &e);
    bool unread;
    kz_query_bool(kz_arg(r, "unread"), "unread", &unread, &e);
    if (e.code) {
        kz_reply_error(r, &e);
        return;
    }
    db_conn *c = kz_db(r);
    if (!c) return;
    json_t *out;
    if (kz_notifications_list(c, &r->actor, unread, &p, &out, &e) != KZ_OK)
        kz_reply_error(r, &e);
    else
        kz_reply_json(r, 200, out);
}

void h_notification_read(kz_req *r)
{
    db_conn *c = kz_db(r);
    if (!c) return;
    kz_error e = {0};
    if (kz_notification_read(c, &r->actor, r->id, &e) != KZ_OK)
        kz_reply_error(r, &e);
    else
        kz_reply_json(r, 204, NULL);
}
