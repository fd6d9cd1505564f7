/* kinds/resource.c — shared instruments and 中试 (issue 17 item 5): a resource (a large research
 * instrument, a pilot line, a concept-verification service) an org opens to others, and the
 * bookings of it: two record kinds of the shared table (engine.h), a booking a child of its
 * resource (/resources/{id}/bookings, while the resource is open).
 *
 * A resource: its owner org (org admin, researchers, enterprise users) describes it — kind,
 * location, the services with their unit (hour, sample, batch) and price, the opening calendar
 * (the weekdays and the hours, China Standard Time) — and submits it; a reviewer, an officer or
 * an admin opens it (public from then on, also while suspended) or returns it; the owner
 * suspends, resumes and closes it, and may edit it while open (prices change).
 *
 * A booking: a member of another org asks for one service over a time ("YYYY-MM-DDTHH:MM",
 * China Standard Time) with a purpose and a planned quantity; an hourly service is booked inside
 * one opening day's hours, the others start on an opening day. The resource's org (a party:
 * provider_org_id) approves or declines it (with a reason), starts it, completes it with the
 * metered quantity and charges it (the charge = metered quantity × the price when booked, in 分);
 * the requester may cancel it until it starts. No two approved or running bookings of one
 * resource overlap: approval looks up the slots held (booking_slots, migration 011, kept by
 * counted() in each write's transaction) and the write lock makes simultaneous approvals take
 * turns — the second of two overlapping ones is refused (409). A booking may name a 创新券 of its
 * org (kinds/voucher.c: checked at request — issued to it, valid on the booking's day, with a
 * balance); at charge the voucher pays its balance, at most the charge (voucher_fen, kept in
 * voucher_ledger), and the rest is the requester's (paid_fen).
 *
 * Ownership: descriptors are static. */
#include "../core/jsonx.h"
#include "../core/validate.h"
#include "../domain/clock.h"
#include "../domain/engine.h"
#include "../domain/record.h"
#include "../domain/voucher.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define OWNERS                                                                                     \
    (KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN) | KZ_ROLE_BIT(KZ_ROLE_RESEARCHER) |                            \
     KZ_ROLE_BIT(KZ_ROLE_ENTERPRISE))
#define REVIEWERS                                                                                  \
    (KZ_ROLE_BIT(KZ_ROLE_REVIEWER) | KZ_ROLE_BIT(KZ_ROLE_OFFICER) | KZ_ROLE_BIT(KZ_ROLE_ADMIN))
#define STEWARDS     (KZ_ROLE_BIT(KZ_ROLE_OFFICER) | KZ_ROLE_BIT(KZ_ROLE_ADMIN))
#define ADMIN        KZ_ROLE_BIT(KZ_ROLE_ADMIN)
#define MAX_FEN      100000000000LL /* ¥10 亿 a unit */
#define MAX_QTY      100000
#define MAX_SERVICES 10
#define MAX_DAYS     31 /* the longest booking */

/* ---- times: "HH:MM" and "YYYY-MM-DDTHH:MM" (China Standard Time, compared as text) ---- */

static bool hhmm(const char *s, int *minutes)
{
    if (!s || strlen(s) != 5 || s[2] != ':') return false;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9')) return false;
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 24 || m > 59 || (h == 24 && m)) return false;
    if (minutes) *minutes = h * 60 + m;
    return true;
}

/* A local time "YYYY-MM-DDTHH:MM" as minutes since 1970 (its weekday 0 = Monday in *wday). */
static bool local_time(const char *s, long long *minutes, int *wday)
{
    if (!s || strlen(s) != 16 || s[10] != 'T') return false;
    char date[11];
    memcpy(date, s, 10);
    date[10] = 0;
    int hm;
    if (!kz_date_valid(date) || !hhmm(s + 11, &hm) || hm >= 24 * 60) return false;
    struct tm tm = {
        .tm_year = atoi(date) - 1900, .tm_mon = atoi(date + 5) - 1, .tm_mday = atoi(date + 8)};
    time_t t = timegm(&tm);
    if (minutes) *minutes = (long long)t / 60 + hm;
    if (wday) *wday = (int)(((long long)t / 86400 + 3) % 7); /* 1970-01-01 was a Thursday */
    return true;
}

static const char *check_hhmm(const json_t *v)
{
    return hhmm(json_string_value(v), NULL) ? NULL : "时间格式应为 HH:MM";
}

static const char *check_local_time(const json_t *v)
{
    return local_time(json_string_value(v), NULL, NULL)
               ? NULL
               : "时间格式应为 YYYY-MM-DDTHH:MM（北京时间）";
}

static void now_local(char out[17])
{
    time_t t = (time_t)kz_now() + 8 * 3600; /* China Standard Time */
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 17, "%Y-%m-%dT%H:%M", &tm);
}

/* ================================ the resource ================================ */

static const kz_transition res_workflow[] = {
    {"submit", {"draft"}, "submitted", 0, KZ_WHO_OWNER, false, "已提交，等待审核"},
    {"open", {"submitted"}, "open", REVIEWERS, 0, false, "已审核，开放共享"},
    {"return", {"submitted"}, "draft", REVIEWERS, 0, false, "已退回修改"},
    {"suspend", {"open"}, "suspended", STEWARDS, KZ_WHO_OWNER, false, "已暂停开放"},
    {"resume", {"suspended"}, "open", ADMIN, KZ_WHO_OWNER, false, "已恢复开放"},
    {"close", {"open", "suspended"}, "closed", STEWARDS, KZ_WHO_OWNER, false, "已停止共享"},
    {0},
};
static const char *const res_editable[] = {"draft", "open", "suspended", NULL};
static const char *const res_frozen[] = {"closed", NULL};
static const char *const res_public[] = {"open", "suspended", NULL};

/* [{name, unit, price_fen}]: 1–10 services, each named once. */
static const char *check_services(const json_t *v)
{
    if (!json_array_size(v)) return "至少填写一项服务";
    for (size_t i = 0; i < json_array_size(v); i++) {
        const json_t *s = json_array_get(v, i);
        const char *name = kz_json_str(s, "name"), *unit = kz_json_str(s, "unit");
        json_t *price = json_object_get(s, "price_fen");
        if (!json_is_object(s) || json_object_size(s) != 3 || !name || !unit ||
            !json_is_integer(price))
            return "每项服务应为 {name, unit, price_fen}";
        size_t n = strlen(name);
        if (n < 1 || n > 120) return "服务名称应为 1–40 字";
        if (!kz_enum_has(&kz_enum_service_units, unit)) return "计费单位应为 hour、sample 或 batch";
        if (json_integer_value(price) < 0 || json_integer_value(price) > MAX_FEN)
            return "服务价格（分）超出范围";
        for (size_t j = 0; j < i; j++)
            if (!strcmp(name, kz_json_str(json_array_get(v, j), "name"))) return "服务名称不能重复";
    }
    return NULL;
}

static const kz_field res_fields[] = {
    {.name = "title",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 2,
     .max_len = 100,
     .label = "资源名称"},
    {.name = "kind",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 30,
     .vocab = &kz_enum_resource_kinds,
     .label = "资源类型"},
    {.name = "summary",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 10,
     .max_len = 2000,
     .doc = "主要功能、技术指标与服务内容",
     .label = "功能与指标"},
    KZ_FIELD_REGION,
    KZ_FIELD_INDUSTRY,
    {.name = "location",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 2,
     .max_len = 200,
     .doc = "所在地点（楼宇、房间）",
     .label = "所在地点"},
    {.name = "services",
     .type = KZ_F_ARRAY,
     .required = true,
     .max_items = MAX_SERVICES,
     .check = check_services,
     .doc = "服务与价格：[{name, unit, price_fen}]，unit 为 "
            "hour（机时）、sample（样品）、batch（批次），"
            "price_fen 为每单位价格（分）",
     .label = "服务与价格"},
    {.name = "open_days",
     .type = KZ_F_STRING_LIST,
     .required = true,
     .max_len = 3,
     .max_items = 7,
     .vocab = &kz_enum_weekdays,
     .doc = "开放日：mon … sun",
     .label = "开放日"},
    {.name = "open_from",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 5,
     .check = check_hhmm,
     .doc = "每日开放起始时间 HH:MM（北京时间）",
     .label = "开放时间起"},
    {.name = "open_to",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 5,
     .check = check_hhmm,
     .doc = "每日开放截止时间 HH:MM（北京时间），晚于起始时间",
     .label = "开放时间止"},
    {.name = "contact",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 100,
     .doc = "预约联系人与电话",
     .label = "联系人"},
    KZ_FIELD_ORG_ID("所属单位", "所属单位（平台管理员、科技局代为登记时指定）"),
    {0},
};
static const char *const res_data_fields[] = {"title",     "kind",     "summary",  "region",
                                              "industry",  "location", "services", "open_days",
                                              "open_from", "open_to",  "contact",  NULL};
static const char *const res_list_fields[] = {"services", "open_days", NULL};
static const char *const res_columns[] = {"title", "kind", "region", "status", NULL};

static const kz_field res_transition_fields[] = {
    {.name = "action", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 20},
    {.name = "comment", .type = KZ_F_STRING, .nullable = true, .max_len = 1000},
    {0},
};

static bool res_check(const json_t *d, kz_error *e)
{
    int from, to;
    if (hhmm(kz_json_str(d, "open_from"), &from) && hhmm(kz_json_str(d, "open_to"), &to) &&
        from >= to) {
        kz_field_error(e, "open_to", "开放截止时间应晚于起始时间");
        return false;
    }
    return true;
}

const kz_kind_desc kz_kind_resource = {
    .name = "resource",
    .label = "共享资源",
    .path = "resources",
    .shared = true,
    .slots = {.title = "title", .region = "region", .industry = "industry", .category = "kind"},
    .list = {.columns = res_columns},
    .publish_state = "open",
    .fields = res_fields,
    .data_fields = res_data_fields,
    .list_fields = res_list_fields,
    .statuses = &kz_enum_resource_statuses,
    .workflow = res_workflow,
    .transition_fields = res_transition_fields,
    .editable = res_editable,
    .frozen = res_frozen,
    .public_states = res_public,
    .owner_roles = OWNERS,
    .owner_msgs = {"只能登记本单位的共享资源", "必填：所属单位", "只能为本辖区的单位登记共享资源"},
    .msg_not_owner = "只有所属单位可以修改",
    .msg_org_fixed = "所属单位不能修改",
    .msg_frozen = "已停止共享的资源不能修改",
    .msg_conflict = "共享资源当前状态不允许该操作",
    .notify_kind = "resource_status",
    .check = res_check,
};

/* ================================ the bookings ================================ */

static const kz_transition bk_workflow[] = {
    {"request", {"draft"}, "requested", 0, KZ_WHO_OWNER, false, "已提交预约"},
    {"cancel",
     {"draft", "requested", "approved"},
     "cancelled",
     0,
     KZ_WHO_OWNER,
     false,
     "已取消预约"},
    {"approve", {"requested"}, "approved", ADMIN, KZ_WHO_PARTY, false, "已确认预约"},
    {"decline", {"requested"}, "declined", ADMIN, KZ_WHO_PARTY, false, "已婉拒预约"},
    {"start", {"approved"}, "in_use", ADMIN, KZ_WHO_PARTY, false, "已开始使用"},
    {"complete", {"in_use"}, "completed", ADMIN, KZ_WHO_PARTY, false, "已完成，已记录用量"},
    {"charge", {"completed"}, "charged", ADMIN, KZ_WHO_PARTY, false, "已结算"},
    {0},
};
static const char *const bk_editable[] = {"draft", NULL};
static const char *const bk_frozen[] = {"declined", "completed", "charged", "cancelled", NULL};
static const char *const bk_public[] = {NULL};
static const char *const bk_open[] = {"open", NULL};
/* the states that hold a slot of the resource */
static const char *const holding[] = {"approved", "in_use", NULL};
static const char *const bk_read_only[] = {
    "title",      "region",      "industry",   "provider_org_id", "unit",
    "price_fen",  "metered_qty", "charge_fen", "voucher_fen",     "paid_fen",
    "charged_on", "reason",      NULL};

static const kz_field bk_fields[] = {
    {.name = "resource_id",
     .type = KZ_F_INT,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "预约的共享资源 id（由路径 /resources/{id}/bookings 指定）",
     .label = "共享资源"},
    {.name = "service",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 1,
     .max_len = 120,
     .doc = "预约的服务：资源的一项服务的名称",
     .label = "服务"},
    {.name = "start_at",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 16,
     .check = check_local_time,
     .format = "local-date-time",
     .doc = "开始时间 YYYY-MM-DDTHH:MM（北京时间）；按机时计费的服务须在一个开放日的开放时间内",
     .label = "开始时间"},
    {.name = "end_at",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 16,
     .check = check_local_time,
     .format = "local-date-time",
     .doc = "结束时间 YYYY-MM-DDTHH:MM（北京时间），晚于开始时间，至多 31 天",
     .label = "结束时间"},
    {.name = "purpose",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 5,
     .max_len = 1000,
     .doc = "用途：样品、测试项目或工艺内容",
     .label = "用途"},
    {.name = "planned_qty",
     .type = KZ_F_INT,
     .required = true,
     .min = 1,
     .max = MAX_QTY,
     .doc = "预计用量（按服务的计费单位：机时、样品数或批次）",
     .label = "预计用量"},
    {.name = "voucher_id",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "用于支付的创新券 "
            "id（发放给本单位、在使用日有效、有余额）；结算时抵扣其余额，至多结算金额",
     .label = "创新券"},
    {.name = "title",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 100,
     .doc = "只读。资源名称（创建时取自资源）",
     .label = "资源名称"},
    {.name = "region",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 6,
     .check = kz_check_region,
     .doc = "只读。资源所在地区",
     .label = "所在地区"},
    {.name = "industry",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 4,
     .check = kz_check_industry,
     .doc = "只读。资源所属行业",
     .label = "所属行业"},
    {.name = "provider_org_id",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "只读。资源所属单位",
     .label = "服务单位"},
    {.name = "unit",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .vocab = &kz_enum_service_units,
     .doc = "只读。计费单位（取自服务）",
     .label = "计费单位"},
    {.name = "price_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = MAX_FEN,
     .doc = "只读。预约时的单价（分，取自服务）",
     .label = "单价"},
    {.name = "metered_qty",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = MAX_QTY,
     .doc = "只读。完成时记录的实际用量",
     .label = "实际用量"},
    {.name = "charge_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = MAX_FEN * MAX_QTY,
     .doc = "只读。结算金额（分）= 实际用量 × 单价",
     .label = "结算金额"},
    {.name = "voucher_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = MAX_FEN * MAX_QTY,
     .doc = "只读。创新券抵扣的金额（分）：结算时券的余额与结算金额中较小者",
     .label = "创新券抵扣"},
    {.name = "paid_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = MAX_FEN * MAX_QTY,
     .doc = "只读。预约单位自付的金额（分）= 结算金额 − 创新券抵扣",
     .label = "自付金额"},
    {.name = "charged_on",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .format = "date",
     .doc = "只读。结算日期",
     .label = "结算日期"},
    {.name = "reason",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 1000,
     .doc = "只读。婉拒的理由",
     .label = "理由"},
    KZ_FIELD_ORG_ID("预约单位", "预约单位（平台管理员、科技局代为预约时指定）"),
    {0},
};
static const char *const bk_data_fields[] = {
    "resource_id",     "service",    "start_at",   "end_at",      "purpose",
    "planned_qty",     "voucher_id", "title",      "region",      "industry",
    "provider_org_id", "unit",       "price_fen",  "metered_qty", "charge_fen",
    "voucher_fen",     "paid_fen",   "charged_on", "reason",      NULL};
static const char *const bk_columns[] = {"title", "service", "start_at", "end_at", "status", NULL};

static const kz_field bk_transition_fields[] = {
    {.name = "action", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 20},
    /* (required by decline) */
    {.name = "comment", .type = KZ_F_STRING, .nullable = true, .max_len = 1000},
    {.name = "metered_qty",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = MAX_QTY,
     .doc = "完成（complete）时必填：实际用量（按服务的计费单位）",
     .label = "实际用量"},
    {0},
};

/* The service named in the booking among the resource's; NULL when none. */
static const json_t *service_of(const json_t *res, const char *name)
{
    const json_t *ss = json_object_get(res, "services");
    for (size_t i = 0; name && i < json_array_size(ss); i++)
        if (!strcmp(name, kz_json_str(json_array_get(ss, i), "name") ?: ""))
            return json_array_get(ss, i);
    return NULL;
}

/* The booking's time against the resource's calendar: end after start, at most 31 days; an
 * hourly service inside one opening day's hours, the others starting on an opening day. */
static bool fits_calendar(const json_t *res, const json_t *data, const char *unit, kz_error *e)
{
    static const char *const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    const char *start = kz_json_str(data, "start_at"), *end = kz_json_str(data, "end_at");
    long long s, t;
    int wday, from, to;
    if (!local_time(start, &s, &wday) || !local_time(end, &t, NULL)) return true; /* (checked) */
    if (t <= s) {
        kz_field_error(e, "end_at", "结束时间应晚于开始时间");
        return false;
    }
    if (t - s > MAX_DAYS * 24 * 60) {
        kz_field_error(e, "end_at", "一次预约至多 31 天");
        return false;
    }
    bool open_day = false;
    const json_t *od = json_object_get(res, "open_days");
    for (size_t i = 0; i < json_array_size(od); i++)
        open_day |= !strcmp(json_string_value(json_array_get(od, i)), days[wday]);
    if (!open_day) {
        kz_field_error(e, "start_at", "开始日期不是该资源的开放日");
        return false;
    }
    if (!unit || strcmp(unit, "hour") != 0) return true;
    int sm = (int)(s % (24 * 60)), tm_ = sm + (int)(t - s);
    if (hhmm(kz_json_str(res, "open_from"), &from) && hhmm(kz_json_str(res, "open_to"), &to) &&
        (sm < from || tm_ > to)) {
        kz_field_error(e, "start_at", "按机时预约须在一个开放日的开放时间内");
        return false;
    }
    return true;
}

/* A new booking: another org's, of a service of the resource, inside its calendar and ahead
 * (an import takes what it is given); the resource's title, region, industry, the unit and the
 * price are copied. */
static kz_err bk_check_parent(db_conn *c, const kz_actor *a, const kz_rec_row *parent,
                              int64_t org_id, json_t *data, bool import, kz_error *e)
{
    (void)c, (void)a;
    if (!import && org_id == parent->org_id)
        return kz_fail(e, KZ_E_CONFLICT, "不能预约本单位的共享资源（请在本单位内部安排）");
    const json_t *svc = service_of(parent->rec, kz_json_str(data, "service"));
    if (!svc) {
        kz_field_error(e, "service", "该资源没有这项服务");
        return KZ_E_VALIDATION;
    }
    const char *unit = kz_json_str(svc, "unit");
    if (!fits_calendar(parent->rec, data, unit, e)) return KZ_E_VALIDATION;
    char now[17];
    now_local(now);
    if (!import && strcmp(kz_json_str(data, "start_at"), now) <= 0) {
        kz_field_error(e, "start_at", "开始时间应晚于现在");
        return KZ_E_VALIDATION;
    }
    static const char *const copied[][2] = {
        {"title", "title"}, {"region", "region"}, {"industry", "industry"}};
    for (size_t i = 0; i < sizeof copied / sizeof copied[0]; i++)
        if (!import || json_is_null(json_object_get(data, copied[i][0])))
            json_object_set(data, copied[i][0], json_object_get(parent->rec, copied[i][1]));
    json_object_set_new(data, "unit", json_string(unit));
    json_object_set(data, "price_fen", json_object_get(svc, "price_fen"));
    return KZ_OK;
}

static const kz_parent bk_parent = {
    .kind = &kz_kind_resource,
    .field = "resource_id",
    .segment = "bookings",
    .open_states = bk_open,
    .msg_closed = "该资源未开放共享，不能预约",
    .party_field = "provider_org_id",
    .check_parent = bk_check_parent,
};

static bool given(const json_t *in, const char *f)
{
    json_t *v = json_object_get(in, f);
    return v && !json_is_null(v);
}

/* decline's reason, complete's metered quantity (and only there). */
static bool bk_on_transition(const kz_transition *t, const json_t *in, json_t *data, bool *edited,
                             kz_error *e)
{
    bool complete = !strcmp(t->action, "complete");
    if (given(in, "metered_qty") != complete) {
        kz_field_error(e, "metered_qty", complete ? "必填：实际用量" : "只有完成时填写实际用量");
        return false;
    }
    if (complete) {
        json_object_set(data, "metered_qty", json_object_get(in, "metered_qty"));
        *edited = true;
    }
    return true;
}

/* charge: the charge (metered quantity × price), what the voucher named pays of it — its balance
 * now, at most the charge; nothing when it can no longer be used (expired, revoked) — and the
 * rest the requester pays. The write lock keeps two charges on one voucher from both spending its
 * balance. */
static db_status charge(db_conn *c, const kz_rec_row *r, json_t *data, bool *edited,
                        kz_err *refused, kz_error *e)
{
    json_int_t q = json_integer_value(json_object_get(data, "metered_qty"));
    json_int_t p = json_integer_value(json_object_get(data, "price_fen"));
    json_int_t total = q * p, paid_by_voucher = 0;
    json_t *vid = json_object_get(data, "voucher_id");
    char today[11];
    kz_today(today);
    if (json_is_integer(vid) && total > 0) {
        int64_t left = 0;
        kz_error ve = {0};
        kz_err rc = kz_voucher_usable(c, json_integer_value(vid), r->org_id, today, "voucher_id",
                                      &left, &ve);
        kz_error_clear(&ve);
        if (rc == KZ_OK)
            paid_by_voucher = left < total ? left : total;
        else if (rc != KZ_E_VALIDATION) {
            *refused = kz_fail(e, rc, NULL);
            return DB_HARD;
        }
    }
    json_object_set_new(data, "charge_fen", json_integer(total));
    json_object_set_new(data, "voucher_fen", json_integer(paid_by_voucher));
    json_object_set_new(data, "paid_fen", json_integer(total - paid_by_voucher));
    json_object_set_new(data, "charged_on", json_string(today));
    *edited = true;
    return DB_OK;
}

/* request: the booking as edited since still fits the resource (its service, calendar, ahead;
 * the unit and price as they are now); request and approve: no approved or running booking of
 * the resource overlaps it. */
static db_status bk_on_transition_db(db_conn *c, const kz_actor *a, const kz_transition *t,
                                     const kz_rec_row *r, json_t *data, bool *edited,
                                     kz_err *refused, kz_error *e)
{
    (void)a;
    bool request = !strcmp(t->action, "request");
    if (!strcmp(t->action, "charge")) return charge(c, r, data, edited, refused, e);
    if (!request && strcmp(t->action, "approve") != 0) return DB_OK;
    if (request) {
        kz_err rc;
        json_t *res = kz_kind_read(
            &kz_kind_resource, c, json_integer_value(json_object_get(data, "resource_id")), &rc, e);
        kz_rec_row pr = {.rec = res, .org_id = json_integer_value(json_object_get(res, "org_id"))};
        if (rc == KZ_OK) {
            const char *st_ = kz_json_str(res, "status");
            rc = st_ && !strcmp(st_, "open")
                     ? bk_check_parent(c, a, &pr, r->org_id, data, false, e)
                     : kz_fail(e, KZ_E_CONFLICT, "该资源未开放共享，不能预约");
        }
        json_decref(res);
        /* the voucher named: the requester's, valid on the booking's day, with a balance */
        json_t *vid = json_object_get(data, "voucher_id");
        int64_t left;
        char day[11];
        snprintf(day, sizeof day, "%.10s", kz_json_str(data, "start_at"));
        if (rc == KZ_OK && json_is_integer(vid))
            rc = kz_voucher_usable(c, json_integer_value(vid), r->org_id, day, "voucher_id", &left,
                                   e);
        if (rc != KZ_OK) {
            *refused = rc;
            return DB_HARD;
        }
        *edited = true;
    }
    int64_t other = 0;
    db_status st = DB_EXEC(c, Q_BS_OVERLAP, db_cb_int, &other,
                           db_int(json_integer_value(json_object_get(data, "resource_id"))),
                           db_text(kz_json_str(data, "start_at")),
                           db_text(kz_json_str(data, "end_at")), db_int(r->id));
    if (st == DB_NOROW) return DB_OK;
    if (st != DB_OK) return st;
    *refused = kz_fail(e, KZ_E_CONFLICT, "该时段已有确认的预约，请另选时间");
    return DB_HARD;
}

/* The slot an approved or running booking holds and what a charged one's voucher paid
 * (migration 011), in the write's transaction. */
static db_status bk_counted(db_conn *c, const kz_rec_row *r, int64_t delta)
{
    int64_t vid = json_integer_value(json_object_get(r->rec, "voucher_id"));
    int64_t vfen = json_integer_value(json_object_get(r->rec, "voucher_fen"));
    if (!strcmp(r->status, "charged") && vid > 0 && vfen > 0) {
        db_status vs =
            DB_EXEC(c, Q_VL_ADD, NULL, NULL, db_int(vid), db_int(delta), db_int(delta * vfen));
        if (vs != DB_OK && vs != DB_NOROW) return vs;
    }
    bool holds = false;
    for (int i = 0; holding[i]; i++)
        holds |= !strcmp(r->status, holding[i]);
    int64_t res = json_integer_value(json_object_get(r->rec, "resource_id"));
    const char *start = kz_json_str(r->rec, "start_at"), *end = kz_json_str(r->rec, "end_at");
    if (!holds || res <= 0 || !start || !end) return DB_OK;
    db_status st = delta > 0 ? DB_EXEC(c, Q_BS_ADD, NULL, NULL, db_int(r->id), db_int(res),
                                       db_text(start), db_text(end))
                             : DB_EXEC(c, Q_BS_DEL, NULL, NULL, db_int(r->id));
    return st == DB_NOROW ? DB_OK : st;
}

const kz_kind_desc kz_kind_booking = {
    .name = "booking",
    .label = "仪器预约",
    .path = "bookings",
    .shared = true,
    .parent = &bk_parent,
    .slots = {.title = "title",
              .region = "region",
              .industry = "industry",
              .money_lo = "charge_fen",
              .money_hi = "charge_fen",
              .parties = {"provider_org_id"}},
    .list = {.money_param = "charge",
             .money_label = "结算金额（分）",
             .money_hi_sort = "-charge",
             .money_lo_sort = "charge",
             .columns = bk_columns},
    .publish_state = "approved",
    .fields = bk_fields,
    .data_fields = bk_data_fields,
    .statuses = &kz_enum_booking_statuses,
    .workflow = bk_workflow,
    .transition_fields = bk_transition_fields,
    .comments = (const kz_comment_rule[]){{"decline", "reason", "必填：婉拒的理由"}, {0}},
    .editable = bk_editable,
    .frozen = bk_frozen,
    .public_states = bk_public,
    .read_only = bk_read_only,
    .owner_roles = OWNERS,
    .party_roles = OWNERS,
    .owner_msgs = {"只能以本单位名义预约", "必填：预约单位", "只能为本辖区的单位预约"},
    .msg_not_owner = "只有预约单位可以修改",
    .msg_org_fixed = "预约单位不能修改",
    .msg_frozen = "已结束的预约不能修改",
    .msg_conflict = "预约当前状态不允许该操作",
    .notify_kind = "booking_status",
    .on_transition = bk_on_transition,
    .on_transition_db = bk_on_transition_db,
    .counted = bk_counted,
};
