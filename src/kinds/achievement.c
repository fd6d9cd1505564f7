/* kinds/achievement.c — 成果 (research achievements) as a record kind (engine.h): fields and
 * their checks, the 征集 → 形式审查 → 筛选评估 → 发布 state machine, the confidential detail
 * (shown to the owner, reviewers, officers of the region and approved requesters), and what
 * is its own: the maturity stage, and a validity date at publication. */
#include "../core/jsonx.h"
#include "../core/validate.h"
#include "../domain/achievement.h"
#include "../domain/engine.h"
#include "../domain/clock.h"
#include "../domain/audit.h"
#include "../domain/search_svc.h"
#include <stdio.h>
#include <string.h>

#define OWNER_ROLES (KZ_ROLE_BIT(KZ_ROLE_RESEARCHER) | KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN))
#define REVIEW_ROLES                                                                               \
    (KZ_ROLE_BIT(KZ_ROLE_REVIEWER) | KZ_ROLE_BIT(KZ_ROLE_OFFICER) | KZ_ROLE_BIT(KZ_ROLE_ADMIN))
#define PUBLISH_ROLES REVIEW_ROLES
#define ADMIN         KZ_ROLE_BIT(KZ_ROLE_ADMIN)
#define MAX_PRICE_FEN 100000000000000LL /* ¥1 trillion: far above any real asking price */

/* The achievement state machine (PRODUCT.md §5; issue 3). */
static const kz_transition workflow[] = {
    {"submit", {"draft", "withdrawn"}, "submitted", 0, true, false, "已提交，等待形式审查"},
    {"accept",
     {"submitted"},
     "screening",
     REVIEW_ROLES,
     false,
     false,
     "已通过形式审查，进入筛选评估"},
    {"return", {"submitted", "screening"}, "draft", REVIEW_ROLES, false, false, "已退回修改"},
    {"reject", {"submitted", "screening"}, "rejected", REVIEW_ROLES, false, false, "未通过审查"},
    {"publish", {"screening"}, "published", PUBLISH_ROLES, false, false, "已发布"},
    {"withdraw",
     {"submitted", "screening", "published"},
     "withdrawn",
     ADMIN,
     true,
     false,
     "已撤回"},
    {"renew", {"expired"}, "published", ADMIN, true, false, "已续期并重新发布"},
    {"archive", {"*"}, "archived", ADMIN, false, false, "已归档"},
    {"expire", {"published"}, "expired", 0, false, true, "已过有效期"},
    {0},
};
/* States in which the owner may edit. */
static const char *const editable[] = {"draft", "withdrawn", "expired", NULL};
static const char *const frozen[] = {"archived", NULL};

/* ---- field checks ---- */

static const char *check_ip(const json_t *v)
{
    size_t i;
    json_t *it;
    json_array_foreach(v, i, it)
    {
        if (!json_is_object(it) || json_object_size(it) > 3)
            return "知识产权条目应为 {type, number, status}";
        const char *t = kz_json_str(it, "type"), *n = kz_json_str(it, "number"),
                   *s = kz_json_str(it, "status");
        if (!t || !kz_enum_has(&kz_enum_ip_types, t)) return "未知的知识产权类型";
        if (!n || !*n || kz_utf8_len(n) > 50 || kz_has_control(n)) return "知识产权编号无效";
        if (!s || !kz_enum_has(&kz_enum_ip_statuses, s)) return "未知的知识产权状态";
    }
    return NULL;
}
static const char *check_team(const json_t *v)
{
    size_t i;
    json_t *it;
    long long sum = 0;
    json_array_foreach(v, i, it)
    {
        if (!json_is_object(it) || json_object_size(it) > 2)
            return "团队成员应为 {name, share_pct}";
        const char *n = kz_json_str(it, "name");
        json_t *p = json_object_get(it, "share_pct");
        if (!n || !*n || kz_utf8_len(n) > 50 || kz_has_control(n)) return "成员姓名无效";
        if (!json_is_integer(p) || json_integer_value(p) < 0 || json_integer_value(p) > 100)
            return "权益比例应为 0–100 的整数";
        sum += json_integer_value(p);
    }
    return sum <= 100 ? NULL : "团队权益比例合计不能超过 100%";
}

static const kz_field fields[] = {
    {.name = "title",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 4,
     .max_len = 100,
     .label = "成果名称"},
    {.name = "summary",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 10,
     .max_len = 2000,
     .doc = "公开摘要",
     .label = "公开摘要"},
    {.name = "detail",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 20000,
     .doc = "保密详情：所属机构、审核人员、本辖区科技局和获准申请人可见",
     .label = "保密详情"},
    {.name = "keywords",
     .type = KZ_F_STRING_LIST,
     .min_len = 1,
     .max_len = 20,
     .max_items = 10,
     .label = "关键词"},
    KZ_FIELD_INDUSTRY,
    {.name = "tech_field",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 40,
     .vocab = &kz_enum_tech_fields,
     .doc = "国家重点支持的高新技术领域",
     .label = "技术领域"},
    KZ_FIELD_REGION,
    {.name = "trl",
     .type = KZ_F_INT,
     .required = true,
     .min = 1,
     .max = 9,
     .doc = "技术就绪度 TRL 1–9",
     .label = "技术成熟度"},
    {.name = "ip",
     .type = KZ_F_ARRAY,
     .max_items = 20,
     .check = check_ip,
     .doc = "知识产权：[{type, number, status}]",
     .label = "知识产权"},
    {.name = "team",
     .type = KZ_F_ARRAY,
     .max_items = 20,
     .check = check_team,
     .doc = "团队：[{name, share_pct}]，权益比例合计不超过 100",
     .label = "团队与权益"},
    {.name = "transfer_modes",
     .type = KZ_F_STRING_LIST,
     .required = true,
     .max_items = 4,
     .max_len = 20,
     .vocab = &kz_enum_transfer_modes,
     .label = "转化方式"},
    {.name = "transaction_mode",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 20,
     .vocab = &kz_enum_transaction_modes,
     .label = "交易方式"},
    {.name = "price_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = MAX_PRICE_FEN,
     .doc = "挂牌价（分）",
     .label = "意向价格"},
    {.name = "valid_until",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 40, /* longer than a date, so that a date-time hears the expected format */
     .check = kz_check_future_date,
     .format = "date",
     .doc = "有效期（晚于今天）",
     .label = "有效期至"},
    {.name = "competing",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 2000,
     .label = "竞争优势"},
    KZ_FIELD_ORG_ID("所属机构", "所属机构（平台管理员、科技局登记时指定）"),
    {0},
};

/* Fields of `data` (everything the user edits; org_id and status live in columns). */
static const char *const data_fields[] = {
    "title",     "summary",     "detail",    "keywords", "industry",       "tech_field",
    "region",    "trl",         "ip",        "team",     "transfer_modes", "transaction_mode",
    "price_fen", "valid_until", "competing", NULL};
static const char *const list_fields[] = {"keywords", "ip", "team", NULL};
static const char *const confidential[] = {"detail", NULL};

/* Promoted to columns, in the order of Q_ACH_INSERT and Q_ACH_UPDATE. */
static const kz_column columns[] = {
    {"title", KZ_COL_TEXT},           {"industry", KZ_COL_TEXT},    {"industry", KZ_COL_SECTION},
    {"region", KZ_COL_TEXT},          {"trl", KZ_COL_INT},          {"price_fen", KZ_COL_INT},
    {"transfer_modes", KZ_COL_CODES}, {"valid_until", KZ_COL_TEXT}, {NULL, 0},
};

static const kz_field transition_fields[] = {
    {.name = "action", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 20},
    {.name = "comment", .type = KZ_F_STRING, .nullable = true, .max_len = 1000},
    {.name = "valid_until",
     .type = KZ_F_STRING,
     .max_len = 40,
     .check = kz_check_future_date,
     .format = "date",
     .doc = "仅 publish、renew：新的有效期（晚于今天）"},
    {0},
};

/* Its maturity stage (TRL 1–3 初期, 4–6 中期, 7–9 成熟). */
static void decorate(json_t *rec)
{
    json_int_t trl = json_integer_value(json_object_get(rec, "trl"));
    json_object_set_new(rec, "maturity_stage",
                        json_string(trl <= 3   ? "early"
                                    : trl <= 6 ? "middle"
                                               : "mature"));
}

bool kz_ach_granted(db_conn *c, const kz_actor *a, int64_t id)
{
    int64_t g = 0;
    return a->user_id &&
           DB_EXEC(c, Q_ACC_GRANTED, db_cb_int, &g, db_int(id), db_int(a->user_id)) == DB_OK;
}

/* A published listing needs a validity date in the future; publish and renew may set one
 * (`valid_until` in the body), no other step may. */
static bool on_transition(const kz_transition *t, const json_t *in, json_t *data, bool *edited,
                          kz_error *e)
{
    const char *vu_in = kz_json_str(in, "valid_until");
    bool publish = !strcmp(t->to, "published");
    if (vu_in && !publish) {
        kz_field_error(e, "valid_until", "只有发布或续期时可以设置有效期");
        return false;
    }
    if (!publish) return true;
    const char *vu = vu_in ? vu_in : kz_json_str(data, "valid_until");
    char today[11];
    kz_today(today);
    if (!vu || strcmp(vu, today) <= 0) {
        kz_field_error(e, "valid_until",
                       vu ? "有效期已过，请设置新的有效期" : "发布前需要设置有效期");
        return false;
    }
    if (vu_in) {
        json_object_set_new(data, "valid_until", json_string(vu_in));
        *edited = true;
    }
    return true;
}

/* An achievement that stops being public (withdrawn, returned, archived, expired) can no longer
 * be asked about: its pending access requests are declined by the platform, each audited and
 * its requester told (approved ones stay, for the owner to revoke). */

static db_status closed_cb(void *ctx, const db_row *r)
{
    json_array_append_new(
        ctx, json_pack("[I, I]", (json_int_t)db_col_int(r, 0), (json_int_t)db_col_int(r, 1)));
    return DB_OK;
}

static db_status after_transition(db_conn *c, const kz_actor *a, const kz_rec_row *before,
                                  const kz_rec_row *after)
{
    if (strcmp(before->status, "published") != 0 || !strcmp(after->status, "published"))
        return DB_OK;
    static const char why[] = "成果已不再公开，申请自动关闭";
    char now[24];
    kz_rfc3339((time_t)kz_now(), now);
    json_t *closed = json_array();
    db_status st = DB_EXEC(c, Q_ACC_CLOSE_PENDING, closed_cb, closed, db_int(after->id),
                           db_text(why), db_text(now));
    if (st == DB_NOROW) st = DB_OK;
    size_t i;
    json_t *it;
    json_array_foreach(closed, i, it)
    {
        if (st != DB_OK) break;
        json_int_t id = json_integer_value(json_array_get(it, 0));
        json_int_t who = json_integer_value(json_array_get(it, 1));
        char ids[24], note[300];
        snprintf(ids, sizeof ids, "%" JSON_INTEGER_FORMAT, id);
        json_t *was = json_pack("{s:s}", "status", "pending");
        json_t *is = json_pack("{s:s, s:s}", "status", "declined", "comment", why);
        st = kz_audit_append(c, a, "access_request", ids, "decline", was, is);
        json_decref(was);
        json_decref(is);
        snprintf(note, sizeof note, "您查看成果《%s》详细信息的申请已关闭：%s",
                 kz_json_str(after->rec, "title"), why);
        if (st == DB_OK)
            st = kz_notify(c, a, (int64_t)who, "access_decision", "achievement", after->id, note);
    }
    json_decref(closed);
    return st;
}

/* ---- its list (GET /achievements) ---- */

/* lists carry cards; the detail is read one record at a time */
static json_t *list_item(const db_row *r)
{
    json_t *rec = kz_rec_json(r);
    decorate(rec);
    json_t *d = json_object_get(rec, "detail");
    json_object_set_new(rec, "has_detail",
                        json_boolean(json_is_string(d) && *json_string_value(d)));
    json_object_del(rec, "detail");
    return rec;
}

static const kz_sort sorts[] = {
    {"-id", Q_ACH_LIST_ID_DESC},
    {"id", Q_ACH_LIST_ID_ASC},
    {"price", Q_ACH_LIST_PRICE_ASC},
    {"-price", Q_ACH_LIST_PRICE_DESC},
    {"trl", Q_ACH_LIST_TRL_ASC},
    {"-trl", Q_ACH_LIST_TRL_DESC},
    {"-updated_at", Q_ACH_LIST_UPDATED_DESC},
};
static const kz_listix_sort sorts_in_memory[] = {
    {"price", KZ_AT_K_MONEY_LO}, {"trl", KZ_AT_K_TRL}, {"updated_at", KZ_AT_K_UPDATED}, {NULL}};
/* (ACH_FILTERS in stmts_sql.h: ?13 org, ?15 q) */
static const kz_list_filter filters[] = {
    {"trl_min", KZ_LF_INT, .min = 1, .max = 9, .attr = KZ_LA_TRL_MIN, .pos = 9},
    {"trl_max", KZ_LF_INT, .min = 1, .max = 9, .attr = KZ_LA_TRL_MAX, .pos = 10},
    /* a record without a price is out of a price range */
    {"price_min", KZ_LF_INT, .min = 0, .max = INT64_MAX / 2, .attr = KZ_LA_LO_MIN, .pos = 11},
    {"price_max", KZ_LF_INT, .min = 0, .max = INT64_MAX / 2, .attr = KZ_LA_LO_MAX, .pos = 12},
    {"transfer_mode", KZ_LF_CODE, &kz_enum_transfer_modes, "未知的转化方式", .attr = KZ_LA_MODE,
     .pos = 14},
    {NULL},
};
static const kz_facet facets[] = {
    {"industry", Q_ACH_FACET_SECTION, KZ_FACET_SECTION, NULL, NULL},
    {"city", Q_ACH_FACET_CITY, KZ_FACET_CITY, NULL, NULL},
    {"trl", Q_ACH_FACET_TRL, KZ_FACET_INT, NULL, "trl"},
};
static const kz_own_list own_list = {
    .sorts = sorts,
    .nsorts = sizeof sorts / sizeof sorts[0],
    .sort_hint = "可选：-id, id, price, -price, trl, -trl, -updated_at",
    .by = sorts_in_memory,
    .filters = filters,
    .org_pos = 13,
    .q_pos = 15,
    .q_count = Q_ACH_COUNT,
    .facets = facets,
    .nfacets = sizeof facets / sizeof facets[0],
    .svc_kind = KZ_SK_ACH,
    .third = KZ_AT_F_TRL,
    .item = list_item,
};

/* the columns of a table of them (the web UI) */
static const char *const table_columns[] = {"title",     "industry",       "region", "trl",
                                            "price_fen", "transfer_modes", NULL};

const kz_kind_desc kz_kind_achievement = {
    .name = "achievement",
    .path = "achievements",
    .list = {.columns = table_columns},
    .own_list = &own_list,
    .label = "成果",
    .res = KZ_RES_ACHIEVEMENT,
    .fields = fields,
    .data_fields = data_fields,
    .list_fields = list_fields,
    .columns = columns,
    .statuses = &kz_enum_achievement_statuses,
    .workflow = workflow,
    .transition_fields = transition_fields,
    .editable = editable,
    .frozen = frozen,
    .public_states = NULL, /* published: kz_record_view */
    .confidential = confidential,
    .owner_roles = OWNER_ROLES,
    .owner_msgs = {"只能为本机构登记成果", "必填：成果所属机构", "只能为本辖区的机构登记成果"},
    .msg_not_owner = "只有成果所属机构可以修改",
    .msg_org_fixed = "所属机构不能修改",
    .msg_frozen = "已归档的成果不能修改",
    .msg_conflict = "成果当前状态不允许该操作",
    .msg_system = "过期由系统自动处理",
    .notify_kind = "achievement_status",
    .q_get = Q_ACH_GET,
    .q_insert = Q_ACH_INSERT,
    .q_update = Q_ACH_UPDATE,
    .q_status = Q_ACH_SET_STATUS,
    .decorate = decorate,
    .granted = kz_ach_granted,
    .on_transition = on_transition,
    .after_transition = after_transition,
};
