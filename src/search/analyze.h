/* analyze.h — text analysis for search: the same pipeline for indexed text and queries.
 *
 * Pipeline: invalid UTF-8 bytes (and NUL) become separators; NFKC + Unicode case folding
 * (utf8proc: full-width ＡＢＣ１２３ → abc123, ㎃ → ma, ß → ss); 繁→简 character folding
 * (t2s.h: 鋰電池 → 锂电池, from OpenCC's tables); then the text is cut into
 *   - CJK runs (Han, kana, hangul): dictionary words and character bigrams, so 电池 is found
 *     inside 锂电池 however the run is cut. Words come from friso's dictionary (the Debian
 *     friso-dict word lists, no synonyms) by forward maximum matching over our own fingerprint
 *     table (lexicon.h) — friso's segmenter took 64% of the index build time and its words were
 *     no better for retrieval (bench/README.md). A 2-character
 *     word is emitted once, as KZ_TOK_WORD, in place of the equal bigram; longer words
 *     come in addition to their bigrams. A run (or a piece between stopwords) of one
 *     character gives a KZ_TOK_UNIGRAM.
 *   - Latin words (letters, lowercased) and numbers (digits, or letters mixed with digits:
 *     zl2023, 5g, 18650mah, 3.7v), kept whole; a mixed one also gives its letter and digit
 *     parts of 2+ characters at the same position (18650mah → 18650, mah).
 *   - stopwords dropped (a small built-in Chinese and English list); a dropped token still
 *     takes its position.
 *
 * Terms are identified by their text alone: the kind is a hint for weighting, never part of
 * the term (a WORD 电池 and a BIGRAM 电池 are the same term).
 *
 * Positions: each Latin/number token takes one position, each character of a CJK run one;
 * a bigram or word has the position of its first character. Tokens come in non-decreasing
 * position order, so phrases can be matched by consecutive positions.
 *
 * Thread safety: kz_analyzer_init() loads the dictionary once (mutex-protected; later
 * calls return the first result). After it, kz_analyze() may run concurrently in any number
 * of threads. kz_analyzer_free() must not race with kz_analyze(). Without init (or after a
 * failed one) kz_analyze() still works, without dictionary words: bigrams, unigrams, Latin and
 * numbers as above, and multi-character stopwords are matched by string. */
#ifndef KZ_SEARCH_ANALYZE_H
#define KZ_SEARCH_ANALYZE_H
#include <stddef.h>
#include <stdint.h>

enum {
    KZ_TOK_WORD = 1,    /* dictionary word (2+ CJK characters) */
    KZ_TOK_BIGRAM = 2,  /* two consecutive CJK characters */
    KZ_TOK_UNIGRAM = 3, /* a lone CJK character (run of length 1) */
    KZ_TOK_LATIN = 4,   /* letters only, case-folded */
    KZ_TOK_NUMBER = 5   /* digits, or letters mixed with digits */
};

/* Tokens longer than this (in bytes, after normalization) are dropped; their position stays. */
#define KZ_TOKEN_MAX_BYTES 64
/* kz_analyze() refuses longer input (returns -1). */
#define KZ_ANALYZE_MAX_INPUT (64u << 20)

/* text points into a buffer owned by kz_analyze(): NOT NUL-terminated (use len), valid only
 * during the callback. Copy it to keep it. */
typedef struct kz_token {
    const char *text;
    uint32_t len; /* bytes */
    uint32_t pos;
    uint8_t kind; /* KZ_TOK_* */
} kz_token;

/* Called once per token; a non-zero return stops the analysis and is returned by
 * kz_analyze(). */
typedef int (*kz_token_cb)(void *ctx, const kz_token *tok);

/* Loads friso's dictionary from $KEZHUAN_FRISO_DICT (a directory with friso.lex.ini) or
 * /usr/share/friso/dict/UTF-8/, and the 繁→简 table (kz_t2s_init(); its failure is reported by
 * kz_t2s_error() and only turns the folding off). Returns 0, or -1 when the dictionary is
 * unavailable (kz_analyzer_error() says why; analysis then goes on without dictionary words). */
int kz_analyzer_init(void);
/* Frees the dictionary; kz_analyzer_init() may be called again after it. */
void kz_analyzer_free(void);
/* 1 when dictionary words are produced (init succeeded), else 0. */
int kz_analyzer_has_words(void);
/* Why the last kz_analyzer_init() failed (static string), or NULL. */
const char *kz_analyzer_error(void);

/* Analyzes text[0..n) (any bytes) and calls cb for each token. Returns 0, the callback's
 * non-zero value, or -1 when out of memory or n > KZ_ANALYZE_MAX_INPUT. Allocates only
 * scratch memory, freed before it returns. */
int kz_analyze(const char *text, size_t n, kz_token_cb cb, void *ctx);

#endif
