/* bench/bench.c — shared helpers of the search benchmarks (see bench.h). */
#include "bench.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const bench_engine *const all_engines[] = {
#ifdef HAVE_KZ_ENGINE
    &bench_engine_kz,
#endif
    &bench_engine_fts5,
    &bench_engine_xapian,
};

static const bench_engine *find_engine(const char *name, size_t len)
{
    static const bench_engine *const extra[] = {&bench_engine_xapian_qp,
                                                &bench_engine_fts5_contentless};
    for (size_t i = 0; i < sizeof all_engines / sizeof all_engines[0]; i++)
        if (strlen(all_engines[i]->name) == len && memcmp(all_engines[i]->name, name, len) == 0)
            return all_engines[i];
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        if (strlen(extra[i]->name) == len && memcmp(extra[i]->name, name, len) == 0)
            return extra[i];
#ifdef HAVE_KZ_ENGINE
    if (len == 2 && memcmp(name, "kz", 2) == 0) return &bench_engine_kz;
#endif
    return NULL;
}

int bench_select_engines(const char *list, const bench_engine **out)
{
    int n = 0;
    if (!list || !*list || strcmp(list, "all") == 0) {
        for (size_t i = 0; i < sizeof all_engines / sizeof all_engines[0]; i++)
            out[n++] = all_engines[i];
        return n;
    }
    const char *p = list;
    while (*p) {
        size_t len = strcspn(p, ",");
        if (len > 0) {
            const bench_engine *e = find_engine(p, len);
            if (!e) {
                fprintf(stderr, "unknown engine '%.*s' (linked in:", (int)len, p);
                for (size_t i = 0; i < sizeof all_engines / sizeof all_engines[0]; i++)
                    fprintf(stderr, " %s", all_engines[i]->name);
                fprintf(stderr, " %s %s)\n", bench_engine_xapian_qp.name,
                        bench_engine_fts5_contentless.name);
                return -1;
            }
            for (int i = 0; i < n; i++)
                if (out[i] == e) {
                    fprintf(stderr, "engine '%s' given twice\n", e->name);
                    return -1;
                }
            if (n == BENCH_MAX_ENGINES) {
                fprintf(stderr, "too many engines\n");
                return -1;
            }
            out[n++] = e;
        }
        p += len;
        if (*p == ',') p++;
    }
    if (n == 0) fprintf(stderr, "no engine selected\n");
    return n ? n : -1;
}

const char *bench_data_dir(const char *dir)
{
    if (dir && *dir) return dir;
    const char *env = getenv("KEZHUAN_RETRIEVAL");
    if (env && *env) return env;
    return "../shared/data/retrieval";
}

int bench_file_exists(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return access(path, R_OK) == 0;
}

char *bench_scratch_new(const char *tag)
{
    if (mkdir("build", 0777) != 0 && errno != EEXIST) return NULL;
    if (mkdir("build/bench", 0777) != 0 && errno != EEXIST) return NULL;
    size_t len = strlen(tag) + sizeof "build/bench/scratch-.XXXXXX";
    char *p = malloc(len);
    if (!p) return NULL;
    snprintf(p, len, "build/bench/scratch-%s.XXXXXX", tag);
    if (!mkdtemp(p)) {
        fprintf(stderr, "mkdtemp %s: %s\n", p, strerror(errno));
        free(p);
        return NULL;
    }
    return p;
}

static long long tree_total;

static int add_size(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)path;
    (void)ftw;
    if (flag == FTW_F) tree_total += (long long)st->st_size;
    return 0;
}

long long bench_tree_bytes(const char *path)
{
    tree_total = 0;
    nftw(path, add_size, 16, FTW_PHYS);
    return tree_total;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    if (remove(path) != 0) fprintf(stderr, "remove %s: %s\n", path, strerror(errno));
    return 0;
}

void bench_scratch_free(char *path)
{
    if (!path) return;
    nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    free(path);
}

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double bench_cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
