import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateDataset } from '../dataset/generate.ts';
import { startBuildiumSandbox, type BuildiumSandboxHandle } from '../index.ts';
import { call, templateOf, validator } from './harness.ts';

type Obj = Record<string, unknown>;
let sb: BuildiumSandboxHandle;
let clock = Date.UTC(2026, 11, 1);

beforeAll(async () => {
  sb = await startBuildiumSandbox({ quiet: true, seed: 7, rateLimitPerSecond: 0, now: () => clock });
});
afterAll(() => sb.close());
beforeEach(() => {
  sb.reset();
  sb.setRateLimit(0);
});

describe('Buildium sandbox: reads', () => {
  it('answers every read operation with bodies that match Buildium\'s schemas', async () => {
    const info = sb.getInfo();
    const { propertyId, applicantId, tenantId } = info.examples;
    const rentals = (await call(sb, 'GET', '/v1/rentals?limit=1000')).body as Obj[];
    expect(rentals.length).toBe(info.counts.rentals);
    const units = (await call(sb, 'GET', `/v1/rentals/units?propertyids=${propertyId}&limit=1000`)).body as Obj[];
    expect(units.length).toBeGreaterThan(0);
    expect(units.every((u) => u.PropertyId === propertyId)).toBe(true);
    const leases = (await call(sb, 'GET', '/v1/leases?limit=5')).body as Obj[];
    const logs = (await call(sb, 'GET', '/v1/communications/phonelogs?limit=5')).body as Obj[];
    const users = (await call(sb, 'GET', '/v1/users?usertypes=Staff&limit=1000')).body as Obj[];
    expect(users.every((u) => (u.UserTypes as string[]).includes('Staff'))).toBe(true);
    for (const p of [
      `/v1/rentals/${propertyId}`, `/v1/rentals/units/${units[0]?.Id}`, `/v1/users/${users[0]?.Id}`, '/v1/applicants?limit=3', `/v1/applicants/${applicantId}`,
      `/v1/applicants/${applicantId}/applications`, `/v1/applicants/${applicantId}/notes`, `/v1/leases/${leases[0]?.Id}`, '/v1/leases/tenants?limit=3',
      `/v1/leases/tenants/${tenantId}`, `/v1/leases/tenants/${tenantId}/notes`, `/v1/communications/phonelogs/${logs[0]?.Id}`,
    ]) {
      expect((await call(sb, 'GET', p)).status, p).toBe(200);
    }
    for (const p of ['/v1/rentals/9', '/v1/applicants/9/notes', '/v1/leases/tenants/9/notes', '/v1/communications/phonelogs/9', '/v1/applicants/9/notes/1']) {
      const r = await call(sb, 'GET', p);
      expect(r.status, p).toBe(404);
      expect((r.body as Obj).ErrorCode).toBe('NotFound');
    }
  });

  it('pages with limit/offset, says the total in X-Total-Count, caps limit at 1000 and defaults it to 50', async () => {
    const total = sb.getInfo().counts.units as number;
    const first = await call(sb, 'GET', '/v1/rentals/units?limit=10&offset=0&orderby=Id');
    expect(first.headers.get('x-total-count')).toBe(String(total));
    const second = await call(sb, 'GET', '/v1/rentals/units?limit=10&offset=10&orderby=Id');
    const ids = [...(first.body as Obj[]), ...(second.body as Obj[])].map((u) => u.Id as number);
    expect(new Set(ids).size).toBe(20);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(((await call(sb, 'GET', '/v1/rentals/units')).body as Obj[]).length).toBe(Math.min(50, total));
    const big = await startBuildiumSandbox({ quiet: true, size: 'large', rateLimitPerSecond: 0 });
    try {
      expect(((await call(big, 'GET', '/v1/rentals/units?limit=5000')).body as Obj[]).length).toBe(1000);
    } finally {
      await big.close();
    }
  });

  it('sorts by orderby (desc, several keys) and answers a badly cased limit with 404 as Buildium documents', async () => {
    const desc = (await call(sb, 'GET', '/v1/leases/tenants?orderby=id%20desc&limit=1000')).body as Obj[];
    expect(desc.map((t) => t.Id)).toEqual(desc.map((t) => t.Id as number).sort((a, b) => b - a));
    const byName = (await call(sb, 'GET', '/v1/leases/tenants?orderby=LastName%20asc,Id%20asc&limit=1000')).body as Obj[];
    expect(byName.map((t) => t.LastName)).toEqual(byName.map((t) => t.LastName as string).sort((a, b) => a.localeCompare(b)));
    expect((await call(sb, 'GET', '/v1/leases/tenants?Limit=5')).status).toBe(404);
    expect((await call(sb, 'GET', '/v1/leases/tenants?orderby=Nope')).status).toBe(400);
    expect((await call(sb, 'GET', '/v1/leases/tenants?limit=x')).status).toBe(400);
  });

  it('filters by lastupdatedfrom/to and updateddatetimefrom (UTC)', async () => {
    const all = (await call(sb, 'GET', '/v1/applicants?limit=1000')).body as Obj[];
    const cut = all.map((a) => a.LastUpdatedDateTime as string).sort()[Math.floor(all.length / 2)] as string;
    const later = (await call(sb, 'GET', `/v1/applicants?limit=1000&lastupdatedfrom=${encodeURIComponent(cut)}`)).body as Obj[];
    expect(later.length).toBe(all.filter((a) => (a.LastUpdatedDateTime as string) >= cut).length);
    const { applicantId } = sb.getInfo().examples;
    clock += 60_000;
    await call(sb, 'POST', `/v1/applicants/${applicantId}/notes`, { body: { Note: 'after the cut' } });
    const since = new Date(clock - 1000).toISOString();
    const fresh = (await call(sb, 'GET', `/v1/applicants/${applicantId}/notes?updateddatetimefrom=${since}`)).body as Obj[];
    expect(fresh.map((n) => n.Note)).toEqual(['after the cut']);
  });
});

describe('Buildium sandbox: notes written', () => {
  it('creates applicant and tenant notes: 201 with the Id, a Location, listed and visible in /__sandbox/notes', async () => {
    const { applicantId, tenantId } = sb.getInfo().examples;
    const a = await call(sb, 'POST', `/v1/applicants/${applicantId}/notes`, { body: { Note: 'Called back about parking' } });
    expect(a.status).toBe(201);
    const id = (a.body as Obj).Id as number;
    expect(a.headers.get('location')).toBe(`${sb.url}/v1/applicants/${applicantId}/notes/${id}`);
    expect(((await call(sb, 'GET', `/v1/applicants/${applicantId}/notes/${id}`)).body as Obj).Note).toBe('Called back about parking');
    const t = await call(sb, 'POST', `/v1/leases/tenants/${tenantId}/notes`, { body: { Note: 'Asked about renewal' } });
    expect(t.status).toBe(201);
    const written = (await (await fetch(`${sb.url}/__sandbox/notes?origin=api`)).json()) as { notes: Obj[] };
    expect(written.notes.map((n) => [n.owner, n.ownerId, n.Note])).toEqual([['applicant', applicantId, 'Called back about parking'], ['tenant', tenantId, 'Asked about renewal']]);
  });

  it('refuses bad note bodies in Buildium\'s error shape', async () => {
    const { applicantId } = sb.getInfo().examples;
    const p = `/v1/applicants/${applicantId}/notes`;
    expect((await call(sb, 'POST', p, { body: { Note: '' } })).status).toBe(422);
    expect((await call(sb, 'POST', p, { body: { Note: 'x', Extra: 1 } })).status).toBe(400);
    expect((await call(sb, 'POST', p, { body: '{nope' })).status).toBe(400);
    expect((await call(sb, 'POST', p, { body: { Note: 'x' }, contentType: 'text/plain' })).status).toBe(415);
    expect((await call(sb, 'POST', '/v1/applicants/9/notes', { body: { Note: 'x' } })).status).toBe(404);
  });
});

describe('Buildium sandbox: auth, rate limit, faults', () => {
  it('wants both credential headers', async () => {
    const r = await call(sb, 'GET', '/v1/rentals', { auth: false });
    expect(r.status).toBe(401);
    expect((r.body as Obj).UserMessage).toMatch(/x-buildium-client-id/);
  });

  it('answers the 11th request within one second with 429, and lets requests through once the second has passed', async () => {
    sb.setRateLimit(10);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await call(sb, 'GET', '/v1/rentals')).status);
    expect(statuses).toEqual([...Array(10).fill(200), 429]);
    clock += 1001;
    expect((await call(sb, 'GET', '/v1/rentals')).status).toBe(200);
  });

  it('injects 5xx, throttles with Retry-After, and drops a created note\'s answer after creating it', async () => {
    const { applicantId } = sb.getInfo().examples;
    sb.setFaults({ GetAllRentals: { kind: 'http', status: 503, times: 1 }, GetApplicants: { kind: 'throttle', retryAfter: 3, times: 1 }, CreateApplicantNote: { kind: 'drop', times: 1 } });
    expect((await call(sb, 'GET', '/v1/rentals')).status).toBe(503);
    expect((await call(sb, 'GET', '/v1/rentals')).status).toBe(200);
    const throttled = await call(sb, 'GET', '/v1/applicants');
    expect([throttled.status, throttled.headers.get('retry-after')]).toEqual([429, '3']);
    await expect(fetch(`${sb.url}/v1/applicants/${applicantId}/notes`, { method: 'POST', headers: { 'x-buildium-client-id': sb.clientId, 'x-buildium-client-secret': sb.secret, 'content-type': 'application/json' }, body: JSON.stringify({ Note: 'lost answer' }) })).rejects.toThrow();
    const notes = (await call(sb, 'GET', `/v1/applicants/${applicantId}/notes?limit=1000`)).body as Obj[];
    expect(notes.filter((n) => n.Note === 'lost answer')).toHaveLength(1);
    const log = (await (await fetch(`${sb.url}/__sandbox/requests?operationId=CreateApplicantNote`)).json()) as { requests: Obj[] };
    expect(log.requests.map((r) => r.outcome)).toEqual(['dropped']);
  });

  it('rejects malformed fault configs with a message naming the problem', async () => {
    const res = await fetch(`${sb.url}/__sandbox/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ CreateApplicantNote: { kind: 'http', status: 418 } }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/500, 502, 503 or 504/);
  });
});

describe('Buildium sandbox: dataset', () => {
  it('is deterministic per seed and grows with size', () => {
    expect(JSON.stringify(generateDataset(3, 'small'))).toBe(JSON.stringify(generateDataset(3, 'small')));
    expect(JSON.stringify(generateDataset(3, 'small'))).not.toBe(JSON.stringify(generateDataset(4, 'small')));
    const sizes = (['small', 'medium', 'large'] as const).map((s) => generateDataset(1, s).tenants.length);
    expect(sizes[0]).toBeLessThan(sizes[1] as number);
    expect(sizes[1]).toBeLessThan(sizes[2] as number);
  });

  it('matches the spec in every seeded record, large set included', () => {
    const d = generateDataset(11, 'large');
    const check = (template: string, rows: Array<{ message: Obj }>): void => {
      expect(validator.response('get', template, 200, rows.map((r) => r.message)), template).toEqual([]);
    };
    check('/v1/rentals', d.rentals);
    check('/v1/rentals/units', d.units);
    check('/v1/users', d.users);
    check('/v1/applicants', d.applicants);
    check('/v1/leases', d.leases);
    check('/v1/leases/tenants', d.tenants);
    check('/v1/applicants/{applicantId}/notes', [...d.applicantNotes, ...d.tenantNotes]);
    check('/v1/communications/phonelogs', d.phoneLogs);
    expect(templateOf('GET', '/v1/leases/tenants/5/notes')).toBe('/v1/leases/tenants/{tenantId}/notes');
  });
});
