import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { testDatabaseUrl } from '../support/store.ts';

export interface CliEnv {
  env: NodeJS.ProcessEnv;
  dataDir: string;
  /** Removes the data dir and, in PostgreSQL mode, the schema. */
  cleanup(): Promise<void>;
}

/**
 * The environment a `leasewire` process gets in tests: its own data dir, and in PostgreSQL mode
 * (TEST_DATABASE_URL set) its own schema and secret key, like a production deployment.
 */
export function cliEnv(): CliEnv {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leasewire-cli-'));
  const schema = `lw_cli_${randomBytes(6).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LEASEWIRE_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ...(testDatabaseUrl
      ? {
          DATABASE_URL: testDatabaseUrl,
          LEASEWIRE_SECRET_KEY: randomBytes(32).toString('hex'),
          LEASEWIRE_PG_SCHEMA: schema,
          // DATABASE_URL makes the default deny; the sandbox and test receivers are on 127.0.0.1.
          LEASEWIRE_PRIVATE_NETWORKS: 'allow',
        }
      : {}),
  };
  return {
    env,
    dataDir,
    cleanup: async () => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (!testDatabaseUrl) return;
      const c = new pg.Client({ connectionString: testDatabaseUrl });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.query(`DROP SCHEMA IF EXISTS ${schema}_worker CASCADE`);
      await c.end();
    },
  };
}
