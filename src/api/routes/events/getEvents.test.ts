import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/support/app.ts';
import { withinOneMinuteWindow } from '../../../../test/support/minute.ts';
import { eventInput, seedIntegration, seedRecords } from '../../../../test/support/seed.ts';
import type { IntegrationRow } from '../../../store/repositories/integrations.ts';

let ctx: TestContext;
let integration: IntegrationRow;
let eventIds: string[];
let leadA: string;

beforeAll(async () => {
  ctx = await createTestContext();
  integration = await seedIntegration(ctx.store, ctx.tenant.accountId);
  const inputs = Array.from({ length: 7 }, (_, i) =>
    eventInput(integration, `9${i}`, { leadXIds: [i < 3 ? 'L1' : 'L2'], typeXId: i % 2 ? '3' : '2' }),
  );
  // Distinct created_at values make the default order (created_at desc) observable.
  eventIds = [];
  for (const [i, input] of inputs.entries()) {
    eventIds.push(...(await seedRecords(ctx.store, integration, 'events', [input], `2025-01-0${i + 1}T00:00:00.000Z`)));
  }
  leadA = (inputs[0]?.links?.lead ?? [])[0] ?? '';
});
afterAll(() => ctx.close());

const get = (url: string, headers: Record<string, string> = ctx.tenant.headers) => ctx.app.inject({ method: 'GET', url, headers });

describe('GET /v1/events/', () => {
  it('lists events newest first in the Propexo envelope', async () => {
    const res = await get('/v1/events/?limit=3');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.meta).toEqual({ offset: 0, limit: 3, orderBy: [{ field: 'created_at', direction: 'desc' }], hasMore: true, total: 7 });
    expect(body.results.map((e: { id: string }) => e.id)).toEqual([eventIds[6], eventIds[5], eventIds[4]]);
    const first = body.results[0];
    expect(first).toMatchObject({ x_id: '96', integration_id: integration.id, integration_vendor: 'ENTRATA', x_property_id: '100' });
    expect(Object.keys(first)).toHaveLength(22);
  });

  it('pages with offset and reports hasMore=false on the last page', async () => {
    const body = (await get('/v1/events?offset=6&limit=3')).json();
    expect(body.meta).toMatchObject({ offset: 6, hasMore: false, total: 7 });
    expect(body.results).toHaveLength(1);
  });

  it('filters by lead_id through the association', async () => {
    const body = (await get(`/v1/events/?lead_id=${leadA}&order-by=x_id:asc`)).json();
    expect(body.results.map((e: { x_id: string }) => e.x_id)).toEqual(['90', '91', '92']);
    expect(body.results[0].associated_lead_ids).toEqual([leadA]);
  });

  it('filters by x_type_id when integration_id and x_property_id are given', async () => {
    const body = (await get(`/v1/events/?x_type_id=2&integration_id=${integration.id}&x_property_id=100`)).json();
    expect(body.meta.total).toBe(4);
  });

  it('refuses x_* filters without integration_id and x_property_id', async () => {
    const res = await get('/v1/events/?x_type_id=2');
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.details.issues.map((i: { path: string[] }) => i.path[0])).toEqual(['integration_id', 'x_property_id']);
    expect(body.error.message).toMatch(/needs integration_id and x_property_id/);
  });

  it.each([
    ['unknown parameter', '/v1/events/?colour=red', 'unrecognized_keys'],
    ['limit too large', '/v1/events/?limit=251', 'too_big'],
    ['limit below zero', '/v1/events/?limit=-1', 'too_small'],
    ['offset not a number', '/v1/events/?offset=abc', 'invalid_type'],
    ['repeated parameter', '/v1/events/?lead_id=a&lead_id=b', 'invalid_type'],
  ])('answers 400 for %s', async (_name, url, code) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_request');
    expect(res.json().error.details.issues[0].code).toBe(code);
  });

  it('answers ?limit=0 with no records and the meta of the whole list (a count)', async () => {
    const all = (await get('/v1/events/')).json();
    const res = await get('/v1/events/?limit=0');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ meta: { ...all.meta, limit: 0, hasMore: all.meta.total > 0 }, results: [] });
  });

  it('treats an empty ?limit= like an empty ?offset=: the default', async () => {
    const res = await get('/v1/events/?limit=&offset=');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().meta).toMatchObject({ limit: 100, offset: 0 });
  });

  it('refuses an unsortable order-by field and names the sortable ones', async () => {
    const res = await get('/v1/events/?order-by=notes:desc');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/"notes" is not a sortable field.*created_at/);
  });

  it('filters by updated_at and refuses a time without a zone', async () => {
    expect((await get('/v1/events/?updated_at_gte=2025-01-05T00:00:00Z')).json().meta.total).toBe(3);
    expect((await get('/v1/events/?updated_at_lte=2025-01-02')).json().meta.total).toBe(2);
    const bad = await get('/v1/events/?updated_at_gte=2025-01-05T00:00:00');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].path).toEqual(['updated_at_gte']);
  });

  it('matches nothing for location_id (no connector has locations)', async () => {
    const body = (await get('/v1/events/?location_id=x')).json();
    expect(body).toMatchObject({ meta: { total: 0, hasMore: false }, results: [] });
  });

  it('shows another account nothing', async () => {
    const body = (await get('/v1/events/', ctx.other.headers)).json();
    expect(body.meta.total).toBe(0);
  });

  it('answers 401 without a key and with a wrong key', async () => {
    const none = await ctx.app.inject({ method: 'GET', url: '/v1/events/' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error).toMatchObject({ code: 'unauthorized' });
    expect(none.json().error.message).toMatch(/Authorization: Bearer/);
    const wrong = await get('/v1/events/', { authorization: 'Bearer lw_nope' });
    expect(wrong.statusCode).toBe(401);
  });

  it('sends rate-limit headers on every response', async () => {
    const res = await get('/v1/events/?limit=1');
    expect(res.headers['x-ratelimit-limit']).toBeDefined();
    expect(res.headers['x-ratelimit-remaining']).toBeDefined();
  });
});

describe('GET /v1/events/{event_id}', () => {
  it('returns one event in the envelope', async () => {
    const res = await get(`/v1/events/${eventIds[0]}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.results.id).toBe(eventIds[0]);
    expect(body.meta).toMatchObject({ total: 1, hasMore: false });
  });

  it('answers 404 for an unknown id and for another account', async () => {
    const missing = await get('/v1/events/cnope');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
    const foreign = await get(`/v1/events/${eventIds[0]}`, ctx.other.headers);
    expect(foreign.statusCode).toBe(404);
  });
});

describe('errors and limits', () => {
  it('answers unknown routes with a JSON 404', async () => {
    const res = await get('/v1/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toMatch(/No endpoint GET \/v1\/nothing-here/);
  });

  it('answers 429 with the error envelope when a key exhausts its budget', async () => {
    const small = await createTestContext({ rateLimitPerMinute: 2 });
    try {
      await withinOneMinuteWindow();
      const url = '/v1/events/';
      await small.app.inject({ method: 'GET', url, headers: small.tenant.headers });
      await small.app.inject({ method: 'GET', url, headers: small.tenant.headers });
      const res = await small.app.inject({ method: 'GET', url, headers: small.tenant.headers });
      expect(res.statusCode).toBe(429);
      expect(res.json().error.code).toBe('rate_limited');
      expect(res.headers['x-ratelimit-remaining']).toBe('0');
      expect(res.headers['retry-after']).toBeDefined();
    } finally {
      await small.close();
    }
  });
});
