import type { Kysely } from 'kysely';
import { createAccount, getAccount, listAccounts } from '../store/repositories/accounts.ts';
import type { AccountTable, Database } from '../store/schema.ts';
import { CliError } from './errors.ts';

/**
 * The account a command acts on: the one named by --account, else the only one there is (a fresh
 * install gets an account called "Default"). With several accounts the choice must be explicit.
 */
export async function resolveAccount(db: Kysely<Database>, accountId: string | undefined): Promise<AccountTable> {
  if (accountId) {
    const account = await getAccount(db, accountId);
    if (!account) throw new CliError(`No account "${accountId}". List accounts and their keys with \`leasewire keys list\`.`);
    return account;
  }
  const accounts = await listAccounts(db);
  if (accounts.length === 0) return createAccount(db, 'Default');
  if (accounts.length === 1 && accounts[0]) return accounts[0];
  const ids = accounts.map((a) => `${a.id} (${a.name})`).join(', ');
  throw new CliError(`There are several accounts (${ids}): choose one with --account <id>.`);
}
