/* fuzz_xlsx.c — libFuzzer target for the XLSX reader: zip directory and entries (minizip over
 * memory), relationships, shared strings and the sheet XML. No round trip: the writer goes
 * through libxlsxwriter and temporary files, too slow for fuzzing. Seeds are made by
 * fuzz/xlsx_seed.c (stored, uncompressed entries, so mutations reach the XML). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_rows r = {.rows = json_array()};
    kz_table_read_opts o = {.format = KZ_TABLE_XLSX, .header = fuzz_header, .limits = &fuzz_limits};
    kz_table_error e;
    int rc = kz_table_read_mem_ex((const char *)data, size, &o, fuzz_row, &r, &e);
    fuzz_check_status(rc, &e);
    FUZZ_CHECK(rc != KZ_TABLE_STOPPED);
    if (rc == KZ_TABLE_OK) FUZZ_CHECK(r.header != NULL);
    /* Every value is a non-empty string under a header name. */
    size_t i;
    json_t *row;
    json_array_foreach(r.rows, i, row)
    {
        const char *k;
        json_t *v;
        json_object_foreach(row, k, v)
        {
            FUZZ_CHECK(json_is_string(v) && json_string_length(v) > 0);
            FUZZ_CHECK(json_string_length(v) <= fuzz_limits.cell_bytes);
        }
    }
    json_decref(r.rows);
    json_decref(r.header);
    return 0;
}
