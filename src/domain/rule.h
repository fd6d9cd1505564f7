/* rule.h — 政策兑现 rules as data (issue 17 item 1): a small, safe evaluator of a declarative rule
 * over one subject record (a registered contract, a won 揭榜 application, an org …): conditions
 * on the subject's fields, then an amount in integer 分 — a percent of one of its fields, or
 * marginal bands of percents, or a fixed sum — bounded by a cap and a floor. No code runs: a rule
 * is parsed once into a fixed-size structure (at most KZ_RULE_MAX_CONDITIONS conditions and
 * KZ_RULE_MAX_TIERS bands, each value bounded), and evaluating it is a loop over that
 * structure. Every condition and every step of the amount is explained in a zh-CN line.
 *
 * The rule's JSON:
 *   {"conditions": [{"field": F, "op": OP, "value": V, "label": "…"?}, …],
 *    "amount": {"base": F, "percent_bp": N}                   a percent (basis points) of F
 *            | {"base": F, "tiers": [{"up_to_fen": N|null, "percent_bp": N}, …]}   marginal bands
 *            | {"fixed_fen": N},
 *              each with "cap_fen": N? and "floor_fen": N?}
 * OP: eq, ne (a string, an integer or a boolean); gt, gte, lt, lte (integers, or strings — dates
 * YYYY-MM-DD compare as text); in (V a list: the field's value is one of them); contains (the
 * field is a list holding V); prefix (a string starting with V: region codes); between (V a pair
 * [lo, hi], inclusive, integers or strings). A field the subject lacks (or null) meets no
 * condition but ne. F names a field the subject may have: the caller's `known` says which.
 *
 * Arithmetic: an amount is computed in 分 × basis points (exact in 64 bits: amounts are at most
 * KZ_RULE_MAX_FEN = ¥1 万亿 and percents at most 100 %) and rounded once, half up, to 分; then
 * the cap, then the floor (a floor applies only to an eligible subject). A base field that is
 * absent or negative counts as 0.
 *
 * Ownership: kz_rule is the caller's (no heap inside); json_t arguments are borrowed; the result's
 * explanation is a new reference the caller json_decref()s. */
#ifndef KZ_RULE_H
#define KZ_RULE_H
#include "../core/errors.h"
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define KZ_RULE_MAX_CONDITIONS 32
#define KZ_RULE_MAX_TIERS      10
#define KZ_RULE_MAX_VALUES     64 /* the values of all conditions (an `in` list's items) */
#define KZ_RULE_MAX_FEN        100000000000000LL /* ¥1 万亿 */
#define KZ_RULE_NAME           48                /* a field's name, NUL included */
#define KZ_RULE_TEXT           128 /* a string value or a label, bytes, NUL included */

typedef enum {
    KZ_OP_EQ,
    KZ_OP_NE,
    KZ_OP_GT,
    KZ_OP_GTE,
    KZ_OP_LT,
    KZ_OP_LTE,
    KZ_OP_IN,
    KZ_OP_CONTAINS,
    KZ_OP_PREFIX,
    KZ_OP_BETWEEN,
} kz_rule_op;

/* A value of a condition: an integer, a string or a boolean. */
typedef struct kz_rule_val {
    enum { KZ_RV_INT, KZ_RV_STR, KZ_RV_BOOL } type;
    int64_t i;
    char s[KZ_RULE_TEXT];
} kz_rule_val;

typedef struct kz_rule_cond {
    char field[KZ_RULE_NAME];
    char label[KZ_RULE_TEXT]; /* the rule's own, or the field's name */
    kz_rule_op op;
    int first, nvals; /* its values in kz_rule.vals: 1; 2 for between; the list's for in */
} kz_rule_cond;

typedef struct kz_rule_tier {
    int64_t up_to_fen; /* -1: no upper bound (the last band) */
    int64_t percent_bp;
} kz_rule_tier;

typedef struct kz_rule {
    int nconds;
    kz_rule_cond conds[KZ_RULE_MAX_CONDITIONS];
    int nvals;
    kz_rule_val vals[KZ_RULE_MAX_VALUES];
    char base[KZ_RULE_NAME]; /* "" with fixed_fen */
    int ntiers;              /* 1 for a single percent */
    kz_rule_tier tiers[KZ_RULE_MAX_TIERS];
    int64_t fixed_fen; /* -1: none */
    int64_t cap_fen;   /* -1: none */
    int64_t floor_fen; /* -1: none */
} kz_rule;

/* Whether a field name may be read from the subject (the subject kind's fields). */
typedef bool (*kz_rule_known_fn)(void *ctx, const char *field);

/* Parses rule into *r. KZ_OK, or KZ_E_VALIDATION with a field error on "rule" saying what is
 * wrong and where (e.g. "conditions[2].op：未知的比较方式 like"). known may be NULL (any field). */
kz_err kz_rule_parse(const json_t *rule, kz_rule_known_fn known, void *ctx, kz_rule *r,
                     kz_error *e);

typedef struct kz_rule_result {
    bool eligible;      /* every condition met */
    int64_t amount_fen; /* 0 when not eligible */
    /* [{"step": "condition"|"amount", "text": zh-CN, "met"?: bool, "label"?: the condition's}] */
    json_t *explanation;
} kz_rule_result;

/* Evaluates r over subject (an object: the record as read). */
void kz_rule_eval(const kz_rule *r, const json_t *subject, kz_rule_result *out);

#endif
