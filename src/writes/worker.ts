import type { Kysely } from 'kysely';
import { connectorFor } from '../connectors/registry.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Sealer } from '../lib/crypto.ts';
import { nowInstant } from '../lib/time.ts';
import type { Store } from '../store/db.ts';
import { getIntegrationById } from '../store/repositories/integrations.ts';
import { idOfRecord, upsertRecords } from '../store/repositories/records.ts';
import { decide } from './decide.ts';
import { failWrite, getWriteJob, progressOf, recordAttempt, saveProgress, WRITE_TASK } from './writeJobs.ts';

/** Registers the write handler: run by the API process (embedded) or by `leasewire worker`. */
export function registerWriteWorker(queue: JobQueue, deps: { store: Store; sealer: Sealer }): void {
  const db = deps.store.db;
  queue.register(WRITE_TASK, async (payload, ctx) => {
    const job = await getWriteJob(db, null, String(payload.write_job_id));
    // A job already decided (or deleted with its integration) has nothing left to do: at-least-once delivery.
    if (!job || job.status !== 'PENDING') return;
    const at = () => nowInstant();
    const integration = await getIntegrationById(db, job.integration_id);
    const connector = integration ? connectorFor(integration.vendor) : undefined;
    if (!integration || !connector?.writes) {
      await failWrite(db, job, { at: at(), attempt: ctx.attempt, action: 'fail', reason: `integration ${job.integration_id} can no longer take writes` });
      return;
    }
    const credentials = connector.credentialsSchema.parse(JSON.parse(deps.sealer.open(integration.credentials)));
    const outcome = await connector.writes.executeEvent({
      integrationId: integration.id,
      credentials,
      request: JSON.parse(job.request) as Record<string, unknown>,
      progress: progressOf(job),
      saveProgress: (p) => saveProgress(db, job.id, p),
      db: db as unknown as Kysely<never>,
    });
    const decision = decide(outcome, ctx.attempt, ctx.maxAttempts);
    const entry = { at: at(), attempt: ctx.attempt, ...decision };
    if (decision.action === 'retry') {
      await recordAttempt(db, job, entry);
      throw new Error(decision.reason);
    }
    if (decision.action === 'fail' || outcome.status !== 'succeeded') return failWrite(db, job, entry);
    // Read-back: the new record lands in the store with the job's success, in one transaction.
    await db.transaction().execute(async (trx) => {
      let created: string | null = null;
      if (outcome.record) {
        await upsertRecords(trx, integration, outcome.record.model, [outcome.record.input], at());
        const { input } = outcome.record;
        created = idOfRecord(integration.id, outcome.record.model, input.x_id, input.x_property_id);
      }
      await recordAttempt(trx, job, entry, { xRecordId: outcome.xRecordId, createdRecordId: created });
    });
  });
}
