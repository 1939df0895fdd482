import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../sandbox/entrata/index.ts';
import { testDatabaseUrl } from '../support/store.ts';
import { deployment, postNote, provision, statusCounts, writeTargets, type Deployment } from './deployment.ts';
import { killAll, waitFor, type Running } from './processes.ts';

/**
 * Production shape on PostgreSQL: 2 API and 3 worker processes share one database; 2,000 writes
 * spread over both APIs; one worker is SIGKILLed halfway. Every job must end SUCCESS with exactly
 * one event per write in the PMS. A dead worker's jobs are taken over once its queue heartbeat is
 * older than the lock timeout (30 s), which bounds this test's duration from below.
 */
const N = 2000;
const IN_FLIGHT = 16;

let d: Deployment;
let sandbox: SandboxHandle;
beforeAll(async () => {
  if (!testDatabaseUrl) return;
  d = deployment();
  sandbox = await startSandbox({ port: 0, seed: 42, size: 'small', quiet: true, maxRecordedRequests: 100_000 });
}, 60_000);
afterAll(async () => {
  killAll();
  await sandbox?.close();
  await d?.cleanup();
});

describe.skipIf(!testDatabaseUrl)('PostgreSQL: 2 serve + 3 worker processes', () => {
  it(`${N} writes over both APIs, one worker SIGKILLed halfway: all SUCCESS, exactly ${N} new events, nothing twice`, async () => {
    const t0 = Date.now();
    const { key, integrationId } = await provision(d, sandbox);
    const integration = { id: integrationId };

    const [apis, workers] = await Promise.all([Promise.all([d.serve(), d.serve()]), Promise.all([d.worker(), d.worker(), d.worker()])]);
    const targets = await writeTargets(d, integration.id);
    expect(targets.length).toBeGreaterThan(50);
    const started = Date.now();

    let next = 0;
    let killed: Running | null = null;
    const jobs: string[] = [];
    const send = async () => {
      for (let n = next++; n < N; n = next++) {
        const t = targets[n % targets.length]!;
        const body = { integration_id: integration.id, lead_id: t.leadId, event_type_id: t.eventTypeId, event_datetime: `2026-0${1 + (n % 9)}-1${n % 10}T10:00:00-06:00`, notes: `scale ${n}` };
        jobs.push(await postNote(apis[n % 2]!.url, key, body));
      }
    };
    const sending = Promise.all(Array.from({ length: IN_FLIGHT }, send));
    // Halfway through the work (not the sending): kill a worker that is busy.
    await waitFor('half the writes done', async () => ((await statusCounts(d)).SUCCESS ?? 0) >= N / 2, 240_000);
    killed = workers[0]!;
    killed.child.kill('SIGKILL');
    await sending;
    const counts = await waitFor('every write decided', async () => {
      const c = await statusCounts(d);
      return (c.PENDING ?? 0) === 0 && (c.SUCCESS ?? 0) + (c.FAILURE ?? 0) === N ? c : undefined;
    }, 240_000);
    const elapsed = (Date.now() - started) / 1000;
    expect(counts).toEqual({ SUCCESS: N });
    expect(new Set(jobs).size).toBe(N);

    const events = ((await (await fetch(`${sandbox.url}/__sandbox/events?origin=api`)).json()) as { events: Array<{ applicationId: number; comments: string | null }> }).events;
    expect(events).toHaveLength(N);
    const notes = new Set(events.map((e) => e.comments));
    expect(notes.size, 'no write reached the PMS twice').toBe(N);
    const calls = ((await (await fetch(`${sandbox.url}/__sandbox/requests?service=leads&method=updateLeads&outcome=ok`)).json()) as { requests: unknown[] }).requests;
    expect(calls).toHaveLength(N);

    // The surviving processes stop cleanly.
    for (const p of [...apis, workers[1]!, workers[2]!]) p.child.kill('SIGTERM');
    for (const p of [...apis, workers[1]!, workers[2]!]) expect(await p.exited).toBe(0);
    expect(await killed.exited).toBe('SIGKILL');
    console.log(`postgres scale: ${N} writes in ${elapsed.toFixed(1)} s after start-up (${(N / elapsed).toFixed(0)}/s, including the 30 s takeover); whole test ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }, 480_000);
});
