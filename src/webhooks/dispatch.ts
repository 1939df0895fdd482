import type { Kysely } from 'kysely';
import { newId } from '../lib/ids.ts';
import { nowInstant } from '../lib/time.ts';
import type { Store } from '../store/db.ts';
import type { Database, SyncOutboxTable, WebhookDeliveryTable, WebhookTable } from '../store/schema.ts';
import type { WebhookTriggerView } from './schema.ts';
import { parseTriggers } from './service.ts';

/**
 * The dispatcher: turns outbox rows into deliveries. Each pass takes the rows nobody has
 * dispatched yet, oldest first, marks them dispatched (sync_outbox.delivered_at) and creates one
 * delivery per matching active webhook, in one transaction: a row is dispatched exactly once
 * however many workers run passes, and a crash before the commit leaves it for the next pass.
 */

/** Does `webhook` want `row`? Its account, a trigger of that name (and model), and not older than the webhook. */
export function matches(
  webhook: Pick<WebhookTable, 'account_id' | 'deliver_from' | 'active'> & { triggers: readonly WebhookTriggerView[] },
  row: Pick<SyncOutboxTable, 'account_id' | 'event' | 'model' | 'created_at'>,
): boolean {
  if (webhook.active !== 1 || webhook.account_id !== row.account_id || row.created_at < webhook.deliver_from) return false;
  return webhook.triggers.some((t) => t.trigger === row.event && (t.model === null || t.model === row.model));
}

/** Dispatches up to `batch` outbox rows; returns how many rows and how many deliveries it made. */
export async function dispatchBatch(store: Store, batch = 500): Promise<{ rows: number; deliveries: number }> {
  return store.db.transaction().execute(async (trx) => {
    const now = nowInstant();
    let pick = trx.selectFrom('sync_outbox').select('id').where('delivered_at', 'is', null).orderBy('id').limit(batch);
    // Other dispatchers skip the rows this one holds instead of waiting for them.
    if (store.dialect === 'postgres') pick = pick.forUpdate().skipLocked();
    const rows = await trx
      .updateTable('sync_outbox')
      .set({ delivered_at: now })
      .where('id', 'in', pick)
      .where('delivered_at', 'is', null)
      .returning(['id', 'account_id', 'event', 'model', 'created_at'])
      .execute();
    if (rows.length === 0) return { rows: 0, deliveries: 0 };
    const accounts = [...new Set(rows.map((r) => r.account_id))];
    const webhooks = (
      await trx.selectFrom('webhooks').select(['id', 'account_id', 'triggers', 'deliver_from', 'active']).where('active', '=', 1).where('account_id', 'in', accounts).execute()
    ).map((w) => ({ ...w, triggers: parseTriggers(w.triggers) }));
    const deliveries: WebhookDeliveryTable[] = [];
    if (webhooks.length > 0) {
      rows.sort((a, b) => (a.id < b.id ? -1 : 1));
      for (const row of rows) {
        for (const w of webhooks) {
          if (!matches(w, row)) continue;
          deliveries.push(newDelivery({ webhookId: w.id, accountId: row.account_id, outboxId: row.id, trigger: row.event, now }));
        }
      }
    }
    for (let i = 0; i < deliveries.length; i += 200) {
      await trx
        .insertInto('webhook_deliveries')
        .values(deliveries.slice(i, i + 200))
        .onConflict((oc) => oc.columns(['webhook_id', 'outbox_id']).doNothing())
        .execute();
    }
    return { rows: rows.length, deliveries: deliveries.length };
  });
}

/**
 * Active webhooks with a delivery due now and no sender working them (nor a retry pause). Walks the
 * webhooks, not the deliveries: a backlog of a million pending rows costs one index probe each.
 */
export async function dueWebhooks(store: Pick<Store, 'db'>, limit = 1000): Promise<string[]> {
  const now = nowInstant();
  const rows = await store.db
    .selectFrom('webhooks as w')
    .select('w.id')
    .where('w.active', '=', 1)
    .where((eb) => eb.or([eb('w.lease_until', 'is', null), eb('w.lease_until', '<', now)]))
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('webhook_deliveries as d')
          .select('d.id')
          .whereRef('d.webhook_id', '=', 'w.id')
          .where('d.status', '=', 'PENDING')
          .where('d.next_attempt_at', '<=', now),
      ),
    )
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Deletes finished deliveries older than `olderThanMs`, a bounded number per call. */
export async function pruneDeliveries(db: Kysely<Database>, olderThanMs: number, limit = 1000): Promise<number> {
  const cutoff = new Date(Date.now() - olderThanMs).toISOString();
  const old = db.selectFrom('webhook_deliveries').select('id').where('created_at', '<', cutoff).where('status', '<>', 'PENDING').limit(limit);
  const res = await db.deleteFrom('webhook_deliveries').where('id', 'in', old).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/**
 * Deletes dispatched outbox rows older than olderThanMs that no delivery refers to any more (their
 * deliveries finished and were pruned, or no webhook wanted them), oldest first, at most limit per
 * call. Outbox ids start with their creation time, so the age test walks the primary key.
 */
export async function pruneOutbox(db: Kysely<Database>, olderThanMs: number, limit = 5000): Promise<number> {
  const bound = `ob_${(Date.now() - olderThanMs).toString(36).padStart(9, '0')}`;
  const old = db
    .selectFrom('sync_outbox as o')
    .select('o.id')
    .where('o.id', '<', bound)
    .where('o.delivered_at', 'is not', null)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('webhook_deliveries as d').select('d.id').whereRef('d.outbox_id', '=', 'o.id'))))
    .orderBy('o.id')
    .limit(limit);
  const res = await db.deleteFrom('sync_outbox').where('id', 'in', old).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** A delivery of one outbox row to one webhook, due now, with no attempt yet. */
export function newDelivery(d: { webhookId: string; accountId: string; outboxId: string; trigger: string; now: string }): WebhookDeliveryTable {
  return {
    id: newId('whd_'),
    webhook_id: d.webhookId,
    account_id: d.accountId,
    outbox_id: d.outboxId,
    trigger: d.trigger,
    status: 'PENDING',
    attempts: 0,
    next_attempt_at: d.now,
    last_status_code: null,
    last_error: null,
    log: '[]',
    created_at: d.now,
    updated_at: d.now,
    delivered_at: null,
  };
}
