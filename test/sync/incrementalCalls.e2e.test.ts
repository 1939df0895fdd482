import { afterAll, describe, expect, it } from 'vitest';
import { runSync } from '../../src/sync/engine.ts';
import { progressOf } from '../../src/sync/runs.ts';
import { countOf, createSyncHarness, type SyncHarness } from './harness.ts';

// What an incremental sync spends of Entrata's rate limit when nothing changed: a number of calls
// that depends on the number of properties, not on how many leads, residents or events they hold
// (counted by the sandbox, on the small and the medium set).

interface Counted {
  total: number;
  byMethod: Record<string, number>;
}

async function requestsSince(h: SyncHarness, sinceId: number): Promise<{ counted: Counted; lastId: number }> {
  const res = await fetch(`${h.sandbox.url}/__sandbox/requests?sinceId=${sinceId}`);
  const list = ((await res.json()) as { requests: Array<{ id: number; service: string; method: string | null }> }).requests;
  const byMethod: Record<string, number> = {};
  for (const r of list) byMethod[`${r.service}/${r.method}`] = (byMethod[`${r.service}/${r.method}`] ?? 0) + 1;
  return { counted: { total: list.length, byMethod }, lastId: list.reduce((m, r) => Math.max(m, r.id), sinceId) };
}

async function lastRequestId(h: SyncHarness): Promise<number> {
  return (await requestsSince(h, 0)).lastId;
}

const harnesses: SyncHarness[] = [];
afterAll(async () => {
  for (const h of harnesses) await h.close();
});

async function measure(size: 'small' | 'medium'): Promise<{ h: SyncHarness; properties: number; events: number; leads: number; incremental: Counted; lastId: number }> {
  const h = await createSyncHarness({ size });
  harnesses.push(h);
  const full = await runSync(h.deps, h.integration.id);
  expect(full.error).toBeNull();
  const before = await lastRequestId(h);
  const inc = await runSync(h.deps, h.integration.id);
  expect(inc.error).toBeNull();
  expect(Object.values(progressOf(inc)).reduce((n, m) => n + m.new + m.updated, 0)).toBe(0);
  const { counted, lastId } = await requestsSince(h, before);
  return { h, properties: h.sandbox.info.propertyIds.length, events: await countOf(h, 'events'), leads: await countOf(h, 'leads'), incremental: counted, lastId };
}

describe('incremental sync with nothing changed (Entrata sandbox)', () => {
  const perProperty = (c: Counted, n: number) => Object.fromEntries(Object.entries(c.byMethod).map(([k, v]) => [k, v / n]));
  let small: Awaited<ReturnType<typeof measure>>;

  it('small: one properties call a run; per property one units, one leases, one leads and one lead-events call; pick lists from the cache', async () => {
    small = await measure('small');
    expect(small.incremental.byMethod['leads/getLeadPickLists']).toBeUndefined();
    // The properties model reads its list (one call a run, whatever the portfolio).
    expect(small.incremental.byMethod['properties/getProperties']).toBe(1);
    const { ['properties/getProperties']: _run, ...byMethod } = small.incremental.byMethod;
    expect(perProperty({ ...small.incremental, byMethod }, small.properties)).toEqual({
      'propertyunits/getPropertyUnits': 1,
      'leases/getLeases': 1,
      'leads/getLeads': 1,
      'leads/getLeadEvents': 1,
    });
  }, 120_000);

  it('medium: the same calls per property although it holds many times the leads and events', async () => {
    const medium = await measure('medium');
    expect(medium.events).toBeGreaterThan(10 * small.events);
    expect(medium.leads).toBeGreaterThan(5 * small.leads);
    const perPropertyOf = (m: typeof small) => {
      const { ['properties/getProperties']: _run, ...byMethod } = m.incremental.byMethod;
      return perProperty({ ...m.incremental, byMethod }, m.properties);
    };
    expect(perPropertyOf(medium)).toEqual(perPropertyOf(small));
    expect(medium.incremental.total).toBe(4 * medium.properties + 1);
  }, 240_000);

  it('a new event costs its application a read, not the property a listing, and is stored', async () => {
    const h = small.h;
    const appId = h.sandbox.info.examples.leadApplicationId;
    const res = await fetch(`${h.sandbox.url}/__sandbox/mutations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ op: 'addEvent', applicationId: appId, event: { typeId: 8, comments: 'incremental calls note' } }]),
    });
    expect(res.status).toBe(200);
    const before = await lastRequestId(h);
    const run = await runSync(h.deps, h.integration.id);
    expect(run.error).toBeNull();
    expect(progressOf(run).events).toMatchObject({ new: 1, updated: 0 });
    const stored = await h.store.db.selectFrom('events').select('data').where('integration_id', '=', h.integration.id).execute();
    expect(stored.filter((r) => r.data.includes('incremental calls note'))).toHaveLength(1);
    // The unchanged run's calls, plus for the changed property its people (one getLeads page on
    // the small set) and one getLeads of the application for the one event type that changed.
    const { counted } = await requestsSince(h, before);
    expect(counted.total).toBe(small.incremental.total + 2);
    expect(counted.byMethod['leads/getLeads']).toBe(small.incremental.byMethod['leads/getLeads']! + 2);
  }, 120_000);
});
