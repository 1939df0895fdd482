import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { Sealer } from '../../src/lib/crypto.ts';
import { createAccount, createApiKey } from '../../src/store/repositories/accounts.ts';
import { insertIntegration } from '../../src/store/repositories/integrations.ts';
import { runSync } from '../../src/sync/engine.ts';
import { measureLoad } from '../lib/load.ts';
import { processCpuMs } from '../lib/processes.ts';
import { fmt } from '../lib/report.ts';
import { startServer, type ServerSpec } from '../lib/server.ts';
import type { BenchEnv, BenchSuite, CaseResult, SuiteResult } from '../lib/types.ts';
import { forkChild, freshStore, type Child } from './_writesProcesses.ts';

/**
 * The write path: the sandbox's small set synced into a fresh store, the API in one process and
 * the sandbox (no latency) in another. Accept throughput is measured twice: with the write worker
 * running in the API process (embedded mode), and for the API alone, no worker draining meanwhile
 * (the production shape: API processes accept, worker processes execute); afterwards that
 * process's worker is started and every job accepted in the whole run must end SUCCESS.
 * Targets: accept throughput ≥ 0.25 × a bare Fastify route under the same load (the same POST
 * bodies, an answer as long); accepted → SUCCESS p50 < 50 ms and p99 < 250 ms; accepted → readable
 * with created_record_id p50 < 2 s.
 */
const LATENCY_WRITES = Number(process.env.BENCH_WRITES ?? 200);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** How long the worker may take to execute every write accepted by the run. */
const DRAIN_LIMIT_MS = Number(process.env.BENCH_WRITES_DRAIN_S ?? 900) * 1000;

/** Accept throughput measured in bursts alternating with the ceiling's (see measured()). */
interface Measured {
  rps: number;
  ceilingRps: number;
  p50: number;
  p99: number;
  errors: number;
  cpuUsPerAccept: number | undefined;
}
const BURSTS = 5;

/** The bare route's throughput (the suite's first ceiling). */
async function measureCeiling(env: BenchEnv): Promise<{ rps: number; p50: number; p99: number; mean: number; errors: number }> {
  const bare = await startServer({ kind: 'bare' });
  try {
    return await measureLoad({ url: bare.url('/bare'), connections: env.connections, durationS: env.durationS, warmupS: env.warmupS });
  } finally {
    await bare.stop();
  }
}

async function measureVariant(env: BenchEnv, variant: 'sqlite' | 'postgres', firstCeilingRps: number): Promise<CaseResult[]> {
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
    const base = () => `http://127.0.0.1:${apiChild!.port}`;
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

    // Latency: one write at a time, so each is measured alone (no queueing behind others).
    env.log(`  ${variant}: accepted → SUCCESS and → readable, ${LATENCY_WRITES} writes one at a time`);
    const readable: number[] = [];
    const jobIds: string[] = [];
    // An accept's answer, for the bare route that stands in for the API under the same load.
    let sampleAnswer = '';
    for (let i = 0; i < LATENCY_WRITES; i++) {
      const t0 = performance.now();
      const res = await fetch(`${base()}/v1/events/leads/entrata/`, { method: 'POST', headers, body: body(i) });
      if (res.status !== 200) throw new Error(`write refused: ${res.status} ${await res.text()}`);
      const answer = await res.text();
      sampleAnswer ||= answer;
      const jobId = (JSON.parse(answer) as { meta: { job_id: string } }).meta.job_id;
      jobIds.push(jobId);
      for (;;) {
        const st = (await (await fetch(`${base()}/v1/admin/write-status/${jobId}`, { headers })).json()) as { write_status: string; created_record_id: string | null };
        if (st.write_status === 'FAILURE') throw new Error(`bench write ${jobId} failed`);
        if (st.created_record_id) {
          const ev = await fetch(`${base()}/v1/events/${st.created_record_id}`, { headers });
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

    // Throughput: POSTs under load, each body a different write. Every job id answered is kept,
    // so that the end of the run can show each of them executed.
    let n = LATENCY_WRITES;
    const answered = new Set<string>(jobIds);
    // Answers of the API are kept (every one must end SUCCESS); the floor's are not jobs of the store.
    const load = async (durationS: number, url?: string) =>
      new Promise<autocannon.Result>((resolve, reject) =>
        autocannon(
          {
            url: url ?? `${base()}/v1/events/leads/entrata/`,
            connections: env.connections,
            duration: durationS,
            requests: [
              {
                method: 'POST',
                headers,
                setupRequest: (r: autocannon.Request) => ({ ...r, body: body(n++) }),
                onResponse: (status: number, text: string) => {
                  if (status === 200 && url === undefined) answered.add((JSON.parse(text) as { meta: { job_id: string } }).meta.job_id);
                },
              },
            ],
          },
          (err, result) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(result)),
        ),
      );
    /**
     * Warm-up, then the measured run in bursts that alternate with bursts on a bare route (the
     * ceiling), so both are measured over the same minutes: this machine's speed drifts by tens of
     * percent within a minute (other tenants). Throughputs are requests over the bursts' time; p50
     * is the median and p99 the highest of the bursts' own. `background`: the process under test
     * keeps working between its bursts (the embedded worker drains its jobs), which would slow the
     * bare route's bursts too; that case is divided by the suite's first ceiling instead.
     */
    const sameLoadCeiling = () => startServer({ kind: 'bare-echo', method: 'POST', path: '/v1/events/leads/entrata/', body: sampleAnswer });
    // The embedded case's worker keeps running between its bursts, so its ceiling is measured first.
    env.log(`  ${variant}: same-load ceiling: a bare POST route taking the same bodies and answering as long a text`);
    const sameLoadFirst = await sameLoadCeiling();
    let sameLoadFirstRps: number;
    try {
      sameLoadFirstRps = (await load(env.durationS, sameLoadFirst.url('/v1/events/leads/entrata/'))).requests.average;
    } finally {
      await sameLoadFirst.stop();
    }
    env.log(`    ${fmt(sameLoadFirstRps, 0)} req/s (the one-path GET ceiling: ${fmt(firstCeilingRps, 0)})`);

    const measured = async (child: { pid: number }, url?: string, background = false): Promise<Measured> => {
      const bare = await sameLoadCeiling();
      try {
        const ceilingLoad = async (durationS: number) => ({ requests: (await load(durationS, bare.url('/v1/events/leads/entrata/'))).requests.total });
        if (env.warmupS > 0) {
          await ceilingLoad(env.warmupS);
          await load(env.warmupS, url);
        }
        const burstS = Math.max(1, Math.round(env.durationS / BURSTS));
        let ceilingRequests = 0;
        let requests = 0;
        let errors = 0;
        let cpuMs: number | undefined = 0;
        const p50s: number[] = [];
        const p99s: number[] = [];
        for (let i = 0; i < BURSTS; i++) {
          if (!background) ceilingRequests += (await ceilingLoad(burstS)).requests;
          const cpu0 = processCpuMs(child.pid);
          const r = await load(burstS, url);
          const cpu1 = processCpuMs(child.pid);
          cpuMs = cpuMs !== undefined && cpu0 !== undefined && cpu1 !== undefined ? cpuMs + cpu1 - cpu0 : undefined;
          requests += r.requests.total;
          errors += r.non2xx + r.errors + r.timeouts;
          p50s.push(r.latency.p50);
          p99s.push(r.latency.p99);
        }
        const seconds = burstS * BURSTS;
        return {
          rps: requests / seconds,
          ceilingRps: background ? sameLoadFirstRps : ceilingRequests / seconds,
          p50: [...p50s].sort((a, b) => a - b)[Math.floor(BURSTS / 2)]!,
          p99: Math.max(...p99s),
          errors,
          cpuUsPerAccept: cpuMs !== undefined && requests > 0 ? (cpuMs * 1000) / requests : undefined,
        };
      } finally {
        await bare.stop();
      }
    };
    const describe = (m: Measured, background = false) =>
      `${fmt(m.rps, 0)} req/s (${fmt(m.rps / m.ceilingRps, 2)} × the same-load ceiling of ${fmt(m.ceilingRps, 0)} req/s ${background ? 'measured first' : 'in the bursts between'}, ${fmt(m.rps / firstCeilingRps, 2)} × the one-path GET ceiling), p50 ${m.p50} ms, p99 ${m.p99} ms, ${m.errors} errors, ${m.cpuUsPerAccept === undefined ? '?' : fmt(m.cpuUsPerAccept, 0)} µs of API-process CPU per request`;

    env.log(`  ${variant}: POST /v1/events/leads/entrata/ under load, embedded worker running in the API process`);
    const ended = async () =>
      Number((await s.store.db.selectFrom('write_jobs').select((eb) => eb.fn.countAll<number | string>().as('n')).where('status', '<>', 'PENDING').executeTakeFirstOrThrow()).n);
    const endedBefore = await ended();
    const embeddedStarted = Date.now();
    const embedded = await measured(apiChild, undefined, true);
    // The worker gives way to the API while requests arrive (src/jobs/giveWay.ts): what it still did.
    const workerRate = (await ended() - endedBefore) / ((Date.now() - embeddedStarted) / 1000);
    env.log(`    ${describe(embedded, true)} (worker's CPU included); the worker ended ${fmt(workerRate, 0)} writes/s meanwhile`);
    await apiChild.stop();
    apiChild = undefined;

    // The API alone: a process with the queue but no worker, as API processes run in production.
    env.log(`  ${variant}: POST /v1/events/leads/entrata/ under load, API alone (no worker draining)`);
    apiChild = await forkChild({ WRITES_ROLE: 'api', WRITES_NO_WORKER: '1', WRITES_SECRET_KEY: secretKey.toString('hex'), ...s.env });
    const alone = await measured(apiChild);
    env.log(`    ${describe(alone)}`);

    // The floor (bench/floors.ts): a bare route doing only the storage work an accept cannot skip.
    let floor: Awaited<ReturnType<typeof measured>> | undefined;
    const floorSpec: ServerSpec | undefined =
      variant === 'sqlite' && s.env.WRITES_SQLITE_PATH
        ? { kind: 'floor-accept', sqlitePath: s.env.WRITES_SQLITE_PATH, scratchPath: `${s.env.WRITES_SQLITE_PATH}.floor` }
        : variant === 'postgres' && s.env.WRITES_DATABASE_URL && s.env.WRITES_PG_SCHEMA
          ? { kind: 'floor-accept-pg', databaseUrl: s.env.WRITES_DATABASE_URL, pgSchema: s.env.WRITES_PG_SCHEMA }
          : undefined;
    if (floorSpec) {
      env.log(`  ${variant}: floor: a bare POST route doing one read, a job row and a queue entry, group-committed`);
      const floorServer = await startServer(floorSpec);
      try {
        floor = await measured(floorServer, floorServer.url('/v1/events/leads/entrata/'));
        env.log(`    ${describe(floor)}`);
      } finally {
        await floorServer.stop();
      }
    }

    // No lost writes: start that process's worker and wait until every job ever accepted has ended.
    const drainStarted = Date.now();
    await apiChild.command('start-worker');
    const total = answered.size;
    env.log(`  ${variant}: draining: every one of the ${total} writes answered 200 must end SUCCESS`);
    let lastLog = Date.now();
    for (;;) {
      const open = await s.store.db.selectFrom('write_jobs').select((eb) => eb.fn.countAll<number | string>().as('n')).where('status', '=', 'PENDING').executeTakeFirstOrThrow();
      if (Number(open.n) === 0) break;
      if (Date.now() - drainStarted > DRAIN_LIMIT_MS) throw new Error(`${open.n} writes still PENDING ${DRAIN_LIMIT_MS / 1000} s after the worker started`);
      if (Date.now() - lastLog > 30_000) {
        env.log(`    ${open.n} still PENDING`);
        lastLog = Date.now();
      }
      await sleep(250);
    }
    const drainS = (Date.now() - drainStarted) / 1000;
    const jobs = await s.store.db.selectFrom('write_jobs').select(['id', 'status', 'created_record_id']).execute();
    const byId = new Map(jobs.map((j) => [j.id, j]));
    const lost = [...answered].filter((id) => byId.get(id)?.status !== 'SUCCESS' || !byId.get(id)?.created_record_id);
    if (lost.length > 0) throw new Error(`${lost.length} of ${total} accepted writes did not end SUCCESS with a created record, e.g. ${lost.slice(0, 3).join(', ')}`);
    const notSuccess = jobs.filter((j) => j.status !== 'SUCCESS');
    if (notSuccess.length > 0) throw new Error(`${notSuccess.length} write jobs ended ${notSuccess[0]!.status}`);
    // Jobs beyond the answered ones were accepted while autocannon hung up at the end of a run.
    env.log(`    all ${total} answered writes SUCCESS (${jobs.length} jobs in all) after ${fmt(drainS, 1)} s of draining`);

    const acceptCase = (name: string, m: Measured): CaseResult => {
      const ratio = m.rps / m.ceilingRps;
      return {
        name,
        variant,
        rps: m.rps,
        latencyMs: { p50: m.p50, p99: m.p99 },
        ratioToCeiling: ratio,
        errors: m.errors,
        extra: {
          cpuUsPerAccept: m.cpuUsPerAccept === undefined ? null : Math.round(m.cpuUsPerAccept),
          ceilingRps: Math.round(m.ceilingRps),
          ratioToOnePathCeiling: Number((m.rps / firstCeilingRps).toFixed(3)),
        },
        targets: [{ target: 'accept ≥ 0.25 × same-load ceiling', actual: fmt(ratio, 2), met: ratio >= 0.25 && m.errors === 0 }],
      };
    };
    const embeddedCase = acceptCase('POST /v1/events/leads/entrata/ (accept, embedded worker running)', embedded);
    embeddedCase.extra = { ...embeddedCase.extra, workerWritesPerSecond: Math.round(workerRate) };
    return [
      embeddedCase,
      acceptCase('POST /v1/events/leads/entrata/ (accept, API alone)', alone),
      ...(floor
        ? [{ ...acceptCase(variant === 'sqlite' ? 'floor: bare POST route, one read + two inserts' : 'floor: bare POST route, one read + a job row + add_jobs', floor), targets: undefined }]
        : []),
      {
        name: 'drain after the API-alone run',
        variant,
        extra: { writes: total, jobs: jobs.length, seconds: Math.round(drainS * 10) / 10 },
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
    const l = await measureCeiling(env);
    env.log(`    ${fmt(l.rps, 0)} req/s`);
    const ceiling: CaseResult = { name: 'bare Fastify JSON route (ceiling)', variant: 'node', rps: l.rps, latencyMs: { p50: l.p50, p99: l.p99, mean: l.mean }, errors: l.errors };
    const cases: CaseResult[] = [ceiling];
    cases.push(...(await measureVariant(env, 'sqlite', l.rps)));
    if (env.databaseUrl) cases.push(...(await measureVariant(env, 'postgres', l.rps)));
    const cpuNotes = cases
      .filter((c) => typeof c.extra?.cpuUsPerAccept === 'number')
      .map((c) => `${c.variant} ${c.name}: ${String(c.extra!.cpuUsPerAccept)} µs of API-process CPU per request`);
    const floorNotes = cases
      .filter((c) => c.name.startsWith('floor'))
      .map((c) => {
        const alone = cases.find((a) => a.variant === c.variant && a.name.includes('API alone'));
        const ratio = c.ratioToCeiling ?? 0;
        return (
          `${c.variant} floor = a bare POST route doing only one read and, group-committed, a job row and its queue entry (${c.variant === 'sqlite' ? 'two inserts' : "an insert and graphile-worker's add_jobs, one named queue per lead"}; no key check, validation, Kysely or metrics): ${fmt(ratio, 2)} × ceiling` +
          (alone?.ratioToCeiling && ratio ? `; the API alone accepts ${fmt(alone.ratioToCeiling / ratio, 2)} × the floor (their ratios to their own ceilings: the machine's speed drifts between cases)` : '') +
          (ratio < 0.25 ? ' (the floor itself is under 0.25: the accept target is out of reach on this machine)' : '')
        );
      });
    const drainNotes = cases.filter((c) => c.name.startsWith('drain')).map((c) => `${c.variant} drain: ${String(c.extra!.writes)} answered writes all SUCCESS after ${String(c.extra!.seconds)} s`);
    return {
      suite: 'writes',
      cases,
      notes: [
        ...cpuNotes,
        ...floorNotes,
        ...drainNotes,
        `ratios: each accept case runs in ${BURSTS} bursts alternating with bursts of the same load (the same bodies and headers) on a bare POST route answering as long a text (the same-load ceiling), and is divided by the ceiling of those bursts (its extra.ceilingRps), since this machine drifts within minutes; the embedded case, whose worker keeps running between its bursts, uses a same-load ceiling measured before it; p50 is the bursts' median, p99 their highest`,
        'same-load ceiling: making a new body per request costs the load generator about twice what the one-path GET costs it, and on a small machine the load generator is what limits a bare route; extra.ratioToOnePathCeiling is each case over the GET /bare ceiling, for comparison with earlier runs',
        'accept: autocannon POSTs (a different write each); "embedded worker running": the write worker executes in the API process meanwhile, giving way to the API (one job at a time while requests arrive; extra.workerWritesPerSecond is what it ended during the load); "API alone": no worker runs during the load, as API processes in production',
        'cpuUsPerAccept: the API process\'s CPU time (user + system) over the measured run ÷ requests answered (embedded: the worker\'s CPU is included)',
        'drain: the API-alone process then starts its worker; every write answered 200 in the suite must end SUCCESS with a created record, and no job may end otherwise',
        `latency: ${LATENCY_WRITES} writes one at a time; → SUCCESS from the job's created_at/finished_at, → readable as the client sees it (polling every 2 ms)`,
      ],
    };
  },
};
