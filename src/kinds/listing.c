/* kinds/listing.c — 科技大市场 (issue 16 item 1): listings in the seven categories of the seeds and
 * their three transaction modes, with the bids, the deposits (保证金) and the objections (公示异议)
 * as child kinds of the listing (/listings/{id}/bids, …/deposits, …/objections). Four record kinds
 * of the shared table (engine.h); what spans records (market_state, the scheduled steps, the
 * bidding as a page polls it) is domain/market.c.
 *
 * A listing: an org's members who own records (org admin, researchers, enterprise users) describe
 * what they offer — from one of their achievements or as a service offer — and submit it; a
 * reviewer, an officer or an admin opens it or returns it. Public from then on. By mode:
 *   挂牌 listed: a fixed price; buyers file 摘牌 requests (bids at the price), the seller sells to
 *     one of them (sell, naming the bid).
 *   拍卖 auction: English (open ascending from start_fen by increment_fen, an optional secret
 *     reserve, anti-sniping: a bid in the last extend_s seconds moves the end to extend_s after
 *     it) or sealed (one secret bid per bidder, at least start_fen; the highest wins, the earlier
 *     of equal ones). A bidder first records a deposit (deposit_fen), which the seller (or an
 *     officer) confirms; only then may it bid. The platform opens the bidding at starts_at and
 *     ends it at the effective end (market.c, once, on whichever node takes it first): the best
 *     bid at or above the reserve wins (sold), else unsold; the losers' deposits are released
 *     then, the winner's when its contract is registered (kinds/contract.c).
 *   协议定价 negotiated: the seller publishes the price agreed with a buyer for a 公示 period
 *     (publicize; --publicity-days, 15 by default); anyone may object while it lasts; an
 *     objection a reviewer sustains ends it (objected; the seller may reopen it), and at the end of
 *     the period without an objection sustained or still undecided it is sold.
 * Every sale drafts the technology contract (kinds/contract.c, seller to buyer at the price,
 * listing_id naming the listing) that the seller completes and submits for registration; the
 * listing keeps its id (contract_id).
 *
 * Bids are totally ordered: each is checked against market_state's best bid inside the write
 * transaction, and write transactions run one at a time on both backends and across nodes (the
 * write lock, db/): of two bids at once the second is judged against the first.
 *
 * Who sees what: listings are public from open on (the reserve only to the seller and the
 * registry); a bid is its bidder's (and the registry's) — others see the bidding through GET
 * /listings/{id}/bidding (market.c), where a sealed auction shows no amount before its end; a
 * deposit and an objection are their org's and the seller's (a party).
 *
 * Ownership: descriptors are static. */
#include "../core/jsonx.h"
#include "../core/validate.h"
#include "../domain/clock.h"
#include "../domain/engine.h"
#include "../domain/market.h"
#include "../domain/org.h"
#include "../domain/record.h"
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define OWNERS                                                                                     \
    (KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN) | KZ_ROLE_BIT(KZ_ROLE_RESEARCHER) |                            \
     KZ_ROLE_BIT(KZ_ROLE_ENTERPRISE))
#define REVIEWERS                                                                                  \
    (KZ_ROLE_BIT(KZ_ROLE_REVIEWER) | KZ_ROLE_BIT(KZ_ROLE_OFFICER) | KZ_ROLE_BIT(KZ_ROLE_ADMIN))
#define STEWARDS   (KZ_ROLE_BIT(KZ_ROLE_OFFICER) | KZ_ROLE_BIT(KZ_ROLE_ADMIN))
#define MAX_FEN    100000000000000LL /* ¥1 万亿, as contracts */
#define MAX_EXTEND 3600

static bool given(const json_t *in, const char *f)
{
    json_t *v = json_object_get(in, f);
    return v && !json_is_null(v);
}

static bool is(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

static json_int_t int_of(const json_t *o, const char *f)
{
    return json_integer_value(json_object_get(o, f));
}

/* "¥1,234.50" of an amount in 分. */
static void yuan(int64_t fen, char out[40])
{
    char d[32];
    snprintf(d, sizeof d, "%" PRId64, fen / 100);
    size_t n = strlen(d), o = 0;
    out[o++] = (char)0xC2, out[o++] = (char)0xA5; /* ¥ */
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0) out[o++] = ',';
        out[o++] = d[i];
    }
    snprintf(out + o, 40 - o, ".%02d", (int)(fen % 100));
}

/* day + n days ("YYYY-MM-DD"). */
static void add_days(const char *day, int n, char out[11])
{
    struct tm tm = {
        .tm_year = atoi(day) - 1900, .tm_mon = atoi(day + 5) - 1, .tm_mday = atoi(day + 8) + n};
    time_t t = timegm(&tm);
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static const char *check_local_time(const json_t *v)
{
    int64_t t;
    return kz_market_local_time(json_string_value(v), &t)
               ? NULL
               : "时间格式应为 YYYY-MM-DDTHH:MM 或 YYYY-MM-DDTHH:MM:SS（北京时间）";
}

/* The parent's field f into the child's field g (an operator's import keeps what it gives). */
static void copy_from(const json_t *parent, const char *f, json_t *data, const char *g, bool import)
{
    if (!import || !given(data, g)) json_object_set(data, g, json_object_get(parent, f));
}

static kz_actor system_actor(void)
{
    kz_actor sys = {.operator_ = true};
    snprintf(sys.name, sizeof sys.name, "system");
    return sys;
}

/* ================================ the listing ================================ */

static const kz_transition ls_workflow[] = {
    {"submit", {"draft"}, "review", 0, KZ_WHO_OWNER, false, "已提交，等待审核"},
    {"approve", {"review"}, "open", REVIEWERS, 0, false, "已审核，挂牌上市"},
    {"return", {"review"}, "draft", REVIEWERS, 0, false, "已退回修改"},
    {"withdraw",
     {"draft", "review", "open", "objected"},
     "withdrawn",
     STEWARDS,
     KZ_WHO_OWNER,
     false,
     "已撤牌"},
    {"sell", {"open"}, "sold", 0, KZ_WHO_OWNER, false, "已摘牌成交"},
    {"publicize", {"open"}, "publicity", 0, KZ_WHO_OWNER, false, "协议价格公示中"},
    {"reopen", {"objected"}, "open", 0, KZ_WHO_OWNER, false, "已重新挂牌"},
    {"start", {"open"}, "live", 0, 0, true, "竞价开始"},
    {"end", {"live"}, "ended", 0, 0, true, "竞价结束"},
    {"award", {"ended"}, "sold", 0, 0, true, "拍卖成交"},
    {"fail", {"ended"}, "unsold", 0, 0, true, "流拍"},
    {"conclude", {"publicity"}, "sold", 0, 0, true, "公示期满，协议成交"},
    {"object", {"publicity"}, "objected", 0, 0, true, "公示异议成立"},
    {0},
};
static const char *const ls_editable[] = {"draft", NULL};
static const char *const ls_frozen[] = {"sold", "unsold", "withdrawn", NULL};
static const char *const ls_public[] = {"open", "live", "ended", "publicity", "sold", NULL};
static const char *const ls_confidential[] = {"reserve_fen", NULL};
static const char *const ls_read_only[] = {
    "buyer_org_id",   "buyer_name",      "sold_fen",    "sold_on",  "winning_bid_id",
    "publicity_from", "publicity_until", "contract_id", "ended_at", NULL};

#define FEN_FIELD(name_, label_, doc_)                                                             \
    {                                                                                              \
        .name = name_, .type = KZ_F_INT, .nullable = true, .min = 0, .max = MAX_FEN, .doc = doc_,  \
        .label = label_                                                                            \
    }
#define ID_FIELD(name_, label_, doc_)                                                              \
    {                                                                                              \
        .name = name_, .type = KZ_F_INT, .nullable = true, .min = 1, .max = KZ_ID_MAX,             \
        .doc = doc_, .label = label_                                                               \
    }

static const kz_field ls_fields[] = {
    {.name = "title",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 2,
     .max_len = 100,
     .label = "挂牌名称"},
    {.name = "category",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 20,
     .vocab = &kz_enum_listing_categories,
     .label = "类别"},
    {.name = "mode",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 20,
     .vocab = &kz_enum_transaction_modes,
     .doc = "交易方式：listed 挂牌（标价）、auction 拍卖、negotiated 协议定价（成交价公示）",
     .label = "交易方式"},
    {.name = "summary",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 10,
     .max_len = 4000,
     .doc = "标的说明：技术内容、成熟度、权属、交付方式",
     .label = "标的说明"},
    KZ_FIELD_REGION,
    KZ_FIELD_INDUSTRY,
    ID_FIELD("achievement_id", "来源成果", "来源成果 id（本单位的成果）；服务类挂牌可不填"),
    FEN_FIELD("price_fen", "挂牌价",
              "价格（分）：挂牌交易必填（摘牌价）；协议定价可填意向价；拍卖不填（见起拍价）"),
    {.name = "auction_kind",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .vocab = &kz_enum_auction_kinds,
     .doc = "拍卖必填：english 公开增价、sealed 密封报价",
     .label = "拍卖方式"},
    FEN_FIELD("start_fen", "起拍价", "拍卖必填：起拍价（分），大于 0"),
    FEN_FIELD("increment_fen", "加价幅度", "公开增价拍卖必填：每次加价的最小幅度（分），大于 0"),
    FEN_FIELD(
        "reserve_fen", "保留价",
        "拍卖可填：保留价（分），不低于起拍价；最高出价低于保留价则流拍（仅卖方与管理方可见）"),
    FEN_FIELD("deposit_fen", "保证金", "拍卖必填：竞买保证金（分），缴纳并经确认后方可出价"),
    {.name = "starts_at",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 19,
     .check = check_local_time,
     .format = "local-date-time",
     .doc = "拍卖必填：开始时间 YYYY-MM-DDTHH:MM[:SS]（北京时间）",
     .label = "开始时间"},
    {.name = "ends_at",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 19,
     .check = check_local_time,
     .format = "local-date-time",
     .doc = "拍卖必填：结束时间 YYYY-MM-DDTHH:MM[:SS]（北京时间），晚于开始时间",
     .label = "结束时间"},
    {.name = "extend_s",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = MAX_EXTEND,
     .doc = "公开增价拍卖的延时（秒，0–3600）：结束前这段时间内有出价，结束时间顺延至出价后这么久",
     .label = "延时（秒）"},
    {.name = "contact",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 100,
     .doc = "联系人与电话",
     .label = "联系人"},
    ID_FIELD("buyer_org_id", "买方机构", "只读。成交的买方（摘牌、中标或协议买方）"),
    {.name = "buyer_name",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 200,
     .doc = "只读。买方名称",
     .label = "买方"},
    FEN_FIELD("sold_fen", "成交价", "只读。成交价（分）；协议定价在公示期间为公示的协议价"),
    {.name = "sold_on",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .format = "date",
     .doc = "只读。成交日期",
     .label = "成交日期"},
    ID_FIELD("winning_bid_id", "成交出价", "只读。成交的出价（摘牌申请或最高出价）"),
    {.name = "publicity_from",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .format = "date",
     .doc = "只读。公示开始日期",
     .label = "公示开始"},
    {.name = "publicity_until",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .format = "date",
     .doc = "只读。公示截止日期（含当日）",
     .label = "公示截止"},
    ID_FIELD("contract_id", "技术合同", "只读。成交时起草的技术合同 id"),
    {.name = "ended_at",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 24,
     .doc = "只读。拍卖实际结束时间（含延时，UTC）",
     .label = "实际结束"},
    KZ_FIELD_ORG_ID("挂牌单位", "挂牌单位（平台管理员、科技局代为挂牌时指定）"),
    {0},
};
static const char *const ls_data_fields[] = {"title",          "category",       "mode",
                                             "summary",        "region",         "industry",
                                             "achievement_id", "price_fen",      "auction_kind",
                                             "start_fen",      "increment_fen",  "reserve_fen",
                                             "deposit_fen",    "starts_at",      "ends_at",
                                             "extend_s",       "contact",        "buyer_org_id",
                                             "buyer_name",     "sold_fen",       "sold_on",
                                             "winning_bid_id", "publicity_from", "publicity_until",
                                             "contract_id",    "ended_at",       NULL};
static const char *const ls_columns[] = {"title",     "category", "mode",   "price_fen",
                                         "start_fen", "ends_at",  "status", NULL};

static const kz_field ls_transition_fields[] = {
    {.name = "action", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 20},
    {.name = "comment", .type = KZ_F_STRING, .nullable = true, .max_len = 1000},
    {.name = "bid_id",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "摘牌成交（sell）时必填：接受的摘牌申请（出价）id",
     .label = "摘牌申请"},
    {.name = "buyer_org_id",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "协议价公示（publicize）时必填：协议买方（主体库中机构的 id）",
     .label = "协议买方"},
    {.name = "agreed_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = MAX_FEN,
     .doc = "协议价公示（publicize）时必填：协议价格（分）",
     .label = "协议价格"},
    {0},
};

static const char *const auction_only[] = {"auction_kind", "start_fen",   "increment_fen",
                                           "reserve_fen",  "deposit_fen", "starts_at",
                                           "ends_at",      "extend_s",    NULL};

/* The terms by mode: a listed price; an auction's terms (and no price); none of an auction's
 * terms elsewhere. */
static bool ls_check(const json_t *d, kz_error *e)
{
    const char *mode = kz_json_str(d, "mode");
    bool ok = true;
    if (is(mode, "auction")) {
        const char *kind = kz_json_str(d, "auction_kind");
        static const char *const need[] = {"auction_kind", "start_fen", "deposit_fen", "starts_at",
                                           "ends_at"};
        for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
            if (!given(d, need[i])) {
                kz_field_error(e, need[i], "拍卖必填");
                ok = false;
            }
        if (given(d, "price_fen")) {
            kz_field_error(e, "price_fen", "拍卖不填挂牌价（见起拍价）");
            ok = false;
        }
        if (is(kind, "english") && int_of(d, "increment_fen") < 1) {
            kz_field_error(e, "increment_fen", "公开增价拍卖必填：加价幅度，大于 0");
            ok = false;
        }
        if (is(kind, "sealed") && int_of(d, "extend_s") > 0) {
            kz_field_error(e, "extend_s", "密封报价不延时");
            ok = false;
        }
        if (given(d, "start_fen") && int_of(d, "start_fen") < 1) {
            kz_field_error(e, "start_fen", "起拍价应大于 0");
            ok = false;
        }
        if (given(d, "reserve_fen") && int_of(d, "reserve_fen") < int_of(d, "start_fen")) {
            kz_field_error(e, "reserve_fen", "保留价不能低于起拍价");
            ok = false;
        }
        int64_t s, t;
        if (kz_market_local_time(kz_json_str(d, "starts_at"), &s) &&
            kz_market_local_time(kz_json_str(d, "ends_at"), &t) && t <= s) {
            kz_field_error(e, "ends_at", "结束时间应晚于开始时间");
            ok = false;
        }
        return ok;
    }
    for (int i = 0; auction_only[i]; i++)
        if (given(d, auction_only[i])) {
            kz_field_error(e, auction_only[i], "只有拍卖填写");
            ok = false;
        }
    if (is(mode, "listed") && int_of(d, "price_fen") < 1) {
        kz_field_error(e, "price_fen", "挂牌交易必填：挂牌价，大于 0");
        ok = false;
    }
    return ok;
}

/* sell's bid, publicize's buyer and price (and only there). */
static bool ls_on_transition(const kz_transition *t, const json_t *in, json_t *data, bool *edited,
                             kz_error *e)
{
    (void)data, (void)edited;
    bool sell = is(t->action, "sell"), pub = is(t->action, "publicize");
    bool ok = true;
    if (given(in, "bid_id") != sell) {
        kz_field_error(e, "bid_id", sell ? "必填：接受的摘牌申请" : "只有摘牌成交时填写");
        ok = false;
    }
    static const char *const pf[] = {"buyer_org_id", "agreed_fen"};
    for (int i = 0; i < 2; i++)
        if (given(in, pf[i]) != pub) {
            kz_field_error(e, pf[i], pub ? "必填：协议买方与协议价格" : "只有协议价公示时填写");
            ok = false;
        }
    return ok;
}

/* The technology contract a sale drafts: the seller's, to the buyer, at the price, signed today
 * (the seller completes it and submits it for registration). */
static db_status draft_contract(db_conn *c, const kz_rec_row *r, json_t *data, kz_err *refused,
                                kz_error *e)
{
    char today[11], region[8] = "";
    kz_today(today);
    json_object_set_new(data, "sold_on", json_string(today));
    db_status st = kz_org_region(c, r->org_id, region);
    if (st != DB_OK) return st;
    const char *cat = kz_json_str(data, "category");
    const char *type = is(cat, "development")  ? "development_commissioned"
                       : is(cat, "consulting") ? "consulting"
                       : is(cat, "service")    ? "service"
                                               : "transfer";
    json_t *in =
        json_pack("{s:I, s:s, s:O, s:s, s:s, s:O, s:s, s:O, s:I}", "org_id", (json_int_t)r->org_id,
                  "status", "draft", "title", json_object_get(data, "title"), "type", type,
                  "region", region[0] ? region : kz_json_str(data, "region"), "amount_fen",
                  json_object_get(data, "sold_fen"), "signed_on", today, "buyer_org_id",
                  json_object_get(data, "buyer_org_id"), "listing_id", (json_int_t)r->id);
    kz_actor sys = system_actor();
    json_t *ct = NULL;
    kz_err rc = in ? kz_kind_import(&kz_kind_contract, c, &sys, in, &ct, e) : KZ_E_INTERNAL;
    json_decref(in);
    if (rc != KZ_OK) {
        *refused = rc;
        return DB_HARD;
    }
    json_object_set(data, "contract_id", json_object_get(ct, "id"));
    json_decref(ct);
    return DB_OK;
}

static db_status set_buyer(db_conn *c, json_t *data, int64_t org, int64_t fen)
{
    json_t *name = NULL;
    db_status st = kz_org_name(c, org, &name);
    if (st != DB_OK) return st;
    json_object_set_new(data, "buyer_org_id", json_integer(org));
    json_object_set_new(data, "buyer_name", name);
    json_object_set_new(data, "sold_fen", json_integer(fen));
    return DB_OK;
}

static db_status ls_on_transition_db(db_conn *c, const kz_actor *a, const kz_transition *t,
                                     const kz_rec_row *r, json_t *data, bool *edited,
                                     kz_err *refused, kz_error *e)
{
    (void)a;
    const char *mode = kz_json_str(data, "mode");
    int64_t ends;
    bool auction = is(mode, "auction");
    if (is(t->action, "submit") || is(t->action, "approve")) {
        json_t *aid = json_object_get(data, "achievement_id");
        if (is(t->action, "submit") && json_is_integer(aid)) {
            kz_err rc;
            kz_error ae = {0};
            json_t *ach = kz_kind_read(&kz_kind_achievement, c, json_integer_value(aid), &rc, &ae);
            bool own = ach && int_of(ach, "org_id") == r->org_id;
            json_decref(ach);
            kz_error_clear(&ae);
            if (rc != KZ_OK && rc != KZ_E_NOT_FOUND) return DB_HARD;
            if (!own) return kz_refuse(refused, e, 0, "achievement_id", "只能挂牌本单位的成果");
        }
        if (auction && kz_market_local_time(kz_json_str(data, "ends_at"), &ends) &&
            ends <= kz_now())
            return is(t->action, "submit")
                       ? kz_refuse(refused, e, 0, "ends_at", "拍卖结束时间应晚于现在")
                       : kz_refuse(refused, e, KZ_E_CONFLICT, NULL, "拍卖结束时间已过，请退回修改");
        return DB_OK;
    }
    if (is(t->action, "sell")) {
        if (!is(mode, "listed"))
            return kz_refuse(refused, e, KZ_E_CONFLICT, NULL, "只有挂牌交易可以摘牌成交");
        kz_err rc;
        kz_error be = {0};
        json_t *bid = kz_kind_read(&kz_kind_bid, c, int_of(data, "_bid_id"), &rc, &be);
        kz_error_clear(&be);
        bool ok =
            bid && int_of(bid, "listing_id") == r->id && is(kz_json_str(bid, "status"), "placed");
        int64_t org = bid ? int_of(bid, "org_id") : 0, fen = bid ? int_of(bid, "amount_fen") : 0;
        json_t *bid_id = bid ? json_incref(json_object_get(bid, "id")) : NULL;
        json_decref(bid);
        json_object_del(data, "_bid_id");
        if (!ok) {
            json_decref(bid_id);
            if (rc != KZ_OK && rc != KZ_E_NOT_FOUND) return DB_HARD;
            return kz_refuse(refused, e, 0, "bid_id", "不是本挂牌的有效摘牌申请");
        }
        json_object_set_new(data, "winning_bid_id", bid_id);
        db_status st = set_buyer(c, data, org, fen);
        if (st == DB_OK) st = draft_contract(c, r, data, refused, e);
        *edited = true;
        return st;
    }
    if (is(t->action, "publicize")) {
        int64_t buyer = int_of(data, "_buyer_org_id"), fen = int_of(data, "_agreed_fen");
        json_object_del(data, "_buyer_org_id");
        json_object_del(data, "_agreed_fen");
        if (!is(mode, "negotiated"))
            return kz_refuse(refused, e, KZ_E_CONFLICT, NULL, "只有协议定价需要公示");
        if (buyer == r->org_id)
            return kz_refuse(refused, e, 0, "buyer_org_id", "买方不能是挂牌单位自己");
        db_status st = set_buyer(c, data, buyer, fen);
        if (st == DB_NOROW) return kz_refuse(refused, e, 0, "buyer_org_id", "主体库中没有该机构");
        if (st != DB_OK) return st;
        char today[11], until[11];
        kz_today(today);
        add_days(today, kz_market_publicity_days() - 1, until);
        json_object_set_new(data, "publicity_from", json_string(today));
        json_object_set_new(data, "publicity_until", json_string(until));
        *edited = true;
        return DB_OK;
    }
    if (is(t->action, "reopen")) {
        static const char *const cleared[] = {"buyer_org_id", "buyer_name", "sold_fen",
                                              "publicity_from", "publicity_until"};
        for (size_t i = 0; i < sizeof cleared / sizeof cleared[0]; i++)
            json_object_set_new(data, cleared[i], json_null());
        *edited = true;
        return DB_OK;
    }
    if (is(t->action, "end")) {
        kz_market_state s;
        db_status st = kz_market_get(c, r->id, &s);
        if (st != DB_OK && st != DB_NOROW) return st;
        char at[24];
        kz_rfc3339((time_t)(s.ends_at != KZ_MS_NONE ? s.ends_at : kz_now()), at);
        json_object_set_new(data, "ended_at", json_string(at));
        *edited = true;
        if (s.best_fen != KZ_MS_NONE &&
            (s.reserve_fen == KZ_MS_NONE || s.best_fen >= s.reserve_fen)) {
            json_object_set_new(data, "winning_bid_id", json_integer(s.best_bid_id));
            return set_buyer(c, data, s.best_org_id, s.best_fen);
        }
        return DB_OK;
    }
    if (is(t->action, "award") || is(t->action, "conclude")) {
        *edited = true;
        return draft_contract(c, r, data, refused, e);
    }
    return DB_OK;
}

/* The body's bid, buyer and price reach ls_on_transition_db through data under names of their
 * own (removed there): on_transition sees the body, on_transition_db the database. */
static bool ls_on_transition_pass(const kz_transition *t, const json_t *in, json_t *data,
                                  bool *edited, kz_error *e)
{
    if (!ls_on_transition(t, in, data, edited, e)) return false;
    if (given(in, "bid_id")) json_object_set(data, "_bid_id", json_object_get(in, "bid_id"));
    if (given(in, "buyer_org_id"))
        json_object_set(data, "_buyer_org_id", json_object_get(in, "buyer_org_id"));
    if (given(in, "agreed_fen"))
        json_object_set(data, "_agreed_fen", json_object_get(in, "agreed_fen"));
    return true;
}

/* market_state (migration 012): the listing's row from its opening on — its phase, the next step
 * due, the auction's terms — kept in the write's transaction. */
static db_status ls_counted(db_conn *c, const kz_rec_row *r, int64_t delta)
{
    if (delta < 0 || is(r->status, "draft") || is(r->status, "review")) return DB_OK;
    const json_t *d = r->rec;
    kz_market_state s;
    db_status st = kz_market_get(c, r->id, &s);
    if (st != DB_OK && st != DB_NOROW) return st;
    /* the terms as the record has them until the bidding starts (an admin may still correct
     * them while open); from then on they are the auction's */
    if (st == DB_NOROW || (is(r->status, "open") && !s.nbids)) {
        snprintf(s.mode, sizeof s.mode, "%s", kz_json_str(d, "mode") ?: "");
        snprintf(s.auction_kind, sizeof s.auction_kind, "%s", kz_json_str(d, "auction_kind") ?: "");
        static const struct {
            const char *f;
            size_t off;
        } fen[] = {{"start_fen", offsetof(kz_market_state, start_fen)},
                   {"increment_fen", offsetof(kz_market_state, increment_fen)},
                   {"reserve_fen", offsetof(kz_market_state, reserve_fen)},
                   {"extend_s", offsetof(kz_market_state, extend_s)}};
        for (size_t i = 0; i < sizeof fen / sizeof fen[0]; i++)
            *(int64_t *)((char *)&s + fen[i].off) =
                given(d, fen[i].f) ? int_of(d, fen[i].f) : KZ_MS_NONE;
        int64_t t;
        s.starts_at = kz_market_local_time(kz_json_str(d, "starts_at"), &t) ? t : KZ_MS_NONE;
        s.ends_at = kz_market_local_time(kz_json_str(d, "ends_at"), &t) ? t : KZ_MS_NONE;
    }
    snprintf(s.phase, sizeof s.phase, "%s", r->status);
    s.seq++;
    bool auction = is(s.mode, "auction");
    s.due_at = KZ_MS_NONE;
    if (auction && is(r->status, "open"))
        s.due_at = s.starts_at;
    else if (auction && (is(r->status, "live") || is(r->status, "ended")))
        s.due_at = s.ends_at;
    else if (is(r->status, "publicity")) {
        int64_t t;
        char day[20];
        snprintf(day, sizeof day, "%.10sT00:00", kz_json_str(d, "publicity_until") ?: "");
        if (kz_market_local_time(day, &t)) s.due_at = t + 86400;
    }
    return kz_market_put(c, r->id, &s);
}

/* The deposits a closed bidding leaves: released but the winner's (kept until its contract is
 * registered); all of them when unsold or withdrawn. */
static db_status ls_after_transition(db_conn *c, const kz_actor *a, const kz_rec_row *before,
                                     const kz_rec_row *after)
{
    (void)a, (void)before;
    if (is(after->status, "ended"))
        return kz_market_release_deposits(c, after->id, int_of(after->rec, "buyer_org_id"), 0);
    if (is(after->status, "unsold") || is(after->status, "withdrawn"))
        return kz_market_release_deposits(c, after->id, 0, 0);
    return DB_OK;
}

const kz_kind_desc kz_kind_listing = {
    .name = "listing",
    .label = "挂牌",
    .path = "listings",
    .shared = true,
    .slots = {.title = "title",
              .region = "region",
              .industry = "industry",
              .category = "category",
              .codes = "mode",
              .money_lo = "price_fen",
              .money_hi = "price_fen",
              .parties = {"buyer_org_id"}},
    .list = {.codes_param = "mode",
             .codes_label = "交易方式",
             .money_param = "price",
             .money_label = "挂牌价（分）",
             .money_hi_sort = "-price",
             .money_lo_sort = "price",
             .columns = ls_columns},
    .publish_state = "open",
    .fields = ls_fields,
    .data_fields = ls_data_fields,
    .statuses = &kz_enum_listing_statuses,
    .workflow = ls_workflow,
    .transition_fields = ls_transition_fields,
    .editable = ls_editable,
    .frozen = ls_frozen,
    .public_states = ls_public,
    .confidential = ls_confidential,
    .read_only = ls_read_only,
    .owner_roles = OWNERS,
    .owner_msgs = {"只能以本单位名义挂牌", "必填：挂牌单位", "只能为本辖区的单位挂牌"},
    .msg_not_owner = "只有挂牌单位可以修改",
    .msg_org_fixed = "挂牌单位不能修改",
    .msg_frozen = "已结束的挂牌不能修改",
    .msg_conflict = "挂牌当前状态不允许该操作",
    .msg_system = "该操作由平台按时间自动执行",
    .notify_kind = "listing_status",
    .check = ls_check,
    .on_transition = ls_on_transition_pass,
    .on_transition_db = ls_on_transition_db,
    .counted = ls_counted,
    .after_transition = ls_after_transition,
};

/* ================================ the bids ================================ */

static const kz_transition bid_workflow[] = {
    {"withdraw", {"placed"}, "withdrawn", 0, KZ_WHO_OWNER, false, "已撤回摘牌申请"},
    {0},
};
static const char *const bid_editable[] = {NULL};
static const char *const bid_frozen[] = {"placed", "withdrawn", NULL};
static const char *const none[] = {NULL};
static const char *const bid_open[] = {"open", "live", NULL};
static const char *const bid_read_only[] = {"title",  "region", "industry",   "mode",
                                            "paddle", "seq",    "ends_after", NULL};

static const kz_field bid_fields[] = {
    {.name = "listing_id",
     .type = KZ_F_INT,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "挂牌 id（由路径 /listings/{id}/bids 指定）",
     .label = "挂牌"},
    {.name = "amount_fen",
     .type = KZ_F_INT,
     .required = true,
     .min = 1,
     .max = MAX_FEN,
     .doc = "出价（分）：挂牌交易为挂牌价（摘牌申请）；公开增价拍卖不低于当前价加加价幅度"
            "（首次不低于起拍价）；密封报价不低于起拍价",
     .label = "出价"},
    {.name = "note",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 500,
     .doc = "说明（如摘牌申请的受让意向）",
     .label = "说明"},
    {.name = "title",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 100,
     .doc = "只读。挂牌名称",
     .label = "挂牌名称"},
    {.name = "region",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 6,
     .check = kz_check_region,
     .doc = "只读。挂牌所在地区",
     .label = "所在地区"},
    {.name = "industry",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 4,
     .check = kz_check_industry,
     .doc = "只读。挂牌所属行业",
     .label = "所属行业"},
    {.name = "mode",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 20,
     .vocab = &kz_enum_transaction_modes,
     .doc = "只读。挂牌的交易方式",
     .label = "交易方式"},
    ID_FIELD("paddle", "竞买号牌", "只读。拍卖的竞买号牌（即该竞买人保证金记录的 id）"),
    {.name = "seq",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "只读。第几次出价",
     .label = "序号"},
    {.name = "ends_after",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 24,
     .doc = "只读。这次出价后拍卖的结束时间（UTC；延时时晚于原结束时间）",
     .label = "出价后结束时间"},
    KZ_FIELD_ORG_ID("竞买单位", "竞买单位（平台管理员、科技局代为出价时指定）"),
    {0},
};
static const char *const bid_data_fields[] = {"listing_id", "amount_fen", "note", "title",
                                              "region",     "industry",   "mode", "paddle",
                                              "seq",        "ends_after", NULL};
static const char *const bid_columns[] = {"title", "amount_fen", "seq", "status", NULL};

static const kz_field bid_transition_fields[] = {
    {.name = "action", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 20},
    {.name = "comment", .type = KZ_F_STRING, .nullable = true, .max_len = 1000},
    {0},
};

static kz_err db_err(kz_error *e, db_status st)
{
    return kz_db_fail(e, st);
}

/* A bid: by mode, against the listing's state and its best bid so far (market_state), in the
 * write's transaction. */
static kz_err bid_check_parent(db_conn *c, const kz_actor *a, const kz_rec_row *parent,
                               int64_t org_id, json_t *data, bool import, kz_error *e)
{
    (void)a;
    const json_t *l = parent->rec;
    const char *mode = kz_json_str(l, "mode");
    static const char *const copied[] = {"title", "region", "industry", "mode"};
    for (size_t i = 0; i < sizeof copied / sizeof copied[0]; i++)
        copy_from(l, copied[i], data, copied[i], import);
    if (import) return KZ_OK;
    if (org_id == parent->org_id) return kz_fail(e, KZ_E_CONFLICT, "不能对本单位的挂牌出价");
    if (is(mode, "negotiated"))
        return kz_fail(e, KZ_E_CONFLICT, "协议定价的挂牌不接受出价，请与挂牌单位协商");
    kz_market_state s;
    db_status st = kz_market_get(c, parent->id, &s);
    if (st != DB_OK && st != DB_NOROW) return db_err(e, st);
    int64_t amount = int_of(data, "amount_fen"), other;
    char msg[160], y[40];
    if (is(mode, "listed")) {
        if (amount != int_of(l, "price_fen")) {
            yuan(int_of(l, "price_fen"), y);
            snprintf(msg, sizeof msg, "摘牌价应等于挂牌价 %s", y);
            kz_field_error(e, "amount_fen", msg);
            return KZ_E_VALIDATION;
        }
        st = kz_kind_child_of_org(&kz_kind_bid, c, parent->id, org_id, "placed", &other);
        if (st == DB_OK) return kz_fail(e, KZ_E_CONFLICT, "本单位已提交摘牌申请");
        if (st != DB_NOROW) return db_err(e, st);
        json_object_set_new(data, "seq", json_integer(s.nbids + 1));
        return KZ_OK;
    }
    int64_t now = kz_now();
    if (!is(parent->status, "live"))
        return kz_fail(e, KZ_E_CONFLICT, "拍卖尚未开始，开始后方可出价");
    if (s.ends_at == KZ_MS_NONE || now >= s.ends_at)
        return kz_fail(e, KZ_E_CONFLICT, "拍卖已结束，不能再出价");
    int64_t paddle;
    st = kz_kind_child_of_org(&kz_kind_deposit, c, parent->id, org_id, "held", &paddle);
    if (st == DB_NOROW) return kz_fail(e, KZ_E_CONFLICT, "请先缴纳竞买保证金，经确认后方可出价");
    if (st != DB_OK) return db_err(e, st);
    bool sealed = is(s.auction_kind, "sealed");
    int64_t least = s.start_fen;
    if (sealed) {
        st = kz_kind_child_of_org(&kz_kind_bid, c, parent->id, org_id, "placed", &other);
        if (st == DB_OK) return kz_fail(e, KZ_E_CONFLICT, "密封报价每个竞买人只能报价一次");
        if (st != DB_NOROW) return db_err(e, st);
    } else if (s.best_fen != KZ_MS_NONE) {
        if (s.best_org_id == org_id) return kz_fail(e, KZ_E_CONFLICT, "您已是当前最高出价");
        least = s.best_fen + s.increment_fen;
    }
    if (amount < least) {
        yuan(least, y);
        snprintf(msg, sizeof msg, "出价应不低于 %s", y);
        kz_field_error(e, "amount_fen", msg);
        return KZ_E_VALIDATION;
    }
    /* anti-sniping: a bid in the last extend_s seconds moves the end to extend_s after it */
    int64_t ends = s.ends_at;
    if (!sealed && s.extend_s > 0 && ends - now < s.extend_s) ends = now + s.extend_s;
    char at[24];
    kz_rfc3339((time_t)ends, at);
    json_object_set_new(data, "paddle", json_integer(paddle));
    json_object_set_new(data, "seq", json_integer(s.nbids + 1));
    json_object_set_new(data, "ends_after", json_string(at));
    return KZ_OK;
}

static const kz_parent bid_parent = {
    .kind = &kz_kind_listing,
    .field = "listing_id",
    .segment = "bids",
    .open_states = bid_open,
    .msg_closed = "该挂牌不在交易中，不能出价",
    .check_parent = bid_check_parent,
};

/* A 摘牌 request may be withdrawn while the listing is open; an auction's bids stand. */
static db_status bid_on_transition_db(db_conn *c, const kz_actor *a, const kz_transition *t,
                                      const kz_rec_row *r, json_t *data, bool *edited,
                                      kz_err *refused, kz_error *e)
{
    (void)c, (void)a, (void)t, (void)r, (void)edited;
    if (!is(kz_json_str(data, "mode"), "listed"))
        return kz_refuse(refused, e, KZ_E_CONFLICT, NULL, "拍卖的出价不能撤回");
    return DB_OK;
}

static bool parse_utc(const char *s, int64_t *t)
{
    struct tm tm = {0};
    if (!s || strlen(s) != 20 || !strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm)) return false;
    *t = (int64_t)timegm(&tm);
    return true;
}

/* market_state: the count of bids standing, the best bid, the effective end (each bid carries
 * the end after it), the sequence that a poll's ETag follows. */
static db_status bid_counted(db_conn *c, const kz_rec_row *r, int64_t delta)
{
    int64_t listing = int_of(r->rec, "listing_id");
    kz_market_state s;
    db_status st = kz_market_get(c, listing, &s);
    if (st == DB_NOROW) return DB_OK; /* (an imported bid of a listing not opened) */
    if (st != DB_OK) return st;
    bool placed = is(r->status, "placed");
    if (placed) s.nbids += delta;
    if (delta > 0) {
        s.seq++;
        int64_t amount = int_of(r->rec, "amount_fen"), ends;
        if (placed && is(s.mode, "auction") && (s.best_fen == KZ_MS_NONE || amount > s.best_fen)) {
            s.best_fen = amount;
            s.best_bid_id = r->id;
            s.best_org_id = r->org_id;
        }
        if (placed && parse_utc(kz_json_str(r->rec, "ends_after"), &ends) && ends > s.ends_at) {
            s.ends_at = ends;
            if (is(s.phase, "live") || is(s.phase, "ended")) s.due_at = ends;
        }
    }
    return kz_market_put(c, listing, &s);
}

const kz_kind_desc kz_kind_bid = {
    .name = "bid",
    .label = "出价",
    .path = "bids",
    .shared = true,
    .parent = &bid_parent,
    .slots = {.title = "title",
              .region = "region",
              .industry = "industry",
              .money_lo = "amount_fen",
              .money_hi = "amount_fen"},
    .list = {.money_param = "amount",
             .money_label = "出价（分）",
             .money_hi_sort = "-amount",
             .money_lo_sort = "amount",
             .columns = bid_columns},
    .publish_state = "placed",
    .create_state = "placed",
    .fields = bid_fields,
    .data_fields = bid_data_fields,
    .statuses = &kz_enum_bid_statuses,
    .workflow = bid_workflow,
    .transition_fields = bid_transition_fields,
    .editable = bid_editable,
    .frozen = bid_frozen,
    .public_states = none,
    .read_only = bid_read_only,
    .owner_roles = OWNERS,
    .owner_msgs = {"只能以本单位名义出价", "必填：竞买单位", "只能为本辖区的单位出价"},
    .msg_not_owner = "只有出价单位可以操作",
    .msg_org_fixed = "出价单位不能修改",
    .msg_frozen = "出价不能修改",
    .msg_conflict = "出价当前状态不允许该操作",
    .notify_kind = "bid_status",
    .on_transition_db = bid_on_transition_db,
    .counted = bid_counted,
};

/* ================================ the deposits ================================ */

static const kz_transition dp_workflow[] = {
    {"confirm", {"pending"}, "held", STEWARDS, KZ_WHO_PARTY, false, "保证金已确认到账"},
    {"reject", {"pending"}, "rejected", STEWARDS, KZ_WHO_PARTY, false, "保证金未到账"},
    {"cancel", {"pending"}, "cancelled", 0, KZ_WHO_OWNER, false, "已取消保证金"},
    {"release", {"pending", "held"}, "released", STEWARDS, KZ_WHO_PARTY, false, "保证金已退还"},
    {"forfeit", {"held"}, "forfeited", STEWARDS, 0, false, "保证金已罚没"},
    {0},
};
static const char *const dp_frozen[] = {"pending",  "held",      "rejected", "cancelled",
                                        "released", "forfeited", NULL};
static const char *const dp_open[] = {"open", "live", NULL};
static const char *const dp_read_only[] = {"title", "amount_fen", "region", "seller_org_id", NULL};

static const kz_field dp_fields[] = {
    {.name = "listing_id",
     .type = KZ_F_INT,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "挂牌 id（由路径 /listings/{id}/deposits 指定）",
     .label = "挂牌"},
    {.name = "reference",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 2,
     .max_len = 100,
     .doc = "缴纳凭证：银行转账流水号等",
     .label = "缴纳凭证"},
    {.name = "title",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 100,
     .doc = "只读。挂牌名称",
     .label = "挂牌名称"},
    FEN_FIELD("amount_fen", "保证金", "只读。保证金金额（分，取自挂牌）"),
    {.name = "region",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 6,
     .check = kz_check_region,
     .doc = "只读。挂牌所在地区",
     .label = "所在地区"},
    ID_FIELD("seller_org_id", "挂牌单位", "只读。挂牌单位"),
    KZ_FIELD_ORG_ID("竞买单位", "竞买单位（平台管理员、科技局代为登记时指定）"),
    {0},
};
static const char *const dp_data_fields[] = {"listing_id", "reference",     "title", "amount_fen",
                                             "region",     "seller_org_id", NULL};
static const char *const dp_columns[] = {"title", "amount_fen", "reference", "status", NULL};

/* A deposit: on an auction, not the seller's, one standing (pending or held) per bidder. */
static kz_err dp_check_parent(db_conn *c, const kz_actor *a, const kz_rec_row *parent,
                              int64_t org_id, json_t *data, bool import, kz_error *e)
{
    (void)a;
    copy_from(parent->rec, "title", data, "title", import);
    copy_from(parent->rec, "deposit_fen", data, "amount_fen", import);
    copy_from(parent->rec, "region", data, "region", import);
    if (import) return KZ_OK;
    if (!is(kz_json_str(parent->rec, "mode"), "auction"))
        return kz_fail(e, KZ_E_CONFLICT, "只有拍卖需要缴纳保证金");
    if (org_id == parent->org_id) return kz_fail(e, KZ_E_CONFLICT, "不能竞买本单位的挂牌");
    static const char *const standing[] = {"pending", "held"};
    for (int i = 0; i < 2; i++) {
        int64_t id;
        db_status st =
            kz_kind_child_of_org(&kz_kind_deposit, c, parent->id, org_id, standing[i], &id);
        if (st == DB_OK) return kz_fail(e, KZ_E_CONFLICT, "本单位已登记该拍卖的保证金");
        if (st != DB_NOROW) return db_err(e, st);
    }
    return KZ_OK;
}

static const kz_parent dp_parent = {
    .kind = &kz_kind_listing,
    .field = "listing_id",
    .segment = "deposits",
    .open_states = dp_open,
    .msg_closed = "该拍卖已结束，不能再缴纳保证金",
    .party_field = "seller_org_id",
    .check_parent = dp_check_parent,
};

const kz_kind_desc kz_kind_deposit = {
    .name = "deposit",
    .label = "保证金",
    .path = "deposits",
    .shared = true,
    .parent = &dp_parent,
    .slots = {.title = "title",
              .region = "region",
              .money_lo = "amount_fen",
              .money_hi = "amount_fen",
              .parties = {"seller_org_id"}},
    .list = {.columns = dp_columns},
    .publish_state = "held",
    .create_state = "pending",
    .fields = dp_fields,
    .data_fields = dp_data_fields,
    .statuses = &kz_enum_deposit_statuses,
    .workflow = dp_workflow,
    .transition_fields = bid_transition_fields,
    .editable = bid_editable,
    .frozen = dp_frozen,
    .public_states = none,
    .read_only = dp_read_only,
    .owner_roles = OWNERS,
    .party_roles = OWNERS,
    .owner_msgs = {"只能以本单位名义缴纳", "必填：竞买单位", "只能为本辖区的单位登记"},
    .msg_not_owner = "只有竞买单位可以操作",
    .msg_org_fixed = "竞买单位不能修改",
    .msg_frozen = "保证金记录不能修改",
    .msg_conflict = "保证金当前状态不允许该操作",
    .notify_kind = "deposit_status",
};

/* ================================ the objections ================================ */

#define OBJECTORS (OWNERS | KZ_ROLE_BIT(KZ_ROLE_BROKER))

static const kz_transition ob_workflow[] = {
    {"sustain", {"filed"}, "sustained", REVIEWERS, 0, false, "异议成立"},
    {"dismiss", {"filed"}, "dismissed", REVIEWERS, 0, false, "异议不成立"},
    {"withdraw", {"filed"}, "withdrawn", 0, KZ_WHO_OWNER, false, "已撤回异议"},
    {0},
};
static const char *const ob_frozen[] = {"filed", "sustained", "dismissed", "withdrawn", NULL};
static const char *const ob_open[] = {"publicity", NULL};
static const char *const ob_read_only[] = {"title", "region", "seller_org_id", "decision", NULL};

static const kz_field ob_fields[] = {
    {.name = "listing_id",
     .type = KZ_F_INT,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "挂牌 id（由路径 /listings/{id}/objections 指定）",
     .label = "挂牌"},
    {.name = "reason",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 10,
     .max_len = 2000,
     .doc = "异议的事实与理由（如价格明显偏低、权属争议）",
     .label = "异议理由"},
    {.name = "contact",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 100,
     .doc = "联系人与电话",
     .label = "联系人"},
    {.name = "title",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 100,
     .doc = "只读。挂牌名称",
     .label = "挂牌名称"},
    {.name = "region",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 6,
     .check = kz_check_region,
     .doc = "只读。挂牌所在地区",
     .label = "所在地区"},
    ID_FIELD("seller_org_id", "挂牌单位", "只读。挂牌单位"),
    {.name = "decision",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 1000,
     .doc = "只读。处理意见（成立或不成立的理由）",
     .label = "处理意见"},
    KZ_FIELD_ORG_ID("异议单位", "异议单位（平台管理员、科技局代为登记时指定）"),
    {0},
};
static const char *const ob_data_fields[] = {"listing_id", "reason",        "contact",  "title",
                                             "region",     "seller_org_id", "decision", NULL};
static const char *const ob_columns[] = {"title", "reason", "status", NULL};

/* An objection within the 公示 period, not by the seller. */
static kz_err ob_check_parent(db_conn *c, const kz_actor *a, const kz_rec_row *parent,
                              int64_t org_id, json_t *data, bool import, kz_error *e)
{
    (void)c, (void)a;
    copy_from(parent->rec, "title", data, "title", import);
    copy_from(parent->rec, "region", data, "region", import);
    if (import) return KZ_OK;
    if (org_id == parent->org_id) return kz_fail(e, KZ_E_CONFLICT, "不能对本单位的挂牌提出异议");
    char today[11];
    kz_today(today);
    const char *until = kz_json_str(parent->rec, "publicity_until");
    if (!until || strcmp(today, until) > 0)
        return kz_fail(e, KZ_E_CONFLICT, "公示期已过，不能再提出异议");
    return KZ_OK;
}

static const kz_parent ob_parent = {
    .kind = &kz_kind_listing,
    .field = "listing_id",
    .segment = "objections",
    .open_states = ob_open,
    .msg_closed = "该挂牌不在公示期，不能提出异议",
    .party_field = "seller_org_id",
    .check_parent = ob_check_parent,
};

/* sustain and dismiss give their reason (the decision). */
static bool ob_on_transition(const kz_transition *t, const json_t *in, json_t *data, bool *edited,
                             kz_error *e)
{
    if (!is(t->action, "sustain") && !is(t->action, "dismiss")) return true;
    const char *s = kz_json_str(in, "comment");
    if (!s || !*s) {
        kz_field_error(e, "comment", "必填：处理意见");
        return false;
    }
    json_object_set_new(data, "decision", json_string(s));
    *edited = true;
    return true;
}

/* market_state: the objections still to decide (a 公示 period ends in a sale only without
 * them). */
static db_status ob_counted(db_conn *c, const kz_rec_row *r, int64_t delta)
{
    int64_t listing = int_of(r->rec, "listing_id");
    kz_market_state s;
    db_status st = kz_market_get(c, listing, &s);
    if (st == DB_NOROW) return DB_OK;
    if (st != DB_OK) return st;
    if (is(r->status, "filed")) s.objections += delta;
    if (delta > 0) s.seq++;
    return kz_market_put(c, listing, &s);
}

/* A sustained objection ends the 公示 (the listing becomes objected). */
static db_status ob_after_transition(db_conn *c, const kz_actor *a, const kz_rec_row *before,
                                     const kz_rec_row *after)
{
    (void)a, (void)before;
    if (!is(after->status, "sustained")) return DB_OK;
    int64_t listing = int_of(after->rec, "listing_id");
    kz_err rc;
    kz_error e = {0};
    json_t *l = kz_kind_read(&kz_kind_listing, c, listing, &rc, &e);
    kz_error_clear(&e);
    bool publicity = l && is(kz_json_str(l, "status"), "publicity");
    json_decref(l);
    if (rc != KZ_OK) return DB_HARD;
    if (!publicity) return DB_OK; /* concluded or withdrawn meanwhile */
    return kz_kind_system_transition(&kz_kind_listing, c, listing, "object") == KZ_OK ? DB_OK
                                                                                      : DB_HARD;
}

const kz_kind_desc kz_kind_objection = {
    .name = "objection",
    .label = "公示异议",
    .path = "objections",
    .shared = true,
    .parent = &ob_parent,
    .slots = {.title = "title", .region = "region", .parties = {"seller_org_id"}},
    .list = {.columns = ob_columns},
    .publish_state = "filed",
    .create_state = "filed",
    .fields = ob_fields,
    .data_fields = ob_data_fields,
    .statuses = &kz_enum_objection_statuses,
    .workflow = ob_workflow,
    .transition_fields = bid_transition_fields,
    .editable = bid_editable,
    .frozen = ob_frozen,
    .public_states = none,
    .read_only = ob_read_only,
    .owner_roles = OBJECTORS,
    .party_roles = OWNERS,
    .owner_msgs = {"只能以本单位名义提出异议", "必填：异议单位", "只能为本辖区的单位登记异议"},
    .msg_not_owner = "只有异议单位可以操作",
    .msg_org_fixed = "异议单位不能修改",
    .msg_frozen = "异议不能修改",
    .msg_conflict = "异议当前状态不允许该操作",
    .notify_kind = "objection_status",
    .on_transition = ob_on_transition,
    .counted = ob_counted,
    .after_transition = ob_after_transition,
};
