import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSync } from '../../src/sync/engine.ts';
import { progressOf } from '../../src/sync/runs.ts';
import { asReadFromEntrata } from '../support/profile.ts';
import { countOf, createSyncHarness, snapshot, type SyncHarness } from './harness.ts';

// End to end against the Entrata sandbox (small dataset), in the storage mode of TEST_DATABASE_URL.
let h: SyncHarness;
beforeAll(async () => {
  h = await createSyncHarness();
});
afterAll(() => h?.close());

const count = countOf;

describe('sync against the Entrata sandbox', () => {
  it('a full sync stores exactly the sandbox records, with event times in UTC', async () => {
    const run = await runSync(h.deps, h.integration.id);
    expect(run.error).toBeNull();
    expect(run.state).toBe('succeeded');
    const c = h.sandbox.getInfo().counts;
    expect(await count(h, 'properties')).toBe(c.properties);
    expect(await count(h, 'units')).toBe(c.units);
    // Each sandbox agent works at one property: one employee per (property, agent).
    expect(await count(h, 'employees')).toBe(c.leasingAgents);
    // Pick lists are per property: one record per (property, item).
    expect(await count(h, 'lead_sources')).toBe(c.leadSources * c.properties);
    expect(await count(h, 'event_types')).toBe(c.eventTypes * c.properties);
    expect(await count(h, 'event_results')).toBe(c.eventResults * c.properties);
    // People accumulate along the lifecycle (propexo-events.md §2.1 [KB]): every application is a
    // lead; those at applicant or resident stage (the sandbox's own stage counts) are applicants too;
    // every lease customer (one per sandbox lease) is a resident.
    expect(await count(h, 'leads')).toBe(c.prospects);
    expect(await count(h, 'applicants')).toBe(c.applicants + c.residents);
    expect(await count(h, 'residents')).toBe(c.leases);
    expect(await count(h, 'events')).toBe(c.events);
    // First sync: no DATA_* rows, one FIRST_SYNC_COMPLETE.
    const outbox = await h.store.db.selectFrom('sync_outbox').select('event').execute();
    expect(outbox.map((o) => o.event)).toEqual(['FIRST_SYNC_COMPLETE']);

    // Check a sample of applications (the sandbox lists events per application) event by event.
    const stored = await h.store.db.selectFrom('events').select(['x_id', 'data', 'internal']).execute();
    const applicantApps = new Set((await h.store.db.selectFrom('applicants').select('internal').execute()).map((r) => (JSON.parse(r.internal!) as { application_id: string }).application_id));
    const residentApps = new Set((await h.store.db.selectFrom('residents').select('internal').execute()).map((r) => (JSON.parse(r.internal!) as { application_id: string }).application_id));
    const apps = [...new Set(stored.map((r) => (JSON.parse(r.internal!) as { application_id: string }).application_id))].filter((_, i) => i % 25 === 0);
    const byXId = new Map(stored.map((r) => [r.x_id, r]));
    let checked = 0;
    for (const app of apps) {
      const body = (await (await fetch(`${h.sandbox.url}/__sandbox/events?applicationId=${app}`)).json()) as { events: Array<{ eventId: number; date: { utc: string }; comments: string | null; typeId: number }> };
      for (const e of body.events) {
        const data = JSON.parse(byXId.get(String(e.eventId))!.data) as Record<string, unknown> & { associated_lead_ids: string[]; associated_applicant_ids: string[]; associated_resident_ids: string[] };
        expect(data.event_datetime).toBe(asReadFromEntrata(e.date.utc));
        expect(data.notes).toBe(e.comments);
        expect(data.x_type_id).toBe(String(e.typeId));
        // Always the application's lead; its applicant and resident when it got that far.
        expect(data.associated_lead_ids).toHaveLength(1);
        expect(data.associated_applicant_ids).toHaveLength(applicantApps.has(app) ? 1 : 0);
        expect(data.associated_resident_ids).toHaveLength(residentApps.has(app) ? 1 : 0);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('an incremental sync picks up exactly the mutations, and unchanged records keep updated_at', async () => {
    // A lead-stage application, so the email change touches one lead and no applicant.
    const lead = await h.store.db.selectFrom('leads').select(['x_id', 'x_property_id', 'updated_at']).where('x_id', '=', String(h.sandbox.info.examples.leadApplicationId)).executeTakeFirstOrThrow();
    const untouched = await h.store.db.selectFrom('leads').select(['id', 'updated_at']).where('x_id', '!=', lead.x_id).orderBy('x_id').limit(5).execute();
    const res = await fetch(`${h.sandbox.url}/__sandbox/mutations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { op: 'addLead', propertyId: Number(lead.x_property_id), firstName: 'Nova', lastName: 'Incremental', email: 'nova@example.com' },
        { op: 'updateLead', applicationId: Number(lead.x_id), email: 'changed@example.com' },
        { op: 'addEvent', applicationId: Number(lead.x_id), event: { typeId: 8, comments: 'mutation note' } },
      ]),
    });
    expect(res.status).toBe(200);
    const run = await runSync(h.deps, h.integration.id);
    expect(run.error).toBeNull();
    const p = progressOf(run);
    expect(p.leads).toMatchObject({ new: 1, updated: 1 });
    expect(p.applicants).toMatchObject({ new: 0, updated: 0 });
    expect(p.events?.new).toBe(1);
    expect(p.events?.updated).toBe(0);
    const changed = await h.store.db.selectFrom('leads').select(['data', 'updated_at']).where('x_id', '=', lead.x_id).executeTakeFirstOrThrow();
    expect(JSON.parse(changed.data).email_1).toBe('changed@example.com');
    for (const u of untouched) {
      const now = await h.store.db.selectFrom('leads').select('updated_at').where('id', '=', u.id).executeTakeFirstOrThrow();
      expect(now.updated_at).toBe(u.updated_at);
    }
    const outbox = await h.store.db.selectFrom('sync_outbox').select(['event', 'model', 'payload']).where('run_id', '=', run.id).execute();
    expect(outbox.filter((o) => o.event === 'DATA_NEW').map((o) => o.model).sort()).toEqual(['events', 'leads']);
    const update = outbox.find((o) => o.event === 'DATA_UPDATE' && o.model === 'leads');
    expect(JSON.parse(update!.payload).diff.new).toMatchObject({ email_1: 'changed@example.com' });
    expect(outbox.at(-1)?.event).toBe('SYNC_COMPLETE');
  });

  it('with transient faults, latency and 429s the result equals a clean run', async () => {
    const clean = await createSyncHarness();
    const faulty = await createSyncHarness({
      faults: {
        '*': [
          { kind: 'http', status: 503, rate: 0.2 },
          { kind: 'envelope', code: 500, rate: 0.05 },
          { kind: 'latency', ms: 15, rate: 0.3 },
          { kind: 'throttle', retryAfter: 1, every: 25, times: 2 },
        ],
      },
    });
    try {
      const [a, b] = [await runSync(clean.deps, clean.integration.id), await runSync(faulty.deps, faulty.integration.id)];
      expect(a.state).toBe('succeeded');
      expect(b.error).toBeNull();
      expect(b.state).toBe('succeeded');
      expect(await snapshot(faulty)).toEqual(await snapshot(clean));
    } finally {
      await clean.close();
      await faulty.close();
    }
  }, 120_000);

  it('wrong credentials fail fast with a clear error', async () => {
    const bad = await createSyncHarness({ credentials: { subdomain: 'sandbox', username: 'nobody', password: 'wrong', base_url: 'http://127.0.0.1:1' } });
    try {
      // Point at the real sandbox with a wrong password.
      const creds = { subdomain: bad.sandbox.info.subdomain, username: bad.sandbox.info.username, password: 'wrong', base_url: bad.sandbox.url };
      await bad.store.db.updateTable('integrations').set({ credentials: bad.sealer.seal(JSON.stringify(creds)) }).where('id', '=', bad.integration.id).execute();
      const started = Date.now();
      const run = await runSync(bad.deps, bad.integration.id);
      expect(run.state).toBe('failed');
      expect(run.error).toMatch(/refused the credentials/);
      expect(Date.now() - started).toBeLessThan(5000);
      // can_authenticate follows the PMS's answer.
      const row = await bad.store.db.selectFrom('integrations').select(['can_authenticate', 'credentials_check']).where('id', '=', bad.integration.id).executeTakeFirstOrThrow();
      expect(row.can_authenticate).toBe(0);
      expect(JSON.parse(row.credentials_check ?? '{}')).toMatchObject({ status: 'refused', call: 'sync', message: run.error });
      const outbox = await bad.store.db.selectFrom('sync_outbox').select('event').execute();
      expect(outbox.map((o) => o.event)).toEqual(['JOB_FAILURE']);
    } finally {
      await bad.close();
    }
  });
});
