import { sql, type Kysely } from 'kysely';

/** Sync runs, per-model checkpoints, the change outbox and the shared outbound rate limiter. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sync_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('integration_id', 'text', (c) => c.notNull().references('integrations.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('is_first_sync', 'integer', (c) => c.notNull())
    .addColumn('models', 'text', (c) => c.notNull())
    .addColumn('progress', 'text', (c) => c.notNull())
    .addColumn('window_until', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('owner', 'text')
    .addColumn('heartbeat_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('sync_runs_integration').on('sync_runs').columns(['integration_id', 'created_at']).execute();
  // Never two live runs for one integration, whatever the number of processes.
  await db.schema
    .createIndex('sync_runs_one_live')
    .on('sync_runs')
    .column('integration_id')
    .unique()
    .where(sql.ref('state'), 'in', ['queued', 'running'])
    .execute();

  await db.schema
    .createTable('sync_checkpoints')
    .addColumn('integration_id', 'text', (c) => c.notNull().references('integrations.id').onDelete('cascade'))
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text')
    .addColumn('cursor', 'text')
    .addColumn('synced_until', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_checkpoints_pk', ['integration_id', 'model'])
    .execute();

  await db.schema
    .createTable('sync_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text')
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('model', 'text')
    .addColumn('record_id', 'text')
    .addColumn('property_id', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .execute();
  await db.schema.createIndex('sync_outbox_pending').on('sync_outbox').columns(['delivered_at', 'id']).execute();

  await db.schema
    .createTable('outbound_limits')
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('next_at', 'bigint', (c) => c.notNull())
    .addColumn('interval_ms', 'bigint', (c) => c.notNull())
    .addColumn('blocked_until', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('outbound_limits_pk', ['integration_id', 'service'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['outbound_limits', 'sync_outbox', 'sync_checkpoints', 'sync_runs']) await db.schema.dropTable(t).ifExists().execute();
}
