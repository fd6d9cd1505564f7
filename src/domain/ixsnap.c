/* ixsnap.c — the search index snapshot file (see ixsnap.h). */
#include "ixsnap.h"
#include "../search/analyze.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAGIC  "KZIXSNAP"
#define HDR    128
#define HASHED 96 /* header bytes covered by the checksum */
#define BOM    0x01020304u

typedef struct wctx {
    FILE *f;
    crypto_generichash_state h;
    uint64_t bytes;
} wctx;

static int wput(void *vctx, const void *p, size_t n)
{
    wctx *x = vctx;
    if (fwrite(p, 1, n, x->f) != n) return -1;
    crypto_generichash_update(&x->h, p, n);
    x->bytes += n;
    return 0;
}

static void header(uint8_t h[HDR], const kz_snap_meta *m, uint64_t payload)
{
    memset(h, 0, HDR);
    uint32_t u[4] = {KZ_SNAP_VERSION, BOM, HDR, KZ_SNAP_KINDS};
    memcpy(h, MAGIC, 8);
    memcpy(h + 8, u, sizeof u);
    memcpy(h + 24, &m->seq, 8);
    memcpy(h + 32, &m->saved_at, 8);
    memcpy(h + 40, &payload, 8);
    memcpy(h + 48, m->dbid, strnlen(m->dbid, KZ_SNAP_ID_MAX - 1));
    memcpy(h + 88, &m->fingerprint, 8);
}

static void checksum(uint8_t out[32], const uint8_t h[HDR], const uint8_t payload_hash[32])
{
    crypto_generichash_state s;
    crypto_generichash_init(&s, NULL, 0, 32);
    crypto_generichash_update(&s, h, HASHED);
    crypto_generichash_update(&s, payload_hash, 32);
    crypto_generichash_final(&s, out, 32);
}

static void fsync_dir(const char *path)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash == dir)
        dir[1] = '\0';
    else if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

static int nnames(const char *const names[])
{
    int n = 0;
    while (names && names[n] && n < KZ_SNAP_SHARED)
        n++;
    return n;
}

int64_t kz_snap_write(const char *path, const kz_snap_meta *m, kz_index *const ix[],
                      kz_at *const at[], kz_at *const gat[], const char *const gnames[], char *err,
                      size_t errlen)
{
    if (sodium_init() < 0) {
        snprintf(err, errlen, "libsodium 初始化失败");
        return -1;
    }
    char tmp[4200];
    if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp) {
        snprintf(err, errlen, "索引快照路径过长");
        return -1;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!f) {
        snprintf(err, errlen, "无法写入索引快照 %s: %s", tmp, strerror(errno));
        if (fd >= 0) close(fd);
        return -1;
    }
    char *buf = malloc(1 << 20); /* large writes; stdio's own buffer when NULL */
    if (buf) setvbuf(f, buf, _IOFBF, 1 << 20);
    kz_snap_meta mm = *m;
    mm.saved_at = (int64_t)time(NULL);
    uint8_t h[HDR];
    header(h, &mm, 0);
    bool ok = fwrite(h, 1, HDR, f) == HDR;
    wctx x = {.f = f};
    crypto_generichash_init(&x.h, NULL, 0, 32);
    kz_sw w = {.put = wput, .ctx = &x};
    for (int k = 0; k < KZ_SNAP_KINDS && ok; k++)
        ok = !kz_ix_save(ix[k], &w) && !kz_at_save(at[k], &w);
    int ns = nnames(gnames);
    kz_sw_u32(&w, (uint32_t)ns);
    for (int i = 0; i < ns && ok; i++) {
        kz_sw_u32(&w, (uint32_t)strlen(gnames[i]));
        kz_sw_bytes(&w, gnames[i], strlen(gnames[i]));
        ok = !w.err && !kz_at_save(gat[i], &w);
    }
    ok = ok && !w.err;
    uint8_t ph[32];
    crypto_generichash_final(&x.h, ph, 32);
    if (ok) {
        header(h, &mm, x.bytes);
        checksum(h + HASHED, h, ph);
        ok = fflush(f) == 0 && pwrite(fd, h, HDR, 0) == HDR && fsync(fd) == 0;
    }
    int saved = errno;
    if (fclose(f) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    free(buf);
    if (ok && rename(tmp, path) != 0) {
        ok = false;
        saved = errno;
    }
    if (!ok) {
        snprintf(err, errlen, "写入索引快照 %s 失败: %s", path, strerror(saved));
        unlink(tmp);
        return -1;
    }
    fsync_dir(path);
    return (int64_t)(HDR + x.bytes);
}

typedef struct hash_job {
    const uint8_t *p;
    uint64_t n;
    uint8_t out[32];
} hash_job;

static void *hash_main(void *arg)
{
    hash_job *j = arg;
    crypto_generichash(j->out, 32, j->p, j->n, NULL, 0);
    return NULL;
}

/* One section of the payload (an index or a table of one kind), loaded by whichever thread
 * takes it first. */
typedef struct section {
    kz_sr r; /* exactly the section's bytes */
    bool is_ix;
    kz_index **ix;
    kz_at **at;
    const char *why;
    bool ok;
} section;

#define MAX_SECTIONS (2 * KZ_SNAP_KINDS + KZ_SNAP_SHARED)

typedef struct sections {
    section s[MAX_SECTIONS];
    int order[MAX_SECTIONS]; /* largest first */
    int n;
    atomic_int next;
} sections;

static void *sections_main(void *arg)
{
    sections *ss = arg;
    for (int i; (i = atomic_fetch_add(&ss->next, 1)) < ss->n;) {
        section *x = &ss->s[ss->order[i]];
        if (x->is_ix)
            x->ok = (*x->ix = kz_ix_load(&x->r, &x->why)) != NULL;
        else
            x->ok = (*x->at = kz_at_load(&x->r, &x->why)) != NULL;
        if (x->ok && (x->r.err || x->r.off != x->r.n)) { /* each section read to its end */
            x->ok = false;
            x->why = "索引快照格式不符";
        }
    }
    return NULL;
}

/* Finds the sections (kz_ix_skip/kz_at_skip: their counts and lengths only) and loads them on
 * this thread and one more, the largest first. Returns true when every one loaded; else why. */
static bool load_sections(const uint8_t *payload, uint64_t n, kz_index *ix[], kz_at *at[],
                          kz_at *gat[], const char *const gnames[], const char **why)
{
    sections ss = {.n = 2 * KZ_SNAP_KINDS};
    kz_sr walk = {.p = payload, .n = n};
    for (int k = 0; k < KZ_SNAP_KINDS; k++)
        for (int j = 0; j < 2; j++) {
            section *x = &ss.s[2 * k + j];
            size_t from = walk.off;
            if (!(j ? kz_at_skip(&walk) : kz_ix_skip(&walk))) {
                *why = "索引快照格式不符";
                return false;
            }
            x->r = (kz_sr){.p = payload + from, .n = walk.off - from};
            x->is_ix = j == 0;
            x->ix = &ix[k];
            x->at = &at[k];
        }
    /* the shared kinds, by name and in this program's order */
    int ns = nnames(gnames);
    if (kz_sr_u32(&walk) != (uint32_t)ns) {
        *why = walk.err ? "索引快照格式不符" : "索引快照的记录类型与本程序不同";
        return false;
    }
    for (int i = 0; i < ns; i++) {
        uint32_t len = kz_sr_u32(&walk);
        const char *nm = len <= 64 ? kz_sr_bytes(&walk, len) : NULL;
        if (!nm || strlen(gnames[i]) != len || memcmp(nm, gnames[i], len) != 0) {
            *why = "索引快照的记录类型与本程序不同";
            return false;
        }
        section *x = &ss.s[ss.n++];
        size_t from = walk.off;
        if (!kz_at_skip(&walk)) {
            *why = "索引快照格式不符";
            return false;
        }
        x->r = (kz_sr){.p = payload + from, .n = walk.off - from};
        x->is_ix = false;
        x->at = &gat[i];
    }
    if (walk.off != walk.n) {
        *why = "索引快照末尾有多余内容";
        return false;
    }
    for (int i = 0; i < ss.n; i++) { /* by size, descending */
        int j = i;
        while (j > 0 && ss.s[ss.order[j - 1]].r.n < ss.s[i].r.n) {
            ss.order[j] = ss.order[j - 1];
            j--;
        }
        ss.order[j] = i;
    }
    atomic_init(&ss.next, 0);
    pthread_t th;
    bool threaded = pthread_create(&th, NULL, sections_main, &ss) == 0;
    sections_main(&ss);
    if (threaded) pthread_join(th, NULL);
    for (int i = 0; i < ss.n; i++)
        if (!ss.s[i].ok) {
            *why = ss.s[i].why;
            return false;
        }
    return true;
}

int kz_snap_read(const char *path, const kz_snap_meta *want, kz_snap_meta *got, kz_index *ix[],
                 kz_at *at[], kz_at *gat[], const char *const gnames[], char *err, size_t errlen)
{
    for (int k = 0; k < KZ_SNAP_KINDS; k++) {
        ix[k] = NULL;
        at[k] = NULL;
    }
    for (int i = 0; i < nnames(gnames); i++)
        gat[i] = NULL;
    if (sodium_init() < 0) {
        snprintf(err, errlen, "libsodium 初始化失败");
        return -1;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return 1;
        snprintf(err, errlen, "无法读取索引快照 %s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < HDR ||
        (uint64_t)st.st_size > KZ_SNAP_MAX_BYTES) {
        close(fd);
        snprintf(err, errlen, "索引快照 %s 不完整或不是快照文件", path);
        return -1;
    }
    size_t size = (size_t)st.st_size;
    const uint8_t *p = mmap(NULL, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
        snprintf(err, errlen, "无法读取索引快照 %s: %s", path, strerror(errno));
        return -1;
    }
    madvise((void *)p, size, MADV_SEQUENTIAL);
    int rc = -1;
    uint32_t u[4];
    uint64_t payload, fp;
    memcpy(u, p + 8, sizeof u);
    memcpy(&payload, p + 40, 8);
    memcpy(&fp, p + 88, 8);
    memset(got, 0, sizeof *got);
    memcpy(&got->seq, p + 24, 8);
    memcpy(&got->saved_at, p + 32, 8);
    memcpy(got->dbid, p + 48, KZ_SNAP_ID_MAX - 1);
    got->fingerprint = fp;
    if (memcmp(p, MAGIC, 8) || u[1] != BOM || u[2] != HDR || u[3] != KZ_SNAP_KINDS) {
        snprintf(err, errlen, "%s 不是本机格式的索引快照", path);
        goto out;
    }
    if (u[0] != KZ_SNAP_VERSION) {
        snprintf(err, errlen, "索引快照格式版本 %u 与本程序 (%d) 不符", u[0], KZ_SNAP_VERSION);
        goto out;
    }
    if (payload != size - HDR) {
        snprintf(err, errlen, "索引快照长度不符（文件被截断或被改动）");
        goto out;
    }
    if (memchr(got->dbid, 0, KZ_SNAP_ID_MAX) == NULL || strcmp(got->dbid, want->dbid) != 0) {
        snprintf(err, errlen, "索引快照属于另一个数据库 (%.39s)", got->dbid);
        goto out;
    }
    if (fp != want->fingerprint) {
        snprintf(err, errlen, "索引快照由不同的分词器生成（词典或繁简转换不同）");
        goto out;
    }
    /* the checksum in a second thread while the payload is parsed (the loaders check all they
     * read, so parsing a file whose checksum then fails is harmless: it is thrown away); when the
     * thread cannot start, one after the other */
    hash_job job = {.p = p + HDR, .n = payload};
    pthread_t th;
    bool threaded = pthread_create(&th, NULL, hash_main, &job) == 0;
    if (!threaded) hash_main(&job);
    const char *why = NULL;
    bool parsed = load_sections(p + HDR, payload, ix, at, gat, gnames, &why);
    if (threaded) pthread_join(th, NULL);
    uint8_t sum[32];
    checksum(sum, p, job.out);
    if (sodium_memcmp(sum, p + HASHED, 32) != 0) {
        snprintf(err, errlen, "索引快照校验和不符（文件损坏或被改动）");
        goto out;
    }
    if (!parsed) {
        snprintf(err, errlen, "%s", why ? why : "索引快照格式不符");
        goto out;
    }
    rc = 0;
out:
    munmap((void *)p, size);
    if (rc) {
        for (int k = 0; k < KZ_SNAP_KINDS; k++) {
            kz_ix_free(ix[k]);
            kz_at_free(at[k]);
            ix[k] = NULL;
            at[k] = NULL;
        }
        for (int i = 0; i < nnames(gnames); i++) {
            kz_at_free(gat[i]);
            gat[i] = NULL;
        }
    }
    return rc;
}

static int fp_cb(void *vctx, const kz_token *t)
{
    crypto_generichash_state *s = vctx;
    uint32_t meta[2] = {t->len, t->kind};
    crypto_generichash_update(s, (const unsigned char *)meta, sizeof meta);
    crypto_generichash_update(s, (const unsigned char *)t->text, t->len);
    return 0;
}

uint64_t kz_snap_fingerprint(void)
{
    /* simplified and traditional Chinese, dictionary words, Latin, digits, patent numbers */
    static const char probe[] = "锂离子电池正极材料制备方法 鋰離子電池 新能源汽车驱动电机控制器 "
                                "人工智能图像识别 ZL202310123456.7 5G Graphene-Based sensors";
    if (sodium_init() < 0) return 0;
    crypto_generichash_state s;
    crypto_generichash_init(&s, NULL, 0, 8);
    uint32_t v = KZ_SNAP_VERSION;
    crypto_generichash_update(&s, (const unsigned char *)&v, sizeof v);
    kz_analyze(probe, sizeof probe - 1, fp_cb, &s);
    uint64_t out;
    crypto_generichash_final(&s, (unsigned char *)&out, 8);
    return out;
}
