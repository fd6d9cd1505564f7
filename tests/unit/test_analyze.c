/* test_analyze.c — the search text analyzer (src/search/analyze.c): golden token lists for
 * mixed Chinese/English/full-width/number text, stopwords, short queries, long and invalid
 * input, the fallback without a friso dictionary, concurrent use and 繁→简 folding. The golden
 * lists need the Debian friso-dict dictionary and OpenCC's tables (libopencc-data). */
#include "unit.h"
#include "search/analyze.h"
#include "search/t2s.h"
#include <pthread.h>
#include <time.h>

/* Tokens rendered as "kind:text@pos kind:text@pos …" in a growing buffer. */
typedef struct dump {
    char *buf;
    size_t len, cap;
    size_t count;
    uint32_t last_pos;
    bool ordered; /* positions never decreased */
} dump;

static const char *kind_name(uint8_t k)
{
    switch (k) {
    case KZ_TOK_WORD: return "w";
    case KZ_TOK_BIGRAM: return "b";
    case KZ_TOK_UNIGRAM: return "u";
    case KZ_TOK_LATIN: return "l";
    case KZ_TOK_NUMBER: return "n";
    default: return "?";
    }
}

static int dump_cb(void *ctx, const kz_token *t)
{
    dump *d = ctx;
    assert_true(t->len > 0 && t->len <= KZ_TOKEN_MAX_BYTES);
    if (d->count && t->pos < d->last_pos) d->ordered = false;
    d->last_pos = t->pos;
    d->count++;
    size_t need = d->len + t->len + 32;
    if (need > d->cap) {
        d->cap = need * 2;
        d->buf = realloc(d->buf, d->cap);
        assert_non_null(d->buf);
    }
    d->len += (size_t)snprintf(d->buf + d->len, d->cap - d->len, "%s%s:%.*s@%u", d->len ? " " : "",
                               kind_name(t->kind), (int)t->len, t->text, t->pos);
    return 0;
}

/* The tokens of text as a malloc'd string ("" when none). */
static char *analyze_n(const char *text, size_t n)
{
    dump d = {.ordered = true};
    d.buf = calloc(1, 1);
    d.cap = 1;
    assert_int_equal(kz_analyze(text, n, dump_cb, &d), 0);
    assert_true(d.ordered);
    return d.buf;
}

static char *analyze(const char *text)
{
    return analyze_n(text, strlen(text));
}

#define assert_tokens(text, want)                                                                  \
    do {                                                                                           \
        char *got_ = analyze(text);                                                                \
        assert_string_equal(got_, want);                                                           \
        free(got_);                                                                                \
    } while (0)

static int setup(void **state)
{
    (void)state;
    unsetenv("KEZHUAN_FRISO_DICT");
    if (kz_analyzer_init() != 0) {
        fprintf(stderr, "friso: %s\n", kz_analyzer_error());
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kz_analyzer_free();
    return 0;
}

static void golden_mixed(void **state)
{
    (void)state;
    assert_true(kz_analyzer_has_words());
    assert_tokens("基于ＹＯＬＯv8的锂电池极片缺陷检测，型号ZL2023-5G，容量18650mAh",
                  "n:yolov8@2 l:yolov@2 w:锂电池@4 b:锂电@4 b:电池@5 b:池极@6 b:极片@7 "
                  "b:片缺@8 w:缺陷@9 b:陷检@10 w:检测@11 w:型号@13 n:zl2023@15 l:zl@15 "
                  "n:2023@15 n:5g@16 w:容量@17 n:18650mah@19 n:18650@19 l:mah@19");
    assert_tokens("一种基于深度学习的等离子体检测方法及其装置",
                  "w:深度@4 b:度学@5 w:学习@6 w:等离子体@9 b:等离@9 b:离子@10 b:子体@11 "
                  "b:体检@12 w:检测@13 b:测方@14 w:方法@15 w:装置@19");
    assert_tokens("The design of a 3.7V cell for the Café",
                  "l:design@1 n:3.7v@4 n:3.7@4 l:cell@5 l:café@8");
}

static void full_width_and_compatibility_forms(void **state)
{
    (void)state;
    assert_tokens("ＡＢＣ１２３", "n:abc123@0 l:abc@0 n:123@0");
    assert_tokens("ＬＩＤＡＲ　激光雷达", "l:lidar@0 w:激光雷达@1 b:激光@1 b:光雷@2 b:雷达@3");
    assert_tokens("容量５０００㎃", "w:容量@0 n:5000ma@2 n:5000@2 l:ma@2");
    assert_tokens("STRASSE straße", "l:strasse@0 l:strasse@1");
}

/* 繁→简: traditional text gives the tokens of its simplified form, mixed text folds only its
 * traditional characters, and folding keeps byte lengths. */
static void traditional_characters(void **state)
{
    (void)state;
    assert_true(kz_t2s_ready());
    assert_true(kz_t2s_size() > 2000);
    assert_tokens("臺灣的鋰離子電池與傳感器",
                  "w:台湾@0 w:锂离子电池@3 b:锂离@3 b:离子@4 b:子电@5 b:电池@6 w:传感器@9 "
                  "b:传感@9 b:感器@10");
    char *t = analyze("鋰電池隔膜，型號ZL2023");
    char *s2 = analyze("锂电池隔膜，型号ZL2023");
    assert_string_equal(t, s2);
    free(t);
    free(s2);
    assert_int_equal(kz_t2s_char(0x9435), 0x94C1); /* 鐵 → 铁 */
    assert_int_equal(kz_t2s_char(0x94C1), 0x94C1); /* simplified stays */
    assert_int_equal(kz_t2s_char('A'), 'A');
    char buf[] = "發展 ABC 后來ÿ";
    size_t n = strlen(buf);
    assert_int_equal(kz_t2s_fold(buf, n), 2);
    assert_string_equal(buf, "发展 ABC 后来ÿ");
    assert_int_equal(strlen(buf), n);
}

static void only_stopwords(void **state)
{
    (void)state;
    assert_tokens("的了和与及 等 在 是 对", "");
    assert_tokens("一种 基于 用于", "");
    assert_tokens("the of and for", "");
    assert_tokens("，。！？ ... --- ", "");
    assert_tokens("", "");
}

static void short_queries(void **state)
{
    (void)state;
    assert_tokens("电池", "w:电池@0");
    assert_tokens("锂", "u:锂@0");
    assert_tokens("的", "");
    assert_tokens("5G", "n:5g@0");
    assert_tokens("AI", "l:ai@0");
    assert_tokens("x", "l:x@0");
    assert_tokens("锂的", "u:锂@0");
}

static void long_input_is_fast(void **state)
{
    (void)state;
    const char *unit = "基于YOLOv8的锂电池极片缺陷检测，型号ZL2023-5G。"; /* 33 characters */
    size_t ul = strlen(unit), reps = 10000 / 33 + 1;
    char *text = malloc(ul * reps + 1);
    assert_non_null(text);
    for (size_t i = 0; i < reps; i++)
        memcpy(text + i * ul, unit, ul);
    text[ul * reps] = '\0';
    /* and one 10,000-character CJK run with no separator at all */
    const char *han = "锂电池正极材料";
    size_t hl = strlen(han), hreps = 10000 / 7 + 1;
    char *run = malloc(hl * hreps + 1);
    assert_non_null(run);
    for (size_t i = 0; i < hreps; i++)
        memcpy(run + i * hl, han, hl);
    run[hl * hreps] = '\0';

    clock_t t0 = clock();
    dump d = {.ordered = true};
    assert_int_equal(kz_analyze(text, strlen(text), dump_cb, &d), 0);
    assert_true(d.ordered);
    assert_true(d.count >= reps * 10);
    free(d.buf);
    dump d2 = {.ordered = true};
    assert_int_equal(kz_analyze(run, strlen(run), dump_cb, &d2), 0);
    assert_true(d2.ordered);
    assert_true(d2.count >= hreps * 6);
    assert_true(d2.last_pos == hreps * 7 - 2);
    free(d2.buf);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_true(secs < 2.0); /* ~ms unsanitized; generous for ASan */
    free(text);
    free(run);
}

static void invalid_utf8(void **state)
{
    (void)state;
    static const char bad[] = "锂电池\xff\xfe正极\xe4\xb8材料\xc0\x80"
                              "abc\xed\xa0\x80"
                              "def\xf4\x90\x80\x80"
                              "5g";
    assert_tokens(bad, "w:锂电池@0 b:锂电@0 b:电池@1 w:正极@3 w:材料@5 l:abc@7 l:def@8 "
                       "n:5g@9");
    /* NUL bytes separate too */
    char *got = analyze_n("电池\0正极", sizeof "电池\0正极" - 1);
    assert_string_equal(got, "w:电池@0 w:正极@2");
    free(got);
    /* truncated sequences at the very end */
    assert_tokens("电池\xe4", "w:电池@0");
    assert_tokens("\xe4\xb8", "");
    assert_tokens("\x80\x80\x80", "");
}

static int stop_after_two(void *ctx, const kz_token *t)
{
    (void)t;
    int *n = ctx;
    return ++*n == 2 ? 7 : 0;
}

static void callback_stops(void **state)
{
    (void)state;
    int n = 0;
    assert_int_equal(kz_analyze("锂电池正极材料", strlen("锂电池正极材料"), stop_after_two, &n), 7);
    assert_int_equal(n, 2);
}

static void no_dictionary_fallback(void **state)
{
    (void)state;
    kz_analyzer_free();
    setenv("KEZHUAN_FRISO_DICT", "/nonexistent/kezhuan/friso", 1);
    assert_int_equal(kz_analyzer_init(), -1);
    assert_non_null(kz_analyzer_error());
    assert_false(kz_analyzer_has_words());
    assert_int_equal(kz_analyzer_init(), -1); /* remembered */
    assert_tokens("锂电池", "b:锂电@0 b:电池@1");
    assert_tokens("电池", "b:电池@0");
    assert_tokens("基于锂电池的检测方法", "b:锂电@2 b:电池@3 b:检测@6 b:测方@7 b:方法@8");
    assert_tokens("型号ZL2023", "b:型号@0 n:zl2023@2 l:zl@2 n:2023@2");
    assert_tokens("的", "");
    kz_analyzer_free();
    unsetenv("KEZHUAN_FRISO_DICT");
    assert_int_equal(kz_analyzer_init(), 0);
    assert_null(kz_analyzer_error());
    assert_true(kz_analyzer_has_words());
    assert_tokens("电池", "w:电池@0");
}

typedef struct thread_arg {
    const char *want;
    bool ok;
} thread_arg;

static void *worker(void *p)
{
    thread_arg *a = p;
    a->ok = true;
    static const char text[] = "基于ＹＯＬＯv8的锂电池极片缺陷检测，型号ZL2023-5G，容量18650mAh";
    for (int i = 0; i < 200 && a->ok; i++) {
        dump d = {.ordered = true};
        d.buf = calloc(1, 1);
        d.cap = 1;
        if (kz_analyze(text, sizeof text - 1, dump_cb, &d) != 0 || strcmp(d.buf, a->want))
            a->ok = false;
        free(d.buf);
    }
    return NULL;
}

static void concurrent_use(void **state)
{
    (void)state;
    char *want = analyze("基于ＹＯＬＯv8的锂电池极片缺陷检测，型号ZL2023-5G，容量18650mAh");
    pthread_t th[4];
    thread_arg args[4];
    for (int i = 0; i < 4; i++) {
        args[i].want = want;
        assert_int_equal(pthread_create(&th[i], NULL, worker, &args[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_true(args[i].ok);
    }
    free(want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(golden_mixed),       cmocka_unit_test(full_width_and_compatibility_forms),
        cmocka_unit_test(only_stopwords),     cmocka_unit_test(short_queries),
        cmocka_unit_test(long_input_is_fast), cmocka_unit_test(invalid_utf8),
        cmocka_unit_test(callback_stops),     cmocka_unit_test(no_dictionary_fallback),
        cmocka_unit_test(concurrent_use),     cmocka_unit_test(traditional_characters),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
