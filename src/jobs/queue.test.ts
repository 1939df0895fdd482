import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openTestStore, testDatabaseUrl } from '../../test/support/store.ts';
import type { GraphileQueue } from './graphileQueue.ts';
import { createQueue } from './index.ts';
import { queueContract } from './queue.contract.ts';
import { backoffDelay } from './queue.ts';
import { rawSqlite } from '../store/db.ts';

// One contract, run on the storage mode of this test run: SQLite, or graphile-worker on PostgreSQL.
queueContract(testDatabaseUrl ? 'graphile-worker' : 'sqlite', async () => {
  const store = await openTestStore();
  const graphileSchema = store.pgSchema ? `${store.pgSchema}_worker` : undefined;
  return {
    store,
    make: async (options) => {
      const q = createQueue(store, { ...options, databaseUrl: testDatabaseUrl, graphileSchema });
      await q.init();
      return q;
    },
    childEnv: {
      ...(store.sqlitePath ? { LW_SQLITE_PATH: store.sqlitePath } : {}),
      ...(testDatabaseUrl ? { LW_DATABASE_URL: testDatabaseUrl } : {}),
      ...(store.pgSchema ? { LW_PG_SCHEMA: store.pgSchema } : {}),
    },
    cleanup: async () => {
      if (graphileSchema && testDatabaseUrl) {
        const c = new pg.Client({ connectionString: testDatabaseUrl });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${graphileSchema} CASCADE`);
        await c.end();
      }
      await store.cleanup();
    },
  };
});

describe('backoffDelay', () => {
  it('doubles per attempt within ±25 % jitter and respects the cap', () => {
    const b = { baseMs: 100, maxMs: 1000 };
    expect(backoffDelay(1, b, () => 0.5)).toBe(100);
    expect(backoffDelay(3, b, () => 0.5)).toBe(400);
    expect(backoffDelay(10, b, () => 0.5)).toBe(1000);
    expect(backoffDelay(2, b, () => 0)).toBe(150);
    expect(backoffDelay(2, b, () => 1)).toBe(250);
  });
});

describe.runIf(testDatabaseUrl)('graphile-worker named queues', () => {
  it('gcQueues() removes the named queues no job uses any more', async () => {
    const store = await openTestStore();
    const schema = `${store.pgSchema}_worker`;
    const q = createQueue(store, { databaseUrl: testDatabaseUrl, graphileSchema: schema, pollIntervalMs: 50 });
    try {
      await q.init();
      let ran = 0;
      q.register('t', async () => void ran++);
      for (const name of ['app:1', 'app:2', 'app:3']) await store.db.transaction().execute((trx) => q.enqueue(trx, 't', {}, { queueName: name }));
      await q.start();
      for (let i = 0; ran < 3 && i < 500; i++) await new Promise((r) => setTimeout(r, 10));
      const count = async () => {
        const c = new pg.Client({ connectionString: testDatabaseUrl });
        await c.connect();
        try {
          return Number((await c.query<{ n: string }>(`select count(*) as n from ${schema}._private_job_queues`)).rows[0]!.n);
        } finally {
          await c.end();
        }
      };
      expect(await count()).toBe(3);
      await (q as GraphileQueue).gcQueues();
      expect(await count()).toBe(0);
    } finally {
      await q.stop();
      const c = new pg.Client({ connectionString: testDatabaseUrl });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
      await store.cleanup();
    }
  });
});

describe.skipIf(testDatabaseUrl)('embedded queue: enqueueManySync', () => {
  it('adds jobs inside the caller\'s synchronous transaction, which run once it commits; a rolled-back one adds none', async () => {
    const store = await openTestStore();
    const q = createQueue(store, { pollIntervalMs: 50 });
    try {
      const sqlite = rawSqlite(store.db)!;
      const enqueue = q.enqueueManySync!.bind(q);
      expect(() => enqueue(sqlite, [{ task: 't', payload: { n: 0 } }])).toThrow(/open transaction/);
      expect(() =>
        sqlite.transaction(() => {
          enqueue(sqlite, [{ task: 't', payload: { n: 1 } }]);
          throw new Error('rollback');
        })(),
      ).toThrow('rollback');
      sqlite.transaction(() => enqueue(sqlite, [{ task: 't', payload: { n: 2 }, options: { queueName: 'a', maxAttempts: 3 } }, { task: 't', payload: { n: 3 } }]))();
      expect(() => sqlite.transaction(() => enqueue(sqlite, [{ task: 't', payload: {}, options: { jobKey: 'k' } }]))()).toThrow(/job keys/);
      const rows = await store.db.selectFrom('queue_jobs').select(['payload', 'queue_name', 'max_attempts']).orderBy('payload').execute();
      expect(rows).toEqual([
        { payload: '{"n":2}', queue_name: 'a', max_attempts: 3 },
        { payload: '{"n":3}', queue_name: null, max_attempts: 10 },
      ]);
      const seen: number[] = [];
      q.register('t', async (p) => void seen.push(Number(p.n)));
      await q.start();
      for (let i = 0; seen.length < 2 && i < 500; i++) await new Promise((r) => setTimeout(r, 10));
      expect(seen.sort()).toEqual([2, 3]);
    } finally {
      await q.stop();
      await store.cleanup();
    }
  });
});

describe.skipIf(testDatabaseUrl)('embedded queue: complete() in the handler\'s transaction', () => {
  it('removes the job with the handler\'s last transaction; a rolled-back one leaves it queued for the retry', async () => {
    const store = await openTestStore();
    const q = createQueue(store, { pollIntervalMs: 20, backoff: { baseMs: 10, maxMs: 10 } });
    try {
      await sql`CREATE TABLE marks (n INTEGER NOT NULL)`.execute(store.db);
      const queued = async () => (await store.db.selectFrom('queue_jobs').select('id').execute()).length;
      const seen: Array<{ attempt: number; queuedInside: number }> = [];
      q.register('t', async (_payload, ctx) => {
        if (!ctx.complete) throw new Error('the embedded queue offers complete()');
        const complete = ctx.complete;
        await store.db.transaction().execute(async (trx) => {
          await sql`INSERT INTO marks (n) VALUES (${ctx.attempt})`.execute(trx);
          await complete(trx);
          seen.push({ attempt: ctx.attempt, queuedInside: (await trx.selectFrom('queue_jobs').select('id').execute()).length });
          // The first attempt's transaction rolls back after complete(): the job must stay queued.
          if (ctx.attempt === 1) throw new Error('rolled back');
        });
      });
      await q.enqueue(store.db, 't', {});
      await q.start();
      for (let i = 0; i < 500 && (seen.length < 2 || (await queued()) > 0); i++) await new Promise((r) => setTimeout(r, 10));
      expect(seen).toEqual([
        { attempt: 1, queuedInside: 0 },
        { attempt: 2, queuedInside: 0 },
      ]);
      expect(await queued()).toBe(0);
      const marks = await sql<{ n: number }>`SELECT n FROM marks`.execute(store.db);
      expect(marks.rows).toEqual([{ n: 2 }]);
    } finally {
      await q.stop();
      await store.cleanup();
    }
  });
});

