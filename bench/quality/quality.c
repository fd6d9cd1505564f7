/* bench/quality/quality.c — retrieval quality of the engines on the dev queries.
 *
 * Indexes corpus.jsonl (title + abstract only; keywords are never read) into each selected
 * engine, runs dev-queries.jsonl (field "title_abstract" -> BENCH_FIELD_ALL, "abstract" ->
 * BENCH_FIELD_BODY), writes one TREC run per engine (top 100) to OUT/ENGINE.run, scores it with
 * the data set's evaluate.py and prints one table: per query type (Q1, Q2, Q3, ALL) and engine,
 * nDCG@10, MRR@10 and Recall@100, and kezhuan's nDCG@10 against the best peer.
 *
 * usage: quality [--engine LIST] [--data DIR] [--out DIR]
 *   LIST  comma-separated: kezhuan (or kz), fts5, fts5-contentless, xapian, xapian-qp; default:
 *         engines linked in
 *   DIR   data directory (default $KEZHUAN_RETRIEVAL, else ../shared/data/retrieval)
 *   OUT   default build/bench/quality
 * Exits 0 with "skipped: data not found" when the data directory lacks the files. */
#include "../bench.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

enum { TOPK = 100, NTYPES = 4 };
static const char *const TYPES[NTYPES] = {"Q1", "Q2", "Q3", "ALL"};

typedef struct doc {
    char *id, *title, *body;
    size_t title_len, body_len;
} doc;

typedef struct query {
    char *qid, *query;
    size_t query_len;
    int field;
} query;

typedef struct scores {
    int ok;
    int n[NTYPES];
    double ndcg[NTYPES], mrr[NTYPES], r100[NTYPES], r3[NTYPES];
} scores;

static char *dup_str(json_t *obj, const char *key, size_t *len)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_string(v)) return NULL;
    size_t n = json_string_length(v);
    char *s = malloc(n + 1);
    if (!s) return NULL;
    memcpy(s, json_string_value(v), n + 1);
    if (len) *len = n;
    return s;
}

/* Reads a JSON-lines file, calling fn(obj, ctx) per line; returns 0, or -1 after an error. */
static int read_jsonl(const char *path, int (*fn)(json_t *, void *), void *ctx)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;
    int rc = 0;
    while ((len = getline(&line, &cap, f)) > 0) {
        lineno++;
        json_error_t err;
        json_t *obj = json_loadb(line, (size_t)len, 0, &err);
        if (!obj || fn(obj, ctx) != 0) {
            fprintf(stderr, "%s:%ld: %s\n", path, lineno, obj ? "bad record" : err.text);
            json_decref(obj);
            rc = -1;
            break;
        }
        json_decref(obj);
    }
    free(line);
    fclose(f);
    return rc;
}

typedef struct docs {
    doc *v;
    size_t n, cap;
} docs;

static int add_doc(json_t *obj, void *ctx)
{
    docs *d = ctx;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 1024;
        doc *v = realloc(d->v, cap * sizeof *v);
        if (!v) return -1;
        d->v = v;
        d->cap = cap;
    }
    doc *x = &d->v[d->n];
    x->id = dup_str(obj, "id", NULL);
    x->title = dup_str(obj, "title", &x->title_len);
    x->body = dup_str(obj, "abstract", &x->body_len);
    if (!x->id || !x->title || !x->body) {
        free(x->id);
        free(x->title);
        free(x->body);
        return -1;
    }
    d->n++;
    return 0;
}

typedef struct queries {
    query *v;
    size_t n, cap;
} queries;

static int add_query(json_t *obj, void *ctx)
{
    queries *q = ctx;
    if (q->n == q->cap) {
        size_t cap = q->cap ? q->cap * 2 : 1024;
        query *v = realloc(q->v, cap * sizeof *v);
        if (!v) return -1;
        q->v = v;
        q->cap = cap;
    }
    query *x = &q->v[q->n];
    const char *field = json_string_value(json_object_get(obj, "field"));
    if (!field || (strcmp(field, "title_abstract") != 0 && strcmp(field, "abstract") != 0))
        return -1;
    x->field = strcmp(field, "abstract") == 0 ? BENCH_FIELD_BODY : BENCH_FIELD_ALL;
    x->qid = dup_str(obj, "qid", NULL);
    x->query = dup_str(obj, "query", &x->query_len);
    if (!x->qid || !x->query) {
        free(x->qid);
        free(x->query);
        return -1;
    }
    q->n++;
    return 0;
}

static int mkdirs(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) return -1;
        *p = '/';
    }
    return mkdir(buf, 0777) != 0 && errno != EEXIST ? -1 : 0;
}

/* Indexes the corpus into a new engine, runs the queries and writes the run file. */
static int run_engine(const bench_engine *eng, const docs *d, const queries *q, const char *run)
{
    char *dir = bench_scratch_new(eng->name);
    if (!dir) return -1;
    int rc = -1;
    FILE *out = NULL;
    bench_hit *hits = malloc(TOPK * sizeof *hits);
    void *e = hits ? eng->create(dir) : NULL;
    if (!e) {
        fprintf(stderr, "%s: could not create the engine\n", eng->name);
        goto done;
    }
    double t0 = bench_now();
    for (size_t i = 0; i < d->n; i++)
        if (eng->add(e, d->v[i].id, d->v[i].title, d->v[i].title_len, d->v[i].body,
                     d->v[i].body_len) != 0) {
            fprintf(stderr, "%s: add %s failed\n", eng->name, d->v[i].id);
            goto done;
        }
    if (eng->finish(e) != 0) {
        fprintf(stderr, "%s: finish failed\n", eng->name);
        goto done;
    }
    double t1 = bench_now();
    out = fopen(run, "w");
    if (!out) {
        fprintf(stderr, "%s: %s\n", run, strerror(errno));
        goto done;
    }
    int empty = 0;
    for (size_t i = 0; i < q->n; i++) {
        int n = eng->search(e, q->v[i].query, q->v[i].query_len, q->v[i].field, TOPK, hits);
        if (n < 0) {
            fprintf(stderr, "%s: search %s failed\n", eng->name, q->v[i].qid);
            goto done;
        }
        if (n == 0) empty++;
        for (int r = 0; r < n; r++)
            fprintf(out, "%s Q0 %s %d %.6f %s\n", q->v[i].qid, hits[r].id, r + 1, hits[r].score,
                    eng->name);
    }
    double t2 = bench_now();
    if (fclose(out) != 0) {
        out = NULL;
        fprintf(stderr, "%s: write failed\n", run);
        goto done;
    }
    out = NULL;
    fprintf(stderr,
            "%s: indexed %zu documents in %.2f s, %zu queries in %.2f s (%d without hits)\n",
            eng->name, d->n, t1 - t0, q->n, t2 - t1, empty);
    rc = 0;
done:
    if (out) fclose(out);
    if (e) eng->destroy(e);
    free(hits);
    bench_scratch_free(dir);
    return rc;
}

/* Runs python3 DATA/evaluate.py RUN DATA/dev-qrels.tsv --json JSON (its stdout to TXT). */
static int evaluate(const char *data, const char *run, const char *json, const char *txt)
{
    char script[4096], qrels[4096];
    snprintf(script, sizeof script, "%s/evaluate.py", data);
    snprintf(qrels, sizeof qrels, "%s/dev-qrels.tsv", data);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        FILE *f = freopen(txt, "w", stdout);
        if (!f) _exit(126);
        execlp("python3", "python3", script, run, qrels, "--json", json, (char *)NULL);
        fprintf(stderr, "python3: %s\n", strerror(errno));
        _exit(127);
    }
    int st;
    if (waitpid(pid, &st, 0) < 0) return -1;
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        fprintf(stderr, "evaluate.py failed on %s (see %s)\n", run, txt);
        return -1;
    }
    return 0;
}

static int read_scores(const char *json, scores *s)
{
    json_error_t err;
    json_t *root = json_load_file(json, 0, &err);
    if (!root) {
        fprintf(stderr, "%s: %s\n", json, err.text);
        return -1;
    }
    for (int t = 0; t < NTYPES; t++) {
        json_t *g = json_object_get(root, TYPES[t]);
        if (!json_is_object(g)) continue; /* a type absent from the qrels */
        s->n[t] = (int)json_integer_value(json_object_get(g, "n"));
        s->ndcg[t] = json_number_value(json_object_get(g, "nDCG@10"));
        s->mrr[t] = json_number_value(json_object_get(g, "MRR@10"));
        s->r100[t] = json_number_value(json_object_get(g, "R@100"));
        s->r3[t] = json_number_value(json_object_get(g, "R3@100"));
    }
    json_decref(root);
    s->ok = 1;
    return 0;
}

static void print_table(const bench_engine **engs, const scores *sc, int ne)
{
    int ours = -1;
    for (int i = 0; i < ne; i++)
        if (strcmp(engs[i]->name, "kezhuan") == 0) ours = i;
    printf("\n%-4s %5s  %-16s %8s %8s %8s %8s", "type", "n", "engine", "nDCG@10", "MRR@10", "R@100",
           "R3@100");
    if (ours >= 0) printf("  %-22s", "kezhuan/best-peer nDCG");
    printf("\n");
    for (int t = 0; t < NTYPES; t++) {
        int best = -1;
        for (int i = 0; i < ne; i++)
            if (i != ours && sc[i].ok && (best < 0 || sc[i].ndcg[t] > sc[best].ndcg[t])) best = i;
        for (int i = 0; i < ne; i++) {
            if (!sc[i].ok) {
                printf("%-4s %5s  %-16s %8s\n", TYPES[t], "", engs[i]->name, "failed");
                continue;
            }
            printf("%-4s %5d  %-16s %8.4f %8.4f %8.4f %8.4f", TYPES[t], sc[i].n[t], engs[i]->name,
                   sc[i].ndcg[t], sc[i].mrr[t], sc[i].r100[t], sc[i].r3[t]);
            if (i == ours && best >= 0 && sc[best].ndcg[t] > 0)
                printf("  %.3f (%+.4f vs %s)", sc[i].ndcg[t] / sc[best].ndcg[t],
                       sc[i].ndcg[t] - sc[best].ndcg[t], engs[best]->name);
            printf("\n");
        }
    }
}

static void usage(void)
{
    fprintf(stderr,
            "usage: quality [--engine kezhuan,fts5,fts5-contentless,xapian,xapian-qp] [--data DIR] "
            "[--out DIR]\n");
}

int main(int argc, char **argv)
{
    const char *list = NULL, *data_arg = NULL, *outdir = "build/bench/quality";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--engine") == 0 && i + 1 < argc)
            list = argv[++i];
        else if (strcmp(argv[i], "--data") == 0 && i + 1 < argc)
            data_arg = argv[++i];
        else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
            outdir = argv[++i];
        else {
            usage();
            return 2;
        }
    }
    const bench_engine *engs[BENCH_MAX_ENGINES];
    int ne = bench_select_engines(list, engs);
    if (ne < 0) return 2;
    const char *data = bench_data_dir(data_arg);
    if (!bench_file_exists(data, "corpus.jsonl") || !bench_file_exists(data, "dev-queries.jsonl") ||
        !bench_file_exists(data, "dev-qrels.tsv") || !bench_file_exists(data, "evaluate.py")) {
        printf("bench quality skipped: data not found in %s (set KEZHUAN_RETRIEVAL)\n", data);
        return 0;
    }
    if (mkdirs(outdir) != 0) {
        fprintf(stderr, "%s: %s\n", outdir, strerror(errno));
        return 1;
    }
    char path[4096];
    docs d = {0};
    queries q = {0};
    scores sc[BENCH_MAX_ENGINES];
    memset(sc, 0, sizeof sc);
    int rc = 1;
    snprintf(path, sizeof path, "%s/corpus.jsonl", data);
    if (read_jsonl(path, add_doc, &d) != 0) goto done;
    snprintf(path, sizeof path, "%s/dev-queries.jsonl", data);
    if (read_jsonl(path, add_query, &q) != 0) goto done;
    fprintf(stderr, "corpus: %zu documents, %zu dev queries\n", d.n, q.n);
    rc = 0;
    for (int i = 0; i < ne; i++) {
        char run[4096], json[4096], txt[4096];
        snprintf(run, sizeof run, "%s/%s.run", outdir, engs[i]->name);
        snprintf(json, sizeof json, "%s/%s.json", outdir, engs[i]->name);
        snprintf(txt, sizeof txt, "%s/%s.txt", outdir, engs[i]->name);
        if (run_engine(engs[i], &d, &q, run) != 0 || evaluate(data, run, json, txt) != 0 ||
            read_scores(json, &sc[i]) != 0)
            rc = 1;
    }
    print_table(engs, sc, ne);
done:
    for (size_t i = 0; i < d.n; i++) {
        free(d.v[i].id);
        free(d.v[i].title);
        free(d.v[i].body);
    }
    free(d.v);
    for (size_t i = 0; i < q.n; i++) {
        free(q.v[i].qid);
        free(q.v[i].query);
    }
    free(q.v);
    return rc;
}
