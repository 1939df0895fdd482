import { describe, expect, it } from 'vitest';
import { idOfRecord } from '../../../store/repositories/records.ts';
import { address, instant, phones } from './common.ts';
import { eventXId, mapNote, mapPhoneLog, parseEventXId, phoneLogTenant } from './events.ts';
import { mapApplicant, mapEmployee, mapResident, primaryLease } from './people.ts';
import { mapProperty, mapUnit } from './properties.ts';

const ctx = { integrationId: 'int_1' };
const addr = { AddressLine1: '12 Oak Street', AddressLine2: 'Unit 101', AddressLine3: null, City: 'Austin', State: 'TX', PostalCode: '78701', Country: 'UnitedStates' };

describe('Buildium mappers', () => {
  it('reads phones, addresses and instants', () => {
    expect(phones([{ Number: '555-1', Type: 'Cell' }, { Number: null, Type: 'Home' }, { Number: '555-2', Type: 'Office' }])).toEqual({ phone_1: '555-1', phone_1_type: 'MOBILE', phone_2: '555-2', phone_2_type: 'WORK' });
    expect(address(addr)).toEqual({ address_1: '12 Oak Street', address_2: 'Unit 101', city: 'Austin', state: 'TX', zip: '78701', country: 'US' });
    expect(instant('2026-03-01T10:00:00')).toBe('2026-03-01T10:00:00.000Z');
    expect(instant('2026-03-01T10:00:00.5Z')).toBe('2026-03-01T10:00:00.500Z');
    expect(instant('nope')).toBeNull();
  });

  it('maps a rental and a unit', () => {
    const p = mapProperty(ctx, { Id: 101, Name: 'Oak Commons', NumberUnits: 12, IsActive: true, Address: addr, YearBuilt: 1999, RentalType: 'Residential', RentalSubType: 'MultiFamily', RentalManager: { Id: 5, FirstName: 'Ana', LastName: 'Diaz', CompanyName: null, IsCompany: false, Email: 'ana@x.com', PhoneNumbers: [{ Number: '555', Type: 'Office' }] } });
    expect(p).toMatchObject({ x_id: '101', x_property_id: '101', property_id: idOfRecord('int_1', 'properties', '101', null) });
    expect(p.data).toMatchObject({ name: 'Oak Commons', number_of_units: 12, type_normalized: 'MULTI_FAMILY', type_raw: 'Residential/MultiFamily', manager_name: 'Ana Diaz', manager_phone_1_type: 'WORK', is_active: true, city: 'Austin' });
    const u = mapUnit(ctx, { Id: 1010001, PropertyId: 101, UnitNumber: '101', MarketRent: 1234.5, UnitBedrooms: 'TwoBed', UnitBathrooms: 'OnePointFiveBath', UnitSize: 800, IsUnitListed: true, IsUnitOccupied: false, Address: addr });
    expect(u.data).toMatchObject({ number: '101', bedrooms: '2', bathrooms: '1.5', bathrooms_full: 1, bathrooms_half: 1, rent_amount_market_in_cents: 123450, is_vacant: true, is_listed: true, square_feet: 800 });
    expect(() => mapUnit(ctx, { Id: 1 })).toThrow(/PropertyId/);
  });

  it('maps staff, applicants with their applications, and tenants at their active lease', () => {
    expect(mapEmployee(ctx, '101', { Id: 7, FirstName: 'Ana', LastName: 'Diaz', Email: 'a@x.com', IsActive: false, UserRole: { Id: 1, Name: 'Leasing agent' } })).toMatchObject({ x_id: '7', x_property_id: '101', property_id: idOfRecord('int_1', 'properties', '101', null), data: { name: 'Ana Diaz', is_active: false, roles: ['Leasing agent'] } });
    const a = mapApplicant(ctx, { Id: 9, PropertyId: 101, UnitId: 55, FirstName: 'Bo', LastName: 'Li', Email: 'bo@x.com', Status: 'Rejected', Applications: [{ Id: 3, ApplicationStatus: 'Rejected' }, { Id: 4, ApplicationStatus: 'New' }] });
    expect(a.data).toMatchObject({ email_1: 'bo@x.com', x_unit_id_preferred: ['55'], applications: [{ application_id: '3', status_normalized: 'DENIED' }, { application_id: '4', status_normalized: 'PENDING' }] });
    expect(a.x_property_id).toBe('101');
    const lease = (id: number, status: string, from: string, propertyId: number) => ({ Id: id, PropertyId: propertyId, UnitId: id * 10, LeaseStatus: status, LeaseFromDate: from, Tenants: [{ Id: 20, Status: 'Current', MoveInDate: from }], MoveOutData: [] });
    const tenant = { Id: 20, FirstName: 'Cy', LastName: 'Ng', Email: 'cy@x.com', Address: addr, Leases: [lease(1, 'Past', '2025-01-01', 101), lease(2, 'Active', '2024-01-01', 102)] };
    expect(primaryLease(tenant)?.Id).toBe(2);
    const r = mapResident(ctx, tenant);
    expect(r).toMatchObject({ x_id: '20', x_property_id: '102', data: { x_lease_id: '2', email_1: 'cy@x.com', zip: '78701' } });
    expect((r.data.leases_meta_data as unknown[]).length).toBe(2);
    expect(r.links?.lease).toHaveLength(2);
  });

  it('maps notes and phone logs to events of their person', () => {
    const n = mapNote(ctx, 'applicant', '9', '101', { Id: 500, Note: 'Called back', LastUpdatedByUser: { Id: 7, FirstName: 'Ana', LastName: 'Diaz', UpdatedDateTime: '2026-05-01T12:00:00Z' } });
    const applicantId = idOfRecord('int_1', 'applicants', '9', null);
    expect(n).toMatchObject({ x_id: 'applicant_note:500', x_property_id: '101', links: { lead: [], applicant: [applicantId], resident: [] } });
    expect(n.data).toMatchObject({ event_name: 'Applicant note', x_type_id: 'applicant_note', type_raw: 'ApplicantNote', notes: 'Called back', agent_name: 'Ana Diaz', x_leasing_agent_id: '7', event_datetime: '2026-05-01T12:00:00.000Z', associated_applicant_ids: [applicantId], associated_resident_ids: [] });
    expect(mapNote(ctx, 'resident', '20', null, { Id: 501, Note: 'x', LastUpdatedByUser: null }).data).toMatchObject({ event_name: 'Resident note', event_datetime: null, agent_name: null, associated_resident_ids: [idOfRecord('int_1', 'residents', '20', null)] });
    const log = { Id: 8, Participant: { EntityId: 20, EntityResources: [{ Type: 'RentalTenant' }], UnitAgreement: { Id: 2, Type: 'Lease' } }, LoggedByStaffUser: { Id: 7, FirstName: 'Ana', LastName: 'Diaz' }, Subject: 'Renewal', Description: 'Wants 18 months', CallDateTime: '2026-06-01T09:30:00Z' };
    expect(phoneLogTenant(log)).toBe('20');
    expect(phoneLogTenant({ Participant: { EntityId: 3, EntityResources: [{ Type: 'Vendor' }] } })).toBeNull();
    expect(mapPhoneLog(ctx, '20', '102', log).data).toMatchObject({ event_name: 'Phone call', reasons_for_event: 'Renewal', notes: 'Wants 18 months', event_datetime: '2026-06-01T09:30:00.000Z' });
    expect(parseEventXId(eventXId('tenant_note', 77))).toEqual({ kind: 'tenant_note', id: '77' });
    expect(parseEventXId('77')).toBeNull();
  });
});
