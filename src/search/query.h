/* query.h — turning a user's query text into weighted index terms.
 *
 * The query goes through the same analyzer as the documents (analyze.h). Each distinct term
 * gets a weight: the sum over its occurrences of the weight of the token kind (a friso word
 * counts more than a bare character bigram, a lone character least), so a term repeated in a
 * long demand description weighs more. At most KZ_IX_MAX_TERMS distinct terms are kept (the
 * first ones met); `dropped` says how many more there were.
 *
 * Ownership: kz_query_parse() fills a kz_query whose arrays it allocates; kz_query_free()
 * releases them (safe on a zeroed or already freed kz_query). */
#ifndef KZ_SEARCH_QUERY_H
#define KZ_SEARCH_QUERY_H
#include "index.h"
#include <stddef.h>

typedef struct kz_query_weights {
    double word, bigram, unigram, latin, number;
} kz_query_weights;

/* The defaults, tuned on bench/quality's dev queries (see bench/README.md). */
extern const kz_query_weights kz_query_default_weights;

typedef struct kz_query {
    kz_ix_qterm *terms;
    uint8_t *kinds; /* the strongest token kind (analyze.h KZ_TOK_*) each term came as */
    size_t n;
    size_t dropped; /* distinct terms beyond KZ_IX_MAX_TERMS */
    size_t tokens;  /* tokens the analyzer gave (stopwords excluded) */
    char *text;     /* storage of the term texts */
    size_t text_len, text_cap;
} kz_query;

/* Returns 0, or -1 when out of memory (q is then empty). text may be any bytes. */
int kz_query_parse(const char *text, size_t n, const kz_query_weights *w, kz_query *q);
void kz_query_free(kz_query *q);

#endif
