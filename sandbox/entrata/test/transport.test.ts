import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallResult, Harness } from './harness.ts';
import { errorOf, resultOf, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const STATUS_BODY = JSON.stringify({ auth: { type: 'basic' }, requestId: 15, method: { name: 'getStatus', params: [{}] } });

describe('gateways', () => {
  it('answers on the Basic gateway with the JSON envelope, echoing requestId as a string', async () => {
    const r = await h.raw('/api/v1/status', STATUS_BODY, { Authorization: h.basicAuth });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json;charset=utf-8');
    expect(r.body).toEqual({
      response: { requestId: '15', code: 200, result: { status: 'Success', message: 'API service is available and running.' } },
    });
  });

  it('answers on the API-key gateway', async () => {
    const r = await h.call('status', 'getStatus', {}, { gateway: 'apikey', requestId: 'abc' });
    expect(r.body.response.requestId).toBe('abc');
    expect(resultOf(r).status).toBe('Success');
  });

  it('answers on the legacy /api/{service} path with Basic', async () => {
    expect(resultOf(await h.call('status', 'getStatus', {}, { gateway: 'legacy' })).status).toBe('Success');
  });

  it('defaults method.version to r1, accepts any content-type casing, and echoes no requestId when none was sent', async () => {
    const r = await h.raw('/api/v1/status', JSON.stringify({ method: { name: 'getStatus' } }), {
      Authorization: h.basicAuth,
      'content-type': 'APPLICATION/JSON; CHARSET=UTF-8',
    });
    expect(r.body.response.code).toBe(200);
    expect(r.body.response).not.toHaveProperty('requestId');
  });

  it('serves the same data and writes on both gateways', async () => {
    const params = { propertyId: h.sb.info.propertyIds[0], leadId: h.sb.info.examples.dstApplicationId, eventTypeIds: '2,8' };
    const basic = resultOf(await h.call('leads', 'getLeads', params));
    expect(resultOf(await h.call('leads', 'getLeads', params, { gateway: 'apikey' }))).toEqual(basic);
    const write = { propertyId: h.sb.info.propertyIds[0], applicationId: h.sb.info.examples.dstApplicationId, typeId: 8, comments: 'via API key' };
    expect(resultOf(await h.call('leads', 'updateLeads', write, { gateway: 'apikey', version: 'r2' })).prospects[0].status).toBe('Success');
    h.sb.reset();
  });

  it('rejects invalid programmatic faults and rate limits', () => {
    expect(() => h.sb.setFaults({ 'leads/updateLeads': [{ kind: 'http', status: 418 as 500 }] })).toThrow(/status/);
    expect(() => h.sb.setRateLimits({ leads: 'lots' })).toThrow(/rate limit/);
  });

  it('accepts ids as numbers or numeric strings', async () => {
    const a = resultOf(await h.call('properties', 'getProperties', { propertyIds: h.sb.info.propertyIds[0] }));
    const b = resultOf(await h.call('properties', 'getProperties', { propertyIds: String(h.sb.info.propertyIds[0]) }));
    expect(a).toEqual(b);
  });
});

describe('envelope errors (HTTP 200, response.error)', () => {
  const expectError = async (p: Promise<CallResult>, code: number, message?: RegExp): Promise<void> => {
    const r = await p;
    expect(r.status).toBe(200);
    const error = errorOf(r);
    expect(error.code).toBe(code);
    if (message) expect(error.message).toMatch(message);
  };

  it('401 for a wrong password, a wrong user or no Authorization on the Basic gateway', async () => {
    const wrong = `Basic ${Buffer.from(`${h.sb.info.username}:nope`).toString('base64')}`;
    await expectError(h.call('status', 'getStatus', {}, { headers: { Authorization: wrong } }), 401, /username or password/);
    const wrongUser = `Basic ${Buffer.from(`someone:${h.sb.info.password}`).toString('base64')}`;
    await expectError(h.call('status', 'getStatus', {}, { headers: { Authorization: wrongUser } }), 401);
    await expectError(h.call('status', 'getStatus', {}, { headers: {} }), 401, /Basic/);
    await expectError(h.call('status', 'getStatus', {}, { gateway: 'legacy', headers: { Authorization: wrong } }), 401);
  });

  it('401 for a wrong, missing or other-organization key on the API-key gateway', async () => {
    await expectError(h.call('status', 'getStatus', {}, { gateway: 'apikey', headers: { 'X-Api-Key': 'bad' } }), 401, /Invalid API key/);
    await expectError(h.call('status', 'getStatus', {}, { gateway: 'apikey', headers: {} }), 401, /X-Api-Key/);
    await expectError(h.raw('/ext/orgs/otherorg/v1/status', STATUS_BODY, { 'X-Api-Key': h.sb.info.apiKey }), 401, /organization/);
    // Basic credentials do not open the API-key gateway.
    await expectError(h.call('status', 'getStatus', {}, { gateway: 'apikey', headers: { Authorization: h.basicAuth } }), 401);
  });

  it('404 for an unknown service or method (method names are case-sensitive)', async () => {
    await expectError(h.call('nosuch', 'getStatus'), 404, /Unknown service "nosuch"/);
    await expectError(h.call('leads', 'getLeadz', { propertyId: 1 }), 404, /Unknown method "getLeadz"/);
    await expectError(h.call('leads', 'getleads', { propertyId: 1 }), 404);
    await expectError(h.call('status', 'getLeads'), 404);
  });

  it('400 for an unsupported or malformed version', async () => {
    await expectError(h.call('leads', 'getLeads', {}, { version: 'r3' }), 400, /Version r3 of getLeads is not supported/);
    await expectError(h.call('leads', 'updateLeads', {}, { version: 'r1' }), 400, /supported: r2/);
    await expectError(h.call('leases', 'getLeases', {}, { version: 'r1' }), 400);
    await expectError(h.call('status', 'getStatus', {}, { version: 'v2' }), 400, /method.version/);
  });

  it('400 for malformed JSON, an empty body or a malformed envelope', async () => {
    await expectError(h.raw('/api/v1/leads', '{"method": {', { Authorization: h.basicAuth }), 400, /not valid JSON/);
    await expectError(h.raw('/api/v1/leads', '', { Authorization: h.basicAuth }), 400, /empty/);
    await expectError(h.raw('/api/v1/leads', '[1,2]', { Authorization: h.basicAuth }), 400);
    await expectError(h.raw('/api/v1/leads', '{"method": "getLeads"}', { Authorization: h.basicAuth }), 400, /"method"/);
    await expectError(h.raw('/api/v1/leads', '{"method": {"name": 5}}', { Authorization: h.basicAuth }), 400, /method.name/);
    await expectError(h.raw('/api/v1/leads', '{"method": {"name": "getLeads", "params": "x"}}', { Authorization: h.basicAuth }), 400, /params/);
    await expectError(h.raw('/api/v1/status', '{"requestId": {"a": 1}, "method": {"name": "getStatus"}}', { Authorization: h.basicAuth }), 400, /requestId/);
  });

  it('400 for missing or malformed required parameters', async () => {
    await expectError(h.call('leads', 'getLeads', {}), 400, /Missing required parameter "propertyId"/);
    await expectError(h.call('leads', 'getLeads', { propertyId: 'abc' }), 400, /Invalid value for "propertyId"/);
    await expectError(h.call('propertyunits', 'getPropertyUnits', {}), 400, /propertyIds/);
    await expectError(h.call('leads', 'getLeadPickLists', {}, { version: 'r2' }), 400, /propertyId/);
    await expectError(h.call('customers', 'getCustomers', { propertyId: h.sb.info.propertyIds[0], leaseStatusTypeIds: 'x,y' }), 400);
  });

  it('403 for a property the credentials cannot access', async () => {
    await expectError(h.call('leads', 'getLeads', { propertyId: 999999, leadId: 1 }), 403, /not accessible/);
    await expectError(h.call('properties', 'getProperties', { propertyIds: `${h.sb.info.propertyIds[0]},424242` }), 403);
    await expectError(h.call('leads', 'getLeadPickLists', { propertyId: 424242 }, { version: 'r2' }), 403);
    await expectError(h.call('leads', 'updateLeads', { propertyId: 424242, applicationId: 1, typeId: 8 }, { version: 'r2' }), 403);
  });

  it('an unknown path under the gateways is an envelope 404 with HTTP 404', async () => {
    const r = await fetch(`${h.sb.url}/api/v1/leads`, { method: 'GET' });
    expect(r.status).toBe(404);
    expect(((await r.json()) as { response: { error: { code: number } } }).response.error.code).toBe(404);
  });
});
