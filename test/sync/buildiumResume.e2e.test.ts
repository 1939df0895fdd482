import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuildiumSandbox, type BuildiumSandboxHandle, type RecordedRequest } from '../../sandbox/buildium/index.ts';
import { Sealer } from '../../src/lib/crypto.ts';
import { createAccount } from '../../src/store/repositories/accounts.ts';
import { insertIntegration, type IntegrationRow } from '../../src/store/repositories/integrations.ts';
import { runSync } from '../../src/sync/engine.ts';
import { getRun, progressOf } from '../../src/sync/runs.ts';
import { openTestStore, storageMode, type TestStore } from '../support/store.ts';

// Kill -9 a Buildium sync in its tenant-notes phase, start again: the run resumes after the last
// committed person instead of asking every applicant and tenant again.
const child = fileURLToPath(new URL('./syncChild.ts', import.meta.url));
let store: TestStore;
let sandbox: BuildiumSandboxHandle;
let integration: IntegrationRow;
const secretKey = randomBytes(32);
const sealer = new Sealer(secretKey);

beforeAll(async () => {
  process.env.BUILDIUM_REQUESTS_PER_SECOND = '1000';
  store = await openTestStore();
  // Slow tenant-note lists keep the child in that phase long enough to be killed there.
  sandbox = await startBuildiumSandbox({ seed: 3, quiet: true, rateLimitPerSecond: 0, faults: { GetAllTenantNotes: { kind: 'latency', ms: 40 } } });
  const account = await createAccount(store.db, 'Resume Co');
  integration = await insertIntegration(store.db, {
    account_id: account.id,
    vendor: 'BUILDIUM',
    name: 'Buildium sandbox',
    credentials: sealer.seal(JSON.stringify({ clientId: sandbox.clientId, secret: sandbox.secret, base_url: sandbox.url })),
    settings: {},
    sync_frequency: 12,
    sync_cadence: 'HOUR',
    active: true,
  });
});
afterAll(async () => {
  delete process.env.BUILDIUM_REQUESTS_PER_SECOND;
  await sandbox?.close();
  await store?.cleanup();
});

const requests = async (operationId: string): Promise<RecordedRequest[]> =>
  ((await (await fetch(`${sandbox.url}/__sandbox/requests?operationId=${operationId}`)).json()) as { requests: RecordedRequest[] }).requests;

function runChildUntilTenantNotes(after: number): Promise<string> {
  const env = {
    ...process.env,
    LW_DATABASE_URL: store.databaseUrl ?? '',
    LW_SQLITE_PATH: store.sqlitePath ?? '',
    LW_PG_SCHEMA: store.pgSchema ?? '',
    LW_SECRET_KEY: secretKey.toString('hex'),
    LW_INTEGRATION_ID: integration.id,
  };
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    p.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
    });
    const timer = setInterval(() => {
      void requests('GetAllTenantNotes').then((r) => {
        if (r.length >= after && p.exitCode === null) p.kill('SIGKILL');
      });
    }, 10);
    p.on('exit', (_code, signal) => {
      clearInterval(timer);
      const runId = [...buf.matchAll(/^batch \d+ (\S+)$/gm)].at(-1)?.[1];
      if (signal === 'SIGKILL' && runId) resolve(runId);
      else reject(new Error(`the child was not killed mid-run (${signal}): ${buf.slice(-300)}`));
    });
  });
}

describe(`a Buildium sync killed in its notes (${storageMode})`, () => {
  it('resumes after the last committed person and ends with every record once', async () => {
    const runId = await runChildUntilTenantNotes(5);
    const dead = (await getRun(store.db, runId))!;
    expect(dead.state).toBe('running');
    expect(progressOf(dead).events?.state).toBe('running');
    const applicantNoteCalls = (await requests('GetAllApplicantNotes')).length;
    expect(applicantNoteCalls).toBe(sandbox.getInfo().counts.applicants);

    await new Promise((r) => setTimeout(r, 50));
    const resumed = await runSync({ store, sealer }, integration.id, { leaseMs: 20 });
    expect(resumed.error).toBeNull();
    expect(resumed.id).toBe(runId);
    expect(resumed.state).toBe('succeeded');
    // The applicants' notes were committed before the kill: not one of them is asked again.
    expect((await requests('GetAllApplicantNotes')).length).toBe(applicantNoteCalls);
    const c = sandbox.getInfo().counts;
    const events = Number((await store.db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(events).toBe((c.applicantNotes as number) + (c.tenantNotes as number) + (c.phoneLogs as number) - 1);
    expect(progressOf(resumed).events?.unchanged).toBe(0);
  }, 120_000);
});
