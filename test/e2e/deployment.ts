import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/db.ts';
import { testDatabaseUrl } from '../support/store.ts';
import { leasewire, waitForOutput, type Running } from './processes.ts';

/**
 * A production-like deployment for tests: one database shared by every process (a fresh PostgreSQL
 * schema and its graphile-worker schema when TEST_DATABASE_URL is set, else a SQLite data dir),
 * one secret key, no inbound rate limit in the way of a load test.
 */
export interface Deployment {
  env: NodeJS.ProcessEnv;
  /** The same database, opened by the test (after `migrate` created it). */
  store(): Store;
  /** `leasewire <args> --json` to completion; throws with its stderr when it fails. */
  cli<T>(args: string[]): Promise<T>;
  /** `leasewire serve --port 0`, resolved with its URL once it listens. */
  serve(): Promise<Running & { url: string }>;
  /** `leasewire worker`, resolved once it works jobs. */
  worker(args?: string[]): Promise<Running>;
  cleanup(): Promise<void>;
}

export function deployment(extraEnv: NodeJS.ProcessEnv = {}, databaseUrl: string | undefined = testDatabaseUrl): Deployment {
  const schema = `lw_e2e_${randomBytes(5).toString('hex')}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leasewire-pg-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    // DATABASE_URL makes LEASEWIRE_PRIVATE_NETWORKS default to deny; the sandbox and test receivers are on 127.0.0.1.
    ...(databaseUrl ? { DATABASE_URL: databaseUrl, LEASEWIRE_SECRET_KEY: randomBytes(32).toString('hex'), LEASEWIRE_PG_SCHEMA: schema, LEASEWIRE_PRIVATE_NETWORKS: 'allow' } : {}),
    LEASEWIRE_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '1000000',
    ...extraEnv,
  };
  let store: Store | undefined;
  return {
    env,
    store: () => (store ??= openStore({ databaseUrl, sqlitePath: path.join(dataDir, 'leasewire.db'), ...(databaseUrl ? { pgSchema: schema } : {}) })),
    cli: async (args) => {
      const p = leasewire([...args, '--json'], env);
      const code = await p.exited;
      if (code !== 0) throw new Error(`leasewire ${args.join(' ')} exited with ${code}: ${p.stderr()}`);
      return JSON.parse(p.stdout()) as never;
    },
    serve: async () => {
      const p = leasewire(['serve', '--port', '0'], env);
      const url = await waitForOutput(p, /listening on (http:\/\/[\d.]+:\d+)/, 60_000);
      return { ...p, url };
    },
    worker: async (args = []) => {
      const p = leasewire(['worker', ...args], env);
      await waitForOutput(p, /worker running/, 60_000);
      return p;
    },
    cleanup: async () => {
      await store?.close();
      if (databaseUrl) {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.query(`DROP SCHEMA IF EXISTS ${schema}_worker CASCADE`);
        await client.end();
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Leads of the integration with the Notes (8) event type of their property, from the store. */
export async function writeTargets(d: Deployment, integrationId: string): Promise<Array<{ leadId: string; eventTypeId: string; applicationId: string }>> {
  const db = d.store().db;
  const types = await db.selectFrom('event_types').select(['id', 'x_property_id', 'x_id', 'internal']).where('integration_id', '=', integrationId).execute();
  const noteType = new Map<string, string>();
  for (const t of types) {
    const entrataId = String((t.internal ? (JSON.parse(t.internal) as { entrata_type_id?: string }).entrata_type_id : undefined) ?? t.x_id);
    if (entrataId === '8' && t.x_property_id) noteType.set(t.x_property_id, t.id);
  }
  const leads = await db.selectFrom('leads').select(['id', 'x_property_id', 'internal']).where('integration_id', '=', integrationId).orderBy('x_id').execute();
  return leads
    .map((l) => ({ leadId: l.id, eventTypeId: noteType.get(l.x_property_id ?? '') ?? '', applicationId: String((JSON.parse(l.internal ?? '{}') as { application_id?: string }).application_id) }))
    .filter((t) => t.eventTypeId !== '');
}

/** Posts `body` to the lead-event endpoint and returns the job id. */
export async function postNote(apiUrl: string, key: string, body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${apiUrl}/v1/events/leads/entrata/`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`POST answered ${res.status}: ${text}`);
  return (JSON.parse(text) as { meta: { job_id: string } }).meta.job_id;
}

/** Write jobs by status, from the shared database. */
export async function statusCounts(d: Deployment): Promise<Record<string, number>> {
  const rows = await d.store().db.selectFrom('write_jobs').select(['status', (eb) => eb.fn.countAll().as('n')]).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** `migrate`, an API key, an integration on the sandbox and its first sync, all through the CLI. */
export async function provision(d: Deployment, sandbox: { url: string; info: { subdomain: string; username: string; password: string } }): Promise<{ key: string; integrationId: string }> {
  const migrate = leasewire(['migrate'], d.env);
  const migrated = await migrate.exited;
  if (migrated !== 0) throw new Error(`leasewire migrate exited with ${migrated}: ${migrate.stderr() || migrate.stdout()}`);
  const { key } = await d.cli<{ key: string }>(['keys', 'create', '--name', 'e2e']);
  const { subdomain, username, password } = sandbox.info;
  const creds = JSON.stringify({ subdomain, username, password, base_url: sandbox.url });
  const integration = await d.cli<{ id: string }>(['integrations', 'create', '--vendor', 'ENTRATA', '--name', 'Sandbox', '--credentials', creds]);
  const sync = await d.cli<{ state: string; error: string | null }>(['sync', 'run', integration.id, '--wait']);
  if (sync.state !== 'succeeded') throw new Error(`the first sync failed: ${sync.error}`);
  return { key, integrationId: integration.id };
}
