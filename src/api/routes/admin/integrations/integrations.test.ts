import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../../test/support/app.ts';
import { eventInput, seedRecords } from '../../../../../test/support/seed.ts';
import { loadSpec, SpecValidator, type HttpMethod } from '../../../../../test/contract/propexoSpec.ts';
import { getIntegration as getIntegrationRow } from '../../../../store/repositories/integrations.ts';

let ctx: TestContext;
const secret = 'sk_live_TOPSECRET_9f8e7d';
const validBody = { integration_vendor: 'ENTRATA', name: 'Acme Entrata', credentials: { subdomain: 'acme', apiKey: secret } };

type Json = Record<string, unknown>;
const send = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = ctx.tenant.headers) =>
  ctx.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as Json }) });
const create = async (body: Json = validBody) => {
  const res = await send('POST', '/v1/admin/integrations/', body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().result as Json & { id: string };
};

/** Propexo's published 200 schemas (the repo's fixture), to check that our responses would satisfy a Propexo client. */
const published = new SpecValidator(loadSpec());
function expectPublishedShape(path: string, method: HttpMethod, body: unknown) {
  const validate = published.response(path, '200', method);
  expect(validate(body), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
}

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('POST /v1/admin/integrations/', () => {
  it('creates an Entrata integration with the published defaults and never returns the secret', async () => {
    const res = await send('POST', '/v1/admin/integrations/', validBody);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(secret);
    const result = res.json().result;
    expect(result).toMatchObject({
      name: 'Acme Entrata',
      vendor: 'ENTRATA',
      integration_vendor: 'ENTRATA',
      customer_id: ctx.tenant.accountId,
      active: false,
      system: 'PRODUCTION',
      sync_frequency: 12,
      sync_cadence: 'HOUR',
      max_request_cadence: 'SECOND',
      is_archived: false,
      last_completed_sync: null,
      last_completed_back_sync: null,
      base_url: null,
      credentials_summary: { subdomain: 'acme', auth: 'apiKey' },
      // This test runs no PMS: the credentials could not be checked, and were saved all the same.
      can_authenticate: false,
      credentials_check: { status: 'unreachable', call: 'status/getStatus', message: expect.stringMatching(/ECONNREFUSED.*could not check the credentials/) },
    });
    expect(result.last_data_access_check).toBe(result.credentials_check.checked_at);
    expect(result.ping_results).toEqual({ 'status/getStatus': expect.stringMatching(/^unreachable: Could not connect to Entrata/) });
    expect(Object.keys(result.models)).toContain('events');
    expect(result.id).toMatch(/^int_/);
    expectPublishedShape('/v1/admin/integrations/', 'post', res.json());
  });

  it('stores the credentials sealed, not in plain text', async () => {
    const created = await create();
    const row = await getIntegrationRow(ctx.store.db, ctx.tenant.accountId, created.id);
    expect(row?.credentials).toMatch(/^v1\./);
    expect(row?.credentials).not.toContain(secret);
    expect(row?.settings).not.toContain(secret);
    expect(JSON.parse(ctx.deps.sealer.open(row?.credentials ?? ''))).toEqual(validBody.credentials);
  });

  it('accepts username/password with a sandbox base_url and the optional published fields', async () => {
    const result = await create({
      integration_vendor: 'ENTRATA',
      name: 'Sandbox',
      credentials: { subdomain: 'demo', username: 'u', password: 'pw-very-secret', base_url: 'http://127.0.0.1:4010' },
      sync_frequency: 30,
      sync_cadence: 'MINUTE',
      active: true,
      max_job_concurrency: 4,
      max_request_frequency: 10,
      max_request_cadence: 'MINUTE',
      new_properties_are_enabled: false,
      system: 'SANDBOX',
      allow_manual_syncs: true,
      use_custom_sync_schedule: false,
    });
    expect(result).toMatchObject({
      active: true,
      sync_frequency: 30,
      sync_cadence: 'MINUTE',
      max_job_concurrency: 4,
      max_request_frequency: 10,
      max_request_cadence: 'MINUTE',
      new_properties_are_enabled: false,
      base_url: 'http://127.0.0.1:4010',
      credentials_summary: { subdomain: 'demo', auth: 'basic', base_url: 'http://127.0.0.1:4010' },
    });
  });

  it('copies settings from based_on_integration_id and folds the deprecated base_url into the credentials', async () => {
    const base = await create({ ...validBody, sync_frequency: 2, sync_cadence: 'DAY', max_job_concurrency: 3 });
    const result = await create({ ...validBody, based_on_integration_id: base.id, base_url: 'http://localhost:4010' });
    expect(result).toMatchObject({ sync_frequency: 2, sync_cadence: 'DAY', max_job_concurrency: 3, base_url: 'http://localhost:4010' });
    const bad = await send('POST', '/v1/admin/integrations/', { ...validBody, based_on_integration_id: 'int_nope' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].path).toEqual(['based_on_integration_id']);
  });

  it.each(['integration_vendor', 'name', 'credentials'])('answers 400 naming %s when it is missing', async (field) => {
    const body: Json = { ...validBody };
    delete body[field];
    const res = await send('POST', '/v1/admin/integrations/', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_request');
    expect(res.json().error.details.issues[0].path).toEqual([field]);
  });

  it.each(['RESMAN', 'NOPE'])('refuses vendor %s and lists the supported ones', async (vendor) => {
    const res = await send('POST', '/v1/admin/integrations/', { ...validBody, integration_vendor: vendor });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/integration_vendor.*one of: ENTRATA/);
  });

  it.each([
    ['missing apiKey', { subdomain: 'acme' }, ['credentials', 'apiKey']],
    ['missing password', { subdomain: 'acme', username: 'u' }, ['credentials', 'password']],
    ['bad subdomain', { subdomain: 'not a host!', apiKey: 'k' }, ['credentials', 'subdomain']],
    ['unknown key', { subdomain: 'acme', apiKey: 'k', tenant: '1' }, ['credentials']],
    ['both subdomain and companyId', { subdomain: 'acme', apiKey: 'k', companyId: 'acme' }, ['credentials']],
    ['bad base_url', { subdomain: 'acme', apiKey: 'k', base_url: 'not-a-url' }, ['credentials', 'base_url']],
  ])('answers 400 for credentials with %s, naming the field', async (_name, credentials, path) => {
    const res = await send('POST', '/v1/admin/integrations/', { ...validBody, credentials });
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error.details.issues[0].path).toEqual(path);
    expect(error.message).toContain(path.join('.'));
    expect(error.message).toMatch(/ENTRATA credentials look like \{subdomain, apiKey, base_url\?\} or/);
    expect(res.body).not.toContain('"k"');
  });

  it.each([
    ['an unknown key', { ...validBody, colour: 'red' }, 'unrecognized_keys'],
    ['a bad cadence', { ...validBody, sync_cadence: 'FORTNIGHT' }, 'invalid_value'],
    ['a zero frequency', { ...validBody, sync_frequency: 0 }, 'too_small'],
    ['credentials that are not an object', { ...validBody, credentials: 'k' }, 'invalid_type'],
  ])('answers 400 for %s', async (_name, body, code) => {
    const res = await send('POST', '/v1/admin/integrations/', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0].code).toBe(code);
  });

  it('answers 401 without a key', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/v1/admin/integrations/', payload: validBody });
    expect(res.statusCode).toBe(401);
  });
});

describe('GET /v1/admin/integrations/', () => {
  it('lists this account\'s integrations newest first, in the published envelope, without secrets', async () => {
    const a = await create({ ...validBody, name: 'List A' });
    const b = await create({ ...validBody, name: 'List B' });
    const res = await send('GET', '/v1/admin/integrations/?limit=2');
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(secret);
    const body = res.json();
    expect(body.meta).toMatchObject({ offset: 0, limit: 2, hasMore: true, orderBy: [{ field: 'created_at', direction: 'desc' }] });
    expect(body.results.map((r: Json) => r.id)).toEqual([b.id, a.id]);
    expectPublishedShape('/v1/admin/integrations/', 'get', body);
  });

  it('filters by vendor and hides archived integrations unless asked', async () => {
    const all = (await send('GET', '/v1/admin/integrations/?integration_vendor=ENTRATA')).json();
    expect(all.meta.total).toBeGreaterThan(0);
    expect((await send('GET', '/v1/admin/integrations/?integration_vendor=RESMAN')).json().meta.total).toBe(0);
    const archived = await create({ ...validBody, name: 'Archived' });
    await ctx.store.db.updateTable('integrations').set({ archived: 1 }).where('id', '=', archived.id).execute();
    const ids = (q: string) => send('GET', `/v1/admin/integrations/${q}`).then((r) => r.json().results.map((x: Json) => x.id));
    expect(await ids('?limit=250')).not.toContain(archived.id);
    expect(await ids('?limit=250&is_archived=true')).toContain(archived.id);
  });

  it('orders by name and refuses an unknown order field, parameter or vendor', async () => {
    const names = (await send('GET', '/v1/admin/integrations/?order-by=name:asc&limit=250')).json().results.map((r: Json) => r.name);
    expect(names).toEqual([...names].sort());
    for (const q of ['order-by=secret:asc', 'colour=red', 'integration_vendor=NOPE', 'is_archived=maybe', 'limit=-1']) {
      const res = await send('GET', `/v1/admin/integrations/?${q}`);
      expect(res.statusCode, q).toBe(400);
    }
  });

  it('shows another account nothing, and answers 401 without a key', async () => {
    expect((await send('GET', '/v1/admin/integrations/', undefined, ctx.other.headers)).json().meta.total).toBe(0);
    expect((await ctx.app.inject({ method: 'GET', url: '/v1/admin/integrations/' })).statusCode).toBe(401);
  });
});

describe('GET, PUT and DELETE /v1/admin/integrations/{integration_id}', () => {
  it('gets one in the published envelope', async () => {
    const created = await create();
    const res = await send('GET', `/v1/admin/integrations/${created.id}/`);
    expect(res.statusCode).toBe(200);
    expect(res.json().results).toMatchObject({ id: created.id, is_running_sync: false, can_authenticate: false });
    expect(res.body).not.toContain(secret);
    expectPublishedShape('/v1/admin/integrations/{integration_id}/', 'get', res.json());
  });

  it('patches fields and keeps the credentials when none are given', async () => {
    const created = await create();
    const res = await send('PUT', `/v1/admin/integrations/${created.id}`, { name: 'Renamed', active: true, sync_frequency: 6 });
    expect(res.statusCode).toBe(200);
    expect(res.json().result).toMatchObject({ name: 'Renamed', active: true, sync_frequency: 6, credentials_summary: { auth: 'apiKey' } });
    expectPublishedShape('/v1/admin/integrations/{integration_id}/', 'put', res.json());
    const row = await getIntegrationRow(ctx.store.db, ctx.tenant.accountId, created.id);
    expect(JSON.parse(ctx.deps.sealer.open(row?.credentials ?? ''))).toEqual(validBody.credentials);
  });

  it('replaces credentials (validated again) and moves only base_url when that is all that is given', async () => {
    const created = await create();
    const url = `/v1/admin/integrations/${created.id}`;
    const replaced = await send('PUT', url, { credentials: { subdomain: 'beta', username: 'u', password: 'new-secret-pw' } });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.body).not.toContain('new-secret-pw');
    expect(replaced.json().result.credentials_summary).toEqual({ subdomain: 'beta', auth: 'basic' });
    const moved = await send('PUT', url, { base_url: 'http://127.0.0.1:4010' });
    expect(moved.json().result.credentials_summary).toEqual({ subdomain: 'beta', auth: 'basic', base_url: 'http://127.0.0.1:4010' });
    const row = await getIntegrationRow(ctx.store.db, ctx.tenant.accountId, created.id);
    expect(JSON.parse(ctx.deps.sealer.open(row?.credentials ?? ''))).toMatchObject({ password: 'new-secret-pw', base_url: 'http://127.0.0.1:4010' });

    const bad = await send('PUT', url, { credentials: { subdomain: 'beta' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].path).toEqual(['credentials', 'apiKey']);
    const vendor = await send('PUT', url, { integration_vendor: 'RESMAN' });
    expect(vendor.statusCode).toBe(400);
    expect(vendor.json().error.message).toMatch(/vendor cannot change/);
    expect((await send('PUT', url, { colour: 'red' })).statusCode).toBe(400);
  });

  it('deletes the integration and every record synced from it', async () => {
    const created = await create();
    const row = await getIntegrationRow(ctx.store.db, ctx.tenant.accountId, created.id);
    if (!row) throw new Error('integration row missing');
    const [eventId] = await seedRecords(ctx.store, row, 'events', [eventInput(row, '1', { leadXIds: ['L1'] })]);
    expect((await send('GET', `/v1/events/${eventId}`)).statusCode).toBe(200);

    const res = await send('DELETE', `/v1/admin/integrations/${created.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ success: true });
    expect((await send('GET', `/v1/admin/integrations/${created.id}`)).statusCode).toBe(404);
    expect((await send('GET', `/v1/events/${eventId}`)).statusCode).toBe(404);
    const left = await ctx.store.db.selectFrom('events').select('id').where('integration_id', '=', created.id).execute();
    expect(left).toEqual([]);
    const links = await ctx.store.db.selectFrom('record_links').select('record_id').where('record_id', '=', eventId ?? '').execute();
    expect(links).toEqual([]);
    expect((await send('DELETE', `/v1/admin/integrations/${created.id}`)).statusCode).toBe(404);
  });

  it('answers 404 to another account on every route, and changes nothing', async () => {
    const created = await create();
    const url = `/v1/admin/integrations/${created.id}`;
    for (const [method, body] of [['GET'], ['PUT', { name: 'stolen' }], ['DELETE']] as const) {
      const res = await send(method, url, body, ctx.other.headers);
      expect(res.statusCode, method).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    expect((await send('GET', url)).json().results.name).toBe('Acme Entrata');
  });

  it('answers 401 without a key on every route', async () => {
    for (const method of ['GET', 'PUT', 'DELETE'] as const) {
      const res = await ctx.app.inject({ method, url: '/v1/admin/integrations/int_x', ...(method === 'PUT' ? { payload: {} } : {}) });
      expect(res.statusCode, method).toBe(401);
    }
  });
});
