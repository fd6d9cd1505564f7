/* topics.h — internal to src/demo: the topic families the demo achievements and demands are
 * composed from (static data in topics.c, owned there, never freed).
 *
 * Text slots, expanded by content.c:
 *   {obj} {app} {app2} {meth}  the chosen object / application / second application / method
 *   {dobj} {dprob}             the enterprise's wording of the object and of its problem
 *   {N:a-b}                    an integer drawn from [a, b]
 *   {F:a-b}                    a decimal drawn from [a, b], with as many decimals as a or b
 *
 * Compatibility, so that every combination reads naturally:
 *   objs   "text|keyword|APPS/METHS": APPS and METHS list the digits of the apps and meths
 *          that fit this object ("*" or an absent field: all of them);
 *   dobj   "text|APPS": the apps that fit this wording of the enterprise's need;
 *   ind, det, cmp   an optional "@digits:" prefix limits the entry to those objs;
 *   dprob, dind     an optional "@digits:" prefix limits the entry to those dobj.
 * apps and meths entries are "text|keyword"; the text before the first '|' is what is
 * written. Arrays end at the first NULL. */
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
    const char *ind[12]; /* indicator clauses (no final punctuation) */
    const char *det[8];  /* confidential sentences */
    const char *cmp[5];  /* comparison with competing solutions */
    const char *dobj[6];
    const char *dprob[8];
    const char *dind[6];
    const char *dbasis[4];
} kz_demo_topic;

extern const kz_demo_topic kz_demo_topics[];
extern const int kz_demo_ntopics;

#endif
