import { ApiError, notFound } from '../api/errors.ts';
import { newId } from '../lib/ids.ts';
import { newDelivery } from './dispatch.ts';
import { nowInstant } from '../lib/time.ts';
import type { Database, WebhookTable } from '../store/schema.ts';
import type { Kysely, Transaction } from 'kysely';
import type { WebhookDeliveryView } from './schema.ts';
import { deliveryView, type WebhookDeps } from './service.ts';

/**
 * Deliveries an operator asks for: a test event sent to one webhook, and a finished delivery sent
 * again. Both become ordinary PENDING deliveries due now, so the sender (deliver.ts) sends them
 * with the same signing, headers, retries and attempt log as any other; the dispatcher never sees
 * them (the test event's outbox row is born dispatched).
 */

/** The trigger of a test delivery: no subscription asks for it, only an operator. */
export const TEST_TRIGGER = 'TEST';

async function activeWebhook(trx: Kysely<Database>, accountId: string, webhookId: string): Promise<WebhookTable> {
  const webhook = await trx.selectFrom('webhooks').selectAll().where('id', '=', webhookId).where('account_id', '=', accountId).executeTakeFirst();
  if (!webhook) throw notFound('webhook', webhookId);
  if (webhook.active !== 1) {
    throw new ApiError(409, 'webhook_inactive', `Webhook ${webhookId} is inactive, so nothing is sent to it. Turn it on with PUT /v1/webhooks/${webhookId} {"active": true}, then try again.`);
  }
  return webhook;
}

/** A webhook paused for a retry's backoff (an ownerless lease) is due again at once, as PUT does. */
async function resume(trx: Transaction<Database>, webhookId: string): Promise<void> {
  await trx.updateTable('webhooks').set({ lease_until: null }).where('id', '=', webhookId).where('lease_owner', 'is', null).execute();
}

/** Queues a TEST event for one webhook; the worker sends it within about a second. */
export async function sendTestEvent(deps: WebhookDeps, accountId: string, webhookId: string): Promise<WebhookDeliveryView> {
  return deps.store.db.transaction().execute(async (trx) => {
    await activeWebhook(trx, accountId, webhookId);
    const now = nowInstant();
    const outboxId = newId('ob_');
    const payload = { event: TEST_TRIGGER, webhook_id: webhookId, message: 'A test event sent from Leasewire on request; it carries no data.', sent_at: now };
    await trx
      .insertInto('sync_outbox')
      .values({ id: outboxId, account_id: accountId, integration_id: '', run_id: null, event: TEST_TRIGGER, model: null, record_id: null, property_id: null, payload: JSON.stringify(payload), created_at: now, delivered_at: now })
      .execute();
    const delivery = newDelivery({ webhookId, accountId, outboxId, trigger: TEST_TRIGGER, now });
    await trx.insertInto('webhook_deliveries').values(delivery).execute();
    await resume(trx, webhookId);
    return deliveryView(delivery);
  });
}

/**
 * Sends a finished delivery (SUCCESS or FAILURE) again: PENDING and due now, with a fresh budget of
 * attempts. Its attempt log keeps the earlier attempts.
 */
export async function redeliver(deps: WebhookDeps, accountId: string, webhookId: string, deliveryId: string): Promise<WebhookDeliveryView> {
  return deps.store.db.transaction().execute(async (trx) => {
    await activeWebhook(trx, accountId, webhookId);
    const row = await trx.selectFrom('webhook_deliveries').selectAll().where('id', '=', deliveryId).where('webhook_id', '=', webhookId).where('account_id', '=', accountId).executeTakeFirst();
    if (!row) throw notFound('delivery', deliveryId);
    if (row.status === 'PENDING') {
      throw new ApiError(409, 'delivery_pending', `Delivery ${deliveryId} is PENDING: it is sent (or retried) on its own${row.next_attempt_at ? ` at ${row.next_attempt_at}` : ''}. Only SUCCESS or FAILURE deliveries can be sent again.`);
    }
    const now = nowInstant();
    const patch = { status: 'PENDING', attempts: 0, next_attempt_at: now, delivered_at: null, updated_at: now };
    await trx.updateTable('webhook_deliveries').set(patch).where('id', '=', deliveryId).where('status', '=', row.status).execute();
    await resume(trx, webhookId);
    return deliveryView({ ...row, ...patch });
  });
}
