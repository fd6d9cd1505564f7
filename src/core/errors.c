#include "errors.h"
#include <string.h>

static const struct {
    const char *name;
    int status;
    const char *message;
} registry[KZ_E__COUNT] = {
    [KZ_OK] = {"ok", 200, "成功"},
    [KZ_E_BAD_JSON] = {"bad_json", 400, "请求体不是有效的 JSON"},
    [KZ_E_BAD_REQUEST] = {"bad_request", 400, "请求格式不正确"},
    [KZ_E_VALIDATION] = {"validation_failed", 422, "提交的数据未通过校验"},
    [KZ_E_UNAUTHENTICATED] = {"unauthenticated", 401, "请先登录"},
    [KZ_E_FORBIDDEN] = {"forbidden", 403, "没有执行此操作的权限"},
    [KZ_E_NOT_FOUND] = {"not_found", 404, "请求的资源不存在"},
    [KZ_E_METHOD_NOT_ALLOWED] = {"method_not_allowed", 405, "不支持该请求方法"},
    [KZ_E_CONFLICT] = {"conflict", 409, "操作与当前状态冲突"},
    [KZ_E_PRECONDITION_FAILED] = {"precondition_failed", 412, "资源已被他人修改，请刷新后重试"},
    [KZ_E_REQUEST_TIMEOUT] = {"request_timeout", 408, "请求发送超时，连接已关闭"},
    [KZ_E_PAYLOAD_TOO_LARGE] = {"payload_too_large", 413, "请求体过大"},
    [KZ_E_UNSUPPORTED_MEDIA_TYPE] = {"unsupported_media_type", 415,
                                     "不支持的内容类型，请使用 application/json"},
    [KZ_E_RATE_LIMITED] = {"rate_limited", 429, "请求过于频繁，请稍后再试"},
    [KZ_E_INTERNAL] = {"internal", 500, "服务器内部错误"},
    [KZ_E_UNAVAILABLE] = {"unavailable", 503, "服务暂不可用，请稍后再试"},
};

const char *kz_err_name(kz_err e)
{
    return (unsigned)e < KZ_E__COUNT ? registry[e].name : "internal";
}

int kz_err_status(kz_err e)
{
    return (unsigned)e < KZ_E__COUNT ? registry[e].status : 500;
}

const char *kz_err_message(kz_err e)
{
    return (unsigned)e < KZ_E__COUNT ? registry[e].message : registry[KZ_E_INTERNAL].message;
}

kz_err kz_err_by_name(const char *name)
{
    for (int i = 0; i < KZ_E__COUNT; i++)
        if (strcmp(registry[i].name, name) == 0) return (kz_err)i;
    return KZ_E__COUNT;
}

kz_err kz_fail(kz_error *e, kz_err code, const char *message)
{
    if (e->fields && code != KZ_E_VALIDATION) {
        json_decref(e->fields);
        e->fields = NULL;
    }
    e->code = code;
    e->message = message;
    return code;
}

void kz_field_error(kz_error *e, const char *field, const char *reason)
{
    if (!e->fields) e->fields = json_object();
    if (!json_object_get(e->fields, field))
        json_object_set_new(e->fields, field, json_string(reason));
    e->code = KZ_E_VALIDATION;
}

void kz_error_clear(kz_error *e)
{
    if (e->fields) json_decref(e->fields);
    e->fields = NULL;
    e->code = KZ_OK;
    e->message = NULL;
}
