import type { ErrorObject } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { storageMode } from '../support/store.ts';
import { loadSpec, SpecValidator } from './propexoSpec.ts';
import { seedReadModels, type SeededReadModels } from './readModels.ts';
import { byIdUrl, readRoutes } from './readRoutes.ts';

/**
 * Every read endpoint's responses validate against the matching response schema of Propexo's
 * published spec (JSON Schema 2020-12), with realistic records: nulls, nested arrays, custom data.
 */
let ctx: TestContext;
let seeded: SeededReadModels;
let validator: SpecValidator;

beforeAll(async () => {
  validator = new SpecValidator(loadSpec());
  ctx = await createTestContext();
  seeded = await seedReadModels(ctx.store, ctx.tenant.accountId);
});
afterAll(() => ctx?.close());

const get = (url: string) => ctx.app.inject({ method: 'GET', url, headers: ctx.tenant.headers });
const explain = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('\n');

function expectValid(validate: ReturnType<SpecValidator['response']>, body: unknown): void {
  const ok = validate(body);
  expect(ok, explain(validate.errors)).toBe(true);
}

describe(`read endpoints match Propexo's published response schemas (${storageMode})`, () => {
  describe.each(readRoutes)('$list', (route) => {
    it('list: 200 body validates, with every seeded record in it', async () => {
      const res = await get(`${route.list}?limit=250`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.results.length).toBe(Object.keys(seeded.ids[route.model]).length);
      expectValid(validator.response(route.list, '200'), body);
    });

    it('list: a filtered, paged, re-ordered page validates too', async () => {
      const res = await get(`${route.list}?limit=1&offset=1&order-by=updated_at:asc,x_id:desc&integration_id=${seeded.integrations.A.id}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().meta).toMatchObject({ offset: 1, limit: 1 });
      expect(res.json().results).toHaveLength(1);
      expectValid(validator.response(route.list, '200'), res.json());
    });

    it('list: an empty page validates', async () => {
      const res = await get(`${route.list}?location_id=nowhere`);
      expectValid(validator.response(route.list, '200'), res.json());
    });

    it('by id: every seeded record validates', async () => {
      for (const id of Object.values(seeded.ids[route.model])) {
        const res = await get(byIdUrl(route, id));
        expect(res.statusCode).toBe(200);
        expectValid(validator.response(route.byId, '200'), res.json());
      }
    });

    it('errors: 400 and 404 bodies are errorResponse', async () => {
      const errorResponse = validator.component('errorResponse');
      const bad = await get(`${route.list}?colour=red&limit=999`);
      expect(bad.statusCode).toBe(400);
      expectValid(validator.response(route.list, '400'), bad.json());
      const missing = await get(byIdUrl(route, 'cnope'));
      expect(missing.statusCode).toBe(404);
      expectValid(errorResponse, missing.json());
    });
  });
});
