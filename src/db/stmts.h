/* stmts.h — the catalogue of statements every backend implements. The parameters and
 * result columns of each are documented here once; each backend keeps its own SQL text
 * for every entry (sqlite_sql.c, …) and prepares it once per connection. */
#ifndef KZ_STMTS_H
#define KZ_STMTS_H

/* Org columns, in order: id, name, kind, credit_code, region, industry, tier, address,
 * contact, version, created_at, updated_at */
/* User columns: id, username, display_name, roles, org_id, disabled, version, created_at,
 * updated_at */
typedef enum db_stmt {
    Q_PING, /* () -> 1 */
    /* orgs */
    Q_ORG_INSERT, /* (name, kind, credit_code, region, industry, tier, address, contact, now) -> id
                   */
    Q_ORG_GET,    /* (id) -> org columns */
    Q_ORG_UPDATE, /* (id, name, kind, credit_code, region, industry, tier, address, contact, now,
                     version) -> (nothing; check changes) */
    Q_ORG_LIST,   /* (kind|null, region prefix|null, name substring|null, after id, limit) -> org
                     columns */
    Q_ORG_COUNT,  /* (kind|null, region prefix|null, name substring|null) -> n */
    /* users */
    Q_USER_INSERT,   /* (username, display_name, roles, org_id|null, password_hash, now) -> id */
    Q_USER_GET,      /* (id) -> user columns */
    Q_USER_AUTH,     /* (username) -> id, password_hash, disabled */
    Q_USER_UPDATE,   /* (id, display_name, roles, org_id|null, disabled, now, version) -> id */
    Q_USER_SET_HASH, /* (id, password_hash, now) -> id */
    Q_USER_LIST,  /* (org_id|null, role|null, username/display substring|null, region prefix|null,
                     after id, limit) -> user columns */
    Q_USER_COUNT, /* (org_id|null, role|null, substring|null, region prefix|null) -> n */
    Q_USER_TOTAL, /* () -> n */
    /* sessions */
    Q_SESSION_INSERT, /* (token_hash, user_id, csrf, created, expires) */
    Q_SESSION_GET,    /* (token_hash, now) -> user_id, csrf, username, display_name, roles, org_id,
                         org_region, expires */
    Q_SESSION_REVOKE, /* (token_hash) */
    Q_SESSION_REVOKE_USER, /* (user_id, keep token_hash|null) */
    Q_SESSION_PURGE,       /* (now) delete expired and revoked */
    /* audit chain */
    Q_AUDIT_HEAD,   /* () -> seq, hash of the newest row */
    Q_AUDIT_INSERT, /* (seq, at, actor, entity, entity_id, action, before, after, prev_hash, hash)
                     */
    Q_AUDIT_LIST,  /* (entity|null, entity_id|null, before seq (0: newest), limit) -> audit columns,
                      newest first */
    Q_AUDIT_COUNT, /* (entity|null, entity_id|null) -> n */
    Q_AUDIT_SCAN, /* (after seq, limit) -> seq, at, actor, entity, entity_id, action, before, after,
                     prev_hash, hash */
    /* change feed */
    Q_CHANGE_INSERT, /* (entity, entity_id, op, at) */
    Q_CHANGES_SINCE, /* (after seq, limit) -> seq, entity, entity_id, op, at */
    Q__COUNT
} db_stmt;

#endif
