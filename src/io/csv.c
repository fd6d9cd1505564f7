/* csv.c — the CSV reader: encoding detection (UTF-8, GB18030, UTF-16 with BOM) and RFC 4180
 * records. See table.h for the rules. Works on one buffer in memory; allocations are freed
 * before kz_io_read_csv() returns. */
#include "internal.h"
#include "../core/validate.h"
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

/* ---- encoding ---- */

const char *kz_io_binary_kind(const char *buf, size_t n)
{
    if (n >= 4 && memcmp(buf, "PK\x03\x04", 4) == 0)
        return "这是 xlsx（zip 压缩）文件，不是文本文件：请使用 .xlsx 扩展名或 xlsx 格式导入";
    if (n >= 8 && memcmp(buf, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return "这是旧版 Excel（.xls）文件，不支持：请在 Excel 中另存为 .xlsx 或“CSV "
               "UTF-8（逗号分隔）”"
               "后再导入";
    return NULL;
}

/* The delimiter: a tab when the first record has tabs and no commas outside quotes. */
static char sniff_delim(const char *p, size_t n)
{
    size_t commas = 0, tabs = 0;
    bool q = false, at_start = true;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (q) {
            if (c == '"') {
                if (i + 1 < n && p[i + 1] == '"')
                    i++;
                else
                    q = false;
            }
        } else if (c == '"' && at_start) {
            q = true;
            at_start = false;
        } else if (c == ',' || c == '\t') {
            if (c == ',')
                commas++;
            else
                tabs++;
            at_start = true;
        } else if (c == '\n' || c == '\r') {
            break;
        } else {
            at_start = false;
        }
    }
    return tabs && !commas ? '\t' : ',';
}

/* The record number (1-based) holding byte off. Only ASCII bytes matter, and neither UTF-8 nor
 * GB18030 multibyte sequences contain ASCII bytes, so this works before decoding too. */
static int row_at(const char *p, size_t off, char delim)
{
    int row = 1;
    bool q = false, at_start = true;
    for (size_t i = 0; i < off; i++) {
        char c = p[i];
        if (q) {
            if (c == '"') {
                if (i + 1 < off && p[i + 1] == '"')
                    i++;
                else
                    q = false;
            }
        } else if (c == '"' && at_start) {
            q = true;
            at_start = false;
        } else if (c == delim) {
            at_start = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < off && p[i + 1] == '\n') i++;
            row++;
            at_start = true;
        } else {
            at_start = false;
        }
    }
    return row;
}

/* Offset of the first line that is not valid UTF-8 (lines never split a UTF-8 sequence). */
static size_t first_bad_line(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        const char *nl = memchr(p + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - p) : n;
        if (!kz_utf8_valid(p + i, end - i)) return i;
        i = end + 1;
    }
    return n;
}

/* Converts in[0..n) from `from` to UTF-8 into a malloc'd *out. 0: done; -1: bad input at
 * *bad; -2: the conversion is not available. */
static int convert(const char *from, const char *in, size_t n, char **out, size_t *outn,
                   size_t *bad)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1) return -2;
    size_t cap = n + n / 2 + 16;
    char *buf = kz_io_xmalloc(cap);
    char *ip = (char *)in, *op = buf;
    size_t il = n, ol = cap;
    int rc = 0;
    for (;;) {
        size_t r = il ? iconv(cd, &ip, &il, &op, &ol) : iconv(cd, NULL, NULL, &op, &ol);
        if (r != (size_t)-1) {
            if (!il) break;
            continue;
        }
        if (errno == E2BIG) {
            size_t used = (size_t)(op - buf);
            cap *= 2;
            buf = kz_io_xrealloc(buf, cap);
            op = buf + used;
            ol = cap - used;
            continue;
        }
        *bad = (size_t)(ip - in);
        rc = -1;
        break;
    }
    iconv_close(cd);
    if (rc) {
        free(buf);
        return rc;
    }
    *out = buf;
    *outn = (size_t)(op - buf);
    return 0;
}

#define SAVE_AS "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入"

/* Sets *text to UTF-8 text (buf itself, or *owned to be freed). */
static int decode(kz_io *io, const char *buf, size_t n, const char **text, size_t *tn, char **owned)
{
    *owned = NULL;
    const char *kind = kz_io_binary_kind(buf, n);
    if (kind) return kz_io_fail(io, KZ_TABLE_E_FORMAT, 0, NULL, "%s", kind);
    size_t bad = 0;
    if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        buf += 3, n -= 3;
        if (!kz_utf8_valid(buf, n)) {
            int row = row_at(buf, first_bad_line(buf, n), sniff_delim(buf, n));
            return kz_io_fail(io, KZ_TABLE_E_ENCODING, row, NULL,
                              "第 %d 行含有无效的 UTF-8 字节（文件以 UTF-8 标记开头）。" SAVE_AS,
                              row);
        }
        *text = buf, *tn = n;
    } else if (n >= 2 && (memcmp(buf, "\xFF\xFE", 2) == 0 || memcmp(buf, "\xFE\xFF", 2) == 0)) {
        const char *from = buf[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
        int rc = convert(from, buf + 2, n - 2, owned, tn, &bad);
        if (rc)
            return kz_io_fail(io, KZ_TABLE_E_ENCODING, 0, NULL,
                              rc == -2
                                  ? "系统不支持 UTF-16 转换。" SAVE_AS
                                  : "文件以 UTF-16 标记开头，但内容不是有效的 UTF-16。" SAVE_AS);
        *text = *owned;
    } else if (kz_utf8_valid(buf, n)) {
        *text = buf, *tn = n;
    } else {
        int rc = convert("GB18030", buf, n, owned, tn, &bad);
        if (rc == -2)
            return kz_io_fail(io, KZ_TABLE_E_ENCODING, 0, NULL,
                              "文件不是 UTF-8 编码，而系统不支持 GBK/GB18030 转换。" SAVE_AS);
        if (rc) {
            /* neither encoding fits: name the later of the first line that is not UTF-8 and
             * the place GB18030 decoding failed (UTF-8 Chinese text before the bad bytes
             * already fails GB18030, earlier than the real problem) */
            char delim = sniff_delim(buf, n);
            int r1 = row_at(buf, first_bad_line(buf, n), delim), r2 = row_at(buf, bad, delim);
            int row = r1 > r2 ? r1 : r2;
            return kz_io_fail(
                io, KZ_TABLE_E_ENCODING, row, NULL,
                "第 %d 行：无法识别文件编码（既不是 UTF-8，也不是 GBK/GB18030）。" SAVE_AS, row);
        }
        *text = *owned;
        /* GB18030's byte-order mark (84 31 95 33, which some tools write) decodes to U+FEFF:
         * it is not part of the first column's name. Only here: after a UTF-8 mark, a U+FEFF
         * is the text's own (a column may be named so, and the writer round-trips it). */
        if (*tn >= 3 && memcmp(*text, "\xEF\xBB\xBF", 3) == 0) *text += 3, *tn -= 3;
    }
    const char *nul = memchr(*text, '\0', *tn);
    if (nul) {
        int row = row_at(*text, (size_t)(nul - *text), sniff_delim(*text, *tn));
        free(*owned);
        *owned = NULL;
        return kz_io_fail(io, KZ_TABLE_E_ENCODING, row, NULL,
                          "第 %d 行含有 NUL 字节：这不是文本 CSV 文件", row);
    }
    return KZ_TABLE_OK;
}

/* ---- records ---- */

typedef struct span {
    size_t off, len;
} span;

typedef struct csv {
    kz_io *io;
    const char *p, *end;
    char delim;
    int row;                  /* record number of the record being read */
    kz_buf text;              /* the kept fields' bytes, back to back */
    span *f;                  /* kept fields */
    int nf, capf, max_store;  /* kept, allocated, to keep */
    int total;                /* fields in the record */
    int first_extra;          /* first non-empty field beyond max_store (0-based), or -1 */
    const char *const *names; /* header, once known */
    int ncols;
} csv;

static int too_long(csv *c, int idx)
{
    char where[96];
    const char *col = idx < c->ncols ? c->names[idx] : NULL;
    if (col) {
        char nm[64];
        kz_io_copy_trunc(nm, sizeof nm, col, strlen(col));
        snprintf(where, sizeof where, "“%s”列", nm);
    } else {
        snprintf(where, sizeof where, "第 %d 列", idx + 1);
    }
    return kz_io_fail(c->io, KZ_TABLE_E_LIMIT, c->row, col, "第 %d 行%s的内容超过 %zu 字节上限",
                      c->row, where, c->io->lim.cell_bytes);
}

/* Reads one field at c->p (a quoted or unquoted one) and leaves c->p on what follows it. */
static int field(csv *c)
{
    int idx = c->total++;
    bool keep = c->nf < c->max_store;
    size_t start = c->text.len, len = 0;
    size_t slack = c->io->lim.cell_bytes + 1; /* room for the guard (below) */
    if (c->p < c->end && *c->p == '"') {
        int row0 = c->row;
        c->p++;
        for (;;) {
            const char *q = memchr(c->p, '"', (size_t)(c->end - c->p));
            if (!q) {
                const char *col = idx < c->ncols ? c->names[idx] : NULL;
                return kz_io_fail(c->io, KZ_TABLE_E_SYNTAX, row0, col,
                                  "第 %d 行第 %d 列：引号没有闭合（带引号的单元格一直到文件末尾"
                                  "都没有结束引号）",
                                  row0, idx + 1);
            }
            size_t n = (size_t)(q - c->p) + (q + 1 < c->end && q[1] == '"');
            len += n;
            if (len > slack) return too_long(c, idx);
            if (keep) kz_buf_add(&c->text, c->p, n);
            c->p = q + 1;
            if (c->p < c->end && *c->p == '"') {
                c->p++;
                continue;
            }
            break;
        }
        if (c->p < c->end && *c->p != c->delim && *c->p != '\n' && *c->p != '\r') {
            const char *col = idx < c->ncols ? c->names[idx] : NULL;
            return kz_io_fail(c->io, KZ_TABLE_E_SYNTAX, c->row, col,
                              "第 %d 行第 %d 列：结束引号后面还有字符（单元格中的引号应写成两个"
                              "引号 \"\"）",
                              c->row, idx + 1);
        }
    } else {
        const char *s = c->p;
        while (c->p < c->end && *c->p != c->delim && *c->p != '\n' && *c->p != '\r')
            c->p++;
        len = (size_t)(c->p - s);
        if (len > slack) return too_long(c, idx);
        if (keep) kz_buf_add(&c->text, s, len);
    }
    /* a data cell's guard apostrophe (the writer's, kz_csv_cell_unguard) is not its own: a cell
     * of the limit's length exported with its guard imports back */
    if (len > c->io->lim.cell_bytes &&
        (!keep || !c->names ||
         len - kz_csv_cell_unguard(c->text.p + start, len) > c->io->lim.cell_bytes))
        return too_long(c, idx);
    if (keep) {
        if (c->nf == c->capf) {
            c->capf = c->capf ? c->capf * 2 : 16;
            c->f = kz_io_xrealloc(c->f, (size_t)c->capf * sizeof *c->f);
        }
        c->f[c->nf++] = (span){start, len};
    } else if (len && c->first_extra < 0) {
        c->first_extra = idx;
    }
    return KZ_TABLE_OK;
}

/* 1: a record was read; 0: end of input; < 0: error. */
static int record(csv *c)
{
    if (c->p >= c->end) return 0;
    c->text.len = 0;
    c->nf = c->total = 0;
    c->first_extra = -1;
    for (;;) {
        int rc = field(c);
        if (rc) return rc;
        if (c->p >= c->end) return 1;
        char ch = *c->p++;
        if (ch == c->delim) continue;
        if (ch == '\r' && c->p < c->end && *c->p == '\n') c->p++;
        return 1;
    }
}

static bool is_blank(const csv *c)
{
    if (c->first_extra >= 0) return false;
    for (int i = 0; i < c->nf; i++)
        if (c->f[i].len) return false;
    return true;
}

static char *trimmed(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return kz_io_xstrndup(s, n);
}

int kz_io_read_csv(kz_io *io, const char *buf, size_t n)
{
    const char *text = NULL;
    size_t tn = 0;
    char *owned = NULL;
    int rc = decode(io, buf, n, &text, &tn, &owned);
    if (rc) return rc;

    csv c = {.io = io, .p = text, .end = text + tn, .max_store = io->lim.columns};
    c.delim = sniff_delim(text, tn);
    char **names = NULL;
    bool have_header = false;
    for (int row = 1;; row++) {
        c.row = row;
        int got = record(&c);
        if (got <= 0) {
            rc = got;
            break;
        }
        kz_io_progress(io, (uint64_t)(c.p - text), tn);
        if (is_blank(&c)) continue;
        if (!have_header) {
            if (c.first_extra >= 0) {
                rc = kz_io_fail(io, KZ_TABLE_E_LIMIT, row, NULL, "表头超过 %d 列的上限",
                                io->lim.columns);
                break;
            }
            int nn = c.nf;
            while (nn > 0 && !c.f[nn - 1].len)
                nn--;
            names = kz_io_xmalloc((size_t)nn * sizeof *names);
            for (int i = 0; i < nn; i++)
                names[i] = trimmed(c.text.p + c.f[i].off, c.f[i].len);
            c.names = (const char *const *)names;
            c.ncols = nn;
            c.max_store = nn;
            have_header = true;
            rc = kz_io_header(io, row, c.names, nn, 0, false);
            if (rc) break;
            continue;
        }
        if (c.first_extra >= 0) {
            rc = kz_io_fail(io, KZ_TABLE_E_SHAPE, row, NULL,
                            "第 %d 行有 %d 个单元格，多于表头的 %d 列（第 %d 列有内容但没有列名）",
                            row, c.total, c.ncols, c.first_extra + 1);
            break;
        }
        json_t *obj = kz_io_xobject();
        for (int i = 0; i < c.nf && rc == 0; i++) {
            if (!c.f[i].len) continue;
            const char *cell = c.text.p + c.f[i].off;
            size_t drop = kz_csv_cell_unguard(cell, c.f[i].len); /* the writer's guard */
            json_t *v = kz_io_xstring(cell + drop, c.f[i].len - drop);
            if (!v) /* cannot happen: the text was checked as a whole */
                rc = kz_io_fail(io, KZ_TABLE_E_ENCODING, row, names[i],
                                "第 %d 行含有无效的 UTF-8 字节", row);
            else if (json_object_set_new(obj, names[i], v))
                rc = kz_io_fail(io, KZ_TABLE_E_ENCODING, row, names[i], "第 %d 行：无法保存单元格",
                                row);
        }
        if (rc) {
            json_decref(obj);
            break;
        }
        rc = kz_io_emit(io, row, obj);
        if (rc) break;
    }
    if (rc == 0 && !have_header)
        rc = kz_io_fail(io, KZ_TABLE_E_HEADER, 0, NULL, "文件是空的：第一行应是列名");
    if (rc == 0) kz_io_progress(io, tn, tn);
    for (int i = 0; names && i < c.ncols; i++)
        free(names[i]);
    free(names);
    free(c.f);
    kz_buf_free(&c.text);
    free(owned);
    return rc;
}
