/* t2s.c — 繁→简 character folding from OpenCC's t2s tables (see t2s.h). */
#include "t2s.h"
#include <opencc.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_CONFIG "/usr/share/opencc/t2s.json"
#define FIRST          0x3400
#define LAST           0x9FFF
#define SPAN           (LAST - FIRST + 1)

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static uint16_t *g_map; /* g_map[cp - FIRST]: simplified form, 0 none; read-only after init */
static size_t g_size;
static const char *g_error;
static bool g_tried;

static size_t put3(char *p, uint32_t cp)
{
    p[0] = (char)(0xE0 | (cp >> 12));
    p[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    p[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

/* The code point of a 3-byte character at p (p[0..3) readable), or 0 when it is not one. */
static uint32_t get3(const unsigned char *p)
{
    if ((p[0] & 0xF0) != 0xE0 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
    return ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
}

/* Records what OpenCC makes of cp, given its output for the character alone. */
static void record(uint16_t *map, uint32_t cp, const char *out, size_t len)
{
    if (len != 3) return; /* several characters, or outside the 3-byte range */
    uint32_t s = get3((const unsigned char *)out);
    if (s && s != cp && s >= 0x800) map[cp - FIRST] = (uint16_t)s;
}

/* Converts every character of the block, one per line, in one call; when OpenCC's output does
 * not come back as one line per character, one call per character. */
static int build(opencc_t cc, uint16_t *map)
{
    size_t cap = (size_t)SPAN * 4;
    char *in = malloc(cap + 1);
    if (!in) return -1;
    size_t n = 0;
    for (uint32_t cp = FIRST; cp <= LAST; cp++) {
        n += put3(in + n, cp);
        in[n++] = '\n';
    }
    in[n] = 0;
    char *out = opencc_convert_utf8(cc, in, n);
    bool ok = false;
    if (out) {
        const char *p = out;
        uint32_t cp = FIRST;
        for (; cp <= LAST && *p; cp++) {
            const char *e = strchr(p, '\n');
            if (!e) break;
            record(map, cp, p, (size_t)(e - p));
            p = e + 1;
        }
        ok = cp == LAST + 1 && *p == 0;
        opencc_convert_utf8_free(out);
    }
    if (!ok) {
        memset(map, 0, SPAN * sizeof *map);
        for (uint32_t cp = FIRST; cp <= LAST; cp++) {
            char one[4];
            put3(one, cp);
            char *o = opencc_convert_utf8(cc, one, 3);
            if (!o) {
                free(in);
                return -1;
            }
            record(map, cp, o, strlen(o));
            opencc_convert_utf8_free(o);
        }
    }
    free(in);
    return 0;
}

int kz_t2s_init(void)
{
    pthread_mutex_lock(&g_lock);
    if (g_tried) {
        int rc = g_map ? 0 : -1;
        pthread_mutex_unlock(&g_lock);
        return rc;
    }
    g_tried = true;
    g_error = NULL;
    const char *config = getenv("KEZHUAN_OPENCC_T2S");
    if (!config || !*config) config = DEFAULT_CONFIG;
    opencc_t cc = opencc_open(config);
    if (cc == (opencc_t)-1) {
        g_error = "OpenCC 繁简转换表不可用 (libopencc-data, KEZHUAN_OPENCC_T2S)";
        pthread_mutex_unlock(&g_lock);
        return -1;
    }
    uint16_t *map = calloc(SPAN, sizeof *map);
    if (!map || build(cc, map) != 0) {
        free(map);
        opencc_close(cc);
        g_error = "OpenCC 繁简转换失败";
        pthread_mutex_unlock(&g_lock);
        return -1;
    }
    opencc_close(cc);
    size_t k = 0;
    for (size_t i = 0; i < SPAN; i++)
        k += map[i] != 0;
    g_map = map;
    g_size = k;
    pthread_mutex_unlock(&g_lock);
    return 0;
}

void kz_t2s_free(void)
{
    pthread_mutex_lock(&g_lock);
    free(g_map);
    g_map = NULL;
    g_size = 0;
    g_tried = false;
    g_error = NULL;
    pthread_mutex_unlock(&g_lock);
}

int kz_t2s_ready(void)
{
    pthread_mutex_lock(&g_lock);
    int rc = g_map != NULL;
    pthread_mutex_unlock(&g_lock);
    return rc;
}

const char *kz_t2s_error(void)
{
    pthread_mutex_lock(&g_lock);
    const char *e = g_error;
    pthread_mutex_unlock(&g_lock);
    return e;
}

size_t kz_t2s_size(void)
{
    pthread_mutex_lock(&g_lock);
    size_t n = g_size;
    pthread_mutex_unlock(&g_lock);
    return n;
}

/* Read without the lock: the table only changes in init and free, which must not race with
 * folding (t2s.h). */
int32_t kz_t2s_char(int32_t cp)
{
    const uint16_t *map = g_map;
    if (!map || cp < FIRST || cp > LAST) return cp;
    uint16_t s = map[cp - FIRST];
    return s ? s : cp;
}

size_t kz_t2s_fold(char *s, size_t n)
{
    const uint16_t *map = g_map;
    if (!map) return 0;
    size_t changed = 0;
    unsigned char *p = (unsigned char *)s;
    for (size_t i = 0; i + 3 <= n;) {
        /* U+3400..U+9FFF lead bytes are E3 (from U+3400) to E9 */
        if (p[i] < 0xE3 || p[i] > 0xE9) {
            i++;
            continue;
        }
        uint32_t cp = get3(p + i);
        if (cp >= FIRST && cp <= LAST && map[cp - FIRST]) {
            put3((char *)p + i, map[cp - FIRST]);
            changed++;
        }
        i += cp ? 3 : 1;
    }
    return changed;
}
