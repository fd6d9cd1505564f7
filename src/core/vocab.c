#include "vocab.h"
#include "embed.h"
#include <stdlib.h>
#include <string.h>

static struct {
    kz_vocab_entry *items;
    int n;
} tables[KZ_VOCAB__COUNT];

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const kz_vocab_entry *)a)->code, ((const kz_vocab_entry *)b)->code);
}

/* Parses "code\tlevel\tX\tname" lines (comments start with #). The text is copied once
 * and cut in place; for industries column 3 is the section, for regions the parent. */
static void load(kz_vocab_kind k, const char *start, const char *end)
{
    size_t len = (size_t)(end - start);
    char *text = malloc(len + 1);
    if (!text) abort();
    memcpy(text, start, len);
    text[len] = 0;
    int cap = 0;
    for (size_t i = 0; i < len; i++)
        cap += text[i] == '\n';
    kz_vocab_entry *items = calloc((size_t)cap + 1, sizeof(*items));
    if (!items) abort();
    int n = 0;
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = 0;
        if (*line == '#' || !*line) continue;
        char *f[4] = {line, NULL, NULL, NULL};
        for (int j = 1; j < 4; j++) {
            char *t = strchr(f[j - 1], '\t');
            if (!t) abort(); /* a malformed data file is a build error */
            *t = 0;
            f[j] = t + 1;
        }
        /* regions: code level parent name; industries: code level section name */
        items[n++] =
            (kz_vocab_entry){.code = f[0], .level = atoi(f[1]), .parent = f[2], .name = f[3]};
    }

    qsort(items, (size_t)n, sizeof(*items), cmp_entry);
    tables[k].items = items;
    tables[k].n = n;
}

void kz_vocab_init(void)
{
    if (tables[KZ_VOCAB_REGION].items) return;
    load(KZ_VOCAB_REGION, kz_res_regions, kz_res_regions_end);
    load(KZ_VOCAB_INDUSTRY, kz_res_industries, kz_res_industries_end);
}

const kz_vocab_entry *kz_vocab_get(kz_vocab_kind k, const char *code)
{
    if (!code || (unsigned)k >= KZ_VOCAB__COUNT) return NULL;
    kz_vocab_entry key = {.code = code};
    return bsearch(&key, tables[k].items, (size_t)tables[k].n, sizeof(key), cmp_entry);
}

const kz_vocab_entry *kz_vocab_all(kz_vocab_kind k, int *n)
{
    *n = tables[k].n;
    return tables[k].items;
}
