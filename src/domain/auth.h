/* auth.h — passwords (argon2id via libsodium), sessions and bearer tokens.
 *
 * A token is 32 random bytes in URL-safe base64; only its SHA-256 is stored, so a leaked
 * database does not leak sessions. Unknown user and wrong password take the same path (a
 * hash is verified either way) and give the same answer.
 * Ownership: strings written to caller buffers; json_t **out is new. */
#ifndef KZ_AUTH_H
#define KZ_AUTH_H
#include "../core/errors.h"
#include "../db/db.h"
#include "actor.h"
#include <jansson.h>

#define KZ_TOKEN_LEN  44 /* 43 characters + NUL */
#define KZ_HASH_HEX   65
#define KZ_PWHASH_MAX 128 /* crypto_pwhash_STRBYTES */

/* Sets the argon2id cost (used for new hashes and to decide rehashing) and prepares the
 * decoy hash used for unknown users. Call once at start. Returns 0 or -1 (out of memory). */
int kz_auth_init(int ops, int mem_kib);
/* Hashes a password with the configured cost into out[KZ_PWHASH_MAX]; 0 or -1. Slow. */
int kz_password_hash(const char *pw, char out[KZ_PWHASH_MAX]);
/* Password rules: 8–128 characters, not all one kind. NULL if fine, else the reason. */
const char *kz_password_weak(const char *pw);
/* hex SHA-256 of a token. */
void kz_token_hash(const char *token, char out[KZ_HASH_HEX]);

typedef struct kz_login {
    char token[KZ_TOKEN_LEN];
    char csrf[KZ_TOKEN_LEN];
    int64_t expires;
    json_t *user; /* the user record (new reference) */
} kz_login;

/* Verifies the password and opens a session valid for ttl seconds. */
kz_err kz_auth_login(db_conn *c, const char *username, const char *password, int ttl, kz_login *out,
                     kz_error *e);
#define KZ_ME_MAX 1024 /* the signed-in user's record as JSON text */

/* Resolves a token into an actor; KZ_E_UNAUTHENTICATED when unknown, expired or revoked.
 * csrf (may be NULL) receives the session's CSRF token; me (may be NULL) the user's own
 * record as JSON text ("" when it does not fit), so GET /me needs no further read. */
kz_err kz_auth_resolve(db_conn *c, const char *token, kz_actor *a, char csrf[KZ_TOKEN_LEN],
                       char me[KZ_ME_MAX], kz_error *e);
kz_err kz_auth_logout(db_conn *c, const kz_actor *a, const char *token, kz_error *e);
/* Changes the actor's own password after checking the current one; revokes every other
 * session of the user (the one named by keep_token stays). */
kz_err kz_auth_change_password(db_conn *c, const kz_actor *a, const char *current, const char *next,
                               const char *keep_token, kz_error *e);
/* Resolved sessions are cached for ms milliseconds (0: off); see auth.c. */
void kz_auth_cache_setup(int ms);
/* Drops a user's cached sessions (after their roles, org, password or status change). */
void kz_auth_forget_user(int64_t user_id);
/* Drops every cached session (when notices from other nodes may have been missed). */
void kz_auth_forget_all(void);
/* Removes expired and revoked sessions. */
db_status kz_auth_purge(db_conn *c);

#endif
