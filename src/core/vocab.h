/* vocab.h — national code lists (GB/T 2260 regions, GB/T 4754 industries) from the
 * project's data files, compiled in. kz_vocab_init() parses them once at start (not
 * thread-safe; call before serving); everything after is read-only and thread-safe.
 * Returned strings are static (owned by the vocabulary). */
#ifndef KZ_VOCAB_H
#define KZ_VOCAB_H
#include <stdbool.h>

typedef struct kz_vocab_entry {
    const char *code;
    const char *name;
    const char *parent; /* region: parent code ("" at top); industry: section letter */
    int level;          /* region: 1 province, 2 city, 3 county; industry: 1 门类 … 4 小类 */
} kz_vocab_entry;

typedef enum { KZ_VOCAB_REGION, KZ_VOCAB_INDUSTRY, KZ_VOCAB__COUNT } kz_vocab_kind;

void kz_vocab_init(void);
const kz_vocab_entry *kz_vocab_get(kz_vocab_kind k, const char *code);
/* All entries of a kind in code order; *n receives the count. */
const kz_vocab_entry *kz_vocab_all(kz_vocab_kind k, int *n);

#endif
