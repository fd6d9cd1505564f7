/* match.c — 撮合: ranked achievements, experts and service agencies for a demand, and ranked
 * demands and enterprises for an achievement (see search.h).
 *
 * Candidates come from text retrieval over the index (the record's title twice, its keywords
 * and its public description as the query), limited to what the viewer may read; each is then
 * scored in 0..1 as a weighted sum of fits, each in 0..1:
 *   text       the BM25F score relative to the best candidate's (and to a floor that keeps a
 *              weak best match from scoring 1)
 *   industry   same GB/T 4754 class 1, 中类 0.8, 大类 0.7, 门类 0.4, different 0, unknown 0.3
 *   region     same district 1, city 0.8, province 0.6, elsewhere 0.3, unknown 0.4
 *   maturity   TRL >= the demand's trl_min 1, one below 0.5, further below less; unknown 0.3–0.7
 *   price      asking price within the budget 1, below its minimum 0.9, above it decreasing;
 *              either unknown (面议) 0.6
 *   freshness  1 when just published, falling linearly to 0.2 after three years
 * with weights from the configuration (--match-weights). Equal input gives equal output: ties
 * are broken by id. Every fit is reported in `reasons` with a zh-CN label. */
#include "../core/jsonx.h"
#include "../core/vocab.h"
#include "../search/analyze.h"
#include "../search/rank.h"
#include "achievement.h"
#include "clock.h"
#include "demand.h"
#include "counts.h"
#include "engine.h"
#include "enums.h"
#include "record.h"
#include "search.h"
#include "search_svc.h"
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CANDIDATES  100
#define MAX_PARTIES 5

enum { W_TEXT, W_INDUSTRY, W_REGION, W_MATURITY, W_PRICE, W_FRESH, W__COUNT };
static const char *const weight_names[W__COUNT] = {"text",     "industry", "region",
                                                   "maturity", "price",    "freshness"};
static pthread_mutex_t w_lock = PTHREAD_MUTEX_INITIALIZER;
static double weights[W__COUNT] = {0.5, 0.15, 0.1, 0.1, 0.1, 0.05};

int kz_match_set_weights(const char *spec, char *err, size_t errlen)
{
    double w[W__COUNT] = {0};
    char buf[256];
    if (!spec || strlen(spec) >= sizeof buf) {
        snprintf(err, errlen, "match-weights: too long");
        return -1;
    }
    snprintf(buf, sizeof buf, "%s", spec);
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(tok, '=');
        int i = 0;
        if (eq) {
            *eq = '\0';
            while (i < W__COUNT && strcmp(weight_names[i], tok))
                i++;
        }
        char *end;
        double v = eq ? strtod(eq + 1, &end) : -1;
        if (!eq || i == W__COUNT || *end || v < 0 || v > 100) {
            snprintf(err, errlen,
                     "match-weights: expected name=value with names text, industry, region, "
                     "maturity, price, freshness");
            return -1;
        }
        w[i] = v;
    }
    double sum = 0;
    for (int i = 0; i < W__COUNT; i++)
        sum += w[i];
    if (sum <= 0) {
        snprintf(err, errlen, "match-weights: the weights add up to 0");
        return -1;
    }
    pthread_mutex_lock(&w_lock);
    for (int i = 0; i < W__COUNT; i++)
        weights[i] = w[i] / sum;
    pthread_mutex_unlock(&w_lock);
    return 0;
}

static void get_weights(double out[W__COUNT])
{
    pthread_mutex_lock(&w_lock);
    memcpy(out, weights, sizeof weights);
    pthread_mutex_unlock(&w_lock);
}

/* ---- fits ---- */

static json_t *reason(double fit, const char *label)
{
    json_t *o = json_object();
    json_object_set_new(o, "fit", json_real(round(fit * 1000) / 1000));
    json_object_set_new(o, "label", json_string(label));
    return o;
}

static const char *industry_name(const char *code)
{
    const kz_vocab_entry *v = kz_vocab_get(KZ_VOCAB_INDUSTRY, code);
    return v ? v->name : code;
}

/* a and b: "C3841" forms (section letter + digits) */
static double industry_fit(const char *a, const char *b, json_t **why)
{
    char label[160];
    if (!a[0] || !b[0]) {
        *why = reason(0.3, "行业未标注");
        return 0.3;
    }
    size_t la = strlen(a), lb = strlen(b), common = 0;
    while (common < la && common < lb && a[common] == b[common])
        common++;
    double fit;
    char code[8];
    if (common == 0) {
        *why = reason(0, "行业不同");
        return 0;
    }
    /* common: 1 section, 3 大类, 4 中类, 5 小类 */
    memcpy(code, a + 1, common > 1 ? common - 1 : 0);
    code[common > 1 ? common - 1 : 0] = '\0';
    if (common == la && la == lb) {
        fit = 1.0;
    } else if (common >= 4) {
        fit = 0.8;
    } else if (common >= 3) {
        fit = 0.7;
    } else {
        fit = 0.4;
        code[0] = a[0];
        code[1] = '\0';
    }
    if (common == 2) { /* one digit in common: only the section counts */
        code[0] = a[0];
        code[1] = '\0';
    }
    snprintf(label, sizeof label, "同属%s", industry_name(code));
    *why = reason(fit, label);
    return fit;
}

static const char *region_name(const char *code)
{
    const kz_vocab_entry *v = kz_vocab_get(KZ_VOCAB_REGION, code);
    return v ? v->name : code;
}

static double region_fit(uint32_t a, uint32_t b, json_t **why)
{
    char label[160], code[16];
    a %= 1000000;
    b %= 1000000;
    if (!a || !b) {
        *why = reason(0.4, "地区未标注");
        return 0.4;
    }
    double fit;
    if (a == b) {
        fit = 1.0;
        snprintf(code, sizeof code, "%06u", (unsigned)a);
    } else if (a / 100 == b / 100) {
        fit = 0.8;
        snprintf(code, sizeof code, "%04u00", (unsigned)(a / 100));
    } else if (a / 10000 == b / 10000) {
        fit = 0.6;
        snprintf(code, sizeof code, "%02u0000", (unsigned)(a / 10000));
    } else {
        *why = reason(0.3, "不在同一省份");
        return 0.3;
    }
    snprintf(label, sizeof label, "同在%s", region_name(code));
    *why = reason(fit, label);
    return fit;
}

static double maturity_fit(int trl, int trl_min, json_t **why)
{
    char label[96];
    if (trl_min < 1) {
        *why = reason(0.7, "需求未限定技术成熟度");
        return 0.7;
    }
    if (trl < 1) {
        *why = reason(0.3, "成果未标注技术成熟度");
        return 0.3;
    }
    double fit = trl >= trl_min       ? 1.0
                 : trl == trl_min - 1 ? 0.5
                                      : fmax(0, 0.5 - 0.15 * (trl_min - trl - 1));
    snprintf(label, sizeof label, "技术成熟度 TRL %d，需求要求不低于 %d", trl, trl_min);
    *why = reason(fit, label);
    return fit;
}

static void yuan(char *out, size_t n, int64_t fen)
{
    if (fen >= 1000000)
        snprintf(out, n, "%.1f 万元", fen / 1000000.0);
    else
        snprintf(out, n, "%.0f 元", fen / 100.0);
}

static double price_fit(int64_t price, int64_t bmin, int64_t bmax, json_t **why)
{
    char label[160], p[32], b[32];
    if (price < 0 || (bmin < 0 && bmax < 0)) {
        *why = reason(0.6, price < 0 ? "成果价格面议" : "需求未给出预算");
        return 0.6;
    }
    yuan(p, sizeof p, price);
    double fit;
    if (bmax >= 0 && price > bmax) {
        fit = bmax > 0 ? fmax(0, 0.7 * (1.0 - (double)(price - bmax) / (double)bmax)) : 0;
        yuan(b, sizeof b, bmax);
        snprintf(label, sizeof label, "报价 %s，高于预算上限 %s", p, b);
    } else if (bmin >= 0 && price < bmin) {
        fit = 0.9;
        yuan(b, sizeof b, bmin);
        snprintf(label, sizeof label, "报价 %s，低于预算下限 %s", p, b);
    } else {
        fit = 1.0;
        snprintf(label, sizeof label, "报价 %s，在预算范围内", p);
    }
    *why = reason(fit, label);
    return fit;
}

static double fresh_fit(uint32_t day, json_t **why)
{
    char label[96];
    if (!day) {
        *why = reason(0.5, "发布时间未知");
        return 0.5;
    }
    long today = (long)(kz_now() / 86400);
    long age = today - (long)day;
    if (age < 0) age = 0;
    double fit = fmax(0.2, 1.0 - age / 1095.0);
    if (age <= 30)
        snprintf(label, sizeof label, "近一个月发布");
    else if (age <= 365)
        snprintf(label, sizeof label, "发布约 %ld 个月", age / 30);
    else
        snprintf(label, sizeof label, "发布约 %ld 年", age / 365);
    *why = reason(fit, label);
    return fit;
}

/* ---- shared terms ---- */

typedef struct share_ctx {
    const kz_query *q;
    uint8_t *seen; /* per query term */
} share_ctx;

static int share_cb(void *vctx, const kz_token *t)
{
    share_ctx *x = vctx;
    for (size_t i = 0; i < x->q->n; i++)
        if (x->q->terms[i].len == t->len && !memcmp(x->q->terms[i].text, t->text, t->len))
            x->seen[i] = 1;
    return 0;
}

typedef struct termw {
    size_t i;
    double w;
} termw;

static int termw_cmp(const void *a, const void *b)
{
    const termw *x = a, *y = b;
    if (x->w != y->w) return x->w > y->w ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* The query terms the record's public text shares, most telling first (longer words before
 * the bigrams inside them). New array. */
static json_t *shared_terms(const kz_query *q, const kz_index *ix, const json_t *card,
                            const char *const *fields)
{
    json_t *out = json_array();
    uint8_t *seen = calloc(q->n + 1, 1);
    termw *tw = malloc((q->n + 1) * sizeof *tw);
    if (!seen || !tw) {
        free(seen);
        free(tw);
        return out;
    }
    share_ctx x = {q, seen};
    for (int f = 0; fields[f]; f++) {
        json_t *v = json_object_get(card, fields[f]);
        if (json_is_string(v)) {
            kz_analyze(json_string_value(v), json_string_length(v), share_cb, &x);
        } else if (json_is_array(v)) {
            size_t i;
            json_t *it;
            json_array_foreach(v, i, it) if (json_is_string(it))
                kz_analyze(json_string_value(it), json_string_length(it), share_cb, &x);
        }
    }
    size_t n = 0;
    for (size_t i = 0; i < q->n; i++) {
        /* dictionary words, Latin words and numbers: bare bigrams often straddle two words */
        if (!seen[i] || q->kinds[i] == KZ_TOK_BIGRAM || q->kinds[i] == KZ_TOK_UNIGRAM) continue;
        double idf = kz_ix_idf(ix, kz_ix_df(ix, q->terms[i].text, q->terms[i].len));
        tw[n++] = (termw){i, idf * (1.0 + 0.2 * q->terms[i].len / 3.0)};
    }
    qsort(tw, n, sizeof *tw, termw_cmp);
    for (size_t j = 0; j < n && json_array_size(out) < 8; j++) {
        const kz_ix_qterm *t = &q->terms[tw[j].i];
        bool inside = false; /* skip a term contained in one already listed */
        size_t k;
        json_t *s;
        json_array_foreach(out, k, s)
        {
            if (json_string_length(s) > t->len &&
                memmem(json_string_value(s), json_string_length(s), t->text, t->len))
                inside = true;
        }
        if (!inside) json_array_append_new(out, json_stringn(t->text, t->len));
    }
    free(seen);
    free(tw);
    return out;
}

/* ---- the query of a record ---- */

static void add_text(char **buf, size_t *len, size_t *cap, const char *s)
{
    if (!s) return;
    size_t n = strlen(s);
    if (*len + n + 2 > *cap) {
        size_t nc = (*len + n + 2) * 2;
        char *nb = realloc(*buf, nc);
        if (!nb) return;
        *buf = nb;
        *cap = nc;
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[(*len)++] = '\n';
    (*buf)[*len] = '\0';
}

static int record_query(const json_t *rec, const char *const *fields, kz_query *q)
{
    char *buf = NULL;
    size_t len = 0, cap = 0;
    const char *title = json_string_value(json_object_get(rec, "title"));
    add_text(&buf, &len, &cap, title); /* the title twice: its terms weigh double */
    add_text(&buf, &len, &cap, title);
    for (int f = 0; fields[f]; f++) {
        json_t *v = json_object_get(rec, fields[f]);
        if (json_is_string(v)) {
            add_text(&buf, &len, &cap, json_string_value(v));
        } else if (json_is_array(v)) {
            size_t i;
            json_t *it;
            json_array_foreach(v, i, it) add_text(&buf, &len, &cap, json_string_value(it));
        }
    }
    int rc = kz_query_parse(buf ? buf : "", len, NULL, q);
    free(buf);
    return rc;
}

/* The attributes of a record as the index would hold them (also when it is not indexed). */
static void attrs_of(const json_t *rec, bool achievement, kz_ix_attrs *at)
{
    memset(at, 0, sizeof *at);
    at->trl = at->trl_min = -1;
    at->money_lo = at->money_hi = -1;
    const char *industry = json_string_value(json_object_get(rec, "industry"));
    const char *section = industry ? kz_industry_section(industry) : NULL;
    if (section) snprintf(at->industry, sizeof at->industry, "%s%.4s", section, industry);
    const char *region = json_string_value(json_object_get(rec, "region"));
    if (region && kz_all_digits(region, 6)) at->region = (uint32_t)atoi(region);
    json_t *v;
    if (achievement) {
        if (json_is_integer(v = json_object_get(rec, "trl")))
            at->trl = (int8_t)json_integer_value(v);
        if (json_is_integer(v = json_object_get(rec, "price_fen")))
            at->money_lo = at->money_hi = json_integer_value(v);
    } else {
        if (json_is_integer(v = json_object_get(rec, "trl_min")))
            at->trl_min = (int8_t)json_integer_value(v);
        if (json_is_integer(v = json_object_get(rec, "budget_min_fen")))
            at->money_lo = json_integer_value(v);
        if (json_is_integer(v = json_object_get(rec, "budget_max_fen")))
            at->money_hi = json_integer_value(v);
    }
    at->org_id = (uint32_t)json_integer_value(json_object_get(rec, "org_id"));
}

/* ---- ranking ---- */

typedef struct cand {
    uint32_t doc;
    uint64_t key;
    double text, score;
    kz_ix_attrs at;
    json_t *reasons;
} cand;

static int cand_cmp(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    if (x->text != y->text) return x->text > y->text ? -1 : 1;
    return x->key < y->key ? -1 : x->key > y->key;
}

static double round4(double v)
{
    return round(v * 10000) / 10000;
}

/* Scores the candidates against the record's attributes; `ach` is the achievement's side
 * and `dem` the demand's (one of them is the record, the other the candidate). */
static void score_all(cand *cs, int n, const kz_ix_attrs *self, bool self_is_demand, double s_floor)
{
    double w[W__COUNT];
    get_weights(w);
    double best = s_floor;
    for (int i = 0; i < n; i++)
        if (cs[i].text > best) best = cs[i].text;
    for (int i = 0; i < n; i++) {
        cand *c = &cs[i];
        const kz_ix_attrs *ach = self_is_demand ? &c->at : self;
        const kz_ix_attrs *dem = self_is_demand ? self : &c->at;
        json_t *r = json_object();
        json_t *why;
        double fit[W__COUNT];
        fit[W_TEXT] = best > 0 ? c->text / best : 0;
        fit[W_INDUSTRY] = industry_fit(self->industry, c->at.industry, &why);
        json_object_set_new(r, "industry", why);
        fit[W_REGION] = region_fit(self->region, c->at.region, &why);
        json_object_set_new(r, "region", why);
        fit[W_MATURITY] = maturity_fit(ach->trl, dem->trl_min, &why);
        json_object_set_new(r, "maturity", why);
        fit[W_PRICE] = price_fit(ach->money_lo, dem->money_lo, dem->money_hi, &why);
        json_object_set_new(r, "price", why);
        fit[W_FRESH] = fresh_fit(c->at.day, &why);
        json_object_set_new(r, "freshness", why);
        double s = 0;
        for (int k = 0; k < W__COUNT; k++)
            s += w[k] * fit[k];
        json_t *text = json_object();
        json_object_set_new(text, "fit", json_real(round(fit[W_TEXT] * 1000) / 1000));
        json_object_set_new(r, "text", text);
        c->score = round4(fmin(1.0, fmax(0.0, s)));
        c->reasons = r;
    }
    qsort(cs, (size_t)n, sizeof *cs, cand_cmp);
}

/* ---- what the deals of a demand taught (kinds/deal.c) ---- */

#define FB_CODES 3
/* the decline codes that, recurring, lower a kind of fit: the code, the reason's key, the label
 * when the demand declined with it twice, and when its org did over its demands */
static const char *const fb_codes[FB_CODES][4] = {
    {"price", "price", "需求方多次因价格放弃对接：价格不符的成果靠后",
     "需求单位多次因价格放弃对接：价格不符的成果靠后"},
    {"maturity", "maturity", "需求方多次因成熟度放弃对接：成熟度不足的成果靠后",
     "需求单位多次因成熟度放弃对接：成熟度不足的成果靠后"},
    {"fit", "text", "需求方多次因技术不对口放弃对接：内容相关度低的成果靠后",
     "需求单位多次因技术不对口放弃对接：内容相关度低的成果靠后"},
};

typedef struct feedback {
    int64_t excluded[KZ_CHILDREN_MAX]; /* achievements declined for fit: not again */
    int nexcluded;
    /* a code the demand's side declined with twice or more: on this demand (1), else over the
     * org's demands (2: the org's counts, kinds/deal.c), else 0 */
    int recurs[FB_CODES];
} feedback;

/* The declined deals of demand id (its children, at most KZ_CHILDREN_MAX: no scan of the
 * table) and the declines its org (org_id) counts over all its demands (one look-up of
 * record_counts); NULL on a failure (the matches are then given without the feedback). */
static feedback *feedback_of(db_conn *c, int64_t id, int64_t org_id)
{
    json_t *declined = NULL;
    if (kz_kind_children(&kz_kind_deal, c, id, "declined", KZ_CHILDREN_MAX, &declined) != DB_OK) {
        json_decref(declined);
        return NULL;
    }
    feedback *f = calloc(1, sizeof *f);
    int count[FB_CODES] = {0};
    size_t i;
    json_t *d;
    json_array_foreach(declined, i, d)
    {
        const char *code = kz_json_str(d, "decline_code"), *side = kz_json_str(d, "decline_side");
        if (!code) continue;
        if (!strcmp(code, "fit") && f->nexcluded < KZ_CHILDREN_MAX)
            f->excluded[f->nexcluded++] = json_integer_value(json_object_get(d, "achievement_id"));
        for (int k = 0; k < FB_CODES; k++)
            if (side && !strcmp(side, "buyer") && !strcmp(code, fb_codes[k][0])) count[k]++;
    }
    json_t *org = json_object();
    db_status st = org_id > 0 ? kz_record_counts(c, "org", org_id, org) : DB_OK;
    for (int k = 0; k < FB_CODES; k++) {
        char key[32];
        snprintf(key, sizeof key, "declined:%s", fb_codes[k][0]);
        f->recurs[k] = count[k] >= 2                                                       ? 1
                       : st == DB_OK && json_integer_value(json_object_get(org, key)) >= 2 ? 2
                                                                                           : 0;
    }
    json_decref(org);
    json_decref(declined);
    return f;
}

/* Drops the excluded candidates and lowers, for each recurring code, the score by the fit it
 * names (× (0.5 + 0.5 × fit), said in the reasons); sorts again. Returns how many are left. */
static int feedback_apply(cand *cs, int n, const feedback *f)
{
    if (!f) return n;
    int m = 0;
    for (int i = 0; i < n; i++) {
        bool out = false;
        for (int j = 0; j < f->nexcluded && !out; j++)
            out = (int64_t)cs[i].key == f->excluded[j];
        if (out) {
            json_decref(cs[i].reasons);
            continue;
        }
        for (int k = 0; k < FB_CODES; k++) {
            if (!f->recurs[k]) continue;
            json_t *why = json_object_get(cs[i].reasons, fb_codes[k][1]);
            double fit = json_real_value(json_object_get(why, "fit"));
            cs[i].score = round4(cs[i].score * (0.5 + 0.5 * fit));
            json_object_set_new(cs[i].reasons, "feedback",
                                reason(fit, fb_codes[k][f->recurs[k] == 1 ? 2 : 3]));
        }
        cs[m++] = cs[i];
    }
    qsort(cs, (size_t)m, sizeof *cs, cand_cmp);
    return m;
}

typedef struct status_ctx {
    int kind;
    const char *status;
} status_ctx;

static bool only_status(void *vctx, const kz_ix_attrs *at)
{
    status_ctx *x = vctx;
    return !strcmp(kz_svc_status_name(x->kind, at->status), x->status);
}

/* Text candidates of kind for query q, excluding the record itself (self_key when the same
 * kind): filled into cs, returns the count or -1. Runs under the read lock. */
static int candidates(const kz_actor *a, int kind, const kz_query *q, const char *status, cand *cs)
{
    kz_ix_hit hits[CANDIDATES];
    status_ctx sx = {kind, status};
    int n = kz_svc_query(a, kind, q, NULL, 0, status ? only_status : NULL, &sx, CANDIDATES, hits);
    if (n < 0) return -1;
    const kz_index *ix = kz_svc_index(kind);
    for (int i = 0; i < n; i++)
        cs[i] = (cand){.doc = hits[i].doc,
                       .key = kz_ix_key_of(ix, hits[i].doc),
                       .text = hits[i].score,
                       .at = *kz_ix_attrs_of(ix, hits[i].doc)};
    return n;
}

/* A floor for the text fit: a fifth of what a document holding every query term once in its
 * title and summary would score. */
static double text_floor(int kind, const kz_query *q)
{
    const kz_index *ix = kz_svc_index(kind);
    double s = 0;
    for (size_t i = 0; i < q->n; i++)
        s += q->terms[i].weight * kz_ix_idf(ix, kz_ix_df(ix, q->terms[i].text, q->terms[i].len));
    return 0.2 * s;
}

typedef struct party {
    int64_t id;
    double score;
    int n;
    json_t *titles;
} party;

static void party_add(party *ps, int *np, int64_t id, double score, const char *title)
{
    int j = 0;
    while (j < *np && ps[j].id != id)
        j++;
    if (j == *np) {
        if (*np == CANDIDATES) return;
        ps[(*np)++] = (party){.id = id, .titles = json_array()};
    }
    party *p = &ps[j];
    if (score > p->score) p->score = score;
    if (json_array_size(p->titles) < 3 && title)
        json_array_append_new(p->titles, json_string(title));
    p->n++;
}

static int party_cmp(const void *a, const void *b)
{
    const party *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static const char *const ach_text_fields[] = {"keywords", "summary", NULL};
static const char *const dem_text_fields[] = {"description", "indicators", NULL};
static const char *const ach_share_fields[] = {"title", "keywords", "summary", NULL};
static const char *const dem_share_fields[] = {"title", "description", "indicators", NULL};

kz_err kz_match_demand(db_conn *c, const kz_actor *a, int64_t id, int limit, json_t **out,
                       kz_error *e)
{
    *out = NULL;
    json_t *dem = NULL;
    kz_err rc = kz_dem_get(c, a, id, &dem, e);
    if (rc != KZ_OK) return rc;
    kz_query q;
    if (record_query(dem, dem_text_fields, &q)) {
        json_decref(dem);
        return kz_fail(e, KZ_E_INTERNAL, NULL);
    }
    kz_ix_attrs self;
    attrs_of(dem, false, &self);
    feedback *fb = feedback_of(c, id, json_integer_value(json_object_get(dem, "org_id")));
    /* (before the index's read lock) */
    rc = kz_svc_read_begin(c, e);
    if (rc != KZ_OK) {
        free(fb);
        kz_query_free(&q);
        json_decref(dem);
        return rc;
    }
    cand cs[CANDIDATES];
    int n = candidates(a, KZ_SK_ACH, &q, "published", cs);
    double floor_s = text_floor(KZ_SK_ACH, &q);
    json_t *items = json_array(), *experts = json_array();
    party ps[CANDIDATES];
    int np = 0;
    if (n > 0) {
        score_all(cs, n, &self, true, floor_s);
        n = feedback_apply(cs, n, fb);
        for (int i = 0; i < n; i++) {
            if (cs[i].at.creator) party_add(ps, &np, cs[i].at.creator, cs[i].score, NULL);
        }
    }
    free(fb);
    /* shared terms need the index statistics: computed under the lock, cards after it */
    json_t *cards[CANDIDATES] = {0};
    kz_svc_read_end();
    int shown = 0;
    for (int i = 0; i < n; i++) {
        if (shown < limit) {
            json_t *card = kz_svc_card(c, a, KZ_SK_ACH, (int64_t)cs[i].key);
            if (card) {
                cards[i] = card;
                shown++;
            }
        }
        for (int j = 0; j < np; j++)
            if (ps[j].id == cs[i].at.creator && json_array_size(ps[j].titles) < 3) {
                json_t *card = cards[i] ? json_incref(cards[i])
                                        : kz_svc_card(c, a, KZ_SK_ACH, (int64_t)cs[i].key);
                if (card) json_array_append(ps[j].titles, json_object_get(card, "title"));
                json_decref(card);
            }
    }
    if (kz_svc_read_begin(c, e) != KZ_OK) {
        for (int i = 0; i < n; i++) {
            json_decref(cards[i]);
            json_decref(cs[i].reasons);
        }
        for (int j = 0; j < np; j++)
            json_decref(ps[j].titles);
        json_decref(items);
        json_decref(experts);
        kz_query_free(&q);
        json_decref(dem);
        return e->code;
    }
    for (int i = 0; i < n; i++) {
        if (!cards[i]) continue;
        json_object_set_new(cs[i].reasons, "shared_terms",
                            shared_terms(&q, kz_svc_index(KZ_SK_ACH), cards[i], ach_share_fields));
    }
    kz_svc_read_end();
    for (int i = 0; i < n; i++) {
        if (cards[i]) {
            json_t *it = json_object();
            json_object_set_new(it, "achievement", cards[i]);
            json_object_set_new(it, "score", json_real(cs[i].score));
            json_object_set_new(it, "reasons", cs[i].reasons);
            json_array_append_new(items, it);
        } else {
            json_decref(cs[i].reasons);
        }
    }
    /* experts: the creators of the matching achievements */
    qsort(ps, (size_t)np, sizeof *ps, party_cmp);
    for (int j = 0; j < np; j++) {
        if ((int)json_array_size(experts) < MAX_PARTIES && json_array_size(ps[j].titles)) {
            json_t *u = kz_svc_expert(c, ps[j].id);
            if (u) {
                json_t *it = json_object(), *r = json_object();
                /* several matching results count a little more than one */
                double s = fmin(1.0, ps[j].score * (1.0 + 0.05 * (ps[j].n > 4 ? 3 : ps[j].n - 1)));
                json_object_set_new(it, "expert", u);
                json_object_set_new(it, "score", json_real(round4(s)));
                json_object_set_new(r, "achievements", json_incref(ps[j].titles));
                json_object_set_new(r, "matching_achievements", json_integer(ps[j].n));
                json_object_set_new(it, "reasons", r);
                json_array_append_new(experts, it);
            }
        }
        json_decref(ps[j].titles);
    }
    /* service agencies: by industry and region */
    json_t *agencies = json_array();
    {
        typedef struct ag {
            json_t *org;
            double score;
            json_t *reasons;
            int64_t id;
        } ag;
        ag list[64];
        int na = 0;
        json_t *orgs = kz_svc_service_orgs(c);
        if (orgs) {
            size_t i;
            json_t *o;
            json_array_foreach(orgs, i, o)
            {
                if (na == 64) break;
                kz_ix_attrs oa;
                attrs_of(o, false, &oa);
                json_t *r = json_object(), *why;
                double s = 0.5 * industry_fit(self.industry, oa.industry, &why);
                json_object_set_new(r, "industry", why);
                s += 0.5 * region_fit(self.region, oa.region, &why);
                json_object_set_new(r, "region", why);
                list[na++] = (ag){json_incref(o), round4(s), r,
                                  json_integer_value(json_object_get(o, "id"))};
            }
        }
        json_decref(orgs);
        for (int i = 1; i < na; i++) /* insertion sort: score desc, id asc */
            for (int j = i;
                 j > 0 && (list[j].score > list[j - 1].score ||
                           (list[j].score == list[j - 1].score && list[j].id < list[j - 1].id));
                 j--) {
                ag t = list[j];
                list[j] = list[j - 1];
                list[j - 1] = t;
            }
        for (int i = 0; i < na; i++) {
            if (i < MAX_PARTIES) {
                json_t *it = json_object();
                json_object_set_new(it, "org", list[i].org);
                json_object_set_new(it, "score", json_real(list[i].score));
                json_object_set_new(it, "reasons", list[i].reasons);
                json_array_append_new(agencies, it);
            } else {
                json_decref(list[i].org);
                json_decref(list[i].reasons);
            }
        }
    }
    json_t *res = json_object();
    json_t *d = json_object();
    json_object_set(d, "id", json_object_get(dem, "id"));
    json_object_set(d, "title", json_object_get(dem, "title"));
    json_object_set_new(res, "demand", d);
    json_object_set_new(res, "items", items);
    json_object_set_new(res, "experts", experts);
    json_object_set_new(res, "agencies", agencies);
    json_decref(dem);
    kz_query_free(&q);
    *out = res;
    return KZ_OK;
}

kz_err kz_match_achievement(db_conn *c, const kz_actor *a, int64_t id, int limit, json_t **out,
                            kz_error *e)
{
    *out = NULL;
    json_t *ach = NULL;
    kz_err rc = kz_ach_get(c, a, id, &ach, e);
    if (rc != KZ_OK) return rc;
    kz_query q;
    if (record_query(ach, ach_text_fields, &q)) {
        json_decref(ach);
        return kz_fail(e, KZ_E_INTERNAL, NULL);
    }
    kz_ix_attrs self;
    attrs_of(ach, true, &self);
    rc = kz_svc_read_begin(c, e);
    if (rc != KZ_OK) {
        kz_query_free(&q);
        json_decref(ach);
        return rc;
    }
    cand cs[CANDIDATES];
    int n = candidates(a, KZ_SK_DEM, &q, "published", cs);
    if (n > 0) score_all(cs, n, &self, false, text_floor(KZ_SK_DEM, &q));
    kz_svc_read_end();
    json_t *cards[CANDIDATES] = {0};
    party ps[CANDIDATES];
    int np = 0, shown = 0;
    for (int i = 0; i < n; i++) {
        json_t *card = kz_svc_card(c, a, KZ_SK_DEM, (int64_t)cs[i].key);
        if (!card) continue;
        party_add(ps, &np, cs[i].at.org_id, cs[i].score,
                  json_string_value(json_object_get(card, "title")));
        if (shown < limit) {
            cards[i] = card;
            shown++;
        } else {
            json_decref(card);
        }
    }
    json_t *items = json_array(), *ents = json_array();
    if (kz_svc_read_begin(c, e) == KZ_OK) {
        for (int i = 0; i < n; i++)
            if (cards[i])
                json_object_set_new(
                    cs[i].reasons, "shared_terms",
                    shared_terms(&q, kz_svc_index(KZ_SK_DEM), cards[i], dem_share_fields));
        kz_svc_read_end();
    } else {
        kz_error_clear(e);
    }
    for (int i = 0; i < n; i++) {
        if (cards[i]) {
            json_t *it = json_object();
            json_object_set_new(it, "demand", cards[i]);
            json_object_set_new(it, "score", json_real(cs[i].score));
            json_object_set_new(it, "reasons", cs[i].reasons);
            json_array_append_new(items, it);
        } else {
            json_decref(cs[i].reasons);
        }
    }
    qsort(ps, (size_t)np, sizeof *ps, party_cmp);
    for (int j = 0; j < np; j++) {
        const char *kind = NULL;
        json_t *org =
            (int)json_array_size(ents) < MAX_PARTIES ? kz_svc_org(c, ps[j].id, &kind) : NULL;
        if (org && kind && !strcmp(kind, "enterprise")) {
            json_t *it = json_object(), *r = json_object();
            json_object_set_new(it, "org", org);
            json_object_set_new(it, "score", json_real(round4(ps[j].score)));
            json_object_set_new(r, "demands", json_incref(ps[j].titles));
            json_object_set_new(r, "matching_demands", json_integer(ps[j].n));
            json_object_set_new(it, "reasons", r);
            json_array_append_new(ents, it);
        } else {
            json_decref(org);
        }
        json_decref(ps[j].titles);
    }
    json_t *res = json_object();
    json_t *s = json_object();
    json_object_set(s, "id", json_object_get(ach, "id"));
    json_object_set(s, "title", json_object_get(ach, "title"));
    json_object_set_new(res, "achievement", s);
    json_object_set_new(res, "items", items);
    json_object_set_new(res, "enterprises", ents);
    json_decref(ach);
    kz_query_free(&q);
    *out = res;
    return KZ_OK;
}
