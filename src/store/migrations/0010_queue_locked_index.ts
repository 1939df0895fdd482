import { sql, type Kysely } from 'kysely';

/**
 * The embedded queue's named-queue check (sqliteQueue.ts claim: "no other job of this queue is
 * locked") looks only at locked jobs, but queue_jobs_queue indexed every job by its queue name. Job
 * names are spread over every PMS application, so each accepted write landed on a random leaf of
 * that index: a group commit of 30 writes dirtied some 30 index pages, and the WAL and its
 * checkpoints carried them all, more than half of an accept's database cost. Partial, on locked
 * jobs only (a handful: the running ones), a new job never touches it. SQLite and PostgreSQL both
 * use a partial index for a query whose WHERE compares locked_at (which implies IS NOT NULL).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('queue_jobs_queue').ifExists().execute();
  await db.schema
    .createIndex('queue_jobs_queue')
    .on('queue_jobs')
    .columns(['queue_name', 'locked_at'])
    .where(sql.ref('locked_at'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('queue_jobs_queue').ifExists().execute();
  await db.schema.createIndex('queue_jobs_queue').on('queue_jobs').columns(['queue_name', 'locked_at']).execute();
}
