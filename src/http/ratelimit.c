#include "ratelimit.h"
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#define SLOTS  4096
#define KEYLEN 96

static struct slot {
    char key[KEYLEN];
    time_t start;
    int count;
} table[SLOTS];
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int limit = 10, window = 300;

void kz_ratelimit_setup(int l, int w)
{
    limit = l;
    window = w;
}

static uint32_t fnv(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* Finds key's slot (probing 8 slots) or claims the stalest; call with mu held. */
static struct slot *find(const char *key, bool create, time_t now)
{
    uint32_t h = fnv(key);
    struct slot *victim = NULL;
    for (int i = 0; i < 8; i++) {
        struct slot *s = &table[(h + (uint32_t)i) % SLOTS];
        if (strncmp(s->key, key, KEYLEN - 1) == 0 && s->key[0]) {
            if (now - s->start >= window) {
                s->start = now;
                s->count = 0;
            }
            return s;
        }
        if (!victim || !s->key[0] || s->start < victim->start) victim = s;
    }
    if (!create) return NULL;
    strncpy(victim->key, key, KEYLEN - 1);
    victim->key[KEYLEN - 1] = 0;
    victim->start = now;
    victim->count = 0;
    return victim;
}

bool kz_ratelimit_blocked(const char *key)
{
    pthread_mutex_lock(&mu);
    struct slot *s = find(key, false, time(NULL));
    bool b = s && s->count >= limit;
    pthread_mutex_unlock(&mu);
    return b;
}

bool kz_ratelimit_take(const char *key1, const char *key2)
{
    pthread_mutex_lock(&mu);
    time_t now = time(NULL);
    struct slot *a = find(key1, true, now);
    struct slot *b = key2 ? find(key2, true, now) : NULL;
    bool ok = a->count < limit && (!b || b->count < limit);
    if (ok) {
        a->count++;
        if (b && b != a) b->count++;
    }
    pthread_mutex_unlock(&mu);
    return ok;
}

void kz_ratelimit_give_back(const char *key)
{
    pthread_mutex_lock(&mu);
    struct slot *s = find(key, false, time(NULL));
    if (s && s->count > 0) s->count--;
    pthread_mutex_unlock(&mu);
}

void kz_ratelimit_reset(const char *key)
{
    pthread_mutex_lock(&mu);
    struct slot *s = find(key, false, time(NULL));
    if (s) memset(s, 0, sizeof(*s));
    pthread_mutex_unlock(&mu);
}

int kz_ratelimit_retry_after(const char *key)
{
    pthread_mutex_lock(&mu);
    time_t now = time(NULL);
    struct slot *s = find(key, false, now);
    int r = s && s->count >= limit ? (int)(s->start + window - now) : 0;
    pthread_mutex_unlock(&mu);
    return r > 0 ? r : (s && s->count >= limit ? 1 : 0);
}
