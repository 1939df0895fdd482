import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/support/app.ts';
import { eventInput, seedIntegration, seedRecords } from '../../../../test/support/seed.ts';
import { storageMode } from '../../../../test/support/store.ts';

// Events sort by their own time (event_datetime), not only by when Leasewire stored them.
let ctx: TestContext;
const when: Record<string, string | null> = { a: '2025-03-01T10:00:00.000Z', b: null, c: '2024-12-31T23:59:59.000Z', d: '2025-03-01T09:00:00.000Z', e: '2026-01-01T00:00:00.000Z' };

beforeAll(async () => {
  ctx = await createTestContext();
  const integration = await seedIntegration(ctx.store, ctx.tenant.accountId);
  // Stored in x_id order, so created_at order differs from event time order.
  for (const [i, [xId, at]] of Object.entries(when).entries()) {
    const input = eventInput(integration, xId);
    input.data.event_datetime = at;
    await seedRecords(ctx.store, integration, 'events', [input], `2025-06-0${i + 1}T00:00:00.000Z`);
  }
});
afterAll(() => ctx?.close());

const xIds = async (query: string) => {
  const res = await ctx.app.inject({ method: 'GET', url: `/v1/events/?${query}`, headers: ctx.tenant.headers });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().results as Array<{ x_id: string }>).map((r) => r.x_id);
};

describe(`GET /v1/events/?order-by=event_datetime (${storageMode})`, () => {
  it('sorts by the event time, either way, events without one last', async () => {
    expect(await xIds('order-by=event_datetime:asc')).toEqual(['c', 'd', 'a', 'e', 'b']);
    expect(await xIds('order-by=event_datetime:desc')).toEqual(['e', 'a', 'd', 'c', 'b']);
    expect(await xIds('order-by=event_datetime')).toEqual(['c', 'd', 'a', 'e', 'b']);
  });

  it('pages in that order and combines with other keys', async () => {
    expect([...(await xIds('order-by=event_datetime:desc&limit=2')), ...(await xIds('order-by=event_datetime:desc&limit=2&offset=2'))]).toEqual(['e', 'a', 'd', 'c']);
    expect(await xIds('order-by=x_type_id:asc,event_datetime:asc&limit=3')).toEqual(['c', 'd', 'a']);
  });

  it('is an events field only: other models still refuse it', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/v1/leads/?order-by=event_datetime', headers: ctx.tenant.headers });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/"event_datetime" is not a sortable field here/);
  });
});
