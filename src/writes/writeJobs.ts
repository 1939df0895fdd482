import type { Kysely } from 'kysely';
import { newId } from '../lib/ids.ts';
import { nowInstant } from '../lib/time.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { WriteJobTable, WriteStatus } from '../jobs/tables.ts';
import type { Store } from '../store/db.ts';
import type { Database } from '../store/schema.ts';
import { readCompiledOnce, runCompiledOnce } from '../store/compiledOnce.ts';
import type { WriteProgress } from '../connectors/connector.ts';

export const WRITE_TASK = 'write';
/** Attempts per write before it ends FAILURE (transient errors only; backoff between them). */
export const WRITE_MAX_ATTEMPTS = 12;

export interface NewWriteJob {
  account_id: string;
  integration_id: string;
  vendor: string;
  kind: string;
  request: Record<string, unknown>;
  /** Writes with the same serial key run one at a time (one PMS application). */
  serialKey: string;
  /** Builds the client's response from the job id. */
  response: (jobId: string) => Record<string, unknown>;
  retryOf?: string;
  /** A retry carries what its failed job learned, so a send whose outcome was unknown is looked for first. */
  progress?: Pick<WriteJobTable, 'phase' | 'snapshot'>;
}

/** A new PENDING job row; the response is built from the job's id (as JSON text). */
export function newWriteJobRow(input: Omit<NewWriteJob, 'response'> & { responseText: (jobId: string) => string }): WriteJobTable {
  const id = newId('wj_');
  const now = nowInstant();
  return {
    id,
    account_id: input.account_id,
    integration_id: input.integration_id,
    vendor: input.vendor,
    kind: input.kind,
    status: 'PENDING',
    phase: input.progress?.phase ?? 'QUEUED',
    request: JSON.stringify(input.request),
    response: input.responseText(id),
    queue_name: `write:${input.integration_id}:${input.serialKey}`,
    attempts: 0,
    errors: '[]',
    log: '[]',
    snapshot: input.progress?.snapshot ?? null,
    x_record_id: null,
    created_record_id: null,
    retry_of: input.retryOf ?? null,
    created_at: now,
    updated_at: now,
    finished_at: null,
  };
}

/** Inserts the job and enqueues it in the caller's transaction: both commit or neither does. */
export async function createWriteJob(trx: Kysely<Database>, queue: JobQueue, input: NewWriteJob): Promise<WriteJobTable> {
  const row = newWriteJobRow({ ...input, responseText: (id) => JSON.stringify(input.response(id)) });
  await trx.insertInto('write_jobs').values(row).execute();
  await queue.enqueue(trx, WRITE_TASK, { write_job_id: row.id }, { queueName: row.queue_name, maxAttempts: WRITE_MAX_ATTEMPTS });
  return row;
}

export async function getWriteJob(db: Kysely<Database>, accountId: string | null, id: string): Promise<WriteJobTable | undefined> {
  let q = db.selectFrom('write_jobs').selectAll().where('id', '=', id);
  if (accountId !== null) q = q.where('account_id', '=', accountId);
  return q.executeTakeFirst();
}

/** A write job with what running it needs of its integration (null once the integration is deleted). */
export interface WriteJobToRun {
  job: WriteJobTable;
  integration: { id: string; account_id: string; vendor: string; credentials: string } | null;
}

/**
 * The job and its integration in one round trip: a worker reads both for every job it runs. A
 * committed-data read, through the store's prepared reader (compiled once; on PostgreSQL a named
 * statement the server plans once per connection).
 */
export async function getWriteJobToRun(store: Pick<Store, 'readDb' | 'read'>, id: string): Promise<WriteJobToRun | undefined> {
  const [row] = await readCompiledOnce<WriteJobTable & IntegrationColumns>(store, 'worker:job-to-run', [id], (slot) =>
    store.readDb
      .selectFrom('write_jobs')
      .leftJoin('integrations', 'integrations.id', 'write_jobs.integration_id')
      .selectAll('write_jobs')
      .select(['integrations.id as integration_row_id', 'integrations.account_id as integration_account_id', 'integrations.vendor as integration_vendor', 'integrations.credentials as integration_credentials'])
      .where('write_jobs.id', '=', slot(0)),
  );
  if (!row) return undefined;
  const { integration_row_id, integration_account_id, integration_vendor, integration_credentials, ...job } = row;
  const integration =
    integration_row_id !== null && integration_account_id !== null && integration_vendor !== null && integration_credentials !== null
      ? { id: integration_row_id, account_id: integration_account_id, vendor: integration_vendor, credentials: integration_credentials }
      : null;
  return { job, integration };
}

interface IntegrationColumns {
  integration_row_id: string | null;
  integration_account_id: string | null;
  integration_vendor: string | null;
  integration_credentials: string | null;
}

/**
 * Another write of the same serial key (same integration, same PMS application) whose send may
 * have landed and is not resolved yet: PENDING with phase SENT. See the worker's gate.
 */
export async function writeInDoubt(db: Kysely<Database>, job: Pick<WriteJobTable, 'id' | 'queue_name' | 'phase' | 'created_at'>): Promise<string | null> {
  const row = await db
    .selectFrom('write_jobs')
    .select(['id', 'created_at'])
    .where('queue_name', '=', job.queue_name)
    .where('status', '=', 'PENDING')
    .where('phase', '=', 'SENT')
    .where('id', '<>', job.id)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  // Two writes in doubt at once (only retry-write of two FAILUREs in doubt makes that): the earlier
  // one goes first, so they never wait for each other.
  const later = row.created_at > job.created_at || (row.created_at === job.created_at && row.id > job.id);
  return job.phase === 'SENT' && later ? null : row.id;
}

/** The PMS record ids among `xRecordIds` that another write job of the integration claimed. */
export async function claimedRecordIds(db: Kysely<Database>, job: Pick<WriteJobTable, 'id' | 'integration_id'>, xRecordIds: readonly string[]): Promise<ReadonlySet<string>> {
  if (xRecordIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('write_jobs')
    .select('x_record_id')
    .where('integration_id', '=', job.integration_id)
    .where('x_record_id', 'in', [...new Set(xRecordIds)])
    .where('id', '<>', job.id)
    .execute();
  return new Set(rows.map((r) => r.x_record_id).filter((x): x is string => x !== null));
}

export function progressOf(job: WriteJobTable): WriteProgress {
  return { snapshot: job.snapshot ? (JSON.parse(job.snapshot) as string[]) : null, sent: job.phase === 'SENT' };
}

/** Phases of the exactly-once protocol: QUEUED → SNAPSHOT (ids recorded) → SENT (outcome pending) → DONE (SUCCESS only). */
export async function saveProgress(db: Kysely<Database>, id: string, p: WriteProgress): Promise<void> {
  const slots = [p.snapshot ? JSON.stringify(p.snapshot) : null, p.sent ? 'SENT' : p.snapshot ? 'SNAPSHOT' : 'QUEUED', nowInstant(), id];
  await runCompiledOnce(db, 'worker:save-progress', slots, (slot) =>
    db.updateTable('write_jobs').set({ snapshot: slot(0), phase: slot(1), updated_at: slot(2) }).where('id', '=', slot(3)),
  );
}

export interface LogEntry {
  at: string;
  attempt: number;
  action: 'succeed' | 'retry' | 'fail';
  reason: string;
}

/** Records an attempt; a terminal action also sets the status (PENDING → SUCCESS | FAILURE, never back). */
export async function recordAttempt(
  db: Kysely<Database>,
  job: WriteJobTable,
  entry: LogEntry,
  result: { xRecordId?: string | null; createdRecordId?: string | null } = {},
): Promise<void> {
  const log = [...(JSON.parse(job.log) as LogEntry[]), entry];
  const status: WriteStatus = entry.action === 'succeed' ? 'SUCCESS' : entry.action === 'fail' ? 'FAILURE' : 'PENDING';
  const errors = entry.action === 'fail' ? [entry.reason] : (JSON.parse(job.errors) as string[]);
  // Which columns the update sets depends on the outcome: one compiled shape per combination.
  const finished = status !== 'PENDING';
  const hasX = result.xRecordId !== undefined;
  const hasCreated = result.createdRecordId !== undefined;
  const shape = `worker:record-attempt:${finished ? 'f' : ''}${status === 'SUCCESS' ? 's' : ''}${hasX ? 'x' : ''}${hasCreated ? 'c' : ''}`;
  const slots = [status, entry.attempt, JSON.stringify(log), JSON.stringify(errors), entry.at, result.xRecordId ?? null, result.createdRecordId ?? null, job.id];
  await runCompiledOnce(db, shape, slots, (slot) =>
    db
      .updateTable('write_jobs')
      .set({
        status: slot(0) as WriteStatus,
        attempts: slot(1) as unknown as number,
        log: slot(2),
        errors: slot(3),
        updated_at: slot(4),
        // A failed write keeps its phase: a retry of it must know whether a send may have landed.
        ...(finished ? { finished_at: slot(4) } : {}),
        ...(status === 'SUCCESS' ? { phase: 'DONE' } : {}),
        ...(hasX ? { x_record_id: slot(5) } : {}),
        ...(hasCreated ? { created_record_id: slot(6) } : {}),
      })
      .where('id', '=', slot(7))
      .where('status', '=', 'PENDING'),
  );
}

/**
 * Ends a write FAILURE and tells the outbox (WRITE_OPERATION_FAILURE, Propexo's webhook payload),
 * both in one transaction so a failure is never silent.
 */
export async function failWrite(db: Kysely<Database>, job: WriteJobTable, entry: LogEntry): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await recordAttempt(trx, job, entry);
    const payload = { event: 'WRITE_OPERATION_FAILURE', integration_id: job.integration_id, vendor: job.vendor, root_job_id: job.id, write_status: 'FAILURE', errors: [entry.reason] };
    await trx
      .insertInto('sync_outbox')
      .values({ id: newId('ob_'), account_id: job.account_id, integration_id: job.integration_id, run_id: null, event: 'WRITE_OPERATION_FAILURE', model: null, record_id: null, property_id: null, payload: JSON.stringify(payload), created_at: entry.at, delivered_at: null })
      .execute();
  });
}

/**
 * A new job for a FAILURE write, with the same request and answer. It carries what the failed job
 * learned (snapshot, whether a send may have landed), so it looks for the event before sending.
 */
export async function retryWriteJob(db: Kysely<Database>, queue: JobQueue, old: WriteJobTable): Promise<WriteJobTable> {
  return db.transaction().execute((trx) =>
    createWriteJob(trx, queue, {
      account_id: old.account_id,
      integration_id: old.integration_id,
      vendor: old.vendor,
      kind: old.kind,
      request: JSON.parse(old.request) as Record<string, unknown>,
      serialKey: old.queue_name.split(':').slice(2).join(':'),
      response: () => JSON.parse(old.response) as Record<string, unknown>,
      retryOf: old.id,
      progress: { phase: old.phase, snapshot: old.snapshot },
    }),
  );
}
