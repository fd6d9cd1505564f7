/* backup.h — a logical copy of everything kezhuan stores, the same for both backends: backups
 * (kezhuan backup / restore) and moving an installation from one database to another
 * (kezhuan migrate --from … --to …).
 *
 * Format (JSON Lines, UTF-8): a header
 *   {"format":"kezhuan-backup","version":1,"schema":N,"source":"sqlite|postgresql",
 *    "created_at":"…","tables":["orgs",…]}
 * then per table, in dependency order, {"table":"orgs","columns":[…]}, one JSON array per row
 * (integers as numbers, text as strings, NULL as null, in the table's key order), and
 * {"end":"orgs","rows":N}; last {"complete":true,"rows":{"orgs":N,…},"audit_head":"…"}.
 * Every line after the header is the same whichever backend wrote it, so two backups of the
 * same data compare equal line by line. Login-throttle counters are not kept (they expire).
 *
 * A backup reads one consistent snapshot (one read transaction). A restore or a move writes in
 * ONE transaction into a database at the same schema version with no rows: all or nothing.
 * Ownership: the caller's connections and FILE*s stay the caller's. Messages go to err. */
#ifndef KZ_BACKUP_H
#define KZ_BACKUP_H
#include "../db/db.h"
#include <stdio.h>

typedef struct kz_backup_stats {
    long long rows;       /* all tables */
    long long audit_rows; /* of the audit chain, as verified on the target of a move */
    char audit_head[65];  /* the newest audit hash ("" when none) */
} kz_backup_stats;

/* Progress: called after each table with its name and row count (ctx is the caller's). */
typedef void (*kz_backup_progress)(void *ctx, const char *table, long long rows);

/* Writes a backup of c to out. Returns 0, or -1 with err set. */
int kz_backup_write(db_conn *c, FILE *out, kz_backup_progress progress, void *pctx,
                    kz_backup_stats *st, char *err, size_t errlen);
/* Restores a backup from in (rewindable: a retried transaction reads it again) into c, which
 * must be migrated and empty. Returns 0, or -1 with err set (nothing is written then). */
int kz_backup_restore(db_conn *c, FILE *in, kz_backup_progress progress, void *pctx,
                      kz_backup_stats *st, char *err, size_t errlen);
/* Copies every row of from into to (migrated, empty) in one transaction of to, then checks
 * that every table has the same row count on both sides and that the audit chain verifies on
 * to with the same head as on from. Returns 0, or -1 with err set. */
int kz_backup_copy(db_conn *from, db_conn *to, kz_backup_progress progress, void *pctx,
                   kz_backup_stats *st, char *err, size_t errlen);
/* Gives c a new random identity (db_identity, migration 005): a restored or moved database is
 * another database, so what was kept beside the old one (a search index snapshot) is never
 * taken for its own. Returns 0, or -1 with err set. */
int kz_backup_new_identity(db_conn *c, char *err, size_t errlen);

#endif
