import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopChild } from './processes.ts';

const serverEntry = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'server.ts');

export interface ServerMemory {
  /** Resident set size now, MB. */
  rssMb: number;
  /** Peak resident set size since the process started, MB (VmHWM). */
  peakRssMb: number;
}

export interface BenchServer {
  port: number;
  pid: number;
  url(pathname: string): string;
  memory(): Promise<ServerMemory>;
  stop(): Promise<void>;
}

export type ServerSpec =
  | { kind: 'bare' }
  /**
   * A bare Fastify route answering `path` (a route pattern such as /v1/events/:id) with `body`
   * whatever the request: the ceiling of a case whose load rotates paths or sends bodies, measured
   * with the same load (the load generator's own cost per request is then the same in both).
   */
  | { kind: 'bare-echo'; method: 'GET' | 'POST'; path: string; body: string }
  | { kind: 'floor-read'; sqlitePath: string }
  | { kind: 'floor-accept'; sqlitePath: string; scratchPath: string }
  | { kind: 'floor-accept-pg'; databaseUrl: string; pgSchema: string }
  | { kind: 'app'; sqlitePath: string }
  | { kind: 'app'; databaseUrl: string; pgSchema: string };

/** Starts bench/server.ts in a child process (tsx loader) and waits until it listens. */
export async function startServer(spec: ServerSpec): Promise<BenchServer> {
  const env: NodeJS.ProcessEnv = { ...process.env, BENCH_SERVER: spec.kind, NODE_ENV: 'production' };
  if ('sqlitePath' in spec) env.BENCH_SQLITE_PATH = spec.sqlitePath;
  if (spec.kind === 'bare-echo') Object.assign(env, { BENCH_ECHO_METHOD: spec.method, BENCH_ECHO_PATH: spec.path, BENCH_ECHO_BODY: spec.body });
  if ('scratchPath' in spec) env.BENCH_SCRATCH_PATH = spec.scratchPath;
  if ('databaseUrl' in spec) {
    env.BENCH_DATABASE_URL = spec.databaseUrl;
    env.BENCH_PG_SCHEMA = spec.pgSchema;
  }
  // BENCH_SERVER_ARGS passes node flags to the server, e.g. "--cpu-prof --cpu-prof-dir=bench/results/profiles".
  const extraArgs = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
  const child = fork(serverEntry, [], { env, execArgv: ['--import', 'tsx', ...extraArgs], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bench server did not start within 60 s')), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bench server exited with code ${String(code)} before listening`));
    });
    child.on('message', (message: unknown) => {
      if (message && typeof message === 'object' && 'port' in message && typeof message.port === 'number') {
        clearTimeout(timer);
        resolve(message.port);
      }
    });
  });
  const pid = child.pid ?? 0;
  return {
    port,
    pid,
    url: (pathname) => `http://127.0.0.1:${port}${pathname}`,
    memory: () => readMemory(child),
    stop: () => stopChild(child),
  };
}

async function readMemory(child: ChildProcess): Promise<ServerMemory> {
  try {
    const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
  } catch {
    // No /proc (macOS): ask the process itself; it knows its RSS but not its peak.
    return new Promise((resolve) => {
      child.once('message', (message: unknown) => {
        const rss = (message as { memory?: { rss?: number } }).memory?.rss ?? NaN;
        resolve({ rssMb: rss / 1024 / 1024, peakRssMb: NaN });
      });
      child.send('memory');
    });
  }
}
