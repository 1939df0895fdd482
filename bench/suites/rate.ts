import { randomBytes } from 'node:crypto';
import { startSandbox, type SandboxHandle } from '../../sandbox/entrata/index.ts';
import { startBuildiumSandbox } from '../../sandbox/buildium/index.ts';
import { Sealer } from '../../src/lib/crypto.ts';
import { createAccount, createApiKey } from '../../src/store/repositories/accounts.ts';
import { insertIntegration } from '../../src/store/repositories/integrations.ts';
import { modelNames } from '../../src/store/models.ts';
import { runSync } from '../../src/sync/engine.ts';
import { createTestContext, type TestContext } from '../../test/support/app.ts';
import { openTestStore, type TestStore } from '../../test/support/store.ts';
import { fmt } from '../lib/report.ts';
import type { BenchEnv, BenchSuite, CaseResult, SuiteResult } from '../lib/types.ts';

/**
 * What Leasewire spends of the PMS's rate limit, counted by the sandboxes (every request they
 * served), not estimated:
 * - PMS calls per accepted write, for a lone write (posted, then waited for) and for a steady
 *   stream of writes spread over the people of one property (BENCH_RATE_STREAM writes, one every
 *   BENCH_RATE_STREAM_MS ms);
 * - calls per 1,000 records of a full sync, and of an incremental sync right after it in which
 *   nothing changed;
 * and, computed from those (not measured): writes per hour and the first sync's duration under
 * the PMS's production limits — Entrata's recorded `15000/day;1000/hour;150/minute` per service
 * (the busiest service decides), Buildium's documented ~10 requests per second.
 * BENCH_RATE_SIZES=small,medium (default; `large` adds the ≥1M-event set, long).
 */
const SIZES = (process.env.BENCH_RATE_SIZES ?? 'small,medium').split(',').map((s) => s.trim()).filter(Boolean) as Array<'small' | 'medium' | 'large'>;
const STREAM = Number(process.env.BENCH_RATE_STREAM ?? 60);
const STREAM_MS = Number(process.env.BENCH_RATE_STREAM_MS ?? 50);
const LONE = Number(process.env.BENCH_RATE_LONE ?? 5);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Entrata's recorded production windows, per service. */
export const ENTRATA_LIMITS = { day: 15_000, hour: 1_000, minute: 150 };
/** Buildium's documented pace (requests per second, per client). */
export const BUILDIUM_PER_SECOND = 10;

/**
 * Seconds until the n-th call may be sent under fixed day/hour/minute windows, starting at the
 * beginning of all three: each full day, hour and minute spent waits for the next one.
 */
export function secondsForCalls(n: number, l = ENTRATA_LIMITS): number {
  if (n <= 0) return 0;
  const k = n - 1;
  const days = Math.floor(k / l.day);
  const inDay = k % l.day;
  const hours = Math.floor(inDay / l.hour);
  const inHour = inDay % l.hour;
  const minutes = Math.floor(inHour / l.minute);
  return days * 86_400 + hours * 3_600 + minutes * 60;
}

/** Writes an hour one service's budget sustains: the hour window, and the day's share of an hour. */
export function writesPerHour(callsPerWrite: number, l = ENTRATA_LIMITS): { burstHour: number; sustained: number } {
  if (callsPerWrite <= 0) return { burstHour: Infinity, sustained: Infinity };
  return { burstHour: Math.floor(l.hour / callsPerWrite), sustained: Math.floor(Math.min(l.hour, l.day / 24) / callsPerWrite) };
}

export function duration(s: number): string {
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86_400) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86_400).toFixed(1)} d`;
}

interface Counted {
  total: number;
  byService: Record<string, number>;
}

class EntrataCounter {
  private last = 0;
  constructor(private readonly sandbox: SandboxHandle) {}
  /** Requests the sandbox served since the previous call. */
  async take(): Promise<Counted> {
    const res = await fetch(`${this.sandbox.url}/__sandbox/requests?sinceId=${this.last}`);
    const list = ((await res.json()) as { requests: Array<{ id: number; service: string }> }).requests;
    const byService: Record<string, number> = {};
    for (const r of list) {
      byService[r.service] = (byService[r.service] ?? 0) + 1;
      this.last = Math.max(this.last, r.id);
    }
    return { total: list.length, byService };
  }
}

async function countRecords(store: TestStore, integrationId: string): Promise<number> {
  let n = 0;
  for (const m of modelNames) {
    const row = await store.db.selectFrom(m).select((eb) => eb.fn.countAll().as('n')).where('integration_id', '=', integrationId).executeTakeFirstOrThrow();
    n += Number(row.n);
  }
  return n;
}

interface WriteTarget {
  url: string;
  body(i: number): Record<string, unknown>;
}

async function settle(ctx: TestContext, headers: Record<string, string>, jobId: string): Promise<string> {
  const until = Date.now() + 120_000;
  for (;;) {
    const s = (await ctx.app.inject({ method: 'GET', url: `/v1/admin/write-status/${jobId}`, headers })).json() as { write_status: string };
    if (s.write_status !== 'PENDING') return s.write_status;
    if (Date.now() > until) throw new Error(`write ${jobId} still PENDING after 120 s`);
    await sleep(10);
  }
}

async function postWrite(ctx: TestContext, headers: Record<string, string>, t: WriteTarget, i: number): Promise<string> {
  const res = await ctx.app.inject({ method: 'POST', url: t.url, headers, payload: t.body(i) });
  if (res.statusCode !== 200) throw new Error(`write refused: ${res.statusCode} ${res.body}`);
  const json = res.json() as { meta?: { job_id: string }; job_id?: string };
  return (json.meta?.job_id ?? json.job_id)!;
}

/** Lone writes (each waited for before the next), then a steady stream; calls per write of each. */
async function measureWrites(ctx: TestContext, headers: Record<string, string>, t: WriteTarget, count: () => Promise<number>): Promise<{ lone: number; stream: number; failed: number }> {
  let failed = 0;
  await count();
  for (let i = 0; i < LONE; i++) if ((await settle(ctx, headers, await postWrite(ctx, headers, t, i))) !== 'SUCCESS') failed++;
  const lone = (await count()) / LONE;
  const jobs: string[] = [];
  for (let i = 0; i < STREAM; i++) {
    jobs.push(await postWrite(ctx, headers, t, LONE + i));
    await sleep(STREAM_MS);
  }
  for (const j of jobs) if ((await settle(ctx, headers, j)) !== 'SUCCESS') failed++;
  const stream = (await count()) / STREAM;
  return { lone, stream, failed };
}

async function entrataCase(size: 'small' | 'medium' | 'large', env: BenchEnv): Promise<CaseResult> {
  const store = await openTestStore();
  const sandbox = await startSandbox({ port: 0, seed: 7, size, quiet: true, maxRecordedRequests: 5_000_000 });
  let ctx: TestContext | undefined;
  try {
    const sealer = new Sealer(randomBytes(32));
    const account = await createAccount(store.db, 'Bench rate');
    const credentials = { subdomain: sandbox.info.subdomain, username: sandbox.info.username, password: sandbox.info.password, base_url: sandbox.url };
    const integration = await insertIntegration(store.db, { account_id: account.id, vendor: 'ENTRATA', name: 'bench', credentials: sealer.seal(JSON.stringify(credentials)), settings: {}, sync_frequency: 12, sync_cadence: 'HOUR', active: true });
    const counter = new EntrataCounter(sandbox);
    await counter.take();
    const full = await runSync({ store, sealer }, integration.id);
    if (full.error) throw new Error(`the full sync failed: ${full.error}`);
    const fullCalls = await counter.take();
    const records = await countRecords(store, integration.id);
    const inc = await runSync({ store, sealer }, integration.id);
    if (inc.error) throw new Error(`the incremental sync failed: ${inc.error}`);
    const incCalls = await counter.take();
    const busiest = (c: Counted) => Object.entries(c.byService).sort((a, b) => b[1] - a[1])[0] ?? ['-', 0];
    const [fullService, fullMax] = busiest(fullCalls);
    const firstSyncS = Math.max(...Object.values(fullCalls.byService).map((n) => secondsForCalls(n)));
    env.log(`  Entrata ${size}: ${fmt(records, 0)} records; full sync ${fmt(fullCalls.total, 0)} calls (${JSON.stringify(fullCalls.byService)}), ${fmt((fullCalls.total * 1000) / records, 1)} per 1,000 records; first sync under production limits ≈ ${duration(firstSyncS)} (${fullService}: ${fullMax} calls)`);
    env.log(`  Entrata ${size}: incremental sync, nothing changed: ${fmt(incCalls.total, 0)} calls (${JSON.stringify(incCalls.byService)}), ${fmt((incCalls.total * 1000) / records, 2)} per 1,000 records`);

    // Writes: notes on the leads of the first property, one after another across its people.
    ctx = await createTestContext({}, { sealer }, { worker: true, store });
    const { key } = await createApiKey(store.db, account.id, 'bench');
    const headers = { authorization: `Bearer ${key}` };
    const pid = String(sandbox.info.propertyIds[0]);
    const leads = await store.db.selectFrom('leads').select(['id']).where('integration_id', '=', integration.id).where('x_property_id', '=', pid).orderBy('x_id').limit(40).execute();
    const types = await store.db.selectFrom('event_types').select(['id', 'internal']).where('integration_id', '=', integration.id).where('x_property_id', '=', pid).execute();
    const notes = types.find((t) => (JSON.parse(t.internal ?? '{}') as { entrata_type_id?: string }).entrata_type_id === '8');
    if (!notes || leads.length === 0) throw new Error('no notes event type or no leads at the first property');
    const target: WriteTarget = {
      url: '/v1/events/leads/entrata/',
      body: (i) => ({ integration_id: integration.id, lead_id: leads[i % leads.length]!.id, event_type_id: notes.id, event_datetime: new Date(Date.UTC(2025, i % 12, 1 + (i % 28), 15, i % 60)).toISOString(), notes: `rate bench ${i}` }),
    };
    const w = await measureWrites(ctx, headers, target, async () => (await counter.take()).byService.leads ?? 0);
    const lone = writesPerHour(w.lone);
    const stream = writesPerHour(w.stream);
    env.log(`  Entrata ${size}: leads calls per write: lone ${fmt(w.lone, 2)}, steady stream (${STREAM} over ${leads.length} leads, one per ${STREAM_MS} ms) ${fmt(w.stream, 2)}; writes/hour (1000/hour burst; 625/hour sustained over a day): lone ${lone.burstHour}/${lone.sustained}, stream ${stream.burstHour}/${stream.sustained}`);
    return {
      name: `Entrata ${size}`,
      variant: store.pgSchema ? 'postgres' : 'sqlite',
      errors: w.failed,
      extra: {
        records,
        full_sync_calls: fullCalls.total,
        full_calls_per_1000_records: Number(((fullCalls.total * 1000) / records).toFixed(2)),
        full_calls_leads: fullCalls.byService.leads ?? 0,
        first_sync_at_production_limits: duration(firstSyncS),
        incremental_calls: incCalls.total,
        incremental_calls_per_1000_records: Number(((incCalls.total * 1000) / records).toFixed(2)),
        calls_per_write_lone: Number(w.lone.toFixed(2)),
        calls_per_write_stream: Number(w.stream.toFixed(2)),
        writes_per_hour_lone: lone.burstHour,
        writes_per_hour_stream: stream.burstHour,
        writes_per_hour_sustained_stream: stream.sustained,
      },
      targets: [
        { target: 'calls per write alone ≤ 3', actual: fmt(w.lone, 2), met: w.lone <= 3 },
        { target: 'calls per write, steady stream ≤ 1.3', actual: fmt(w.stream, 2), met: w.stream <= 1.3 },
      ],
    };
  } finally {
    await ctx?.close();
    await sandbox.close();
    await store.cleanup();
  }
}

async function buildiumCase(size: 'small' | 'medium' | 'large', env: BenchEnv): Promise<CaseResult> {
  process.env.BUILDIUM_REQUESTS_PER_SECOND = '100000';
  const store = await openTestStore();
  const sandbox = await startBuildiumSandbox({ seed: 7, size, quiet: true, rateLimitPerSecond: 0 });
  let ctx: TestContext | undefined;
  try {
    const sealer = new Sealer(randomBytes(32));
    const account = await createAccount(store.db, 'Bench rate');
    const integration = await insertIntegration(store.db, { account_id: account.id, vendor: 'BUILDIUM', name: 'bench', credentials: sealer.seal(JSON.stringify({ clientId: sandbox.clientId, secret: sandbox.secret, base_url: sandbox.url })), settings: {}, sync_frequency: 12, sync_cadence: 'HOUR', active: true });
    let last = sandbox.getInfo().requestsServed;
    const take = () => {
      const now = sandbox.getInfo().requestsServed;
      const d = now - last;
      last = now;
      return d;
    };
    const full = await runSync({ store, sealer }, integration.id);
    if (full.error) throw new Error(`the Buildium full sync failed: ${full.error}`);
    const fullCalls = take();
    const records = await countRecords(store, integration.id);
    const inc = await runSync({ store, sealer }, integration.id);
    if (inc.error) throw new Error(`the Buildium incremental sync failed: ${inc.error}`);
    const incCalls = take();
    const firstSyncS = fullCalls / BUILDIUM_PER_SECOND;
    env.log(`  Buildium ${size}: ${fmt(records, 0)} records; full sync ${fullCalls} calls (${fmt((fullCalls * 1000) / records, 1)} per 1,000 records, ${duration(firstSyncS)} at 10/s); incremental, nothing changed: ${incCalls} calls (${fmt((incCalls * 1000) / records, 1)} per 1,000)`);

    ctx = await createTestContext({}, { sealer }, { worker: true, store });
    const { key } = await createApiKey(store.db, account.id, 'bench');
    const headers = { authorization: `Bearer ${key}` };
    const applicants = await store.db.selectFrom('applicants').select(['id']).where('integration_id', '=', integration.id).orderBy('x_id').limit(40).execute();
    if (applicants.length === 0) throw new Error('no Buildium applicants');
    const target: WriteTarget = { url: '/v1/events/applicants/buildium/', body: (i) => ({ integration_id: integration.id, applicant_id: applicants[i % applicants.length]!.id, notes: `rate bench ${i}` }) };
    const w = await measureWrites(ctx, headers, target, async () => take());
    const perHour = (c: number) => Math.floor((BUILDIUM_PER_SECOND * 3600) / c);
    env.log(`  Buildium ${size}: calls per write: lone ${fmt(w.lone, 2)}, steady stream ${fmt(w.stream, 2)}; writes/hour at 10/s: lone ${perHour(w.lone)}, stream ${perHour(w.stream)}`);
    return {
      name: `Buildium ${size}`,
      variant: store.pgSchema ? 'postgres' : 'sqlite',
      errors: w.failed,
      extra: {
        records,
        full_sync_calls: fullCalls,
        full_calls_per_1000_records: Number(((fullCalls * 1000) / records).toFixed(2)),
        first_sync_at_production_limits: duration(firstSyncS),
        incremental_calls: incCalls,
        incremental_calls_per_1000_records: Number(((incCalls * 1000) / records).toFixed(2)),
        calls_per_write_lone: Number(w.lone.toFixed(2)),
        calls_per_write_stream: Number(w.stream.toFixed(2)),
        writes_per_hour_lone: perHour(w.lone),
        writes_per_hour_stream: perHour(w.stream),
      },
      targets: [],
    };
  } finally {
    delete process.env.BUILDIUM_REQUESTS_PER_SECOND;
    await ctx?.close();
    await sandbox.close();
    await store.cleanup();
  }
}

export const suite: BenchSuite = {
  name: 'rate',
  description: `PMS calls per write (lone, steady stream), per 1,000 synced records (full, incremental with nothing changed), and writes/hour and first-sync time computed under production limits; Entrata and Buildium, ${SIZES.join('/')}`,
  async run(env: BenchEnv): Promise<SuiteResult> {
    const cases: CaseResult[] = [];
    for (const size of SIZES) cases.push(await entrataCase(size, env));
    for (const size of SIZES) cases.push(await buildiumCase(size, env));
    return {
      suite: 'rate',
      cases,
      notes: [
        'calls counted by the sandboxes; Entrata per-write calls are those of the leads service (the one whose budget writes spend)',
        `lone = ${LONE} writes each waited for before the next; stream = ${STREAM} writes posted one per ${STREAM_MS} ms over up to 40 people of one property`,
        'Entrata first sync: the busiest service\'s calls under 15000/day;1000/hour;150/minute fixed windows (computed); writes/hour = 1000 ÷ calls per write (sustained over a day: 625 ÷)',
        'Buildium: calls ÷ 10/s (computed)',
      ],
    };
  },
};
