/* fuzz_csv.c — libFuzzer target for the CSV reader (encodings, quoting, header checks) and a
 * CSV write/read round trip of whatever was read. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_rows r = {.rows = json_array()};
    kz_table_read_opts o = {.format = KZ_TABLE_CSV, .header = fuzz_header, .limits = &fuzz_limits};
    kz_table_error e;
    int rc = kz_table_read_mem_ex((const char *)data, size, &o, fuzz_row, &r, &e);
    fuzz_check_status(rc, &e);
    FUZZ_CHECK(rc != KZ_TABLE_STOPPED);
    if (rc == KZ_TABLE_OK) {
        FUZZ_CHECK(r.header != NULL);
        fuzz_round_trip(KZ_TABLE_CSV, r.header, r.rows);
    }
    json_decref(r.rows);
    json_decref(r.header);
    return 0;
}
