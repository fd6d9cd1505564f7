/* contract.h — 技术合同登记's settings (kinds/contract.c): the registrar's deadline, in working
 * days (core/workdays.h) from the day a contract is submitted (--registration-days). */
#ifndef KZ_CONTRACT_H
#define KZ_CONTRACT_H

void kz_contract_set_registration_days(int days); /* 1–60; others ignored */
int kz_contract_registration_days(void);

#endif
