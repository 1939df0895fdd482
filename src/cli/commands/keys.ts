import type { Command } from 'commander';
import { createApiKey, listAccounts, listApiKeys, revokeApiKey } from '../../store/repositories/accounts.ts';
import { resolveAccount } from '../accounts.ts';
import { CliError } from '../errors.ts';
import { printJson, printTable, type CliIo } from '../io.ts';
import { withRuntime } from '../runtime.ts';

export function registerKeys(program: Command, io: CliIo): void {
  const keys = program.command('keys').description('Create, list and revoke API keys');

  keys
    .command('create')
    .description('Create an API key (shown once: only its hash is stored)')
    .requiredOption('--name <name>', 'a name to tell the key apart, e.g. "crm-production"')
    .option('--account <id>', 'account the key belongs to (default: the only account; "Default" is created on a fresh install)')
    .option('--json', 'print the key and its details as JSON')
    .action((opts: { name: string; account?: string; json?: boolean }) =>
      withRuntime(io, async ({ store }) => {
        const account = await resolveAccount(store.db, opts.account);
        const { key, info } = await createApiKey(store.db, account.id, opts.name);
        if (opts.json) return printJson(io, { key, ...info, account_name: account.name });
        io.out(`Created API key "${info.name}" (${info.id}) for account ${account.name} (${account.id}):`);
        io.out(`\n  ${key}\n`);
        io.err('Store it now: it is not shown again (only its hash is kept). Send it as "Authorization: Bearer <key>".');
      }),
    );

  keys
    .command('list')
    .description('List API keys (their prefixes, never the keys)')
    .option('--account <id>', 'only the keys of this account')
    .option('--json', 'print JSON')
    .action((opts: { account?: string; json?: boolean }) =>
      withRuntime(io, async ({ store }) => {
        const list = await listApiKeys(store.db, opts.account);
        if (opts.json) return printJson(io, list);
        const names = new Map((await listAccounts(store.db)).map((a) => [a.id, a.name]));
        printTable(
          io,
          ['ID', 'NAME', 'ACCOUNT', 'PREFIX', 'CREATED', 'LAST USED', 'STATUS'],
          list.map((k) => [k.id, k.name, `${names.get(k.account_id) ?? '?'} (${k.account_id})`, `${k.prefix}…`, k.created_at, k.last_used_at, k.revoked_at ? `revoked ${k.revoked_at}` : 'active']),
        );
      }),
    );

  keys
    .command('revoke')
    .description('Revoke an API key; running servers refuse it within 30 seconds')
    .argument('<key_id>', 'id of the key (key_…), from `leasewire keys list`')
    .action((keyId: string) =>
      withRuntime(io, async ({ store }) => {
        if (!(await revokeApiKey(store.db, keyId))) {
          throw new CliError(`No active API key "${keyId}" (it may be revoked already). List keys with \`leasewire keys list\`.`);
        }
        io.out(`Revoked API key ${keyId}.`);
      }),
    );
}
