/* common.h — small helpers shared by the domain modules: list paging, mapping storage
 * status to API errors, row-to-JSON conversions. */
#ifndef KZ_DOMAIN_COMMON_H
#define KZ_DOMAIN_COMMON_H
#include "../core/errors.h"
#include "../db/db.h"
#include <jansson.h>

#define KZ_LIST_DEFAULT 20
#define KZ_LIST_MAX     100

/* Paging parameters shared by every list: limit (1–100) and an opaque cursor. */
typedef struct kz_page {
    int limit;
    int64_t after; /* decoded cursor: the last id of the previous page (0: first page) */
} kz_page;

/* Parses limit/cursor query values (either may be NULL); field errors go to e. */
bool kz_page_parse(const char *limit, const char *cursor, kz_page *p, kz_error *e);

/* Builds {"items", "next_cursor", "total"} from items fetched with limit+1 rows; takes
 * ownership of items. key names the id member used for the cursor. */
json_t *kz_page_result(json_t *items, const kz_page *p, int64_t total, const char *key);

/* Maps a storage status to an API error (soft → 503, conflict → 409, other → 500). */
kz_err kz_db_fail(kz_error *e, db_status st);

/* JSON value of a text column: string or null. */
json_t *kz_col_str(const db_row *r, int col);

#endif
