/* kinds/org.c — 主体库 organizations (PRODUCT.md §3.1) as a kind without a state machine
 * (engine.h): a registry row in its own table `orgs`, no owner org, no states, no revisions.
 * Who may register or PATCH an org, field by field, is the policy table of authz.c
 * (KZ_RES_ORG: admins anywhere, officers in their region, an org's own admin its industry,
 * address and contact); the org is its own target. Its own rules: the 统一社会信用代码's check
 * digit and uniqueness, the tier `none` when not given, and its statistics' counts by kind and
 * region. Its list (GET /orgs) is org.c's. */
#include "../core/jsonx.h"
#include "../core/validate.h"
#include "../domain/engine.h"
#include "../domain/stats.h"

static const char *check_kind(const json_t *v)
{
    return kz_enum_has(&kz_enum_org_kinds, json_string_value(v)) ? NULL : "无效的机构类型";
}
static const char *check_tier(const json_t *v)
{
    return kz_enum_has(&kz_enum_tiers, json_string_value(v)) ? NULL : "无效的企业梯次";
}
static const char *check_credit(const json_t *v)
{
    return kz_credit_code_valid(json_string_value(v))
               ? NULL
               : "统一社会信用代码无效（应为 18 位且校验位正确）";
}

static const kz_field fields[] = {
    {.name = "name",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 2,
     .max_len = 100,
     .label = "机构名称"},
    {.name = "kind",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 20,
     .check = check_kind,
     .vocab = &kz_enum_org_kinds,
     .label = "机构类型"},
    {.name = "credit_code",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 18,
     .check = check_credit,
     .doc = "统一社会信用代码（18 位，校验位正确；全平台唯一）",
     .label = "统一社会信用代码"},
    {.name = "region",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 6,
     .check = kz_check_region,
     .doc = "行政区划 GB/T 2260 代码",
     .label = "所在地区"},
    {.name = "industry",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 4,
     .check = kz_check_industry,
     .doc = "国民经济行业分类 GB/T 4754 代码（任一层级）",
     .label = "所属行业"},
    {.name = "tier",
     .type = KZ_F_STRING,
     .max_len = 20,
     .check = check_tier,
     .vocab = &kz_enum_tiers,
     .doc = "企业梯次（未给出时为 none）",
     .label = "企业梯次"},
    {.name = "address", .type = KZ_F_STRING, .nullable = true, .max_len = 200, .label = "地址"},
    {.name = "contact", .type = KZ_F_STRING, .nullable = true, .max_len = 100, .label = "联系方式"},
    {0},
};
static const char *const data_fields[] = {"name", "kind",    "credit_code", "region", "industry",
                                          "tier", "address", "contact",     NULL};

/* Every column of the table, in the order of Q_ORG_INSERT, Q_ORG_UPDATE and ORG_COLS. */
static const kz_column columns[] = {
    {"name", KZ_COL_TEXT},    {"kind", KZ_COL_TEXT},     {"credit_code", KZ_COL_TEXT},
    {"region", KZ_COL_TEXT},  {"industry", KZ_COL_TEXT}, {"tier", KZ_COL_TEXT},
    {"address", KZ_COL_TEXT}, {"contact", KZ_COL_TEXT},  {NULL, 0},
};

/* An org registered without a tier is none (of the enterprise tiers). */
static void defaults(json_t *data)
{
    if (!json_is_string(json_object_get(data, "tier")))
        json_object_set_new(data, "tier", json_string("none"));
}

/* The org is its own target: its members' org admins reach it by org, officers by region. */
static kz_target target(int64_t id, const json_t *data)
{
    return (kz_target){.org_id = id, .region = kz_json_str(data, "region")};
}

/* The statistics' counts of an org (stats.h): by kind, region and month of registration. */
static db_status count(db_conn *c, const json_t *org, int64_t delta)
{
    return kz_stats_record(c, "org", kz_json_str(org, "kind"), kz_json_str(org, "region"), NULL,
                           kz_json_str(org, "created_at"), delta);
}

const kz_kind_desc kz_kind_org = {
    .name = "org",
    .label = "机构",
    .path = "orgs",
    .res = KZ_RES_ORG,
    .fields = fields,
    .data_fields = data_fields,
    .columns = columns,
    .workflow = NULL,
    .msg_not_owner = "机构名称、类型、信用代码、地区与企业梯度由科技局或平台管理员维护",
    .msg_org_fixed = "所属机构不能修改",
    .msg_unique = "该统一社会信用代码已登记",
    .msg_out_of_reach = "只能在本辖区内登记机构",
    .msg_moved_out = "不能把机构移出本辖区",
    .q_get = Q_ORG_GET,
    .q_insert = Q_ORG_INSERT,
    .q_update = Q_ORG_UPDATE,
    .defaults = defaults,
    .count = count,
    .target = target,
};
