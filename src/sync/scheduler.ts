import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { DEFAULT_LEASE_MS, queueSync, type SyncDeps } from './engine.ts';
import { staleRuns, SyncBusyError, type SyncRunRow } from './runs.ts';

const cadenceMs: Record<string, number> = { SECOND: 1_000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000, WEEK: 604_800_000, MONTH: 2_592_000_000 };

/** Milliseconds between scheduled syncs of an integration (Propexo: sync_frequency × sync_cadence). */
export function intervalOf(frequency: number, cadence: string): number {
  return Math.max(1, frequency) * (cadenceMs[cadence.toUpperCase()] ?? cadenceMs.HOUR!);
}

/** Puts the job that executes `run` on the queue, inside the caller's transaction. */
export type EnqueueRun = (db: Kysely<Database>, run: Pick<SyncRunRow, 'id' | 'integration_id'>) => Promise<void>;

export interface SchedulePass {
  /** Runs queued for integrations that were due. */
  started: string[];
  /** Runs of dead or stopped workers handed to the queue again. */
  resumed: string[];
  /** Integrations that could not be scheduled, with why (one never stops the others). */
  failed: Array<{ integration_id: string; error: string }>;
}

/**
 * One scheduling pass: hands runs whose worker died back to the queue, then queues a run for every
 * active integration whose last completed sync is older than its interval. Each integration is
 * handled on its own, so one failure never stops the others.
 */
export async function scheduleDue(deps: SyncDeps, enqueue: EnqueueRun, options: { now?: number; leaseMs?: number } = {}): Promise<SchedulePass> {
  const now = options.now ?? Date.now();
  const db = deps.store.db;
  const pass: SchedulePass = { started: [], resumed: [], failed: [] };
  for (const run of await staleRuns(db, options.leaseMs ?? DEFAULT_LEASE_MS)) {
    await enqueue(db, run);
    pass.resumed.push(run.id);
  }
  const rows = await db.selectFrom('integrations').selectAll().where('active', '=', 1).where('archived', '=', 0).execute();
  for (const i of rows) {
    const last = i.last_completed_sync ? Date.parse(i.last_completed_sync) : 0;
    if (now - last < intervalOf(i.sync_frequency, i.sync_cadence)) continue;
    try {
      const run = await queueSync(deps, i.id, { kind: 'scheduled' }, enqueue);
      pass.started.push(run.id);
    } catch (e) {
      if (!(e instanceof SyncBusyError)) pass.failed.push({ integration_id: i.id, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return pass;
}
