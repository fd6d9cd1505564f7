/* test_static.c — the web UI file server's pure parts: which paths may name a file, the content
 * type of each extension, and reading Accept-Encoding. The served answers (headers, gzip, 304,
 * fallback, traversal) are checked against the running binary in tests/api/static.test.mjs. */
#include "unit.h"
#include "http/h_static.h"

static void paths(void **state)
{
    (void)state;
    const char *ok[] = {
        "/",           "/index.html",  "/assets/index-B3x_9a.js", "/achievements/12",
        "/workbench/", "/favicon.ico", "/a/b/c~1@2.txt",          NULL};
    for (int i = 0; ok[i]; i++)
        if (!kz_static_path_ok(ok[i])) fail_msg("refused %s", ok[i]);
    const char *bad[] = {"",
                         "index.html",
                         "/..",
                         "/../etc/passwd",
                         "/assets/../../etc/passwd",
                         "/a/./b",
                         "/.env",
                         "/assets/.hidden.js",
                         "//etc/passwd",
                         "/a//b",
                         "/a\\b",
                         "/a b",
                         "/a%2e%2e",
                         "/a?b",
                         "/\xe6\x88\x90\xe6\x9e\x9c",
                         "/a\nb",
                         NULL};
    for (int i = 0; bad[i]; i++)
        if (kz_static_path_ok(bad[i])) fail_msg("accepted %s", bad[i]);
    char longp[600];
    memset(longp, 'a', sizeof longp - 1);
    longp[0] = '/';
    longp[sizeof longp - 1] = 0;
    assert_false(kz_static_path_ok(longp));
    assert_false(kz_static_path_ok(NULL));
}

static void types(void **state)
{
    (void)state;
    assert_string_equal(kz_static_type("/index.html"), "text/html; charset=utf-8");
    assert_string_equal(kz_static_type("/assets/a-1.js"), "text/javascript; charset=utf-8");
    assert_string_equal(kz_static_type("/assets/a-1.CSS"), "text/css; charset=utf-8");
    assert_string_equal(kz_static_type("/assets/m.json"), "application/json; charset=utf-8");
    assert_string_equal(kz_static_type("/logo.svg"), "image/svg+xml");
    assert_string_equal(kz_static_type("/assets/f.woff2"), "font/woff2");
    assert_string_equal(kz_static_type("/favicon.ico"), "image/x-icon");
    assert_string_equal(kz_static_type("/x.png"), "image/png");
    /* the extension is the last segment's: a dot in a directory name does not count */
    assert_string_equal(kz_static_type("/v1.2/README"), "application/octet-stream");
    assert_string_equal(kz_static_type("/blob.bin"), "application/octet-stream");
}

static void accept_encoding(void **state)
{
    (void)state;
    assert_true(kz_static_accepts_gzip("gzip"));
    assert_true(kz_static_accepts_gzip("gzip, deflate, br"));
    assert_true(kz_static_accepts_gzip("br;q=1.0, GZIP;q=0.5"));
    assert_true(kz_static_accepts_gzip("deflate, *"));
    assert_true(kz_static_accepts_gzip(" br , gzip "));
    assert_false(kz_static_accepts_gzip(NULL));
    assert_false(kz_static_accepts_gzip(""));
    assert_false(kz_static_accepts_gzip("identity"));
    assert_false(kz_static_accepts_gzip("br, deflate"));
    assert_false(kz_static_accepts_gzip("gzip;q=0"));
    assert_false(kz_static_accepts_gzip("gzip;q=0.000, br"));
    assert_false(kz_static_accepts_gzip("x-gzip2"));
    assert_false(kz_static_accepts_gzip("gzipped"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(paths),
        cmocka_unit_test(types),
        cmocka_unit_test(accept_encoding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
