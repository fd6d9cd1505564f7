/* topics.h — internal to src/demo: the topic families the demo achievements and demands are
 * composed from (static data in topics.c, owned there, never freed).
 *
 * Text slots, expanded by content.c:
 *   {obj} {app} {app2} {meth}  the chosen object / application / second application / method
 *   {dobj} {dprob}             the enterprise's wording of the object and of its problem
 *   {N:a-b}                    an integer drawn from [a, b]
 *   {F:a-b}                    a number with as many decimals as a, drawn from [a, b]
 * Entries of objs/apps/meths may carry a keyword after '|' ("硅碳复合负极材料|硅碳负极");
 * the text before '|' is what is written. Arrays end at the first NULL. */
#ifndef KZ_DEMO_TOPICS_H
#define KZ_DEMO_TOPICS_H

typedef struct kz_demo_topic {
    const char *name;     /* family label (internal) */
    const char *industry; /* GB/T 4754 大类 */
    const char *field;    /* 高新技术领域 key */
    const char *owners;   /* space-separated university/institute keys */
    const char *firms;    /* space-separated enterprise keys */
    const char *kw;       /* family keywords, '|'-separated */
    const char *sfx[5];   /* title endings that fit every obj */
    const char *objs[8];
    const char *apps[7];
    const char *meths[7];
    const char *ind[8]; /* indicator clauses (no final punctuation) */
    const char *det[6]; /* confidential sentences */
    const char *cmp[4]; /* comparison with competing solutions */
    const char *dobj[6];
    const char *dprob[7];
    const char *dind[5];
    const char *dbasis[4];
} kz_demo_topic;

extern const kz_demo_topic kz_demo_topics[];
extern const int kz_demo_ntopics;

#endif
