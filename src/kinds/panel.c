/* kinds/panel.c — expert panels (评审专家组), the one mechanism wherever experts score: a record
 * kind of the shared table (engine.h), a child of the challenge it reviews (kz_parent:
 * /challenges/{id}/panels) — its 论证 (purpose challenge_argue, the challenge itself is the one
 * item, while the challenge is in 初筛) or its 评审 (challenge_review, the challenge's submitted
 * and shortlisted applications are the items, once it is closed or in review).
 *
 * The convener (owner: a science bureau's officer or a third-party agency's reviewer; admins for
 * any) drafts the panel — the criteria with their weights (summing to 100) and each one's top
 * score, the quorum of score sheets each item needs, the years of the co-worker rule, the date
 * scores are due — and invites experts (domain/panel.c: members, conflicts of interest, scores).
 * `open` fixes the items (what the experts read once they declare no conflict) and tells the
 * invited experts; `close` needs the quorum of complete score sheets on every item and writes the
 * result (each item's trimmed mean, spread and rank: domain/panel.c); `cancel` keeps the reason.
 * Never public; the officers of the challenge's region read and list them.
 *
 * Ownership: descriptors are static. */
#include "../core/jsonx.h"
#include "../core/validate.h"
#include "../domain/engine.h"
#include "../domain/panel.h"
#include "../domain/record.h"
#include <string.h>

#define CONVENERS (KZ_ROLE_BIT(KZ_ROLE_OFFICER) | KZ_ROLE_BIT(KZ_ROLE_REVIEWER))
#define ADMINS    KZ_ROLE_BIT(KZ_ROLE_ADMIN)

static const kz_transition workflow[] = {
    {"open", {"draft"}, "open", ADMINS, KZ_WHO_OWNER, false, "专家组已开始评审"},
    {"close", {"open"}, "closed", ADMINS, KZ_WHO_OWNER, false, "专家组评审已结束"},
    {"cancel", {"draft", "open"}, "cancelled", ADMINS, KZ_WHO_OWNER, false, "专家组已取消"},
    {0},
};
static const char *const editable[] = {"draft", NULL};
static const char *const frozen[] = {"open", "closed", "cancelled", NULL};
static const char *const public_states[] = {NULL};
static const char *const parent_open[] = {"screening", "closed", "reviewing", NULL};
static const char *const read_only[] = {"target_title", "region", "industry", "items",
                                        "result",       "reason", NULL};

/* criteria: 1–KZ_PANEL_CRITERIA_MAX of {key, name, weight 1–100, max 1–100}, keys distinct,
 * weights summing to 100. */
static const char *check_criteria(const json_t *v)
{
    size_t n = json_array_size(v);
    if (n < 1 || n > KZ_PANEL_CRITERIA_MAX) return "评分项应为 1 至 10 项";
    long long sum = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *c = json_array_get(v, i);
        const char *key = kz_json_str(c, "key"), *name = kz_json_str(c, "name");
        json_t *w = json_object_get(c, "weight"), *m = json_object_get(c, "max");
        if (!json_is_object(c) || json_object_size(c) != 4 || !key || !name ||
            !json_is_integer(w) || !json_is_integer(m))
            return "每个评分项应为 {key, name, weight, max}";
        size_t kl = strlen(key);
        if (kl < 1 || kl > 20 || strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789_") != kl)
            return "评分项 key 应为 1 至 20 个小写字母、数字或下划线";
        if (kz_utf8_len(name) < 1 || kz_utf8_len(name) > 50) return "评分项名称应为 1 至 50 个字";
        if (json_integer_value(w) < 1 || json_integer_value(w) > 100)
            return "评分项权重应为 1 至 100";
        if (json_integer_value(m) < 1 || json_integer_value(m) > 100)
            return "评分项满分应为 1 至 100";
        sum += json_integer_value(w);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(key, kz_json_str(json_array_get(v, j), "key")))
                return "评分项 key 不能重复";
    }
    return sum == 100 ? NULL : "各评分项权重之和应为 100";
}

static const kz_field fields[] = {
    {.name = "title",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 2,
     .max_len = 100,
     .doc = "专家组名称，如“固态电池隔膜榜单论证专家组”",
     .label = "专家组名称"},
    {.name = "purpose",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 20,
     .vocab = &kz_enum_panel_purposes,
     .doc = "challenge_argue 榜单论证（初筛中的榜单）或 challenge_review 揭榜评审（已截止或评审中"
            "的榜单的揭榜申请）",
     .label = "评审事项"},
    {.name = "target_id",
     .type = KZ_F_INT,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "评审的榜单 id（由路径 /challenges/{id}/panels 指定）",
     .label = "评审对象"},
    {.name = "target_title",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 100,
     .doc = "只读。评审的榜单名称（创建时取自榜单）",
     .label = "榜单名称"},
    {.name = "region",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 6,
     .check = kz_check_region,
     .doc = "只读。榜单所在地区（创建时取自榜单）",
     .label = "所在地区"},
    {.name = "industry",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 4,
     .check = kz_check_industry,
     .doc = "只读。榜单所属行业（创建时取自榜单）：推荐专家时按此匹配专业领域",
     .label = "所属行业"},
    {.name = "criteria",
     .type = KZ_F_ARRAY,
     .required = true,
     .max_items = KZ_PANEL_CRITERIA_MAX,
     .check = check_criteria,
     .doc =
         "评分项 [{key, name, weight, max}]：权重之和为 100，max 为该项满分；每份评分按 Σ 权重 × "
         "得分 ÷ 满分 折算为百分制",
     .label = "评分项"},
    {.name = "quorum",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = KZ_PANEL_MEMBERS_MAX,
     .doc = "每个评审对象至少需要的完整评分份数，默认 3；五份及以上时去掉一个最高分和一个最低分",
     .label = "最少评分份数"},
    {.name = "conflict_years",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = 10,
     .doc =
         "共事回避年限：近 N 年曾为申报单位登记成果、需求或其他记录的专家回避，默认 3（0：不查）",
     .label = "共事回避年限"},
    {.name = "due_on",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .check = kz_check_date,
     .format = "date",
     .doc = "评分截止日期 YYYY-MM-DD",
     .label = "评分截止日期"},
    {.name = "items",
     .type = KZ_F_ARRAY,
     .max_items = KZ_PANEL_ITEMS_MAX,
     .check = kz_check_object_list,
     .doc = "只读。评审对象（开始评审时确定）[{id, kind, title, org_id, orgs, team}]",
     .label = "评审对象"},
    {.name = "result",
     .type = KZ_F_ARRAY,
     .max_items = KZ_PANEL_ITEMS_MAX,
     .check = kz_check_object_list,
     .doc = "只读。评审结果（结束时计算）[{id, title, n, mean_c, trimmed_mean_c, min_c, max_c, "
            "spread_c, trimmed, rank}]，分数以百分之一分计",
     .label = "评审结果"},
    {.name = "reason",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 1000,
     .doc = "只读。取消的理由",
     .label = "理由"},
    KZ_FIELD_ORG_ID("组织单位", "组织评审的单位（平台管理员代为组建时指定）"),
    {0},
};
static const char *const data_fields[] = {
    "title",  "purpose",        "target_id", "target_title", "region", "industry", "criteria",
    "quorum", "conflict_years", "due_on",    "items",        "result", "reason",   NULL};
static const char *const list_fields[] = {"criteria", "items", "result", NULL};
static const char *const columns[] = {"title", "purpose", "target_title", "due_on", "status", NULL};

static const kz_field transition_fields[] = {
    {.name = "action", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 20},
    /* (required by cancel) */
    {.name = "comment", .type = KZ_F_STRING, .nullable = true, .max_len = 1000},
    {0},
};

static void defaults(json_t *data)
{
    json_t *q = json_object_get(data, "quorum"), *y = json_object_get(data, "conflict_years");
    if (!q || json_is_null(q)) json_object_set_new(data, "quorum", json_integer(3));
    if (!y || json_is_null(y)) json_object_set_new(data, "conflict_years", json_integer(3));
}

/* A new panel: the challenge's title, region and industry; its purpose fits the challenge's
 * stage (论证 in 初筛, 评审 once closed). */
static kz_err check_parent(db_conn *c, const kz_actor *a, const kz_rec_row *parent, int64_t org_id,
                           json_t *data, bool import, kz_error *e)
{
    (void)c, (void)a, (void)org_id;
    const char *purpose = kz_json_str(data, "purpose");
    if (!import && !kz_panel_purpose_fits(purpose, parent->status))
        return kz_fail(e, KZ_E_CONFLICT,
                       strcmp(purpose, "challenge_argue") == 0
                           ? "榜单论证专家组只能在榜单初筛阶段组建"
                           : "揭榜评审专家组只能在揭榜截止后组建");
    json_object_set(data, "target_title", json_object_get(parent->rec, "title"));
    json_object_set(data, "region", json_object_get(parent->rec, "region"));
    json_object_set(data, "industry", json_object_get(parent->rec, "industry"));
    return KZ_OK;
}

static const kz_parent parent = {
    .kind = &kz_kind_challenge,
    .field = "target_id",
    .segment = "panels",
    .open_states = parent_open,
    .msg_closed = "榜单当前阶段不组建专家组（论证在初筛阶段，评审在揭榜截止后）",
    .check_parent = check_parent,
};

/* open: the items, from the challenge as it is now; close: the quorum and the result. */
static db_status on_transition_db(db_conn *c, const kz_actor *a, const kz_transition *t,
                                  const kz_rec_row *r, json_t *data, bool *edited, kz_err *refused,
                                  kz_error *e)
{
    (void)a;
    if (!strcmp(t->action, "open")) return kz_panel_open_step(c, r, data, edited, refused, e);
    if (!strcmp(t->action, "close")) return kz_panel_close_step(c, r, data, edited, refused, e);
    return DB_OK;
}

/* open: the invited experts are told (before it, the invitations wait). */
static db_status after_transition(db_conn *c, const kz_actor *a, const kz_rec_row *before,
                                  const kz_rec_row *after)
{
    (void)before;
    return kz_panel_after_transition(c, a, after);
}

const kz_kind_desc kz_kind_panel = {
    .name = "panel",
    .label = "评审专家组",
    .path = "panels",
    .shared = true,
    .slots = {.title = "title", .region = "region", .industry = "industry", .category = "purpose"},
    .list = {.columns = columns},
    .parent = &parent,
    .publish_state = "open",
    .fields = fields,
    .data_fields = data_fields,
    .list_fields = list_fields,
    .statuses = &kz_enum_panel_statuses,
    .workflow = workflow,
    .transition_fields = transition_fields,
    .comments = (const kz_comment_rule[]){{"cancel", "reason", "必填：取消的理由"}, {0}},
    .editable = editable,
    .frozen = frozen,
    .public_states = public_states,
    .read_only = read_only,
    .owner_roles = CONVENERS,
    .owner_msgs = {"只能以本单位名义组建专家组", "必填：组织单位", "只能为本辖区的单位组建专家组"},
    .msg_not_owner = "只有组织评审的单位可以修改",
    .msg_org_fixed = "组织单位不能修改",
    .msg_frozen = "已开始评审的专家组不能修改",
    .msg_conflict = "专家组当前状态不允许该操作",
    .msg_system = "该操作由平台执行",
    .notify_kind = "panel_status",
    .defaults = defaults,
    .on_transition_db = on_transition_db,
    .after_transition = after_transition,
};
