/* kinds/broker.c — the registry of technology brokers (技术经纪人: 初级/中级/高级, with their
 * certificate) and enterprise 科技特派员 (in a 特派团 with a lead), with each one's trainings and
 * the enterprises assigned to them: three record kinds of the shared table (engine.h), the
 * trainings (/brokers/{id}/trainings) and assignments (/brokers/{id}/assignments) children of
 * their registry entry. What a broker's deals amount to — the figures and the ranking — and the
 * demands of the enterprises assigned to them are domain/broker.c's.
 *
 * A registry entry: the broker's org (its org admin, or the broker themself; an officer of its
 * region or an admin for it) enters the person — the user account, kind, level, certificate,
 * fields, region, 特派团 — and submits it; an officer of the region (or an admin) registers it
 * (在册: public, the broker's card on the portal) or returns it with a reason; suspends it (the
 * reason kept) and reinstates it. One entry per user account (submitted, registered or
 * suspended), held by the counts the entries keep of their users (domain/counts.h, entity
 * "broker": "rec:<id>").
 *
 * A training: entered for a registry entry by its org (course, provider, hours, date,
 * certificate) and verified or rejected (with the reason) by an officer of the region; verified
 * hours count for the broker ("train:hours", "train:n").
 *
 * An assignment: an enterprise assigned to a registered broker or 特派员 (from, until), by the
 * broker's org or an officer of the region; the enterprise is a party (it reads its assignment
 * and may end it); one assignment per enterprise and broker at a time, at most
 * BROKER_ASSIGNED_MAX at once. The broker reads the demands of the enterprises assigned
 * (GET /brokers/{id}/demands).
 *
 * Ownership: descriptors are static. */
#include "../core/jsonx.h"
#include "../core/validate.h"
#include "../domain/broker.h"
#include "../domain/counts.h"
#include "../domain/engine.h"
#include "../domain/record.h"
#include "../domain/user.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define STEWARDS   (KZ_ROLE_BIT(KZ_ROLE_OFFICER) | KZ_ROLE_BIT(KZ_ROLE_ADMIN))
#define REGISTRARS (KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN) | KZ_ROLE_BIT(KZ_ROLE_BROKER))

static void set_str(json_t *data, const char *f, const char *v)
{
    json_object_set_new(data, f, v ? json_string(v) : json_null());
}

/* =============================== the registry entry =============================== */

static const kz_transition br_workflow[] = {
    {"submit", {"draft"}, "submitted", 0, KZ_WHO_OWNER, false, "经纪人登记已提交审核"},
    {"return", {"submitted"}, "draft", STEWARDS, 0, false, "经纪人登记已退回修改"},
    {"register", {"submitted"}, "active", STEWARDS, 0, false, "经纪人已登记在册"},
    {"suspend", {"active"}, "suspended", STEWARDS, 0, false, "经纪人已暂停服务"},
    {"reinstate", {"suspended"}, "active", STEWARDS, 0, false, "经纪人已恢复在册"},
    {0},
};
static const char *const br_editable[] = {"draft", NULL};
static const char *const br_frozen[] = {NULL};
static const char *const br_public[] = {"active", NULL};
static const char *const br_read_only[] = {"reason", NULL};

static const kz_field br_fields[] = {
    {.name = "user_id",
     .type = KZ_F_INT,
     .required = true,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "经纪人本人的平台账号（用户 id，须为登记机构的成员）：其牵线的对接计入本人业绩",
     .label = "平台账号"},
    {.name = "name",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 2,
     .max_len = 100,
     .doc = "姓名",
     .label = "姓名"},
    {.name = "kind",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 20,
     .vocab = &kz_enum_broker_kinds,
     .doc = "broker 技术经纪人、commissioner 科技特派员",
     .label = "类别"},
    {.name = "level",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 20,
     .vocab = &kz_enum_broker_levels,
     .doc = "技术经纪人等级（技术经纪人必填）：junior 初级、intermediate 中级、senior 高级",
     .label = "等级"},
    {.name = "certificate_no",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 50,
     .doc = "技术经纪人证书编号",
     .label = "证书编号"},
    {.name = "certificate_issuer",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 100,
     .doc = "发证机构",
     .label = "发证机构"},
    {.name = "certified_on",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .check = kz_check_past_date,
     .format = "date",
     .doc = "发证日期 YYYY-MM-DD，不晚于今天",
     .label = "发证日期"},
    {.name = "industries",
     .type = KZ_F_STRING_LIST,
     .min_len = 1,
     .max_len = 4,
     .max_items = 10,
     .check = kz_check_industries,
     .doc = "服务领域：国民经济行业分类代码（至多 10 个）",
     .label = "服务领域"},
    KZ_FIELD_REGION,
    {.name = "team",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 100,
     .doc = "所属科技特派团（选填）",
     .label = "特派团"},
    {.name = "team_lead",
     .type = KZ_F_BOOL,
     .nullable = true,
     .doc = "是否为特派团团长",
     .label = "团长"},
    {.name = "services",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 2000,
     .doc = "服务专长与业绩简介",
     .label = "服务专长"},
    {.name = "contact", .type = KZ_F_STRING, .nullable = true, .max_len = 100, .label = "联系方式"},
    {.name = "reason",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 1000,
     .doc = "只读。退回或暂停的理由",
     .label = "理由"},
    KZ_FIELD_ORG_ID("所在机构", "经纪人所在机构（科技局、平台管理员代为登记时指定）"),
    {0},
};
static const char *const br_data_fields[] = {
    "user_id",      "name",       "kind",   "level", "certificate_no", "certificate_issuer",
    "certified_on", "industries", "region", "team",  "team_lead",      "services",
    "contact",      "reason",     NULL};
static const char *const br_list_fields[] = {"industries", NULL};
static const char *const br_columns[] = {"name", "kind", "level", "team", "status", NULL};

static const kz_field br_transition_fields[] = {
    {.name = "action", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 20},
    /* (required by return and suspend) */
    {.name = "comment", .type = KZ_F_STRING, .nullable = true, .max_len = 1000},
    {0},
};

static bool br_check(const json_t *data, kz_error *e)
{
    const char *kind = kz_json_str(data, "kind");
    if (kind && !strcmp(kind, "broker") && !kz_json_str(data, "level")) {
        kz_field_error(e, "level", "技术经纪人必填：等级");
        return false;
    }
    json_t *lead = json_object_get(data, "team_lead");
    if (json_is_true(lead) && !kz_json_str(data, "team")) {
        kz_field_error(e, "team", "团长必填：所属特派团");
        return false;
    }
    return true;
}

/* submit: the account is a member of the entry's org, not disabled, and has no other entry
 * (submitted, registered or suspended: the counts of entity "broker" name them). */
static db_status br_on_transition_db(db_conn *c, const kz_actor *a, const kz_transition *t,
                                     const kz_rec_row *r, json_t *data, bool *edited,
                                     kz_err *refused, kz_error *e)
{
    (void)a, (void)edited;
    if (strcmp(t->action, "submit") != 0) return DB_OK;
    int64_t uid = json_integer_value(json_object_get(data, "user_id"));
    json_t *u = NULL;
    db_status st = kz_user_load(c, uid, &u);
    if (st != DB_OK && st != DB_NOROW) return st;
    bool member = u && json_integer_value(json_object_get(u, "org_id")) == r->org_id &&
                  !json_is_true(json_object_get(u, "disabled"));
    json_decref(u);
    if (!member)
        return kz_refuse(refused, e, KZ_E_VALIDATION, "user_id", "该账号不是本机构的在用账号");
    int64_t other = 0;
    st = kz_broker_entry_of(c, uid, &other);
    if (st != DB_OK) return st;
    if (other && other != r->id)
        return kz_refuse(refused, e, KZ_E_CONFLICT, NULL, "该账号已有经纪人登记");
    return DB_OK;
}

/* The account's entry while it is submitted, registered or suspended (rec:<id>), and while it is
 * registered (on:<id>: the ranking's). */
static db_status br_counted(db_conn *c, const kz_rec_row *r, int64_t delta)
{
    int64_t uid = json_integer_value(json_object_get(r->rec, "user_id"));
    if (uid <= 0 || !strcmp(r->status, "draft")) return DB_OK;
    char key[40];
    snprintf(key, sizeof key, "rec:%" PRId64, r->id);
    db_status st = kz_record_count(c, KZ_BROKER_ENTITY, uid, key, delta);
    if (st != DB_OK || strcmp(r->status, "active") != 0) return st;
    snprintf(key, sizeof key, "on:%" PRId64, r->id);
    return kz_record_count(c, KZ_BROKER_ENTITY, uid, key, delta);
}

const kz_kind_desc kz_kind_broker = {
    .name = "broker",
    .label = "技术经纪人",
    .path = "brokers",
    .shared = true,
    .slots = {.title = "name", .region = "region", .category = "kind"},
    .list = {.columns = br_columns},
    .publish_state = "active",
    .fields = br_fields,
    .data_fields = br_data_fields,
    .list_fields = br_list_fields,
    .statuses = &kz_enum_broker_statuses,
    .workflow = br_workflow,
    .transition_fields = br_transition_fields,
    .comments = (const kz_comment_rule[]){{"return", "reason", "必填：退回的理由"},
                                          {"suspend", "reason", "必填：暂停的理由"},
                                          {0}},
    .editable = br_editable,
    .frozen = br_frozen,
    .public_states = br_public,
    .read_only = br_read_only,
    .owner_roles = REGISTRARS,
    .owner_msgs = {"只能登记本机构的经纪人", "必填：所在机构", "只能为本辖区的机构登记"},
    .msg_not_owner = "只有经纪人所在机构可以修改",
    .msg_org_fixed = "所在机构不能修改",
    .msg_frozen = "该登记不能修改",
    .msg_conflict = "经纪人登记当前状态不允许该操作",
    .notify_kind = "broker_status",
    .check = br_check,
    .on_transition_db = br_on_transition_db,
    .counted = br_counted,
};

/* The fields a child of a registry entry takes from it (of_entry below). */
#define OF_ENTRY_FIELDS                                                                            \
    {.name = "broker_name",                                                                        \
     .type = KZ_F_STRING,                                                                          \
     .nullable = true,                                                                             \
     .max_len = 100,                                                                               \
     .doc = "只读。经纪人姓名",                                                                    \
     .label = "经纪人"},                                                                           \
        {.name = "broker_user_id",                                                                 \
         .type = KZ_F_INT,                                                                         \
         .nullable = true,                                                                         \
         .min = 1,                                                                                 \
         .max = KZ_ID_MAX,                                                                         \
         .doc = "只读。经纪人的平台账号",                                                          \
         .label = "平台账号"},                                                                     \
    {                                                                                              \
        .name = "region", .type = KZ_F_STRING, .nullable = true, .max_len = 6,                     \
        .check = kz_check_region, .doc = "只读。经纪人所在地区", .label = "所在地区"           \
    }

/* =================================== trainings =================================== */

static const kz_transition tr_workflow[] = {
    {"verify", {"submitted"}, "verified", STEWARDS, 0, false, "培训记录已核验"},
    {"reject", {"submitted"}, "rejected", STEWARDS, 0, false, "培训记录未通过核验"},
    {0},
};
static const char *const tr_editable[] = {"submitted", NULL};
static const char *const tr_frozen[] = {"verified", "rejected", NULL};
static const char *const tr_public[] = {NULL};
static const char *const tr_open[] = {"draft", "submitted", "active", "suspended", NULL};
static const char *const tr_read_only[] = {"broker_name", "broker_user_id", "region", "reason",
                                           NULL};

static const kz_field tr_fields[] = {
    {.name = "broker_id",
     .type = KZ_F_INT,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "经纪人登记 id（由路径 /brokers/{id}/trainings 指定）",
     .label = "经纪人"},
    {.name = "course",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 2,
     .max_len = 100,
     .doc = "培训课程，如“技术经纪人（初级）培训”",
     .label = "培训课程"},
    {.name = "provider",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 2,
     .max_len = 100,
     .doc = "培训机构",
     .label = "培训机构"},
    {.name = "hours",
     .type = KZ_F_INT,
     .required = true,
     .min = 1,
     .max = 1000,
     .doc = "学时（1–1000）",
     .label = "学时"},
    {.name = "held_on",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 10,
     .check = kz_check_past_date,
     .format = "date",
     .doc = "结业日期 YYYY-MM-DD，不晚于今天",
     .label = "结业日期"},
    {.name = "certificate_no",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 50,
     .doc = "结业证书编号",
     .label = "证书编号"},
    OF_ENTRY_FIELDS,
    {.name = "reason",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 1000,
     .doc = "只读。未通过核验的理由",
     .label = "理由"},
    KZ_FIELD_ORG_ID("所在机构", "经纪人所在机构（由经纪人登记确定）"),
    {0},
};
static const char *const tr_data_fields[] = {
    "broker_id",   "course",         "provider", "hours",  "held_on", "certificate_no",
    "broker_name", "broker_user_id", "region",   "reason", NULL};
static const char *const tr_columns[] = {"course", "provider", "hours", "held_on", "status", NULL};

static const kz_field comment_transition_fields[] = {
    {.name = "action", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 20},
    {.name = "comment", .type = KZ_F_STRING, .nullable = true, .max_len = 1000},
    {0},
};

/* A child of a registry entry belongs to the entry's org; it takes the broker's name, account
 * and region. */
static kz_err of_entry(const kz_rec_row *entry, int64_t org_id, json_t *data, bool import,
                       kz_error *e)
{
    if (!import && org_id != entry->org_id)
        return kz_fail(e, KZ_E_FORBIDDEN, "只能为本机构的经纪人登记");
    json_object_set(data, "broker_name", json_object_get(entry->rec, "name"));
    json_object_set(data, "broker_user_id", json_object_get(entry->rec, "user_id"));
    json_object_set(data, "region", json_object_get(entry->rec, "region"));
    return KZ_OK;
}

static kz_err tr_check_parent(db_conn *c, const kz_actor *a, const kz_rec_row *entry,
                              int64_t org_id, json_t *data, bool import, kz_error *e)
{
    (void)c, (void)a;
    return of_entry(entry, org_id, data, import, e);
}

static const kz_parent tr_parent = {
    .kind = &kz_kind_broker,
    .field = "broker_id",
    .segment = "trainings",
    .open_states = tr_open,
    .msg_closed = "经纪人登记不存在",
    .check_parent = tr_check_parent,
};

/* Verified trainings count for the broker's account: how many and their hours. */
static db_status tr_counted(db_conn *c, const kz_rec_row *r, int64_t delta)
{
    int64_t uid = json_integer_value(json_object_get(r->rec, "broker_user_id"));
    if (uid <= 0 || strcmp(r->status, "verified") != 0) return DB_OK;
    db_status st = kz_record_count(c, KZ_BROKER_ENTITY, uid, "train:n", delta);
    return st == DB_OK
               ? kz_record_count(c, KZ_BROKER_ENTITY, uid, "train:hours",
                                 delta * json_integer_value(json_object_get(r->rec, "hours")))
               : st;
}

const kz_kind_desc kz_kind_broker_training = {
    .name = "broker_training",
    .label = "经纪人培训",
    .path = "broker-trainings",
    .shared = true,
    .parent = &tr_parent,
    .slots = {.title = "course", .region = "region"},
    .list = {.columns = tr_columns},
    .create_state = "submitted",
    .publish_state = "verified",
    .fields = tr_fields,
    .data_fields = tr_data_fields,
    .statuses = &kz_enum_broker_training_statuses,
    .workflow = tr_workflow,
    .transition_fields = comment_transition_fields,
    .comments = (const kz_comment_rule[]){{"reject", "reason", "必填：未通过核验的理由"}, {0}},
    .editable = tr_editable,
    .frozen = tr_frozen,
    .public_states = tr_public,
    .read_only = tr_read_only,
    .owner_roles = REGISTRARS,
    .owner_msgs = {"只能为本机构的经纪人登记培训", "必填：所在机构", "只能为本辖区的机构登记"},
    .msg_not_owner = "只有经纪人所在机构可以修改",
    .msg_org_fixed = "所在机构不能修改",
    .msg_frozen = "已核验的培训记录不能修改",
    .msg_conflict = "培训记录当前状态不允许该操作",
    .notify_kind = "broker_training_status",
    .counted = tr_counted,
};

/* ================================== assignments ================================== */

static const kz_transition as_workflow[] = {
    {"end", {"active"}, "ended", STEWARDS, KZ_WHO_OWNER | KZ_WHO_PARTY, false, "服务关系已结束"},
    {0},
};
static const char *const as_editable[] = {NULL};
static const char *const as_frozen[] = {"ended", NULL};
static const char *const as_public[] = {NULL};
static const char *const as_open[] = {"active", NULL};
static const char *const as_read_only[] = {"broker_name", "broker_user_id", "enterprise_name",
                                           "region",      "ended_on",       NULL};

static const kz_field as_fields[] = {
    {.name = "broker_id",
     .type = KZ_F_INT,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "经纪人登记 id（由路径 /brokers/{id}/assignments 指定）",
     .label = "经纪人"},
    {.name = "enterprise_org_id",
     .type = KZ_F_INT,
     .required = true,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "服务的企业（机构 id，须为企业），创建后不能修改",
     .label = "服务企业"},
    {.name = "since",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 10,
     .check = kz_check_date,
     .format = "date",
     .doc = "服务开始日期 YYYY-MM-DD",
     .label = "开始日期"},
    {.name = "until",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .check = kz_check_date,
     .format = "date",
     .doc = "服务约定的结束日期（选填，不早于开始日期）",
     .label = "约定结束"},
    {.name = "note",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 1000,
     .doc = "服务内容与企业的技术需求方向",
     .label = "服务内容"},
    {.name = "enterprise_name",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 200,
     .doc = "只读。企业名称",
     .label = "企业名称"},
    OF_ENTRY_FIELDS,
    {.name = "ended_on",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .check = kz_check_date,
     .format = "date",
     .doc = "只读。服务关系结束的日期",
     .label = "结束日期"},
    KZ_FIELD_ORG_ID("所在机构", "经纪人所在机构（由经纪人登记确定）"),
    {0},
};
static const char *const as_data_fields[] = {
    "broker_id",      "enterprise_org_id", "since",  "until",    "note", "broker_name",
    "broker_user_id", "enterprise_name",   "region", "ended_on", NULL};
static const char *const as_columns[] = {"enterprise_name", "broker_name", "since",
                                         "until",           "status",      NULL};

static bool as_check(const json_t *data, kz_error *e)
{
    const char *since = kz_json_str(data, "since"), *until = kz_json_str(data, "until");
    if (since && until && strcmp(until, since) < 0) {
        kz_field_error(e, "until", "结束日期不能早于开始日期");
        return false;
    }
    return true;
}

/* A new assignment: an enterprise, not already assigned to this broker, within the broker's
 * limit. */
static kz_err as_check_parent(db_conn *c, const kz_actor *a, const kz_rec_row *entry,
                              int64_t org_id, json_t *data, bool import, kz_error *e)
{
    (void)a;
    kz_err rc = of_entry(entry, org_id, data, import, e);
    if (rc != KZ_OK) return rc;
    json_t *ent_id = json_object_get(data, "enterprise_org_id");
    kz_error e2 = {0};
    json_t *org = kz_kind_read(&kz_kind_org, c, json_integer_value(ent_id), &rc, &e2);
    kz_error_clear(&e2);
    if (rc != KZ_OK && rc != KZ_E_NOT_FOUND) return kz_fail(e, rc, NULL);
    db_status st;
    const char *kind = org ? kz_json_str(org, "kind") : NULL;
    bool ok = kind && (import || !strcmp(kind, "enterprise"));
    set_str(data, "enterprise_name", org ? kz_json_str(org, "name") : NULL);
    json_decref(org);
    if (!ok) {
        kz_field_error(e, "enterprise_org_id", "服务企业不存在或不是企业");
        return KZ_E_VALIDATION;
    }
    if (import) return KZ_OK;
    json_t *held = NULL;
    st = kz_kind_children(&kz_kind_broker_assignment, c, entry->id, "active", KZ_CHILDREN_MAX,
                          &held);
    bool dup = false;
    for (size_t i = 0; i < json_array_size(held); i++)
        dup |= json_equal(json_object_get(json_array_get(held, i), "enterprise_org_id"), ent_id);
    size_t n = json_array_size(held);
    json_decref(held);
    if (st != DB_OK && st != DB_NOROW) return kz_db_fail(e, st);
    if (dup) return kz_fail(e, KZ_E_CONFLICT, "该企业已指派给这位经纪人");
    if (n >= KZ_BROKER_ASSIGNED_MAX) {
        char why[80];
        snprintf(why, sizeof why, "每位经纪人同时服务的企业至多 %d 家", KZ_BROKER_ASSIGNED_MAX);
        return kz_fail(e, KZ_E_CONFLICT, why);
    }
    return KZ_OK;
}

static const kz_parent as_parent = {
    .kind = &kz_kind_broker,
    .field = "broker_id",
    .segment = "assignments",
    .open_states = as_open,
    .msg_closed = "经纪人未登记在册，不能指派企业",
    .check_parent = as_check_parent,
};

static bool as_on_transition(const kz_transition *t, const json_t *in, json_t *data, bool *edited,
                             kz_error *e)
{
    (void)t, (void)in, (void)e;
    char today[11];
    kz_today(today);
    set_str(data, "ended_on", today);
    *edited = true;
    return true;
}

/* The enterprises a broker's account serves now. */
static db_status as_counted(db_conn *c, const kz_rec_row *r, int64_t delta)
{
    int64_t uid = json_integer_value(json_object_get(r->rec, "broker_user_id"));
    if (uid <= 0 || strcmp(r->status, "active") != 0) return DB_OK;
    return kz_record_count(c, KZ_BROKER_ENTITY, uid, "assigned", delta);
}

const kz_kind_desc kz_kind_broker_assignment = {
    .name = "broker_assignment",
    .label = "服务企业",
    .path = "broker-assignments",
    .shared = true,
    .parent = &as_parent,
    .slots = {.title = "enterprise_name", .region = "region", .parties = {"enterprise_org_id"}},
    .list = {.columns = as_columns},
    .create_state = "active",
    .publish_state = "active",
    .fields = as_fields,
    .data_fields = as_data_fields,
    .statuses = &kz_enum_broker_assignment_statuses,
    .workflow = as_workflow,
    .transition_fields = comment_transition_fields,
    .editable = as_editable,
    .frozen = as_frozen,
    .public_states = as_public,
    .read_only = as_read_only,
    .owner_roles = REGISTRARS,
    .party_roles = KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN) | KZ_ROLE_BIT(KZ_ROLE_ENTERPRISE),
    .owner_msgs = {"只能为本机构的经纪人指派企业", "必填：所在机构", "只能为本辖区的机构指派"},
    .msg_not_owner = "只有经纪人所在机构可以修改",
    .msg_org_fixed = "所在机构不能修改",
    .msg_frozen = "已结束的服务关系不能修改",
    .msg_conflict = "服务关系当前状态不允许该操作",
    .notify_kind = "broker_assignment_status",
    .check = as_check,
    .on_transition = as_on_transition,
    .counted = as_counted,
};
