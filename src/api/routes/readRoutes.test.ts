import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec, queryParams } from '../../../test/contract/propexoSpec.ts';
import { seedReadModels, type SeededReadModels } from '../../../test/contract/readModels.ts';
import { byIdUrl, caseParams, invalidForEveryList, readRoutes } from '../../../test/contract/readRoutes.ts';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';

/**
 * Happy, error and security cases of every read route, from one table (test/contract/readRoutes.ts):
 * each published filter is exercised and must drop some of the seeded records.
 */
let ctx: TestContext;
let seeded: SeededReadModels;

beforeAll(async () => {
  ctx = await createTestContext();
  seeded = await seedReadModels(ctx.store, ctx.tenant.accountId);
});
afterAll(() => ctx?.close());

const get = (url: string, headers: Record<string, string> = ctx.tenant.headers) => ctx.app.inject({ method: 'GET', url, headers });
type Row = { id: string; x_id: string };

describe('the route table', () => {
  it.each(readRoutes)('$list covers exactly the published filters, and each case excludes something', (route) => {
    const paging = ['order-by', 'offset', 'limit'];
    const published = queryParams(loadSpec(), route.list).filter((p) => !paging.includes(p));
    const exercised = new Set(route.filters.flatMap((c) => caseParams(c.query(seeded))));
    expect([...exercised].sort()).toEqual([...published].sort());
    const total = Object.keys(seeded.ids[route.model]).length;
    for (const c of route.filters) expect(c.expect.length, c.query(seeded)).toBeLessThan(total);
  });
});

describe.each(readRoutes)('GET $list', (route) => {
  const keyOf = (id: string) => Object.entries(seeded.ids[route.model]).find(([, v]) => v === id)?.[0];

  it('lists every record, newest first, in the Propexo envelope with exactly the model fields', async () => {
    const res = await get(route.list);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const ids = Object.values(seeded.ids[route.model]);
    expect(body.meta).toEqual({ offset: 0, limit: 100, orderBy: [{ field: 'created_at', direction: 'desc' }], hasMore: false, total: ids.length });
    expect(body.results.map((r: Row) => r.id)).toEqual([...ids].reverse());
    for (const r of body.results) expect(Object.keys(r).sort()).toEqual(Object.keys(route.schema.shape).sort());
  });

  it('pages with limit and offset, and sorts by x_id', async () => {
    const body = (await get(`${route.list}?limit=2&offset=1&order-by=x_id:desc,created_at:asc`)).json();
    expect(body.meta).toMatchObject({ offset: 1, limit: 2, hasMore: Object.keys(seeded.ids[route.model]).length > 3 });
    expect(body.results).toHaveLength(2);
    expect(body.results[0].x_id >= body.results[1].x_id).toBe(true);
  });

  it.each(route.filters.map((c) => ({ ...c, name: c.expect.join(',') || 'nothing' })))('filters: $name', async (c) => {
    const query = c.query(seeded);
    const res = await get(`${route.list}?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    const keys = res.json().results.map((r: Row) => keyOf(r.id));
    expect(keys.sort(), query).toEqual([...c.expect].sort());
    expect(res.json().meta.total).toBe(c.expect.length);
  });

  it('filters by updated_at', async () => {
    const all = (await get(route.list)).json().results as Array<Row & { updated_at: string }>;
    const pivot = all[1]?.updated_at ?? '';
    const body = (await get(`${route.list}?updated_at_gte=${pivot}`)).json();
    expect(body.meta.total).toBe(2);
  });

  it.each([...invalidForEveryList, ...route.invalid])('answers 400 invalid_request for ?%s', async (query) => {
    const res = await get(`${route.list}?${query}`);
    expect(res.statusCode, res.body).toBe(400);
    const error = res.json().error;
    expect(error.code).toBe('invalid_request');
    expect(error.details.issues.length).toBeGreaterThan(0);
    expect(error.message).toMatch(/^Invalid query string: \S+/);
  });

  it('answers 401 without a key or with a wrong one', async () => {
    for (const url of [route.list, byIdUrl(route, Object.values(seeded.ids[route.model])[0] ?? '')]) {
      const none = await ctx.app.inject({ method: 'GET', url });
      expect(none.statusCode).toBe(401);
      expect(none.json().error.code).toBe('unauthorized');
      expect((await get(url, { authorization: 'Bearer lw_wrong' })).statusCode).toBe(401);
    }
  });

  it("shows another account none of this account's records", async () => {
    const body = (await get(`${route.list}?integration_id=${seeded.integrations.A.id}`, ctx.other.headers)).json();
    expect(body).toMatchObject({ meta: { total: 0 }, results: [] });
  });
});

describe.each(readRoutes)('GET $byId', (route) => {
  it('returns each record in the envelope, the same as the list serves it', async () => {
    const listed = (await get(`${route.list}?limit=250`)).json().results as Row[];
    for (const record of listed) {
      const res = await get(byIdUrl(route, record.id));
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ meta: { offset: 0, limit: 100, orderBy: [{ field: 'created_at', direction: 'desc' }], hasMore: false, total: 1 }, results: record });
    }
  });

  it("answers 404 for an unknown id and for another account's record", async () => {
    const missing = await get(byIdUrl(route, 'cnope'));
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toMatchObject({ code: 'not_found' });
    expect(missing.json().error.message).toMatch(/No .+ with id "cnope"/);
    const foreign = await get(byIdUrl(route, Object.values(seeded.ids[route.model])[0] ?? ''), ctx.other.headers);
    expect(foreign.statusCode).toBe(404);
  });

  it('words the common parameters\' 400s for a client: what the value must be, and the names it takes', async () => {
    const message = async (query: string) => (await get(`${route.list}?${query}`)).json().error.message as string;
    expect(await message('limit=abc')).toBe('Invalid query string: limit: must be a whole number from 0 to 250: the page size (0 answers only meta, e.g. the total)');
    expect(await message('limit=10&limit=20')).toBe('Invalid query string: limit: is given more than once; send it once');
    expect(await message('offset=1.5')).toBe('Invalid query string: offset: must be a whole number, 0 or more: the rows to skip');
    expect(await message('integration_id=')).toBe('Invalid query string: integration_id: must not be empty');
    expect(await message('integration_id=a&integration_id=b')).toBe('Invalid query string: integration_id: is given more than once; send it once');
    expect(await message('integration_vendor=NOPE')).toMatch(/^Invalid query string: integration_vendor: must be one of "SAMPLE2", .*"ENTRATA".*, not "NOPE"$/);
    const unknown = await message('colour=red');
    expect(unknown).toMatch(/^Invalid query string: "colour" is not accepted here; the accepted names are order-by, offset, limit, /);
    for (const name of queryParams(loadSpec(), route.list)) expect(unknown).toContain(name);
  });

  it('by id: refuses a malformed order-by or updated_at_* as the list does (before looking the id up)', async () => {
    for (const query of ['order-by=notes:desc', 'order-by=created_at:up', 'updated_at_gte=yesterday', 'last_seen_lte=2025-13-01']) {
      const res = await get(`${byIdUrl(route, 'cnope')}?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.details.issues[0].path, query).toEqual([query.split('=')[0]]);
    }
  });

  it('answers 400 for an unknown query parameter', async () => {
    const res = await get(`${byIdUrl(route, 'x')}?colour=red`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0].code).toBe('unrecognized_keys');
  });
});
