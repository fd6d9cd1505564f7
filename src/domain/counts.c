/* counts.c — see counts.h. */
#include "counts.h"
#include "engine.h"

db_status kz_record_count(db_conn *c, const char *entity, int64_t id, const char *key,
                          int64_t delta)
{
    if (!delta) return DB_OK;
    db_status st =
        DB_EXEC(c, Q_RC_ADD, NULL, NULL, db_text(entity), db_int(id), db_text(key), db_int(delta));
    return st == DB_NOROW ? DB_OK : st;
}

static db_status counts_cb(void *ctx, const db_row *r)
{
    json_object_set_new(ctx, db_col_text(r, 0), json_integer(db_col_int(r, 1)));
    return DB_OK;
}

db_status kz_record_counts(db_conn *c, const char *entity, int64_t id, json_t *into)
{
    db_status st = DB_EXEC(c, Q_RC_GET, counts_cb, into, db_text(entity), db_int(id));
    return st == DB_NOROW ? DB_OK : st;
}

db_status kz_counts_rebuild(db_conn *c)
{
    /* the kinds whose counted hooks keep record counts */
    static const kz_kind_desc *const keepers[] = {&kz_kind_event_registration, &kz_kind_deal,
                                                  &kz_kind_broker, &kz_kind_broker_training,
                                                  &kz_kind_broker_assignment};
    db_status st = db_exec(c, Q_RC_CLEAR, NULL, 0, NULL, NULL);
    if (st == DB_NOROW) st = DB_OK;
    for (size_t i = 0; st == DB_OK && i < sizeof keepers / sizeof keepers[0]; i++)
        st = kz_kind_recount(keepers[i], c);
    return st;
}
