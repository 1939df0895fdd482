import { InvalidArgumentError, type Command } from 'commander';
import type { Runtime } from '../../runtime/boot.ts';
import type { ModelProgress, SyncRunRow } from '../../sync/runs.ts';
import { CliError } from '../errors.ts';
import { printJson, printTable, type CliIo } from '../io.ts';
import { withRuntime } from '../runtime.ts';

/** Loaded on use: the sync engine pulls in every connector, which `--help` does not need. */
const syncModules = () => Promise.all([import('../../sync/engine.ts'), import('../../sync/runs.ts'), import('../../sync/worker.ts'), import('../../api/routes/admin/syncs/shared.ts')]);

const parseModels = (value: string): string[] => {
  const models = value.split(',').map((m) => m.trim()).filter(Boolean);
  if (models.length === 0) throw new InvalidArgumentError('give model names separated by commas, e.g. --models leads,events');
  return models;
};

async function integrationOrFail(runtime: Runtime, id: string) {
  const { getIntegrationById } = await import('../../store/repositories/integrations.ts');
  const row = await getIntegrationById(runtime.store.db, id);
  if (!row) throw new CliError(`No integration "${id}". List them with \`leasewire integrations list\`.`);
  return row;
}

function durationOf(run: SyncRunRow): string {
  if (!run.started_at) return '-';
  const ms = Date.parse(run.finished_at ?? new Date().toISOString()) - Date.parse(run.started_at);
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

function printRun(io: CliIo, run: SyncRunRow, progress: Record<string, ModelProgress>): void {
  io.out(`sync ${run.id} (${run.kind}) ${run.state}${run.state === 'queued' ? '' : ` in ${durationOf(run)}`}`);
  printTable(
    io,
    ['MODEL', 'STATE', 'NEW', 'UPDATED', 'UNCHANGED'],
    (JSON.parse(run.models) as string[]).map((m) => {
      const p = progress[m];
      return [m, p?.state, String(p?.new ?? 0), String(p?.updated ?? 0), String(p?.unchanged ?? 0)];
    }),
  );
  if (run.error) io.out(`error: ${run.error}`);
}

/** One bar per model, redrawn from the run row (so it works whichever process executes the run). */
async function progressBars(models: string[]): Promise<{ update(progress: Record<string, ModelProgress>): void; stop(): void }> {
  const { MultiBar, Presets } = await import('cli-progress');
  const multi = new MultiBar({ format: '{model} [{bar}] {value}/{total} {records} records', hideCursor: true, clearOnComplete: false, stream: process.stderr }, Presets.shades_classic);
  const width = Math.max(...models.map((m) => m.length));
  const bars = new Map(models.map((m) => [m, multi.create(1, 0, { model: m.padEnd(width), records: 0 })]));
  return {
    update(progress) {
      for (const [m, bar] of bars) {
        const p = progress[m];
        if (!p) continue;
        const total = p.state === 'done' ? Math.max(1, p.total ?? p.done) : Math.max(1, p.total ?? p.done + 1);
        bar.setTotal(total);
        bar.update(p.state === 'done' ? total : p.done, { records: p.new + p.updated + p.unchanged });
      }
    },
    stop: () => multi.stop(),
  };
}

export function registerSync(program: Command, io: CliIo): void {
  const sync = program.command('sync').description('Sync an integration from its PMS (run, status)');

  sync
    .command('run')
    .description('Queue a sync of an integration; with --wait, run it here and show its progress')
    .argument('<integration_id>', 'id of the integration (int_…)')
    .option('--wait', 'run the sync in this process (or follow the worker running it) until it ends')
    .option('--back-sync', 'read the full history instead of what changed since the last sync')
    .option('--models <a,b>', 'only these models, e.g. leads,events (default: every model)', parseModels)
    .option('--json', 'print the run as JSON')
    .action((integrationId: string, opts: { wait?: boolean; backSync?: boolean; models?: string[]; json?: boolean }) =>
      withRuntime(io, async (runtime) => {
        const [{ executeRun, syncableModels }, { getRun, progressOf, SyncBusyError }, { enqueueSync }, { serializeRun }] = await syncModules();
        const integration = await integrationOrFail(runtime, integrationId);
        const known = syncableModels(integration.vendor) ?? [];
        const unknown = (opts.models ?? []).filter((m) => !(known as readonly string[]).includes(m));
        if (unknown.length > 0) throw new CliError(`--models: ${unknown.join(', ')} cannot be synced for this integration; use some of: ${known.join(', ')}.`);
        if (!runtime.deps.queue) throw new CliError('This installation has no job queue; run `leasewire migrate` and try again.');
        let run: SyncRunRow;
        try {
          run = await enqueueSync(runtime.deps, runtime.deps.queue, integration.id, { kind: opts.backSync ? 'back_sync' : 'manual', ...(opts.models ? { models: opts.models } : {}) });
        } catch (e) {
          if (e instanceof SyncBusyError) throw new CliError(`${e.message}. Follow it with \`leasewire sync status ${integration.id}\`.`);
          throw e;
        }
        if (!opts.wait) {
          if (opts.json) return printJson(io, serializeRun(run));
          io.out(`Queued sync ${run.id} of ${integration.name}; a worker (\`leasewire serve --with-worker\` or \`leasewire worker\`) runs it. Add --wait to run it here.`);
          return;
        }
        const bars = !opts.json && process.stderr.isTTY ? await progressBars(JSON.parse(run.models) as string[]) : null;
        // executeRun claims the run atomically: if a worker got it first, this only follows it.
        const executing = executeRun(runtime.deps, run.id, { onProgress: (r) => bars?.update(progressOf(r)) });
        let final = await executing;
        while (final.state === 'queued' || final.state === 'running') {
          await new Promise((r) => setTimeout(r, 500));
          final = (await getRun(runtime.store.db, run.id)) ?? final;
          bars?.update(progressOf(final));
        }
        bars?.update(progressOf(final));
        bars?.stop();
        if (opts.json) printJson(io, serializeRun(final));
        else printRun(io, final, progressOf(final));
        if (final.state === 'failed') throw new CliError(`sync ${final.id} failed: ${final.error ?? 'no error recorded'}`);
      }),
    );

  sync
    .command('status')
    .description('Show the latest sync of an integration: state, per-model counts, timings, error')
    .argument('<integration_id>', 'id of the integration (int_…)')
    .option('--json', 'print JSON (the latest runs, newest first)')
    .action((integrationId: string, opts: { json?: boolean }) =>
      withRuntime(io, async (runtime) => {
        const [, { listRuns, progressOf }, , { serializeRun }] = await syncModules();
        const integration = await integrationOrFail(runtime, integrationId);
        const runs = await listRuns(runtime.store.db, integration.id, 10);
        if (opts.json) return printJson(io, runs.map(serializeRun));
        const latest = runs[0];
        if (!latest) return io.out(`${integration.name} has never been synced. Start one with \`leasewire sync run ${integration.id} --wait\`.`);
        io.out(`last completed sync: ${integration.last_completed_sync ?? 'never'}`);
        printRun(io, latest, progressOf(latest));
      }),
    );
}
