import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness, Json } from './harness.ts';
import { startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const SERVICES = ['status', 'properties', 'propertyunits', 'leads', 'customers', 'leases', 'nosuch', 'LEADS'];
const METHODS = [
  'getStatus', 'getProperties', 'getPropertyUnits', 'getLeadPickLists', 'getLeads', 'getLeadEvents',
  'updateLeads', 'sendLeads', 'getCustomers', 'getLeases', 'getleads', '',
];
const PARAM_NAMES = [
  'propertyId', 'propertyIds', 'leadId', 'applicationId', 'eventId', 'typeId', 'subtypeId', 'eventResultId', 'date',
  'fromDate', 'toDate', 'eventTypeIds', 'eventDateFrom', 'eventDateTo', 'createdOnDateFrom', 'name', 'email', 'telephone',
  'customerIds', 'leaseStatusTypeIds', 'comments', 'callData', 'emailData', 'appointmentDate', 'timeFrom', 'timeTo',
  'leasingAgentId', 'propertyUnitId', 'prospects', 'events', 'showAllStatus', 'leadSource', 'customers', 'moveInDateFrom',
];
const ALLOWED_ERRORS = new Set([108, 400, 401, 403, 404]);

/** Values that look like what clients send, plus junk. */
const value = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom(100101, '100101', 100102, 10000002, '10000002', 60000001, 8, 17, 3, 2, 453, 524, 83, '1,2,3', '1,2,3,4,5,6', 0, 1, '0', '1'),
    fc.constantFrom('03/09/2025 02:30:00', '11/02/2025 01:30:00 MST', '2025-11-02', '02/30/2025', '13/45/2025', 'T', ''),
    fc.jsonValue({ maxDepth: 3 }),
    fc.string(),
    fc.integer(),
    fc.double(),
  );

const eventNode = fc.dictionary(fc.constantFrom(...PARAM_NAMES), value(), { maxKeys: 8 });
const params = fc.oneof(
  fc.dictionary(fc.constantFrom(...PARAM_NAMES), value(), { maxKeys: 8 }),
  fc.record({
    propertyId: fc.oneof(fc.constant(100101), value()),
    prospects: fc.oneof(
      fc.record({ prospect: fc.array(fc.record({ applicationId: value(), events: fc.record({ event: fc.oneof(fc.array(eventNode, { maxLength: 3 }), eventNode) }) }), { maxLength: 3 }) }),
      value(),
    ),
  }),
  fc.jsonValue({ maxDepth: 2 }),
);

const envelope = fc.record(
  {
    auth: fc.constant({ type: 'basic' }),
    requestId: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.jsonValue({ maxDepth: 1 })),
    method: fc.oneof(
      fc.record({ name: fc.constantFrom(...METHODS), version: fc.constantFrom('r1', 'r2', 'r3', 'x', undefined, 2), params }, { requiredKeys: ['name'] }),
      fc.jsonValue({ maxDepth: 2 }),
    ),
  },
  { requiredKeys: [] },
);

const body = fc.oneof(
  envelope.map((e) => JSON.stringify(e)),
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('', '{', '{"method":', 'null', '[]', '{"method":{"name":"getStatus"}}\u0000', '\uFEFF{}'),
);

const query = fc.oneof(
  fc.constant(''),
  fc.tuple(fc.oneof(fc.integer({ min: -5, max: 2000 }).map(String), fc.string({ maxLength: 4 })), fc.oneof(fc.integer({ min: -5, max: 2000 }).map(String), fc.string({ maxLength: 4 }))).map(
    ([p, n]) => `?page_no=${encodeURIComponent(p)}&per_page=${encodeURIComponent(n)}`,
  ),
);

function assertWellFormed(status: number, text: string, contentType: string | null): void {
  expect([200, 429]).toContain(status);
  expect(contentType).toBe('application/json;charset=utf-8');
  const parsed: Json = JSON.parse(text);
  const response = parsed.response;
  // Echoed as a string when sent, absent otherwise (reference §7.5.2).
  expect(['string', 'undefined']).toContain(typeof response.requestId);
  if (status === 429) {
    expect(response.error.code).toBe(429);
    return;
  }
  if (response.code === 200) {
    expect(response.result).toBeDefined();
    expect(response.error).toBeUndefined();
  } else {
    expect(Number.isInteger(response.error.code)).toBe(true);
    expect(ALLOWED_ERRORS.has(response.error.code)).toBe(true);
    expect(typeof response.error.message).toBe('string');
  }
}

describe('fuzz: random and malformed bodies', () => {
  it('always get a well-formed envelope (or 429), never a crash or a 500', async () => {
    const gateway = fc.constantFrom('/api/v1', '/api', `/ext/orgs/${h.sb.info.subdomain}/v1`);
    const auth = fc.constantFrom('good', 'good', 'good', 'bad');
    await fc.assert(
      fc.asyncProperty(gateway, fc.constantFrom(...SERVICES), body, query, auth, async (base, service, text, q, who) => {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (who === 'good') {
          if (base.startsWith('/ext')) headers['X-Api-Key'] = h.sb.info.apiKey;
          else headers.Authorization = h.basicAuth;
        }
        const res = await fetch(`${h.sb.url}${base}/${service}${q}`, { method: 'POST', body: text, headers });
        assertWellFormed(res.status, await res.text(), res.headers.get('content-type'));
      }),
      { numRuns: 300, seed: 20261122 },
    );
    // Whatever was thrown at it, the server still works.
    const ok = await h.call('status', 'getStatus');
    expect(ok.body.response.code).toBe(200);
  });

  it('structured envelopes aimed at every method never fail outside the documented codes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHODS.slice(0, 10)), fc.constantFrom('r1', 'r2'), params, async (method, version, p) => {
        const service =
          method === 'getStatus' ? 'status' : method === 'getProperties' ? 'properties' : method === 'getPropertyUnits' ? 'propertyunits'
            : method === 'getCustomers' ? 'customers' : method === 'getLeases' ? 'leases' : 'leads';
        const r = await h.call(service, method, p, { version });
        assertWellFormed(r.status, r.text, r.headers.get('content-type'));
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});
