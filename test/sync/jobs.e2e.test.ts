import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobQueue } from '../../src/jobs/queue.ts';
import { insertIntegration, type IntegrationRow } from '../../src/store/repositories/integrations.ts';
import { listRuns, progressOf, type SyncRunRow } from '../../src/sync/runs.ts';
import { enqueueSync, registerSyncWorker } from '../../src/sync/worker.ts';
import { startTestQueue, stopTestQueue } from '../support/app.ts';
import { createSyncHarness, type SyncHarness } from './harness.ts';

// Syncs as queue jobs: the recurring scheduler queues due integrations, the sync task runs them.
let h: SyncHarness;
let queue: JobQueue;
let broken: IntegrationRow;

beforeAll(async () => {
  h = await createSyncHarness();
  broken = await insertIntegration(h.store.db, {
    account_id: h.integration.account_id,
    vendor: 'ENTRATA',
    name: 'Wrong password',
    credentials: h.sealer.seal(JSON.stringify({ subdomain: h.sandbox.info.subdomain, username: h.sandbox.info.username, password: 'wrong', base_url: h.sandbox.url })),
    settings: {},
    sync_frequency: 12,
    sync_cadence: 'HOUR',
    active: true,
  });
  queue = await startTestQueue(h.store, h.sealer, { start: false });
  registerSyncWorker(queue, h.deps, { scheduleEveryMs: 60_000 });
  await queue.start({ concurrency: 2 });
});
afterAll(async () => {
  await stopTestQueue(h.store, queue);
  await h.close();
});

async function finishedRuns(integrationId: string, count: number): Promise<SyncRunRow[]> {
  for (let i = 0; i < 600; i++) {
    const runs = (await listRuns(h.store.db, integrationId)).filter((r) => r.state === 'succeeded' || r.state === 'failed');
    if (runs.length >= count) return runs;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${count} finished runs of ${integrationId} after 60 s`);
}

describe('sync runs as jobs', () => {
  it('the scheduler queues every due integration; one failing never stops the other', async () => {
    const [good] = await finishedRuns(h.integration.id, 1);
    const [bad] = await finishedRuns(broken.id, 1);
    expect(good).toMatchObject({ kind: 'scheduled', state: 'succeeded', error: null, is_first_sync: 1 });
    expect(bad).toMatchObject({ kind: 'scheduled', state: 'failed' });
    expect(bad!.error).toMatch(/refused the credentials/);
  }, 70_000);

  it('a manual sync is a job; its models only, incremental after the first run', async () => {
    const run = await enqueueSync(h.deps, queue, h.integration.id, { kind: 'manual', models: ['properties'] });
    const done = (await finishedRuns(h.integration.id, 2)).find((r) => r.id === run.id)!;
    expect(done.state).toBe('succeeded');
    expect(JSON.parse(done.models)).toEqual(['properties']);
    expect(progressOf(done).properties).toMatchObject({ new: 0, updated: 0, unchanged: h.sandbox.info.counts.properties });
  }, 70_000);
});
