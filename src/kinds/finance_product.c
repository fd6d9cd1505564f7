/* kinds/finance_product.c — 金融产品 (科技金融: loans such as 天府科创贷, guarantees, insurance,
 * equity) as a record kind of the shared table (engine.h): its fields and their checks, the
 * draft → submitted → active → closed state machine with review, public while active, and its
 * own rules: each range's lower bound is not above its upper bound, and the regions it serves are
 * GB/T 2260 codes. Everything else (create, PATCH with If-Match, transitions, history, lists,
 * export, import, audit, change feed, statistics) is the engine's. */
#include "../core/jsonx.h"
#include "../core/validate.h"
#include "../domain/engine.h"
#include <string.h>

#define OWNER_ROLES KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN)
#define REVIEW_ROLES                                                                               \
    (KZ_ROLE_BIT(KZ_ROLE_REVIEWER) | KZ_ROLE_BIT(KZ_ROLE_OFFICER) | KZ_ROLE_BIT(KZ_ROLE_ADMIN))
#define STEWARDS (KZ_ROLE_BIT(KZ_ROLE_OFFICER) | KZ_ROLE_BIT(KZ_ROLE_ADMIN))
#define MAX_FEN  100000000000000LL /* ¥1 万亿 */
#define MAX_RATE 10000             /* 基点: 100 % */
#define MAX_TERM 360               /* months */

/* A lender's product is reviewed by the platform before it is offered; its lender (or an
 * officer, or the platform) takes it off the shelf; a closed product goes back to draft to be
 * changed and reviewed again. */
static const kz_transition workflow[] = {
    {"submit", {"draft"}, "submitted", 0, true, false, "已提交，等待审核"},
    {"approve", {"submitted"}, "active", REVIEW_ROLES, false, false, "已审核上架"},
    {"return", {"submitted"}, "draft", REVIEW_ROLES, false, false, "已退回修改"},
    {"close", {"active"}, "closed", STEWARDS, true, false, "已下架"},
    {"reopen", {"closed"}, "draft", KZ_ROLE_BIT(KZ_ROLE_ADMIN), true, false, "已重新打开"},
    {0},
};
static const char *const editable[] = {"draft", NULL};
static const char *const public_states[] = {"active", NULL};

/* Each item of a list is a GB/T 2260 region code. */
static const char *check_regions(const json_t *v)
{
    size_t i;
    json_t *it;
    json_array_foreach(v, i, it)
    {
        const char *why = kz_check_region(it);
        if (why) return why;
    }
    return NULL;
}

static const kz_field fields[] = {
    {.name = "title",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 2,
     .max_len = 60,
     .label = "产品名称"},
    {.name = "kind",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 20,
     .vocab = &kz_enum_finance_product_kinds,
     .label = "产品类型"},
    {.name = "summary",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 10,
     .max_len = 2000,
     .label = "产品介绍"},
    {.name = "amount_min_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = MAX_FEN,
     .doc = "单笔额度下限（分）",
     .label = "额度下限"},
    {.name = "amount_max_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = MAX_FEN,
     .doc = "单笔额度上限（分），不低于下限",
     .label = "额度上限"},
    {.name = "rate_min_bp",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = MAX_RATE,
     .doc = "年化利率或费率下限（基点，1 基点 = 0.01%）",
     .label = "利率下限"},
    {.name = "rate_max_bp",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = MAX_RATE,
     .doc = "年化利率或费率上限（基点），不低于下限",
     .label = "利率上限"},
    {.name = "term_months",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = MAX_TERM,
     .doc = "最长期限（月）",
     .label = "最长期限"},
    {.name = "eligible_tiers",
     .type = KZ_F_STRING_LIST,
     .max_items = 5,
     .max_len = 20,
     .vocab = &kz_enum_tiers,
     .doc = "面向的企业梯次；空表示不限",
     .label = "适用企业"},
    {.name = "eligible_regions",
     .type = KZ_F_STRING_LIST,
     .max_items = 30,
     .max_len = 6,
     .check = check_regions,
     .doc = "可申请企业所在的行政区划 GB/T 2260 代码；空表示不限",
     .label = "适用地区"},
    KZ_FIELD_REGION,
    {.name = "contact", .type = KZ_F_STRING, .nullable = true, .max_len = 100, .label = "联系方式"},
    KZ_FIELD_ORG_ID("发布机构", "发布机构（平台管理员、科技局代为发布时指定）"),
    {0},
};
static const char *const data_fields[] = {
    "title",       "kind",        "summary",     "amount_min_fen", "amount_max_fen",
    "rate_min_bp", "rate_max_bp", "term_months", "eligible_tiers", "eligible_regions",
    "region",      "contact",     NULL};
static const char *const list_fields[] = {"eligible_tiers", "eligible_regions", NULL};
static const char *const columns[] = {"title",       "kind",        "amount_max_fen",
                                      "rate_min_bp", "term_months", "eligible_tiers",
                                      "region",      NULL};

static const kz_field transition_fields[] = {
    {.name = "action", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 20},
    {.name = "comment", .type = KZ_F_STRING, .nullable = true, .max_len = 1000},
    {0},
};

/* A bound above its partner names the upper one. */
static bool ordered(const json_t *d, const char *lo, const char *hi, const char *why, kz_error *e)
{
    json_t *a = json_object_get(d, lo), *b = json_object_get(d, hi);
    if (json_is_integer(a) && json_is_integer(b) && json_integer_value(a) > json_integer_value(b)) {
        kz_field_error(e, hi, why);
        return false;
    }
    return true;
}

static bool check(const json_t *d, kz_error *e)
{
    bool ok = ordered(d, "amount_min_fen", "amount_max_fen", "额度上限不能低于下限", e);
    return ordered(d, "rate_min_bp", "rate_max_bp", "利率上限不能低于下限", e) && ok;
}

const kz_kind_desc kz_kind_finance_product = {
    .name = "finance_product",
    .label = "金融产品",
    .path = "finance-products",
    .shared = true,
    .slots = {.title = "title",
              .region = "region",
              .category = "kind",
              .codes = "eligible_tiers",
              .money_lo = "amount_min_fen",
              .money_hi = "amount_max_fen"},
    .list = {.codes_param = "tier",
             .codes_label = "适用企业",
             .money_param = "amount",
             .money_label = "融资金额（分）",
             .money_hi_sort = "-amount_max",
             .money_lo_sort = "amount_min",
             .columns = columns},
    .publish_state = "active",
    .fields = fields,
    .data_fields = data_fields,
    .list_fields = list_fields,
    .statuses = &kz_enum_finance_product_statuses,
    .workflow = workflow,
    .transition_fields = transition_fields,
    .editable = editable,
    .public_states = public_states,
    .owner_roles = OWNER_ROLES,
    .owner_section = "J",
    .msg_owner_kind = "只有金融机构（行业为金融业）可以发布金融产品",
    .owner_msgs = {"只能为本机构发布金融产品", "必填：发布机构", "只能为本辖区的机构发布金融产品"},
    .msg_not_owner = "只有发布机构可以修改",
    .msg_org_fixed = "发布机构不能修改",
    .msg_conflict = "金融产品当前状态不允许该操作",
    .notify_kind = "finance_product_status",
    .check = check,
};
