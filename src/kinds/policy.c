/* kinds/policy.c — 政策兑现 policies (issue 17 items 1–2): a policy is a rule as data (rule.h)
 * over one kind of subject record — a registered technology contract, a won 揭榜 application,
 * an org — kept as a record kind of the shared table (engine.h), and evaluated against a subject
 * (POST /api/v1/policies/{id}/evaluate: kz_policy_evaluate).
 *
 * A science bureau (its officers and org admin: the issuer owns the policy) drafts the policy —
 * title, summary, the subject kind, the period it applies in, its budget, and the rule: the
 * conditions (a list of {field, op, value, label}) and the amount (the base field with a percent
 * in basis points, or bands, or a fixed sum; a cap and a floor) as fields of the record — and puts
 * it in force (施行); a policy in force cannot be edited, only retired (废止) and superseded by a
 * new one that names it (`supersedes`). The rule is checked when the policy is written: it
 * parses, and every field it reads is a field of the subject kind (422 on the field at fault).
 * Public once in force (and once retired, with the date it ended).
 *
 * Evaluating: the policy (readable by the actor) and the subject as the actor may read it (404
 * otherwise), the conditions, the period (today within it), the amount — eligible or not, the
 * amount in 分 and a zh-CN line per condition and step, then what is left of the budget and of
 * the applicant org's yearly cap after the amounts already approved (policy.h kz_policy_assess).
 * Orgs apply for the reward through the policy's applications (kinds/policy_application.c).
 *
 * Ownership: descriptors are static. */
#include "../core/jsonx.h"
#include "../core/validate.h"
#include "../domain/engine.h"
#include "../domain/policy.h"
#include "../domain/record.h"
#include "../domain/rule.h"
#include <stdio.h>
#include <string.h>

#define ISSUERS  (KZ_ROLE_BIT(KZ_ROLE_OFFICER) | KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN))
#define STEWARDS (KZ_ROLE_BIT(KZ_ROLE_OFFICER) | KZ_ROLE_BIT(KZ_ROLE_ADMIN))
#define MAX_FEN  KZ_RULE_MAX_FEN

static const kz_transition workflow[] = {
    {"enact", {"draft"}, "in_force", STEWARDS, 0, false, "已施行"},
    {"retire", {"in_force"}, "retired", STEWARDS, 0, false, "已废止"},
    {0},
};
static const char *const editable[] = {"draft", NULL};
static const char *const frozen[] = {"in_force", "retired", NULL};
static const char *const public_states[] = {"in_force", "retired", NULL};
static const char *const read_only[] = {"retired_on", NULL};

static const char *check_name(const json_t *v)
{
    const char *s = json_string_value(v);
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return "应为字段名（小写字母、数字、下划线）";
    return NULL;
}

static const kz_field fields[] = {
    {.name = "title",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 2,
     .max_len = 100,
     .label = "政策名称"},
    {.name = "summary",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 10,
     .max_len = 2000,
     .doc = "政策依据与支持内容",
     .label = "政策内容"},
    KZ_FIELD_REGION,
    {.name = "subject_kind",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 30,
     .vocab = &kz_enum_policy_subjects,
     .doc = "政策读取的对象：contract 技术合同、challenge_application 揭榜申请、org 机构",
     .label = "兑现对象"},
    {.name = "period_from",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 10,
     .check = kz_check_date,
     .format = "date",
     .doc = "政策适用期起始日期 YYYY-MM-DD",
     .label = "适用期起"},
    {.name = "period_to",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 10,
     .check = kz_check_date,
     .format = "date",
     .doc = "政策适用期截止日期 YYYY-MM-DD（不早于起始日期）",
     .label = "适用期止"},
    {.name = "budget_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = MAX_FEN,
     .doc = "政策资金总额（分）",
     .label = "资金总额"},
    {.name = "conditions",
     .type = KZ_F_ARRAY,
     .max_items = KZ_RULE_MAX_CONDITIONS,
     .check = kz_check_object_list,
     .doc = "兑现条件：[{field, op, value, label}]，op 为 eq、ne、gt、gte、lt、lte、in、contains、"
            "prefix、between；field 为兑现对象的字段",
     .label = "兑现条件"},
    {.name = "base_field",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 47,
     .check = check_name,
     .doc = "计算基数：兑现对象的金额字段（分），如 tech_income_fen；固定金额时不填",
     .label = "计算基数"},
    {.name = "percent_bp",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = 10000,
     .doc = "按基数的比例（万分比：3000 即 30%）；与分档、固定金额三者取一",
     .label = "比例（万分比）"},
    {.name = "tiers",
     .type = KZ_F_ARRAY,
     .max_items = KZ_RULE_MAX_TIERS,
     .check = kz_check_object_list,
     .doc = "分档比例：[{up_to_fen, percent_bp}]，各档上限递增，最后一档上限可为 null",
     .label = "分档比例"},
    {.name = "fixed_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = MAX_FEN,
     .doc = "固定金额（分）",
     .label = "固定金额"},
    {.name = "cap_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = MAX_FEN,
     .doc = "单项兑现上限（分）",
     .label = "兑现上限"},
    {.name = "floor_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = MAX_FEN,
     .doc = "单项兑现下限（分）",
     .label = "兑现下限"},
    {.name = "org_year_cap_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = MAX_FEN,
     .doc = "每个单位每年度兑现上限（分，按核定年度累计）",
     .label = "单位年度上限"},
    {.name = "supersedes",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "替代的原政策 id（原政策施行中不能修改，只能废止并由新政策替代）",
     .label = "替代政策"},
    {.name = "retired_on",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .check = kz_check_date,
     .format = "date",
     .doc = "只读。废止日期",
     .label = "废止日期"},
    KZ_FIELD_ORG_ID("发布单位", "发布单位（平台管理员代为登记时指定）"),
    {0},
};
static const char *const data_fields[] = {
    "title",      "summary",    "region",           "subject_kind", "period_from", "period_to",
    "budget_fen", "conditions", "base_field",       "percent_bp",   "tiers",       "fixed_fen",
    "cap_fen",    "floor_fen",  "org_year_cap_fen", "supersedes",   "retired_on",  NULL};
static const char *const list_fields[] = {"conditions", "tiers", NULL};
static const char *const columns[] = {"title",     "subject_kind", "period_from",
                                      "period_to", "status",       NULL};

static const kz_field transition_fields[] = {
    {.name = "action", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 20},
    {.name = "comment", .type = KZ_F_STRING, .nullable = true, .max_len = 1000},
    {0},
};

/* The subject kind's record fields (and what every record has) may be read by a rule. */
static bool known_field(void *ctx, const char *field)
{
    const kz_kind_desc *k = ctx;
    static const char *const common[] = {"status", "org_id", "id", NULL};
    for (int i = 0; common[i]; i++)
        if (!strcmp(field, common[i])) return true;
    return kz_kind_field(k, field) != NULL;
}

const kz_kind_desc *kz_policy_subject_kind(const char *name)
{
    if (!name) return NULL;
    return !strcmp(name, "org") ? &kz_kind_org : kz_kind_find(name); /* (orgs: not a record kind) */
}

bool kz_policy_rule(const json_t *data, kz_rule *r, kz_error *e)
{
    const kz_kind_desc *subject = kz_policy_subject_kind(kz_json_str(data, "subject_kind"));
    if (!subject) {
        kz_field_error(e, "subject_kind", "未知的兑现对象");
        return false;
    }
    json_t *amount = json_object();
    static const char *const amount_fields[][2] = {
        {"base_field", "base"}, {"percent_bp", "percent_bp"}, {"fixed_fen", "fixed_fen"},
        {"cap_fen", "cap_fen"}, {"floor_fen", "floor_fen"},
    };
    for (size_t i = 0; i < sizeof amount_fields / sizeof amount_fields[0]; i++) {
        json_t *v = json_object_get(data, amount_fields[i][0]);
        if (v && !json_is_null(v)) json_object_set(amount, amount_fields[i][1], v);
    }
    json_t *tiers = json_object_get(data, "tiers");
    if (json_array_size(tiers)) json_object_set(amount, "tiers", tiers);
    json_t *conds = json_object_get(data, "conditions");
    json_t *rule = json_pack("{s:O, s:o}", "conditions", json_is_array(conds) ? conds : json_null(),
                             "amount", amount);
    if (!json_is_array(conds)) json_object_set_new(rule, "conditions", json_array());
    kz_error pe = {0};
    kz_err rc = kz_rule_parse(rule, known_field, (void *)subject, r, &pe);
    json_decref(rule);
    if (rc == KZ_OK) return true;
    /* the parser names the place in the rule: say it at the record's field it came from */
    const char *why = json_string_value(json_object_get(pe.fields, "rule"));
    const char *field = !why                                  ? "conditions"
                        : !strncmp(why, "conditions", 10)     ? "conditions"
                        : !strncmp(why, "amount.tiers", 12)   ? "tiers"
                        : !strncmp(why, "amount.percent", 14) ? "percent_bp"
                        : !strncmp(why, "amount.fixed", 12)   ? "fixed_fen"
                        : !strncmp(why, "amount.cap", 10)     ? "cap_fen"
                        : !strncmp(why, "amount.floor", 12)   ? "floor_fen"
                                                              : "base_field";
    kz_field_error(e, field, why ? why : "规则无效");
    kz_error_clear(&pe);
    return false;
}

/* The rule parses over the subject kind's fields; the period is in order. */
static bool check(const json_t *d, kz_error *e)
{
    kz_rule r;
    bool ok = kz_policy_rule(d, &r, e);
    const char *from = kz_json_str(d, "period_from"), *to = kz_json_str(d, "period_to");
    if (from && to && strcmp(from, to) > 0) {
        kz_field_error(e, "period_to", "截止日期不能早于起始日期");
        ok = false;
    }
    return ok;
}

static bool on_transition(const kz_transition *t, const json_t *in, json_t *data, bool *edited,
                          kz_error *e)
{
    (void)in, (void)e;
    if (strcmp(t->action, "retire") != 0) return true;
    char today[11];
    kz_today(today);
    json_object_set_new(data, "retired_on", json_string(today));
    *edited = true;
    return true;
}

const kz_kind_desc kz_kind_policy = {
    .name = "policy",
    .label = "政策",
    .path = "policies",
    .shared = true,
    .slots = {.title = "title", .region = "region", .category = "subject_kind"},
    .list = {.columns = columns},
    .publish_state = "in_force",
    .fields = fields,
    .data_fields = data_fields,
    .list_fields = list_fields,
    .statuses = &kz_enum_policy_statuses,
    .workflow = workflow,
    .transition_fields = transition_fields,
    .editable = editable,
    .frozen = frozen,
    .public_states = public_states,
    .read_only = read_only,
    .owner_section = "S", /* 公共管理: the science bureaus */
    .msg_owner_kind = "只有科技局等政府部门可以发布政策",
    .owner_roles = ISSUERS,
    .owner_msgs = {"只能以本单位名义发布政策", "必填：发布单位", "只能为本辖区的单位发布政策"},
    .msg_not_owner = "只有发布单位可以修改",
    .msg_org_fixed = "发布单位不能修改",
    .msg_frozen = "施行中或已废止的政策不能修改，请废止后发布新政策替代",
    .msg_conflict = "政策当前状态不允许该操作",
    .notify_kind = "policy_status",
    .check = check,
    .on_transition = on_transition,
};
