/* lexicon.h — a Chinese word list for the analyzer: the words of friso's dictionary (the
 * files its friso.lex.ini lists under __LEX_CJK_WORDS__),
 * held as 64-bit fingerprints of their code points in one open-addressing table, together
 * with every proper prefix, so that looking up the words starting at a character stops as
 * soon as no longer word can start there.
 *
 * Why not friso's own segmenter: it was 64% of the index build time (3.4 s of 5.3 s for 30,000
 * documents of the scale corpus), putting 10^6 documents near 180 s; this table answers the
 * same dictionary questions with one hash probe per character tried. Forward maximum matching
 * over it indexes bench/quality's corpus 3.6x faster than friso's complex mode with no loss
 * (dev nDCG@10 0.8078 against 0.8066; bench/README.md).
 *
 * A fingerprint match is taken as a word: a false match needs two different strings with the
 * same 64-bit hash (about 2^-45 per lookup at this table size); it would only add one
 * spurious term.
 *
 * Ownership: kz_lexicon_load() returns a table freed with kz_lexicon_free(). Lookups are
 * read-only and may run concurrently. */
#ifndef KZ_SEARCH_LEXICON_H
#define KZ_SEARCH_LEXICON_H
#include <stddef.h>
#include <stdint.h>

#define KZ_LEX_MAX_CHARS 8 /* longer dictionary words are left out */

typedef struct kz_lexicon kz_lexicon;

/* Loads the word files listed in dir/friso.lex.ini (lines "word/…" or "word"). Returns NULL
 * and sets *err (a static message) when the directory or its files cannot be read or hold no
 * words, or when out of memory. */
kz_lexicon *kz_lexicon_load(const char *dir, const char **err);
void kz_lexicon_free(kz_lexicon *lx);
size_t kz_lexicon_words(const kz_lexicon *lx);

/* The lengths L (2..KZ_LEX_MAX_CHARS, at most n) for which cp[0..L) is a dictionary word, as
 * a bit mask (bit L set). */
uint32_t kz_lexicon_words_at(const kz_lexicon *lx, const int32_t *cp, size_t n);

/* Adds one word (UTF-8) to the table; returns 0, 1 when it is not 2..KZ_LEX_MAX_CHARS CJK
 * characters (ignored), -1 when out of memory. For tests and local word lists. */
int kz_lexicon_add(kz_lexicon *lx, const char *word, size_t n);
kz_lexicon *kz_lexicon_new(void);

#endif
