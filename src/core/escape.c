/* escape.c — HTML escaping (see escape.h). */
#include "escape.h"
#include <stdlib.h>
#include <string.h>

void kz_sbuf_put(kz_sbuf *b, const char *s, size_t n)
{
    if (b->oom) return;
    if (b->len + n + 1 > b->cap) {
        size_t nc = (b->len + n + 1) * 2;
        char *ns = realloc(b->s, nc);
        if (!ns) {
            b->oom = true;
            return;
        }
        b->s = ns;
        b->cap = nc;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void kz_sbuf_puts(kz_sbuf *b, const char *s)
{
    kz_sbuf_put(b, s, strlen(s));
}

void kz_html_escape(kz_sbuf *b, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *ent;
        switch (s[i]) {
        case '&': ent = "&amp;"; break;
        case '<': ent = "&lt;"; break;
        case '>': ent = "&gt;"; break;
        case '"': ent = "&quot;"; break;
        case '\'': ent = "&#39;"; break;
        default: continue;
        }
        kz_sbuf_put(b, s + start, i - start);
        kz_sbuf_puts(b, ent);
        start = i + 1;
    }
    kz_sbuf_put(b, s + start, n - start);
}

void kz_sbuf_free(kz_sbuf *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
    b->oom = false;
}
