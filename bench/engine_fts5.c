/* bench/engine_fts5.c — the SQLite FTS5 peer: an FTS5 table with the trigram tokenizer, two
 * indexed columns (title, body), ranked with bm25(). Two engines:
 *
 *   fts5            the text is stored in the table (the default content), and a query that
 *                   has no trigram at all (only words of 1–2 characters, 31% of the keyword
 *                   speed queries) falls back to a LIKE scan, as the data set's README asks of
 *                   a fair harness: what an application on FTS5 must do to answer them;
 *   fts5-contentless contentless (content=''), no fallback: such queries return nothing, at
 *                   once. Faster and smaller, and worse (bench/README.md has both).
 *
 * Configuration (chosen for speed; see bench/README.md):
 *   - in-memory database by default (BENCH_FTS5_DB=disk puts it in the scratch directory),
 *     journal off, synchronous off: the bulk load is one transaction of prepared INSERTs;
 *   - the document ids live in an array indexed by rowid;
 *   - detail=full (the default): bm25() needs per-column term frequencies;
 *   - finish() runs the 'optimize' command (merges all b-trees into one).
 *
 * Queries: the trigram tokenizer indexes every run of three characters, and FTS5 cannot match
 * a term of fewer than three characters with MATCH. The query is split into runs of word
 * characters (letters, digits, CJK; spaces and punctuation separate runs); every run of three
 * or more characters contributes all its trigrams; the trigrams are deduplicated, quoted and
 * OR-ed: `"生长特" OR "长特性" OR ...`; shorter runs contribute nothing to MATCH.
 * BENCH_FIELD_BODY wraps the expression in a column filter: `{body} : (...)`. Ranking:
 * ORDER BY bm25(t, W_TITLE, W_BODY). The fallback (fts5 only, when there is no trigram) scans
 * with `title LIKE '%w%' OR body LIKE '%w%'` for each of the first LIKE_WORDS words (body only
 * for BENCH_FIELD_BODY) and ranks by the number of words matched, then rowid. */
#include "engine.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* bm25() column weights (title, body), tuned on the dev queries (bench/README.md). */
#ifndef FTS5_W_TITLE
#define FTS5_W_TITLE 4.0
#endif
#ifndef FTS5_W_BODY
#define FTS5_W_BODY 1.0
#endif

enum { LIKE_WORDS = 8 };

typedef struct fts5_engine {
    bool contentless;
    sqlite3 *db;
    sqlite3_stmt *ins;
    sqlite3_stmt *sel;
    sqlite3_stmt *like[2]; /* the fallback scan: [BENCH_FIELD_ALL], [BENCH_FIELD_BODY] */
    char *pat[LIKE_WORDS]; /* its patterns */
    char **ids;            /* ids[rowid - 1] */
    size_t n, cap;
    char *path; /* on-disk database file, or NULL */
    char *expr; /* query expression buffer */
    size_t expr_cap;
} fts5_engine;

static void fts5_err(fts5_engine *e, const char *what)
{
    fprintf(stderr, "fts5: %s: %s\n", what, e->db ? sqlite3_errmsg(e->db) : "no database");
}

static int fts5_exec(fts5_engine *e, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(e->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "fts5: %s: %s\n", sql, msg ? msg : "error");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static void fts5_destroy(void *p)
{
    fts5_engine *e = p;
    if (!e) return;
    sqlite3_finalize(e->ins);
    sqlite3_finalize(e->sel);
    for (int i = 0; i < 2; i++)
        sqlite3_finalize(e->like[i]);
    for (int i = 0; i < LIKE_WORDS; i++)
        free(e->pat[i]);
    sqlite3_close(e->db);
    for (size_t i = 0; i < e->n; i++)
        free(e->ids[i]);
    free(e->ids);
    if (e->path) remove(e->path);
    free(e->path);
    free(e->expr);
    free(e);
}

static void *fts5_open(const char *dir, bool contentless)
{
    fts5_engine *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    e->contentless = contentless;
    const char *mode = getenv("BENCH_FTS5_DB");
    const char *name = ":memory:";
    if (mode && strcmp(mode, "disk") == 0) {
        size_t len = strlen(dir) + sizeof "/fts5.db";
        e->path = malloc(len);
        if (!e->path) goto fail;
        snprintf(e->path, len, "%s/fts5.db", dir);
        remove(e->path);
        name = e->path;
    }
    if (sqlite3_open(name, &e->db) != SQLITE_OK) {
        fts5_err(e, "open");
        goto fail;
    }
    if (fts5_exec(e, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; "
                     "PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY") ||
        fts5_exec(e, contentless ? "CREATE VIRTUAL TABLE t USING fts5(title, body, content='', "
                                   "tokenize='trigram')"
                                 : "CREATE VIRTUAL TABLE t USING fts5(title, body, "
                                   "tokenize='trigram')") ||
        fts5_exec(e, "BEGIN"))
        goto fail;
    if (sqlite3_prepare_v2(e->db, "INSERT INTO t(rowid, title, body) VALUES(?, ?, ?)", -1, &e->ins,
                           NULL) != SQLITE_OK) {
        fts5_err(e, "prepare insert");
        goto fail;
    }
    return e;
fail:
    fts5_destroy(e);
    return NULL;
}

static void *fts5_create(const char *dir)
{
    return fts5_open(dir, false);
}

static void *fts5_create_contentless(const char *dir)
{
    return fts5_open(dir, true);
}

/* The fallback statements: ?1..?8 are '%word%' patterns or NULL, ?9 the limit. */
#define LIKE_W(n, cols) "ifnull(" cols(n) ", 0)"
#define COLS_ALL(n)     "(title LIKE ?" #n " OR body LIKE ?" #n ")"
#define COLS_BODY(n)    "(body LIKE ?" #n ")"
#define LIKE_SQL(cols)                                                                                               \
    "SELECT rowid, s FROM (SELECT rowid, " LIKE_W(1, cols) " + " LIKE_W(2, cols) " + " LIKE_W(3, cols) " + " LIKE_W( \
        4,                                                                                                           \
        cols) " + " LIKE_W(5,                                                                                        \
                           cols) " + " LIKE_W(6,                                                                     \
                                              cols) " + " LIKE_W(7,                                                  \
                                                                 cols) " + " LIKE_W(8,                               \
                                                                                    cols) " AS s "                   \
                                                                                          "FROM "                    \
                                                                                          "t) "                      \
                                                                                          "WHERE "                   \
                                                                                          "s > 0 "                   \
                                                                                          "ORDER "                   \
                                                                                          "BY s "                    \
                                                                                          "DESC, "                   \
                                                                                          "rowid "                   \
                                                                                          "LIMIT "                   \
                                                                                          "?9"

static int fts5_add(void *p, const char *id, const char *title, size_t title_len, const char *body,
                    size_t body_len)
{
    fts5_engine *e = p;
    if (e->n == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 4096;
        char **ids = realloc(e->ids, cap * sizeof *ids);
        if (!ids) return -1;
        e->ids = ids;
        e->cap = cap;
    }
    char *copy = strdup(id);
    if (!copy) return -1;
    sqlite3_bind_int64(e->ins, 1, (sqlite3_int64)e->n + 1);
    sqlite3_bind_text(e->ins, 2, title, (int)title_len, SQLITE_STATIC);
    sqlite3_bind_text(e->ins, 3, body, (int)body_len, SQLITE_STATIC);
    int rc = sqlite3_step(e->ins);
    sqlite3_reset(e->ins);
    sqlite3_clear_bindings(e->ins);
    if (rc != SQLITE_DONE) {
        fts5_err(e, "insert");
        free(copy);
        return -1;
    }
    e->ids[e->n++] = copy;
    return 0;
}

static int fts5_finish(void *p)
{
    fts5_engine *e = p;
    sqlite3_finalize(e->ins);
    e->ins = NULL;
    if (fts5_exec(e, "COMMIT") || fts5_exec(e, "INSERT INTO t(t) VALUES('optimize')")) return -1;
    if (!e->contentless && (sqlite3_prepare_v2(e->db, LIKE_SQL(COLS_ALL), -1,
                                               &e->like[BENCH_FIELD_ALL], NULL) != SQLITE_OK ||
                            sqlite3_prepare_v2(e->db, LIKE_SQL(COLS_BODY), -1,
                                               &e->like[BENCH_FIELD_BODY], NULL) != SQLITE_OK)) {
        fts5_err(e, "prepare the LIKE fallback");
        return -1;
    }
    char sql[160];
    snprintf(sql, sizeof sql,
             "SELECT rowid, bm25(t, %g, %g) FROM t WHERE t MATCH ? ORDER BY bm25(t, %g, %g) "
             "LIMIT ?",
             FTS5_W_TITLE, FTS5_W_BODY, FTS5_W_TITLE, FTS5_W_BODY);
    if (sqlite3_prepare_v2(e->db, sql, -1, &e->sel, NULL) != SQLITE_OK) {
        fts5_err(e, "prepare select");
        return -1;
    }
    /* The index size, for the report (stderr, not part of the RESULT line). */
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(e->db,
                           "SELECT page_count * page_size FROM pragma_page_count, "
                           "pragma_page_size",
                           -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        fprintf(stderr, "fts5: %s database, %.1f MB\n", e->path ? "on-disk" : "in-memory",
                (double)sqlite3_column_int64(st, 0) / (1024.0 * 1024.0));
    sqlite3_finalize(st);
    return 0;
}

/* Decodes one UTF-8 character at s[i] (len > i); returns its byte length (1 for invalid). */
static size_t utf8_next(const unsigned char *s, size_t len, size_t i, uint32_t *cp)
{
    unsigned char c = s[i];
    size_t n = c < 0x80             ? 1
               : (c & 0xE0) == 0xC0 ? 2
               : (c & 0xF0) == 0xE0 ? 3
               : (c & 0xF8) == 0xF0 ? 4
                                    : 0;
    if (n == 0 || i + n > len) {
        *cp = 0xFFFD;
        return 1;
    }
    uint32_t v = n == 1 ? c : c & (0x7F >> n);
    for (size_t j = 1; j < n; j++) {
        if ((s[i + j] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i + j] & 0x3F);
    }
    *cp = v;
    return n;
}

/* Word characters: ASCII letters and digits, and everything non-ASCII except the common
 * punctuation and space blocks (Latin-1 punctuation, General Punctuation, CJK Symbols and
 * Punctuation, the punctuation of the Halfwidth and Fullwidth Forms). */
static int is_word(uint32_t c)
{
    if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (c <= 0xBF) return 0;
    if (c == 0xD7 || c == 0xF7) return 0;
    if (c >= 0x2000 && c <= 0x206F) return 0;
    if (c >= 0x3000 && c <= 0x303F) return 0;
    if (c >= 0xFF00 && c <= 0xFF0F) return 0;
    if (c >= 0xFF1A && c <= 0xFF20) return 0;
    if (c >= 0xFF3B && c <= 0xFF40) return 0;
    if (c >= 0xFF5B && c <= 0xFF65) return 0;
    if (c == 0xFFFD || c == 0xFEFF) return 0;
    return 1;
}

static int expr_append(fts5_engine *e, size_t *len, const char *s, size_t n)
{
    if (*len + n + 1 > e->expr_cap) {
        size_t cap = e->expr_cap ? e->expr_cap : 256;
        while (*len + n + 1 > cap)
            cap *= 2;
        char *b = realloc(e->expr, cap);
        if (!b) return -1;
        e->expr = b;
        e->expr_cap = cap;
    }
    memcpy(e->expr + *len, s, n);
    *len += n;
    e->expr[*len] = 0;
    return 0;
}

/* Builds the MATCH expression into e->expr; returns the number of trigrams, or -1. */
static int build_expr(fts5_engine *e, const char *query, size_t query_len, int field)
{
    const unsigned char *q = (const unsigned char *)query;
    enum { MAXCH = 4096 };
    size_t start[MAXCH + 1]; /* byte offsets of the current run's characters */
    /* Trigrams already emitted: byte ranges into the query. */
    size_t *seen = NULL, nseen = 0, seen_cap = 0;
    size_t len = 0;
    int ntri = 0;
    if (expr_append(e, &len, "", 0)) return -1;
    if (field == BENCH_FIELD_BODY && expr_append(e, &len, "{body} : (", 10)) return -1;
    size_t i = 0;
    while (i < query_len) {
        size_t nch = 0;
        uint32_t cp;
        size_t step;
        /* skip separators */
        while (i < query_len) {
            step = utf8_next(q, query_len, i, &cp);
            if (is_word(cp)) break;
            i += step;
        }
        while (i < query_len && nch < MAXCH) {
            step = utf8_next(q, query_len, i, &cp);
            if (!is_word(cp)) break;
            start[nch++] = i;
            i += step;
        }
        start[nch] = i;
        for (size_t c = 0; c + 3 <= nch; c++) {
            size_t b = start[c], n = start[c + 3] - b;
            int dup = 0;
            for (size_t s = 0; s < nseen && !dup; s++)
                dup = seen[2 * s + 1] == n && memcmp(query + seen[2 * s], query + b, n) == 0;
            if (dup) continue;
            if (nseen == seen_cap) {
                seen_cap = seen_cap ? seen_cap * 2 : 64;
                size_t *ns = realloc(seen, 2 * seen_cap * sizeof *ns);
                if (!ns) goto oom;
                seen = ns;
            }
            seen[2 * nseen] = b;
            seen[2 * nseen + 1] = n;
            nseen++;
            /* Word characters never include '"', so quoting needs no escaping. */
            if ((ntri && expr_append(e, &len, " OR ", 4)) || expr_append(e, &len, "\"", 1) ||
                expr_append(e, &len, query + b, n) || expr_append(e, &len, "\"", 1))
                goto oom;
            ntri++;
        }
    }
    if (field == BENCH_FIELD_BODY && expr_append(e, &len, ")", 1)) goto oom;
    free(seen);
    return ntri;
oom:
    free(seen);
    return -1;
}

/* Runs a prepared search whose rows are (rowid, score); sign turns the score into "higher is
 * better". */
static int run_select(fts5_engine *e, sqlite3_stmt *st, double sign, int k, bench_hit *out)
{
    int n = 0, rc = SQLITE_DONE;
    while (n < k && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        sqlite3_int64 rowid = sqlite3_column_int64(st, 0);
        if (rowid < 1 || (size_t)rowid > e->n) continue;
        out[n].id = e->ids[rowid - 1];
        out[n].score = sign * sqlite3_column_double(st, 1);
        n++;
    }
    if (n < k && rc != SQLITE_DONE) {
        fts5_err(e, "search");
        n = -1;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return n;
}

/* The LIKE scan for a query without trigrams: its first LIKE_WORDS distinct runs of word
 * characters as '%run%' patterns. */
static int like_search(fts5_engine *e, const char *query, size_t query_len, int field, int k,
                       bench_hit *out)
{
    const unsigned char *q = (const unsigned char *)query;
    sqlite3_stmt *st = e->like[field == BENCH_FIELD_BODY];
    int nw = 0;
    for (size_t i = 0; i < query_len && nw < LIKE_WORDS;) {
        uint32_t cp;
        size_t step = utf8_next(q, query_len, i, &cp);
        if (!is_word(cp)) {
            i += step;
            continue;
        }
        size_t b = i;
        while (i < query_len) {
            step = utf8_next(q, query_len, i, &cp);
            if (!is_word(cp)) break;
            i += step;
        }
        /* word characters are letters, digits and CJK: no LIKE wildcard needs escaping */
        char *pat = malloc(i - b + 3);
        if (!pat) return -1;
        pat[0] = '%';
        memcpy(pat + 1, query + b, i - b);
        memcpy(pat + 1 + (i - b), "%", 2);
        int dup = 0;
        for (int w = 0; w < nw && !dup; w++)
            dup = strcmp(e->pat[w], pat) == 0;
        if (dup) {
            free(pat);
            continue;
        }
        free(e->pat[nw]);
        e->pat[nw++] = pat;
    }
    if (!nw) return 0;
    for (int w = 0; w < nw; w++)
        sqlite3_bind_text(st, w + 1, e->pat[w], -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 9, k);
    return run_select(e, st, 1.0, k, out);
}

static int fts5_search(void *p, const char *query, size_t query_len, int field, int k,
                       bench_hit *out)
{
    fts5_engine *e = p;
    int ntri = build_expr(e, query, query_len, field);
    if (ntri < 0) return -1;
    if (ntri == 0) /* only runs shorter than a trigram */
        return e->contentless ? 0 : like_search(e, query, query_len, field, k, out);
    sqlite3_bind_text(e->sel, 1, e->expr, -1, SQLITE_STATIC);
    sqlite3_bind_int(e->sel, 2, k);
    return run_select(e, e->sel, -1.0, k, out); /* bm25(): lower is better */
}

const bench_engine bench_engine_fts5 = {
    .name = "fts5",
    .create = fts5_create,
    .add = fts5_add,
    .finish = fts5_finish,
    .search = fts5_search,
    .destroy = fts5_destroy,
};

const bench_engine bench_engine_fts5_contentless = {
    .name = "fts5-contentless",
    .create = fts5_create_contentless,
    .add = fts5_add,
    .finish = fts5_finish,
    .search = fts5_search,
    .destroy = fts5_destroy,
};
