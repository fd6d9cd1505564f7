/* workdays.h — China's working days: Monday to Friday, less the public holidays, plus the
 * weekend days worked in their place (调休), from data/vocab/workdays.tsv (embedded; the years
 * it covers are listed there — a later year counts weekends only).
 *
 * Dates are "YYYY-MM-DD". Thread safety: the table is read once (kz_workdays_init, or the first
 * call) and only read after. Nothing to free. */
#ifndef KZ_WORKDAYS_H
#define KZ_WORKDAYS_H
#include <stdbool.h>

void kz_workdays_init(void);
/* Whether day (a valid date) is a working day. */
bool kz_workday(const char *day);
/* The n-th working day after day (n >= 1) into out; false when day is not a valid date. */
bool kz_workday_add(const char *day, int n, char out[11]);
/* The last year the table covers (0: none). */
int kz_workdays_last_year(void);

#endif
