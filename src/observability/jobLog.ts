import type { Kysely } from 'kysely';
import type { JobHandler, JobQueue } from '../jobs/queue.ts';
import type { Database } from '../store/schema.ts';
import type { ModelProgress } from '../sync/runs.ts';
import { SYNC_TASK } from '../sync/worker.ts';
import { WRITE_TASK } from '../writes/writeJobs.ts';

/** Where job outcomes go: a pino logger fits (its info/warn take an object, then the message). */
export interface JobLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/**
 * Logs what write and sync jobs came to, one line each, read from the rows the jobs keep (so the
 * subsystems know nothing of it): a write's SUCCESS or FAILURE with its reason (and each attempt
 * that will be retried), a sync's start and finish with its record counts. Only a change is
 * logged: a job delivered again after it was decided says nothing. Reading the rows costs two
 * point look-ups per job, so it is meant for the local demo (`leasewire start`), not for a busy
 * worker. A failure to read them never fails the job.
 */
export function logJobOutcomes<Q extends JobQueue>(queue: Q, db: Kysely<Database>, log: JobLogger): Q {
  const register = queue.register.bind(queue);
  queue.register = (task, handler) =>
    register(task, task === WRITE_TASK ? loggedWrite(handler, db, log) : task === SYNC_TASK ? loggedSync(handler, db, log) : handler);
  return queue;
}

interface WriteRow {
  id: string;
  kind: string;
  status: string;
  attempts: number;
  errors: string;
  log: string;
  integration_id: string;
  created_record_id: string | null;
}

const readWrite = (db: Kysely<Database>, id: string): Promise<WriteRow | undefined> =>
  db
    .selectFrom('write_jobs')
    .select(['id', 'kind', 'status', 'attempts', 'errors', 'log', 'integration_id', 'created_record_id'])
    .where('id', '=', id)
    .executeTakeFirst();

function lastReason(row: WriteRow): string {
  try {
    const entries = JSON.parse(row.log) as Array<{ reason?: unknown }>;
    const reason = entries.at(-1)?.reason;
    if (typeof reason === 'string' && reason) return reason;
  } catch {
    // an unreadable log: fall back to the errors column
  }
  try {
    const errors = JSON.parse(row.errors) as unknown[];
    if (typeof errors[0] === 'string') return errors[0];
  } catch {
    // nothing better to say
  }
  return 'no reason recorded';
}

/** The line for a write that moved from `before` (status and attempts) to `row`, or null for no move. */
export function writeOutcomeLine(before: { status: string; attempts: number } | undefined, row: WriteRow): { level: 'info' | 'warn'; message: string } | null {
  if (before && before.status !== 'PENDING') return null;
  const what = `write ${row.id} (${row.kind}, integration ${row.integration_id})`;
  if (row.status === 'SUCCESS') return { level: 'info', message: `${what} SUCCESS after ${plural(row.attempts, 'attempt')}: created_record_id ${row.created_record_id ?? 'none (not read back)'}` };
  if (row.status === 'FAILURE') return { level: 'warn', message: `${what} FAILURE after ${plural(row.attempts, 'attempt')}: ${lastReason(row)}` };
  if (row.attempts > (before?.attempts ?? 0)) return { level: 'warn', message: `${what} attempt ${row.attempts} failed, retrying: ${lastReason(row)}` };
  return null;
}

function loggedWrite(handler: JobHandler, db: Kysely<Database>, log: JobLogger): JobHandler {
  return async (payload, ctx) => {
    const id = typeof payload.write_job_id === 'string' ? payload.write_job_id : null;
    const before = id ? await readWrite(db, id).catch(() => undefined) : undefined;
    try {
      await handler(payload, ctx);
    } finally {
      if (id) {
        const row = await readWrite(db, id).catch(() => undefined);
        const line = row ? writeOutcomeLine(before, row) : null;
        if (line) log[line.level]({ write_job_id: id, status: row?.status }, line.message);
      }
    }
  };
}

interface RunRow {
  id: string;
  integration_id: string;
  kind: string;
  state: string;
  models: string;
  progress: string;
  error: string | null;
  started_at: string | null;
  finished_at: string | null;
}

const readRun = (db: Kysely<Database>, id: string): Promise<RunRow | undefined> =>
  db
    .selectFrom('sync_runs')
    .select(['id', 'integration_id', 'kind', 'state', 'models', 'progress', 'error', 'started_at', 'finished_at'])
    .where('id', '=', id)
    .executeTakeFirst();

export function syncStartLine(run: RunRow): string {
  const models = (JSON.parse(run.models) as unknown[]).length;
  return `sync ${run.id} started: ${run.kind.replace('_', '-')} sync of integration ${run.integration_id} (${plural(models, 'model')})`;
}

export function syncFinishLine(run: RunRow): { level: 'info' | 'warn'; message: string } | null {
  const counts = Object.values(JSON.parse(run.progress) as Record<string, ModelProgress>).reduce(
    (n, p) => ({ new: n.new + p.new, updated: n.updated + p.updated, unchanged: n.unchanged + p.unchanged }),
    { new: 0, updated: 0, unchanged: 0 },
  );
  const took = run.started_at && run.finished_at ? ` in ${((Date.parse(run.finished_at) - Date.parse(run.started_at)) / 1000).toFixed(1)} s` : '';
  const records = `${counts.new} new, ${counts.updated} updated, ${counts.unchanged} unchanged`;
  if (run.state === 'succeeded') return { level: 'info', message: `sync ${run.id} finished${took}: ${records}` };
  if (run.state === 'failed') return { level: 'warn', message: `sync ${run.id} FAILED${took}: ${run.error ?? 'no error recorded'} (${records} before it failed)` };
  if (run.state === 'queued' || run.state === 'running') return { level: 'info', message: `sync ${run.id} stopped with this process (${records} so far); it resumes from its last batch` };
  return null;
}

function loggedSync(handler: JobHandler, db: Kysely<Database>, log: JobLogger): JobHandler {
  return async (payload, ctx) => {
    const id = typeof payload.run_id === 'string' ? payload.run_id : null;
    const before = id ? await readRun(db, id).catch(() => undefined) : undefined;
    const live = before !== undefined && (before.state === 'queued' || before.state === 'running');
    if (before && live) log.info({ sync_run_id: before.id }, syncStartLine(before));
    try {
      await handler(payload, ctx);
    } finally {
      const after = id && live ? await readRun(db, id).catch(() => undefined) : undefined;
      const line = after ? syncFinishLine(after) : null;
      if (after && line) log[line.level]({ sync_run_id: after.id, state: after.state }, line.message);
    }
  };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
