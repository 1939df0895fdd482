/**
 * `npm run bench` runs every suite in bench/suites/; `npm run bench -- reads` runs the named ones.
 * A suite is a file there exporting `suite` (see lib/types.ts). Settings come from the environment:
 *   BENCH_DURATION (s, default 10)  BENCH_WARMUP (s, default 2)  BENCH_CONNECTIONS (default 50)
 *   DATABASE_URL (adds the PostgreSQL mode)  BENCH_NO_CACHE=1 (reseed SQLite)  BENCH_EVENTS, BENCH_LEADS
 * Results are printed as a table and written to bench/results/latest.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatSuite, machineFacts, writeReport } from './lib/report.ts';
import type { BenchEnv, BenchSuite, SuiteResult } from './lib/types.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

function numberEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return value;
}

async function loadSuites(): Promise<BenchSuite[]> {
  const dir = path.join(here, 'suites');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('_')).sort();
  const suites: BenchSuite[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { suite?: BenchSuite };
    if (!mod.suite) throw new Error(`bench/suites/${file} must export "suite" (see bench/lib/types.ts)`);
    suites.push(mod.suite);
  }
  return suites;
}

async function main(): Promise<void> {
  const all = await loadSuites();
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((w) => !all.some((s) => s.name === w));
  if (unknown.length) {
    throw new Error(`unknown suite(s): ${unknown.join(', ')}; available: ${all.map((s) => `${s.name} (${s.description})`).join(', ')}`);
  }
  const suites = wanted.length ? all.filter((s) => wanted.includes(s.name)) : all;
  const env: BenchEnv = {
    durationS: numberEnv('BENCH_DURATION', 10),
    warmupS: numberEnv('BENCH_WARMUP', 2),
    connections: numberEnv('BENCH_CONNECTIONS', 50),
    databaseUrl: process.env.DATABASE_URL || undefined,
    log: (m) => console.log(m),
  };
  const machine = machineFacts();
  console.log(`bench: ${suites.map((s) => s.name).join(', ')} on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}`);
  console.log(`       ${env.connections} connections, ${env.warmupS} s warm-up + ${env.durationS} s per case${env.databaseUrl ? ', SQLite and PostgreSQL' : ', SQLite only'}`);

  const results: SuiteResult[] = [];
  for (const suite of suites) {
    console.log(`\n${suite.name}: ${suite.description}`);
    const started = Date.now();
    const result = await suite.run(env);
    result.notes.push(`suite took ${((Date.now() - started) / 1000).toFixed(0)} s`);
    results.push(result);
    console.log(`\n${formatSuite(result)}`);
  }
  const file = path.join(here, 'results', 'latest.json');
  writeReport(
    {
      machine,
      settings: { durationS: env.durationS, warmupS: env.warmupS, connections: env.connections, postgres: Boolean(env.databaseUrl) },
      suites: results,
    },
    file,
  );
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
  const missed = results.flatMap((r) => r.cases.flatMap((c) => (c.targets ?? []).filter((t) => !t.met).map((t) => `${c.variant} ${c.name}: ${t.target}`)));
  if (missed.length) console.log(`targets missed:\n  ${missed.join('\n  ')}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
