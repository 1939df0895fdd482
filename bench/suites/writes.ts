import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Sealer } from '../../src/lib/crypto.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createAccount, createApiKey } from '../../src/store/repositories/accounts.ts';
import { insertIntegration } from '../../src/store/repositories/integrations.ts';
import { runSync } from '../../src/sync/engine.ts';
import { measureLoad } from '../lib/load.ts';
import { createBenchSchema } from '../lib/postgres.ts';
import { stopChild } from '../lib/processes.ts';
import { fmt } from '../lib/report.ts';
import { startServer } from '../lib/server.ts';
import type { BenchEnv, BenchSuite, CaseResult, SuiteResult } from '../lib/types.ts';

/**
 * The write path: the sandbox's small set synced into a fresh store, the API with its embedded
 * write worker in one process and the sandbox (no latency) in another.
 * Targets: accept throughput ≥ 0.25 × a bare Fastify route measured the same way; accepted →
 * SUCCESS p50 < 50 ms and p99 < 250 ms; accepted → readable with created_record_id p50 < 2 s.
 */
const LATENCY_WRITES = Number(process.env.BENCH_WRITES ?? 200);
const childEntry = path.join(path.dirname(fileURLToPath(import.meta.url)), '_writesServer.ts');

interface Child {
  port: number;
  message: Record<string, unknown>;
  stop(): Promise<void>;
}

// BENCH_SERVER_ARGS passes node flags to the API process, as for the other suites (e.g. --cpu-prof).
const serverArgs = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);

async function forkChild(env: Record<string, string>): Promise<Child> {
  const child: ChildProcess = fork(childEntry, [], { env: { ...process.env, ...env, NODE_ENV: 'production' }, execArgv: ['--import', 'tsx', ...(env.WRITES_ROLE === 'api' ? serverArgs : [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const message = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('writes bench child did not start within 60 s')), 60_000);
    child.once('exit', (code) => reject(new Error(`writes bench child exited with code ${String(code)}`)));
    child.on('message', (m: unknown) => {
      clearTimeout(timer);
      resolve(m as Record<string, unknown>);
    });
  });
  return {
    port: Number(message.port),
    message,
    stop: () => stopChild(child, 15_000),
  };
}

/** A fresh migrated store for one variant, and what a child process needs to open it. */
async function freshStore(variant: 'sqlite' | 'postgres', databaseUrl: string | undefined): Promise<{ store: Store; env: Record<string, string>; cleanup(): Promise<void> }> {
  if (variant === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leasewire-bench-writes-'));
    const sqlitePath = path.join(dir, 'leasewire.db');
    const store = openStore({ sqlitePath });
    await migrateToLatest(store.db);
    return { store, env: { WRITES_SQLITE_PATH: sqlitePath }, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  if (!databaseUrl) throw new Error('the postgres variant needs DATABASE_URL');
  const { name: schema, drop } = await createBenchSchema(databaseUrl, 'lw_bench_w');
  const store = openStore({ databaseUrl, pgSchema: schema, pgPoolSize: 4 });
  await migrateToLatest(store.db, schema);
  return { store, env: { WRITES_DATABASE_URL: databaseUrl, WRITES_PG_SCHEMA: schema }, cleanup: drop };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measureVariant(env: BenchEnv, variant: 'sqlite' | 'postgres', ceilingRps: number): Promise<CaseResult[]> {
  const s = await freshStore(variant, env.databaseUrl);
  const sandbox = await forkChild({ WRITES_ROLE: 'sandbox' });
  let apiChild: Child | undefined;
  try {
    const info = sandbox.message.info as { subdomain: string; username: string; password: string };
    const secretKey = randomBytes(32);
    const sealer = new Sealer(secretKey);
    const account = await createAccount(s.store.db, 'Bench writes');
    const { key } = await createApiKey(s.store.db, account.id, 'bench');
    const credentials = { subdomain: info.subdomain, username: info.username, password: info.password, base_url: String(sandbox.message.url) };
    const integration = await insertIntegration(s.store.db, {
      account_id: account.id, vendor: 'ENTRATA', name: 'Sandbox', credentials: sealer.seal(JSON.stringify(credentials)),
      settings: {}, sync_frequency: 12, sync_cadence: 'HOUR', active: true,
    });
    const synced = Date.now();
    const run = await runSync({ store: s.store, sealer }, integration.id);
    if (run.error) throw new Error(`sync of the sandbox failed: ${run.error}`);
    env.log(`  ${variant}: synced the sandbox in ${((Date.now() - synced) / 1000).toFixed(1)} s`);

    const leads = await s.store.db.selectFrom('leads').select(['id', 'x_property_id']).where('integration_id', '=', integration.id).execute();
    const types = await s.store.db.selectFrom('event_types').select(['id', 'x_property_id', 'internal']).where('integration_id', '=', integration.id).execute();
    const notesType = new Map(types.filter((t) => (JSON.parse(t.internal ?? '{}') as { entrata_type_id?: string }).entrata_type_id === '8').map((t) => [t.x_property_id, t.id]));
    const body = (i: number) => {
      const lead = leads[i % leads.length]!;
      const at = new Date(Date.UTC(2026, i % 12, 1 + (i % 28), 15, i % 60, i % 60)).toISOString();
      return JSON.stringify({ integration_id: integration.id, lead_id: lead.id, event_type_id: notesType.get(lead.x_property_id), event_datetime: at, notes: `bench ${i}` });
    };

    apiChild = await forkChild({ WRITES_ROLE: 'api', WRITES_SECRET_KEY: secretKey.toString('hex'), ...s.env });
    const base = `http://127.0.0.1:${apiChild.port}`;
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

    // Latency: one write at a time, so each is measured alone (no queueing behind others).
    env.log(`  ${variant}: accepted → SUCCESS and → readable, ${LATENCY_WRITES} writes one at a time`);
    const readable: number[] = [];
    const jobIds: string[] = [];
    for (let i = 0; i < LATENCY_WRITES; i++) {
      const t0 = performance.now();
      const res = await fetch(`${base}/v1/events/leads/entrata/`, { method: 'POST', headers, body: body(i) });
      if (res.status !== 200) throw new Error(`write refused: ${res.status} ${await res.text()}`);
      const jobId = ((await res.json()) as { meta: { job_id: string } }).meta.job_id;
      jobIds.push(jobId);
      for (;;) {
        const st = (await (await fetch(`${base}/v1/admin/write-status/${jobId}`, { headers })).json()) as { write_status: string; created_record_id: string | null };
        if (st.write_status === 'FAILURE') throw new Error(`bench write ${jobId} failed`);
        if (st.created_record_id) {
          const ev = await fetch(`${base}/v1/events/${st.created_record_id}`, { headers });
          if (ev.status === 200) break;
        }
        await sleep(2);
      }
      readable.push(performance.now() - t0);
    }
    const rows = await s.store.db.selectFrom('write_jobs').select(['created_at', 'finished_at', 'status']).where('id', 'in', jobIds).execute();
    const toSuccess = rows.filter((r) => r.status === 'SUCCESS' && r.finished_at).map((r) => Date.parse(r.finished_at!) - Date.parse(r.created_at)).sort((a, b) => a - b);
    readable.sort((a, b) => a - b);
    const success = { p50: percentile(toSuccess, 50), p99: percentile(toSuccess, 99) };
    const read = { p50: Math.round(percentile(readable, 50)), p99: Math.round(percentile(readable, 99)) };
    env.log(`    accepted → SUCCESS p50 ${success.p50} ms, p99 ${success.p99} ms; accepted → readable p50 ${read.p50} ms, p99 ${read.p99} ms`);

    // Throughput: POSTs under load, each body a different write; the worker runs meanwhile.
    env.log(`  ${variant}: POST /v1/events/leads/entrata/ under load`);
    let n = LATENCY_WRITES;
    const load = async (durationS: number) =>
      new Promise<autocannon.Result>((resolve, reject) =>
        autocannon(
          { url: `${base}/v1/events/leads/entrata/`, connections: env.connections, duration: durationS, requests: [{ method: 'POST', headers, setupRequest: (r: autocannon.Request) => ({ ...r, body: body(n++) }) }] },
          (err, result) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(result)),
        ),
      );
    if (env.warmupS > 0) await load(env.warmupS);
    const r = await load(env.durationS);
    const ratio = r.requests.average / ceilingRps;
    env.log(`    ${fmt(r.requests.average, 0)} req/s (${fmt(ratio, 2)} × ceiling), p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${r.non2xx + r.errors + r.timeouts} errors`);
    return [
      {
        name: 'POST /v1/events/leads/entrata/ (accept)',
        variant,
        rps: r.requests.average,
        latencyMs: { p50: r.latency.p50, p99: r.latency.p99, mean: r.latency.average },
        ratioToCeiling: ratio,
        errors: r.non2xx + r.errors + r.timeouts,
        targets: [{ target: 'accept ≥ 0.25 × ceiling', actual: fmt(ratio, 2), met: ratio >= 0.25 }],
      },
      {
        name: 'accepted → SUCCESS',
        variant,
        latencyMs: success,
        extra: { writes: toSuccess.length },
        targets: [
          { target: 'p50 < 50 ms', actual: `${success.p50} ms`, met: success.p50 < 50 },
          { target: 'p99 < 250 ms', actual: `${success.p99} ms`, met: success.p99 < 250 },
        ],
      },
      {
        name: 'accepted → readable (created_record_id, GET by id)',
        variant,
        latencyMs: read,
        targets: [{ target: 'p50 < 2 s', actual: `${read.p50} ms`, met: read.p50 < 2000 }],
      },
    ];
  } finally {
    await apiChild?.stop();
    await sandbox.stop();
    await s.store.close();
    await s.cleanup();
  }
}

export const suite: BenchSuite = {
  name: 'writes',
  description: 'event writes against the Entrata sandbox: accept throughput, accepted → SUCCESS, → readable',
  async run(env: BenchEnv): Promise<SuiteResult> {
    env.log('  ceiling: bare Fastify route, GET');
    const bare = await startServer({ kind: 'bare' });
    let ceiling: CaseResult;
    try {
      const l = await measureLoad({ url: bare.url('/bare'), connections: env.connections, durationS: env.durationS, warmupS: env.warmupS });
      env.log(`    ${fmt(l.rps, 0)} req/s`);
      ceiling = { name: 'bare Fastify JSON route (ceiling)', variant: 'node', rps: l.rps, latencyMs: { p50: l.p50, p99: l.p99, mean: l.mean }, errors: l.errors };
    } finally {
      await bare.stop();
    }
    const cases: CaseResult[] = [ceiling];
    cases.push(...(await measureVariant(env, 'sqlite', ceiling.rps ?? 1)));
    if (env.databaseUrl) cases.push(...(await measureVariant(env, 'postgres', ceiling.rps ?? 1)));
    return {
      suite: 'writes',
      cases,
      notes: [
        'accept: autocannon POSTs (a different write each), the embedded worker running in the same process',
        `latency: ${LATENCY_WRITES} writes one at a time; → SUCCESS from the job's created_at/finished_at, → readable as the client sees it (polling every 2 ms)`,
      ],
    };
  },
};
