/* kinds/policy_application.c — 政策兑现 reward applications (issue 17 item 3): an org applies
 * for a policy's reward on one of its subjects (a registered contract, a won 揭榜 application,
 * the org itself); a record kind of the shared table (engine.h), a child of its policy
 * (/policies/{id}/applications, while the policy is in force).
 *
 * The applicant org (its org admin or enterprise users) names the subject and states its case
 * (draft), then submits: the subject must be the org's (its owner or a party: a contract's
 * buyer; 422 on subject_id), no other application may hold the same policy and subject (409:
 * the claim, policy_claims), and the policy must grant something (409 with the first condition
 * not met) — the evaluation (policy.h kz_policy_assess: the rule, the budget left, the org's
 * yearly cap left) is kept with the application: the amount, each line of the explanation and
 * the policy's version. A reviewer (third-party agency), an officer of the region or an admin
 * takes it into review (accept), approves it — evaluated again as of the day it was submitted
 * and against the budget and cap left now, the amount frozen (approved_fen: the evaluated
 * amount, or less when the reviewer says so) — or rejects it with a reason; an officer records
 * the payment (pay: the date and the voucher number). The applicant may withdraw it before
 * review. Rejected and withdrawn applications free the subject for a new application.
 *
 * The policy's issuer is a party (reads the applications to its policy once submitted). Never
 * public. The claims and the amounts approved and paid per policy and per org and year
 * (policy_ledger) are kept in each write's transaction (counted) and recounted by kezhuan
 * stats verify.
 *
 * Ownership: descriptors are static. */
#include "../core/jsonx.h"
#include "../core/validate.h"
#include "../domain/engine.h"
#include "../domain/policy.h"
#include "../domain/record.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define APPLICANTS (KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN) | KZ_ROLE_BIT(KZ_ROLE_ENTERPRISE))
#define REVIEWERS                                                                                  \
    (KZ_ROLE_BIT(KZ_ROLE_REVIEWER) | KZ_ROLE_BIT(KZ_ROLE_OFFICER) | KZ_ROLE_BIT(KZ_ROLE_ADMIN))
#define STEWARDS (KZ_ROLE_BIT(KZ_ROLE_OFFICER) | KZ_ROLE_BIT(KZ_ROLE_ADMIN))
#define MAX_FEN  KZ_RULE_MAX_FEN

static const kz_transition workflow[] = {
    {"submit", {"draft"}, "submitted", 0, KZ_WHO_OWNER, false, "已提交兑现申请"},
    {"withdraw", {"draft", "submitted"}, "withdrawn", 0, KZ_WHO_OWNER, false, "已撤回兑现申请"},
    {"accept", {"submitted"}, "reviewing", REVIEWERS, 0, false, "已受理，进入审核"},
    {"approve", {"reviewing"}, "approved", REVIEWERS, 0, false, "审核通过，兑现金额已核定"},
    {"reject", {"submitted", "reviewing"}, "rejected", REVIEWERS, 0, false, "审核未通过"},
    {"pay", {"approved"}, "paid", STEWARDS, 0, false, "已拨付"},
    {0},
};
static const char *const editable[] = {"draft", NULL};
static const char *const frozen[] = {"approved", "rejected", "paid", "withdrawn", NULL};
static const char *const public_states[] = {NULL};
static const char *const open_states[] = {"in_force", NULL};
/* the states that hold the subject's claim, and those that commit the budget */
static const char *const claiming[] = {"submitted", "reviewing", "approved", "paid", NULL};
static const char *const committing[] = {"approved", "paid", NULL};

static bool in(const char *s, const char *const *set)
{
    for (int i = 0; set[i]; i++)
        if (!strcmp(s, set[i])) return true;
    return false;
}

static const char *const read_only[] = {
    "title",          "policy_title", "subject_kind",  "region",     "issuer_org_id",
    "policy_version", "submitted_on", "evaluated_fen", "evaluation", "approved_fen",
    "approved_on",    "paid_on",      "voucher_no",    "reason",     NULL};

static const kz_field fields[] = {
    {.name = "policy_id",
     .type = KZ_F_INT,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "申请的政策 id（由路径 /policies/{id}/applications 指定）",
     .label = "政策"},
    {.name = "subject_id",
     .type = KZ_F_INT,
     .required = true,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc =
         "兑现对象的 id：政策 subject_kind 类型中属于本单位的记录（本单位登记或作为买方的技术合同、"
         "本单位中榜的揭榜申请、本单位）",
     .label = "兑现对象"},
    {.name = "statement",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 2000,
     .doc = "申请说明",
     .label = "申请说明"},
    {.name = "title",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 200,
     .doc = "只读。兑现对象的名称（创建时取自对象）",
     .label = "兑现对象名称"},
    {.name = "policy_title",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 100,
     .doc = "只读。政策名称（创建时取自政策）",
     .label = "政策名称"},
    {.name = "subject_kind",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 30,
     .vocab = &kz_enum_policy_subjects,
     .doc = "只读。兑现对象的类型（取自政策）",
     .label = "对象类型"},
    {.name = "region",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 6,
     .check = kz_check_region,
     .doc = "只读。政策的地区（创建时取自政策）",
     .label = "所在地区"},
    {.name = "issuer_org_id",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "只读。政策发布单位（创建时取自政策）",
     .label = "政策发布单位"},
    {.name = "policy_version",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "只读。评估所用的政策版本",
     .label = "政策版本"},
    {.name = "submitted_on",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .format = "date",
     .doc = "只读。提交日期（审核时按此日判断政策是否施行、是否在适用期内）",
     .label = "提交日期"},
    {.name = "evaluated_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = MAX_FEN,
     .doc = "只读。按政策计算的兑现金额（分；提交与核定时计算）",
     .label = "测算金额"},
    {.name = "evaluation",
     .type = KZ_F_ARRAY,
     .max_items = 64,
     .check = kz_check_object_list,
     .doc =
         "只读。评估说明：每个条件与每一步一行（同 POST /policies/{id}/evaluate 的 explanation）",
     .label = "评估说明"},
    {.name = "approved_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = MAX_FEN,
     .doc = "只读。核定金额（分）：审核通过时冻结",
     .label = "核定金额"},
    {.name = "approved_on",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .format = "date",
     .doc = "只读。核定日期（单位年度上限按核定年度累计）",
     .label = "核定日期"},
    {.name = "paid_on",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .format = "date",
     .doc = "只读。拨付日期",
     .label = "拨付日期"},
    {.name = "voucher_no",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 40,
     .doc = "只读。拨付凭证号",
     .label = "凭证号"},
    {.name = "reason",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 1000,
     .doc = "只读。审核未通过的理由",
     .label = "理由"},
    KZ_FIELD_ORG_ID("申请单位", "申请单位（平台管理员、科技局代为申请时指定）"),
    {0},
};
static const char *const data_fields[] = {"policy_id",    "subject_id",    "statement",
                                          "title",        "policy_title",  "subject_kind",
                                          "region",       "issuer_org_id", "policy_version",
                                          "submitted_on", "evaluated_fen", "evaluation",
                                          "approved_fen", "approved_on",   "paid_on",
                                          "voucher_no",   "reason",        NULL};
static const char *const list_fields[] = {"evaluation", NULL};
static const char *const columns[] = {"title",        "policy_title", "evaluated_fen",
                                      "approved_fen", "status",       NULL};

static const kz_field transition_fields[] = {
    {.name = "action", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 20},
    /* (required by reject) */
    {.name = "comment", .type = KZ_F_STRING, .nullable = true, .max_len = 1000},
    {.name = "approved_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = MAX_FEN,
     .doc = "审核通过（approve）时可填：核定金额（分），不超过按政策计算的金额；不填即按政策计算的"
            "金额",
     .label = "核定金额"},
    {.name = "paid_on",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .check = kz_check_past_date,
     .format = "date",
     .doc = "拨付（pay）时必填：拨付日期，不晚于今天",
     .label = "拨付日期"},
    {.name = "voucher_no",
     .type = KZ_F_STRING,
     .nullable = true,
     .min_len = 1,
     .max_len = 40,
     .doc = "拨付（pay）时必填：拨付凭证号",
     .label = "凭证号"},
    {0},
};

/* ---- the policy, the subject ---- */

/* The subject named by data for policy p, which must be org_id's: NULL with *rc and e set (422
 * on subject_id, or the database's failure). */
static json_t *subject_of(db_conn *c, const json_t *p, const json_t *data, int64_t org_id,
                          kz_err *rc, kz_error *e)
{
    const kz_kind_desc *k = kz_policy_subject_kind(kz_json_str(p, "subject_kind"));
    if (!k) {
        *rc = kz_fail(e, KZ_E_INTERNAL, "政策规则无效");
        return NULL;
    }
    json_t *s = kz_kind_read(k, c, json_integer_value(json_object_get(data, "subject_id")), rc, e);
    if (!s && *rc == KZ_E_NOT_FOUND) {
        kz_error_clear(e);
        kz_field_error(e, "subject_id", "兑现对象不存在");
        *rc = KZ_E_VALIDATION;
    } else if (s && !kz_policy_subject_of(k, s, org_id)) {
        json_decref(s);
        s = NULL;
        kz_field_error(e, "subject_id", "只能为本单位的对象申请兑现");
        *rc = KZ_E_VALIDATION;
    }
    return s;
}

static const char *subject_title(const json_t *s)
{
    const char *t = kz_json_str(s, "title");
    return t ? t : kz_json_str(s, "name");
}

/* 409 when another application holds the subject's claim of the policy. */
static kz_err claim_free(db_conn *c, int64_t policy, int64_t subject, int64_t self, kz_error *e)
{
    int64_t holder = 0;
    db_status st = kz_policy_claim(c, policy, subject, &holder);
    if (st != DB_OK) return kz_db_fail(e, st);
    if (holder && holder != self)
        return kz_fail(e, KZ_E_CONFLICT, "该对象已申请过本政策的兑现，不能重复申请");
    return KZ_OK;
}

/* A new application: the policy's title, region, subject kind (its issuer is the engine's:
 * party_field); the subject the org's and not claimed. */
static kz_err check_parent(db_conn *c, const kz_actor *a, const kz_rec_row *parent, int64_t org_id,
                           json_t *data, bool import, kz_error *e)
{
    (void)a;
    kz_err rc;
    json_t *s = subject_of(c, parent->rec, data, org_id, &rc, e);
    if (!s) return rc; /* (an import too: a record on a subject of another org is not taken) */
    rc = import ? KZ_OK
                : claim_free(c, parent->id, json_integer_value(json_object_get(data, "subject_id")),
                             0, e);
    if (rc == KZ_OK) { /* (an import keeps what it gives) */
        static const char *const copied[][2] = {
            {"policy_title", "title"}, {"region", "region"}, {"subject_kind", "subject_kind"}};
        for (size_t i = 0; i < sizeof copied / sizeof copied[0]; i++)
            if (!import || json_is_null(json_object_get(data, copied[i][0])))
                json_object_set(data, copied[i][0], json_object_get(parent->rec, copied[i][1]));
        const char *t = subject_title(s);
        if (!import || json_is_null(json_object_get(data, "title")))
            json_object_set_new(data, "title", t ? json_string(t) : json_null());
    }
    json_decref(s);
    return rc;
}

static const kz_parent parent = {
    .kind = &kz_kind_policy,
    .field = "policy_id",
    .segment = "applications",
    .open_states = open_states,
    .msg_closed = "政策未施行，不能申请兑现",
    .party_field = "issuer_org_id",
    .check_parent = check_parent,
};

/* ---- the steps ---- */

static bool given(const json_t *in, const char *f)
{
    json_t *v = json_object_get(in, f);
    return v && !json_is_null(v);
}

/* Each transition field belongs to one action: reject's reason, approve's amount (checked by
 * on_transition_db), pay's date and voucher. */
static bool on_transition(const kz_transition *t, const json_t *in, json_t *data, bool *edited,
                          kz_error *e)
{
    static const char *const owned[][2] = {
        {"approved_fen", "approve"}, {"paid_on", "pay"}, {"voucher_no", "pay"}};
    for (size_t i = 0; i < sizeof owned / sizeof owned[0]; i++)
        if (given(in, owned[i][0]) && strcmp(t->action, owned[i][1]) != 0) {
            kz_field_error(e, owned[i][0],
                           !strcmp(owned[i][1], "pay") ? "只有拨付时填写" : "只有审核通过时填写");
            return false;
        }
    if (!strcmp(t->action, "approve")) {
        /* checked against the evaluation by on_transition_db */
        json_object_set(data, "approved_fen",
                        given(in, "approved_fen") ? json_object_get(in, "approved_fen")
                                                  : json_null());
        *edited = true;
    } else if (!strcmp(t->action, "pay")) {
        bool ok = true;
        if (!given(in, "paid_on")) ok = (kz_field_error(e, "paid_on", "必填：拨付日期"), false);
        if (!given(in, "voucher_no"))
            ok = (kz_field_error(e, "voucher_no", "必填：拨付凭证号"), false);
        const char *paid = kz_json_str(in, "paid_on"), *approved = kz_json_str(data, "approved_on");
        if (ok && approved && strcmp(paid, approved) < 0)
            ok = (kz_field_error(e, "paid_on", "拨付日期不能早于核定日期"), false);
        if (!ok) return false;
        json_object_set(data, "paid_on", json_object_get(in, "paid_on"));
        json_object_set(data, "voucher_no", json_object_get(in, "voucher_no"));
        *edited = true;
    }
    return true;
}

/* The first condition the evaluation says is not met, as a refusal's message (static buffer
 * of the thread: the kz_error keeps the pointer past the transaction). */
static const char *first_unmet(const json_t *expl)
{
    static _Thread_local char msg[300];
    for (size_t i = 0; i < json_array_size(expl); i++) {
        const json_t *l = json_array_get(expl, i);
        if (json_is_false(json_object_get(l, "met"))) {
            snprintf(msg, sizeof msg, "不符合政策兑现条件：%s", kz_json_str(l, "text"));
            return msg;
        }
    }
    return "不符合政策兑现条件";
}

/* submit and approve: the subject still the org's and unclaimed, the policy evaluated (as of
 * the day of submission, against the budget and cap left now); approve freezes the amount. */
static db_status on_transition_db(db_conn *c, const kz_actor *a, const kz_transition *t,
                                  const kz_rec_row *r, json_t *data, bool *edited, kz_err *refused,
                                  kz_error *e)
{
    (void)a;
    bool submit = !strcmp(t->action, "submit"), approve = !strcmp(t->action, "approve");
    if (!submit && !approve) return DB_OK;
    int64_t policy_id = json_integer_value(json_object_get(data, "policy_id"));
    int64_t subject_id = json_integer_value(json_object_get(data, "subject_id"));
    kz_err rc;
    json_t *p = kz_kind_read(&kz_kind_policy, c, policy_id, &rc, e), *s = NULL;
    if (p) s = subject_of(c, p, data, r->org_id, &rc, e);
    if (s && submit) rc = claim_free(c, policy_id, subject_id, r->id, e);
    if (!p || !s || rc != KZ_OK) {
        json_decref(p);
        json_decref(s);
        *refused = rc;
        return DB_HARD;
    }
    char today[11];
    kz_today(today);
    const char *on = submit ? NULL : kz_json_str(data, "submitted_on");
    kz_policy_eval ev;
    bool bad;
    db_status st = kz_policy_assess(c, p, s, r->org_id, on, &ev, &bad);
    if (st == DB_OK && bad)
        st = (*refused = kz_fail(e, KZ_E_INTERNAL, "政策规则无效"), DB_HARD);
    else if (st == DB_OK && !ev.eligible)
        st = kz_refuse(refused, e, KZ_E_CONFLICT, NULL, first_unmet(ev.explanation));
    if (st == DB_OK) {
        json_object_set_new(data, "evaluated_fen", json_integer(ev.amount_fen));
        json_object_set(data, "evaluation", ev.explanation);
        json_object_set(data, "policy_version", json_object_get(p, "version"));
        if (submit) json_object_set_new(data, "submitted_on", json_string(today));
        if (approve) {
            /* the reviewer's amount (on_transition put it there), at most the evaluated one */
            json_t *want = json_object_get(data, "approved_fen");
            if (json_is_integer(want) && json_integer_value(want) > ev.amount_fen) {
                static _Thread_local char msg[120];
                snprintf(msg, sizeof msg, "核定金额不能超过按政策计算的金额 %lld.%02lld 元",
                         (long long)(ev.amount_fen / 100), (long long)(ev.amount_fen % 100));
                st = kz_refuse(refused, e, 0, "approved_fen", msg);
            } else if (!json_is_integer(want)) {
                json_object_set_new(data, "approved_fen", json_integer(ev.amount_fen));
            }
            json_object_set_new(data, "approved_on", json_string(today));
        }
        *edited = true;
    }
    json_decref(ev.explanation);
    json_decref(p);
    json_decref(s);
    return st;
}

/* ---- the claims and the ledger (migration 010), in the write's transaction ---- */

static db_status counted(db_conn *c, const kz_rec_row *r, int64_t delta)
{
    const json_t *rec = r->rec;
    int64_t policy = json_integer_value(json_object_get(rec, "policy_id"));
    int64_t subject = json_integer_value(json_object_get(rec, "subject_id"));
    db_status st = DB_OK;
    if (in(r->status, claiming) && policy > 0 && subject > 0)
        st = DB_EXEC(c, delta > 0 ? Q_PC_ADD : Q_PC_DEL, NULL, NULL, db_int(policy),
                     db_int(subject), db_int(r->id));
    if (st == DB_NOROW) st = DB_OK;
    if (st != DB_OK || !in(r->status, committing) || policy <= 0) return st;
    int64_t fen = json_integer_value(json_object_get(rec, "approved_fen"));
    int64_t paid = !strcmp(r->status, "paid") ? fen : 0;
    const char *on = kz_json_str(rec, "approved_on");
    int year = on ? (int)strtol(on, NULL, 10) : 0;
    st = DB_EXEC(c, Q_PL_ADD, NULL, NULL, db_int(policy), db_int(0), db_int(0), db_int(delta),
                 db_int(delta * fen), db_int(delta * paid));
    if (st == DB_OK || st == DB_NOROW)
        st = DB_EXEC(c, Q_PL_ADD, NULL, NULL, db_int(policy), db_int(r->org_id), db_int(year),
                     db_int(delta), db_int(delta * fen), db_int(delta * paid));
    return st == DB_NOROW ? DB_OK : st;
}

const kz_kind_desc kz_kind_policy_application = {
    .name = "policy_application",
    .label = "兑现申请",
    .path = "policy-applications",
    .shared = true,
    .parent = &parent,
    .slots = {.title = "title",
              .region = "region",
              .category = "subject_kind",
              .money_lo = "evaluated_fen",
              .money_hi = "evaluated_fen",
              .parties = {"issuer_org_id"}},
    .list = {.money_param = "amount",
             .money_label = "测算金额（分）",
             .money_hi_sort = "-amount",
             .money_lo_sort = "amount",
             .columns = columns},
    .publish_state = "approved",
    .fields = fields,
    .data_fields = data_fields,
    .list_fields = list_fields,
    .statuses = &kz_enum_policy_application_statuses,
    .workflow = workflow,
    .transition_fields = transition_fields,
    .comments = (const kz_comment_rule[]){{"reject", "reason", "必填：审核未通过的理由"}, {0}},
    .editable = editable,
    .frozen = frozen,
    .public_states = public_states,
    .read_only = read_only,
    .owner_roles = APPLICANTS,
    .party_roles = KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN) | KZ_ROLE_BIT(KZ_ROLE_OFFICER),
    .owner_msgs = {"只能以本单位名义申请兑现", "必填：申请单位", "只能为本辖区的单位申请兑现"},
    .msg_not_owner = "只有申请单位可以修改",
    .msg_org_fixed = "申请单位不能修改",
    .msg_frozen = "已有审核结果的兑现申请不能修改",
    .msg_conflict = "兑现申请当前状态不允许该操作",
    .notify_kind = "policy_application_status",
    .on_transition = on_transition,
    .on_transition_db = on_transition_db,
    .counted = counted,
};
