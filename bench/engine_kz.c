/* engine_kz.c — kezhuan's own index (src/search) behind the bench/engine.h interface, with
 * the same analyzer, query weights and BM25F parameters the server uses for records: the
 * benchmark title goes to the title field, the abstract to the summary field. */
#include "engine.h"
#include "search/analyze.h"
#include "search/index.h"
#include "search/query.h"
#include "search/rank.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct kz_engine {
    kz_index *ix;
    char **ids;
    size_t n, cap;
    kz_ix_hit *hits;
} kz_engine;

static void *kz_create(const char *dir)
{
    (void)dir;
    if (kz_analyzer_init() != 0)
        fprintf(stderr, "kezhuan: %s (going on without friso words)\n", kz_analyzer_error());
    kz_engine *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    e->ix = kz_ix_new();
    e->hits = malloc(KZ_IX_MAX_K * sizeof *e->hits);
    if (!e->ix || !e->hits) {
        kz_ix_free(e->ix);
        free(e->hits);
        free(e);
        return NULL;
    }
    return e;
}

static int kz_add(void *v, const char *id, const char *title, size_t tl, const char *body,
                  size_t bl)
{
    kz_engine *e = v;
    if (e->n == e->cap) {
        size_t nc = e->cap ? e->cap * 2 : 1024;
        char **ni = realloc(e->ids, nc * sizeof *ni);
        if (!ni) return -1;
        e->ids = ni;
        e->cap = nc;
    }
    char *copy = strdup(id);
    if (!copy) return -1;
    kz_ix_doc d = {.key = e->n, .counted = true};
    d.text[KZ_RANK_F_TITLE] = title;
    d.len[KZ_RANK_F_TITLE] = tl;
    d.text[KZ_RANK_F_SUMMARY] = body;
    d.len[KZ_RANK_F_SUMMARY] = bl;
    if (kz_ix_add(e->ix, &d) < 0) {
        free(copy);
        return -1;
    }
    e->ids[e->n++] = copy;
    return 0;
}

static int kz_finish(void *v)
{
    (void)v;
    return 0;
}

static int kz_search(void *v, const char *query, size_t ql, int field, int k, bench_hit *out)
{
    kz_engine *e = v;
    kz_query q;
    if (kz_query_parse(query, ql, NULL, &q)) return -1;
    kz_ix_params p = kz_rank_text_params;
    if (field == BENCH_FIELD_BODY)
        for (int f = 0; f < KZ_IX_FIELDS; f++)
            if (f != KZ_RANK_F_SUMMARY) p.w[f] = 0;
    int n = kz_ix_search(e->ix, q.terms, q.n, &p, NULL, (uint32_t)k, e->hits, NULL);
    kz_query_free(&q);
    for (int i = 0; i < n; i++) {
        out[i].id = e->ids[kz_ix_key_of(e->ix, e->hits[i].doc)];
        out[i].score = e->hits[i].score;
    }
    return n;
}

static void kz_destroy(void *v)
{
    kz_engine *e = v;
    if (!e) return;
    for (size_t i = 0; i < e->n; i++)
        free(e->ids[i]);
    free(e->ids);
    free(e->hits);
    kz_ix_free(e->ix);
    free(e);
}

const bench_engine bench_engine_kz = {
    .name = "kezhuan",
    .create = kz_create,
    .add = kz_add,
    .finish = kz_finish,
    .search = kz_search,
    .destroy = kz_destroy,
};
