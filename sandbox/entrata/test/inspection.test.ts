import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Harness, Json } from './harness.ts';
import { resultOf, startHarness } from './harness.ts';

let clock = Date.parse('2026-11-10T17:00:00Z');
let h: Harness;
let propertyId: number;
beforeAll(async () => {
  h = await startHarness({ now: () => clock });
  propertyId = h.sb.info.propertyIds[0] ?? 0;
});
beforeEach(() => h.sb.reset());
afterAll(() => h.close());

const mutate = (body: unknown): ReturnType<Harness['inspect']> => h.inspect('POST', '/__sandbox/mutations', body);
const lead = async (applicationId: number): Promise<Json> =>
  resultOf(await h.call('leads', 'getLeads', { propertyId, leadId: applicationId, eventTypeIds: '131,8,3' })).prospects.prospect[0];

describe('GET /__sandbox/info', () => {
  it('exposes credentials, base URLs, ids and counts', async () => {
    const info = (await h.inspect('GET', '/__sandbox/info')).body;
    expect(info).toMatchObject({
      url: h.sb.url,
      basicBaseUrl: `${h.sb.url}/api/v1`,
      apiKeyBaseUrl: `${h.sb.url}/ext/orgs/${info.subdomain}/v1`,
      seed: 42,
      size: 'small',
      timeZone: 'America/Denver',
      anchor: { mountain: '06/30/2026 23:59:59.999000 MDT' },
      defaultPerPage: 100,
    });
    expect(info.username).toBeTruthy();
    expect(info.password).toBeTruthy();
    expect(info.apiKey).toMatch(/^[0-9a-f]{40}$/);
    expect(info.propertyIds).toHaveLength(3);
    expect(info.counts).toMatchObject({ properties: 3, prospects: 300, events: 3000, eventTypes: 18 });
    expect(info).toEqual(h.sb.info);
  });
});

describe('recorded requests', () => {
  it('records gateway, service, method, version, params, time, outcome and duration; filters and clears', async () => {
    await h.inspect('DELETE', '/__sandbox/requests');
    await h.call('leads', 'getLeadPickLists', { propertyId }, { version: 'r2', gateway: 'apikey', requestId: 'x1' });
    await h.call('leads', 'getLeads', { propertyId }, {});
    await h.call('status', 'getStatus', {}, { headers: {} });
    const all = (await h.inspect('GET', '/__sandbox/requests')).body.requests;
    expect(all).toHaveLength(3);
    expect(all[0]).toMatchObject({
      gateway: 'apikey',
      service: 'leads',
      method: 'getLeadPickLists',
      version: 'r2',
      requestId: 'x1',
      params: { propertyId },
      receivedAt: new Date(clock).toISOString(),
      outcome: 'ok',
      httpStatus: 200,
      errorCode: null,
      durationMs: expect.any(Number),
    });
    expect(all[1]).toMatchObject({ outcome: 'envelope_error', errorCode: 400, errorMessage: expect.stringMatching(/fromDate/) });
    expect(all[2]).toMatchObject({ gateway: 'basic', outcome: 'envelope_error', errorCode: 401 });
    expect(JSON.stringify(all)).not.toContain(h.sb.info.password);
    const leadsOnly = (await h.inspect('GET', '/__sandbox/requests?service=leads&method=getLeads')).body.requests;
    expect(leadsOnly).toHaveLength(1);
    const since = (await h.inspect('GET', `/__sandbox/requests?sinceId=${all[1].id}`)).body.requests;
    expect(since).toHaveLength(1);
    await h.inspect('DELETE', '/__sandbox/requests');
    expect((await h.inspect('GET', '/__sandbox/requests')).body.requests).toEqual([]);
  });
});

describe('POST /__sandbox/mutations', () => {
  it('adds a lead, updates it, and each change bumps lastUpdatedDate', async () => {
    const added = await mutate({ op: 'addLead', propertyId, firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com', phone: '3035550123' });
    expect(added.status).toBe(200);
    const { applicationId, customerId } = added.body.results[0];
    expect(customerId).toEqual(expect.any(Number));
    let p = await lead(applicationId);
    expect(p).toMatchObject({ status: 'Guest Card', lastUpdatedDate: '11/10/2026 10:00:00.000000 MST' });
    clock += 3_600_000;
    await mutate({ op: 'updateLead', applicationId, email: 'grace.hopper@example.com', lastName: 'Hopper-Murray', statusId: 9 });
    p = await lead(applicationId);
    expect(p).toMatchObject({ status: 'Cancelled', lastUpdatedDate: '11/10/2026 11:00:00.000000 MST' });
    expect(p.customers.customer[0]).toMatchObject({ email: 'grace.hopper@example.com', lastName: 'Hopper-Murray' });
    const changed = resultOf(await h.call('leads', 'getLeads', { propertyId, fromDate: '11/10/2026', toDate: '11/10/2026' })).prospects.prospect;
    expect(changed.map((x: Json) => x.applicationId)).toEqual([String(applicationId)]);
  });

  it('adds and updates events as a user would (lighter validation than updateLeads)', async () => {
    const appId = h.sb.info.examples.leadApplicationId;
    const added = await mutate({ op: 'addEvent', applicationId: appId, event: { typeId: 3, date: '11/09/2026 10:00:00', comments: 'Walk-up call' } });
    const { eventId } = added.body.results[0];
    await mutate({ op: 'updateEvent', eventId, event: { comments: 'Edited in the UI' } });
    const events = (await h.inspect('GET', `/__sandbox/events?eventId=${eventId}`)).body.events;
    expect(events[0]).toMatchObject({ eventId, origin: 'mutation', typeId: 3, comments: 'Edited in the UI', date: { mountain: '11/09/2026 10:00:00.000000 MST' } });
    const read = (await lead(appId)).events.event.find((e: Json) => e.eventId === String(eventId));
    expect(read.comments).toBe('Edited in the UI');
    expect((await mutate({ op: 'addEvent', applicationId: appId, event: { typeId: 999 } })).status).toBe(400);
  });

  it('moves a lead to applicant, then to resident with a lease that points back at the application', async () => {
    const appId = h.sb.info.examples.leadApplicationId;
    const applicant = (await mutate({ op: 'moveToApplicant', applicationId: appId })).body.results[0];
    expect(applicant).toMatchObject({ applicationId: appId, applicantId: expect.any(Number), eventId: expect.any(Number) });
    expect(await lead(appId)).toMatchObject({ status: 'Application Started' });
    expect((await lead(appId)).events.event.some((e: Json) => e.typeId === '131' && e.eventId === String(applicant.eventId))).toBe(true);
    const resident = (await mutate({ op: 'moveToResident', applicationId: appId, leaseStartDate: '12/01/2026' })).body.results[0];
    expect(resident).toMatchObject({ applicationId: appId, leaseId: expect.any(Number), leaseIntervalId: expect.any(Number) });
    const leases = resultOf(await h.call('leases', 'getLeases', { propertyId, applicationId: appId }, { version: 'r2' })).leases.lease;
    expect(leases[0]).toMatchObject({ id: resident.leaseId, moveInDate: '12/01/2026' });
    expect(leases[0].leaseIntervals.leaseInterval[0].applicationId).toBe(appId);
    const customers = resultOf(await h.call('customers', 'getCustomers', { propertyId, customerIds: String(resident.customerId) })).Customers.Customer;
    expect(customers).toHaveLength(1);
    expect((await mutate({ op: 'moveToResident', applicationId: appId })).status).toBe(409);
  });

  it('accepts batches and reports which operation failed', async () => {
    const ok = await mutate({ operations: [{ op: 'addLead', propertyId }, { op: 'addLead', propertyId: String(propertyId) }] });
    expect(ok.body.results).toHaveLength(2);
    const bad = await mutate([{ op: 'addLead', propertyId }, { op: 'updateLead', applicationId: 1, email: 'x@example.com' }]);
    expect(bad.status).toBe(404);
    expect(bad.body.error).toMatchObject({ code: 'not_found', message: expect.stringMatching(/operations\[1\]/), details: { applied: [expect.any(Object)] } });
  });

  it('validates bodies with a clear 400', async () => {
    for (const body of [{}, { op: 'explode' }, { op: 'addLead' }, { op: 'addLead', propertyId: 'abc' }, { op: 'addLead', propertyId, extra: 1 }, []]) {
      const r = await mutate(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('invalid_request');
    }
    expect((await h.inspect('POST', '/__sandbox/mutations', 'not json')).status).toBe(400);
    expect((await mutate({ op: 'addLead', propertyId: 5 })).status).toBe(404);
  });
});

describe('POST /__sandbox/reset and GET /__sandbox/events', () => {
  it('restores the seeded state and clears requests and faults', async () => {
    const before = (await h.inspect('GET', '/__sandbox/info')).body.counts;
    await mutate({ op: 'addLead', propertyId });
    await h.inspect('PUT', '/__sandbox/faults', { '*': [{ kind: 'latency', ms: 1 }] });
    await h.call('status', 'getStatus');
    expect((await h.inspect('GET', '/__sandbox/info')).body.counts.prospects).toBe(before.prospects + 1);
    const r = await h.inspect('POST', '/__sandbox/reset');
    expect(r.body.reset).toBe(true);
    expect((await h.inspect('GET', '/__sandbox/info')).body.counts).toEqual(before);
    expect((await h.inspect('GET', '/__sandbox/requests')).body.requests).toEqual([]);
    expect((await h.inspect('GET', '/__sandbox/faults')).body.faults).toEqual({});
  });

  it('lists stored events in plain JSON and insists on a selector', async () => {
    const id = h.sb.info.examples.dstApplicationId;
    const events = (await h.inspect('GET', `/__sandbox/events?applicationId=${id}`)).body.events;
    expect(events[1]).toMatchObject({ origin: 'seed', typeId: 8, date: { utc: '2025-03-09T08:30:00.000Z', mountain: '03/09/2025 01:30:00.000000 MST' } });
    expect((await h.inspect('GET', `/__sandbox/events?applicationId=${id}&typeId=2`)).body.events).toHaveLength(2);
    expect((await h.inspect('GET', '/__sandbox/events')).status).toBe(400);
    expect((await h.inspect('GET', '/__sandbox/events?applicationId=abc')).status).toBe(400);
    expect((await h.inspect('GET', '/__sandbox/events?origin=api')).body.events).toEqual([]);
    expect((await h.inspect('GET', '/__sandbox/nothing')).status).toBe(404);
  });
});
