/* h_static.h — serving the built web UI (web/dist) from disk; see h_static.c for the rules
 * (paths, history-mode fallback, caching, gzip variants, headers). */
#ifndef KZ_H_STATIC_H
#define KZ_H_STATIC_H
#include "req.h"
#include <stdbool.h>

/* Resolves the web root: web_root when given, else web/dist beside the binary's checkout
 * (BIN/../web/dist), BIN/../share/kezhuan/web, then ./web/dist. Returns false (and serves
 * nothing) when the directory does not exist. */
bool kz_static_init(const char *web_root);
/* The resolved root, or NULL. */
const char *kz_static_root(void);
/* Answers a GET/HEAD outside /api/ that matched no route; false for /api/ paths (the caller
 * then answers the JSON 404). */
bool kz_static_serve(kz_req *r);

/* Exposed for the unit tests. */
bool kz_static_path_ok(const char *path);
const char *kz_static_type(const char *path);
bool kz_static_accepts_gzip(const char *accept_encoding);

#endif
