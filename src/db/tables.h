/* tables.h — the column lists of every table a backup holds, in the order the dump and load
 * statements of the catalogue (stmts.h, Q_DUMP_* and Q_LOAD_*) use them; shared by their SQL
 * (stmts_sql.h) and by domain/backup.c, which knows each column's type. */
#ifndef KZ_DB_TABLES_H
#define KZ_DB_TABLES_H

#define KZ_T_ORGS                                                                                  \
    "id, name, kind, credit_code, region, industry, tier, address, contact, version, created_at, " \
    "updated_at"
#define KZ_T_USERS                                                                                 \
    "id, username, display_name, roles, org_id, password_hash, disabled, version, created_at, "    \
    "updated_at"
#define KZ_T_SESSIONS "token_hash, user_id, csrf, created_at, expires_at, revoked"
#define KZ_T_ACHIEVEMENTS                                                                          \
    "id, org_id, created_by, status, title, industry, industry_section, region, trl, price_fen, "  \
    "transfer_modes, valid_until, data, version, created_at, updated_at, published_at"
#define KZ_T_DEMANDS                                                                               \
    "id, org_id, created_by, status, title, kind, industry, industry_section, region, trl_min, "   \
    "budget_min_fen, budget_max_fen, cooperation_modes, deadline, data, version, created_at, "     \
    "updated_at, published_at"
#define KZ_T_KIND_RECORDS                                                                          \
    "id, kind, org_id, created_by, status, title, region, industry, industry_section, category, "  \
    "codes, money_lo, money_hi, data, version, created_at, updated_at, published_at, parties, "    \
    "parent_id"
#define KZ_T_REVISIONS "entity, entity_id, version, at, actor, action, comment, status, data"
#define KZ_T_ACCESS_REQUESTS                                                                       \
    "id, achievement_id, requester_id, reason, status, comment, decided_by, created_at, "          \
    "decided_at"
#define KZ_T_NOTIFICATIONS "id, user_id, at, kind, entity, entity_id, message, read_at"
#define KZ_T_AUDIT         "seq, at, actor, entity, entity_id, action, before, after, prev_hash, hash"
#define KZ_T_CHANGES       "seq, entity, entity_id, op, at"
#define KZ_T_EXPERT_PROFILES                                                                       \
    "user_id, title, fields, sections, specialty, availability, conflict_orgs, updated_at"
#define KZ_T_PANEL_MEMBERS "panel_id, user_id, status, note, invited_by, invited_at, updated_at"
#define KZ_T_PANEL_SCORES  "panel_id, user_id, item_id, scores, total_c, comment, at"

#endif
