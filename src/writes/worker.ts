import type { Kysely } from 'kysely';
import { connectorFor } from '../connectors/registry.ts';
import type { EnqueueOptions, JobContext, JobPayload, JobQueue } from '../jobs/queue.ts';
import type { Sealer } from '../lib/crypto.ts';
import { nowInstant } from '../lib/time.ts';
import type { Store } from '../store/db.ts';
import { idOfRecord, upsertRecords } from '../store/repositories/records.ts';
import { forgetAvailability } from './availabilityCache.ts';
import { decide } from './decide.ts';
import { claimedRecordIds, failWrite, getWriteJobToRun, progressOf, recordAttempt, saveProgress, writeInDoubt, WRITE_TASK } from './writeJobs.ts';

/**
 * Exactly once across retries. A connector recognises the record its write created by reading the
 * PMS back: a record that was not there before the first send (the snapshot), that no other write
 * job has claimed, on the same PMS application, whose fields match what was sent. Two writes with
 * the same fields (twins) are told apart by these two rules, which this worker and the store keep:
 * 1. The gate: a write of a serial key (one PMS application) does not run while another write of
 *    the same key is in doubt (PENDING, phase SENT: a send whose outcome is unknown). Jobs of one
 *    key already never run at the same time (one named queue), but a failed attempt leaves its
 *    queue free while it waits to retry; the gate holds the key across those waits. So between an
 *    in-doubt send and its resolution no other Leasewire write reaches that application, and any
 *    new matching record the retry finds was made by that send (or by someone outside Leasewire).
 * 2. Claims: a record id, once recorded as a job's x_record_id, is never taken by another job (the
 *    connector skips ids `claimed()` reports; a unique index refuses a second claim outright). A
 *    retry made after the gate let others through (a manual retry-write of a FAILURE) therefore
 *    cannot take a record another write already identified.
 * What this cannot exclude: a person or another system adding, on the same application, between
 * our snapshot and our read-back, a record with every field we sent and the PMS returns. The PMS
 * offers no idempotency key that would tell us apart.
 */
/** Longest pause between two looks of a write waiting behind one in doubt. */
const WAIT_MAX_MS = 15_000;

/** Registers the write handler: run by the API process (embedded) or by `leasewire worker`. */
export function registerWriteWorker(queue: JobQueue, deps: { store: Store; sealer: Sealer }): void {
  const db = deps.store.db;
  queue.register(WRITE_TASK, async (payload, queueCtx) => {
    const found = await getWriteJobToRun(deps.store, String(payload.write_job_id));
    const ctx = attemptsOf(payload, queueCtx);
    // A job already decided (or deleted with its integration) has nothing left to do: at-least-once delivery.
    if (!found || found.job.status !== 'PENDING') return;
    const { job, integration } = found;
    const at = () => nowInstant();
    const connector = integration ? connectorFor(integration.vendor) : undefined;
    if (!integration || !connector?.writes) {
      await failWrite(db, job, { at: at(), attempt: ctx.attempt, action: 'fail', reason: `integration ${job.integration_id} can no longer take writes` });
      return;
    }
    // The gate (see "Exactly once across retries" below): wait while another write of this
    // application is in doubt; running now could make its retry take our event for its own.
    const blocker = await writeInDoubt(db, job);
    if (blocker) {
      const waits = typeof payload.waits === 'number' && Number.isInteger(payload.waits) && payload.waits >= 0 ? payload.waits : 0;
      await db.transaction().execute(async (trx) => {
        // Waiting is not an attempt: the next run counts this attempt again.
        const before = ctx.attempt - 1;
        await queue.enqueue(trx, WRITE_TASK, { write_job_id: job.id, attempts_before: before, waits: waits + 1 }, waitOptions(job, ctx, waits, Date.now()));
        await queueCtx.complete?.(trx);
      });
      return;
    }
    const credentials = openCredentials(deps.sealer, integration.credentials, (plain) => connector.credentialsSchema.parse(JSON.parse(plain)));
    const outcome = await connector.writes.executeEvent({
      integrationId: integration.id,
      credentials,
      request: JSON.parse(job.request) as Record<string, unknown>,
      progress: progressOf(job),
      saveProgress: (p) => saveProgress(db, job.id, p),
      claimed: (ids) => claimedRecordIds(db, job, ids),
      db: db as unknown as Kysely<never>,
    });
    const decision = decide(outcome, ctx.attempt, ctx.maxAttempts);
    const entry = { at: at(), attempt: ctx.attempt, action: decision.action, reason: decision.reason };
    if (decision.action === 'retry') {
      const { delayMs } = decision;
      if (delayMs === undefined) {
        await recordAttempt(db, job, entry);
        throw new Error(decision.reason);
      }
      // The queue's backoff knows nothing of Retry-After: this run ends, and the next attempt is a
      // new queue job due when the PMS said, carrying the attempts already spent.
      await db.transaction().execute(async (trx) => {
        await recordAttempt(trx, job, entry);
        await queue.enqueue(trx, WRITE_TASK, { write_job_id: job.id, attempts_before: ctx.attempt }, retryAfterOptions(job, ctx, delayMs, Date.now()));
        await queueCtx.complete?.(trx);
      });
      return;
    }
    if (decision.action === 'fail' || outcome.status !== 'succeeded') return failWrite(db, job, entry);
    // Read-back: the new record lands in the store with the job's success, and the queue job leaves
    // the queue (embedded queue), in one transaction.
    await db.transaction().execute(async (trx) => {
      let created: string | null = null;
      if (outcome.record) {
        await upsertRecords(trx, integration, outcome.record.model, [outcome.record.input], at());
        const { input } = outcome.record;
        created = idOfRecord(integration.id, outcome.record.model, input.x_id, input.x_property_id);
      }
      await recordAttempt(trx, job, entry, { xRecordId: outcome.xRecordId, createdRecordId: created });
      await queueCtx.complete?.(trx);
    });
    // An appointment written changes the property's free slots: the next availability answer asks the PMS.
    forgetAvailability(integration.id);
  });
}

/**
 * Decrypted, parsed credentials by their sealed text: every job of an integration would otherwise
 * decrypt and validate the same value. The sealed text changes whenever the credentials do (a
 * random IV per seal), so an entry is never stale; the map stays small (one entry per integration
 * and credentials version seen by this process), kept per sealer (its key opened them).
 */
const openedCredentials = new WeakMap<Sealer, Map<string, unknown>>();
const OPENED_CREDENTIALS_MAX = 1000;

function openCredentials<T>(sealer: Sealer, sealed: string, parse: (plain: string) => T): T {
  let opened = openedCredentials.get(sealer);
  if (!opened) openedCredentials.set(sealer, (opened = new Map()));
  if (opened.has(sealed)) return opened.get(sealed) as T;
  const credentials = parse(sealer.open(sealed));
  if (opened.size >= OPENED_CREDENTIALS_MAX) opened.clear();
  opened.set(sealed, credentials);
  return credentials;
}

/**
 * The write's attempt number and budget across queue jobs: a job queued after a Retry-After
 * starts the queue's count again, so it carries the attempts spent before it.
 */
export function attemptsOf(payload: JobPayload, ctx: Pick<JobContext, 'attempt' | 'maxAttempts'>): { attempt: number; maxAttempts: number } {
  const before = typeof payload.attempts_before === 'number' && Number.isInteger(payload.attempts_before) && payload.attempts_before > 0 ? payload.attempts_before : 0;
  return { attempt: before + ctx.attempt, maxAttempts: before + ctx.maxAttempts };
}

/** When a write waiting behind one in doubt looks again: 0.5 s, doubling, at most WAIT_MAX_MS. */
export function waitOptions(job: { id: string; queue_name: string }, ctx: { attempt: number; maxAttempts: number }, waits: number, now: number): EnqueueOptions {
  const delay = Math.min(WAIT_MAX_MS, 500 * 2 ** Math.min(waits, 10));
  return { queueName: job.queue_name, jobKey: `write-wait:${job.id}`, runAt: new Date(now + delay), maxAttempts: Math.max(1, ctx.maxAttempts - ctx.attempt + 1) };
}

/**
 * Where the next attempt after a Retry-After goes: the write's own queue (writes to one application
 * stay serial), due after the delay, with what is left of the budget. The job key makes a second
 * scheduling of the same write (a run repeated after a crash) replace the first, not add to it.
 */
export function retryAfterOptions(job: { id: string; queue_name: string }, ctx: { attempt: number; maxAttempts: number }, delayMs: number, now: number): EnqueueOptions {
  return { queueName: job.queue_name, jobKey: `write-retry:${job.id}`, runAt: new Date(now + delayMs), maxAttempts: Math.max(1, ctx.maxAttempts - ctx.attempt) };
}
