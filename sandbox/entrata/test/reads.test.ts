import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness, Json } from './harness.ts';
import { errorOf, resultOf, startHarness } from './harness.ts';

let h: Harness;
let propertyId: number;
beforeAll(async () => {
  h = await startHarness();
  propertyId = h.sb.info.propertyIds[0] ?? 0;
});
afterAll(() => h.close());

const MT_DATETIME = /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}\.\d{6} M[SD]T$/;
const MT_DATE = /^\d{2}\/\d{2}\/\d{4}$/;

describe('properties and units', () => {
  it('getProperties returns PhysicalProperty.Property[] with addresses a client can derive a zone from', async () => {
    const props = resultOf(await h.call('properties', 'getProperties')).PhysicalProperty.Property;
    expect(props).toHaveLength(3);
    const first = props[0];
    expect(first).toMatchObject({ PropertyID: propertyId, MarketingName: 'Aspen Ridge Apartments', Type: 'Apartment', IsDisabled: 0 });
    expect(first.Address).toMatchObject({ '@attributes': { AddressType: 'property' }, City: 'Denver', State: 'CO', Country: 'US' });
    expect(first.Address.Email).toMatch(/@/);
    for (const key of ['YearBuilt', 'ShortDescription', 'LongDescription', 'webSite', 'PostMonths']) expect(first).toHaveProperty(key);
    expect(first.PropertyHours.OfficeHours.OfficeHour[0]).toMatchObject({ Day: 'Monday', OpenTime: '9:00 AM' });
    const one = resultOf(await h.call('properties', 'getProperties', { propertyIds: String(h.sb.info.propertyIds[1]) }));
    expect(one.PhysicalProperty.Property.map((p: Json) => p.Address.State)).toEqual(['NY']);
  });

  it('getPropertyUnits lists the units of each requested property', async () => {
    const ids = h.sb.info.propertyIds.slice(0, 2).join(',');
    const props = resultOf(await h.call('propertyunits', 'getPropertyUnits', { propertyIds: ids })).properties.property;
    expect(props).toHaveLength(2);
    expect(Number(props[0].unitCount)).toBe(props[0].units.unit.length);
    expect(props[0].units.unit[0]).toMatchObject({ id: expect.any(String), unitNumber: expect.any(String), floorplanName: expect.any(String) });
  });
});

describe('getLeadPickLists', () => {
  it('r1: PascalCase, property node keyed by id with leasing agents and lead sources', async () => {
    const r = resultOf(await h.call('leads', 'getLeadPickLists', { propertyIds: String(propertyId) }));
    expect(r.EventTypes.EventType).toContainEqual({ '@attributes': { name: 'Application', Id: 131, entrataName: 'Add Applicant Application' } });
    const prop = r.Property[String(propertyId)];
    expect(prop['@attributes']).toEqual({ Id: propertyId });
    expect(prop.LeasingAgents.LeasingAgent.length).toBe(4);
    expect(prop.LeadSources.LeadSource).toContainEqual({ '@attributes': { name: 'Apartment Advisor', Id: 68509, WebVisible: 'true' } });
    expect(r.EventResults.EventResult).toContainEqual({ name: 'Cancelled', Id: 57024 });
    expect(r.LeadStatuses.LeadStatus).toContainEqual({ '@attributes': { Id: 21, name: 'Renewal Proposal Generated', leaseIntervalTypeName: 'Renewal' } });
    expect(Object.keys(resultOf(await h.call('leads', 'getLeadPickLists')).Property)).toHaveLength(3);
  });

  it('r2: camelCase, string attributes, sub types and per-type results with defaults', async () => {
    const r = resultOf(await h.call('leads', 'getLeadPickLists', { propertyId: String(propertyId) }, { version: 'r2' }));
    const names = r.eventTypes.eventType.map((t: Json) => `${t['@attributes'].id}:${t['@attributes'].name}`);
    for (const t of ['2:Email - Outgoing', '3:Call - Incoming', '4:Call - Outgoing', '5:Text - Incoming', '6:Text - Outgoing', '8:Notes', '15:Scheduled Follow-Up', '17:Scheduled Appointment', '131:Application', '1:Email - Incoming', '9:Onsite Visit', '10:Online Guest Card', '7:Online Chat', '16:Voice Mail', '78:Tour', '442:Self-Guided Tour', '449:Virtual Tour', '512:Tour Activity']) {
      expect(names).toContain(t);
    }
    expect(r.eventSubTypes.eventSubType).toContainEqual({ '@attributes': { name: 'Leasing Appointments', id: '453', eventTypeId: '17' } });
    expect(r.eventSubTypes.eventSubType).toContainEqual({ '@attributes': { name: 'Self-Guided Tour', id: '524', eventTypeId: '78' } });
    expect(r.eventResults.eventResult).toContainEqual({
      '@attributes': { name: 'check-in custom', id: '2894233', eventTypeId: '9', defaultEventResultId: '83', defaultEventResult: 'Check - In' },
    });
    expect(r.property['@attributes']).toEqual({ id: String(propertyId) });
    expect(r.property.leasingAgents.leasingAgent[0]['@attributes']).toMatchObject({ id: expect.stringMatching(/^\d+$/), name: expect.any(String) });
    expect(r.leadStatuses.leadStatus.length).toBeGreaterThan(5);
    expect(r.psProducts.psProduct).toContainEqual({ '@attributes': { id: '7', name: 'API Services' } });
    expect(r.customerRelationshipTypes.customerRelationshipType[0]['@attributes'].isDefault).toBe('true');
    for (const list of [r.eventTypes.eventType, r.eventResults.eventResult, r.leadStatuses.leadStatus]) {
      for (const item of list) for (const v of Object.values(item['@attributes'])) expect(typeof v).toBe('string');
    }
  });
});

describe('getLeads', () => {
  const info = (): Harness['sb']['info'] => h.sb.info;

  it('requires a date range unless a lead identifier is given', async () => {
    expect(errorOf(await h.call('leads', 'getLeads', { propertyId })).message).toMatch(/fromDate.*toDate/);
    expect(errorOf(await h.call('leads', 'getLeads', { propertyId, fromDate: '01/01/2025' })).code).toBe(400);
    expect(errorOf(await h.call('leads', 'getLeads', { propertyId, fromDate: '2025-13-01', toDate: '01/01/2026' })).message).toMatch(/fromDate/);
    expect(resultOf(await h.call('leads', 'getLeads', { propertyId, leadId: info().examples.leadApplicationId })).prospects.prospect).toHaveLength(1);
  });

  it('returns prospects with customers and no events unless eventTypeIds is given', async () => {
    const id = info().examples.residentApplicationId;
    const p = resultOf(await h.call('leads', 'getLeads', { propertyId, leadId: String(id) })).prospects.prospect[0];
    expect(p.applicationId).toBe(String(id));
    expect(p).not.toHaveProperty('events');
    expect(p.lastUpdatedDate).toMatch(MT_DATETIME);
    expect(p.createdOn).toMatch(MT_DATETIME);
    expect(p.lease).toMatchObject({ leaseId: String(info().examples.residentLeaseId), status: 'Current' });
    const c = p.customers.customer[0];
    expect(c).toMatchObject({ customerId: String(info().examples.residentCustomerId), namePrefix: '', firstName: expect.any(String), lastName: expect.any(String) });
    expect(c.email).toMatch(/@example\.(com|net|org)$/);
  });

  it('returns only events of the listed types, at most 5 type ids', async () => {
    const id = info().examples.dstApplicationId;
    const p = resultOf(await h.call('leads', 'getLeads', { propertyId, leadId: id, eventTypeIds: '8,2' })).prospects.prospect[0];
    const types = new Set(p.events.event.map((e: Json) => e.typeId));
    expect([...types].sort()).toEqual(['2', '8']);
    const e = p.events.event[0];
    expect(e).toMatchObject({ eventId: expect.stringMatching(/^\d+$/), type: 'Notes', date: expect.stringMatching(MT_DATETIME) });
    const tooMany = await h.call('leads', 'getLeads', { propertyId, leadId: id, eventTypeIds: '1,2,3,4,5,6' });
    expect(errorOf(tooMany).message).toMatch(/at most 5/);
  });

  it('filters events by eventDateFrom/To and leads by created/updated dates, leadId lists, email, name and phone', async () => {
    const id = info().examples.dstApplicationId;
    const onDay = resultOf(await h.call('leads', 'getLeads', { propertyId, leadId: id, eventTypeIds: '2,8,17,3', eventDateFrom: '11/02/2025', eventDateTo: '11/02/2025' }));
    expect(onDay.prospects.prospect[0].events.event.map((e: Json) => e.date)).toEqual([
      '11/02/2025 01:30:00.000000 MDT',
      '11/02/2025 01:30:00.000000 MST',
      '11/02/2025 12:00:00.000000 MST',
    ]);
    const all = resultOf(await h.call('leads', 'getLeads', { propertyId, fromDate: '01/01/2020', toDate: '12/31/2030' }, { query: 'per_page=1000' })).prospects.prospect;
    const sample = all[7];
    const byEmail = resultOf(await h.call('leads', 'getLeads', { propertyId, email: sample.customers.customer[0].email.toUpperCase() })).prospects.prospect;
    expect(byEmail.map((p: Json) => p.applicationId)).toEqual([sample.applicationId]);
    const name = `${sample.customers.customer[0].firstName} ${sample.customers.customer[0].lastName}`;
    const byName = resultOf(await h.call('leads', 'getLeads', { propertyId, name })).prospects.prospect;
    expect(byName.map((p: Json) => p.applicationId)).toContain(sample.applicationId);
    const phone = sample.customers.customer[0].cellPhoneNumber ?? sample.customers.customer[0].personalPhoneNumber;
    const byPhone = resultOf(await h.call('leads', 'getLeads', { propertyId, telephone: Number(phone) })).prospects.prospect;
    expect(byPhone.map((p: Json) => p.applicationId)).toContain(sample.applicationId);
    const two = resultOf(await h.call('leads', 'getLeads', { propertyId, leadId: `${all[0].applicationId},${all[1].applicationId}` })).prospects.prospect;
    expect(two).toHaveLength(2);
    // Updated-date window: only prospects whose lastUpdatedDate falls in it.
    const updated = resultOf(await h.call('leads', 'getLeads', { propertyId, fromDate: '01/01/2026', toDate: '03/31/2026' }, { query: 'per_page=1000' })).prospects.prospect;
    expect(updated.length).toBeGreaterThan(0);
    expect(updated.length).toBeLessThan(all.length);
    for (const p of updated) expect(p.lastUpdatedDate.slice(6, 10)).toBe('2026');
    const created = resultOf(await h.call('leads', 'getLeads', { propertyId, leadId: all.map((p: Json) => p.applicationId).join(','), createdOnDateFrom: '01/01/2026' }, { query: 'per_page=1000' })).prospects.prospect;
    for (const p of created) expect(p.createdOn.slice(6, 10)).toBe('2026');
  });
});

describe('getLeadEvents', () => {
  it('requires applicationId unless eventTypeIds and a date range are given', async () => {
    expect(errorOf(await h.call('leads', 'getLeadEvents', { propertyId })).message).toMatch(/applicationId/);
    expect(errorOf(await h.call('leads', 'getLeadEvents', { propertyId, eventTypeIds: '2', eventDateFrom: '01/01/2025' })).code).toBe(400);
  });

  it('returns events with eventReason (singular) and numeric lease ids for an application', async () => {
    const id = h.sb.info.examples.residentApplicationId;
    const r = resultOf(await h.call('leads', 'getLeadEvents', { propertyId, applicationId: id }));
    const p = r.prospects.prospect[0];
    expect(p.applicationId).toBe(String(id));
    expect(p.events.event.length).toBeGreaterThan(0);
    const e = p.events.event[0];
    expect(typeof e.eventId).toBe('string');
    expect(typeof e.leaseId).toBe('number');
    expect(e).not.toHaveProperty('eventReasons');
    const appointments = resultOf(await h.call('leads', 'getLeadEvents', { propertyId, eventTypeIds: '17', eventDateFrom: '07/01/2024', eventDateTo: '06/30/2026' }));
    const appt = appointments.prospects.prospect.flatMap((x: Json) => x.events.event).find((x: Json) => x.eventReason);
    expect(appt).toMatchObject({ typeId: '17', appointmentDate: expect.stringMatching(MT_DATE), timeFrom: expect.stringMatching(/^\d{2}:\d{2}:00$/) });
  });
});

describe('residents', () => {
  it('getCustomers returns Current and Notice residents by default', async () => {
    const r = resultOf(await h.call('customers', 'getCustomers', { propertyId }));
    const customers = r.Customers.Customer;
    expect(customers.length).toBeGreaterThan(0);
    const statuses = new Set(customers.map((c: Json) => c.LeaseId[0].Identification[0]['@attributes'].Status));
    for (const s of statuses) expect(['Current', 'Notice']).toContain(s);
    const mine = customers.find((c: Json) => c['@attributes'].Id === String(h.sb.info.examples.residentCustomerId));
    expect(mine.LeaseId[0].Identification[0].IDValue).toBe(String(h.sb.info.examples.residentLeaseId));
    const all = resultOf(await h.call('customers', 'getCustomers', { propertyId, leaseStatusTypeIds: '3,4,5,6' })).Customers.Customer;
    expect(all.length).toBeGreaterThanOrEqual(customers.length);
    const one = resultOf(await h.call('customers', 'getCustomers', { propertyId, customerIds: String(h.sb.info.examples.residentCustomerId) }));
    expect(one.Customers.Customer).toHaveLength(1);
  });

  it('getLeases r2 links each lease back to its application through leaseIntervals', async () => {
    const { residentApplicationId, residentLeaseId, residentCustomerId } = h.sb.info.examples;
    const r = resultOf(await h.call('leases', 'getLeases', { propertyId, applicationId: residentApplicationId }, { version: 'r2' }));
    expect(r.currencyCode).toBe('USD');
    const lease = r.leases.lease[0];
    expect(lease).toMatchObject({ id: residentLeaseId, propertyId, isMonthToMonth: 0 });
    expect(lease.customers.customer[0]).toMatchObject({ id: residentCustomerId, customerType: 'Primary' });
    expect(lease.customers.customer[0].nameFull).toMatch(/^.+, .+$/);
    const interval = lease.leaseIntervals.leaseInterval[0];
    expect(interval.applicationId).toBe(residentApplicationId);
    expect(interval.intervalDateTime).toMatch(MT_DATETIME);
    expect(interval.startDate).toMatch(MT_DATE);
    const defaults = resultOf(await h.call('leases', 'getLeases', { propertyId }, { version: 'r2' })).leases.lease;
    for (const l of defaults) expect(['Current', 'Notice']).toContain(l.leaseIntervalStatus);
  });
});
