/* sha256.h — SHA-256, incrementally: with the CPU's SHA instructions (x86-64 SHA-NI) when it
 * has them, else libsodium's crypto_hash_sha256 (which has no such path: about four times
 * slower on the audit rows this hashes). Same digests either way (tests/unit/test_sha256.c).
 * Nothing is allocated; a state lives where the caller puts it. */
#ifndef KZ_SHA256_H
#define KZ_SHA256_H
#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct kz_sha256 {
    bool ni;                         /* the SHA instructions (else: sodium) */
    crypto_hash_sha256_state sodium; /* !ni */
    uint32_t h[8];                   /* ni: the chaining value */
    uint64_t bytes;                  /* ni: how many bytes were fed */
    unsigned char buf[64];           /* ni: a block not yet full */
    size_t n;                        /* ni: its bytes */
} kz_sha256;

void kz_sha256_init(kz_sha256 *s);
void kz_sha256_update(kz_sha256 *s, const void *p, size_t n);
void kz_sha256_final(kz_sha256 *s, unsigned char out[32]);
/* Whether this CPU takes the SHA-instruction path (for the test). force_sodium: from now on
 * (new states) use libsodium even so. */
bool kz_sha256_uses_cpu(void);
void kz_sha256_force_sodium(bool force_sodium);

#endif
