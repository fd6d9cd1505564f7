/* bench/engine.h — the interface every engine compared in bench/quality and bench/search
 * implements: kezhuan's own index (bench/engine_kz.c) and the peers (SQLite FTS5 with the
 * trigram tokenizer, Xapian with CJK n-grams and BM25), each in its own file.
 *
 * Every engine indexes two text fields per document, title and body, and answers a free-text
 * query over both fields or over the body alone (bench/quality's Q3 queries search the
 * abstract only). Engines choose their own query parsing: the query is the raw user text
 * (keywords separated by spaces, or a whole demand sentence).
 *
 * Ownership: create() returns an engine the caller frees with destroy(). Strings passed to
 * add() and search() are owned by the caller and only valid during the call. search() fills
 * out[0..k) and returns the number of hits (0..k), or -1 on error; each hit's id is the
 * engine's copy (valid until the next search() or destroy()). */
#ifndef KZ_BENCH_ENGINE_H
#define KZ_BENCH_ENGINE_H
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { BENCH_FIELD_ALL = 0, BENCH_FIELD_BODY = 1 };

typedef struct bench_hit {
    const char *id;
    double score;
} bench_hit;

typedef struct bench_engine {
    const char *name; /* "kezhuan", "fts5", "xapian" */
    /* dir: a scratch directory the engine may use for its files (deleted by the caller). */
    void *(*create)(const char *dir);
    int (*add)(void *e, const char *id, const char *title, size_t title_len, const char *body,
               size_t body_len);
    /* Called once after the last add(): commit, optimize, build whatever search needs. */
    int (*finish)(void *e);
    int (*search)(void *e, const char *query, size_t query_len, int field, int k, bench_hit *out);
    void (*destroy)(void *e);
} bench_engine;

extern const bench_engine bench_engine_kz;
extern const bench_engine bench_engine_fts5;
extern const bench_engine bench_engine_xapian;

#ifdef __cplusplus
}
#endif
#endif
