import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WRITE_MAX_ATTEMPTS } from '../../src/writes/writeJobs.ts';
import { runFaultBatch } from './faultBatch.ts';
import { createWriteHarness, personAt, type WriteHarness } from './writeHarness.ts';

// Exactly once under the sandbox's faults, permanent failures, the outbox and retry-write.
// The 500-write run is test/writes/scripts/faults500.ts; the suite runs a smaller batch.
const N = 60;
let w: WriteHarness;
beforeAll(async () => {
  w = await createWriteHarness({ worker: { concurrency: 4 } });
}, 60_000);
afterAll(() => w?.close());

const outbox = () => w.h.store.db.selectFrom('sync_outbox').selectAll().where('event', '=', 'WRITE_OPERATION_FAILURE').execute();

async function notesWrite(skip: number, extra: Record<string, unknown> = {}) {
  const lead = await personAt(w, 'leads', '100101', skip);
  const type = await w.pick('event_types', '100101', '8');
  const res = await w.post('/v1/events/leads/entrata/', { integration_id: w.integrationId, lead_id: lead.id, event_type_id: type.id, event_datetime: '2026-04-01T10:00:00-06:00', ...extra });
  expect(res.statusCode, res.body).toBe(200);
  return { lead, jobId: res.json().meta.job_id as string };
}

describe('write faults (sandbox)', () => {
  it(`${N} writes under 20 % transient errors, commit-then-drop and 429s: all SUCCESS, exactly ${N} new events`, async () => {
    const r = await runFaultBatch(w, N, { applications: 20 });
    expect(r.statuses).toEqual({ SUCCESS: N });
    expect(r.withCreatedRecord).toBe(N);
    expect(r.newEvents).toBe(N);
    expect(r.mismatched).toEqual([]);
    expect(r.duplicates).toEqual([]);
    // Every kind of fault happened at least once (the batch is large enough for each).
    expect(r.fired['leads/updateLeads drop']).toBeGreaterThan(0);
    expect(r.fired['leads/updateLeads throttle']).toBeGreaterThan(0);
    expect(r.fired['leads/updateLeads envelope']).toBeGreaterThan(0);
  }, 180_000);

  it('a per-prospect refusal ends FAILURE with Entrata’s reason, and goes to the outbox', async () => {
    // The lead's email changed in Entrata after our last sync: our checks pass, Entrata refuses email_to.
    const lead = await personAt(w, 'leads', '100101', 25);
    const email = String(lead.data.email_1);
    const setEmail = (to: string) => fetch(`${w.h.sandbox.url}/__sandbox/mutations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ op: 'updateLead', applicationId: Number(lead.applicationId), email: to }) });
    expect((await setEmail('elsewhere@example.com')).status).toBe(200);
    try {
      const emailType = await w.pick('event_types', '100101', '2');
      const { jobId } = await notesWrite(25, { event_type_id: emailType.id, email_from: 'office@example.com', email_to: email });
      const s = await w.settle(jobId);
      expect(s.write_status).toBe('FAILURE');
      expect(s.errors[0]).toMatch(/^Entrata refused the event: .*must be the lead's primary email/);
      const row = (await outbox()).find((o) => JSON.parse(o.payload).root_job_id === jobId);
      expect(JSON.parse(row!.payload)).toEqual({ event: 'WRITE_OPERATION_FAILURE', integration_id: w.integrationId, vendor: 'ENTRATA', root_job_id: jobId, write_status: 'FAILURE', errors: s.errors });
      expect(row!.account_id).toBe(w.h.integration.account_id);
    } finally {
      await setEmail(email);
    }
  });

  it('transient errors past the attempt budget end FAILURE', async () => {
    await w.setFaults({ 'leads/updateLeads': [{ kind: 'envelope', code: 500 }] });
    try {
      const { jobId } = await notesWrite(26, { notes: 'budget' });
      const s = await w.settle(jobId, 60_000);
      expect(s.write_status).toBe('FAILURE');
      expect(s.errors[0]).toMatch(new RegExp(`gave up after ${WRITE_MAX_ATTEMPTS} attempts: Entrata failed internally`));
    } finally {
      await w.setFaults({});
    }
  }, 60_000);

  it('retry-write: refused for a job that did not fail, succeeds once the fault is cleared', async () => {
    // The lead's email changes in Entrata after our last sync: Entrata refuses email_to until it is put back.
    const lead = await personAt(w, 'leads', '100101', 27);
    const email = String(lead.data.email_1);
    const setEmail = (to: string) => fetch(`${w.h.sandbox.url}/__sandbox/mutations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ op: 'updateLead', applicationId: Number(lead.applicationId), email: to }) });
    expect((await setEmail('moved@example.com')).status).toBe(200);
    const emailType = await w.pick('event_types', '100101', '2');
    const { jobId } = await notesWrite(27, { notes: 'retry me', event_type_id: emailType.id, email_from: 'office@example.com', email_to: email });
    const failed = await w.settle(jobId);
    expect(failed.write_status).toBe('FAILURE');
    expect(failed.errors[0]).toMatch(/^Entrata refused the event: .*must be the lead's primary email/);
    expect((await setEmail(email)).status).toBe(200);

    const retry = await w.post(`/v1/admin/retry-write/${jobId}`, {});
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json()).toEqual({ success: true, job_id: expect.any(String) });
    const newJob = retry.json().job_id as string;
    expect(newJob).not.toBe(jobId);
    const ok = await w.settle(newJob);
    expect(ok.write_status).toBe('SUCCESS');
    expect(ok.created_record_id).toEqual(expect.any(String));
    expect((await w.sandboxEvents(`applicationId=${lead.applicationId}&origin=api`)).filter((e) => e.comments === 'retry me')).toHaveLength(1);

    const again = await w.post(`/v1/admin/retry-write/${newJob}`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'not_retryable', message: expect.stringMatching(/is SUCCESS; only FAILURE writes can be retried/) });
    expect((await w.post('/v1/admin/retry-write/wj_nope', {})).statusCode).toBe(404);
  });

  it('a retry of a write whose send may have landed looks for the event first and does not send again', async () => {
    await w.setFaults({ 'leads/updateLeads': [{ kind: 'envelope', code: 500 }] });
    const { lead, jobId } = await notesWrite(28, { notes: 'maybe landed' });
    expect((await w.settle(jobId, 60_000)).write_status).toBe('FAILURE');
    await w.setFaults({});
    // As if the last send had reached Entrata and its answer was lost: the event exists, the job says SENT.
    const added = await fetch(`${w.h.sandbox.url}/__sandbox/mutations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ op: 'addEvent', applicationId: Number(lead.applicationId), event: { typeId: 8, date: '04/01/2026 10:00:00', comments: 'maybe landed' } }),
    });
    const eventId = String(((await added.json()) as { results: Array<{ eventId: number }> }).results[0]!.eventId);
    await w.h.store.db.updateTable('write_jobs').set({ phase: 'SENT' }).where('id', '=', jobId).execute();
    const sends = async () => ((await (await fetch(`${w.h.sandbox.url}/__sandbox/requests?service=leads&method=updateLeads`)).json()) as { requests: unknown[] }).requests.length;
    const before = await sends();

    const retry = await w.post(`/v1/admin/retry-write/${jobId}`, {});
    const ok = await w.settle(retry.json().job_id as string);
    expect(ok.write_status).toBe('SUCCESS');
    expect(await sends()).toBe(before);
    expect((await w.get(`/v1/events/${ok.created_record_id}`)).json().results.x_id).toBe(eventId);
    expect((await w.sandboxEvents(`applicationId=${lead.applicationId}`)).filter((e) => e.comments === 'maybe landed')).toHaveLength(1);
  }, 60_000);
});
