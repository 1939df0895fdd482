import type { Kysely, Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_core.ts';

/**
 * Every migration, in order. Names sort by their number prefix; add a new file and list it here.
 * Migrations are written with Kysely's schema builder so that one file serves SQLite and PostgreSQL.
 */
const all: Record<string, { up(db: Kysely<unknown>): Promise<void>; down?(db: Kysely<unknown>): Promise<void> }> = {
  '0001_core': m0001,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return all;
  },
};
