#include "maint.h"
#include "db/db.h"
#include "domain/achievement.h"
#include "domain/auth.h"
#include "domain/challenge.h"
#include "domain/market.h"
#include "domain/search.h"
#include "domain/throttle.h"
#include "domain/voucher.h"
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

static pthread_t thread;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static bool stop, running;
static int interval;

static void *run(void *arg)
{
    (void)arg;
    /* the first round once the search index is ready (or after one interval at most): its scan
     * of the published achievements (seconds of CPU and I/O at 10^6 records) would otherwise
     * compete with loading the index on a small machine, and ready is what a start waits for */
    for (int waited = 0; waited < interval * 1000 && !kz_search_wait_ready(200); waited += 200) {
        pthread_mutex_lock(&mu);
        bool stopping = stop;
        pthread_mutex_unlock(&mu);
        if (stopping) return NULL;
    }
    pthread_mutex_lock(&mu);
    time_t last = 0;
    while (!stop) {
        pthread_mutex_unlock(&mu);
        db_conn *c = db_thread_conn();
        time_t now = time(NULL);
        /* the market's steps every second: an auction ends when its time comes, not a minute
         * later (one indexed read when nothing is due) */
        if (c) {
            int n = kz_market_due(c);
            if (n > 0)
                printf("{\"level\":\"info\",\"msg\":\"market steps taken\",\"count\":%d}\n", n);
        }
        if (c && now - last >= interval) {
            last = now;
            int n = kz_ach_expire_due(c);
            if (n > 0)
                printf("{\"level\":\"info\",\"msg\":\"achievements expired\",\"count\":%d}\n", n);
            n = kz_challenge_close_due(c);
            if (n > 0)
                printf("{\"level\":\"info\",\"msg\":\"challenges closed at their deadline\","
                       "\"count\":%d}\n",
                       n);
            n = kz_voucher_expire_due(c);
            if (n > 0)
                printf("{\"level\":\"info\",\"msg\":\"vouchers expired\",\"count\":%d}\n", n);
            kz_auth_purge(c);
            kz_throttle_purge(c);
        }
        pthread_mutex_lock(&mu);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        while (!stop && pthread_cond_timedwait(&cv, &mu, &until) == 0) {
        }
    }
    pthread_mutex_unlock(&mu);
    return NULL;
}

int kz_maint_start(int interval_s)
{
    interval = interval_s;
    stop = false;
    if (pthread_create(&thread, NULL, run, NULL) != 0) return -1;
    running = true;
    return 0;
}

void kz_maint_stop(void)
{
    if (!running) return;
    pthread_mutex_lock(&mu);
    stop = true;
    pthread_cond_signal(&cv);
    pthread_mutex_unlock(&mu);
    pthread_join(thread, NULL);
    running = false;
}
