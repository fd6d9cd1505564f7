/* server.h — `kezhuan serve`: the libmicrohttpd daemon (epoll, internal thread pool), request
 * life cycle, authentication of each request, limits, logging and graceful shutdown. */
#ifndef KZ_SERVER_H
#define KZ_SERVER_H
#include "../core/config.h"

/* Runs until SIGINT/SIGTERM; then stops accepting and lets in-flight requests finish (the
 * caller then closes the database). Returns the process exit code. */
int kz_serve(const kz_config *cfg);

#endif
