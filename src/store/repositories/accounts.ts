import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { newId } from '../../lib/ids.ts';
import { nowInstant } from '../../lib/time.ts';
import type { AccountTable, ApiKeyTable, Database } from '../schema.ts';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export async function createAccount(db: Kysely<Database>, name: string): Promise<AccountTable> {
  const account = { id: newId('acc_'), name, created_at: nowInstant() };
  await db.insertInto('accounts').values(account).execute();
  return account;
}

export async function getAccount(db: Kysely<Database>, id: string): Promise<AccountTable | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listAccounts(db: Kysely<Database>): Promise<AccountTable[]> {
  return db.selectFrom('accounts').selectAll().orderBy('created_at').execute();
}

export type ApiKeyInfo = Omit<ApiKeyTable, 'key_hash'>;

/** Creates a key; the returned secret is shown once and never stored (only its hash is). */
export async function createApiKey(
  db: Kysely<Database>,
  accountId: string,
  name: string,
): Promise<{ key: string; info: ApiKeyInfo }> {
  const key = `lw_${randomBytes(24).toString('base64url')}`;
  const row: ApiKeyTable = {
    id: newId('key_'),
    account_id: accountId,
    name,
    prefix: key.slice(0, 10),
    key_hash: hashApiKey(key),
    created_at: nowInstant(),
    last_used_at: null,
    revoked_at: null,
  };
  await db.insertInto('api_keys').values(row).execute();
  const { key_hash: _hash, ...info } = row;
  return { key, info };
}

export async function findActiveKey(
  db: Kysely<Database>,
  keyHash: string,
): Promise<{ id: string; account_id: string } | undefined> {
  return db
    .selectFrom('api_keys')
    .select(['id', 'account_id'])
    .where('key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function listApiKeys(db: Kysely<Database>, accountId?: string): Promise<ApiKeyInfo[]> {
  let q = db
    .selectFrom('api_keys')
    .select(['id', 'account_id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .orderBy('created_at');
  if (accountId) q = q.where('account_id', '=', accountId);
  return q.execute();
}

/** Returns false when no such active key exists. */
export async function revokeApiKey(db: Kysely<Database>, keyId: string): Promise<boolean> {
  const res = await db
    .updateTable('api_keys')
    .set({ revoked_at: nowInstant() })
    .where('id', '=', keyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function touchApiKey(db: Kysely<Database>, keyId: string, at: string): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', keyId).execute();
}
