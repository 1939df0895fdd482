import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import type { BuildiumSandboxHandle } from '../../../sandbox/buildium/index.ts';
import type { SandboxHandle } from '../../../sandbox/entrata/index.ts';
import type { SyncRunRow } from '../../sync/runs.ts';
import { CliError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { runUntilStopped, stopSignal } from '../lifecycle.ts';
import { parsePort } from './serve.ts';
import { humanLogStream } from '../../observability/humanLog.ts';

interface StartOptions {
  sandbox: boolean;
  port?: number;
  sandboxPort?: number;
  buildiumSandboxPort?: number;
}

/** The curl lines a newcomer pastes: a note on a synced lead, then its write status. */
export function demoCommands(apiUrl: string, apiKey: string, body: Record<string, string>): { post: string; status: string } {
  const auth = `-H 'Authorization: Bearer ${apiKey}'`;
  const post =
    `JOB=$(curl -s -X POST '${apiUrl}/v1/events/leads/entrata/' ${auth} -H 'Content-Type: application/json' ` +
    `-d '${JSON.stringify(body)}' | sed -E 's/.*"job_id":"([^"]+)".*/\\1/'); echo "job $JOB"`;
  const status = `curl -s "${apiUrl}/v1/admin/write-status/$JOB" ${auth}`;
  return { post, status };
}

/** The curls of a tour: the property's free slots (a live read), then booking one for the lead. */
export function tourCommands(apiUrl: string, apiKey: string, availability: Record<string, unknown>, booking: Record<string, unknown>): { availability: string; book: string } {
  const auth = `-H 'Authorization: Bearer ${apiKey}' -H 'Content-Type: application/json'`;
  return {
    availability: `curl -s -X POST '${apiUrl}/v1/appointment-availability/entrata/' ${auth} -d '${JSON.stringify(availability)}'`,
    book:
      `JOB=$(curl -s -X POST '${apiUrl}/v1/events/appointments/leads/entrata/' ${auth} -d '${JSON.stringify(booking)}'` +
      ` | sed -E 's/.*"job_id":"([^"]+)".*/\\1/'); echo "job $JOB"`,
  };
}

/** The next weekday (Mountain Time) after today: the demo's tour day. */
async function nextWeekdayInMountainTime(): Promise<string> {
  const { DateTime } = await import('luxon');
  let d = DateTime.now().setZone('America/Denver').startOf('day').plus({ days: 1 });
  while (d.weekday > 5) d = d.plus({ days: 1 });
  return d.toISODate() ?? '';
}

/** The curl that writes a note on a Buildium applicant (then poll it with the same status line). */
export function buildiumDemoCommand(apiUrl: string, apiKey: string, body: Record<string, string>): string {
  return (
    `JOB=$(curl -s -X POST '${apiUrl}/v1/events/applicants/buildium/' -H 'Authorization: Bearer ${apiKey}' -H 'Content-Type: application/json' ` +
    `-d '${JSON.stringify(body)}' | sed -E 's/.*"job_id":"([^"]+)".*/\\1/'); echo "job $JOB"`
  );
}

/** Now, in the sandbox's zone, with its offset: Entrata keeps Mountain Time. */
async function nowWithOffset(): Promise<string> {
  const { DateTime } = await import('luxon');
  return DateTime.now().setZone('America/Denver').startOf('second').toISO({ suppressMilliseconds: true }) ?? new Date().toISOString();
}

async function startSandboxOrExplain(port: number): Promise<SandboxHandle> {
  const { startSandbox } = await import('../../../sandbox/entrata/index.ts');
  try {
    return await startSandbox({ port, seed: 42, size: 'small', quiet: true });
  } catch (err) {
    if ((err as { code?: unknown }).code === 'EADDRINUSE') {
      throw new CliError(`Port ${port} for the Entrata sandbox is already in use: stop the other process (another \`leasewire start\`?), set SANDBOX_PORT to a free port, or add --no-sandbox.`);
    }
    throw err;
  }
}

async function startBuildiumSandboxOrExplain(port: number): Promise<BuildiumSandboxHandle> {
  const { startBuildiumSandbox } = await import('../../../sandbox/buildium/index.ts');
  try {
    return await startBuildiumSandbox({ port, seed: 42, size: 'small', quiet: true });
  } catch (err) {
    if ((err as { code?: unknown }).code === 'EADDRINUSE') {
      throw new CliError(`Port ${port} for the Buildium sandbox is already in use: stop the other process (another \`leasewire start\`?), set BUILDIUM_SANDBOX_PORT to a free port, or add --no-sandbox.`);
    }
    throw err;
  }
}

/** The first sync with a progress bar on a terminal, and one line either way. */
async function withProgress(io: CliIo, run: (onProgress: (row: SyncRunRow) => void) => Promise<SyncRunRow>, what = 'the sandbox (about 3,000 events; later syncs run on a schedule)'): Promise<SyncRunRow> {
  const [{ SingleBar, Presets }, { progressOf }] = await Promise.all([import('cli-progress'), import('../../sync/runs.ts')]);
  const bar = process.stderr.isTTY ? new SingleBar({ format: 'first sync [{bar}] {value}/{total} models  {records} records  {model}', stream: process.stderr, hideCursor: true }, Presets.shades_classic) : null;
  io.out(`Running the first sync of ${what}…`);
  const t0 = Date.now();
  let started = false;
  const final = await run((row) => {
    const models = Object.entries(progressOf(row));
    const done = models.filter(([, p]) => p.state === 'done').length;
    const records = models.reduce((n, [, p]) => n + p.new + p.updated + p.unchanged, 0);
    const current = models.find(([, p]) => p.state === 'running')?.[0] ?? '';
    if (bar && !started) bar.start(models.length, 0, { records: 0, model: '' });
    started = true;
    bar?.update(done, { records, model: current });
  });
  bar?.stop();
  const total = Object.values(progressOf(final)).reduce((n, p) => n + p.new + p.updated + p.unchanged, 0);
  io.out(`First sync ${final.state} in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${total} records.`);
  return final;
}

async function runStart(io: CliIo, opts: StartOptions): Promise<void> {
  const loaded = loadConfig(io.env);
  // The demo's own integration calls the sandbox on 127.0.0.1: unless told otherwise, `start` lets
  // URLs reach private networks even with DATABASE_URL (whose default is deny).
  const config = opts.sandbox && !io.env.LEASEWIRE_PRIVATE_NETWORKS ? { ...loaded, privateNetworks: 'allow' as const } : loaded;
  const port = opts.port ?? config.port;
  const sandboxPort = opts.sandboxPort ?? (io.env.SANDBOX_PORT ? parseEnvPort(io.env.SANDBOX_PORT) : 4010);
  const buildiumPort = opts.buildiumSandboxPort ?? (io.env.BUILDIUM_SANDBOX_PORT ? parseEnvPort(io.env.BUILDIUM_SANDBOX_PORT, 'BUILDIUM_SANDBOX_PORT') : 4020);
  // Listen for a stop at once: Ctrl-C during the first sync must still shut down cleanly.
  const stop = new AbortController();
  const stopping = stopSignal().then((signal) => {
    stop.abort();
    return signal;
  });
  const [{ buildApp, redactedLogPaths }, { openRuntime }, demo, { SyncReleased }, { default: pino }] = await Promise.all([
    import('../../api/app.ts'),
    import('../../runtime/boot.ts'),
    import('../../runtime/demo.ts'),
    import('../../sync/engine.ts'),
    import('pino'),
  ]);
  // The demo logs for a person at a terminal: one line per request and per job outcome (serve and
  // worker log JSON).
  const jobLog = pino({ level: config.logLevel, redact: redactedLogPaths }, humanLogStream((line) => io.out(line)));
  await runUntilStopped(stopping, async (defer) => {
    const sandbox = opts.sandbox ? defer(await startSandboxOrExplain(sandboxPort), (s) => s.close()) : null;
    const buildium = opts.sandbox ? defer(await startBuildiumSandboxOrExplain(buildiumPort), (s) => s.close()) : null;
    const runtime = defer(await openRuntime(config, { longRunning: true, startWorker: true, jobLog }), (r) => r.close());
    const app = defer(
      await buildApp(runtime.deps, {
        logger: { level: config.logLevel, redact: redactedLogPaths, stream: humanLogStream((line) => io.out(line)) },
        rateLimitPerMinute: config.rateLimitPerMinute,
        metricsToken: config.metricsToken,
      }),
      (a) => a.close(),
    );
    const address = await app.listen({ port, host: config.host });
    const apiUrl = address.replace('://0.0.0.0', '://127.0.0.1').replace('://[::]', '://127.0.0.1');
    let state = await demo.loadDemoState(runtime.store.db);
    let created: string | null = null;
    if (!state && sandbox) ({ state, apiKey: created } = await demo.createDemo(runtime, sandbox));
    if (!state) {
      io.out(`Leasewire API listening on ${apiUrl} (${runtime.store.describe}); API reference at ${apiUrl}/docs; dashboard at ${apiUrl}/dashboard`);
      io.out('No demo yet: run `leasewire start` once without --no-sandbox, or create a key with `leasewire keys create --name <name>`.');
    } else {
      const key = created ? { key: created, reissued: false } : await demo.demoApiKey(runtime, state);
      const integration = await demo.prepareIntegration(runtime, state, sandbox, (run) => withProgress(io, run), stop.signal).catch((err: unknown) => {
        if (err instanceof SyncReleased) return null;
        throw err;
      });
      // The Buildium integration beside Entrata's (added on the first start after an upgrade too).
      if (buildium) state = await demo.ensureBuildiumDemo(runtime, state, buildium);
      const buildiumIntegration =
        integration && state.buildium_integration_id
          ? await demo
              .prepareSandboxIntegration(runtime, state.account_id, state.buildium_integration_id, buildium?.url ?? null, (run) => withProgress(io, run, 'the Buildium sandbox (about 200 records, one notes call per person)'), stop.signal)
              .catch((err: unknown) => {
                if (err instanceof SyncReleased) return null;
                throw err;
              })
          : null;
      if (integration) {
        const target = await demo.demoTarget(runtime.store.db, integration.id, sandbox?.info.examples.leadApplicationId ?? null);
        const applicant = buildiumIntegration ? await demo.buildiumDemoApplicant(runtime.store.db, buildiumIntegration.id, buildium?.getInfo().examples.applicantId ?? null) : null;
        const facts = {
          api_url: apiUrl,
          api_key: key.key,
          integration_id: integration.id,
          sandbox_url: sandbox?.url ?? null,
          lead_id: target?.lead.id ?? null,
          event_type_id: target?.eventTypeId ?? null,
          buildium_integration_id: buildiumIntegration?.id ?? null,
          buildium_sandbox_url: buildium?.url ?? null,
          buildium_applicant_id: applicant?.id ?? null,
        };
        demo.writeDemoFile(config.dataDir, facts);
        io.out(`\nLeasewire is running: API, worker${sandbox ? ', Entrata and Buildium sandboxes' : ''} in this process (${runtime.store.describe}).\n`);
        io.out(`  API          ${apiUrl}   reference: ${apiUrl}/docs`);
        io.out(`  Dashboard    ${apiUrl}/dashboard   (sign in with the API key below)`);
        io.out(`  API key      ${key.key}${key.reissued ? '   (new: the saved one was missing or revoked)' : ''}`);
        io.out(`  Integration  ${integration.id}   Entrata${sandbox ? ` sandbox at ${sandbox.url}` : ''}`);
        if (buildiumIntegration) io.out(`  Integration  ${buildiumIntegration.id}   Buildium${buildium ? ` sandbox at ${buildium.url}` : ''}`);
        if (target && sandbox) {
          io.out(`  Demo lead    ${target.lead.id} (${target.name}, Entrata application ${String(sandbox.info.examples.leadApplicationId)})`);
          const body = { integration_id: integration.id, lead_id: target.lead.id, event_type_id: target.eventTypeId, event_datetime: await nowWithOffset(), notes: 'Called to book a tour (from the Leasewire demo)' };
          const cmd = demoCommands(apiUrl, key.key, body);
          io.out('\nRecord a note on that lead in Entrata (the API answers at once with a job id):\n');
          io.out(`  ${cmd.post}`);
          io.out('\nThen poll the write until it says SUCCESS, and find the event in GET /v1/events/:\n');
          io.out(`  ${cmd.status}`);
          io.out(`  curl -s '${apiUrl}/v1/events/?lead_id=${target.lead.id}&limit=5' -H 'Authorization: Bearer ${key.key}'`);
          if (target.propertyId) {
            const day = await nextWeekdayInMountainTime();
            const tour = tourCommands(
              apiUrl,
              key.key,
              { integration_id: integration.id, property_id: target.propertyId, availability_start_date: day, availability_duration_days: 3 },
              { integration_id: integration.id, lead_id: target.lead.id, appointment_date: day, appointment_time: '14:00:00', appointment_duration_minutes: 30, appointment_type: 'TOUR', notes: 'Tour booked from the Leasewire demo' },
            );
            io.out('\nA tour: the property\'s free slots (live from Entrata, Mountain Time), then book one for the lead (poll it with the status line above):\n');
            io.out(`  ${tour.availability}`);
            io.out(`  ${tour.book}`);
            io.out(`  curl -s '${apiUrl}/v1/appointments/?lead_id=${target.lead.id}' -H 'Authorization: Bearer ${key.key}'`);
          }
        }
        if (applicant && buildiumIntegration && buildium) {
          const body = { integration_id: buildiumIntegration.id, applicant_id: applicant.id, notes: 'Asked about parking (from the Leasewire demo)' };
          io.out(`\nOr write a note on a Buildium applicant (${applicant.name}); poll it with the same write-status line:\n`);
          io.out(`  ${buildiumDemoCommand(apiUrl, key.key, body)}`);
          io.out(`  curl -s '${apiUrl}/v1/events/?integration_id=${buildiumIntegration.id}&limit=5&order-by=created_at:desc' -H 'Authorization: Bearer ${key.key}'`);
        }
        io.out(`\nThe same facts are in ${demo.demoFile(config.dataDir)} for scripts. It holds the API key, readable only by you:`);
        io.out('fine for a local demo; in production create keys with `leasewire keys create` and keep them in a secret store.');
        io.out(`Stop with Ctrl-C (or kill -TERM ${process.pid}); the next start reuses the data and the key.`);
      }
    }
    return (signal) => app.log.info({ signal }, 'shutting down: no new requests, finishing in-flight ones and running jobs');
  });
}

function parseEnvPort(value: string, name = 'SANDBOX_PORT'): number {
  try {
    return parsePort(value);
  } catch {
    throw new CliError(`${name} must be a whole number from 0 to 65535 (got "${value}").`);
  }
}

export function registerStart(program: Command, io: CliIo): void {
  program
    .command('start')
    .description('Run the demo in one process: Entrata and Buildium sandboxes, API and worker (the first start also creates a demo account, key and integrations, and syncs them)')
    .option('--no-sandbox', 'start only the API and the worker')
    .option('--port <port>', 'API port (default: PORT, else 4000)', parsePort)
    .option('--sandbox-port <port>', 'Entrata sandbox port (default: SANDBOX_PORT, else 4010)', parsePort)
    .option('--buildium-sandbox-port <port>', 'Buildium sandbox port (default: BUILDIUM_SANDBOX_PORT, else 4020)', parsePort)
    .action((opts: StartOptions) => runStart(io, opts));
}
