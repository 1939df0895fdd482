import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWriteHarness, type WriteHarness } from './writeHarness.ts';

// kill -9 of a worker process in the middle of a batch of writes: after a new worker starts,
// every job ends and the sandbox holds each event exactly once.
const N = 40;
let w: WriteHarness;
const children: ChildProcess[] = [];
beforeAll(async () => {
  // The API takes jobs; only the child processes work them.
  w = await createWriteHarness({ worker: { start: false } });
}, 60_000);
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await w?.close();
});

function startWorker(): Promise<ChildProcess> {
  const fixture = fileURLToPath(new URL('./crashWorker.fixture.ts', import.meta.url));
  const s = w.h.store;
  const env = {
    ...process.env,
    LW_SECRET_KEY: w.h.secretKey.toString('hex'),
    ...(s.sqlitePath ? { LW_SQLITE_PATH: s.sqlitePath } : {}),
    ...(s.databaseUrl ? { LW_DATABASE_URL: s.databaseUrl } : {}),
    ...(s.pgSchema ? { LW_PG_SCHEMA: s.pgSchema } : {}),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`the worker exited (${code}) before it was ready`)));
  });
}

const statusCounts = async (): Promise<Record<string, number>> => {
  const rows = await w.h.store.db.selectFrom('write_jobs').select(['status']).execute();
  return rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
};

/** What the queue holds, for a failure message: a stall must say where the jobs are. */
async function queueState(): Promise<string> {
  const s = w.h.store;
  const db = s.db;
  try {
    if (s.pgSchema) {
      const { sql } = await import('kysely');
      const jobs = await sql<Record<string, unknown>>`SELECT id, queue_name, attempts, max_attempts, run_at, locked_at, locked_by, last_error FROM ${sql.table(`${s.pgSchema}_worker.jobs`)} ORDER BY id`.execute(db);
      const queues = await sql<Record<string, unknown>>`SELECT queue_name, locked_at, locked_by FROM ${sql.table(`${s.pgSchema}_worker._private_job_queues`)} WHERE locked_at IS NOT NULL`.execute(db);
      const workers = await db.selectFrom('queue_workers').selectAll().execute();
      return JSON.stringify({ now: new Date().toISOString(), jobs: jobs.rows, lockedQueues: queues.rows, workers }, null, 1);
    }
    return JSON.stringify(await db.selectFrom('queue_jobs').selectAll().execute(), null, 1);
  } catch (err) {
    return `(could not read the queue: ${String(err)})`;
  }
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`condition not met in time; write jobs ${JSON.stringify(await statusCounts())}; queue:\n${await queueState()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('crash of a worker process (kill -9)', () => {
  it(`${N} writes: the killed worker's jobs finish on the next worker, no duplicate events`, async () => {
    const leads = (await w.rows('leads', '100101')).slice(0, 10);
    const type = await w.pick('event_types', '100101', '8');
    // Slow sends, and some commit-then-drop, so the kill lands while sends are in flight.
    await w.setFaults({ 'leads/updateLeads': [{ kind: 'latency', ms: 60 }, { kind: 'drop', every: 7 }] });
    const jobs: string[] = [];
    for (let i = 0; i < N; i++) {
      const lead = leads[i % leads.length]!;
      const res = await w.post('/v1/events/leads/entrata/', { integration_id: w.integrationId, lead_id: lead.id, event_type_id: type.id, event_datetime: `2026-05-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00-06:00`, notes: `crash ${i}` });
      expect(res.statusCode, res.body).toBe(200);
      jobs.push(res.json().meta.job_id as string);
    }

    const first = await startWorker();
    await until(async () => ((await statusCounts()).SUCCESS ?? 0) >= 8, 60_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atKill = await statusCounts();
    expect(atKill.PENDING ?? 0).toBeGreaterThan(0);

    const second = await startWorker();
    await until(async () => ((await statusCounts()).PENDING ?? 0) === 0, 90_000);
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));
    await w.setFaults({});

    expect(await statusCounts()).toEqual({ SUCCESS: N });
    const byNote = new Map<string, number>();
    for (const lead of leads) {
      for (const e of await w.sandboxEvents(`applicationId=${String(lead.internal.application_id)}&origin=api`)) byNote.set(e.comments ?? '', (byNote.get(e.comments ?? '') ?? 0) + 1);
    }
    for (let i = 0; i < N; i++) expect(byNote.get(`crash ${i}`), `crash ${i}`).toBe(1);
    const created = await w.h.store.db.selectFrom('write_jobs').select('created_record_id').where('created_record_id', 'is not', null).execute();
    expect(created).toHaveLength(N);
  }, 180_000);
});
