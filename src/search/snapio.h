/* snapio.h — the byte streams that the index snapshot is written to and read from
 * (kz_ix_save/kz_ix_load in index.h, kz_at_save/kz_at_load in attrs.h; the file itself, with
 * its header and checksum, is domain/ixsnap.c).
 *
 * Values are written in the machine's byte order (the file's header records it and a reader
 * on another order rejects the file). A writer hands every byte to put(); the first failure
 * sticks in err and later writes do nothing. A reader walks a borrowed buffer: every read
 * checks what is left first, a short buffer sets err and yields zeros, so a truncated or
 * hostile stream can make a load fail but never read outside the buffer; counts read from the
 * stream are checked against the bytes left before anything is allocated for them.
 *
 * Ownership: a kz_sw borrows its sink; a kz_sr borrows its buffer (pointers returned by
 * kz_sr_bytes point into it). Thread safety: one stream per thread. */
#ifndef KZ_SEARCH_SNAPIO_H
#define KZ_SEARCH_SNAPIO_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

typedef struct kz_sw {
    int (*put)(void *ctx, const void *p, size_t n); /* 0 ok, else failure */
    void *ctx;
    bool err;
} kz_sw;

static inline void kz_sw_bytes(kz_sw *w, const void *p, size_t n)
{
    if (!w->err && n && w->put(w->ctx, p, n)) w->err = true;
}
static inline void kz_sw_u32(kz_sw *w, uint32_t v)
{
    kz_sw_bytes(w, &v, sizeof v);
}
static inline void kz_sw_u64(kz_sw *w, uint64_t v)
{
    kz_sw_bytes(w, &v, sizeof v);
}

typedef struct kz_sr {
    const uint8_t *p;
    size_t n, off;
    bool err;
} kz_sr;

static inline size_t kz_sr_left(const kz_sr *r)
{
    return r->err ? 0 : r->n - r->off;
}
/* n bytes from the stream (a pointer into the buffer), or NULL (err set) when fewer are left. */
static inline const void *kz_sr_bytes(kz_sr *r, size_t n)
{
    if (r->err || n > r->n - r->off) {
        r->err = true;
        return NULL;
    }
    const void *q = r->p + r->off;
    r->off += n;
    return q;
}
static inline uint32_t kz_sr_u32(kz_sr *r)
{
    uint32_t v = 0;
    const void *q = kz_sr_bytes(r, sizeof v);
    if (q) memcpy(&v, q, sizeof v);
    return v;
}
static inline uint64_t kz_sr_u64(kz_sr *r)
{
    uint64_t v = 0;
    const void *q = kz_sr_bytes(r, sizeof v);
    if (q) memcpy(&v, q, sizeof v);
    return v;
}
/* True when count items of size bytes each can still be in the stream (so a count may be
 * believed enough to allocate for it); sets err when not. */
static inline bool kz_sr_fits(kz_sr *r, uint64_t count, size_t size)
{
    if (r->err || (size && count > (r->n - r->off) / size)) {
        r->err = true;
        return false;
    }
    return true;
}

/* Asks that the large block p[0..n) — just allocated, about to be filled by a load — be backed
 * by huge pages where the kernel can (MADV_HUGEPAGE on its whole pages; blocks under 2 MiB are
 * left alone). A 10^6-record load writes several hundred MB of new memory, and a fault per
 * 2 MiB instead of per 4 KiB is most of its cost on a virtual machine. Only advice: the block
 * stays the caller's (free() as usual), nothing changes when the kernel declines. */
static inline void kz_sr_huge(void *p, size_t n)
{
    if (!p || n < (2u << 20)) return;
    uintptr_t a = ((uintptr_t)p + 4095) & ~(uintptr_t)4095,
              e = ((uintptr_t)p + n) & ~(uintptr_t)4095;
    if (e > a) madvise((void *)a, e - a, MADV_HUGEPAGE);
}

#endif
