import type { Kysely } from 'kysely';
import { readCompiledOnce } from '../compiledOnce.ts';
import type { Store } from '../db.ts';
import { newId } from '../../lib/ids.ts';
import { nowInstant } from '../../lib/time.ts';
import type { Database, IntegrationTable } from '../schema.ts';

export type IntegrationRow = IntegrationTable;

export interface NewIntegration {
  account_id: string;
  vendor: string;
  name: string;
  /** Already sealed (see lib/crypto.ts): this layer never sees plaintext credentials. */
  credentials: string;
  settings: Record<string, unknown>;
  sync_frequency: number;
  sync_cadence: string;
  active: boolean;
}

export async function insertIntegration(db: Kysely<Database>, input: NewIntegration): Promise<IntegrationRow> {
  const now = nowInstant();
  const row: IntegrationRow = {
    id: newId('int_'),
    account_id: input.account_id,
    vendor: input.vendor,
    name: input.name,
    credentials: input.credentials,
    settings: JSON.stringify(input.settings),
    sync_frequency: input.sync_frequency,
    sync_cadence: input.sync_cadence,
    active: input.active ? 1 : 0,
    archived: 0,
    created_at: now,
    updated_at: now,
    last_completed_sync: null,
    last_completed_back_sync: null,
  };
  await db.insertInto('integrations').values(row).execute();
  return row;
}

/** Scoped to an account: another account's integration is simply not found. */
export async function getIntegration(
  db: Kysely<Database>,
  accountId: string,
  id: string,
): Promise<IntegrationRow | undefined> {
  return db
    .selectFrom('integrations')
    .selectAll()
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

/**
 * getIntegration for a hot path (a write being accepted): committed data through the store's
 * prepared reader, so it does not queue behind the group commit on SQLite, with its SQL compiled once.
 */
export async function readIntegration(store: Pick<Store, 'readDb' | 'read'>, accountId: string, id: string): Promise<IntegrationRow | undefined> {
  const rows = await readCompiledOnce<IntegrationRow>(store, 'integration-by-account', [id, accountId], (slot) =>
    store.readDb.selectFrom('integrations').selectAll().where('id', '=', slot(0)).where('account_id', '=', slot(1)),
  );
  return rows[0];
}

/** For workers, which act on an integration id taken from a job they were given. */
export async function getIntegrationById(db: Kysely<Database>, id: string): Promise<IntegrationRow | undefined> {
  return db.selectFrom('integrations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listIntegrations(
  db: Kysely<Database>,
  accountId: string,
  filters: { vendor?: string | undefined; archived?: boolean | undefined } = {},
): Promise<IntegrationRow[]> {
  let q = db.selectFrom('integrations').selectAll().where('account_id', '=', accountId);
  if (filters.vendor) q = q.where('vendor', '=', filters.vendor);
  if (filters.archived !== undefined) q = q.where('archived', '=', filters.archived ? 1 : 0);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

export async function updateIntegration(
  db: Kysely<Database>,
  accountId: string,
  id: string,
  patch: Partial<Omit<IntegrationRow, 'id' | 'account_id' | 'created_at'>>,
): Promise<IntegrationRow | undefined> {
  await db
    .updateTable('integrations')
    .set({ ...patch, updated_at: nowInstant() })
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .execute();
  return getIntegration(db, accountId, id);
}

/** Deletes the integration and, through the foreign keys, every record synced from it. */
export async function deleteIntegration(db: Kysely<Database>, accountId: string, id: string): Promise<boolean> {
  const res = await db.deleteFrom('integrations').where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
