/* kinds/finance_request.c — 科技金融 requests (issue 16 item 4): an enterprise's finance demand —
 * a loan, a guarantee, insurance or equity of an amount, for a term and a purpose — matched to a
 * lender's product (kinds/finance_product.c) and decided by the lender. A record kind of the shared
 * table (engine.h).
 *
 * The org's admin or enterprise users write the request and submit it; GET
 * /finance-requests/{id}/matches (domain/finance.c) ranks the active products that fit it, with
 * the reasons, and names those one condition short. The owner (or an officer helping it) matches
 * it to a product (`match` with product_id: the product must be active and fit — the same check;
 * 422 product_id with what is missing); the product's lender becomes a party (reads it, its
 * org admins notified) and grants it (the amount granted, not above the amount asked or the
 * product's ceiling, the date, optionally the rate) or declines it (the reason). The owner may
 * withdraw it until then. Granted requests are counted by product, region and month in
 * finance_stats (migration 013) in the write's transaction (`counted`), which GET
 * /api/v1/stats/finance reads. Never public.
 *
 * Ownership: descriptors are static. */
#include "../core/jsonx.h"
#include "../core/validate.h"
#include "../domain/engine.h"
#include "../domain/finance.h"
#include "../domain/record.h"
#include <stdio.h>
#include <string.h>

#define OWNERS   (KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN) | KZ_ROLE_BIT(KZ_ROLE_ENTERPRISE))
#define STEWARDS (KZ_ROLE_BIT(KZ_ROLE_OFFICER) | KZ_ROLE_BIT(KZ_ROLE_ADMIN))
#define LENDERS  KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN)
#define MAX_FEN  100000000000000LL
#define MAX_TERM 360
#define MAX_RATE 10000

static const kz_transition workflow[] = {
    {"submit", {"draft"}, "submitted", 0, KZ_WHO_OWNER, false, "已提交融资需求"},
    {"match", {"submitted"}, "matched", STEWARDS, KZ_WHO_OWNER, false, "已对接金融产品"},
    {"grant",
     {"matched"},
     "granted",
     KZ_ROLE_BIT(KZ_ROLE_ADMIN),
     KZ_WHO_PARTY,
     false,
     "已获批放款"},
    {"decline", {"matched"}, "declined", KZ_ROLE_BIT(KZ_ROLE_ADMIN), KZ_WHO_PARTY, false, "未获批"},
    {"withdraw",
     {"draft", "submitted", "matched"},
     "withdrawn",
     0,
     KZ_WHO_OWNER,
     false,
     "已撤回融资需求"},
    {0},
};
static const char *const editable[] = {"draft", NULL};
static const char *const frozen[] = {"granted", "declined", "withdrawn", NULL};
static const char *const none[] = {NULL};
static const char *const read_only[] = {
    "product_id", "product_title", "lender_org_id", "granted_fen",
    "granted_on", "rate_bp",       "reason",        NULL};

static const kz_field fields[] = {
    {.name = "title",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 2,
     .max_len = 100,
     .doc = "需求名称，如“硅碳负极中试线建设贷款”",
     .label = "需求名称"},
    {.name = "kind",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 20,
     .vocab = &kz_enum_finance_product_kinds,
     .doc = "融资方式：loan 贷款、guarantee 担保、insurance 保险、equity 股权投资",
     .label = "融资方式"},
    {.name = "amount_fen",
     .type = KZ_F_INT,
     .required = true,
     .min = 1,
     .max = MAX_FEN,
     .doc = "需求金额（分）",
     .label = "需求金额"},
    {.name = "term_months",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = MAX_TERM,
     .doc = "期限（月）",
     .label = "期限"},
    {.name = "purpose",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 10,
     .max_len = 2000,
     .doc = "资金用途与还款来源",
     .label = "资金用途"},
    KZ_FIELD_REGION,
    KZ_FIELD_INDUSTRY,
    {.name = "contact",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 100,
     .doc = "联系人与电话",
     .label = "联系人"},
    {.name = "product_id",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "只读。对接的金融产品（对接 match 时指定）",
     .label = "金融产品"},
    {.name = "product_title",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 60,
     .doc = "只读。金融产品名称",
     .label = "产品名称"},
    {.name = "lender_org_id",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "只读。金融机构（产品的发布机构）",
     .label = "金融机构"},
    {.name = "granted_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = MAX_FEN,
     .doc = "只读。获批金额（分）",
     .label = "获批金额"},
    {.name = "granted_on",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .format = "date",
     .doc = "只读。放款（获批）日期",
     .label = "获批日期"},
    {.name = "rate_bp",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = MAX_RATE,
     .doc = "只读。获批的年化利率或费率（基点）",
     .label = "获批利率"},
    {.name = "reason",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 1000,
     .doc = "只读。未获批的理由",
     .label = "理由"},
    KZ_FIELD_ORG_ID("需求企业", "需求企业（平台管理员、科技局代为登记时指定）"),
    {0},
};
static const char *const data_fields[] = {
    "title",      "kind",          "amount_fen",    "term_months",
    "purpose",    "region",        "industry",      "contact",
    "product_id", "product_title", "lender_org_id", "granted_fen",
    "granted_on", "rate_bp",       "reason",        NULL};
static const char *const columns[] = {"title",       "kind",       "amount_fen", "product_title",
                                      "granted_fen", "granted_on", "status",     NULL};

static const kz_field transition_fields[] = {
    {.name = "action", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 20},
    {.name = "comment", .type = KZ_F_STRING, .nullable = true, .max_len = 1000},
    {.name = "product_id",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "对接（match）时必填：金融产品 id（见 …/matches）",
     .label = "金融产品"},
    {.name = "granted_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = MAX_FEN,
     .doc = "获批（grant）时必填：获批金额（分），不超过需求金额与产品额度上限",
     .label = "获批金额"},
    {.name = "granted_on",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .format = "date",
     .doc = "获批（grant）时必填：放款日期 YYYY-MM-DD，不晚于今天",
     .label = "获批日期"},
    {.name = "rate_bp",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = MAX_RATE,
     .doc = "获批（grant）时可填：年化利率或费率（基点）",
     .label = "获批利率"},
    {0},
};

static bool given(const json_t *in, const char *f)
{
    json_t *v = json_object_get(in, f);
    return v && !json_is_null(v);
}

static bool is(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

/* match's product, grant's amount and date (rate optional), decline's reason — each only
 * there. The body's values reach on_transition_db under names of their own (removed there). */
static bool on_transition(const kz_transition *t, const json_t *in, json_t *data, bool *edited,
                          kz_error *e)
{
    bool match = is(t->action, "match"), grant = is(t->action, "grant");
    bool ok = true;
    if (given(in, "product_id") != match) {
        kz_field_error(e, "product_id", match ? "必填：金融产品" : "只有对接时填写");
        ok = false;
    }
    static const char *const gf[] = {"granted_fen", "granted_on"};
    for (int i = 0; i < 2; i++)
        if (given(in, gf[i]) != grant) {
            kz_field_error(e, gf[i], grant ? "必填：获批金额与日期" : "只有获批时填写");
            ok = false;
        }
    if (given(in, "rate_bp") && !grant) {
        kz_field_error(e, "rate_bp", "只有获批时填写");
        ok = false;
    }
    const char *on = kz_json_str(in, "granted_on");
    char today[11];
    kz_today(today);
    if (grant && on && (!kz_date_valid(on) || strcmp(on, today) > 0)) {
        kz_field_error(e, "granted_on", "应为不晚于今天的日期 YYYY-MM-DD");
        ok = false;
    }
    if (grant && given(in, "granted_fen") &&
        json_integer_value(json_object_get(in, "granted_fen")) >
            json_integer_value(json_object_get(data, "amount_fen"))) {
        kz_field_error(e, "granted_fen", "获批金额不能超过需求金额");
        ok = false;
    }
    if (!ok) return false;
    if (match) json_object_set(data, "_product_id", json_object_get(in, "product_id"));
    if (grant) {
        json_object_set(data, "granted_fen", json_object_get(in, "granted_fen"));
        json_object_set(data, "granted_on", json_object_get(in, "granted_on"));
        json_object_set(data, "rate_bp",
                        given(in, "rate_bp") ? json_object_get(in, "rate_bp") : json_null());
        *edited = true;
    }
    return true;
}

static const kz_actor platform = {.operator_ = true};

/* match: the product active and fitting the request (its org's tier, its region); the lender a
 * party. grant: not above the product's ceiling. */
static db_status on_transition_db(db_conn *c, const kz_actor *a, const kz_transition *t,
                                  const kz_rec_row *r, json_t *data, bool *edited, kz_err *refused,
                                  kz_error *e)
{
    (void)a;
    if (!is(t->action, "match") && !is(t->action, "grant")) return DB_OK;
    int64_t pid = is(t->action, "match") ? json_integer_value(json_object_get(data, "_product_id"))
                                         : json_integer_value(json_object_get(data, "product_id"));
    json_object_del(data, "_product_id");
    kz_err rc;
    kz_error pe = {0};
    json_t *p = kz_kind_read(&kz_kind_finance_product, c, pid, &rc, &pe);
    kz_error_clear(&pe);
    if (rc != KZ_OK && rc != KZ_E_NOT_FOUND) {
        *refused = kz_fail(e, rc, NULL);
        return DB_HARD;
    }
    if (!p || !is(kz_json_str(p, "status"), "active")) {
        json_decref(p);
        kz_field_error(e, "product_id", "没有该金融产品，或它未上架");
        *refused = KZ_E_VALIDATION;
        return DB_HARD;
    }
    if (is(t->action, "grant")) {
        json_t *hi = json_object_get(p, "amount_max_fen");
        bool over =
            json_is_integer(hi) &&
            json_integer_value(json_object_get(data, "granted_fen")) > json_integer_value(hi);
        json_decref(p);
        if (over) {
            kz_field_error(e, "granted_fen", "获批金额不能超过产品的单笔额度上限");
            *refused = KZ_E_VALIDATION;
            return DB_HARD;
        }
        return DB_OK;
    }
    json_t *org = NULL;
    rc = kz_kind_get(&kz_kind_org, c, &platform, r->org_id, &org, e);
    if (rc != KZ_OK) {
        json_decref(p);
        *refused = rc;
        return DB_HARD;
    }
    json_t *missed = json_array();
    int score = kz_finance_fit(p, data, kz_json_str(org, "tier"), kz_json_str(data, "region"), NULL,
                               missed);
    json_decref(org);
    if (!score) {
        char why[600];
        snprintf(why, sizeof why, "该产品不适用：%s",
                 json_string_value(json_array_get(missed, 0)) ?: "");
        json_decref(missed);
        json_decref(p);
        kz_field_error(e, "product_id", why);
        *refused = KZ_E_VALIDATION;
        return DB_HARD;
    }
    json_decref(missed);
    json_object_set_new(data, "product_id", json_integer(pid));
    json_object_set(data, "product_title", json_object_get(p, "title"));
    json_object_set(data, "lender_org_id", json_object_get(p, "org_id"));
    json_decref(p);
    *edited = true;
    return DB_OK;
}

/* finance_stats (migration 013): a granted request by product, district, month and in all. */
static db_status counted(db_conn *c, const kz_rec_row *r, int64_t delta)
{
    if (!is(r->status, "granted")) return DB_OK;
    const json_t *d = r->rec;
    int64_t fen = json_integer_value(json_object_get(d, "granted_fen"));
    char product[24], month[8];
    snprintf(product, sizeof product, "%lld",
             (long long)json_integer_value(json_object_get(d, "product_id")));
    snprintf(month, sizeof month, "%.7s", kz_json_str(d, "granted_on") ?: "");
    const char *cells[][2] = {{"all", ""},
                              {"product", product},
                              {"region", kz_json_str(d, "region") ?: ""},
                              {"month", month}};
    db_status st = DB_OK;
    for (size_t i = 0; st == DB_OK && i < sizeof cells / sizeof cells[0]; i++) {
        st = DB_EXEC(c, Q_FS_ADD, NULL, NULL, db_text(cells[i][0]), db_text(cells[i][1]),
                     db_int(delta), db_int(delta * fen));
        if (st == DB_NOROW) st = DB_OK;
    }
    return st;
}

const kz_kind_desc kz_kind_finance_request = {
    .name = "finance_request",
    .label = "融资需求",
    .path = "finance-requests",
    .shared = true,
    .slots = {.title = "title",
              .region = "region",
              .industry = "industry",
              .category = "kind",
              .money_lo = "amount_fen",
              .money_hi = "amount_fen",
              .parties = {"lender_org_id"}},
    .list = {.money_param = "amount",
             .money_label = "需求金额（分）",
             .money_hi_sort = "-amount",
             .money_lo_sort = "amount",
             .columns = columns},
    .publish_state = "submitted",
    .fields = fields,
    .data_fields = data_fields,
    .statuses = &kz_enum_finance_request_statuses,
    .workflow = workflow,
    .transition_fields = transition_fields,
    .comments = (const kz_comment_rule[]){{"decline", "reason", "必填：未获批的理由"}, {0}},
    .editable = editable,
    .frozen = frozen,
    .public_states = none,
    .read_only = read_only,
    .owner_roles = OWNERS,
    .party_roles = LENDERS,
    .owner_msgs = {"只能为本单位提出融资需求", "必填：需求企业", "只能为本辖区的单位登记融资需求"},
    .msg_not_owner = "只有需求企业可以修改",
    .msg_org_fixed = "需求企业不能修改",
    .msg_frozen = "已结束的融资需求不能修改",
    .msg_conflict = "融资需求当前状态不允许该操作",
    .notify_kind = "finance_request_status",
    .on_transition = on_transition,
    .on_transition_db = on_transition_db,
    .counted = counted,
};
