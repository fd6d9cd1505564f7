/* kinds/event.c — matchmaking events (校企双进, 菁蓉汇-style 对接会, 成果路演): an event and the
 * registrations of the orgs that take part, two record kinds of the shared table (engine.h), the
 * registrations children of their event (kz_parent: /events/{id}/registrations). What an event
 * produced — who came, which deals it started — is domain/event.c's.
 *
 * An event: its organiser (owner: a science bureau's officer, an org admin, a broker's service
 * org) drafts it — kind, date, place, region, industries, capacity, the achievements and demands on
 * its programme — and publishes it (报名中: the date not past, the programme's records published);
 * after the day it is marked held, and closed when its results are final; the organiser or an
 * officer of its region may cancel it (the reason kept) until it is held. Public once published.
 *
 * A registration: an org (its org admin, researchers, enterprise users, brokers) registers for a
 * published event with the number of attendees and what it wants to meet — one registration per
 * org, within the event's capacity; it may cancel it; the organiser (a party: the event's owner
 * org) checks it in (attended) or marks it absent once the event was held. Never public.
 *
 * Ownership: descriptors are static. */
#include "../core/jsonx.h"
#include "../core/validate.h"
#include "../domain/engine.h"
#include "../domain/event.h"
#include "../domain/record.h"
#include <stdio.h>
#include <string.h>

#define ORGANISERS                                                                                 \
    (KZ_ROLE_BIT(KZ_ROLE_OFFICER) | KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN) | KZ_ROLE_BIT(KZ_ROLE_BROKER))
#define STEWARDS (KZ_ROLE_BIT(KZ_ROLE_OFFICER) | KZ_ROLE_BIT(KZ_ROLE_ADMIN))
#define ATTENDERS                                                                                  \
    (KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN) | KZ_ROLE_BIT(KZ_ROLE_RESEARCHER) |                            \
     KZ_ROLE_BIT(KZ_ROLE_ENTERPRISE) | KZ_ROLE_BIT(KZ_ROLE_BROKER))
#define PROGRAMME_MAX 50

static const char *check_ids(const json_t *v)
{
    for (size_t i = 0; i < json_array_size(v); i++) {
        json_t *it = json_array_get(v, i);
        if (!json_is_integer(it) || json_integer_value(it) < 1 ||
            json_integer_value(it) > KZ_ID_MAX)
            return "应为记录 id 列表";
        for (size_t j = 0; j < i; j++)
            if (json_equal(it, json_array_get(v, j))) return "不能重复";
    }
    return NULL;
}

/* ================================== the event ================================== */

static const kz_transition ev_workflow[] = {
    {"publish", {"draft"}, "published", 0, KZ_WHO_OWNER, false, "活动已发布，开放报名"},
    {"hold", {"published"}, "held", STEWARDS, KZ_WHO_OWNER, false, "活动已举办"},
    {"close", {"held"}, "closed", STEWARDS, KZ_WHO_OWNER, false, "活动已结束"},
    {"cancel", {"draft", "published"}, "cancelled", STEWARDS, KZ_WHO_OWNER, false, "活动已取消"},
    {0},
};
static const char *const ev_editable[] = {"draft", NULL};
static const char *const ev_frozen[] = {"held", "closed", "cancelled", NULL};
static const char *const ev_public[] = {"published", "held", "closed", NULL};
static const char *const ev_read_only[] = {"reason", NULL};

static const kz_field ev_fields[] = {
    {.name = "title",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 2,
     .max_len = 100,
     .doc = "活动名称，如“2026 菁蓉汇·新能源材料专场成果对接会”",
     .label = "活动名称"},
    {.name = "kind",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 20,
     .vocab = &kz_enum_event_kinds,
     .doc = "matchmaking 对接会、campus 校企双进、roadshow 成果路演、forum 论坛沙龙",
     .label = "活动类型"},
    {.name = "held_on",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 10,
     .check = kz_check_date,
     .format = "date",
     .doc = "举办日期 YYYY-MM-DD：发布时不能早于今天，当日及以后可标记为已举办",
     .label = "举办日期"},
    {.name = "place",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 2,
     .max_len = 200,
     .doc = "举办地点",
     .label = "举办地点"},
    KZ_FIELD_REGION,
    {.name = "industries",
     .type = KZ_F_STRING_LIST,
     .min_len = 1,
     .max_len = 4,
     .max_items = 10,
     .check = kz_check_industries,
     .doc = "聚焦行业：国民经济行业分类代码（至多 10 个）",
     .label = "聚焦行业"},
    {.name = "summary",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 2000,
     .doc = "活动介绍与议程",
     .label = "活动介绍"},
    {.name = "capacity",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = 10000,
     .doc = "报名单位上限（不填：不限）",
     .label = "报名上限"},
    {.name = "achievement_ids",
     .type = KZ_F_ARRAY,
     .max_items = PROGRAMME_MAX,
     .check = check_ids,
     .doc = "路演与对接的科技成果 id（发布时须已发布，至多 50 项）",
     .label = "对接成果"},
    {.name = "demand_ids",
     .type = KZ_F_ARRAY,
     .max_items = PROGRAMME_MAX,
     .check = check_ids,
     .doc = "发布的企业需求 id（发布时须已发布或已对接，至多 50 项）",
     .label = "对接需求"},
    {.name = "contact", .type = KZ_F_STRING, .nullable = true, .max_len = 100, .label = "联系方式"},
    {.name = "reason",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 1000,
     .doc = "只读。取消的理由",
     .label = "理由"},
    KZ_FIELD_ORG_ID("主办单位", "主办单位（科技局、平台管理员代为发布时指定）"),
    {0},
};
static const char *const ev_data_fields[] = {
    "title",      "kind",    "held_on",  "place",           "region",
    "industries", "summary", "capacity", "achievement_ids", "demand_ids",
    "contact",    "reason",  NULL};
static const char *const ev_list_fields[] = {"industries", "achievement_ids", "demand_ids", NULL};
static const char *const ev_columns[] = {"title", "kind", "held_on", "place", "status", NULL};

static const kz_field ev_transition_fields[] = {
    {.name = "action", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 20},
    /* (required by cancel) */
    {.name = "comment", .type = KZ_F_STRING, .nullable = true, .max_len = 1000},
    {0},
};

/* Each id of the list names a record of kind k in one of states (the programme). */
static db_status programme_ok(db_conn *c, const json_t *data, const char *field,
                              const kz_kind_desc *k, const char *const *states, kz_err *refused,
                              kz_error *e)
{
    json_t *ids = json_object_get(data, field);
    for (size_t i = 0; i < json_array_size(ids); i++) {
        kz_err rc;
        kz_error e2 = {0};
        json_t *r = kz_kind_read(k, c, json_integer_value(json_array_get(ids, i)), &rc, &e2);
        kz_error_clear(&e2);
        bool ok = false;
        for (int s = 0; r && states[s]; s++)
            ok |= !strcmp(kz_json_str(r, "status"), states[s]);
        json_decref(r);
        if (rc != KZ_OK && rc != KZ_E_NOT_FOUND) return kz_refuse(refused, e, rc, NULL, NULL);
        if (!ok) {
            char why[160];
            snprintf(why, sizeof why, "第 %zu 项不存在或未发布", i + 1);
            return kz_refuse(refused, e, KZ_E_VALIDATION, field, why);
        }
    }
    return DB_OK;
}

/* publish: the date not past, the programme published; hold: the day has come. */
static db_status ev_on_transition_db(db_conn *c, const kz_actor *a, const kz_transition *t,
                                     const kz_rec_row *r, json_t *data, bool *edited,
                                     kz_err *refused, kz_error *e)
{
    (void)a, (void)r, (void)edited;
    char today[11];
    kz_today(today);
    const char *day = kz_json_str(data, "held_on");
    if (!strcmp(t->action, "publish")) {
        static const char *const ach[] = {"published", NULL}, *const dem[] = {"published",
                                                                              "matched", NULL};
        if (!day || strcmp(day, today) < 0)
            return kz_refuse(refused, e, KZ_E_VALIDATION, "held_on",
                             "举办日期已过，请修改后再发布");
        db_status st =
            programme_ok(c, data, "achievement_ids", &kz_kind_achievement, ach, refused, e);
        return st == DB_OK ? programme_ok(c, data, "demand_ids", &kz_kind_demand, dem, refused, e)
                           : st;
    }
    if (!strcmp(t->action, "hold") && day && strcmp(day, today) > 0)
        return kz_refuse(refused, e, KZ_E_CONFLICT, NULL, "活动尚未到举办日期");
    return DB_OK;
}

const kz_kind_desc kz_kind_event = {
    .name = "event",
    .label = "对接活动",
    .path = "events",
    .shared = true,
    .slots = {.title = "title", .region = "region", .category = "kind"},
    .list = {.columns = ev_columns},
    .fields = ev_fields,
    .data_fields = ev_data_fields,
    .list_fields = ev_list_fields,
    .statuses = &kz_enum_event_statuses,
    .workflow = ev_workflow,
    .transition_fields = ev_transition_fields,
    .comments = (const kz_comment_rule[]){{"cancel", "reason", "必填：取消的理由"}, {0}},
    .editable = ev_editable,
    .frozen = ev_frozen,
    .public_states = ev_public,
    .read_only = ev_read_only,
    .owner_roles = ORGANISERS,
    .owner_msgs = {"只能以本单位名义主办活动", "必填：主办单位", "只能为本辖区的单位发布活动"},
    .msg_not_owner = "只有主办单位可以修改",
    .msg_org_fixed = "主办单位不能修改",
    .msg_frozen = "已举办或已取消的活动不能修改",
    .msg_conflict = "活动当前状态不允许该操作",
    .msg_system = "该操作由平台执行",
    .notify_kind = "event_status",
    .on_transition_db = ev_on_transition_db,
};

/* =============================== the registrations =============================== */

static const kz_transition reg_workflow[] = {
    {"cancel", {"registered"}, "cancelled", 0, KZ_WHO_OWNER, false, "已取消报名"},
    {"attend", {"registered", "absent"}, "attended", STEWARDS, KZ_WHO_PARTY, false, "已签到"},
    {"absent", {"registered"}, "absent", STEWARDS, KZ_WHO_PARTY, false, "未到场"},
    {0},
};
static const char *const reg_editable[] = {NULL};
static const char *const reg_frozen[] = {"attended", "absent", "cancelled", NULL};
static const char *const reg_public[] = {NULL};
static const char *const reg_open[] = {"published", NULL};
static const char *const reg_read_only[] = {"event_title", "region", "held_on", "organiser_org_id",
                                            NULL};

static const kz_field reg_fields[] = {
    {.name = "event_id",
     .type = KZ_F_INT,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "报名的活动 id（由路径 /events/{id}/registrations 指定）",
     .label = "活动"},
    {.name = "attendees",
     .type = KZ_F_INT,
     .required = true,
     .min = 1,
     .max = 20,
     .doc = "参会人数（1–20）",
     .label = "参会人数"},
    {.name = "interests",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 1000,
     .doc = "希望对接的成果、需求或合作方向",
     .label = "对接意向"},
    {.name = "contact", .type = KZ_F_STRING, .nullable = true, .max_len = 100, .label = "联系人"},
    {.name = "event_title",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 100,
     .doc = "只读。活动名称（报名时取自活动）",
     .label = "活动名称"},
    {.name = "region",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 6,
     .check = kz_check_region,
     .doc = "只读。活动所在地区",
     .label = "所在地区"},
    {.name = "held_on",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .check = kz_check_date,
     .format = "date",
     .doc = "只读。举办日期",
     .label = "举办日期"},
    {.name = "organiser_org_id",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "只读。主办单位（报名时取自活动）",
     .label = "主办单位"},
    KZ_FIELD_ORG_ID("报名单位", "报名单位（科技局、平台管理员代为报名时指定）"),
    {0},
};
static const char *const reg_data_fields[] = {"event_id", "attendees",        "interests",
                                              "contact",  "event_title",      "region",
                                              "held_on",  "organiser_org_id", NULL};
static const char *const reg_columns[] = {"event_title", "attendees", "held_on", "status", NULL};

static const kz_field reg_transition_fields[] = {
    {.name = "action", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 20},
    {.name = "comment", .type = KZ_F_STRING, .nullable = true, .max_len = 1000},
    {0},
};

/* A new registration: one per org, within the capacity; the event's title, region and date. */
static kz_err reg_check_parent(db_conn *c, const kz_actor *a, const kz_rec_row *ev, int64_t org_id,
                               json_t *data, bool import, kz_error *e)
{
    (void)a;
    if (org_id == ev->org_id) return kz_fail(e, KZ_E_CONFLICT, "主办单位无需报名");
    json_object_set(data, "event_title", json_object_get(ev->rec, "title"));
    json_object_set(data, "region", json_object_get(ev->rec, "region"));
    json_object_set(data, "held_on", json_object_get(ev->rec, "held_on"));
    if (import) return KZ_OK;
    /* (by the index of the org's children of the event, in each state but cancelled) */
    static const char *const held[] = {"registered", "attended", "absent"};
    int64_t dup = 0;
    db_status st = DB_OK;
    for (int i = 0; i < 3 && !dup && (st == DB_OK || st == DB_NOROW); i++)
        st = kz_kind_child_of_org(&kz_kind_event_registration, c, ev->id, org_id, held[i], &dup);
    if (st != DB_OK && st != DB_NOROW) return kz_db_fail(e, st);
    if (dup) return kz_fail(e, KZ_E_CONFLICT, "本单位已报名该活动");
    json_t *cap = json_object_get(ev->rec, "capacity");
    int64_t taken = 0;
    if (json_is_integer(cap)) {
        st = kz_event_taken(c, ev->id, &taken);
        if (st != DB_OK) return kz_db_fail(e, st);
        if (taken >= json_integer_value(cap)) return kz_fail(e, KZ_E_CONFLICT, "报名已满");
    }
    return KZ_OK;
}

static const kz_parent reg_parent = {
    .kind = &kz_kind_event,
    .field = "event_id",
    .segment = "registrations",
    .open_states = reg_open,
    .msg_closed = "活动不在报名期，不能报名",
    .party_field = "organiser_org_id",
    .check_parent = reg_check_parent,
};

/* attend / absent: once the event's day has come. */
static db_status reg_on_transition_db(db_conn *c, const kz_actor *a, const kz_transition *t,
                                      const kz_rec_row *r, json_t *data, bool *edited,
                                      kz_err *refused, kz_error *e)
{
    (void)c, (void)a, (void)r, (void)edited;
    if (!strcmp(t->action, "cancel")) return DB_OK;
    char today[11];
    kz_today(today);
    const char *day = kz_json_str(data, "held_on");
    if (day && strcmp(day, today) > 0) {
        *refused = kz_fail(e, KZ_E_CONFLICT, "活动尚未举办，不能签到");
        return DB_HARD;
    }
    return DB_OK;
}

/* The event's counts: registrations and attendees by state. */
static db_status reg_counted(db_conn *c, const kz_rec_row *r, int64_t delta)
{
    int64_t ev = json_integer_value(json_object_get(r->rec, "event_id"));
    if (ev <= 0) return DB_OK;
    char key[48];
    snprintf(key, sizeof key, "reg:%s", r->status);
    db_status st = kz_event_count(c, ev, key, delta);
    snprintf(key, sizeof key, "att:%s", r->status);
    if (st == DB_OK)
        st = kz_event_count(c, ev, key,
                            delta * json_integer_value(json_object_get(r->rec, "attendees")));
    return st;
}

const kz_kind_desc kz_kind_event_registration = {
    .name = "event_registration",
    .label = "活动报名",
    .path = "event-registrations",
    .shared = true,
    .parent = &reg_parent,
    .slots = {.title = "event_title", .region = "region", .parties = {"organiser_org_id"}},
    .list = {.columns = reg_columns},
    .create_state = "registered",
    .publish_state = "attended",
    .fields = reg_fields,
    .data_fields = reg_data_fields,
    .statuses = &kz_enum_event_registration_statuses,
    .workflow = reg_workflow,
    .transition_fields = reg_transition_fields,
    .editable = reg_editable,
    .frozen = reg_frozen,
    .public_states = reg_public,
    .read_only = reg_read_only,
    .owner_roles = ATTENDERS,
    .party_roles = ORGANISERS,
    .owner_msgs = {"只能以本单位名义报名", "必填：报名单位", "只能为本辖区的单位报名"},
    .msg_not_owner = "只有报名单位可以修改",
    .msg_org_fixed = "报名单位不能修改",
    .msg_frozen = "报名不能修改",
    .msg_conflict = "报名当前状态不允许该操作",
    .msg_system = "该操作由平台执行",
    .notify_kind = "event_registration_status",
    .on_transition_db = reg_on_transition_db,
    .counted = reg_counted,
};
