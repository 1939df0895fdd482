import type { ErrorObject } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { storageMode } from '../support/store.ts';
import { loadSpec, nullableEnumFields, SpecValidator, withNullableEnums } from './propexoSpec.ts';
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

describe('null where Propexo types a field ["string", "null"] with an enum', () => {
  it('is where the spec says so, and nowhere else: these fields (a new one shows up here)', () => {
    expect(nullableEnumFields(loadSpec()).map((p) => p.replace(/^#\/components\/schemas\//, ''))).toEqual([
      '_v1_admin_integrations__get_output/properties/results/items/properties/sync_cadence',
      '_v1_admin_integrations_{integration_id}__get_output/properties/results/properties/sync_cadence',
      '_v1_admin_integrations_{integration_id}__put_output/properties/result/properties/sync_cadence',
      'Applicant/properties/phone_1_type',
      'Applicant/properties/phone_2_type',
      'Property/properties/manager_phone_1_type',
      'Property/properties/manager_phone_2_type',
      '_v1_residents__get_output/properties/results/items/properties/phone_1_type',
      '_v1_residents__get_output/properties/results/items/properties/phone_2_type',
      '_v1_residents_{id}_get_output/properties/results/properties/phone_1_type',
      '_v1_residents_{id}_get_output/properties/results/properties/phone_2_type',
    ]);
  });

  it('is Leasewire\'s answer when the PMS gives no phone type: the type allows it, the enum (read literally) does not', async () => {
    // A real applicant answer, with phone_2_type as Leasewire serves it when Entrata has none.
    const id = Object.values(seeded.ids.applicants)[0] ?? '';
    const body = (await get(`/v1/applicants/${id}`)).json() as { results: Record<string, unknown> };
    body.results.phone_2_type = null;
    const literal = validator.response('/v1/applicants/{id}', '200');
    expect(literal(body)).toBe(false);
    expect(literal.errors?.map((e) => `${e.instancePath} ${e.keyword}`)).toEqual(['/results/phone_2_type enum']);
    const asTyped = new SpecValidator(withNullableEnums(loadSpec())).response('/v1/applicants/{id}', '200');
    expect(asTyped(body), explain(asTyped.errors)).toBe(true);
  });
});
