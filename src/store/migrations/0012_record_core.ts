import { sql, SqliteAdapter, type Kysely } from 'kysely';

/**
 * A served record is its core fields (id, times, PMS ids, integration, property) as JSON followed
 * by its data. Reading the core fields as nine columns made a JavaScript string of each one and
 * re-quoted them on every read: for a page of 20 events that was half the read's cost (SQLite: 77–88
 * µs against 41 µs with the core kept as one JSON text; PostgreSQL's driver pays per column too).
 * `core` is that text, `{"id":…,"property_id":…` without the closing brace (records.ts coreJson);
 * syncs keep it in step with the columns, which stay for filtering and sorting.
 *
 * SQLite: the covering index of a lead's events carries core and data instead of the nine columns.
 * Backfilling rewrites every record row (on 1M events: about 8 s for the rows and 8 s for the index).
 */
/** The record tables as of this migration (a model added later creates its table with core). */
const recordTables = ['properties', 'units', 'employees', 'lead_sources', 'event_types', 'event_sub_types', 'event_results', 'leads', 'applicants', 'residents', 'events'];

export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  // JSON of a text value, null included: json_quote on SQLite, to_json on PostgreSQL.
  const q = (column: string) => (sqlite ? sql`json_quote(${sql.ref(column)})` : sql`coalesce(to_json(${sql.ref(column)})::text, 'null')`);
  for (const model of recordTables) {
    await db.schema.alterTable(model).addColumn('core', 'text').execute();
    await sql`UPDATE ${sql.table(model)} SET core = '{"id":' || ${q('id')} || ',"created_at":' || ${q('created_at')}
      || ',"updated_at":' || ${q('updated_at')} || ',"last_seen":' || ${q('last_seen')} || ',"x_id":' || ${q('x_id')}
      || ',"x_property_id":' || ${q('x_property_id')} || ',"integration_id":' || ${q('integration_id')}
      || ',"integration_vendor":' || ${q('integration_vendor')} || ',"property_id":' || ${q('property_id')}`.execute(db);
  }
  if (sqlite) {
    await db.schema.dropIndex('events_account_lead').execute();
    await db.schema.createIndex('events_account_lead').on('events').columns(['account_id', 'lead_id', 'created_at', 'id', 'core', 'data']).execute();
  } else {
    // A rolling upgrade runs older processes on this schema for a while: a record they insert
    // without core is refused (their sync fails and runs again on a new worker) rather than served
    // as broken JSON. A record they rewrite keeps its old core (its updated_at there) until it
    // changes again. SQLite files are used by one version at a time.
    for (const model of recordTables) await db.schema.alterTable(model).alterColumn('core', (c) => c.setNotNull()).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  if (sqlite) {
    const served = ['updated_at', 'last_seen', 'x_id', 'x_property_id', 'integration_id', 'integration_vendor', 'property_id', 'data'];
    await db.schema.dropIndex('events_account_lead').execute();
    await db.schema.createIndex('events_account_lead').on('events').columns(['account_id', 'lead_id', 'created_at', 'id', ...served]).execute();
  }
  for (const model of recordTables) await db.schema.alterTable(model).dropColumn('core').execute();
}
