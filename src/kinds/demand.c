/* kinds/demand.c — 需求 (enterprise demands, 企业出题) as a record kind (engine.h): fields and
 * their checks, the draft → submitted → published → matched → closed state machine with
 * review, public once published (a matched or closed demand stays readable), and its own rule:
 * the budget's lower bound is not above its upper bound. */
#include "../core/jsonx.h"
#include "../core/validate.h"
#include "../domain/demand.h"
#include "../domain/engine.h"
#include "../domain/search_svc.h"
#include <stdint.h>
#include <string.h>

#define OWNER_ROLES (KZ_ROLE_BIT(KZ_ROLE_ENTERPRISE) | KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN))
#define REVIEW_ROLES                                                                               \
    (KZ_ROLE_BIT(KZ_ROLE_REVIEWER) | KZ_ROLE_BIT(KZ_ROLE_OFFICER) | KZ_ROLE_BIT(KZ_ROLE_ADMIN))
#define ADMIN          KZ_ROLE_BIT(KZ_ROLE_ADMIN)
#define MAX_BUDGET_FEN 100000000000000LL

/* The demand state machine. Brokers (技术经纪人) may mark a published demand as matched. */
static const kz_transition workflow[] = {
    {"submit", {"draft"}, "submitted", 0, true, false, "已提交，等待审核"},
    {"publish", {"submitted"}, "published", REVIEW_ROLES, false, false, "已审核发布"},
    {"return", {"submitted"}, "draft", REVIEW_ROLES, false, false, "已退回修改"},
    {"reject", {"submitted"}, "rejected", REVIEW_ROLES, false, false, "未通过审核"},
    {"match",
     {"published"},
     "matched",
     KZ_ROLE_BIT(KZ_ROLE_BROKER) | KZ_ROLE_BIT(KZ_ROLE_OFFICER) | ADMIN,
     true,
     false,
     "已对接"},
    {"withdraw", {"submitted", "published"}, "draft", ADMIN, true, false, "已撤回"},
    {"close",
     {"published", "matched"},
     "closed",
     KZ_ROLE_BIT(KZ_ROLE_OFFICER) | ADMIN,
     true,
     false,
     "已关闭"},
    {"reopen", {"closed"}, "draft", ADMIN, true, false, "已重新打开"},
    {0},
};
static const char *const editable[] = {"draft", NULL};
static const char *const public_states[] = {"published", "matched", "closed", NULL};

static const kz_field fields[] = {
    {.name = "title",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 4,
     .max_len = 100,
     .label = "需求名称"},
    {.name = "description",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 10,
     .max_len = 5000,
     .label = "需求描述"},
    {.name = "indicators",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 2000,
     .label = "技术指标"},
    {.name = "basis", .type = KZ_F_STRING, .nullable = true, .max_len = 2000, .label = "现有基础"},
    {.name = "kind",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 30,
     .vocab = &kz_enum_demand_kinds,
     .label = "需求类型"},
    KZ_FIELD_INDUSTRY,
    KZ_FIELD_REGION,
    {.name = "budget_min_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = MAX_BUDGET_FEN,
     .doc = "预算下限（分）",
     .label = "预算下限"},
    {.name = "budget_max_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = MAX_BUDGET_FEN,
     .doc = "预算上限（分），不低于下限",
     .label = "预算上限"},
    {.name = "deadline",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 40, /* longer than a date: a date-time hears the expected format */
     .check = kz_check_future_date,
     .format = "date",
     .doc = "截止日期（晚于今天）",
     .label = "截止日期"},
    {.name = "trl_min",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = 9,
     .doc = "期望的最低技术就绪度",
     .label = "成熟度要求"},
    {.name = "cooperation_modes",
     .type = KZ_F_STRING_LIST,
     .max_items = 6,
     .max_len = 20,
     .vocab = &kz_enum_cooperation_modes,
     .label = "合作方式"},
    KZ_FIELD_ORG_ID("需求企业", "所属企业（平台管理员、科技局发布时指定）"),
    {0},
};
static const char *const data_fields[] = {
    "title",  "description",    "indicators",     "basis",    "kind",    "industry",
    "region", "budget_min_fen", "budget_max_fen", "deadline", "trl_min", "cooperation_modes",
    NULL};
static const char *const list_fields[] = {"cooperation_modes", NULL};

/* Promoted to columns, in the order of Q_DEM_INSERT and Q_DEM_UPDATE. */
static const kz_column columns[] = {
    {"title", KZ_COL_TEXT},
    {"kind", KZ_COL_TEXT},
    {"industry", KZ_COL_TEXT},
    {"industry", KZ_COL_SECTION},
    {"region", KZ_COL_TEXT},
    {"trl_min", KZ_COL_INT},
    {"budget_min_fen", KZ_COL_INT},
    {"budget_max_fen", KZ_COL_INT},
    {"cooperation_modes", KZ_COL_CODES},
    {"deadline", KZ_COL_TEXT},
    {NULL, 0},
};

static const kz_field transition_fields[] = {
    {.name = "action", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 20},
    {.name = "comment", .type = KZ_F_STRING, .nullable = true, .max_len = 1000},
    {0},
};

/* Cross-field rule: budget_min ≤ budget_max. */
static bool check_budget(const json_t *d, kz_error *e)
{
    json_t *lo = json_object_get(d, "budget_min_fen"), *hi = json_object_get(d, "budget_max_fen");
    if (json_is_integer(lo) && json_is_integer(hi) &&
        json_integer_value(lo) > json_integer_value(hi)) {
        kz_field_error(e, "budget_max_fen", "预算上限不能低于下限");
        return false;
    }
    return true;
}

/* ---- its list (GET /demands) ---- */

static const kz_sort sorts[] = {
    {"-id", Q_DEM_LIST_ID_DESC},
    {"id", Q_DEM_LIST_ID_ASC},
    {"-budget", Q_DEM_LIST_BUDGET_DESC},
    {"deadline", Q_DEM_LIST_DEADLINE_ASC},
    {"-updated_at", Q_DEM_LIST_UPDATED_DESC},
};
static const kz_listix_sort sorts_in_memory[] = {{"budget", KZ_AT_K_MONEY_HI},
                                                 {"deadline", KZ_AT_K_DEADLINE},
                                                 {"updated_at", KZ_AT_K_UPDATED},
                                                 {NULL}};
/* (DEM_FILTERS in stmts_sql.h: ?12 org, ?14 q) */
static const kz_list_filter filters[] = {
    {"kind", KZ_LF_ENUM, &kz_enum_demand_kinds, "未知的需求类型", .attr = KZ_LA_KIND, .pos = 9},
    /* the budget overlaps [budget_min, budget_max] */
    {"budget_min", KZ_LF_INT, .min = 0, .max = INT64_MAX / 2, .attr = KZ_LA_HI_MIN, .pos = 10},
    {"budget_max", KZ_LF_INT, .min = 0, .max = INT64_MAX / 2, .attr = KZ_LA_LO_MAX, .pos = 11},
    {"cooperation_mode", KZ_LF_CODE, &kz_enum_cooperation_modes, "未知的合作方式",
     .attr = KZ_LA_MODE, .pos = 13},
    /* demands an achievement of this TRL meets */
    {"trl", KZ_LF_INT, .min = 1, .max = 9, .attr = KZ_LA_TRL_REACHED, .pos = 15},
    {NULL},
};
static const kz_facet facets[] = {
    {"industry", Q_DEM_FACET_SECTION, KZ_FACET_SECTION, NULL, NULL},
    {"city", Q_DEM_FACET_CITY, KZ_FACET_CITY, NULL, NULL},
    {"kind", Q_DEM_FACET_KIND, KZ_FACET_ENUM, &kz_enum_demand_kinds, NULL},
};
static const kz_own_list own_list = {
    .sorts = sorts,
    .nsorts = sizeof sorts / sizeof sorts[0],
    .sort_hint = "可选：-id, id, -budget, deadline, -updated_at",
    .by = sorts_in_memory,
    .filters = filters,
    .org_pos = 12,
    .q_pos = 14,
    .q_count = Q_DEM_COUNT,
    .facets = facets,
    .nfacets = sizeof facets / sizeof facets[0],
    .svc_kind = KZ_SK_DEM,
    .third = KZ_AT_F_KIND,
    .item = kz_rec_json,
};

/* the columns of a table of them (the web UI) */
static const char *const table_columns[] = {"title",          "kind",     "industry", "region",
                                            "budget_max_fen", "deadline", NULL};

const kz_kind_desc kz_kind_demand = {
    .name = "demand",
    .path = "demands",
    .list = {.columns = table_columns},
    .own_list = &own_list,
    .label = "需求",
    .res = KZ_RES_DEMAND,
    .fields = fields,
    .data_fields = data_fields,
    .list_fields = list_fields,
    .columns = columns,
    .statuses = &kz_enum_demand_statuses,
    .workflow = workflow,
    .transition_fields = transition_fields,
    .editable = editable,
    .frozen = NULL,
    .public_states = public_states,
    .confidential = NULL,
    .owner_roles = OWNER_ROLES,
    .owner_msgs = {"只能为本企业发布需求", "必填：需求所属企业", "只能为本辖区的企业发布需求"},
    .msg_not_owner = "只有需求所属企业可以修改",
    .msg_org_fixed = "所属企业不能修改",
    .msg_frozen = NULL,
    .msg_conflict = "需求当前状态不允许该操作",
    .msg_system = NULL,
    .notify_kind = "demand_status",
    .q_get = Q_DEM_GET,
    .q_insert = Q_DEM_INSERT,
    .q_update = Q_DEM_UPDATE,
    .q_status = Q_DEM_SET_STATUS,
    .check = check_budget,
};
