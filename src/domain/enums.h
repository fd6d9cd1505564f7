/* enums.h — the small closed vocabularies of the platform (TRL, transfer and transaction
 * modes, demand kinds, 高新技术领域, organization kinds and tiers, IP types …): codes are
 * stored, names shown. Static tables; nothing to free. */
#ifndef KZ_ENUMS_H
#define KZ_ENUMS_H
#include <stdbool.h>

typedef struct kz_enum_item {
    const char *code;
    const char *name;        /* zh-CN */
    const char *description; /* zh-CN, may be NULL */
} kz_enum_item;

typedef struct kz_enum {
    const char *key; /* the name used in /api/v1/vocab/{key} */
    const char *title;
    const kz_enum_item *items; /* terminated by {NULL} */
} kz_enum;

extern const kz_enum kz_enum_trl, kz_enum_transfer_modes, kz_enum_transaction_modes,
    kz_enum_demand_kinds, kz_enum_tech_fields, kz_enum_org_kinds, kz_enum_tiers, kz_enum_ip_types,
    kz_enum_ip_statuses, kz_enum_cooperation_modes, kz_enum_achievement_statuses,
    kz_enum_demand_statuses, kz_enum_roles, kz_enum_finance_product_kinds,
    kz_enum_finance_product_statuses, kz_enum_challenge_statuses, kz_enum_challenge_modes,
    kz_enum_challenge_issuers, kz_enum_challenge_application_statuses,
    kz_enum_challenge_milestone_statuses, kz_enum_deal_statuses, kz_enum_deal_sides,
    kz_enum_decline_codes, kz_enum_deal_event_kinds, kz_enum_deal_event_statuses,
    kz_enum_policy_statuses, kz_enum_policy_subjects, kz_enum_policy_application_statuses,
    kz_enum_resource_kinds, kz_enum_resource_statuses, kz_enum_service_units, kz_enum_weekdays,
    kz_enum_booking_statuses, kz_enum_voucher_statuses, kz_enum_platform_kinds,
    kz_enum_platform_levels, kz_enum_platform_statuses, kz_enum_contract_types,
    kz_enum_contract_statuses, kz_enum_listing_categories, kz_enum_listing_statuses,
    kz_enum_auction_kinds, kz_enum_bid_statuses, kz_enum_deposit_statuses,
    kz_enum_objection_statuses, kz_enum_finance_request_statuses, kz_enum_panel_statuses,
    kz_enum_panel_purposes, kz_enum_panel_member_statuses, kz_enum_expert_availability,
    kz_enum_event_kinds, kz_enum_event_statuses, kz_enum_event_registration_statuses,
    kz_enum_broker_kinds, kz_enum_broker_levels, kz_enum_broker_statuses,
    kz_enum_broker_training_statuses, kz_enum_broker_assignment_statuses;
/* The states of an access request (not served under /api/v1/vocab). */
extern const kz_enum kz_enum_access_statuses;

/* All vocabularies served by /api/v1/vocab, terminated by NULL. */
extern const kz_enum *const kz_enums[];

bool kz_enum_has(const kz_enum *e, const char *code);
const char *kz_enum_name(const kz_enum *e, const char *code); /* NULL when unknown */
const kz_enum *kz_enum_by_key(const char *key);

#endif
