/* audit.h — the hash-chained audit log (痕迹) and the change feed.
 *
 * Each state change appends {seq, at, actor, entity, entity_id, action, before, after,
 * prev_hash, hash} where hash = SHA-256 of a canonical encoding of the other fields (see
 * kz_audit_hash) and prev_hash is the previous row's hash (64 zeros for the first row).
 * Appends happen inside the caller's write transaction, so the record and its trace commit
 * together or not at all.
 * Ownership: before/after are borrowed (serialized, not kept). Returned json is new. */
#ifndef KZ_AUDIT_H
#define KZ_AUDIT_H
#include "../core/errors.h"
#include "../db/db.h"
#include "actor.h"
#include <jansson.h>
#include <stdio.h>

#define KZ_AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

typedef struct kz_audit_row {
    int64_t seq;
    const char *at, *actor, *entity, *entity_id, *action;
    const char *before, *after; /* canonical JSON text or NULL */
    const char *prev_hash, *hash;
} kz_audit_row;

/* Computes the row's hash (ignoring r->hash) as 64 lowercase hex characters. */
void kz_audit_hash(const kz_audit_row *r, char out[65]);

/* Appends one row. entity_id is text so that composite ids fit. */
db_status kz_audit_append(db_conn *c, const kz_actor *a, const char *entity, const char *entity_id,
                          const char *action, const json_t *before, const json_t *after);

/* The newest row of the chain (seq 0 and the genesis hash when there is none). A writer that
 * appends many rows in one write transaction (a bulk import) reads it once and then appends
 * after it; the write lock of the transaction keeps it the head meanwhile. */
typedef struct kz_audit_head {
    int64_t seq;
    char hash[65];
} kz_audit_head;
db_status kz_audit_head_read(db_conn *c, kz_audit_head *h);
/* As kz_audit_append, after h (read in the same write transaction), which then names the row
 * appended (left as it was when the insert fails). */
db_status kz_audit_append_after(db_conn *c, kz_audit_head *h, const kz_actor *a, const char *entity,
                                const char *entity_id, const char *action, const json_t *before,
                                const json_t *after);
/* Writes a change-feed row (op: insert|update|delete) for the search index and other nodes. */
db_status kz_change_append(db_conn *c, const char *entity, int64_t id, const char *op);

/* The actor as written in the log: "user:<id>:<username>", "cli:<name>" or "anonymous". */
void kz_actor_label(const kz_actor *a, char *buf, size_t n);

/* GET /audit: newest first, filtered by entity and id, cursor = seq to go below. */
kz_err kz_audit_list(db_conn *c, const kz_actor *a, const char *entity, const char *entity_id,
                     int64_t before_seq, int limit, json_t **out, kz_error *e);

/* Walks the whole chain. Returns 0 when every row verifies (and, when expect_head is given,
 * the newest hash equals it); otherwise the seq of the first bad row (or -1 when the
 * database cannot be read) and a reason in why. *rows receives the count checked and
 * head (65 bytes) the newest hash. */
int64_t kz_audit_verify(db_conn *c, const char *expect_head, int64_t *rows, char head[65],
                        char *why, size_t whylen);

/* GET /audit/verify: walks the chain as kz_audit_verify does, for officers and admins.
 * head, when given (64 lowercase hex characters), pins the newest hash. *out is a report
 * {ok, rows, head, bad_seq, reason, checked_at}; a broken chain is a report with ok false,
 * not an error. */
kz_err kz_audit_check(db_conn *c, const kz_actor *a, const char *expect_head, json_t **out,
                      kz_error *e);

#endif
