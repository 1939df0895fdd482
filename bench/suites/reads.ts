import { processCpuMs } from '../lib/processes.ts';
import { fmt } from '../lib/report.ts';
import { measureLoad, type LoadResult } from '../lib/load.ts';
import { preparePostgres, prepareSqlite, warmPageCache, type PreparedDataset } from '../lib/datasets.ts';
import { eventIdOf, leadIdOf, type SeedPlan } from '../lib/seed.ts';
import { startServer, type ServerSpec } from '../lib/server.ts';
import type { BenchEnv, BenchSuite, CaseResult, SuiteResult } from '../lib/types.ts';

/**
 * The read path at scale: 1M events behind the API, on SQLite and (with DATABASE_URL) PostgreSQL,
 * compared with a bare Fastify route measured in the same run.
 * Targets: by-id ≥ 0.5 × ceiling (a bare route under the same load); ?lead_id= p99 < 20 ms; server
 * RSS ≤ 250 MB on SQLite.
 */
const plan: SeedPlan = {
  events: Number(process.env.BENCH_EVENTS ?? 1_000_000),
  leads: Number(process.env.BENCH_LEADS ?? 50_000),
  properties: 50,
  batch: 5_000,
  transaction: 50_000,
};
/** How many distinct ids the load rotates through (random, so the page cache is not flattered). */
const ROTATION = 20_000;

function randomInts(count: number, below: number): number[] {
  return Array.from({ length: count }, () => Math.floor(Math.random() * below));
}

interface CaseRun {
  load: LoadResult;
  rssMb: number;
  peakRssMb: number;
  /** Server CPU time per request, µs: steadier than req/s on a machine that does other work. */
  cpuUsPerRequest: number;
  /** The load generator's (this process's) CPU time per request, µs. */
  clientCpuUsPerRequest: number;
  /** The answer to the first path, read before the load (what a same-load ceiling answers). */
  sample: string;
}

async function loadCase(
  env: BenchEnv,
  server: ServerSpec,
  path: string,
  paths: readonly string[] | undefined,
  apiKey: string | undefined,
): Promise<CaseRun> {
  // Read the file again right before each case: a host may reclaim page cache it sees idle (this
  // VM runs DAMON reclaim), and a case that starts by reading from disk measures the disk.
  if ('sqlitePath' in server) warmPageCache(server.sqlitePath);
  const s = await startServer(server);
  try {
    const first = paths?.[0] ?? path;
    const sample = await (await fetch(s.url(first), apiKey ? { headers: { authorization: `Bearer ${apiKey}` } } : {})).text();
    let cpuBefore: number | undefined;
    let clientBefore = process.cpuUsage();
    const load = await measureLoad({
      onMeasureStart: () => {
        cpuBefore = processCpuMs(s.pid);
        clientBefore = process.cpuUsage();
      },
      url: s.url(path),
      ...(paths ? { paths } : {}),
      ...(apiKey ? { headers: { authorization: `Bearer ${apiKey}` } } : {}),
      connections: env.connections,
      durationS: env.durationS,
      warmupS: env.warmupS,
    });
    const cpuAfter = processCpuMs(s.pid);
    const client = process.cpuUsage(clientBefore);
    const cpuMs = cpuAfter !== undefined && cpuBefore !== undefined ? cpuAfter - cpuBefore : NaN;
    const memory = await s.memory();
    const requests = Math.max(1, load.requests);
    return { load, ...memory, cpuUsPerRequest: (cpuMs * 1000) / requests, clientCpuUsPerRequest: (client.user + client.system) / requests, sample };
  } finally {
    await s.stop();
  }
}

function toCase(name: string, variant: string, r: CaseRun, ceiling?: number): CaseResult {
  console.log(
    `    ${fmt(r.load.rps, 0)} req/s, p50 ${r.load.p50} ms, p99 ${r.load.p99} ms, RSS ${fmt(r.rssMb, 0)} MB (peak ${fmt(r.peakRssMb, 0)}), ` +
      `server CPU ${fmt(r.cpuUsPerRequest, 0)} µs/request, load generator CPU ${fmt(r.clientCpuUsPerRequest, 0)} µs/request, ${r.load.errors} errors`,
  );
  return {
    name,
    variant,
    rps: r.load.rps,
    latencyMs: { p50: r.load.p50, p99: r.load.p99, mean: r.load.mean },
    ratioToCeiling: ceiling ? r.load.rps / ceiling : undefined,
    rssMb: r.rssMb,
    peakRssMb: r.peakRssMb,
    errors: r.load.errors,
    extra: { serverCpuUsPerRequest: Math.round(r.cpuUsPerRequest), clientCpuUsPerRequest: Math.round(r.clientCpuUsPerRequest) },
  };
}

async function measureVariant(env: BenchEnv, prepared: PreparedDataset): Promise<CaseResult[]> {
  const { variant, dataset, apiKey } = prepared;
  env.log(`  ${variant}: ceiling (bare Fastify route, one path)`);
  const ceiling = toCase('bare Fastify JSON route (ceiling)', variant, await loadCase(env, { kind: 'bare' }, '/bare', undefined, undefined));
  const ceilingRps = ceiling.rps ?? 0;

  env.log(`  ${variant}: GET /v1/events/{id}`);
  const eventPaths = randomInts(ROTATION, dataset.plan.events).map((n) => `/v1/events/${eventIdOf(dataset.integrationId, n)}`);
  const byIdRun = await loadCase(env, prepared.server, '/v1/events/', eventPaths, apiKey);
  const byId = toCase('GET /v1/events/{id}', variant, byIdRun);

  // The by-id load costs the load generator more per request than the one-path ceiling's (it picks
  // a path per request and reads a 15× longer answer), and on a small machine the load generator is
  // what limits a bare route: the by-id target is judged against a bare route under the same load.
  env.log(`  ${variant}: same-load ceiling: a bare route at /v1/events/:event_id under the by-id load, answering as long a text`);
  const echo = { kind: 'bare-echo', method: 'GET', path: '/v1/events/:event_id', body: byIdRun.sample } as const;
  const sameLoad = toCase('bare route under the by-id load (same-load ceiling)', variant, await loadCase(env, echo, '/v1/events/', eventPaths, undefined), ceilingRps);
  const sameLoadRps = sameLoad.rps ?? 0;
  byId.ratioToCeiling = sameLoadRps ? (byId.rps ?? 0) / sameLoadRps : undefined;
  byId.extra = { ...byId.extra, ratioToOnePathCeiling: Number(((byId.rps ?? 0) / ceilingRps).toFixed(3)), sameLoadCeilingRps: Math.round(sameLoadRps) };

  // The floor: a bare route doing only this read (bench/floors.ts). When it stays under the
  // by-id target, no implementation of the API could meet the target on this machine.
  const floorCases: CaseResult[] = [];
  const server = prepared.server;
  if (server.kind === 'app' && 'sqlitePath' in server) {
    env.log(`  ${variant}: floor: a bare route doing only the same SQLite point read`);
    floorCases.push(
      toCase('floor: bare route + the same point read', variant, await loadCase(env, { kind: 'floor-read', sqlitePath: server.sqlitePath }, '/v1/events/', eventPaths, undefined), sameLoadRps),
    );
  }

  env.log(`  ${variant}: GET /v1/events/?lead_id=…`);
  const leadPaths = randomInts(ROTATION, dataset.plan.leads).map((l) => `/v1/events/?lead_id=${leadIdOf(dataset.integrationId, l)}`);
  const byLead = toCase('GET /v1/events/?lead_id=', variant, await loadCase(env, prepared.server, '/v1/events/', leadPaths, apiKey), ceilingRps);

  // A case with failed requests (timeouts included) measured nothing it can be credited for.
  const clean = (c: CaseResult): boolean => c.errors === 0 && (c.rps ?? 0) > 0;
  byId.targets = [{ target: 'rps ≥ 0.5 × same-load ceiling', actual: fmt(byId.ratioToCeiling ?? 0, 2), met: clean(byId) && clean(sameLoad) && (byId.ratioToCeiling ?? 0) >= 0.5 }];
  byLead.targets = [
    { target: 'p99 < 20 ms', actual: `${fmt(byLead.latencyMs?.p99 ?? Infinity, 1)} ms`, met: clean(byLead) && (byLead.latencyMs?.p99 ?? Infinity) < 20 },
  ];
  if (variant === 'sqlite') {
    for (const c of [byId, byLead]) {
      const peak = Number.isFinite(c.peakRssMb) ? (c.peakRssMb ?? 0) : (c.rssMb ?? 0);
      c.targets = [...(c.targets ?? []), { target: 'RSS ≤ 250 MB', actual: `${fmt(peak, 0)} MB peak`, met: peak <= 250 }];
    }
  }
  return [ceiling, byId, sameLoad, ...floorCases, byLead];
}

function seedCase(prepared: PreparedDataset): CaseResult {
  const { dataset } = prepared;
  return {
    name: 'seed through upsertRecords',
    variant: prepared.variant,
    extra: {
      rows: dataset.rows,
      seconds: Number(dataset.seconds.toFixed(1)),
      rowsPerSecond: Math.round(dataset.rows / dataset.seconds),
      events: dataset.plan.events,
      leads: dataset.plan.leads,
      cached: prepared.cached,
    },
  };
}

export const suite: BenchSuite = {
  name: 'reads',
  description: 'GET /v1/events/{id} and ?lead_id= on 1M events vs a bare Fastify route',
  async run(env): Promise<SuiteResult> {
    const cases: CaseResult[] = [];
    const notes: string[] = [];
    const useCache = process.env.BENCH_NO_CACHE !== '1';
    const variants: Array<() => Promise<PreparedDataset>> = [() => prepareSqlite(plan, env.log, useCache)];
    if (env.databaseUrl) {
      const url = env.databaseUrl;
      variants.push(() => preparePostgres(plan, url, env.log));
    }
    for (const prepare of variants) {
      const prepared = await prepare();
      try {
        const seed = seedCase(prepared);
        cases.push(seed);
        const e = seed.extra ?? {};
        notes.push(
          `${prepared.variant}: seeded ${fmt(Number(e.rows), 0)} rows (records + links) in ${String(e.seconds)} s = ` +
            `${fmt(Number(e.rowsPerSecond), 0)} rows/s${prepared.cached ? ' (when the cached file was made)' : ''}`,
        );
        const measured = await measureVariant(env, prepared);
        cases.push(...measured);
        const floor = measured.find((c) => c.name.startsWith('floor'));
        const byId = measured.find((c) => c.name === 'GET /v1/events/{id}');
        const one = measured.find((c) => c.name.endsWith('(ceiling)'));
        const same = measured.find((c) => c.name.includes('same-load'));
        if (byId?.extra && one?.extra && same?.extra) {
          notes.push(
            `${prepared.variant}: GET /v1/events/{id} is judged against a bare route under its own load (same-load ceiling, ${fmt(same.rps ?? 0, 0)} req/s), ` +
              `not the one-path ceiling (${fmt(one.rps ?? 0, 0)} req/s; by id does ${fmt(Number(byId.extra.ratioToOnePathCeiling), 2)} × that): the load generator spends ` +
              `${String(one.extra.clientCpuUsPerRequest)} µs per request on the one path and ${String(same.extra.clientCpuUsPerRequest)} µs on the by-id load, and it runs on one of this machine's cores`,
          );
        }
        if (floor?.ratioToCeiling !== undefined && byId?.rps !== undefined && floor.rps) {
          notes.push(
            `${prepared.variant}: floor = a bare Fastify route doing only the same point read (no key check, rate limit, validation or metrics): ` +
              `${fmt(floor.ratioToCeiling, 2)} × the same-load ceiling; GET /v1/events/{id} does ${fmt(byId.rps / floor.rps, 2)} × the floor` +
              (floor.ratioToCeiling < 0.5 ? ' (the floor itself is under 0.5: the by-id target is out of reach on this machine)' : ''),
          );
        }
      } finally {
        await prepared.cleanup();
      }
    }
    if (!env.databaseUrl) notes.push('PostgreSQL skipped: set DATABASE_URL=postgres://… to measure it too.');
    return { suite: 'reads', cases, notes };
  },
};
