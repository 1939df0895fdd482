import path from 'node:path';
import { z } from 'zod';
import type { PrivateNetworks } from './lib/outboundPolicy.ts';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z.object({
  PORT: z.coerce
    .number({ error: 'must be a port number from 0 to 65535' })
    .int('must be a port number from 0 to 65535')
    .min(0, 'must be a port number from 0 to 65535')
    .max(65535, 'must be a port number from 0 to 65535')
    .default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .refine((v) => /^postgres(ql)?:\/\//.test(v), {
      message: 'must be a PostgreSQL URL such as postgres://user:password@host:5432/leasewire (unset it to use the embedded SQLite store)',
    })
    .optional(),
  LEASEWIRE_DATA_DIR: z.string().min(1).default('./.leasewire'),
  LEASEWIRE_PG_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case PostgreSQL schema name (letters, digits, _), e.g. leasewire')
    .optional(),
  LEASEWIRE_SECRET_KEY: z
    .string()
    .refine((v) => decodeSecretKey(v) !== null, {
      message: 'must be 32 bytes, written as 64 hex characters or base64 (generate one with: openssl rand -hex 32)',
    })
    .optional(),
  LEASEWIRE_PRIVATE_NETWORKS: z
    .enum(['allow', 'deny'], {
      error: (i) =>
        `must be allow or deny, not "${String(i.input)}": deny refuses webhook URLs and integration base_urls that reach private networks ` +
        '(127.0.0.1, 10.x, 169.254.169.254 …); leave it unset for the default (allow without DATABASE_URL, deny with it)',
    })
    .optional(),
  METRICS_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters (generate one with: openssl rand -hex 32), or unset to leave /metrics open')
    .optional(),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(150),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** PostgreSQL schema to use instead of the default search path (one database, several installs or test runs). */
  pgSchema: string | undefined;
  /** 32-byte key for credential encryption; undefined means "embedded mode keeps one in the data dir". */
  secretKey: Buffer | undefined;
  logLevel: (typeof logLevels)[number];
  rateLimitPerMinute: number;
  /**
   * Whether tenant-supplied URLs (webhooks, an integration's base_url) may reach private, loopback
   * and link-local addresses. Default: allow in embedded mode (a laptop, whose sandbox is on
   * 127.0.0.1), deny with DATABASE_URL (a shared deployment).
   */
  privateNetworks: PrivateNetworks;
  /** When set, /metrics (API and worker) answers only scrapes with "Authorization: Bearer <token>". */
  metricsToken: string | undefined;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function decodeSecretKey(value: string): Buffer | null {
  const v = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(v)) {
    const buf = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (buf.length === 32) return buf;
  }
  return null;
}

/** Reads and validates the environment; every problem is reported at once, with how to fix it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration in the environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const secretKey = e.LEASEWIRE_SECRET_KEY ? (decodeSecretKey(e.LEASEWIRE_SECRET_KEY) ?? undefined) : undefined;
  if (e.DATABASE_URL && !secretKey) {
    throw new ConfigError(
      'LEASEWIRE_SECRET_KEY is required when DATABASE_URL is set: every process that shares the database must ' +
        'encrypt PMS credentials with the same key. Generate one with `openssl rand -hex 32` and set it in the environment of every process.',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.LEASEWIRE_DATA_DIR),
    pgSchema: e.DATABASE_URL ? e.LEASEWIRE_PG_SCHEMA : undefined,
    secretKey,
    logLevel: e.LOG_LEVEL,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    privateNetworks: e.LEASEWIRE_PRIVATE_NETWORKS ?? (e.DATABASE_URL ? 'deny' : 'allow'),
    metricsToken: e.METRICS_TOKEN,
  };
}
