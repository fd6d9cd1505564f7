/* lexicon.c — the dictionary as a fingerprint table (see lexicon.h). */
#include "lexicon.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define F_WORD   1u /* the entry is a word */
#define F_PREFIX 2u /* the entry is a proper prefix of a longer word */

struct kz_lexicon {
    uint64_t *slots; /* fingerprint with the low 2 bits replaced by F_* flags; 0 empty */
    size_t mask, used, words;
};

static inline uint64_t fp_step(uint64_t h, int32_t cp)
{
    return (h ^ (uint32_t)cp) * 0x100000001b3ULL + 0x9e3779b97f4a7c15ULL;
}
static inline uint64_t fp_final(uint64_t h)
{
    h ^= h >> 31;
    h *= 0x7fb5d329728ea185ULL;
    h ^= h >> 27;
    h *= 0x81dadef4bc2dd44dULL;
    h ^= h >> 33;
    return (h & ~3ULL) | 4; /* never 0, flag bits free */
}

kz_lexicon *kz_lexicon_new(void)
{
    kz_lexicon *lx = calloc(1, sizeof *lx);
    if (!lx) return NULL;
    lx->mask = (1u << 16) - 1;
    lx->slots = calloc(lx->mask + 1, sizeof *lx->slots);
    if (!lx->slots) {
        free(lx);
        return NULL;
    }
    return lx;
}

void kz_lexicon_free(kz_lexicon *lx)
{
    if (!lx) return;
    free(lx->slots);
    free(lx);
}

size_t kz_lexicon_words(const kz_lexicon *lx)
{
    return lx->words;
}

static int put(kz_lexicon *lx, uint64_t fp, unsigned flag)
{
    if ((lx->used + 1) * 2 > lx->mask) {
        size_t nmask = lx->mask * 2 + 1;
        uint64_t *ns = calloc(nmask + 1, sizeof *ns);
        if (!ns) return -1;
        for (size_t i = 0; i <= lx->mask; i++) {
            uint64_t v = lx->slots[i];
            if (!v) continue;
            size_t j = (size_t)(v >> 20) & nmask;
            while (ns[j])
                j = (j + 1) & nmask;
            ns[j] = v;
        }
        free(lx->slots);
        lx->slots = ns;
        lx->mask = nmask;
    }
    size_t i = (size_t)(fp >> 20) & lx->mask;
    for (;;) {
        uint64_t v = lx->slots[i];
        if (!v) {
            lx->slots[i] = fp | flag;
            lx->used++;
            return 1;
        }
        if ((v & ~3ULL) == fp) {
            bool was_word = v & F_WORD;
            lx->slots[i] = v | flag;
            return (flag & F_WORD) && !was_word;
        }
        i = (i + 1) & lx->mask;
    }
}

static inline unsigned get(const kz_lexicon *lx, uint64_t fp)
{
    size_t i = (size_t)(fp >> 20) & lx->mask;
    for (;;) {
        uint64_t v = lx->slots[i];
        if (!v) return 0;
        if ((v & ~3ULL) == fp) return (unsigned)(v & 3);
        i = (i + 1) & lx->mask;
    }
}

static bool is_cjk(int32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF) || cp == 0x3007;
}

int kz_lexicon_add(kz_lexicon *lx, const char *word, size_t n)
{
    int32_t cp[KZ_LEX_MAX_CHARS + 1];
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t m =
            utf8proc_iterate((const utf8proc_uint8_t *)word + i, (utf8proc_ssize_t)(n - i), &c);
        if (m <= 0 || !is_cjk(c) || k == KZ_LEX_MAX_CHARS) return 1;
        cp[k++] = c;
        i += (size_t)m;
    }
    if (k < 2) return 1;
    uint64_t h = 0;
    for (size_t i = 0; i < k; i++) {
        h = fp_step(h, cp[i]);
        if (i + 1 < 2) continue;
        int rc = put(lx, fp_final(h), i + 1 == k ? F_WORD : F_PREFIX);
        if (rc < 0) return -1;
        if (i + 1 == k && rc == 1) lx->words++;
    }
    return 0;
}

uint32_t kz_lexicon_words_at(const kz_lexicon *lx, const int32_t *cp, size_t n)
{
    if (n < 2) return 0;
    uint32_t mask = 0;
    uint64_t h = fp_step(0, cp[0]);
    size_t max = n < KZ_LEX_MAX_CHARS ? n : KZ_LEX_MAX_CHARS;
    for (size_t l = 2; l <= max; l++) {
        h = fp_step(h, cp[l - 1]);
        unsigned f = get(lx, fp_final(h));
        if (f & F_WORD) mask |= 1u << l;
        if (!(f & F_PREFIX)) break;
    }
    return mask;
}

/* Reads one word file: a word per line, optionally followed by "/…". */
static int load_file(kz_lexicon *lx, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    char line[512];
    int rc = 0;
    while (fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, "/\r\n \t");
        if (n && kz_lexicon_add(lx, line, n) < 0) {
            rc = -2;
            break;
        }
    }
    fclose(f);
    return rc;
}

kz_lexicon *kz_lexicon_load(const char *dir, const char **err)
{
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/friso.lex.ini", dir);
    if (n < 0 || (size_t)n >= sizeof path) {
        *err = "词典目录路径过长";
        return NULL;
    }
    FILE *ini = fopen(path, "r");
    if (!ini) {
        *err = "找不到 friso.lex.ini";
        return NULL;
    }
    kz_lexicon *lx = kz_lexicon_new();
    if (!lx) {
        fclose(ini);
        *err = "内存不足";
        return NULL;
    }
    /* Only the __LEX_CJK_WORDS__ section: the others hold names, units, mixed words and
     * stopwords, which the analyzer handles itself. */
    char line[512];
    bool in_words = false;
    *err = NULL;
    while (fgets(line, sizeof line, ini)) {
        char *s = line + strspn(line, " \t");
        if (*s == '#') continue;
        if (!strncmp(s, "__LEX_CJK_WORDS__", 17)) {
            in_words = true;
            continue;
        }
        if (*s == ']') {
            in_words = false;
            continue;
        }
        if (!in_words) continue;
        size_t l = strcspn(s, "; \t\r\n");
        if (!l) continue;
        s[l] = '\0';
        n = snprintf(path, sizeof path, "%s/%s", dir, s);
        if (n < 0 || (size_t)n >= sizeof path) continue;
        int rc = load_file(lx, path);
        if (rc == -2) {
            *err = "内存不足";
            break;
        }
    }
    fclose(ini);
    if (!*err && !lx->words) *err = "词典为空";
    if (*err) {
        kz_lexicon_free(lx);
        return NULL;
    }
    return lx;
}
