import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, type CliEnv } from '../../test/cli/env.ts';
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

describe('leasewire --help and usage errors', () => {
  it('shows help on every command with exit code 0', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    for (const c of ['serve', 'keys', 'integrations', 'migrate']) expect(top.stdout).toContain(c);
    for (const args of [['keys', 'create', '--help'], ['keys', 'list', '--help'], ['keys', 'revoke', '--help'], ['integrations', 'create', '--help'], ['integrations', 'show', '--help'], ['serve', '--help'], ['migrate', '--help']]) {
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

  it('creates one from a credentials file and never prints the secret', async () => {
    const file = path.join(setup.dataDir, 'creds.json');
    fs.writeFileSync(file, JSON.stringify({ subdomain: 'acme', apiKey: secret, base_url: 'http://127.0.0.1:4010' }));
    const res = await cli(['integrations', 'create', '--vendor', 'entrata', '--name', 'Sandbox', '--credentials', `@${file}`, '--json']);
    expect(res.code).toBe(0);
    expect(res.stdout).not.toContain(secret);
    const view = JSON.parse(res.stdout);
    expect(view).toMatchObject({ vendor: 'ENTRATA', name: 'Sandbox', credentials_summary: { subdomain: 'acme', auth: 'apiKey', base_url: 'http://127.0.0.1:4010' } });
    id = view.id;
  });

  it('lists and shows integrations', async () => {
    const list = await cli(['integrations', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+Sandbox\\s+ENTRATA`));
    expect(JSON.parse((await cli(['integrations', 'list', '--json'])).stdout)).toHaveLength(1);
    const show = await cli(['integrations', 'show', id]);
    expect(show.stdout).toMatch(/credentials\s+subdomain=acme auth=apiKey/);
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
