import type { Command } from 'commander';
import { createAccount, listAccounts } from '../../store/repositories/accounts.ts';
import { CliError } from '../errors.ts';
import { printJson, printTable, type CliIo } from '../io.ts';
import { withRuntime } from '../runtime.ts';

/**
 * Accounts are the tenants of a Leasewire server: each has its own API keys, integrations and
 * data. A fresh install gets one, "Default", on first use; operators serving several customers
 * create one per customer.
 */
export function registerAccounts(program: Command, io: CliIo): void {
  const accounts = program.command('accounts').description('Create and list accounts (tenants: each has its own keys, integrations and data)');

  accounts
    .command('create')
    .description('Create an account; then give it a key with `leasewire keys create --account <id>`')
    .requiredOption('--name <name>', 'a name to tell the account apart, e.g. "Acme Leasing"')
    .option('--json', 'print the account as JSON')
    .action((opts: { name: string; json?: boolean }) =>
      withRuntime(io, async ({ store }) => {
        const name = opts.name.trim();
        if (!name) throw new CliError('--name is empty: give the account a name, e.g. --name "Acme Leasing".');
        if (name.length > 200) throw new CliError(`--name is ${name.length} characters long: keep it to 200.`);
        const same = (await listAccounts(store.db)).find((a) => a.name.toLowerCase() === name.toLowerCase());
        if (same) throw new CliError(`An account named "${same.name}" exists already (${same.id}): choose another name, or use that account with --account ${same.id}.`);
        const account = await createAccount(store.db, name);
        if (opts.json) return printJson(io, account);
        io.out(`Created account ${account.name} (${account.id}).`);
        io.err(`Next: leasewire keys create --account ${account.id} --name <key name>`);
      }),
    );

  accounts
    .command('list')
    .description('List accounts with how many active keys and integrations each has')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      withRuntime(io, async ({ store }) => {
        const db = store.db;
        const [list, keys, integrations] = await Promise.all([
          listAccounts(db),
          db.selectFrom('api_keys').select(['account_id', (eb) => eb.fn.countAll().as('n')]).where('revoked_at', 'is', null).groupBy('account_id').execute(),
          db.selectFrom('integrations').select(['account_id', (eb) => eb.fn.countAll().as('n')]).groupBy('account_id').execute(),
        ]);
        const count = (rows: Array<{ account_id: string; n: unknown }>, id: string) => Number(rows.find((r) => r.account_id === id)?.n ?? 0);
        const views = list.map((a) => ({ ...a, active_keys: count(keys, a.id), integrations: count(integrations, a.id) }));
        if (opts.json) return printJson(io, views);
        printTable(io, ['ID', 'NAME', 'CREATED', 'KEYS', 'INTEGRATIONS'], views.map((a) => [a.id, a.name, a.created_at, String(a.active_keys), String(a.integrations)]));
      }),
    );
}
