/* jsonl.c — the JSONL reader: one JSON object per line, strict (UTF-8 only, no duplicate keys,
 * no NUL). Allocates nothing that outlives kz_io_read_jsonl(). */
#include "internal.h"
#include "../core/jsonx.h"
#include "../core/validate.h"
#include <string.h>

/* jansson reports a duplicate key as `duplicate object key near '"key"'`: recover the key. */
static void duplicate_key(const json_error_t *je, char *out, size_t cap)
{
    out[0] = '\0';
    const char *p = strstr(je->text, "near '");
    if (!p) return;
    p += 6;
    size_t n = strlen(p);
    if (n < 3 || p[n - 1] != '\'') return;
    json_t *k = json_loadb(p, n - 1, JSON_DECODE_ANY, NULL);
    if (json_is_string(k)) kz_io_copy_trunc(out, cap, json_string_value(k), json_string_length(k));
    json_decref(k);
}

static int check_object(kz_io *io, int line, json_t *v)
{
    if (!json_is_object(v))
        return kz_io_fail(io, KZ_TABLE_E_SYNTAX, line, NULL,
                          "第 %d 行不是 JSON 对象：每一行应是一个 {…} 对象", line);
    if (json_object_size(v) > (size_t)io->lim.columns)
        return kz_io_fail(io, KZ_TABLE_E_LIMIT, line, NULL, "第 %d 行的字段数超过上限 %d 个", line,
                          io->lim.columns);
    const char *key;
    json_t *val;
    json_object_foreach(v, key, val)
    {
        if (json_is_string(val) && json_string_length(val) > io->lim.cell_bytes) {
            char nm[64];
            kz_io_copy_trunc(nm, sizeof nm, key, strlen(key));
            return kz_io_fail(io, KZ_TABLE_E_LIMIT, line, key,
                              "第 %d 行字段“%s”的内容超过 %zu 字节上限", line, nm,
                              io->lim.cell_bytes);
        }
    }
    return KZ_TABLE_OK;
}

int kz_io_read_jsonl(kz_io *io, const char *buf, size_t n)
{
    const char *kind = kz_io_binary_kind(buf, n);
    if (kind) return kz_io_fail(io, KZ_TABLE_E_FORMAT, 0, NULL, "%s", kind);
    size_t i = 0;
    if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) i = 3;
    int rc = KZ_TABLE_OK;
    for (int line = 1; i < n && rc == KZ_TABLE_OK; line++) {
        const char *s = buf + i;
        const char *nl = memchr(s, '\n', n - i);
        size_t len = nl ? (size_t)(nl - s) : n - i;
        i += len + (nl != NULL);
        kz_io_progress(io, i, n);
        if (len > io->lim.line_bytes) {
            rc = kz_io_fail(io, KZ_TABLE_E_LIMIT, line, NULL, "第 %d 行超过 %zu 字节上限", line,
                            io->lim.line_bytes);
            break;
        }
        size_t a = 0;
        while (a < len && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r'))
            a++;
        if (a == len) continue;
        if (!kz_utf8_valid(s, len)) {
            rc = kz_io_fail(io, KZ_TABLE_E_ENCODING, line, NULL,
                            "第 %d 行含有无效的 UTF-8 字节：JSONL 文件必须是 UTF-8 编码", line);
            break;
        }
        if (memchr(s, '\0', len)) {
            rc = kz_io_fail(io, KZ_TABLE_E_ENCODING, line, NULL, "第 %d 行含有 NUL 字节", line);
            break;
        }
        json_error_t je;
        json_t *v = kz_json_load_line(s, len, &je);
        if (!v) {
            if (json_error_code(&je) == json_error_duplicate_key) {
                char key[64], nm[64];
                duplicate_key(&je, key, sizeof key);
                kz_io_copy_trunc(nm, sizeof nm, key, strlen(key));
                rc = kz_io_fail(io, KZ_TABLE_E_SYNTAX, line, key, "第 %d 行：键“%s”出现了不止一次",
                                line, nm);
            } else {
                rc = kz_io_fail(io, KZ_TABLE_E_SYNTAX, line, NULL,
                                "第 %d 行不是有效的 JSON（第 %d 个字符附近）", line, je.column);
            }
            break;
        }
        rc = check_object(io, line, v);
        if (rc) {
            json_decref(v);
            break;
        }
        rc = kz_io_emit(io, line, v);
    }
    if (rc == KZ_TABLE_OK) kz_io_progress(io, n, n);
    return rc;
}
