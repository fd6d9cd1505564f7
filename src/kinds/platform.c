/* kinds/platform.c — 科技创新平台 (重点实验室, 工程技术研究中心, 新型研发机构, 中试熟化平台,
 * 技术转移机构, 孵化器, 院士工作站 …) as a record kind of the shared table (engine.h): the registry
 * of the platform plan's "有进有出、优胜劣汰" — a host org (依托单位) prepares its platform and
 * applies for recognition (draft → candidate); an officer of the region recognizes it or returns
 * it; a recognized platform may be warned (限期整改) and then restored or delisted (摘牌). Public
 * from recognition on: the registry, its warnings and its delistings are published. Each kind
 * belongs to one of the plan's four families (科技研发 / 成果转化 / 科技服务 / 科技人才引育: the
 * description of the kind in its vocabulary, enums.c). Its own rule: the recognition date is not in
 * the future. Everything else is the engine's. */
#include "../core/jsonx.h"
#include "../core/validate.h"
#include "../domain/record.h"
#include "../domain/engine.h"
#include <string.h>

#define OWNER_ROLES KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN)
/* recognition and its withdrawal are the bureau's (officers in their region) and the platform
 * administrator's; third-party agencies review reports and evaluations, not the registry */
#define STEWARDS (KZ_ROLE_BIT(KZ_ROLE_OFFICER) | KZ_ROLE_BIT(KZ_ROLE_ADMIN))

static const kz_transition workflow[] = {
    {"apply", {"draft"}, "candidate", 0, true, false, "已申报认定"},
    {"recognize", {"candidate"}, "recognized", STEWARDS, false, false, "已认定"},
    {"return", {"candidate"}, "draft", STEWARDS, false, false, "已退回修改"},
    {"withdraw", {"candidate"}, "draft", 0, true, false, "已撤回申报"},
    {"warn", {"recognized"}, "warned", STEWARDS, false, false, "已列入限期整改"},
    {"restore", {"warned"}, "recognized", STEWARDS, false, false, "整改合格，恢复认定"},
    {"delist", {"recognized", "warned"}, "delisted", STEWARDS, false, false, "已摘牌"},
    {0},
};
static const char *const editable[] = {"draft", NULL};
static const char *const public_states[] = {"recognized", "warned", "delisted", NULL};

/* A date of recognition: YYYY-MM-DD, not after today. */
static const char *check_recognized_on(const json_t *v)
{
    const char *s = json_string_value(v);
    if (!kz_date_valid(s)) return "日期格式应为 YYYY-MM-DD";
    char today[11];
    kz_today(today);
    return strcmp(s, today) > 0 ? "认定日期不能晚于今天" : NULL;
}

static const kz_field fields[] = {
    {.name = "name",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 2,
     .max_len = 80,
     .label = "平台名称"},
    {.name = "kind",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 30,
     .vocab = &kz_enum_platform_kinds,
     .label = "平台类型"},
    {.name = "level",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 20,
     .vocab = &kz_enum_platform_levels,
     .doc = "认定级别：国家级、省级、市级、区（县）级",
     .label = "平台级别"},
    {.name = "summary",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 10,
     .max_len = 2000,
     .label = "平台简介"},
    KZ_FIELD_INDUSTRY,
    KZ_FIELD_REGION,
    {.name = "recognized_on",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 40, /* longer than a date: a date-time hears the expected format */
     .check = check_recognized_on,
     .format = "date",
     .doc = "认定（批准）日期 YYYY-MM-DD，不晚于今天；平台在本系统之前已获认定时填写",
     .label = "认定日期"},
    {.name = "recognized_by",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 60,
     .doc = "认定部门，如科技部、四川省科学技术厅",
     .label = "认定部门"},
    {.name = "services",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 1000,
     .doc = "对外开放的服务内容",
     .label = "服务内容"},
    {.name = "contact", .type = KZ_F_STRING, .nullable = true, .max_len = 100, .label = "联系方式"},
    KZ_FIELD_ORG_ID("依托单位", "依托单位（平台管理员、科技局代为登记时指定）"),
    {0},
};
static const char *const data_fields[] = {
    "name",          "kind",          "level",    "summary", "industry", "region",
    "recognized_on", "recognized_by", "services", "contact", NULL};
static const char *const columns[] = {"name",          "kind",   "level", "region",
                                      "recognized_on", "status", NULL};

static const kz_field transition_fields[] = {
    {.name = "action", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 20},
    {.name = "comment", .type = KZ_F_STRING, .nullable = true, .max_len = 1000},
    {0},
};

const kz_kind_desc kz_kind_platform = {
    .name = "platform",
    .label = "科技创新平台",
    .path = "platforms",
    .shared = true,
    .slots = {.title = "name",
              .region = "region",
              .industry = "industry",
              .category = "kind",
              .codes = "level"},
    .list = {.codes_param = "level", .codes_label = "平台级别", .columns = columns},
    .publish_state = "recognized",
    .fields = fields,
    .data_fields = data_fields,
    .statuses = &kz_enum_platform_statuses,
    .workflow = workflow,
    .transition_fields = transition_fields,
    .editable = editable,
    .public_states = public_states,
    .owner_roles = OWNER_ROLES,
    .owner_msgs = {"只能为本单位登记平台", "必填：依托单位", "只能为本辖区的单位登记平台"},
    .msg_not_owner = "只有依托单位可以修改",
    .msg_org_fixed = "依托单位不能修改",
    .msg_conflict = "平台当前状态不允许该操作",
    .notify_kind = "platform_status",
};
