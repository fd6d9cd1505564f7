#include "arena.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_MIN 8192

struct kz_arena_chunk {
    kz_arena_chunk *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
};

void kz_arena_init(kz_arena *a)
{
    a->head = NULL;
    a->total = 0;
}

void kz_arena_free(kz_arena *a)
{
    kz_arena_chunk *c = a->head;
    while (c) {
        kz_arena_chunk *n = c->next;
        free(c);
        c = n;
    }
    a->head = NULL;
    a->total = 0;
}

void *kz_alloc(kz_arena *a, size_t n)
{
    size_t need = (n + 15) & ~(size_t)15;
    if (need < n) abort();
    kz_arena_chunk *c = a->head;
    if (!c || c->cap - c->used < need) {
        size_t cap = need > CHUNK_MIN ? need : CHUNK_MIN;
        if (c && c->cap * 2 > cap && c->cap < (1u << 20)) cap = c->cap * 2;
        c = malloc(sizeof(*c) + cap);
        if (!c) abort();
        c->used = 0;
        c->cap = cap;
        c->next = a->head;
        a->head = c;
    }
    void *p = c->data + c->used;
    c->used += need;
    a->total += need;
    memset(p, 0, n);
    return p;
}

char *kz_strndup(kz_arena *a, const char *s, size_t n)
{
    char *p = kz_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *kz_strdup(kz_arena *a, const char *s)
{
    return s ? kz_strndup(a, s, strlen(s)) : NULL;
}

char *kz_sprintf(kz_arena *a, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) abort();
    char *p = kz_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}
