/* test_config.c — settings precedence: flag > KEZHUAN_* environment > config file > default
 * (src/core/config.c). */
#include "unit.h"
#include "core/config.h"

static const char *const env_names[] = {
    "KEZHUAN_CONFIG",
    "KEZHUAN_DB",
    "KEZHUAN_HOST",
    "KEZHUAN_PORT",
    "KEZHUAN_THREADS",
    "KEZHUAN_MAX_BODY",
    "KEZHUAN_TIMEOUT",
    "KEZHUAN_SESSION_TTL",
    "KEZHUAN_SESSION_CACHE_MS",
    "KEZHUAN_LOGIN_LIMIT",
    "KEZHUAN_LOGIN_WINDOW",
    "KEZHUAN_PWHASH_OPS",
    "KEZHUAN_PWHASH_MEM_KIB",
    "KEZHUAN_COOKIE_SECURE",
    "KEZHUAN_LOG_REQUESTS",
    "KEZHUAN_SYNCHRONOUS",
};

typedef struct fixture {
    char *dir;
    kz_config c;
    char *errbuf;
    size_t errlen;
    FILE *err;
} fixture;

static void clear_env(void)
{
    for (size_t i = 0; i < sizeof(env_names) / sizeof(env_names[0]); i++)
        unsetenv(env_names[i]);
}

static int setup(void **state)
{
    clear_env();
    fixture *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    f->dir = kz_tmpdir();
    kz_config_defaults(&f->c);
    f->err = open_memstream(&f->errbuf, &f->errlen);
    assert_non_null(f->err);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    clear_env();
    kz_config_free(&f->c);
    fclose(f->err);
    free(f->errbuf);
    kz_rmtree(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

/* Loads with the given flags; the argv array is NULL-terminated for convenience. */
#define ARGV(...) ((char *[]){__VA_ARGS__, NULL})
static int load(fixture *f, char **argv, char **rest, int *nrest)
{
    int argc = 0;
    while (argv[argc])
        argc++;
    return kz_config_load(&f->c, argc, argv, rest, nrest, f->err);
}

/* The message written to err so far. */
static const char *errtext(fixture *f)
{
    fflush(f->err);
    return f->errbuf ? f->errbuf : "";
}

static void defaults(void **state)
{
    fixture *f = *state;
    kz_config *c = &f->c;
    assert_string_equal(c->db, "sqlite:var/kezhuan.db");
    assert_string_equal(c->host, "127.0.0.1");
    assert_int_equal(c->port, 8080);
    assert_int_equal(c->threads, 4);
    assert_int_equal(c->max_body, 1048576);
    assert_int_equal(c->session_ttl, 604800);
    assert_int_equal(c->login_limit, 10);
    assert_int_equal(c->login_window, 300);
    assert_string_equal(c->synchronous, "FULL");
    assert_false(c->cookie_secure);
    assert_null(c->config_file);
    /* nothing given: nothing changes */
    char *none[] = {NULL};
    assert_int_equal(kz_config_load(c, 0, none, NULL, NULL, f->err), 0);
    assert_string_equal(c->db, "sqlite:var/kezhuan.db");
    assert_int_equal(c->port, 8080);
    assert_null(c->config_file);
}

static void env_overrides_default(void **state)
{
    fixture *f = *state;
    setenv("KEZHUAN_PORT", "9090", 1);
    setenv("KEZHUAN_DB", "sqlite:/tmp/x.db", 1);
    setenv("KEZHUAN_COOKIE_SECURE", "true", 1);
    setenv("KEZHUAN_SESSION_CACHE_MS", "0", 1);
    assert_int_equal(load(f, ARGV("serve"), NULL, NULL), -1); /* "serve" is not a flag */
    assert_int_equal(load(f, (char *[]){NULL}, NULL, NULL), 0);
    assert_int_equal(f->c.port, 9090);
    assert_string_equal(f->c.db, "sqlite:/tmp/x.db");
    assert_true(f->c.cookie_secure);
    assert_int_equal(f->c.session_cache_ms, 0);
    assert_int_equal(f->c.threads, 4); /* untouched */
}

static void flag_overrides_env(void **state)
{
    fixture *f = *state;
    setenv("KEZHUAN_PORT", "9090", 1);
    setenv("KEZHUAN_HOST", "0.0.0.0", 1);
    assert_int_equal(load(f, ARGV("--port", "7070"), NULL, NULL), 0);
    assert_int_equal(f->c.port, 7070);
    assert_string_equal(f->c.host, "0.0.0.0"); /* env still applies where no flag is given */
}

static void file_overrides_default_not_env(void **state)
{
    fixture *f = *state;
    char *path = kz_write_file(f->dir, "kz.conf",
                               "# kezhuan settings\n"
                               "\n"
                               "port = 6060\n"
                               "  threads=8  \n"
                               "host = 10.0.0.1\n"
                               "max_body = 4096\n"
                               "session-ttl = 3600\n"
                               "cookie_secure = yes\n");
    setenv("KEZHUAN_PORT", "9090", 1);
    assert_int_equal(load(f, ARGV("--config", path), NULL, NULL), 0);
    assert_int_equal(f->c.port, 9090); /* env beats file */
    assert_int_equal(f->c.threads, 8); /* file beats default */
    assert_string_equal(f->c.host, "10.0.0.1");
    assert_int_equal(f->c.max_body, 4096);
    assert_int_equal(f->c.session_ttl, 3600);
    assert_true(f->c.cookie_secure);
    assert_non_null(f->c.config_file);
    assert_string_equal(f->c.config_file, path);
    free(path);
}

static void flag_overrides_file(void **state)
{
    fixture *f = *state;
    char *path = kz_write_file(f->dir, "kz.conf", "threads = 8\nport = 6060\n");
    assert_int_equal(load(f, ARGV("--threads", "2", "--config", path), NULL, NULL), 0);
    assert_int_equal(f->c.threads, 2);
    assert_int_equal(f->c.port, 6060);
    free(path);
}

static void file_from_env(void **state)
{
    fixture *f = *state;
    char *path = kz_write_file(f->dir, "a.conf", "threads = 16\nhost = ::1\n");
    setenv("KEZHUAN_CONFIG", path, 1);
    assert_int_equal(load(f, (char *[]){NULL}, NULL, NULL), 0);
    assert_int_equal(f->c.threads, 16);
    assert_string_equal(f->c.host, "::1");
    assert_string_equal(f->c.config_file, path);
    free(path);
}

static void config_flag_equals_form_beats_env_file(void **state)
{
    fixture *f = *state;
    char *path = kz_write_file(f->dir, "a.conf", "threads = 16\n");
    char *path2 = kz_write_file(f->dir, "b.conf", "threads = 32\n");
    setenv("KEZHUAN_CONFIG", path, 1);
    char arg[600];
    snprintf(arg, sizeof arg, "--config=%s", path2);
    assert_int_equal(load(f, ARGV(arg), NULL, NULL), 0);
    assert_int_equal(f->c.threads, 32);
    assert_string_equal(f->c.config_file, path2);
    free(path);
    free(path2);
}

/* config.h: "a kz_config owns its strings" — loading again must not leak the first file
 * name (caught by LeakSanitizer under make unit-asan). */
static void loading_twice_keeps_ownership(void **state)
{
    fixture *f = *state;
    char *path = kz_write_file(f->dir, "a.conf", "threads = 16\n");
    char *path2 = kz_write_file(f->dir, "b.conf", "threads = 32\n");
    assert_int_equal(load(f, ARGV("--config", path), NULL, NULL), 0);
    assert_int_equal(load(f, ARGV("--config", path2), NULL, NULL), 0);
    assert_int_equal(f->c.threads, 32);
    assert_string_equal(f->c.config_file, path2);
    free(path);
    free(path2);
}

static void flag_forms_and_separators(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f,
                          ARGV("--port=1234", "--max-body", "2048", "--session_ttl=120",
                               "--login_limit", "5", "--db=sqlite:a=b.db", "--pwhash-mem-kib", "8"),
                          NULL, NULL),
                     0);
    assert_int_equal(f->c.port, 1234);
    assert_int_equal(f->c.max_body, 2048);
    assert_int_equal(f->c.session_ttl, 120);
    assert_int_equal(f->c.login_limit, 5);
    assert_string_equal(f->c.db, "sqlite:a=b.db"); /* only the first '=' separates */
    assert_int_equal(f->c.pwhash_mem_kib, 8);
    assert_int_equal(load(f, ARGV("--max_body=4096", "--session-cache-ms", "250"), NULL, NULL), 0);
    assert_int_equal(f->c.max_body, 4096);
    assert_int_equal(f->c.session_cache_ms, 250);
    /* the last of repeated flags wins */
    assert_int_equal(load(f, ARGV("--port", "1", "--port", "2"), NULL, NULL), 0);
    assert_int_equal(f->c.port, 2);
}

static void bool_flags(void **state)
{
    fixture *f = *state;
    assert_false(f->c.cookie_secure);
    assert_true(f->c.log_requests);
    /* no value: true, whether last or followed by another flag */
    assert_int_equal(load(f, ARGV("--cookie-secure"), NULL, NULL), 0);
    assert_true(f->c.cookie_secure);
    f->c.cookie_secure = false;
    assert_int_equal(load(f, ARGV("--cookie_secure", "--port", "5"), NULL, NULL), 0);
    assert_true(f->c.cookie_secure);
    assert_int_equal(f->c.port, 5);
    assert_int_equal(load(f, ARGV("--log-requests=false"), NULL, NULL), 0);
    assert_false(f->c.log_requests);
    assert_int_equal(load(f, ARGV("--log-requests=on"), NULL, NULL), 0);
    assert_true(f->c.log_requests);
    assert_int_equal(load(f, ARGV("--log-requests=0"), NULL, NULL), 0);
    assert_false(f->c.log_requests);
    assert_int_equal(load(f, ARGV("--cookie-secure=maybe"), NULL, NULL), -1);
    assert_true(strlen(errtext(f)) > 0);
}

static void unknown_flags_go_to_rest(void **state)
{
    fixture *f = *state;
    char *rest[8];
    int nrest = -1;
    char **argv = ARGV("user", "--username", "li", "--port", "81", "add", "--dry-run");
    assert_int_equal(load(f, argv, rest, &nrest), 0);
    assert_int_equal(f->c.port, 81);
    assert_int_equal(nrest, 5);
    assert_string_equal(rest[0], "user");
    assert_string_equal(rest[1], "--username");
    assert_string_equal(rest[2], "li");
    assert_string_equal(rest[3], "add");
    assert_string_equal(rest[4], "--dry-run");
    assert_ptr_equal(rest[0], argv[0]); /* borrowed from argv */
    /* none left: *nrest is reset */
    nrest = 7;
    assert_int_equal(load(f, ARGV("--port", "82"), rest, &nrest), 0);
    assert_int_equal(nrest, 0);
}

static void unknown_flag_without_rest_is_error(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, ARGV("--bogus"), NULL, NULL), -1);
    assert_non_null(strstr(errtext(f), "--bogus"));
    assert_int_equal(load(f, ARGV("--port", "81", "extra"), NULL, NULL), -1);
}

static void invalid_values(void **state)
{
    fixture *f = *state;
    static const char *const bad[][2] = {
        {"--port", "abc"},     {"--port", "12x"},      {"--port", ""},
        {"--port", "-1"},      {"--port", "65536"},    {"--port", "99999999999999999999"},
        {"--threads", "0"},    {"--threads", "257"},   {"--max-body", "1023"},
        {"--timeout", "3601"}, {"--login-limit", "0"}, {"--session-ttl", "59"},
        {"--port", "1.5"},     {"--pwhash-ops", "65"}, {"--session-cache-ms", "60001"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char *argv[] = {(char *)bad[i][0], (char *)bad[i][1], NULL};
        if (load(f, argv, NULL, NULL) != -1) fail_msg("%s %s was accepted", bad[i][0], bad[i][1]);
    }
    assert_int_equal(f->c.port, 8080); /* none of them stuck */
    assert_int_equal(f->c.threads, 4);
    /* bounds themselves are fine */
    assert_int_equal(load(f, ARGV("--port", "0", "--threads", "256"), NULL, NULL), 0);
    assert_int_equal(f->c.port, 0);
    assert_int_equal(f->c.threads, 256);
    assert_int_equal(load(f, ARGV("--port", "65535"), NULL, NULL), 0);
    /* a flag missing its value */
    assert_int_equal(load(f, ARGV("--port"), NULL, NULL), -1);
    /* a bad environment value */
    setenv("KEZHUAN_THREADS", "many", 1);
    assert_int_equal(load(f, (char *[]){NULL}, NULL, NULL), -1);
    assert_non_null(strstr(errtext(f), "KEZHUAN_THREADS"));
}

static void bad_files(void **state)
{
    fixture *f = *state;
    char *unknown = kz_write_file(f->dir, "u.conf", "port = 81\ncolour = blue\n");
    assert_int_equal(load(f, ARGV("--config", unknown), NULL, NULL), -1);
    assert_non_null(strstr(errtext(f), "colour"));
    char *noeq = kz_write_file(f->dir, "n.conf", "port 81\n");
    assert_int_equal(load(f, ARGV("--config", noeq), NULL, NULL), -1);
    char *badval = kz_write_file(f->dir, "v.conf", "port = eighty\n");
    assert_int_equal(load(f, ARGV("--config", badval), NULL, NULL), -1);
    char missing[600];
    snprintf(missing, sizeof missing, "%s/does-not-exist.conf", f->dir);
    assert_int_equal(load(f, ARGV("--config", missing), NULL, NULL), -1);
    setenv("KEZHUAN_CONFIG", missing, 1);
    assert_int_equal(load(f, (char *[]){NULL}, NULL, NULL), -1);
    free(unknown);
    free(noeq);
    free(badval);
}

static void usage_lists_every_option(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t n = 0;
    FILE *out = open_memstream(&buf, &n);
    assert_non_null(out);
    kz_config_usage(out);
    fclose(out);
    for (size_t i = 0; i < sizeof(env_names) / sizeof(env_names[0]); i++)
        if (!strstr(buf, env_names[i])) fail_msg("usage lacks %s", env_names[i]);
    assert_non_null(strstr(buf, "--max-body"));
    assert_non_null(strstr(buf, "--cookie-secure"));
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(env_overrides_default, setup, teardown),
        cmocka_unit_test_setup_teardown(flag_overrides_env, setup, teardown),
        cmocka_unit_test_setup_teardown(file_overrides_default_not_env, setup, teardown),
        cmocka_unit_test_setup_teardown(flag_overrides_file, setup, teardown),
        cmocka_unit_test_setup_teardown(file_from_env, setup, teardown),
        cmocka_unit_test_setup_teardown(config_flag_equals_form_beats_env_file, setup, teardown),
        cmocka_unit_test_setup_teardown(loading_twice_keeps_ownership, setup, teardown),
        cmocka_unit_test_setup_teardown(flag_forms_and_separators, setup, teardown),
        cmocka_unit_test_setup_teardown(bool_flags, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_flags_go_to_rest, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_flag_without_rest_is_error, setup, teardown),
        cmocka_unit_test_setup_teardown(invalid_values, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_files, setup, teardown),
        cmocka_unit_test(usage_lists_every_option),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
