/* test_router.c — route matching (src/http/router.c) and the promise that the embedded API
 * description (openapi.json) lists exactly the routes the server has. */
#include "unit.h"
#include "core/embed.h"
#include "http/router.h"
#include <ctype.h>

/* The route's pattern with {id} replaced by 42 and {key} by "regions". */
static void concrete_path(const char *pattern, char *out, size_t n)
{
    size_t j = 0;
    for (const char *p = pattern; *p && j + 3 < n;) {
        if (!strncmp(p, "{id}", 4)) {
            out[j++] = '4';
            out[j++] = '2';
            p += 4;
        } else if (!strncmp(p, "{key}", 5) && j + 8 < n) {
            memcpy(out + j, "regions", 7);
            j += 7;
            p += 5;
        } else {
            out[j++] = *p++;
        }
    }
    out[j] = 0;
}

static void every_route_matches(void **state)
{
    (void)state;
    assert_true(kz_nroutes > 0);
    for (int i = 0; i < kz_nroutes; i++) {
        char path[256];
        concrete_path(kz_routes[i].pattern, path, sizeof path);
        const kz_route *r = NULL;
        int64_t id = -1;
        char allow[64] = "untouched", key[KZ_ROUTE_KEY_MAX] = "untouched";
        kz_route_result res =
            kz_route_match_key(kz_routes[i].method, path, &r, &id, key, allow, sizeof allow);
        if (res != KZ_ROUTE_OK) fail_msg("%s %s: result %d", kz_routes[i].method, path, (int)res);
        assert_ptr_equal(r, &kz_routes[i]);
        assert_int_equal(kz_route_index(r), i);
        assert_non_null(kz_routes[i].handler);
        assert_int_equal(id, strstr(kz_routes[i].pattern, "{id}") ? 42 : 0);
        assert_string_equal(key, strstr(kz_routes[i].pattern, "{key}") ? "regions" : "");
        /* the plain form agrees */
        const kz_route *r2 = NULL;
        int64_t id2 = -1;
        assert_int_equal(kz_route_match(kz_routes[i].method, path, &r2, &id2, NULL, 0),
                         KZ_ROUTE_OK);
        assert_ptr_equal(r2, r);
        assert_int_equal(id2, id);
    }
    assert_int_equal(kz_route_index(NULL), -1);
}

static void routes_are_unique(void **state)
{
    (void)state;
    for (int i = 0; i < kz_nroutes; i++)
        for (int j = 0; j < i; j++)
            if (!strcmp(kz_routes[i].method, kz_routes[j].method) &&
                !strcmp(kz_routes[i].pattern, kz_routes[j].pattern))
                fail_msg("route %s %s is listed twice", kz_routes[i].method, kz_routes[i].pattern);
}

static void ids(void **state)
{
    (void)state;
    const kz_route *r;
    int64_t id;
    assert_int_equal(kz_route_match("GET", "/api/v1/orgs/1", &r, &id, NULL, 0), KZ_ROUTE_OK);
    assert_int_equal(id, 1);
    assert_int_equal(kz_route_match("PATCH", "/api/v1/users/123456789012345678", &r, &id, NULL, 0),
                     KZ_ROUTE_OK);
    assert_int_equal(id, 123456789012345678LL);
    assert_string_equal(r->pattern, "/api/v1/users/{id}");
    assert_string_equal(r->method, "PATCH");
}

static void keys(void **state)
{
    (void)state;
    const kz_route *r;
    int64_t id;
    char key[KZ_ROUTE_KEY_MAX];
    assert_int_equal(kz_route_match_key("GET", "/api/v1/vocab/industries", &r, &id, key, NULL, 0),
                     KZ_ROUTE_OK);
    assert_string_equal(r->pattern, "/api/v1/vocab/{key}");
    assert_string_equal(key, "industries");
    assert_int_equal(kz_route_match_key("GET", "/api/v1/vocab/trl_2", &r, &id, key, NULL, 0),
                     KZ_ROUTE_OK);
    assert_string_equal(key, "trl_2");
    /* the longest key that fits */
    char path[128], want[KZ_ROUTE_KEY_MAX];
    memset(want, 'k', KZ_ROUTE_KEY_MAX - 1);
    want[KZ_ROUTE_KEY_MAX - 1] = 0;
    snprintf(path, sizeof path, "/api/v1/vocab/%s", want);
    assert_int_equal(kz_route_match_key("GET", path, &r, &id, key, NULL, 0), KZ_ROUTE_OK);
    assert_string_equal(key, want);
    /* one longer, or outside [a-z0-9_], matches nothing */
    snprintf(path, sizeof path, "/api/v1/vocab/%sk", want);
    const char *const bad[] = {
        "/api/v1/vocab/Regions",   "/api/v1/vocab/re-gions", "/api/v1/vocab/re.gions",
        "/api/v1/vocab/",          "/api/v1/vocab/regions/", "/api/v1/vocab/regions/x",
        "/api/v1/vocab/%72egions", "/api/v1/vocab/区域",     path};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char allow[64];
        if (kz_route_match_key("GET", bad[i], &r, &id, key, allow, sizeof allow) !=
            KZ_ROUTE_NOT_FOUND)
            fail_msg("GET %s matched", bad[i]);
        assert_null(r);
    }
}

static void wrong_method_lists_allowed(void **state)
{
    (void)state;
    static const struct {
        const char *method, *path, *allow;
    } cases[] = {
        {"DELETE", "/api/v1/orgs", "GET, POST"},
        {"PUT", "/api/v1/orgs/42", "GET, PATCH"},
        {"POST", "/api/v1/orgs/42", "GET, PATCH"},
        {"PATCH", "/api/v1/users", "GET, POST"},
        {"DELETE", "/api/v1/users/7", "GET, PATCH"},
        {"GET", "/api/v1/auth/login", "POST"},
        {"GET", "/api/v1/auth/logout", "POST"},
        {"POST", "/api/v1/me", "GET"},
        {"GET", "/api/v1/me/password", "POST"},
        {"POST", "/api/v1/audit", "GET"},
        {"POST", "/healthz", "GET"},
        {"DELETE", "/metrics", "GET"},
        {"POST", "/api/v1/vocab", "GET"},
        {"PUT", "/api/v1/vocab/regions", "GET"},
        {"get", "/healthz", "GET"}, /* methods are case-sensitive */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const kz_route *r = (const kz_route *)1;
        int64_t id = 0;
        char allow[64];
        kz_route_result res =
            kz_route_match(cases[i].method, cases[i].path, &r, &id, allow, sizeof allow);
        if (res != KZ_ROUTE_BAD_METHOD)
            fail_msg("%s %s: result %d, want bad method", cases[i].method, cases[i].path, (int)res);
        assert_null(r);
        if (strcmp(allow, cases[i].allow))
            fail_msg("%s %s: Allow \"%s\", want \"%s\"", cases[i].method, cases[i].path, allow,
                     cases[i].allow);
    }
    /* and for every route: a method it lacks gives bad-method with its own method allowed */
    for (int i = 0; i < kz_nroutes; i++) {
        char path[256], allow[64];
        concrete_path(kz_routes[i].pattern, path, sizeof path);
        const kz_route *r;
        int64_t id;
        assert_int_equal(kz_route_match("OPTIONS", path, &r, &id, allow, sizeof allow),
                         KZ_ROUTE_BAD_METHOD);
        assert_non_null(strstr(allow, kz_routes[i].method));
    }
}

static void allow_buffer_is_bounded(void **state)
{
    (void)state;
    char buf[16];
    memset(buf, '#', sizeof buf);
    const kz_route *r;
    int64_t id;
    assert_int_equal(kz_route_match("DELETE", "/api/v1/orgs", &r, &id, buf, 4),
                     KZ_ROUTE_BAD_METHOD);
    assert_non_null(memchr(buf, 0, 4));
    for (int i = 4; i < 16; i++)
        assert_int_equal(buf[i], '#');
    /* no buffer at all */
    assert_int_equal(kz_route_match("DELETE", "/api/v1/orgs", &r, &id, NULL, 0),
                     KZ_ROUTE_BAD_METHOD);
}

static void unknown_paths(void **state)
{
    (void)state;
    static const char *const paths[] = {
        "/",
        "",
        "/api",
        "/api/v1",
        "/api/v1/",
        "/api/v1/nothing",
        "/api/v2/orgs",
        "/API/v1/orgs",
        "/api/v1/orgs/",
        "/api/v1/orgs/42/",
        "/api/v1/orgs/42/history",
        "/api/v1/orgsx",
        "/api/v1/org",
        "/healthz/",
        "//healthz",
        "/healthzz",
        "/api/v1/orgs/0",
        "/api/v1/orgs/00",
        "/api/v1/orgs/042",
        "/api/v1/orgs/-1",
        "/api/v1/orgs/+1",
        "/api/v1/orgs/ 1",
        "/api/v1/orgs/abc",
        "/api/v1/orgs/12x",
        "/api/v1/orgs/1.5",
        "/api/v1/orgs/0x10",
        "/api/v1/orgs/12345678901234567890", /* 20 digits: overflows int64 */
        "/api/v1/orgs/9223372036854775808",  /* INT64_MAX + 1 */
        "/api/v1/orgs/99999999999999999999999999",
        "/api/v1/users/{id}",
        "/api/v1/orgs?x=1",
    };
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
        for (int m = 0; m < 2; m++) {
            const char *method = m ? "PATCH" : "GET";
            const kz_route *r = (const kz_route *)1;
            int64_t id = 0;
            char allow[64] = "x";
            kz_route_result res = kz_route_match(method, paths[i], &r, &id, allow, sizeof allow);
            if (res != KZ_ROUTE_NOT_FOUND)
                fail_msg("%s \"%s\": result %d, want not found", method, paths[i], (int)res);
            assert_null(r);
            assert_string_equal(allow, "");
        }
}

/* ---- the API description lists exactly the routes ---- */

static const char *const http_methods[] = {"get",     "put",  "post",  "delete",
                                           "options", "head", "patch", "trace"};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool in(char **set, int n, const char *s)
{
    return bsearch(&s, set, (size_t)n, sizeof(char *), cmp_str) != NULL;
}

static void openapi_lists_exactly_the_routes(void **state)
{
    (void)state;
    json_error_t jerr;
    size_t len = kz_res_len(kz_res_openapi, kz_res_openapi_end);
    assert_true(len > 0);
    json_t *doc = json_loadb(kz_res_openapi, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc) fail_msg("openapi.json does not parse: line %d: %s", jerr.line, jerr.text);
    assert_non_null(json_object_get(doc, "openapi"));
    json_t *paths = json_object_get(doc, "paths");
    assert_true(json_is_object(paths));

    /* "METHOD path" strings from the description */
    char **spec = NULL;
    int nspec = 0;
    const char *path;
    json_t *item;
    json_object_foreach(paths, path, item)
    {
        assert_true(json_is_object(item));
        const char *key;
        json_t *op;
        json_object_foreach(item, key, op)
        {
            bool is_method = false;
            for (size_t m = 0; m < sizeof(http_methods) / sizeof(http_methods[0]); m++)
                if (!strcmp(key, http_methods[m])) is_method = true;
            if (!is_method) continue; /* "parameters", "summary", … */
            char buf[300];
            int w = snprintf(buf, sizeof buf, "%s %s", key, path);
            for (int k = 0; k < w && buf[k] != ' '; k++)
                buf[k] = (char)toupper((unsigned char)buf[k]);
            spec = realloc(spec, sizeof(char *) * (size_t)(nspec + 1));
            assert_non_null(spec);
            spec[nspec++] = strdup(buf);
        }
    }
    /* the same from the route table */
    char **routes = calloc((size_t)kz_nroutes, sizeof(char *));
    assert_non_null(routes);
    for (int i = 0; i < kz_nroutes; i++) {
        char buf[300];
        snprintf(buf, sizeof buf, "%s %s", kz_routes[i].method, kz_routes[i].pattern);
        routes[i] = strdup(buf);
    }
    qsort(spec, (size_t)nspec, sizeof(char *), cmp_str);
    qsort(routes, (size_t)kz_nroutes, sizeof(char *), cmp_str);

    int missing = 0;
    for (int i = 0; i < kz_nroutes; i++)
        if (!in(spec, nspec, routes[i])) {
            print_error("route %s is missing from openapi.json\n", routes[i]);
            missing++;
        }
    for (int i = 0; i < nspec; i++)
        if (!in(routes, kz_nroutes, spec[i])) {
            print_error("openapi.json describes %s, which no route serves\n", spec[i]);
            missing++;
        }
    for (int i = 0; i < nspec; i++)
        free(spec[i]);
    for (int i = 0; i < kz_nroutes; i++)
        free(routes[i]);
    free(spec);
    free(routes);
    json_decref(doc);
    if (missing) fail_msg("%d difference(s) between openapi.json and kz_routes", missing);
    assert_int_equal(nspec, kz_nroutes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_route_matches),
        cmocka_unit_test(routes_are_unique),
        cmocka_unit_test(ids),
        cmocka_unit_test(keys),
        cmocka_unit_test(wrong_method_lists_allowed),
        cmocka_unit_test(allow_buffer_is_bounded),
        cmocka_unit_test(unknown_paths),
        cmocka_unit_test(openapi_lists_exactly_the_routes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
