import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WRITE_MAX_ATTEMPTS } from '../../src/writes/writeJobs.ts';
import { createWriteHarness, personAt, type WriteHarness } from './writeHarness.ts';

// A 429 with Retry-After from Entrata (the sandbox's throttle fault) schedules the next attempt at
// least Retry-After later, not after the queue's own backoff (20–200 ms in tests). The test reads
// the scheduled run_at from the queue rather than timing anything, so machine speed does not matter.
const RETRY_AFTER_S = 2;
let w: WriteHarness;
beforeAll(async () => {
  w = await createWriteHarness({ worker: { concurrency: 2 } });
}, 60_000);
afterAll(() => w?.close());
afterEach(() => w?.setFaults({}));

interface LogEntry {
  at: string;
  attempt: number;
  action: string;
  reason: string;
}

const logOf = async (jobId: string): Promise<LogEntry[]> => {
  const row = await w.h.store.db.selectFrom('write_jobs').select('log').where('id', '=', jobId).executeTakeFirstOrThrow();
  return JSON.parse(row.log) as LogEntry[];
};

/** The queue job scheduled for a write after a Retry-After, from whichever queue the store uses. */
async function scheduled(jobId: string): Promise<{ runAt: number; maxAttempts: number; attemptsBefore: number } | undefined> {
  const key = `write-retry:${jobId}`;
  if (w.h.store.dialect === 'sqlite') {
    const row = await w.h.store.db.selectFrom('queue_jobs').select(['run_at', 'max_attempts', 'payload']).where('job_key', '=', key).executeTakeFirst();
    return row && { runAt: Date.parse(row.run_at), maxAttempts: row.max_attempts, attemptsBefore: (JSON.parse(row.payload) as { attempts_before: number }).attempts_before };
  }
  // graphile-worker (its jobs view has no payload): our envelope {p: payload, a, m} is its payload.
  const { rows } = await sql<{ run_at: Date; payload: { p: { attempts_before: number }; m: number } }>`SELECT run_at, payload FROM ${sql.table(`${w.h.store.pgSchema}_worker._private_jobs`)} WHERE key = ${key}`.execute(w.h.store.db);
  const row = rows[0];
  return row && { runAt: row.run_at.getTime(), maxAttempts: row.payload.m, attemptsBefore: row.payload.p.attempts_before };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('429 with Retry-After (sandbox)', () => {
  it(`schedules the next attempt at least Retry-After (${RETRY_AFTER_S} s) later, then succeeds once`, async () => {
    const lead = await personAt(w, 'leads', '100101', 5);
    const type = await w.pick('event_types', '100101', '8');
    await w.setFaults({ 'leads/updateLeads': [{ kind: 'throttle', retryAfter: RETRY_AFTER_S, times: 1 }] });
    const res = await w.post('/v1/events/leads/entrata/', { integration_id: w.integrationId, lead_id: lead.id, event_type_id: type.id, event_datetime: '2026-04-01T10:00:00-06:00', notes: 'throttled once' });
    expect(res.statusCode, res.body).toBe(200);
    const jobId = res.json().meta.job_id as string;

    // The first attempt is throttled: its log entry, and the next attempt's queue job.
    const first = await until('the throttled attempt', async () => (await logOf(jobId))[0]);
    expect(first).toMatchObject({ attempt: 1, action: 'retry', reason: expect.stringMatching(/HTTP 429, Retry-After 2 s\); next attempt in 2\.\d s, as its Retry-After asked$/) });
    const next = await until('the rescheduled attempt', () => scheduled(jobId));
    const delay = next.runAt - Date.parse(first.at);
    expect(delay).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000);
    // At most the 10 % jitter, plus the moments between the log entry and the enqueue (generous).
    expect(delay).toBeLessThan(RETRY_AFTER_S * 1100 + 5000);
    expect(next).toMatchObject({ attemptsBefore: 1, maxAttempts: WRITE_MAX_ATTEMPTS - 1 });

    const done = await w.settle(jobId, 30_000);
    expect(done).toMatchObject({ write_status: 'SUCCESS', errors: [], created_record_id: expect.any(String) });
    const log = await logOf(jobId);
    expect(log.map((e) => [e.attempt, e.action])).toEqual([
      [1, 'retry'],
      [2, 'succeed'],
    ]);
    // The second attempt ran no earlier than it was scheduled (a lower bound: a slow machine only adds).
    expect(Date.parse(log[1]!.at)).toBeGreaterThanOrEqual(next.runAt - 5);
    expect((await w.sandboxEvents(`applicationId=${lead.applicationId}&origin=api`)).filter((e) => e.comments === 'throttled once')).toHaveLength(1);
  }, 40_000);

  it('without Retry-After a transient error keeps the queue’s short backoff', async () => {
    const lead = await personAt(w, 'leads', '100101', 6);
    const type = await w.pick('event_types', '100101', '8');
    await w.setFaults({ 'leads/updateLeads': [{ kind: 'envelope', code: 310, times: 1 }] });
    const res = await w.post('/v1/events/leads/entrata/', { integration_id: w.integrationId, lead_id: lead.id, event_type_id: type.id, event_datetime: '2026-04-01T10:00:00-06:00', notes: 'busy once' });
    const jobId = res.json().meta.job_id as string;
    expect((await w.settle(jobId)).write_status).toBe('SUCCESS');
    const log = await logOf(jobId);
    expect(log.map((e) => e.action)).toEqual(['retry', 'succeed']);
    expect(log[0]!.reason).not.toMatch(/Retry-After/);
    expect(await scheduled(jobId)).toBeUndefined();
  });
});
