#include "follow.h"
#include "auth.h"
#include "search.h"
#include "../db/db.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

static pthread_t thread;
static atomic_bool stop, running;
static int poll_ms = 500;
static _Atomic unsigned long notices;

unsigned long kz_follow_notices(void)
{
    return atomic_load(&notices);
}

typedef struct heard {
    bool changes;
} heard;

static void on_note(void *ctx, db_note n, const char *payload)
{
    heard *h = ctx;
    atomic_fetch_add(&notices, 1);
    if (n == DB_NOTE_CHANGES) {
        h->changes = true;
    } else if (n == DB_NOTE_SESSIONS && payload) {
        char *end;
        long long uid = strtoll(payload, &end, 10);
        if (end != payload && uid > 0) kz_auth_forget_user((int64_t)uid);
    }
}

static void nap(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void *run(void *arg)
{
    (void)arg;
    bool listening = false;
    while (!atomic_load(&stop)) {
        db_conn *c = db_thread_conn(); /* its own: LISTEN ties a connection up */
        if (!c) {
            nap(poll_ms);
            continue;
        }
        if (!listening) {
            if (c->backend->listen(c) != DB_OK) {
                nap(poll_ms);
                continue;
            }
            listening = true;
            kz_auth_forget_all(); /* notices may have been missed while not listening */
        }
        heard h = {false};
        int n = c->backend->wait_note(c, poll_ms, on_note, &h);
        if (n < 0) listening = false;
        /* on a notice, and every poll_ms in any case */
        kz_search_catch_up(c);
    }
    return NULL;
}

int kz_follow_start(const char *url, int ms)
{
    char err[256];
    const db_backend *b = db_backend_for(url, err, sizeof err);
    if (!b || !b->listen) return 0; /* one process owns the data: nothing to follow */
    poll_ms = ms > 0 ? ms : 500;
    atomic_store(&stop, false);
    if (pthread_create(&thread, NULL, run, NULL) != 0) return -1;
    atomic_store(&running, true);
    return 0;
}

void kz_follow_stop(void)
{
    if (!atomic_load(&running)) return;
    atomic_store(&stop, true);
    pthread_join(thread, NULL);
    atomic_store(&running, false);
}
