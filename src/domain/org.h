/* org.h — 主体库 organizations (PRODUCT.md §3.1): registering (the engine's, kinds/org.c),
 * the list, and look-ups by id and credit code.
 *
 * Ownership: every json_t **out is a new reference the caller releases; inputs are borrowed.
 * All writes run in one transaction with their audit row and change-feed row. */
#ifndef KZ_ORG_H
#define KZ_ORG_H
#include "../core/errors.h"
#include "../db/db.h"
#include "actor.h"
#include "common.h"
#include <jansson.h>

typedef struct kz_org_filter {
    const char *kind, *region, *q;
} kz_org_filter;

/* Registers an org: kz_kind_create of kz_kind_org (POST /orgs, GET and PATCH /orgs/{id} are
 * the engine's, engine.h). */
kz_err kz_org_create(db_conn *c, const kz_actor *a, const json_t *in, json_t **out, kz_error *e);
/* Checks a create request (permission and fields) without writing. */
kz_err kz_org_check(db_conn *c, const kz_actor *a, const json_t *in, kz_error *e);
kz_err kz_org_list(db_conn *c, const kz_actor *a, const kz_org_filter *f, const kz_page *p,
                   json_t **out, kz_error *e);
/* The id of the org registered with this 统一社会信用代码 (DB_NOROW when none). */
db_status kz_org_by_credit_code(db_conn *c, const char *code, int64_t *id);
/* Reads an org's region into region[8] ("" when none); DB_NOROW when it does not exist. */
db_status kz_org_region(db_conn *c, int64_t id, char region[8]);
/* The org's industry code (GB/T 4754, "" when none); DB_NOROW when there is no such org. */
db_status kz_org_industry(db_conn *c, int64_t id, char industry[8]);
/* Reads an org's name as a JSON string into *name (new); DB_NOROW when it does not exist. */
db_status kz_org_name(db_conn *c, int64_t id, json_t **name);

#endif
