import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { startBuildiumSandbox, type BuildiumSandboxHandle, type FaultConfigInput } from '../../sandbox/buildium/index.ts';
import { Sealer } from '../../src/lib/crypto.ts';
import { createAccount, createApiKey } from '../../src/store/repositories/accounts.ts';
import { insertIntegration, type IntegrationRow } from '../../src/store/repositories/integrations.ts';
import { runSync } from '../../src/sync/engine.ts';
import { createTestContext, type TestContext, type TestContextSetup } from '../support/app.ts';
import { openTestStore, type TestStore } from '../support/store.ts';

/** A note as the Buildium sandbox's inspection API lists it. */
export interface SandboxNote {
  owner: 'applicant' | 'tenant';
  ownerId: number;
  origin: string;
  Id: number;
  Note: string;
}

export interface BuildiumWriteHarness {
  store: TestStore;
  sandbox: BuildiumSandboxHandle;
  ctx: TestContext;
  integration: IntegrationRow;
  sealer: Sealer;
  /** The sealer's key, for worker processes the test starts. */
  secretKey: Buffer;
  post(url: string, body: Record<string, unknown>): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  settle(jobId: string, timeoutMs?: number): Promise<{ write_status: string; errors: string[]; created_record_id: string | null }>;
  /** Our people of a model, with their Buildium ids. */
  people(model: 'applicants' | 'residents'): Promise<Array<{ id: string; x_id: string }>>;
  writtenNotes(): Promise<SandboxNote[]>;
  setFaults(faults: FaultConfigInput): void;
  close(): Promise<void>;
}

/**
 * The Buildium sandbox (small set, no 429s: the faults say when) synced into a test store, and an
 * API whose write worker runs on it. The connector's own pace is lifted so tests run fast.
 */
export async function createBuildiumWriteHarness(setup: Omit<TestContextSetup, 'store'> = { worker: true }, options: { store?: TestStore } = {}): Promise<BuildiumWriteHarness> {
  process.env.BUILDIUM_REQUESTS_PER_SECOND = '1000';
  const store = options.store ?? (await openTestStore());
  const sandbox = await startBuildiumSandbox({ seed: 9, quiet: true, rateLimitPerSecond: 0, recordResponses: true });
  const secretKey = randomBytes(32);
  const sealer = new Sealer(secretKey);
  const account = await createAccount(store.db, 'Buildium writes');
  const integration = await insertIntegration(store.db, {
    account_id: account.id,
    vendor: 'BUILDIUM',
    name: 'Buildium sandbox',
    credentials: sealer.seal(JSON.stringify({ clientId: sandbox.clientId, secret: sandbox.secret, base_url: sandbox.url })),
    settings: {},
    sync_frequency: 12,
    sync_cadence: 'HOUR',
    active: true,
  });
  const run = await runSync({ store, sealer }, integration.id);
  if (run.error) throw new Error(`the sync of the Buildium sandbox failed: ${run.error}`);
  const ctx = await createTestContext({}, { sealer }, { ...setup, store });
  const { key } = await createApiKey(store.db, account.id, 'buildium writes');
  const headers = { authorization: `Bearer ${key}` };
  const get = (url: string) => ctx.app.inject({ method: 'GET', url, headers });
  return {
    store,
    sandbox,
    ctx,
    integration,
    sealer,
    secretKey,
    post: (url, body) => ctx.app.inject({ method: 'POST', url, headers, payload: body }),
    get,
    settle: async (jobId, timeoutMs = 30_000) => {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const s = (await get(`/v1/admin/write-status/${jobId}`)).json() as { write_status: string; errors: string[]; created_record_id: string | null };
        if (s.write_status !== 'PENDING') return s;
        if (Date.now() > until) throw new Error(`write ${jobId} still PENDING after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    people: async (model) => store.db.selectFrom(model).select(['id', 'x_id']).where('integration_id', '=', integration.id).orderBy('x_id').execute(),
    writtenNotes: async () => ((await (await fetch(`${sandbox.url}/__sandbox/notes?origin=api`)).json()) as { notes: SandboxNote[] }).notes,
    setFaults: (faults) => sandbox.setFaults(faults),
    close: async () => {
      delete process.env.BUILDIUM_REQUESTS_PER_SECOND;
      await ctx.close();
      await sandbox.close();
      if (!options.store) await store.cleanup();
    },
  };
}
