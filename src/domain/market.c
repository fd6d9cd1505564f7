/* market.c — 科技大市场's state across records (market.h). */
#include "market.h"
#include "../core/jsonx.h"
#include "clock.h"
#include "engine.h"
#include "record.h"
#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static _Atomic int publicity_days = 15;

void kz_market_set_publicity_days(int days)
{
    if (days >= 1 && days <= 365) publicity_days = days;
}

int kz_market_publicity_days(void)
{
    return publicity_days;
}

bool kz_market_local_time(const char *s, int64_t *t)
{
    size_t n = s ? strlen(s) : 0;
    if ((n != 16 && n != 19) || s[10] != 'T' || s[13] != ':' || (n == 19 && s[16] != ':'))
        return false;
    char date[11];
    memcpy(date, s, 10);
    date[10] = 0;
    if (!kz_date_valid(date)) return false;
    int part[3] = {0, 0, 0};
    for (int i = 0; i < (n == 19 ? 3 : 2); i++) {
        const char *p = s + 11 + 3 * i;
        if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9') return false;
        part[i] = (p[0] - '0') * 10 + (p[1] - '0');
    }
    if (part[0] > 23 || part[1] > 59 || part[2] > 59) return false;
    struct tm tm = {
        .tm_year = atoi(date) - 1900, .tm_mon = atoi(date + 5) - 1, .tm_mday = atoi(date + 8)};
    /* China Standard Time is UTC+8 all year */
    *t = (int64_t)timegm(&tm) + part[0] * 3600 + part[1] * 60 + part[2] - 8 * 3600;
    return true;
}

/* ---- the row ---- */

static int64_t col(const db_row *r, int i)
{
    return db_col_null(r, i) ? KZ_MS_NONE : db_col_int(r, i);
}

static db_status get_cb(void *ctx, const db_row *r)
{
    kz_market_state *s = ctx;
    snprintf(s->mode, sizeof s->mode, "%s", db_col_text(r, 0) ?: "");
    snprintf(s->phase, sizeof s->phase, "%s", db_col_text(r, 1) ?: "");
    s->due_at = col(r, 2);
    snprintf(s->auction_kind, sizeof s->auction_kind, "%s", db_col_text(r, 3) ?: "");
    s->start_fen = col(r, 4);
    s->increment_fen = col(r, 5);
    s->reserve_fen = col(r, 6);
    s->starts_at = col(r, 7);
    s->ends_at = col(r, 8);
    s->extend_s = col(r, 9);
    s->best_fen = col(r, 10);
    s->best_bid_id = col(r, 11);
    s->best_org_id = col(r, 12);
    s->nbids = db_col_int(r, 13);
    s->objections = db_col_int(r, 14);
    s->seq = db_col_int(r, 15);
    return DB_OK;
}

db_status kz_market_get(db_conn *c, int64_t listing_id, kz_market_state *s)
{
    *s = (kz_market_state){.due_at = KZ_MS_NONE,
                           .start_fen = KZ_MS_NONE,
                           .increment_fen = KZ_MS_NONE,
                           .reserve_fen = KZ_MS_NONE,
                           .starts_at = KZ_MS_NONE,
                           .ends_at = KZ_MS_NONE,
                           .extend_s = KZ_MS_NONE,
                           .best_fen = KZ_MS_NONE,
                           .best_bid_id = KZ_MS_NONE,
                           .best_org_id = KZ_MS_NONE};
    return DB_EXEC(c, Q_MS_GET, get_cb, s, db_int(listing_id));
}

static db_val opt(int64_t v)
{
    return v == KZ_MS_NONE ? db_null() : db_int(v);
}

db_status kz_market_put(db_conn *c, int64_t listing_id, const kz_market_state *s)
{
    db_status st =
        DB_EXEC(c, Q_MS_PUT, NULL, NULL, db_int(listing_id), db_text(s->mode), db_text(s->phase),
                opt(s->due_at), s->auction_kind[0] ? db_text(s->auction_kind) : db_null(),
                opt(s->start_fen), opt(s->increment_fen), opt(s->reserve_fen), opt(s->starts_at),
                opt(s->ends_at), opt(s->extend_s), opt(s->best_fen), opt(s->best_bid_id),
                opt(s->best_org_id), db_int(s->nbids), db_int(s->objections), db_int(s->seq));
    return st == DB_NOROW ? DB_OK : st;
}

/* ---- the scheduled steps ---- */

typedef struct due_ctx {
    int n;
    int64_t id[64];
    char phase[64][16];
} due_ctx;

static db_status due_cb(void *ctx, const db_row *r)
{
    due_ctx *x = ctx;
    if (x->n >= 64) return DB_OK;
    x->id[x->n] = db_col_int(r, 0);
    snprintf(x->phase[x->n], sizeof x->phase[0], "%s", db_col_text(r, 1) ?: "");
    x->n++;
    return DB_OK;
}

static bool step(int64_t id, db_conn *c, const char *action)
{
    return kz_kind_system_transition(&kz_kind_listing, c, id, action) == KZ_OK;
}

int kz_market_due(db_conn *c)
{
    due_ctx x = {0};
    if (DB_EXEC(c, Q_MS_DUE, due_cb, &x, db_int(kz_now()), db_int(64)) != DB_OK) return 0;
    int n = 0;
    for (int i = 0; i < x.n; i++) {
        const char *p = x.phase[i];
        if (!strcmp(p, "open"))
            n += step(x.id[i], c, "start");
        else if (!strcmp(p, "publicity"))
            n += step(x.id[i], c, "conclude");
        else if (!strcmp(p, "live") && step(x.id[i], c, "end")) {
            n++;
            p = "ended";
        }
        if (!strcmp(p, "ended")) {
            /* sold to the best bid at or above the reserve (end found it), or unsold; an ended
             * auction stays due until this step is taken (a node may stop between the two) */
            kz_err rc;
            kz_error e = {0};
            json_t *l = kz_kind_read(&kz_kind_listing, c, x.id[i], &rc, &e);
            kz_error_clear(&e);
            bool won = l && json_is_integer(json_object_get(l, "buyer_org_id"));
            json_decref(l);
            if (rc == KZ_OK) n += step(x.id[i], c, won ? "award" : "fail");
        }
    }
    return n;
}

db_status kz_market_release_deposits(db_conn *c, int64_t listing_id, int64_t keep_org,
                                     int64_t only_org)
{
    json_t *all;
    db_status st = kz_kind_children(&kz_kind_deposit, c, listing_id, NULL, KZ_CHILDREN_MAX, &all);
    for (size_t i = 0; st == DB_OK && i < json_array_size(all); i++) {
        json_t *d = json_array_get(all, i);
        const char *s = kz_json_str(d, "status");
        int64_t org = json_integer_value(json_object_get(d, "org_id"));
        if (!s || (strcmp(s, "pending") && strcmp(s, "held"))) continue;
        if ((keep_org && org == keep_org) || (only_org > 0 && org != only_org)) continue;
        if (kz_kind_system_transition(&kz_kind_deposit, c,
                                      json_integer_value(json_object_get(d, "id")),
                                      "release") != KZ_OK)
            st = DB_HARD;
    }
    json_decref(all);
    return st;
}

/* ---- the bidding as a page polls it ---- */

typedef struct rows_ctx {
    json_t *out;
} rows_ctx;

static db_status rows_cb(void *ctx, const db_row *r)
{
    json_array_append_new(((rows_ctx *)ctx)->out, kz_rec_json(r));
    return DB_OK;
}

static json_t *time_or_null(int64_t t)
{
    if (t == KZ_MS_NONE) return json_null();
    char s[24];
    kz_rfc3339((time_t)t, s);
    return json_string(s);
}

static json_t *fen_or_null(int64_t v)
{
    return v == KZ_MS_NONE ? json_null() : json_integer(v);
}

/* The actor's org's deposit on the listing: its id and state (held first, then pending). */
static db_status my_deposit(db_conn *c, int64_t listing, int64_t org, json_t *out)
{
    static const char *const states[] = {"held", "pending"};
    for (int i = 0; i < 2 && org > 0; i++) {
        int64_t id;
        db_status st = kz_kind_child_of_org(&kz_kind_deposit, c, listing, org, states[i], &id);
        if (st == DB_NOROW) continue;
        if (st != DB_OK) return st;
        json_object_set_new(out, "my_deposit",
                            json_pack("{s:I, s:s}", "id", (json_int_t)id, "status", states[i]));
        return DB_OK;
    }
    json_object_set_new(out, "my_deposit", json_null());
    return DB_OK;
}

kz_err kz_market_bidding(db_conn *c, const kz_actor *a, int64_t id, const char *if_none_match,
                         char etag[64], json_t **out, kz_error *e)
{
    *out = NULL;
    json_t *l = NULL;
    kz_err rc = kz_kind_get(&kz_kind_listing, c, a, id, &l, e);
    if (rc != KZ_OK) return rc;
    kz_market_state s;
    db_status st = kz_market_get(c, id, &s);
    if (st != DB_OK && st != DB_NOROW) {
        json_decref(l);
        return kz_db_fail(e, st);
    }
    if (st == DB_NOROW) { /* not opened yet: the terms only */
        snprintf(s.mode, sizeof s.mode, "%s", kz_json_str(l, "mode") ?: "");
        snprintf(s.phase, sizeof s.phase, "%s", kz_json_str(l, "status") ?: "");
    }
    int64_t version = json_integer_value(json_object_get(l, "version"));
    snprintf(etag, 64, "W/\"b%" PRId64 "-%" PRId64 "-%" PRId64 "\"", version, s.seq, a->user_id);
    if (if_none_match && strstr(if_none_match, etag + 2)) {
        json_decref(l);
        return KZ_OK;
    }
    const char *status = kz_json_str(l, "status") ?: "";
    bool auction = !strcmp(s.mode, "auction"), listed = !strcmp(s.mode, "listed");
    bool sealed = auction && !strcmp(s.auction_kind, "sealed");
    bool over = strcmp(status, "open") && strcmp(status, "live") && strcmp(status, "review") &&
                strcmp(status, "draft");
    bool seller = a->org_id && a->org_id == json_integer_value(json_object_get(l, "org_id"));
    bool registry =
        a->operator_ || (a->roles & (KZ_ROLE_BIT(KZ_ROLE_ADMIN) | KZ_ROLE_BIT(KZ_ROLE_OFFICER) |
                                     KZ_ROLE_BIT(KZ_ROLE_REVIEWER)));
    /* who sees the bidders' names: the seller and the registry, once the bidding is over or
     * for 摘牌 requests (which the seller chooses among) */
    bool names = (seller || registry) && (over || listed);
    char now[24];
    kz_rfc3339((time_t)kz_now(), now);
    json_t *o =
        json_pack("{s:I, s:s, s:s, s:s?, s:I, s:s}", "listing_id", (json_int_t)id, "mode", s.mode,
                  "status", status, "auction_kind", s.auction_kind[0] ? s.auction_kind : NULL,
                  "nbids", (json_int_t)s.nbids, "now", now);
    json_object_set_new(o, "starts_at", time_or_null(s.starts_at));
    json_object_set_new(o, "ends_at", time_or_null(s.ends_at));
    json_object_set_new(o, "start_fen", fen_or_null(s.start_fen));
    json_object_set_new(o, "increment_fen", fen_or_null(s.increment_fen));
    json_object_set_new(o, "deposit_fen",
                        json_incref(json_object_get(l, "deposit_fen") ?: json_null()));
    json_object_set_new(o, "price_fen",
                        json_incref(json_object_get(l, "price_fen") ?: json_null()));
    /* the current price: an English auction's best bid; a sealed one's only once over */
    bool show_best = auction && (!sealed || over);
    json_object_set_new(o, "current_fen", show_best ? fen_or_null(s.best_fen) : json_null());
    int64_t next = KZ_MS_NONE;
    if (auction && !strcmp(status, "live"))
        next = !sealed && s.best_fen != KZ_MS_NONE ? s.best_fen + s.increment_fen : s.start_fen;
    json_object_set_new(o, "next_min_fen", fen_or_null(next));
    json_object_set_new(o, "has_reserve", json_boolean(s.reserve_fen != KZ_MS_NONE));
    json_object_set_new(o, "reserve_met",
                        json_boolean(show_best && s.best_fen != KZ_MS_NONE &&
                                     (s.reserve_fen == KZ_MS_NONE || s.best_fen >= s.reserve_fen)));
    json_object_set_new(o, "leading",
                        json_boolean(!sealed && a->org_id > 0 && s.best_org_id == a->org_id));
    st = my_deposit(c, id, a->org_id, o);
    /* the latest bids */
    rows_ctx x = {json_array()};
    if (st == DB_OK)
        st = DB_EXEC(c, Q_KR_CHILDREN_DESC, rows_cb, &x, db_text("bid"), db_int(id), db_int(50));
    json_t *bids = json_array();
    for (size_t i = 0; i < json_array_size(x.out); i++) {
        json_t *b = json_array_get(x.out, i);
        bool mine = a->org_id > 0 && json_integer_value(json_object_get(b, "org_id")) == a->org_id;
        if (listed && !mine && !names) continue; /* 摘牌 requests: the seller's to see */
        bool amount = !sealed || over || mine;
        json_t *item = json_pack("{s:O, s:O, s:O, s:b, s:O}", "id", json_object_get(b, "id"), "seq",
                                 json_object_get(b, "seq") ?: json_null(), "at",
                                 json_object_get(b, "created_at"), "mine", mine, "status",
                                 json_object_get(b, "status"));
        json_object_set(item, "paddle", json_object_get(b, "paddle") ?: json_null());
        json_object_set(item, "amount_fen",
                        amount ? json_object_get(b, "amount_fen") : json_null());
        if (names) json_object_set(item, "org_name", json_object_get(b, "org_name"));
        json_array_append_new(bids, item);
    }
    json_decref(x.out);
    json_object_set_new(o, "bids", bids);
    if (over && json_is_integer(json_object_get(l, "buyer_org_id"))) {
        json_t *w = json_pack("{s:O, s:O}", "sold_fen", json_object_get(l, "sold_fen"), "bid_id",
                              json_object_get(l, "winning_bid_id") ?: json_null());
        json_object_set_new(w, "mine",
                            json_boolean(a->org_id > 0 && json_integer_value(json_object_get(
                                                              l, "buyer_org_id")) == a->org_id));
        if (seller || registry || json_is_true(json_object_get(w, "mine")))
            json_object_set(w, "buyer_name", json_object_get(l, "buyer_name"));
        json_object_set_new(o, "result", w);
    } else
        json_object_set_new(o, "result", json_null());
    json_decref(l);
    if (st != DB_OK && st != DB_NOROW) {
        json_decref(o);
        return kz_db_fail(e, st);
    }
    *out = o;
    return KZ_OK;
}

/* ---- the recount ---- */

db_status kz_market_rebuild(db_conn *c)
{
    db_status st = db_exec(c, Q_MS_CLEAR, NULL, 0, NULL, NULL);
    if (st == DB_NOROW) st = DB_OK;
    if (st == DB_OK) st = kz_kind_recount(&kz_kind_listing, c);
    if (st == DB_OK) st = kz_kind_recount(&kz_kind_bid, c);
    if (st == DB_OK) st = kz_kind_recount(&kz_kind_objection, c);
    return st;
}
