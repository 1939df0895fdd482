import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEPT } from '../../scripts/contract-refresh.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { loadSpec } from './propexoSpec.ts';
import { localRefs, pruneSpec, stripProse, type OpenApiDocument } from './pruneSpec.ts';

describe('pruneSpec', () => {
  const doc = {
    openapi: '3.1.0',
    info: { title: 'Propexo API', version: '1.0.0', description: 'long prose' },
    tags: [{ name: 'leads' }],
    paths: {
      '/v1/leads/': {
        get: {
          summary: 'List leads',
          description: 'Prose about leads',
          tags: ['leads'],
          'x-fern-availability': 'beta',
          parameters: [{ name: 'limit', in: 'query', description: 'How many', schema: { type: 'integer', default: 10 } }],
          responses: { '200': { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/Leads' } } } } },
        },
        post: { responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Unused' } } } } } },
      },
      '/v1/other/': { get: { responses: {} } },
    },
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'Bearer key' } },
      schemas: {
        Leads: { type: 'object', properties: { results: { type: 'array', items: { $ref: '#/components/schemas/Lead' } } } },
        Lead: {
          type: 'object',
          description: 'A lead',
          example: { id: 'x' },
          // Property names that look like prose keywords are data, not prose.
          properties: { description: { type: 'string', description: 'the lead notes' }, summary: { type: ['string', 'null'] } },
          required: ['description'],
          'x-propexo': { derivedFromModel: 'leads' },
        },
        Unused: { type: 'string' },
      },
    },
  } as unknown as OpenApiDocument;

  const pruned = pruneSpec(doc, ['GET /v1/leads/']);

  it('keeps only the operations asked for, and lists every published path', () => {
    expect(Object.keys(pruned.paths)).toEqual(['/v1/leads/']);
    expect(Object.keys(pruned.paths['/v1/leads/'] ?? {})).toEqual(['get']);
    expect(pruned['x-published-paths']).toEqual(['/v1/leads/', '/v1/other/']);
  });

  it('keeps the components reached through $refs, transitively, and drops the others', () => {
    expect(Object.keys(pruned.components.schemas as object).sort()).toEqual(['Lead', 'Leads']);
    expect(pruned.components.securitySchemes).toEqual({ bearerAuth: { type: 'http', scheme: 'bearer' } });
  });

  it('drops prose and extensions but keeps property names, required lists and defaults', () => {
    expect((pruned.components.schemas as Record<string, unknown>).Lead).toEqual({
      type: 'object',
      properties: { description: { type: 'string' }, summary: { type: ['string', 'null'] } },
      required: ['description'],
    });
    expect(pruned.paths['/v1/leads/']?.get).toEqual({
      parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', default: 10 } }],
      responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Leads' } } } } },
    });
    expect(pruned.info).toEqual({ title: 'Propexo API', version: '1.0.0' });
  });

  it('fails loudly when an operation to keep is not published', () => {
    expect(() => pruneSpec(doc, ['PUT /v1/leads/'])).toThrow(/no PUT \/v1\/leads\//);
  });
});

describe('the committed fixture (test/contract/fixtures/propexo-openapi.json)', () => {
  const spec = loadSpec() as unknown as OpenApiDocument & { 'x-published-paths': string[] };

  it('holds no prose: stripping it again changes nothing', () => {
    expect(stripProse(spec.paths, true)).toEqual(spec.paths);
    expect(stripProse(spec.components, true)).toEqual(spec.components);
  });

  it('has every $ref resolvable and every component reachable from an operation', () => {
    const reached = new Set<string>();
    const pending = [...localRefs(spec.paths)];
    while (pending.length > 0) {
      const ref = pending.pop() as string;
      if (reached.has(ref)) continue;
      reached.add(ref);
      const [, , section, name] = ref.split('/') as [string, string, string, string];
      const target = (spec.components[section] as Record<string, unknown> | undefined)?.[name.replace(/~1/g, '/').replace(/~0/g, '~')];
      expect(target, ref).toBeDefined();
      pending.push(...localRefs(target as never));
    }
    const schemas = Object.keys(spec.components.schemas as object).map((n) => `#/components/schemas/${n.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    expect(schemas.filter((s) => !reached.has(s))).toEqual([]);
  });

  it('holds exactly the operations the refresh script keeps', () => {
    const ops = Object.entries(spec.paths).flatMap(([p, item]) => Object.keys(item).filter((k) => k !== 'parameters').map((m) => `${m.toUpperCase()} ${p}`));
    expect(ops.sort()).toEqual([...KEPT].sort());
  });

  describe('against Leasewire /openapi.json', () => {
    let ctx: TestContext;
    beforeAll(async () => {
      ctx = await createTestContext();
    });
    afterAll(() => ctx?.close());

    it('keeps every operation Leasewire serves that Propexo publishes (else: add it to KEPT and refresh)', async () => {
      const ours = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
      // Paths compare without trailing slashes and parameter names ({job_id} is Propexo's {root_job_id}).
      const shape = (p: string) => p.replace(/\/$/, '').replace(/\{\w+\}/g, '{}');
      const published = new Map(spec['x-published-paths'].map((p) => [shape(p), p]));
      const kept = new Set<string>(KEPT.map((k) => { const [m, p] = k.split(' ') as [string, string]; return `${m} ${shape(p)}`; }));
      const missing: string[] = [];
      for (const [p, item] of Object.entries(ours.paths)) {
        if (!published.has(shape(p))) continue;
        for (const m of Object.keys(item)) if (!kept.has(`${m.toUpperCase()} ${shape(p)}`)) missing.push(`${m.toUpperCase()} ${p}`);
      }
      expect(missing).toEqual([]);
    });
  });
});
