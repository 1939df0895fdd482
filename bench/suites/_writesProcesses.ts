/**
 * The parent side of the writes benchmark's processes (bench/suites/_writesServer.ts is the child
 * side): the API and sandbox children it forks, and the fresh store each variant writes to.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore, type Store } from '../../src/store/db.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createBenchSchema } from '../lib/postgres.ts';
import { stopChild } from '../lib/processes.ts';

const childEntry = path.join(path.dirname(fileURLToPath(import.meta.url)), '_writesServer.ts');

export interface Child {
  port: number;
  pid: number;
  message: Record<string, unknown>;
  /** Sends a command over IPC and resolves with the child's answer. */
  command(cmd: string): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

// BENCH_SERVER_ARGS passes node flags to the API process, as for the other suites (e.g. --cpu-prof).
const serverArgs = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);

export async function forkChild(env: Record<string, string>): Promise<Child> {
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
    pid: child.pid ?? 0,
    message,
    command: (cmd) =>
      new Promise((resolve) => {
        child.once('message', (m: unknown) => resolve(m as Record<string, unknown>));
        child.send({ cmd });
      }),
    stop: () => stopChild(child, 15_000),
  };
}

/** A fresh migrated store for one variant, and what a child process needs to open it. */
export async function freshStore(variant: 'sqlite' | 'postgres', databaseUrl: string | undefined): Promise<{ store: Store; env: Record<string, string>; cleanup(): Promise<void> }> {
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
