/* writer.c — kz_table_writer: CSV, JSONL and XLSX output to a path, a FILE* or memory.
 * See table.h. The writer owns its copies of the column names, its FILE* (except a caller's
 * stream), the libxlsxwriter workbook and any temporary file, all released by close/discard. */
#include "internal.h"
#include "../core/validate.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

enum sink { SINK_PATH, SINK_STREAM, SINK_MEM };

struct kz_table_writer {
    kz_table_format fmt;
    enum sink sink;
    FILE *f;      /* CSV/JSONL output; for SINK_STREAM the caller's */
    FILE *stream; /* SINK_STREAM: the caller's stream */
    char *path;   /* SINK_PATH: the output file, replaced on a successful close */
    char *tmp;    /* our temporary file: SINK_PATH's output until the rename, XLSX's workbook */
    char *mem;    /* SINK_MEM, CSV/JSONL: open_memstream buffer */
    size_t memlen;
    char **cols;
    int ncols;
    long rows;
    int failed; /* a kz_table_status once a write failed */
    /* XLSX */
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *bold;
    double *width;
};

static int wfail(kz_table_error *err, int code, int row, const char *column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int wfail(kz_table_error *err, int code, int row, const char *column, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    if ((size_t)n >= sizeof msg) n = (int)sizeof msg - 1;
    err->row = row;
    err->column[0] = '\0';
    if (column) kz_io_copy_trunc(err->column, sizeof err->column, column, strlen(column));
    kz_io_copy_trunc(err->message, sizeof err->message, msg, (size_t)n);
    return code;
}

static void free_writer(kz_table_writer *w)
{
    for (int i = 0; i < w->ncols; i++)
        free(w->cols[i]);
    free(w->cols);
    free(w->path);
    free(w->tmp);
    free(w->width);
    free(w);
}

/* ---- values as text ---- */

/* Shortest text that reads back as the same double. */
static void real_text(double d, char out[40])
{
    snprintf(out, 40, "%.15g", d);
    if (strtod(out, NULL) != d) snprintf(out, 40, "%.17g", d);
}

/* The text of a scalar for CSV/XLSX; *heap is set when the text had to be allocated. */
static const char *value_text(const json_t *v, char num[40], char **heap)
{
    *heap = NULL;
    switch (v ? json_typeof(v) : JSON_NULL) {
    case JSON_STRING: return json_string_value(v);
    case JSON_INTEGER:
        snprintf(num, 40, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return num;
    case JSON_REAL: real_text(json_real_value(v), num); return num;
    case JSON_TRUE: return "TRUE";
    case JSON_FALSE: return "FALSE";
    case JSON_OBJECT:
    case JSON_ARRAY:
        *heap = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        if (!*heap) return "";
        return *heap;
    default: return "";
    }
}

/* Display width of the widest line: CJK and other wide characters count two. */
static double display_width(const char *s)
{
    double w = 0, best = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p == '\n') {
            if (w > best) best = w;
            w = 0;
            p++;
            continue;
        }
        unsigned cp;
        int len;
        if (*p < 0x80)
            cp = *p, len = 1;
        else if (*p < 0xE0)
            cp = *p & 0x1F, len = 2;
        else if (*p < 0xF0)
            cp = *p & 0x0F, len = 3;
        else
            cp = *p & 0x07, len = 4;
        for (int i = 1; i < len && p[i]; i++)
            cp = cp << 6 | (p[i] & 0x3F);
        for (int i = 0; i < len && *p; i++)
            p++;
        w += cp >= 0x1100 ? 2 : 1;
    }
    return w > best ? w : best;
}

/* ---- CSV ---- */

static bool plain_number(const char *s, size_t n)
{
    const char *end = s + n;
    if (s < end && (*s == '+' || *s == '-')) s++;
    bool digits = false, dot = false;
    for (; s < end; s++) {
        if (*s >= '0' && *s <= '9')
            digits = true;
        else if (*s == '.' && !dot)
            dot = true;
        else
            return false;
    }
    return digits;
}

bool kz_csv_cell_needs_guard(const char *s, size_t n)
{
    while (n && *s == '\'') /* the rule looks past apostrophes, so guard/unguard is a bijection */
        s++, n--;
    return n > 1 && memchr("=+-@\t\r", s[0], 6) && !plain_number(s, n);
}

size_t kz_csv_cell_unguard(const char *s, size_t n)
{
    return n > 1 && s[0] == '\'' && kz_csv_cell_needs_guard(s + 1, n - 1) ? 1 : 0;
}

static void csv_field(FILE *f, const char *s, bool guard)
{
    size_t n = strlen(s);
    bool prefix = guard && kz_csv_cell_needs_guard(s, n);
    /* Tabs too: a header line with tabs and no commas would read back as tab-separated. */
    bool quote = strpbrk(s, ",\"\r\n\t") || (n && (s[0] == ' ' || s[n - 1] == ' '));
    if (!quote) {
        if (prefix) fputc('\'', f);
        fwrite(s, 1, n, f);
        return;
    }
    fputc('"', f);
    if (prefix) fputc('\'', f);
    for (const char *q; (q = strchr(s, '"')); s = q + 1) {
        fwrite(s, 1, (size_t)(q - s) + 1, f);
        fputc('"', f);
    }
    fputs(s, f);
    fputc('"', f);
}

static void csv_row(kz_table_writer *w, const json_t *row, const char *const *labels)
{
    for (int c = 0; c < w->ncols; c++) {
        if (c) fputc(',', w->f);
        if (labels) {
            csv_field(w->f, labels[c], false);
            continue;
        }
        char num[40], *heap;
        const char *t = value_text(json_object_get(row, w->cols[c]), num, &heap);
        csv_field(w->f, t, json_is_string(json_object_get(row, w->cols[c])));
        free(heap);
    }
    fputs("\r\n", w->f);
}

/* ---- XLSX ---- */

/* true when p starts with an _xHHHH_ escape. */
static bool escape_at(const char *p)
{
    if (p[0] != '_' || p[1] != 'x') return false;
    for (int k = 2; k < 6; k++)
        if (!p[k] || !strchr("0123456789abcdefABCDEF", p[k])) return false;
    return p[6] == '_';
}

static bool looks_escaped(const char *s)
{
    for (const char *p = strstr(s, "_x"); p; p = strstr(p + 1, "_x"))
        if (escape_at(p)) return true;
    return false;
}

/* Excel reads _xHHHH_ in cell text as an escape; a literal one is written with its underscore
 * escaped as _x005F_ (as Excel does), so the reader gives back the original text. */
static char *escape_underscores(const char *s)
{
    char *out = kz_io_xmalloc(strlen(s) * 7 + 1), *o = out;
    for (const char *p = s; *p; p++) {
        if (escape_at(p)) {
            memcpy(o, "_x005F", 6);
            o += 6;
        }
        *o++ = *p;
    }
    *o = '\0';
    return out;
}

static int xlsx_error(kz_table_writer *w, kz_table_error *err, lxw_error e, int row, int col)
{
    const char *name = col >= 0 ? w->cols[col] : NULL;
    if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
        return wfail(err, KZ_TABLE_E_LIMIT, row, name,
                     "第 %d 行：单元格文字超过 Excel 的 %d 个字符上限，请改用 CSV 或 JSONL", row,
                     KZ_TABLE_XLSX_MAX_STRING);
    return wfail(err, KZ_TABLE_E_IO, row, name, "生成 xlsx 失败：%s", lxw_strerror(e));
}

static int xlsx_cell(kz_table_writer *w, lxw_row_t r, int c, const json_t *v, kz_table_error *err)
{
    lxw_error e = LXW_NO_ERROR;
    char num[40], *heap = NULL;
    const char *text = NULL;
    lxw_col_t col = (lxw_col_t)c;
    switch (v ? json_typeof(v) : JSON_NULL) {
    case JSON_NULL: return KZ_TABLE_OK;
    case JSON_INTEGER: {
        json_int_t i = json_integer_value(v);
        if (i > -1000000000000000LL && i < 1000000000000000LL) {
            e = worksheet_write_number(w->ws, r, col, (double)i, NULL);
            snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, i);
            text = num;
        } else {
            /* Excel keeps 15 significant digits: longer integers stay exact as text. */
            text = value_text(v, num, &heap);
            e = worksheet_write_string(w->ws, r, col, text, NULL);
        }
        break;
    }
    case JSON_REAL:
        e = worksheet_write_number(w->ws, r, col, json_real_value(v), NULL);
        real_text(json_real_value(v), num);
        text = num;
        break;
    case JSON_TRUE:
    case JSON_FALSE:
        e = worksheet_write_boolean(w->ws, r, col, json_is_true(v), NULL);
        text = "FALSE";
        break;
    default:
        text = value_text(v, num, &heap);
        if (!*text) break;
        if (looks_escaped(text)) {
            char *esc = escape_underscores(text);
            free(heap);
            heap = esc;
            e = worksheet_write_string(w->ws, r, col, esc, NULL);
        } else {
            e = worksheet_write_string(w->ws, r, col, text, NULL);
        }
        break;
    }
    double dw = text ? display_width(text) : 0;
    if (dw > w->width[c]) w->width[c] = dw;
    free(heap);
    return e ? xlsx_error(w, err, e, (int)r + 1, c) : KZ_TABLE_OK;
}

/* ---- open ---- */

static int check_columns(const char *const *columns, int ncols, kz_table_format fmt,
                         const kz_table_write_opts *opts, kz_table_error *err)
{
    int min = fmt == KZ_TABLE_JSONL ? 0 : 1;
    if (ncols < min || ncols > KZ_TABLE_MAX_COLUMNS || (ncols && !columns))
        return wfail(err, KZ_TABLE_E_FORMAT, 0, NULL, "列数应在 %d 到 %d 之间", min,
                     KZ_TABLE_MAX_COLUMNS);
    for (int i = 0; i < ncols; i++) {
        const char *label = opts && opts->labels ? opts->labels[i] : columns[i];
        if (!columns[i] || !label || !kz_utf8_valid(columns[i], strlen(columns[i])) ||
            !kz_utf8_valid(label, strlen(label)))
            return wfail(err, KZ_TABLE_E_FORMAT, 0, NULL, "第 %d 列的列名无效", i + 1);
    }
    return KZ_TABLE_OK;
}

/* Creates a new file named after base (base.XXXXXXXX.tmp), with the permissions a plain
 * fopen() would give; returns its descriptor and sets w->tmp, or -1 with err filled. */
static int make_tmp(kz_table_writer *w, const char *base, kz_table_error *err)
{
    size_t n = strlen(base) + 32;
    w->tmp = kz_io_xmalloc(n);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    unsigned seed = (unsigned)ts.tv_nsec ^ (unsigned)getpid() << 16 ^ (unsigned)(uintptr_t)w;
    for (int attempt = 0; attempt < 100; attempt++) {
        seed = seed * 1103515245u + 12345u;
        snprintf(w->tmp, n, "%s.%08x.tmp", base, seed);
        int fd = open(w->tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) return fd;
        if (errno != EEXIST) break;
    }
    int e = errno;
    free(w->tmp);
    w->tmp = NULL;
    wfail(err, KZ_TABLE_E_IO, 0, NULL, "无法写入文件：%s（%s）", base, strerror(e));
    return -1;
}

static int open_xlsx(kz_table_writer *w, const kz_table_write_opts *opts, kz_table_error *err)
{
    lxw_workbook_options o = {.constant_memory = LXW_TRUE,
                              .tmpdir = opts && opts->tmpdir ? (char *)opts->tmpdir : NULL};
    w->wb = workbook_new_opt(w->tmp, &o);
    if (!w->wb) return wfail(err, KZ_TABLE_E_IO, 0, NULL, "无法创建 xlsx 工作簿");
    const char *sheet = opts && opts->sheet_name ? opts->sheet_name : NULL;
    /* Checked first: workbook_add_worksheet() would also print a warning on stderr. */
    if (!sheet || workbook_validate_sheet_name(w->wb, sheet) == LXW_NO_ERROR)
        w->ws = workbook_add_worksheet(w->wb, sheet);
    if (!w->ws)
        return wfail(err, KZ_TABLE_E_FORMAT, 0, NULL,
                     "工作表名称无效（最多 31 个字符，不能含 [ ] : * ? / \\）");
    w->bold = workbook_add_format(w->wb);
    format_set_bold(w->bold);
    w->width = kz_io_xmalloc((size_t)w->ncols * sizeof *w->width);
    for (int c = 0; c < w->ncols; c++) {
        const char *label = opts && opts->labels ? opts->labels[c] : w->cols[c];
        lxw_error e = worksheet_write_string(w->ws, 0, (lxw_col_t)c, label, w->bold);
        if (e) return xlsx_error(w, err, e, 1, c);
        w->width[c] = display_width(label);
    }
    worksheet_freeze_panes(w->ws, 1, 0);
    return KZ_TABLE_OK;
}

static void drop_output(kz_table_writer *w)
{
    if (w->f && w->sink != SINK_STREAM) fclose(w->f);
    w->f = NULL;
    free(w->mem);
    w->mem = NULL;
    if (w->wb) lxw_workbook_free(w->wb);
    w->wb = NULL;
    if (w->tmp) unlink(w->tmp);
}

static int wopen(kz_table_writer **out, enum sink sink, const char *path, FILE *stream,
                 kz_table_format fmt, const char *const *columns, int ncols,
                 const kz_table_write_opts *opts, kz_table_error *err)
{
    kz_table_error local;
    if (!err) err = &local;
    memset(err, 0, sizeof *err);
    if (!out) return wfail(err, KZ_TABLE_E_FORMAT, 0, NULL, "参数无效");
    *out = NULL;
    if (fmt == KZ_TABLE_AUTO && sink == SINK_PATH) fmt = kz_table_format_from_path(path);
    if (fmt != KZ_TABLE_CSV && fmt != KZ_TABLE_JSONL && fmt != KZ_TABLE_XLSX)
        return wfail(err, KZ_TABLE_E_FORMAT, 0, NULL, "未指定导出格式：请使用 csv、jsonl 或 xlsx");
    if ((sink == SINK_PATH && (!path || !*path)) || (sink == SINK_STREAM && !stream))
        return wfail(err, KZ_TABLE_E_FORMAT, 0, NULL, "没有指定输出文件");
    int rc = check_columns(columns, ncols, fmt, opts, err);
    if (rc) return rc;

    kz_table_writer *w = kz_io_xmalloc(sizeof *w);
    *w = (kz_table_writer){.fmt = fmt, .sink = sink, .stream = stream, .ncols = ncols};
    w->cols = kz_io_xmalloc((size_t)(ncols ? ncols : 1) * sizeof *w->cols);
    for (int i = 0; i < ncols; i++)
        w->cols[i] = kz_io_xstrndup(columns[i], strlen(columns[i]));
    if (path) w->path = kz_io_xstrndup(path, strlen(path));

    /* Output goes to a temporary file: next to the target (renamed over it on close), or in
     * tmpdir for an XLSX stream or memory writer. */
    int fd = -1;
    if (sink == SINK_PATH) {
        fd = make_tmp(w, path, err);
        if (fd < 0) rc = KZ_TABLE_E_IO;
    } else if (fmt == KZ_TABLE_XLSX) {
        const char *dir = opts && opts->tmpdir ? opts->tmpdir : getenv("TMPDIR");
        char base[1024];
        snprintf(base, sizeof base, "%s/kz-table", dir && *dir ? dir : "/tmp");
        fd = make_tmp(w, base, err);
        if (fd < 0) rc = KZ_TABLE_E_IO;
    }
    if (!rc && fmt == KZ_TABLE_XLSX) {
        if (fd >= 0) close(fd);
        rc = open_xlsx(w, opts, err);
    } else if (!rc) {
        if (sink == SINK_PATH)
            w->f = fdopen(fd, "wb");
        else if (sink == SINK_STREAM)
            w->f = stream;
        else
            w->f = open_memstream(&w->mem, &w->memlen);
        if (!w->f) {
            if (fd >= 0) close(fd);
            rc = wfail(err, KZ_TABLE_E_IO, 0, NULL, "无法写入（%s）", strerror(errno));
        }
        if (!rc && fmt == KZ_TABLE_CSV) {
            fputs("\xEF\xBB\xBF", w->f);
            csv_row(w, NULL, opts && opts->labels ? opts->labels : (const char *const *)w->cols);
            if (ferror(w->f)) rc = wfail(err, KZ_TABLE_E_IO, 1, NULL, "写入失败");
        }
    }
    if (rc) {
        drop_output(w);
        free_writer(w);
        return rc;
    }
    *out = w;
    return KZ_TABLE_OK;
}

int kz_table_writer_open(kz_table_writer **out, const char *path, kz_table_format fmt,
                         const char *const *columns, int ncols, const kz_table_write_opts *opts,
                         kz_table_error *err)
{
    return wopen(out, SINK_PATH, path, NULL, fmt, columns, ncols, opts, err);
}

int kz_table_writer_open_stream(kz_table_writer **out, FILE *f, kz_table_format fmt,
                                const char *const *columns, int ncols,
                                const kz_table_write_opts *opts, kz_table_error *err)
{
    return wopen(out, SINK_STREAM, NULL, f, fmt, columns, ncols, opts, err);
}

int kz_table_writer_open_mem(kz_table_writer **out, kz_table_format fmt, const char *const *columns,
                             int ncols, const kz_table_write_opts *opts, kz_table_error *err)
{
    return wopen(out, SINK_MEM, NULL, NULL, fmt, columns, ncols, opts, err);
}

/* ---- rows ---- */

int kz_table_writer_write_row(kz_table_writer *w, const json_t *row, kz_table_error *err)
{
    kz_table_error local;
    if (!err) err = &local;
    memset(err, 0, sizeof *err);
    if (!w) return wfail(err, KZ_TABLE_E_FORMAT, 0, NULL, "参数无效");
    int rownum = w->rows + 2 > (long)INT32_MAX ? INT32_MAX : (int)(w->rows + 2);
    if (w->failed) return wfail(err, w->failed, rownum, NULL, "之前的写入已失败，不能继续写入");
    if (!json_is_object(row))
        return wfail(err, KZ_TABLE_E_FORMAT, rownum, NULL, "第 %d 行不是 JSON 对象", rownum);
    int rc = KZ_TABLE_OK;
    switch (w->fmt) {
    case KZ_TABLE_CSV: csv_row(w, row, NULL); break;
    case KZ_TABLE_JSONL: {
        json_t *obj = (json_t *)row;
        if (w->ncols) {
            obj = kz_io_xobject();
            for (int c = 0; c < w->ncols; c++) {
                json_t *v = json_object_get(row, w->cols[c]);
                if (v) json_object_set(obj, w->cols[c], v);
            }
        }
        if (json_dumpf(obj, w->f, JSON_COMPACT) != 0 && !ferror(w->f))
            rc = wfail(err, KZ_TABLE_E_FORMAT, rownum, NULL, "第 %d 行无法写成 JSON", rownum);
        fputc('\n', w->f);
        if (obj != row) json_decref(obj);
        break;
    }
    default:
        if (w->rows + 1 >= KZ_TABLE_XLSX_MAX_SHEET_ROWS) {
            rc = wfail(err, KZ_TABLE_E_LIMIT, rownum, NULL,
                       "xlsx 最多 %d 行数据（Excel 的上限），请改用 CSV 或 JSONL",
                       KZ_TABLE_XLSX_MAX_SHEET_ROWS - 1);
            break;
        }
        for (int c = 0; c < w->ncols && !rc; c++)
            rc = xlsx_cell(w, (lxw_row_t)(w->rows + 1), c, json_object_get(row, w->cols[c]), err);
        break;
    }
    if (!rc && w->f && ferror(w->f))
        rc = wfail(err, KZ_TABLE_E_IO, rownum, NULL, "写入失败（%s）", strerror(errno));
    if (rc) {
        w->failed = rc;
        return rc;
    }
    w->rows++;
    return KZ_TABLE_OK;
}

long kz_table_writer_rows(const kz_table_writer *w)
{
    return w ? w->rows : 0;
}

/* ---- close ---- */

static int read_whole(const char *path, char **data, size_t *len, kz_table_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) return wfail(err, KZ_TABLE_E_IO, 0, NULL, "无法读取临时文件（%s）", strerror(errno));
    size_t cap = 1 << 16, n = 0;
    char *buf = kz_io_xmalloc(cap);
    for (;;) {
        if (n == cap) buf = kz_io_xrealloc(buf, cap *= 2);
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0) break;
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return wfail(err, KZ_TABLE_E_IO, 0, NULL, "无法读取临时文件");
    }
    *data = buf;
    *len = n;
    return KZ_TABLE_OK;
}

static int copy_out(const char *path, FILE *out, kz_table_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) return wfail(err, KZ_TABLE_E_IO, 0, NULL, "无法读取临时文件（%s）", strerror(errno));
    char buf[1 << 15];
    size_t r;
    bool bad = false;
    while (!bad && (r = fread(buf, 1, sizeof buf, f)) > 0)
        bad = fwrite(buf, 1, r, out) != r;
    bad = bad || ferror(f) || fflush(out) != 0;
    int e = errno;
    fclose(f);
    return bad ? wfail(err, KZ_TABLE_E_IO, 0, NULL, "写入失败（%s）", strerror(e)) : KZ_TABLE_OK;
}

static int finish(kz_table_writer *w, char **data, size_t *len, kz_table_error *err)
{
    int rc = KZ_TABLE_OK;
    if (w->failed) {
        rc = wfail(err, w->failed, 0, NULL, "之前的写入已失败，输出已放弃");
        drop_output(w);
        free_writer(w);
        return rc;
    }
    if (w->fmt == KZ_TABLE_XLSX) {
        for (int c = 0; c < w->ncols; c++) {
            double cw = w->width[c] * 1.1 + 2;
            worksheet_set_column(w->ws, (lxw_col_t)c, (lxw_col_t)c,
                                 cw < 8    ? 8
                                 : cw > 60 ? 60
                                           : cw,
                                 NULL);
        }
        lxw_error e = workbook_close(w->wb);
        w->wb = NULL;
        if (e) rc = xlsx_error(w, err, e, 0, -1);
        if (!rc && w->sink == SINK_MEM) rc = read_whole(w->tmp, data, len, err);
        if (!rc && w->sink == SINK_STREAM) rc = copy_out(w->tmp, w->stream, err);
    } else if (w->sink == SINK_STREAM) {
        if (fflush(w->f) || ferror(w->f))
            rc = wfail(err, KZ_TABLE_E_IO, 0, NULL, "写入失败（%s）", strerror(errno));
    } else {
        bool bad = fflush(w->f) != 0 || ferror(w->f);
        bad |= fclose(w->f) != 0;
        w->f = NULL;
        if (bad) {
            rc = wfail(err, KZ_TABLE_E_IO, 0, NULL, "写入失败（%s）", strerror(errno));
            free(w->mem);
        } else if (w->sink == SINK_MEM) {
            *data = w->mem;
            *len = w->memlen;
        }
        w->mem = NULL;
    }
    if (!rc && w->sink == SINK_PATH && rename(w->tmp, w->path) != 0)
        rc = wfail(err, KZ_TABLE_E_IO, 0, NULL, "无法写入文件：%s（%s）", w->path, strerror(errno));
    else if (!rc && w->sink == SINK_PATH) {
        free(w->tmp); /* renamed: nothing to remove */
        w->tmp = NULL;
    }
    if (w->tmp) unlink(w->tmp);
    free_writer(w);
    return rc;
}

int kz_table_writer_close(kz_table_writer *w, kz_table_error *err)
{
    kz_table_error local;
    if (!err) err = &local;
    memset(err, 0, sizeof *err);
    if (!w) return wfail(err, KZ_TABLE_E_FORMAT, 0, NULL, "参数无效");
    if (w->sink == SINK_MEM) {
        kz_table_writer_discard(w);
        return wfail(err, KZ_TABLE_E_FORMAT, 0, NULL,
                     "内存输出应使用 kz_table_writer_close_mem 结束");
    }
    return finish(w, NULL, NULL, err);
}

int kz_table_writer_close_mem(kz_table_writer *w, char **data, size_t *len, kz_table_error *err)
{
    kz_table_error local;
    if (!err) err = &local;
    memset(err, 0, sizeof *err);
    if (data) *data = NULL;
    if (len) *len = 0;
    if (!w || !data || !len || w->sink != SINK_MEM) {
        kz_table_writer_discard(w);
        return wfail(err, KZ_TABLE_E_FORMAT, 0, NULL, "参数无效");
    }
    return finish(w, data, len, err);
}

void kz_table_writer_discard(kz_table_writer *w)
{
    if (!w) return;
    if (w->sink == SINK_STREAM && w->f) fflush(w->f);
    drop_output(w);
    free_writer(w);
}

int kz_table_write_buffer(kz_table_format fmt, const char *const *columns, int ncols,
                          const json_t *rows, const kz_table_write_opts *opts, char **data,
                          size_t *len, kz_table_error *err)
{
    kz_table_error local;
    if (!err) err = &local;
    if (data) *data = NULL;
    if (len) *len = 0;
    kz_table_writer *w;
    int rc = kz_table_writer_open_mem(&w, fmt, columns, ncols, opts, err);
    if (rc) return rc;
    size_t i;
    const json_t *row;
    json_array_foreach(rows, i, row)
    {
        rc = kz_table_writer_write_row(w, row, err);
        if (rc) {
            kz_table_writer_discard(w);
            return rc;
        }
    }
    return kz_table_writer_close_mem(w, data, len, err);
}
