import { sql, type Kysely } from 'kysely';

/**
 * Like 0010: the embedded queue looks jobs up by locked_by only as `locked_by = <worker>` (a
 * worker's heartbeat, release and stop), so queue_jobs_locked_by needs only locked jobs. Partial,
 * a new (unlocked) job no longer adds an entry to it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('queue_jobs_locked_by').ifExists().execute();
  await db.schema.createIndex('queue_jobs_locked_by').on('queue_jobs').column('locked_by').where(sql.ref('locked_by'), 'is not', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('queue_jobs_locked_by').ifExists().execute();
  await db.schema.createIndex('queue_jobs_locked_by').on('queue_jobs').column('locked_by').execute();
}
