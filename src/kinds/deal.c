/* kinds/deal.c — 撮合 (牵线): a deal a technology broker opens between an enterprise's demand
 * and a research achievement, and the dated events of its pipeline (calls, visits, meetings,
 * messages): two record kinds of the shared table (engine.h). A deal belongs to its demand
 * (engine.h kz_parent: demand_id, created while the demand is published or matched); the events
 * belong to their deal (/deals/{id}/events).
 *
 * A deal: the broker (owner: the broker's org; officers and admins may open one for a broker
 * org of their region) drafts the recommendation and sends it (recommend), contacts both sides
 * (contact); the talks begin (negotiate) and end in a signature (sign, with the id of the
 * registered technology contract when there is one) or a decline (decline: a reason code —
 * price, maturity, ip, fit, timing, other — and the side that declined: a party declines for
 * its own side, the broker names the side). The demand's org and the achievement's org are the
 * deal's parties: they read it once recommended, are told of each step, negotiate, sign and
 * decline. Deals are never public; officers see their region's (the demand's region).
 *
 * The deal stamps the days of its recommendation, contact and close (recommended_on,
 * contacted_on, closed_on); with its state and decline reason they count for its broker's figures
 * (domain/broker.h).
 *
 * Declines feed the matching (match.c): an achievement declined by a demand for `fit` is not
 * recommended to it again, and a code that recurs on a demand's deals lowers that kind of match
 * for it.
 *
 * A deal event: logged by the broker or a member of either side while the deal is open (draft →
 * logged), with its kind, date and note; read by the deal's owner and parties.
 *
 * Ownership: descriptors are static. */
#include "../core/jsonx.h"
#include "../core/validate.h"
#include "../domain/broker.h"
#include "../domain/counts.h"
#include "../domain/engine.h"
#include "../domain/event.h"
#include "../domain/record.h"
#include <stdio.h>
#include <string.h>

#define BROKERS KZ_ROLE_BIT(KZ_ROLE_BROKER)
#define SIDES                                                                                      \
    (KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN) | KZ_ROLE_BIT(KZ_ROLE_RESEARCHER) |                            \
     KZ_ROLE_BIT(KZ_ROLE_ENTERPRISE))
#define WHO_ALL (KZ_WHO_OWNER | KZ_WHO_PARTY)

static void set_str(json_t *data, const char *f, const char *v)
{
    json_object_set_new(data, f, v ? json_string(v) : json_null());
}

/* ================================== the deal ================================== */

static const kz_transition deal_workflow[] = {
    {"recommend", {"draft"}, "recommended", 0, KZ_WHO_OWNER, false, "已推荐对接"},
    {"contact", {"recommended"}, "contacted", 0, KZ_WHO_OWNER, false, "已联系双方"},
    {"negotiate", {"contacted"}, "negotiating", 0, WHO_ALL, false, "已进入洽谈"},
    {"sign", {"negotiating"}, "signed", 0, WHO_ALL, false, "已签约"},
    {"decline",
     {"recommended", "contacted", "negotiating"},
     "declined",
     0,
     WHO_ALL,
     false,
     "已放弃对接"},
    {0},
};
static const char *const deal_editable[] = {"draft", NULL};
static const char *const deal_frozen[] = {"signed", "declined", NULL};
static const char *const deal_public[] = {NULL};
static const char *const deal_open[] = {"published", "matched", NULL};
static const char *const deal_read_only[] = {"title",
                                             "demand_title",
                                             "achievement_title",
                                             "demand_org_id",
                                             "achievement_org_id",
                                             "region",
                                             "industry",
                                             "broker_id",
                                             "contract_id",
                                             "decline_side",
                                             "decline_code",
                                             "decline_comment",
                                             "recommended_on",
                                             "contacted_on",
                                             "closed_on",
                                             NULL};

static const kz_field deal_fields[] = {
    {.name = "demand_id",
     .type = KZ_F_INT,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "对接的企业需求 id（需求须处于已发布或已对接状态）",
     .label = "企业需求"},
    {.name = "achievement_id",
     .type = KZ_F_INT,
     .required = true,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "推荐的科技成果 id（须已发布），创建后不能修改",
     .label = "科技成果"},
    {.name = "event_id",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "促成这次对接的对接活动 id（选填；活动须已发布、已举办或已结束）：计入该活动的成效",
     .label = "对接活动"},
    {.name = "note",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 1000,
     .doc = "推荐理由与对接要点",
     .label = "推荐理由"},
    {.name = "title",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 220,
     .doc = "只读。需求名称 ↔ 成果名称",
     .label = "对接事项"},
    {.name = "demand_title",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 200,
     .doc = "只读。需求名称",
     .label = "需求名称"},
    {.name = "achievement_title",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 200,
     .doc = "只读。成果名称",
     .label = "成果名称"},
    {.name = "demand_org_id",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "只读。需求方（提出需求的机构）",
     .label = "需求方"},
    {.name = "achievement_org_id",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "只读。成果方（持有成果的机构）",
     .label = "成果方"},
    {.name = "region",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 6,
     .check = kz_check_region,
     .doc = "只读。需求所在地区",
     .label = "所在地区"},
    {.name = "industry",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 4,
     .check = kz_check_industry,
     .doc = "只读。需求所属行业",
     .label = "所属行业"},
    {.name = "broker_id",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "只读。推荐对接的技术经纪人（用户 id）",
     .label = "技术经纪人"},
    {.name = "contract_id",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "只读。签约时登记的技术合同 id",
     .label = "技术合同"},
    {.name = "decline_side",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .vocab = &kz_enum_deal_sides,
     .doc = "只读。放弃对接的一方：buyer 需求方，seller 成果方",
     .label = "放弃方"},
    {.name = "decline_code",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .vocab = &kz_enum_decline_codes,
     .doc = "只读。放弃原因",
     .label = "放弃原因"},
    {.name = "decline_comment",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 1000,
     .doc = "只读。放弃原因说明",
     .label = "原因说明"},
    {.name = "recommended_on",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .check = kz_check_date,
     .format = "date",
     .doc = "只读。推荐对接的日期（至签约的天数计入经纪人业绩）",
     .label = "推荐日期"},
    {.name = "contacted_on",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .check = kz_check_date,
     .format = "date",
     .doc = "只读。联系双方的日期",
     .label = "联系日期"},
    {.name = "closed_on",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .check = kz_check_date,
     .format = "date",
     .doc = "只读。签约或放弃的日期",
     .label = "结束日期"},
    KZ_FIELD_ORG_ID("经纪机构", "技术经纪人所在机构（科技局、平台管理员代为登记时指定）"),
    {0},
};
static const char *const deal_data_fields[] = {"demand_id",
                                               "achievement_id",
                                               "event_id",
                                               "note",
                                               "title",
                                               "demand_title",
                                               "achievement_title",
                                               "demand_org_id",
                                               "achievement_org_id",
                                               "region",
                                               "industry",
                                               "broker_id",
                                               "contract_id",
                                               "decline_side",
                                               "decline_code",
                                               "decline_comment",
                                               "recommended_on",
                                               "contacted_on",
                                               "closed_on",
                                               NULL};
static const char *const deal_columns[] = {"title", "decline_code", "closed_on", "status", NULL};

static const kz_field deal_transition_fields[] = {
    {.name = "action", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 20},
    {.name = "comment", .type = KZ_F_STRING, .nullable = true, .max_len = 1000},
    {.name = "decline_code",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .vocab = &kz_enum_decline_codes,
     .doc = "放弃对接（decline）时必填：原因代码",
     .label = "放弃原因"},
    {.name = "decline_side",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .vocab = &kz_enum_deal_sides,
     .doc = "技术经纪人记录放弃时必填：放弃的一方（需求方、成果方成员放弃时即为本方）",
     .label = "放弃方"},
    {.name = "contract_id",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "签约（sign）时选填：已登记的技术合同 id",
     .label = "技术合同"},
    {0},
};

/* A new deal: the demand's title, org, region and industry (the engine sets demand_org_id:
 * party_field), the achievement's — published, of another org than the demand's — and the
 * broker who opens it. */
/* The event a deal names, if any: one published, held or closed (an import: any that exists). */
static kz_err event_ok(db_conn *c, const json_t *data, bool import, kz_error *e)
{
    json_t *id = json_object_get(data, "event_id");
    if (!json_is_integer(id)) return KZ_OK;
    kz_err rc;
    kz_error e2 = {0};
    json_t *ev = kz_kind_read(&kz_kind_event, c, json_integer_value(id), &rc, &e2);
    kz_error_clear(&e2);
    const char *st = ev ? kz_json_str(ev, "status") : NULL;
    bool ok =
        st && (import || !strcmp(st, "published") || !strcmp(st, "held") || !strcmp(st, "closed"));
    json_decref(ev);
    if (rc != KZ_OK && rc != KZ_E_NOT_FOUND) return kz_fail(e, rc, NULL);
    if (ok) return KZ_OK;
    kz_field_error(e, "event_id", "对接活动不存在或尚未发布");
    return KZ_E_VALIDATION;
}

static kz_err deal_check_parent(db_conn *c, const kz_actor *a, const kz_rec_row *demand,
                                int64_t org_id, json_t *data, bool import, kz_error *e)
{
    (void)org_id;
    kz_err rc = event_ok(c, data, import, e);
    if (rc != KZ_OK) return rc;
    json_t *ach = kz_kind_read(&kz_kind_achievement, c,
                               json_integer_value(json_object_get(data, "achievement_id")), &rc, e);
    if (rc == KZ_E_NOT_FOUND) {
        kz_error_clear(e);
        kz_field_error(e, "achievement_id", "科技成果不存在");
        return KZ_E_VALIDATION;
    }
    if (rc != KZ_OK) return rc;
    const char *st = kz_json_str(ach, "status");
    int64_t ach_org = json_integer_value(json_object_get(ach, "org_id"));
    if (!import && (!st || strcmp(st, "published") != 0)) {
        json_decref(ach);
        kz_field_error(e, "achievement_id", "只能推荐已发布的科技成果");
        return KZ_E_VALIDATION;
    }
    if (ach_org == demand->org_id) {
        json_decref(ach);
        kz_field_error(e, "achievement_id", "需求方与成果方是同一机构，无需牵线");
        return KZ_E_VALIDATION;
    }
    if (!import) { /* one open deal per demand and achievement */
        json_t *deals = NULL;
        db_status got =
            kz_kind_children(&kz_kind_deal, c, demand->id, NULL, KZ_CHILDREN_MAX, &deals);
        bool open = false;
        for (size_t i = 0; i < json_array_size(deals); i++) {
            json_t *d = json_array_get(deals, i);
            const char *ds = kz_json_str(d, "status");
            open |= json_equal(json_object_get(d, "achievement_id"),
                               json_object_get(data, "achievement_id")) &&
                    strcmp(ds, "signed") != 0 && strcmp(ds, "declined") != 0;
        }
        json_decref(deals);
        if (got != DB_OK || open) {
            json_decref(ach);
            return got != DB_OK ? kz_db_fail(e, got)
                                : kz_fail(e, KZ_E_CONFLICT, "该成果与该需求已有进行中的对接");
        }
    }
    const char *dt = kz_json_str(demand->rec, "title"), *at = kz_json_str(ach, "title");
    char title[700];
    snprintf(title, sizeof title, "%s ↔ %s", dt ? dt : "", at ? at : "");
    /* (titles are at most 100 characters each: the pair fits the field; an import keeps its own) */
    if (!import || !kz_json_str(data, "title")) set_str(data, "title", title);
    set_str(data, "demand_title", dt);
    set_str(data, "achievement_title", at);
    json_object_set_new(data, "achievement_org_id", json_integer(ach_org));
    json_object_set(data, "region", json_object_get(demand->rec, "region"));
    json_object_set(data, "industry", json_object_get(demand->rec, "industry"));
    if (!import || !json_is_integer(json_object_get(data, "broker_id")))
        json_object_set_new(data, "broker_id", a->user_id ? json_integer(a->user_id) : json_null());
    json_decref(ach);
    return KZ_OK;
}

static const kz_parent deal_parent = {
    .kind = &kz_kind_demand,
    .field = "demand_id",
    .segment = "deals",
    .open_states = deal_open,
    .msg_closed = "需求未发布或已关闭，不能推荐对接",
    .party_field = "demand_org_id",
    .check_parent = deal_check_parent,
};

static bool deal_on_transition(const kz_transition *t, const json_t *in, json_t *data, bool *edited,
                               kz_error *e)
{
    bool decline = !strcmp(t->action, "decline"), sign = !strcmp(t->action, "sign");
    static const char *const decline_only[] = {"decline_code", "decline_side"};
    for (size_t i = 0; i < 2; i++) {
        json_t *v = json_object_get(in, decline_only[i]);
        if (v && !json_is_null(v) && !decline) {
            kz_field_error(e, decline_only[i], "只有放弃对接时填写");
            return false;
        }
    }
    json_t *ct = json_object_get(in, "contract_id");
    if (ct && !json_is_null(ct) && !sign) {
        kz_field_error(e, "contract_id", "只有签约时填写技术合同");
        return false;
    }
    char today[11];
    kz_today(today);
    if (!strcmp(t->action, "recommend") || !strcmp(t->action, "contact")) {
        set_str(data, t->action[0] == 'r' ? "recommended_on" : "contacted_on", today);
        *edited = true;
        return true;
    }
    if (!decline && !sign) return true;
    set_str(data, "closed_on", today);
    if (sign) {
        json_object_set(data, "contract_id", ct && !json_is_null(ct) ? ct : json_null());
    } else {
        const char *code = kz_json_str(in, "decline_code");
        if (!code) {
            kz_field_error(e, "decline_code", "必填：放弃对接的原因");
            return false;
        }
        set_str(data, "decline_code", code);
        /* the side the body names (the broker's to name; a party's own is taken below) */
        set_str(data, "decline_side", kz_json_str(in, "decline_side"));
        const char *why = kz_json_str(in, "comment");
        set_str(data, "decline_comment", why && *why ? why : NULL);
    }
    *edited = true;
    return true;
}

/* decline: the side — a party's own (its org is the demand's or the achievement's), else the
 * one the broker named (on_transition kept it in data). */
static db_status deal_on_transition_db(db_conn *c, const kz_actor *a, const kz_transition *t,
                                       const kz_rec_row *r, json_t *data, bool *edited,
                                       kz_err *refused, kz_error *e)
{
    if (!strcmp(t->action, "recommend")) { /* (an event named in the draft since) */
        kz_err rc = event_ok(c, data, false, e);
        if (rc == KZ_OK) return DB_OK;
        *refused = rc;
        return DB_HARD;
    }
    if (strcmp(t->action, "decline") != 0) return DB_OK;
    int64_t buyer = json_integer_value(json_object_get(data, "demand_org_id"));
    int64_t seller = json_integer_value(json_object_get(data, "achievement_org_id"));
    const char *side = kz_json_str(data, "decline_side");
    if (a->org_id && a->org_id != r->org_id && (a->org_id == buyer || a->org_id == seller))
        side = a->org_id == buyer ? "buyer" : "seller";
    if (!side) {
        kz_field_error(e, "decline_side", "必填：放弃对接的一方（buyer 需求方 / seller 成果方）");
        *refused = KZ_E_VALIDATION;
        return DB_HARD;
    }
    set_str(data, "decline_side", side);
    *edited = true;
    return DB_OK;
}

/* The counts deals feed (domain/counts.h): the deals an event started, by state; the deals an
 * org's demand side declined, by reason (the matching of its demands reads them). */
static db_status deal_counted(db_conn *c, const kz_rec_row *r, int64_t delta)
{
    int64_t ev = json_integer_value(json_object_get(r->rec, "event_id"));
    char key[48];
    db_status st = DB_OK;
    if (ev > 0) {
        snprintf(key, sizeof key, "deal:%s", r->status);
        st = kz_event_count(c, ev, key, delta);
    }
    const char *side = kz_json_str(r->rec, "decline_side"),
               *code = kz_json_str(r->rec, "decline_code");
    int64_t buyer = json_integer_value(json_object_get(r->rec, "demand_org_id"));
    if (st == DB_OK && !strcmp(r->status, "declined") && side && !strcmp(side, "buyer") && code &&
        buyer > 0) {
        snprintf(key, sizeof key, "declined:%s", code);
        st = kz_record_count(c, "org", buyer, key, delta);
    }
    return st == DB_OK ? kz_broker_deal_counted(c, r, delta) : st;
}

const kz_kind_desc kz_kind_deal = {
    .name = "deal",
    .label = "撮合对接",
    .path = "deals",
    .shared = true,
    .parent = &deal_parent,
    .slots = {.title = "title",
              .region = "region",
              .industry = "industry",
              .category = "decline_code",
              .parties = {"demand_org_id", "achievement_org_id"}},
    .list = {.columns = deal_columns},
    .publish_state = "signed",
    .fields = deal_fields,
    .data_fields = deal_data_fields,
    .statuses = &kz_enum_deal_statuses,
    .workflow = deal_workflow,
    .transition_fields = deal_transition_fields,
    .editable = deal_editable,
    .frozen = deal_frozen,
    .public_states = deal_public,
    .read_only = deal_read_only,
    .owner_roles = BROKERS,
    .party_roles = SIDES,
    .owner_msgs = {"只能以本机构名义牵线", "必填：经纪机构", "只能为本辖区的经纪机构登记"},
    .msg_not_owner = "只有技术经纪人可以修改",
    .msg_org_fixed = "经纪机构不能修改",
    .msg_frozen = "已签约或已放弃的对接不能修改",
    .msg_conflict = "对接当前状态不允许该操作",
    .notify_kind = "deal_status",
    .on_transition = deal_on_transition,
    .on_transition_db = deal_on_transition_db,
    .counted = deal_counted,
};

/* ================================ deal events ================================ */

static const kz_transition ev_workflow[] = {
    {"log", {"draft"}, "logged", 0, KZ_WHO_OWNER, false, "已记录对接进展"},
    {0},
};
static const char *const ev_editable[] = {"draft", NULL};
static const char *const ev_frozen[] = {"logged", NULL};
static const char *const ev_public[] = {NULL};
static const char *const ev_open[] = {"recommended", "contacted", "negotiating", NULL};
static const char *const ev_read_only[] = {"deal_title",         "deal_org_id", "demand_org_id",
                                           "achievement_org_id", "region",      NULL};

static const kz_field ev_fields[] = {
    {.name = "deal_id",
     .type = KZ_F_INT,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "所属对接 id（由路径 /deals/{id}/events 指定）",
     .label = "对接"},
    {.name = "kind",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 10,
     .vocab = &kz_enum_deal_event_kinds,
     .label = "方式"},
    {.name = "at",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 10,
     .check = kz_check_past_date,
     .format = "date",
     .doc = "日期 YYYY-MM-DD，不晚于今天",
     .label = "日期"},
    {.name = "note",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 2,
     .max_len = 1000,
     .doc = "沟通内容与下一步安排",
     .label = "记录"},
    {.name = "deal_title",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 220,
     .doc = "只读。对接事项",
     .label = "对接事项"},
    {.name = "deal_org_id",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "只读。对接的经纪机构",
     .label = "经纪机构"},
    {.name = "demand_org_id",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "只读。需求方",
     .label = "需求方"},
    {.name = "achievement_org_id",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "只读。成果方",
     .label = "成果方"},
    {.name = "region",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 6,
     .check = kz_check_region,
     .doc = "只读。需求所在地区",
     .label = "所在地区"},
    KZ_FIELD_ORG_ID("记录单位", "记录单位（对接的经纪机构或一方）"),
    {0},
};
static const char *const ev_data_fields[] = {"deal_id",
                                             "kind",
                                             "at",
                                             "note",
                                             "deal_title",
                                             "deal_org_id",
                                             "demand_org_id",
                                             "achievement_org_id",
                                             "region",
                                             NULL};
static const char *const ev_columns[] = {"at", "kind", "note", NULL};

static const kz_field ev_transition_fields[] = {
    {.name = "action", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 20},
    {.name = "comment", .type = KZ_F_STRING, .nullable = true, .max_len = 1000},
    {0},
};

/* An event is logged by the deal's broker org or one of its sides. */
static kz_err ev_check_parent(db_conn *c, const kz_actor *a, const kz_rec_row *deal, int64_t org_id,
                              json_t *data, bool import, kz_error *e)
{
    (void)c, (void)a;
    int64_t buyer = json_integer_value(json_object_get(deal->rec, "demand_org_id"));
    int64_t seller = json_integer_value(json_object_get(deal->rec, "achievement_org_id"));
    if (!import && org_id != deal->org_id && org_id != buyer && org_id != seller)
        return kz_fail(e, KZ_E_FORBIDDEN, "只有对接的经纪机构和双方可以记录进展");
    set_str(data, "deal_title", kz_json_str(deal->rec, "title"));
    json_object_set_new(data, "demand_org_id", json_integer(buyer));
    json_object_set_new(data, "achievement_org_id", json_integer(seller));
    json_object_set(data, "region", json_object_get(deal->rec, "region"));
    return KZ_OK;
}

static const kz_parent ev_parent = {
    .kind = &kz_kind_deal,
    .field = "deal_id",
    .segment = "events",
    .open_states = ev_open,
    .msg_closed = "对接已结束，不能再记录进展",
    .party_field = "deal_org_id",
    .check_parent = ev_check_parent,
};

const kz_kind_desc kz_kind_deal_event = {
    .name = "deal_event",
    .label = "对接进展",
    .path = "deal-events",
    .shared = true,
    .parent = &ev_parent,
    .slots = {.title = "note",
              .region = "region",
              .category = "kind",
              .parties = {"deal_org_id", "demand_org_id", "achievement_org_id"}},
    .list = {.columns = ev_columns},
    .publish_state = "logged",
    .fields = ev_fields,
    .data_fields = ev_data_fields,
    .statuses = &kz_enum_deal_event_statuses,
    .workflow = ev_workflow,
    .transition_fields = ev_transition_fields,
    .editable = ev_editable,
    .frozen = ev_frozen,
    .public_states = ev_public,
    .read_only = ev_read_only,
    .owner_roles = BROKERS | SIDES,
    .owner_msgs = {"只能以本机构名义记录", "必填：记录单位", "只能为本辖区的机构记录"},
    .msg_not_owner = "只有记录单位可以修改",
    .msg_org_fixed = "记录单位不能修改",
    .msg_frozen = "已记录的进展不能修改",
    .msg_conflict = "进展记录当前状态不允许该操作",
    .notify_kind = "deal_event_status",
};
