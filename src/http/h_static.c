/* h_static.c — the web UI: files of the built web/dist served from disk.
 *
 * A GET or HEAD that matches no API route and lies outside /api/ comes here (server.c). The
 * path is checked segment by segment (no "..", ".", hidden names or unusual characters), joined
 * to the web root, resolved with realpath(3) and served only when it is a regular file inside
 * the root (a symlink out of the root is refused). A path that names no file and looks like an
 * app route (no extension in its last segment, not under /assets/) gets index.html, so deep
 * links of the history-mode router work after a reload.
 *
 * Caching: the hashed files under /assets/ are immutable for a year; index.html and other files
 * must be revalidated (no-cache) against a strong ETag made from the file's size and mtime, and
 * If-None-Match answers 304. When the client accepts gzip and FILE.gz exists beside FILE (made
 * at build time), the compressed variant is sent with Content-Encoding: gzip and its own ETag.
 * Every answer carries the UI's Content-Security-Policy and X-Content-Type-Options: nosniff.
 *
 * Ownership: the root is resolved once at start (kz_static_init) into a static buffer. A served
 * file's descriptor is handed to libmicrohttpd, which closes it with the response. */
#include "h_static.h"
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Scripts and styles from our own origin only; Element Plus sets inline style attributes. */
#define KZ_UI_CSP                                                                                  \
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "                    \
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "   \
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

static char root[PATH_MAX];
static size_t root_len;

const char *kz_static_root(void)
{
    return root_len ? root : NULL;
}

/* The directory holding the running binary, or "" when /proc is not there. */
static void exe_dir(char *out, size_t n)
{
    out[0] = 0;
    char buf[PATH_MAX];
    ssize_t k = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (k <= 0) return;
    buf[k] = 0;
    char *slash = strrchr(buf, '/');
    if (!slash) return;
    *slash = 0;
    snprintf(out, n, "%s", buf);
}

static bool try_root(const char *path)
{
    char real[PATH_MAX];
    struct stat st;
    if (!path || !*path || !realpath(path, real) || stat(real, &st) || !S_ISDIR(st.st_mode))
        return false;
    snprintf(root, sizeof root, "%s", real);
    root_len = strlen(root);
    return true;
}

bool kz_static_init(const char *web_root)
{
    root[0] = 0;
    root_len = 0;
    if (web_root && *web_root) return try_root(web_root);
    char dir[PATH_MAX], cand[PATH_MAX + 32];
    exe_dir(dir, sizeof dir);
    if (*dir) {
        /* build/kezhuan → web/dist of the same checkout; an installed bin/ → share/kezhuan/web */
        snprintf(cand, sizeof cand, "%s/../web/dist", dir);
        if (try_root(cand)) return true;
        snprintf(cand, sizeof cand, "%s/../share/kezhuan/web", dir);
        if (try_root(cand)) return true;
    }
    return try_root("web/dist");
}

bool kz_static_path_ok(const char *path)
{
    if (!path || path[0] != '/' || strlen(path) > 512) return false;
    const char *seg = path + 1;
    for (;;) {
        size_t n = strcspn(seg, "/");
        if (n > 0 && seg[0] == '.') return false; /* ".", "..", hidden files */
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)seg[i];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || c == '.' || c == '~' || c == '@'))
                return false;
        }
        if (!seg[n]) return true;
        if (n == 0) return false; /* "//" */
        seg += n + 1;
    }
}

const char *kz_static_type(const char *path)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json; charset=utf-8"},
        {".map", "application/json; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},
        {".webp", "image/webp"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".ttf", "font/ttf"},
        {".txt", "text/plain; charset=utf-8"},
        {".wasm", "application/wasm"},
        {".webmanifest", "application/manifest+json"},
    };
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    if (dot)
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
            if (!strcasecmp(dot, types[i].ext)) return types[i].type;
    return "application/octet-stream";
}

/* Types worth compressing (and so varying on Accept-Encoding). */
static bool compressible(const char *type)
{
    return !strncmp(type, "text/", 5) || !strncmp(type, "application/json", 16) ||
           !strncmp(type, "image/svg", 9) || !strncmp(type, "application/manifest", 20);
}

bool kz_static_accepts_gzip(const char *accept_encoding)
{
    const char *p = accept_encoding;
    while (p && *p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        size_t n = strcspn(p, ",;");
        size_t w = n;
        while (w && (p[w - 1] == ' ' || p[w - 1] == '\t'))
            w--;
        bool name = (w == 4 && !strncasecmp(p, "gzip", 4)) || (w == 1 && p[0] == '*');
        const char *q = p + n;
        bool zero = false;
        if (*q == ';') { /* parameters: only q matters; q=0 (0.0, 0.000) refuses */
            const char *end = q + strcspn(q, ",");
            const char *qq = strstr(q, "q=");
            if (qq && qq < end) {
                double v = strtod(qq + 2, NULL);
                zero = v <= 0.0;
            }
            q = end;
        }
        if (name && !zero) return true;
        p = q;
    }
    return false;
}

/* Opens root + rel when it resolves to a regular file inside the root. Returns the fd or -1. */
static int open_inside(const char *rel, struct stat *st)
{
    char joined[PATH_MAX], real[PATH_MAX];
    if ((size_t)snprintf(joined, sizeof joined, "%s%s", root, rel) >= sizeof joined) return -1;
    if (!realpath(joined, real)) return -1;
    if (strncmp(real, root, root_len) != 0 || (real[root_len] != '/' && real[root_len] != 0))
        return -1;
    int fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return -1;
    if (fstat(fd, st) || !S_ISREG(st->st_mode)) {
        close(fd);
        return -1;
    }
    return fd;
}

static void make_etag(const struct stat *st, bool gz, char out[64])
{
    snprintf(out, 64, "\"%" PRIx64 "-%" PRIx64 "%s\"", (uint64_t)st->st_mtim.tv_sec,
             (uint64_t)st->st_size, gz ? "-gz" : "");
}

/* true when If-None-Match lists etag (or is "*"); weak tags compare by their opaque part. */
static bool etag_matches(const char *inm, const char *etag)
{
    if (!inm) return false;
    size_t elen = strlen(etag);
    const char *p = inm;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (*p == '*') return true;
        if (!strncmp(p, "W/", 2)) p += 2;
        size_t n = strcspn(p, ",");
        size_t w = n;
        while (w && (p[w - 1] == ' ' || p[w - 1] == '\t'))
            w--;
        if (w == elen && !strncmp(p, etag, elen)) return true;
        p += n;
    }
    return false;
}

static void set_headers(struct MHD_Response *resp, const char *type, const char *cache,
                        const char *etag, bool vary, bool gz)
{
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, cache);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
    if (vary) MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
    if (gz) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
    MHD_add_response_header(resp, "Content-Security-Policy", KZ_UI_CSP);
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
}

/* Serves root + rel (already checked); false when there is no such file. */
static bool serve_file(kz_req *r, const char *rel)
{
    struct stat st, gst;
    int fd = open_inside(rel, &st);
    if (fd < 0) return false;
    const char *type = kz_static_type(rel);
    bool vary = compressible(type), gz = false;
    if (vary && kz_static_accepts_gzip(kz_header(r, MHD_HTTP_HEADER_ACCEPT_ENCODING))) {
        char gzrel[600];
        snprintf(gzrel, sizeof gzrel, "%s.gz", rel);
        int gfd = open_inside(gzrel, &gst);
        if (gfd >= 0) {
            close(fd);
            fd = gfd;
            st = gst;
            gz = true;
        }
    }
    const char *cache =
        !strncmp(rel, "/assets/", 8) ? "public, max-age=31536000, immutable" : "no-cache";
    char etag[64];
    make_etag(&st, gz, etag);
    struct MHD_Response *resp;
    int status;
    if (etag_matches(kz_header(r, MHD_HTTP_HEADER_IF_NONE_MATCH), etag)) {
        close(fd);
        resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
        status = 304;
        r->bytes = 0;
    } else {
        resp = MHD_create_response_from_fd((uint64_t)st.st_size, fd); /* takes fd */
        status = 200;
        r->bytes = (size_t)st.st_size;
    }
    if (!resp) abort();
    set_headers(resp, type, cache, etag, vary, gz);
    if (r->resp) MHD_destroy_response(r->resp);
    r->resp = resp;
    r->status = status;
    r->replied = true;
    return true;
}

bool kz_static_serve(kz_req *r)
{
    const char *path = r->path;
    if (!strncmp(path, "/api/", 5) || !strcmp(path, "/api")) return false;
    if (!kz_static_path_ok(path)) {
        kz_reply_code(r, KZ_E_NOT_FOUND, "页面不存在");
        return true;
    }
    if (!root_len) {
        kz_reply_code(
            r, KZ_E_NOT_FOUND,
            "Web 界面尚未构建（没有 web/dist），请运行 make web 或用 --web-root 指定目录");
        return true;
    }
    const char *last = strrchr(path, '/') + 1;
    bool is_dir = !*last;
    if (!is_dir && serve_file(r, path)) return true;
    /* an app route: the history-mode router's page, unless it names a missing file */
    if (!strncmp(path, "/assets/", 8) || strchr(last, '.')) {
        kz_reply_code(r, KZ_E_NOT_FOUND, "文件不存在");
        return true;
    }
    if (!serve_file(r, "/index.html")) kz_reply_code(r, KZ_E_NOT_FOUND, "Web 界面缺少 index.html");
    return true;
}
