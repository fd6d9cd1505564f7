/* maint.h — the server's background upkeep: every minute (and at start, once the search index is
 * ready or a minute has passed) it moves published
 * achievements past their validity date to `expired` and purges dead sessions and ended
 * login-throttle windows. One thread
 * with its own database connection; kz_maint_stop() wakes and joins it. */
#ifndef KZ_MAINT_H
#define KZ_MAINT_H

int kz_maint_start(int interval_s);
void kz_maint_stop(void);

#endif
