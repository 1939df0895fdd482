import fs from 'node:fs';
import type { Command } from 'commander';
import type { IntegrationView } from '../../integrations/schema.ts';
import type { Issue } from '../../api/errors.ts';
import { listAccounts } from '../../store/repositories/accounts.ts';
import { getIntegrationById, listIntegrations } from '../../store/repositories/integrations.ts';
import { resolveAccount } from '../accounts.ts';
import { CliError } from '../errors.ts';
import { printJson, printTable, type CliIo } from '../io.ts';
import { withRuntime } from '../runtime.ts';

/** Loaded on use, like the store: connectors and their schemas are not needed for `--help`. */
const service = () => import('../../integrations/service.ts');

/**
 * `--credentials` takes JSON, `@file` or `-` (stdin): the last two keep secrets out of the shell
 * history and the process list.
 */
function readCredentials(value: string): unknown {
  const text = value === '-' ? fs.readFileSync(0, 'utf8') : value.startsWith('@') ? readFile(value.slice(1)) : value;
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError('--credentials is not valid JSON. Example: --credentials \'{"subdomain":"acme","apiKey":"…"}\' (or @file.json, or - for stdin).');
  }
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`Cannot read the credentials file ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function summary(v: IntegrationView): string {
  return Object.entries(v.credentials_summary).map(([k, val]) => `${k}=${val}`).join(' ');
}

/** What the PMS last said of the credentials, in one line. */
function checkLine(v: IntegrationView): string {
  const c = v.credentials_check;
  if (c.status === 'unchecked') return 'never (no sync or check yet)';
  const what = c.status === 'ok' ? `${v.vendor} accepted them` : c.status === 'refused' ? `${v.vendor} refused them: ${c.message ?? ''}` : `${v.vendor} could not be reached: ${c.message ?? ''}`;
  return `${what} (${c.call ?? '?'}, ${c.checked_at ?? '?'})`;
}

function printOne(io: CliIo, v: IntegrationView): void {
  const rows: Array<[string, string]> = [
    ['id', v.id],
    ['name', v.name],
    ['vendor', v.vendor],
    ['account', v.customer_id],
    ['active', String(v.active)],
    ['sync', `every ${v.sync_frequency} ${v.sync_cadence.toLowerCase()}(s)`],
    ['credentials', summary(v)],
    ['checked', checkLine(v)],
    ['last sync', v.last_completed_sync ?? 'never'],
    ['created', v.created_at],
  ];
  for (const [k, val] of rows) io.out(`${k.padEnd(12)} ${val}`);
}

export function registerIntegrations(program: Command, io: CliIo): void {
  const integrations = program.command('integrations').description('Connect PMS accounts (create, list, show)');

  integrations
    .command('create')
    .description('Create an integration; the credentials are checked with the PMS (one call) and stored encrypted')
    .requiredOption('--vendor <vendor>', 'the PMS, e.g. ENTRATA')
    .requiredOption('--name <name>', 'a name for the integration')
    .requiredOption('--credentials <json|@file|->', 'credentials as JSON, e.g. \'{"subdomain":"acme","apiKey":"…","base_url":"http://127.0.0.1:4010"}\'')
    .option('--account <id>', 'account that owns it (default: the only account; "Default" is created on a fresh install)')
    .option('--active', 'turn scheduled syncs on now')
    .option('--json', 'print the integration as JSON')
    .action(async (opts: { vendor: string; name: string; credentials: string; account?: string; active?: boolean; json?: boolean }) => {
      const [{ createIntegration }, { createIntegrationBody }, { invalidRequest }] = await Promise.all([
        service(),
        import('../../integrations/schema.ts'),
        import('../../api/errors.ts'),
      ]);
      const parsed = createIntegrationBody.safeParse({
        integration_vendor: opts.vendor.toUpperCase(),
        name: opts.name,
        credentials: readCredentials(opts.credentials),
        ...(opts.active ? { active: true } : {}),
      });
      if (!parsed.success) {
        const issues = parsed.error.issues as unknown as Issue[];
        throw invalidRequest(`${issues[0]?.path.join('.') || 'input'}: ${issues[0]?.message ?? 'invalid'}`, issues);
      }
      return withRuntime(io, async ({ deps, store }) => {
        const account = await resolveAccount(store.db, opts.account);
        // The service asks the PMS first: a refusal throws (exit 1, naming the field), nothing is saved.
        const view = await createIntegration(deps, account.id, parsed.data);
        const check = view.credentials_check;
        if (check.status === 'unreachable') {
          io.err(`warning: the credentials could not be checked with ${view.vendor}: ${check.message ?? 'no answer'}.`);
          io.err('They were saved; the first sync will tell whether they work (can_authenticate stays false until the PMS takes them).');
        }
        if (opts.json) return printJson(io, view);
        io.out(`Created integration ${view.id} for account ${account.name} (${account.id}).`);
        printOne(io, view);
      });
    });

  integrations
    .command('list')
    .description('List integrations (never their credentials)')
    .option('--account <id>', 'only this account\'s integrations')
    .option('--json', 'print JSON')
    .action((opts: { account?: string; json?: boolean }) =>
      withRuntime(io, async ({ store }) => {
        const { integrationView } = await service();
        const accountIds = opts.account ? [opts.account] : (await listAccounts(store.db)).map((a) => a.id);
        const views: IntegrationView[] = [];
        for (const id of accountIds) views.push(...(await listIntegrations(store.db, id)).map(integrationView));
        if (opts.json) return printJson(io, views);
        printTable(
          io,
          ['ID', 'NAME', 'VENDOR', 'ACCOUNT', 'ACTIVE', 'LAST SYNC', 'AUTH', 'CREDENTIALS'],
          views.map((v) => [v.id, v.name, v.vendor, v.customer_id, String(v.active), v.last_completed_sync ?? 'never', v.credentials_check.status, summary(v)]),
        );
      }),
    );

  integrations
    .command('show')
    .description('Show one integration (never its credentials)')
    .argument('<id>', 'id of the integration (int_…)')
    .option('--json', 'print JSON')
    .action((id: string, opts: { json?: boolean }) =>
      withRuntime(io, async ({ store }) => {
        const row = await getIntegrationById(store.db, id);
        if (!row) throw new CliError(`No integration "${id}". List them with \`leasewire integrations list\`.`);
        const view = (await service()).integrationView(row);
        if (opts.json) return printJson(io, view);
        printOne(io, view);
      }),
    );
}
