/* user.h — accounts: create (password hashed, never returned), read, update, list, all
 * checked against the policy table and the roles the actor may grant.
 * Ownership: json_t **out is new; inputs are borrowed. */
#ifndef KZ_USER_H
#define KZ_USER_H
#include "../core/errors.h"
#include "../db/db.h"
#include "actor.h"
#include "common.h"
#include <jansson.h>

typedef struct kz_user_filter {
    int64_t org_id; /* 0: any */
    const char *role, *q;
} kz_user_filter;

kz_err kz_user_create(db_conn *c, const kz_actor *a, const json_t *in, json_t **out, kz_error *e);
kz_err kz_user_get(db_conn *c, const kz_actor *a, int64_t id, json_t **out, kz_error *e);
kz_err kz_user_update(db_conn *c, const kz_actor *a, int64_t id, const json_t *patch,
                      int64_t if_match, json_t **out, kz_error *e);
kz_err kz_user_list(db_conn *c, const kz_actor *a, const kz_user_filter *f, const kz_page *p,
                    json_t **out, kz_error *e);
/* Reads a user record without a permission check (for the session owner after login). */
db_status kz_user_load(db_conn *c, int64_t id, json_t **out);
/* A user record from a row whose first columns are the user columns (stmts.h). New ref. */
json_t *kz_user_row_json(const db_row *r);
/* Number of accounts (to tell an empty installation). */
db_status kz_user_total(db_conn *c, int64_t *n);

#endif
