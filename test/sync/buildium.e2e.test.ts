import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuildiumSandbox, type BuildiumSandboxHandle, type RecordedRequest } from '../../sandbox/buildium/index.ts';
import { expectSpecExchanges } from '../../sandbox/buildium/test/harness.ts';
import { Sealer } from '../../src/lib/crypto.ts';
import { createAccount } from '../../src/store/repositories/accounts.ts';
import { insertIntegration, type IntegrationRow } from '../../src/store/repositories/integrations.ts';
import type { ModelName } from '../../src/store/models.ts';
import { runSync } from '../../src/sync/engine.ts';
import { openTestStore, storageMode, type TestStore } from '../support/store.ts';

// End to end against the Buildium sandbox (small dataset), in the storage mode of TEST_DATABASE_URL.
let store: TestStore;
let sandbox: BuildiumSandboxHandle;
let integration: IntegrationRow;
let deps: { store: TestStore; sealer: Sealer };

beforeAll(async () => {
  store = await openTestStore();
  sandbox = await startBuildiumSandbox({ seed: 5, quiet: true, recordResponses: true });
  const sealer = new Sealer(randomBytes(32));
  deps = { store, sealer };
  const account = await createAccount(store.db, 'Buildium Co');
  integration = await insertIntegration(store.db, {
    account_id: account.id,
    vendor: 'BUILDIUM',
    name: 'Buildium sandbox',
    credentials: sealer.seal(JSON.stringify({ clientId: sandbox.clientId, secret: sandbox.secret, base_url: sandbox.url })),
    settings: {},
    sync_frequency: 12,
    sync_cadence: 'HOUR',
    active: true,
  });
});
afterAll(async () => {
  delete process.env.BUILDIUM_REQUESTS_PER_SECOND;
  await sandbox?.close();
  await store?.cleanup();
});

const count = async (model: ModelName): Promise<number> =>
  Number((await store.db.selectFrom(model).select((eb) => eb.fn.countAll().as('n')).where('integration_id', '=', integration.id).executeTakeFirstOrThrow()).n);

async function requests(): Promise<RecordedRequest[]> {
  return ((await (await fetch(`${sandbox.url}/__sandbox/requests`)).json()) as { requests: RecordedRequest[] }).requests;
}

describe(`Buildium sync against the sandbox (${storageMode})`, () => {
  it('a full sync at Buildium\'s 10 requests/s stores exactly the sandbox records, without one 429; every request and answer matches Buildium\'s spec', async () => {
    const run = await runSync(deps, integration.id);
    expect(run.error).toBeNull();
    expect(run.state).toBe('succeeded');
    const sent = await requests();
    const c = sandbox.getInfo().counts;
    const staff = ((await (await fetch(`${sandbox.url}/v1/users?usertypes=Staff&limit=1000`, { headers: { 'x-buildium-client-id': sandbox.clientId, 'x-buildium-client-secret': sandbox.secret } })).json()) as unknown[]).length;
    expect(await count('properties')).toBe(c.rentals);
    expect(await count('units')).toBe(c.units);
    // Staff belong to the account: each is an employee of every rental (employees are per property).
    expect(await count('employees')).toBe(staff * (c.rentals as number));
    expect(await count('applicants')).toBe(c.applicants);
    expect(await count('residents')).toBe(c.tenants);
    // Every note, and every phone log but the one with a rental owner.
    expect(await count('events')).toBe((c.applicantNotes as number) + (c.tenantNotes as number) + (c.phoneLogs as number) - 1);
    expect(sent.filter((r) => r.status === 429)).toEqual([]);
    expectSpecExchanges(sent);
    // Lists are always ordered by the unique Id, so pages cannot shift.
    expect(sent.filter((r) => r.method === 'GET' && !new URLSearchParams(r.query).has('orderby'))).toEqual([]);
  });

  it('maps a note and a phone log to events of their person, with Buildium\'s times in UTC', async () => {
    const { applicantId, tenantId } = sandbox.getInfo().examples;
    const notes = ((await (await fetch(`${sandbox.url}/__sandbox/notes?applicantId=${applicantId}`)).json()) as { notes: Array<{ Id: number; Note: string; updated: string }> }).notes;
    const applicant = await store.db.selectFrom('applicants').select(['id', 'property_id']).where('x_id', '=', String(applicantId)).executeTakeFirstOrThrow();
    for (const n of notes) {
      const e = await store.db.selectFrom('events').select(['data', 'property_id']).where('x_id', '=', `applicant_note:${n.Id}`).executeTakeFirstOrThrow();
      const data = JSON.parse(e.data) as Record<string, unknown>;
      expect(data).toMatchObject({ event_name: 'Applicant note', notes: n.Note, event_datetime: n.updated, associated_applicant_ids: [applicant.id], associated_resident_ids: [] });
      expect(e.property_id).toBe(applicant.property_id);
    }
    const resident = await store.db.selectFrom('residents').select(['id']).where('x_id', '=', String(tenantId)).executeTakeFirstOrThrow();
    const calls = await store.db.selectFrom('events').select(['data']).where('x_id', 'like', 'phone_log:%').execute();
    const mine = calls.map((r) => JSON.parse(r.data) as { associated_resident_ids: string[]; event_name: string }).filter((d) => d.associated_resident_ids.includes(resident.id));
    expect(mine.every((d) => d.event_name === 'Phone call')).toBe(true);
  });

  it('an incremental sync brings in a new note and leaves everything else untouched; its calls are one per person, as Buildium lists notes only per person', async () => {
    process.env.BUILDIUM_REQUESTS_PER_SECOND = '1000';
    sandbox.setRateLimit(0);
    const { tenantId } = sandbox.getInfo().examples;
    const before = await store.db.selectFrom('events').select(['id', 'updated_at']).orderBy('id').execute();
    await fetch(`${sandbox.url}/__sandbox/requests`, { method: 'DELETE' });
    const res = await fetch(`${sandbox.url}/__sandbox/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenantId, note: 'Written in Buildium after the first sync' }) });
    const added = ((await res.json()) as { note: { Id: number } }).note;
    const run = await runSync(deps, integration.id);
    expect(run.error).toBeNull();
    const event = await store.db.selectFrom('events').select(['data']).where('x_id', '=', `tenant_note:${added.Id}`).executeTakeFirstOrThrow();
    expect(JSON.parse(event.data)).toMatchObject({ event_name: 'Resident note', notes: 'Written in Buildium after the first sync' });
    const after = new Map((await store.db.selectFrom('events').select(['id', 'updated_at']).execute()).map((r) => [r.id, r.updated_at]));
    expect(after.size).toBe(before.length + 1);
    for (const b of before) expect(after.get(b.id)).toBe(b.updated_at);

    const sent = await requests();
    expectSpecExchanges(sent);
    const c = sandbox.getInfo().counts;
    const notesCalls = sent.filter((r) => /\/notes$/.test(r.path));
    expect(notesCalls).toHaveLength((c.applicants as number) + (c.tenants as number));
    expect(notesCalls.every((r) => new URLSearchParams(r.query).has('updateddatetimefrom'))).toBe(true);
    // Everything else is a handful of list pages, whatever the number of people.
    expect(sent.length - notesCalls.length).toBeLessThanOrEqual(10);
    // Incremental lists ask only for what changed since the last run (the employees' full list of rentals aside).
    const since = (path: string) => sent.filter((x) => x.path === path).map((x) => new URLSearchParams(x.query).has('lastupdatedfrom'));
    expect(since('/v1/rentals/units')).toEqual([true]);
    expect(since('/v1/rentals')).toContain(true);
    expect(since('/v1/applicants').filter(Boolean)).toHaveLength(1);
  });
});
