import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../sandbox/entrata/index.ts';
import { deployment, postNote, provision, statusCounts, writeTargets, type Deployment } from './deployment.ts';
import { killAll, waitFor } from './processes.ts';

/**
 * SIGTERM to a busy `leasewire worker`: it takes no new job, finishes (or releases) the ones in
 * flight and exits 0; a second worker then ends every job SUCCESS, each event written once.
 * Each updateLeads takes 1 s in the sandbox, so the signal always lands while sends are in flight.
 * Storage mode follows TEST_DATABASE_URL.
 */
const N = 20;
let d: Deployment;
let sandbox: SandboxHandle;
beforeAll(async () => {
  d = deployment();
  sandbox = await startSandbox({ port: 0, seed: 42, size: 'small', quiet: true });
}, 60_000);
afterAll(async () => {
  killAll();
  await sandbox?.close();
  await d?.cleanup();
});

describe('graceful stop of a worker (SIGTERM)', () => {
  it('finishes or releases in-flight writes; the next worker completes all of them, none twice', async () => {
    const { key, integrationId } = await provision(d, sandbox);
    sandbox.setFaults({ 'leads/updateLeads': [{ kind: 'latency', ms: 1000 }] });
    const api = await d.serve();
    const targets = (await writeTargets(d, integrationId)).slice(0, N);
    for (const [n, t] of targets.entries()) {
      await postNote(api.url, key, { integration_id: integrationId, lead_id: t.leadId, event_type_id: t.eventTypeId, event_datetime: '2026-03-02T10:00:00-07:00', notes: `sigterm ${n}` });
    }

    const first = await d.worker(['--concurrency', '4']);
    await waitFor('a first write done while others are in flight', async () => ((await statusCounts(d)).SUCCESS ?? 0) >= 1);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.stdout()).toMatch(/SIGTERM: no new jobs/);
    const afterStop = await statusCounts(d);
    expect(afterStop.PENDING ?? 0, 'the stop left work for the next worker').toBeGreaterThan(0);

    const second = await d.worker(['--concurrency', '4', '--metrics-port', '0']);
    const counts = await waitFor('every write decided', async () => {
      const c = await statusCounts(d);
      return (c.PENDING ?? 0) === 0 ? c : undefined;
    }, 120_000);
    expect(counts).toEqual({ SUCCESS: N });
    const events = ((await (await fetch(`${sandbox.url}/__sandbox/events?origin=api`)).json()) as { events: Array<{ comments: string | null }> }).events;
    expect(events.map((e) => e.comments).sort()).toEqual(targets.map((_, n) => `sigterm ${n}`).sort());

    // The worker's own metrics: the jobs it ran and its calls to Entrata.
    const metricsUrl = /metrics at (http:\/\/[\d.]+:\d+\/metrics)/.exec(second.stdout())?.[1];
    const metrics = await (await fetch(metricsUrl!)).text();
    expect(metrics).toMatch(/^leasewire_job_runs_total\{task="write",outcome="done"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^leasewire_pms_call_duration_seconds_count\{vendor="ENTRATA",service="leads",method="updateLeads"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^leasewire_write_jobs\{status="SUCCESS"\} 20$/m);

    for (const p of [second, api]) p.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(await api.exited).toBe(0);
  }, 180_000);
});
