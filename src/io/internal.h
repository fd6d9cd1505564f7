/* internal.h — shared state of the table readers (src/io only; not a public interface).
 *
 * Ownership: a kz_io lives on kz_table_read_mem_ex()'s stack and borrows everything it points
 * to. The helpers below allocate nothing that outlives a call, except kz_io_header() which
 * copies nothing (names stay the caller's). */
#ifndef KZ_IO_INTERNAL_H
#define KZ_IO_INTERNAL_H
#include "table.h"
#include <stdarg.h>

typedef struct kz_io {
    kz_table_limits lim; /* resolved: no zeros */
    kz_table_cb cb;
    int (*header)(void *ctx, const char *const *names, int n);
    void (*progress)(void *ctx, uint64_t done, uint64_t total);
    void *ctx;
    kz_table_error *err; /* never NULL */
    long rows;           /* data rows passed to cb */
    uint64_t progress_last;
} kz_io;

/* Fills io->err and returns code. column may be NULL. */
int kz_io_fail(kz_io *io, int code, int row, const char *column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Passes a data row to the callback (checking the row limit) and drops the reference.
 * KZ_TABLE_OK, KZ_TABLE_STOPPED or KZ_TABLE_E_LIMIT. */
int kz_io_emit(kz_io *io, int row, json_t *obj);
/* Checks header names (already trimmed; none NULL) — empty, duplicate, too many — and calls
 * the header callback. letters: name columns as A, B, … (XLSX, first column index first_col)
 * rather than by position. */
int kz_io_header(kz_io *io, int row, const char *const *names, int n, int first_col, bool letters);
/* Reports progress when at least a MiB passed since the last report, or when done == total. */
void kz_io_progress(kz_io *io, uint64_t done, uint64_t total);
/* Copies at most cap-1 bytes of s into out, cutting at a UTF-8 character boundary. */
void kz_io_copy_trunc(char *out, size_t cap, const char *s, size_t n);
/* "A".."XFD" for a 0-based column index. */
void kz_io_col_letters(int col, char out[8]);

/* Abort on out-of-memory, as the arena does: a half-read import is worse than a crash. */
void *kz_io_xmalloc(size_t n);
void *kz_io_xrealloc(void *p, size_t n);
char *kz_io_xstrndup(const char *s, size_t n);
json_t *kz_io_xstring(const char *s, size_t n); /* NULL when s is not valid UTF-8 */
json_t *kz_io_xobject(void);

/* A growable byte buffer. */
typedef struct kz_buf {
    char *p;
    size_t len, cap;
} kz_buf;
void kz_buf_add(kz_buf *b, const char *s, size_t n);
void kz_buf_free(kz_buf *b);

/* A zh-CN message for files that are plainly not text tables (xlsx, xls), or NULL. */
const char *kz_io_binary_kind(const char *buf, size_t n);

int kz_io_read_csv(kz_io *io, const char *buf, size_t n);
int kz_io_read_jsonl(kz_io *io, const char *buf, size_t n);
int kz_io_read_xlsx(kz_io *io, const char *buf, size_t n);

#endif
