/* fuzz_common.h — helpers shared by the table-reader fuzz targets (libFuzzer).
 *
 * Each target reads the input with small limits (so limit paths are reached with small
 * inputs), checks the invariants every result must keep, and for CSV and JSONL writes what it
 * read back out through kz_table_writer and reads it again: the rows must come back equal.
 * Any broken invariant abort()s, which libFuzzer reports as a crash. Nothing is kept between
 * inputs: everything allocated is freed before the target returns. */
#ifndef KZ_FUZZ_COMMON_H
#define KZ_FUZZ_COMMON_H
#include "core/validate.h"
#include "io/table.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const kz_table_limits fuzz_limits = {
    .columns = 16, .cell_bytes = 512, .rows = 256, .line_bytes = 4096, .xlsx_part_bytes = 1 << 22};

typedef struct fuzz_rows {
    json_t *rows;   /* the objects read, in order */
    json_t *header; /* names from the header callback, or NULL */
} fuzz_rows;

#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);           \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static inline int fuzz_row(void *ctx, int row, json_t *obj)
{
    fuzz_rows *r = ctx;
    FUZZ_CHECK(row >= 1);
    FUZZ_CHECK(json_is_object(obj));
    json_array_append(r->rows, obj);
    return 0;
}

static inline int fuzz_header(void *ctx, const char *const *names, int n)
{
    fuzz_rows *r = ctx;
    FUZZ_CHECK(n >= 1 && n <= fuzz_limits.columns && !r->header);
    r->header = json_array();
    for (int i = 0; i < n; i++) {
        FUZZ_CHECK(names[i][0] != '\0');
        json_array_append_new(r->header, json_string(names[i]));
    }
    return 0;
}

/* Every status is one of the documented ones, and errors come with a well-formed message. */
static inline void fuzz_check_status(int rc, const kz_table_error *e)
{
    FUZZ_CHECK(rc >= KZ_TABLE_E_LIMIT && rc <= KZ_TABLE_OK);
    FUZZ_CHECK(e->row >= 0);
    FUZZ_CHECK(memchr(e->column, '\0', sizeof e->column) != NULL);
    FUZZ_CHECK(memchr(e->message, '\0', sizeof e->message) != NULL);
    FUZZ_CHECK(kz_utf8_valid(e->column, strlen(e->column)));
    FUZZ_CHECK(kz_utf8_valid(e->message, strlen(e->message)));
    if (rc < 0) FUZZ_CHECK(e->message[0] != '\0');
}

/* Writes rows with the given columns in fmt, reads them back and compares. */
static inline void fuzz_round_trip(kz_table_format fmt, const json_t *header, const json_t *rows)
{
    int ncols = header ? (int)json_array_size(header) : 0;
    const char *cols[KZ_TABLE_MAX_COLUMNS];
    for (int i = 0; i < ncols; i++)
        cols[i] = json_string_value(json_array_get(header, (size_t)i));
    kz_table_write_opts wo = {0};
    kz_table_error e;
    char *data = NULL;
    size_t len = 0;
    int rc = kz_table_write_buffer(fmt, cols, ncols, rows, &wo, &data, &len, &e);
    if (rc != KZ_TABLE_OK) {
        fprintf(stderr, "write failed: %d %s\n", rc, e.message);
        abort();
    }
    fuzz_rows again = {.rows = json_array()};
    kz_table_limits lim = fuzz_limits;
    lim.line_bytes = 0; /* written lines may be longer than read ones (1e5 -> 100000.0) */
    kz_table_read_opts o = {.format = fmt, .limits = &lim};
    rc = kz_table_read_mem_ex(data, len, &o, fuzz_row, &again, &e);
    if (rc != KZ_TABLE_OK || !json_equal(again.rows, rows)) {
        char *a = json_dumps(rows, JSON_COMPACT), *b = json_dumps(again.rows, JSON_COMPACT);
        fprintf(stderr, "round trip differs (rc %d %s)\nread:  %s\nagain: %s\nwritten: %.*s\n", rc,
                e.message, a ? a : "?", b ? b : "?", (int)len, data);
        abort();
    }
    json_decref(again.rows);
    free(data);
}

#endif
