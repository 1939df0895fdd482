import { startSandbox } from '../../sandbox/entrata/index.ts';
import { deployment, postNote, provision, statusCounts, writeTargets, type Deployment } from '../../test/e2e/deployment.ts';
import { killAll, type Running } from '../../test/e2e/processes.ts';
import { fmt } from '../lib/report.ts';
import type { BenchEnv, BenchSuite, CaseResult, SuiteResult } from '../lib/types.ts';

/**
 * Horizontal scaling of the write path on PostgreSQL: `leasewire worker` processes share one
 * database; the sandbox adds 100 ms to every call, so a write is I/O-bound (updateLeads, then the
 * read-back) as against the real Entrata. Throughput with 4 workers ÷ with 1: target ≥ 3.5.
 * Each case: a fresh schema, one `serve` that takes BENCH_WORKER_WRITES writes (default 600, over
 * every lead of the small set) before any worker runs, then N workers; throughput = writes done
 * after the last worker was up ÷ the time from then to the last SUCCESS.
 */
const WRITES = Number(process.env.BENCH_WORKER_WRITES ?? 600);
const LATENCY_MS = 100;
const SENDERS = 16;
/**
 * Jobs each worker runs at once (BENCH_WORKER_CONCURRENCY, default 2). Low on purpose: the suite
 * measures scaling when the PMS is the bottleneck. At the production default of 8, 4 processes run
 * 32 writes at once and a 2-core machine runs out of CPU first (measured: 18 → 37 writes/s, 2.0 ×).
 */
const CONCURRENCY = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 2);

async function runCase(databaseUrl: string, workers: number, log: (m: string) => void): Promise<CaseResult> {
  const sandbox = await startSandbox({ port: 0, seed: 42, size: 'small', quiet: true, maxRecordedRequests: 1000 });
  const d: Deployment = deployment({}, databaseUrl);
  const procs: Running[] = [];
  try {
    const { key, integrationId } = await provision(d, sandbox);
    sandbox.setFaults({ '*': [{ kind: 'latency', ms: LATENCY_MS }] });
    const api = await d.serve();
    procs.push(api);
    // Queue every write first, so the API's accept rate is not what is measured.
    const targets = await writeTargets(d, integrationId);
    let next = 0;
    const send = async () => {
      for (let n = next++; n < WRITES; n = next++) {
        const t = targets[n % targets.length]!;
        await postNote(api.url, key, { integration_id: integrationId, lead_id: t.leadId, event_type_id: t.eventTypeId, event_datetime: '2026-04-01T10:00:00-06:00', notes: `bench ${n}` });
      }
    };
    await Promise.all(Array.from({ length: SENDERS }, send));
    // The clock starts once every worker works: one that is up first must not count as N of them.
    procs.push(...(await Promise.all(Array.from({ length: workers }, () => d.worker(['--concurrency', String(CONCURRENCY)])))));
    const doneBefore = (await statusCounts(d)).SUCCESS ?? 0;
    const started = Date.now();
    let counts: Record<string, number> = {};
    let progressAt = Date.now();
    for (let last = -1; ; ) {
      counts = await statusCounts(d);
      if ((counts.PENDING ?? 0) === 0) break;
      if ((counts.SUCCESS ?? 0) !== last) [last, progressAt] = [counts.SUCCESS ?? 0, Date.now()];
      if (Date.now() - progressAt > 30_000) {
        throw new Error(`no write finished for 30 s (${JSON.stringify(counts)}); worker output:\n${procs.slice(1).map((p) => p.stdout() + p.stderr()).join('\n---\n')}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (Date.now() - started) / 1000;
    const measured = WRITES - doneBefore;
    const rps = measured / seconds;
    log(`  ${workers} worker(s): ${measured} writes in ${seconds.toFixed(1)} s = ${rps.toFixed(1)} writes/s once all workers ran (${doneBefore} done while they started) ${JSON.stringify(counts)}`);
    for (const p of procs) p.child.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.exited));
    return { name: `writes/s with ${workers} worker process${workers > 1 ? 'es' : ''}`, variant: 'postgres', rps, errors: WRITES - (counts.SUCCESS ?? 0), extra: { concurrency: CONCURRENCY, writes: measured, seconds: Number(seconds.toFixed(2)), done_during_start: doneBefore, latency_ms_per_pms_call: LATENCY_MS } };
  } finally {
    killAll();
    await sandbox.close();
    await d.cleanup();
  }
}

export const suite: BenchSuite = {
  name: 'workers',
  description: 'write throughput with 1 and 4 `leasewire worker` processes on PostgreSQL, 100 ms per PMS call',
  async run(env: BenchEnv): Promise<SuiteResult> {
    if (!env.databaseUrl) {
      env.log('  skipped: needs PostgreSQL (set DATABASE_URL); SQLite runs one process only');
      return { suite: 'workers', cases: [], notes: ['skipped: DATABASE_URL is not set (worker processes scale on PostgreSQL only)'] };
    }
    const one = await runCase(env.databaseUrl, 1, env.log);
    const four = await runCase(env.databaseUrl, 4, env.log);
    const ratio = (four.rps ?? 0) / (one.rps ?? 1);
    four.targets = [{ target: '4 workers ≥ 3.5 × 1 worker', actual: `${fmt(ratio, 2)} ×`, met: ratio >= 3.5 }];
    return { suite: 'workers', cases: [one, four], notes: [`ratio 4 workers / 1 worker = ${fmt(ratio, 2)}`, `${WRITES} writes per case, ${LATENCY_MS} ms added to every sandbox call, worker concurrency ${CONCURRENCY}`] };
  },
};
