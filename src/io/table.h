/* table.h — reading and writing tables (CSV, JSONL, XLSX) for import and export.
 *
 * Reading streams rows to a callback, one JSON object per data row:
 *   - CSV and XLSX: the first non-blank row is the header; each data row becomes an object
 *     header name -> string. EMPTY CELLS ARE OMITTED (never ""), so a key is present only when
 *     the cell has text; a row whose cells are all empty is skipped (its number is still
 *     counted). Row numbers are what a user sees in Excel: the header is row 1 and the first
 *     data row row 2; a CSV record with a newline inside quotes is one row. Header names are
 *     trimmed of surrounding spaces and tabs; cells are passed as written (nothing trimmed).
 *   - JSONL: each non-blank line must be one JSON object and is passed as parsed (any JSON
 *     values); row numbers are line numbers; blank lines are skipped.
 * Problems with the file itself (missing, encoding, syntax, header, shape, limits) end the read
 * with a negative kz_table_status and a kz_table_error; checking values (types, codes) is the
 * caller's business. Rows before the problem have already been passed to the callback, so an
 * importer should stage them (a transaction) and commit only on KZ_TABLE_OK.
 * Memory: a file is read whole (at most file_bytes; GBK/UTF-16 text is converted to a second
 * buffer); XLSX sheets are streamed, with the shared strings kept in memory.
 *
 * CSV details: RFC 4180 quoting ("" inside quotes, newlines inside quotes), records end with
 * LF, CRLF or CR, the last newline is optional. Nothing inside quotes is changed. A quote in the
 * middle of an unquoted field is taken literally; text after a closing quote is an error. The
 * delimiter is ',' unless the header line has tabs and no commas (Excel "Unicode text" / TSV).
 * Encodings: UTF-8 with or without BOM; otherwise GB18030 (which covers GBK, as Excel writes
 * CSV in China); UTF-16LE/BE with BOM. NUL bytes are an encoding error.
 *
 * XLSX details: the first sheet of the workbook; shared strings (including rich-text runs,
 * without phonetic runs), inline strings, formula results (cached values), booleans as
 * "TRUE"/"FALSE", numbers as written in the file except that an exponent form of an integer
 * ("1.2E+6") becomes plain digits ("1200000"). _xHHHH_ escapes are decoded. Dates are not
 * converted (serial numbers stay numbers).
 *
 * Writing: a kz_table_writer writes a header row and then rows of values to a path, a FILE*
 * or memory. CSV: UTF-8 with BOM, CRLF, fields quoted when they hold a comma, quote, tab, CR or LF
 * (or start/end with a space). JSONL: one compact object per line, keys in column order.
 * XLSX: bold frozen header row, strings as text, integers (|n| < 10^15) and reals as numbers,
 * booleans as booleans, column widths from the content.
 *
 * Ownership: kz_table_read*() own everything they allocate; the row passed to the callback is
 * BORROWED (valid until the callback returns; json_incref() it to keep it). A writer is owned by
 * the caller from a successful open until kz_table_writer_close/close_mem/discard, each of which
 * frees it (whatever they return). Memory from kz_table_writer_close_mem() is malloc'd and freed
 * by the caller with free(). A FILE* given to kz_table_writer_open_stream() stays the caller's
 * (flushed, never closed). All messages are zh-CN. Nothing here keeps global state; readers and
 * writers may be used from several threads at once. */
#ifndef KZ_TABLE_H
#define KZ_TABLE_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Limits (defaults of kz_table_limits). */
#define KZ_TABLE_MAX_FILE_BYTES      (200ull * 1024 * 1024) /* input file size */
#define KZ_TABLE_MAX_COLUMNS         200                    /* header columns / JSONL keys */
#define KZ_TABLE_MAX_CELL_BYTES      (64 * 1024)            /* one value (UTF-8 bytes) */
#define KZ_TABLE_MAX_ROWS            2000000L               /* data rows (blank rows not counted) */
#define KZ_TABLE_MAX_LINE_BYTES      (16 * 1024 * 1024)     /* one JSONL line */
#define KZ_TABLE_MAX_XLSX_PART_BYTES (1024ull * 1024 * 1024) /* uncompressed bytes of one part */
#define KZ_TABLE_MAX_XLSX_STRINGS    (16 * 1024 * 1024)      /* shared strings in a workbook */
#define KZ_TABLE_XLSX_MAX_SHEET_ROWS 1048576 /* Excel's own row limit (header included) */
#define KZ_TABLE_XLSX_MAX_STRING     32767   /* Excel's own limit on characters in a cell */

typedef enum kz_table_format {
    KZ_TABLE_AUTO = 0, /* by file extension: .csv .tsv .txt / .jsonl .ndjson / .xlsx */
    KZ_TABLE_CSV,
    KZ_TABLE_JSONL,
    KZ_TABLE_XLSX,
} kz_table_format;

typedef enum kz_table_status {
    KZ_TABLE_OK = 0,
    KZ_TABLE_STOPPED = 1,     /* a callback returned non-zero; err is left clear */
    KZ_TABLE_E_IO = -1,       /* the file cannot be opened, read or written */
    KZ_TABLE_E_FORMAT = -2,   /* unknown format (extension), or a bad argument */
    KZ_TABLE_E_ENCODING = -3, /* not UTF-8/GB18030/UTF-16 text; invalid UTF-8 in JSONL; NUL */
    KZ_TABLE_E_SYNTAX = -4,   /* bad CSV quoting, a JSONL line not a JSON object, corrupt xlsx */
    KZ_TABLE_E_HEADER = -5,   /* no header, an empty header cell, duplicate header names */
    KZ_TABLE_E_SHAPE = -6,    /* a row with text in a column the header does not have */
    KZ_TABLE_E_LIMIT = -7,    /* a kz_table_limits value (or an Excel limit) exceeded */
} kz_table_status;

/* Where and what went wrong. row: the row (line for JSONL) as in the callback, 0 when the
 * problem is not in one row; column: the header name (or JSONL key) concerned, "" when none;
 * both are cut to fit at a character boundary. Cleared at the start of every call. */
typedef struct kz_table_error {
    int row;
    char column[64];
    char message[256]; /* zh-CN, complete sentence, names the row when there is one */
} kz_table_error;

/* Called for each data row; non-zero stops the read (KZ_TABLE_STOPPED). row is borrowed.
 * The readers accept a NULL callback: the file is then only checked. */
typedef int (*kz_table_cb)(void *ctx, int row_number, json_t *row);

/* 0 in a field means the default above. */
typedef struct kz_table_limits {
    uint64_t file_bytes;
    int columns;
    size_t cell_bytes;
    long rows;
    size_t line_bytes;
    uint64_t xlsx_part_bytes;
    long xlsx_strings;
} kz_table_limits;

typedef struct kz_table_read_opts {
    kz_table_format format;
    /* CSV/XLSX: called once with the header names (trimmed, in column order) before the first
     * row; non-zero stops the read. Optional. */
    int (*header)(void *ctx, const char *const *names, int n);
    /* Called now and then (about every MiB and once at the end) with bytes processed so far
     * and the total; the ratio is what a progress bar needs (for XLSX the bytes are those of
     * the uncompressed sheet). Optional; gets the same ctx as the row callback. */
    void (*progress)(void *ctx, uint64_t done, uint64_t total);
    const kz_table_limits *limits; /* NULL: defaults */
} kz_table_read_opts;

/* Reads a file ("-" is standard input, which needs an explicit format). Returns a
 * kz_table_status; err may be NULL. */
int kz_table_read(const char *path, kz_table_format fmt, kz_table_cb cb, void *ctx,
                  kz_table_error *err);
int kz_table_read_ex(const char *path, const kz_table_read_opts *opts, kz_table_cb cb, void *ctx,
                     kz_table_error *err);
/* Reads from memory (buf is not modified, need not be NUL-terminated); fmt must not be AUTO. */
int kz_table_read_mem(const char *buf, size_t n, kz_table_format fmt, kz_table_cb cb, void *ctx,
                      kz_table_error *err);
int kz_table_read_mem_ex(const char *buf, size_t n, const kz_table_read_opts *opts, kz_table_cb cb,
                         void *ctx, kz_table_error *err);

/* Formats: "csv"/"jsonl"/"xlsx" (also "ndjson", "tsv"; any case) -> format, AUTO when unknown;
 * by a path's extension, AUTO when unknown. */
kz_table_format kz_table_format_parse(const char *name);
kz_table_format kz_table_format_from_path(const char *path);
const char *kz_table_format_name(kz_table_format fmt); /* "csv"; "" for AUTO */
const char *kz_table_format_ext(kz_table_format fmt);  /* ".csv" */
/* Content-Type for HTTP: "text/csv; charset=utf-8", "application/x-ndjson; charset=utf-8",
 * "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet". */
const char *kz_table_format_mime(kz_table_format fmt);

/* The one CSV cell escaper (CSV injection guard), used by every CSV this program writes — the
 * API export and the CLI export alike — and undone by the CSV reader, so an export imports back
 * exactly. A text cell that Excel/WPS would run as a formula or split oddly — its first
 * character after any leading apostrophes is = + - @ TAB or CR, it has two or more characters,
 * and it is not a plain number such as -5 or +3.5 — is written with one more leading
 * apostrophe ('=HYPERLINK(…) stays text). The reader drops that one apostrophe from a cell for
 * which the rule holds. Looking past the apostrophes makes the two exact inverses: "'=x" is
 * written "''=x" and read back "'=x". Numbers (JSON numbers) are never guarded.
 * needs_guard: whether s[0..n) gets the apostrophe. unguard: how many leading bytes of a read
 * cell to drop (0 or 1). */
bool kz_csv_cell_needs_guard(const char *s, size_t n);
size_t kz_csv_cell_unguard(const char *s, size_t n);

typedef struct kz_table_writer kz_table_writer;

typedef struct kz_table_write_opts {
    /* Header text per column (e.g. zh-CN labels for field-name columns); NULL: the column
     * names. Not used by JSONL, whose keys are the column names. */
    const char *const *labels;
    const char *sheet_name; /* XLSX; NULL: "Sheet1" */
    const char *tmpdir;     /* XLSX scratch files; NULL: $TMPDIR or /tmp */
} kz_table_write_opts;

/* Opens a writer and writes the header. columns[0..ncols) are the keys taken from each row, in
 * output order (copied; 1..KZ_TABLE_MAX_COLUMNS of them). For JSONL ncols may be 0: each row
 * is written whole, in its own key order. opts may be NULL.
 * - open: to a file (fmt AUTO: by extension). Output goes to PATH.XXXXXXXX.tmp next to it,
 *   renamed over PATH by a successful close; discard or a failure removes the temporary file and
 *   leaves an existing PATH untouched. The file gets the usual 0666 & ~umask permissions.
 * - open_stream: to f (e.g. stdout); XLSX is assembled in a temporary file and copied to f on
 *   close.
 * - open_mem: into memory, collected with kz_table_writer_close_mem(). For XLSX the data goes
 *   through a temporary file. For very large exports over HTTP prefer open() on a temporary
 *   path and serve the file (MHD_create_response_from_fd).
 * Return a kz_table_status; *out is NULL on failure. */
int kz_table_writer_open(kz_table_writer **out, const char *path, kz_table_format fmt,
                         const char *const *columns, int ncols, const kz_table_write_opts *opts,
                         kz_table_error *err);
int kz_table_writer_open_stream(kz_table_writer **out, FILE *f, kz_table_format fmt,
                                const char *const *columns, int ncols,
                                const kz_table_write_opts *opts, kz_table_error *err);
int kz_table_writer_open_mem(kz_table_writer **out, kz_table_format fmt, const char *const *columns,
                             int ncols, const kz_table_write_opts *opts, kz_table_error *err);

/* Writes one row (an object; keys not among the columns are ignored, missing keys and null
 * give empty cells — in JSONL a missing key is left out and null written as null). Values:
 * strings, integers, reals, booleans, null; objects and arrays are written as compact JSON
 * text in CSV/XLSX. After an error the writer refuses further rows; close or discard it. */
int kz_table_writer_write_row(kz_table_writer *w, const json_t *row, kz_table_error *err);
/* Data rows written so far. */
long kz_table_writer_rows(const kz_table_writer *w);

/* Finishes the file (XLSX is assembled here) and frees w. For open() and open_stream(). */
int kz_table_writer_close(kz_table_writer *w, kz_table_error *err);
/* Finishes a writer from open_mem() and frees it: *data (malloc'd, caller frees) and *len
 * receive the file's bytes; NULL and 0 on failure. */
int kz_table_writer_close_mem(kz_table_writer *w, char **data, size_t *len, kz_table_error *err);
/* Abandons the output and frees w: a file from open() is removed; a stream gets nothing more.
 * NULL is ignored. */
void kz_table_writer_discard(kz_table_writer *w);

/* Writes a whole table into memory: rows is an array of objects. Shorthand for open_mem,
 * write_row for each, close_mem. */
int kz_table_write_buffer(kz_table_format fmt, const char *const *columns, int ncols,
                          const json_t *rows, const kz_table_write_opts *opts, char **data,
                          size_t *len, kz_table_error *err);

#endif
