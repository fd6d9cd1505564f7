/* rank.h — the ranking parameters of record search: which index field holds what, and the
 * BM25F parameters tuned on bench/quality's dev queries (bench/README.md has the numbers).
 * Structured-fit weights for matching live in the configuration (domain/match.c). */
#ifndef KZ_SEARCH_RANK_H
#define KZ_SEARCH_RANK_H
#include "index.h"

enum {
    KZ_RANK_F_TITLE = 0,    /* title */
    KZ_RANK_F_KEYWORDS = 1, /* keywords */
    KZ_RANK_F_SUMMARY = 2,  /* summary / description */
    KZ_RANK_F_OTHER = 3     /* other public text: field names, organization, IP numbers, … */
};

extern const kz_ix_params kz_rank_text_params;

#endif
