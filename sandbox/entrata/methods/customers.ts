import { LEASE_STATUS, LEASE_STATUS_NAMES } from '../dataset/catalog.ts';
import { primaryPhone } from '../dataset/eventRecords.ts';
import { optionalBool, optionalIdList, requiredId } from '../params.ts';
import { formatCalendarDate } from '../time.ts';
import type { MethodDef } from './types.ts';
import { accessibleProperty } from './types.ts';

export const DEFAULT_LEASE_STATUSES: readonly number[] = [LEASE_STATUS.current, LEASE_STATUS.notice];

/** Residents: the customers on leases whose status is Current or Notice unless asked otherwise (§2.9). */
export const getCustomers: MethodDef = {
  versions: ['r1'],
  handle({ ds, params }) {
    const property = accessibleProperty(ds, requiredId(params, 'propertyId'));
    const customerIds = optionalIdList(params, 'customerIds');
    const statuses = new Set(optionalIdList(params, 'leaseStatusTypeIds') ?? DEFAULT_LEASE_STATUSES);
    optionalBool(params, 'isAgreedToTermsOnly');
    optionalIdList(params, 'companyIdentificationTypeIds');
    const wanted = customerIds ? new Set(customerIds) : null;
    const Customer = (ds.leasesByProperty.get(property.id) ?? [])
      .filter((l) => statuses.has(l.leaseStatusTypeId) && (!wanted || wanted.has(l.customerId)))
      .sort((a, b) => a.customerId - b.customerId || a.id - b.id)
      .flatMap((lease) => {
        const prospect = ds.prospectByCustomerId.get(lease.customerId);
        if (!prospect) return [];
        const c = prospect.customer;
        const unit = ds.unitById.get(lease.unitId);
        const address = `${property.street}, Unit ${unit?.unitNumber ?? ''}`;
        return [
          {
            '@attributes': { Id: String(c.customerId), ExternalId: '' },
            LeaseId: [
              {
                Identification: [
                  {
                    IDValue: String(lease.id),
                    '@attributes': {
                      IDType: 'Lease Id',
                      IDRank: 'primary',
                      IDScopeType: 'sender',
                      Status: LEASE_STATUS_NAMES[lease.leaseStatusTypeId] ?? '',
                    },
                  },
                ],
                CustomerType: 'Primary',
              },
            ],
            FirstName: c.firstName,
            LastName: c.lastName,
            UnitNumber: unit?.unitNumber ?? '',
            BuildingName: unit?.buildingName ?? '',
            Address: address,
            City: property.city,
            State: property.state,
            PostalCode: property.postalCode,
            Email: c.email,
            PhoneNumber: primaryPhone(prospect),
            TermsApprovedDate: formatCalendarDate(lease.startDate),
            CustomerAddresses: {
              CustomerAddress: [
                { AddressType: 'Current', Address: address, City: property.city, State: property.state, PostalCode: property.postalCode, Country: 'US' },
              ],
            },
            isActiveBankruptcy: false,
          },
        ];
      });
    return { result: { Customers: { Customer } } };
  },
};
