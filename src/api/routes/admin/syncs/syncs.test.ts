import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, startTestQueue, stopTestQueue, type TestContext } from '../../../../../test/support/app.ts';
import { seedIntegration } from '../../../../../test/support/seed.ts';
import type { IntegrationRow } from '../../../../store/repositories/integrations.ts';

// The queue exists but no worker runs: a queued run stays live, which is what 409 needs.
let ctx: TestContext;
let integration: IntegrationRow;
let idle: IntegrationRow;
let otherIntegration: IntegrationRow;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.deps.queue = await startTestQueue(ctx.store, ctx.deps.sealer, { start: false });
  integration = await seedIntegration(ctx.store, ctx.tenant.accountId);
  idle = await seedIntegration(ctx.store, ctx.tenant.accountId, 'Idle');
  otherIntegration = await seedIntegration(ctx.store, ctx.other.accountId, 'Theirs');
});
afterAll(async () => {
  await stopTestQueue(ctx.store, ctx.deps.queue);
  await ctx.close();
});

const post = (url: string, body: unknown = {}, headers: Record<string, string> = ctx.tenant.headers) => ctx.app.inject({ method: 'POST', url, headers, payload: body as Record<string, unknown> });
const get = (url: string, headers: Record<string, string> = ctx.tenant.headers) => ctx.app.inject({ method: 'GET', url, headers });
const base = (id: string) => `/v1/admin/integrations/${id}`;

describe('sync endpoints', () => {
  let syncId: string;

  it('POST manual-sync queues a run with the chosen models, in connector order', async () => {
    const res = await post(`${base(integration.id)}/manual-sync`, { models_to_sync: ['units', 'properties'] });
    expect(res.statusCode).toBe(200);
    syncId = res.json().result.sync_id;
    expect(res.json().result).toEqual({ success: true, sync_id: expect.stringMatching(/^sync_/) });
    const run = (await get(`${base(integration.id)}/syncs/${syncId}`)).json().result;
    expect(run).toMatchObject({ id: syncId, integration_id: integration.id, kind: 'manual', state: 'queued', is_first_sync: true, models: ['properties', 'units'], error: null });
    expect(run.progress.units).toMatchObject({ state: 'pending', new: 0, updated: 0, unchanged: 0 });
  });

  it('answers 409 with the live run while one is queued, for manual and back-sync', async () => {
    for (const path of ['manual-sync', 'back-sync']) {
      const res = await post(`${base(integration.id)}/${path}`);
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'conflict', details: { sync_id: syncId } });
      expect(res.json().error.message).toMatch(/already queued or running.*wait for it to finish/);
    }
  });

  it('POST back-sync queues a back_sync run for every model', async () => {
    const res = await post(`${base(idle.id)}/back-sync`);
    expect(res.statusCode).toBe(200);
    const run = (await get(`${base(idle.id)}/syncs/${res.json().result.sync_id}`)).json().result;
    expect(run).toMatchObject({ kind: 'back_sync', is_first_sync: false });
    expect(run.models).toContain('events');
  });

  it('GET syncs lists the integration runs, newest first', async () => {
    const res = await get(`${base(integration.id)}/syncs?limit=10`);
    expect(res.statusCode).toBe(200);
    expect(res.json().results.map((r: { id: string }) => r.id)).toEqual([syncId]);
    expect(res.json().meta).toEqual({ offset: 0, limit: 10, orderBy: [{ field: 'created_at', direction: 'desc' }], hasMore: false, total: 1 });
    const empty = await get(`${base(integration.id)}/syncs?limit=0`);
    expect(empty.json()).toEqual({ meta: { offset: 0, limit: 0, orderBy: [{ field: 'created_at', direction: 'desc' }], hasMore: true, total: 1 }, results: [] });
  });

  it.each([
    ['an unknown model', { models_to_sync: ['properties', 'owners'] }, ['models_to_sync', 1], /"owners" cannot be synced.*use some of: properties/],
    ['an empty list', { models_to_sync: [] }, ['models_to_sync'], /models_to_sync/],
    ['a wrong type', { models_to_sync: 'leads' }, ['models_to_sync'], /models_to_sync/],
    ['an unknown field', { models: ['leads'] }, [], /models/],
  ])('answers 400 for %s', async (_name, body, path, message) => {
    const res = await post(`${base(idle.id)}/manual-sync`, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_request');
    expect(res.json().error.details.issues[0].path).toEqual(path);
    expect(res.json().error.message).toMatch(message);
  });

  it('takes the optional body as Propexo publishes it: absent, empty with a JSON content type, or {}', async () => {
    const sends = [
      { headers: ctx.tenant.headers },
      { headers: { ...ctx.tenant.headers, 'content-type': 'application/json' }, payload: '' },
      { headers: { ...ctx.tenant.headers, 'content-type': 'application/json; charset=utf-8' }, payload: '   ' },
      { headers: { ...ctx.tenant.headers, 'content-type': 'application/json' }, payload: '{}' },
    ];
    for (const [i, send] of sends.entries()) {
      const fresh = await seedIntegration(ctx.store, ctx.tenant.accountId, `Optional body ${i}`);
      const res = await ctx.app.inject({ method: 'POST', url: `${base(fresh.id)}/${i % 2 ? 'back-sync' : 'manual-sync'}`, ...send });
      expect(res.statusCode, `${i}: ${res.body}`).toBe(200);
    }
  });

  it('answers 404 for an unknown integration, another tenant, and an unknown or foreign sync id', async () => {
    for (const id of ['cnope', otherIntegration.id]) {
      expect((await post(`${base(id)}/manual-sync`)).statusCode).toBe(404);
      expect((await post(`${base(id)}/back-sync`)).statusCode).toBe(404);
      expect((await get(`${base(id)}/syncs`)).statusCode).toBe(404);
    }
    expect((await get(`${base(otherIntegration.id)}/syncs/${syncId}`)).statusCode).toBe(404);
    expect((await get(`${base(integration.id)}/syncs/sync_nope`)).json().error.code).toBe('not_found');
    // The run exists, but under another integration of the same tenant.
    expect((await get(`${base(idle.id)}/syncs/${syncId}`)).statusCode).toBe(404);
    // The other tenant cannot reach our run through its own key either.
    expect((await get(`${base(integration.id)}/syncs/${syncId}`, ctx.other.headers)).statusCode).toBe(404);
  });

  it('answers 503 when the server runs without a job queue', async () => {
    const queue = ctx.deps.queue;
    delete ctx.deps.queue;
    try {
      const res = await post(`${base(idle.id)}/manual-sync`);
      expect(res.statusCode).toBe(503);
      expect(res.json().error.message).toMatch(/without a job queue.*leasewire start/);
    } finally {
      ctx.deps.queue = queue;
    }
  });

  it('answers 401 without a key', async () => {
    expect((await ctx.app.inject({ method: 'POST', url: `${base(integration.id)}/manual-sync` })).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'GET', url: `${base(integration.id)}/syncs` })).statusCode).toBe(401);
  });
});
