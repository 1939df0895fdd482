import type { Kysely } from 'kysely';

/**
 * Webhooks (Propexo §8): the subscriptions, and one delivery row per (webhook, outbox row) that
 * carries the delivery's state, attempts and last error. The outbox itself (0003) marks a row
 * dispatched in `delivered_at` once its deliveries exist.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('triggers', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('system', 'text', (c) => c.notNull())
    .addColumn('deliver_from', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhooks_account').on('webhooks').columns(['account_id', 'created_at']).execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('outbox_id', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('log', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .execute();
  // One delivery per event and webhook, whatever the number of dispatchers; also the listing's and
  // the sender's order (outbox ids are time-ordered).
  await db.schema.createIndex('webhook_deliveries_one').on('webhook_deliveries').columns(['webhook_id', 'outbox_id']).unique().execute();
  // A webhook's pending deliveries in event order: what the sender sends next, and whether anything is due.
  await db.schema.createIndex('webhook_deliveries_next').on('webhook_deliveries').columns(['webhook_id', 'status', 'outbox_id']).execute();
  await db.schema.createIndex('webhook_deliveries_age').on('webhook_deliveries').columns(['created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['webhook_deliveries', 'webhooks']) await db.schema.dropTable(t).ifExists().execute();
}
