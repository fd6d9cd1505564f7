#include "validate.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool kz_utf8_valid(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str, *end = s + n;
    while (s < end) {
        unsigned c = *s;
        if (c < 0x80) {
            s++;
            continue;
        }
        int len;
        unsigned cp;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (end - s < len) return false;
        for (int i = 1; i < len; i++) {
            if ((s[i] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (s[i] & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        s += len;
    }
    return true;
}

size_t kz_utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

bool kz_has_control(const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) return true;
    }
    return false;
}

static const char credit_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int credit_value(char c)
{
    const char *p = c ? strchr(credit_chars, c) : NULL;
    return p ? (int)(p - credit_chars) : -1;
}

char kz_credit_code_check_char(const char *first17)
{
    int sum = 0, w = 1;
    for (int i = 0; i < 17; i++) {
        int v = credit_value(first17[i]);
        if (v < 0) return 0;
        sum += v * w;
        w = (w * 3) % 31;
    }
    int c = 31 - sum % 31;
    return credit_chars[c == 31 ? 0 : c];
}

bool kz_credit_code_valid(const char *s)
{
    if (!s || strlen(s) != 18) return false;
    char c = kz_credit_code_check_char(s);
    return c && c == s[17];
}

bool kz_date_valid(const char *s)
{
    int y, m, d;
    char tail;
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i])) return false;
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return false;
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap);
}

long long kz_date_days(const char *s)
{
    /* days from civil (proleptic Gregorian), the year counted from March */
    long long y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

bool kz_username_valid(const char *s)
{
    size_t n = strlen(s);
    if (n < 3 || n > 32 || !isalnum((unsigned char)s[0])) return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!isalnum(c) && c != '_' && c != '.' && c != '-') return false;
    }
    return true;
}

static const kz_field *find_field(const kz_field *spec, const char *name)
{
    for (; spec->name; spec++)
        if (strcmp(spec->name, name) == 0) return spec;
    return NULL;
}

static const char *check_string(const kz_field *f, const char *s)
{
    size_t len = kz_utf8_len(s);
    int max = f->max_len ? f->max_len : 200;
    if ((int)len < f->min_len) return f->min_len <= 1 ? "不能为空" : "长度不足";
    if (len > (size_t)max) return "超过长度上限";
    if (kz_has_control(s)) return "包含不允许的控制字符";
    return NULL;
}

static const char *check_value(const kz_field *f, const json_t *v)
{
    if (json_is_null(v)) return f->nullable ? NULL : "不能为 null";
    switch (f->type) {
    case KZ_F_STRING:
        if (!json_is_string(v)) return "应为字符串";
        return check_string(f, json_string_value(v));
    case KZ_F_INT:
        if (!json_is_integer(v)) return "应为整数";
        if (f->min < f->max && (json_integer_value(v) < f->min || json_integer_value(v) > f->max))
            return "超出允许范围";
        return NULL;
    case KZ_F_BOOL: return json_is_boolean(v) ? NULL : "应为布尔值";
    case KZ_F_ARRAY:
        if (!json_is_array(v)) return "应为列表";
        if (json_array_size(v) > (size_t)(f->max_items ? f->max_items : 50)) return "列表项过多";
        return NULL;
    case KZ_F_STRING_LIST: {
        if (!json_is_array(v)) return "应为字符串列表";
        size_t max = f->max_items ? (size_t)f->max_items : 50, i;
        if (json_array_size(v) > max) return "列表项过多";
        json_t *it;
        json_array_foreach(v, i, it)
        {
            if (!json_is_string(it)) return "列表项应为字符串";
            const char *r = check_string(f, json_string_value(it));
            if (r) return r;
        }
        return NULL;
    }
    }
    return "类型错误";
}

bool kz_validate_object(const json_t *obj, const kz_field *spec, bool partial, kz_error *e)
{
    return kz_validate_object_except(obj, spec, partial, NULL, e);
}

bool kz_validate_object_except(const json_t *obj, const kz_field *spec, bool partial,
                               const char *except, kz_error *e)
{
    bool ok = true;
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        if (except && !strcmp(key, except)) continue;
        const kz_field *f = find_field(spec, key);
        if (!f) {
            kz_field_error(e, key, "不支持的字段");
            ok = false;
            continue;
        }
        const char *r = check_value(f, v);
        if (!r && f->check && !json_is_null(v)) r = f->check(v);
        if (r) {
            kz_field_error(e, key, r);
            ok = false;
        }
    }
    if (!partial)
        for (const kz_field *f = spec; f->name; f++)
            if (f->required && !json_object_get(obj, f->name)) {
                kz_field_error(e, f->name, "必填");
                ok = false;
            }
    return ok;
}

const char *kz_check_object_list(const json_t *v)
{
    for (size_t i = 0; i < json_array_size(v); i++)
        if (!json_is_object(json_array_get(v, i))) return "每项应为对象";
    return NULL;
}
