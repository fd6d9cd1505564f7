/* policy.c — evaluating a 政策兑现 policy against a subject record (policy.h). */
#include "policy.h"
#include "../core/jsonx.h"
#include "engine.h"
#include "record.h"
#include <stdio.h>
#include <string.h>

static json_t *line(const char *text, bool met)
{
    return json_pack("{s:s, s:s, s:b}", "step", "condition", "text", text, "met", met);
}

kz_err kz_policy_evaluate(db_conn *c, const kz_actor *a, int64_t id, int64_t subject_id,
                          json_t **out, kz_error *e)
{
    *out = NULL;
    json_t *p = NULL, *s = NULL;
    kz_err rc = kz_kind_get(&kz_kind_policy, c, a, id, &p, e);
    if (rc != KZ_OK) return rc;
    const kz_kind_desc *k = kz_policy_subject_kind(kz_json_str(p, "subject_kind"));
    kz_rule r;
    kz_error pe = {0};
    if (!k || !kz_policy_rule(p, &r, &pe)) { /* (checked when written: not expected) */
        kz_error_clear(&pe);
        json_decref(p);
        return kz_fail(e, KZ_E_INTERNAL, "政策规则无效");
    }
    rc = kz_kind_get(k, c, a, subject_id, &s, e);
    if (rc != KZ_OK) {
        json_decref(p);
        return rc;
    }
    kz_rule_result res;
    kz_rule_eval(&r, s, &res);
    /* the policy's own conditions first: in force, and today in its period */
    char today[11], text[200];
    kz_today(today);
    const char *st = kz_json_str(p, "status"), *from = kz_json_str(p, "period_from"),
               *to = kz_json_str(p, "period_to");
    bool in_force = st && !strcmp(st, "in_force");
    bool in_period = from && to && strcmp(from, today) <= 0 && strcmp(today, to) <= 0;
    snprintf(text, sizeof text, "政策施行中：%s",
             in_force ? "满足" : "不满足（政策未施行或已废止）");
    json_array_insert_new(res.explanation, 0, line(text, in_force));
    snprintf(text, sizeof text, "在政策适用期 %s 至 %s 内：%s（今天 %s）", from ? from : "?",
             to ? to : "?", in_period ? "满足" : "不满足", today);
    json_array_insert_new(res.explanation, 1, line(text, in_period));
    bool eligible = res.eligible && in_force && in_period;
    if (!eligible && res.eligible) /* the rule's amount said, then not granted */
        json_array_append_new(res.explanation,
                              json_pack("{s:s, s:s}", "step", "amount", "text",
                                        "政策未施行或不在适用期内，不予兑现：0.00 元"));
    *out = json_pack("{s:I, s:O, s:I, s:s, s:I, s:b, s:I, s:o}", "policy_id", (json_int_t)id,
                     "policy_title", json_object_get(p, "title"), "policy_version",
                     json_integer_value(json_object_get(p, "version")), "subject_kind", k->name,
                     "subject_id", (json_int_t)subject_id, "eligible", eligible, "amount_fen",
                     (json_int_t)(eligible ? res.amount_fen : 0), "explanation", res.explanation);
    json_decref(p);
    json_decref(s);
    return KZ_OK;
}
