/* stmts.h — the catalogue of statements every backend implements. The parameters and
 * result columns of each are documented here once. The SQL of each is written once too, in
 * stmts_sql.h, with macros for the few things SQLite and PostgreSQL write differently; each
 * backend expands it in its dialect (sqlite_sql.c, pg_sql.c) and prepares each statement once
 * per connection.
 * Adding a statement: its id here, before Q__COUNT, with its parameters and result columns;
 * its text in stmts_sql.h, in the same order (the build fails until every id has one). */
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
    Q_ORG_BY_CREDIT, /* (credit_code) -> id */
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
    Q_SESSION_INSERT,      /* (token_hash, user_id, csrf, created, expires) */
    Q_SESSION_GET,         /* (token_hash, now) -> user columns, csrf, org_region, expires */
    Q_SESSION_REVOKE,      /* (token_hash) */
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
    /* 成果库 achievements. Record columns (ACH_COLS): id, org_id, created_by, status, data,
     * version, created_at, updated_at, published_at, org name, region, sort key */
    Q_ACH_INSERT, /* (org_id, created_by, status, title, industry, section, region, trl, price,
                     modes, valid_until, data, now, published_at|null) -> id */
    Q_ACH_GET,    /* (id) -> record columns */
    Q_ACH_UPDATE, /* (id, title, industry, section, region, trl, price, modes, valid_until, data,
                     now, version) -> id */
    Q_ACH_SET_STATUS, /* (id, status, now, version, published_at|null) -> id */
    Q_ACH_DUE,        /* (today) -> ids of published records whose validity ended */
    /* list variants share parameters: visibility ?1 all, ?2 org, ?3 reviewer, ?4 officer region
     * prefix; filters ?5 status, ?6 section, ?7 industry prefix, ?8 region prefix, ?9 trl min,
     * ?10 trl max, ?11 price min, ?12 price max, ?13 org, ?14 ",mode,", ?15 q; keyset ?16 key,
     * ?17 id; ?18 limit */
    Q_ACH_LIST_ID_DESC,
    Q_ACH_LIST_ID_ASC,
    Q_ACH_LIST_PRICE_ASC,
    Q_ACH_LIST_PRICE_DESC,
    Q_ACH_LIST_TRL_ASC,
    Q_ACH_LIST_TRL_DESC,
    Q_ACH_LIST_UPDATED_DESC,
    Q_ACH_COUNT,         /* (?1..?16) -> n */
    Q_ACH_FACET_SECTION, /* (?1..?16) -> section, n */
    Q_ACH_FACET_CITY,    /* (?1..?16) -> city code (4 digits), n */
    Q_ACH_FACET_TRL,     /* (?1..?16) -> trl, n */
    Q_ACH_BY_IDS,        /* (ids as a JSON array text) -> ACH_COLS, 0: the rows of a page the list
                            attributes chose (domain/listix.c), in no particular order */
    /* 需求库 demands; record columns as for achievements */
    Q_DEM_INSERT, /* (org_id, created_by, status, title, kind, industry, section, region, trl_min,
                     bmin, bmax, modes, deadline, data, now, published_at|null) -> id */
    Q_DEM_GET,
    Q_DEM_UPDATE,     /* (id, title, kind, industry, section, region, trl_min, bmin, bmax, modes,
                         deadline, data, now, version) -> id */
    Q_DEM_SET_STATUS, /* (id, status, now, version, published_at|null) -> id */
    /* list: visibility ?1..?4 as above; filters ?5 status, ?6 section, ?7 industry prefix,
     * ?8 region prefix, ?9 kind, ?10 budget min (max_fen >=), ?11 budget max (min_fen <=),
     * ?12 org, ?13 ",mode,", ?14 q, ?15 trl (trl_min <=); keyset ?16 key, ?17 id; ?18 limit */
    Q_DEM_LIST_ID_DESC,
    Q_DEM_LIST_ID_ASC,
    Q_DEM_LIST_BUDGET_DESC,
    Q_DEM_LIST_DEADLINE_ASC,
    Q_DEM_LIST_UPDATED_DESC,
    Q_DEM_COUNT,
    Q_DEM_FACET_SECTION,
    Q_DEM_FACET_CITY,
    Q_DEM_FACET_KIND,
    Q_DEM_BY_IDS,  /* (ids as a JSON array text) -> DEM_COLS, 0 */
    Q_DEM_OF_ORGS, /* (org ids as a JSON array text, limit) -> DEM_COLS, 0: their demands past
                      draft, newest first */
    /* the kinds of the shared table kind_records (migration 006, engine.h): record columns as
     * for achievements; every statement names the kind (?2 here, ?5 in lists) */
    Q_KR_INSERT, /* (org_id, created_by, status, kind, title, region, industry, section, category,
                    codes, money_lo, money_hi, data, now, published_at|null) -> id */
    Q_KR_GET,    /* (id, kind) -> KR_COLS, 0 */
    Q_KR_UPDATE, /* (id, kind, title, region, industry, section, category, codes, money_lo,
                    money_hi, data, now, version) -> id */
    Q_KR_SET_STATUS, /* (id, status, now, version, published_at|null) -> id */
    /* list: visibility ?1..?4 as above; ?5 kind, ?6 the kind's public states ",a,b,"; filters
     * ?7 status, ?8 org, ?9 region prefix, ?10 category, ?11 ",code," in codes, ?12 an amount
     * the money range covers (both bounds stated), ?13 q (in the title), ?14 section,
     * ?15 industry prefix; keyset ?16 key, ?17 id; ?18 limit */
    Q_KR_LIST_ID_DESC,
    Q_KR_LIST_ID_ASC,
    Q_KR_LIST_MONEY_HI_DESC,
    Q_KR_LIST_MONEY_LO_ASC,
    Q_KR_LIST_UPDATED_DESC,
    Q_KR_COUNT,          /* (?1..?16) -> n */
    Q_KR_FACET_CATEGORY, /* (?1..?16) -> category, n */
    Q_KR_FACET_CITY,     /* (?1..?16) -> city code (4 digits), n */
    Q_KR_FACET_SECTION,  /* (?1..?16) -> section, n */
    Q_KR_BY_IDS,         /* (ids as a JSON array text, kind) -> KR_COLS, 0 */
    Q_KR_CHILDREN,       /* (kind, parent id, status or NULL, limit) -> KR_COLS, 0 */
    Q_KR_SCAN,           /* (kind, after id, limit) -> KR_COLS, 0, by id */
    /* 技术合同登记 (kinds/contract.c, migration 008) */
    Q_CT_REGNO_NEXT,   /* (year, year as text "YYYY") -> the next sequence number of the year's
                          registration numbers (the first of a year: past the largest stored) */
    Q_CT_REGNO_TAKEN,  /* (year "YYYY", sequence "NNNNNN") -> 1 when a contract holds it */
    Q_CT_STAT_ADD,     /* (dim, key, n, amount_fen, tech_income_fen) upsert: each += its delta */
    Q_CT_STAT_CLEAR,   /* () */
    Q_CT_STAT_REBUILD, /* () the statistics recounted from the registered contracts */
    Q_CT_STAT_ALL, /* () -> dim, key, n, amount_fen, tech_income_fen of every nonzero row, by key */
    /* 揭榜挂帅 (kinds/challenge.c) */
    Q_CH_DUE, /* (today "YYYY-MM-DD") -> id of published challenges whose deadline has passed */
    /* 政策兑现 reward applications (kinds/policy_application.c, migration 010) */
    Q_PC_GET,          /* (policy id, subject id) -> the application id holding the claim */
    Q_PC_ADD,          /* (policy id, subject id, application id): kept when free */
    Q_PC_DEL,          /* (policy id, subject id, application id) */
    Q_PC_CLEAR,        /* () */
    Q_PC_REBUILD,      /* () the claims recounted from the applications */
    Q_PC_ALL,          /* () -> policy id, subject id, application id, by policy and subject */
    Q_PC_OF_POLICY,    /* (policy id) -> subject id of every claim of the policy */
    Q_ORG_SCAN_REGION, /* (region prefix or NULL, after id, limit) -> org columns, by id */
    /* shared instruments (kinds/resource.c, migration 011) */
    Q_BS_ADD,     /* (booking id, resource id, start, end): kept when the booking holds none */
    Q_BS_DEL,     /* (booking id) */
    Q_BS_OVERLAP, /* (resource id, start, end, booking id) -> another booking overlapping it */
    Q_BS_RANGE,   /* (resource id, from, to) -> start, end of the slots overlapping [from, to) */
    Q_BS_CLEAR,   /* () */
    Q_BS_REBUILD, /* () the slots recounted from the approved and running bookings */
    Q_BS_ALL,     /* () -> booking id, resource id, start, end, by booking */
    Q_VL_GET,     /* (voucher id) -> n, redeemed_fen */
    Q_VL_ADD,     /* (voucher id, n, redeemed_fen) upsert: += deltas */
    Q_VL_CLEAR,   /* () */
    Q_VL_REBUILD, /* () the ledger recounted from the charged bookings */
    Q_VL_ALL,     /* () -> voucher id, n, redeemed_fen of nonzero rows */
    Q_VC_DUE,     /* (today) -> id of an issued voucher past its validity */
    Q_PL_GET,     /* (policy id, org id, year) -> n, committed_fen, paid_fen */
    Q_PL_ADD,     /* (policy id, org id, year, n, committed_fen, paid_fen) upsert: += deltas */
    Q_PL_CLEAR,   /* () */
    Q_PL_REBUILD, /* () the ledger recounted from the approved and paid applications */
    Q_PL_ALL,     /* () -> policy id, org id, year, n, committed_fen, paid_fen of nonzero rows */
    /* 科技大市场 (kinds/listing.c, domain/market.c, migration 012) */
    Q_MS_GET,   /* (listing id) -> MS_COLS */
    Q_MS_PUT,   /* (listing id, MS_COLS…) upsert: the row as given */
    Q_MS_DUE,   /* (now, limit) -> listing id, phase of the listings whose step is due, by time */
    Q_MS_CLEAR, /* () */
    Q_MS_ALL,   /* () -> listing id, MS_COLS, by listing */
    Q_KR_CHILDREN_DESC, /* (kind, parent id, limit) -> KR_COLS, 0, newest first */
    Q_KR_CHILD_OF_ORG,  /* (kind, parent id, org id, status) -> id of the oldest such child */
    /* 科技金融 requests (kinds/finance_request.c, migration 013) */
    Q_FS_ADD,   /* (dim, key, n, granted_fen) upsert: each += its delta */
    Q_FS_CLEAR, /* () */
    Q_FS_ALL,   /* () -> dim, key, n, granted_fen of every nonzero row, by dim and key */
    Q_FS_DIM,   /* (dim, key prefix) -> key, n, granted_fen of the dim's nonzero rows, by key */
    /* expert panels (domain/panel.c, migration 014). EXP_COLS: user_id, title, fields, sections,
     * specialty, availability, conflict_orgs, updated_at; PM_COLS: panel_id, user_id, status, note,
     * invited_by, invited_at, updated_at */
    Q_EXP_GET,      /* (user id) -> EXP_COLS */
    Q_EXP_PUT,      /* (EXP_COLS) upsert */
    Q_EXP_MATCHING, /* (",<section letter>,", limit) -> EXP_COLS, display_name, org_id, roles,
                       disabled, org name of the experts with a field in that section, by user */
    Q_PM_GET,       /* (panel id, user id) -> PM_COLS */
    Q_PM_PUT,     /* (panel id, user id, status, note, invited_by, now) upsert (invited_at kept) */
    Q_PM_LIST,    /* (panel id) -> PM_COLS, display_name, org_id, org name, by invitation */
    Q_PM_MINE,    /* (user id, below panel id, limit) -> PM_COLS, the panel's status, data and
                     org_id, the member's sheets: not withdrawn, panels past draft, newest first */
    Q_PS_PUT,     /* (panel id, user id, item id, scores, total_c, comment, now) upsert */
    Q_PS_LIST,    /* (panel id) -> user_id, item_id, scores, total_c, comment, at by item, user */
    Q_PS_OF_USER, /* (panel id, user id) -> item_id, scores, total_c, comment, at by item */
    Q_PS_CLEAR,   /* (panel id, user id): a member's sheets (a recusal) */
    /* the counts records keep (record_counts, migration 015: domain/event.c kz_record_count) */
    Q_RC_ADD,    /* (entity, id, key, delta) upsert: n += delta */
    Q_RC_GET,    /* (entity, id) -> key, n of the record's nonzero counts, by key */
    Q_RC_CLEAR,  /* () */
    Q_RC_ALL,    /* () -> entity, id, key, n of every nonzero row, by entity, id and key */
    Q_RC_TOP,    /* (entity, key, limit) -> id, n, the user's display_name, org_id and org name:
                    the users with the highest positive count key that have an 'on:' count (a
                    registered broker), highest first, then by id (migration 016's index) */
    Q_RC_OF_IDS, /* (entity, ids as a JSON array text) -> id, key, n of their nonzero counts */
    Q_COWORK,    /* (user id, since) -> org_id of every org the user entered a record of (an
                    achievement, a demand, a record of any kind) created since then, once each */
    /* revisions */
    Q_REV_INSERT, /* (entity, entity_id, version, at, actor, action, comment, status, data) */
    Q_REV_LIST, /* (entity, entity_id) -> version, at, actor, action, comment, status, data (oldest
                   first) */
    /* access requests */
    Q_ACC_INSERT,  /* (achievement_id, requester_id, reason, now) -> id */
    Q_ACC_GET,     /* (id) -> id, achievement_id, requester_id, reason, status, comment, decided_by,
                      created_at, decided_at, requester username, requester display name */
    Q_ACC_DECIDE,  /* (id, status, comment, decided_by, now, expected old status) -> id */
    Q_ACC_LIST,    /* (achievement_id|null, requester_id|null, status|null, after id, limit) -> ACC
                      columns */
    Q_ACC_GRANTED, /* (achievement_id, requester_id) -> id of an approved request */
    Q_ACC_PENDING, /* (achievement_id, requester_id) -> id of a pending request */
    Q_ACC_CLOSE_PENDING, /* (achievement_id, comment, now) every pending request declined by the
                            platform -> id, requester_id */
    /* (owner org_id|null, requester_id|null, status|null, before id (0: newest), limit) -> ACC
       columns, achievement title, achievement status, requester org_id, requester org name,
       achievement org_id (newest first) */
    Q_ACC_INBOX,
    Q_ACC_INBOX_COUNT, /* (owner org_id|null, requester_id|null, status|null) -> count */
    /* notifications */
    Q_NOTE_INSERT, /* (user_id, at, kind, entity, entity_id, message) */
    Q_NOTE_LIST, /* (user_id, unread only 0/1, after id (0: newest), limit) -> id, at, kind, entity,
                    entity_id, message, read_at (newest first) */
    Q_NOTE_COUNT,  /* (user_id, unread only) -> n */
    Q_NOTE_READ,   /* (id, user_id, now) -> id */
    Q_ORG_MEMBERS, /* (org_id, role) -> user ids of the org holding role */
    /* statistics */
    /* statistics kept current by every write (stat_counts, db/sqlite/004_stats.sql) */
    Q_STAT_ADD,     /* (kind, dim, key, status, delta) upsert: n += delta */
    Q_STAT_CLEAR,   /* () delete every count */
    Q_STAT_REBUILD, /* () the counts recomputed from the records and orgs (after CLEAR) */
    Q_STAT_SUM,     /* (kind, dim, status|null, key prefix length, key min|null) -> key prefix (NULL
                       for ''), sum; groups with a positive sum, by key */
    Q_STAT_OVERVIEW, /* (since "YYYY-MM") -> part, kind, key, n: the overview's counts */
    Q_STAT_ALL,      /* () -> kind, dim, key, status, n of every nonzero count, in key order */
    /* search index feed (domain/search.c) */
    Q_ACH_SCAN,        /* (after id, limit) -> record columns, by id */
    Q_DEM_SCAN,        /* (after id, limit) -> record columns, by id */
    Q_CHANGES_HEAD,    /* () -> newest seq of the change feed (0 when empty) */
    Q_CHANGES_TAIL,    /* () -> oldest seq still in the change feed (0 when empty) */
    Q_DB_IDENTITY,     /* () -> the database's identity (migration 005) */
    Q_DB_IDENTITY_SET, /* (value) gives the database a new identity (after restore / move) */
    /* login throttling (domain/throttle.c): fixed windows of failed attempts per key */
    Q_THROTTLE_GET,   /* (key, now, window) -> count, window_start of the key's live window */
    Q_THROTTLE_HIT,   /* (key, now, window) counts one attempt, starting a new window when the
                         old one has ended */
    Q_THROTTLE_UNHIT, /* (key, now, window) gives one attempt back */
    Q_THROTTLE_RESET, /* (key) */
    Q_THROTTLE_PURGE, /* (now, window) drops ended windows */
    /* backup and restore (domain/backup.c): every row of a table in key order (streamed: the
     * row callback must not use the same connection), and its insert with the same columns
     * (the column lists are in tables.h, their types in backup.c) */
    Q_DUMP_ORGS,
    Q_DUMP_USERS,
    Q_DUMP_SESSIONS,
    Q_DUMP_ACHIEVEMENTS,
    Q_DUMP_DEMANDS,
    Q_DUMP_KIND_RECORDS,
    Q_DUMP_REVISIONS,
    Q_DUMP_ACCESS_REQUESTS,
    Q_DUMP_NOTIFICATIONS,
    Q_DUMP_AUDIT,
    Q_DUMP_CHANGES,
    Q_LOAD_ORGS,
    Q_LOAD_USERS,
    Q_LOAD_SESSIONS,
    Q_LOAD_ACHIEVEMENTS,
    Q_LOAD_DEMANDS,
    Q_LOAD_KIND_RECORDS,
    Q_LOAD_REVISIONS,
    Q_LOAD_ACCESS_REQUESTS,
    Q_LOAD_NOTIFICATIONS,
    Q_LOAD_AUDIT,
    Q_LOAD_CHANGES,
    Q_DUMP_EXPERT_PROFILES,
    Q_DUMP_PANEL_MEMBERS,
    Q_DUMP_PANEL_SCORES,
    Q_LOAD_EXPERT_PROFILES,
    Q_LOAD_PANEL_MEMBERS,
    Q_LOAD_PANEL_SCORES,
    Q_LOAD_ROWS,  /* () -> rows in all the tables above (a restore needs an empty database) */
    Q_LOAD_RESEQ, /* () after a restore: identity counters past the largest restored ids */
    Q__COUNT
} db_stmt;

#endif
