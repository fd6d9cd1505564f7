/* content.c — composes the demo achievements and demands from the topic families in
 * topics.c. Deterministic: record i draws only from a splitmix64 generator seeded by i, and
 * titles are chosen by enumerating each family's combinations, so they never repeat.
 *
 * Ownership: every json_t returned is a new reference for the caller; all buffers here are on
 * the stack; nothing is shared between calls (thread-safe). */
#include "content.h"
#include "topics.h"
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- random numbers ------------------------------------------------------------------ */

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t rng_next(rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static rng rng_seed(int i, uint64_t salt)
{
    rng r = {.s = (uint64_t)(unsigned)i * 0xD1B54A32D192ED03ULL ^ salt};
    rng_next(&r);
    return r;
}

/* An integer in [lo, hi] (lo when hi < lo). */
static long long rng_range(rng *r, long long lo, long long hi)
{
    if (hi <= lo) return lo;
    return lo + (long long)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

/* An index in [0, n) chosen with the given integer weights. */
static int rng_weighted(rng *r, const int *w, int n)
{
    int total = 0;
    for (int k = 0; k < n; k++)
        total += w[k];
    int x = (int)rng_range(r, 0, total - 1);
    for (int k = 0; k < n; k++) {
        if (x < w[k]) return k;
        x -= w[k];
    }
    return n - 1;
}

/* ---- strings ------------------------------------------------------------------------- */

typedef struct sb {
    char buf[4096];
    size_t len;
} sb;

static void sb_putn(sb *b, const char *s, size_t n)
{
    if (b->len + n >= sizeof b->buf) n = sizeof b->buf - 1 - b->len;
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = 0;
}

static void sb_puts(sb *b, const char *s)
{
    sb_putn(b, s, strlen(s));
}

/* Copies src into out[cap], truncating. */
static void copy(char *out, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap) n = cap - 1;
    memcpy(out, src, n);
    out[n] = 0;
}

/* Code points in a UTF-8 string. */
static int u8len(const char *s)
{
    int n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

/* Number of entries before the first NULL of a fixed-size array. */
static int count(const char *const *a, int max)
{
    int n = 0;
    while (n < max && a[n])
        n++;
    return n;
}
#define COUNT(arr) count((arr), (int)(sizeof(arr) / sizeof((arr)[0])))

/* Field n (0-based) of a '|'-separated entry, copied into out; false when it is absent. */
static bool field(const char *entry, int n, char *out, size_t cap)
{
    const char *s = entry;
    for (int k = 0; k < n; k++) {
        s = strchr(s, '|');
        if (!s) {
            out[0] = 0;
            return false;
        }
        s++;
    }
    const char *e = strchr(s, '|');
    size_t len = e ? (size_t)(e - s) : strlen(s);
    if (len >= cap) len = cap - 1;
    memcpy(out, s, len);
    out[len] = 0;
    return true;
}

/* Whether a mask ("*" or a list of digits) admits idx. */
static bool mask_has(const char *mask, int idx)
{
    if (!strcmp(mask, "*")) return true;
    for (const char *p = mask; *p; p++)
        if (*p - '0' == idx) return true;
    return false;
}

/* Whether object oi admits app (which 0) or method (which 1) idx, per its "APPS/METHS" field. */
static bool obj_fits(const kz_demo_topic *t, int oi, int which, int idx)
{
    char m[32];
    if (!field(t->objs[oi], 2, m, sizeof m)) return true;
    char *slash = strchr(m, '/');
    if (!slash) return which == 0 ? mask_has(m, idx) : true;
    *slash = 0;
    return mask_has(which == 0 ? m : slash + 1, idx);
}

/* Whether the enterprise wording di admits app idx. */
static bool dobj_fits(const kz_demo_topic *t, int di, int idx)
{
    char m[32];
    return !field(t->dobj[di], 1, m, sizeof m) || mask_has(m, idx);
}

/* Whether an "@digits:text" entry applies to idx (an untagged entry applies to all). */
static bool tag_ok(const char *entry, int idx)
{
    if (entry[0] != '@') return true;
    for (const char *p = entry + 1; *p && *p != ':'; p++)
        if (*p - '0' == idx) return true;
    return false;
}

/* The text of a possibly tagged entry. */
static const char *untag(const char *entry)
{
    const char *c = entry[0] == '@' ? strchr(entry, ':') : NULL;
    return c ? c + 1 : entry;
}

/* ---- templates ----------------------------------------------------------------------- */

typedef struct slots {
    char obj[128], app[96], app2[96], meth[96], dobj[96], dprob[96];
} slots;

static int decimals_of(const char *s, const char *end)
{
    const char *dot = memchr(s, '.', (size_t)(end - s));
    return dot ? (int)(end - dot - 1) : 0;
}

/* s..end as a fixed-point integer with d decimals ("1.25", d=3 → 1250). */
static long long fixed_of(const char *s, const char *end, int d)
{
    long long v = 0;
    int seen = -1;
    for (const char *p = s; p < end; p++) {
        if (*p == '.') {
            seen = 0;
            continue;
        }
        if (*p < '0' || *p > '9') break;
        v = v * 10 + (*p - '0');
        if (seen >= 0) seen++;
    }
    for (int k = seen < 0 ? 0 : seen; k < d; k++)
        v *= 10;
    return v;
}

/* Expands one {N:a-b} / {F:a-b} token body (without braces) into b. */
static void expand_number(sb *b, const char *s, const char *end, rng *r)
{
    const char *dash = s + 2;
    while (dash < end && *dash != '-')
        dash++;
    int d = 0;
    if (s[0] == 'F') {
        int da = decimals_of(s + 2, dash), db = dash < end ? decimals_of(dash + 1, end) : 0;
        d = da > db ? da : db;
    }
    long long lo = fixed_of(s + 2, dash, d), hi = dash < end ? fixed_of(dash + 1, end, d) : lo;
    long long v = r ? rng_range(r, lo, hi) : lo;
    char num[48];
    if (d == 0) {
        snprintf(num, sizeof num, "%lld", v);
    } else {
        long long scale = 1;
        for (int k = 0; k < d; k++)
            scale *= 10;
        snprintf(num, sizeof num, "%lld.%0*lld", v / scale, d, v % scale);
    }
    sb_puts(b, num);
}

static void expand(sb *b, const char *tpl, const slots *sl, rng *r)
{
    for (const char *p = tpl; *p;) {
        const char *e = *p == '{' ? strchr(p, '}') : NULL;
        if (!e) {
            sb_putn(b, p, 1);
            p++;
            continue;
        }
        const char *s = p + 1;
        size_t n = (size_t)(e - s);
#define TOKEN(name) (n == sizeof(name) - 1 && !memcmp(s, name, n))
        if (n > 2 && (s[0] == 'N' || s[0] == 'F') && s[1] == ':')
            expand_number(b, s, e, r);
        else if (TOKEN("obj"))
            sb_puts(b, sl->obj);
        else if (TOKEN("app"))
            sb_puts(b, sl->app);
        else if (TOKEN("app2"))
            sb_puts(b, sl->app2);
        else if (TOKEN("meth"))
            sb_puts(b, sl->meth);
        else if (TOKEN("dobj"))
            sb_puts(b, sl->dobj);
        else if (TOKEN("dprob"))
            sb_puts(b, sl->dprob);
        else
            sb_putn(b, p, n + 2);
#undef TOKEN
        p = e + 1;
    }
}

/* Appends the expansion of tpl to b unless the result would exceed max code points. */
static bool add(sb *b, const char *tpl, const slots *sl, rng *r, int max)
{
    sb t = {.len = 0};
    t.buf[0] = 0;
    expand(&t, tpl, sl, r);
    if (u8len(b->buf) + u8len(t.buf) > max) return false;
    sb_puts(b, t.buf);
    return true;
}

/* Shuffled order of n items (n ≤ 16). */
static void shuffle(int *idx, int n, rng *r)
{
    for (int k = 0; k < n; k++)
        idx[k] = k;
    for (int k = n - 1; k > 0; k--) {
        int j = (int)rng_range(r, 0, k);
        int t = idx[k];
        idx[k] = idx[j];
        idx[j] = t;
    }
}

/* ---- dates, keys, people ------------------------------------------------------------- */

/* Days since 1970-01-01 of a civil date, and back (proleptic Gregorian). */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, char out[11])
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    char tmp[80];
    snprintf(tmp, sizeof tmp, "%04ld-%02ld-%02ld", y + (m <= 2), m, d);
    copy(out, 11, tmp);
}

/* The n-th space-separated key of list (n taken modulo the count). */
static void nth_key(const char *list, int n, char *out, size_t cap)
{
    int total = 0;
    for (const char *p = list; *p;) {
        while (*p == ' ')
            p++;
        if (!*p) break;
        total++;
        while (*p && *p != ' ')
            p++;
    }
    n = total ? n % total : 0;
    const char *p = list;
    for (int k = 0;; k++) {
        while (*p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        if (k == n || !*e) {
            size_t len = (size_t)(e - p) < cap - 1 ? (size_t)(e - p) : cap - 1;
            memcpy(out, p, len);
            out[len] = 0;
            return;
        }
        p = e;
    }
}

static int nkeys(const char *list)
{
    int total = 0;
    for (const char *p = list; *p;) {
        while (*p == ' ')
            p++;
        if (!*p) break;
        total++;
        while (*p && *p != ' ')
            p++;
    }
    return total;
}

static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏",
    "吕", "丁", "任", "沈", "姚", "卢", "钟", "谭", "廖", "邹", "熊", "向", "雷", "龚", "文"};
static const char *const given[] = {
    "伟", "芳", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超",
    "霞", "平", "刚", "华", "建", "文", "辉", "力", "玲", "鹏", "宇", "浩", "凯", "晨", "欣",
    "婷", "雪", "琳", "博", "俊", "峰", "川", "蓉", "志", "国", "海", "波", "红", "英", "春",
    "晓", "娟", "斌", "健", "云", "飞", "林", "萍", "亮", "成", "龙", "兰", "帆", "颖", "怡"};
#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

static void person_name(rng *r, char *out, size_t cap)
{
    const char *s = surnames[rng_range(r, 0, NELEM(surnames) - 1)];
    const char *g1 = given[rng_range(r, 0, NELEM(given) - 1)];
    if (rng_range(r, 0, 99) < 35) {
        snprintf(out, cap, "%s%s", s, g1);
    } else {
        const char *g2 = given[rng_range(r, 0, NELEM(given) - 1)];
        snprintf(out, cap, "%s%s%s", s, g1, g2);
    }
}

static const char *const mode_names[] = {"transfer", "license", "equity", "co_develop"};
static const char *const mode_zh[] = {"技术转让", "技术许可", "作价入股", "合作开发"};

/* 1–3 distinct modes drawn with the given weights; returns the count, indexes in out. */
static int pick_modes(rng *r, const int w[4], int max, int out[3])
{
    static const int nw[] = {45, 40, 15};
    int n = 1 + rng_weighted(r, nw, 3);
    if (n > max) n = max;
    int got = 0, guard = 0;
    while (got < n && guard++ < 64) {
        int m = rng_weighted(r, w, 4);
        bool dup = false;
        for (int k = 0; k < got; k++)
            dup |= out[k] == m;
        if (!dup) out[got++] = m;
    }
    return got;
}

/* ---- achievements -------------------------------------------------------------------- */

static int gcd(int a, int b)
{
    while (b) {
        int t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* A step that visits all of [0, n) in a scattered order. */
static int stride_for(int n)
{
    static const int primes[] = {37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97};
    for (int k = 0; k < NELEM(primes); k++)
        if (primes[k] < n && gcd(primes[k], n) == 1) return primes[k];
    return 1;
}

static const char *const intros[] = {
    "本成果面向{app}需求，研制了{obj}，采用{meth}技术路线。",
    "针对{app}领域{obj}存在的关键技术瓶颈，项目组基于{meth}开发了相关成套技术。",
    "项目组长期围绕{obj}开展研究，突破了{meth}等关键环节，形成具有自主知识产权的技术方案。",
    "该成果以{meth}为核心，解决了{obj}在{app}应用中的稳定性、效率与成本问题。",
};
static const char *const maturity[] = {
    "",
    "目前处于原理研究阶段，已完成理论分析与仿真。",
    "目前已形成技术方案，完成了原理性实验。",
    "已完成实验室关键功能验证。",
    "已完成实验室样品（样机）制备与性能验证。",
    "已在模拟应用环境中完成验证，正在开展工艺放大。",
    "已完成中试验证，具备小批量生产条件。",
    "已在{N:1-3}家单位开展示范应用，运行稳定。",
    "已形成定型产品，在{N:2-10}家企业实现应用。",
    "已实现规模化应用，累计新增产值{N:2000-30000}万元。",
};
static const char *const secrets[] = {
    "核心工艺窗口及原料配比已形成{N:2-6}项技术秘密，签署保密协议后提供完整工艺包。",
    "中试累计运行{N:300-2000}小时，批次间关键指标波动小于{F:1.0-4.5}%，原始数据随资料移交。",
    "第三方检测报告{N:2-6}份及全部原始记录仅向签署保密协议的意向受让方开放。",
    "产业化测算：单线投资约{N:800-5000}万元，达产后年产值约{N:1-12}亿元，投资回收期{N:2-5}年。",
    "关键设备选型清单、供应商名录及工艺操作规程（SOP）共{N:20-80}页，列为保密资料。",
};
static const char *const cmp_extra[] = {
    "国内同类技术多停留在实验室阶段，本成果工程化程度更高。",
    "核心部件与原材料均可国产化，供应链安全可控。",
    "技术路线与现有产线兼容，改造投入较小。",
    "综合性价比优于国内外主流方案。",
};

/* Check character of a 12-digit Chinese patent application number. */
static char patent_check(const char *digits12)
{
    static const int w[] = {2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5};
    int sum = 0;
    for (int k = 0; k < 12; k++)
        sum += (digits12[k] - '0') * w[k];
    int c = sum % 11;
    return c == 10 ? 'X' : (char)('0' + c);
}

static json_t *ip_item(rng *r, const kz_demo_topic *t, const char *org_key)
{
    enum { INV, UTIL, DES, SOFT, SECRET, PLANT, LAYOUT };
    int type;
    if (!strcmp(t->industry, "65")) {
        static const int w[] = {40, 0, 0, 50, 10, 0, 0};
        type = rng_weighted(r, w, 7);
    } else if (!strcmp(t->industry, "05")) {
        static const int w[] = {35, 5, 0, 0, 10, 50, 0};
        type = rng_weighted(r, w, 7);
    } else if (!strcmp(t->industry, "39")) {
        static const int w[] = {55, 15, 0, 10, 5, 0, 15};
        type = rng_weighted(r, w, 7);
    } else if (strstr(" 34 35 36 37 38 40 ", t->industry) && strlen(t->industry) == 2) {
        static const int w[] = {58, 22, 6, 4, 10, 0, 0}; /* equipment: designs too */
        type = rng_weighted(r, w, 7);
    } else {
        static const int w[] = {64, 22, 0, 4, 10, 0, 0};
        type = rng_weighted(r, w, 7);
    }
    char num[64];
    const char *status = "granted";
    const char *tname = "patent_invention";
    int year = (int)rng_range(r, 2016, 2025);
    switch (type) {
    case INV:
    case UTIL:
    case DES: {
        tname = type == INV    ? "patent_invention"
                : type == UTIL ? "patent_utility"
                               : "patent_design";
        bool granted =
            type == INV ? (year <= 2022 || rng_range(r, 0, 2) == 0) : rng_range(r, 0, 9) > 0;
        status = granted ? "granted" : "applied";
        char d[13];
        snprintf(d, sizeof d, "%04d%d%07d", year,
                 type == INV    ? 1
                 : type == UTIL ? 2
                                : 3,
                 (int)rng_range(r, 100000, 1999999));
        snprintf(num, sizeof num, "%s%s.%c", granted ? "ZL" : "", d, patent_check(d));
        break;
    }
    case SOFT:
        tname = "software_copyright";
        snprintf(num, sizeof num, "%04dSR%07d", year < 2018 ? 2018 : year,
                 (int)rng_range(r, 100000, 1999999));
        break;
    case SECRET: {
        tname = "technical_secret";
        char up[16];
        size_t k = 0;
        for (; org_key[k] && k < sizeof up - 1; k++)
            up[k] = (char)(org_key[k] >= 'a' && org_key[k] <= 'z' ? org_key[k] - 32 : org_key[k]);
        up[k] = 0;
        snprintf(num, sizeof num, "JSMM-%s-%04d-%03d", up, year, (int)rng_range(r, 1, 240));
        break;
    }
    case PLANT:
        tname = "plant_variety";
        status = year <= 2022 ? "granted" : "applied";
        snprintf(num, sizeof num, "CNA%04d%04d.%d", year, (int)rng_range(r, 1, 4999),
                 (int)rng_range(r, 0, 9));
        break;
    default:
        tname = "ic_layout";
        snprintf(num, sizeof num, "BS.%02d%07d", year % 100, (int)rng_range(r, 500000, 5999999));
        break;
    }
    return json_pack("{s:s, s:s, s:s}", "type", tname, "number", num, "status", status);
}

static json_t *team(rng *r)
{
    static const int nw[] = {10, 20, 30, 25, 15};
    static const int totals[] = {100, 90, 80, 75, 70, 60, 50};
    static const int tw[] = {15, 25, 20, 10, 20, 5, 5};
    int n = 1 + rng_weighted(r, nw, 5);
    int total = totals[rng_weighted(r, tw, 7)];
    int weight[5], sum = 0;
    for (int k = 0; k < n; k++) {
        weight[k] = k == 0 ? (int)rng_range(r, 30, 50) : (int)rng_range(r, 5, 25);
        sum += weight[k];
    }
    /* descending after the lead */
    for (int a = 1; a < n; a++)
        for (int b = a + 1; b < n; b++)
            if (weight[b] > weight[a]) {
                int x = weight[a];
                weight[a] = weight[b];
                weight[b] = x;
            }
    int share[5], given_sum = 0;
    for (int k = 0; k < n; k++) {
        share[k] = total * weight[k] / sum;
        if (share[k] < 1) share[k] = 1;
        given_sum += share[k];
    }
    share[0] += total - given_sum; /* the rest to the lead */
    char names[5][32];
    json_t *a = json_array();
    for (int k = 0; k < n; k++) {
        bool dup;
        do {
            person_name(r, names[k], sizeof names[k]);
            dup = false;
            for (int j = 0; j < k; j++)
                dup |= !strcmp(names[j], names[k]);
        } while (dup);
        json_array_append_new(a, json_pack("{s:s, s:i}", "name", names[k], "share_pct", share[k]));
    }
    return a;
}

static void add_keyword(json_t *kw, const char *s)
{
    if (!*s || json_array_size(kw) >= 6) return;
    for (size_t k = 0; k < json_array_size(kw); k++)
        if (!strcmp(json_string_value(json_array_get(kw, k)), s)) return;
    json_array_append_new(kw, json_string(s));
}

/* Whether combination c (suffix, object, then app or method) of family t reads naturally. */
static bool combo_fits(const kz_demo_topic *t, int c, int nsfx, int nobj, int napp)
{
    int oi = (c / nsfx) % nobj, x = c / nsfx / nobj;
    return x < napp ? obj_fits(t, oi, 0, x) : obj_fits(t, oi, 1, x - napp);
}

/* The apps that fit object oi, except `except`; returns their count. */
static int fitting_apps(const kz_demo_topic *t, int oi, int except, int *out)
{
    int n = 0;
    for (int a = 0; a < COUNT(t->apps); a++)
        if (a != except && obj_fits(t, oi, 0, a)) out[n++] = a;
    return n;
}

/* Indexes of the entries of a[0..n) that apply to idx, shuffled; returns their count (≤ 16). */
static int applicable(const char *const *a, int n, int idx, int *out, rng *r)
{
    int m = 0;
    for (int k = 0; k < n && m < 16; k++)
        if (tag_ok(a[k], idx)) out[m++] = k;
    for (int k = m - 1; k > 0; k--) {
        int j = (int)rng_range(r, 0, k);
        int x = out[k];
        out[k] = out[j];
        out[j] = x;
    }
    return m;
}

json_t *kz_demo_achievement(int i)
{
    if (i < 0 || i >= KZ_DEMO_ACHIEVEMENTS) return NULL;
    const int nt = kz_demo_ntopics;
    const kz_demo_topic *t = &kz_demo_topics[i % nt];
    int k = i / nt;
    rng r = rng_seed(i, 0xA11CE5EEDULL);

    /* the title: the k-th fitting combination of this family, in a scattered but fixed order */
    int nobj = COUNT(t->objs), napp = COUNT(t->apps), nmeth = COUNT(t->meths), nsfx = COUNT(t->sfx);
    int total = nobj * nsfx * (napp + nmeth), stride = stride_for(total), off = (i % nt) * 7;
    int fitting = 0;
    for (int c = 0; c < total; c++)
        fitting += combo_fits(t, c, nsfx, nobj, napp);
    int target = fitting ? k % fitting : 0, c = 0;
    for (int j = 0, seen = 0; j < total; j++) {
        c = (int)(((long long)j * stride + off) % total);
        if (combo_fits(t, c, nsfx, nobj, napp) && seen++ == target) break;
    }
    int si = c % nsfx, oi = (c / nsfx) % nobj, x = c / nsfx / nobj;
    bool by_method = x >= napp;
    int fit[16], nfit;
    int ai = x, mi = x - napp;
    if (by_method) {
        nfit = fitting_apps(t, oi, -1, fit);
        ai = nfit ? fit[rng_range(&r, 0, nfit - 1)] : 0;
    } else {
        nfit = 0;
        for (int m = 0; m < nmeth; m++)
            if (obj_fits(t, oi, 1, m)) fit[nfit++] = m;
        mi = nfit ? fit[rng_range(&r, 0, nfit - 1)] : 0;
    }
    nfit = fitting_apps(t, oi, ai, fit);
    int a2 = nfit ? fit[rng_range(&r, 0, nfit - 1)] : -1;

    slots sl;
    memset(&sl, 0, sizeof sl);
    field(t->objs[oi], 0, sl.obj, sizeof sl.obj);
    field(t->apps[ai], 0, sl.app, sizeof sl.app);
    if (a2 >= 0) field(t->apps[a2], 0, sl.app2, sizeof sl.app2);
    field(t->meths[mi], 0, sl.meth, sizeof sl.meth);

    char title[256];
    if (by_method)
        snprintf(title, sizeof title, "基于%s的%s%s", sl.meth, sl.obj, t->sfx[si]);
    else
        snprintf(title, sizeof title, "面向%s的%s%s", sl.app, sl.obj, t->sfx[si]);

    /* maturity, owner, status */
    static const int trl_w[] = {1, 3, 8, 15, 18, 20, 18, 11, 6};
    int trl = 1 + rng_weighted(&r, trl_w, 9);
    char org_key[16];
    nth_key(t->owners, (int)rng_range(&r, 0, nkeys(t->owners) - 1), org_key, sizeof org_key);
    const kz_demo_org *org = kz_demo_org_find(org_key);
    int bucket = (int)(((long long)i * 61 + 17) % 100);
    const char *status = bucket < 70   ? "published"
                         : bucket < 80 ? "submitted"
                         : bucket < 88 ? "screening"
                         : bucket < 94 ? "draft"
                         : bucket < 97 ? "rejected"
                                       : "withdrawn";

    /* summary: intro, 2–3 indicators, maturity, applications (80–300 code points) */
    sb s = {.len = 0};
    s.buf[0] = 0;
    add(&s, intros[rng_range(&r, 0, NELEM(intros) - 1)], &sl, &r, 300);
    int order[16];
    int nind = applicable(t->ind, COUNT(t->ind), oi, order, &r);
    int want = (int)rng_range(&r, 2, 3);
    sb ind = {.len = 0};
    ind.buf[0] = 0;
    sb_puts(&ind, "经测试，");
    for (int j = 0; j < want && j < nind; j++) {
        if (j) sb_puts(&ind, "，");
        expand(&ind, untag(t->ind[order[j]]), &sl, &r);
    }
    sb_puts(&ind, "。");
    if (nind) add(&s, ind.buf, &sl, &r, 300);
    add(&s, maturity[trl], &sl, &r, 300);
    add(&s, a2 >= 0 ? "可应用于{app}、{app2}等领域。" : "可应用于{app}及相关领域。", &sl, &r, 300);
    if (u8len(s.buf) < 80)
        add(&s, "成果完成单位可提供技术咨询、人员培训和后续升级服务。", &sl, &r, 300);

    /* detail: 2–3 process sentences and 1–2 confidential notes (100–400) */
    sb d = {.len = 0};
    d.buf[0] = 0;
    int ndet = applicable(t->det, COUNT(t->det), oi, order, &r);
    want = (int)rng_range(&r, 2, 3);
    for (int j = 0; j < want && j < ndet; j++)
        add(&d, untag(t->det[order[j]]), &sl, &r, 400);
    int sorder[8];
    shuffle(sorder, NELEM(secrets), &r);
    for (int j = 0; j < NELEM(secrets) && (j < 1 || u8len(d.buf) < 100); j++)
        add(&d, secrets[sorder[j]], &sl, &r, 400);
    if (rng_range(&r, 0, 1)) add(&d, secrets[sorder[NELEM(secrets) - 1]], &sl, &r, 400);

    /* competing: 40–150 */
    sb cp = {.len = 0};
    cp.buf[0] = 0;
    int ncmp = applicable(t->cmp, COUNT(t->cmp), oi, order, &r);
    if (ncmp) add(&cp, untag(t->cmp[order[0]]), &sl, &r, 150);
    int xorder[8];
    shuffle(xorder, NELEM(cmp_extra), &r);
    for (int j = 0; j < NELEM(cmp_extra) && u8len(cp.buf) < 60; j++)
        add(&cp, cmp_extra[xorder[j]], &sl, &r, 150);

    /* keywords: object, method, family, application (3–6) */
    json_t *kw = json_array();
    char word[96];
    field(t->objs[oi], 1, word, sizeof word);
    add_keyword(kw, word);
    if (by_method || rng_range(&r, 0, 1)) {
        field(t->meths[mi], 1, word, sizeof word);
        add_keyword(kw, word);
    }
    for (int n = 0; field(t->kw, n, word, sizeof word); n++)
        add_keyword(kw, word);
    field(t->apps[ai], 1, word, sizeof word);
    add_keyword(kw, word);

    /* IP, team, transfer */
    static const int ipn_w[] = {8, 25, 30, 22, 15};
    int nip = rng_weighted(&r, ipn_w, 5);
    json_t *ip = json_array();
    for (int j = 0; j < nip; j++)
        json_array_append_new(ip, ip_item(&r, t, org_key));

    static const int mode_w[] = {30, 30, 15, 25};
    int modes[3];
    int nmodes = pick_modes(&r, mode_w, 3, modes);
    json_t *tm = json_array();
    for (int j = 0; j < nmodes; j++)
        json_array_append_new(tm, json_string(mode_names[modes[j]]));

    /* asking price by maturity, in 万元 (log-uniform-ish), sometimes 面议 */
    static const int lo_wan[] = {0, 5, 5, 10, 20, 30, 60, 100, 200, 300};
    static const int hi_wan[] = {0, 30, 50, 80, 200, 300, 600, 1000, 1500, 2000};
    json_t *price;
    bool negotiable = rng_range(&r, 0, 99) < 12;
    if (negotiable) {
        price = json_null();
    } else {
        double u = (double)rng_range(&r, 0, 1000) / 1000.0;
        double wan = lo_wan[trl] * (1.0 + u * u * ((double)hi_wan[trl] / lo_wan[trl] - 1.0));
        long long w = (long long)wan;
        w = w >= 100 ? w / 5 * 5 : w;
        if (w < 5) w = 5;
        price = json_integer(w * 1000000LL);
    }
    static const int tx_w[] = {70, 20, 10};
    static const char *const tx[] = {"negotiated", "listed", "auction"};
    const char *txm = negotiable ? "negotiated" : tx[rng_weighted(&r, tx_w, 3)];

    char valid[11];
    long from = days_from_civil(2027, 11, 22), to = days_from_civil(2029, 11, 22);
    civil_from_days((long)rng_range(&r, from, to), valid);

    json_t *o = json_object();
    json_object_set_new(o, "title", json_string(title));
    json_object_set_new(o, "summary", json_string(s.buf));
    json_object_set_new(o, "detail", json_string(d.buf));
    json_object_set_new(o, "keywords", kw);
    json_object_set_new(o, "industry", json_string(t->industry));
    json_object_set_new(o, "tech_field", json_string(t->field));
    json_object_set_new(o, "region", json_string(org ? org->region : "510100"));
    json_object_set_new(o, "trl", json_integer(trl));
    json_object_set_new(o, "ip", ip);
    json_object_set_new(o, "team", team(&r));
    json_object_set_new(o, "transfer_modes", tm);
    json_object_set_new(o, "transaction_mode", json_string(txm));
    json_object_set_new(o, "price_fen", price);
    json_object_set_new(o, "valid_until", json_string(valid));
    json_object_set_new(o, "competing", json_string(cp.buf));
    json_object_set_new(o, "org_key", json_string(org_key));
    json_object_set_new(o, "status", json_string(status));
    return o;
}

/* ---- demands ------------------------------------------------------------------------- */

enum { TP, AW, TL, EQ, FN, NKINDS };
static const char *const kind_names[] = {"tech_problem", "achievement_wanted", "talent",
                                         "equipment", "finance"};
/* The kind of the k-th demand of a family, cycling through 20 slots: 45% 技术难题, 35% 成果引进,
 * 10% 人才, 5% 设备, 5% 投融资. */
static const unsigned char kind_cycle[20] = {TP, AW, TP, AW, TP, TL, TP, AW, EQ, TP,
                                             AW, TP, FN, AW, TP, TP, AW, TL, TP, AW};

static int demand_kind(int family, int k)
{
    return kind_cycle[(k + family * 7) % 20];
}

/* Title forms per kind; {dobj} plus {dprob} (技术难题) or {app} (the others). */
static const char *const title_forms[NKINDS][3] = {
    {"{dobj}{dprob}问题攻关", "破解{dobj}{dprob}难题", "{dobj}{dprob}技术难题求解"},
    {"寻求用于{app}的{dobj}成熟技术", "面向{app}的{dobj}技术成果引进",
     "引进{dobj}相关专利技术（{app}方向）"},
    {"{dobj}研发人才团队引进（{app}方向）", "招引{app}领域{dobj}高层次人才", NULL},
    {"{dobj}中试与检测设备共享需求", "面向{app}的{dobj}中试验证平台需求", NULL},
    {"{dobj}产业化项目融资需求", "面向{app}的{dobj}项目股权融资", NULL},
};

/* Writes the m-th distinct title of (family t, kind) into out, fills the slots it used and
 * returns the index of the enterprise wording (dobj) it chose. */
static int demand_title(const kz_demo_topic *t, int family, int kind, int m, slots *sl, char *out,
                        size_t cap)
{
    int nforms = count(title_forms[kind], 3), ndobj = COUNT(t->dobj);
    int nsec = kind == TP ? COUNT(t->dprob) : COUNT(t->apps);
    int total = nforms * ndobj * nsec;
    int stride = stride_for(total);
    char seen[16][160];
    int nseen = 0, last = 0;
    for (int j = 0; j < total; j++) {
        int c = (int)(((long long)j * stride + family * 5) % total);
        int f = c % nforms;
        c /= nforms;
        int di = c % ndobj, xi = c / ndobj;
        if (kind == TP ? !tag_ok(t->dprob[xi], di) : !dobj_fits(t, di, xi)) continue;
        slots s = *sl;
        field(t->dobj[di], 0, s.dobj, sizeof s.dobj);
        if (kind == TP)
            copy(s.dprob, sizeof s.dprob, untag(t->dprob[xi]));
        else
            field(t->apps[xi], 0, s.app, sizeof s.app);
        sb b = {.len = 0};
        b.buf[0] = 0;
        expand(&b, title_forms[kind][f], &s, NULL);
        bool dup = false;
        for (int q = 0; q < nseen; q++)
            dup |= !strcmp(seen[q], b.buf);
        if (dup) continue;
        last = di;
        if (nseen == m || nseen == 15) {
            copy(out, cap, b.buf);
            *sl = s;
            return di;
        }
        copy(seen[nseen++], sizeof seen[0], b.buf);
    }
    copy(out, cap, nseen ? seen[nseen - 1] : t->name); /* not reached with real data */
    return last;
}

static const char *const city_names[][2] = {
    {"5101", "成都"}, {"5103", "自贡"}, {"5104", "攀枝花"}, {"5105", "泸州"}, {"5106", "德阳"},
    {"5107", "绵阳"}, {"5108", "广元"}, {"5109", "遂宁"},   {"5110", "内江"}, {"5111", "乐山"},
    {"5113", "南充"}, {"5114", "眉山"}, {"5115", "宜宾"},   {"5116", "广安"}, {"5117", "达州"},
    {"5118", "雅安"}, {"5119", "巴中"}, {"5120", "资阳"},   {"5132", "阿坝"}, {"5133", "甘孜"},
    {"5134", "凉山"},
};

static const char *city_of(const char *region)
{
    for (int k = 0; k < NELEM(city_names); k++)
        if (!strncmp(region, city_names[k][0], 4)) return city_names[k][1];
    return "四川";
}

static const char *tier_desc(const char *tier)
{
    if (!strcmp(tier, "leader")) return "行业领军企业";
    if (!strcmp(tier, "gazelle")) return "瞪羚企业";
    if (!strcmp(tier, "high_tech")) return "国家高新技术企业";
    if (!strcmp(tier, "tech_sme")) return "科技型中小企业";
    return "民营企业";
}

static const char *const impacts[] = {
    "导致产品良率偏低、客户投诉增多",     "直接影响交付周期和综合成本",
    "已成为制约产能提升的主要瓶颈",       "使我们在招投标中缺乏竞争力",
    "每年由此造成的损失约{N:50-800}万元",
};
static const char *const basis_extra[] = {
    "公司研发投入占营业收入的{N:3-8}%。",
    "已与{N:1-3}所高校院所开展过产学研合作。",
    "可配套研发资金{N:50-500}万元，并提供中试场地。",
    "拥有授权专利{N:5-60}件。",
};

json_t *kz_demo_demand(int i)
{
    if (i < 0 || i >= KZ_DEMO_DEMANDS) return NULL;
    const int nt = kz_demo_ntopics;
    int family = i % nt, k = i / nt;
    const kz_demo_topic *t = &kz_demo_topics[family];
    rng r = rng_seed(i, 0xDE3A4DULL);

    int kind = demand_kind(family, k), m = 0;
    for (int q = 0; q < k; q++)
        m += demand_kind(family, q) == kind;

    slots sl;
    memset(&sl, 0, sizeof sl);
    char title[256];
    int di = demand_title(t, family, kind, m, &sl, title, sizeof title);
    /* the slots the title did not fix, drawn among those that fit the chosen wording */
    int fit[16], nfit = 0;
    if (kind == TP) {
        for (int a = 0; a < COUNT(t->apps); a++)
            if (dobj_fits(t, di, a)) fit[nfit++] = a;
        field(t->apps[nfit ? fit[rng_range(&r, 0, nfit - 1)] : 0], 0, sl.app, sizeof sl.app);
    } else {
        nfit = applicable(t->dprob, COUNT(t->dprob), di, fit, &r);
        copy(sl.dprob, sizeof sl.dprob, nfit ? untag(t->dprob[fit[0]]) : "成本偏高");
    }

    char org_key[16];
    nth_key(t->firms, (int)rng_range(&r, 0, nkeys(t->firms) - 1), org_key, sizeof org_key);
    const kz_demo_org *org = kz_demo_org_find(org_key);
    const char *region = org ? org->region : "510100";

    /* maturity wanted, cooperation */
    static const int trl_lo[] = {3, 5, 2, 4, 5}, trl_hi[] = {6, 8, 4, 6, 7};
    int trl_min = (int)rng_range(&r, trl_lo[kind], trl_hi[kind]);
    static const int mode_w[NKINDS][4] = {
        {15, 20, 5, 60}, {40, 35, 15, 10}, {0, 0, 10, 90}, {0, 10, 10, 80}, {0, 0, 80, 20}};
    int modes[3];
    int nmodes = pick_modes(&r, mode_w[kind], kind == TL || kind == FN ? 2 : 3, modes);

    /* description (100–400 code points), in the enterprise's own words */
    sb d = {.len = 0};
    d.buf[0] = 0;
    char lead[512];
    switch (rng_range(&r, 0, 2)) {
    case 0:
        snprintf(lead, sizeof lead, "我公司是一家从事{dobj}相关业务的%s，产品主要面向{app}市场。",
                 tier_desc(org ? org->tier : "none"));
        break;
    case 1:
        snprintf(lead, sizeof lead, "公司深耕{app}领域多年，{dobj}是我们的核心业务之一。");
        break;
    default:
        snprintf(lead, sizeof lead, "我们是位于%s的%s，近年来{dobj}业务增长较快。", city_of(region),
                 tier_desc(org ? org->tier : "none"));
        break;
    }
    add(&d, lead, &sl, &r, 400);
    switch (kind) {
    case TP:
        add(&d, "目前生产中{dobj}存在{dprob}的问题，", &sl, &r, 400);
        add(&d, impacts[rng_range(&r, 0, NELEM(impacts) - 1)], &sl, &r, 400);
        add(&d, "。我们自行尝试过调整工艺，但效果有限，希望借助高校院所的力量联合攻关。", &sl, &r,
            400);
        break;
    case AW:
        add(&d, "为推动产品升级，公司拟引进{dobj}方面的成熟技术或专利，重点解决{dprob}问题，", &sl,
            &r, 400);
        snprintf(lead, sizeof lead, "优先考虑技术成熟度达到TRL %d及以上、已有中试数据的成果。",
                 trl_min);
        add(&d, lead, &sl, &r, 400);
        break;
    case TL:
        add(&d,
            "公司拟组建{dobj}研发团队，急需能够解决{dprob}"
            "等问题的博士或高级工程师，可提供有竞争力的"
            "薪酬、安家补贴和独立的研发经费。",
            &sl, &r, 400);
        break;
    case EQ:
        add(&d,
            "公司在{dobj}"
            "研发中缺少中试及检测条件，需要共享或联合建设相关设备，用于开展性能测试和工艺"
            "验证，重点解决{dprob}问题。",
            &sl, &r, 400);
        break;
    default:
        add(&d,
            "公司{dobj}项目已完成小试，拟引入股权或债权融资用于中试线建设和市场推广，同时解决{"
            "dprob}"
            "问题的工艺放大。",
            &sl, &r, 400);
        break;
    }
    sb target = {.len = 0};
    target.buf[0] = 0;
    sb_puts(&target, "希望合作后达到：");
    int order[16];
    int ndind = applicable(t->dind, COUNT(t->dind), di, order, &r);
    for (int j = 0; j < 2 && j < ndind; j++) {
        if (j) sb_puts(&target, "，");
        expand(&target, untag(t->dind[order[j]]), &sl, &r);
    }
    sb_puts(&target, "。");
    if (ndind) add(&d, target.buf, &sl, &r, 400);
    snprintf(lead, sizeof lead, "可接受%s%s%s%s%s等合作方式，公司可提供生产线验证条件和配套资金。",
             mode_zh[modes[0]], nmodes > 1 ? "、" : "", nmodes > 1 ? mode_zh[modes[1]] : "",
             nmodes > 2 ? "、" : "", nmodes > 2 ? mode_zh[modes[2]] : "");
    add(&d, lead, &sl, &r, 400);
    if (u8len(d.buf) < 100)
        add(&d, "欢迎高校院所、技术转移机构和技术经纪人与我们联系，可先行开展现场对接。", &sl, &r,
            400);

    /* indicators and basis */
    sb ind = {.len = 0};
    ind.buf[0] = 0;
    int nind = 2 + (int)rng_range(&r, 0, 1);
    for (int j = 0; j < nind && j < ndind; j++) {
        if (j) sb_puts(&ind, "；");
        expand(&ind, untag(t->dind[order[ndind - 1 - j]]), &sl, &r);
    }
    sb basis = {.len = 0};
    basis.buf[0] = 0;
    expand(&basis, t->dbasis[rng_range(&r, 0, COUNT(t->dbasis) - 1)], &sl, &r);
    expand(&basis, basis_extra[rng_range(&r, 0, NELEM(basis_extra) - 1)], &sl, &r);

    /* budget in 万元 by kind */
    static const int bmin_lo[] = {20, 50, 30, 50, 500}, bmin_hi[] = {300, 800, 150, 500, 5000};
    static const int bmul_hi[] = {30, 25, 20, 20, 30}; /* × 1.0–(n/10) */
    long long bmin = rng_range(&r, bmin_lo[kind], bmin_hi[kind]);
    bmin = bmin >= 100 ? bmin / 10 * 10 : bmin / 5 * 5;
    long long bmax = bmin * rng_range(&r, 12, bmul_hi[kind]) / 10;
    bmax = bmax >= 100 ? (bmax + 9) / 10 * 10 : (bmax + 4) / 5 * 5;
    if (bmax < bmin) bmax = bmin;

    char deadline[11];
    civil_from_days((long)rng_range(&r, days_from_civil(2027, 1, 1), days_from_civil(2028, 12, 31)),
                    deadline);
    int bucket = (int)(((long long)i * 37 + 11) % 100);
    const char *status = bucket < 75   ? "published"
                         : bucket < 85 ? "draft"
                         : bucket < 95 ? "matched"
                                       : "closed";

    json_t *cm = json_array();
    for (int j = 0; j < nmodes; j++)
        json_array_append_new(cm, json_string(mode_names[modes[j]]));

    json_t *o = json_object();
    json_object_set_new(o, "title", json_string(title));
    json_object_set_new(o, "description", json_string(d.buf));
    json_object_set_new(o, "indicators", json_string(ind.buf));
    json_object_set_new(o, "basis", json_string(basis.buf));
    json_object_set_new(o, "kind", json_string(kind_names[kind]));
    json_object_set_new(o, "industry", json_string(t->industry));
    json_object_set_new(o, "region", json_string(region));
    json_object_set_new(o, "budget_min_fen", json_integer(bmin * 1000000LL));
    json_object_set_new(o, "budget_max_fen", json_integer(bmax * 1000000LL));
    json_object_set_new(o, "deadline", json_string(deadline));
    json_object_set_new(o, "trl_min", json_integer(trl_min));
    json_object_set_new(o, "cooperation_modes", cm);
    json_object_set_new(o, "org_key", json_string(org_key));
    json_object_set_new(o, "status", json_string(status));
    return o;
}

void kz_demo_day(const char *today, int days, char out[11])
{
    struct tm t = {0};
    t.tm_year = atoi(today) - 1900;
    t.tm_mon = atoi(today + 5) - 1;
    t.tm_mday = atoi(today + 8) + days;
    t.tm_hour = 12;
    time_t s = timegm(&t);
    struct tm d;
    gmtime_r(&s, &d);
    strftime(out, 11, "%Y-%m-%d", &d);
}
