import { runMigrations } from 'graphile-worker';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openTestStore, testDatabaseUrl, type TestStore } from '../../test/support/store.ts';
import { GraphileQueue } from './graphileQueue.ts';

/**
 * graphile-worker stops its worker pool when it hears, on the database-wide NOTIFY channel
 * "worker:migrate", of a breaking migration — of any schema. Every deployment or test that creates
 * its own queue schema in the same database sends one. The queue must come back by itself, unless
 * its own schema really was migrated past what this version of graphile-worker knows.
 */
const admin = async (q: string, values: unknown[] = []) => {
  const c = new pg.Client({ connectionString: testDatabaseUrl });
  await c.connect();
  try {
    await c.query(q, values);
  } finally {
    await c.end();
  }
};

async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !check(); ) {
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.runIf(testDatabaseUrl)('graphile-worker pool stopped by a migration notice', () => {
  let store: TestStore | undefined;
  let queue: GraphileQueue | undefined;
  const otherSchemas: string[] = [];
  const exitCode = process.exitCode;
  afterEach(async () => {
    vi.restoreAllMocks();
    await queue?.stop();
    await store?.cleanup();
    for (const s of otherSchemas.splice(0)) await admin(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    process.exitCode = exitCode;
  });

  async function startQueue(onFatal: (err: Error) => void = () => {}) {
    store = await openTestStore();
    const q = new GraphileQueue(store.db, { connectionString: testDatabaseUrl!, schema: `${store.pgSchema}_worker`, pollIntervalMs: 200, onFatal });
    const ran: number[] = [];
    q.register('t', async (payload) => void ran.push(Number(payload.n)));
    await q.init();
    await q.start({ concurrency: 2 });
    queue = q;
    return { q, ran, schema: `${store.pgSchema}_worker` };
  }

  it("starts its workers again after another schema's breaking migration", async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { q, ran } = await startQueue();
    await q.enqueue(store!.db, 't', { n: 1 });
    await until('the first job', () => ran.includes(1));

    // Another deployment (or test) installs graphile-worker in its own schema of the same database.
    const other = `${store!.pgSchema}_other_worker`;
    otherSchemas.push(other);
    const pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 2 });
    try {
      await runMigrations({ pgPool: pool, schema: other, logger: undefined });
    } finally {
      await pool.end();
    }
    // graphile-worker heard it (and shut its pool down).
    await until('the notice', () => errors.mock.calls.some((c) => /detected breaking migration/.test(String(c[0]))));

    await q.enqueue(store!.db, 't', { n: 2 });
    await until('a job added after the notice', () => ran.includes(2));
    expect(process.exitCode).not.toBe(57);
  }, 60_000);

  it('calls onFatal when its own schema was migrated past this version', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const fatal: Error[] = [];
    const { schema } = await startQueue((err) => fatal.push(err));
    // What a newer Leasewire (newer graphile-worker) does to the shared schema in a rolling upgrade.
    await admin(`insert into ${schema}.migrations (id, breaking) values (999, true)`);
    await admin(`select pg_notify('worker:migrate', $1)`, [JSON.stringify({ migrationNumber: 999, breaking: true })]);
    await until('onFatal', () => fatal.length > 0);
    expect(fatal[0]!.message).toMatch(/unsafe to continue.*Upgrade this process/s);
  }, 60_000);
});

/**
 * graphile-worker's get_job locks every available named queue while it runs, so two fetches that
 * overlap make one of them come back empty, and that worker sleeps a whole poll interval. One fetch
 * at a time per process (FetchPacer) means a backlog in many named queues fills every slot.
 */
describe.runIf(testDatabaseUrl)('graphile-worker fetches with jobs in many named queues', () => {
  it('fills every slot of a process, however long the poll interval', async () => {
    const store = await openTestStore();
    const q = new GraphileQueue(store.db, { connectionString: testDatabaseUrl!, schema: `${store.pgSchema}_worker`, pollIntervalMs: 600_000, poolSize: 10 });
    const slots = 8;
    let active = 0;
    let maxActive = 0;
    let release!: () => void;
    const allIn = new Promise<void>((r) => (release = r));
    q.register('t', async () => {
      maxActive = Math.max(maxActive, ++active);
      if (active === slots) release();
      // Each job holds its slot until every slot is taken (or 20 s went by).
      await Promise.race([allIn, new Promise((r) => setTimeout(r, 20_000))]);
      active--;
    });
    try {
      await q.init();
      for (let i = 0; i < 3 * slots; i++) await q.enqueue(store.db, 't', { i }, { queueName: `app:${i}` });
      await q.start({ concurrency: slots });
      await until('every slot busy', () => maxActive === slots, 25_000);
    } finally {
      release();
      await q.stop();
      await store.cleanup();
    }
    expect(maxActive).toBe(slots);
  }, 60_000);
});

describe.runIf(testDatabaseUrl)('graphile-worker add_jobs behind a backlog the planner has not seen', () => {
  let store: TestStore | undefined;
  afterEach(async () => {
    await store?.cleanup();
    store = undefined;
  });

  it("adds jobs without scanning the jobs table, with plans cached while it was small, and gives the transaction its enable_seqscan back", async () => {
    store = await openTestStore();
    const schema = `${store.pgSchema}_worker`;
    const q = new GraphileQueue(store.db, { connectionString: testDatabaseUrl!, schema });
    await q.init();
    let n = 0;
    const jobs = (count: number, queued = true) => Array.from({ length: count }, () => ({ task: 't', payload: { n: n++ }, options: queued ? { queueName: `q${n % 7}` } : {} }));
    // One connection: its session's cached plans of add_jobs are the ones every call reuses.
    await store.db.connection().execute(async (conn) => {
      const seqScans = async () => {
        await sql`SELECT pg_stat_force_next_flush()`.execute(conn);
        const { rows } = await sql<{ n: string }>`SELECT seq_scan AS n FROM pg_stat_user_tables WHERE schemaname = ${schema} AND relname = '_private_jobs'`.execute(conn);
        return Number(rows[0]!.n);
      };
      // Planned (and cached) while the table holds a few jobs, none locked...
      for (let i = 0; i < 12; i++) await q.enqueueMany(conn, jobs(3));
      // ...then a backlog arrives faster than autovacuum would re-analyze the table.
      await q.enqueueMany(conn, jobs(20_000, false));
      const before = await seqScans();
      for (let i = 0; i < 6; i++) await q.enqueueMany(conn, jobs(3));
      await q.enqueue(conn, 't', { n: n++ }, { jobKey: 'k1' });
      expect(await seqScans()).toBe(before);
      const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.id(schema, 'jobs')}`.execute(conn);
      expect(Number(rows[0]!.n)).toBe(n);
    });
    // The setting is the transaction's own again after each call: on by default, off if it chose so.
    await store.db.transaction().execute(async (trx) => {
      await q.enqueueMany(trx, jobs(2));
      expect((await sql<{ s: string }>`SELECT current_setting('enable_seqscan') AS s`.execute(trx)).rows[0]!.s).toBe('on');
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      await q.enqueue(trx, 't', { n: n++ });
      expect((await sql<{ s: string }>`SELECT current_setting('enable_seqscan') AS s`.execute(trx)).rows[0]!.s).toBe('off');
    });
  });
});
