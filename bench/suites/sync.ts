import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { fmt } from '../lib/report.ts';
import type { BenchEnv, BenchSuite, CaseResult, SuiteResult } from '../lib/types.ts';

/**
 * A full sync of the sandbox's `large` dataset (≥ 1M events) into a fresh store, in a child
 * process of its own (so its peak RSS is the sync's), against the sandbox in another process.
 * The baseline, in the same child right after: the same mapped rows (read back from the synced
 * store as RecordInputs) through upsertRecords into an empty store, 1000 per transaction like the
 * sync's batches — the store's own write path, without the PMS calls and the mapping.
 * Target: sync records/s ≥ 0.5 × that baseline. BENCH_SYNC_SIZE=small|medium|large (default large).
 * The child runs with the leasewire processes' V8 settings (tuneV8); BENCH_SYNC_DEFAULT_V8=1 runs it
 * with V8's defaults instead, to see what those settings cost or save.
 *
 * Buildium beside it: a full sync of the Buildium sandbox (BENCH_BUILDIUM_SIZE, default medium)
 * with the sandbox's and the connector's rate limits lifted, so records/s measures Leasewire, then
 * an incremental sync with nothing changed. Calls per record come from the sandbox's count of
 * requests served; the time at Buildium's documented pace is computed (calls ÷ 9 per second, the
 * connector's default), not measured.
 */
const here = fileURLToPath(import.meta.url);
const repoRoot = path.join(path.dirname(here), '..', '..');
const size = process.env.BENCH_SYNC_SIZE ?? 'large';
const buildiumSize = process.env.BENCH_BUILDIUM_SIZE ?? 'medium';
/** The connector's default pace (src/connectors/buildium/client.ts). */
const BUILDIUM_PACE = 9;
const BATCH = 1000;

interface ChildResult {
  records: number;
  perModel: Record<string, number>;
  syncSeconds: number;
  rawSeconds: number;
  peakRssMb: number;
  /** Buildium: PMS calls of the full sync, and of an incremental sync right after. */
  calls?: number;
  incrementalCalls?: number;
  incrementalSeconds?: number;
}

function tsx(args: string[], env: NodeJS.ProcessEnv): ReturnType<typeof spawn> {
  return spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
}

async function startSandboxProcess(log: (m: string) => void, vendor: 'ENTRATA' | 'BUILDIUM' = 'ENTRATA'): Promise<{ url: string; stop(): void }> {
  const child =
    vendor === 'ENTRATA'
      ? tsx(['sandbox/entrata/main.ts', '--port', '0', '--seed', '7', '--size', size], {})
      : tsx(['sandbox/buildium/main.ts', '--port', '0', '--seed', '7', '--size', buildiumSize, '--rate-limit', '0'], {});
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(?:listening on|sandbox on) (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`the sandbox exited (${code}) before listening: ${out.slice(-500)}`)));
  });
  log(`  ${vendor === 'ENTRATA' ? 'Entrata' : 'Buildium'} sandbox (${vendor === 'ENTRATA' ? size : buildiumSize}) at ${url}`);
  return { url, stop: () => void child.kill('SIGTERM') };
}

function runChild(variant: string, sandboxUrl: string, databaseUrl: string | undefined, vendor: 'ENTRATA' | 'BUILDIUM' = 'ENTRATA'): Promise<ChildResult> {
  const child = tsx([here, '--child'], { BENCH_SYNC_VARIANT: variant, BENCH_SYNC_SANDBOX: sandboxUrl, BENCH_SYNC_DB: databaseUrl ?? '', BENCH_SYNC_VENDOR: vendor, BUILDIUM_REQUESTS_PER_SECOND: '100000' });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      for (const line of d.toString().split('\n')) if (line.startsWith('  ')) console.log(line);
    });
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice(7)) as ChildResult);
      else reject(new Error(`the ${variant} sync child failed (exit ${code}): ${out.slice(-800)}`));
    });
  });
}

export const suite: BenchSuite = {
  name: 'sync',
  description: `full Entrata sync of the sandbox's ${size} dataset vs upsertRecords of the same rows; Buildium (${buildiumSize}) full and incremental sync, records/s and calls per record`,
  async run(env: BenchEnv): Promise<SuiteResult> {
    const sandbox = await startSandboxProcess(env.log);
    const cases: CaseResult[] = [];
    try {
      for (const variant of env.databaseUrl ? ['sqlite', 'postgres'] : ['sqlite']) {
        env.log(`  ${variant}: full sync…`);
        const r = await runChild(variant, sandbox.url, variant === 'postgres' ? env.databaseUrl : undefined);
        const syncRate = r.records / r.syncSeconds;
        const rawRate = r.records / r.rawSeconds;
        const ratio = syncRate / rawRate;
        env.log(`    ${fmt(r.records, 0)} records in ${fmt(r.syncSeconds, 1)} s = ${fmt(syncRate, 0)} records/s; upsert baseline ${fmt(rawRate, 0)} records/s; ratio ${fmt(ratio, 2)}; peak RSS ${fmt(r.peakRssMb, 0)} MB`);
        cases.push({
          name: `full sync (${size})`,
          variant,
          rps: syncRate,
          ratioToCeiling: ratio,
          peakRssMb: r.peakRssMb,
          extra: { records: r.records, events: r.perModel.events ?? 0, sync_s: Number(r.syncSeconds.toFixed(1)), baseline_records_per_s: Math.round(rawRate) },
          targets: [{ target: 'records/s ≥ 0.5 × upsert baseline', actual: `${fmt(ratio, 2)} ×`, met: ratio >= 0.5 }],
        });
      }
    } finally {
      sandbox.stop();
    }
    const buildium = await startSandboxProcess(env.log, 'BUILDIUM');
    try {
      for (const variant of env.databaseUrl ? ['sqlite', 'postgres'] : ['sqlite']) {
        env.log(`  ${variant}: Buildium full sync…`);
        const r = await runChild(variant, buildium.url, variant === 'postgres' ? env.databaseUrl : undefined, 'BUILDIUM');
        const syncRate = r.records / r.syncSeconds;
        const calls = r.calls ?? 0;
        const inc = r.incrementalCalls ?? 0;
        env.log(
          `    ${fmt(r.records, 0)} records in ${fmt(r.syncSeconds, 1)} s = ${fmt(syncRate, 0)} records/s (rate limits lifted); ${fmt(calls, 0)} calls = ${fmt(calls / r.records, 3)} calls/record; ` +
            `at Buildium's pace (${BUILDIUM_PACE}/s, computed) ${fmt(calls / BUILDIUM_PACE, 0)} s. Incremental, nothing changed: ${fmt(inc, 0)} calls in ${fmt(r.incrementalSeconds ?? 0, 1)} s, ${fmt(inc / BUILDIUM_PACE, 0)} s at Buildium's pace`,
        );
        cases.push({
          name: `Buildium full sync (${buildiumSize})`,
          variant,
          rps: syncRate,
          peakRssMb: r.peakRssMb,
          extra: {
            records: r.records,
            events: r.perModel.events ?? 0,
            sync_s: Number(r.syncSeconds.toFixed(1)),
            calls,
            calls_per_record: Number((calls / r.records).toFixed(4)),
            seconds_at_buildium_pace: Math.round(calls / BUILDIUM_PACE),
            incremental_calls: inc,
            incremental_people: (r.perModel.applicants ?? 0) + (r.perModel.residents ?? 0),
            incremental_seconds_at_buildium_pace: Math.round(inc / BUILDIUM_PACE),
          },
          targets: [],
        });
      }
    } finally {
      buildium.stop();
    }
    return {
      suite: 'sync',
      cases,
      notes: [
        'baseline = the same RecordInputs through upsertRecords into an empty store, 1000 per transaction',
        'rps = synced records per second',
        'Buildium: sandbox and connector rate limits lifted; calls counted by the sandbox; *_at_buildium_pace = calls ÷ 9/s, computed',
        'Buildium lists notes only per person: an incremental sync makes one notes call per applicant and tenant (incremental_people)',
      ],
    };
  },
};

/** The measured process: one fresh store, one sync, then the baseline. */
async function child(): Promise<void> {
  // With the V8 settings of the leasewire processes that run syncs (src/cli/main.ts).
  const { tuneV8 } = await import('../../src/runtime/v8Tuning.ts');
  if (process.env.BENCH_SYNC_DEFAULT_V8 !== '1') tuneV8();
  const [{ openStore }, { migrateToLatest }, { Sealer }, { createAccount }, { insertIntegration }, { runSync }, { progressOf }, { modelNames }, { upsertRecords }] = await Promise.all([
    import('../../src/store/db.ts'),
    import('../../src/store/migrate.ts'),
    import('../../src/lib/crypto.ts'),
    import('../../src/store/repositories/accounts.ts'),
    import('../../src/store/repositories/integrations.ts'),
    import('../../src/sync/engine.ts'),
    import('../../src/sync/runs.ts'),
    import('../../src/store/models.ts'),
    import('../../src/store/repositories/records.ts'),
  ]);
  const databaseUrl = process.env.BENCH_SYNC_DB || undefined;
  const cleanups: Array<() => Promise<void>> = [];
  const freshStore = async () => {
    if (databaseUrl) {
      const schema = `lw_bench_sync_${randomBytes(5).toString('hex')}`;
      const admin = async (q: string) => {
        const c = new pg.Client({ connectionString: databaseUrl });
        await c.connect();
        await c.query(q);
        await c.end();
      };
      await admin(`CREATE SCHEMA ${schema}`);
      const store = openStore({ databaseUrl, pgSchema: schema, pgPoolSize: 4 });
      await migrateToLatest(store.db, schema);
      cleanups.push(async () => {
        await store.close();
        await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      });
      return store;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leasewire-bench-sync-'));
    const store = openStore({ sqlitePath: path.join(dir, 'leasewire.db') });
    await migrateToLatest(store.db);
    cleanups.push(async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    return store;
  };
  try {
    const sandboxUrl = process.env.BENCH_SYNC_SANDBOX ?? '';
    const vendor = process.env.BENCH_SYNC_VENDOR === 'BUILDIUM' ? 'BUILDIUM' : 'ENTRATA';
    const sandboxInfo = async () => (await (await fetch(`${sandboxUrl}/__sandbox/info`)).json()) as { subdomain: string; username: string; password: string; clientId: string; secret: string; requestsServed: number };
    const info = await sandboxInfo();
    const store = await freshStore();
    const sealer = new Sealer(randomBytes(32));
    const account = await createAccount(store.db, 'Bench');
    const credentials =
      vendor === 'BUILDIUM'
        ? { clientId: info.clientId, secret: info.secret, base_url: sandboxUrl }
        : { subdomain: info.subdomain, username: info.username, password: info.password, base_url: sandboxUrl };
    const integration = await insertIntegration(store.db, { account_id: account.id, vendor, name: 'bench', credentials: sealer.seal(JSON.stringify(credentials)), settings: {}, sync_frequency: 12, sync_cadence: 'HOUR', active: true });
    const callsBefore = info.requestsServed;
    const t0 = performance.now();
    let lastLog = Date.now();
    const run = await runSync({ store, sealer }, integration.id, {
      onProgress: (r) => {
        if (Date.now() - lastLog < 15_000) return;
        lastLog = Date.now();
        const p = progressOf(r);
        console.log(`  … ${Object.entries(p).filter(([, m]) => m.state !== 'pending').map(([k, m]) => `${k} ${m.new}`).join(', ')}`);
      },
    });
    const syncSeconds = (performance.now() - t0) / 1000;
    if (run.state !== 'succeeded') throw new Error(`the sync failed: ${run.error}`);
    const peakRssMb = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN) / 1024;
    const perModel = Object.fromEntries(Object.entries(progressOf(run)).map(([m, p]) => [m, p.new]));
    const records = Object.values(perModel).reduce((a, b) => a + b, 0);
    const pmsCalls: Pick<ChildResult, 'calls' | 'incrementalCalls' | 'incrementalSeconds'> = {};
    if (vendor === 'BUILDIUM') {
      const afterFull = (await sandboxInfo()).requestsServed;
      const t1 = performance.now();
      const again = await runSync({ store, sealer }, integration.id);
      if (again.state !== 'succeeded') throw new Error(`the incremental sync failed: ${again.error}`);
      Object.assign(pmsCalls, { calls: afterFull - callsBefore, incrementalCalls: (await sandboxInfo()).requestsServed - afterFull, incrementalSeconds: (performance.now() - t1) / 1000 });
    }

    // Baseline: read the mapped rows back in id order and time only their upsert into an empty store.
    const raw = await freshStore();
    const rawAccount = await createAccount(raw.db, 'Bench raw');
    const ref = { id: integration.id, account_id: rawAccount.id, vendor };
    await raw.db.insertInto('integrations').values({ ...(await store.db.selectFrom('integrations').selectAll().where('id', '=', integration.id).executeTakeFirstOrThrow()), account_id: rawAccount.id }).execute();
    let rawMs = 0;
    for (const model of modelNames) {
      let after = '';
      for (;;) {
        const rows = await store.db.selectFrom(model).select(['id', 'x_id', 'x_property_id', 'property_id', 'data', 'internal']).where('id', '>', after).orderBy('id').limit(BATCH).execute();
        if (rows.length === 0) break;
        after = rows[rows.length - 1]!.id;
        const links = await store.db.selectFrom('record_links').select(['record_id', 'rel', 'target']).where('model', '=', model).where('record_id', 'in', rows.map((r) => r.id)).execute();
        const byRecord = new Map<string, Record<string, string[]>>();
        for (const l of links) ((byRecord.get(l.record_id) ?? byRecord.set(l.record_id, {}).get(l.record_id)!)[l.rel] ??= []).push(l.target);
        const inputs = rows.map((r) => ({
          x_id: r.x_id,
          x_property_id: r.x_property_id,
          property_id: r.property_id,
          data: JSON.parse(r.data) as Record<string, unknown>,
          internal: r.internal ? (JSON.parse(r.internal) as Record<string, unknown>) : null,
          links: byRecord.get(r.id) ?? {},
        }));
        const s = performance.now();
        const seenAt = new Date().toISOString();
        await raw.db.transaction().execute((trx) => upsertRecords(trx, ref, model, inputs, seenAt));
        rawMs += performance.now() - s;
      }
    }
    const result: ChildResult = { records, perModel, syncSeconds, rawSeconds: rawMs / 1000, peakRssMb, ...pmsCalls };
    console.log(`RESULT ${JSON.stringify(result)}`);
  } finally {
    for (const c of cleanups.reverse()) await c();
  }
}

if (process.argv.includes('--child') && process.argv[1] === here) await child();
