/*
 * bare.c - minimal libmicrohttpd "hello world" server used as the baseline
 * for the kezhuan HTTP benchmark (bench/http/run.sh).
 *
 * It answers every request with {"status":"ok"} (application/json) using the
 * same threading model the product uses: an epoll internal thread pool with
 * one thread per core.
 *
 * Build: cc -std=c11 -O2 -Wall -Wextra -Werror bare.c -o bare \
 *            $(pkg-config --cflags --libs libmicrohttpd)
 * Usage: bare PORT [THREADS]
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <microhttpd.h>

#if MHD_VERSION < 0x00097002
typedef int MHD_Result_t;
#else
typedef enum MHD_Result MHD_Result_t;
#endif

static const char BODY[] = "{\"status\":\"ok\"}";

/* Any non-NULL address works as the "request seen" marker. */
static int request_marker;

static struct MHD_Response *ok_response;

static MHD_Result_t handle(void *cls, struct MHD_Connection *connection, const char *url,
                           const char *method, const char *version, const char *upload_data,
                           size_t *upload_data_size, void **con_cls)
{
    (void)cls;
    (void)url;
    (void)method;
    (void)version;
    (void)upload_data;

    if (*con_cls == NULL) {
        /* First call: headers only. Replying here would make MHD close the
         * connection instead of keeping it alive. */
        *con_cls = &request_marker;
        return MHD_YES;
    }
    if (*upload_data_size != 0) {
        /* Discard any request body. */
        *upload_data_size = 0;
        return MHD_YES;
    }
    return MHD_queue_response(connection, MHD_HTTP_OK, ok_response);
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    char *end = NULL;
    unsigned long v;

    errno = 0;
    v = strtoul(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v == 0 || v > max) return -1;
    *out = v;
    return 0;
}

int main(int argc, char **argv)
{
    unsigned long port = 0;
    unsigned long threads = 0;
    long ncpu;
    struct sockaddr_in addr;
    struct MHD_Daemon *daemon;
    sigset_t sigs;
    int sig = 0;

    if (argc < 2 || argc > 3 || parse_uint(argv[1], 65535, &port) != 0) {
        fprintf(stderr, "usage: %s PORT [THREADS]\n", argv[0]);
        return 2;
    }
    if (argc == 3) {
        if (parse_uint(argv[2], 1024, &threads) != 0) {
            fprintf(stderr, "%s: invalid thread count '%s'\n", argv[0], argv[2]);
            return 2;
        }
    } else {
        ncpu = sysconf(_SC_NPROCESSORS_ONLN);
        threads = ncpu > 0 ? (unsigned long)ncpu : 1UL;
    }

    /* Block the stop signals before MHD spawns its threads so that every
     * thread inherits the mask and only sigwait() below receives them.
     * Reset their disposition first: a shell starts background jobs with
     * SIGINT ignored, and an ignored signal is discarded, not sigwait()ed. */
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    if (pthread_sigmask(SIG_BLOCK, &sigs, NULL) != 0) {
        perror("pthread_sigmask");
        return 1;
    }
    signal(SIGPIPE, SIG_IGN);

    ok_response =
        MHD_create_response_from_buffer(sizeof(BODY) - 1, (void *)BODY, MHD_RESPMEM_PERSISTENT);
    if (ok_response == NULL || MHD_add_response_header(ok_response, MHD_HTTP_HEADER_CONTENT_TYPE,
                                                       "application/json") != MHD_YES) {
        fprintf(stderr, "%s: cannot create response\n", argv[0]);
        return 1;
    }

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    daemon = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG,
                              (unsigned short)port, NULL, NULL, &handle, NULL, MHD_OPTION_SOCK_ADDR,
                              (const struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE,
                              (unsigned int)threads, MHD_OPTION_CONNECTION_LIMIT,
                              (unsigned int)4096, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)30,
                              MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned int)1, MHD_OPTION_END);
    if (daemon == NULL) {
        fprintf(stderr, "%s: cannot start daemon on 127.0.0.1:%lu\n", argv[0], port);
        MHD_destroy_response(ok_response);
        return 1;
    }

    fprintf(stderr, "bare: listening on 127.0.0.1:%lu with %lu threads\n", port, threads);

    if (sigwait(&sigs, &sig) != 0) perror("sigwait");

    MHD_stop_daemon(daemon);
    MHD_destroy_response(ok_response);
    fprintf(stderr, "bare: stopped (signal %d)\n", sig);
    return 0;
}
