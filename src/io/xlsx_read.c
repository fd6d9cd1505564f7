/* xlsx_read.c — the XLSX reader: minizip over a memory buffer, expat over the parts.
 *
 * Parts read: _rels/.rels (where the workbook is), the workbook and its relationships (the first
 * sheet and the shared strings), the shared strings (kept in memory) and the first sheet
 * (streamed row by row). Every part is decompressed in chunks and counted against
 * xlsx_part_bytes, whatever its header claims; a bad CRC, bad deflate data, XML errors or a DTD
 * mean a corrupt file. Everything allocated is freed before kz_io_read_xlsx() returns. */
#include "internal.h"
#include <expat.h>
#include <stdlib.h>
#include <string.h>
#include <unzip.h>

#define NS_SEP       '\x01' /* expat namespace separator: "uri\x01local" */
#define CHUNK        (64 * 1024)
#define MAX_RELS     65536
#define MAX_PATH_LEN 512
#define MAX_ROW      16777216 /* generous: Excel stops at 1048576 */
#define MAX_COL      16384    /* XFD */

/* ---- minizip over memory ---- */

typedef struct zmem {
    const char *buf;
    size_t n, pos;
} zmem;

static voidpf ZCALLBACK zm_open(voidpf opaque, const void *name, int mode)
{
    (void)name;
    zmem *m = opaque;
    if ((mode & ZLIB_FILEFUNC_MODE_READWRITEFILTER) != ZLIB_FILEFUNC_MODE_READ) return NULL;
    m->pos = 0;
    return m;
}

static uLong ZCALLBACK zm_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
    (void)opaque;
    zmem *m = stream;
    size_t left = m->n - m->pos;
    size_t k = size < left ? (size_t)size : left;
    memcpy(buf, m->buf + m->pos, k);
    m->pos += k;
    return (uLong)k;
}

static uLong ZCALLBACK zm_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
    (void)opaque, (void)stream, (void)buf, (void)size;
    return 0;
}

static ZPOS64_T ZCALLBACK zm_tell(voidpf opaque, voidpf stream)
{
    (void)opaque;
    return ((zmem *)stream)->pos;
}

static long ZCALLBACK zm_seek(voidpf opaque, voidpf stream, ZPOS64_T off, int origin)
{
    (void)opaque;
    zmem *m = stream;
    ZPOS64_T base;
    switch (origin) {
    case ZLIB_FILEFUNC_SEEK_SET: base = 0; break;
    case ZLIB_FILEFUNC_SEEK_CUR: base = m->pos; break;
    case ZLIB_FILEFUNC_SEEK_END: base = m->n; break;
    default: return -1;
    }
    if (off > m->n || base + off > m->n) return -1;
    m->pos = (size_t)(base + off);
    return 0;
}

static int ZCALLBACK zm_close(voidpf opaque, voidpf stream)
{
    (void)opaque, (void)stream;
    return 0;
}

static int ZCALLBACK zm_error(voidpf opaque, voidpf stream)
{
    (void)opaque, (void)stream;
    return 0;
}

/* ---- XML plumbing ---- */

typedef struct xbase {
    kz_io *io;
    XML_Parser xp;
    int fail; /* a kz_table_status set by a handler; the parser is stopped */
    int row;  /* sheet row being read, for messages */
} xbase;

static const char *local_name(const char *name)
{
    const char *p = strrchr(name, NS_SEP);
    return p ? p + 1 : name;
}

static bool is(const char *name, const char *local)
{
    return strcmp(local_name(name), local) == 0;
}

static const char *attr(const char **atts, const char *local, bool namespaced)
{
    for (int i = 0; atts[i]; i += 2)
        if ((strchr(atts[i], NS_SEP) != NULL) == namespaced && is(atts[i], local))
            return atts[i + 1];
    return NULL;
}

static void stop(xbase *b, int rc)
{
    if (!b->fail) b->fail = rc;
    XML_StopParser(b->xp, XML_FALSE);
}

static int corrupt(kz_io *io, int row, const char *detail)
{
    return kz_io_fail(io, KZ_TABLE_E_SYNTAX, row, NULL, "xlsx 文件已损坏或不完整：%s", detail);
}

static void XMLCALL no_doctype(void *ud, const XML_Char *name, const XML_Char *sys,
                               const XML_Char *pub, int internal)
{
    (void)name, (void)sys, (void)pub, (void)internal;
    xbase *b = ud;
    stop(b, corrupt(b->io, 0, "含有 DTD 声明"));
}

static XML_Parser new_parser(xbase *b, XML_StartElementHandler start, XML_EndElementHandler end,
                             XML_CharacterDataHandler text)
{
    XML_Parser xp = XML_ParserCreateNS(NULL, NS_SEP);
    if (!xp) {
        fputs("kezhuan: out of memory (expat)\n", stderr);
        abort();
    }
    b->xp = xp;
    XML_SetUserData(xp, b);
    XML_SetElementHandler(xp, start, end);
    if (text) XML_SetCharacterDataHandler(xp, text);
    XML_SetStartDoctypeDeclHandler(xp, no_doctype);
    XML_SetParamEntityParsing(xp, XML_PARAM_ENTITY_PARSING_NEVER);
    return xp;
}

/* Streams zip entry `name` through b's parser. KZ_TABLE_OK; 1 when the entry does not exist;
 * or an error. total_hint receives the declared size (for progress) when non-NULL. */
static int feed_part(kz_io *io, unzFile uf, const char *name, xbase *b, bool progress)
{
    if (unzLocateFile(uf, name, 2) != UNZ_OK) return 1;
    unz_file_info64 fi;
    if (unzGetCurrentFileInfo64(uf, &fi, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK)
        return corrupt(io, 0, name);
    if (fi.flag & 1)
        return kz_io_fail(io, KZ_TABLE_E_FORMAT, 0, NULL, "xlsx 文件已加密：请先取消密码保护");
    if (fi.uncompressed_size > io->lim.xlsx_part_bytes)
        return kz_io_fail(io, KZ_TABLE_E_LIMIT, 0, NULL, "xlsx 文件中的 %s 解压后超过 %llu MB 上限",
                          name, (unsigned long long)(io->lim.xlsx_part_bytes >> 20));
    if (unzOpenCurrentFile(uf) != UNZ_OK) return corrupt(io, 0, name);
    char *chunk = kz_io_xmalloc(CHUNK);
    uint64_t done = 0, total = fi.uncompressed_size;
    int rc = KZ_TABLE_OK;
    for (;;) {
        int r = unzReadCurrentFile(uf, chunk, CHUNK);
        if (r < 0) {
            rc = corrupt(io, b->row, name);
            break;
        }
        done += (uint64_t)r;
        if (done > io->lim.xlsx_part_bytes) {
            rc = kz_io_fail(io, KZ_TABLE_E_LIMIT, 0, NULL,
                            "xlsx 文件中的 %s 解压后超过 %llu MB 上限", name,
                            (unsigned long long)(io->lim.xlsx_part_bytes >> 20));
            break;
        }
        if (XML_Parse(b->xp, chunk, r, r == 0) == XML_STATUS_ERROR) {
            if (b->fail) {
                rc = b->fail;
            } else {
                char d[MAX_PATH_LEN + 64];
                snprintf(d, sizeof d, "%s 不是有效的 XML（%s）", name,
                         XML_ErrorString(XML_GetErrorCode(b->xp)));
                rc = corrupt(io, b->row, d);
            }
            break;
        }
        if (progress) kz_io_progress(io, done, total > done ? total : done);
        if (r == 0) break;
    }
    free(chunk);
    int c = unzCloseCurrentFile(uf);
    if (rc == KZ_TABLE_OK && c != UNZ_OK) rc = corrupt(io, 0, name);
    if (rc == KZ_TABLE_OK && b->fail) rc = b->fail;
    return rc;
}

/* Resolves a relationship target against the directory of the part that holds it ("" for the
 * package root, "xl/" for the workbook). false when it does not fit or climbs out. */
static bool resolve(const char *dir, const char *target, char out[MAX_PATH_LEN])
{
    char tmp[2 * MAX_PATH_LEN];
    if (target[0] == '/')
        snprintf(tmp, sizeof tmp, "%s", target + 1);
    else if ((size_t)snprintf(tmp, sizeof tmp, "%s%s", dir, target) >= sizeof tmp)
        return false;
    size_t o = 0;
    for (char *seg = tmp; seg;) {
        char *slash = strchr(seg, '/');
        if (slash) *slash = '\0';
        if (!strcmp(seg, "..")) {
            if (!o) return false;
            o--;
            while (o > 0 && out[o - 1] != '/')
                o--;
        } else if (*seg && strcmp(seg, ".")) {
            size_t n = strlen(seg);
            if (o + n + 2 > MAX_PATH_LEN) return false;
            memcpy(out + o, seg, n);
            o += n;
            if (slash) out[o++] = '/';
        }
        seg = slash ? slash + 1 : NULL;
    }
    if (o && out[o - 1] == '/') o--;
    out[o] = '\0';
    return o > 0;
}

/* ---- relationships and workbook ---- */

typedef struct rel {
    char *id, *type, *target;
} rel;

typedef struct rels_state {
    xbase b;
    rel *r;
    int n, cap;
} rels_state;

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    rels_state *s = ud;
    if (s->b.fail || !is(name, "Relationship")) return;
    const char *id = attr(atts, "Id", false), *type = attr(atts, "Type", false),
               *target = attr(atts, "Target", false), *mode = attr(atts, "TargetMode", false);
    if (!id || !type || !target || (mode && !strcmp(mode, "External"))) return;
    if (s->n == MAX_RELS) {
        stop(&s->b, corrupt(s->b.io, 0, "关系过多"));
        return;
    }
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->r = kz_io_xrealloc(s->r, (size_t)s->cap * sizeof *s->r);
    }
    s->r[s->n++] = (rel){kz_io_xstrndup(id, strlen(id)), kz_io_xstrndup(type, strlen(type)),
                         kz_io_xstrndup(target, strlen(target))};
}

static void XMLCALL ignore_end(void *ud, const XML_Char *name)
{
    (void)ud, (void)name;
}

static void free_rels(rels_state *s)
{
    for (int i = 0; i < s->n; i++) {
        free(s->r[i].id);
        free(s->r[i].type);
        free(s->r[i].target);
    }
    free(s->r);
}

/* Reads a .rels part; KZ_TABLE_OK (also when it is missing: no relationships) or an error. */
static int read_rels(kz_io *io, unzFile uf, const char *name, rels_state *s)
{
    *s = (rels_state){.b.io = io};
    XML_Parser xp = new_parser(&s->b, rels_start, ignore_end, NULL);
    int rc = feed_part(io, uf, name, &s->b, false);
    XML_ParserFree(xp);
    return rc == 1 ? KZ_TABLE_OK : rc;
}

static const rel *rel_by_type(const rels_state *s, const char *suffix)
{
    size_t k = strlen(suffix);
    for (int i = 0; i < s->n; i++) {
        size_t n = strlen(s->r[i].type);
        if (n >= k && !strcmp(s->r[i].type + n - k, suffix)) return &s->r[i];
    }
    return NULL;
}

typedef struct wb_state {
    xbase b;
    char *rid; /* of the first sheet */
} wb_state;

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    wb_state *s = ud;
    if (s->b.fail || s->rid || !is(name, "sheet")) return;
    const char *id = attr(atts, "id", true);
    if (id) s->rid = kz_io_xstrndup(id, strlen(id));
}

/* ---- text helpers ---- */

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes OOXML's _xHHHH_ escapes in place (not NUL or surrogates); returns the new length. */
static size_t unescape_x(char *s, size_t n)
{
    size_t i = 0, j = 0;
    while (i < n) {
        if (s[i] == '_' && i + 7 <= n && s[i + 1] == 'x' && s[i + 6] == '_') {
            unsigned cp = 0;
            bool hex = true;
            for (int k = 2; k < 6 && hex; k++) {
                int h = hexval(s[i + k]);
                hex = h >= 0;
                cp = cp << 4 | (unsigned)(hex ? h : 0);
            }
            if (hex && cp && (cp < 0xD800 || cp > 0xDFFF)) {
                if (cp < 0x80) {
                    s[j++] = (char)cp;
                } else if (cp < 0x800) {
                    s[j++] = (char)(0xC0 | cp >> 6);
                    s[j++] = (char)(0x80 | (cp & 0x3F));
                } else {
                    s[j++] = (char)(0xE0 | cp >> 12);
                    s[j++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                    s[j++] = (char)(0x80 | (cp & 0x3F));
                }
                i += 7;
                continue;
            }
        }
        s[j++] = s[i++];
    }
    return j;
}

/* "1.2E+6" -> "1200000" when an exponent form is an integer of at most 30 digits. Returns
 * the length written to out (cap >= 34), or 0 to keep the text as it is. */
static size_t norm_number(const char *s, size_t n, char *out)
{
    size_t i = 0;
    bool neg = false, dot = false;
    char dig[48];
    int nd = 0, intd = 0;
    if (i < n && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    for (; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9') {
            if (nd == (int)sizeof dig) return 0;
            dig[nd++] = s[i];
            if (!dot) intd++;
        } else if (s[i] == '.' && !dot) {
            dot = true;
        } else {
            break;
        }
    }
    if (!nd || i >= n || (s[i] != 'E' && s[i] != 'e')) return 0;
    i++;
    int esign = 1, e = 0, ne = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) esign = s[i++] == '-' ? -1 : 1;
    for (; i < n && s[i] >= '0' && s[i] <= '9' && ne < 5; i++, ne++)
        e = e * 10 + (s[i] - '0');
    if (!ne || i != n) return 0;
    int point = intd + esign * e; /* digits before the decimal point */
    int lead = 0;
    while (lead < nd && dig[lead] == '0')
        lead++;
    if (lead == nd) {
        out[0] = '0';
        return 1;
    }
    for (int k = point > 0 ? point : 0; k < nd; k++)
        if (dig[k] != '0') return 0;
    if (point - lead > 30) return 0;
    size_t o = 0;
    if (neg) out[o++] = '-';
    for (int k = lead; k < point; k++)
        out[o++] = k < nd ? dig[k] : '0';
    return o;
}

/* ---- shared strings ---- */

typedef struct sst {
    kz_buf data;
    size_t *off; /* n + 1 entries once read */
    long n, cap;
} sst;

typedef struct sst_state {
    xbase b;
    sst *s;
    bool in_si, in_t;
    int rph;
    size_t start;
} sst_state;

static void sst_push(sst *s, size_t off)
{
    if (s->n + 1 >= s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->off = kz_io_xrealloc(s->off, (size_t)s->cap * sizeof *s->off);
    }
    s->off[s->n] = off;
}

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)atts;
    sst_state *st = ud;
    if (st->b.fail) return;
    const char *l = local_name(name);
    if (!strcmp(l, "si")) {
        st->in_si = true;
        st->rph = 0;
        st->start = st->s->data.len;
    } else if (!strcmp(l, "rPh")) {
        st->rph++;
    } else if (!strcmp(l, "t")) {
        st->in_t = st->in_si && !st->rph;
    }
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    sst_state *st = ud;
    if (st->b.fail) return;
    const char *l = local_name(name);
    if (!strcmp(l, "t")) {
        st->in_t = false;
    } else if (!strcmp(l, "rPh")) {
        if (st->rph) st->rph--;
    } else if (!strcmp(l, "si") && st->in_si) {
        sst *s = st->s;
        if (s->n >= st->b.io->lim.xlsx_strings) {
            stop(&st->b,
                 kz_io_fail(st->b.io, KZ_TABLE_E_LIMIT, 0, NULL,
                            "xlsx 文件的共享字符串超过 %ld 个上限", st->b.io->lim.xlsx_strings));
            return;
        }
        size_t n = unescape_x(s->data.p ? s->data.p + st->start : NULL, s->data.len - st->start);
        s->data.len = st->start + n;
        sst_push(s, st->start);
        s->n++;
        st->in_si = false;
    }
}

static void XMLCALL sst_text(void *ud, const XML_Char *text, int len)
{
    sst_state *st = ud;
    if (!st->b.fail && st->in_t) kz_buf_add(&st->s->data, text, (size_t)len);
}

/* ---- the sheet ---- */

typedef struct cellv {
    int col;
    size_t off, len;
} cellv;

typedef struct sheet_state {
    xbase b;
    const sst *ss;
    int last_row;
    bool in_row, in_c, in_is, collect;
    int rph;
    int col, last_col;
    char type;    /* s i S(tr) b e d n */
    kz_buf val;   /* current cell's text */
    kz_buf text;  /* kept cells of the row, back to back */
    cellv *cells; /* kept cells */
    int ncells, capcells;
    bool have_header;
    int first_col, ncols;
    char **names;
} sheet_state;

static int parse_row_num(const char *s)
{
    long v = 0;
    if (!*s) return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > MAX_ROW) return -1;
        v = v * 10 + (*s - '0');
    }
    return v >= 1 && v <= MAX_ROW ? (int)v : -1;
}

/* Column index (0-based) of a reference like "C5"; -1 when malformed. */
static int parse_col_ref(const char *s)
{
    int col = 0, n = 0;
    for (; *s >= 'A' && *s <= 'Z'; s++, n++) {
        if (n == 3) return -1;
        col = col * 26 + (*s - 'A' + 1);
    }
    if (!n || col > MAX_COL) return -1;
    if (*s < '1' || *s > '9') return -1;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return -1;
    return col - 1;
}

static const char *col_name(const sheet_state *s, int col)
{
    if (!s->have_header || col < s->first_col || col >= s->first_col + s->ncols) return NULL;
    return s->names[col - s->first_col];
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    sheet_state *s = ud;
    if (s->b.fail) return;
    const char *l = local_name(name);
    if (!strcmp(l, "row")) {
        const char *r = attr(atts, "r", false);
        int row = r ? parse_row_num(r) : s->last_row + 1;
        if (row < 0 || row > MAX_ROW) {
            stop(&s->b, corrupt(s->b.io, s->last_row + 1, "行号无效"));
            return;
        }
        if (row <= s->last_row) {
            stop(&s->b, corrupt(s->b.io, row, "行的顺序错误"));
            return;
        }
        s->b.row = s->last_row = row;
        s->in_row = true;
        s->ncells = 0;
        s->text.len = 0;
        s->last_col = -1;
    } else if (!strcmp(l, "c") && s->in_row) {
        const char *r = attr(atts, "r", false), *t = attr(atts, "t", false);
        int col = r ? parse_col_ref(r) : s->last_col + 1;
        if (col < 0 || col >= MAX_COL) {
            stop(&s->b, corrupt(s->b.io, s->b.row, "单元格位置无效"));
            return;
        }
        if (col <= s->last_col) {
            stop(&s->b, corrupt(s->b.io, s->b.row, "单元格的顺序错误"));
            return;
        }
        s->col = s->last_col = col;
        s->type = 'n';
        if (t) {
            if (!strcmp(t, "s"))
                s->type = 's';
            else if (!strcmp(t, "inlineStr"))
                s->type = 'i';
            else if (!strcmp(t, "str"))
                s->type = 'S';
            else if (!strcmp(t, "b"))
                s->type = 'b';
            else if (!strcmp(t, "e"))
                s->type = 'e';
            else if (!strcmp(t, "d"))
                s->type = 'd';
        }
        s->val.len = 0;
        s->in_c = true;
        s->in_is = false;
        s->rph = 0;
    } else if (!s->in_c) {
        return;
    } else if (!strcmp(l, "v")) {
        s->collect = true;
    } else if (!strcmp(l, "is")) {
        s->in_is = true;
    } else if (!strcmp(l, "rPh")) {
        s->rph++;
    } else if (!strcmp(l, "t")) {
        s->collect = s->in_is && !s->rph;
    }
}

static int cell_too_long(sheet_state *s)
{
    const char *nm = col_name(s, s->col);
    char letters[8], where[96];
    kz_io_col_letters(s->col, letters);
    if (nm) {
        char shortnm[64];
        kz_io_copy_trunc(shortnm, sizeof shortnm, nm, strlen(nm));
        snprintf(where, sizeof where, "“%s”列（%s 列）", shortnm, letters);
    } else {
        snprintf(where, sizeof where, "%s 列", letters);
    }
    return kz_io_fail(s->b.io, KZ_TABLE_E_LIMIT, s->b.row, nm, "第 %d 行%s的内容超过 %zu 字节上限",
                      s->b.row, where, s->b.io->lim.cell_bytes);
}

/* The value of the finished cell: stores it (non-empty) or stops with an error. */
static void end_cell(sheet_state *s)
{
    kz_io *io = s->b.io;
    const char *v = s->val.p ? s->val.p : "";
    size_t n = s->val.len;
    char num[40];
    switch (s->type) {
    case 's': {
        long idx = 0;
        size_t i = 0;
        while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n' || v[i] == '\r'))
            i++;
        size_t d0 = i;
        while (i < n && v[i] >= '0' && v[i] <= '9' && idx <= s->ss->n)
            idx = idx * 10 + (v[i++] - '0');
        while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n' || v[i] == '\r'))
            i++;
        if (i == n && d0 == n) return; /* no value: an empty cell */
        if (i == d0 || i != n || idx >= s->ss->n) {
            stop(&s->b, corrupt(io, s->b.row, "共享字符串编号无效"));
            return;
        }
        v = s->ss->data.p + s->ss->off[idx];
        n = s->ss->off[idx + 1] - s->ss->off[idx];
        break;
    }
    case 'i':
    case 'S': n = unescape_x(s->val.p, n); break;
    case 'b':
        if (n == 1 && (v[0] == '0' || v[0] == '1')) {
            v = v[0] == '1' ? "TRUE" : "FALSE";
            n = strlen(v);
        }
        break;
    case 'n': {
        size_t k = norm_number(v, n, num);
        if (k) v = num, n = k;
        break;
    }
    default: break;
    }
    if (!n) return;
    if (n > io->lim.cell_bytes) {
        stop(&s->b, cell_too_long(s));
        return;
    }
    if (!s->have_header) {
        if (s->ncells >= io->lim.columns) {
            stop(&s->b, kz_io_fail(io, KZ_TABLE_E_LIMIT, s->b.row, NULL, "表头超过 %d 列的上限",
                                   io->lim.columns));
            return;
        }
    } else if (s->col < s->first_col || s->col >= s->first_col + s->ncols) {
        char letters[8];
        kz_io_col_letters(s->col, letters);
        stop(&s->b, kz_io_fail(io, KZ_TABLE_E_SHAPE, s->b.row, NULL,
                               "第 %d 行 %s 列有内容，但这一列没有列名（表头只有 %d 列）", s->b.row,
                               letters, s->ncols));
        return;
    }
    if (s->ncells == s->capcells) {
        s->capcells = s->capcells ? s->capcells * 2 : 16;
        s->cells = kz_io_xrealloc(s->cells, (size_t)s->capcells * sizeof *s->cells);
    }
    s->cells[s->ncells++] = (cellv){s->col, s->text.len, n};
    kz_buf_add(&s->text, v, n);
}

static char *trimmed(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return kz_io_xstrndup(s, n);
}

static void end_row(sheet_state *s)
{
    kz_io *io = s->b.io;
    int row = s->b.row;
    if (!s->ncells) return;
    if (!s->have_header) {
        int first = s->cells[0].col, n = s->cells[s->ncells - 1].col - first + 1;
        s->names = kz_io_xmalloc((size_t)n * sizeof *s->names);
        for (int i = 0, k = 0; i < n; i++) {
            if (k < s->ncells && s->cells[k].col == first + i) {
                s->names[i] = trimmed(s->text.p + s->cells[k].off, s->cells[k].len);
                k++;
            } else {
                s->names[i] = kz_io_xstrndup("", 0);
            }
        }
        s->have_header = true;
        s->first_col = first;
        s->ncols = n;
        int rc = kz_io_header(io, row, (const char *const *)s->names, n, first, true);
        if (rc) stop(&s->b, rc);
        return;
    }
    json_t *obj = kz_io_xobject();
    for (int i = 0; i < s->ncells; i++) {
        const char *key = s->names[s->cells[i].col - s->first_col];
        json_t *v = kz_io_xstring(s->text.p + s->cells[i].off, s->cells[i].len);
        if (!v || json_object_set_new(obj, key, v)) {
            json_decref(obj);
            stop(&s->b, kz_io_fail(io, KZ_TABLE_E_ENCODING, row, key,
                                   "第 %d 行含有无效的 UTF-8 字节", row));
            return;
        }
    }
    int rc = kz_io_emit(io, row, obj);
    if (rc) stop(&s->b, rc);
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
    sheet_state *s = ud;
    if (s->b.fail) return;
    const char *l = local_name(name);
    if (!strcmp(l, "row")) {
        if (s->in_row) end_row(s);
        s->in_row = false;
    } else if (!s->in_c) {
        return;
    } else if (!strcmp(l, "c")) {
        s->in_c = s->collect = false;
        end_cell(s);
    } else if (!strcmp(l, "v") || !strcmp(l, "t")) {
        s->collect = false;
    } else if (!strcmp(l, "is")) {
        s->in_is = false;
    } else if (!strcmp(l, "rPh")) {
        if (s->rph) s->rph--;
    }
}

static void XMLCALL sheet_text(void *ud, const XML_Char *text, int len)
{
    sheet_state *s = ud;
    if (s->b.fail || !s->collect) return;
    /* _xHHHH_ escapes may shrink the text later, hence the slack. */
    if (s->val.len + (size_t)len > s->b.io->lim.cell_bytes * 7 + 64) {
        stop(&s->b, cell_too_long(s));
        return;
    }
    kz_buf_add(&s->val, text, (size_t)len);
}

/* ---- the workbook ---- */

static int find_sheet(kz_io *io, unzFile uf, char sheet[MAX_PATH_LEN], char strings[MAX_PATH_LEN])
{
    /* The package relationships name the workbook (almost always xl/workbook.xml). */
    rels_state pkg;
    int rc = read_rels(io, uf, "_rels/.rels", &pkg);
    if (rc) {
        free_rels(&pkg);
        return rc;
    }
    char wb[MAX_PATH_LEN] = "xl/workbook.xml";
    const rel *r = rel_by_type(&pkg, "/officeDocument");
    if (r && !resolve("", r->target, wb)) rc = corrupt(io, 0, "工作簿位置无效");
    free_rels(&pkg);
    if (rc) return rc;

    char dir[MAX_PATH_LEN], wbrels[MAX_PATH_LEN + 16];
    const char *slash = strrchr(wb, '/');
    size_t dn = slash ? (size_t)(slash - wb + 1) : 0;
    memcpy(dir, wb, dn);
    dir[dn] = '\0';
    snprintf(wbrels, sizeof wbrels, "%s_rels/%s.rels", dir, wb + dn);

    wb_state ws = {.b.io = io};
    XML_Parser xp = new_parser(&ws.b, wb_start, ignore_end, NULL);
    rc = feed_part(io, uf, wb, &ws.b, false);
    XML_ParserFree(xp);
    if (rc == 1) rc = corrupt(io, 0, "缺少工作簿（xl/workbook.xml）");
    if (!rc && !ws.rid) rc = corrupt(io, 0, "工作簿中没有工作表");
    if (rc) {
        free(ws.rid);
        return rc;
    }

    rels_state wr;
    rc = read_rels(io, uf, wbrels, &wr);
    if (!rc) {
        const rel *sr = NULL;
        for (int i = 0; i < wr.n && !sr; i++)
            if (!strcmp(wr.r[i].id, ws.rid)) sr = &wr.r[i];
        if (!sr || !resolve(dir, sr->target, sheet)) rc = corrupt(io, 0, "找不到第一个工作表");
        const rel *ssr = rel_by_type(&wr, "/sharedStrings");
        if (!rc && (!ssr || !resolve(dir, ssr->target, strings))) {
            char tmp[MAX_PATH_LEN + 32];
            snprintf(tmp, sizeof tmp, "%ssharedStrings.xml", dir);
            kz_io_copy_trunc(strings, MAX_PATH_LEN, tmp, strlen(tmp));
        }
    }
    free_rels(&wr);
    free(ws.rid);
    return rc;
}

int kz_io_read_xlsx(kz_io *io, const char *buf, size_t n)
{
    if (n >= 8 && memcmp(buf, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return kz_io_fail(io, KZ_TABLE_E_FORMAT, 0, NULL,
                          "这是旧版 Excel（.xls）文件或设置了打开密码的 xlsx 文件：请在 Excel 中"
                          "取消密码并另存为 .xlsx 后再导入");
    if (n < 4 || memcmp(buf, "PK", 2) != 0)
        return kz_io_fail(io, KZ_TABLE_E_FORMAT, 0, NULL,
                          "不是 xlsx 文件：xlsx 文件是 zip 压缩包，这个文件不是");
    zmem m = {buf, n, 0};
    zlib_filefunc64_def ff = {zm_open, zm_read, zm_write, zm_tell, zm_seek, zm_close, zm_error, &m};
    unzFile uf = unzOpen2_64("memory.xlsx", &ff);
    if (!uf) return corrupt(io, 0, "无法读取 zip 目录，文件可能被截断");

    char sheet[MAX_PATH_LEN], strings[MAX_PATH_LEN];
    sst ss = {0};
    sheet_state s = {.b.io = io, .ss = &ss};
    int rc = find_sheet(io, uf, sheet, strings);
    if (!rc) {
        sst_state st = {.b.io = io, .s = &ss};
        XML_Parser xp = new_parser(&st.b, sst_start, sst_end, sst_text);
        rc = feed_part(io, uf, strings, &st.b, false);
        XML_ParserFree(xp);
        if (rc == 1) rc = KZ_TABLE_OK;
        sst_push(&ss, ss.data.len);
    }
    if (!rc) {
        XML_Parser xp = new_parser(&s.b, sheet_start, sheet_end, sheet_text);
        rc = feed_part(io, uf, sheet, &s.b, true);
        XML_ParserFree(xp);
        if (rc == 1) rc = corrupt(io, 0, "缺少第一个工作表");
    }
    if (!rc && !s.have_header)
        rc = kz_io_fail(io, KZ_TABLE_E_HEADER, 0, NULL, "工作表是空的：第一行应是列名");
    for (int i = 0; s.names && i < s.ncols; i++)
        free(s.names[i]);
    free(s.names);
    free(s.cells);
    kz_buf_free(&s.val);
    kz_buf_free(&s.text);
    kz_buf_free(&ss.data);
    free(ss.off);
    unzClose(uf);
    return rc;
}
