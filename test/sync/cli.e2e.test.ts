import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../sandbox/entrata/index.ts';
import { runCli } from '../../src/cli/program.ts';
import { loadConfig } from '../../src/config.ts';
import { openRuntime } from '../../src/runtime/boot.ts';
import { cliEnv, type CliEnv } from '../cli/env.ts';

// `leasewire sync run|status` in-process against the sandbox, in the storage mode of TEST_DATABASE_URL.
let setup: CliEnv;
let sandbox: SandboxHandle;
let integrationId: string;

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { env: setup.env, out: (s) => void out.push(s), err: (s) => void err.push(s) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

beforeAll(async () => {
  setup = cliEnv();
  sandbox = await startSandbox({ port: 0, seed: 7, size: 'small', quiet: true });
  const credentials = JSON.stringify({ subdomain: sandbox.info.subdomain, username: sandbox.info.username, password: sandbox.info.password, base_url: sandbox.url });
  const created = await cli(['integrations', 'create', '--vendor', 'ENTRATA', '--name', 'Sandbox', '--credentials', credentials, '--json']);
  expect(created.code, created.stderr).toBe(0);
  integrationId = (JSON.parse(created.stdout) as { id: string }).id;
});
afterAll(async () => {
  await sandbox?.close();
  await setup?.cleanup();
});

describe('leasewire sync', () => {
  it('status before any run says how to start one', async () => {
    const res = await cli(['sync', 'status', integrationId]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/never been synced.*sync run/);
  });

  it('run --wait syncs the chosen models and prints a summary per model', async () => {
    const res = await cli(['sync', 'run', integrationId, '--wait', '--models', 'properties,units']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/sync sync_\S+ \(manual\) succeeded in [\d.]+ s/);
    expect(res.stdout).toMatch(new RegExp(`properties\\s+done\\s+${sandbox.info.counts.properties}\\s+0\\s+0`));
    expect(res.stdout).toMatch(new RegExp(`units\\s+done\\s+${sandbox.info.counts.units}\\s+0\\s+0`));
  });

  it('status --json lists the runs, newest first', async () => {
    const res = await cli(['sync', 'status', integrationId, '--json']);
    const runs = JSON.parse(res.stdout) as Array<{ state: string; models: string[]; progress: Record<string, { unchanged: number }> }>;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ state: 'succeeded', models: ['properties', 'units'] });
  });

  it('run --wait --json of a second run reports unchanged records', async () => {
    const res = await cli(['sync', 'run', integrationId, '--wait', '--models', 'properties', '--json']);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout).progress.properties).toMatchObject({ new: 0, unchanged: sandbox.info.counts.properties });
  });

  it('a failed run exits 1 with its error', async () => {
    // Store a wrong password the way the API would (sealed with this installation's key).
    const runtime = await openRuntime(loadConfig(setup.env));
    try {
      const wrong = JSON.stringify({ subdomain: sandbox.info.subdomain, username: sandbox.info.username, password: 'wrong', base_url: sandbox.url });
      await runtime.store.db.updateTable('integrations').set({ credentials: runtime.deps.sealer.seal(wrong) }).where('id', '=', integrationId).execute();
    } finally {
      await runtime.close();
    }
    const res = await cli(['sync', 'run', integrationId, '--wait', '--models', 'properties']);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/failed/);
    expect(res.stderr).toMatch(/error: sync sync_\S+ failed: Entrata refused the credentials/);
  });

  it('refuses unknown models and integrations with a hint', async () => {
    const models = await cli(['sync', 'run', integrationId, '--models', 'leads,owners']);
    expect(models.code).toBe(1);
    expect(models.stderr).toMatch(/--models: owners cannot be synced.*use some of: properties/);
    const missing = await cli(['sync', 'status', 'int_nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No integration "int_nope".*integrations list/);
  });

  it('run without --wait only queues the run', async () => {
    const res = await cli(['sync', 'run', integrationId, '--models', 'properties']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Queued sync sync_\S+ .*--wait/);
    const busy = await cli(['sync', 'run', integrationId]);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/already queued or running.*sync status/);
  });
});
