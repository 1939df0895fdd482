import { sql, SqliteAdapter, type Kysely } from 'kysely';

/**
 * "The events of this lead" (GET /v1/events/?lead_id=…) is the hottest list query. Through
 * record_links it costs one random lookup per event; an event has one lead, so the lead is kept in
 * a column of the event (models.ts `owner`) and one index answers the page in created_at order.
 *
 * SQLite: the index also carries every served column, so the page is read from a few adjacent index
 * pages without touching the table (a covering index; it roughly doubles the space events take).
 * PostgreSQL: a plain index; an event's data can outgrow an index entry there.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema.alterTable('events').addColumn('lead_id', 'text').execute();
  await sql`UPDATE events SET lead_id = l.target FROM record_links l
    WHERE l.model = 'events' AND l.rel = 'lead' AND l.record_id = events.id`.execute(db);
  const served = ['updated_at', 'last_seen', 'x_id', 'x_property_id', 'integration_id', 'integration_vendor', 'property_id', 'data'];
  await db.schema
    .createIndex('events_account_lead')
    .on('events')
    .columns(['account_id', 'lead_id', 'created_at', 'id', ...(sqlite ? served : [])])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('events_account_lead').ifExists().execute();
  await db.schema.alterTable('events').dropColumn('lead_id').execute();
}
