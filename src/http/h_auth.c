/* h_auth.c — login, logout, the current user, password change. */
#include "../core/validate.h"
#include "../domain/auth.h"
#include "../domain/clock.h"
#include "../domain/throttle.h"
#include "../domain/user.h"
#include "handlers.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const kz_field login_fields[] = {
    {.name = "username", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 64},
    {.name = "password", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 128},
    {0},
};

static void set_cookie(kz_req *r, const char *token, int max_age)
{
    char c[256];
    snprintf(c, sizeof c, "kz_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", token,
             max_age, r->cfg->cookie_secure ? "; Secure" : "");
    kz_add_header(r, MHD_HTTP_HEADER_SET_COOKIE, c);
}

static void too_many(kz_req *r, db_conn *c, const char *key)
{
    char ra[16];
    snprintf(ra, sizeof ra, "%d", kz_throttle_retry_after(c, key));
    kz_reply_code(r, KZ_E_RATE_LIMITED, "登录尝试过于频繁，请稍后再试");
    kz_add_header(r, MHD_HTTP_HEADER_RETRY_AFTER, ra);
}

void h_login(kz_req *r)
{
    json_t *in;
    if (!kz_read_json(r, &in)) return;
    kz_error e = {0};
    if (!kz_validate_object(in, login_fields, false, &e)) {
        json_decref(in);
        kz_reply_error(r, &e);
        return;
    }
    const char *user = json_string_value(json_object_get(in, "username"));
    const char *pw = json_string_value(json_object_get(in, "password"));
    char ipkey[96], userkey[96];
    snprintf(ipkey, sizeof ipkey, "ip:%s", r->client);
    snprintf(userkey, sizeof userkey, "user:%s", user);
    db_conn *c = kz_db(r);
    if (!c) {
        json_decref(in);
        return;
    }
    /* count the attempt before the slow password check, so parallel guesses are limited too;
     * the counters are in the database, shared by every node */
    if (!kz_throttle_take(c, ipkey, userkey)) {
        too_many(r, c, kz_throttle_blocked(c, ipkey) ? ipkey : userkey);
        json_decref(in);
        return;
    }
    kz_login lg;
    kz_err rc = kz_auth_login(c, user, pw, r->cfg->session_ttl, &lg, &e);
    if (rc != KZ_OK) {
        if (rc != KZ_E_UNAUTHENTICATED) /* not a wrong password: it does not count */
            kz_throttle_give_back(c, ipkey, userkey, false);
        json_decref(in);
        kz_reply_error(r, &e);
        return;
    }
    kz_throttle_give_back(c, ipkey, userkey, true);
    json_decref(in);
    char exp[24];
    kz_rfc3339((time_t)lg.expires, exp);
    kz_reply_json(r, 200,
                  json_pack("{s:s, s:s, s:s, s:o}", "token", lg.token, "csrf_token", lg.csrf,
                            "expires_at", exp, "user", lg.user));
    set_cookie(r, lg.token, r->cfg->session_ttl);
    sodium_memzero(lg.token, sizeof lg.token);
}

void h_logout(kz_req *r)
{
    if (!r->authed) {
        kz_reply_code(r, KZ_E_UNAUTHENTICATED, NULL);
        return;
    }
    db_conn *c = kz_db(r);
    if (!c) return;
    kz_error e = {0};
    if (kz_auth_logout(c, &r->actor, r->token, &e) != KZ_OK) {
        kz_reply_error(r, &e);
        return;
    }
    kz_reply_json(r, 204, NULL);
    set_cookie(r, "", 0);
}

void h_me(kz_req *r)
{
    if (!r->authed) {
        kz_reply_code(r, KZ_E_UNAUTHENTICATED, NULL);
        return;
    }
    if (r->me[0]) { /* resolved with the session: no further read */
        kz_reply_raw(r, 200, "application/json; charset=utf-8", r->me, strlen(r->me));
        /* a cookie session's CSRF token, for a page reloaded after login (same origin only:
         * no CORS, so other sites cannot read it) */
        if (r->via_cookie) kz_add_header(r, "X-CSRF-Token", r->csrf);
        return;
    }
    db_conn *c = kz_db(r);
    if (!c) return;
    kz_error e = {0};
    json_t *u;
    if (kz_user_get(c, &r->actor, r->actor.user_id, &u, &e) != KZ_OK) {
        kz_reply_error(r, &e);
        return;
    }
    kz_reply_json(r, 200, u);
    if (r->via_cookie) kz_add_header(r, "X-CSRF-Token", r->csrf);
}

static const kz_field pw_fields[] = {
    {.name = "current_password",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 1,
     .max_len = 128},
    {.name = "new_password", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 128},
    {0},
};

void h_me_password(kz_req *r)
{
    if (!r->authed) {
        kz_reply_code(r, KZ_E_UNAUTHENTICATED, NULL);
        return;
    }
    json_t *in;
    if (!kz_read_json(r, &in)) return;
    kz_error e = {0};
    db_conn *c;
    if (!kz_validate_object(in, pw_fields, false, &e)) {
        kz_reply_error(r, &e);
    } else if ((c = kz_db(r))) {
        if (kz_auth_change_password(
                c, &r->actor, json_string_value(json_object_get(in, "current_password")),
                json_string_value(json_object_get(in, "new_password")), r->token, &e) != KZ_OK)
            kz_reply_error(r, &e);
        else
            kz_reply_json(r, 204, NULL);
    }
    json_decref(in);
}
