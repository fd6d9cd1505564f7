/* kinds/contract.c — 技术合同登记: a technology contract (技术开发 委托/合作, 转让, 许可, 咨询,
 * 服务) registered by the registry (登记机构) as a record kind of the shared table (engine.h).
 *
 * The seller is the owner org (org_id): its members who own records — the org_admin (a
 * university's TTO, an enterprise's admin), its researchers (who sign development and
 * consulting contracts for their lab) and its enterprise users — enter the contract and submit
 * it. The buyer is an org of the registry (buyer_org_id) or a named party (buyer_name,
 * buyer_credit_code, buyer_region, buyer_kind). The registrar — a reviewer (第三方专业机构
 * doing 认定登记), an officer in the seller's region, an admin — registers it (登记, setting
 * the 核定技术交易额 tech_income_fen), refuses it (未予登记, with the reason) or returns it
 * for changes (the reason again); a returned contract is submitted again.
 *
 * At submit and at registration the parties are read from the registry: a registry buyer's
 * name, credit code, region and kind are copied in, a named buyer whose credit code is the
 * seller's is refused (the parties are one org), and the seller's org kind and industry are
 * kept with the contract (seller_kind, seller_industry: what the statistics count by).
 *
 * Registration number (registration_no): YYYY + the seller's 6-digit GB/T 2260 region code (the
 * contract's `region`) + a 6-digit sequence of the year, e.g. 2026510107000042: 16 digits,
 * the year being that of registration. The sequence is one counter per year (contract_regno,
 * migration 008) advanced inside the `register` transition's own transaction, so numbers are
 * unique per year on both backends (write transactions run one at a time; a unique index
 * stands behind it).
 *
 * Contracts are never public: the seller's org, reviewers, officers of the region and admins
 * see them (kz_record_view), and so does a registry buyer once the contract is submitted (its
 * party, engine.h kz_slots.parties: in full, in its lists, its org admins notified of every
 * step; it never edits it); the statistics of registered contracts are public. */
#include "../core/jsonx.h"
#include "../core/validate.h"
#include "../domain/engine.h"
#include "../core/vocab.h"
#include "../core/workdays.h"
#include "../domain/contract.h"
#include "../domain/market.h"
#include "../domain/org.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OWNER_ROLES                                                                                \
    (KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN) | KZ_ROLE_BIT(KZ_ROLE_RESEARCHER) |                            \
     KZ_ROLE_BIT(KZ_ROLE_ENTERPRISE))
#define REGISTRARS                                                                                 \
    (KZ_ROLE_BIT(KZ_ROLE_REVIEWER) | KZ_ROLE_BIT(KZ_ROLE_OFFICER) | KZ_ROLE_BIT(KZ_ROLE_ADMIN))
#define MAX_FEN 100000000000000LL /* ¥1 万亿 */

static const kz_transition workflow[] = {
    {"submit", {"draft", "returned"}, "submitted", 0, true, false, "已提交登记"},
    {"register", {"submitted"}, "registered", REGISTRARS, false, false, "已登记"},
    {"refuse", {"submitted"}, "not_registered", REGISTRARS, false, false, "未予登记"},
    {"return", {"submitted"}, "returned", REGISTRARS, false, false, "已退回修改"},
    {0},
};
static const char *const editable[] = {"draft", "returned", NULL};
/* what the registry decided stays as it was decided, admins included */
static const char *const frozen[] = {"registered", "not_registered", NULL};
static const char *const public_states[] = {NULL};

static const char *check_signed_on(const json_t *v)
{
    const char *s = json_string_value(v);
    if (!kz_date_valid(s)) return "日期格式应为 YYYY-MM-DD";
    char today[11];
    kz_today(today);
    return strcmp(s, today) > 0 ? "签订日期不能晚于今天" : NULL;
}

static const char *check_credit_code(const json_t *v)
{
    return kz_credit_code_valid(json_string_value(v))
               ? NULL
               : "统一社会信用代码无效（18 位，校验位按 GB 32100）";
}

static bool is_hex64(const char *s)
{
    if (!s || strlen(s) != 64) return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))) return false;
    return true;
}

/* Each attachment is {"name": 1–200 characters, "sha256": 64 lowercase hex digits}. */
static const char *check_attachments(const json_t *v)
{
    size_t i;
    json_t *it;
    json_array_foreach(v, i, it)
    {
        if (!json_is_object(it) || json_object_size(it) != 2) return "附件应为 {name, sha256}";
        const char *name = kz_json_str(it, "name");
        size_t n = name ? kz_utf8_len(name) : 0;
        if (!n || n > 200) return "附件名称应为 1–200 个字符";
        if (!is_hex64(kz_json_str(it, "sha256"))) return "附件的 sha256 应为 64 位小写十六进制数";
    }
    return NULL;
}

/* A registration number: 16 digits, YYYY + a GB/T 2260 region code + a 6-digit sequence. */
static const char *check_regno(const json_t *v)
{
    const char *s = json_string_value(v);
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') n = 0;
    char region[7];
    if (n == 16) {
        memcpy(region, s + 4, 6);
        region[6] = 0;
    }
    if (n != 16 || strncmp(s, "1990", 4) < 0 || !kz_vocab_get(KZ_VOCAB_REGION, region) ||
        !strcmp(s + 10, "000000"))
        return "登记号应为 16 位：年份 4 位 + 行政区划代码 6 位 + 顺序号 6 位";
    return NULL;
}

/* written by the registry's steps (and an operator's import of an existing register) */
static const char *const read_only[] = {
    "listing_id",    "submitted_on", "due_on",      "tech_income_fen", "registration_no",
    "registered_on", "reason",       "seller_kind", "seller_industry", NULL};

static const kz_field fields[] = {
    {.name = "title",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 2,
     .max_len = 100,
     .label = "合同名称"},
    {.name = "type",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 30,
     .vocab = &kz_enum_contract_types,
     .label = "合同类型"},
    {.name = "region",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 6,
     .check = kz_check_region,
     .doc = "卖方所在地区：行政区划 GB/T 2260 代码（登记号的第 5–10 位）",
     .label = "卖方所在地区"},
    {.name = "amount_fen",
     .type = KZ_F_INT,
     .required = true,
     .min = 1,
     .max = MAX_FEN,
     .doc = "合同成交金额（分），大于 0",
     .label = "合同金额"},
    {.name = "signed_on",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 10,
     .check = check_signed_on,
     .format = "date",
     .doc = "签订日期 YYYY-MM-DD，不晚于今天",
     .label = "签订日期"},
    {.name = "buyer_org_id",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc =
         "买方为主体库中的机构时其 id（提交时带出名称、信用代码、地区与类型）；否则填写买方名称等",
     .label = "买方机构"},
    {.name = "buyer_name",
     .type = KZ_F_STRING,
     .nullable = true,
     .min_len = 2,
     .max_len = 100,
     .label = "买方名称"},
    {.name = "buyer_credit_code",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 18,
     .check = check_credit_code,
     .doc = "买方统一社会信用代码（GB 32100）",
     .label = "买方信用代码"},
    {.name = "buyer_region",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 6,
     .check = kz_check_region,
     .doc = "买方所在地区：行政区划 GB/T 2260 代码",
     .label = "买方所在地区"},
    {.name = "buyer_kind",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 20,
     .vocab = &kz_enum_org_kinds,
     .label = "买方主体类型"},
    {.name = "attachments",
     .type = KZ_F_ARRAY,
     .max_items = 20,
     .check = check_attachments,
     .doc = "合同文本等附件：[{name, sha256}]，sha256 为文件内容的 64 位小写十六进制摘要",
     .label = "附件"},
    {.name = "tech_income_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = MAX_FEN,
     .doc = "只读。核定技术交易额（分）：登记机构登记时核定（登记操作的 "
            "tech_income_fen），不超过合同金额",
     .label = "核定技术交易额"},
    {.name = "registration_no",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 16,
     .check = check_regno,
     .doc = "只读。登记号：登记时生成，16 位 = 登记年份 YYYY + 卖方地区代码 6 位 + 当年顺序号 6 "
            "位（如 2026510107000042），每年唯一",
     .label = "登记号"},
    {.name = "registered_on",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .check = kz_check_date,
     .format = "date",
     .doc = "只读。登记日期",
     .label = "登记日期"},
    {.name = "reason",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 1000,
     .doc = "只读。未予登记或退回的理由（该操作的 comment）",
     .label = "理由"},
    {.name = "seller_kind",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 20,
     .vocab = &kz_enum_org_kinds,
     .doc = "只读。卖方主体类型：提交与登记时取自卖方机构",
     .label = "卖方主体类型"},
    {.name = "seller_industry",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 4,
     .check = kz_check_industry,
     .doc = "只读。卖方所属行业（GB/T 4754）：提交与登记时取自卖方机构",
     .label = "卖方行业"},
    {.name = "submitted_on",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .check = kz_check_date,
     .format = "date",
     .doc = "只读。提交（受理）日期：每次提交时记下",
     .label = "提交日期"},
    {.name = "due_on",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 10,
     .check = kz_check_date,
     .format = "date",
     .doc = "只读。登记期限：提交日期后第 N 个工作日（--registration-days，默认 10；工作日按国务院"
            "公布的放假与调休安排），逾期未处理的合同 overdue 为 true",
     .label = "登记期限"},
    {.name = "listing_id",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "只读。科技大市场成交时起草本合同的挂牌 id（登记后退还买方的竞买保证金）",
     .label = "来源挂牌"},
    KZ_FIELD_ORG_ID("卖方机构", "卖方机构（平台管理员、科技局代为登记时指定）"),
    {0},
};
static const char *const data_fields[] = {"title",
                                          "type",
                                          "region",
                                          "amount_fen",
                                          "signed_on",
                                          "buyer_org_id",
                                          "buyer_name",
                                          "buyer_credit_code",
                                          "buyer_region",
                                          "buyer_kind",
                                          "attachments",
                                          "tech_income_fen",
                                          "registration_no",
                                          "registered_on",
                                          "reason",
                                          "seller_kind",
                                          "seller_industry",
                                          "listing_id",
                                          "submitted_on",
                                          "due_on",
                                          NULL};
static const char *const list_fields[] = {"attachments", NULL};
static const char *const columns[] = {"registration_no", "title",     "type",   "amount_fen",
                                      "tech_income_fen", "signed_on", "region", NULL};

static const kz_field transition_fields[] = {
    {.name = "action", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 20},
    /* (required by refuse and return: the reason; the shared Transition schema documents it) */
    {.name = "comment", .type = KZ_F_STRING, .nullable = true, .max_len = 1000},
    {.name = "tech_income_fen",
     .type = KZ_F_INT,
     .nullable = true,
     .min = 0,
     .max = MAX_FEN,
     .doc = "登记时必填：核定技术交易额（分），不超过合同金额",
     .label = "核定技术交易额"},
    {0},
};

static bool has(const json_t *d, const char *f)
{
    json_t *v = json_object_get(d, f);
    return v && !json_is_null(v);
}

/* The buyer: a registry org, or a named party with its credit code, region and kind; the
 * technology income not above the amount. */
static bool check(const json_t *d, kz_error *e)
{
    bool ok = true;
    if (!has(d, "buyer_org_id")) {
        static const char *const named[] = {"buyer_name", "buyer_credit_code", "buyer_region",
                                            "buyer_kind"};
        for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
            if (!has(d, named[i]) && !(e->fields && json_object_get(e->fields, named[i]))) {
                kz_field_error(e, named[i],
                               "必填：买方不是主体库中的机构时，填写买方名称、"
                               "统一社会信用代码、所在地区与主体类型");
                ok = false;
            }
    }
    json_t *a = json_object_get(d, "amount_fen"), *t = json_object_get(d, "tech_income_fen");
    if (json_is_integer(a) && json_is_integer(t) && json_integer_value(t) > json_integer_value(a)) {
        kz_field_error(e, "tech_income_fen", "核定技术交易额不能超过合同金额");
        ok = false;
    }
    return ok;
}

static void set_str(json_t *data, const char *f, const char *v)
{
    json_object_set_new(data, f, v ? json_string(v) : json_null());
}

/* register: the technology income (required, not above the amount); refuse and return: the
 * reason (the comment, required); submit clears the last reason. */
static bool on_transition(const kz_transition *t, const json_t *in, json_t *data, bool *edited,
                          kz_error *e)
{
    json_t *ti = json_object_get(in, "tech_income_fen");
    bool reg = !strcmp(t->action, "register");
    if (ti && !json_is_null(ti) && !reg) {
        kz_field_error(e, "tech_income_fen", "只有登记时可以核定技术交易额");
        return false;
    }
    if (reg) {
        if (!json_is_integer(ti)) {
            kz_field_error(e, "tech_income_fen", "登记时必填：核定技术交易额");
            return false;
        }
        json_t *amount = json_object_get(data, "amount_fen");
        if (json_is_integer(amount) && json_integer_value(ti) > json_integer_value(amount)) {
            kz_field_error(e, "tech_income_fen", "核定技术交易额不能超过合同金额");
            return false;
        }
        json_object_set(data, "tech_income_fen", ti);
        set_str(data, "reason", NULL);
        *edited = true;
        return true;
    }
    if (!strcmp(t->action, "submit") && has(data, "reason")) {
        set_str(data, "reason", NULL);
        *edited = true;
    }
    return true;
}

/* The org as the registry has it (operator's read); NULL with *rc set when not found or on a
 * failure. */
static json_t *org_of(db_conn *c, int64_t id, kz_err *rc, kz_error *e)
{
    return kz_kind_read(&kz_kind_org, c, id, rc, e);
}

static const char *nz(const char *s)
{
    return s && *s ? s : NULL;
}

/* The parties from the registry (the file's head): at submit and at registration. */
static db_status parties(db_conn *c, const kz_rec_row *r, json_t *data, kz_err *refused,
                         kz_error *e)
{
    kz_err rc;
    json_t *seller = org_of(c, r->org_id, &rc, e);
    if (!seller) {
        *refused = rc;
        return DB_HARD;
    }
    const char *seller_code = nz(kz_json_str(seller, "credit_code"));
    set_str(data, "seller_kind", nz(kz_json_str(seller, "kind")));
    set_str(data, "seller_industry", nz(kz_json_str(seller, "industry")));
    db_status st = DB_OK;
    json_t *bid = json_object_get(data, "buyer_org_id");
    if (json_is_integer(bid)) {
        int64_t id = json_integer_value(bid);
        json_t *buyer = id == r->org_id ? NULL : org_of(c, id, &rc, e);
        if (id == r->org_id)
            st = kz_refuse(refused, e, 0, "buyer_org_id", "买卖双方不能是同一机构");
        else if (!buyer && rc == KZ_E_NOT_FOUND) {
            kz_error_clear(e);
            st = kz_refuse(refused, e, 0, "buyer_org_id", "买方机构不存在");
        } else if (!buyer) {
            *refused = rc;
            st = DB_HARD;
        } else {
            set_str(data, "buyer_name", kz_json_str(buyer, "name"));
            set_str(data, "buyer_credit_code", nz(kz_json_str(buyer, "credit_code")));
            set_str(data, "buyer_region", nz(kz_json_str(buyer, "region")));
            set_str(data, "buyer_kind", nz(kz_json_str(buyer, "kind")));
        }
        json_decref(buyer);
    } else {
        const char *code = kz_json_str(data, "buyer_credit_code");
        if (code && seller_code && !strcmp(code, seller_code))
            st = kz_refuse(refused, e, 0, "buyer_credit_code", "买卖双方不能是同一机构");
    }
    json_decref(seller);
    return st;
}

/* The next registration number of this year: YYYY + region + 6-digit sequence. */
static db_status assign_number(db_conn *c, json_t *data, kz_err *refused, kz_error *e)
{
    char today[11], year[5];
    kz_today(today);
    memcpy(year, today, 4);
    year[4] = 0;
    int64_t seq = 0, taken = 0;
    db_status st;
    /* a number an import of an existing register already holds is passed over */
    do {
        st = DB_EXEC(c, Q_CT_REGNO_NEXT, db_cb_int, &seq, db_int(atoi(year)), db_text(year));
        if (st != DB_OK) return st == DB_NOROW ? DB_HARD : st;
        char sq[24];
        snprintf(sq, sizeof sq, "%06" PRId64, seq);
        st = DB_EXEC(c, Q_CT_REGNO_TAKEN, db_cb_int, &taken, db_text(year), db_text(sq));
        if (st != DB_OK && st != DB_NOROW) return st;
    } while (st == DB_OK && seq <= 999999);
    const char *region = kz_json_str(data, "region");
    if (!region || strlen(region) != 6)
        return kz_refuse(refused, e, 0, "region", "卖方所在地区应为 6 位行政区划代码");
    if (seq > 999999) return kz_refuse(refused, e, 0, "registration_no", "本年度登记号已用完");
    char no[64];
    snprintf(no, sizeof no, "%s%s%06" PRId64, year, region, seq);
    set_str(data, "registration_no", no);
    set_str(data, "registered_on", today);
    return DB_OK;
}

static db_status on_transition_db(db_conn *c, const kz_actor *a, const kz_transition *t,
                                  const kz_rec_row *r, json_t *data, bool *edited, kz_err *refused,
                                  kz_error *e)
{
    (void)a;
    bool reg = !strcmp(t->action, "register");
    if (!reg && strcmp(t->action, "submit") != 0) return DB_OK;
    db_status st = parties(c, r, data, refused, e);
    if (st == DB_OK && reg) st = assign_number(c, data, refused, e);
    if (st == DB_OK && !reg) { /* the registrar's deadline runs from this submission */
        char today[11], due[11];
        kz_today(today);
        json_object_set_new(data, "submitted_on", json_string(today));
        if (kz_workday_add(today, kz_contract_registration_days(), due))
            json_object_set_new(data, "due_on", json_string(due));
    }
    if (st == DB_OK) *edited = true;
    return st;
}

/* ---- the 成交额 statistics (contract_stats, migration 008; stats.h kz_stats_contracts) ---- */

static const char *str_or_empty(const json_t *rec, const char *f)
{
    const char *v = kz_json_str(rec, f);
    return v ? v : "";
}

/* A registered contract's cells: overall, by seller and buyer region, type, the seller's 门类,
 * seller kind > buyer kind, month and year of signing (Q_CT_STAT_REBUILD counts the same). */
static db_status counted(db_conn *c, const kz_rec_row *r, int64_t delta)
{
    if (strcmp(r->status, "registered") != 0) return DB_OK;
    const json_t *rec = r->rec;
    json_int_t amount = json_integer_value(json_object_get(rec, "amount_fen"));
    json_int_t income = json_integer_value(json_object_get(rec, "tech_income_fen"));
    const char *ind = kz_json_str(rec, "seller_industry");
    const char *section = ind ? kz_industry_section(ind) : NULL;
    const char *signed_on = str_or_empty(rec, "signed_on");
    char kinds[64], month[8], year[8];
    snprintf(kinds, sizeof kinds, "%s>%s", str_or_empty(rec, "seller_kind"),
             str_or_empty(rec, "buyer_kind"));
    snprintf(month, sizeof month, "%.7s", signed_on);
    snprintf(year, sizeof year, "%.4s", signed_on);
    const char *cells[][2] = {
        {"all", ""},
        {"seller_region", str_or_empty(rec, "region")},
        {"buyer_region", str_or_empty(rec, "buyer_region")},
        {"type", str_or_empty(rec, "type")},
        {"section", section ? section : ""},
        {"kinds", kinds},
        {"month", month},
        {"year", year},
    };
    db_status st = DB_OK;
    for (size_t i = 0; st == DB_OK && i < sizeof cells / sizeof cells[0]; i++) {
        st = DB_EXEC(c, Q_CT_STAT_ADD, NULL, NULL, db_text(cells[i][0]), db_text(cells[i][1]),
                     db_int(delta), db_int(delta * amount), db_int(delta * income));
        if (st == DB_NOROW) st = DB_OK;
    }
    return st;
}

/* overdue: submitted, still undecided, and today past its deadline. */
static void decorate(json_t *rec)
{
    const char *due = kz_json_str(rec, "due_on"), *st = kz_json_str(rec, "status");
    char today[11];
    kz_today(today);
    json_object_set_new(
        rec, "overdue",
        json_boolean(st && !strcmp(st, "submitted") && due && strcmp(today, due) > 0));
}

/* A contract a market sale drafted, once registered, releases the buyer's deposit on the listing
 * (kept until then: kinds/listing.c). */
static db_status after_transition(db_conn *c, const kz_actor *a, const kz_rec_row *before,
                                  const kz_rec_row *after)
{
    (void)a, (void)before;
    json_t *l = json_object_get(after->rec, "listing_id");
    json_t *b = json_object_get(after->rec, "buyer_org_id");
    if (strcmp(after->status, "registered") != 0 || !json_is_integer(l) || !json_is_integer(b))
        return DB_OK;
    return kz_market_release_deposits(c, json_integer_value(l), 0, json_integer_value(b));
}

const kz_kind_desc kz_kind_contract = {
    .name = "contract",
    .label = "技术合同",
    .path = "contracts",
    .shared = true,
    .slots = {.title = "title",
              .region = "region",
              .industry = "seller_industry",
              .category = "type",
              .money_lo = "amount_fen",
              .money_hi = "amount_fen",
              .parties = {"buyer_org_id"}},
    .list = {.money_param = "amount",
             .money_label = "合同金额（分）",
             .money_hi_sort = "-amount",
             .money_lo_sort = "amount",
             .columns = columns},
    .publish_state = "registered",
    .fields = fields,
    .data_fields = data_fields,
    .list_fields = list_fields,
    .statuses = &kz_enum_contract_statuses,
    .workflow = workflow,
    .transition_fields = transition_fields,
    .comments = (const kz_comment_rule[]){{"refuse", "reason", "必填：未予登记或退回的理由"},
                                          {"return", "reason", "必填：未予登记或退回的理由"},
                                          {0}},
    .editable = editable,
    .frozen = frozen,
    .public_states = public_states,
    .read_only = read_only,
    .owner_roles = OWNER_ROLES,
    .owner_msgs = {"只能为本机构登记技术合同", "必填：卖方机构", "只能为本辖区的机构登记技术合同"},
    .msg_not_owner = "只有卖方机构可以修改",
    .msg_org_fixed = "卖方机构不能修改",
    .msg_frozen = "已登记或未予登记的合同不能修改",
    .msg_conflict = "技术合同当前状态不允许该操作",
    .msg_system = "该操作只由平台执行",
    .notify_kind = "contract_status",
    .check = check,
    .on_transition = on_transition,
    .on_transition_db = on_transition_db,
    .counted = counted,
    .after_transition = after_transition,
    .decorate = decorate,
};
