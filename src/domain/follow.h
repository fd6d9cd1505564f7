/* follow.h — keeping a server node in step with the other nodes that share its database.
 *
 * On a backend with notices (PostgreSQL), one thread with its own connection LISTENs: a notice
 * that the change feed moved makes it apply the new changes to this node's search index at
 * once (kz_search_catch_up); a notice that a user's sessions or account changed drops that
 * user's cached sessions (kz_auth_forget_user). It also catches up every poll_ms whatever it
 * hears (a lost notice, a dropped connection: LISTEN is re-established and every cached
 * session dropped, as notices may have been missed). Searches still catch up before they run,
 * so a write acknowledged by any node is visible to the next search on every node; the
 * follower keeps that catch-up short and keeps the index fresh between searches.
 * On SQLite (one process owns the file) nothing runs. */
#ifndef KZ_FOLLOW_H
#define KZ_FOLLOW_H

/* Starts the follower for url (the database of db_setup()); 0, or -1 when the thread cannot
 * start. Its connection is a per-thread one (db_thread_conn), closed by db_shutdown(). */
int kz_follow_start(const char *url, int poll_ms);
void kz_follow_stop(void);
/* Notices received and catch-ups run, for /metrics. */
unsigned long kz_follow_notices(void);

#endif
