import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageMode } from '../support/store.ts';
import { createBuildiumWriteHarness, type BuildiumWriteHarness } from './buildiumHarness.ts';

// kill -9 of a worker process in the middle of a batch of Buildium notes, some of whose answers
// are dropped after the note was created: after a new worker starts, every job ends and Buildium
// holds each note exactly once.
const N = 30;
let w: BuildiumWriteHarness;
const children: ChildProcess[] = [];
beforeAll(async () => {
  // The API takes jobs; only the child processes work them.
  w = await createBuildiumWriteHarness({ worker: { start: false } });
}, 60_000);
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await w?.close();
});

function startWorker(): Promise<ChildProcess> {
  const fixture = fileURLToPath(new URL('./crashWorker.fixture.ts', import.meta.url));
  const s = w.store;
  const env = {
    ...process.env,
    LW_SECRET_KEY: w.secretKey.toString('hex'),
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
  const rows = await w.store.db.selectFrom('write_jobs').select(['status']).where('integration_id', '=', w.integration.id).execute();
  return rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
};

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`condition not met in time; write jobs ${JSON.stringify(await statusCounts())}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe(`crash of a worker process during Buildium note writes (${storageMode})`, () => {
  it(`${N} notes: the killed worker's jobs finish on the next worker; 0 lost, 0 duplicate notes`, async () => {
    const applicants = (await w.people('applicants')).slice(0, 5);
    const residents = (await w.people('residents')).slice(0, 5);
    // Slow sends, and some created-then-dropped, so the kill lands while sends are in flight.
    w.setFaults({ CreateApplicantNote: [{ kind: 'latency', ms: 60 }, { kind: 'drop', every: 5 }], CreateTenantNote: [{ kind: 'latency', ms: 60 }, { kind: 'drop', every: 4 }] });
    for (let i = 0; i < N; i++) {
      const onApplicant = i % 2 === 0;
      const person = onApplicant ? applicants[i % 5]! : residents[i % 5]!;
      const res = await w.post(onApplicant ? '/v1/events/applicants/buildium/' : '/v1/events/residents/buildium/', { integration_id: w.integration.id, [onApplicant ? 'applicant_id' : 'resident_id']: person.id, notes: `crash ${i}` });
      expect(res.statusCode, res.body).toBe(200);
    }

    const first = await startWorker();
    await until(async () => ((await statusCounts()).SUCCESS ?? 0) >= 6, 60_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect((await statusCounts()).PENDING ?? 0).toBeGreaterThan(0);

    const second = await startWorker();
    await until(async () => ((await statusCounts()).PENDING ?? 0) === 0, 90_000);
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));
    w.setFaults({});

    expect(await statusCounts()).toEqual({ SUCCESS: N });
    const byText = new Map<string, number>();
    for (const n of await w.writtenNotes()) byText.set(n.Note, (byText.get(n.Note) ?? 0) + 1);
    for (let i = 0; i < N; i++) expect(byText.get(`crash ${i}`), `crash ${i}`).toBe(1);
    const created = await w.store.db.selectFrom('write_jobs').select(['created_record_id', 'x_record_id']).where('integration_id', '=', w.integration.id).execute();
    expect(created.filter((c) => c.created_record_id !== null)).toHaveLength(N);
    expect(new Set(created.map((c) => c.x_record_id)).size).toBe(N);
  }, 180_000);
});
