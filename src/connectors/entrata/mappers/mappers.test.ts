import { describe, expect, it } from 'vitest';
import { idOfRecord } from '../../../store/repositories/records.ts';
import { mapApplicant } from './applicants.ts';
import { mapEmployee } from './employees.ts';
import { eventRecords, mapEvent } from './events.ts';
import { mapEventResult } from './eventResults.ts';
import { mapEventSubType } from './eventSubTypes.ts';
import { mapEventType } from './eventTypes.ts';
import { mapLead } from './leads.ts';
import { mapLeadSource } from './leadSources.ts';
import { readPickLists } from './pickLists.ts';
import { mapProperty, propertyRecords } from './properties.ts';
import { prospectRecords, stageOf } from './prospects.ts';
import { leaseApplicationIds, leaseCustomers, leaseRecords, mapResident } from './residents.ts';
import { mapUnit, unitRecords } from './units.ts';

// Realistic Entrata records (shapes of reference §2 and recorded traffic) in, RecordInput out.
const ctx = { integrationId: 'int_test' };
const id = (model: Parameters<typeof idOfRecord>[1], xId: string, p: string | null = null) => idOfRecord(ctx.integrationId, model, xId, p);

const pickListsR2 = {
  eventTypes: { eventType: [{ id: '8', name: 'Notes', entrataName: 'Notes' }, { id: 3, name: 'Call Outgoing' }, { id: '5', name: 'Email Outgoing' }] },
  eventSubTypes: { eventSubType: { id: 453, name: 'In Person', eventTypeId: '3' } },
  eventResults: { eventResult: [{ id: '21', name: 'Left Voicemail', eventTypeId: 3, defaultEventResultId: '2', defaultEventResult: 'Voicemail' }, { id: '22', name: 'Any' }] },
  property: [{ id: '100', leasingAgents: { leasingAgent: [{ '@attributes': { id: 7, name: 'Ana Ortiz' } }] }, leadSources: { leadSource: { id: '41', name: 'Zillow' } } }],
};

describe('pick-list mappers (per property: x_id is Entrata’s id, identity includes the property)', () => {
  const lists = readPickLists('100', pickListsR2);

  it('reads object-or-array collections, attributes and number ids into plain lists', () => {
    expect(lists.eventTypes.map((t) => t.id)).toEqual(['8', '3', '5']);
    expect(lists.eventSubTypes).toEqual([{ id: '453', name: 'In Person', eventTypeId: '3' }]);
    expect(lists.leasingAgents).toEqual([{ id: '7', name: 'Ana Ortiz', email: null }]);
    expect(lists.leadSources).toEqual([{ id: '41', name: 'Zillow' }]);
  });

  it('maps event types with the flags the write path uses', () => {
    const call = mapEventType(ctx, lists, lists.eventTypes[1]!);
    expect(call).toMatchObject({ x_id: '3', x_property_id: '100', property_id: id('properties', '100'), data: { name: 'Call Outgoing', code: '3', models: ['leads', 'applicants', 'residents'] } });
    expect(call.internal).toEqual({ entrata_type_id: '3', entrata_name: null, is_call: true, is_outgoing_email: false, sub_type_ids: ['453'] });
    expect(mapEventType(ctx, lists, lists.eventTypes[2]!).internal).toMatchObject({ is_call: false, is_outgoing_email: true });
    expect(id('event_types', '3', '100')).not.toBe(id('event_types', '3', '200'));
  });

  it('maps sub types and results with references to the type of the same property', () => {
    const sub = mapEventSubType(ctx, '100', lists.eventSubTypes[0]!);
    expect(sub).toMatchObject({ x_id: '453', x_property_id: '100', data: { x_event_type_id: '3', name: 'In Person', event_type_id: id('event_types', '3', '100') } });
    expect(sub.internal).toEqual({ entrata_sub_type_id: '453', entrata_type_id: '3' });
    const typed = mapEventResult(ctx, lists, lists.eventResults[0]!);
    expect(typed).toMatchObject({ x_id: '21', data: { name: 'Left Voicemail', associated_event_type_ids: [id('event_types', '3', '100')] } });
    expect(typed.links).toEqual({ event_type: [id('event_types', '3', '100')] });
    // An r1 result without a type applies to every type of the list.
    expect(mapEventResult(ctx, lists, lists.eventResults[1]!).internal).toMatchObject({ entrata_type_ids: ['8', '3', '5'] });
  });

  it('maps one employee per (property, agent) and lead sources per property', () => {
    expect(mapEmployee(ctx, '100', lists.leasingAgents[0]!)).toEqual({
      x_id: '7', x_property_id: '100', property_id: id('properties', '100'),
      data: { x_location_id: null, name: 'Ana Ortiz', email: null, is_active: true, roles: ['LEASING_AGENT'] },
      internal: { leasing_agent_id: '7' },
    });
    expect(mapLeadSource(ctx, '100', lists.leadSources[0]!)).toMatchObject({ x_id: '41', x_property_id: '100', data: { name: 'Zillow' } });
  });

  it('tolerates an empty list (XML’s empty element) and r1 PascalCase', () => {
    const empty = readPickLists('100', { eventTypes: '', property: { id: '100', leasingAgents: [] } });
    expect(empty.eventTypes).toEqual([]);
    expect(empty.leasingAgents).toEqual([]);
  });
});

describe('properties and units', () => {
  const result = { PhysicalProperty: { Property: { PropertyID: 100, MarketingName: 'Aspen Ridge', Type: 'Apartment', General_ID: 'CO-100', YearBuilt: '2004', webSite: 'https://aspen.example', IsDisabled: 0, Address: { '@attributes': { AddressType: 'property' }, Address: '1 Main St', City: 'Denver', State: 'CO', PostalCode: '80202', Country: 'US', Email: 'office@aspen.example' }, PropertyHours: { OfficeHours: { OfficeHour: [{ Day: 'Monday', OpenTime: '9:00 AM', CloseTime: '6:00 PM' }, { Day: 'Sunday', AvailabilityType: 'Closed' }] } } } } };

  it('maps a property given as one object, with its zone from the state', () => {
    const [p] = propertyRecords(result);
    const input = mapProperty(ctx, p!);
    expect(input).toMatchObject({ x_id: '100', x_property_id: '100', property_id: id('properties', '100'), internal: { time_zone: 'America/Denver' } });
    expect(input.data).toMatchObject({ name: 'Aspen Ridge', code: 'CO-100', city: 'Denver', state: 'CO', zip: '80202', year_built: 2004, is_active: true, type_normalized: 'MULTI_FAMILY', manager_email: 'office@aspen.example' });
    expect(input.data.office_hours).toEqual([{ day_of_week: 'MONDAY', open_time: '9:00 AM', close_time: '6:00 PM' }]);
  });

  it('reads the bedroom and bathroom counts under either name Entrata uses (noOf…, numberOf…)', () => {
    const [a, b] = unitRecords({ properties: { property: [{ propertyId: '100', units: { unit: [{ id: 1, noOfBedrooms: '2', noOfBathrooms: '1' }, { id: 2, numberOfBedrooms: 3, numberOfBathrooms: 2 }] } }] } });
    expect(mapUnit(ctx, a!.propertyXId, a!.unit).data).toMatchObject({ bedrooms: '2', bathrooms: '1' });
    expect(mapUnit(ctx, b!.propertyXId, b!.unit).data).toMatchObject({ bedrooms: '3', bathrooms: '2' });
  });

  it('refuses a property without an id', () => {
    expect(() => mapProperty(ctx, { MarketingName: 'x' })).toThrow(/without PropertyID/);
  });

  it('maps units with the property id from their container', () => {
    const units = unitRecords({ properties: { property: [{ propertyId: '100', units: { unit: { id: 501, unitNumber: '2B', floorplanId: '3', floorplanName: 'B1', noOfBedrooms: '2', noOfBathrooms: '1.5', squareFeet: '901.6', unitAddress: { addressLine1: '1 Main St, Unit 2B', city: 'Denver', state: 'CO', postalCode: '80202' } } } }] } });
    expect(units).toHaveLength(1);
    const u = mapUnit(ctx, units[0]!.propertyXId, units[0]!.unit);
    expect(u).toMatchObject({ x_id: '501', x_property_id: '100', property_id: id('properties', '100') });
    expect(u.data).toMatchObject({ number: '2B', bedrooms: '2', bathrooms: '1.5', bathrooms_full: 1, bathrooms_half: 1, square_feet: 902, street_address_1: '1 Main St, Unit 2B', floor_plan_name: 'B1' });
  });
});

const prospect = {
  applicationId: '9001', propertyId: '100', status: 'Application Completed', statusId: '5', leadSourceId: '41', leadSource: 'Zillow', leasingAgentId: '7', leasingAgent: 'Ana Ortiz',
  lastUpdatedDate: '03/10/2025T10:15:00', createdOn: '01/15/2025T09:00:00',
  customers: { customer: { customerId: 301, applicantId: '601', customerType: 'Primary', firstName: 'Kim', middleName: '', lastName: 'Lee', email: 'kim@example.com', cellPhoneNumber: '3035550101', personalPhoneNumber: null, addresses: { address: [{ addressLine: '9 Elm St', city: 'Boulder', state: 'CO', postalCode: '80301', countryCode: 'US' }] } } },
  customerPreferences: { targetMoveInDate: '04/01/2025', desiredUnit: { propertyUnitId: 501, unitNumber: '2B', floorplanId: '3', floorplanName: 'B1' } },
};

describe('people', () => {
  it('reads prospects and decides how far an application got', () => {
    expect(prospectRecords({ prospects: { prospect } })).toHaveLength(1);
    expect(prospectRecords({ prospects: '' })).toEqual([]);
    expect(stageOf('Guest Card', false)).toBe('lead');
    expect(stageOf('Cancelled', false)).toBe('lead');
    expect(stageOf('Application Started', false)).toBe('applicant');
    expect(stageOf(' lease approved', false)).toBe('applicant');
    expect(stageOf('Guest Card', true)).toBe('resident');
    expect(stageOf(null, false)).toBe('lead');
  });

  it('maps every prospect to a lead (x_id = applicationId), whatever its stage', () => {
    const lead = mapLead(ctx, '100', prospect);
    expect(lead).toMatchObject({ x_id: '9001', x_property_id: '100', property_id: id('properties', '100'), internal: { application_id: '9001', customer_id: '301', status_id: '5' } });
    expect(lead.data).toMatchObject({
      first_name: 'Kim', middle_name: null, last_name: 'Lee', email_1: 'kim@example.com', phone_1: '3035550101', phone_1_type: 'MOBILE', phone_2: null,
      city: 'Boulder', status: 'Application Completed', x_lead_source_id: '41', lead_source_id: id('lead_sources', '41', '100'),
      x_unit_id: '501', unit_id_preferred: [id('units', '501')], target_move_in_date: '2025-04-01',
      // 01/15/2025 09:00 MST = 16:00 UTC; 03/10/2025 10:15 MDT = 16:15 UTC.
      x_created_at: '2025-01-15T16:00:00.000Z', x_updated_at: '2025-03-10T16:15:00.000Z',
    });
  });

  it('maps an application-stage prospect to an applicant (x_id = applicantId) listing its application', () => {
    const a = mapApplicant(ctx, '100', prospect);
    expect(a).toMatchObject({ x_id: '601', x_property_id: '100', internal: { application_id: '9001', application_ids: ['9001'], customer_id: '301' } });
    expect(a.data).toMatchObject({ x_lead_id: '9001', email_1: 'kim@example.com', applications: [{ applicant_id: '601', application_id: '9001', status: 'Application Completed', status_normalized: 'PENDING' }] });
    // Without an applicantId the applicationId stands in.
    expect(mapApplicant(ctx, '100', { ...prospect, customers: { customer: [{ customerId: 1, firstName: 'A' }] } }).x_id).toBe('9001');
    expect(() => mapApplicant(ctx, '100', { status: 'Application Started' })).toThrow(/without applicationId/);
  });

  it('maps lease customers to residents (x_id = customer id) with the application of the lease', () => {
    const leases = leaseRecords({ leases: { lease: { id: 77, unitId: 501, moveInDate: '04/01/2025', moveOutDate: null, customers: { customer: [{ id: 301, customerType: 'Primary', firstName: 'Kim', lastName: 'Lee', emailAddress: 'kim@example.com', moveInDate: '04/02/2025', phones: { phone: [{ phoneTypeName: 'Home', phoneNumber: '3035550199' }, { phoneTypeName: 'Mobile', phoneNumber: '3035550101' }] }, addresses: { address: { streetLine: '1 Main St, Unit 2B', city: 'Denver', state: 'CO', postalCode: '80202' } } }] }, leaseIntervals: { leaseInterval: [{ id: 5, applicationId: 9001 }, { id: 6, applicationId: '9001' }] } } } });
    expect(leases).toHaveLength(1);
    const lease = leases[0]!;
    expect(leaseApplicationIds(lease)).toEqual(['9001']);
    const r = mapResident(ctx, '100', lease, leaseCustomers(lease)[0]!);
    expect(r).toMatchObject({ x_id: '301', x_property_id: '100', internal: { application_id: '9001', application_ids: ['9001'], lease_id: '77', unit_id: '501' } });
    expect(r.data).toMatchObject({ x_lease_id: '77', email_1: 'kim@example.com', phone_1: '3035550199', phone_1_type: 'HOME', phone_2_type: 'MOBILE', address_1: '1 Main St, Unit 2B' });
    expect((r.data.leases_meta_data as Array<Record<string, unknown>>)[0]).toMatchObject({ resident_type_normalized: 'PRIMARY', move_in_date: '2025-04-02', move_out_date: null });
    expect(() => mapResident(ctx, '100', lease, { firstName: 'No id' })).toThrow(/without id/);
  });
});

describe('events', () => {
  const result = {
    prospects: {
      prospect: [
        { applicationId: 9001, events: { event: { eventId: 5001, typeId: '3', type: 'Call Outgoing', date: '07/04/2025T14:30:00', comments: 'Called back', leasingAgentId: '7', eventResultId: 21, subtypeId: '453', appointmentDate: '07/05/2025', timeFrom: '10:00 AM', callData: { callId: 'c-1' } } } },
        { applicationId: '9002', events: { event: [{ eventId: '5002', typeId: 8, date: '11/02/2025T01:30:00', comment: 'Fall back' }] } },
        { applicationId: '9003', events: '' },
      ],
    },
  };
  const people = new Map([
    ['9001', { leads: ['9001'], applicants: ['601'], residents: ['301'] }],
    ['9002', { leads: ['9002'], applicants: [], residents: [] }],
  ]);
  const ectx = { ...ctx, peopleOf: (a: string) => people.get(a), agentName: (a: string) => (a === '7' ? 'Ana Ortiz' : null) };

  it('flattens prospects’ events, whether one object or an array, skipping empty ones', () => {
    expect(eventRecords(result).map((r) => [r.applicationId, r.event.eventId])).toEqual([['9001', 5001], ['9002', '5002']]);
  });

  it('links an event to the lead of its application, and its applicant and resident when they exist', () => {
    const [first, second] = eventRecords(result);
    const e = mapEvent(ectx, '100', first!.applicationId, first!.event);
    expect(e).toMatchObject({ x_id: '5001', x_property_id: '100', property_id: id('properties', '100') });
    expect(e.data).toMatchObject({
      x_type_id: '3', x_leasing_agent_id: '7', agent_name: 'Ana Ortiz', type_raw: 'Call Outgoing', event_name: 'Call Outgoing', notes: 'Called back',
      event_datetime: '2025-07-04T20:30:00.000Z', appointment_datetime: '2025-07-05T16:00:00.000Z',
      associated_lead_ids: [id('leads', '9001')], associated_applicant_ids: [id('applicants', '601')], associated_resident_ids: [id('residents', '301')],
    });
    expect(e.links).toEqual({ lead: [id('leads', '9001')], applicant: [id('applicants', '601')], resident: [id('residents', '301')] });
    expect(e.internal).toMatchObject({ application_id: '9001', sub_type_id: '453', event_result_id: '21', call_id: 'c-1' });
    const lead = mapEvent(ectx, '100', second!.applicationId, second!.event);
    // 01:30 on the night DST ends is the first (MDT) occurrence under §6.
    expect(lead.data).toMatchObject({ notes: 'Fall back', agent_name: null, appointment_datetime: null, associated_applicant_ids: [], associated_resident_ids: [], event_datetime: '2025-11-02T07:30:00.000Z' });
  });

  it('maps an event of an unknown application with no links, and refuses one without id', () => {
    const e = mapEvent(ectx, '100', '404', { eventId: 1, typeId: 8, date: null });
    expect(e.data).toMatchObject({ event_datetime: null, associated_lead_ids: [] });
    expect(() => mapEvent(ectx, '100', '9001', { typeId: 8 })).toThrow(/without eventId/);
  });
});
