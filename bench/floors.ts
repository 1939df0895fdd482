/**
 * Floors: the least any implementation of a measured path can cost on this machine, so a missed
 * ratio target can be told apart from a slow implementation. Each is a bare Fastify route doing
 * only the storage work the real path cannot skip, with none of Leasewire's API (no key check, no
 * rate limit, no validation, no metrics, no Kysely). Started by bench/server.ts.
 *
 *   readFloor    GET /v1/events/:id: one prepared point read of the served columns on the same
 *                SQLite file (read-only connection, the same page cache size as the API's) and the
 *                same response text (the store's recordJson)
 *   acceptFloor  POST /v1/events/leads/entrata/: JSON body, one indexed read of the lead, and a job
 *                row plus a queue row inserted, group-committed once per event-loop turn, on a
 *                scratch SQLite file in WAL mode (synchronous=NORMAL, as the store); answered after
 *                the commit
 *   acceptFloorPostgres  the same route on PostgreSQL: the lead read by id with the others of the
 *                event-loop turn (one `id = any($1)` statement), and per group commit (one in flight
 *                at a time) a multi-row insert of job rows into a scratch table plus graphile-worker's
 *                add_jobs for their queue entries, each in a named queue per lead as the writes'
 *                serial keys are; answered after the commit
 */
import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { recordJson, servedColumns, type RecordRow } from '../src/store/repositories/records.ts';

const json = JSON.stringify;
const oneMeta = '{"offset":0,"limit":100,"orderBy":[{"field":"created_at","direction":"desc"}],"hasMore":false,"total":1}';

export function readFloor(sqlitePath: string): FastifyInstance {
  const db = new SQLite(sqlitePath, { readonly: true, fileMustExist: true });
  db.pragma('cache_size = -48000');
  const byId = db.prepare(`SELECT ${servedColumns.join(', ')} FROM events WHERE id = ?`).raw(true);
  const app = Fastify({ logger: false });
  app.get('/v1/events/:id', (request, reply) => {
    const row = byId.get((request.params as { id: string }).id) as RecordRow | undefined;
    if (!row) return reply.code(404).send({ error: 'not found' });
    return reply.type('application/json; charset=utf-8').send(`{"meta":${oneMeta},"results":${recordJson(row)}}`);
  });
  app.addHook('onClose', () => db.close());
  return app;
}

export function acceptFloor(storePath: string, scratchPath: string): FastifyInstance {
  const store = new SQLite(storePath, { readonly: true, fileMustExist: true });
  const leadById = store.prepare('SELECT id, x_property_id FROM leads WHERE id = ?');
  fs.rmSync(scratchPath, { force: true });
  const db = new SQLite(scratchPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE jobs (id TEXT PRIMARY KEY, integration_id TEXT NOT NULL, status TEXT NOT NULL, request TEXT NOT NULL,
      response TEXT NOT NULL, queue_name TEXT NOT NULL, created_at TEXT NOT NULL);
    CREATE INDEX jobs_integration ON jobs (integration_id, created_at);
    CREATE TABLE queue (id TEXT PRIMARY KEY, payload TEXT NOT NULL, queue_name TEXT NOT NULL, run_at TEXT NOT NULL,
      failed_at TEXT, priority INTEGER NOT NULL);
    CREATE INDEX queue_next ON queue (failed_at, priority, run_at, id);`);
  const insertJob = db.prepare('INSERT INTO jobs VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insertQueue = db.prepare('INSERT INTO queue VALUES (?, ?, ?, ?, NULL, 0)');
  const begin = db.prepare('BEGIN');
  const commit = db.prepare('COMMIT');
  let batch: Array<() => void> = [];
  const flush = (): void => {
    const writes = batch;
    batch = [];
    begin.run();
    for (const write of writes) write();
    commit.run();
  };
  let n = 0;
  const app = Fastify({ logger: false });
  app.post('/v1/events/leads/entrata/', (request, reply) => {
    const body = request.body as Record<string, unknown>;
    const lead = leadById.get(String(body.lead_id));
    if (!lead) return reply.code(400).send({ error: 'unknown lead' });
    const id = `job_${Date.now().toString(36)}_${(n++).toString(36)}`;
    const now = new Date().toISOString();
    const response = `{"meta":{"job_id":"${id}"},"result":${json(body)}}`;
    const queueName = `lead:${String(body.lead_id)}`;
    if (batch.length === 0) setImmediate(flush);
    batch.push(() => {
      insertJob.run(id, String(body.integration_id), 'PENDING', json(body), response, queueName, now);
      insertQueue.run(id, `{"write_job_id":"${id}"}`, queueName, now);
    });
    // Queued after flush: answered once this turn's batch has committed.
    setImmediate(() => void reply.type('application/json; charset=utf-8').send(response));
    return reply;
  });
  app.addHook('onClose', () => {
    store.close();
    db.close();
  });
  return app;
}

/**
 * The PostgreSQL accept floor, on the bench store's schema (its leads) and graphile-worker's schema
 * beside it (`<schema>_worker`, migrated by the API process measured before). The floor's queue
 * entries are due in the year 3000, so the worker that later drains the real writes leaves them.
 */
export async function acceptFloorPostgres(databaseUrl: string, schema: string): Promise<FastifyInstance> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  const worker = `${schema}_worker`;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  await pool.query(`DROP TABLE IF EXISTS ${schema}.floor_jobs;
    CREATE TABLE ${schema}.floor_jobs (id text PRIMARY KEY, integration_id text NOT NULL, status text NOT NULL, request text NOT NULL,
      response text NOT NULL, queue_name text NOT NULL, created_at text NOT NULL);
    CREATE INDEX ON ${schema}.floor_jobs (integration_id, created_at)`);
  const leadsSql = `SELECT id, x_property_id FROM ${schema}.leads WHERE id = any($1::text[])`;
  const insertSql = `INSERT INTO ${schema}.floor_jobs SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`;
  // With sequential scans off, as GraphileQueue calls it (see noSeqScanFrom there): else a plan cached
  // while graphile's jobs table was small scans the whole backlog on every call.
  const addJobsSql = `SELECT (SELECT count(*) FROM ${worker}.add_jobs(array(SELECT json_populate_recordset(null::${worker}.job_spec, $1::json)), false) WHERE guard.off IS NOT NULL)
    FROM (SELECT set_config('enable_seqscan', 'off', true) AS off) AS guard`;

  // Lead reads of one turn share a statement.
  type Waiter = { resolve(found: boolean): void; reject(err: unknown): void };
  let wanted = new Map<string, Waiter[]>();
  const readLead = (id: string): Promise<boolean> =>
    new Promise((resolve, reject) => {
      if (wanted.size === 0) {
        setImmediate(() => {
          const asked = wanted;
          wanted = new Map();
          const each = (f: (w: Waiter, leadId: string) => void) => {
            for (const [leadId, waiters] of asked) for (const w of waiters) f(w, leadId);
          };
          pool.query<{ id: string }>({ name: 'floor-leads', text: leadsSql, values: [[...asked.keys()]] }).then(
            (res) => {
              const found = new Set(res.rows.map((r) => r.id));
              each((w, leadId) => w.resolve(found.has(leadId)));
            },
            (err: unknown) => each((w) => w.reject(err)),
          );
        });
      }
      const list = wanted.get(id) ?? [];
      list.push({ resolve, reject });
      wanted.set(id, list);
    });

  interface Job { id: string; integrationId: string; request: string; response: string; queueName: string; createdAt: string; done(err?: unknown): void }
  const pending: Job[] = [];
  let committing = false;
  const commitNext = async (): Promise<void> => {
    if (committing || pending.length === 0) return;
    committing = true;
    const batch = pending.splice(0, 64);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const column = (f: (j: Job) => string) => batch.map(f);
      await client.query({ name: 'floor-insert', text: insertSql, values: [column((j) => j.id), column((j) => j.integrationId), column(() => 'PENDING'), column((j) => j.request), column((j) => j.response), column((j) => j.queueName), column((j) => j.createdAt)] });
      const specs = batch.map((j) => ({ identifier: 'floor', payload: { write_job_id: j.id }, queue_name: j.queueName, run_at: '3000-01-01T00:00:00Z', max_attempts: 10, priority: 0 }));
      await client.query({ name: 'floor-add-jobs', text: addJobsSql, values: [json(specs)] });
      await client.query('COMMIT');
      for (const j of batch) j.done();
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      for (const j of batch) j.done(err);
    } finally {
      client.release();
      committing = false;
      void commitNext();
    }
  };

  let n = 0;
  const app = Fastify({ logger: false });
  app.post('/v1/events/leads/entrata/', async (request, reply) => {
    const body = request.body as Record<string, unknown>;
    if (!(await readLead(String(body.lead_id)))) return reply.code(400).send({ error: 'unknown lead' });
    const id = `job_${Date.now().toString(36)}_${(n++).toString(36)}`;
    const response = `{"meta":{"job_id":"${id}"},"result":${json(body)}}`;
    await new Promise<void>((resolve, reject) => {
      pending.push({ id, integrationId: String(body.integration_id), request: json(body), response, queueName: `lead:${String(body.lead_id)}`, createdAt: new Date().toISOString(), done: (err) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve()) });
      if (pending.length === 1) setImmediate(() => void commitNext());
    });
    return reply.type('application/json; charset=utf-8').send(response);
  });
  app.addHook('onClose', () => pool.end());
  return app;
}
