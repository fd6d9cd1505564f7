/* platforms.c — the demo's 科技创新平台 (content.h kz_demo_platforms): for every topic family of
 * the demo (topics.c) a research platform at each of its universities and institutes (重点实验室,
 * 工程技术研究中心, 技术创新中心, 新型研发机构, 中试熟化平台 in turn), a 院士（专家）工作站 at some
 * of its enterprises, a 技术转移机构 at every university, and the demo's incubators, maker spaces,
 * pilot bases and service agencies as what they are — every level and every state of the
 * registry. Names follow their host and topic; dates, levels and states depend only on the
 * index. Everything is invented. */
#include "../core/vocab.h"
#include "content.h"
#include "topics.h"
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* The research kinds a university or institute hosts, in turn, and their names' endings. */
static const struct {
    const char *kind, *suffix;
} research[] = {
    {"key_lab", "重点实验室"},
    {"eng_center", "工程技术研究中心"},
    {"tech_innovation_center", "技术创新中心"},
    {"new_rd_institute", "产业技术研究院"},
    {"pilot_platform", "中试熟化平台"},
};

/* The level of the i-th platform: a few national, many provincial and municipal ones. */
static const char *level_of(unsigned i)
{
    unsigned r = (i * 37u + 11u) % 20u;
    return r == 0 ? "national" : r < 8 ? "provincial" : r < 17 ? "municipal" : "district";
}

/* The state of the i-th platform: most recognized; some applying, a few warned or delisted. */
static const char *status_of(unsigned i)
{
    unsigned r = (i * 53u + 7u) % 25u;
    return r < 18   ? "recognized"
           : r < 20 ? "candidate"
           : r < 22 ? "warned"
           : r < 23 ? "delisted"
                    : "draft";
}

/* Who recognizes a platform of that level in region. */
static void recognized_by(const char *level, const char *region, char *out, size_t n)
{
    if (!strcmp(level, "national")) {
        snprintf(out, n, "科学技术部");
        return;
    }
    if (!strcmp(level, "provincial")) {
        snprintf(out, n, "四川省科学技术厅");
        return;
    }
    bool city = !strcmp(level, "municipal");
    char code[8];
    snprintf(code, sizeof code, city ? "%.4s00" : "%.6s", region);
    const kz_vocab_entry *v = kz_vocab_get(KZ_VOCAB_REGION, code);
    snprintf(out, n, "%s%s", v ? v->name : "", city ? "科学技术局" : "科技主管部门");
}

/* Appends one platform of host org_key. */
static void add(json_t *all, const char *org_key, const char *name, const char *kind,
                const char *industry, const char *summary)
{
    const kz_demo_org *o = kz_demo_org_find(org_key);
    if (!o) return;
    unsigned i = (unsigned)json_array_size(all);
    const char *level = level_of(i), *status = status_of(i);
    char by[64], on[11];
    recognized_by(level, o->region, by, sizeof by);
    /* recognized between 2012 and mid-2026 */
    snprintf(on, sizeof on, "%04u-%02u-%02u", 2012u + (i * 7u) % 15u, 1u + (i * 5u) % 6u,
             1u + (i * 11u) % 28u);
    bool applied = strcmp(status, "draft") && strcmp(status, "candidate");
    json_t *p =
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "org_key", org_key, "status",
                  status, "name", name, "kind", kind, "level", level, "summary", summary,
                  "industry", industry, "region", o->region, "contact", o->contact);
    if (applied) {
        json_object_set_new(p, "recognized_on", json_string(on));
        json_object_set_new(p, "recognized_by", json_string(by));
    }
    json_array_append_new(all, p);
}

/* The first space-separated key of keys after skipping `skip` of them, into out ("" if none). */
static bool nth_key(const char *keys, int skip, char out[16])
{
    out[0] = 0;
    const char *s = keys ? keys : "";
    for (int k = 0; *s; k++) {
        while (*s == ' ')
            s++;
        size_t n = strcspn(s, " ");
        if (!n) break;
        if (k == skip) {
            snprintf(out, 16, "%.*s", (int)n, s);
            return true;
        }
        s += n;
    }
    return false;
}

json_t *kz_demo_platforms(void)
{
    json_t *all = json_array();
    char key[16], name[160], summary[400];
    for (int t = 0; t < kz_demo_ntopics; t++) {
        const kz_demo_topic *tp = &kz_demo_topics[t];
        for (int j = 0; j < 3 && nth_key(tp->owners, j, key); j++) {
            const kz_demo_org *o = kz_demo_org_find(key);
            if (!o) continue;
            int r = (t + j) % 5;
            snprintf(name, sizeof name, "%s%s%s", o->name, tp->name, research[r].suffix);
            snprintf(summary, sizeof summary,
                     "依托%s建设，围绕%s开展关键技术攻关、成果转化和人才培养，面向行业企业开放共享"
                     "仪器设备与技术服务。",
                     o->name, tp->name);
            add(all, key, name, research[r].kind, tp->industry, summary);
        }
        if (t % 3 == 0 && nth_key(tp->firms, 0, key)) {
            const kz_demo_org *o = kz_demo_org_find(key);
            if (!o) continue;
            snprintf(name, sizeof name, "%s院士（专家）工作站", o->name);
            snprintf(summary, sizeof summary,
                     "%s与高校院所院士团队共建，聚焦%s方向的技术难题联合攻关，培养企业研发骨干。",
                     o->name, tp->name);
            add(all, key, name, "academician_station", tp->industry, summary);
        }
    }
    int n, parks = 0;
    const kz_demo_org *orgs = kz_demo_orgs(&n);
    for (int i = 0; i < n && parks < 4; i++) /* the science parks of the first universities */
        if (!strcmp(orgs[i].kind, "university")) {
            parks++;
            snprintf(name, sizeof name, "%s大学科技园", orgs[i].name);
            snprintf(summary, sizeof summary,
                     "依托%s建设的大学科技园，承接学校科技成果转化与师生创业，提供场地、"
                     "概念验证、投融资对接和企业孵化服务。",
                     orgs[i].name);
            add(all, orgs[i].key, name, "university_park", "75", summary);
        }
    for (int i = 0; i < n; i++) {
        const kz_demo_org *o = &orgs[i];
        const char *kind = NULL, *what = NULL;
        if (!strcmp(o->kind, "university"))
            kind = "tto", what = "技术转移中心";
        else if (!strcmp(o->kind, "incubator"))
            kind = strstr(o->name, "众创空间") ? "maker_space" : "incubator", what = "";
        else if (!strcmp(o->kind, "platform"))
            kind = "pilot_platform", what = "";
        else if (!strcmp(o->kind, "service"))
            kind = "public_service", what = "";
        if (!kind) continue;
        snprintf(name, sizeof name, "%s%s", o->name, what);
        snprintf(summary, sizeof summary,
                 "%s面向企业和科研团队提供技术转移、孵化培育、检验检测与中试验证等公共服务，"
                 "年服务企业百余家。",
                 name);
        add(all, o->key, name, kind, !strcmp(kind, "pilot_platform") ? o->industry : "75", summary);
    }
    return all;
}
