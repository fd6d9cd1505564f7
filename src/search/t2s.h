/* t2s.h — 繁→简 for search: traditional Chinese characters folded to their simplified forms,
 * one character at a time, so that 鋰電池 finds 锂电池 and the other way round.
 *
 * The table is OpenCC's own (its t2s configuration, /usr/share/opencc/t2s.json from the Debian
 * package libopencc-data, or $KEZHUAN_OPENCC_T2S): at start every CJK unified ideograph
 * (U+3400–U+9FFF) is converted once, and each character whose simplified form is another single
 * character of the same block is recorded. Folding is per character and never changes the byte
 * length (both forms are 3-byte UTF-8), so offsets into a folded text stay offsets into the
 * original. Phrase-level exceptions are not made (乾燥 → 干燥, and 乾隆 → 干隆 too): documents
 * and queries fold alike, so matching is unaffected; only the index holds the folded form.
 *
 * Thread safety: kz_t2s_init() builds the table once (mutex-protected; later calls return the
 * first result); after it, kz_t2s_fold() may run concurrently anywhere. kz_t2s_free() must not
 * race with kz_t2s_fold(). Without a table (init not called or failed) folding does nothing.
 * Ownership: the table is the module's; nothing is handed out. */
#ifndef KZ_SEARCH_T2S_H
#define KZ_SEARCH_T2S_H
#include <stddef.h>
#include <stdint.h>

/* Returns 0, or -1 when OpenCC or its t2s tables are unavailable (kz_t2s_error() says why). */
int kz_t2s_init(void);
void kz_t2s_free(void);
/* 1 when the table is loaded. */
int kz_t2s_ready(void);
/* Why the last kz_t2s_init() failed (static string), or NULL. */
const char *kz_t2s_error(void);
/* Characters folded by the table (0 without one). */
size_t kz_t2s_size(void);

/* The simplified form of code point cp, or cp itself. */
int32_t kz_t2s_char(int32_t cp);
/* Folds s[0..n) (UTF-8; invalid bytes are left alone) in place; returns how many characters
 * changed. */
size_t kz_t2s_fold(char *s, size_t n);

#endif
