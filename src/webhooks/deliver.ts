import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import { newId } from '../lib/ids.ts';
import type { Sealer } from '../lib/crypto.ts';
import type { Store } from '../store/db.ts';
import type { Database, WebhookDeliveryTable, WebhookTable } from '../store/schema.ts';
import { buildPayload, signBody, type OutboxRow } from './payload.ts';
import { decideDelivery, type DeliveryPolicy } from './policy.ts';
import type { DeliveryAttempt, WebhookHeader } from './schema.ts';
import { sendDelivery, WorkerStopping } from './send.ts';

/**
 * The sender: works one webhook's due deliveries, oldest event first, one at a time. It holds the
 * webhook's lease (webhooks.lease_owner/lease_until) while it does, so however many workers run,
 * one process sends to a webhook at a time and no delivery is in flight twice. The lease outlives
 * one attempt (timeout + margin) and is renewed before each; a process that dies loses it when it
 * runs out, and the next sender tries its in-flight delivery again: at least once, never lost.
 *
 * An attempt is counted (and logged as unfinished) before the POST, so a crash in the middle still
 * spends budget. After an attempt that will be retried, the whole webhook pauses until that retry
 * is due (the lease is kept, ownerless, until then): events never overtake one another, and a
 * receiver that is down gets one request per backoff step, not its whole backlog.
 */
export interface SenderOptions {
  policy: DeliveryPolicy;
  /** Per attempt, connecting and reading the answer included. */
  timeoutMs: number;
  /** Lease on the webhook, renewed before each attempt; must exceed timeoutMs. */
  leaseMs: number;
  /** Deliveries one run sends before it hands over (fairness between webhooks). */
  maxPerRun: number;
  userAgent: string;
}

export type SenderStop = 'idle' | 'busy' | 'inactive' | 'retry_later' | 'lease_lost' | 'limit' | 'stopping' | 'unreadable';

const owner = `${hostname()}:${process.pid}`;
const iso = (ms: number) => new Date(ms).toISOString();
const UNREADABLE_PAUSE_MS = 10 * 60_000;
const UNFINISHED = 'no result was recorded: the worker stopped during this attempt';

async function acquire(db: Kysely<Database>, webhookId: string, me: string, leaseMs: number): Promise<boolean> {
  const now = Date.now();
  const res = await db
    .updateTable('webhooks')
    .set({ lease_owner: me, lease_until: iso(now + leaseMs) })
    .where('id', '=', webhookId)
    .where('active', '=', 1)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', iso(now))]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Renews the lease and reads the webhook as it is now (its url, secret or headers may have changed). */
async function renew(db: Kysely<Database>, webhookId: string, me: string, leaseMs: number): Promise<WebhookTable | undefined> {
  return db
    .updateTable('webhooks')
    .set({ lease_until: iso(Date.now() + leaseMs) })
    .where('id', '=', webhookId)
    .where('lease_owner', '=', me)
    .where('active', '=', 1)
    .returningAll()
    .executeTakeFirst();
}

/** Gives the lease back; `pauseUntil` keeps every sender off the webhook until then (a retry's backoff). */
async function release(db: Kysely<Database>, webhookId: string, me: string, pauseUntil: string | null): Promise<void> {
  await db.updateTable('webhooks').set({ lease_owner: null, lease_until: pauseUntil }).where('id', '=', webhookId).where('lease_owner', '=', me).execute();
}

function attemptLog(row: WebhookDeliveryTable): DeliveryAttempt[] {
  try {
    const v = JSON.parse(row.log) as unknown;
    return Array.isArray(v) ? (v as DeliveryAttempt[]) : [];
  } catch {
    return [];
  }
}

async function finishDelivery(db: Kysely<Database>, d: WebhookDeliveryTable, log: DeliveryAttempt[], patch: Partial<WebhookDeliveryTable>): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ ...patch, log: JSON.stringify(log), updated_at: iso(Date.now()) })
    .where('id', '=', d.id)
    .where('status', '=', 'PENDING')
    .execute();
}

/** Sends what is due for one webhook; returns why it stopped. `signal`: the worker is stopping. */
export async function deliverWebhook(deps: { store: Store; sealer: Sealer }, webhookId: string, options: SenderOptions, signal?: AbortSignal): Promise<{ sent: number; stop: SenderStop }> {
  const db = deps.store.db;
  // One lease token per run: two runs in one process exclude each other too.
  const me = `${owner}:${newId('r')}`;
  if (!(await acquire(db, webhookId, me, options.leaseMs))) return { sent: 0, stop: 'busy' };
  let sent = 0;
  let webhook: WebhookTable | undefined;
  let renewedAt = 0;
  let pauseUntil: string | null = null;
  let secret = '';
  let custom: WebhookHeader[] = [];
  const renewEveryMs = Math.min(1000, (options.leaseMs - options.timeoutMs) / 2);
  try {
    for (;;) {
      if (signal?.aborted) return { sent, stop: 'stopping' };
      if (sent >= options.maxPerRun) return { sent, stop: 'limit' };
      // The lease is renewed (and the webhook re-read: url, secret, headers, active) at least every
      // second, and always early enough that a whole attempt fits in what is left of it.
      if (!webhook || Date.now() - renewedAt >= renewEveryMs) {
        renewedAt = Date.now();
        webhook = await renew(db, webhookId, me, options.leaseMs);
        if (!webhook) return { sent, stop: (await webhookIsActive(db, webhookId)) ? 'lease_lost' : 'inactive' };
        try {
          secret = deps.sealer.open(webhook.secret);
          custom = JSON.parse(deps.sealer.open(webhook.headers)) as WebhookHeader[];
        } catch {
          // Sealed with another LEASEWIRE_SECRET_KEY: nothing can be signed until the account sets them again.
          console.error(`webhooks: the secret or headers of webhook ${webhookId} cannot be opened with this LEASEWIRE_SECRET_KEY; PUT /v1/webhooks/${webhookId} with a new secret and headers. Its deliveries wait.`);
          pauseUntil = iso(Date.now() + UNREADABLE_PAUSE_MS);
          return { sent, stop: 'unreadable' };
        }
      }
      const next = await db
        .selectFrom('webhook_deliveries as d')
        .leftJoin('sync_outbox as o', 'o.id', 'd.outbox_id')
        .leftJoin('integrations as i', 'i.id', 'o.integration_id')
        .selectAll('d')
        .select(['o.id as o_id', 'o.integration_id as o_integration_id', 'o.run_id as o_run_id', 'o.event as o_event', 'o.model as o_model', 'o.record_id as o_record_id', 'o.property_id as o_property_id', 'o.payload as o_payload', 'o.created_at as o_created_at', 'i.vendor as vendor'])
        .where('d.webhook_id', '=', webhookId)
        .where('d.status', '=', 'PENDING')
        // On webhook_deliveries_next: this webhook's pending rows in event order, the first due one.
        .where('d.next_attempt_at', '<=', iso(Date.now()))
        .orderBy('d.outbox_id')
        .limit(1)
        .executeTakeFirst();
      if (!next) return { sent, stop: 'idle' };
      const { o_id, o_integration_id, o_run_id, o_event, o_model, o_record_id, o_property_id, o_payload, o_created_at, vendor, ...d } = next;
      const log = attemptLog(d);
      if (o_id === null || o_integration_id === null || o_event === null || o_payload === null || o_created_at === null) {
        await finishDelivery(db, d, log, { status: 'FAILURE', next_attempt_at: null, last_error: `event ${d.outbox_id} no longer exists; nothing to send` });
        continue;
      }
      const event: OutboxRow = { id: o_id, integration_id: o_integration_id, run_id: o_run_id, event: o_event, model: o_model, record_id: o_record_id, property_id: o_property_id, payload: o_payload, created_at: o_created_at };
      const attempt = d.attempts + 1;
      const startedAt = Date.now();
      // Counted before the POST: a crash during it still spends the budget, and says so.
      log.push({ at: iso(startedAt), status_code: null, error: UNFINISHED, duration_ms: 0 });
      await db.updateTable('webhook_deliveries').set({ attempts: attempt, log: JSON.stringify(log), updated_at: iso(startedAt) }).where('id', '=', d.id).where('status', '=', 'PENDING').execute();

      const body = JSON.stringify(buildPayload(event, vendor));
      // What fetch sent before deliveries moved to node:http; a webhook's own Accept header replaces it.
      const headers: Record<string, string> = { accept: '*/*' };
      for (const h of custom) headers[h.header] = h.value;
      Object.assign(headers, {
        'content-type': 'application/json',
        'user-agent': options.userAgent,
        'propexo-signature': signBody(secret, body),
        'leasewire-delivery-id': d.id,
        'leasewire-event-id': event.id,
        'leasewire-delivery-attempt': String(attempt),
      });

      let result: Awaited<ReturnType<typeof sendDelivery>>;
      try {
        result = await sendDelivery({ url: webhook.url, body, headers, timeoutMs: options.timeoutMs, ...(signal ? { signal } : {}) });
      } catch (err) {
        if (!(err instanceof WorkerStopping)) throw err;
        // Not the receiver's fault: the attempt is given back and the delivery is due at once.
        log.pop();
        await db.updateTable('webhook_deliveries').set({ attempts: d.attempts, log: JSON.stringify(log), next_attempt_at: iso(Date.now()) }).where('id', '=', d.id).where('status', '=', 'PENDING').execute();
        return { sent, stop: 'stopping' };
      }
      sent++;
      const { outcome, durationMs } = result;
      const decision = decideDelivery(outcome, attempt, options.policy, Date.now());
      const statusCode = outcome.kind === 'answer' ? outcome.status : null;
      const error = decision.action === 'succeed' ? null : decision.reason;
      log[log.length - 1] = { at: iso(startedAt), status_code: statusCode, error, duration_ms: durationMs };
      const common = { last_status_code: statusCode, last_error: error };
      if (decision.action === 'succeed') {
        await finishDelivery(db, d, log, { ...common, status: 'SUCCESS', next_attempt_at: null, delivered_at: iso(Date.now()) });
      } else if (decision.action === 'fail') {
        await finishDelivery(db, d, log, { ...common, status: 'FAILURE', next_attempt_at: null });
      } else {
        pauseUntil = iso(Date.now() + decision.delayMs);
        await finishDelivery(db, d, log, { ...common, next_attempt_at: pauseUntil });
        return { sent, stop: 'retry_later' };
      }
    }
  } finally {
    await release(db, webhookId, me, pauseUntil);
  }
}

async function webhookIsActive(db: Kysely<Database>, webhookId: string): Promise<boolean> {
  const w = await db.selectFrom('webhooks').select('active').where('id', '=', webhookId).executeTakeFirst();
  return w?.active === 1;
}
