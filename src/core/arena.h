/* arena.h — per-request bump allocator.
 *
 * Ownership: an arena owns every block it hands out; nothing from kz_alloc() is freed
 * individually. kz_arena_free() releases them all at once (end of a request). The arena
 * itself is owned by whoever called kz_arena_init() (a request context, a CLI command). */
#ifndef KZ_ARENA_H
#define KZ_ARENA_H
#include <stddef.h>

typedef struct kz_arena_chunk kz_arena_chunk;
typedef struct kz_arena {
    kz_arena_chunk *head;
    size_t total; /* bytes handed out, for limits and metrics */
} kz_arena;

void kz_arena_init(kz_arena *a);
void kz_arena_free(kz_arena *a);
/* 16-byte aligned, zeroed memory; aborts on out-of-memory (a server cannot limp on). */
void *kz_alloc(kz_arena *a, size_t n);
char *kz_strdup(kz_arena *a, const char *s);
char *kz_strndup(kz_arena *a, const char *s, size_t n);
char *kz_sprintf(kz_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
