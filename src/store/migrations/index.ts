import type { Kysely, Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_core.ts';
import * as m0003 from './0003_sync.ts';
import * as m0004 from './0004_jobs.ts';
import * as m0005 from './0005_application_lookup.ts';
import * as m0006 from './0006_owner_pages.ts';
import * as m0007 from './0007_webhooks.ts';
import * as m0008 from './0008_outbox_retention.ts';
import * as m0009 from './0009_write_log_status.ts';
import * as m0010 from './0010_queue_locked_index.ts';
import * as m0011 from './0011_queue_locked_by_index.ts';
import * as m0012 from './0012_record_core.ts';
import * as m0013 from './0013_api_rate_windows.ts';
import * as m0014 from './0014_write_claims.ts';
import * as m0015 from './0015_integration_auth_check.ts';
import * as m0016 from './0016_connector_cache.ts';

/**
 * Every migration, in order. Names sort by their number prefix; add a new file and list it here.
 * Migrations are written with Kysely's schema builder so that one file serves SQLite and PostgreSQL.
 */
const all: Record<string, { up(db: Kysely<unknown>): Promise<void>; down?(db: Kysely<unknown>): Promise<void> }> = {
  '0001_core': m0001,
  '0003_sync': m0003,
  '0004_jobs': m0004,
  '0005_application_lookup': m0005,
  '0006_owner_pages': m0006,
  '0007_webhooks': m0007,
  '0008_outbox_retention': m0008,
  '0009_write_log_status': m0009,
  '0010_queue_locked_index': m0010,
  '0011_queue_locked_by_index': m0011,
  '0012_record_core': m0012,
  '0013_api_rate_windows': m0013,
  '0014_write_claims': m0014,
  '0015_integration_auth_check': m0015,
  '0016_connector_cache': m0016,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return all;
  },
};
