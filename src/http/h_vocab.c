/* h_vocab.c — /api/v1/vocab: national code lists and the platform's closed vocabularies.
 * Public and cacheable. Regions take ?parent=CODE or ?level=1|2|3 (and ?prefix=51 for one
 * province); industries ?level=1..4 and ?parent (a section letter or a code prefix). */
#include "../core/vocab.h"
#include "../domain/enums.h"
#include "handlers.h"
#include <stdlib.h>
#include <string.h>

static void cacheable(kz_req *r)
{
    kz_add_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "public, max-age=3600");
}

void h_vocab_index(kz_req *r)
{
    json_t *items = json_array();
    json_array_append_new(
        items, json_pack("{s:s, s:s}", "key", "regions", "title", "行政区划（GB/T 2260）"));
    json_array_append_new(items, json_pack("{s:s, s:s}", "key", "industries", "title",
                                           "国民经济行业分类（GB/T 4754-2017）"));
    for (int i = 0; kz_enums[i]; i++)
        json_array_append_new(
            items, json_pack("{s:s, s:s}", "key", kz_enums[i]->key, "title", kz_enums[i]->title));
    kz_reply_json(r, 200, json_pack("{s:o}", "items", items));
    cacheable(r);
}

static bool parse_level(kz_req *r, int max, int *out)
{
    const char *l = kz_arg(r, "level");
    *out = 0;
    if (!l) return true;
    if (strlen(l) != 1 || l[0] < '1' || l[0] > '0' + max) {
        kz_error e = {0};
        kz_field_error(&e, "level", "无效的层级");
        kz_reply_error(r, &e);
        return false;
    }
    *out = l[0] - '0';
    return true;
}

static void code_list(kz_req *r, kz_vocab_kind kind, int max_level)
{
    int level, n;
    if (!parse_level(r, max_level, &level)) return;
    const char *parent = kz_arg(r, "parent"), *prefix = kz_arg(r, "prefix");
    if ((parent && strlen(parent) > 8) || (prefix && strlen(prefix) > 8)) {
        kz_error e = {0};
        kz_field_error(&e, parent ? "parent" : "prefix", "超过长度上限");
        kz_reply_error(r, &e);
        return;
    }
    const kz_vocab_entry *all = kz_vocab_all(kind, &n);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        const kz_vocab_entry *v = &all[i];
        if (level && v->level != level) continue;
        if (prefix && strncmp(v->code, prefix, strlen(prefix)) != 0) continue;
        if (parent) {
            bool child;
            if (kind == KZ_VOCAB_REGION)
                child = strcmp(v->parent, parent) == 0;
            else if (strlen(parent) == 1 && parent[0] >= 'A' && parent[0] <= 'Z')
                child = v->level == 2 && strcmp(v->parent, parent) == 0; /* 门类 → 大类 */
            else
                child = v->level >= 2 && strlen(v->code) == strlen(parent) + 1 &&
                        strncmp(v->code, parent, strlen(parent)) == 0;
            if (!child) continue;
        }
        json_t *o =
            json_pack("{s:s, s:s, s:i}", "code", v->code, "name", v->name, "level", v->level);
        json_object_set_new(o, kind == KZ_VOCAB_REGION ? "parent" : "section",
                            v->parent[0] ? json_string(v->parent) : json_null());
        json_array_append_new(items, o);
    }
    kz_reply_json(
        r, 200,
        json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
    cacheable(r);
}

void h_vocab_get(kz_req *r)
{
    if (!strcmp(r->key, "regions")) return code_list(r, KZ_VOCAB_REGION, 3);
    if (!strcmp(r->key, "industries")) return code_list(r, KZ_VOCAB_INDUSTRY, 4);
    const kz_enum *e = kz_enum_by_key(r->key);
    if (!e) {
        kz_reply_code(r, KZ_E_NOT_FOUND, "没有这个词表");
        return;
    }
    json_t *items = json_array();
    for (const kz_enum_item *i = e->items; i->code; i++) {
        json_t *o = json_pack("{s:s, s:s}", "code", i->code, "name", i->name);
        if (i->description) json_object_set_new(o, "description", json_string(i->description));
        json_array_append_new(items, o);
    }
    kz_reply_json(r, 200,
                  json_pack("{s:s, s:s, s:o}", "key", e->key, "title", e->title, "items", items));
    cacheable(r);
}
