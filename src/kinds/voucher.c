/* kinds/voucher.c — 创新券 (issue 17 item 5): a science bureau issues an enterprise (or any org) a
 * voucher of an amount valid until a date, which pays part of its bookings of shared instruments
 * (kinds/resource.c: a booking names it; at charge it pays what is left of it, at most the charge).
 * A record kind of the shared table (engine.h).
 *
 * The bureau (its officers and org admin: owner section S, like policies) drafts the voucher — the
 * holder org (a party: its members read it and are told), the amount, the validity and the scope —
 * and issues it; an officer may revoke an issued voucher (the reason kept); the platform expires
 * it the day after its validity (kz_voucher_expire_due, maint.c). Never public. What each voucher
 * has paid is kept in voucher_ledger (migration 011) by the bookings' writes; its balance is
 * GET /api/v1/vouchers/{id}/balance (kz_voucher_balance).
 *
 * Ownership: descriptors are static. */
#include "../core/jsonx.h"
#include "../core/validate.h"
#include "../domain/engine.h"
#include "../domain/record.h"
#include "../domain/voucher.h"
#include <string.h>

#define ISSUERS  (KZ_ROLE_BIT(KZ_ROLE_OFFICER) | KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN))
#define STEWARDS (KZ_ROLE_BIT(KZ_ROLE_OFFICER) | KZ_ROLE_BIT(KZ_ROLE_ADMIN))
#define HOLDERS                                                                                    \
    (KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN) | KZ_ROLE_BIT(KZ_ROLE_ENTERPRISE) |                            \
     KZ_ROLE_BIT(KZ_ROLE_RESEARCHER))
#define MAX_FEN 10000000000LL /* ¥1 亿 */

static const kz_transition workflow[] = {
    {"issue", {"draft"}, "issued", STEWARDS, KZ_WHO_OWNER, false, "已发放创新券"},
    {"revoke", {"issued"}, "revoked", STEWARDS, 0, false, "已收回创新券"},
    {"expire", {"issued"}, "expired", 0, 0, true, "创新券已过期"},
    {0},
};
static const char *const editable[] = {"draft", NULL};
static const char *const frozen[] = {"issued", "revoked", "expired", NULL};
static const char *const public_states[] = {NULL};
static const char *const read_only[] = {"reason", NULL};

static const kz_field fields[] = {
    {.name = "title",
     .type = KZ_F_STRING,
     .required = true,
     .min_len = 2,
     .max_len = 100,
     .doc = "创新券名称，如“2026 年度成都市科技创新券”",
     .label = "创新券名称"},
    {.name = "holder_org_id",
     .type = KZ_F_INT,
     .required = true,
     .min = 1,
     .max = KZ_ID_MAX,
     .doc = "持券单位：主体库中机构的 id",
     .label = "持券单位"},
    {.name = "amount_fen",
     .type = KZ_F_INT,
     .required = true,
     .min = 1,
     .max = MAX_FEN,
     .doc = "面额（分）",
     .label = "面额"},
    {.name = "valid_until",
     .type = KZ_F_STRING,
     .required = true,
     .max_len = 10,
     .check = kz_check_future_date,
     .format = "date",
     .doc = "有效期至 YYYY-MM-DD（晚于今天）；次日起过期",
     .label = "有效期至"},
    {.name = "scope",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 500,
     .doc = "适用范围：如大型科研仪器共享、检验检测、中试服务",
     .label = "适用范围"},
    KZ_FIELD_REGION,
    {.name = "reason",
     .type = KZ_F_STRING,
     .nullable = true,
     .max_len = 1000,
     .doc = "只读。收回的理由",
     .label = "理由"},
    KZ_FIELD_ORG_ID("发放单位", "发放单位（平台管理员代为登记时指定）"),
    {0},
};
static const char *const data_fields[] = {"title", "holder_org_id", "amount_fen", "valid_until",
                                          "scope", "region",        "reason",     NULL};
static const char *const columns[] = {"title",       "holder_org_id", "amount_fen",
                                      "valid_until", "status",        NULL};

static const kz_field transition_fields[] = {
    {.name = "action", .type = KZ_F_STRING, .required = true, .min_len = 1, .max_len = 20},
    /* (required by revoke) */
    {.name = "comment", .type = KZ_F_STRING, .nullable = true, .max_len = 1000},
    {0},
};

/* issue: the holder is an org of the registry other than the issuer, and the voucher still valid.
 */
static db_status on_transition_db(db_conn *c, const kz_actor *a, const kz_transition *t,
                                  const kz_rec_row *r, json_t *data, bool *edited, kz_err *refused,
                                  kz_error *e)
{
    (void)a, (void)edited;
    if (strcmp(t->action, "issue") != 0) return DB_OK;
    int64_t holder = json_integer_value(json_object_get(data, "holder_org_id"));
    kz_err rc = KZ_E_CONFLICT;
    if (holder != r->org_id) json_decref(kz_kind_read(&kz_kind_org, c, holder, &rc, e));
    char today[11];
    kz_today(today);
    const char *until = kz_json_str(data, "valid_until");
    if (rc == KZ_OK && until && strcmp(until, today) < 0) {
        kz_field_error(e, "valid_until", "有效期已过，请修改后再发放");
        rc = KZ_E_VALIDATION;
    } else if (rc == KZ_E_NOT_FOUND || rc == KZ_E_CONFLICT) {
        kz_error_clear(e);
        kz_field_error(e, "holder_org_id",
                       rc == KZ_E_CONFLICT ? "不能发放给本单位" : "持券单位不存在");
        rc = KZ_E_VALIDATION;
    }
    if (rc == KZ_OK) return DB_OK;
    *refused = rc;
    return DB_HARD;
}

const kz_kind_desc kz_kind_voucher = {
    .name = "voucher",
    .label = "创新券",
    .path = "vouchers",
    .shared = true,
    .slots = {.title = "title",
              .region = "region",
              .money_lo = "amount_fen",
              .money_hi = "amount_fen",
              .parties = {"holder_org_id"}},
    .list = {.money_param = "amount",
             .money_label = "面额（分）",
             .money_hi_sort = "-amount",
             .money_lo_sort = "amount",
             .columns = columns},
    .publish_state = "issued",
    .fields = fields,
    .data_fields = data_fields,
    .statuses = &kz_enum_voucher_statuses,
    .workflow = workflow,
    .transition_fields = transition_fields,
    .comments = (const kz_comment_rule[]){{"revoke", "reason", "必填：收回的理由"}, {0}},
    .editable = editable,
    .frozen = frozen,
    .public_states = public_states,
    .read_only = read_only,
    .owner_section = "S", /* 公共管理: the science bureaus */
    .msg_owner_kind = "只有科技局等政府部门可以发放创新券",
    .owner_roles = ISSUERS,
    .party_roles = HOLDERS,
    .owner_msgs = {"只能以本单位名义发放创新券", "必填：发放单位", "只能为本辖区的单位发放创新券"},
    .msg_not_owner = "只有发放单位可以修改",
    .msg_org_fixed = "发放单位不能修改",
    .msg_frozen = "已发放的创新券不能修改",
    .msg_conflict = "创新券当前状态不允许该操作",
    .msg_system = "创新券到期由平台自动处理",
    .notify_kind = "voucher_status",
    .on_transition_db = on_transition_db,
};
