/* policy.c — evaluating a 政策兑现 policy against a subject record (policy.h). */
#include "policy.h"
#include "../core/jsonx.h"
#include "engine.h"
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
