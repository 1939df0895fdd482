import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { SyncWindow } from '../connectors/connector.ts';
import { connectorFor } from '../connectors/registry.ts';
import { newId } from '../lib/ids.ts';
import type { Sealer } from '../lib/crypto.ts';
import { nowInstant } from '../lib/time.ts';
import type { Store } from '../store/db.ts';
import type { ModelName } from '../store/models.ts';
import { upsertRecords } from '../store/repositories/records.ts';
import type { Database } from '../store/schema.ts';
import { authCheckColumns, type AuthCheck } from '../store/repositories/integrations.ts';
import { authCheckOf } from '../integrations/authCheck.ts';
import { claimRun, createRun, getRun, heartbeat, liveRun, progressOf, releaseRun, SyncBusyError, type ModelProgress, type SyncKind, type SyncRunRow } from './runs.ts';

/**
 * The sync engine: runs a connector's models in order for one integration, committing each batch
 * with its checkpoint, its counts and its outbox rows in one transaction, so a run that dies
 * resumes exactly after its last committed batch. It never names a PMS.
 */
export interface SyncDeps {
  store: Store;
  sealer: Sealer;
}

export interface RunSyncOptions {
  kind?: SyncKind;
  /** Subset of the connector's models (order is always the connector's). */
  models?: readonly string[];
  /** Called after every committed batch (CLI progress bars). */
  onProgress?: (run: SyncRunRow) => void;
  /** Lease: a run whose heartbeat is older than this is taken over by another process. */
  leaseMs?: number;
  /**
   * Aborted when the worker stops: the run stops after its current batch and stays resumable
   * (released, not failed); executeRun then throws SyncReleased.
   */
  signal?: AbortSignal;
}

/** Thrown by executeRun when its signal stopped it; the run is left for another worker to resume. */
export class SyncReleased extends Error {
  override name = 'SyncReleased';
}

export const DEFAULT_LEASE_MS = 30_000;
const processOwner = `${hostname()}:${process.pid}:${newId('p')}`;

/** Models a connector of `vendor` syncs, or null when it cannot sync (the API answers 400 for others). */
export function syncableModels(vendor: string): readonly ModelName[] | null {
  return connectorFor(vendor)?.sync?.models ?? null;
}

/**
 * Queues a run (refused with SyncBusyError when one is live) and returns it without running it.
 * `then` runs in the same transaction (e.g. enqueueing the job that will execute the run), so the
 * run exists exactly when its job does.
 */
export async function queueSync(
  deps: SyncDeps,
  integrationId: string,
  options: Pick<RunSyncOptions, 'kind' | 'models'> = {},
  then?: (trx: Kysely<Database>, run: SyncRunRow) => Promise<void>,
): Promise<SyncRunRow> {
  const db = deps.store.db;
  const integration = await db.selectFrom('integrations').selectAll().where('id', '=', integrationId).executeTakeFirst();
  if (!integration) throw new Error(`integration ${integrationId} does not exist`);
  const all = syncableModels(integration.vendor);
  if (!all) throw new Error(`the ${integration.vendor} connector cannot sync`);
  const wanted = options.models ? new Set(options.models) : null;
  const models = all.filter((m) => !wanted || wanted.has(m));
  try {
    return await db.transaction().execute(async (trx) => {
      const run = await createRun(trx, integration, options.kind ?? 'manual', models);
      await then?.(trx, run);
      return run;
    });
  } catch (e) {
    // A concurrent insert lost the unique-index race inside the transaction: report the winner.
    const other = e instanceof SyncBusyError ? undefined : await liveRun(db, integrationId);
    if (other) throw new SyncBusyError(other.id);
    throw e;
  }
}

/** Queues and executes a run in this process (CLI, tests, benchmarks); resumes the integration's abandoned run instead if it has one. */
export async function runSync(deps: SyncDeps, integrationId: string, options: RunSyncOptions = {}): Promise<SyncRunRow> {
  const live = await liveRun(deps.store.db, integrationId);
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  // A running run nobody renews (its process died, or a stopping worker released it) is resumed.
  if (live && live.state === 'running' && (!live.heartbeat_at || Date.parse(live.heartbeat_at) < Date.now() - leaseMs)) {
    return executeRun(deps, live.id, options);
  }
  const run = await queueSync(deps, integrationId, options);
  return executeRun(deps, run.id, options);
}

/** Runs a queued (or abandoned) run to its end; returns the final row. Never throws for PMS errors. */
export async function executeRun(deps: SyncDeps, runId: string, options: RunSyncOptions = {}): Promise<SyncRunRow> {
  const db = deps.store.db;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  if (!(await claimRun(db, runId, processOwner, leaseMs))) {
    const r = await getRun(db, runId);
    if (!r) throw new Error(`sync ${runId} does not exist`);
    return r;
  }
  const beat = setInterval(() => void heartbeat(db, runId, processOwner).catch(() => undefined), Math.max(250, leaseMs / 3));
  beat.unref();
  // The sealed credentials the run used: what it learns of them is recorded only while they are still the integration's.
  const used: { credentials?: string } = {};
  try {
    await runModels(deps, runId, options, used);
    return await finish(db, runId, 'succeeded', null, used.credentials ? { check: authCheckOf({ status: 'ok', call: 'sync' }), credentials: used.credentials } : undefined);
  } catch (e) {
    if (options.signal?.aborted) {
      await releaseRun(db, runId, processOwner);
      throw new SyncReleased(`sync ${runId} stopped after its last committed batch; it resumes on the next worker`);
    }
    const message = e instanceof Error ? e.message : String(e);
    // can_authenticate follows the PMS: a refusal of the credentials turns it off (other failures say nothing of them).
    const refused = used.credentials && (await credentialsRefused(db, runId, e)) ? { check: authCheckOf({ status: 'refused', call: 'sync', message }), credentials: used.credentials } : undefined;
    return await finish(db, runId, 'failed', message, refused);
  } finally {
    clearInterval(beat);
  }
}

async function runModels(deps: SyncDeps, runId: string, options: RunSyncOptions, used: { credentials?: string }): Promise<void> {
  const db = deps.store.db;
  const run = (await getRun(db, runId))!;
  const integration = await db.selectFrom('integrations').selectAll().where('id', '=', run.integration_id).executeTakeFirstOrThrow();
  const connector = connectorFor(integration.vendor);
  if (!connector?.sync) throw new Error(`the ${integration.vendor} connector cannot sync`);
  used.credentials = integration.credentials;
  const parsed = connector.credentialsSchema.safeParse(JSON.parse(deps.sealer.open(integration.credentials)));
  if (!parsed.success) throw new Error(`the stored ${connector.displayName} credentials are invalid; update the integration: ${parsed.error.message}`);
  const session = connector.sync.openSession({
    integrationId: integration.id,
    credentials: parsed.data,
    db: db as unknown as Kysely<never>,
    dialect: deps.store.dialect,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const ref = { id: integration.id, account_id: integration.account_id, vendor: integration.vendor };
  const emitChanges = run.is_first_sync === 0 && run.kind !== 'back_sync';
  const models = JSON.parse(run.models) as ModelName[];

  for (const model of models) {
    let progress = progressOf((await getRun(db, runId))!);
    const mp = progress[model];
    if (!mp || mp.state === 'done') continue;
    const cp = await db.selectFrom('sync_checkpoints').selectAll().where('integration_id', '=', integration.id).where('model', '=', model).executeTakeFirst();
    if (mp.state === 'pending') {
      mp.since = run.kind === 'back_sync' ? null : (cp?.synced_until ?? null);
      mp.state = 'running';
    }
    const window: SyncWindow = { kind: mp.since ? 'incremental' : 'full', since: mp.since, until: run.window_until };
    const ours = cp !== undefined && cp.run_id === runId;
    // This run committed the model's last batch (null cursor: nothing more) but died before marking it done.
    const complete = ours && cp.cursor === null;
    const batches = complete ? [] : readAhead(session.syncModel(model, window, ours ? cp.cursor : null));
    for await (const batch of batches) {
      options.signal?.throwIfAborted();
      const seenAt = nowInstant();
      progress = await db.transaction().execute(async (trx) => {
        const res = await upsertRecords(trx, ref, model, batch.records, seenAt);
        const p = progressOf((await trx.selectFrom('sync_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow()));
        const m = (p[model] = { ...(p[model] ?? mp), state: 'running', since: mp.since } as ModelProgress);
        m.new += res.created.length;
        m.updated += res.updated.length;
        m.unchanged += res.unchanged;
        if (batch.progress) Object.assign(m, { done: batch.progress.done, total: batch.progress.total });
        if (emitChanges) {
          const rows = [
            ...res.created.map((c) => ({ event: 'DATA_NEW', record_id: c.id, property_id: c.property_id, payload: { x_id: c.x_id, ...c.data } })),
            ...res.updated.map((u) => ({ event: 'DATA_UPDATE', record_id: u.id, property_id: u.property_id, payload: { x_id: u.x_id, diff: u.diff } })),
          ].map((r) => ({ id: newId('ob_'), account_id: ref.account_id, integration_id: ref.id, run_id: runId, model, created_at: seenAt, delivered_at: null, ...r, payload: JSON.stringify(r.payload) }));
          for (let i = 0; i < rows.length; i += 500) await trx.insertInto('sync_outbox').values(rows.slice(i, i + 500)).execute();
        }
        await saveCheckpoint(trx, integration.id, model, { run_id: runId, cursor: batch.cursor });
        await trx.updateTable('sync_runs').set({ progress: JSON.stringify(p), heartbeat_at: seenAt }).where('id', '=', runId).execute();
        return p;
      });
      options.onProgress?.({ ...run, progress: JSON.stringify(progress), state: 'running' });
    }
    await db.transaction().execute(async (trx) => {
      const p = progressOf((await trx.selectFrom('sync_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow()));
      p[model] = { ...(p[model] ?? mp), state: 'done', since: mp.since };
      await saveCheckpoint(trx, integration.id, model, { run_id: runId, cursor: null, synced_until: run.window_until });
      await trx.updateTable('sync_runs').set({ progress: JSON.stringify(p) }).where('id', '=', runId).execute();
    });
  }
}

/**
 * Starts fetching the next batch while the current one is being written, so the PMS round trip
 * and the store's commit overlap. Only committed batches move the checkpoint, so a batch read
 * ahead and lost in a crash is simply read again.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let next = it.next();
  try {
    for (;;) {
      const r = await next;
      if (r.done) return;
      next = it.next();
      // Its failure surfaces when awaited; until then it must not count as unhandled.
      next.catch(() => undefined);
      yield r.value;
    }
  } finally {
    await it.return?.();
  }
}

async function saveCheckpoint(db: Kysely<Database>, integrationId: string, model: string, patch: { run_id: string; cursor: string | null; synced_until?: string }): Promise<void> {
  const now = nowInstant();
  await db
    .insertInto('sync_checkpoints')
    .values({ integration_id: integrationId, model, run_id: patch.run_id, cursor: patch.cursor, synced_until: patch.synced_until ?? null, updated_at: now })
    .onConflict((oc) => oc.columns(['integration_id', 'model']).doUpdateSet({ run_id: patch.run_id, cursor: patch.cursor, updated_at: now, ...(patch.synced_until ? { synced_until: patch.synced_until } : {}) }))
    .execute();
}

/** Whether the run's connector says `error` is the PMS refusing the integration's credentials. */
async function credentialsRefused(db: Kysely<Database>, runId: string, error: unknown): Promise<boolean> {
  const row = await db
    .selectFrom('sync_runs')
    .innerJoin('integrations', 'integrations.id', 'sync_runs.integration_id')
    .select('integrations.vendor')
    .where('sync_runs.id', '=', runId)
    .executeTakeFirst();
  return row ? (connectorFor(row.vendor)?.credentialsRefused(error) ?? false) : false;
}

/**
 * Ends a run. `auth` is what the PMS said of the credentials the run used (sealed as they were): it
 * is recorded unless they changed meanwhile (a PUT made its own check of the new ones).
 */
async function finish(db: Kysely<Database>, runId: string, state: 'succeeded' | 'failed', error: string | null, auth?: { check: AuthCheck; credentials: string }): Promise<SyncRunRow> {
  const now = nowInstant();
  await db.transaction().execute(async (trx) => {
    const run = await trx.selectFrom('sync_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
    await trx.updateTable('sync_runs').set({ state, error, finished_at: now, owner: null }).where('id', '=', runId).execute();
    if (auth) await trx.updateTable('integrations').set(authCheckColumns(auth.check)).where('id', '=', run.integration_id).where('credentials', '=', auth.credentials).execute();
    const integration = await trx.selectFrom('integrations').select(['vendor']).where('id', '=', run.integration_id).executeTakeFirst();
    const vendor = integration?.vendor ?? null;
    const models = JSON.parse(run.models) as string[];
    let event: string;
    let payload: Record<string, unknown>;
    if (state === 'succeeded') {
      await trx.updateTable('integrations').set(run.kind === 'back_sync' ? { last_completed_back_sync: now } : { last_completed_sync: now }).where('id', '=', run.integration_id).execute();
      event = run.is_first_sync ? 'FIRST_SYNC_COMPLETE' : 'SYNC_COMPLETE';
      payload = { integration_id: run.integration_id, vendor, is_backsync: run.kind === 'back_sync', successful_job_count: 1, failed_job_count: 0, is_sync_finished: true, job_schedule_id: null, models_synced: models };
    } else {
      event = 'JOB_FAILURE';
      payload = { integration_id: run.integration_id, vendor, job_id: runId, job_type: 'SYNC', root_job_id: runId, error };
    }
    await trx.insertInto('sync_outbox').values({ id: newId('ob_'), account_id: run.account_id, integration_id: run.integration_id, run_id: runId, event, model: null, record_id: null, property_id: null, payload: JSON.stringify(payload), created_at: now, delivered_at: null }).execute();
  });
  return (await getRun(db, runId))!;
}
