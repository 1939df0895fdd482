import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { startSandbox, type SandboxHandle } from '../../sandbox/entrata/index.ts';
import { DEFAULT_WORKER_CONCURRENCY } from '../../src/cli/commands/worker.ts';
import { deployment, postNote, provision, statusCounts, writeTargets, type Deployment } from '../../test/e2e/deployment.ts';
import { killAll, type Running } from '../../test/e2e/processes.ts';
import { BackendCpu } from '../lib/postgres.ts';
import { machineCpuMs, processCpuMs } from '../lib/processes.ts';
import { fmt } from '../lib/report.ts';
import type { BenchEnv, BenchSuite, CaseResult, SuiteResult } from '../lib/types.ts';

/**
 * Horizontal scaling of the write path on PostgreSQL: `leasewire worker` processes share one
 * database; the sandbox adds 100 ms to every call, so a write waits on Entrata for its three calls
 * (getLeadEvents snapshot, updateLeads, getLeadEvents read-back), as it would on the real Entrata.
 * Throughput with 4 workers ÷ with 1: target ≥ 3.5.
 *
 * Each case: a fresh schema, one `serve` that takes BENCH_WORKER_WRITES writes (default 600, two per
 * lead of the small set) before any worker runs, then N workers; throughput = writes done after
 * the last worker was up ÷ the time from then to the last SUCCESS. BENCH_WORKER_ROUNDS (default 3)
 * repeats the 1-then-4 pair back to back: on a shared machine only pairs are comparable, and the
 * target is judged on the median pair (every pair's ratio is reported).
 *
 * Each worker runs BENCH_WORKER_CONCURRENCY jobs at once, by default the product's default
 * (`leasewire worker --concurrency`, 8). Everything runs on this machine — the sandbox (in this
 * process), PostgreSQL, the API and the workers — so each case also reports the CPU each of them
 * used per write (Linux /proc), the share of the machine they and everything else used, and the
 * writes/s the machine's cores could give at that cost: when that ceiling is below 3.5 × the
 * one-worker rate, only a lower CPU cost per write (or more cores) can meet the target here.
 */
const WRITES = Number(process.env.BENCH_WORKER_WRITES ?? 600);
const ROUNDS = Math.max(1, Number(process.env.BENCH_WORKER_ROUNDS ?? 3));
const CONCURRENCY = Number(process.env.BENCH_WORKER_CONCURRENCY ?? DEFAULT_WORKER_CONCURRENCY);
const LATENCY_MS = 100;
const SENDERS = 16;
const TARGET = 3.5;
/** Extra NODE_OPTIONS for every process the case starts, e.g. `--import=<a module that starts node:inspector's profiler>` (--cpu-prof is not allowed there). */
const NODE_OPTIONS = process.env.BENCH_WORKER_NODE_OPTIONS;

interface CpuSnapshot {
  self: NodeJS.CpuUsage;
  procs: Map<number, number>;
  machine: { busyMs: number; totalMs: number } | undefined;
}

function cpuSnapshot(pids: number[]): CpuSnapshot {
  const procs = new Map<number, number>();
  for (const pid of pids) {
    const ms = processCpuMs(pid);
    if (ms !== undefined) procs.set(pid, ms);
  }
  return { self: process.cpuUsage(), procs, machine: machineCpuMs() };
}

/**
 * CPU ms per write of each part, and how busy the whole machine was, between two snapshots.
 * PostgreSQL counts the backends of this deployment's connections only (not its background
 * writer and WAL processes, which serve every user of the server).
 */
function cpuPerWrite(a: CpuSnapshot, b: CpuSnapshot, postgres: number, roles: { api: number; workers: number[] }, writes: number) {
  const of = (pid: number) => (b.procs.get(pid) ?? NaN) - (a.procs.get(pid) ?? NaN);
  const self = (b.self.user - a.self.user + b.self.system - a.self.system) / 1000;
  const workers = roles.workers.reduce((sum, pid) => sum + of(pid), 0);
  const api = of(roles.api);
  const ours = workers + api + self + postgres;
  const busy = a.machine && b.machine ? b.machine.busyMs - a.machine.busyMs : NaN;
  const total = a.machine && b.machine ? b.machine.totalMs - a.machine.totalMs : NaN;
  const per = (ms: number) => Number((ms / writes).toFixed(2));
  return {
    workers: per(workers),
    api: per(api),
    sandboxAndHarness: per(self),
    postgres: per(postgres),
    ours: per(ours),
    others: per(busy - ours),
    machineBusyPct: Math.round((100 * busy) / total),
    othersPct: Math.round((100 * (busy - ours)) / total),
    /** Writes/s if this machine's cores did nothing but this, at the CPU per write just measured. */
    cpuCeiling: Math.round((os.cpus().length * 1000) / (ours / writes)),
  };
}

/** Calls the sandbox received since `sinceId`, per method. */
async function callsSince(sandbox: SandboxHandle, sinceId: number): Promise<{ total: number; byMethod: Record<string, number>; lastId: number }> {
  const res = await fetch(`${sandbox.url}/__sandbox/requests?sinceId=${sinceId}`);
  const { requests } = (await res.json()) as { requests: Array<{ id: number; method: string | null; outcome: string }> };
  const byMethod: Record<string, number> = {};
  for (const r of requests) {
    const key = `${r.method ?? '?'}${r.outcome === 'ok' ? '' : ` (${r.outcome})`}`;
    byMethod[key] = (byMethod[key] ?? 0) + 1;
  }
  return { total: requests.length, byMethod, lastId: requests.at(-1)?.id ?? sinceId };
}

/** What graphile-worker's tables say, for a stall report. */
async function queueState(d: Deployment): Promise<string> {
  try {
    const schema = d.env.LEASEWIRE_PG_SCHEMA;
    const { sql } = await import('kysely');
    const jobs = await sql<{ n: string; locked: string; due: string }>`
      select count(*) as n, count(locked_at) as locked, count(*) filter (where run_at <= now() and locked_at is null) as due
        from ${sql.id(`${schema}_worker`, '_private_jobs')}`.execute(d.store().db);
    const queues = await sql<{ n: string; locked: string }>`
      select count(*) as n, count(locked_at) as locked from ${sql.id(`${schema}_worker`, '_private_job_queues')}`.execute(d.store().db);
    return `graphile jobs ${JSON.stringify(jobs.rows[0])}, named queues ${JSON.stringify(queues.rows[0])}`;
  } catch (err) {
    return `graphile state unavailable: ${String(err)}`;
  }
}

async function runCase(databaseUrl: string, workers: number, log: (m: string) => void): Promise<CaseResult> {
  const sandbox = await startSandbox({ port: 0, seed: 42, size: 'small', quiet: true, maxRecordedRequests: WRITES * 4 + 1000 });
  // Its processes' PostgreSQL connections carry this name, so their backends' CPU can be told apart.
  const appName = `lw_bench_workers_${randomBytes(4).toString('hex')}`;
  const d: Deployment = deployment({ PGAPPNAME: appName, ...(NODE_OPTIONS ? { NODE_OPTIONS } : {}) }, databaseUrl);
  const backends = new BackendCpu(databaseUrl, appName);
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
    const workerProcs = await Promise.all(Array.from({ length: workers }, () => d.worker(['--concurrency', String(CONCURRENCY)])));
    procs.push(...workerProcs);
    if (NODE_OPTIONS) log(`    worker pids ${workerProcs.map((p) => p.pid).join(', ')} (NODE_OPTIONS ${NODE_OPTIONS})`);
    const calls0 = await callsSince(sandbox, 0);
    const doneBefore = (await statusCounts(d)).SUCCESS ?? 0;
    await backends.sample();
    const cpu0 = cpuSnapshot(procs.map((p) => p.pid));
    const started = Date.now();
    let sampledAt = started;
    let counts: Record<string, number> = {};
    let progressAt = Date.now();
    for (let last = -1; ; ) {
      counts = await statusCounts(d);
      if ((counts.PENDING ?? 0) === 0) break;
      if ((counts.SUCCESS ?? 0) !== last) [last, progressAt] = [counts.SUCCESS ?? 0, Date.now()];
      if (Date.now() - progressAt > 30_000) {
        throw new Error(
          `no write finished for 30 s (${JSON.stringify(counts)}; ${await queueState(d)}); worker output:\n${workerProcs.map((p) => p.stdout() + p.stderr()).join('\n---\n')}`,
        );
      }
      if (Date.now() - sampledAt >= 1000) {
        sampledAt = Date.now();
        await backends.sample();
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (Date.now() - started) / 1000;
    await backends.sample();
    const cpu1 = cpuSnapshot(procs.map((p) => p.pid));
    const measured = WRITES - doneBefore;
    const rps = measured / seconds;
    const calls = await callsSince(sandbox, calls0.lastId);
    const cpu = cpuPerWrite(cpu0, cpu1, backends.spentMs(), { api: api.pid, workers: workerProcs.map((p) => p.pid) }, measured);
    const callsPerWrite = calls.total / measured;
    log(
      `  ${workers} worker(s) × ${CONCURRENCY}: ${measured} writes in ${seconds.toFixed(1)} s = ${rps.toFixed(1)} writes/s once all workers ran (${doneBefore} done while they started) ${JSON.stringify(counts)}`,
    );
    log(`    PMS calls per write ${fmt(callsPerWrite, 2)} ${JSON.stringify(calls.byMethod)}`);
    log(
      `    CPU ms per write: workers ${cpu.workers}, API ${cpu.api}, sandbox + harness ${cpu.sandboxAndHarness}, PostgreSQL ${cpu.postgres} = ${cpu.ours}; ` +
        `machine ${cpu.machineBusyPct} % busy, ${cpu.othersPct} % by other processes; CPU ceiling at this cost ≈ ${cpu.cpuCeiling} writes/s`,
    );
    for (const p of procs) p.child.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.exited));
    // graphile-worker stops its pool on any schema's breaking-migration notice (a test or another
    // run creating its queue schema in this database); the queue starts it again and says so.
    const restarts = workerProcs.reduce((n, p) => n + (p.stderr().match(/graphile-worker stopped its workers/g)?.length ?? 0), 0);
    if (restarts > 0) log(`    worker pools restarted after a migration notice from another schema: ${restarts}`);
    return {
      name: `writes/s with ${workers} worker process${workers > 1 ? 'es' : ''}`,
      variant: 'postgres',
      rps,
      errors: WRITES - (counts.SUCCESS ?? 0),
      extra: {
        concurrency: CONCURRENCY,
        writes: measured,
        seconds: Number(seconds.toFixed(2)),
        done_during_start: doneBefore,
        latency_ms_per_pms_call: LATENCY_MS,
        pms_calls_per_write: Number(callsPerWrite.toFixed(2)),
        cpu_ms_per_write_workers: cpu.workers,
        cpu_ms_per_write_api: cpu.api,
        cpu_ms_per_write_sandbox_and_harness: cpu.sandboxAndHarness,
        cpu_ms_per_write_postgres: cpu.postgres,
        machine_busy_pct: cpu.machineBusyPct,
        other_processes_pct: cpu.othersPct,
        cpu_ceiling_writes_per_s: cpu.cpuCeiling,
        worker_pool_restarts: restarts,
      },
    };
  } finally {
    killAll();
    await backends.close();
    await sandbox.close();
    await d.cleanup();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export const suite: BenchSuite = {
  name: 'workers',
  description: `write throughput with 1 and 4 \`leasewire worker\` processes (${CONCURRENCY} jobs each) on PostgreSQL, 100 ms per PMS call`,
  async run(env: BenchEnv): Promise<SuiteResult> {
    if (!env.databaseUrl) {
      env.log('  skipped: needs PostgreSQL (set DATABASE_URL); SQLite runs one process only');
      return { suite: 'workers', cases: [], notes: ['skipped: DATABASE_URL is not set (worker processes scale on PostgreSQL only)'] };
    }
    const cases: CaseResult[] = [];
    const ratios: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      if (ROUNDS > 1) env.log(`  round ${round} of ${ROUNDS}`);
      const one = await runCase(env.databaseUrl, 1, env.log);
      const four = await runCase(env.databaseUrl, 4, env.log);
      const ratio = (four.rps ?? 0) / (one.rps ?? 1);
      ratios.push(ratio);
      four.extra = { ...four.extra, ratioToOneWorker: Number(ratio.toFixed(2)) };
      if (ROUNDS > 1) for (const c of [one, four]) c.name += ` (round ${round})`;
      cases.push(one, four);
      env.log(`  ratio 4 / 1 = ${fmt(ratio, 2)}`);
    }
    const spread = ratios.length > 1 ? ` (median of ${ratios.length} pairs; min ${fmt(Math.min(...ratios), 2)}, max ${fmt(Math.max(...ratios), 2)})` : '';
    const m = median(ratios);
    cases.push({
      name: `4 workers ÷ 1 worker (median of ${ratios.length} pair${ratios.length === 1 ? '' : 's'})`,
      variant: 'postgres',
      extra: { pairs: ratios.length, median: Number(m.toFixed(2)), min: Number(Math.min(...ratios).toFixed(2)), max: Number(Math.max(...ratios).toFixed(2)) },
      targets: [{ target: `4 workers ≥ ${TARGET} × 1 worker`, actual: `${fmt(m, 2)} × (pairs: ${ratios.map((r) => fmt(r, 2)).join(', ')})`, met: m >= TARGET }],
    });
    return {
      suite: 'workers',
      cases,
      notes: [
        `ratio 4 workers / 1 worker = ${fmt(median(ratios), 2)}${spread}`,
        `${WRITES} writes per case, ${LATENCY_MS} ms added to every sandbox call, worker concurrency ${CONCURRENCY}${CONCURRENCY === DEFAULT_WORKER_CONCURRENCY ? ' (the product default)' : ` (BENCH_WORKER_CONCURRENCY; the product default is ${DEFAULT_WORKER_CONCURRENCY})`}`,
        'CPU per write and the machine share per case are in the log above and in latest.json (extra)',
      ],
    };
  },
};
