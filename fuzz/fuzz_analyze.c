/* fuzz_analyze.c — libFuzzer target for the search text analyzer (src/search/analyze.c).
 *
 * The friso dictionary is loaded once (KEZHUAN_FRISO_DICT or the Debian default; without it
 * the fallback path is fuzzed). Every token must be non-empty, at most KZ_TOKEN_MAX_BYTES,
 * valid UTF-8 without NUL, of a known kind, and positions must never decrease. Analyzing the
 * same input twice must give the same tokens (a checksum). Nothing is kept between inputs. */
#include "core/validate.h"
#include "search/analyze.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);           \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

typedef struct state {
    size_t count;
    uint32_t last_pos;
    uint64_t sum;
} state;

static int check_token(void *ctx, const kz_token *t)
{
    state *s = ctx;
    FUZZ_CHECK(t->len > 0 && t->len <= KZ_TOKEN_MAX_BYTES);
    FUZZ_CHECK(t->kind >= KZ_TOK_WORD && t->kind <= KZ_TOK_NUMBER);
    FUZZ_CHECK(kz_utf8_valid(t->text, t->len));
    FUZZ_CHECK(!memchr(t->text, '\0', t->len));
    FUZZ_CHECK(s->count == 0 || t->pos >= s->last_pos);
    s->last_pos = t->pos;
    s->count++;
    for (uint32_t i = 0; i < t->len; i++)
        s->sum = s->sum * 1099511628211u + (unsigned char)t->text[i];
    s->sum = s->sum * 31 + t->pos * 7u + t->kind;
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (kz_analyzer_init() != 0) fprintf(stderr, "fuzz_analyze: %s\n", kz_analyzer_error());
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    state a = {0}, b = {0};
    FUZZ_CHECK(kz_analyze((const char *)data, size, check_token, &a) == 0);
    FUZZ_CHECK(kz_analyze((const char *)data, size, check_token, &b) == 0);
    FUZZ_CHECK(a.count == b.count && a.sum == b.sum);
    return 0;
}
