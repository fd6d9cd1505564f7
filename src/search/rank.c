/* rank.c — tuned ranking parameters (see rank.h). */
#include "rank.h"

const kz_ix_params kz_rank_text_params = {
    .k1 = 1.2,
    .b = {[KZ_RANK_F_TITLE] = 0.5,
          [KZ_RANK_F_KEYWORDS] = 0.5,
          [KZ_RANK_F_SUMMARY] = 0.75,
          [KZ_RANK_F_OTHER] = 0.75},
    .w = {[KZ_RANK_F_TITLE] = 2.5,
          [KZ_RANK_F_KEYWORDS] = 2.0,
          [KZ_RANK_F_SUMMARY] = 1.0,
          [KZ_RANK_F_OTHER] = 0.5},
};
