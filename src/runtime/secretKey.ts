import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { decodeSecretKey } from '../config.ts';
import type { Sealer } from '../lib/crypto.ts';
import type { Database } from '../store/schema.ts';

export class SecretKeyError extends Error {
  override name = 'SecretKeyError';
}

/** Where embedded mode keeps its key when LEASEWIRE_SECRET_KEY is not set. */
export function secretKeyPath(dataDir: string): string {
  return path.join(dataDir, 'secret.key');
}

/**
 * The key that seals PMS credentials. Given in the environment it is used as is; in embedded mode
 * without one, it is generated once and kept in the data dir (readable by the owner only).
 */
export function loadOrCreateSecretKey(configured: Buffer | undefined, dataDir: string): Buffer {
  if (configured) return configured;
  const file = secretKeyPath(dataDir);
  if (fs.existsSync(file)) {
    const key = decodeSecretKey(fs.readFileSync(file, 'utf8'));
    if (!key) throw new SecretKeyError(`${file} does not hold a 32-byte key (64 hex characters). Restore it from a backup, or set LEASEWIRE_SECRET_KEY.`);
    return key;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  fs.writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600 });
  return key;
}

/**
 * Refuses a key other than the one the stored credentials were sealed with: starting anyway would
 * make every integration fail to authenticate, far from the cause.
 */
export async function verifySecretKey(db: Kysely<Database>, sealer: Sealer): Promise<void> {
  const fingerprint = sealer.fingerprint();
  const row = await db.selectFrom('kv').select('value').where('key', '=', 'secret_key_fingerprint').executeTakeFirst();
  if (!row) {
    await db
      .insertInto('kv')
      .values({ key: 'secret_key_fingerprint', value: fingerprint })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    return verifySecretKey(db, sealer);
  }
  if (row.value !== fingerprint) {
    throw new SecretKeyError(
      'LEASEWIRE_SECRET_KEY is not the key this database was set up with, so stored PMS credentials cannot be decrypted. ' +
        'Start with the original key, or with the new one if it was changed with `leasewire secret-key rotate` (see "Key rotation" in the README).',
    );
  }
}
