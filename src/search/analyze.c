/* analyze.c — text analysis for search (see analyze.h): utf8proc normalization, dictionary words,
 * CJK bigrams, Latin words and numbers, stopwords. */
#include "analyze.h"
#include "lexicon.h"
#include "t2s.h"
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#define DEFAULT_DICT "/usr/share/friso/dict/UTF-8/"

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static kz_lexicon *g_lex;   /* read-only after init; NULL: no dictionary words */
static const char *g_error; /* static string */
static bool g_tried;        /* init attempted since the last free */

/* Chinese function words. fallback: also matched by string when friso is unavailable (the
 * single characters that are (almost) never part of a content word). */
typedef struct zh_stop {
    const char *w;
    bool fallback;
} zh_stop;

static const zh_stop zh_stops[] = {
    {"的", true},   {"了", true},   {"与", true},   {"及", true},   {"之", true},   {"或", true},
    {"和", false},  {"等", false},  {"在", false},  {"是", false},  {"对", false},  {"为", false},
    {"将", false},  {"被", false},  {"由", false},  {"从", false},  {"并", false},  {"也", false},
    {"而", false},  {"所", false},  {"该", false},  {"这", false},  {"那", false},  {"以", false},
    {"于", false},  {"把", false},  {"使", false},  {"其", false},  {"本", false},  {"各", false},
    {"又", false},  {"就", false},  {"都", false},  {"着", false},  {"呢", false},  {"吗", false},
    {"吧", false},  {"一种", true}, {"基于", true}, {"用于", true}, {"以及", true}, {"通过", true},
    {"一个", true}, {"其中", true}, {"及其", true}, {"并且", true}, {"或者", true}, {"以便", true},
    {"如何", true}, {"什么", true}, {"我们", true}, {"一些", true}, {"这种", true}, {"这些", true},
    {"具有", true},
};

static const char *const en_stops[] = {
    "a",   "an",    "and",  "are",  "as",  "at",   "be",    "but",  "by",  "for", "from",
    "has", "have",  "in",   "into", "is",  "it",   "its",   "of",   "on",  "or",  "that",
    "the", "their", "this", "to",   "was", "were", "which", "with", "via",
};

static bool zh_stop_word(const char *s, size_t n, bool fallback_only)
{
    if (n != 3 && n != 6) return false; /* every entry is one or two CJK characters */
    for (size_t i = 0; i < sizeof zh_stops / sizeof zh_stops[0]; i++) {
        if (zh_stops[i].w[1] != s[1] || zh_stops[i].w[2] != s[2]) continue;
        if (fallback_only && !zh_stops[i].fallback) continue;
        if (strlen(zh_stops[i].w) == n && !memcmp(zh_stops[i].w, s, n)) return true;
    }
    return false;
}

static bool en_stop_word(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof en_stops / sizeof en_stops[0]; i++)
        if (strlen(en_stops[i]) == n && !memcmp(en_stops[i], s, n)) return true;
    return false;
}

int kz_analyzer_init(void)
{
    pthread_mutex_lock(&g_lock);
    if (g_tried) {
        int rc = g_lex ? 0 : -1;
        pthread_mutex_unlock(&g_lock);
        return rc;
    }
    g_tried = true;
    g_error = NULL;
    kz_t2s_init(); /* without it, no 繁→简 folding (kz_t2s_ready()) */
    const char *dir = getenv("KEZHUAN_FRISO_DICT");
    if (!dir || !*dir) dir = DEFAULT_DICT;
    const char *err = NULL;
    g_lex = kz_lexicon_load(dir, &err);
    if (!g_lex) {
        g_error = !strcmp(err, "找不到 friso.lex.ini")
                      ? "friso 词典不可用：找不到 friso.lex.ini (KEZHUAN_FRISO_DICT)"
                  : !strcmp(err, "词典为空") ? "friso 词典为空 (KEZHUAN_FRISO_DICT)"
                                             : "friso 词典无法读取 (KEZHUAN_FRISO_DICT)";
        pthread_mutex_unlock(&g_lock);
        return -1;
    }
    pthread_mutex_unlock(&g_lock);
    return 0;
}

void kz_analyzer_free(void)
{
    pthread_mutex_lock(&g_lock);
    kz_lexicon_free(g_lex);
    kz_t2s_free();
    g_lex = NULL;
    g_tried = false;
    g_error = NULL;
    pthread_mutex_unlock(&g_lock);
}

int kz_analyzer_has_words(void)
{
    pthread_mutex_lock(&g_lock);
    int rc = g_lex != NULL;
    pthread_mutex_unlock(&g_lock);
    return rc;
}

const char *kz_analyzer_error(void)
{
    pthread_mutex_lock(&g_lock);
    const char *e = g_error;
    pthread_mutex_unlock(&g_lock);
    return e;
}

enum { C_OTHER, C_CJK, C_LETTER, C_DIGIT, C_MARK };

static int char_class(int32_t cp)
{
    if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
        (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF) ||
        (cp >= 0x3040 && cp <= 0x30FF && cp != 0x30FB) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
        cp == 0x3005 || cp == 0x3007)
        return C_CJK;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: return C_LETTER;
    case UTF8PROC_CATEGORY_ND: return C_DIGIT;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME: return C_MARK;
    default: return C_OTHER;
    }
}

/* One analysis: the normalized text decoded into characters. */
typedef struct an {
    const char *s; /* normalized UTF-8 */
    int32_t *cp;   /* code points */
    uint8_t *cls;  /* C_* */
    uint32_t *off; /* byte offset of each character; off[count] = length */
    size_t count;
    uint32_t pos;
    kz_token_cb cb;
    void *ctx;
    /* CJK-run scratch, sized for the whole text */
    uint8_t *wlen; /* dictionary word length (characters) starting at a character */
    uint8_t *stop; /* character belongs to a stopword */
} an;

static int emit(an *a, size_t from, size_t to, uint32_t pos, uint8_t kind)
{
    uint32_t b = a->off[from], e = a->off[to];
    if (e - b > KZ_TOKEN_MAX_BYTES || e == b) return 0;
    kz_token t = {.text = a->s + b, .len = e - b, .pos = pos, .kind = kind};
    return a->cb(a->ctx, &t);
}

/* A Latin word or number: characters [i, j). */
static int do_alnum(an *a, size_t i, size_t j)
{
    bool digit = false, letter = false;
    for (size_t k = i; k < j; k++) {
        if (a->cls[k] == C_DIGIT) digit = true;
        if (a->cls[k] == C_LETTER) letter = true;
    }
    uint32_t pos = a->pos++;
    const char *s = a->s + a->off[i];
    size_t n = a->off[j] - a->off[i];
    if (!digit) return en_stop_word(s, n) ? 0 : emit(a, i, j, pos, KZ_TOK_LATIN);
    int rc = emit(a, i, j, pos, KZ_TOK_NUMBER);
    if (rc || !letter) return rc;
    /* parts: maximal letter runs (with marks) and digit runs (with inner '.') */
    for (size_t k = i; k < j;) {
        bool d = a->cls[k] == C_DIGIT;
        size_t e = k + 1;
        while (e < j && (d ? a->cls[e] == C_DIGIT || a->cp[e] == '.'
                           : a->cls[e] == C_LETTER || a->cls[e] == C_MARK))
            e++;
        if (e - k >= 2) {
            const char *ps = a->s + a->off[k];
            size_t pn = a->off[e] - a->off[k];
            if (d || !en_stop_word(ps, pn)) {
                rc = emit(a, k, e, pos, d ? KZ_TOK_NUMBER : KZ_TOK_LATIN);
                if (rc) return rc;
            }
        }
        k = e;
        while (k < j && a->cls[k] != C_DIGIT && a->cls[k] != C_LETTER)
            k++; /* a stray mark or '.' */
    }
    return 0;
}

/* Dictionary words of the run [i, j) by forward maximum matching over the lexicon: the
 * longest word starting at each point of the path (a single character when none). A word of
 * 2+ characters sets wlen; a stopword marks its characters. */
static void lex_words(an *a, size_t i, size_t j)
{
    for (size_t k = i; k < j;) {
        uint32_t m = kz_lexicon_words_at(g_lex, a->cp + k, j - k);
        size_t l = 1;
        for (size_t b = KZ_LEX_MAX_CHARS; b >= 2; b--)
            if (m & (1u << b)) {
                l = b;
                break;
            }
        if (zh_stop_word(a->s + a->off[k], a->off[k + l] - a->off[k], false)) {
            for (size_t x = k; x < k + l; x++)
                a->stop[x - i] = 1;
        } else if (l >= 2) {
            a->wlen[k - i] = (uint8_t)l;
        }
        k += l;
    }
}

/* Without friso: multi-character and fallback stopwords by longest string match. */
static void fallback_stops(an *a, size_t i, size_t j)
{
    for (size_t k = i; k < j;) {
        size_t best = 0;
        for (size_t l = 1; l <= 4 && k + l <= j; l++)
            if (zh_stop_word(a->s + a->off[k], a->off[k + l] - a->off[k], true)) best = l;
        for (size_t m = 0; m < best; m++)
            a->stop[k + m - i] = 1;
        k += best ? best : 1;
    }
}

/* A CJK run: characters [i, j). */
static int do_cjk(an *a, size_t i, size_t j)
{
    size_t L = j - i;
    uint32_t base = a->pos;
    a->pos += (uint32_t)L;
    memset(a->wlen, 0, L);
    memset(a->stop, 0, L);
    if (g_lex) {
        lex_words(a, i, j);
    } else {
        fallback_stops(a, i, j);
    }
    for (size_t s = 0; s < L;) {
        if (a->stop[s]) {
            s++;
            continue;
        }
        size_t e = s + 1;
        while (e < L && !a->stop[e])
            e++;
        int rc = 0;
        if (e - s == 1) rc = emit(a, i + s, i + s + 1, base + (uint32_t)s, KZ_TOK_UNIGRAM);
        for (size_t k = s; !rc && k + 1 < e; k++) {
            uint8_t wl = a->wlen[k];
            if (wl >= 3 && k + wl <= e)
                rc = emit(a, i + k, i + k + wl, base + (uint32_t)k, KZ_TOK_WORD);
            if (!rc)
                rc = emit(a, i + k, i + k + 2, base + (uint32_t)k,
                          wl == 2 ? KZ_TOK_WORD : KZ_TOK_BIGRAM);
        }
        if (rc) return rc;
        s = e;
    }
    return 0;
}

/* Copies text, replacing invalid UTF-8 (and NUL) with spaces. */
static char *sanitize(const char *text, size_t n)
{
    char *out = malloc(n + 1);
    if (!out) return NULL;
    size_t i = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0 || cp == 0) {
            out[i++] = ' ';
            continue;
        }
        memcpy(out + i, text + i, (size_t)k);
        i += (size_t)k;
    }
    out[n] = '\0';
    return out;
}

int kz_analyze(const char *text, size_t n, kz_token_cb cb, void *ctx)
{
    if (n > KZ_ANALYZE_MAX_INPUT || (!text && n)) return -1;
    if (n == 0) return 0;
    char *clean = sanitize(text, n);
    if (!clean) return -1;
    utf8proc_uint8_t *norm = NULL;
    utf8proc_ssize_t nn = utf8proc_map((const utf8proc_uint8_t *)clean, (utf8proc_ssize_t)n, &norm,
                                       UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                                           UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
    free(clean);
    if (nn < 0) return -1;
    size_t nlen = (size_t)nn;
    kz_t2s_fold((char *)norm, nlen); /* 繁→简, same length */
    an a = {.s = (const char *)norm, .cb = cb, .ctx = ctx};
    a.cp = malloc((nlen + 1) * sizeof *a.cp);
    a.cls = malloc(nlen + 1);
    a.off = malloc((nlen + 1) * sizeof *a.off);
    a.wlen = malloc(nlen + 1);
    a.stop = malloc(nlen + 1);
    int rc = -1;
    if (!a.cp || !a.cls || !a.off || !a.wlen || !a.stop) goto done;
    for (size_t i = 0; i < nlen;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(norm + i, (utf8proc_ssize_t)(nlen - i), &cp);
        if (k <= 0) { /* cannot happen after utf8proc_map; be safe */
            cp = ' ';
            k = 1;
        }
        a.cp[a.count] = cp;
        a.cls[a.count] = (uint8_t)char_class(cp);
        a.off[a.count++] = (uint32_t)i;
        i += (size_t)k;
    }
    a.off[a.count] = (uint32_t)nlen;
    rc = 0;
    for (size_t i = 0; !rc && i < a.count;) {
        uint8_t c = a.cls[i];
        size_t j = i + 1;
        if (c == C_CJK) {
            while (j < a.count && a.cls[j] == C_CJK)
                j++;
            rc = do_cjk(&a, i, j);
        } else if (c == C_LETTER || c == C_DIGIT) {
            while (j < a.count &&
                   (a.cls[j] == C_LETTER || a.cls[j] == C_DIGIT || a.cls[j] == C_MARK ||
                    (a.cp[j] == '.' && a.cls[j - 1] == C_DIGIT && j + 1 < a.count &&
                     a.cls[j + 1] == C_DIGIT)))
                j++;
            rc = do_alnum(&a, i, j);
        }
        i = j;
    }
done:
    free(a.cp);
    free(a.cls);
    free(a.off);
    free(a.wlen);
    free(a.stop);
    free(norm);
    return rc;
}
