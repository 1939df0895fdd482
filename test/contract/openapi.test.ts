import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  paths: Record<string, { get?: Operation }>;
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

describe('/docs', () => {
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
