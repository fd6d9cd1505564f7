/* actor.h — who is acting: a signed-in user, the anonymous public, or an operator at the
 * command line. Plain data, copied by value; strings are inline. */
#ifndef KZ_ACTOR_H
#define KZ_ACTOR_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Roles of PRODUCT.md §2 as bits; KZ_ROLE_PUBLIC is the anonymous visitor. */
typedef enum kz_role {
    KZ_ROLE_PUBLIC = 0,
    KZ_ROLE_RESEARCHER,
    KZ_ROLE_ORG_ADMIN,
    KZ_ROLE_ENTERPRISE,
    KZ_ROLE_BROKER,
    KZ_ROLE_EXPERT,
    KZ_ROLE_REVIEWER,
    KZ_ROLE_OFFICER,
    KZ_ROLE_ADMIN,
    KZ_ROLE__COUNT
} kz_role;

#define KZ_ROLE_BIT(r) (1u << (r))

typedef struct kz_actor {
    int64_t user_id; /* 0: anonymous or operator */
    unsigned roles;  /* KZ_ROLE_BIT set; anonymous has none */
    int64_t org_id;  /* 0: none */
    char region[8];  /* the org's GB/T 2260 code, "" when none */
    char name[64];   /* username, or "cli:<os user>" for an operator */
    bool operator_;  /* a command-line operator: may do anything the CLI offers */
} kz_actor;

const char *kz_role_name(kz_role r);
/* KZ_ROLE__COUNT when unknown or "public". */
kz_role kz_role_by_name(const char *name);
/* Parses "a,b,c" into bits; returns false on an unknown name. */
bool kz_roles_parse(const char *csv, unsigned *out);
/* Writes the bits as "a,b,c" into buf (sorted by role order). */
void kz_roles_format(unsigned roles, char *buf, size_t n);

#endif
