/* event.c — see event.h. */
#include "event.h"
#include "../core/jsonx.h"
#include "common.h"
#include "counts.h"
#include "engine.h"
#include <stdio.h>
#include <string.h>

db_status kz_event_count(db_conn *c, int64_t event_id, const char *key, int64_t delta)
{
    return kz_record_count(c, "event", event_id, key, delta);
}

static db_status counts_of(db_conn *c, int64_t event_id, json_t *into)
{
    return kz_record_counts(c, "event", event_id, into);
}

static int64_t count(const json_t *counts, const char *key)
{
    return json_integer_value(json_object_get(counts, key));
}

db_status kz_event_taken(db_conn *c, int64_t event_id, int64_t *taken)
{
    json_t *counts = json_object();
    db_status st = counts_of(c, event_id, counts);
    *taken = count(counts, "reg:registered") + count(counts, "reg:attended");
    json_decref(counts);
    return st;
}

/* {"<status>": n, …} of the counts named prefix:<status>, every state of vocab present. */
static json_t *by_state(const json_t *counts, const char *prefix, const kz_enum *vocab)
{
    json_t *o = json_object();
    for (const kz_enum_item *i = vocab->items; i->code; i++) {
        char key[48];
        snprintf(key, sizeof key, "%s:%s", prefix, i->code);
        json_object_set_new(o, i->code, json_integer(count(counts, key)));
    }
    return o;
}

/* The programme's records as {id, title, org_name, status} (what the reader may see of them:
 * published records are public, others are left out). */
static json_t *programme(db_conn *c, const kz_actor *a, const json_t *ids, const kz_kind_desc *k)
{
    json_t *out = json_array();
    for (size_t i = 0; i < json_array_size(ids); i++) {
        json_t *r = NULL;
        kz_error e = {0};
        if (kz_kind_get(k, c, a, json_integer_value(json_array_get(ids, i)), &r, &e) == KZ_OK)
            json_array_append_new(out,
                                  json_pack("{s:O, s:O, s:O, s:O}", "id", json_object_get(r, "id"),
                                            "title", json_object_get(r, "title"), "org_name",
                                            json_object_get(r, "org_name"), "status",
                                            json_object_get(r, "status")));
        kz_error_clear(&e);
        json_decref(r);
    }
    return out;
}

kz_err kz_event_results(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e)
{
    *out = NULL;
    json_t *ev = NULL;
    kz_err rc = kz_kind_get(&kz_kind_event, c, a, id, &ev, e);
    if (rc != KZ_OK) return rc;
    json_t *counts = json_object();
    db_status st = counts_of(c, id, counts);
    if (st != DB_OK) {
        json_decref(counts);
        json_decref(ev);
        return kz_db_fail(e, st);
    }
    json_t *regs = by_state(counts, "reg", &kz_enum_event_registration_statuses);
    json_t *att = by_state(counts, "att", &kz_enum_event_registration_statuses);
    json_t *deals = by_state(counts, "deal", &kz_enum_deal_statuses);
    int64_t started = 0;
    const char *k;
    json_t *v;
    json_object_foreach(deals, k, v) started += json_integer_value(v);
    json_t *cap = json_object_get(ev, "capacity");
    *out =
        json_pack("{s:I, s:O, s:O, s:O, s:O, s:o, s:I, s:o, s:I, s:I, s:o, s:I, s:I, s:o, s:o}",
                  "event_id", (json_int_t)id, "title", json_object_get(ev, "title"), "status",
                  json_object_get(ev, "status"), "held_on", json_object_get(ev, "held_on"),
                  "capacity", cap ? cap : json_null(), "registrations", regs, "registered",
                  (json_int_t)(count(counts, "reg:registered") + count(counts, "reg:attended") +
                               count(counts, "reg:absent")),
                  "attendees", att, "attended", (json_int_t)count(counts, "reg:attended"),
                  "attendees_came", (json_int_t)count(counts, "att:attended"), "deals", deals,
                  "deals_started", (json_int_t)started, "deals_signed",
                  (json_int_t)count(counts, "deal:signed"), "achievements",
                  programme(c, a, json_object_get(ev, "achievement_ids"), &kz_kind_achievement),
                  "demands", programme(c, a, json_object_get(ev, "demand_ids"), &kz_kind_demand));
    json_decref(counts);
    json_decref(ev);
    return KZ_OK;
}
