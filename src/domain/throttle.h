/* throttle.h — failed-login counters per key ("ip:ADDRESS", "user:NAME") in fixed windows,
 * kept in the database (table login_throttle), so that every server node sharing it enforces
 * one limit. A key's window starts at its first counted attempt and lasts `window` seconds.
 *
 * Each call is its own short write transaction (or joins the caller's). The limit and window
 * come from kz_throttle_setup(); the database knows only counts and start times.
 * Ownership: keys are borrowed. Errors of the database are reported as "not blocked" for
 * reads and as refusals for kz_throttle_take (fail closed). */
#ifndef KZ_THROTTLE_H
#define KZ_THROTTLE_H
#include "../db/db.h"
#include <stdbool.h>

void kz_throttle_setup(int limit, int window_s);
/* true when key has reached the limit within its current window. */
bool kz_throttle_blocked(db_conn *c, const char *key);
/* Atomically (across nodes): unless key1 or key2 (key2 may be NULL) has reached the limit,
 * counts one attempt on both and returns true; otherwise counts nothing and returns false. */
bool kz_throttle_take(db_conn *c, const char *key1, const char *key2);
/* Returns one attempt counted by kz_throttle_take on each key given (key2 may be NULL); with
 * reset2, forgets key2 instead (after a success: the account starts afresh). */
void kz_throttle_give_back(db_conn *c, const char *key1, const char *key2, bool reset2);
/* Forgets key. */
void kz_throttle_reset(db_conn *c, const char *key);
/* Seconds until key's window ends (for Retry-After; at least 1 while blocked); 0 when not. */
int kz_throttle_retry_after(db_conn *c, const char *key);
/* Drops ended windows (the server's upkeep calls it). */
db_status kz_throttle_purge(db_conn *c);

#endif
