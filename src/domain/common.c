#include "common.h"
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

static bool parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
    if (!s || !*s) return false;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9') return false;
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < min || v > max) return false;
    *out = v;
    return true;
}

bool kz_page_parse(const char *limit, const char *cursor, kz_page *p, kz_error *e)
{
    p->limit = KZ_LIST_DEFAULT;
    p->after = 0;
    bool ok = true;
    int64_t v;
    if (limit) {
        if (parse_int(limit, 1, KZ_LIST_MAX, &v))
            p->limit = (int)v;
        else {
            kz_field_error(e, "limit", "应为 1–100 的整数");
            ok = false;
        }
    }
    if (cursor && *cursor) {
        if (parse_int(cursor, 1, INT64_MAX, &v))
            p->after = v;
        else {
            kz_field_error(e, "cursor", "无效的分页游标");
            ok = false;
        }
    }
    return ok;
}

json_t *kz_page_result(json_t *items, const kz_page *p, int64_t total, const char *key)
{
    json_t *next = json_null();
    if (json_array_size(items) > (size_t)p->limit) {
        json_array_remove(items, (size_t)p->limit);
        json_t *last = json_array_get(items, (size_t)p->limit - 1);
        char buf[24];
        snprintf(buf, sizeof buf, "%" PRId64,
                 (int64_t)json_integer_value(json_object_get(last, key)));
        json_decref(next);
        next = json_string(buf);
    }
    return json_pack("{s:o, s:o, s:I}", "items", items, "next_cursor", next, "total",
                     (json_int_t)total);
}

kz_err kz_db_fail(kz_error *e, db_status st)
{
    switch (st) {
    case DB_SOFT: return kz_fail(e, KZ_E_UNAVAILABLE, "数据库繁忙，请稍后重试");
    case DB_CONFLICT: return kz_fail(e, KZ_E_CONFLICT, "记录已存在");
    case DB_CONSTRAINT: return kz_fail(e, KZ_E_CONFLICT, "与已有数据冲突");
    case DB_NOROW: return kz_fail(e, KZ_E_NOT_FOUND, NULL);
    default: return kz_fail(e, KZ_E_INTERNAL, NULL);
    }
}

json_t *kz_col_str(const db_row *r, int col)
{
    const char *s = db_col_text(r, col);
    return s ? json_string(s) : json_null();
}
