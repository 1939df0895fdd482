import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../test/support/store.ts';
import { Sealer } from '../lib/crypto.ts';
import { loadOrCreateSecretKey, SecretKeyError, verifySecretKey } from './secretKey.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leasewire-key-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('loadOrCreateSecretKey', () => {
  it('generates the embedded key once, readable by the owner only, and reuses it', () => {
    const dir = path.join(tempDir(), 'data');
    const first = loadOrCreateSecretKey(undefined, dir);
    expect(first).toHaveLength(32);
    const file = path.join(dir, 'secret.key');
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSecretKey(undefined, dir).equals(first)).toBe(true);
  });

  it('uses a configured key as is and writes nothing', () => {
    const dir = tempDir();
    const key = randomBytes(32);
    expect(loadOrCreateSecretKey(key, dir)).toBe(key);
    expect(fs.existsSync(path.join(dir, 'secret.key'))).toBe(false);
  });

  it('refuses a damaged key file and says how to recover', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'secret.key'), 'not a key\n');
    expect(() => loadOrCreateSecretKey(undefined, dir)).toThrow(SecretKeyError);
    expect(() => loadOrCreateSecretKey(undefined, dir)).toThrow(/Restore it from a backup, or set LEASEWIRE_SECRET_KEY/);
  });
});

describe('verifySecretKey', () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.cleanup());

  it('records the first key and accepts it again', async () => {
    const sealer = new Sealer(randomBytes(32));
    await verifySecretKey(store.db, sealer);
    await expect(verifySecretKey(store.db, sealer)).resolves.toBeUndefined();
  });

  it('refuses a different key against the same database, with a clear message', async () => {
    const other = new Sealer(randomBytes(32));
    const err = await verifySecretKey(store.db, other).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretKeyError);
    expect((err as Error).message).toMatch(/not the key this database was set up with.*Start with the original key/);
  });
});
