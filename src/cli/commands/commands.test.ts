import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, type CliEnv } from '../../../test/cli/env.ts';
import { testDatabaseUrl } from '../../../test/support/store.ts';
import type { WriteJobTable } from '../../jobs/tables.ts';
import { runCli } from '../program.ts';

// start, worker, sandbox and jobs: help, usage errors and the jobs commands in-process. The long
// running commands are exercised as real processes in test/e2e/.
let setup: CliEnv;
beforeAll(() => {
  setup = cliEnv();
});
afterAll(async () => {
  if (testDatabaseUrl) await pgQuery(`DROP SCHEMA IF EXISTS ${workerSchema()} CASCADE`);
  await setup.cleanup();
});

/** graphile-worker's schema of this test's PostgreSQL deployment. */
const workerSchema = () => `${setup.env.LEASEWIRE_PG_SCHEMA}_worker`;
async function pgQuery(text: string, values: unknown[] = []): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { env: setup.env, out: (s) => void out.push(s), err: (s) => void err.push(s) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('help and usage', () => {
  it('lists and documents start, worker, sandbox and jobs', async () => {
    const top = await cli(['--help']);
    for (const c of ['start', 'worker', 'sandbox', 'jobs', 'sync']) expect(top.stdout).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
    const expected: Array<[string[], string]> = [
      [['start', '--help'], '--no-sandbox'],
      [['worker', '--help'], '--concurrency <n>'],
      [['sandbox', '--help'], '--rate-limit <spec>'],
      [['jobs', 'show', '--help'], '<job_id>'],
      [['jobs', 'retry', '--help'], '--json'],
    ];
    for (const [args, text] of expected) {
      const res = await cli(args);
      expect(res.code, args.join(' ')).toBe(0);
      expect(res.stdout).toContain(text);
    }
  });

  it.each([[['worker', '--concurrency', '0']], [['sandbox', '--size', 'huge']], [['sandbox', '--port', 'x']], [['start', '--port', '99999']], [['jobs', 'show']], [['jobs', 'retry']]])(
    'answers %j with exit code 2',
    async (args) => {
      const res = await cli(args);
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(/error: .+/);
    },
  );
});

describe('leasewire jobs', () => {
  const ids = { account: '', integration: '' };
  const job = (id: string, status: WriteJobTable['status']): WriteJobTable => ({
    id,
    account_id: ids.account,
    integration_id: ids.integration,
    vendor: 'ENTRATA',
    kind: 'events.leads',
    status,
    phase: 'SENT',
    request: '{"applicationId":"10000002"}',
    response: '{"meta":{"job_id":"x"}}',
    queue_name: 'write:int_1:app:10000002',
    attempts: 3,
    errors: status === 'FAILURE' ? '["Entrata refused the event: Unknown event type id 99"]' : '[]',
    log: '[{"at":"2026-01-01T00:00:00.000Z","attempt":3,"action":"fail","reason":"Unknown event type id 99"}]',
    snapshot: '["1"]',
    x_record_id: null,
    created_record_id: null,
    retry_of: null,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    finished_at: status === 'PENDING' ? null : '2026-01-01T00:00:01.000Z',
  });

  beforeAll(async () => {
    const [{ openRuntime }, { loadConfig }] = await Promise.all([import('../../runtime/boot.ts'), import('../../config.ts')]);
    const runtime = await openRuntime(loadConfig(setup.env));
    const { seedIntegration } = await import('../../../test/support/seed.ts');
    const { createAccount } = await import('../../store/repositories/accounts.ts');
    ids.account = (await createAccount(runtime.store.db, 'Jobs')).id;
    ids.integration = (await seedIntegration(runtime.store, ids.account)).id;
    await runtime.store.db.insertInto('write_jobs').values([job('wj_failed', 'FAILURE'), job('wj_done', 'SUCCESS')]).execute();
    await runtime.close();
  });

  it('shows a job with its errors and attempts, and as JSON', async () => {
    const res = await cli(['jobs', 'show', 'wj_failed']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^status\s+FAILURE$/m);
    expect(res.stdout).toMatch(/^error\s+Entrata refused the event/m);
    expect(res.stdout).toMatch(/^attempt\s+#3 .* fail: Unknown event type id 99$/m);
    const json = JSON.parse((await cli(['jobs', 'show', 'wj_failed', '--json'])).stdout);
    expect(json).toMatchObject({ id: 'wj_failed', write_status: 'FAILURE', created_record_id: null, errors: ['Entrata refused the event: Unknown event type id 99'] });
  });

  it('says how to find a job id when there is no such job', async () => {
    const res = await cli(['jobs', 'show', 'wj_nope']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^error: No write job "wj_nope"\..*GET \/v1\/admin\/logs\/writes/);
  });

  it.skipIf(!testDatabaseUrl)('does not set up the job queue for commands that never use it (PostgreSQL)', async () => {
    expect((await cli(['keys', 'list'])).code).toBe(0);
    expect((await cli(['jobs', 'show', 'wj_failed'])).code).toBe(0);
    expect(await pgQuery('select 1 from information_schema.schemata where schema_name = $1', [workerSchema()])).toHaveLength(0);
  });

  it('retries a FAILURE as a new PENDING job that keeps what the failed one learned, and refuses others', async () => {
    const res = await cli(['jobs', 'retry', 'wj_failed', '--json']);
    expect(res.code, res.stderr).toBe(0);
    const { job_id } = JSON.parse(res.stdout) as { job_id: string };
    const shown = JSON.parse((await cli(['jobs', 'show', job_id, '--json'])).stdout);
    expect(shown).toMatchObject({ write_status: 'PENDING', retry_of: 'wj_failed', kind: 'events.leads', errors: [] });
    const refused = await cli(['jobs', 'retry', 'wj_done']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Write wj_done is SUCCESS; only FAILURE writes can be retried/);
  });
});

describe('leasewire start: errors at start say what to do', () => {
  it.each([
    ['SANDBOX_PORT', /^error: Port \d+ for the Entrata sandbox is already in use: .*set SANDBOX_PORT to a free port, or add --no-sandbox\.$/],
    ['PORT', /^error: Port \d+ is already in use: stop the other process or pick another port with --port or PORT\.$/],
  ])('a taken %s', async (variable, message) => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = String((taken.address() as net.AddressInfo).port);
    try {
      const env = { ...setup.env, PORT: '0', SANDBOX_PORT: '0', [variable]: port };
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['start'], { env, out: (t) => void out.push(t), err: (t) => void err.push(t) });
      expect(code).toBe(1);
      expect(err.join('\n')).toMatch(message);
    } finally {
      taken.close();
    }
  });
});
