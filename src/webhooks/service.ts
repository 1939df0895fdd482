import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ApiError, invalidRequest, notFound, type Issue } from '../api/errors.ts';
import { newId } from '../lib/ids.ts';
import type { Sealer } from '../lib/crypto.ts';
import { nowInstant } from '../lib/time.ts';
import type { Store } from '../store/db.ts';
import type { Database, WebhookDeliveryTable, WebhookTable } from '../store/schema.ts';
import { modelTriggers, type DeliveryAttempt, type DeliveryStatus, type WebhookDeliveryView, type WebhookHeader, type WebhookTriggerView, type WebhookView } from './schema.ts';

/**
 * The rules of webhook subscriptions: what a client may set, how secrets and headers are kept
 * (sealed: the receiver's credentials often travel in them), and what a new or re-activated
 * webhook receives (only events from then on, never the backlog).
 */
export interface WebhookDeps {
  store: Store;
  sealer: Sealer;
}

export interface CreateWebhookInput {
  url: string;
  headers?: WebhookHeader[] | undefined;
  triggers: string[];
  active?: boolean | undefined;
  secret?: string | undefined;
  model?: string | undefined;
}

export interface UpdateWebhookInput {
  url?: string | undefined;
  headers?: WebhookHeader[] | undefined;
  triggers?: string[] | undefined;
  active?: boolean | undefined;
  secret?: string | undefined;
  /** null clears the model filter. */
  model?: string | null | undefined;
}

export type WebhookOrderField = 'created_at' | 'updated_at' | 'id' | 'url' | 'active';
export const webhookOrderFields: readonly WebhookOrderField[] = ['created_at', 'updated_at', 'id', 'url', 'active'];
export interface OrderKey<F extends string = string> {
  field: F;
  direction: 'asc' | 'desc';
}

/** A generated secret: 32 random bytes, hex. */
export function generateSecret(): string {
  return `whsec_${randomBytes(32).toString('hex')}`;
}

/** The triggers as stored: one row per name, model only on DATA_NEW / DATA_UPDATE; ids kept for names already there. */
export function buildTriggers(names: readonly string[], model: string | null, previous: readonly WebhookTriggerView[] = []): WebhookTriggerView[] {
  return [...new Set(names)].map((trigger) => ({
    id: previous.find((p) => p.trigger === trigger)?.id ?? newId('whtr_'),
    trigger,
    model: modelTriggers.includes(trigger) ? model : null,
  }));
}

export function parseTriggers(json: string): WebhookTriggerView[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v as WebhookTriggerView[]) : [];
  } catch {
    return [];
  }
}

function open(sealer: Sealer, row: WebhookTable, value: string): string {
  try {
    return sealer.open(value);
  } catch {
    throw new ApiError(
      409,
      'webhook_unreadable',
      `Webhook ${row.id}'s secret and headers were sealed with another LEASEWIRE_SECRET_KEY and cannot be read. Set them again with PUT /v1/webhooks/${row.id} {"secret": "…", "headers": […]}, or delete the webhook.`,
    );
  }
}

export function webhookView(row: WebhookTable, sealer: Sealer): WebhookView {
  return {
    id: row.id,
    created_at: row.created_at,
    updated_at: row.updated_at,
    url: row.url,
    headers: JSON.parse(open(sealer, row, row.headers)) as WebhookHeader[],
    active: row.active === 1,
    secret: open(sealer, row, row.secret),
    system: row.system === 'SANDBOX' ? 'SANDBOX' : 'PRODUCTION',
    triggers: parseTriggers(row.triggers),
  };
}

export async function createWebhook(deps: WebhookDeps, accountId: string, input: CreateWebhookInput): Promise<WebhookView> {
  const now = nowInstant();
  const row: WebhookTable = {
    id: newId('wh_'),
    account_id: accountId,
    url: input.url,
    headers: deps.sealer.seal(JSON.stringify(input.headers ?? [])),
    secret: deps.sealer.seal(input.secret ?? generateSecret()),
    triggers: JSON.stringify(buildTriggers(input.triggers, input.model ?? null)),
    // Propexo: "active (default false)".
    active: input.active ? 1 : 0,
    system: 'PRODUCTION',
    deliver_from: now,
    lease_owner: null,
    lease_until: null,
    created_at: now,
    updated_at: now,
  };
  await deps.store.db.insertInto('webhooks').values(row).execute();
  return webhookView(row, deps.sealer);
}

async function findWebhook(db: Kysely<Database>, accountId: string, id: string): Promise<WebhookTable | undefined> {
  return db.selectFrom('webhooks').selectAll().where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
}

export async function getWebhook(deps: WebhookDeps, accountId: string, id: string): Promise<WebhookView> {
  const row = await findWebhook(deps.store.db, accountId, id);
  if (!row) throw notFound('webhook', id);
  return webhookView(row, deps.sealer);
}

/** Parses order-by for the webhook list ("created_at:desc,url"); refuses unknown fields with a 400. */
export function parseWebhookOrder(value: string | undefined): OrderKey<WebhookOrderField>[] {
  if (value === undefined || value.trim() === '') return [{ field: 'created_at', direction: 'desc' }];
  const issues: Issue[] = [];
  const keys: OrderKey<WebhookOrderField>[] = [];
  for (const part of value.split(',')) {
    const [field = '', direction = 'asc', extra] = part.trim().split(':');
    if (!(webhookOrderFields as readonly string[]).includes(field)) {
      issues.push({ code: 'invalid_value', path: ['order-by'], message: `"${field}" is not a sortable field here; use one of: ${webhookOrderFields.join(', ')} (optionally with :asc or :desc)` });
    } else if ((direction !== 'asc' && direction !== 'desc') || extra !== undefined) {
      issues.push({ code: 'invalid_value', path: ['order-by'], message: `"${part}" must look like field:asc or field:desc` });
    } else if (!keys.some((k) => k.field === field)) {
      keys.push({ field: field as WebhookOrderField, direction });
    }
  }
  if (issues.length) throw invalidRequest(`Invalid query string: order-by: ${issues[0]?.message}`, issues);
  return keys;
}

export interface WebhookListQuery {
  active: boolean | null;
  orderBy: OrderKey<WebhookOrderField>[];
  offset: number;
  limit: number;
}

export async function listWebhooks(deps: WebhookDeps, accountId: string, q: WebhookListQuery): Promise<{ rows: WebhookView[]; total: number }> {
  const db = deps.store.db;
  let base = db.selectFrom('webhooks').where('account_id', '=', accountId);
  if (q.active !== null) base = base.where('active', '=', q.active ? 1 : 0);
  let page = base.selectAll();
  for (const k of q.orderBy) page = page.orderBy(k.field, k.direction);
  // A stable order across pages whatever the keys.
  if (!q.orderBy.some((k) => k.field === 'id')) page = page.orderBy('id', 'asc');
  const [rows, count] = await Promise.all([
    page.limit(q.limit).offset(q.offset).execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map((r) => webhookView(r, deps.sealer)), total: Number(count.n) };
}

export async function updateWebhook(deps: WebhookDeps, accountId: string, id: string, input: UpdateWebhookInput): Promise<WebhookView> {
  return deps.store.db.transaction().execute(async (trx) => {
    const row = await findWebhook(trx, accountId, id);
    if (!row) throw notFound('webhook', id);
    const now = nowInstant();
    const patch: Partial<WebhookTable> = { updated_at: now };
    if (input.url !== undefined) patch.url = input.url;
    if (input.headers !== undefined) patch.headers = deps.sealer.seal(JSON.stringify(input.headers));
    if (input.secret !== undefined) patch.secret = deps.sealer.seal(input.secret);
    if (input.active !== undefined) {
      patch.active = input.active ? 1 : 0;
      // Re-activated: from now on, not the events of the time it was off.
      if (input.active && row.active !== 1) patch.deliver_from = now;
    }
    if (input.triggers !== undefined || input.model !== undefined) {
      const previous = parseTriggers(row.triggers);
      const model = input.model !== undefined ? input.model : (previous.find((t) => modelTriggers.includes(t.trigger))?.model ?? null);
      patch.triggers = JSON.stringify(buildTriggers(input.triggers ?? previous.map((t) => t.trigger), model, previous));
    }
    await trx.updateTable('webhooks').set(patch).where('id', '=', id).where('account_id', '=', accountId).execute();
    // A new address, headers or secret (or a webhook turned on again): what waits for a retry is
    // tried at once rather than after its backoff, and a paused webhook (ownerless lease) resumes.
    const retryNow = input.url !== undefined || input.headers !== undefined || input.secret !== undefined || (input.active === true && row.active !== 1);
    if (retryNow) {
      await trx.updateTable('webhook_deliveries').set({ next_attempt_at: now }).where('webhook_id', '=', id).where('status', '=', 'PENDING').where('next_attempt_at', '>', now).execute();
      await trx.updateTable('webhooks').set({ lease_until: null }).where('id', '=', id).where('lease_owner', 'is', null).execute();
    }
    return webhookView({ ...row, ...patch }, deps.sealer);
  });
}

/** Deletes the webhook and its deliveries (pending ones are never sent). */
export async function deleteWebhook(deps: WebhookDeps, accountId: string, id: string): Promise<void> {
  const deleted = await deps.store.db.transaction().execute(async (trx) => {
    if (!(await findWebhook(trx, accountId, id))) return false;
    await trx.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
    await trx.deleteFrom('webhooks').where('id', '=', id).where('account_id', '=', accountId).execute();
    return true;
  });
  if (!deleted) throw notFound('webhook', id);
}

export function deliveryView(row: WebhookDeliveryTable): WebhookDeliveryView {
  let log: DeliveryAttempt[] = [];
  try {
    log = JSON.parse(row.log) as DeliveryAttempt[];
  } catch {
    // a hand-edited row: show no attempts rather than failing the listing
  }
  return {
    id: row.id,
    webhook_id: row.webhook_id,
    event_id: row.outbox_id,
    trigger: row.trigger,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    next_attempt_at: row.status === 'PENDING' ? row.next_attempt_at : null,
    delivered_at: row.delivered_at,
    last_status_code: row.last_status_code,
    last_error: row.last_error,
    created_at: row.created_at,
    updated_at: row.updated_at,
    attempt_log: log,
  };
}

/** A webhook's deliveries, newest event first. */
export async function listDeliveries(
  deps: WebhookDeps,
  accountId: string,
  webhookId: string,
  q: { status?: DeliveryStatus | undefined; offset: number; limit: number },
): Promise<{ rows: WebhookDeliveryView[]; total: number }> {
  const db = deps.store.db;
  if (!(await findWebhook(db, accountId, webhookId))) throw notFound('webhook', webhookId);
  let base = db.selectFrom('webhook_deliveries').where('webhook_id', '=', webhookId);
  if (q.status) base = base.where('status', '=', q.status);
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('outbox_id', 'desc').limit(q.limit).offset(q.offset).execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(deliveryView), total: Number(count.n) };
}
