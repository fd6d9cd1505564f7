/* unit.h — the cmocka includes in the order cmocka needs, plus small helpers the unit tests
 * share. Every tests/unit/test_*.c includes this first. */
#ifndef KZ_UNIT_H
#define KZ_UNIT_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/errors.h"
#include <dirent.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Asserts that e->fields names exactly the given fields (a NULL-terminated list), printing
 * the actual set when it does not. */
static inline void kz_assert_fields_(const kz_error *e, const char *const *want, const char *file,
                                     int line)
{
    size_t nwant = 0;
    bool ok = true;
    for (; want[nwant]; nwant++)
        if (!e->fields || !json_object_get(e->fields, want[nwant])) ok = false;
    size_t have = e->fields ? json_object_size(e->fields) : 0;
    if (have != nwant) ok = false;
    if (!ok) {
        char *dump = e->fields ? json_dumps(e->fields, JSON_SORT_KEYS) : NULL;
        print_error("%s:%d: field errors %s, expected", file, line, dump ? dump : "(none)");
        for (size_t i = 0; i < nwant; i++)
            print_error(" %s", want[i]);
        print_error("\n");
        free(dump);
        _fail(file, line);
    }
}
#define kz_assert_fields(e, ...)                                                                   \
    kz_assert_fields_((e), (const char *const[]){__VA_ARGS__, NULL}, __FILE__, __LINE__)
#define kz_assert_no_fields(e)                                                                     \
    kz_assert_fields_((e), (const char *const[]){NULL}, __FILE__, __LINE__)

/* A fresh private directory under $TMPDIR (or /tmp); the caller removes it with kz_rmtree. */
static inline char *kz_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    char tmpl[512];
    snprintf(tmpl, sizeof tmpl, "%s/kz-unit-XXXXXX", base && *base ? base : "/tmp");
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return strdup(d);
}

/* Removes a directory made by kz_tmpdir and the (flat) files in it. */
static inline void kz_rmtree(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        assert_int_equal(unlink(path), 0);
    }
    closedir(d);
    assert_int_equal(rmdir(dir), 0);
}

/* Writes text to dir/name and returns the malloc'd path. */
static inline char *kz_write_file(const char *dir, const char *name, const char *text)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    assert_non_null(path);
    snprintf(path, n, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
    return path;
}

#endif
