/* workdays.c — China's working days (workdays.h). */
#include "workdays.h"
#include "embed.h"
#include "validate.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_DAYS 512

static struct {
    char day[MAX_DAYS][11];
    bool work[MAX_DAYS];
    int n, last_year;
} cal;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int cmp_day(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

/* "date\toff|work\tname" lines, '#' comments; sorted by date once read. */
static void load(void)
{
    const char *p = kz_res_workdays, *end = kz_res_workdays_end;
    while (p < end && cal.n < MAX_DAYS) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        if (*p != '#' && eol - p > 14 && p[10] == '\t') {
            char d[11];
            memcpy(d, p, 10);
            d[10] = 0;
            if (kz_date_valid(d)) {
                memcpy(cal.day[cal.n], d, 11);
                cal.work[cal.n] = !strncmp(p + 11, "work", 4);
                int y = atoi(d);
                if (y > cal.last_year) cal.last_year = y;
                cal.n++;
            }
        }
        p = eol + 1;
    }
    /* (the days and their flags sorted together: an index sort over a copy) */
    for (int i = 1; i < cal.n; i++)
        for (int j = i; j > 0 && cmp_day(cal.day[j - 1], cal.day[j]) > 0; j--) {
            char t[11];
            memcpy(t, cal.day[j], 11), memcpy(cal.day[j], cal.day[j - 1], 11),
                memcpy(cal.day[j - 1], t, 11);
            bool w = cal.work[j];
            cal.work[j] = cal.work[j - 1], cal.work[j - 1] = w;
        }
}

void kz_workdays_init(void)
{
    pthread_once(&once, load);
}

int kz_workdays_last_year(void)
{
    kz_workdays_init();
    return cal.last_year;
}

static time_t day_time(const char *day)
{
    struct tm tm = {
        .tm_year = atoi(day) - 1900, .tm_mon = atoi(day + 5) - 1, .tm_mday = atoi(day + 8)};
    return timegm(&tm);
}

bool kz_workday(const char *day)
{
    kz_workdays_init();
    const char(*hit)[11] = bsearch(day, cal.day, (size_t)cal.n, sizeof cal.day[0], cmp_day);
    if (hit) return cal.work[hit - cal.day];
    int wday = (int)((day_time(day) / 86400 + 3) % 7); /* 0 = Monday (1970-01-01 a Thursday) */
    return wday < 5;
}

bool kz_workday_add(const char *day, int n, char out[11])
{
    if (!day || !kz_date_valid(day) || n < 1) return false;
    time_t t = day_time(day);
    for (int found = 0; found < n;) {
        t += 86400;
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(out, 11, "%Y-%m-%d", &tm);
        found += kz_workday(out);
    }
    return true;
}
