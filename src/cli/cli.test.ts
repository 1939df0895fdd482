import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../sandbox/entrata/index.ts';
import { cliEnv, type CliEnv } from '../../test/cli/env.ts';
import { closedPortUrl } from '../../test/support/closedPort.ts';
import { runCli } from './program.ts';

let setup: CliEnv;
beforeAll(() => {
  setup = cliEnv();
});
afterAll(() => setup.cleanup());

/** Runs one command line in-process, as the `leasewire` binary would, and captures its output. */
async function cli(args: string[], env: NodeJS.ProcessEnv = setup.env) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { env, out: (s) => void out.push(s), err: (s) => void err.push(s) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const secret = 'ek_CLI_TOPSECRET_777';

describe('leasewire --version', () => {
  it('prints the version of package.json', async () => {
    const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const res = await cli([flag]);
      expect(res.code).toBe(0);
      expect(res.stdout.trim()).toBe(pkg.version);
    }
  });
});

describe('leasewire --help and usage errors', () => {
  it('shows help on every command with exit code 0', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    for (const c of ['serve', 'accounts', 'keys', 'integrations', 'migrate']) expect(top.stdout).toContain(c);
    for (const args of [['accounts', 'create', '--help'], ['accounts', 'list', '--help'], ['keys', 'create', '--help'], ['keys', 'list', '--help'], ['keys', 'revoke', '--help'], ['integrations', 'create', '--help'], ['integrations', 'show', '--help'], ['serve', '--help'], ['migrate', '--help']]) {
      const res = await cli(args);
      expect(res.code, args.join(' ')).toBe(0);
      expect(res.stdout).toMatch(/Usage: leasewire/);
    }
    expect((await cli(['keys', 'create', '--help'])).stdout).toContain('--name <name>');
  });

  it.each([
    [['bogus']],
    [['keys', 'create']],
    [['keys', 'create', '--name', 'x', '--colour', 'red']],
    [['keys', 'revoke']],
    [['serve', '--port', 'abc']],
    [['serve', '--port', '70000']],
    [['integrations', 'create', '--vendor', 'ENTRATA', '--name', 'x']],
  ])('answers bad usage %j with exit code 2 and a hint', async (args) => {
    const res = await cli(args);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/error: .+/);
  });
});

describe('leasewire keys', () => {
  let keyId: string;

  it('creates a key for a new "Default" account and shows it once, with a warning', async () => {
    const res = await cli(['keys', 'create', '--name', 'first']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/for account Default \(acc_/);
    expect(res.stdout).toMatch(/^\s+lw_[\w-]{20,}$/m);
    expect(res.stderr).toMatch(/not shown again/);
  });

  it('creates another on the same account and prints JSON with --json', async () => {
    const res = await cli(['keys', 'create', '--name', 'second', '--json']);
    expect(res.code).toBe(0);
    const body = JSON.parse(res.stdout);
    expect(body).toMatchObject({ name: 'second', account_name: 'Default' });
    expect(body.key).toMatch(/^lw_/);
    expect(body).not.toHaveProperty('key_hash');
    keyId = body.id;
  });

  it('lists keys by prefix, never the key itself', async () => {
    const res = await cli(['keys', 'list']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/first.*lw_.{7}….*active/);
    expect(res.stdout).not.toMatch(/lw_[\w-]{20,}/);
    const json = JSON.parse((await cli(['keys', 'list', '--json'])).stdout);
    expect(json.map((k: { name: string }) => k.name)).toEqual(['first', 'second']);
  });

  it('revokes a key once, then says there is no such active key', async () => {
    expect((await cli(['keys', 'revoke', keyId])).code).toBe(0);
    const again = await cli(['keys', 'revoke', keyId]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error: No active API key ".+" .*leasewire keys list/);
    expect((await cli(['keys', 'list'])).stdout).toMatch(/second.*revoked/);
  });

  it('refuses an unknown --account', async () => {
    const res = await cli(['keys', 'create', '--name', 'x', '--account', 'acc_nope']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/No account "acc_nope"/);
  });
});

describe('leasewire integrations', () => {
  let id: string;
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 5, size: 'small', quiet: true });
  });
  afterAll(() => sandbox.close());
  const sandboxCreds = () => ({ subdomain: sandbox.info.subdomain, apiKey: sandbox.info.apiKey, base_url: sandbox.url });

  it('refuses bad credentials, naming the field, without echoing a secret', async () => {
    const res = await cli(['integrations', 'create', '--vendor', 'ENTRATA', '--name', 'x', '--credentials', `{"apiKey":"${secret}"}`]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^error: credentials\.subdomain: .*ENTRATA credentials look like/);
    expect(res.stderr).not.toContain(secret);
    const notJson = await cli(['integrations', 'create', '--vendor', 'ENTRATA', '--name', 'x', '--credentials', '{nope']);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/--credentials is not valid JSON/);
    const vendor = await cli(['integrations', 'create', '--vendor', 'RESMAN', '--name', 'x', '--credentials', '{}']);
    expect(vendor.stderr).toMatch(/one of: ENTRATA/);
  });

  it('refuses credentials the PMS refuses, naming the one to fix, and saves nothing', async () => {
    const key = await cli(['integrations', 'create', '--vendor', 'ENTRATA', '--name', 'x', '--credentials', JSON.stringify({ ...sandboxCreds(), apiKey: secret })]);
    expect(key.code).toBe(1);
    expect(key.stderr).toMatch(/^error: credentials\.apiKey: Entrata refused this API key .*Invalid API key.*Nothing was saved/);
    expect(key.stderr).not.toContain(secret);
    const basic = { subdomain: sandbox.info.subdomain, username: sandbox.info.username, password: secret, base_url: sandbox.url };
    const pw = await cli(['integrations', 'create', '--vendor', 'ENTRATA', '--name', 'x', '--credentials', JSON.stringify(basic)]);
    expect(pw.code).toBe(1);
    // One line: the refusal names both fields once, without repeating itself per field.
    expect(pw.stderr).toMatch(/^error: credentials\.username, credentials\.password: Entrata refused this username and password[^;\n]*$/);
    expect((await cli(['integrations', 'list', '--json'])).stdout).toBe('[]');
  });

  it('creates one from a credentials file, checked with the PMS, and never prints the secret', async () => {
    const file = path.join(setup.dataDir, 'creds.json');
    fs.writeFileSync(file, JSON.stringify(sandboxCreds()));
    const res = await cli(['integrations', 'create', '--vendor', 'entrata', '--name', 'Sandbox', '--credentials', `@${file}`, '--json']);
    expect(res.code).toBe(0);
    expect(res.stdout).not.toContain(sandbox.info.apiKey);
    expect(res.stderr).toBe('');
    const view = JSON.parse(res.stdout);
    expect(view).toMatchObject({
      vendor: 'ENTRATA',
      name: 'Sandbox',
      credentials_summary: { subdomain: sandbox.info.subdomain, auth: 'apiKey', base_url: sandbox.url },
      can_authenticate: true,
      credentials_check: { status: 'ok', call: 'status/getStatus' },
    });
    id = view.id;
  });

  it('saves credentials it cannot check, with a warning', async () => {
    const creds = JSON.stringify({ companyId: 'acme', apiKey: secret, base_url: await closedPortUrl() });
    const res = await cli(['integrations', 'create', '--vendor', 'ENTRATA', '--name', 'Unreachable', '--credentials', creds]);
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/^warning: the credentials could not be checked with ENTRATA: Could not connect to Entrata .*ECONNREFUSED/);
    expect(res.stderr).toMatch(/They were saved; the first sync will tell/);
    expect(res.stdout).toMatch(/checked\s+ENTRATA could not be reached: /);
    expect(res.stdout + res.stderr).not.toContain(secret);
  });

  it('lists and shows integrations', async () => {
    const list = await cli(['integrations', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+Sandbox\\s+ENTRATA.*\\sok\\s`));
    expect(list.stdout).toMatch(/Unreachable\s+ENTRATA.*\sunreachable\s+companyId=acme/);
    expect(JSON.parse((await cli(['integrations', 'list', '--json'])).stdout)).toHaveLength(2);
    const show = await cli(['integrations', 'show', id]);
    expect(show.stdout).toMatch(/credentials\s+subdomain=\S+ auth=apiKey/);
    expect(show.stdout).toMatch(/checked\s+ENTRATA accepted them \(status\/getStatus, /);
    expect(JSON.parse((await cli(['integrations', 'show', id, '--json'])).stdout).id).toBe(id);
    const missing = await cli(['integrations', 'show', 'int_nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No integration "int_nope"/);
    for (const r of [list, show]) expect(r.stdout).not.toContain(secret);
  });
});

describe('leasewire migrate and start-up errors', () => {
  it('reports an up-to-date schema', async () => {
    const res = await cli(['migrate']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/schema is up to date/);
  });

  it('prints one line, without a stack, for a bad configuration', async () => {
    const res = await cli(['migrate'], { ...setup.env, PORT: 'abc' });
    expect(res.code).toBe(1);
    expect(res.stderr).toBe('error: Invalid configuration in the environment: PORT: must be a port number from 0 to 65535');
    const noKey = await cli(['keys', 'list'], { ...setup.env, DATABASE_URL: 'postgres://u@127.0.0.1/db', LEASEWIRE_SECRET_KEY: undefined });
    expect(noKey.stderr).toMatch(/^error: LEASEWIRE_SECRET_KEY is required when DATABASE_URL is set.*openssl rand -hex 32[^\n]*$/);
  });

  it('refuses a secret key other than the one the database was set up with', async () => {
    const res = await cli(['keys', 'list'], { ...setup.env, LEASEWIRE_SECRET_KEY: randomBytes(32).toString('hex') });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^error: LEASEWIRE_SECRET_KEY is not the key this database was set up with[^\n]*$/);
  });

  it('says what to do when PostgreSQL is unreachable', async () => {
    const env = { ...setup.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', LEASEWIRE_SECRET_KEY: 'ab'.repeat(32) };
    const res = await cli(['migrate'], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toBe('error: Cannot reach PostgreSQL at 127.0.0.1:1 (ECONNREFUSED): check DATABASE_URL and that the server is running.');
  });

  it('asks for --account when there are several accounts', async () => {
    const { openRuntime } = await import('../runtime/boot.ts');
    const { loadConfig } = await import('../config.ts');
    const { createAccount } = await import('../store/repositories/accounts.ts');
    const runtime = await openRuntime(loadConfig(setup.env));
    await createAccount(runtime.store.db, 'Second');
    await runtime.close();
    const res = await cli(['keys', 'create', '--name', 'x']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/several accounts .*Default.*Second.*--account <id>/);
  });
});

describe('leasewire accounts', () => {
  it('lists the accounts with their active keys and integrations', async () => {
    const res = await cli(['accounts', 'list']);
    expect(res.code).toBe(0);
    // Default: keys "first" (the other was revoked) and two integrations; Second: none.
    expect(res.stdout).toMatch(/^ID\s+NAME\s+CREATED\s+KEYS\s+INTEGRATIONS$/m);
    expect(res.stdout).toMatch(/acc_\S+\s+Default\s+\S+\s+1\s+2$/m);
    expect(res.stdout).toMatch(/acc_\S+\s+Second\s+\S+\s+0\s+0$/m);
  });

  it('creates an account a key can then be made for, and refuses a name taken or empty', async () => {
    const res = await cli(['accounts', 'create', '--name', 'Acme Leasing', '--json']);
    expect(res.code).toBe(0);
    const account = JSON.parse(res.stdout) as { id: string; name: string };
    expect(account).toMatchObject({ id: expect.stringMatching(/^acc_/), name: 'Acme Leasing' });
    const key = await cli(['keys', 'create', '--name', 'acme', '--account', account.id, '--json']);
    expect(JSON.parse(key.stdout)).toMatchObject({ account_id: account.id, account_name: 'Acme Leasing' });
    const plain = await cli(['accounts', 'create', '--name', 'Beta']);
    expect(plain.stdout).toMatch(/^Created account Beta \(acc_\S+\)\.$/);
    expect(plain.stderr).toMatch(/Next: leasewire keys create --account acc_\S+/);

    const taken = await cli(['accounts', 'create', '--name', 'acme leasing']);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toBe(`error: An account named "Acme Leasing" exists already (${account.id}): choose another name, or use that account with --account ${account.id}.`);
    const empty = await cli(['accounts', 'create', '--name', '  ']);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/--name is empty/);
    expect(JSON.parse((await cli(['accounts', 'list', '--json'])).stdout).map((a: { name: string }) => a.name)).toEqual(['Default', 'Second', 'Acme Leasing', 'Beta']);
  });
});
