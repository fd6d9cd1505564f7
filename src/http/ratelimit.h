/* ratelimit.h — failure counters per key in fixed windows (login attempts per client
 * address and per account). In memory, per process; a fixed-size table guarded by a mutex
 * (the oldest entry is reused when full, so memory stays bounded). */
#ifndef KZ_RATELIMIT_H
#define KZ_RATELIMIT_H
#include <stdbool.h>

void kz_ratelimit_setup(int limit, int window_s);
/* true when key has reached the limit within the current window. */
bool kz_ratelimit_blocked(const char *key);
/* Counts one failure for key. */
void kz_ratelimit_fail(const char *key);
/* Forgets key (after a success). */
void kz_ratelimit_reset(const char *key);
/* Seconds until key's window ends (for Retry-After); 0 when not blocked. */
int kz_ratelimit_retry_after(const char *key);

#endif
