/* req.h — one HTTP request as the handlers see it, and the helpers they answer with.
 *
 * Ownership: a kz_req lives from the first access-handler call to the completion callback
 * (server.c), which frees its arena, body and any response. Strings from kz_arg()/kz_header()
 * are borrowed from libmicrohttpd for the request's life. kz_reply_json() takes ownership of
 * the json_t it is given. */
#ifndef KZ_REQ_H
#define KZ_REQ_H
#include "../core/arena.h"
#include "../core/config.h"
#include "../core/errors.h"
#include "../domain/actor.h"
#include "../domain/auth.h"
#include <jansson.h>
#include <microhttpd.h>
#include <stdbool.h>
#include <stdint.h>

struct kz_route;

typedef struct kz_req {
    kz_arena arena;
    struct MHD_Connection *conn;
    const kz_config *cfg;
    const char *method, *path;
    const struct kz_route *route; /* NULL: no route matched */
    int64_t id;                   /* the {id} path segment, when the route has one */
    char key[48];                 /* the {key} path segment, when the route has one */
    char *body;
    size_t body_len, body_cap;
    bool too_large, replied;
    bool close_after; /* answer with Connection: close (malformed framing) */
    bool static_file; /* answered from web/dist (its own metrics label) */
    /* who */
    kz_actor actor;
    bool authed, via_cookie;
    char token[KZ_TOKEN_LEN];
    char csrf[KZ_TOKEN_LEN];
    char me[KZ_ME_MAX]; /* the signed-in user's record (JSON), from the session */
    char client[64];
    /* response */
    int status;
    size_t bytes;
    /* query arguments checked for embedded NULs (kz_arg); bad_args: a 422 was answered and
     * is final (later replies are dropped, kz_arg returns NULL) */
    bool args_checked, bad_args;
    char request_id[24];
    uint64_t start_ns;
    struct MHD_Response *resp;
    struct db_conn *db; /* from the pool (kz_db), given back when the handler has answered */
} kz_req;

/* Checks every query argument once for an embedded NUL; false after answering 422. */
bool kz_args_ok(kz_req *r);
/* Query-string argument or NULL. */
const char *kz_arg(kz_req *r, const char *name);
/* Request header or NULL. */
const char *kz_header(kz_req *r, const char *name);

/* Answers with a JSON body (takes json; NULL means no body, e.g. 204). */
void kz_reply_json(kz_req *r, int status, json_t *json);
/* Answers with a JSON error per PRODUCT.md §5 and clears e. */
void kz_reply_error(kz_req *r, kz_error *e);
/* Shorthand for an error with the registry's (or the given) message. */
void kz_reply_code(kz_req *r, kz_err code, const char *message);
/* Answers with a raw body of the given content type (body copied). */
void kz_reply_raw(kz_req *r, int status, const char *ctype, const char *body, size_t n);
/* Adds a header to the pending response (call after a kz_reply_*). */
void kz_add_header(kz_req *r, const char *name, const char *value);

/* Parses the body as one JSON object into *out (new reference); on failure answers the
 * error itself and returns false. Checks Content-Type first (415). */
bool kz_read_json(kz_req *r, json_t **out);
/* If-Match: returns the version the client expects, -1 when absent or "*"; -2 when
 * malformed (already answered 412). */
int64_t kz_if_match(kz_req *r);
/* Sets the ETag header for a record with this version. */
void kz_set_etag(kz_req *r, int64_t version);
/* The thread's database connection, or NULL after answering 503. */
/* The request's database connection, taken from the pool on first use (503 when none). */
struct db_conn *kz_db(kz_req *r);
/* Gives the request's connection back to the pool (server.c, after the handler). */
void kz_db_release(kz_req *r);

#endif
