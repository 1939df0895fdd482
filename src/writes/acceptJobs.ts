import type SQLite from 'better-sqlite3';
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { JobQueue, JobToEnqueue } from '../jobs/queue.ts';
import type { IdempotencyKeyTable, WriteJobTable } from '../jobs/tables.ts';
import { preparedOn, rawSqlite } from '../store/db.ts';
import type { Database } from '../store/schema.ts';
import { paramsOf, templateOf } from '../store/compiledOnce.ts';
import { WRITE_MAX_ATTEMPTS, WRITE_TASK } from './writeJobs.ts';

/**
 * The job rows of accepted writes, written a batch at a time (the group commit's batch). Same
 * rows (writeJobs.ts newWriteJobRow) and queue entries as createWriteJob, which stays the one-job
 * path (retries): here the rows are inserted with statements compiled once (SQLite: prepared once
 * per connection and run synchronously; PostgreSQL: one multi-row INSERT per table and batch).
 */
export interface AcceptedWrite {
  job: WriteJobTable;
  /** The Idempotency-Key row to store with the job, when the client sent a key. */
  key?: IdempotencyKeyTable | undefined;
}

const jobColumns = [
  'id', 'account_id', 'integration_id', 'vendor', 'kind', 'status', 'phase', 'request', 'response', 'queue_name', 'attempts',
  'errors', 'log', 'snapshot', 'x_record_id', 'created_record_id', 'retry_of', 'created_at', 'updated_at', 'finished_at',
] as const satisfies ReadonlyArray<keyof WriteJobTable>;
const keyColumns = ['account_id', 'key', 'request_hash', 'job_id', 'created_at', 'expires_at'] as const satisfies ReadonlyArray<keyof IdempotencyKeyTable>;

/** Inserts the batch's job rows and idempotency keys and enqueues each job, all in trx. */
export async function insertAcceptedWrites(trx: Transaction<Database>, queue: JobQueue, writes: readonly AcceptedWrite[]): Promise<void> {
  const sqlite = rawSqlite<Database>(trx);
  if (sqlite && queue.enqueueManySync) return insertAcceptedWritesSync(sqlite, queue.enqueueManySync.bind(queue), writes);
  await insertRows(trx, 'write_jobs', jobColumns, writes.map((w) => w.job));
  const keys = writes.flatMap((w) => (w.key ? [w.key] : []));
  if (keys.length > 0) await insertRows(trx, 'idempotency_keys', keyColumns, keys);
  await queue.enqueueMany(trx, writes.map(queueJob));
}

/**
 * insertAcceptedWrites on SQLite, synchronously: on `sqlite`, the store's raw connection, inside a
 * transaction open on it, with statements prepared once per connection.
 */
export function insertAcceptedWritesSync(sqlite: SQLite.Database, enqueueManySync: NonNullable<JobQueue['enqueueManySync']>, writes: readonly AcceptedWrite[]): void {
  const insert = <T extends 'write_jobs' | 'idempotency_keys'>(table: T, columns: ReadonlyArray<keyof Database[T] & string>, rows: ReadonlyArray<Database[T]>) => {
    const statement = preparedOn(sqlite, `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    for (const row of rows) statement.run(columns.map((c) => row[c as keyof Database[T]]));
  };
  insert('write_jobs', jobColumns, writes.map((w) => w.job));
  const keys = writes.flatMap((w) => (w.key ? [w.key] : []));
  if (keys.length > 0) insert('idempotency_keys', keyColumns, keys);
  enqueueManySync(sqlite, writes.map(queueJob));
}

const queueJob = ({ job }: AcceptedWrite): JobToEnqueue => ({
  task: WRITE_TASK,
  payload: { write_job_id: job.id },
  options: { queueName: job.queue_name, maxAttempts: WRITE_MAX_ATTEMPTS },
});

/** Largest multi-row insert (PostgreSQL allows 65,535 parameters; a batch is ≤ 64 rows anyway). */
const MAX_ROWS_PER_INSERT = 64;

/** PostgreSQL: one multi-row INSERT per batch, its SQL compiled once per row count. */
async function insertRows<T extends 'write_jobs' | 'idempotency_keys'>(
  trx: Transaction<Database>,
  table: T,
  columns: ReadonlyArray<keyof Database[T] & string>,
  rows: ReadonlyArray<Database[T]>,
): Promise<void> {
  const values = (row: Database[T]) => columns.map((c) => row[c as keyof Database[T]]);
  for (let i = 0; i < rows.length; i += MAX_ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + MAX_ROWS_PER_INSERT);
    const template = insertTemplate(trx, table, columns, chunk.length);
    await trx.executeQuery(CompiledQuery.raw(template.sql, paramsOf(template, chunk.flatMap(values))));
  }
}

function insertTemplate(db: Kysely<Database>, table: 'write_jobs' | 'idempotency_keys', columns: readonly string[], n: number) {
  return templateOf(db, `insert|${table}|${n}`, (slot) => {
    const rows = Array.from({ length: n }, (_, r) => Object.fromEntries(columns.map((c, i) => [c, slot(r * columns.length + i)])));
    return (db as unknown as Kysely<Record<string, Record<string, string>>>).insertInto(table).values(rows);
  });
}
