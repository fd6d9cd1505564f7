/* port.h — import and export of achievements, demands and organizations (CSV, JSONL, XLSX
 * through src/io/table.h). An import checks every row and writes nothing unless every row is
 * valid (unless skip_invalid): the rows are written in ONE transaction, each audited ("import"
 * by the operator), which is rolled back when a row is rejected or the file cannot be read to
 * its end. Exports read through the same visibility rules as the API. Threads: an import of
 * achievements, demands or a shared kind reads, converts and checks the rows on a thread of its
 * own while the caller's thread looks up their owner orgs and writes them (and joins it before
 * it returns); the caller's connection is used only by the caller's thread.
 * Ownership: reports are written to the caller's FILE* (a bulk import's when it returns);
 * json_t results are new. */
#ifndef KZ_PORT_H
#define KZ_PORT_H
#include "../core/errors.h"
#include "../db/db.h"
#include "../io/table.h"
#include "actor.h"
#include "record.h"
#include <jansson.h>
#include <stdio.h>

typedef enum { KZ_KIND_ACHIEVEMENT, KZ_KIND_DEMAND, KZ_KIND_ORG, KZ_KIND__COUNT } kz_kind;

/* "achievements" | "demands" | "orgs" (singular accepted) → kind; KZ_KIND__COUNT otherwise. */
kz_kind kz_kind_parse(const char *name);

typedef struct kz_import_opts {
    bool dry_run, skip_invalid;
    FILE *report; /* one line per rejected row (row, column, reason); NULL: none */
    void (*progress)(void *ctx, uint64_t done, uint64_t total);
    void *progress_ctx;
} kz_import_opts;

typedef struct kz_import_result {
    long rows, valid, rejected, imported;
    int file_status; /* kz_table_status of reading the file */
    kz_table_error file_error;
} kz_import_result;

/* Returns KZ_OK when the file was read and (unless dry_run) every valid row written. */
kz_err kz_import(db_conn *c, const kz_actor *a, kz_kind kind, const char *path,
                 const kz_import_opts *o, kz_import_result *res, kz_error *e);

/* The same for a kind kept in the shared table (engine.h): the columns are its fields (and
 * status), each cell converted by its field's type, the rows checked and written by the
 * engine's bulk import. */
struct kz_kind_desc;
kz_err kz_import_shared(db_conn *c, const kz_actor *a, const struct kz_kind_desc *k,
                        const char *path, const kz_import_opts *o, kz_import_result *res,
                        kz_error *e);
/* A shared kind by its name, its path or its name with an "s" ("finance_product",
 * "finance-products", "finance_products"); NULL when none. */
const struct kz_kind_desc *kz_shared_kind_parse(const char *name);

/* Converts one row as read from a file (string cells, or JSON values from JSONL) into the
 * API's input object for kind; bad cells go to e as field errors. Returns a new object. */
json_t *kz_import_row(kz_kind kind, const json_t *row, kz_error *e);

/* Writes every record the actor may see (filters from the query string arguments get(name),
 * as for the list endpoints; get may be NULL) to w. max: row limit (0: none). Returns rows. */
kz_err kz_export(db_conn *c, const kz_actor *a, kz_kind kind, kz_arg_fn get, void *get_ctx,
                 kz_table_writer *w, long max, long *rows, kz_error *e);
/* The export columns of kind (NULL-terminated) and their count. */
const char *const *kz_export_columns(kz_kind kind, int *n);

#endif
