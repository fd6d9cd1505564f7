/* contract.c — 技术合同登记's settings (contract.h). */
#include "contract.h"
#include <stdatomic.h>

static _Atomic int registration_days = 10;

void kz_contract_set_registration_days(int days)
{
    if (days >= 1 && days <= 60) registration_days = days;
}

int kz_contract_registration_days(void)
{
    return registration_days;
}
