import type { ErrorObject, ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelNames } from '../../src/store/models.ts';
import { loadSpec, SpecValidator } from '../contract/propexoSpec.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { storageMode } from '../support/store.ts';

/**
 * The /v1/webhooks endpoints against Propexo's published spec: every response validates against
 * the operation's response schema, and request bodies the spec allows are accepted.
 */
let ctx: TestContext;
let validator: SpecValidator;
const schema = (name: string): ValidateFunction => validator.component(encodeURIComponent(name));
const explain = (errors: ErrorObject[] | null | undefined) => (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('\n');
function expectValid(name: string, body: unknown): void {
  const validate = schema(name);
  expect(validate(body), `${name}: ${explain(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`).toBe(true);
}
type Json = Record<string, unknown>;
const send = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  ctx.app.inject({ method, url, headers: ctx.tenant.headers, ...(payload === undefined ? {} : { payload: payload as Json }) });

interface EnumSchema {
  properties: { triggers: { items: { enum: string[] } }; model: { enum: string[] } };
}
const spec = () => loadSpec().components.schemas as Record<string, EnumSchema>;

beforeAll(async () => {
  validator = new SpecValidator(loadSpec());
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

describe(`/v1/webhooks/ matches Propexo's published schemas (${storageMode})`, () => {
  it('the validators refuse what the spec does not allow (so a pass means something)', () => {
    expect(schema('_v1_webhooks__post_output')({ result: { id: 'wh_1' } })).toBe(false);
    expect(schema('_v1_webhooks__get_output')({ meta: { orderBy: [] }, results: [{ id: 'wh_1', url: 'x' }] })).toBe(false);
    expect(schema('_v1_webhooks__post_input')({ url: 'https://x.com', triggers: [] })).toBe(false);
  });

  it('POST: bodies the spec allows are accepted, and the answers validate', async () => {
    const bodies = [
      { url: 'https://example.com/minimal', triggers: ['DATA_NEW'] },
      { url: 'https://example.com/full', triggers: ['DATA_NEW', 'DATA_UPDATE'], headers: [{ header: 'X-Api-Key', value: 'k' }], active: true, secret: '0123456789', model: 'events' },
      // Every trigger of the published enum.
      { url: 'https://example.com/all', triggers: spec()._v1_webhooks__post_input!.properties.triggers.items.enum },
    ];
    for (const body of bodies) {
      expectValid('_v1_webhooks__post_input', body);
      const res = await send('POST', '/v1/webhooks/', body);
      expect(res.statusCode, res.body).toBe(200);
      expectValid('_v1_webhooks__post_output', res.json());
    }
  });

  it('every model Leasewire sends DATA_* for is in the published model enum', () => {
    expect(spec()._v1_webhooks__post_input!.properties.model.enum).toEqual(expect.arrayContaining([...modelNames]));
  });

  it('GET list (with each published query parameter), GET by id, PUT and DELETE validate', async () => {
    const created = (await send('POST', '/v1/webhooks/', { url: 'https://example.com/x', triggers: ['SYNC_COMPLETE'], active: true })).json().result as { id: string };
    for (const q of ['', '?active=true', '?active=false', '?order-by=updated_at:desc', '?offset=1&limit=1', '?limit=250']) {
      const list = await send('GET', `/v1/webhooks/${q}`);
      expect(list.statusCode, q).toBe(200);
      expectValid('_v1_webhooks__get_output', list.json());
    }
    const one = await send('GET', `/v1/webhooks/${created.id}?order-by=created_at:desc&offset=0&limit=10`);
    expect(one.statusCode).toBe(200);
    expectValid('_v1_webhooks_{webhook_id}_get_output', one.json());

    const putBodies = [
      { url: 'https://example.com/y' },
      { active: false, secret: 'rotated-secret', headers: [] },
      { triggers: spec()['_v1_webhooks_{webhook_id}_put_input']!.properties.triggers.items.enum, model: 'leads' },
    ];
    for (const body of putBodies) {
      expectValid('_v1_webhooks_{webhook_id}_put_input', body);
      const res = await send('PUT', `/v1/webhooks/${created.id}`, body);
      expect(res.statusCode, res.body).toBe(200);
      expectValid('_v1_webhooks_{webhook_id}_put_output', res.json());
    }
    const del = await send('DELETE', `/v1/webhooks/${created.id}`);
    expect(del.statusCode).toBe(200);
    expectValid('_v1_webhooks_{webhook_id}_delete_output', del.json());
  });

  it('400 and 404 bodies are errorResponse', async () => {
    for (const res of [
      await send('POST', '/v1/webhooks/', { url: 'ftp://x', triggers: [] }),
      await send('GET', '/v1/webhooks/?limit=999'),
      await send('PUT', '/v1/webhooks/wh_nope', { secret: 'x' }),
    ]) {
      expect(res.statusCode).toBe(400);
      expectValid('errorResponse', res.json());
    }
    for (const res of [await send('GET', '/v1/webhooks/wh_nope'), await send('PUT', '/v1/webhooks/wh_nope', { active: true }), await send('DELETE', '/v1/webhooks/wh_nope')]) {
      expect(res.statusCode).toBe(404);
      expectValid('errorResponse', res.json());
    }
  });
});
