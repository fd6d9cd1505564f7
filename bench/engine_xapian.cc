// bench/engine_xapian.cc — the Xapian 1.4 peer: CJK n-gram terms (TermGenerator::FLAG_CJK_NGRAM:
// every CJK character and every pair of adjacent CJK characters; Latin words lower-cased),
// ranked with the default BM25Weight.
//
// Index: a Glass database in the scratch directory, written by one WritableDatabase and committed
// once in finish(), then reopened read-only for searching. Terms:
//   - title: unprefixed, wdf increment XAPIAN_W_TITLE (the title weight);
//   - body:  unprefixed (wdf 1) and again with prefix "XB", so a body-only search works;
// so an unprefixed query searches title + body and an "XB" query the body alone. No positions
// are stored (index_text_without_positions): no query here is a phrase query. No stemming.
// Xapian flushes its in-memory postings every XAPIAN_FLUSH_THRESHOLD documents (set to
// BENCH_XAPIAN_FLUSH, default 1000, unless the environment sets it).
//
// Queries:
//   xapian — the query text goes through the same TermGenerator (with the field's
//        prefix) and all its terms are OR-ed, each with its within-query frequency. This is the
//        quality peer: see bench/README.md.
//   xapian-qp (same index) — Xapian's QueryParser with FLAG_CJK_NGRAM (plus the default flags) and
//   default op OR.
//        In 1.4 the parser turns an unbroken CJK run into an AND of its n-grams, so a sentence
//        (a demand, a title) must match every one of its characters and bigrams.
#include "bench.h"

#include <dirent.h>
#include <unistd.h>
#include <xapian.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#ifndef XAPIAN_W_TITLE
#define XAPIAN_W_TITLE 2
#endif

namespace
{

const char BODY_PREFIX[] = "XB";

struct XapianEngine {
    std::string path;
    std::unique_ptr<Xapian::WritableDatabase> wdb;
    std::unique_ptr<Xapian::Database> db;
    std::unique_ptr<Xapian::Enquire> enquire;
    Xapian::TermGenerator tg;
    Xapian::QueryParser qp;
    bool use_qp = false;
    unsigned fallbacks = 0;       // queries QueryParser rejected (xapian-qp)
    std::vector<std::string> ids; // last search's ids (the hits point into them)
};

// Removes the database directory (flat: Glass keeps only files in it), so that the caller can
// delete the scratch directory.
void remove_db(const std::string &dir)
{
    DIR *d = opendir(dir.c_str());
    if (!d) return;
    while (struct dirent *ent = readdir(d)) {
        if (std::strcmp(ent->d_name, ".") == 0 || std::strcmp(ent->d_name, "..") == 0) continue;
        std::string f = dir + "/" + ent->d_name;
        if (unlink(f.c_str()) != 0) std::perror(f.c_str());
    }
    closedir(d);
    if (rmdir(dir.c_str()) != 0) std::perror(dir.c_str());
}

void *create(const char *dir, bool use_qp)
{
    try {
        auto e = std::make_unique<XapianEngine>();
        e->use_qp = use_qp;
        const char *flush = std::getenv("BENCH_XAPIAN_FLUSH");
        setenv("XAPIAN_FLUSH_THRESHOLD", flush && *flush ? flush : "1000", 0);
        e->path = std::string(dir) + "/xapian";
        remove_db(e->path);
        e->wdb =
            std::make_unique<Xapian::WritableDatabase>(e->path, Xapian::DB_CREATE_OR_OVERWRITE);
        e->tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
        return e.release();
    } catch (const Xapian::Error &err) {
        std::fprintf(stderr, "xapian: create %s: %s\n", dir, err.get_description().c_str());
    } catch (const std::exception &err) {
        std::fprintf(stderr, "xapian: create %s: %s\n", dir, err.what());
    }
    return nullptr;
}

void *xapian_create(const char *dir)
{
    return create(dir, false);
}

void *xapian_qp_create(const char *dir)
{
    return create(dir, true);
}

int xapian_add(void *p, const char *id, const char *title, size_t title_len, const char *body,
               size_t body_len)
{
    auto *e = static_cast<XapianEngine *>(p);
    try {
        Xapian::Document doc;
        e->tg.set_document(doc);
        e->tg.index_text_without_positions(std::string(title, title_len), XAPIAN_W_TITLE);
        std::string b(body, body_len);
        e->tg.index_text_without_positions(b);
        e->tg.index_text_without_positions(b, 1, BODY_PREFIX);
        doc.set_data(id);
        e->wdb->add_document(doc);
        return 0;
    } catch (const Xapian::Error &err) {
        std::fprintf(stderr, "xapian: add %s: %s\n", id, err.get_description().c_str());
    } catch (const std::exception &err) {
        std::fprintf(stderr, "xapian: add %s: %s\n", id, err.what());
    }
    return -1;
}

int xapian_finish(void *p)
{
    auto *e = static_cast<XapianEngine *>(p);
    try {
        e->wdb->commit();
        e->wdb->close();
        e->wdb.reset();
        e->db = std::make_unique<Xapian::Database>(e->path);
        e->enquire = std::make_unique<Xapian::Enquire>(*e->db);
        e->enquire->set_weighting_scheme(Xapian::BM25Weight());
        e->qp.set_database(*e->db);
        e->qp.set_default_op(Xapian::Query::OP_OR);
        std::fprintf(stderr, "xapian: on-disk database, %u documents\n", e->db->get_doccount());
        return 0;
    } catch (const Xapian::Error &err) {
        std::fprintf(stderr, "xapian: finish: %s\n", err.get_description().c_str());
    } catch (const std::exception &err) {
        std::fprintf(stderr, "xapian: finish: %s\n", err.what());
    }
    return -1;
}

Xapian::Query build_or_query(XapianEngine *e, const std::string &text, const char *prefix)
{
    Xapian::Document qdoc;
    e->tg.set_document(qdoc);
    e->tg.index_text_without_positions(text, 1, prefix);
    std::vector<Xapian::Query> subs;
    for (auto t = qdoc.termlist_begin(); t != qdoc.termlist_end(); ++t)
        subs.emplace_back(*t, t.get_wdf());
    return Xapian::Query(Xapian::Query::OP_OR, subs.begin(), subs.end());
}

// When QueryParser rejects a query: as Omega does, parse again without the operators of
// FLAG_DEFAULT; Xapian 1.4.22 still rejects some mixed text ("因子 α 超敏C" throws "parse error"
// whatever the flags, while each word alone parses), so the last resort parses each
// space-separated word alone and ORs them (the default op), skipping words it rejects.
Xapian::Query parse_fallback(XapianEngine *e, const std::string &text, const char *prefix)
{
    e->fallbacks++;
    try {
        return e->qp.parse_query(text, Xapian::QueryParser::FLAG_CJK_NGRAM, prefix);
    } catch (const Xapian::QueryParserError &) {
    }
    std::vector<Xapian::Query> subs;
    size_t i = 0;
    while (i < text.size()) {
        size_t j = text.find(' ', i);
        if (j == std::string::npos) j = text.size();
        if (j > i) {
            try {
                subs.push_back(e->qp.parse_query(text.substr(i, j - i),
                                                 Xapian::QueryParser::FLAG_CJK_NGRAM, prefix));
            } catch (const Xapian::QueryParserError &) {
            }
        }
        i = j + 1;
    }
    return Xapian::Query(Xapian::Query::OP_OR, subs.begin(), subs.end());
}

int xapian_search(void *p, const char *query, size_t query_len, int field, int k, bench_hit *out)
{
    auto *e = static_cast<XapianEngine *>(p);
    try {
        std::string text(query, query_len);
        const char *prefix = field == BENCH_FIELD_BODY ? BODY_PREFIX : "";
        Xapian::Query q;
        if (e->use_qp) {
            try {
                q = e->qp.parse_query(
                    text, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_CJK_NGRAM,
                    prefix);
            } catch (const Xapian::QueryParserError &) {
                q = parse_fallback(e, text, prefix);
            }
        } else
            q = build_or_query(e, text, prefix);
        e->enquire->set_query(q);
        Xapian::MSet mset = e->enquire->get_mset(0, static_cast<Xapian::doccount>(k));
        e->ids.clear();
        e->ids.reserve(mset.size());
        for (auto m = mset.begin(); m != mset.end(); ++m)
            e->ids.push_back(m.get_document().get_data());
        int n = 0;
        for (auto m = mset.begin(); m != mset.end(); ++m, ++n) {
            out[n].id = e->ids[static_cast<size_t>(n)].c_str();
            out[n].score = m.get_weight();
        }
        return n;
    } catch (const Xapian::Error &err) {
        std::fprintf(stderr, "xapian: search: %s\n", err.get_description().c_str());
    } catch (const std::exception &err) {
        std::fprintf(stderr, "xapian: search: %s\n", err.what());
    }
    return -1;
}

void xapian_destroy(void *p)
{
    auto *e = static_cast<XapianEngine *>(p);
    if (!e) return;
    if (e->fallbacks)
        std::fprintf(stderr,
                     "xapian-qp: %u queries rejected by QueryParser, parsed by the fallback\n",
                     e->fallbacks);
    try {
        e->enquire.reset();
        e->db.reset();
        e->wdb.reset();
    } catch (const Xapian::Error &err) {
        std::fprintf(stderr, "xapian: close: %s\n", err.get_description().c_str());
    }
    remove_db(e->path);
    delete e;
}

} // namespace

extern "C" const bench_engine bench_engine_xapian_qp = {
    "xapian-qp", xapian_qp_create, xapian_add, xapian_finish, xapian_search, xapian_destroy,
};

extern "C" const bench_engine bench_engine_xapian = {
    "xapian", xapian_create, xapian_add, xapian_finish, xapian_search, xapian_destroy,
};
