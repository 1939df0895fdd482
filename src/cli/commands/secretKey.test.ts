import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore, storageMode, testDatabaseUrl, type TestStore } from '../../../test/support/store.ts';
import { decodeSecretKey } from '../../config.ts';
import { Sealer } from '../../lib/crypto.ts';
import { verifySecretKey } from '../../runtime/secretKey.ts';
import { createAccount } from '../../store/repositories/accounts.ts';
import { insertIntegration } from '../../store/repositories/integrations.ts';
import { createWebhook } from '../../webhooks/service.ts';
import { runCli } from '../program.ts';

// `leasewire secret-key rotate` through the CLI entry, on a store of the suite's mode: SQLite with
// the key file of embedded mode, or PostgreSQL with LEASEWIRE_SECRET_KEY as in production.

const plaintexts = ['ek_ROTATE_TOPSECRET_1', 'ek_ROTATE_TOPSECRET_2', 'whsec_rotate_topsecret_1', 'whsec_rotate_topsecret_2', 'hdr-topsecret-1', 'hdr-topsecret-2'];

interface Deployment {
  store: TestStore;
  env: NodeJS.ProcessEnv;
  dataDir: string;
  /** Where the tests put new key files (outside the data dir). */
  keysDir: string;
  keyA: Buffer;
  ids: { integrations: string[]; webhooks: string[] };
}

const deployments: Deployment[] = [];
afterEach(async () => {
  for (const d of deployments.splice(0)) {
    await d.store.cleanup();
    fs.rmSync(d.keysDir, { recursive: true, force: true });
    fs.rmSync(d.dataDir, { recursive: true, force: true });
  }
});

/**
 * A migrated store whose 2 integrations and 2 webhooks are sealed with key A, and the environment
 * of a `leasewire` process on it. SQLite: A is in the data dir's key file unless envKey.
 */
async function deployment(options: { envKey?: boolean } = {}): Promise<Deployment> {
  const store = await openTestStore();
  const keyA = randomBytes(32);
  const sealer = new Sealer(keyA);
  const dataDir = store.sqlitePath ? path.dirname(store.sqlitePath) : fs.mkdtempSync(path.join(os.tmpdir(), 'leasewire-rotate-data-'));
  const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leasewire-rotate-keys-'));
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LEASEWIRE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  if (store.databaseUrl) Object.assign(env, { DATABASE_URL: store.databaseUrl, LEASEWIRE_PG_SCHEMA: store.pgSchema, LEASEWIRE_SECRET_KEY: keyA.toString('hex') });
  else if (options.envKey) env.LEASEWIRE_SECRET_KEY = keyA.toString('base64');
  else fs.writeFileSync(path.join(dataDir, 'secret.key'), `${keyA.toString('hex')}\n`, { mode: 0o600 });

  await verifySecretKey(store.db, sealer);
  const account = await createAccount(store.db, 'Rotate');
  const ids = { integrations: [] as string[], webhooks: [] as string[] };
  for (const n of [1, 2]) {
    const integration = await insertIntegration(store.db, {
      account_id: account.id,
      vendor: 'ENTRATA',
      name: `Entrata ${n}`,
      credentials: sealer.seal(JSON.stringify({ subdomain: 'acme', apiKey: `ek_ROTATE_TOPSECRET_${n}` })),
      settings: {},
      sync_frequency: 12,
      sync_cadence: 'HOUR',
      active: true,
    });
    ids.integrations.push(integration.id);
    const webhook = await createWebhook({ store, sealer }, account.id, {
      url: `https://receiver.example/${n}`,
      triggers: ['DATA_NEW'],
      secret: `whsec_rotate_topsecret_${n}`,
      headers: [{ header: 'Authorization', value: `hdr-topsecret-${n}` }],
    });
    ids.webhooks.push(webhook.id);
  }
  const d = { store, env, dataDir, keysDir, keyA, ids };
  deployments.push(d);
  return d;
}

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { env, out: (s) => void out.push(s), err: (s) => void err.push(s) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** Every sealed value and the stored fingerprint, as stored. */
async function snapshot(store: TestStore) {
  const integrations = await store.db.selectFrom('integrations').select(['id', 'credentials']).orderBy('id').execute();
  const webhooks = await store.db.selectFrom('webhooks').select(['id', 'secret', 'headers']).orderBy('id').execute();
  const fingerprint = (await store.db.selectFrom('kv').select('value').where('key', '=', 'secret_key_fingerprint').executeTakeFirstOrThrow()).value;
  return { integrations, webhooks, sealed: [...integrations.map((r) => r.credentials), ...webhooks.flatMap((r) => [r.secret, r.headers])], fingerprint };
}

function opens(sealer: Sealer, sealed: string): boolean {
  try {
    sealer.open(sealed);
    return true;
  } catch {
    return false;
  }
}

function writeKey(d: Deployment, key: Buffer, name = 'new.key'): string {
  const file = path.join(d.keysDir, name);
  fs.writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600 });
  return file;
}

function expectNoSecretsIn(text: string, keys: Buffer[]): void {
  for (const p of plaintexts) expect(text).not.toContain(p);
  for (const k of keys) {
    expect(text).not.toContain(k.toString('hex'));
    expect(text).not.toContain(k.toString('base64'));
  }
}

const tempFilesIn = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe(`leasewire secret-key rotate (${storageMode})`, () => {
  it('is listed in --help and needs --new-key-file', async () => {
    const top = await cli(['--help'], {});
    expect(top.stdout).toMatch(/^\s+secret-key\b/m);
    const help = await cli(['secret-key', 'rotate', '--help'], {});
    expect(help.code).toBe(0);
    for (const o of ['--new-key-file <path>', '--generate', '--dry-run', '--json']) expect(help.stdout).toContain(o);
    const usage = await cli(['secret-key', 'rotate'], {});
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--new-key-file/);
  });

  it('re-seals 2 integrations and 2 webhooks with the new key and moves the fingerprint, in both modes', async () => {
    const d = await deployment();
    const keyB = randomBytes(32);
    const [a, b] = [new Sealer(d.keyA), new Sealer(keyB)];
    const before = await snapshot(d.store);

    const res = await cli(['secret-key', 'rotate', '--new-key-file', writeKey(d, keyB), '--json'], d.env);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ dry_run: false, integrations: 2, webhooks: 2, key_file_replaced: !testDatabaseUrl });
    expectNoSecretsIn(res.stdout + res.stderr, [d.keyA, keyB]);

    const after = await snapshot(d.store);
    expect(after.sealed).toHaveLength(6);
    for (const [i, sealed] of after.sealed.entries()) {
      expect(opens(b, sealed)).toBe(true);
      expect(opens(a, sealed)).toBe(false);
      expect(b.open(sealed)).toBe(a.open(before.sealed[i] ?? ''));
    }
    expect(after.fingerprint).toBe(b.fingerprint());
    await expect(verifySecretKey(d.store.db, a)).rejects.toThrow(/not the key this database was set up with/);
    await expect(verifySecretKey(d.store.db, b)).resolves.toBeUndefined();

    if (testDatabaseUrl) {
      expect(res.stderr).toMatch(/Restart every process .*LEASEWIRE_SECRET_KEY set to the new key/);
      // A process started with the new key works; one still on the old key refuses to start.
      expect((await cli(['keys', 'list'], { ...d.env, LEASEWIRE_SECRET_KEY: keyB.toString('hex') })).code).toBe(0);
      const old = await cli(['keys', 'list'], d.env);
      expect(old.code).toBe(1);
      expect(old.stderr).toMatch(/not the key this database was set up with/);
    }
  });

  it.skipIf(testDatabaseUrl)('embedded mode: replaces the key file in the data dir (mode 600), so the next start uses the new key', async () => {
    const d = await deployment();
    const keyB = randomBytes(32);
    const res = await cli(['secret-key', 'rotate', '--new-key-file', writeKey(d, keyB)], d.env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/Re-sealed the credentials of 2 integration\(s\) and the secret and headers of 2 webhook\(s\)/);
    expect(res.stderr).toMatch(/secret\.key now holds the new key\. Restart any leasewire process/);
    const keyFile = path.join(d.dataDir, 'secret.key');
    expect(decodeSecretKey(fs.readFileSync(keyFile, 'utf8'))?.equals(keyB)).toBe(true);
    if (process.platform !== 'win32') expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(tempFilesIn(d.dataDir)).toEqual([]);
    expectNoSecretsIn(res.stdout + res.stderr, [d.keyA, keyB]);
    // What `leasewire start` does first: open the store with the key file and check it.
    expect((await cli(['keys', 'list'], d.env)).code).toBe(0);
  });

  it.skipIf(testDatabaseUrl)('embedded mode with LEASEWIRE_SECRET_KEY: leaves the data dir alone and says to change the variable', async () => {
    const d = await deployment({ envKey: true });
    const keyB = randomBytes(32);
    const res = await cli(['secret-key', 'rotate', '--new-key-file', writeKey(d, keyB)], d.env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/LEASEWIRE_SECRET_KEY set to the new key/);
    expect(fs.existsSync(path.join(d.dataDir, 'secret.key'))).toBe(false);
    expect((await snapshot(d.store)).fingerprint).toBe(new Sealer(keyB).fingerprint());
  });

  it('fails and changes nothing when a value was sealed with a third key, naming the rows but not the values', async () => {
    const d = await deployment();
    const c = new Sealer(randomBytes(32));
    const [badIntegration, badWebhook] = [d.ids.integrations[1] ?? '', d.ids.webhooks[0] ?? ''];
    await d.store.db.updateTable('integrations').set({ credentials: c.seal('{"apiKey":"ek_ROTATE_TOPSECRET_2"}') }).where('id', '=', badIntegration).execute();
    await d.store.db.updateTable('webhooks').set({ headers: c.seal('[]') }).where('id', '=', badWebhook).execute();
    const before = await snapshot(d.store);
    const keyFileBefore = testDatabaseUrl ? undefined : fs.readFileSync(path.join(d.dataDir, 'secret.key'), 'utf8');
    const newKeyFile = path.join(d.keysDir, 'generated.key');

    const res = await cli(['secret-key', 'rotate', '--generate', '--new-key-file', newKeyFile], d.env);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^error: 2 stored value\(s\) cannot be opened with the current key, so nothing was changed/);
    expect(res.stderr).toContain(`integrations ${badIntegration} (credentials)`);
    expect(res.stderr).toContain(`webhooks ${badWebhook} (headers)`);
    expect(res.stderr).not.toContain(d.ids.integrations[0]);
    expect(res.stderr).toMatch(/PUT \/v1\/webhooks\/\{id\}/);
    expectNoSecretsIn(res.stdout + res.stderr, [d.keyA]);

    expect(await snapshot(d.store)).toEqual(before);
    expect(before.fingerprint).toBe(new Sealer(d.keyA).fingerprint());
    // The generated key was never used: it is not left behind.
    expect(fs.existsSync(newKeyFile)).toBe(false);
    if (keyFileBefore !== undefined) {
      expect(fs.readFileSync(path.join(d.dataDir, 'secret.key'), 'utf8')).toBe(keyFileBefore);
      expect(tempFilesIn(d.dataDir)).toEqual([]);
    }
  });

  it('--dry-run opens every value and counts, changing nothing', async () => {
    const d = await deployment();
    const before = await snapshot(d.store);
    const keyFileBefore = testDatabaseUrl ? undefined : fs.readFileSync(path.join(d.dataDir, 'secret.key'), 'utf8');
    const keyFile = writeKey(d, randomBytes(32));

    const res = await cli(['secret-key', 'rotate', '--new-key-file', keyFile, '--dry-run'], d.env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/Dry run: the credentials of 2 integration\(s\) and the secret and headers of 2 webhook\(s\) open with the current key\. Nothing was changed\./);
    expect(JSON.parse((await cli(['secret-key', 'rotate', '--new-key-file', keyFile, '--dry-run', '--json'], d.env)).stdout)).toMatchObject({ dry_run: true, integrations: 2, webhooks: 2 });
    expect(await snapshot(d.store)).toEqual(before);
    if (keyFileBefore !== undefined) expect(fs.readFileSync(path.join(d.dataDir, 'secret.key'), 'utf8')).toBe(keyFileBefore);

    // With --generate, a dry run writes no key file either.
    const generated = path.join(d.keysDir, 'not-yet.key');
    expect((await cli(['secret-key', 'rotate', '--generate', '--new-key-file', generated, '--dry-run'], d.env)).code).toBe(0);
    expect(fs.existsSync(generated)).toBe(false);
  });

  it('--generate writes a new key file (mode 600) and rotates to it', async () => {
    const d = await deployment();
    const file = path.join(d.keysDir, 'generated.key');
    const res = await cli(['secret-key', 'rotate', '--generate', '--new-key-file', file, '--json'], d.env);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ generated: true, integrations: 2, webhooks: 2 });
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const key = decodeSecretKey(fs.readFileSync(file, 'utf8'));
    expect(key).not.toBeNull();
    expect((await snapshot(d.store)).fingerprint).toBe(new Sealer(key ?? Buffer.alloc(32)).fingerprint());
    expectNoSecretsIn(res.stdout + res.stderr, [d.keyA, key ?? Buffer.alloc(0)]);
  });

  it('--generate refuses an existing file and changes nothing', async () => {
    const d = await deployment();
    const before = await snapshot(d.store);
    const file = path.join(d.keysDir, 'existing.key');
    fs.writeFileSync(file, 'keep me\n');
    const res = await cli(['secret-key', 'rotate', '--generate', '--new-key-file', file], d.env);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^error: .*existing\.key already exists and --generate never overwrites a file\. Give a new file name/);
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me\n');
    expect(await snapshot(d.store)).toEqual(before);
  });

  it('refuses a missing or malformed key file, and the key already in use, saying what to do', async () => {
    const d = await deployment();
    const before = await snapshot(d.store);
    const missing = await cli(['secret-key', 'rotate', '--new-key-file', path.join(d.keysDir, 'nope.key')], d.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: Cannot read the new key file .*nope\.key .*openssl rand -hex 32.*or add --generate/);
    const bad = path.join(d.keysDir, 'bad.key');
    fs.writeFileSync(bad, 'not a key\n', { mode: 0o600 });
    const malformed = await cli(['secret-key', 'rotate', '--new-key-file', bad], d.env);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/^error: .*bad\.key does not hold a 32-byte key: it must contain 64 hex characters or base64 of 32 bytes/);
    const same = await cli(['secret-key', 'rotate', '--new-key-file', writeKey(d, d.keyA, 'same.key')], d.env);
    expect(same.code).toBe(1);
    expect(same.stderr).toMatch(/^error: The key in .*same\.key is the one in use now: nothing to rotate/);
    expect(await snapshot(d.store)).toEqual(before);
  });
});
