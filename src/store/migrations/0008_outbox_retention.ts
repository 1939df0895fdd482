import type { Kysely } from 'kysely';

/**
 * The outbox (sync_outbox) got a row per changed record on every sync and kept it forever. Old
 * dispatched rows are now pruned (webhooks/dispatch.ts pruneOutbox), but only once no delivery
 * refers to them any more: this index answers "does a delivery still need this row?".
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('webhook_deliveries_outbox').on('webhook_deliveries').columns(['outbox_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('webhook_deliveries_outbox').ifExists().execute();
}
