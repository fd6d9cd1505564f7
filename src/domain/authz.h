/* authz.h — the one permission policy: role × resource × action → scope. Every request
 * handler and domain operation asks here; nothing is decided ad hoc elsewhere.
 * No allocation; the table is static. */
#ifndef KZ_AUTHZ_H
#define KZ_AUTHZ_H
#include "actor.h"
#include <stdio.h>

/* KZ_RES_ACCESS: requests to read an achievement's confidential detail; the target's org_id is
 * the achievement's owner org, user_id the requester. */
typedef enum kz_resource {
    KZ_RES_ORG,
    KZ_RES_USER,
    KZ_RES_AUDIT,
    KZ_RES_ACCESS,
    KZ_RES_ACHIEVEMENT, /* field-write rules only (workflow and tiers: record.h, kz_record_view) */
    KZ_RES_DEMAND,
    KZ_RES__COUNT
} kz_resource;
typedef enum kz_action {
    KZ_ACT_LIST,
    KZ_ACT_READ,
    KZ_ACT_CREATE,
    KZ_ACT_UPDATE,
    KZ_ACT__COUNT
} kz_action;

/* How far a permission reaches, narrow to wide. */
typedef enum kz_scope {
    KZ_SCOPE_NONE = 0,
    KZ_SCOPE_SELF,   /* the actor's own user record */
    KZ_SCOPE_ORG,    /* records of the actor's organization */
    KZ_SCOPE_REGION, /* records within the actor's region (officers) */
    KZ_SCOPE_ALL
} kz_scope;

/* What a permission is checked against. region may be NULL. */
typedef struct kz_target {
    int64_t org_id;
    const char *region;
    int64_t user_id;
} kz_target;

/* The widest scope any of the actor's roles (or public) has. */
kz_scope kz_authz_scope(const kz_actor *a, kz_resource r, kz_action act);
/* true when some role of the actor (or public) reaches the target. */
bool kz_authz_allows(const kz_actor *a, kz_resource r, kz_action act, const kz_target *t);
/* The region prefix an officer's scope covers ("5101" for 510100); "" when none. */
void kz_region_prefix(const char *region, char out[8]);
/* The roles an actor may give to others (admin: all; officer and org_admin: fewer). */
unsigned kz_authz_grantable(const kz_actor *a);

/* Field-level write rules (issue 12): every writable field of every resource declares which
 * roles may write it and how far (scope), in one table (authz.c). A field with no row may be
 * written by nobody through PATCH. `others` rows never reach the actor's own user record:
 * nobody changes their own org_id or roles. A write of a field is allowed when some row of the
 * field names one of the actor's roles and reaches the target (as kz_authz_allows). The
 * operator (CLI) may write everything. Further value checks stay with the resource (the roles
 * one may grant: kz_authz_grantable; an org moved out of an officer's region). */
bool kz_authz_field(const kz_actor *a, kz_resource r, const char *field, const kz_target *t);
/* The first member of the JSON object patch (a json_t *) that the actor may not write on t,
 * or NULL when every member may be written. */
const char *kz_authz_patch_refused(const kz_actor *a, kz_resource r, const void *patch,
                                   const kz_target *t);
/* Writes the field rules and grantable roles as JSON to f (`kezhuan permissions`), for the
 * field-level tests and the README. */
void kz_authz_dump_fields(FILE *f);

/* Records that move through a workflow (achievements, demands): the tiers of PRODUCT.md §2. */
/* How much of a record an actor sees. */
typedef enum { KZ_VIEW_NONE, KZ_VIEW_CARD, KZ_VIEW_FULL } kz_view;

/* Visibility tiers (PRODUCT.md §2, issue 3): everyone sees published cards; the owner org,
 * admins, reviewers (past draft) and officers of the region (past draft) see everything;
 * others see nothing (the record's existence is not revealed). A granted access request
 * lifts a card to full for its requester (checked by the caller). */
kz_view kz_record_view(const kz_actor *a, int64_t org_id, const char *region, const char *status);
/* true when the actor belongs to org_id and holds one of owner_roles. */
bool kz_is_owner(const kz_actor *a, int64_t org_id, unsigned owner_roles);
/* true when region lies within the officer's region. */
bool kz_in_region(const kz_actor *a, const char *region);

#endif
