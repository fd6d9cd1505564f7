/* h_kinds.c — GET /api/v1/kinds: the record kinds as the engine serves them (engine.h), so
 * that forms show the server's own fields, names, limits and vocabularies. Public and
 * cacheable: a descriptor holds no data, only the rules every user is held to. */
#include "../domain/engine.h"
#include "handlers.h"

void h_kinds(kz_req *r)
{
    json_t *items = json_array();
    for (int i = 0; kz_kinds[i]; i++)
        json_array_append_new(items, kz_kind_describe(kz_kinds[i]));
    kz_reply_json(r, 200, json_pack("{s:o}", "items", items));
    kz_add_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "public, max-age=300");
}
