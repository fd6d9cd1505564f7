/* rule.c — the 政策兑现 rule evaluator (rule.h): parse once into a bounded structure, evaluate as
 * a loop over it, explain every step in zh-CN. */
#include "rule.h"
#include "../core/validate.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *name, *zh;
    kz_rule_op op;
} ops[] = {
    {"eq", "等于", KZ_OP_EQ},
    {"ne", "不等于", KZ_OP_NE},
    {"gt", "大于", KZ_OP_GT},
    {"gte", "不小于", KZ_OP_GTE},
    {"lt", "小于", KZ_OP_LT},
    {"lte", "不大于", KZ_OP_LTE},
    {"in", "属于", KZ_OP_IN},
    {"contains", "包含", KZ_OP_CONTAINS},
    {"prefix", "以…开头", KZ_OP_PREFIX},
    {"between", "介于", KZ_OP_BETWEEN},
};
#define NOPS (sizeof ops / sizeof ops[0])

/* ---- parsing ---- */

static kz_err bad(kz_error *e, const char *where, const char *what)
{
    char msg[256];
    snprintf(msg, sizeof msg, "%s%s%s", where, *where ? "：" : "", what);
    kz_field_error(e, "rule", msg);
    return KZ_E_VALIDATION;
}

static bool name_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (!n || n >= KZ_RULE_NAME) return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return false;
    return true;
}

static bool fen_ok(const json_t *v)
{
    return json_is_integer(v) && json_integer_value(v) >= 0 &&
           json_integer_value(v) <= KZ_RULE_MAX_FEN;
}

static bool bp_ok(const json_t *v)
{
    return json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= 10000;
}

/* One scalar value into r->vals. */
static const char *add_val(kz_rule *r, const json_t *v)
{
    if (r->nvals >= KZ_RULE_MAX_VALUES) return "取值过多（全部条件合计至多 64 个）";
    kz_rule_val *x = &r->vals[r->nvals];
    memset(x, 0, sizeof *x);
    if (json_is_integer(v)) {
        x->type = KZ_RV_INT;
        x->i = json_integer_value(v);
    } else if (json_is_boolean(v)) {
        x->type = KZ_RV_BOOL;
        x->i = json_is_true(v);
    } else if (json_is_string(v)) {
        const char *s = json_string_value(v);
        if (strlen(s) >= KZ_RULE_TEXT || !kz_utf8_valid(s, strlen(s)) ||
            strlen(s) != json_string_length(v))
            return "文字取值过长或无效";
        x->type = KZ_RV_STR;
        snprintf(x->s, sizeof x->s, "%s", s);
    } else {
        return "取值应为整数、文字或 true/false";
    }
    r->nvals++;
    return NULL;
}

static kz_err parse_cond(const json_t *c, int i, kz_rule_known_fn known, void *ctx, kz_rule *r,
                         kz_error *e)
{
    char where[48];
    snprintf(where, sizeof where, "conditions[%d]", i);
    if (!json_is_object(c)) return bad(e, where, "应为对象 {field, op, value}");
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)c, k,
                        v) if (strcmp(k, "field") && strcmp(k, "op") && strcmp(k, "value") &&
                               strcmp(k, "label")) return bad(e, where,
                                                              "只能含 field、op、value、label");
    kz_rule_cond *x = &r->conds[r->nconds];
    memset(x, 0, sizeof *x);
    const char *field = json_string_value(json_object_get(c, "field"));
    if (!name_ok(field)) return bad(e, where, "field 应为字段名（小写字母、数字、下划线）");
    if (known && !known(ctx, field)) {
        char msg[96];
        snprintf(msg, sizeof msg, "未知的字段 %s", field);
        return bad(e, where, msg);
    }
    snprintf(x->field, sizeof x->field, "%s", field);
    json_t *label = json_object_get(c, "label");
    if (label && (!json_is_string(label) || json_string_length(label) >= KZ_RULE_TEXT ||
                  !json_string_length(label)))
        return bad(e, where, "label 应为不超过 40 字的文字");
    snprintf(x->label, sizeof x->label, "%s", label ? json_string_value(label) : field);
    const char *op = json_string_value(json_object_get(c, "op"));
    size_t o = 0;
    while (o < NOPS && (!op || strcmp(op, ops[o].name)))
        o++;
    if (o == NOPS) {
        char msg[96];
        snprintf(msg, sizeof msg, "未知的比较方式 %.40s", op ? op : "（缺少 op）");
        return bad(e, where, msg);
    }
    x->op = ops[o].op;
    json_t *val = json_object_get(c, "value");
    x->first = r->nvals;
    const char *why = NULL;
    if (x->op == KZ_OP_IN || x->op == KZ_OP_BETWEEN) {
        size_t n = json_array_size(val);
        if (!json_is_array(val) || !n || (x->op == KZ_OP_BETWEEN && n != 2))
            return bad(e, where,
                       x->op == KZ_OP_IN ? "in 的 value 应为非空列表"
                                         : "between 的 value 应为 [下限, 上限]");
        for (size_t j = 0; j < n && !why; j++)
            why = add_val(r, json_array_get(val, j));
    } else if (!val) {
        why = "缺少 value";
    } else {
        why = add_val(r, val);
    }
    if (why) return bad(e, where, why);
    x->nvals = r->nvals - x->first;
    const kz_rule_val *vs = &r->vals[x->first];
    bool ordered = x->op == KZ_OP_GT || x->op == KZ_OP_GTE || x->op == KZ_OP_LT ||
                   x->op == KZ_OP_LTE || x->op == KZ_OP_BETWEEN;
    for (int j = 0; j < x->nvals; j++) {
        if (ordered && vs[j].type == KZ_RV_BOOL)
            return bad(e, where, "大小比较的取值应为整数或文字");
        if (x->op == KZ_OP_PREFIX && vs[j].type != KZ_RV_STR)
            return bad(e, where, "prefix 的取值应为文字");
        if (j && vs[j].type != vs[0].type) return bad(e, where, "取值的类型应一致");
    }
    if (x->op == KZ_OP_BETWEEN &&
        (vs[0].type == KZ_RV_INT ? vs[0].i > vs[1].i : strcmp(vs[0].s, vs[1].s) > 0))
        return bad(e, where, "between 的下限不能高于上限");
    r->nconds++;
    return KZ_OK;
}

static kz_err parse_amount(const json_t *a, kz_rule_known_fn known, void *ctx, kz_rule *r,
                           kz_error *e)
{
    if (!json_is_object(a)) return bad(e, "amount", "应为对象");
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)a, k,
                        v) if (strcmp(k, "base") && strcmp(k, "percent_bp") && strcmp(k, "tiers") &&
                               strcmp(k, "fixed_fen") && strcmp(k, "cap_fen") &&
                               strcmp(k, "floor_fen")) return bad(e, "amount",
                                                                  "只能含 "
                                                                  "base、percent_bp、tiers、fixed_"
                                                                  "fen、cap_fen、floor_fen");
    json_t *base = json_object_get(a, "base"), *pct = json_object_get(a, "percent_bp");
    json_t *tiers = json_object_get(a, "tiers"), *fixed = json_object_get(a, "fixed_fen");
    r->fixed_fen = r->cap_fen = r->floor_fen = -1;
    int ways = (pct != NULL) + (tiers != NULL) + (fixed != NULL);
    if (ways != 1) return bad(e, "amount", "percent_bp、tiers、fixed_fen 应且只应给出一种");
    if (fixed) {
        if (base) return bad(e, "amount", "固定金额不读取 base");
        if (!fen_ok(fixed)) return bad(e, "amount.fixed_fen", "应为 0 至 1 万亿元之间的整数（分）");
        r->fixed_fen = json_integer_value(fixed);
    } else {
        const char *b = json_string_value(base);
        if (!name_ok(b)) return bad(e, "amount.base", "应为计算基数的字段名");
        if (known && !known(ctx, b)) {
            char msg[96];
            snprintf(msg, sizeof msg, "未知的字段 %s", b);
            return bad(e, "amount.base", msg);
        }
        snprintf(r->base, sizeof r->base, "%s", b);
        if (pct) {
            if (!bp_ok(pct)) return bad(e, "amount.percent_bp", "应为 0 至 10000 的整数（万分比）");
            r->tiers[0] = (kz_rule_tier){-1, json_integer_value(pct)};
            r->ntiers = 1;
        } else {
            size_t n = json_array_size(tiers);
            if (!json_is_array(tiers) || !n || n > KZ_RULE_MAX_TIERS)
                return bad(e, "amount.tiers", "应为 1 至 10 个分档");
            for (size_t i = 0; i < n; i++) {
                char where[40];
                snprintf(where, sizeof where, "amount.tiers[%zu]", i);
                json_t *t = json_array_get(tiers, i), *up = json_object_get(t, "up_to_fen");
                if (!json_is_object(t) || json_object_size(t) != 2 ||
                    !bp_ok(json_object_get(t, "percent_bp")) || !up)
                    return bad(e, where, "应为 {up_to_fen, percent_bp}");
                bool last = i + 1 == n;
                if (json_is_null(up) ? !last : !fen_ok(up))
                    return bad(e, where, "up_to_fen 应为金额（分），只有最后一档可为 null");
                int64_t u = json_is_null(up) ? -1 : json_integer_value(up);
                if (i && u >= 0 && u <= r->tiers[i - 1].up_to_fen)
                    return bad(e, where, "各档上限应逐档递增");
                r->tiers[i] =
                    (kz_rule_tier){u, json_integer_value(json_object_get(t, "percent_bp"))};
            }
            r->ntiers = (int)n;
        }
    }
    json_t *cap = json_object_get(a, "cap_fen"), *floor_ = json_object_get(a, "floor_fen");
    if (cap && !fen_ok(cap)) return bad(e, "amount.cap_fen", "应为 0 至 1 万亿元之间的整数（分）");
    if (floor_ && !fen_ok(floor_))
        return bad(e, "amount.floor_fen", "应为 0 至 1 万亿元之间的整数（分）");
    if (cap) r->cap_fen = json_integer_value(cap);
    if (floor_) r->floor_fen = json_integer_value(floor_);
    if (cap && floor_ && r->floor_fen > r->cap_fen) return bad(e, "amount", "下限不能高于上限");
    return KZ_OK;
}

kz_err kz_rule_parse(const json_t *rule, kz_rule_known_fn known, void *ctx, kz_rule *r, kz_error *e)
{
    memset(r, 0, sizeof *r);
    if (!json_is_object(rule)) return bad(e, "", "规则应为对象 {conditions, amount}");
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)rule, k,
                        v) if (strcmp(k, "conditions") &&
                               strcmp(k, "amount")) return bad(e, "",
                                                               "规则只能含 conditions 与 amount");
    json_t *conds = json_object_get(rule, "conditions");
    if (conds && !json_is_array(conds)) return bad(e, "conditions", "应为列表");
    if (json_array_size(conds) > KZ_RULE_MAX_CONDITIONS)
        return bad(e, "conditions", "至多 32 个条件");
    for (size_t i = 0; i < json_array_size(conds); i++) {
        kz_err rc = parse_cond(json_array_get(conds, i), (int)i, known, ctx, r, e);
        if (rc != KZ_OK) return rc;
    }
    if (!json_object_get(rule, "amount")) return bad(e, "amount", "缺少金额的算法");
    return parse_amount(json_object_get(rule, "amount"), known, ctx, r, e);
}

/* ---- evaluating ---- */

static void yuan(int64_t fen, char *out, size_t n)
{
    snprintf(out, n, "%" PRId64 ".%02" PRId64 " 元", fen / 100, fen % 100);
}

static void show_val(const kz_rule_val *v, char *out, size_t n)
{
    if (v->type == KZ_RV_STR)
        snprintf(out, n, "“%s”", v->s);
    else if (v->type == KZ_RV_BOOL)
        snprintf(out, n, "%s", v->i ? "是" : "否");
    else
        snprintf(out, n, "%" PRId64, v->i);
}

static void show_json(const json_t *v, char *out, size_t n)
{
    if (!v || json_is_null(v))
        snprintf(out, n, "（无）");
    else if (json_is_string(v))
        snprintf(out, n, "“%.100s”", json_string_value(v));
    else if (json_is_integer(v))
        snprintf(out, n, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else if (json_is_boolean(v))
        snprintf(out, n, "%s", json_is_true(v) ? "是" : "否");
    else if (json_is_array(v)) {
        size_t used = (size_t)snprintf(out, n, "[");
        for (size_t i = 0; i < json_array_size(v) && used + 8 < n; i++) {
            json_t *x = json_array_get(v, i);
            used += (size_t)snprintf(out + used, n - used, "%s%.40s", i ? "、" : "",
                                     json_is_string(x) ? json_string_value(x) : "…");
        }
        if (used < n) snprintf(out + used, n - used, "]");
    } else
        snprintf(out, n, "（其他）");
}

/* -1, 0, 1 comparing the subject's value with a condition's; 2: not comparable. */
static int cmp(const json_t *v, const kz_rule_val *x)
{
    if (x->type == KZ_RV_INT && json_is_integer(v)) {
        json_int_t a = json_integer_value(v);
        return a < x->i ? -1 : a > x->i;
    }
    if (x->type == KZ_RV_STR && json_is_string(v)) {
        int c = strcmp(json_string_value(v), x->s);
        return c < 0 ? -1 : c > 0;
    }
    if (x->type == KZ_RV_BOOL && json_is_boolean(v)) return json_is_true(v) == (x->i != 0) ? 0 : 1;
    return 2;
}

static bool met(const kz_rule *r, const kz_rule_cond *c, const json_t *v)
{
    const kz_rule_val *x = &r->vals[c->first];
    bool none = !v || json_is_null(v);
    if (c->op == KZ_OP_NE) return none || cmp(v, x) != 0;
    if (none) return false;
    switch (c->op) {
    case KZ_OP_EQ: return cmp(v, x) == 0;
    case KZ_OP_GT: return cmp(v, x) == 1;
    case KZ_OP_GTE: return cmp(v, x) == 1 || cmp(v, x) == 0;
    case KZ_OP_LT: return cmp(v, x) == -1;
    case KZ_OP_LTE: return cmp(v, x) == -1 || cmp(v, x) == 0;
    case KZ_OP_IN:
        for (int i = 0; i < c->nvals; i++)
            if (cmp(v, &x[i]) == 0) return true;
        return false;
    case KZ_OP_CONTAINS:
        for (size_t i = 0; i < json_array_size(v); i++)
            if (cmp(json_array_get(v, i), x) == 0) return true;
        return false;
    case KZ_OP_PREFIX:
        return json_is_string(v) && !strncmp(json_string_value(v), x->s, strlen(x->s));
    case KZ_OP_BETWEEN: {
        int lo = cmp(v, &x[0]), hi = cmp(v, &x[1]);
        return (lo == 0 || lo == 1) && (hi == 0 || hi == -1);
    }
    default: return false;
    }
}

static void line(json_t *out, const char *step, const char *text, int met_)
{
    json_t *o = json_pack("{s:s, s:s}", "step", step, "text", text);
    if (met_ >= 0) json_object_set_new(o, "met", json_boolean(met_));
    json_array_append_new(out, o);
}

static const char *zh_op(kz_rule_op op)
{
    for (size_t i = 0; i < NOPS; i++)
        if (ops[i].op == op) return ops[i].zh;
    return "?";
}

void kz_rule_eval(const kz_rule *r, const json_t *subject, kz_rule_result *out)
{
    out->explanation = json_array();
    out->eligible = true;
    out->amount_fen = 0;
    char text[1024], want[400], got[200];
    for (int i = 0; i < r->nconds; i++) {
        const kz_rule_cond *c = &r->conds[i];
        json_t *v = json_object_get(subject, c->field);
        bool ok = met(r, c, v);
        out->eligible &= ok;
        size_t used = 0;
        want[0] = 0;
        for (int j = 0; j < c->nvals && used + 4 < sizeof want; j++) {
            char one[160];
            show_val(&r->vals[c->first + j], one, sizeof one);
            used += (size_t)snprintf(want + used, sizeof want - used, "%s%s",
                                     j ? (c->op == KZ_OP_BETWEEN ? " 至 " : "、") : "", one);
        }
        show_json(v, got, sizeof got);
        snprintf(text, sizeof text, "%s：%s（要求%s %s；实际为 %s）", c->label,
                 ok ? "满足" : "不满足", zh_op(c->op), want, got);
        line(out->explanation, "condition", text, ok);
        json_object_set_new(json_array_get(out->explanation, json_array_size(out->explanation) - 1),
                            "label", json_string(c->label));
    }
    if (!out->eligible) {
        line(out->explanation, "amount", "有条件不满足，不予兑现：0.00 元", -1);
        return;
    }
    char a[40], b[40];
    int64_t amount;
    if (r->fixed_fen >= 0) {
        amount = r->fixed_fen;
        yuan(amount, a, sizeof a);
        snprintf(text, sizeof text, "固定金额 %s", a);
        line(out->explanation, "amount", text, -1);
    } else {
        json_t *bv = json_object_get(subject, r->base);
        int64_t base =
            json_is_integer(bv) && json_integer_value(bv) > 0 ? json_integer_value(bv) : 0;
        if (base > KZ_RULE_MAX_FEN) base = KZ_RULE_MAX_FEN;
        yuan(base, a, sizeof a);
        snprintf(text, sizeof text, "计算基数 %s = %s", r->base, a);
        line(out->explanation, "amount", text, -1);
        /* in 分 × basis points: exact, rounded once */
        int64_t units = 0, lower = 0;
        for (int i = 0; i < r->ntiers && lower < base; i++) {
            const kz_rule_tier *t = &r->tiers[i];
            int64_t upper = t->up_to_fen < 0 || t->up_to_fen > base ? base : t->up_to_fen;
            if (upper <= lower) continue;
            units += (upper - lower) * t->percent_bp;
            if (r->ntiers > 1) {
                yuan(lower, a, sizeof a);
                yuan(upper, b, sizeof b);
                snprintf(text, sizeof text, "%s 至 %s 部分按 %" PRId64 ".%02" PRId64 "%%", a, b,
                         t->percent_bp / 100, t->percent_bp % 100);
            } else {
                snprintf(text, sizeof text, "按 %" PRId64 ".%02" PRId64 "%% 计算",
                         t->percent_bp / 100, t->percent_bp % 100);
            }
            line(out->explanation, "amount", text, -1);
            lower = upper;
        }
        amount = (units + 5000) / 10000;
        yuan(amount, a, sizeof a);
        snprintf(text, sizeof text, "合计 %s（按分四舍五入）", a);
        line(out->explanation, "amount", text, -1);
    }
    if (r->cap_fen >= 0 && amount > r->cap_fen) {
        amount = r->cap_fen;
        yuan(amount, a, sizeof a);
        snprintf(text, sizeof text, "超过上限，按上限 %s", a);
        line(out->explanation, "amount", text, -1);
    }
    if (r->floor_fen >= 0 && amount < r->floor_fen) {
        amount = r->floor_fen;
        yuan(amount, a, sizeof a);
        snprintf(text, sizeof text, "低于下限，按下限 %s", a);
        line(out->explanation, "amount", text, -1);
    }
    out->amount_fen = amount;
    yuan(amount, a, sizeof a);
    snprintf(text, sizeof text, "可兑现金额：%s", a);
    line(out->explanation, "amount", text, -1);
}
