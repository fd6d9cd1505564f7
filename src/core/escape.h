/* escape.h — the one place that escapes text for HTML. Everything the server hands out as
 * markup (search highlights) is built from escaped text plus the fixed tags of its caller.
 * Ownership: the buffer's memory belongs to the kz_sbuf; kz_sbuf_free() releases it. */
#ifndef KZ_ESCAPE_H
#define KZ_ESCAPE_H
#include <stdbool.h>
#include <stddef.h>

typedef struct kz_sbuf {
    char *s; /* NUL-terminated while ok */
    size_t len, cap;
    bool oom;
} kz_sbuf;

void kz_sbuf_put(kz_sbuf *b, const char *s, size_t n); /* raw bytes: fixed markup only */
void kz_sbuf_puts(kz_sbuf *b, const char *s);
/* Appends s[0..n) with & < > " ' escaped as entities. */
void kz_html_escape(kz_sbuf *b, const char *s, size_t n);
void kz_sbuf_free(kz_sbuf *b);

#endif
