import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../../test/support/app.ts';
import { seedIntegration, seedRecords } from '../../../../../test/support/seed.ts';
import { storageMode } from '../../../../../test/support/store.ts';
import type { IntegrationRow } from '../../../../store/repositories/integrations.ts';

describe(`GET /v1/admin/people (${storageMode})`, () => {
  let ctx: TestContext;
  let mine: IntegrationRow;
  const person = (xId: string, first: string, last: string, email: string | null, phone: string | null) => ({
    x_id: xId,
    x_property_id: '100',
    property_id: null,
    data: { first_name: first, last_name: last, email_1: email, phone_1: phone, status: 'Active' },
    links: {},
  });
  const get = async (query: string, headers = ctx.tenant.headers) => ctx.app.inject({ method: 'GET', url: `/v1/admin/people${query}`, headers });
  const names = async (query: string, headers = ctx.tenant.headers) => {
    const res = await get(query, headers);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().results as Array<{ first_name: string; last_name: string }>).map((p) => `${p.first_name} ${p.last_name}`).sort();
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    mine = await seedIntegration(ctx.store, ctx.tenant.accountId);
    const theirs = await seedIntegration(ctx.store, ctx.other.accountId);
    await seedRecords(ctx.store, mine, 'leads', [person('1', 'Maria', 'Lopez', 'maria@example.com', '3035550101'), person('2', 'Mark', 'Olsen', 'molsen@example.org', '7205550199'), person('3', 'Ana', 'Marino', null, null)]);
    await seedRecords(ctx.store, mine, 'residents', [person('9', 'Rita', 'Moreno', 'rita@example.com', null)]);
    await seedRecords(ctx.store, theirs, 'leads', [person('1', 'Maria', 'Secret', 'secret@example.com', null)]);
  });
  afterAll(() => ctx.close());

  it('finds people by any part of the name, email or phone, in any case, for the chosen model', async () => {
    expect(await names('?q=mar')).toEqual(['Ana Marino', 'Maria Lopez', 'Mark Olsen']);
    expect(await names('?q=MARIA')).toEqual(['Maria Lopez']);
    expect(await names('?q=example.org')).toEqual(['Mark Olsen']);
    expect(await names('?q=5550199')).toEqual(['Mark Olsen']);
    expect(await names('?q=maria lopez')).toEqual(['Maria Lopez']);
    expect(await names('?model=residents&q=mor')).toEqual(['Rita Moreno']);
    expect(await names('?model=applicants')).toEqual([]);
    const res = await get('?q=ma&limit=1');
    expect(res.json().meta).toEqual({ offset: 0, limit: 1, total: 3, hasMore: true });
    expect(res.json().results[0]).toMatchObject({ model: 'leads', integration_id: mine.id, x_id: expect.any(String), status: 'Active', id: expect.any(String) });
  });

  it('answers 400 naming the parameter for bad values', async () => {
    for (const [query, field] of [['?model=owners', 'model'], ['?limit=500', 'limit'], ['?offset=-2', 'offset'], ['?name=x', 'name']] as const) {
      const res = await get(query);
      expect(res.statusCode, query).toBe(400);
      expect(JSON.stringify(res.json().error), query).toContain(field);
    }
  });

  it('never shows another account’s people and needs a key', async () => {
    expect(await names('?q=secret')).toEqual([]);
    expect(await names('?q=maria', ctx.other.headers)).toEqual(['Maria Secret']);
    expect(await names(`?integration_id=${mine.id}&q=maria`, ctx.other.headers)).toEqual([]);
    expect((await get('', {} as never)).statusCode).toBe(401);
  });
});
