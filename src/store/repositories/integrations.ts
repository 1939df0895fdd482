import type { Kysely } from 'kysely';
import { readCompiledOnce } from '../compiledOnce.ts';
import type { StoreReader } from '../db.ts';
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
  /** What the PMS said of the credentials when they were saved, if it was asked. */
  authCheck?: AuthCheck;
}

/** What a PMS said of an integration's credentials; stored as is (see migration 0015). */
export interface AuthCheck {
  canAuthenticate: boolean;
  checkedAt: string;
  /** JSON of the answer ({status, call, message}). */
  detail: string;
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
    can_authenticate: input.authCheck?.canAuthenticate ? 1 : 0,
    last_data_access_check: input.authCheck?.checkedAt ?? null,
    credentials_check: input.authCheck?.detail ?? null,
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

/** What accepting a write needs of its integration (none of it changes while the integration lives). */
export type IntegrationRef = Pick<IntegrationRow, 'id' | 'account_id' | 'vendor'>;

/**
 * Integrations looked up by accepted writes, kept for REF_TTL_MS: a burst of writes reads its
 * integration once, not once per write. A deletion in this process drops the entry at once; one in
 * another process is seen within REF_TTL_MS, and a write accepted meanwhile fails its insert on the
 * foreign key, which the write path answers as an unknown integration (writes/submit.ts). Keyed by
 * id (unique across stores): the account is checked on every hit.
 */
const refs = new Map<string, { ref: IntegrationRef; until: number }>();
const REF_TTL_MS = 5_000;
const MAX_REFS = 10_000;

/**
 * The integration of an accepted write, scoped to the account; committed data through the store's
 * prepared reader (not queued behind a group commit), its SQL compiled once.
 */
export async function integrationRef(store: StoreReader, accountId: string, id: string): Promise<IntegrationRef | undefined> {
  const now = Date.now();
  const hit = refs.get(id);
  if (hit && hit.until > now) return hit.ref.account_id === accountId ? hit.ref : undefined;
  const [ref] = await readCompiledOnce<IntegrationRef>(store, 'integration-ref', [id, accountId], (slot) =>
    store.readDb.selectFrom('integrations').select(['id', 'account_id', 'vendor']).where('id', '=', slot(0)).where('account_id', '=', slot(1)),
  );
  if (!ref) return undefined;
  if (refs.size >= MAX_REFS) refs.clear();
  refs.set(id, { ref, until: now + REF_TTL_MS });
  return ref;
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

/** The columns that record an AuthCheck, for an update's patch. */
export function authCheckColumns(check: AuthCheck): Pick<IntegrationRow, 'can_authenticate' | 'last_data_access_check' | 'credentials_check'> {
  return { can_authenticate: check.canAuthenticate ? 1 : 0, last_data_access_check: check.checkedAt, credentials_check: check.detail };
}

/** Deletes the integration and, through the foreign keys, every record synced from it. */
export async function deleteIntegration(db: Kysely<Database>, accountId: string, id: string): Promise<boolean> {
  refs.delete(id);
  const res = await db.deleteFrom('integrations').where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
