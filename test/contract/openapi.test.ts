import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationExamples } from '../../src/api/openapiExamples.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { loadSpec, queryParams } from './propexoSpec.ts';
import { readRoutes } from './readRoutes.ts';

interface Parameter {
  name: string;
  in: string;
}
interface Operation {
  parameters?: Parameter[];
  security?: Array<Record<string, unknown>>;
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}
interface Document {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, { get?: Operation; post?: Operation }>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }>; securitySchemes: Record<string, unknown> };
  security?: Array<Record<string, unknown>>;
}

let ctx: TestContext;
let doc: Document;

beforeAll(async () => {
  ctx = await createTestContext();
  const res = await ctx.app.inject({ method: 'GET', url: '/openapi.json' });
  expect(res.statusCode).toBe(200);
  doc = res.json();
});
afterAll(() => ctx?.close());

const componentName = (route: (typeof readRoutes)[number]) => String(route.schema.meta()?.id);

describe('/openapi.json', () => {
  it('is an OpenAPI 3.1 document with bearer authentication', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Leasewire API');
    expect(doc.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
  });

  it('has component schemas that compile as JSON Schema 2020-12, with every $ref resolvable', () => {
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    ajv.addSchema({ $id: 'leasewire', components: doc.components });
    for (const name of Object.keys(doc.components.schemas)) {
      expect(() => ajv.compile({ $ref: `leasewire#/components/schemas/${name}` }), name).not.toThrow();
    }
  });

  describe.each(readRoutes)('$list', (route) => {
    const component = () => doc.components.schemas[componentName(route)];

    it('documents the list with every published query parameter and the component in its 200 response', () => {
      const op = doc.paths[route.list]?.get;
      expect(op, route.list).toBeDefined();
      const documented = (op?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      expect(documented).toEqual(expect.arrayContaining(queryParams(loadSpec(), route.list)));
      expect(op?.security).toEqual([{ bearerAuth: [] }]);
      const schema = op?.responses['200']?.content?.['application/json']?.schema as { properties: { results: { items: { $ref: string } } } };
      expect(schema.properties.results.items.$ref).toBe(`#/components/schemas/${componentName(route)}`);
    });

    it('documents get-by-id with its published path parameter', () => {
      const op = doc.paths[route.byId]?.get;
      expect(op, route.byId).toBeDefined();
      const pathParams = (op?.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      expect(pathParams).toEqual([/\{(\w+)\}/.exec(route.byId)?.[1]]);
      const schema = op?.responses['200']?.content?.['application/json']?.schema as { properties: { results: { $ref: string } } };
      expect(schema.properties.results.$ref).toBe(`#/components/schemas/${componentName(route)}`);
    });

    it("names every field of Propexo's schema in the component", () => {
      const published = loadSpec().components.schemas[componentName(route)] as { properties?: Record<string, unknown> } | undefined;
      // Units and residents are inline in Propexo's spec; the route table's Zod schema is the reference then.
      const expected = Object.keys(published?.properties ?? route.schema.shape);
      expect(Object.keys(component()?.properties ?? {})).toEqual(expect.arrayContaining(expected));
    });
  });
});

describe('/openapi.json tells the truth about errors', () => {
  const operations = () =>
    Object.entries(doc.paths).flatMap(([p, item]) =>
      Object.entries(item as Record<string, Operation>).map(([method, op]) => ({ method: method.toUpperCase(), path: p, op })),
    );

  it('documents, on every operation, each error status it can answer, with the error schema', () => {
    for (const { method, path, op } of operations()) {
      const statuses = Object.keys(op.responses);
      const expected = ['200', '400', ...(op.security?.length ? ['401', '429'] : []), ...(path.includes('{') ? ['404', '414'] : []), ...(['POST', 'PUT'].includes(method) ? ['413', '415'] : [])];
      expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(expected));
      for (const status of statuses.filter((s) => s !== '200')) {
        const ref = (op.responses[status]?.content?.['application/json']?.schema as { $ref?: string } | undefined)?.$ref;
        expect(ref, `${method} ${path} ${status}`).toBe('#/components/schemas/ErrorResponse');
      }
    }
    const errorSchema = doc.components.schemas.ErrorResponse as { properties?: { error?: { required?: string[] } } };
    expect(errorSchema.properties?.error?.required).toEqual(['code', 'message', 'details']);
  });

  it('lists 409 and 503 where the endpoint can answer them (writes, syncs, retries)', () => {
    const responses = (method: 'post', p: string) => Object.keys(doc.paths[p]?.[method as never]?.['responses'] ?? {});
    for (const p of ['/v1/events/leads', '/v1/events/leads/entrata', '/v1/admin/retry-write/{job_id}', '/v1/admin/integrations/{integration_id}/manual-sync']) {
      expect(responses('post', p), p).toEqual(expect.arrayContaining(['409', '503']));
    }
    expect(Object.keys(doc.paths['/v1/events/']?.get?.responses ?? {})).not.toContain('409');
  });

  it('keeps no component that nothing references (no PetTypes, IncomeSource or unused input twins)', () => {
    const text = JSON.stringify(doc.paths);
    for (const name of Object.keys(doc.components.schemas)) expect(text.includes(`"#/components/schemas/${name}"`) || JSON.stringify(doc.components.schemas).includes(`"#/components/schemas/${name}"`), name).toBe(true);
    expect(Object.keys(doc.components.schemas)).not.toEqual(expect.arrayContaining(['PetTypes']));
    expect(Object.keys(doc.components.schemas)).not.toEqual(expect.arrayContaining(['IncomeSource']));
    expect(Object.keys(doc.components.schemas).filter((n) => n.endsWith('Input'))).toEqual([]);
  });

  it('gives request and response examples that validate against the schemas they illustrate', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema({ $id: 'leasewire', components: doc.components });
    const rebase = (node: unknown): unknown =>
      Array.isArray(node) ? node.map(rebase) : node && typeof node === 'object'
        ? Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? `leasewire${v}` : rebase(v)]))
        : node;
    let checked = 0;
    for (const [key, examples] of Object.entries(operationExamples)) {
      const [method, url] = key.split(' ') as [string, string];
      const op = (doc.paths[url.replace(/:(\w+)/g, '{$1}')] as Record<string, Operation & { requestBody?: { content: Record<string, { schema: object; example?: unknown }> } }> | undefined)?.[method.toLowerCase()];
      expect(op, key).toBeDefined();
      const pairs: Array<[string, { schema?: object; example?: unknown } | undefined, unknown]> = [
        ['body', op?.requestBody?.content['application/json'], examples.body],
        ['200', op?.responses['200']?.content?.['application/json'] as { schema?: object; example?: unknown } | undefined, examples.response],
      ];
      for (const [where, media, example] of pairs) {
        if (example === undefined) continue;
        expect(media?.example, `${key} ${where}`).toEqual(example);
        const validate = ajv.compile(rebase(media?.schema) as object);
        expect(validate(example), `${key} ${where}: ${JSON.stringify(validate.errors)}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(15);
    // Every event write shows a body.
    for (const p of ['/v1/events/leads', '/v1/events/applicants', '/v1/events/residents', '/v1/events/leads/entrata']) {
      expect((doc.paths[p] as Record<string, { requestBody?: { content: Record<string, { example?: unknown }> } }>).post?.requestBody?.content['application/json']?.example, p).toBeDefined();
    }
  });

  it('orders tags as a user reads them and explains the write flow', () => {
    const tags = (doc as unknown as { tags: Array<{ name: string }> }).tags.map((t) => t.name);
    expect(tags.slice(0, 4)).toEqual(['Events', 'Event types', 'Event sub types', 'Event results']);
    const used = new Set(operations().flatMap(({ op }) => (op as { tags?: string[] }).tags ?? []));
    for (const t of used) expect(tags, t).toContain(t);
    const info = doc.info as { description?: string };
    expect(info.description).toMatch(/write-status\/\{job_id\}/);
    expect(info.description).toMatch(/created_record_id/);
  });
});

describe('/docs', () => {
  it('is Leasewire\'s page, with every asset served locally', async () => {
    const page = await ctx.app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<title>Leasewire API reference<\/title>/);
    const srcs = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(srcs.length).toBeGreaterThan(2);
    expect(srcs).toContain('/docs/static/theme/favicon.svg');
    for (const src of srcs) {
      expect(src, 'no CDN').not.toMatch(/^(https?:)?\/\//);
      const asset = await ctx.app.inject({ method: 'GET', url: new URL(src, 'http://x/docs/').pathname });
      expect(asset.statusCode, src).toBe(200);
    }
    // The initializer swaps Swagger's logo for Leasewire's (a data: URL, so no request leaves).
    const init = await ctx.app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
    const logo = /img\.src = 'data:image\/svg\+xml;base64,([^']+)'/.exec(init.body)?.[1] ?? '';
    expect(Buffer.from(logo, 'base64').toString()).toContain('Leasewire API');
    const css = await ctx.app.inject({ method: 'GET', url: '/docs/static/theme/leasewire.css' });
    expect(css.body).toContain('download-url-wrapper { display: none; }');
  });

  it('serves the API reference as an HTML page', async () => {
    let res = await ctx.app.inject({ method: 'GET', url: '/docs' });
    for (let hops = 0; hops < 3 && res.statusCode >= 300 && res.statusCode < 400; hops++) {
      const location = String(res.headers.location);
      res = await ctx.app.inject({ method: 'GET', url: location.startsWith('/') ? location : `/docs/${location.replace(/^\.\//, '')}` });
    }
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toMatch(/<html/i);
  });
});
