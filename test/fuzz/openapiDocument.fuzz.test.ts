import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedReadModels, type SeededReadModels } from '../contract/readModels.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { storageMode } from '../support/store.ts';

/**
 * Schemathesis-style, in TypeScript (Schemathesis is Python): requests that are valid by
 * Leasewire's own /openapi.json, generated from each GET operation's parameter schemas, must never
 * be a 5xx and never be refused (400): a list answers 200, a by-id read 200 or 404. A refusal
 * means the document promises something the server does not take: fix the one or the other.
 * Write bodies are left out: whether an event can be written depends on the synced data (does the
 * lead exist), which no schema states.
 */
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 40);

interface Schema {
  type?: string | string[];
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  anyOf?: Schema[];
  items?: Schema;
  default?: unknown;
}
interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  schema: Schema;
  description?: string;
}
interface Document {
  paths: Record<string, Record<string, { parameters?: Parameter[] }>>;
}

/** Values valid by a parameter's schema, as query-string text. */
export function valuesOf(schema: Schema): fc.Arbitrary<string> {
  if (schema.anyOf?.length) return fc.oneof(...schema.anyOf.filter((s) => s.type !== 'array').map(valuesOf));
  if (schema.enum?.length) return fc.constantFrom(...schema.enum.map(String));
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'integer' || type === 'number') {
    return fc.integer({ min: Math.max(schema.minimum ?? -1e6, -1e9), max: Math.min(schema.maximum ?? 1e6, 1e9) }).map(String);
  }
  if (type === 'boolean') return fc.constantFrom('true', 'false');
  if (schema.format === 'date-time') {
    return fc
      .tuple(fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: -12 * 4, max: 14 * 4 }))
      .map(([d, quarters]) => {
        if (quarters === 0) return d.toISOString();
        // The same instant with another UTC offset, as RFC 3339 allows.
        const minutes = quarters * 15;
        const local = new Date(d.getTime() + minutes * 60_000).toISOString().slice(0, 19);
        const sign = minutes < 0 ? '-' : '+';
        const abs = Math.abs(minutes);
        return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
      });
  }
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
  // Printable text: the document's strings are text, not control characters.
  return fc.string({ unit: 'grapheme-ascii', minLength: Math.max(schema.minLength ?? 0, 0), maxLength: Math.min(schema.maxLength ?? 24, 24) });
}

/** JSON bodies valid by a request body schema (objects, arrays, enums, patterns, formats used here). */
export function bodyOf(schema: Schema & { properties?: Record<string, Schema>; required?: string[]; minItems?: number; maxItems?: number; not?: { pattern?: string } }): fc.Arbitrary<unknown> {
  const not = schema.not?.pattern;
  if (not) return bodyOf({ ...schema, not: undefined }).filter((v) => typeof v !== 'string' || !new RegExp(not).test(v));
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'object') {
    const props = schema.properties ?? {};
    return fc.record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, bodyOf(v)])), { requiredKeys: (schema.required ?? []).filter((k) => k in props) });
  }
  if (type === 'array') return fc.array(bodyOf(schema.items ?? {}), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 5, 5) });
  if (type === 'boolean') return fc.boolean();
  if (schema.format === 'uri') return fc.webUrl({ withQueryParameters: true, withFragments: true }).filter((u) => !schema.pattern || new RegExp(schema.pattern).test(u));
  const max = Math.min(schema.maxLength ?? 30, 30);
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((v) => v.length >= (schema.minLength ?? 0) && v.length <= (schema.maxLength ?? Infinity));
  return fc.string({ unit: 'grapheme-ascii', minLength: schema.minLength ?? 0, maxLength: Math.max(max, schema.minLength ?? 0) });
}

let ctx: TestContext;
let doc: Document;
let seeded: SeededReadModels;

beforeAll(async () => {
  ctx = await createTestContext();
  seeded = await seedReadModels(ctx.store, ctx.tenant.accountId);
  doc = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json() as Document;
});
afterAll(() => ctx?.close());

describe(`requests valid by /openapi.json are taken (${storageMode})`, () => {
  it('every GET operation: no 5xx, no refusal', async () => {
    const operations = Object.entries(doc.paths).flatMap(([path, item]) => (item.get ? [{ path, parameters: item.get.parameters ?? [] }] : []));
    expect(operations.length).toBeGreaterThan(20);
    const knownIds = Object.values(seeded.ids).flatMap((byKey) => Object.values(byKey));
    const integrationIds = Object.values(seeded.integrations).map((i) => i.id);
    const scopeValue: Record<string, string> = { integration_id: integrationIds[0] ?? 'int', x_property_id: '100', property_id: Object.values(seeded.ids.properties)[0] ?? 'p' };
    for (const { path, parameters } of operations) {
      const query = parameters.filter((p) => p.in === 'query');
      const pathParams = parameters.filter((p) => p.in === 'path');
      const queryArb = fc.record(Object.fromEntries(query.map((p) => [p.name, valuesOf(p.schema)])), { requiredKeys: [] });
      const idArb = fc.oneof(fc.constantFrom(...knownIds, ...integrationIds), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && s !== '.' && s !== '..'));
      await fc.assert(
        fc.asyncProperty(queryArb, fc.array(idArb, { minLength: pathParams.length, maxLength: pathParams.length }), async (values, ids) => {
          const params = new URLSearchParams(values as Record<string, string>);
          // Rules between parameters, which JSON Schema cannot state, are in their descriptions
          // ("needs integration_id and x_property_id", "needs property_id too"): honoured here.
          for (const p of query.filter((q) => params.has(q.name))) {
            const needs = /needs ([a-z_]+)(?: and ([a-z_]+))?/.exec(p.description ?? '');
            for (const name of needs?.slice(1) ?? []) if (name && !params.has(name)) params.set(name, scopeValue[name] ?? 'x');
          }
          let url = path;
          pathParams.forEach((p, i) => (url = url.replace(`{${p.name}}`, encodeURIComponent(ids[i] ?? 'x'))));
          const qs = params.toString();
          const res = await ctx.app.inject({ method: 'GET', url: qs ? `${url}?${qs}` : url, headers: ctx.tenant.headers });
          const allowed = pathParams.length ? [200, 404] : [200];
          if (!allowed.includes(res.statusCode)) throw new Error(`GET ${url}?${qs} → ${res.statusCode} ${res.body.slice(0, 400)}`);
        }),
        { numRuns: RUNS_PER_OPERATION },
      );
    }
  }, 120_000);
});

describe(`bodies valid by /openapi.json are taken (${storageMode})`, () => {
  it('POST /v1/webhooks/: every body the document allows creates a webhook', async () => {
    const op = (doc.paths['/v1/webhooks/'] as unknown as Record<string, { requestBody: { content: Record<string, { schema: Schema }> } }>).post;
    const schema = op?.requestBody.content['application/json']?.schema ?? {};
    // The description's rule JSON Schema cannot state: each header name once, in any case.
    const bodies = bodyOf(schema).filter((b) => {
      const names = ((b as { headers?: Array<{ header: string }> }).headers ?? []).map((h) => h.header.toLowerCase());
      return new Set(names).size === names.length;
    });
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const res = await ctx.app.inject({ method: 'POST', url: '/v1/webhooks/', headers: ctx.tenant.headers, payload: body as Record<string, unknown> });
        if (res.statusCode !== 200) throw new Error(`POST /v1/webhooks/ ${JSON.stringify(body)} → ${res.statusCode} ${res.body.slice(0, 400)}`);
      }),
      { numRuns: RUNS_PER_OPERATION },
    );
  }, 60_000);

  it('the document refuses what the server refuses: reserved header names in any case, URLs that are not http(s)', () => {
    const op = (doc.paths['/v1/webhooks/'] as unknown as Record<string, { requestBody: { content: Record<string, { schema: { properties: Record<string, Schema & { items?: { properties: Record<string, { not?: { pattern: string } }> } }> } }> } }>).post;
    const props = op?.requestBody.content['application/json']?.schema.properties ?? {};
    const reserved = new RegExp(props.headers?.items?.properties.header?.not?.pattern ?? '$^');
    for (const name of ['Host', 'content-TYPE', 'Propexo-Signature', 'leasewire-anything']) expect(reserved.test(name), name).toBe(true);
    for (const name of ['X-Api-Key', 'Authorization', 'hostname', 'x-leasewire-id']) expect(reserved.test(name), name).toBe(false);
    const url = new RegExp(props.url?.pattern ?? '');
    expect(['https://example.com/a', 'HTTP://example.com'].every((u) => url.test(u))).toBe(true);
    expect(['mailto:x@example.com', 'ftp://example.com', 'https:///nohost'].some((u) => url.test(u))).toBe(false);
  });
});
