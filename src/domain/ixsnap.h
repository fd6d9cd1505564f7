/* ixsnap.h — the search index snapshot file: both kinds' indexes (search/index.h) and list
 * attributes (search/attrs.h), and the list attributes of every kind kept in the shared table
 * (engine.h kz_shared_kinds), with the change-feed position they cover, so that a server
 * starts from the file and catches up from the feed instead of rebuilding from every record.
 *
 * The file (all integers in the writer's byte order, which the header records):
 *     0   "KZIXSNAP"                       magic
 *     8   u32 format version (KZ_SNAP_VERSION), u32 byte-order mark 0x01020304,
 *         u32 header size (128), u32 kinds (2)
 *     24  i64 feed position (the newest `changes` seq the content reflects)
 *     32  i64 time written (seconds since 1970), u64 payload bytes
 *     48  char[40] the database's identity (db_identity, migration 005), NUL-padded
 *     88  u64 analyzer fingerprint (kz_snap_fingerprint: how text becomes terms)
 *     96  [32] BLAKE2b-256 (libsodium crypto_generichash) of bytes 0..96 and of the payload's
 *         own BLAKE2b-256 — so every byte of the file is covered
 *     128 payload: achievements' index, their attributes, demands' index, their attributes;
 *         u32 number of shared kinds, then for each: u32 name length, the name, its attributes
 *         (a file whose shared kinds are not this program's, by name and order, is rebuilt)
 * A file is trusted only when all of this agrees: magic, version, byte order, sizes (the file
 * is exactly header + payload, at most KZ_SNAP_MAX_BYTES), checksum, identity, fingerprint;
 * and then kz_ix_load/kz_at_load still check every count and posting (a file can be made by
 * anybody who can write it, checksum included). Whether the feed still holds every change
 * after the position is the caller's check (domain/search.c).
 *
 * Writing is atomic: a temporary file beside PATH (PATH.tmp.PID), written, fsync'ed, renamed
 * over PATH, then the directory fsync'ed; a reader sees the old file or the new one, never a
 * part. The caller holds the indexes still (a read lock) while they are written.
 *
 * Reading: the payload's four sections are found by their lengths (kz_ix_skip/kz_at_skip) and
 * loaded by the calling thread and one more, the largest first, while a third computes the
 * checksum; every thread is joined before kz_snap_read returns.
 *
 * Ownership: kz_snap_read() hands the caller new indexes and tables (freed with kz_ix_free /
 * kz_at_free) only when it returns 0. Thread safety: no shared state. */
#ifndef KZ_DOMAIN_IXSNAP_H
#define KZ_DOMAIN_IXSNAP_H
#include "../search/attrs.h"
#include "../search/index.h"
#include <stddef.h>
#include <stdint.h>

#define KZ_SNAP_VERSION   2  /* 2: the shared kinds' attributes */
#define KZ_SNAP_SHARED    32 /* shared kinds at most (search_svc.h KZ_SK_SHARED_MAX) */
#define KZ_SNAP_KINDS     2
#define KZ_SNAP_ID_MAX    40 /* identity bytes, with the NUL */
#define KZ_SNAP_MAX_BYTES (64ull << 30)

typedef struct kz_snap_meta {
    char dbid[KZ_SNAP_ID_MAX];
    uint64_t fingerprint;
    int64_t seq;
    int64_t saved_at; /* set by kz_snap_write, read by kz_snap_read */
} kz_snap_meta;

/* Writes ix[] and at[] (KZ_SNAP_KINDS each) and the shared kinds' gat[i] named gnames[i]
 * (NULL-terminated, at most KZ_SNAP_SHARED) with m's identity, fingerprint and seq to path.
 * Returns the bytes written, or -1 with err (zh-CN). */
int64_t kz_snap_write(const char *path, const kz_snap_meta *m, kz_index *const ix[],
                      kz_at *const at[], kz_at *const gat[], const char *const gnames[], char *err,
                      size_t errlen);

/* Reads path when its identity and fingerprint are want's and its shared kinds are gnames (by
 * name and order); on 0, ix[], at[], gat[] (one per name) and *got (seq,
 * time written) are set. Returns 1 when there is no file, -1 (err says why, zh-CN) when it is
 * unreadable, corrupt, truncated, of another database or another analyzer, or memory ran out;
 * nothing is handed over then. */
int kz_snap_read(const char *path, const kz_snap_meta *want, kz_snap_meta *got, kz_index *ix[],
                 kz_at *at[], kz_at *gat[], const char *const gnames[], char *err, size_t errlen);

/* A fingerprint of the analyzer as it now is (dictionary loaded or not, its size, 繁→简
 * folding): a probe text's terms hashed, so a snapshot made by another analysis is rebuilt. */
uint64_t kz_snap_fingerprint(void);

#endif
