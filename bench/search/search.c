/* bench/search/search.c — speed and memory of the engines on the scale corpus.
 *
 * For each selected engine, in a forked child process (so that memory figures are the
 * engine's alone):
 *   1. streams scale-1m.jsonl.gz ({"id","title","text"}) into add(), one document at a time
 *      (the harness keeps no document after its add() returns), then calls finish();
 *      build = wall and CPU time spent inside add() and finish() (not in gunzip or JSON);
 *   2. frees what malloc keeps cached (malloc_trim) and reads VmRSS / VmHWM from
 *      /proc/self/status: rss = the process after the build, engine included; the size of
 *      the engine's files in its scratch directory is reported too (disk);
 *   3. runs every query once (warm-up), then times each query again, top 10, single-threaded
 *      (CLOCK_MONOTONIC around search()), and computes p50/p95/p99 per query kind
 *      (keyword, demand).
 * The parent prints a table and one RESULT line per engine.
 *
 * usage: search [--docs N] [--engine LIST] [--queries N] [--data DIR]
 *   --docs N     index only the first N documents (default: all)
 *   --queries N  use only the first N queries of each kind (default: all)
 * Exits 0 with "skipped: data not found" when the data files are absent. */
#include "../bench.h"

#include <errno.h>
#include <jansson.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

enum { KIND_KW = 0, KIND_LONG = 1, NKINDS = 2, TOPK = 10 };
static const char *const KIND_NAMES[NKINDS] = {"keyword", "demand"};

typedef struct query {
    char *qid, *text;
    size_t len;
    int kind;
} query;

typedef struct kind_stats {
    int n, empty;
    double p50, p95, p99, mean, max; /* milliseconds */
} kind_stats;

typedef struct result {
    int ok;
    long docs;
    double build_s, build_cpu_s, load_s;
    double rss0_mb, rss_mb, hwm_mb, disk_mb;
    kind_stats k[NKINDS];
} result;

/* Reads a "VmRSS:   123 kB" line of /proc/self/status; returns MB, or -1. */
static double proc_status_mb(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    double mb = -1;
    size_t klen = strlen(key);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
            mb = strtod(line + klen + 1, NULL) / 1024.0;
            break;
        }
    fclose(f);
    return mb;
}

static int load_queries(const char *path, int per_kind, query **out, size_t *nout)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return -1;
    }
    query *v = NULL;
    size_t n = 0, cap = 0;
    int count[NKINDS] = {0, 0};
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    int rc = 0;
    long lineno = 0;
    while ((len = getline(&line, &lcap, f)) > 0) {
        lineno++;
        json_error_t err;
        json_t *o = json_loadb(line, (size_t)len, 0, &err);
        const char *kind = o ? json_string_value(json_object_get(o, "kind")) : NULL;
        json_t *qid = o ? json_object_get(o, "qid") : NULL;
        json_t *text = o ? json_object_get(o, "query") : NULL;
        int k = kind && strcmp(kind, "keyword") == 0  ? KIND_KW
                : kind && strcmp(kind, "demand") == 0 ? KIND_LONG
                                                      : -1;
        if (k < 0 || !json_is_string(qid) || !json_is_string(text)) {
            fprintf(stderr, "%s:%ld: %s\n", path, lineno, o ? "bad query record" : err.text);
            json_decref(o);
            rc = -1;
            break;
        }
        if (per_kind > 0 && count[k] >= per_kind) {
            json_decref(o);
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            query *nv = realloc(v, cap * sizeof *nv);
            if (!nv) {
                json_decref(o);
                rc = -1;
                break;
            }
            v = nv;
        }
        v[n].qid = strdup(json_string_value(qid));
        v[n].len = json_string_length(text);
        v[n].text = malloc(v[n].len + 1);
        v[n].kind = k;
        if (v[n].text) memcpy(v[n].text, json_string_value(text), v[n].len + 1);
        json_decref(o);
        if (!v[n].qid || !v[n].text) {
            free(v[n].qid);
            free(v[n].text);
            rc = -1;
            break;
        }
        count[k]++;
        n++;
    }
    free(line);
    fclose(f);
    *out = v;
    *nout = n;
    return rc;
}

/* Reads one line of any length from the gzip stream into *buf; returns its length, 0 at the
 * end, -1 on error. */
static long gz_line(gzFile gz, char **buf, size_t *cap)
{
    size_t len = 0;
    for (;;) {
        if (*cap - len < 2) {
            size_t ncap = *cap ? *cap * 2 : 65536;
            char *nb = realloc(*buf, ncap);
            if (!nb) return -1;
            *buf = nb;
            *cap = ncap;
        }
        if (!gzgets(gz, *buf + len, (int)(*cap - len))) {
            int err;
            gzerror(gz, &err);
            if (err != Z_OK && err != Z_STREAM_END) return -1;
            return (long)len;
        }
        len += strlen(*buf + len);
        if (len > 0 && (*buf)[len - 1] == '\n') return (long)len;
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of sorted v[0..n). */
static double pct(const double *v, int n, double p)
{
    if (n == 0) return 0;
    int i = (int)(p * n + 0.999999) - 1;
    if (i < 0) i = 0;
    if (i >= n) i = n - 1;
    return v[i];
}

/* Builds the index and runs the queries; fills *r. Runs in the child process. */
static int run_engine(const bench_engine *eng, const char *gzpath, long max_docs, const query *q,
                      size_t nq, result *r)
{
    int rc = -1;
    char *line = NULL;
    size_t cap = 0;
    void *e = NULL;
    double *lat = NULL;
    gzFile gz = NULL;
    char *dir = bench_scratch_new(eng->name);
    if (!dir) return -1;
    r->rss0_mb = proc_status_mb("VmRSS");
    e = eng->create(dir);
    if (!e) {
        fprintf(stderr, "%s: could not create the engine\n", eng->name);
        goto done;
    }
    gz = gzopen(gzpath, "rb");
    if (!gz) {
        fprintf(stderr, "%s: cannot open\n", gzpath);
        goto done;
    }
    gzbuffer(gz, 1 << 18);
    double t_load = bench_now(), wall = 0, cpu = 0;
    long n = 0, len;
    while ((max_docs <= 0 || n < max_docs) && (len = gz_line(gz, &line, &cap)) > 0) {
        json_error_t err;
        json_t *o = json_loadb(line, (size_t)len, 0, &err);
        json_t *id = o ? json_object_get(o, "id") : NULL;
        json_t *title = o ? json_object_get(o, "title") : NULL;
        json_t *text = o ? json_object_get(o, "text") : NULL;
        if (!json_is_string(id) || !json_is_string(title) || !json_is_string(text)) {
            fprintf(stderr, "%s: document %ld: %s\n", gzpath, n + 1, o ? "bad record" : err.text);
            json_decref(o);
            goto done;
        }
        double w0 = bench_now(), c0 = bench_cpu_now();
        int arc =
            eng->add(e, json_string_value(id), json_string_value(title), json_string_length(title),
                     json_string_value(text), json_string_length(text));
        cpu += bench_cpu_now() - c0;
        wall += bench_now() - w0;
        json_decref(o);
        if (arc != 0) {
            fprintf(stderr, "%s: add failed at document %ld\n", eng->name, n + 1);
            goto done;
        }
        if (++n % 100000 == 0)
            fprintf(stderr, "%s: %ld documents, %.1f s in add()\n", eng->name, n, wall);
    }
    if (len < 0 && (max_docs <= 0 || n < max_docs)) {
        fprintf(stderr, "%s: read error\n", gzpath);
        goto done;
    }
    gzclose(gz);
    gz = NULL;
    free(line);
    line = NULL;
    double w0 = bench_now(), c0 = bench_cpu_now();
    if (eng->finish(e) != 0) {
        fprintf(stderr, "%s: finish failed\n", eng->name);
        goto done;
    }
    cpu += bench_cpu_now() - c0;
    wall += bench_now() - w0;
    r->load_s = bench_now() - t_load;
    r->docs = n;
    r->build_s = wall;
    r->build_cpu_s = cpu;
    malloc_trim(0);
    r->rss_mb = proc_status_mb("VmRSS");
    r->hwm_mb = proc_status_mb("VmHWM");
    r->disk_mb = (double)bench_tree_bytes(dir) / (1024.0 * 1024.0);

    bench_hit hits[TOPK];
    for (size_t i = 0; i < nq; i++) /* warm-up */
        if (eng->search(e, q[i].text, q[i].len, BENCH_FIELD_ALL, TOPK, hits) < 0) {
            fprintf(stderr, "%s: search %s failed\n", eng->name, q[i].qid);
            goto done;
        }
    lat = malloc((nq ? nq : 1) * sizeof *lat);
    if (!lat) goto done;
    for (int k = 0; k < NKINDS; k++) {
        int m = 0, empty = 0;
        double sum = 0;
        for (size_t i = 0; i < nq; i++) {
            if (q[i].kind != k) continue;
            double t0 = bench_now();
            int h = eng->search(e, q[i].text, q[i].len, BENCH_FIELD_ALL, TOPK, hits);
            double ms = (bench_now() - t0) * 1e3;
            if (h < 0) {
                fprintf(stderr, "%s: search %s failed\n", eng->name, q[i].qid);
                goto done;
            }
            if (h == 0) empty++;
            lat[m++] = ms;
            sum += ms;
        }
        qsort(lat, (size_t)m, sizeof *lat, cmp_double);
        kind_stats *s = &r->k[k];
        s->n = m;
        s->empty = empty;
        s->p50 = pct(lat, m, 0.50);
        s->p95 = pct(lat, m, 0.95);
        s->p99 = pct(lat, m, 0.99);
        s->max = m ? lat[m - 1] : 0;
        s->mean = m ? sum / m : 0;
    }
    r->ok = 1;
    rc = 0;
done:
    free(lat);
    free(line);
    if (gz) gzclose(gz);
    if (e) eng->destroy(e);
    bench_scratch_free(dir);
    return rc;
}

/* Runs one engine in a child process; the result comes back through a pipe. */
static int run_forked(const bench_engine *eng, const char *gzpath, long max_docs, const query *q,
                      size_t nq, result *r)
{
    int fd[2];
    if (pipe(fd) != 0) return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return -1;
    }
    if (pid == 0) {
        close(fd[0]);
        result cr;
        memset(&cr, 0, sizeof cr);
        int crc = run_engine(eng, gzpath, max_docs, q, nq, &cr);
        ssize_t w = write(fd[1], &cr, sizeof cr);
        close(fd[1]);
        fflush(NULL);
        _exit(crc == 0 && w == (ssize_t)sizeof cr ? 0 : 1);
    }
    close(fd[1]);
    ssize_t got = 0;
    while (got < (ssize_t)sizeof *r) {
        ssize_t m = read(fd[0], (char *)r + got, sizeof *r - (size_t)got);
        if (m <= 0) break;
        got += m;
    }
    close(fd[0]);
    int st;
    waitpid(pid, &st, 0);
    if (got != (ssize_t)sizeof *r || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        fprintf(stderr, "%s: the benchmark failed\n", eng->name);
        r->ok = 0;
        return -1;
    }
    return 0;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: search [--docs N] [--engine kezhuan,fts5,fts5-contentless,xapian,xapian-qp] "
            "[--queries N] [--data DIR]\n");
}

int main(int argc, char **argv)
{
    const char *list = NULL, *data_arg = NULL;
    long max_docs = 0;
    int per_kind = 0;
    for (int i = 1; i < argc; i++) {
        char *end = NULL;
        if (strcmp(argv[i], "--engine") == 0 && i + 1 < argc)
            list = argv[++i];
        else if (strcmp(argv[i], "--data") == 0 && i + 1 < argc)
            data_arg = argv[++i];
        else if (strcmp(argv[i], "--docs") == 0 && i + 1 < argc) {
            max_docs = strtol(argv[++i], &end, 10);
            if (*end || max_docs < 0) {
                usage();
                return 2;
            }
        } else if (strcmp(argv[i], "--queries") == 0 && i + 1 < argc) {
            per_kind = (int)strtol(argv[++i], &end, 10);
            if (*end || per_kind < 0) {
                usage();
                return 2;
            }
        } else {
            usage();
            return 2;
        }
    }
    const bench_engine *engs[BENCH_MAX_ENGINES];
    int ne = bench_select_engines(list, engs);
    if (ne < 0) return 2;
    const char *data = bench_data_dir(data_arg);
    if (!bench_file_exists(data, "scale-1m.jsonl.gz") ||
        !bench_file_exists(data, "speed-queries.jsonl")) {
        printf("bench search skipped: data not found in %s (set KEZHUAN_RETRIEVAL)\n", data);
        return 0;
    }
    char gzpath[4096], qpath[4096];
    snprintf(gzpath, sizeof gzpath, "%s/scale-1m.jsonl.gz", data);
    snprintf(qpath, sizeof qpath, "%s/speed-queries.jsonl", data);
    query *q = NULL;
    size_t nq = 0;
    int rc = 0;
    result res[BENCH_MAX_ENGINES];
    memset(res, 0, sizeof res);
    if (load_queries(qpath, per_kind, &q, &nq) != 0) {
        rc = 1;
        goto done;
    }
    fprintf(stderr, "%zu queries; documents: %s\n", nq,
            max_docs > 0 ? "first N of scale-1m" : "all of scale-1m");
    for (int i = 0; i < ne; i++) {
        fprintf(stderr, "== %s\n", engs[i]->name);
        if (run_forked(engs[i], gzpath, max_docs, q, nq, &res[i]) != 0) rc = 1;
    }
    printf("\n%-16s %8s %8s %8s %8s %8s %8s %8s\n", "engine", "docs", "build_s", "cpu_s", "load_s",
           "rss_mb", "peak_mb", "disk_mb");
    for (int i = 0; i < ne; i++)
        if (res[i].ok)
            printf("%-16s %8ld %8.1f %8.1f %8.1f %8.1f %8.1f %8.1f\n", engs[i]->name, res[i].docs,
                   res[i].build_s, res[i].build_cpu_s, res[i].load_s, res[i].rss_mb, res[i].hwm_mb,
                   res[i].disk_mb);
        else
            printf("%-16s failed\n", engs[i]->name);
    printf("(rss before the build: %.1f MB; load_s includes gunzip and JSON parsing)\n",
           ne > 0 ? res[0].rss0_mb : 0.0);
    printf("\n%-16s %-8s %6s %6s %9s %9s %9s %9s %9s\n", "engine", "kind", "n", "empty", "p50_ms",
           "p95_ms", "p99_ms", "mean_ms", "max_ms");
    for (int i = 0; i < ne; i++)
        for (int k = 0; k < NKINDS && res[i].ok; k++) {
            const kind_stats *s = &res[i].k[k];
            printf("%-16s %-8s %6d %6d %9.3f %9.3f %9.3f %9.3f %9.3f\n", engs[i]->name,
                   KIND_NAMES[k], s->n, s->empty, s->p50, s->p95, s->p99, s->mean, s->max);
        }
    /* kezhuan against each peer: how many times faster at p50 and p99 (peer / kezhuan) */
    int ours = -1;
    for (int i = 0; i < ne; i++)
        if (res[i].ok && strcmp(engs[i]->name, "kezhuan") == 0) ours = i;
    if (ours >= 0) {
        printf("\n%-16s %-8s %14s %14s\n", "peer", "kind", "p50 peer/kz", "p99 peer/kz");
        for (int i = 0; i < ne; i++)
            for (int k = 0; k < NKINDS && i != ours && res[i].ok; k++) {
                const kind_stats *a = &res[ours].k[k], *b = &res[i].k[k];
                printf("%-16s %-8s %13.1fx %13.1fx\n", engs[i]->name, KIND_NAMES[k],
                       a->p50 > 0 ? b->p50 / a->p50 : 0.0, a->p99 > 0 ? b->p99 / a->p99 : 0.0);
            }
    }
    printf("\n");
    for (int i = 0; i < ne; i++)
        if (res[i].ok)
            printf("RESULT engine=%s docs=%ld build_s=%.1f rss_mb=%.1f kw_p50_ms=%.3f "
                   "kw_p99_ms=%.3f long_p50_ms=%.3f long_p99_ms=%.3f\n",
                   engs[i]->name, res[i].docs, res[i].build_s, res[i].rss_mb, res[i].k[KIND_KW].p50,
                   res[i].k[KIND_KW].p99, res[i].k[KIND_LONG].p50, res[i].k[KIND_LONG].p99);
done:
    for (size_t i = 0; i < nq; i++) {
        free(q[i].qid);
        free(q[i].text);
    }
    free(q);
    return rc;
}
