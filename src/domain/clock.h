/* clock.h — time as the API writes it: RFC 3339 UTC, second precision. */
#ifndef KZ_CLOCK_H
#define KZ_CLOCK_H
#include <stdint.h>
#include <time.h>

/* Writes "2026-11-22T05:00:00Z" (21 bytes with NUL) for t. */
void kz_rfc3339(time_t t, char out[24]);
int64_t kz_now(void);

#endif
