#include "actor.h"
#include <stdio.h>
#include <string.h>

static const char *const names[KZ_ROLE__COUNT] = {
    [KZ_ROLE_PUBLIC] = "public",       [KZ_ROLE_RESEARCHER] = "researcher",
    [KZ_ROLE_ORG_ADMIN] = "org_admin", [KZ_ROLE_ENTERPRISE] = "enterprise",
    [KZ_ROLE_BROKER] = "broker",       [KZ_ROLE_EXPERT] = "expert",
    [KZ_ROLE_REVIEWER] = "reviewer",   [KZ_ROLE_OFFICER] = "officer",
    [KZ_ROLE_ADMIN] = "admin",
};

const char *kz_role_name(kz_role r)
{
    return (unsigned)r < KZ_ROLE__COUNT ? names[r] : "?";
}

kz_role kz_role_by_name(const char *name)
{
    for (int i = 1; i < KZ_ROLE__COUNT; i++)
        if (strcmp(names[i], name) == 0) return (kz_role)i;
    return KZ_ROLE__COUNT;
}

bool kz_roles_parse(const char *csv, unsigned *out)
{
    *out = 0;
    char buf[256];
    if (!csv || strlen(csv) >= sizeof buf) return false;
    strcpy(buf, csv);
    char *save = NULL;
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        kz_role r = kz_role_by_name(t);
        if (r == KZ_ROLE__COUNT) return false;
        *out |= KZ_ROLE_BIT(r);
    }
    return true;
}

void kz_roles_format(unsigned roles, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = 0;
    for (int i = 1; i < KZ_ROLE__COUNT; i++)
        if (roles & KZ_ROLE_BIT(i)) {
            int w = snprintf(buf + used, n - used, "%s%s", used ? "," : "", names[i]);
            if (w < 0 || (size_t)w >= n - used) return;
            used += (size_t)w;
        }
}
