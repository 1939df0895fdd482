import type { Kysely } from 'kysely';
import { newId } from '../lib/ids.ts';
import { nowInstant } from '../lib/time.ts';
import type { Database, SyncRunTable } from '../store/schema.ts';

export type SyncKind = 'manual' | 'scheduled' | 'back_sync';
export type SyncState = 'queued' | 'running' | 'succeeded' | 'failed';

export interface ModelProgress {
  state: 'pending' | 'running' | 'done';
  new: number;
  updated: number;
  unchanged: number;
  done: number;
  total: number | null;
  /** The window's start this run uses for the model (null: full history). */
  since: string | null;
}

export type SyncRunRow = SyncRunTable;

/** Thrown when an integration already has a live run; carries that run's id. */
export class SyncBusyError extends Error {
  constructor(readonly runId: string) {
    super(`a sync is already queued or running for this integration (sync ${runId}); wait for it to finish`);
  }
}

const emptyProgress = (): ModelProgress => ({ state: 'pending', new: 0, updated: 0, unchanged: 0, done: 0, total: null, since: null });

/** Creates a queued run; the partial unique index refuses a second live run for the integration. */
export async function createRun(
  db: Kysely<Database>,
  integration: { id: string; account_id: string; last_completed_sync: string | null },
  kind: SyncKind,
  models: readonly string[],
): Promise<SyncRunRow> {
  const live = await liveRun(db, integration.id);
  if (live) throw new SyncBusyError(live.id);
  const row: SyncRunRow = {
    id: newId('sync_'),
    account_id: integration.account_id,
    integration_id: integration.id,
    kind,
    state: 'queued',
    is_first_sync: integration.last_completed_sync === null && kind !== 'back_sync' ? 1 : 0,
    models: JSON.stringify(models),
    progress: JSON.stringify(Object.fromEntries(models.map((m) => [m, emptyProgress()]))),
    window_until: nowInstant(),
    error: null,
    owner: null,
    heartbeat_at: null,
    created_at: nowInstant(),
    started_at: null,
    finished_at: null,
  };
  try {
    await db.insertInto('sync_runs').values(row).execute();
  } catch (e) {
    const other = await liveRun(db, integration.id);
    if (other) throw new SyncBusyError(other.id);
    throw e;
  }
  return row;
}

export function liveRun(db: Kysely<Database>, integrationId: string): Promise<SyncRunRow | undefined> {
  return db.selectFrom('sync_runs').selectAll().where('integration_id', '=', integrationId).where('state', 'in', ['queued', 'running']).executeTakeFirst();
}

export function getRun(db: Kysely<Database>, id: string): Promise<SyncRunRow | undefined> {
  return db.selectFrom('sync_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listRuns(db: Kysely<Database>, integrationId: string, limit = 50, offset = 0): Promise<SyncRunRow[]> {
  return db.selectFrom('sync_runs').selectAll().where('integration_id', '=', integrationId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
}

export async function countRuns(db: Kysely<Database>, integrationId: string): Promise<number> {
  const row = await db.selectFrom('sync_runs').select((eb) => eb.fn.countAll<number | string | bigint>().as('n')).where('integration_id', '=', integrationId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Takes the run for `owner` when it is queued, already ours, or its holder stopped renewing the
 * lease (a dead process). One atomic UPDATE, so two processes never both win.
 */
export async function claimRun(db: Kysely<Database>, id: string, owner: string, leaseMs: number): Promise<boolean> {
  const now = nowInstant();
  const stale = new Date(Date.now() - leaseMs).toISOString();
  const res = await db
    .updateTable('sync_runs')
    .set({ state: 'running', owner, heartbeat_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('state', '=', 'queued'), eb.and([eb('state', '=', 'running'), eb.or([eb('owner', '=', owner), eb('heartbeat_at', '<', stale), eb('heartbeat_at', 'is', null)])])]))
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) return false;
  await db.updateTable('sync_runs').set({ started_at: now }).where('id', '=', id).where('started_at', 'is', null).execute();
  return true;
}

/** Gives a running run up without finishing it: any worker may claim it at once and resume it. */
export async function releaseRun(db: Kysely<Database>, id: string, owner: string): Promise<void> {
  await db.updateTable('sync_runs').set({ owner: null, heartbeat_at: null }).where('id', '=', id).where('owner', '=', owner).execute();
}

export async function heartbeat(db: Kysely<Database>, id: string, owner: string): Promise<void> {
  await db.updateTable('sync_runs').set({ heartbeat_at: nowInstant() }).where('id', '=', id).where('owner', '=', owner).execute();
}

/** Runs nobody works on: still running, with an expired lease (a dead process) or released by a stopping worker. */
export function staleRuns(db: Kysely<Database>, leaseMs: number): Promise<SyncRunRow[]> {
  const stale = new Date(Date.now() - leaseMs).toISOString();
  return db
    .selectFrom('sync_runs')
    .selectAll()
    .where('state', '=', 'running')
    .where((eb) => eb.or([eb('heartbeat_at', '<', stale), eb('heartbeat_at', 'is', null)]))
    .execute();
}

export const progressOf = (run: SyncRunRow): Record<string, ModelProgress> => JSON.parse(run.progress) as Record<string, ModelProgress>;
