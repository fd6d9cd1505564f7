/* test_demo.c — the demo content generator (src/demo/): determinism, distinct titles, codes
 * that exist in the vocabularies, field shapes and lengths, owners of the right kind, the
 * intended status mix, and the integrity of the topic tables the content is composed from.
 * Runs from the repository root (the vocabulary files are read from data/vocab/). */
#include "unit.h"
#include "demo/content.h"
#include "demo/topics.h"
#include <ctype.h>

/* ---- helpers --------------------------------------------------------------------------- */

static int u8len(const char *s)
{
    int n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool in_list(const char *s, const char *const *list)
{
    for (; s && *list; list++)
        if (!strcmp(s, *list)) return true;
    return false;
}

/* The codes (first column) of a vocabulary TSV, sorted. */
typedef struct vocab {
    char **code;
    char **parent;
    int *level;
    int n;
} vocab;

static vocab load_vocab(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) fail_msg("cannot open %s (run from the repository root)", path);
    vocab v = {0};
    int cap = 0;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n') continue;
        char *code = strtok(line, "\t\n");
        char *level = strtok(NULL, "\t\n");
        char *parent = strtok(NULL, "\t\n");
        if (!code || !level) continue;
        if (!strcmp(code, "code")) continue; /* a header row */
        if (v.n == cap) {
            cap = cap ? cap * 2 : 1024;
            v.code = realloc(v.code, (size_t)cap * sizeof *v.code);
            v.parent = realloc(v.parent, (size_t)cap * sizeof *v.parent);
            v.level = realloc(v.level, (size_t)cap * sizeof *v.level);
            assert_non_null(v.code);
            assert_non_null(v.parent);
            assert_non_null(v.level);
        }
        v.code[v.n] = strdup(code);
        v.parent[v.n] = strdup(parent ? parent : "");
        v.level[v.n] = atoi(level);
        v.n++;
    }
    fclose(f);
    assert_true(v.n > 100);
    return v;
}

static int vocab_find(const vocab *v, const char *code)
{
    for (int k = 0; code && k < v->n; k++)
        if (!strcmp(v->code[k], code)) return k;
    return -1;
}

static void vocab_free(vocab *v)
{
    for (int k = 0; k < v->n; k++) {
        free(v->code[k]);
        free(v->parent[k]);
    }
    free(v->code);
    free(v->parent);
    free(v->level);
}

static const char *str(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    if (!s) fail_msg("field %s missing or not a string", k);
    return s;
}

static void assert_len(const char *what, const char *s, int lo, int hi)
{
    int n = u8len(s);
    if (n < lo || n > hi) fail_msg("%s has %d code points, want %d–%d: %s", what, n, lo, hi, s);
}

static bool valid_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
    for (int k = 0; k < 10; k++)
        if (k != 4 && k != 7 && !isdigit((unsigned char)s[k])) return false;
    int m = atoi(s + 5), d = atoi(s + 8);
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* Distinct members of a string array, all in a fixed vocabulary. */
static void assert_mode_list(const json_t *a, int lo, int hi)
{
    static const char *const modes[] = {"transfer", "license", "equity", "co_develop", NULL};
    assert_true(json_is_array(a));
    int n = (int)json_array_size(a);
    if (n < lo || n > hi) fail_msg("%d modes, want %d–%d", n, lo, hi);
    for (int k = 0; k < n; k++) {
        assert_true(in_list(json_string_value(json_array_get(a, k)), modes));
        for (int j = 0; j < k; j++)
            assert_false(json_equal(json_array_get(a, j), json_array_get(a, k)));
    }
}

static char *dump(const json_t *o)
{
    char *s = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
    assert_non_null(s);
    return s;
}

/* ---- organizations ------------------------------------------------------------------- */

static void orgs_are_complete_and_valid(void **state)
{
    (void)state;
    static const char *const kinds[] = {"university", "institute", "enterprise", "service",
                                        "platform",   "incubator", "government", NULL};
    static const char *const tiers[] = {"none", "tech_sme", "high_tech", "gazelle", "leader", NULL};
    vocab regions = load_vocab("data/vocab/regions.tsv");
    vocab industries = load_vocab("data/vocab/industries.tsv");
    int n = 0;
    const kz_demo_org *o = kz_demo_orgs(&n);
    assert_non_null(o);
    assert_in_range(n, 55, 100);
    int per_kind[7] = {0}, per_tier[5] = {0}, chengdu = 0;
    for (int i = 0; i < n; i++) {
        assert_true(strlen(o[i].key) >= 2 && strlen(o[i].key) <= 12);
        for (const char *p = o[i].key; *p; p++)
            assert_true(islower((unsigned char)*p) || isdigit((unsigned char)*p));
        for (int j = 0; j < i; j++) {
            assert_string_not_equal(o[i].key, o[j].key);
            assert_string_not_equal(o[i].name, o[j].name);
        }
        assert_ptr_equal(kz_demo_org_find(o[i].key), &o[i]);
        assert_len("org name", o[i].name, 4, 40);
        for (int k = 0; kinds[k]; k++)
            per_kind[k] += !strcmp(o[i].kind, kinds[k]);
        assert_true(in_list(o[i].kind, kinds));
        assert_true(in_list(o[i].tier, tiers));
        int r = vocab_find(&regions, o[i].region);
        if (r < 0 || strncmp(o[i].region, "51", 2))
            fail_msg("org %s: region %s is not a Sichuan code", o[i].key, o[i].region);
        if (strcmp(o[i].kind, "government") != 0 && regions.level[r] != 3)
            fail_msg("org %s: region %s is not a county code", o[i].key, o[i].region);
        if (regions.level[r] == 3 && !strncmp(o[i].region, "5101", 4)) chengdu++;
        int ind = vocab_find(&industries, o[i].industry);
        if (ind < 0 || industries.level[ind] > 2)
            fail_msg("org %s: industry %s is not a 门类/大类 code", o[i].key, o[i].industry);
        if (!strcmp(o[i].kind, "enterprise")) {
            for (int k = 0; tiers[k]; k++)
                per_tier[k] += !strcmp(o[i].tier, tiers[k]);
        } else {
            assert_string_equal(o[i].tier, "none");
        }
        assert_len("address", o[i].address, 4, 60);
        /* a phone number: area code, dash, 7–8 digits */
        const char *dash = strchr(o[i].contact, '-');
        assert_non_null(dash);
        assert_true(o[i].contact[0] == '0' && dash - o[i].contact >= 3 && dash - o[i].contact <= 4);
        assert_in_range(strlen(dash + 1), 7, 8);
    }
    for (int k = 0; kinds[k]; k++)
        if (!per_kind[k]) fail_msg("no organization of kind %s", kinds[k]);
    for (int k = 0; tiers[k]; k++)
        if (!per_tier[k]) fail_msg("no enterprise of tier %s", tiers[k]);
    assert_true(per_kind[2] >= 25); /* enterprises */
    assert_true(chengdu >= 15);     /* Chengdu districts several times */
    /* every city (prefecture) of Sichuan appears */
    for (int k = 0; k < regions.n; k++) {
        if (regions.level[k] != 2 || strcmp(regions.parent[k], "510000") != 0) continue;
        bool seen = false;
        for (int i = 0; i < n; i++)
            seen |= !strncmp(o[i].region, regions.code[k], 4);
        if (!seen) fail_msg("no organization in city %s", regions.code[k]);
    }
    assert_null(kz_demo_org_find("no-such-org"));
    assert_null(kz_demo_org_find(NULL));
    int again = 0;
    assert_ptr_equal(kz_demo_orgs(&again), o);
    assert_int_equal(again, n);
    vocab_free(&regions);
    vocab_free(&industries);
}

/* ---- determinism and distinct titles -------------------------------------------------- */

static void records_are_deterministic(void **state)
{
    (void)state;
    for (int pass = 0; pass < 2; pass++) {
        int n = pass ? KZ_DEMO_DEMANDS : KZ_DEMO_ACHIEVEMENTS;
        for (int i = 0; i < n; i++) {
            json_t *a = pass ? kz_demo_demand(i) : kz_demo_achievement(i);
            json_t *b = pass ? kz_demo_demand(i) : kz_demo_achievement(i);
            assert_non_null(a);
            assert_non_null(b);
            assert_int_equal(a->refcount, 1); /* a new reference the caller owns */
            char *sa = dump(a), *sb = dump(b);
            if (strcmp(sa, sb)) fail_msg("record %d differs between calls", i);
            free(sa);
            free(sb);
            json_decref(a);
            json_decref(b);
        }
    }
    /* a known value, so a change of generator is noticed (and is deliberate) */
    json_t *first = kz_demo_achievement(0);
    assert_string_equal(str(first, "title"), "面向高比能动力电池的硅碳复合负极材料制备技术");
    json_decref(first);
}

static void out_of_range_is_null(void **state)
{
    (void)state;
    assert_null(kz_demo_achievement(-1));
    assert_null(kz_demo_achievement(KZ_DEMO_ACHIEVEMENTS));
    assert_null(kz_demo_demand(-1));
    assert_null(kz_demo_demand(KZ_DEMO_DEMANDS));
    assert_true(KZ_DEMO_ACHIEVEMENTS >= 2000);
    assert_true(KZ_DEMO_DEMANDS >= 500);
}

static void assert_distinct_titles(bool demands)
{
    int n = demands ? KZ_DEMO_DEMANDS : KZ_DEMO_ACHIEVEMENTS;
    char **titles = calloc((size_t)n, sizeof *titles);
    assert_non_null(titles);
    for (int i = 0; i < n; i++) {
        json_t *o = demands ? kz_demo_demand(i) : kz_demo_achievement(i);
        titles[i] = strdup(str(o, "title"));
        json_decref(o);
    }
    qsort(titles, (size_t)n, sizeof *titles, cmp_str);
    for (int i = 1; i < n; i++)
        if (!strcmp(titles[i - 1], titles[i])) fail_msg("duplicate title: %s", titles[i]);
    for (int i = 0; i < n; i++)
        free(titles[i]);
    free(titles);
}

static void achievement_titles_are_distinct(void **state)
{
    (void)state;
    assert_distinct_titles(false);
}

static void demand_titles_are_distinct(void **state)
{
    (void)state;
    assert_distinct_titles(true);
}

/* ---- achievements --------------------------------------------------------------------- */

/* "ZL" (granted) or nothing, 12 digits, '.', the check character of GB/T patent numbers. */
static void assert_patent_number(const char *num, const char *status)
{
    const char *d = num;
    if (!strcmp(status, "granted")) {
        assert_memory_equal(num, "ZL", 2);
        d += 2;
    }
    assert_int_equal(strlen(d), 14);
    static const int w[] = {2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5};
    int sum = 0;
    for (int k = 0; k < 12; k++) {
        assert_true(isdigit((unsigned char)d[k]));
        sum += (d[k] - '0') * w[k];
    }
    assert_int_equal(d[12], '.');
    char want = sum % 11 == 10 ? 'X' : (char)('0' + sum % 11);
    assert_int_equal(d[13], want);
}

static void achievements_have_valid_fields(void **state)
{
    (void)state;
    static const char *const fields8[] = {"electronic_info",
                                          "biomedicine",
                                          "aerospace",
                                          "new_materials",
                                          "high_tech_services",
                                          "new_energy",
                                          "resources_environment",
                                          "advanced_manufacturing",
                                          NULL};
    static const char *const statuses[] = {"published", "submitted", "screening", "draft",
                                           "rejected",  "withdrawn", NULL};
    static const char *const ip_types[] = {
        "patent_invention", "patent_utility", "patent_design", "software_copyright",
        "technical_secret", "plant_variety",  "ic_layout",     NULL};
    static const char *const tx[] = {"negotiated", "listed", "auction", NULL};
    vocab regions = load_vocab("data/vocab/regions.tsv");
    vocab industries = load_vocab("data/vocab/industries.tsv");
    int status_count[6] = {0}, trl_count[10] = {0}, field_count[8] = {0}, team70 = 0, priced = 0;
    for (int i = 0; i < KZ_DEMO_ACHIEVEMENTS; i++) {
        json_t *a = kz_demo_achievement(i);
        assert_len("title", str(a, "title"), 8, 60);
        assert_len("summary", str(a, "summary"), 80, 300);
        assert_len("detail", str(a, "detail"), 100, 400);
        assert_len("competing", str(a, "competing"), 40, 150);
        assert_null(strchr(str(a, "summary"), '{')); /* every slot expanded */
        assert_null(strchr(str(a, "detail"), '{'));
        assert_null(strchr(str(a, "competing"), '{'));

        json_t *kw = json_object_get(a, "keywords");
        assert_in_range(json_array_size(kw), 3, 6);
        for (size_t k = 0; k < json_array_size(kw); k++)
            assert_len("keyword", json_string_value(json_array_get(kw, k)), 1, 20);

        int ind = vocab_find(&industries, str(a, "industry"));
        assert_true(ind >= 0 && industries.level[ind] <= 2);
        for (int k = 0; fields8[k]; k++)
            field_count[k] += !strcmp(str(a, "tech_field"), fields8[k]);
        assert_true(in_list(str(a, "tech_field"), fields8));
        assert_true(vocab_find(&regions, str(a, "region")) >= 0);

        json_t *trl = json_object_get(a, "trl");
        assert_true(json_is_integer(trl));
        assert_in_range(json_integer_value(trl), 1, 9);
        trl_count[json_integer_value(trl)]++;

        json_t *ip = json_object_get(a, "ip");
        assert_true(json_is_array(ip));
        assert_in_range(json_array_size(ip), 0, 4);
        for (size_t k = 0; k < json_array_size(ip); k++) {
            json_t *it = json_array_get(ip, k);
            assert_int_equal(json_object_size(it), 3);
            const char *type = str(it, "type"), *num = str(it, "number"), *st = str(it, "status");
            assert_true(in_list(type, ip_types));
            assert_true(!strcmp(st, "applied") || !strcmp(st, "granted"));
            assert_in_range(strlen(num), 5, 50);
            if (!strncmp(type, "patent_", 7)) assert_patent_number(num, st);
            if (!strcmp(type, "software_copyright")) {
                assert_int_equal(strlen(num), 13);
                assert_memory_equal(num + 4, "SR", 2);
            }
        }

        json_t *team = json_object_get(a, "team");
        assert_in_range(json_array_size(team), 1, 5);
        long long sum = 0;
        for (size_t k = 0; k < json_array_size(team); k++) {
            json_t *m = json_array_get(team, k);
            assert_int_equal(json_object_size(m), 2);
            assert_len("member name", str(m, "name"), 2, 4);
            json_t *p = json_object_get(m, "share_pct");
            assert_true(json_is_integer(p));
            assert_in_range(json_integer_value(p), 1, 100);
            sum += json_integer_value(p);
            for (size_t j = 0; j < k; j++)
                assert_string_not_equal(str(json_array_get(team, j), "name"), str(m, "name"));
        }
        assert_true(sum <= 100);
        team70 += sum >= 70;

        assert_mode_list(json_object_get(a, "transfer_modes"), 1, 3);
        const char *txm = str(a, "transaction_mode");
        assert_true(in_list(txm, tx));
        json_t *price = json_object_get(a, "price_fen");
        assert_non_null(price);
        if (json_is_null(price)) {
            assert_string_equal(txm, "negotiated"); /* 面议 cannot be listed or auctioned */
        } else {
            assert_true(json_is_integer(price));
            assert_in_range(json_integer_value(price), 5000000LL, 2000000000LL);
            assert_int_equal(json_integer_value(price) % 1000000, 0); /* whole 万元 */
            priced++;
        }
        const char *valid = str(a, "valid_until");
        assert_true(valid_date(valid));
        assert_true(strcmp(valid, "2027-11-22") >= 0 && strcmp(valid, "2029-11-22") <= 0);

        const kz_demo_org *org = kz_demo_org_find(str(a, "org_key"));
        if (!org) fail_msg("achievement %d: unknown org_key %s", i, str(a, "org_key"));
        assert_true(!strcmp(org->kind, "university") || !strcmp(org->kind, "institute"));
        assert_string_equal(str(a, "region"), org->region);

        for (int k = 0; statuses[k]; k++)
            status_count[k] += !strcmp(str(a, "status"), statuses[k]);
        assert_true(in_list(str(a, "status"), statuses));
        json_decref(a);
    }
    /* 70 / 10 / 8 / 6 / 3 / 3 %, within two points */
    static const int want[] = {70, 10, 8, 6, 3, 3};
    for (int k = 0; k < 6; k++) {
        int pct = status_count[k] * 100 / KZ_DEMO_ACHIEVEMENTS;
        if (abs(pct - want[k]) > 2) fail_msg("%s: %d%%, want ≈%d%%", statuses[k], pct, want[k]);
    }
    /* maturity concentrated in the middle, with both ends present */
    assert_true(trl_count[1] > 0 && trl_count[9] > 0);
    assert_true(trl_count[4] + trl_count[5] + trl_count[6] + trl_count[7] >
                KZ_DEMO_ACHIEVEMENTS / 2);
    for (int k = 0; k < 8; k++)
        if (!field_count[k]) fail_msg("no achievement in field %s", fields8[k]);
    assert_true(team70 * 100 / KZ_DEMO_ACHIEVEMENTS >= 80); /* 赋权: ≥70% to the team mostly */
    assert_true(priced * 100 / KZ_DEMO_ACHIEVEMENTS >= 75);
    vocab_free(&regions);
    vocab_free(&industries);
}

/* ---- demands -------------------------------------------------------------------------- */

static void demands_have_valid_fields(void **state)
{
    (void)state;
    static const char *const kinds[] = {
        "tech_problem", "achievement_wanted", "talent", "equipment", "finance", NULL};
    static const char *const statuses[] = {"published", "draft", "matched", "closed", NULL};
    vocab regions = load_vocab("data/vocab/regions.tsv");
    vocab industries = load_vocab("data/vocab/industries.tsv");
    int kind_count[5] = {0}, status_count[4] = {0};
    for (int i = 0; i < KZ_DEMO_DEMANDS; i++) {
        json_t *d = kz_demo_demand(i);
        assert_len("title", str(d, "title"), 6, 100);
        assert_len("description", str(d, "description"), 100, 400);
        assert_len("indicators", str(d, "indicators"), 4, 2000);
        assert_len("basis", str(d, "basis"), 10, 2000);
        assert_null(strchr(str(d, "description"), '{'));
        assert_null(strchr(str(d, "indicators"), '{'));
        assert_null(strchr(str(d, "basis"), '{'));
        for (int k = 0; kinds[k]; k++)
            kind_count[k] += !strcmp(str(d, "kind"), kinds[k]);
        assert_true(in_list(str(d, "kind"), kinds));
        int ind = vocab_find(&industries, str(d, "industry"));
        assert_true(ind >= 0 && industries.level[ind] <= 2);
        assert_true(vocab_find(&regions, str(d, "region")) >= 0);

        json_t *lo = json_object_get(d, "budget_min_fen"),
               *hi = json_object_get(d, "budget_max_fen");
        assert_true(json_is_integer(lo) && json_is_integer(hi));
        assert_true(json_integer_value(lo) > 0);
        assert_true(json_integer_value(lo) <= json_integer_value(hi));
        const char *deadline = str(d, "deadline");
        assert_true(valid_date(deadline));
        assert_true(strcmp(deadline, "2027-01-01") >= 0 && strcmp(deadline, "2028-12-31") <= 0);
        json_t *trl = json_object_get(d, "trl_min");
        assert_true(json_is_integer(trl));
        assert_in_range(json_integer_value(trl), 1, 9);
        assert_mode_list(json_object_get(d, "cooperation_modes"), 1, 3);

        const kz_demo_org *org = kz_demo_org_find(str(d, "org_key"));
        if (!org) fail_msg("demand %d: unknown org_key %s", i, str(d, "org_key"));
        assert_string_equal(org->kind, "enterprise");
        assert_string_equal(str(d, "region"), org->region);

        for (int k = 0; statuses[k]; k++)
            status_count[k] += !strcmp(str(d, "status"), statuses[k]);
        assert_true(in_list(str(d, "status"), statuses));
        json_decref(d);
    }
    /* mostly 技术难题 and 成果引进, every kind present */
    assert_true((kind_count[0] + kind_count[1]) * 100 / KZ_DEMO_DEMANDS >= 70);
    for (int k = 0; kinds[k]; k++)
        if (!kind_count[k]) fail_msg("no demand of kind %s", kinds[k]);
    static const int want[] = {75, 10, 10, 5};
    for (int k = 0; k < 4; k++) {
        int pct = status_count[k] * 100 / KZ_DEMO_DEMANDS;
        if (abs(pct - want[k]) > 2) fail_msg("%s: %d%%, want ≈%d%%", statuses[k], pct, want[k]);
    }
    vocab_free(&regions);
    vocab_free(&industries);
}

/* Demands are written to be matched: most share an industry and at least one achievement
 * keyword with the achievements, while using their own wording. */
static void demands_can_be_matched(void **state)
{
    (void)state;
    json_t *kw_by_industry = json_object();
    for (int i = 0; i < KZ_DEMO_ACHIEVEMENTS; i++) {
        json_t *a = kz_demo_achievement(i);
        json_t *set = json_object_get(kw_by_industry, str(a, "industry"));
        if (!set) {
            set = json_object();
            json_object_set_new(kw_by_industry, str(a, "industry"), set);
        }
        json_t *kw = json_object_get(a, "keywords");
        for (size_t k = 0; k < json_array_size(kw); k++)
            json_object_set_new(set, json_string_value(json_array_get(kw, k)), json_true());
        json_decref(a);
    }
    int shared = 0, same_title = 0;
    for (int i = 0; i < KZ_DEMO_DEMANDS; i++) {
        json_t *d = kz_demo_demand(i);
        json_t *set = json_object_get(kw_by_industry, str(d, "industry"));
        if (!set) fail_msg("demand %d: no achievement in industry %s", i, str(d, "industry"));
        char text[4096];
        snprintf(text, sizeof text, "%s%s", str(d, "title"), str(d, "description"));
        const char *k;
        json_t *v;
        bool hit = false;
        json_object_foreach(set, k, v)
        {
            (void)v;
            hit |= strstr(text, k) != NULL;
        }
        shared += hit;
        json_decref(d);
    }
    for (int i = 0; i < KZ_DEMO_DEMANDS && i < KZ_DEMO_ACHIEVEMENTS; i++) {
        json_t *a = kz_demo_achievement(i), *d = kz_demo_demand(i);
        same_title += !strcmp(str(a, "title"), str(d, "title"));
        json_decref(a);
        json_decref(d);
    }
    assert_true(shared * 100 / KZ_DEMO_DEMANDS >= 75);
    assert_int_equal(same_title, 0);
    json_decref(kw_by_industry);
}

/* ---- topic tables --------------------------------------------------------------------- */

static int count_of(const char *const *a, int max)
{
    int n = 0;
    while (n < max && a[n])
        n++;
    return n;
}
#define COUNT_OF(arr) count_of((arr), (int)(sizeof(arr) / sizeof((arr)[0])))

/* The '|'-separated field n of entry into out ("" when absent). */
static void nth_field(const char *entry, int n, char *out, size_t cap)
{
    const char *s = entry;
    for (int k = 0; k < n && s; k++) {
        s = strchr(s, '|');
        if (s) s++;
    }
    if (!s) {
        out[0] = 0;
        return;
    }
    const char *e = strchr(s, '|');
    size_t len = e ? (size_t)(e - s) : strlen(s);
    assert_true(len < cap);
    memcpy(out, s, len);
    out[len] = 0;
}

/* Digits of a mask ("*" = all of [0, n)), each checked to be < n; returns the set as bits. */
static unsigned mask_bits(const char *mask, int n, const char *where)
{
    if (!*mask || !strcmp(mask, "*")) return (1u << n) - 1;
    unsigned bits = 0;
    for (const char *p = mask; *p; p++) {
        if (!isdigit((unsigned char)*p) || *p - '0' >= n)
            fail_msg("%s: bad mask digit '%c' in \"%s\" (only %d entries)", where, *p, mask, n);
        bits |= 1u << (*p - '0');
    }
    return bits;
}

/* Bits of the indexes (< n) an "@digits:" entry applies to. */
static unsigned tag_bits(const char *entry, int n, const char *where)
{
    if (entry[0] != '@') return (1u << n) - 1;
    const char *colon = strchr(entry, ':');
    if (!colon) fail_msg("%s: tag without ':' in %s", where, entry);
    char m[16];
    size_t len = (size_t)(colon - entry - 1);
    assert_true(len > 0 && len < sizeof m);
    memcpy(m, entry + 1, len);
    m[len] = 0;
    return mask_bits(m, n, where);
}

static void keys_of_kind(const char *list, const char *k1, const char *k2, const char *where)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", list);
    int n = 0;
    for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " "), n++) {
        const kz_demo_org *o = kz_demo_org_find(tok);
        if (!o) fail_msg("%s: unknown org key %s", where, tok);
        if (strcmp(o->kind, k1) && (!k2 || strcmp(o->kind, k2)))
            fail_msg("%s: %s is a %s", where, tok, o->kind);
    }
    assert_true(n >= 1);
}

static void topic_tables_are_consistent(void **state)
{
    (void)state;
    vocab industries = load_vocab("data/vocab/industries.tsv");
    assert_true(kz_demo_ntopics >= 40);
    for (int f = 0; f < kz_demo_ntopics; f++) {
        const kz_demo_topic *t = &kz_demo_topics[f];
        const char *w = t->name;
        int ind = vocab_find(&industries, t->industry);
        assert_true(ind >= 0 && industries.level[ind] == 2);
        keys_of_kind(t->owners, "university", "institute", w);
        keys_of_kind(t->firms, "enterprise", NULL, w);
        int nobj = COUNT_OF(t->objs), napp = COUNT_OF(t->apps), nmeth = COUNT_OF(t->meths);
        int ndobj = COUNT_OF(t->dobj);
        assert_true(COUNT_OF(t->sfx) >= 3 && nobj >= 5 && napp >= 4 && nmeth >= 4 && ndobj >= 3);
        assert_true(COUNT_OF(t->dbasis) >= 1);
        /* every object fits some app and some method, and has indicators, a process detail
         * and a comparison of its own */
        for (int o = 0; o < nobj; o++) {
            char m[32];
            nth_field(t->objs[o], 2, m, sizeof m);
            char *slash = strchr(m, '/');
            const char *meth_mask = "*";
            if (slash) {
                *slash = 0;
                meth_mask = slash + 1;
            }
            unsigned apps = mask_bits(m, napp, w), meths = mask_bits(meth_mask, nmeth, w);
            if (!apps || !meths) fail_msg("%s: object %d fits no app or no method", w, o);
            int nind = 0, ndet = 0, ncmp = 0;
            for (int k = 0; k < COUNT_OF(t->ind); k++)
                nind += (tag_bits(t->ind[k], nobj, w) >> o) & 1;
            for (int k = 0; k < COUNT_OF(t->det); k++)
                ndet += (tag_bits(t->det[k], nobj, w) >> o) & 1;
            for (int k = 0; k < COUNT_OF(t->cmp); k++)
                ncmp += (tag_bits(t->cmp[k], nobj, w) >> o) & 1;
            if (nind < 2 || ndet < 1 || ncmp < 1)
                fail_msg("%s: object %d has %d indicators, %d details, %d comparisons", w, o, nind,
                         ndet, ncmp);
        }
        for (int d = 0; d < ndobj; d++) {
            char m[32];
            nth_field(t->dobj[d], 1, m, sizeof m);
            if (!mask_bits(m, napp, w)) fail_msg("%s: wording %d fits no app", w, d);
            int nprob = 0, nind = 0;
            for (int k = 0; k < COUNT_OF(t->dprob); k++)
                nprob += (tag_bits(t->dprob[k], ndobj, w) >> d) & 1;
            for (int k = 0; k < COUNT_OF(t->dind); k++)
                nind += (tag_bits(t->dind[k], ndobj, w) >> d) & 1;
            if (nprob < 1 || nind < 1)
                fail_msg("%s: wording %d has %d problems, %d indicators", w, d, nprob, nind);
        }
    }
    /* every demo enterprise posts demands in some family, but the lenders (金融业 66/67: they
     * publish finance products) */
    int n = 0;
    const kz_demo_org *o = kz_demo_orgs(&n);
    for (int i = 0; i < n; i++) {
        if (strcmp(o[i].kind, "enterprise")) continue;
        if (!strcmp(o[i].industry, "66") || !strcmp(o[i].industry, "67")) continue;
        bool used = false;
        for (int f = 0; f < kz_demo_ntopics && !used; f++) {
            char buf[256];
            snprintf(buf, sizeof buf, " %s ", kz_demo_topics[f].firms);
            char key[32];
            snprintf(key, sizeof key, " %s ", o[i].key);
            used = strstr(buf, key) != NULL;
        }
        if (!used) fail_msg("enterprise %s posts no demand", o[i].key);
    }
    vocab_free(&industries);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(orgs_are_complete_and_valid),
        cmocka_unit_test(records_are_deterministic),
        cmocka_unit_test(out_of_range_is_null),
        cmocka_unit_test(achievement_titles_are_distinct),
        cmocka_unit_test(demand_titles_are_distinct),
        cmocka_unit_test(achievements_have_valid_fields),
        cmocka_unit_test(demands_have_valid_fields),
        cmocka_unit_test(demands_can_be_matched),
        cmocka_unit_test(topic_tables_are_consistent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
