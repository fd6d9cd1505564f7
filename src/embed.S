/* Files compiled into the binary; see src/core/embed.h. Paths are relative to the
 * repository root, where make runs. Each blob is followed by a NUL byte. */
#define BLOB(sym, path)                                                                          \
    .global sym;                                                                                 \
    .global sym##_end;                                                                           \
    .balign 16;                                                                                  \
    sym:                                                                                         \
    .incbin path;                                                                                \
    sym##_end:                                                                                   \
    .byte 0

    .section .rodata
BLOB(kz_res_openapi, "openapi.json")
BLOB(kz_res_regions, "data/vocab/regions.tsv")
BLOB(kz_res_industries, "data/vocab/industries.tsv")
BLOB(kz_res_workdays, "data/vocab/workdays.tsv")
BLOB(kz_res_sqlite_001, "db/sqlite/001_init.sql")
BLOB(kz_res_sqlite_002, "db/sqlite/002_records.sql")
BLOB(kz_res_sqlite_003, "db/sqlite/003_cluster.sql")
BLOB(kz_res_sqlite_004, "db/sqlite/004_stats.sql")
BLOB(kz_res_sqlite_005, "db/sqlite/005_identity.sql")
BLOB(kz_res_sqlite_006, "db/sqlite/006_kind_records.sql")
BLOB(kz_res_sqlite_007, "db/sqlite/007_due_index.sql")
BLOB(kz_res_sqlite_008, "db/sqlite/008_contracts.sql")
BLOB(kz_res_sqlite_009, "db/sqlite/009_relations.sql")
BLOB(kz_res_sqlite_010, "db/sqlite/010_policy_ledger.sql")
BLOB(kz_res_sqlite_011, "db/sqlite/011_sharing.sql")
BLOB(kz_res_sqlite_012, "db/sqlite/012_market.sql")
BLOB(kz_res_sqlite_013, "db/sqlite/013_finance.sql")
BLOB(kz_res_sqlite_014, "db/sqlite/014_panels.sql")
BLOB(kz_res_sqlite_015, "db/sqlite/015_events.sql")
BLOB(kz_res_sqlite_016, "db/sqlite/016_brokers.sql")
BLOB(kz_res_pg_001, "db/postgresql/001_init.sql")
BLOB(kz_res_pg_002, "db/postgresql/002_records.sql")
BLOB(kz_res_pg_003, "db/postgresql/003_cluster.sql")
BLOB(kz_res_pg_004, "db/postgresql/004_stats.sql")
BLOB(kz_res_pg_005, "db/postgresql/005_identity.sql")
BLOB(kz_res_pg_006, "db/postgresql/006_kind_records.sql")
BLOB(kz_res_pg_007, "db/postgresql/007_due_index.sql")
BLOB(kz_res_pg_008, "db/postgresql/008_contracts.sql")
BLOB(kz_res_pg_009, "db/postgresql/009_relations.sql")
BLOB(kz_res_pg_010, "db/postgresql/010_policy_ledger.sql")
BLOB(kz_res_pg_011, "db/postgresql/011_sharing.sql")
BLOB(kz_res_pg_012, "db/postgresql/012_market.sql")
BLOB(kz_res_pg_013, "db/postgresql/013_finance.sql")
BLOB(kz_res_pg_014, "db/postgresql/014_panels.sql")
BLOB(kz_res_pg_015, "db/postgresql/015_events.sql")
BLOB(kz_res_pg_016, "db/postgresql/016_brokers.sql")

    .section .note.GNU-stack, "", @progbits
