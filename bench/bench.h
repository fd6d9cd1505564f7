/* bench/bench.h — what bench/quality and bench/search share: the table of engines linked in,
 * engine selection, the data directory, scratch directories and timing. */
#ifndef KZ_BENCH_BENCH_H
#define KZ_BENCH_BENCH_H
#include "engine.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Not in the default list: the Xapian index queried through Xapian's own QueryParser
 * (bench/engine_xapian.cc), and FTS5 without stored text and without the LIKE fallback
 * (bench/engine_fts5.c). */
extern const bench_engine bench_engine_xapian_qp;
extern const bench_engine bench_engine_fts5_contentless;

enum { BENCH_MAX_ENGINES = 8 };

/* Fills out[] with the engines named in the comma-separated list (NULL or "" or "all": every
 * default engine linked in: kezhuan when built with it, fts5, xapian). Returns the count, or -1
 * after printing an error (unknown or repeated name). */
int bench_select_engines(const char *list, const bench_engine **out);

/* The retrieval data directory: dir if not NULL, else $KEZHUAN_RETRIEVAL, else
 * ../shared/data/retrieval (relative to the repository root, where make runs). */
const char *bench_data_dir(const char *dir);

/* Creates a fresh scratch directory under build/bench/ (mkdtemp); returns a malloc'd path. */
char *bench_scratch_new(const char *tag);
/* Total size in bytes of the files under path. */
long long bench_tree_bytes(const char *path);
/* Removes the scratch directory and what is left in it, then frees the path. */
void bench_scratch_free(char *path);

double bench_now(void);     /* CLOCK_MONOTONIC, seconds */
double bench_cpu_now(void); /* CLOCK_PROCESS_CPUTIME_ID, seconds */
int bench_file_exists(const char *dir, const char *name);

#ifdef __cplusplus
}
#endif

#endif
