/* highlight.h — search result snippets with the query's terms marked.
 *
 * The text is normalized character by character the way the analyzer normalizes (NFKC, case
 * folding), the query's terms are found in it (CJK terms anywhere, Latin words and numbers
 * only at word boundaries), and the matching spans of the ORIGINAL text are wrapped in
 * <em>…</em>. Everything else is HTML-escaped (core/escape.h): the result is safe to insert
 * as markup. When the text is longer than max_chars characters, the window with the most
 * marks is kept, with "…" where it was cut.
 *
 * Ownership: returns a malloc'd NUL-terminated string the caller frees, or NULL when out of
 * memory. *marks (may be NULL) receives the number of marked spans. */
#ifndef KZ_SEARCH_HIGHLIGHT_H
#define KZ_SEARCH_HIGHLIGHT_H
#include "query.h"
#include <stddef.h>

char *kz_highlight(const char *text, size_t n, const kz_query *q, size_t max_chars, int *marks);

#endif
