/* embed.h — files compiled into the binary (src/embed.S): the API description, the
 * vocabularies and the SQL migrations. Each is NUL-terminated; the memory is static. */
#ifndef KZ_EMBED_H
#define KZ_EMBED_H
#include <stddef.h>

extern const char kz_res_openapi[], kz_res_openapi_end[];
extern const char kz_res_workdays[], kz_res_workdays_end[];
extern const char kz_res_regions[], kz_res_regions_end[];
extern const char kz_res_industries[], kz_res_industries_end[];
extern const char kz_res_sqlite_001[], kz_res_sqlite_001_end[];
extern const char kz_res_sqlite_002[], kz_res_sqlite_002_end[];
extern const char kz_res_sqlite_003[], kz_res_sqlite_003_end[];
extern const char kz_res_sqlite_004[], kz_res_sqlite_004_end[];
extern const char kz_res_sqlite_005[], kz_res_sqlite_005_end[];
extern const char kz_res_sqlite_006[], kz_res_sqlite_006_end[];
extern const char kz_res_sqlite_007[], kz_res_sqlite_007_end[];
extern const char kz_res_sqlite_008[], kz_res_sqlite_008_end[];
extern const char kz_res_sqlite_009[], kz_res_sqlite_009_end[];
extern const char kz_res_sqlite_010[], kz_res_sqlite_010_end[];
extern const char kz_res_sqlite_011[], kz_res_sqlite_011_end[];
extern const char kz_res_sqlite_012[], kz_res_sqlite_012_end[];
extern const char kz_res_sqlite_013[], kz_res_sqlite_013_end[];
extern const char kz_res_sqlite_014[], kz_res_sqlite_014_end[];
extern const char kz_res_sqlite_015[], kz_res_sqlite_015_end[];
extern const char kz_res_sqlite_016[], kz_res_sqlite_016_end[];
extern const char kz_res_pg_001[], kz_res_pg_001_end[];
extern const char kz_res_pg_002[], kz_res_pg_002_end[];
extern const char kz_res_pg_003[], kz_res_pg_003_end[];
extern const char kz_res_pg_004[], kz_res_pg_004_end[];
extern const char kz_res_pg_005[], kz_res_pg_005_end[];
extern const char kz_res_pg_006[], kz_res_pg_006_end[];
extern const char kz_res_pg_007[], kz_res_pg_007_end[];
extern const char kz_res_pg_008[], kz_res_pg_008_end[];
extern const char kz_res_pg_009[], kz_res_pg_009_end[];
extern const char kz_res_pg_010[], kz_res_pg_010_end[];
extern const char kz_res_pg_011[], kz_res_pg_011_end[];
extern const char kz_res_pg_012[], kz_res_pg_012_end[];
extern const char kz_res_pg_013[], kz_res_pg_013_end[];
extern const char kz_res_pg_014[], kz_res_pg_014_end[];
extern const char kz_res_pg_015[], kz_res_pg_015_end[];
extern const char kz_res_pg_016[], kz_res_pg_016_end[];

static inline size_t kz_res_len(const char *start, const char *end)
{
    return (size_t)(end - start);
}

#endif
