/* errors.h — the one registry of error codes the API answers with (PRODUCT.md §5).
 *
 * Each code has a stable machine name, an HTTP status and a default zh-CN message for
 * users. Domain modules report failures as a kz_error; the http layer renders it.
 * Ownership: kz_error.message points to static text or to the caller's arena;
 * kz_error.fields is a jansson object owned by the kz_error (kz_error_clear() drops it). */
#ifndef KZ_ERRORS_H
#define KZ_ERRORS_H
#include <jansson.h>

typedef enum kz_err {
    KZ_OK = 0,
    KZ_E_BAD_JSON,
    KZ_E_BAD_REQUEST, /* malformed HTTP framing (the connection is closed after the answer) */
    KZ_E_VALIDATION,
    KZ_E_UNAUTHENTICATED,
    KZ_E_FORBIDDEN,
    KZ_E_NOT_FOUND,
    KZ_E_METHOD_NOT_ALLOWED,
    KZ_E_CONFLICT,
    KZ_E_PRECONDITION_FAILED,
    KZ_E_REQUEST_TIMEOUT, /* the request was not sent in time (the connection is closed) */
    KZ_E_PAYLOAD_TOO_LARGE,
    KZ_E_UNSUPPORTED_MEDIA_TYPE,
    KZ_E_RATE_LIMITED,
    KZ_E_INTERNAL,
    KZ_E_UNAVAILABLE,
    KZ_E__COUNT
} kz_err;

typedef struct kz_error {
    kz_err code;
    const char *message; /* NULL: the registry's default message */
    json_t *fields;      /* field name -> zh-CN reason, or NULL */
} kz_error;

const char *kz_err_name(kz_err e);    /* "validation_failed" */
int kz_err_status(kz_err e);          /* 422 */
const char *kz_err_message(kz_err e); /* default zh-CN text */
/* Looks a code up by name; KZ_E__COUNT when unknown. */
kz_err kz_err_by_name(const char *name);

/* Sets e (dropping any earlier fields) and returns code, so callers can `return kz_fail(...)`. */
kz_err kz_fail(kz_error *e, kz_err code, const char *message);
/* Adds one field error (keeps the first reason per field) and sets code to validation_failed. */
void kz_field_error(kz_error *e, const char *field, const char *reason);
void kz_error_clear(kz_error *e);

#endif
