import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { seedReadModels } from '../contract/readModels.ts';
import { readRoutes } from '../contract/readRoutes.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { storageMode } from '../support/store.ts';

/**
 * Malformed query strings and path ids against every GET route the app registers: the answer is
 * never a 5xx, and every error body is the { error: { code, message, details } } envelope.
 */
const RUNS_PER_ROUTE = 150;

/** Every GET route, read from Fastify's route tree (printRoutes) so that new routes are fuzzed too. */
export function getRoutes(app: FastifyInstance): string[] {
  const stack: string[] = [];
  const out: string[] = [];
  for (const line of app.printRoutes({ method: 'GET', commonPrefix: false }).split('\n')) {
    const m = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = (m[1] ?? '').length / 4;
    stack.length = depth;
    stack.push(m[2] ?? '');
    if ((m[3] ?? '').split(', ').includes('GET')) out.push(stack.join(''));
  }
  return out;
}

const knownKeys = [
  ...new Set(['order-by', 'offset', 'limit', 'updated_at_gte', 'last_seen_lte', 'is_active', 'models', 'phone_1', 'unit_number', 'x_id', 'integration_id', 'x_property_id', 'integration_vendor', 'property_id', 'lead_id', 'lease_id', 'event_type_id']),
];
const garbage = ['%', '%zz', '%E0%A4%A', '%00', '%FF%FE', '%%25', '%u0041', '+', '%2', '[]', '[0]=a', 'a[b]=c', '__proto__', 'constructor'];

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ minLength: 1000, maxLength: 3000 }),
);
const value = fc.oneof(
  text.map(encodeURIComponent),
  fc.bigInt().map(String),
  fc.double().map(String),
  fc.integer().map(String),
  fc.constantFrom('', '-1', '0', '1e309', 'NaN', 'Infinity', '-0', '9'.repeat(400), 'true', 'false', 'null', 'created_at:sideways', 'x_id:asc,,', '2025-13-45', '2025-01-01T00:00:00'),
  fc.constantFrom(...garbage),
);
const key = fc.oneof(fc.constantFrom(...knownKeys), text.map(encodeURIComponent), fc.constantFrom(...garbage));
const pair = fc.oneof(fc.tuple(key, value).map(([k, v]) => `${k}=${v}`), key, fc.constant('&'), fc.constant('='));
// Repeated keys come from duplicates in the array.
const queryString = fc.array(pair, { maxLength: 8 }).map((pairs) => pairs.join('&'));
const pathId = fc.oneof(
  text.map(encodeURIComponent),
  fc.constantFrom(...garbage, '..', '.', 'c'.repeat(600), 'cnope', '%2F', 'a%2Fb'),
);

// The route list must exist when the tests are collected (one test per route), so the app is built here.
const ctx: TestContext = await createTestContext();
const seeded = await seedReadModels(ctx.store, ctx.tenant.accountId);
const realIds = readRoutes.map((r) => Object.values(seeded.ids[r.model])[0] ?? '');
const routes = getRoutes(ctx.app);
afterAll(() => ctx.close());

describe(`fuzzing every GET route (${storageMode})`, () => {
  it('finds the read routes in the route tree', () => {
    for (const r of readRoutes) {
      expect(routes).toContain(r.list.replace(/\/$/, ''));
      expect(routes).toContain(r.byId.replace(/\{(\w+)\}/, ':$1'));
    }
  });

  it.each(routes)('GET %s never answers 5xx, and every error is the envelope', async (route) => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(pathId, fc.constantFrom(...realIds).map(encodeURIComponent)), { minLength: 2, maxLength: 2 }),
        queryString,
        fc.boolean(),
        fc.boolean(),
        async (ids, query, trailingSlash, authenticated) => {
          let i = 0;
          const path = route.replace(/:\w+|\*/g, () => ids[i++ % ids.length] ?? '');
          const url = `${path}${trailingSlash ? '/' : ''}?${query}`;
          const res = await ctx.app.inject({ method: 'GET', url, headers: authenticated ? ctx.tenant.headers : {} });
          // A readiness probe answers 503 by design when the database is unreachable.
          const ceiling = route === '/readyz' ? 504 : 500;
          expect(res.statusCode, `${res.statusCode} for GET ${url}: ${res.body.slice(0, 300)}`).toBeLessThan(ceiling);
          if (res.statusCode >= 400) {
            const body = JSON.parse(res.body) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
            expect(typeof body.error?.code, url).toBe('string');
            expect(typeof body.error?.message, url).toBe('string');
          }
        },
      ),
      { numRuns: RUNS_PER_ROUTE },
    );
  }, 120_000);
});
