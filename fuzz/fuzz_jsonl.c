/* fuzz_jsonl.c — libFuzzer target for the JSONL reader and a JSONL write/read round trip of
 * whatever was read. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_rows r = {.rows = json_array()};
    kz_table_read_opts o = {.format = KZ_TABLE_JSONL, .limits = &fuzz_limits};
    kz_table_error e;
    int rc = kz_table_read_mem_ex((const char *)data, size, &o, fuzz_row, &r, &e);
    fuzz_check_status(rc, &e);
    FUZZ_CHECK(rc != KZ_TABLE_STOPPED && rc != KZ_TABLE_E_HEADER && rc != KZ_TABLE_E_SHAPE);
    if (rc == KZ_TABLE_OK) fuzz_round_trip(KZ_TABLE_JSONL, NULL, r.rows);
    json_decref(r.rows);
    return 0;
}
