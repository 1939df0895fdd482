import { DateTime } from 'luxon';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../sandbox/entrata/index.ts';
import { cliEnv, type CliEnv } from '../../test/cli/env.ts';
import { buildApp, redactedLogPaths } from '../api/app.ts';
import { loadConfig } from '../config.ts';
import { createIntegration } from '../integrations/service.ts';
import { openRuntime, type Runtime } from '../runtime/boot.ts';
import { demoTarget } from '../runtime/demo.ts';
import { createAccount, createApiKey } from '../store/repositories/accounts.ts';
import { enqueueSync } from '../sync/worker.ts';
import { humanLogStream } from './humanLog.ts';
import { syncFinishLine, writeOutcomeLine } from './jobLog.ts';

const write = (over: Partial<Parameters<typeof writeOutcomeLine>[1]> = {}) => ({
  id: 'wj_1', kind: 'events.leads', status: 'PENDING', attempts: 1, errors: '[]', integration_id: 'int_1', created_record_id: null,
  log: JSON.stringify([{ at: 't', attempt: 1, action: 'retry', reason: 'Entrata is unavailable (HTTP 503)' }]), ...over,
});
const run = (over: Partial<Parameters<typeof syncFinishLine>[0]> = {}) => ({
  id: 'sync_1', integration_id: 'int_1', kind: 'manual', state: 'succeeded', models: '["properties","leads"]', error: null,
  progress: JSON.stringify({ properties: { new: 2, updated: 1, unchanged: 3 }, leads: { new: 10, updated: 0, unchanged: 0 } }),
  started_at: '2026-01-01T00:00:00.000Z', finished_at: '2026-01-01T00:00:02.500Z', ...over,
});

describe('job outcome lines', () => {
  it('says SUCCESS, FAILURE with its reason, or a retry with its reason, only when the write moved', () => {
    expect(writeOutcomeLine({ status: 'PENDING', attempts: 0 }, write({ status: 'SUCCESS', created_record_id: 'c1' }))).toEqual({ level: 'info', message: 'write wj_1 (events.leads, integration int_1) SUCCESS after 1 attempt: created_record_id c1' });
    expect(writeOutcomeLine(undefined, write({ status: 'FAILURE', attempts: 3, log: JSON.stringify([{ reason: 'x' }, { reason: 'Entrata refused the credentials' }]) }))).toEqual({ level: 'warn', message: 'write wj_1 (events.leads, integration int_1) FAILURE after 3 attempts: Entrata refused the credentials' });
    expect(writeOutcomeLine({ status: 'PENDING', attempts: 0 }, write())).toEqual({ level: 'warn', message: 'write wj_1 (events.leads, integration int_1) attempt 1 failed, retrying: Entrata is unavailable (HTTP 503)' });
    expect(writeOutcomeLine({ status: 'PENDING', attempts: 1 }, write())).toBeNull();
    expect(writeOutcomeLine({ status: 'SUCCESS', attempts: 1 }, write({ status: 'SUCCESS' }))).toBeNull();
    expect(writeOutcomeLine(undefined, write({ status: 'FAILURE', log: 'not json', errors: '["from errors"]' }))?.message).toMatch(/FAILURE after 1 attempt: from errors$/);
  });

  it('says how a sync ended, with its counts and time', () => {
    expect(syncFinishLine(run())).toEqual({ level: 'info', message: 'sync sync_1 finished in 2.5 s: 12 new, 1 updated, 3 unchanged' });
    expect(syncFinishLine(run({ state: 'failed', error: 'Entrata refused the credentials' }))).toEqual({ level: 'warn', message: 'sync sync_1 FAILED in 2.5 s: Entrata refused the credentials (12 new, 1 updated, 3 unchanged before it failed)' });
    expect(syncFinishLine(run({ state: 'running', finished_at: null }))?.message).toMatch(/stopped with this process .* it resumes from its last batch/);
  });
});

// As `leasewire start` runs it: a runtime working jobs with jobLog, logging through the human log.
describe('a runtime with jobLog logs job outcomes in human lines', () => {
  let setup: CliEnv;
  let sandbox: SandboxHandle;
  let runtime: Runtime;
  const lines: string[] = [];
  const waitFor = async (pattern: RegExp): Promise<string> => {
    for (let i = 0; i < 300; i++) {
      const hit = lines.find((l) => pattern.test(l));
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no log line matched ${String(pattern)} in 30 s; got:\n${lines.join('\n')}`);
  };

  beforeAll(async () => {
    setup = cliEnv();
    sandbox = await startSandbox({ port: 0, seed: 42, size: 'small', quiet: true });
    const jobLog = pino({ level: 'info', redact: redactedLogPaths }, humanLogStream((l) => lines.push(l)));
    runtime = await openRuntime(loadConfig(setup.env), { startWorker: true, jobLog });
  });
  afterAll(async () => {
    await runtime.close();
    await sandbox.close();
    await setup.cleanup();
  });

  it('logs a sync\'s start and finish, a write\'s SUCCESS, and a FAILURE with its reason', async () => {
    const account = await createAccount(runtime.store.db, 'Logged');
    const { subdomain, username, password } = sandbox.info;
    const integration = await createIntegration(runtime.deps, account.id, { integration_vendor: 'ENTRATA', name: 'Logged', credentials: { subdomain, username, password, base_url: sandbox.url } });
    const queue = runtime.deps.queue;
    if (!queue) throw new Error('the runtime has no queue');
    const syncRun = await enqueueSync(runtime.deps, queue, integration.id);
    expect(await waitFor(new RegExp(`INFO sync ${syncRun.id} started: manual sync of integration ${integration.id} \\(11 models\\)`))).toMatch(/^\d\d:\d\d:\d\d /);
    expect(await waitFor(new RegExp(`INFO sync ${syncRun.id} finished in [\\d.]+ s: \\d+ new, 0 updated, 0 unchanged`))).toBeTruthy();

    const app = await buildApp(runtime.deps);
    try {
      const { key } = await createApiKey(runtime.store.db, account.id, 'k');
      const target = await demoTarget(runtime.store.db, integration.id, sandbox.info.examples.leadApplicationId);
      if (!target) throw new Error('no demo lead after the sync');
      const post = async () => {
        const res = await app.inject({
          method: 'POST',
          url: '/v1/events/leads/entrata/',
          headers: { authorization: `Bearer ${key}` },
          payload: { integration_id: integration.id, lead_id: target.lead.id, event_type_id: target.eventTypeId, event_datetime: DateTime.now().setZone('America/Denver').minus({ minutes: 5 }).startOf('second').toISO({ suppressMilliseconds: true }), notes: 'Logged call' },
        });
        expect(res.statusCode, res.body).toBe(200);
        return (res.json() as { meta: { job_id: string } }).meta.job_id;
      };
      const ok = await post();
      expect(await waitFor(new RegExp(`INFO write ${ok} \\(events\\.leads, integration ${integration.id}\\) SUCCESS after 1 attempt: created_record_id \\S+`))).toBeTruthy();

      // The password changes in Entrata: the next write is refused for good.
      const wrong = { subdomain, username, password: 'changed-in-entrata', base_url: sandbox.url };
      await runtime.store.db.updateTable('integrations').set({ credentials: runtime.deps.sealer.seal(JSON.stringify(wrong)) }).where('id', '=', integration.id).execute();
      const failed = await post();
      expect(await waitFor(new RegExp(`WARN write ${failed} .* FAILURE after 1 attempt: .*refused the credentials`))).toBeTruthy();
      expect(lines.join('\n')).not.toContain('changed-in-entrata');
      expect(lines.join('\n')).not.toContain(password);
    } finally {
      await app.close();
    }
  }, 90_000);
});
