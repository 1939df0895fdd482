import { processCpuMs } from '../lib/processes.ts';
import { fmt } from '../lib/report.ts';
import { measureLoad, type LoadResult } from '../lib/load.ts';
import { preparePostgres, prepareSqlite, warmPageCache, type PreparedDataset } from '../lib/datasets.ts';
import { eventIdOf, leadIdOf, type SeedPlan } from '../lib/seed.ts';
import { startServer, type BenchServer, type ServerSpec } from '../lib/server.ts';
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

/** Bursts of a paired measurement (loadPaired). */
const BURSTS = 5;

/** What loads the case of a pair: its server, the paths rotated through, the API key if any. */
interface Side {
  server: ServerSpec;
  path: string;
  paths: readonly string[];
  apiKey?: string | undefined;
}

/**
 * A case and its same-load ceiling measured over the same minutes, as the writes suite measures
 * its accepts: both servers up and warmed, then BURSTS bursts of each in turn (ceiling, case, …).
 * This machine's speed drifts by tens of percent within minutes, so measured one after the other
 * their ratio drifts with it. Throughput is the requests over the bursts' seconds, p50 the bursts'
 * median and p99 their highest; the ceiling answers the case's first answer (ceilingOf).
 */
async function loadPaired(env: BenchEnv, subject: Side, ceilingOf: (sample: string) => ServerSpec): Promise<{ subject: CaseRun; ceiling: CaseRun }> {
  if ('sqlitePath' in subject.server) warmPageCache(subject.server.sqlitePath);
  const servers: BenchServer[] = [];
  try {
    const a = await startServer(subject.server);
    servers.push(a);
    const headers = subject.apiKey ? { authorization: `Bearer ${subject.apiKey}` } : undefined;
    const sample = await (await fetch(a.url(subject.paths[0] ?? subject.path), headers ? { headers } : {})).text();
    const b = await startServer(ceilingOf(sample));
    servers.push(b);
    const sides = [
      { server: b, headers: undefined },
      { server: a, headers },
    ];
    const load = (side: (typeof sides)[number], durationS: number) =>
      measureLoad({ url: side.server.url(subject.path), paths: subject.paths, ...(side.headers ? { headers: side.headers } : {}), connections: env.connections, durationS, warmupS: 0 });
    if (env.warmupS > 0) for (const side of sides) await load(side, env.warmupS);
    const burstS = Math.max(1, Math.round(env.durationS / BURSTS));
    const totals = sides.map(() => ({ requests: 0, errors: 0, cpuMs: 0, clientUs: 0, weightedMean: 0, p50s: [] as number[], p99s: [] as number[] }));
    for (let i = 0; i < BURSTS; i++) {
      for (const [k, side] of sides.entries()) {
        const t = totals[k]!;
        const cpu0 = processCpuMs(side.server.pid);
        const client0 = process.cpuUsage();
        const r = await load(side, burstS);
        const cpu1 = processCpuMs(side.server.pid);
        const client = process.cpuUsage(client0);
        t.cpuMs += cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : NaN;
        t.clientUs += client.user + client.system;
        t.requests += r.requests;
        t.errors += r.errors;
        t.weightedMean += r.mean * r.requests;
        t.p50s.push(r.p50);
        t.p99s.push(r.p99);
      }
    }
    const seconds = burstS * BURSTS;
    const run = async (k: number): Promise<CaseRun> => {
      const t = totals[k]!;
      const requests = Math.max(1, t.requests);
      const memory = await sides[k]!.server.memory();
      const result: LoadResult = {
        rps: t.requests / seconds,
        p50: [...t.p50s].sort((x, y) => x - y)[Math.floor(BURSTS / 2)]!,
        p99: Math.max(...t.p99s),
        mean: t.weightedMean / requests,
        errors: t.errors,
        requests: t.requests,
      };
      return { load: result, ...memory, cpuUsPerRequest: (t.cpuMs * 1000) / requests, clientCpuUsPerRequest: t.clientUs / requests, sample };
    };
    return { ceiling: await run(0), subject: await run(1) };
  } finally {
    for (const server of servers) await server.stop();
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

  // The by-id load costs the load generator more per request than the one-path ceiling's (it picks
  // a path per request and reads a 15× longer answer), and on a small machine the load generator is
  // what limits a bare route: the by-id target is judged against a bare route under the same load,
  // measured in bursts alternating with the case's (loadPaired).
  env.log(`  ${variant}: GET /v1/events/{id}, in ${BURSTS} bursts alternating with its same-load ceiling (a bare route at /v1/events/:event_id under the by-id load, answering as long a text)`);
  const eventPaths = randomInts(ROTATION, dataset.plan.events).map((n) => `/v1/events/${eventIdOf(dataset.integrationId, n)}`);
  const paired = await loadPaired(env, { server: prepared.server, path: '/v1/events/', paths: eventPaths, apiKey }, (body) => ({ kind: 'bare-echo', method: 'GET', path: '/v1/events/:event_id', body }));
  const byIdRun = paired.subject;
  const byId = toCase('GET /v1/events/{id}', variant, byIdRun);
  const sameLoad = toCase('bare route under the by-id load (same-load ceiling)', variant, paired.ceiling, ceilingRps);
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
            `${prepared.variant}: GET /v1/events/{id} is judged against a bare route under its own load (same-load ceiling, ${fmt(same.rps ?? 0, 0)} req/s, measured in ${BURSTS} bursts alternating with the case's), ` +
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
