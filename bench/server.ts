/**
 * The server under load, in its own process so that autocannon does not share its event loop and
 * its memory can be read from /proc. Started by bench/lib/server.ts with fork(); it answers
 * { port } over IPC once listening and exits when the parent disconnects or sends SIGTERM.
 *
 *   BENCH_SERVER=bare   a bare Fastify JSON route (GET /bare, {"hello":"world"}): the fixed-path ceiling
 *   BENCH_SERVER=bare-echo   a bare route at BENCH_ECHO_PATH (BENCH_ECHO_METHOD) answering BENCH_ECHO_BODY:
 *                       the ceiling under a case's own load (its paths or bodies, its answer's size)
 *   BENCH_SERVER=app    the Leasewire API on BENCH_SQLITE_PATH, or BENCH_DATABASE_URL (+ BENCH_PG_SCHEMA)
 *   BENCH_SERVER=floor-read, floor-accept   the floors of bench/floors.ts on BENCH_SQLITE_PATH
 *                       (floor-accept writes to BENCH_SCRATCH_PATH)
 *   BENCH_SERVER=floor-accept-pg   the PostgreSQL accept floor on BENCH_DATABASE_URL + BENCH_PG_SCHEMA
 */
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildApp } from '../src/api/app.ts';
import { acceptFloor, acceptFloorPostgres, readFloor } from './floors.ts';
import { Sealer } from '../src/lib/crypto.ts';
import { openStore, type Store } from '../src/store/db.ts';
import { tuneV8 } from '../src/runtime/v8Tuning.ts';

async function bareApp(): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.get('/bare', async () => ({ hello: 'world' }));
  return app;
}

/** BENCH_SERVER=bare-echo: one bare route answering a fixed JSON text (see ServerSpec in lib/server.ts). */
async function bareEchoApp(method: string, path: string, body: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.route({ method: method === 'POST' ? 'POST' : 'GET', url: path, handler: (_request, reply) => reply.type('application/json; charset=utf-8').send(body) });
  return app;
}

async function leasewireApp(): Promise<{ app: FastifyInstance; store: Store }> {
  const databaseUrl = process.env.BENCH_DATABASE_URL || undefined;
  const sqlitePath = process.env.BENCH_SQLITE_PATH;
  const pgSchema = process.env.BENCH_PG_SCHEMA;
  // As `leasewire serve` opens it (a long-running process: WAL checkpoints in a thread once it writes).
  const store = openStore({ databaseUrl, ...(sqlitePath ? { sqlitePath } : {}), ...(pgSchema ? { pgSchema } : {}), checkpointInThread: true });
  // The integration routes need a sealer; the read benchmarks never open a credential.
  const app = await buildApp({ store, sealer: new Sealer(randomBytes(32)) }, { logger: false, rateLimitPerMinute: 1_000_000_000 });
  return { app, store };
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set for BENCH_SERVER=${String(process.env.BENCH_SERVER)}`);
  return value;
}

async function main(): Promise<void> {
  // As `leasewire` processes run (src/cli/main.ts).
  tuneV8();
  const mode = process.env.BENCH_SERVER;
  let app: FastifyInstance;
  let store: Store | undefined;
  if (mode === 'bare') app = await bareApp();
  else if (mode === 'bare-echo') app = await bareEchoApp(requiredEnv('BENCH_ECHO_METHOD'), requiredEnv('BENCH_ECHO_PATH'), requiredEnv('BENCH_ECHO_BODY'));
  else if (mode === 'app') ({ app, store } = await leasewireApp());
  else if (mode === 'floor-read') app = readFloor(requiredEnv('BENCH_SQLITE_PATH'));
  else if (mode === 'floor-accept') app = acceptFloor(requiredEnv('BENCH_SQLITE_PATH'), requiredEnv('BENCH_SCRATCH_PATH'));
  else if (mode === 'floor-accept-pg') app = await acceptFloorPostgres(requiredEnv('BENCH_DATABASE_URL'), requiredEnv('BENCH_PG_SCHEMA'));
  else throw new Error(`BENCH_SERVER must be "bare", "bare-echo", "app", "floor-read", "floor-accept" or "floor-accept-pg", got ${String(mode)}`);

  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  let closing = false;
  const shutdown = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    await app.close();
    await store?.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('disconnect', () => void shutdown());
  process.on('message', (message: unknown) => {
    // The harness asks for memory this way where /proc is not available.
    if (message === 'memory') process.send?.({ memory: process.memoryUsage() });
  });
  process.send?.({ port });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
