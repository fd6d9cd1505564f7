/* router.h — the route table: method + path pattern → handler. Patterns are literal
 * segments, "{id}" (a positive integer) and "{key}" (a lowercase name). A path that matches with
 * another method answers 405 with Allow; one that matches nothing answers 404. The table is static.
 */
#ifndef KZ_ROUTER_H
#define KZ_ROUTER_H
#include "req.h"

typedef void (*kz_handler)(kz_req *r);

typedef struct kz_route {
    const char *method;
    const char *pattern; /* also the route label in logs and metrics */
    kz_handler handler;
    const void *ctx; /* what a generic handler serves (h_kind.c: the kind's descriptor) */
} kz_route;

extern const kz_route kz_routes[];
extern const int kz_nroutes;

typedef enum { KZ_ROUTE_OK, KZ_ROUTE_NOT_FOUND, KZ_ROUTE_BAD_METHOD } kz_route_result;

/* Finds the route; on KZ_ROUTE_BAD_METHOD, allow (if non-NULL, n bytes) lists the methods. */
kz_route_result kz_route_match(const char *method, const char *path, const kz_route **out,
                               int64_t *id, char *allow, size_t n);
/* The same, also capturing a "{key}" segment ([a-z0-9_], at most KZ_ROUTE_KEY_MAX-1 chars). */
#define KZ_ROUTE_KEY_MAX 48
kz_route_result kz_route_match_key(const char *method, const char *path, const kz_route **out,
                                   int64_t *id, char key[KZ_ROUTE_KEY_MAX], char *allow, size_t n);
/* Index of a route in kz_routes (for metrics). */
int kz_route_index(const kz_route *r);

#endif
