/* policy.c — evaluating a 政策兑现 policy against a subject record (policy.h). */
#include "policy.h"
#include "../core/jsonx.h"
#include "authz.h"
#include "engine.h"
#include "org.h"
#include "record.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static json_t *line(const char *text, bool met)
{
    return json_pack("{s:s, s:s, s:b}", "step", "condition", "text", text, "met", met);
}

static void amount_line(json_t *expl, const char *text)
{
    json_array_append_new(expl, json_pack("{s:s, s:s}", "step", "amount", "text", text));
}

static void yuan(int64_t fen, char *out, size_t n)
{
    snprintf(out, n, "%" PRId64 ".%02" PRId64 " 元", fen / 100, fen % 100);
}

bool kz_policy_subject_of(const kz_kind_desc *k, const json_t *s, int64_t org_id)
{
    if (org_id <= 0) return false;
    if (k == &kz_kind_org) return json_integer_value(json_object_get(s, "id")) == org_id;
    if (json_integer_value(json_object_get(s, "org_id")) == org_id) return true;
    int64_t ids[KZ_PARTY_IDS_MAX];
    int n = kz_kind_party_ids(k, s, ids);
    for (int i = 0; i < n; i++)
        if (ids[i] == org_id) return true;
    return false;
}

int64_t kz_policy_applicant(const kz_kind_desc *k, const json_t *s, const kz_actor *a)
{
    if (a->org_id && kz_policy_subject_of(k, s, a->org_id)) return a->org_id;
    return json_integer_value(json_object_get(s, k == &kz_kind_org ? "id" : "org_id"));
}

typedef struct ledger_row {
    int64_t n, committed, paid;
} ledger_row;

static db_status ledger_cb(void *ctx, const db_row *r)
{
    ledger_row *x = ctx;
    x->n = db_col_int(r, 0);
    x->committed = db_col_int(r, 1);
    x->paid = db_col_int(r, 2);
    return DB_OK;
}

static db_status ledger(db_conn *c, int64_t policy, int64_t org, int year, ledger_row *out)
{
    memset(out, 0, sizeof *out);
    db_status st = DB_EXEC(c, Q_PL_GET, ledger_cb, out, db_int(policy), db_int(org), db_int(year));
    return st == DB_NOROW ? DB_OK : st;
}

/* What is left of a limit (the budget, the yearly cap): a line, and the amount brought down to
 * it; nothing left → not eligible. */
static void limit(kz_policy_eval *out, const char *what, int64_t cap, int64_t used)
{
    char a[40], b[40], c[40], text[240];
    int64_t left = cap > used ? cap - used : 0;
    yuan(cap, a, sizeof a);
    yuan(used, b, sizeof b);
    yuan(left, c, sizeof c);
    bool ok = left > 0;
    snprintf(text, sizeof text, "%s %s，已核定 %s，余额 %s：%s", what, a, b, c,
             ok ? "满足" : "不满足（已用完）");
    json_array_append_new(out->explanation, line(text, ok));
    if (!ok) {
        out->eligible = false;
        out->amount_fen = 0;
        return;
    }
    if (out->amount_fen > left) {
        out->amount_fen = left;
        snprintf(text, sizeof text, "超过%s余额，按余额兑现：%s", what, c);
        amount_line(out->explanation, text);
    }
}

db_status kz_policy_assess(db_conn *c, const json_t *p, const json_t *s, int64_t org_id,
                           const char *on, kz_policy_eval *out, bool *bad_rule)
{
    memset(out, 0, sizeof *out);
    *bad_rule = false;
    kz_rule r;
    kz_error pe = {0};
    if (!kz_policy_rule(p, &r, &pe)) { /* (checked when written: not expected) */
        kz_error_clear(&pe);
        *bad_rule = true;
        return DB_OK;
    }
    kz_rule_result res;
    kz_rule_eval(&r, s, &res);
    out->explanation = res.explanation;
    /* the policy's own conditions first: in force on the day, and the day in its period */
    char today[11], text[240];
    kz_today(today);
    const char *day = on ? on : today;
    const char *st = kz_json_str(p, "status"), *from = kz_json_str(p, "period_from"),
               *to = kz_json_str(p, "period_to"), *ended = kz_json_str(p, "retired_on");
    bool in_force = st && (!strcmp(st, "in_force") ||
                           (!strcmp(st, "retired") && ended && strcmp(day, ended) < 0));
    bool in_period = from && to && strcmp(from, day) <= 0 && strcmp(day, to) <= 0;
    if (on)
        snprintf(text, sizeof text, "申请日 %s 政策施行中：%s", on,
                 in_force ? "满足" : "不满足（政策未施行或已废止）");
    else
        snprintf(text, sizeof text, "政策施行中：%s",
                 in_force ? "满足" : "不满足（政策未施行或已废止）");
    json_array_insert_new(out->explanation, 0, line(text, in_force));
    snprintf(text, sizeof text, "在政策适用期 %s 至 %s 内：%s（%s %s）", from ? from : "?",
             to ? to : "?", in_period ? "满足" : "不满足", on ? "申请日" : "今天", day);
    json_array_insert_new(out->explanation, 1, line(text, in_period));
    out->rule_fen = res.eligible ? res.amount_fen : 0;
    out->eligible = res.eligible && in_force && in_period;
    out->amount_fen = out->eligible ? res.amount_fen : 0;
    if (!out->eligible) {
        if (res.eligible) /* the rule's amount said, then not granted */
            amount_line(out->explanation, "政策未施行或不在适用期内，不予兑现：0.00 元");
        return DB_OK;
    }
    /* what the budget and the org's yearly cap have left */
    int64_t id = json_integer_value(json_object_get(p, "id"));
    json_t *budget = json_object_get(p, "budget_fen"),
           *cap = json_object_get(p, "org_year_cap_fen");
    ledger_row l;
    db_status dst = DB_OK;
    if (json_is_integer(budget) && (dst = ledger(c, id, 0, 0, &l)) == DB_OK)
        limit(out, "政策资金总额", json_integer_value(budget), l.committed);
    if (dst == DB_OK && out->eligible && json_is_integer(cap) && org_id > 0) {
        int year = (int)strtol(today, NULL, 10);
        if ((dst = ledger(c, id, org_id, year, &l)) == DB_OK) {
            char what[64];
            snprintf(what, sizeof what, "本单位 %d 年度兑现上限", year);
            limit(out, what, json_integer_value(cap), l.committed);
        }
    }
    if (dst != DB_OK) {
        json_decref(out->explanation);
        out->explanation = NULL;
    }
    return dst;
}

db_status kz_policy_claim(db_conn *c, int64_t policy_id, int64_t subject_id, int64_t *app_id)
{
    *app_id = 0;
    db_status st = DB_EXEC(c, Q_PC_GET, db_cb_int, app_id, db_int(policy_id), db_int(subject_id));
    return st == DB_NOROW ? DB_OK : st;
}

kz_err kz_policy_evaluate(db_conn *c, const kz_actor *a, int64_t id, int64_t subject_id,
                          int64_t org_id, json_t **out, kz_error *e)
{
    *out = NULL;
    json_t *p = NULL, *s = NULL;
    kz_err rc = kz_kind_get(&kz_kind_policy, c, a, id, &p, e);
    if (rc != KZ_OK) return rc;
    const kz_kind_desc *k = kz_policy_subject_kind(kz_json_str(p, "subject_kind"));
    if (!k) {
        json_decref(p);
        return kz_fail(e, KZ_E_INTERNAL, "政策规则无效");
    }
    rc = kz_kind_get(k, c, a, subject_id, &s, e);
    if (rc != KZ_OK) {
        json_decref(p);
        return rc;
    }
    if (org_id <= 0) org_id = kz_policy_applicant(k, s, a);
    kz_policy_eval ev;
    bool bad;
    int64_t claimed = 0;
    db_status st = kz_policy_assess(c, p, s, org_id, NULL, &ev, &bad);
    if (st == DB_OK && !bad) st = kz_policy_claim(c, id, subject_id, &claimed);
    if (st != DB_OK || bad) {
        json_decref(ev.explanation);
        json_decref(p);
        json_decref(s);
        return bad ? kz_fail(e, KZ_E_INTERNAL, "政策规则无效") : kz_db_fail(e, st);
    }
    *out = json_pack("{s:I, s:O, s:I, s:s, s:I, s:I, s:b, s:I, s:o, s:o}", "policy_id",
                     (json_int_t)id, "policy_title", json_object_get(p, "title"), "policy_version",
                     json_integer_value(json_object_get(p, "version")), "subject_kind", k->name,
                     "subject_id", (json_int_t)subject_id, "org_id", (json_int_t)org_id, "eligible",
                     ev.eligible, "amount_fen", (json_int_t)ev.amount_fen, "claimed_by",
                     claimed ? json_integer(claimed) : json_null(), "explanation", ev.explanation);
    json_decref(p);
    json_decref(s);
    return KZ_OK;
}

/* ---- 政策找企业 ---- */

static const kz_actor platform = {.operator_ = true};

/* The ids of kind k's records in state status the actor lists (newest first, at most max). */
/* The records of kind k in state status the actor reads (of org only: org > 0), newest first. */
static json_t *listed(db_conn *c, const kz_actor *a, const kz_kind_desc *k, const char *status,
                      int64_t org, int max)
{
    kz_kind_list_q q = {
        .org = org > 0 ? org : -1, .money = -1, .status = status, .sort = "-id", .limit = max};
    json_t *out = NULL, *items;
    kz_error e = {0};
    if (kz_kind_list(k, c, a, &q, &out, &e) != KZ_OK) {
        kz_error_clear(&e);
        return json_array();
    }
    items = json_incref(json_object_get(out, "items"));
    json_decref(out);
    return items ? items : json_array();
}

/* The one condition of the rule an evaluation says is not met (its line), or NULL. */
static const json_t *one_unmet(const json_t *expl)
{
    const json_t *miss = NULL;
    for (size_t i = 0; i < json_array_size(expl); i++) {
        const json_t *l = json_array_get(expl, i);
        if (!json_is_false(json_object_get(l, "met"))) continue;
        if (miss || !json_is_string(json_object_get(l, "label"))) return NULL;
        miss = l;
    }
    return miss;
}

static bool may_see_org(const kz_actor *a, int64_t org_id, const char *region)
{
    if (a->operator_ || (a->roles & KZ_ROLE_BIT(KZ_ROLE_ADMIN))) return true;
    if (a->org_id && a->org_id == org_id) return true;
    return (a->roles & KZ_ROLE_BIT(KZ_ROLE_OFFICER)) && kz_in_region(a, region);
}

kz_err kz_policy_eligible_for_org(db_conn *c, const kz_actor *a, int64_t org_id, json_t **out,
                                  kz_error *e)
{
    *out = NULL;
    if (!a->user_id && !a->operator_) return kz_fail(e, KZ_E_UNAUTHENTICATED, NULL);
    json_t *org = NULL;
    kz_err rc = kz_kind_get(&kz_kind_org, c, &platform, org_id, &org, e);
    if (rc != KZ_OK) return rc;
    if (!may_see_org(a, org_id, kz_json_str(org, "region"))) {
        json_decref(org);
        return kz_fail(e, KZ_E_FORBIDDEN, "只能查看本单位或本辖区单位可申请的政策");
    }
    /* the org's subjects, as its own members list them (its own and those it is a party of) */
    kz_actor member = {.org_id = org_id, .roles = KZ_ROLE_BIT(KZ_ROLE_ORG_ADMIN)};
    json_t *subjects = json_object();
    json_object_set_new(subjects, "org", json_pack("[O]", org));
    json_object_set_new(subjects, "contract",
                        listed(c, &member, &kz_kind_contract, "registered", 0, KZ_POLICY_SUBJECTS));
    json_object_set_new(
        subjects, "challenge_application",
        listed(c, &member, &kz_kind_challenge_application, "won", 0, KZ_POLICY_SUBJECTS));
    /* (registered brokers are public: the org's own) */
    json_object_set_new(subjects, "broker",
                        listed(c, &member, &kz_kind_broker, "active", org_id, KZ_POLICY_SUBJECTS));
    json_object_set_new(
        subjects, "broker_training",
        listed(c, &member, &kz_kind_broker_training, "verified", org_id, KZ_POLICY_SUBJECTS));
    json_t *pols = listed(c, &platform, &kz_kind_policy, "in_force", 0, KZ_POLICY_SCAN);
    json_t *eligible = json_array(), *nearly = json_array();
    db_status st = DB_OK;
    size_t nsub = 0;
    const char *k_;
    json_t *v_;
    json_object_foreach(subjects, k_, v_) nsub += json_array_size(v_);
    for (size_t i = 0; st == DB_OK && i < json_array_size(pols); i++) {
        json_t *p = json_array_get(pols, i);
        const char *sk = kz_json_str(p, "subject_kind");
        json_t *ss = sk ? json_object_get(subjects, sk) : NULL;
        int64_t pid = json_integer_value(json_object_get(p, "id"));
        for (size_t j = 0; st == DB_OK && j < json_array_size(ss); j++) {
            json_t *s = json_array_get(ss, j);
            int64_t sid = json_integer_value(json_object_get(s, "id"));
            kz_policy_eval ev;
            bool bad;
            st = kz_policy_assess(c, p, s, org_id, NULL, &ev, &bad);
            if (st != DB_OK || bad) {
                json_decref(ev.explanation);
                continue;
            }
            const char *title = kz_json_str(s, "title");
            json_t *it = json_pack("{s:I, s:O, s:s, s:I, s:s}", "policy_id", (json_int_t)pid,
                                   "policy_title", json_object_get(p, "title"), "subject_kind", sk,
                                   "subject_id", (json_int_t)sid, "subject_title",
                                   title                    ? title
                                   : kz_json_str(s, "name") ? kz_json_str(s, "name")
                                                            : "");
            const json_t *miss = ev.eligible ? NULL : one_unmet(ev.explanation);
            if (ev.eligible) {
                int64_t claimed = 0;
                st = kz_policy_claim(c, pid, sid, &claimed);
                json_object_set_new(it, "amount_fen", json_integer(ev.amount_fen));
                json_object_set_new(it, "claimed_by",
                                    claimed ? json_integer(claimed) : json_null());
                json_array_append(eligible, it);
            } else if (miss) {
                json_object_set(it, "missing", json_object_get(miss, "label"));
                json_object_set(it, "text", json_object_get(miss, "text"));
                json_array_append(nearly, it);
            }
            json_decref(it);
            json_decref(ev.explanation);
        }
    }
    if (st == DB_OK)
        *out =
            json_pack("{s:I, s:O, s:o, s:o, s:I, s:I}", "org_id", (json_int_t)org_id, "org_name",
                      json_object_get(org, "name"), "eligible", eligible, "nearly", nearly,
                      "policies", (json_int_t)json_array_size(pols), "subjects", (json_int_t)nsub);
    else {
        json_decref(eligible);
        json_decref(nearly);
    }
    json_decref(pols);
    json_decref(subjects);
    json_decref(org);
    return st == DB_OK ? KZ_OK : kz_db_fail(e, st);
}

typedef struct scan_ctx {
    json_t *orgs;
    int64_t last;
} scan_ctx;

static db_status scan_cb(void *ctx, const db_row *r)
{
    scan_ctx *x = ctx;
    json_t *o = kz_kind_row_json(&kz_kind_org, r);
    x->last = json_integer_value(json_object_get(o, "id"));
    json_array_append_new(x->orgs, o);
    return DB_OK;
}

static db_status claim_cb(void *ctx, const db_row *r)
{
    char k[24];
    snprintf(k, sizeof k, "%" PRId64, (int64_t)db_col_int(r, 0));
    json_object_set_new(ctx, k, json_true());
    return DB_OK;
}

kz_err kz_policy_eligible_orgs(db_conn *c, const kz_actor *a, int64_t id, const kz_page *p,
                               json_t **out, kz_error *e)
{
    *out = NULL;
    if (!a->user_id && !a->operator_) return kz_fail(e, KZ_E_UNAUTHENTICATED, NULL);
    json_t *pol = NULL;
    kz_err rc = kz_kind_get(&kz_kind_policy, c, a, id, &pol, e);
    if (rc != KZ_OK) return rc;
    const char *region = kz_json_str(pol, "region");
    int64_t issuer = json_integer_value(json_object_get(pol, "org_id"));
    bool steward = a->operator_ || (a->roles & KZ_ROLE_BIT(KZ_ROLE_ADMIN)) ||
                   ((a->roles & KZ_ROLE_BIT(KZ_ROLE_OFFICER)) && kz_in_region(a, region)) ||
                   (a->org_id && a->org_id == issuer);
    const char *sk = kz_json_str(pol, "subject_kind");
    rc = !steward
             ? kz_fail(e, KZ_E_FORBIDDEN, "只有政策发布单位与本辖区科技局可以查找符合条件的机构")
         : !sk || strcmp(sk, "org") != 0
             ? kz_fail(e, KZ_E_CONFLICT, "只有以机构为兑现对象的政策可以查找符合条件的机构")
             : KZ_OK;
    if (rc != KZ_OK) {
        json_decref(pol);
        return rc;
    }
    char prefix[8];
    kz_region_prefix(region, prefix);
    json_t *claimed = json_object(), *items = json_array();
    db_status st = DB_EXEC(c, Q_PC_OF_POLICY, claim_cb, claimed, db_int(id));
    if (st == DB_NOROW) st = DB_OK;
    int64_t after = p->after, scanned = 0;
    bool end = false;
    while (st == DB_OK && !end && scanned < KZ_POLICY_ORG_SCAN &&
           json_array_size(items) < (size_t)p->limit) {
        scan_ctx x = {json_array(), after};
        st = DB_EXEC(c, Q_ORG_SCAN_REGION, scan_cb, &x, prefix[0] ? db_text(prefix) : db_null(),
                     db_int(after), db_int(100));
        if (st == DB_NOROW) st = DB_OK;
        end = json_array_size(x.orgs) < 100;
        for (size_t i = 0; st == DB_OK && i < json_array_size(x.orgs); i++) {
            json_t *o = json_array_get(x.orgs, i);
            after = json_integer_value(json_object_get(o, "id"));
            scanned++;
            char k[24];
            snprintf(k, sizeof k, "%" PRId64, after);
            if (json_object_get(claimed, k)) continue; /* applied already */
            kz_policy_eval ev;
            bool bad;
            st = kz_policy_assess(c, pol, o, after, NULL, &ev, &bad);
            if (st == DB_OK && !bad && ev.eligible)
                json_array_append_new(items, json_pack("{s:I, s:O, s:O, s:O, s:I}", "org_id",
                                                       (json_int_t)after, "org_name",
                                                       json_object_get(o, "name"), "region",
                                                       json_object_get(o, "region"), "tier",
                                                       json_object_get(o, "tier"), "amount_fen",
                                                       (json_int_t)ev.amount_fen));
            json_decref(ev.explanation);
            if (json_array_size(items) >= (size_t)p->limit) {
                end = i + 1 == json_array_size(x.orgs) && end;
                break;
            }
        }
        json_decref(x.orgs);
    }
    if (st == DB_OK) {
        char cur[24];
        snprintf(cur, sizeof cur, "%" PRId64, after);
        *out = json_pack("{s:o, s:o, s:I}", "items", items, "next_cursor",
                         end ? json_null() : json_string(cur), "scanned", (json_int_t)scanned);
    } else {
        json_decref(items);
    }
    json_decref(claimed);
    json_decref(pol);
    return st == DB_OK ? KZ_OK : kz_db_fail(e, st);
}
