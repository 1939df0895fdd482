import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nulPath } from '../../src/api/nulGuard.ts';
import { storageMode } from '../support/store.ts';
import { createWriteHarness, personAt, type WriteHarness } from '../writes/writeHarness.ts';

/**
 * Malformed bodies against every POST/PUT route that takes one: broken JSON, wrong types, huge
 * strings, NUL characters, deep nesting, arrays for objects, other content types. Bodies start from
 * a valid one (real ids of the synced sandbox), so mutations reach the validation against the
 * store, not only the schema. Never a 5xx; every error is { error: { code, message, details } }.
 * The queue takes the accepted writes without running them.
 */
const RUNS_PER_ROUTE = 60;

let w: WriteHarness;
let bases: Record<string, Record<string, unknown>>;
let failedJobId: string;
let pendingJobId: string;

beforeAll(async () => {
  w = await createWriteHarness({ worker: { start: false } });
  const P = '100101';
  const lead = await personAt(w, 'leads', P);
  const applicant = await personAt(w, 'applicants', P);
  const resident = await personAt(w, 'residents', P);
  const call = (await w.pick('event_types', P, '4')).id;
  const common = {
    integration_id: w.integrationId,
    event_type_id: call,
    event_datetime: '2026-04-01T10:00:00-06:00',
    call_phone_number_from: '3035550111',
    call_phone_number_to: '3035550100',
    call_status: 'ANSWER',
    call_duration: 30,
    call_audio_link: 'https://calls.example.com/1.mp3',
    notes: 'fuzz',
  };
  bases = {
    leads: { ...common, lead_id: lead.id },
    applicants: { ...common, applicant_id: applicant.id, application_id: applicant.applicationId },
    residents: { ...common, resident_id: resident.id },
    integration: { integration_vendor: 'ENTRATA', name: 'Fuzzed', credentials: { subdomain: 'acme', apiKey: 'k', base_url: 'http://127.0.0.1:9' }, sync_frequency: 12, sync_cadence: 'HOUR' },
  };
  const accepted = await w.post('/v1/events/leads/entrata/', bases.leads!);
  pendingJobId = accepted.json().meta.job_id as string;
  // A FAILURE job, so retry-write gets past "not retryable" too.
  const failed = await w.post('/v1/events/leads/entrata/', { ...bases.leads, notes: 'fuzz failed' });
  failedJobId = failed.json().meta.job_id as string;
  await w.h.store.db.updateTable('write_jobs').set({ status: 'FAILURE', errors: '["fuzz"]' }).where('id', '=', failedJobId).execute();
}, 60_000);
afterAll(() => w?.close());

// ---------------------------------------------------------------------------------------------
// Values a field may be given.

const nulText = fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 })).map(([a, b]) => `${a}\u0000${b}`);
const hugeText = fc.constantFrom(20_000, 200_000, 900_000).map((n) => 'x'.repeat(n));
const deep = fc.integer({ min: 20, max: 3000 }).map((depth) => {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
});
const oddText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  nulText,
  fc.constantFrom('', ' ', '\u0000', 'null', '2026-13-45T99:99:99Z', '2024-01-15T09:30:00', '24:00:00', 'javascript:alert(1)', 'mailto:x@y', '\uD800', '\u202E', '%00', '__proto__'),
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: oddText },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: hugeText },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -1, 1.5, 86_401, Number.MAX_SAFE_INTEGER, [], {}, ['a'], { a: '\u0000' }) },
);

type Mutation = (body: Record<string, unknown>) => unknown;
const fieldOf = (base: Record<string, unknown>) =>
  fc.oneof(fc.constantFrom(...Object.keys(base), 'integration_id'), fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'lead_id', 'credentials', 'a\u0000b'));
const mutation = (base: Record<string, unknown>): fc.Arbitrary<Mutation> =>
  fc.oneof(
    fc.tuple(fieldOf(base), value).map(([k, v]): Mutation => (b) => ({ ...b, [k]: v })),
    fc.tuple(fieldOf(base), fieldOf(base), value, value).map(([k1, k2, v1, v2]): Mutation => (b) => ({ ...b, [k1]: v1, [k2]: v2 })),
    fieldOf(base).map((k): Mutation => (b) => Object.fromEntries(Object.entries(b).filter(([x]) => x !== k))),
    // The credentials object of an integration, one level down.
    fc.tuple(fc.string({ maxLength: 10 }), value).map(([k, v]): Mutation => (b) => ({ ...b, credentials: { ...(b.credentials as object), [k]: v } })),
    value.map((v): Mutation => () => v),
    fc.constant((b: Record<string, unknown>) => [b]),
  );

/** A request body: a JSON text (valid or not) and the content type it is sent with. */
interface Sent {
  payload: string | undefined;
  contentType: string | undefined;
}
const contentTypes = fc.constantFrom<string | undefined>(
  'application/json',
  'application/json; charset=utf-8',
  'application/JSON',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  undefined,
);
const brokenJson = (base: Record<string, unknown>) =>
  fc.oneof(
    fc.integer({ min: 0, max: 200 }).map((n) => JSON.stringify(base).slice(0, n)),
    fc.string(),
    fc.constantFrom('', '{', '}', '[', '{"a":}', '{"a":1,}', "{'a':1}", 'NaN', '1e309', '{"a":1e309}', '{"a":"\\u0000"}', '{"a":"\\ud800"}', '\u0000', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', 'null', 'true', '"text"', '[]', '[{}]'),
    fc.integer({ min: 1000, max: 20_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
    fc.integer({ min: 1000, max: 20_000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  );
const body = (base: Record<string, unknown>): fc.Arbitrary<Sent> =>
  fc.oneof(
    { weight: 6, arbitrary: mutation(base).map((m): Sent => ({ payload: JSON.stringify(m(base)) ?? 'undefined', contentType: 'application/json' })) },
    { weight: 2, arbitrary: fc.tuple(brokenJson(base), contentTypes).map(([payload, contentType]): Sent => ({ payload, contentType })) },
    { weight: 1, arbitrary: fc.tuple(mutation(base), contentTypes).map(([m, contentType]): Sent => ({ payload: JSON.stringify(m(base)) ?? '', contentType })) },
    { weight: 1, arbitrary: fc.constant<Sent>({ payload: undefined, contentType: undefined }) },
  );

// Mostly authenticated: an unauthenticated request stops at 401 before its body is looked at.
const authenticated = fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });

// ---------------------------------------------------------------------------------------------

interface Route {
  method: 'POST' | 'PUT';
  path: () => fc.Arbitrary<string>;
  base: () => Record<string, unknown>;
}
const fixed = (p: string) => () => fc.constant(p);
const withId = (prefix: string, real: () => string[]) => () =>
  fc.oneof(fc.constantFrom(...real()), fc.string({ minLength: 1, maxLength: 30 }).map(encodeURIComponent), fc.constantFrom('x'.repeat(400), '%E2%80%AE', 'a%20b')).map((id) => `${prefix}${id}`);
const routes: Record<string, Route> = {
  'POST /v1/events/leads/entrata/': { method: 'POST', path: fixed('/v1/events/leads/entrata/'), base: () => bases.leads! },
  'POST /v1/events/applicants/entrata/': { method: 'POST', path: fixed('/v1/events/applicants/entrata/'), base: () => bases.applicants! },
  'POST /v1/events/residents/entrata/': { method: 'POST', path: fixed('/v1/events/residents/entrata/'), base: () => bases.residents! },
  'POST /v1/events/leads': { method: 'POST', path: () => fc.constantFrom('/v1/events/leads', '/v1/events/leads?ignore_unknown_fields=true', '/v1/events/leads?ignore_unknown_fields=maybe'), base: () => bases.leads! },
  'POST /v1/events/applicants': { method: 'POST', path: () => fc.constantFrom('/v1/events/applicants', '/v1/events/applicants?ignore_unknown_fields=true'), base: () => bases.applicants! },
  'POST /v1/events/residents': { method: 'POST', path: () => fc.constantFrom('/v1/events/residents', '/v1/events/residents?ignore_unknown_fields=true'), base: () => bases.residents! },
  'POST /v1/admin/integrations/': { method: 'POST', path: fixed('/v1/admin/integrations/'), base: () => bases.integration! },
  'PUT /v1/admin/integrations/{id}': { method: 'PUT', path: withId('/v1/admin/integrations/', () => [w.integrationId]), base: () => ({ name: 'Renamed', sync_frequency: 6, credentials: bases.integration!.credentials }) },
  'POST /v1/admin/retry-write/{id}': { method: 'POST', path: withId('/v1/admin/retry-write/', () => [failedJobId, pendingJobId]), base: () => ({}) },
};

describe(`fuzzing every POST/PUT body (${storageMode})`, () => {
  it.each(Object.keys(routes))('%s never answers 5xx, and every error is the envelope', async (name) => {
    const route = routes[name]!;
    await fc.assert(
      fc.asyncProperty(route.path(), body(route.base()), authenticated, fc.option(fc.string({ minLength: 1, maxLength: 40 }).filter((k) => /^[\x20-\x7e]+$/.test(k))), async (url, sent, withKey, idempotencyKey) => {
        const headers: Record<string, string> = { ...(withKey ? w.headers : {}) };
        if (sent.contentType !== undefined) headers['content-type'] = sent.contentType;
        if (idempotencyKey !== null) headers['idempotency-key'] = idempotencyKey;
        const res = await w.ctx.app.inject({ method: route.method, url, headers, ...(sent.payload !== undefined ? { payload: sent.payload } : {}) });
        const what = `${res.statusCode} for ${route.method} ${url} (${sent.contentType ?? 'no content type'}) ${JSON.stringify(sent.payload?.slice(0, 200))}: ${res.body.slice(0, 300)}`;
        expect(res.statusCode, what).toBeLessThan(500);
        if (res.statusCode >= 400) {
          const parsed = JSON.parse(res.body) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
          expect(typeof parsed.error?.code, what).toBe('string');
          expect(typeof parsed.error?.message, what).toBe('string');
          expect((parsed.error?.message as string).length, what).toBeGreaterThan(0);
          expect(typeof parsed.error?.details === 'object' && parsed.error.details !== null, what).toBe(true);
        }
      }),
      { numRuns: RUNS_PER_ROUTE },
    );
  }, 120_000);
});

describe(`a NUL character in a body (${storageMode})`, () => {
  it.each([
    ['/v1/events/leads/entrata/', () => ({ ...bases.leads, lead_id: 'c\u0000' }), ['lead_id'], 'lead_id'],
    ['/v1/events/leads', () => ({ ...bases.leads, integration_id: '\u0000' }), ['integration_id'], 'integration_id'],
    ['/v1/events/residents/entrata/', () => ({ ...bases.residents, notes: 'a\u0000b' }), ['notes'], 'notes'],
    ['/v1/admin/integrations/', () => ({ ...bases.integration, name: 'x\u0000' }), ['name'], 'name'],
    ['/v1/admin/integrations/', () => ({ ...bases.integration, credentials: { subdomain: 'a', apiKey: 'k\u0000' } }), ['credentials', 'apiKey'], 'credentials.apiKey'],
    ['/v1/admin/integrations/', () => ({ ...bases.integration, ['a\u0000b']: 1 }), ['a\u0000b'], 'a\\u0000b'],
  ])('POST %s → 400 naming the field', async (url, make, path, field) => {
    const res = await w.post(url, make() as Record<string, unknown>);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toEqual({
      error: {
        code: 'invalid_request',
        message: `Invalid body: ${field}: contains a NUL character (\\u0000); remove it, text fields cannot hold one.`,
        details: { name: 'ZodError', issues: [{ code: 'invalid_string', path, message: 'NUL characters (\\u0000) are not allowed' }] },
      },
    });
  });

  it('PUT /v1/admin/integrations/{id} → 400, and the integration is unchanged', async () => {
    const res = await w.ctx.app.inject({ method: 'PUT', url: `/v1/admin/integrations/${w.integrationId}`, headers: w.headers, payload: { name: 'N\u0000' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0].path).toEqual(['name']);
    expect((await w.get(`/v1/admin/integrations/${w.integrationId}`)).json().results.name).not.toContain('\u0000');
  });

  it('nulPath walks arrays, keys and deep nesting without recursion', () => {
    expect(nulPath({ a: [1, 'x', { b: 'y\u0000' }] })).toEqual(['a', 2, 'b']);
    expect(nulPath({ a: { ['k\u0000']: 1 } })).toEqual(['a', 'k\u0000']);
    expect(nulPath('\u0000')).toEqual([]);
    expect(nulPath({ a: 'fine', b: [null, true, 1, 'ok'] })).toBeNull();
    let deepest: unknown = 'x\u0000';
    for (let i = 0; i < 200_000; i++) deepest = [deepest];
    const path = nulPath({ d: deepest })!;
    expect(path).toHaveLength(51);
    expect(path.slice(0, 3)).toEqual(['d', 0, 0]);
    expect(path[50]).toBe('…');
  });
});
