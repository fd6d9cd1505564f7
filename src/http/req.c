/* req.c — answering: JSON bodies, errors, headers. All JSON output goes through
 * kz_reply_json (jansson escapes every string), the one place the API writes bodies. */
#include "req.h"
#include "../core/jsonx.h"
#include "../db/db.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* libmicrohttpd cuts a decoded value at its first NUL (?q=a%00b reads "a"): a value whose
 * C string is shorter than its decoded size is refused, by name, instead of being used
 * silently shortened. */
static enum MHD_Result nul_arg(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
                               const char *value, size_t value_size)
{
    (void)kind;
    kz_error *e = cls;
    bool bad_key = key && strlen(key) != key_size;
    bool bad_value = value && strlen(value) != value_size;
    if (bad_key || bad_value) kz_field_error(e, key ? key : "", "参数不能包含 NUL 字符（%00）");
    return MHD_YES;
}

static void check_args(kz_req *r)
{
    if (r->args_checked) return;
    r->args_checked = true;
    kz_error e = {0};
    MHD_get_connection_values_n(r->conn, MHD_GET_ARGUMENT_KIND, nul_arg, &e);
    if (e.code == KZ_OK) return;
    e.message = "查询参数不能包含 NUL 字符";
    kz_reply_error(r, &e);
    r->bad_args = true;
}

bool kz_args_ok(kz_req *r)
{
    check_args(r);
    return !r->bad_args;
}

const char *kz_arg(kz_req *r, const char *name)
{
    check_args(r);
    if (r->bad_args) return NULL;
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *kz_header(kz_req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

static void set_response(kz_req *r, int status, struct MHD_Response *resp, size_t n)
{
    if (r->bad_args && r->replied) { /* the 422 for a bad query argument stands */
        MHD_destroy_response(resp);
        return;
    }
    if (r->resp) MHD_destroy_response(r->resp);
    r->resp = resp;
    r->status = status;
    r->bytes = n;
    r->replied = true;
}

void kz_reply_raw(kz_req *r, int status, const char *ctype, const char *body, size_t n)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(n, (void *)body, MHD_RESPMEM_MUST_COPY);
    if (!resp) abort();
    if (ctype) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
    set_response(r, status, resp, n);
}

void kz_reply_json(kz_req *r, int status, json_t *json)
{
    struct MHD_Response *resp;
    size_t n = 0;
    if (json) {
        char *s = json_dumps(json, JSON_COMPACT);
        json_decref(json);
        if (!s) abort();
        n = strlen(s);
        resp = MHD_create_response_from_buffer_with_free_callback(n, s, free);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                                "application/json; charset=utf-8");
    } else {
        resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    }
    if (!resp) abort();
    set_response(r, status, resp, n);
}

void kz_reply_error(kz_req *r, kz_error *e)
{
    kz_err code = e->code == KZ_OK ? KZ_E_INTERNAL : e->code;
    json_t *err = json_pack("{s:s, s:s}", "code", kz_err_name(code), "message",
                            e->message ? e->message : kz_err_message(code));
    if (e->fields) {
        json_object_set(err, "fields", e->fields);
    } else if (code == KZ_E_VALIDATION) {
        json_object_set_new(err, "fields", json_object());
    }
    kz_reply_json(r, kz_err_status(code), json_pack("{s:o}", "error", err));
    kz_error_clear(e);
}

void kz_reply_code(kz_req *r, kz_err code, const char *message)
{
    kz_error e = {.code = code, .message = message};
    kz_reply_error(r, &e);
}

void kz_add_header(kz_req *r, const char *name, const char *value)
{
    if (r->resp) MHD_add_response_header(r->resp, name, value);
}

bool kz_read_json(kz_req *r, json_t **out)
{
    *out = NULL;
    const char *ct = kz_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
    size_t n = ct ? strcspn(ct, ";") : 0;
    while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
        n--;
    if (!ct || n != 16 || strncasecmp(ct, "application/json", 16) != 0) {
        kz_reply_code(r, KZ_E_UNSUPPORTED_MEDIA_TYPE, NULL);
        return false;
    }
    kz_error e = {0};
    if (kz_json_parse_body(r->body ? r->body : "", r->body_len, out, &e) != KZ_OK) {
        kz_reply_error(r, &e);
        return false;
    }
    return true;
}

int64_t kz_if_match(kz_req *r)
{
    const char *h = kz_header(r, MHD_HTTP_HEADER_IF_MATCH);
    if (!h) return -1;
    while (*h == ' ')
        h++;
    if (strcmp(h, "*") == 0) return -1;
    if (!strncmp(h, "W/", 2)) h += 2;
    long long v;
    char tail;
    if (sscanf(h, "\"v%lld\"%c", &v, &tail) == 1 && v >= 0) return v;
    kz_reply_code(r, KZ_E_PRECONDITION_FAILED, "If-Match 格式无效");
    return -2;
}

void kz_set_etag(kz_req *r, int64_t version)
{
    char tag[32];
    snprintf(tag, sizeof tag, "\"v%" PRId64 "\"", version);
    kz_add_header(r, MHD_HTTP_HEADER_ETAG, tag);
}

struct db_conn *kz_db(kz_req *r)
{
    if (!r->db) r->db = db_pool_acquire(10000);
    if (!r->db) kz_reply_code(r, KZ_E_UNAVAILABLE, "数据库不可用");
    return r->db;
}

void kz_db_release(kz_req *r)
{
    db_pool_release(r->db);
    r->db = NULL;
}
