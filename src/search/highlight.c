/* highlight.c — marked, escaped snippets (see highlight.h). */
#include "highlight.h"
#include "t2s.h"
#include "../core/escape.h"
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

typedef struct hl {
    const char *text;
    size_t n;
    uint32_t *ooff; /* byte offset of each original character; ooff[nchars] = n */
    size_t nchars;
    char *norm; /* normalized text */
    size_t nlen;
    uint32_t *n2o; /* original character of each normalized byte */
    uint8_t *mark; /* per original character: 1 = inside a match */
} hl;

static bool is_word_char(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_ND;
}

static bool is_cjk_lead(const char *s)
{
    utf8proc_int32_t cp;
    if (utf8proc_iterate((const utf8proc_uint8_t *)s, 4, &cp) <= 0) return false;
    return cp >= 0x2E80;
}

static int normalize(hl *h)
{
    size_t cap = h->n * 2 + 16;
    h->norm = malloc(cap);
    h->n2o = malloc(cap * sizeof *h->n2o);
    h->ooff = malloc((h->n + 1) * sizeof *h->ooff);
    if (!h->norm || !h->n2o || !h->ooff) return -1;
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)h->text;
    for (size_t i = 0; i < h->n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(h->n - i), &cp);
        size_t cl = k > 0 ? (size_t)k : 1;
        uint8_t tmp[64];
        const uint8_t *out = tmp;
        size_t olen;
        utf8proc_uint8_t *mapped = NULL;
        if (k <= 0 || cp == 0) {
            tmp[0] = ' ';
            olen = 1;
        } else if (cp < 0x80) {
            tmp[0] = (uint8_t)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
            olen = 1;
        } else if (cp >= 0x4E00 && cp <= 0x9FFF) { /* CJK unified: NFKC and case folding keep it */
            memcpy(tmp, s + i, cl);
            olen = cl;
            kz_t2s_fold((char *)tmp, olen); /* 繁→简, as the analyzer does */
        } else {
            utf8proc_ssize_t m = utf8proc_map(s + i, (utf8proc_ssize_t)cl, &mapped,
                                              UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                                                  UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
            if (m < 0) {
                tmp[0] = ' ';
                olen = 1;
            } else {
                out = mapped;
                olen = (size_t)m;
                kz_t2s_fold((char *)mapped, olen);
            }
        }
        if (h->nlen + olen > cap) {
            size_t nc = (h->nlen + olen) * 2;
            char *nn = realloc(h->norm, nc);
            uint32_t *no = nn ? realloc(h->n2o, nc * sizeof *no) : NULL;
            if (nn) h->norm = nn;
            if (!nn || !no) {
                free(mapped);
                return -1;
            }
            h->n2o = no;
            cap = nc;
        }
        memcpy(h->norm + h->nlen, out, olen);
        for (size_t j = 0; j < olen; j++)
            h->n2o[h->nlen + j] = (uint32_t)h->nchars;
        h->nlen += olen;
        free(mapped);
        h->ooff[h->nchars++] = (uint32_t)i;
        i += cl;
    }
    h->ooff[h->nchars] = (uint32_t)h->n;
    return 0;
}

/* The code point ending just before byte b of the normalized text, or 0. */
static int32_t cp_before(const hl *h, size_t b)
{
    if (!b) return 0;
    size_t i = b - 1;
    while (i > 0 && ((uint8_t)h->norm[i] & 0xC0) == 0x80)
        i--;
    utf8proc_int32_t cp;
    return utf8proc_iterate((const utf8proc_uint8_t *)h->norm + i, (utf8proc_ssize_t)(b - i), &cp) >
                   0
               ? cp
               : 0;
}

static int32_t cp_at(const hl *h, size_t b)
{
    if (b >= h->nlen) return 0;
    utf8proc_int32_t cp;
    return utf8proc_iterate((const utf8proc_uint8_t *)h->norm + b, (utf8proc_ssize_t)(h->nlen - b),
                            &cp) > 0
               ? cp
               : 0;
}

static void mark_terms(hl *h, const kz_query *q)
{
    for (size_t t = 0; t < q->n; t++) {
        const char *term = q->terms[t].text;
        size_t tl = q->terms[t].len;
        if (!tl) continue;
        bool cjk = is_cjk_lead(term);
        const char *p = h->norm, *end = h->norm + h->nlen;
        while (p < end) {
            const char *m = memmem(p, (size_t)(end - p), term, tl);
            if (!m) break;
            size_t b = (size_t)(m - h->norm), e = b + tl;
            p = m + 1;
            if (!cjk && (is_word_char(cp_before(h, b)) || is_word_char(cp_at(h, e)))) continue;
            for (uint32_t c = h->n2o[b]; c <= h->n2o[e - 1]; c++)
                h->mark[c] = 1;
        }
    }
}

char *kz_highlight(const char *text, size_t n, const kz_query *q, size_t max_chars, int *marks)
{
    hl h = {.text = text, .n = n};
    kz_sbuf b = {0};
    int nmarks = 0;
    if (normalize(&h)) goto fail;
    h.mark = calloc(h.nchars + 1, 1);
    if (!h.mark) goto fail;
    mark_terms(&h, q);
    /* the window: start at the mark whose max_chars-window holds the most marked characters */
    size_t from = 0, to = h.nchars;
    if (max_chars && h.nchars > max_chars) {
        size_t best = 0, best_count = 0, count = 0;
        for (size_t i = 0; i < max_chars; i++)
            count += h.mark[i];
        best_count = count;
        for (size_t s = 1; s + max_chars <= h.nchars; s++) {
            count += h.mark[s + max_chars - 1];
            count -= h.mark[s - 1];
            if (count > best_count && h.mark[s]) {
                best_count = count;
                best = s;
            }
        }
        /* a little context before the first mark */
        size_t ctx = max_chars / 8;
        from = best > ctx ? best - ctx : 0;
        if (from + max_chars > h.nchars) from = h.nchars - max_chars;
        to = from + max_chars;
    }
    if (from > 0) kz_sbuf_puts(&b, "…");
    for (size_t i = from; i < to;) {
        size_t j = i + 1;
        while (j < to && h.mark[j] == h.mark[i])
            j++;
        if (h.mark[i]) {
            kz_sbuf_puts(&b, "<em>");
            nmarks++;
        }
        kz_html_escape(&b, text + h.ooff[i], h.ooff[j] - h.ooff[i]);
        if (h.mark[i]) kz_sbuf_puts(&b, "</em>");
        i = j;
    }
    if (to < h.nchars) kz_sbuf_puts(&b, "…");
    if (!b.s) kz_sbuf_puts(&b, "");
    if (b.oom) goto fail;
    free(h.ooff);
    free(h.norm);
    free(h.n2o);
    free(h.mark);
    if (marks) *marks = nmarks;
    return b.s;
fail:
    free(h.ooff);
    free(h.norm);
    free(h.n2o);
    free(h.mark);
    kz_sbuf_free(&b);
    return NULL;
}
