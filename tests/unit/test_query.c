/* test_query.c — query parsing (src/search/query.c) and highlighting (src/search/highlight.c):
 * repeated terms add up their weights, token kinds weigh differently, demand phrasing words are
 * dropped only when other terms remain, highlights mark the original text, escape the rest
 * and keep the window with the most marks. */
#include "unit.h"
#include "search/analyze.h"
#include "search/highlight.h"
#include "search/query.h"

static const kz_ix_qterm *find(const kz_query *q, const char *t)
{
    for (size_t i = 0; i < q->n; i++)
        if (q->terms[i].len == strlen(t) && !memcmp(q->terms[i].text, t, q->terms[i].len))
            return &q->terms[i];
    return NULL;
}

static void test_weights_and_repeats(void **state)
{
    (void)state;
    kz_query q;
    const char *s = "锂电池 锂电池 5G 材料";
    assert_int_equal(kz_query_parse(s, strlen(s), NULL, &q), 0);
    const kz_ix_qterm *w = find(&q, "锂电池"), *g = find(&q, "5g"), *b = find(&q, "锂电");
    assert_non_null(w);
    assert_non_null(g);
    assert_non_null(b);
    assert_true(w->weight == 2 * kz_query_default_weights.word); /* twice */
    assert_true(g->weight == kz_query_default_weights.number);
    assert_true(b->weight < w->weight);
    assert_int_equal(q.dropped, 0);
    kz_query_free(&q);
    kz_query_free(&q); /* safe twice */
}

static void test_demand_phrasing(void **state)
{
    (void)state;
    kz_query q;
    const char *s = "针对现有锂电池低温性能不足的问题";
    assert_int_equal(kz_query_parse(s, strlen(s), NULL, &q), 0);
    assert_null(find(&q, "针对"));
    assert_null(find(&q, "问题"));
    assert_null(find(&q, "不足"));
    assert_non_null(find(&q, "锂电池"));
    assert_non_null(find(&q, "低温"));
    kz_query_free(&q);
    const char *only = "问题";
    assert_int_equal(kz_query_parse(only, strlen(only), NULL, &q), 0);
    assert_int_equal(q.n, 1); /* alone, it is still searched for */
    kz_query_free(&q);
}

static void test_many_terms(void **state)
{
    (void)state;
    char buf[8192];
    size_t n = 0;
    for (int i = 0; i < 400; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "w%d ", i);
    kz_query q;
    assert_int_equal(kz_query_parse(buf, n, NULL, &q), 0);
    assert_int_equal(q.n, KZ_IX_MAX_TERMS);
    assert_true(q.dropped > 0);
    kz_query_free(&q);
}

static void test_highlight(void **state)
{
    (void)state;
    kz_query q;
    const char *s = "锂电池 ZL2023";
    assert_int_equal(kz_query_parse(s, strlen(s), NULL, &q), 0);
    const char *t = "<b>高比能锂电池</b> & 专利 ZL2023 与 xzl2023y";
    int marks = 0;
    char *h = kz_highlight(t, strlen(t), &q, 0, &marks);
    assert_non_null(h);
    assert_string_equal(h, "&lt;b&gt;高比能<em>锂电池</em>&lt;/b&gt; &amp; 专利 <em>ZL2023</em> 与 "
                           "xzl2023y");
    assert_int_equal(marks, 2);
    free(h);
    /* full-width text is matched after normalization, the original characters are kept */
    const char *fw = "专利ＺＬ２０２３号";
    h = kz_highlight(fw, strlen(fw), &q, 0, NULL);
    assert_string_equal(h, "专利<em>ＺＬ２０２３</em>号");
    free(h);
    /* traditional text is matched by a simplified query (and the other way round), and the
     * original characters are kept */
    const char *tw = "高比能鋰電池";
    h = kz_highlight(tw, strlen(tw), &q, 0, &marks);
    assert_string_equal(h, "高比能<em>鋰電池</em>");
    assert_int_equal(marks, 1);
    free(h);
    /* a long text: the window with the marks, cut with … */
    char longt[4096] = "";
    for (int i = 0; i < 60; i++)
        strcat(longt, "材料工艺");
    strcat(longt, "锂电池");
    for (int i = 0; i < 60; i++)
        strcat(longt, "设备装置");
    h = kz_highlight(longt, strlen(longt), &q, 40, &marks);
    assert_non_null(strstr(h, "<em>锂电池</em>"));
    assert_true(!strncmp(h, "…", strlen("…")));
    assert_true(strlen(h) > 3 && !strcmp(h + strlen(h) - strlen("…"), "…"));
    assert_int_equal(marks, 1);
    free(h);
    kz_query_free(&q);
}

int main(void)
{
    assert_int_equal(kz_analyzer_init(), 0);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weights_and_repeats),
        cmocka_unit_test(test_demand_phrasing),
        cmocka_unit_test(test_many_terms),
        cmocka_unit_test(test_highlight),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    kz_analyzer_free();
    return rc;
}
