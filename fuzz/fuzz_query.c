/* fuzz_query.c — libFuzzer target for the query side of search: the query parser
 * (src/search/query.c), the index's pruned top-k search (src/search/index.c) and the highlighter
 * (src/search/highlight.c).
 *
 * The input is split at its first 0xFF byte (or in the middle) into a query and a document.
 * Invariants: the parsed terms are distinct, non-empty, at most KZ_IX_MAX_TERMS, with positive
 * weights; indexing the document (and a second copy in another field) and searching with the
 * query gives hits whose scores equal the direct scorer's, best first; the highlighted document,
 * with its <em> tags removed and its entities decoded, is the document again byte for byte,
 * and the markup holds no '<' or '>' other than the tags. */
#include "search/analyze.h"
#include "search/highlight.h"
#include "search/index.h"
#include "search/query.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);           \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (kz_analyzer_init() != 0) fprintf(stderr, "fuzz_query: %s\n", kz_analyzer_error());
    return 0;
}

/* Removes <em>/</em> and decodes the five entities of core/escape.c; returns the length or
 * (size_t)-1 when something else looks like markup. */
static size_t unmark(const char *s, char *out)
{
    size_t o = 0;
    static const struct {
        const char *ent;
        char c;
    } ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
    while (*s) {
        if (!strncmp(s, "<em>", 4)) {
            s += 4;
            continue;
        }
        if (!strncmp(s, "</em>", 5)) {
            s += 5;
            continue;
        }
        if (*s == '<' || *s == '>') return (size_t)-1;
        if (*s == '&') {
            size_t i = 0;
            while (i < 5 && strncmp(s, ents[i].ent, strlen(ents[i].ent)))
                i++;
            if (i == 5) return (size_t)-1;
            out[o++] = ents[i].c;
            s += strlen(ents[i].ent);
            continue;
        }
        out[o++] = *s++;
    }
    return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *cut = memchr(data, 0xFF, size);
    size_t qn = cut ? (size_t)(cut - data) : size / 2;
    const char *qs = (const char *)data, *doc = (const char *)data + qn + (cut ? 1 : 0);
    size_t dn = size - qn - (cut ? 1 : 0);

    kz_query q;
    FUZZ_CHECK(kz_query_parse(qs, qn, NULL, &q) == 0);
    FUZZ_CHECK(q.n <= KZ_IX_MAX_TERMS);
    for (size_t i = 0; i < q.n; i++) {
        FUZZ_CHECK(q.terms[i].len > 0 && q.terms[i].weight > 0);
        for (size_t j = 0; j < i; j++)
            FUZZ_CHECK(q.terms[i].len != q.terms[j].len ||
                       memcmp(q.terms[i].text, q.terms[j].text, q.terms[i].len));
    }

    kz_index *ix = kz_ix_new();
    FUZZ_CHECK(ix);
    kz_ix_doc d1 = {.key = 1, .text = {doc}, .len = {dn}, .counted = true};
    kz_ix_doc d2 = {.key = 2, .text = {NULL, NULL, doc}, .len = {0, 0, dn}, .counted = true};
    FUZZ_CHECK(kz_ix_add(ix, &d1) == 0 && kz_ix_add(ix, &d2) == 1);
    kz_ix_params p = {.k1 = 1.2, .b = {0.75, 0.75, 0.75, 0.75}, .w = {2, 1, 1, 1}};
    kz_ix_hit hits[2];
    int n = kz_ix_search(ix, q.terms, q.n, &p, NULL, 2, hits, NULL);
    FUZZ_CHECK(n >= 0 && n <= 2);
    for (int i = 0; i < n; i++) {
        double direct = kz_ix_score(ix, q.terms, q.n, &p, hits[i].doc);
        FUZZ_CHECK(fabs(direct - hits[i].score) <= 1e-9 * (1 + direct));
        FUZZ_CHECK(i == 0 || hits[i - 1].score >= hits[i].score);
    }
    kz_ix_free(ix);

    int marks = 0;
    char *h = kz_highlight(doc, dn, &q, 0, &marks);
    FUZZ_CHECK(h);
    char *back = malloc(strlen(h) + 1);
    FUZZ_CHECK(back);
    size_t bn = unmark(h, back);
    FUZZ_CHECK(bn != (size_t)-1);
    /* NUL bytes of the document end the C string of the result: compare up to the first one */
    size_t want = strnlen(doc, dn);
    FUZZ_CHECK(bn >= want && !memcmp(back, doc, want));
    free(back);
    free(h);
    char *snip = kz_highlight(doc, dn, &q, 40, NULL);
    FUZZ_CHECK(snip);
    free(snip);
    kz_query_free(&q);
    return 0;
}
