import { LEASE_STATUS_NAMES } from '../dataset/catalog.ts';
import type { Dataset, Lease } from '../dataset/model.ts';
import { pageSlice } from '../pagination.ts';
import { instantRange, optionalBool, optionalDate, optionalIdList, optionalString, requiredId } from '../params.ts';
import type { CalendarDate } from '../time.ts';
import { formatCalendarDate, formatMtDateTime, MOUNTAIN, wallClockToInstant } from '../time.ts';
import { DEFAULT_LEASE_STATUSES } from './customers.ts';
import type { MethodDef } from './types.ts';
import { accessibleProperty } from './types.ts';

const dayStart = (d: CalendarDate): number => wallClockToInstant(MOUNTAIN, { ...d, hour: 0, minute: 0, second: 0, millisecond: 0 });

/** Ids are numbers in getLeases r2, as in recorded real traffic (reference §2.10). */
function serializeLease(ds: Dataset, lease: Lease): Record<string, unknown> {
  const property = ds.propertyById.get(lease.propertyId);
  const unit = ds.unitById.get(lease.unitId);
  const prospect = ds.prospectByCustomerId.get(lease.customerId);
  const c = prospect?.customer;
  const status = LEASE_STATUS_NAMES[lease.leaseStatusTypeId] ?? '';
  const phones = c
    ? [
        ['Mobile', 'mobile', c.cellPhone],
        ['Home', 'home', c.homePhone],
        ['Office', 'office', c.officePhone],
      ].filter((x): x is [string, string, string] => typeof x[2] === 'string')
    : [];
  return {
    id: lease.id,
    leaseStatusTypeId: lease.leaseStatusTypeId,
    propertyId: lease.propertyId,
    propertyName: property?.name ?? '',
    leaseSubStatus: '',
    leaseType: 'Conventional',
    moveInDate: formatCalendarDate(lease.moveInDate),
    ...(lease.moveOutDate ? { moveOutDate: formatCalendarDate(lease.moveOutDate) } : {}),
    leaseIntervalStatus: status,
    occupancyTypeId: 1,
    occupancyType: 'Conventional',
    isMonthToMonth: 0,
    leaseIntervalId: lease.leaseIntervalId,
    floorPlanId: unit?.floorplanId ?? 0,
    floorPlanName: unit?.floorplanName ?? '',
    spaceConfiguration: 'Conventional',
    paymentAllowanceType: 'Allow All',
    unitId: lease.unitId,
    unitNumber: unit?.unitNumber ?? '',
    buildingName: unit?.buildingName ?? '',
    unitSpaces: { unitSpace: [{ unitSpaceId: lease.unitId, unitSpace: unit?.unitNumber ?? '' }] },
    customers: {
      customer: c
        ? [
            {
              id: c.customerId,
              customerType: 'Primary',
              firstName: c.firstName,
              middleName: '',
              lastName: c.lastName,
              nameFull: `${c.lastName}, ${c.firstName}`,
              emailAddress: c.email,
              leaseCustomerStatus: status,
              relationshipName: 'Primary',
              moveInDate: formatCalendarDate(lease.moveInDate),
              paymentAllowanceType: 'Allow All',
              addresses: {
                address: [
                  {
                    addressType: 'Current',
                    streetLine: `${property?.street ?? ''}, Unit ${unit?.unitNumber ?? ''}`,
                    city: property?.city ?? '',
                    state: property?.state ?? '',
                    postalCode: property?.postalCode ?? '',
                    countryName: 'United States',
                  },
                ],
              },
              phones: { phone: phones.map(([name, type, number]) => ({ phoneTypeName: name, phoneType: type, phoneNumber: number, countryCode: 1 })) },
              customerContacts: { customerContact: [] },
            },
          ]
        : [],
    },
    leaseIntervals: {
      leaseInterval: [
        {
          id: lease.leaseIntervalId,
          startDate: formatCalendarDate(lease.startDate),
          endDate: formatCalendarDate(lease.endDate),
          leaseIntervalTypeId: 1,
          leaseIntervalTypeName: 'Application',
          leaseIntervalStatusTypeId: lease.leaseStatusTypeId,
          leaseIntervalStatusTypeName: status,
          intervalDateTime: formatMtDateTime(lease.intervalMs),
          applicationId: lease.applicationId,
          applicationCompletedOn: formatMtDateTime(lease.applicationCompletedMs),
        },
      ],
    },
    scheduledCharges: {
      scheduledCharge: [
        {
          id: lease.id * 10 + 1,
          chargeCodeId: 1,
          chargeCode: 'Rent',
          amount: lease.rent.toFixed(2),
          startDate: formatCalendarDate(lease.startDate),
          endDate: formatCalendarDate(lease.endDate),
        },
      ],
    },
    pets: { pet: [] },
  };
}

export const getLeases: MethodDef = {
  versions: ['r2'],
  paginated: true,
  handle({ ds, params, page }) {
    const property = accessibleProperty(ds, requiredId(params, 'propertyId'));
    const applicationIds = optionalIdList(params, 'applicationId');
    const customerIds = optionalIdList(params, 'customerId');
    const leaseIds = optionalIdList(params, 'leaseIds');
    const statuses = new Set(optionalIdList(params, 'leaseStatusTypeIds') ?? DEFAULT_LEASE_STATUSES);
    const unitNumber = optionalString(params, 'unitNumber');
    const buildingName = optionalString(params, 'buildingName');
    const moveIn = instantRange(optionalDate(params, 'moveInDateFrom'), optionalDate(params, 'moveInDateTo'));
    for (const flag of ['includeOtherIncomeLeases', 'residentFriendlyMode', 'includeLeaseHistory', 'includeArTransactions']) {
      optionalBool(params, flag);
    }
    const inSet = (ids: number[] | undefined, v: number): boolean => !ids || ids.includes(v);
    const matches = (ds.leasesByProperty.get(property.id) ?? []).filter((l) => {
      const unit = ds.unitById.get(l.unitId);
      const start = dayStart(l.moveInDate);
      return (
        statuses.has(l.leaseStatusTypeId) &&
        inSet(applicationIds, l.applicationId) &&
        inSet(customerIds, l.customerId) &&
        inSet(leaseIds, l.id) &&
        (unitNumber === undefined || unit?.unitNumber === unitNumber) &&
        (buildingName === undefined || unit?.buildingName === buildingName) &&
        start >= moveIn.from &&
        start <= moveIn.to
      );
    });
    const lease = pageSlice(matches, page).map((l) => serializeLease(ds, l));
    return { result: { currencyCode: 'USD', leases: { lease } }, total: matches.length };
  },
};
