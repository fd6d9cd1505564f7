/* kinds/challenge.c — 揭榜挂帅: a challenge (榜单) published by a government body or an
 * enterprise, the applications (揭榜) of the orgs that take it up, and the milestones (中期检查,
 * 拨付) of the winners' projects: three record kinds of the shared table (engine.h), the latter
 * two children of the challenge (engine.h kz_parent: /challenges/{id}/applications and
 * /challenges/{id}/milestones).
 *
 * A challenge: the issuer org (owner: its org admin, enterprise users, or an officer of a
 * science bureau for a government challenge) enters the demand (征集) and submits it; an officer
 * (or admin) of the region takes it into 初筛 (screen), records the 论证 conclusion (argue: the
 * comment is the panel's opinion, required), publishes it (发榜: the deadline must be in the
 * future), closes it at the deadline (close; the platform does it itself once the deadline has
 * passed, kz_challenge_close_due), takes the applications into 评审 (review) and awards it (签约立
 * 项: award — at least one application won, exactly one unless in 赛马 mode, their contract
 * amounts within the budget; the winners are copied into the challenge, its public result);
 * the winners' projects run (start) and are accepted or failed against the indicators (验收:
 * pass needs every indicator met and every milestone passed; fail names what was not met). An
 * officer may return a challenge for changes or reject it (the reason is kept); the issuer
 * may withdraw it before it is published. When an expert panel was formed for its 论证 or its 评审
 * (kinds/panel.c), argue and award wait until that panel has closed or been cancelled. Public
 * from 发榜 on (published, closed, reviewing,
 * awarded, in_progress, accepted, failed). issuer_kind (government | enterprise) is taken from
 * the issuer org at submit.
 *
 * An application: the lead org (its org admin, researchers, enterprise users) applies to a
 * published challenge with a plan, a budget, a team and at most four partner orgs (联合体); it
 * submits before the deadline (refused after it, or once the challenge is no longer
 * published). The challenge's issuer org is its party (it reads the applications to its
 * challenge once submitted), and so are the partners. Officers shortlist, decline (lost, with
 * a reason) and, once the challenge is in 评审, award it (won, with the contract amount: the
 * solver subsidy, solver_subsidy_pct of the challenge × the amount, is computed then, in 分,
 * rounded half up). Applications are never public; the awarded challenge shows its winners.
 *
 * A milestone: a winner's org plans its milestones (title, due date, deliverables, the amount
 * to be paid at it) once the challenge is awarded, submits the plan, reports each (the report
 * text), and an officer passes it (中期检查通过, recording the amount paid, at most the planned
 * one: 拨付) or asks for rectification (the reason; reported again). The issuer org is a party.
 *
 * Ownership: descriptors are static. */
#include "../core/jsonx.h"
#include "../core/validate.h"
#include "../domain/challenge.h"
#include "../domain/engine.h"
#include "../domain/panel.h"
#include "../domain/record.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define STEWARDS (KZ_ROLE_BIT(KZ_ROLE_OFFICER) | KZ_ROLE_BIT(KZ_ROLE_ADMIN))
#define ISSUERS                                                                                    \
    (KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN) | KZ_ROLE_BIT(KZ_ROLE_ENTERPRISE) |                            \
     KZ_ROLE_BIT(KZ_ROLE_OFFICER))
#define SOLVERS                                                                                    \
    (KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN) | KZ_ROLE_BIT(KZ_ROLE_RESEARCHER) |                            \
     KZ_ROLE_BIT(KZ_ROLE_ENTERPRISE))
#define MAX_FEN      100000000000000LL /* ¥1 万亿 */
#define MAX_PARTNERS 4

/* ---- shared helpers ---- */

static bool has(const json_t *d, const char *f)
{
    json_t *v = json_object_get(d, f);
    return v && !json_is_null(v);
}

static void set_str(json_t *data, const char *f, const char *v)
{
    json_object_set_new(data, f, v ? json_string(v) : json_null());
}

/* a comment is required: the reason, the opinion */
static bool need_comment(const json_t *in, json_t *data, const char *store, const char *why,
                         bool *edited, kz_error *e)
{
    const char *s = kz_json_str(in, "comment");
    if (!s || !*s) {
        kz_field_error(e, "comment", why);
        return false;
    }
    set_str(data, store, s);
    *edited = true;
    return true;
}

/* ================================ the challenge ================================ */

static const kz_transition ch_workflow[] = {
    {"submit", {"draft", "returned"}, "submitted", 0, KZ_WHO_OWNER, false, "已提交榜单需求"},
    {"screen", {"submitted"}, "screening", STEWARDS, 0, false, "已受理，进入初筛"},
    {"argue", {"screening"}, "argued", STEWARDS, 0, false, "初筛与论证通过"},
    {"publish", {"argued"}, "published", STEWARDS, 0, false, "已发榜"},
    {"return", {"submitted", "screening", "argued"}, "returned", STEWARDS, 0, false, "已退回修改"},
    {"reject",
     {"submitted", "screening", "argued"},
     "withdrawn",
     STEWARDS,
     0,
     false,
     "未通过初筛或论证"},
    {"withdraw",
     {"draft", "submitted", "screening", "argued", "returned"},
     "withdrawn",
     0,
     KZ_WHO_OWNER,
     false,
     "已撤回"},
    {"close", {"published"}, "closed", STEWARDS, KZ_WHO_OWNER, false, "已截止揭榜"},
    {"expire", {"published"}, "closed", 0, 0, true, "揭榜截止日期已到，已截止"},
    {"review", {"closed"}, "reviewing", STEWARDS, 0, false, "进入揭榜评审"},
    {"award", {"reviewing"}, "awarded", STEWARDS, 0, false, "已签约立项"},
    {"start", {"awarded"}, "in_progress", STEWARDS, KZ_WHO_OWNER, false, "已开始攻关实施"},
    {"pass", {"in_progress"}, "accepted", STEWARDS, 0, false, "验收通过"},
    {"fail", {"in_progress"}, "failed", STEWARDS, 0, false, "验收未通过"},
    {0},
};
static const char *const ch_editable[] = {"draft", "returned", NULL};
static const char *const ch_frozen[] = {"accepted", "failed", "withdrawn", NULL};
static const char *const ch_public[] = {"published",   "closed",   "reviewing", "awarded",
                                        "in_progress", "accepted", "failed",    NULL};

static const char *check_indicators(const json_t *v)
{
    return json_array_size(v) ? NULL : "至少填写一项考核指标";
}

/* Each result is {indicator, met, note?}: the indicator one of the challenge's. */
static const char *check_results(const json_t *v)
{
    size_t i;
    json_t *it;
    json_array_foreach(v, i, it)
    {
        if (!json_is_object(it)) return "每项应为 {indicator, met, note}";
        const char *ind = kz_json_str(it, "indicator");
        if (!ind || !*ind || kz_utf8_len(ind) > 200) return "indicator 应为 1–200 个字符";
        if (!json_is_boolean(json_object_get(it, "met"))) return "met 应为 true 或 false";
        json_t *note = json_object_get(it, "note");
        if (note && !json_is_null(note) &&
            (!json_is_string(note) || kz_utf8_len(json_string_value(note)) > 500))
            return "note 应为不超过 500 个字符的文字";
        const char *k;
        json_t *x;
        json_object_foreach(it, k, x) if (strcmp(k, "indicator") && strcmp(k, "met") &&
                                          strcmp(k, "note")) return "每项只含 indicator、met、note";
    }
    return NULL;
}

/* Each winner as the award copied it. */
static const char *check_winners(const json_t *v)
{
    size_t i;
    json_t *it;
    json_array_foreach(v, i, it) if (!json_is_object(it)) return "每项应为对象";
    return NULL;
}

static const char *const ch_read_only[] = {"issuer_kind",       "opinion",     "reason",
                                           "winners",           "awarded_fen", "subsidy_fen",
                                           "indicator_results", NULL};

static const kz_field ch_fields[] = {
    {.name = "title",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 2,
     .max_len = 100,
     .label = "榜单名称"},
    {.name = "goal",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 10,
     .max_len = 4000,
     .doc = "攻关目标：需要解决的技术难题与应用场景",
     .label = "攻关目标"},
    {.name = "indicators",
     .type = KZ_F_STRING_LIST,
     .required = true,
     .min_len = 2,
     .max_len = 200,
     .max_items = 20,
     .check = check_indicators,
     .doc = "考核指标（至少一项）：验收时逐项判定是否达到",
     .label = "考核指标"},
    KZ_FIELD_INDUSTRY,
    KZ_FIELD_REGION,
    {.name = "budget_fen",
     .type = KZ_F_INT,
     .required = true,
     .min = 1,
     .max = MAX_FEN,
     .doc = "榜单金额（分）：揭榜方合同金额合计不超过此数",
     .label = "榜单金额"},
    {.name = "deadline",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 10,
     .check = kz_check_date,
     .format = "date",
     .doc = "揭榜截止日期 YYYY-MM-DD：发榜时须晚于今天，截止后不再受理揭榜",
     .label = "揭榜截止日期"},
    {.name = "eligibility",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 1000,
     .doc = "揭榜条件：对揭榜单位的资质、团队、业绩等要求",
     .label = "揭榜条件"},
    {.name = "mode",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .vocab = &kz_enum_challenge_modes,
     .doc = "single 单一揭榜（一个揭榜方）或 race 赛马（多个揭榜方并行攻关，各有合同金额）；默认 "
            "single",
     .label = "揭榜方式"},
    {.name = "solver_subsidy_pct",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = 100,
     .doc = "揭榜方补助比例（%）：按合同金额计算的补助，默认 30",
     .label = "揭榜补助比例"},
    {.name = "contact", .type = KZ_F_STRING, .nullable = true, .max_len = 100, .label = "联系方式"},
    {.name = "issuer_kind",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 20,
     .vocab = &kz_enum_challenge_issuers,
     .doc = "只读。发榜方类型：提交时取自发榜机构（政府部门为 government，其余为 enterprise）",
     .label = "发榜方类型"},
    {.name = "opinion",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 1000,
     .doc = "只读。论证意见（argue 操作的 comment）",
     .label = "论证意见"},
    {.name = "reason",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 1000,
     .doc = "只读。退回、不予发榜或验收未通过的理由",
     .label = "理由"},
    {.name = "winners",
     .type = KZ_F_ARRAY,
     .max_items = 50,
     .check = check_winners,
     .doc = "只读。揭榜结果：签约立项时的中榜申请 [{application_id, org_id, org_name, title, "
            "contract_amount_fen, solver_subsidy_fen}]",
     .label = "揭榜结果"},
    {.name = "awarded_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = MAX_FEN,
     .doc = "只读。中榜合同金额合计（分）",
     .label = "立项金额"},
    {.name = "subsidy_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = MAX_FEN,
     .doc = "只读。揭榜方补助合计（分）",
     .label = "揭榜补助"},
    {.name = "indicator_results",
     .type = KZ_F_ARRAY,
     .max_items = 20,
     .check = check_results,
     .doc = "只读。验收结论：逐项指标 [{indicator, met, note}]",
     .label = "验收结论"},
    KZ_FIELD_ORG_ID("发榜单位", "发榜单位（平台管理员、科技局代为发榜时指定）"),
    {0},
};
static const char *const ch_data_fields[] = {
    "title",       "goal",        "indicators",        "industry", "region",
    "budget_fen",  "deadline",    "eligibility",       "mode",     "solver_subsidy_pct",
    "contact",     "issuer_kind", "opinion",           "reason",   "winners",
    "awarded_fen", "subsidy_fen", "indicator_results", NULL};
static const char *const ch_list_fields[] = {"indicators", "winners", "indicator_results", NULL};
static const char *const ch_columns[] = {"title",  "mode",     "budget_fen", "deadline",
                                         "region", "industry", "status",     NULL};

static const kz_field ch_transition_fields[] = {
    {.name = "action", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 20},
    /* (required by argue, return, reject and fail) */
    {.name = "comment", .type = KZ_F_STRING, .nullable = true, .max_len = 1000},
    {.name = "indicator_results",
     .type = KZ_F_ARRAY,
     .max_items = 20,
     .check = check_results,
     .doc =
         "验收（pass、fail）时必填：逐项指标是否达到 [{indicator, met, note}]，须覆盖全部考核指标",
     .label = "验收结论"},
    {0},
};

static void ch_defaults(json_t *data)
{
    if (!has(data, "mode")) json_object_set_new(data, "mode", json_string("single"));
    if (!has(data, "solver_subsidy_pct"))
        json_object_set_new(data, "solver_subsidy_pct", json_integer(KZ_CHALLENGE_SUBSIDY_PCT));
}

/* The indicators are distinct. */
static bool ch_check(const json_t *d, kz_error *e)
{
    json_t *ind = json_object_get(d, "indicators");
    for (size_t i = 0; i < json_array_size(ind); i++)
        for (size_t j = 0; j < i; j++)
            if (json_equal(json_array_get(ind, i), json_array_get(ind, j))) {
                kz_field_error(e, "indicators", "考核指标不能重复");
                return false;
            }
    return true;
}

/* pass / fail: the results cover each indicator once; pass needs every one met, fail at least
 * one not met and the reason. */
static bool check_verdict(bool pass, const json_t *in, json_t *data, bool *edited, kz_error *e)
{
    json_t *res = json_object_get(in, "indicator_results");
    if (!json_is_array(res) || !json_array_size(res)) {
        kz_field_error(e, "indicator_results", "验收时必填：逐项指标是否达到");
        return false;
    }
    json_t *ind = json_object_get(data, "indicators");
    size_t n = json_array_size(ind), unmet = 0;
    if (json_array_size(res) != n) {
        kz_field_error(e, "indicator_results", "验收结论应逐项覆盖全部考核指标，每项一次");
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        const char *want = json_string_value(json_array_get(ind, i));
        size_t found = 0;
        for (size_t j = 0; j < n; j++) {
            json_t *r = json_array_get(res, j);
            if (!strcmp(kz_json_str(r, "indicator"), want)) {
                found++;
                if (!json_is_true(json_object_get(r, "met"))) unmet++;
            }
        }
        if (found != 1) {
            kz_field_error(e, "indicator_results", "验收结论应逐项覆盖全部考核指标，每项一次");
            return false;
        }
    }
    if (pass && unmet) {
        kz_field_error(e, "indicator_results", "有考核指标未达到，不能验收通过");
        return false;
    }
    if (!pass && !unmet) {
        kz_field_error(e, "indicator_results", "全部考核指标均已达到，应验收通过");
        return false;
    }
    if (!pass && !need_comment(in, data, "reason", "必填：验收未通过的理由", edited, e))
        return false;
    json_object_set(data, "indicator_results", res);
    *edited = true;
    return true;
}

static bool ch_on_transition(const kz_transition *t, const json_t *in, json_t *data, bool *edited,
                             kz_error *e)
{
    const char *a = t->action;
    json_t *res = json_object_get(in, "indicator_results");
    bool verdict = !strcmp(a, "pass") || !strcmp(a, "fail");
    if (res && !json_is_null(res) && !verdict) {
        kz_field_error(e, "indicator_results", "只有验收时填写验收结论");
        return false;
    }
    if (verdict) return check_verdict(!strcmp(a, "pass"), in, data, edited, e);
    if (!strcmp(a, "submit") && has(data, "reason")) {
        set_str(data, "reason", NULL);
        *edited = true;
    }
    return true;
}

/* submit: the issuer's kind; publish: a deadline still ahead; award: the winners; pass: every
 * milestone passed. */
static db_status ch_on_transition_db(db_conn *c, const kz_actor *a, const kz_transition *t,
                                     const kz_rec_row *r, json_t *data, bool *edited,
                                     kz_err *refused, kz_error *e)
{
    (void)a;
    const char *act = t->action;
    /* 论证 and the award wait for their expert panel, if one was formed */
    if (!strcmp(act, "argue") || !strcmp(act, "award")) {
        bool pending = false;
        db_status st = kz_panel_pending(
            c, r->id, !strcmp(act, "argue") ? "challenge_argue" : "challenge_review", &pending);
        if (st != DB_OK) return st;
        if (pending)
            return kz_refuse(refused, e, KZ_E_CONFLICT, NULL,
                             !strcmp(act, "argue")
                                 ? "论证专家组尚未结束评审，请在专家组结束后再论证"
                                 : "评审专家组尚未结束评审，请在专家组结束后再立项");
    }
    if (!strcmp(act, "submit")) {
        kz_err rc;
        json_t *org = kz_kind_read(&kz_kind_org, c, r->org_id, &rc, e);
        if (!org) {
            *refused = rc;
            return DB_HARD;
        }
        const char *kind = kz_json_str(org, "kind");
        set_str(data, "issuer_kind",
                kind && !strcmp(kind, "government") ? "government" : "enterprise");
        json_decref(org);
        *edited = true;
        return DB_OK;
    }
    if (!strcmp(act, "publish")) {
        char today[11];
        kz_today(today);
        const char *dl = kz_json_str(data, "deadline");
        if (!dl || strcmp(dl, today) <= 0)
            return kz_refuse(refused, e, 0, "deadline",
                             "发榜时揭榜截止日期应晚于今天，请先退回修改");
        return DB_OK;
    }
    if (!strcmp(act, "award")) return kz_challenge_award(c, r, data, edited, refused, e);
    if (!strcmp(act, "pass")) {
        json_t *ms;
        db_status st =
            kz_kind_children(&kz_kind_challenge_milestone, c, r->id, NULL, KZ_CHILDREN_MAX, &ms);
        size_t i;
        json_t *m;
        json_array_foreach(ms, i, m)
        {
            const char *s = kz_json_str(m, "status");
            if (st == DB_OK && strcmp(s, "passed") != 0 && strcmp(s, "draft") != 0)
                st = kz_refuse(refused, e, KZ_E_CONFLICT, NULL,
                               "还有里程碑未通过中期检查，不能验收通过");
        }
        json_decref(ms);
        return st;
    }
    return DB_OK;
}

const kz_kind_desc kz_kind_challenge = {
    .name = "challenge",
    .label = "揭榜挂帅榜单",
    .path = "challenges",
    .shared = true,
    .slots = {.title = "title",
              .region = "region",
              .industry = "industry",
              .category = "mode",
              .money_lo = "budget_fen",
              .money_hi = "budget_fen"},
    .list = {.money_param = "budget",
             .money_label = "榜单金额（分）",
             .money_hi_sort = "-budget",
             .money_lo_sort = "budget",
             .columns = ch_columns},
    .fields = ch_fields,
    .data_fields = ch_data_fields,
    .list_fields = ch_list_fields,
    .statuses = &kz_enum_challenge_statuses,
    .workflow = ch_workflow,
    .transition_fields = ch_transition_fields,
    .comments = (const kz_comment_rule[]){{"argue", "opinion", "必填：论证意见"},
                                          {"return", "reason", "必填：退回或不予发榜的理由"},
                                          {"reject", "reason", "必填：退回或不予发榜的理由"},
                                          {0}},
    .editable = ch_editable,
    .frozen = ch_frozen,
    .public_states = ch_public,
    .read_only = ch_read_only,
    .owner_roles = ISSUERS,
    .owner_msgs = {"只能为本单位发榜", "必填：发榜单位", "只能为本辖区的单位发榜"},
    .msg_not_owner = "只有发榜单位可以修改",
    .msg_org_fixed = "发榜单位不能修改",
    .msg_frozen = "已结束的榜单不能修改",
    .msg_conflict = "榜单当前状态不允许该操作",
    .msg_system = "揭榜截止由平台在截止日期后执行",
    .notify_kind = "challenge_status",
    .defaults = ch_defaults,
    .check = ch_check,
    .on_transition = ch_on_transition,
    .on_transition_db = ch_on_transition_db,
};

/* ============================== the applications ============================== */

static const kz_transition app_workflow[] = {
    {"submit", {"draft"}, "submitted", 0, KZ_WHO_OWNER, false, "已提交揭榜申请"},
    {"withdraw", {"draft", "submitted"}, "withdrawn", 0, KZ_WHO_OWNER, false, "已撤回揭榜申请"},
    {"shortlist", {"submitted"}, "shortlisted", STEWARDS, 0, false, "已入围评审"},
    {"win", {"shortlisted"}, "won", STEWARDS, 0, false, "已中榜"},
    {"lose", {"submitted", "shortlisted"}, "lost", STEWARDS, 0, false, "未中榜"},
    {0},
};
static const char *const app_editable[] = {"draft", NULL};
static const char *const app_frozen[] = {"won", "lost", "withdrawn", NULL};
static const char *const app_public[] = {NULL};
static const char *const app_open[] = {"published", NULL};

/* At most four partner orgs, by id, each once. */
static const char *check_partners(const json_t *v)
{
    if (json_array_size(v) > MAX_PARTNERS) return "联合体成员单位最多 4 家";
    for (size_t i = 0; i < json_array_size(v); i++) {
        json_t *it = json_array_get(v, i);
        if (!json_is_integer(it) || json_integer_value(it) < 1 ||
            json_integer_value(it) > KZ_ID_MAX)
            return "联合体成员单位应为机构 id";
        for (size_t j = 0; j < i; j++)
            if (json_equal(it, json_array_get(v, j))) return "联合体成员单位不能重复";
    }
    return NULL;
}

/* The fields an application and a milestone take of their challenge when made (read-only). */
#define FROM_CHALLENGE_FIELDS                                                                      \
    {.name = "challenge_title",                                                                    \
     .type = KZ_F_STRING,                                                                          \
     .nullable = true,                                                                             \
     .max_len = 100,                                                                               \
     .doc = "只读。榜单名称（创建时取自榜单）",                                                    \
     .label = "榜单名称"},                                                                         \
        {.name = "region",                                                                         \
         .type = KZ_F_STRING,                                                                      \
         .nullable = true,                                                                         \
         .max_len = 6,                                                                             \
         .check = kz_check_region,                                                                 \
         .doc = "只读。榜单所在地区（创建时取自榜单）",                                            \
         .label = "所在地区"},                                                                     \
        {.name = "industry",                                                                       \
         .type = KZ_F_STRING,                                                                      \
         .nullable = true,                                                                         \
         .max_len = 4,                                                                             \
         .check = kz_check_industry,                                                               \
         .doc = "只读。榜单所属行业（创建时取自榜单）",                                            \
         .label = "所属行业"},                                                                     \
    {                                                                                              \
        .name = "issuer_org_id", .type = KZ_F_INT, .nullable = true, .min = 1, .max = KZ_ID_MAX,   \
        .doc = "只读。发榜单位（创建时取自榜单）", .label = "发榜单位"                         \
    }

static const char *const app_read_only[] = {
    "challenge_title",    "region", "industry", "issuer_org_id", "contract_amount_fen",
    "solver_subsidy_fen", "reason", NULL};

static const kz_field app_fields[] = {
    {.name = "challenge_id",
     .type = KZ_F_INT,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "所揭的榜单 id（由路径 /challenges/{id}/applications 指定）",
     .label = "榜单"},
    {.name = "title",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 2,
     .max_len = 100,
     .label = "揭榜项目名称"},
    {.name = "plan",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 10,
     .max_len = 4000,
     .doc = "攻关方案：技术路线、进度安排与预期成果",
     .label = "攻关方案"},
    {.name = "budget_fen",
     .type = KZ_F_INT,
     .required = true,
     .min = 1,
     .max = MAX_FEN,
     .doc = "申请经费（分）",
     .label = "申请经费"},
    {.name = "team",
     .type = KZ_F_STRING_LIST,
     .required = true,
     .min_len = 2,
     .max_len = 100,
     .max_items = 30,
     .doc = "团队成员（每项：姓名 职称 单位），第一项为项目负责人",
     .label = "攻关团队"},
    {.name = "partner_org_ids",
     .type = KZ_F_ARRAY,
     .max_items = MAX_PARTNERS,
     .check = check_partners,
     .doc = "联合体成员单位：主体库中机构的 id，最多 4 家（牵头单位为申请所属机构）",
     .label = "联合体成员单位"},
    FROM_CHALLENGE_FIELDS,
    {.name = "contract_amount_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = MAX_FEN,
     .doc = "只读。中榜时确定的合同金额（分）",
     .label = "合同金额"},
    {.name = "solver_subsidy_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = MAX_FEN,
     .doc = "只读。揭榜方补助（分）= 合同金额 × 榜单的揭榜补助比例 ÷ 100，四舍五入到分",
     .label = "揭榜补助"},
    {.name = "reason",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 1000,
     .doc = "只读。未中榜的理由",
     .label = "理由"},
    KZ_FIELD_ORG_ID("牵头单位", "牵头单位（平台管理员、科技局代为申请时指定）"),
    {0},
};
static const char *const app_data_fields[] = {"challenge_id",
                                              "title",
                                              "plan",
                                              "budget_fen",
                                              "team",
                                              "partner_org_ids",
                                              "challenge_title",
                                              "region",
                                              "industry",
                                              "issuer_org_id",
                                              "contract_amount_fen",
                                              "solver_subsidy_fen",
                                              "reason",
                                              NULL};
static const char *const app_list_fields[] = {"team", "partner_org_ids", NULL};
static const char *const app_columns[] = {
    "title", "challenge_title", "budget_fen", "contract_amount_fen", "status", NULL};

static const kz_field app_transition_fields[] = {
    {.name = "action", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 20},
    /* (required by lose) */
    {.name = "comment", .type = KZ_F_STRING, .nullable = true, .max_len = 1000},
    {.name = "contract_amount_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = MAX_FEN,
     .doc = "中榜（win）时必填：合同金额（分）；各中榜合同金额合计不超过榜单金额",
     .label = "合同金额"},
    {0},
};

/* What a challenge's application or milestone takes of it when made: its title, region and
 * industry (the issuer is the engine's: the kz_parent's party_field). */
static void copy_from_challenge(const kz_rec_row *parent, json_t *data)
{
    static const char *const copied[][2] = {
        {"challenge_title", "title"}, {"region", "region"}, {"industry", "industry"}};
    for (size_t i = 0; i < sizeof copied / sizeof copied[0]; i++)
        json_object_set(data, copied[i][0], json_object_get(parent->rec, copied[i][1]));
}

/* A new application: the challenge's title, region and industry (its issuer is set by the
 * engine: party_field); not by the issuer itself. */
static kz_err app_check_parent(db_conn *c, const kz_actor *a, const kz_rec_row *parent,
                               int64_t org_id, json_t *data, bool import, kz_error *e)
{
    (void)c, (void)a, (void)import;
    if (org_id == parent->org_id) return kz_fail(e, KZ_E_CONFLICT, "发榜单位不能揭自己的榜");
    copy_from_challenge(parent, data);
    return KZ_OK;
}

static const kz_parent app_parent = {
    .kind = &kz_kind_challenge,
    .field = "challenge_id",
    .segment = "applications",
    .open_states = app_open,
    .msg_closed = "榜单不在揭榜期内，不能揭榜",
    .party_field = "issuer_org_id",
    .check_parent = app_check_parent,
};

static bool app_on_transition(const kz_transition *t, const json_t *in, json_t *data, bool *edited,
                              kz_error *e)
{
    json_t *amt = json_object_get(in, "contract_amount_fen");
    bool win = !strcmp(t->action, "win");
    if (amt && !json_is_null(amt) && !win) {
        kz_field_error(e, "contract_amount_fen", "只有中榜时确定合同金额");
        return false;
    }
    if (win) {
        if (!json_is_integer(amt)) {
            kz_field_error(e, "contract_amount_fen", "中榜时必填：合同金额");
            return false;
        }
        json_object_set(data, "contract_amount_fen", amt);
        *edited = true;
    }
    return true;
}

/* submit: the challenge still open and before its deadline, the partners real orgs other than
 * the lead; win: the challenge in review, one winner unless 赛马, within the budget, the
 * subsidy. */
static db_status app_on_transition_db(db_conn *c, const kz_actor *a, const kz_transition *t,
                                      const kz_rec_row *r, json_t *data, bool *edited,
                                      kz_err *refused, kz_error *e)
{
    (void)a;
    bool submit = !strcmp(t->action, "submit"), win = !strcmp(t->action, "win");
    if (!submit && !win && strcmp(t->action, "shortlist") != 0) return DB_OK;
    kz_err rc;
    json_t *ch = kz_kind_read(&kz_kind_challenge, c,
                              json_integer_value(json_object_get(data, "challenge_id")), &rc, e);
    if (!ch) {
        *refused = rc;
        return DB_HARD;
    }
    const char *cs = kz_json_str(ch, "status");
    db_status st = DB_OK;
    if (submit) {
        char today[11];
        kz_today(today);
        const char *dl = kz_json_str(ch, "deadline");
        if (strcmp(cs, "published") != 0 || !dl || strcmp(today, dl) > 0)
            st = kz_refuse(refused, e, KZ_E_CONFLICT, NULL, "揭榜已截止，不能提交揭榜申请");
        json_t *ps = json_object_get(data, "partner_org_ids");
        for (size_t i = 0; st == DB_OK && i < json_array_size(ps); i++) {
            int64_t id = json_integer_value(json_array_get(ps, i));
            json_t *o = id == r->org_id ? NULL : kz_kind_read(&kz_kind_org, c, id, &rc, e);
            if (id == r->org_id)
                st = kz_refuse(refused, e, 0, "partner_org_ids", "牵头单位不能同时是联合体成员");
            else if (!o && rc == KZ_E_NOT_FOUND) {
                kz_error_clear(e);
                st = kz_refuse(refused, e, 0, "partner_org_ids", "联合体成员单位不存在");
            } else if (!o) {
                *refused = rc;
                st = DB_HARD;
            }
            json_decref(o);
        }
    } else if (!win) { /* shortlist */
        if (strcmp(cs, "closed") != 0 && strcmp(cs, "reviewing") != 0)
            st = kz_refuse(refused, e, KZ_E_CONFLICT, NULL, "榜单揭榜截止后才能评审入围");
    } else if (strcmp(cs, "reviewing") != 0) {
        st = kz_refuse(refused, e, KZ_E_CONFLICT, NULL, "榜单进入评审后才能确定中榜");
    } else {
        json_t *won;
        st = kz_kind_children(&kz_kind_challenge_application, c,
                              json_integer_value(json_object_get(data, "challenge_id")), "won",
                              KZ_CHILDREN_MAX, &won);
        const char *mode = kz_json_str(ch, "mode");
        json_int_t amount = json_integer_value(json_object_get(data, "contract_amount_fen"));
        json_int_t sum = amount;
        for (size_t i = 0; i < json_array_size(won); i++)
            sum +=
                json_integer_value(json_object_get(json_array_get(won, i), "contract_amount_fen"));
        if (st == DB_OK && json_array_size(won) && (!mode || strcmp(mode, "race") != 0))
            st = kz_refuse(refused, e, KZ_E_CONFLICT, NULL,
                           "单一揭榜的榜单只能有一个中榜单位（赛马方式可有多个）");
        else if (st == DB_OK && sum > json_integer_value(json_object_get(ch, "budget_fen")))
            st =
                kz_refuse(refused, e, 0, "contract_amount_fen", "中榜合同金额合计不能超过榜单金额");
        json_decref(won);
        if (st == DB_OK) {
            json_int_t pct = json_integer_value(json_object_get(ch, "solver_subsidy_pct"));
            json_object_set_new(data, "solver_subsidy_fen",
                                json_integer(kz_challenge_subsidy(amount, pct)));
            *edited = true;
        }
    }
    json_decref(ch);
    return st;
}

const kz_kind_desc kz_kind_challenge_application = {
    .name = "challenge_application",
    .label = "揭榜申请",
    .path = "challenge-applications",
    .shared = true,
    .parent = &app_parent,
    .slots = {.title = "title",
              .region = "region",
              .industry = "industry",
              .money_lo = "budget_fen",
              .money_hi = "budget_fen",
              .parties = {"issuer_org_id", "partner_org_ids"}},
    .list = {.money_param = "budget",
             .money_label = "申请经费（分）",
             .money_hi_sort = "-budget",
             .money_lo_sort = "budget",
             .columns = app_columns},
    .publish_state = "won",
    .fields = app_fields,
    .data_fields = app_data_fields,
    .list_fields = app_list_fields,
    .statuses = &kz_enum_challenge_application_statuses,
    .workflow = app_workflow,
    .transition_fields = app_transition_fields,
    .comments = (const kz_comment_rule[]){{"lose", "reason", "必填：未中榜的理由"}, {0}},
    .editable = app_editable,
    .frozen = app_frozen,
    .public_states = app_public,
    .read_only = app_read_only,
    .owner_roles = SOLVERS,
    .party_roles = KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN) | KZ_ROLE_BIT(KZ_ROLE_ENTERPRISE) |
                   KZ_ROLE_BIT(KZ_ROLE_RESEARCHER) | KZ_ROLE_BIT(KZ_ROLE_OFFICER),
    .owner_msgs = {"只能以本单位名义揭榜", "必填：牵头单位", "只能为本辖区的单位揭榜"},
    .msg_not_owner = "只有牵头单位可以修改",
    .msg_org_fixed = "牵头单位不能修改",
    .msg_frozen = "已有评审结果的揭榜申请不能修改",
    .msg_conflict = "揭榜申请当前状态不允许该操作",
    .notify_kind = "challenge_application_status",
    .on_transition = app_on_transition,
    .on_transition_db = app_on_transition_db,
};

/* =============================== the milestones =============================== */

static const kz_transition ms_workflow[] = {
    {"submit", {"draft"}, "planned", 0, KZ_WHO_OWNER, false, "已提交里程碑计划"},
    {"report", {"planned", "rectify"}, "reported", 0, KZ_WHO_OWNER, false, "已提交进展报告"},
    {"pass", {"reported"}, "passed", STEWARDS, 0, false, "中期检查通过，已拨付"},
    {"rectify", {"reported"}, "rectify", STEWARDS, 0, false, "中期检查需整改"},
    {0},
};
static const char *const ms_editable[] = {"draft", NULL};
static const char *const ms_frozen[] = {"passed", NULL};
static const char *const ms_public[] = {NULL};
static const char *const ms_open[] = {"awarded", "in_progress", NULL};
static const char *const ms_read_only[] = {"challenge_title", "region",  "industry",
                                           "issuer_org_id",   "report",  "reason",
                                           "paid_fen",        "paid_on", NULL};

static const kz_field ms_fields[] = {
    {.name = "challenge_id",
     .type = KZ_F_INT,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "所属榜单 id（由路径 /challenges/{id}/milestones 指定）",
     .label = "榜单"},
    {.name = "title",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 2,
     .max_len = 100,
     .label = "里程碑"},
    {.name = "due_on",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 10,
     .check = kz_check_date,
     .format = "date",
     .doc = "计划完成日期 YYYY-MM-DD",
     .label = "计划完成日期"},
    {.name = "deliverables",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 2,
     .max_len = 2000,
     .doc = "阶段成果与检查内容",
     .label = "阶段成果"},
    {.name = "amount_fen",
     .type = KZ_F_INT,
     .required = true,
     .min = 0,
     .max = MAX_FEN,
     .doc = "通过中期检查后拨付的金额（分）",
     .label = "拨付金额"},
    FROM_CHALLENGE_FIELDS,
    {.name = "report",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 1000,
     .doc = "只读。进展报告（report 操作的 comment）",
     .label = "进展报告"},
    {.name = "reason",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 1000,
     .doc = "只读。整改意见",
     .label = "整改意见"},
    {.name = "paid_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = MAX_FEN,
     .doc = "只读。实际拨付金额（分），不超过计划拨付金额",
     .label = "实际拨付"},
    {.name = "paid_on",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .check = kz_check_date,
     .format = "date",
     .doc = "只读。拨付日期",
     .label = "拨付日期"},
    KZ_FIELD_ORG_ID("承担单位", "承担单位（中榜的牵头单位）"),
    {0},
};
static const char *const ms_data_fields[] = {
    "challenge_id", "title",    "due_on",        "deliverables", "amount_fen", "challenge_title",
    "region",       "industry", "issuer_org_id", "report",       "reason",     "paid_fen",
    "paid_on",      NULL};
static const char *const ms_columns[] = {"title",    "due_on", "amount_fen",
                                         "paid_fen", "status", NULL};

static const kz_field ms_transition_fields[] = {
    {.name = "action", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 20},
    /* (required by report: the report; by rectify: what to rectify) */
    {.name = "comment", .type = KZ_F_STRING, .nullable = true, .max_len = 1000},
    {.name = "paid_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = MAX_FEN,
     .doc = "中期检查通过（pass）时必填：实际拨付金额（分），不超过计划拨付金额",
     .label = "实际拨付"},
    {0},
};

/* A milestone belongs to a winner of the challenge: its org has a won application. */
static kz_err ms_check_parent(db_conn *c, const kz_actor *a, const kz_rec_row *parent,
                              int64_t org_id, json_t *data, bool import, kz_error *e)
{
    (void)a;
    json_t *won;
    db_status st = kz_kind_children(&kz_kind_challenge_application, c, parent->id, "won",
                                    KZ_CHILDREN_MAX, &won);
    bool winner = false;
    for (size_t i = 0; i < json_array_size(won); i++)
        if (json_integer_value(json_object_get(json_array_get(won, i), "org_id")) == org_id)
            winner = true;
    json_decref(won);
    if (st != DB_OK) return kz_db_fail(e, st);
    if (!winner && !import) return kz_fail(e, KZ_E_CONFLICT, "只有中榜单位可以为该榜单制定里程碑");
    copy_from_challenge(parent, data);
    return KZ_OK;
}

static const kz_parent ms_parent = {
    .kind = &kz_kind_challenge,
    .field = "challenge_id",
    .segment = "milestones",
    .open_states = ms_open,
    .msg_closed = "榜单签约立项后才能制定里程碑",
    .party_field = "issuer_org_id",
    .check_parent = ms_check_parent,
};

static bool ms_on_transition(const kz_transition *t, const json_t *in, json_t *data, bool *edited,
                             kz_error *e)
{
    json_t *paid = json_object_get(in, "paid_fen");
    bool pass = !strcmp(t->action, "pass");
    if (paid && !json_is_null(paid) && !pass) {
        kz_field_error(e, "paid_fen", "只有中期检查通过时填写拨付金额");
        return false;
    }
    if (pass) {
        if (!json_is_integer(paid)) {
            kz_field_error(e, "paid_fen", "中期检查通过时必填：实际拨付金额");
            return false;
        }
        if (json_integer_value(paid) > json_integer_value(json_object_get(data, "amount_fen"))) {
            kz_field_error(e, "paid_fen", "实际拨付金额不能超过计划拨付金额");
            return false;
        }
        char today[11];
        kz_today(today);
        json_object_set(data, "paid_fen", paid);
        set_str(data, "paid_on", today);
        set_str(data, "reason", NULL);
        *edited = true;
        return true;
    }
    return true;
}

const kz_kind_desc kz_kind_challenge_milestone = {
    .name = "challenge_milestone",
    .label = "揭榜项目里程碑",
    .path = "challenge-milestones",
    .shared = true,
    .parent = &ms_parent,
    .slots = {.title = "title",
              .region = "region",
              .industry = "industry",
              .money_lo = "amount_fen",
              .money_hi = "amount_fen",
              .parties = {"issuer_org_id"}},
    .list = {.money_param = "amount",
             .money_label = "拨付金额（分）",
             .money_hi_sort = "-amount",
             .money_lo_sort = "amount",
             .columns = ms_columns},
    .publish_state = "passed",
    .fields = ms_fields,
    .data_fields = ms_data_fields,
    .statuses = &kz_enum_challenge_milestone_statuses,
    .workflow = ms_workflow,
    .transition_fields = ms_transition_fields,
    .comments = (const kz_comment_rule[]){{"report", "report", "必填：进展报告"},
                                          {"rectify", "reason", "必填：整改意见"},
                                          {0}},
    .editable = ms_editable,
    .frozen = ms_frozen,
    .public_states = ms_public,
    .read_only = ms_read_only,
    .owner_roles = SOLVERS,
    .owner_msgs = {"只能为本单位制定里程碑", "必填：承担单位", "只能为本辖区的单位制定里程碑"},
    .msg_not_owner = "只有承担单位可以修改",
    .msg_org_fixed = "承担单位不能修改",
    .msg_frozen = "已通过中期检查的里程碑不能修改",
    .msg_conflict = "里程碑当前状态不允许该操作",
    .notify_kind = "challenge_milestone_status",
    .on_transition = ms_on_transition,
};
