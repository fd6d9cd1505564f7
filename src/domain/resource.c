/* resource.c — a shared resource's utilisation (resource.h). */
#include "resource.h"
#include "../core/jsonx.h"
#include "clock.h"
#include "engine.h"
#include "record.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void date_of(long long day, char out[11])
{
    time_t t = (time_t)(day * 86400);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Minutes since 1970 of "YYYY-MM-DDTHH:MM". */
static long long minute_of(const char *s)
{
    return kz_date_days(s) * 1440 + atoi(s + 11) * 60 + atoi(s + 14);
}

static int hhmm(const char *s)
{
    return s && strlen(s) == 5 ? atoi(s) * 60 + atoi(s + 3) : 0;
}

typedef struct slots_ctx {
    long long (*spans)[2];
    int n, cap;
} slots_ctx;

static db_status slot_cb(void *ctx, const db_row *r)
{
    slots_ctx *x = ctx;
    if (x->n == x->cap) {
        int cap = x->cap ? x->cap * 2 : 64;
        void *p = realloc(x->spans, (size_t)cap * sizeof *x->spans);
        if (!p) return DB_HARD;
        x->spans = p;
        x->cap = cap;
    }
    x->spans[x->n][0] = minute_of(db_col_text(r, 0));
    x->spans[x->n][1] = minute_of(db_col_text(r, 1));
    x->n++;
    return DB_OK;
}

kz_err kz_resource_utilisation(db_conn *c, const kz_actor *a, int64_t id, const char *from,
                               const char *to, json_t **out, kz_error *e)
{
    *out = NULL;
    char f[11], t[11], today[11];
    kz_today(today);
    if ((from && !kz_date_valid(from)) || (to && !kz_date_valid(to))) {
        if (from && !kz_date_valid(from)) kz_field_error(e, "from", "日期格式应为 YYYY-MM-DD");
        if (to && !kz_date_valid(to)) kz_field_error(e, "to", "日期格式应为 YYYY-MM-DD");
        return KZ_E_VALIDATION;
    }
    long long d0 = kz_date_days(today), monday = d0 - (d0 + 3) % 7; /* 1970-01-01 was a Thursday */
    long long lo = from ? kz_date_days(from) : monday,
              hi = to ? kz_date_days(to) : (from ? lo + 6 : monday + 6);
    if (hi < lo || hi - lo + 1 > KZ_UTIL_MAX_DAYS) {
        kz_field_error(e, "to", "截止日期应不早于起始日期，且至多 366 天");
        return KZ_E_VALIDATION;
    }
    json_t *res = NULL;
    kz_err rc = kz_kind_get(&kz_kind_resource, c, a, id, &res, e);
    if (rc != KZ_OK) return rc;
    date_of(lo, f);
    date_of(hi, t);
    static const char *const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    bool open[7] = {false};
    const json_t *od = json_object_get(res, "open_days");
    for (size_t i = 0; i < json_array_size(od); i++)
        for (int k = 0; k < 7; k++)
            open[k] |= !strcmp(json_string_value(json_array_get(od, i)), days[k]);
    int from_m = hhmm(kz_json_str(res, "open_from")), to_m = hhmm(kz_json_str(res, "open_to"));
    char a_[17], b_[17];
    snprintf(a_, sizeof a_, "%sT00:00", f);
    date_of(hi + 1, b_);
    snprintf(b_ + 10, sizeof b_ - 10, "T00:00");
    slots_ctx x = {0};
    db_status st = DB_EXEC(c, Q_BS_RANGE, slot_cb, &x, db_int(id), db_text(a_), db_text(b_));
    long long open_m = 0, booked = 0;
    if (st == DB_OK || st == DB_NOROW) {
        st = DB_OK;
        for (long long d = lo; d <= hi; d++) {
            if (!open[(d + 3) % 7] || to_m <= from_m) continue;
            long long ws = d * 1440 + from_m, we = d * 1440 + to_m;
            open_m += we - ws;
            /* the slots do not overlap one another (approval keeps them apart) */
            for (int i = 0; i < x.n; i++) {
                long long s = x.spans[i][0] > ws ? x.spans[i][0] : ws;
                long long en = x.spans[i][1] < we ? x.spans[i][1] : we;
                if (en > s) booked += en - s;
            }
        }
    }
    free(x.spans);
    if (st != DB_OK) {
        json_decref(res);
        return kz_db_fail(e, st);
    }
    *out = json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:I}", "resource_id", (json_int_t)id, "from",
                     f, "to", t, "open_minutes", (json_int_t)open_m, "booked_minutes",
                     (json_int_t)booked, "free_minutes", (json_int_t)(open_m - booked),
                     "utilisation_bp", (json_int_t)(open_m ? booked * 10000 / open_m : 0));
    json_decref(res);
    return KZ_OK;
}
