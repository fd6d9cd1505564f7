/* table.c — entry points of the table readers, format names and the helpers the readers share.
 * See table.h and internal.h. */
#include "internal.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- allocation ---- */

static void oom(void)
{
    fputs("kezhuan: out of memory (table io)\n", stderr);
    abort();
}

void *kz_io_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) oom();
    return p;
}

void *kz_io_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) oom();
    return q;
}

char *kz_io_xstrndup(const char *s, size_t n)
{
    char *p = kz_io_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

json_t *kz_io_xstring(const char *s, size_t n)
{
    /* json_stringn() fails only on invalid UTF-8 or out of memory; tell them apart. */
    json_t *v = json_stringn(s, n);
    if (!v) {
        json_t *probe = json_stringn("", 0);
        if (!probe) oom();
        json_decref(probe);
    }
    return v;
}

json_t *kz_io_xobject(void)
{
    json_t *o = json_object();
    if (!o) oom();
    return o;
}

void kz_buf_add(kz_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->p = kz_io_xrealloc(b->p, cap);
        b->cap = cap;
    }
    if (n) memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void kz_buf_free(kz_buf *b)
{
    free(b->p);
    *b = (kz_buf){0};
}

/* ---- errors and shared checks ---- */

void kz_io_copy_trunc(char *out, size_t cap, const char *s, size_t n)
{
    if (!cap) return;
    size_t m = n < cap - 1 ? n : cap - 1;
    if (m < n)
        while (m > 0 && ((unsigned char)s[m] & 0xC0) == 0x80)
            m--;
    memcpy(out, s, m);
    out[m] = '\0';
}

void kz_io_col_letters(int col, char out[8])
{
    char tmp[8];
    int n = 0;
    for (unsigned c = (unsigned)col + 1; c > 0 && n < 7; c = (c - 1) / 26)
        tmp[n++] = (char)('A' + (c - 1) % 26);
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

int kz_io_fail(kz_io *io, int code, int row, const char *column, const char *fmt, ...)
{
    kz_table_error *e = io->err;
    e->row = row;
    e->column[0] = '\0';
    if (column) kz_io_copy_trunc(e->column, sizeof e->column, column, strlen(column));
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    if ((size_t)n >= sizeof msg) n = (int)sizeof msg - 1;
    kz_io_copy_trunc(e->message, sizeof e->message, msg, (size_t)n);
    return code;
}

/* A name short enough to quote inside a message. */
static const char *short_name(const char *s, char out[64])
{
    kz_io_copy_trunc(out, 64, s, strlen(s));
    return out;
}

int kz_io_emit(kz_io *io, int row, json_t *obj)
{
    if (io->rows >= io->lim.rows) {
        json_decref(obj);
        return kz_io_fail(io, KZ_TABLE_E_LIMIT, row, NULL, "第 %d 行：数据行数超过上限 %ld 行", row,
                          io->lim.rows);
    }
    io->rows++;
    int rc = io->cb ? io->cb(io->ctx, row, obj) : 0;
    json_decref(obj);
    return rc ? KZ_TABLE_STOPPED : KZ_TABLE_OK;
}

static void col_label(int i, int first_col, bool letters, char out[32])
{
    if (letters) {
        char l[8];
        kz_io_col_letters(first_col + i, l);
        snprintf(out, 32, "%s 列", l);
    } else {
        snprintf(out, 32, "第 %d 列", i + 1);
    }
}

int kz_io_header(kz_io *io, int row, const char *const *names, int n, int first_col, bool letters)
{
    char where[32], other[32], nm[64];
    if (n <= 0) return kz_io_fail(io, KZ_TABLE_E_HEADER, row, NULL, "文件没有表头：第一行应是列名");
    for (int i = 0; i < n; i++) {
        if (!names[i][0]) {
            col_label(i, first_col, letters, where);
            return kz_io_fail(io, KZ_TABLE_E_HEADER, row, NULL,
                              "第 %d 行（表头）%s为空：每一列都需要列名", row, where);
        }
    }
    if (n > io->lim.columns)
        return kz_io_fail(io, KZ_TABLE_E_LIMIT, row, NULL, "表头有 %d 列，超过上限 %d 列", n,
                          io->lim.columns);
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < i; j++) {
            if (strcmp(names[i], names[j]) == 0) {
                col_label(j, first_col, letters, other);
                col_label(i, first_col, letters, where);
                return kz_io_fail(io, KZ_TABLE_E_HEADER, row, names[i],
                                  "第 %d 行（表头）列名“%s”重复：%s和%s", row,
                                  short_name(names[i], nm), other, where);
            }
        }
    }
    if (io->header && io->header(io->ctx, names, n)) return KZ_TABLE_STOPPED;
    return KZ_TABLE_OK;
}

void kz_io_progress(kz_io *io, uint64_t done, uint64_t total)
{
    if (!io->progress) return;
    if (done > total) done = total;
    if (done == total || done - io->progress_last >= (1u << 20)) {
        io->progress_last = done;
        io->progress(io->ctx, done, total);
    }
}

/* ---- formats ---- */

kz_table_format kz_table_format_parse(const char *name)
{
    if (!name) return KZ_TABLE_AUTO;
    if (!strcasecmp(name, "csv") || !strcasecmp(name, "tsv") || !strcasecmp(name, "txt"))
        return KZ_TABLE_CSV;
    if (!strcasecmp(name, "jsonl") || !strcasecmp(name, "ndjson")) return KZ_TABLE_JSONL;
    if (!strcasecmp(name, "xlsx")) return KZ_TABLE_XLSX;
    return KZ_TABLE_AUTO;
}

kz_table_format kz_table_format_from_path(const char *path)
{
    if (!path) return KZ_TABLE_AUTO;
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash + 1 : path, '.');
    return dot ? kz_table_format_parse(dot + 1) : KZ_TABLE_AUTO;
}

const char *kz_table_format_name(kz_table_format fmt)
{
    switch (fmt) {
    case KZ_TABLE_CSV: return "csv";
    case KZ_TABLE_JSONL: return "jsonl";
    case KZ_TABLE_XLSX: return "xlsx";
    default: return "";
    }
}

const char *kz_table_format_ext(kz_table_format fmt)
{
    switch (fmt) {
    case KZ_TABLE_CSV: return ".csv";
    case KZ_TABLE_JSONL: return ".jsonl";
    case KZ_TABLE_XLSX: return ".xlsx";
    default: return "";
    }
}

const char *kz_table_format_mime(kz_table_format fmt)
{
    switch (fmt) {
    case KZ_TABLE_CSV: return "text/csv; charset=utf-8";
    case KZ_TABLE_JSONL: return "application/x-ndjson; charset=utf-8";
    case KZ_TABLE_XLSX: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    default: return "application/octet-stream";
    }
}

/* ---- reading ---- */

static void resolve_limits(kz_table_limits *out, const kz_table_limits *in)
{
    kz_table_limits d = {
        .file_bytes = KZ_TABLE_MAX_FILE_BYTES,
        .columns = KZ_TABLE_MAX_COLUMNS,
        .cell_bytes = KZ_TABLE_MAX_CELL_BYTES,
        .rows = KZ_TABLE_MAX_ROWS,
        .line_bytes = KZ_TABLE_MAX_LINE_BYTES,
        .xlsx_part_bytes = KZ_TABLE_MAX_XLSX_PART_BYTES,
        .xlsx_strings = KZ_TABLE_MAX_XLSX_STRINGS,
    };
    if (in) {
        if (in->file_bytes) d.file_bytes = in->file_bytes;
        if (in->columns > 0) d.columns = in->columns;
        if (in->cell_bytes) d.cell_bytes = in->cell_bytes;
        if (in->rows > 0) d.rows = in->rows;
        if (in->line_bytes) d.line_bytes = in->line_bytes;
        if (in->xlsx_part_bytes) d.xlsx_part_bytes = in->xlsx_part_bytes;
        if (in->xlsx_strings > 0) d.xlsx_strings = in->xlsx_strings;
    }
    *out = d;
}

static void init_io(kz_io *io, const kz_table_read_opts *opts, kz_table_cb cb, void *ctx,
                    kz_table_error *err)
{
    memset(err, 0, sizeof *err);
    *io = (kz_io){.cb = cb, .ctx = ctx, .err = err};
    resolve_limits(&io->lim, opts ? opts->limits : NULL);
    if (opts) {
        io->header = opts->header;
        io->progress = opts->progress;
    }
}

static int read_mem(kz_io *io, const char *buf, size_t n, kz_table_format fmt)
{
    if ((uint64_t)n > io->lim.file_bytes)
        return kz_io_fail(io, KZ_TABLE_E_LIMIT, 0, NULL, "文件大小超过上限 %llu MB",
                          (unsigned long long)(io->lim.file_bytes >> 20));
    switch (fmt) {
    case KZ_TABLE_CSV: return kz_io_read_csv(io, buf, n);
    case KZ_TABLE_JSONL: return kz_io_read_jsonl(io, buf, n);
    case KZ_TABLE_XLSX: return kz_io_read_xlsx(io, buf, n);
    default:
        return kz_io_fail(io, KZ_TABLE_E_FORMAT, 0, NULL,
                          "未指定文件格式：请使用 csv、jsonl 或 xlsx");
    }
}

int kz_table_read_mem_ex(const char *buf, size_t n, const kz_table_read_opts *opts, kz_table_cb cb,
                         void *ctx, kz_table_error *err)
{
    kz_table_error local;
    kz_io io;
    init_io(&io, opts, cb, ctx, err ? err : &local);
    if (!buf && n) return kz_io_fail(&io, KZ_TABLE_E_FORMAT, 0, NULL, "没有数据");
    return read_mem(&io, buf ? buf : "", n, opts ? opts->format : KZ_TABLE_AUTO);
}

int kz_table_read_mem(const char *buf, size_t n, kz_table_format fmt, kz_table_cb cb, void *ctx,
                      kz_table_error *err)
{
    kz_table_read_opts o = {.format = fmt};
    return kz_table_read_mem_ex(buf, n, &o, cb, ctx, err);
}

static int open_error(kz_io *io, const char *path, int e)
{
    char nm[64];
    short_name(path, nm);
    switch (e) {
    case ENOENT: return kz_io_fail(io, KZ_TABLE_E_IO, 0, NULL, "找不到文件：%s", nm);
    case EACCES:
    case EPERM: return kz_io_fail(io, KZ_TABLE_E_IO, 0, NULL, "没有权限读取文件：%s", nm);
    case EISDIR: return kz_io_fail(io, KZ_TABLE_E_IO, 0, NULL, "这是一个目录，不是文件：%s", nm);
    default:
        return kz_io_fail(io, KZ_TABLE_E_IO, 0, NULL, "无法读取文件：%s（%s）", nm, strerror(e));
    }
}

/* Reads all of fd into a malloc'd buffer, refusing more than limit bytes. */
static int slurp(kz_io *io, int fd, const char *path, char **out, size_t *outn)
{
    struct stat st;
    size_t cap = 1 << 16;
    if (fstat(fd, &st) == 0) {
        if (S_ISDIR(st.st_mode)) return open_error(io, path, EISDIR);
        if (S_ISREG(st.st_mode)) {
            if ((uint64_t)st.st_size > io->lim.file_bytes)
                return kz_io_fail(io, KZ_TABLE_E_LIMIT, 0, NULL, "文件大小超过上限 %llu MB",
                                  (unsigned long long)(io->lim.file_bytes >> 20));
            cap = (size_t)st.st_size + 1;
        }
    }
    char *buf = kz_io_xmalloc(cap);
    size_t n = 0;
    for (;;) {
        if (n == cap) {
            cap *= 2;
            buf = kz_io_xrealloc(buf, cap);
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            free(buf);
            return open_error(io, path, e);
        }
        if (r == 0) break;
        n += (size_t)r;
        if ((uint64_t)n > io->lim.file_bytes) {
            free(buf);
            return kz_io_fail(io, KZ_TABLE_E_LIMIT, 0, NULL, "文件大小超过上限 %llu MB",
                              (unsigned long long)(io->lim.file_bytes >> 20));
        }
    }
    *out = buf;
    *outn = n;
    return KZ_TABLE_OK;
}

int kz_table_read_ex(const char *path, const kz_table_read_opts *opts, kz_table_cb cb, void *ctx,
                     kz_table_error *err)
{
    kz_table_error local;
    kz_io io;
    init_io(&io, opts, cb, ctx, err ? err : &local);
    if (!path || !*path) return kz_io_fail(&io, KZ_TABLE_E_IO, 0, NULL, "没有指定文件");
    bool is_stdin = strcmp(path, "-") == 0;
    kz_table_format fmt = opts ? opts->format : KZ_TABLE_AUTO;
    if (fmt == KZ_TABLE_AUTO && !is_stdin) fmt = kz_table_format_from_path(path);
    if (fmt == KZ_TABLE_AUTO)
        return kz_io_fail(&io, KZ_TABLE_E_FORMAT, 0, NULL,
                          "无法从文件名判断格式：请使用 .csv、.jsonl 或 .xlsx 文件，或指定格式");
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return open_error(&io, path, errno);
    char *buf = NULL;
    size_t n = 0;
    int rc = slurp(&io, fd, path, &buf, &n);
    if (!is_stdin) close(fd);
    if (rc != KZ_TABLE_OK) return rc;
    rc = read_mem(&io, buf, n, fmt);
    free(buf);
    return rc;
}

int kz_table_read(const char *path, kz_table_format fmt, kz_table_cb cb, void *ctx,
                  kz_table_error *err)
{
    kz_table_read_opts o = {.format = fmt};
    return kz_table_read_ex(path, &o, cb, ctx, err);
}
