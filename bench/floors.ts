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
 */
import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
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
