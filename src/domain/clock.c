#include "clock.h"

void kz_rfc3339(time_t t, char out[24])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int64_t kz_now(void)
{
    return (int64_t)time(NULL);
}
