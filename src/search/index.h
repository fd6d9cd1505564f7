/* index.h — kezhuan's in-memory inverted index: compressed postings, BM25F, top-k with
 * block-max MaxScore, structured attributes with value lists for filter bitmaps.
 *
 * Documents carry KZ_IX_FIELDS text fields (for records: title, keywords, summary, other
 * public text), analyzed by kz_analyze(), and a kz_ix_attrs of structured attributes. Each
 * document is known by a 64-bit key chosen by the caller (a record id); internally by a dense
 * docid given in insertion order. Postings are docid-ordered, so adding appends; an update is a
 * delete (the docid becomes dead) plus an add under a new docid. kz_ix_compact() renumbers
 * the live documents and drops the dead postings.
 *
 * Postings are cut into blocks of KZ_IX_BLOCK entries; each entry is a varint docid delta, one
 * byte of 2-bit per-field term frequencies (3 = escape: a varint tf-3 follows), then for each
 * field where the term occurs the document's one-byte length code (kz_ix_len_code), so that
 * scoring a posting reads nothing outside the list (+20% memory, keyword queries ~15% faster
 * than a per-document code array on 10^6 documents: no cache miss per candidate). Each block
 * keeps its last docid and, per field, the largest tf and smallest field length among its
 * entries: with the query's field weights that bounds the BM25F score of any document in the
 * block, so blocks are skipped undecoded when they cannot reach the top k.
 *
 * Scoring, per term t of the query (weight q_t):
 *     tf~ = sum_f w_f * tf_f / ((1 - b_f) + b_f * len_f / avglen_f)   (len_f: see kz_ix_len_code)
 *     s_t = q_t * idf_t * tf~ * (k1 + 1) / (k1 + tf~),   idf_t = ln(1 + (N - df + 0.5)/(df + 0.5))
 * Collection statistics (N, avglen_f, df) count only documents added with `counted` set (the
 * caller's public documents), so what a user may not read does not move anybody's scores.
 * N and avglen are exact for the live documents; df keeps counting a counted document after it
 * is deleted until the next kz_ix_compact() (as Lucene does until a merge).
 *
 * Thread safety: none inside. Many concurrent readers (kz_ix_search, kz_ix_*_of, …) are safe
 * with no writer; the caller serializes writers against readers (search/service.c holds a
 * rwlock).
 *
 * Ownership: kz_ix_new() and kz_ix_load() return an index freed with kz_ix_free(). Text passed in
 * is copied (as terms) or not kept. Hit arrays belong to the caller. */
#ifndef KZ_SEARCH_INDEX_H
#define KZ_SEARCH_INDEX_H
#include "snapio.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KZ_IX_FIELDS    4
#define KZ_IX_BLOCK     128
#define KZ_IX_MAX_TERMS 256 /* distinct terms read from one query */
/* Terms scored per query: the ones with the largest weight * idf. A long demand description
 * gives 100–200 distinct terms; scoring the 24 most telling ones loses no quality on
 * bench/quality's dev queries (nDCG@10 0.8078 with all, 0.8081 with 24) and cuts the latency
 * of long queries several times (bench/README.md). */
#define KZ_IX_SCORED_TERMS 24
#define KZ_IX_MAX_K        10000 /* largest k of one search */
#define KZ_IX_MAX_DOCS     (1u << 30)

typedef struct kz_index kz_index;

/* Structured attributes. The index stores them and keeps value lists for region prefixes,
 * industry prefixes and status (see kz_ix_value_key); their meaning is the caller's. */
typedef struct kz_ix_attrs {
    uint32_t org_id;
    uint32_t creator; /* user id, 0 none */
    uint32_t region;  /* GB/T 2260 six-digit code as a number, 0 none */
    char industry[6]; /* GB/T 4754 "C3841" (section letter + up to 4 digits), "" none */
    uint8_t status;   /* caller's small enum */
    uint8_t kind;     /* caller's small enum (e.g. demand kind) */
    int8_t trl;       /* 1..9, -1 none */
    int8_t trl_min;   /* 1..9, -1 none */
    int64_t money_lo; /* fen: price, or budget minimum; -1 none */
    int64_t money_hi; /* fen: price, or budget maximum; -1 none */
    uint32_t day;     /* days since 1970-01-01 of publication (or last change), 0 none */
    uint32_t flags;   /* caller's bits */
} kz_ix_attrs;

typedef struct kz_ix_doc {
    uint64_t key;
    const char *text[KZ_IX_FIELDS]; /* may be NULL */
    size_t len[KZ_IX_FIELDS];
    kz_ix_attrs attrs;
    bool counted; /* counts in the collection statistics (public) */
} kz_ix_doc;

typedef struct kz_ix_params {
    double k1;
    double b[KZ_IX_FIELDS];
    double w[KZ_IX_FIELDS]; /* field weights; 0 leaves a field out of a query */
} kz_ix_params;

/* One query term: its text (normalized, as kz_analyze() gives it) and weight. */
typedef struct kz_ix_qterm {
    const char *text;
    uint32_t len;
    double weight;
} kz_ix_qterm;

typedef struct kz_ix_hit {
    uint32_t doc;
    double score;
} kz_ix_hit;

/* A document filter for kz_ix_search: docs whose bit is clear in `bits` (when non-NULL; nbits
 * long, docs >= nbits are out) are skipped, then `accept` (when non-NULL) decides. */
typedef struct kz_ix_filter {
    const uint64_t *bits;
    uint32_t nbits;
    bool (*accept)(void *ctx, const kz_index *ix, uint32_t doc);
    void *ctx;
} kz_ix_filter;

/* Counters of one search, for benchmarks and tests. */
typedef struct kz_ix_stats {
    uint64_t scored; /* candidates fully or partly scored */
    uint64_t blocks_decoded;
    uint64_t blocks_skipped;
    uint64_t windows_skipped; /* stretches where no document could beat the k-th score */
} kz_ix_stats;

kz_index *kz_ix_new(void);
void kz_ix_free(kz_index *ix);

/* Adds a document under key (replacing a live document with the same key). Returns the docid,
 * or -1 when out of memory or full (the index is unchanged then). */
int64_t kz_ix_add(kz_index *ix, const kz_ix_doc *doc);
/* Deletes the live document with this key; returns 1 when there was one, else 0. */
int kz_ix_delete(kz_index *ix, uint64_t key);
/* Drops dead documents and their postings, renumbers docids, recomputes df exactly.
 * Returns 0 or -1 (out of memory: the index is unchanged). Docids change. */
int kz_ix_compact(kz_index *ix);

/* Docid of the live document with this key, or -1. */
int64_t kz_ix_doc_of(const kz_index *ix, uint64_t key);
uint64_t kz_ix_key_of(const kz_index *ix, uint32_t doc);
const kz_ix_attrs *kz_ix_attrs_of(const kz_index *ix, uint32_t doc);
bool kz_ix_is_live(const kz_index *ix, uint32_t doc);
/* Field lengths enter scoring through a one-byte code: exact below 128 tokens, then 16
 * buckets per doubling (~4.4% wide), each scored as its lower end. kz_ix_code_len() gives the
 * length that scoring uses for a code; kz_ix_code_len(kz_ix_len_code(n)) <= n. */
uint8_t kz_ix_len_code(uint32_t len);
uint32_t kz_ix_code_len(uint8_t code);
/* Field length (tokens) of a document. */
uint32_t kz_ix_field_len(const kz_index *ix, uint32_t doc, int field);

/* Statistics. */
uint32_t kz_ix_docs(const kz_index *ix);    /* docids in use (live + dead) */
uint32_t kz_ix_live(const kz_index *ix);    /* live documents */
uint32_t kz_ix_counted(const kz_index *ix); /* N: live counted documents */
double kz_ix_avglen(const kz_index *ix, int field);
uint32_t kz_ix_df(const kz_index *ix, const char *term, uint32_t len); /* 0 when unknown */
uint32_t kz_ix_terms(const kz_index *ix);
size_t kz_ix_memory(const kz_index *ix); /* bytes held */
/* BM25 idf for a df (with the current N). */
double kz_ix_idf(const kz_index *ix, uint32_t df);

/* Per-document term frequencies of one term in one document, by walking its postings; 0 when
 * absent. For tests and explanations (slow: linear in the postings). */
int kz_ix_tf(const kz_index *ix, const char *term, uint32_t len, uint32_t doc,
             uint32_t tf[KZ_IX_FIELDS]);

/* The k best documents for the query terms under params, best first (score descending, then
 * docid ascending). Terms not in the index are ignored; repeated texts add up their weights;
 * of the rest, the KZ_IX_SCORED_TERMS with the largest weight * idf are scored. Returns the number
 * of hits written (<= k), or -1 when out of memory or k > KZ_IX_MAX_K. Only documents with a score
 * > 0 are returned. stats may be NULL. */
int kz_ix_search(const kz_index *ix, const kz_ix_qterm *terms, size_t nterms, const kz_ix_params *p,
                 const kz_ix_filter *f, uint32_t k, kz_ix_hit *out, kz_ix_stats *stats);

/* The BM25F score of one document for the query, computed directly (no pruning): what
 * kz_ix_search would give it. For explanations and tests. */
double kz_ix_score(const kz_index *ix, const kz_ix_qterm *terms, size_t nterms,
                   const kz_ix_params *p, uint32_t doc);

/* Value lists: every added document is listed under its status, each prefix of its region
 * (2, 4, 6 digits) and each prefix of its industry (section letter; 2, 3, 4 digits). A key is
 * made by kz_ix_value_key(). kz_ix_value_bits ORs the live documents listed under key into
 * bits (nbits >= kz_ix_docs(ix) bits, zeroed by the caller) and returns how many it set. */
enum { KZ_IX_V_STATUS = 1, KZ_IX_V_REGION = 2, KZ_IX_V_INDUSTRY = 3 };
uint64_t kz_ix_value_key(int what, const char *value);
uint32_t kz_ix_value_bits(const kz_index *ix, uint64_t key, uint64_t *bits, uint32_t nbits);
/* How many docids are listed under key (live or dead), for choosing the cheapest filter. */
uint32_t kz_ix_value_count(const kz_index *ix, uint64_t key);

/* Snapshot (search/snapio.h; the file around it is domain/ixsnap.c). kz_ix_save writes the
 * whole index — documents, attributes, field lengths, live and counted bits, terms with their
 * compressed postings, value lists — and returns 0 or -1 (the writer failed). kz_ix_load reads
 * what kz_ix_save wrote into a new index that answers every call exactly as the saved one did;
 * it believes nothing it reads: every count is checked against the bytes left before anything
 * is allocated for it, every posting is decoded and checked (docids ascending and below the
 * number of documents, each length code the document's own, nothing left over), block bounds
 * are recomputed, keys and terms must be unique. NULL (with *why, a static zh-CN reason) when
 * the stream is not a valid index or memory runs out; the reader's err is set for the former.
 * The hash tables are rebuilt, so they may be sized differently than the saved index's. */
int kz_ix_save(const kz_index *ix, kz_sw *w);
kz_index *kz_ix_load(kz_sr *r, const char **why);
/* Moves r past one index as kz_ix_save wrote it, reading only its counts and lengths (each
 * checked against the bytes left), so that the sections of a snapshot can be found before any
 * is loaded; false (r's err set) when they do not fit. Proves nothing else: kz_ix_load checks. */
bool kz_ix_skip(kz_sr *r);

#endif
