/* ratelimit.h — failure counters per key in fixed windows (login attempts per client
 * address and per account). In memory, per process; a fixed-size table guarded by a mutex
 * (the oldest entry is reused when full, so memory stays bounded). */
#ifndef KZ_RATELIMIT_H
#define KZ_RATELIMIT_H
#include <stdbool.h>

void kz_ratelimit_setup(int limit, int window_s);
/* true when key has reached the limit within the current window. */
bool kz_ratelimit_blocked(const char *key);
/* Atomically: unless key1 or key2 (key2 may be NULL) has reached the limit, counts one
 * attempt on both and returns true; otherwise returns false and counts nothing. Concurrent
 * attempts therefore cannot all slip past the check before any of them is counted. */
bool kz_ratelimit_take(const char *key1, const char *key2);
/* Returns one attempt counted by kz_ratelimit_take (e.g. when it succeeded). */
void kz_ratelimit_give_back(const char *key);
/* Forgets key (after a success). */
void kz_ratelimit_reset(const char *key);
/* Seconds until key's window ends (for Retry-After); 0 when not blocked. */
int kz_ratelimit_retry_after(const char *key);

#endif
