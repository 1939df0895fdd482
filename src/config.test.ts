import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, decodeSecretKey, loadConfig } from './config.ts';

const hexKey = 'ab'.repeat(32);

describe('loadConfig', () => {
  it('has working defaults for the embedded mode', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 4000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      secretKey: undefined,
      pgSchema: undefined,
      logLevel: 'info',
      rateLimitPerMinute: 150,
      privateNetworks: 'allow',
    });
    expect(c.dataDir).toBe(path.resolve('./.leasewire'));
  });

  it('reads PostgreSQL settings with a key and a schema', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db', LEASEWIRE_SECRET_KEY: hexKey, LEASEWIRE_PG_SCHEMA: 'lw_one', PORT: '0' });
    expect(c.databaseUrl).toBe('postgres://u@h:5432/db');
    expect(c.secretKey?.toString('hex')).toBe(hexKey);
    expect(c.pgSchema).toBe('lw_one');
    expect(c.port).toBe(0);
    // A shared deployment refuses tenant URLs into private networks by default.
    expect(c.privateNetworks).toBe('deny');
  });

  it('takes LEASEWIRE_PRIVATE_NETWORKS over either default', () => {
    expect(loadConfig({ LEASEWIRE_PRIVATE_NETWORKS: 'deny' }).privateNetworks).toBe('deny');
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', LEASEWIRE_SECRET_KEY: hexKey, LEASEWIRE_PRIVATE_NETWORKS: 'allow' }).privateNetworks).toBe('allow');
  });

  it.each([['yes'], ['Deny'], ['']])('refuses LEASEWIRE_PRIVATE_NETWORKS=%j and says what it takes', (value) => {
    expect(() => loadConfig({ LEASEWIRE_PRIVATE_NETWORKS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ LEASEWIRE_PRIVATE_NETWORKS: value })).toThrow(/LEASEWIRE_PRIVATE_NETWORKS: must be allow or deny, not ".*": deny refuses .*leave it unset for the default/);
  });

  it('reads METRICS_TOKEN, unset by default, and refuses a short one', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: 't'.repeat(16) }).metricsToken).toBe('t'.repeat(16));
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
  });

  it.each([['abc'], ['70000'], ['-1'], ['4.5']])('refuses PORT=%s and names the variable', (port) => {
    expect(() => loadConfig({ PORT: port })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: port })).toThrow(/PORT/);
  });

  it('requires LEASEWIRE_SECRET_KEY with DATABASE_URL and says how to make one', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@h/db' })).toThrow(/LEASEWIRE_SECRET_KEY is required.*openssl rand -hex 32/);
  });

  it.each([['too short', 'abcd'], ['not hex nor base64', 'z'.repeat(64)], ['31 bytes', 'ab'.repeat(31)]])(
    'refuses a secret key that is %s',
    (_name, key) => {
      expect(() => loadConfig({ LEASEWIRE_SECRET_KEY: key })).toThrow(/LEASEWIRE_SECRET_KEY: must be 32 bytes/);
    },
  );

  it('refuses a non-PostgreSQL DATABASE_URL, a bad schema name and a bad LOG_LEVEL, all at once', () => {
    const err = (() => {
      try {
        loadConfig({ DATABASE_URL: 'mysql://x', LEASEWIRE_PG_SCHEMA: 'Bad-Name', LOG_LEVEL: 'loud', LEASEWIRE_SECRET_KEY: hexKey });
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err?.message).toMatch(/DATABASE_URL: must be a PostgreSQL URL/);
    expect(err?.message).toMatch(/LEASEWIRE_PG_SCHEMA/);
    expect(err?.message).toMatch(/LOG_LEVEL/);
  });
});

describe('decodeSecretKey', () => {
  it('accepts 64 hex characters and 32-byte base64 or base64url', () => {
    const bytes = Buffer.from(hexKey, 'hex');
    expect(decodeSecretKey(hexKey)?.equals(bytes)).toBe(true);
    expect(decodeSecretKey(bytes.toString('base64'))?.equals(bytes)).toBe(true);
    expect(decodeSecretKey(bytes.toString('base64url'))?.equals(bytes)).toBe(true);
    expect(decodeSecretKey(` ${hexKey}\n`)?.equals(bytes)).toBe(true);
    expect(decodeSecretKey('ab'.repeat(16))).toBeNull();
  });
});
