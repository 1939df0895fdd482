import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import type { WriteJobTable } from '../../jobs/tables.ts';
import type { Database } from '../../store/schema.ts';
import { CliError } from '../errors.ts';
import { printJson, type CliIo } from '../io.ts';
import { withRuntime } from '../runtime.ts';

/** Loaded on use: the write path pulls in the connectors, which `--help` does not need. */
const writeJobs = () => import('../../writes/writeJobs.ts');

interface LogEntry {
  at: string;
  attempt: number;
  action: string;
  reason: string;
}

/** A write job as `jobs show --json` prints it: the write-status fields first, then the details. */
function jobView(job: WriteJobTable) {
  return {
    id: job.id,
    write_status: job.status,
    errors: JSON.parse(job.errors) as string[],
    created_record_id: job.created_record_id,
    x_record_id: job.x_record_id,
    kind: job.kind,
    integration_id: job.integration_id,
    account_id: job.account_id,
    attempts: job.attempts,
    retry_of: job.retry_of,
    created_at: job.created_at,
    finished_at: job.finished_at,
    log: JSON.parse(job.log) as LogEntry[],
  };
}

async function jobOrFail(db: Kysely<Database>, id: string): Promise<WriteJobTable> {
  const job = await (await writeJobs()).getWriteJob(db, null, id);
  if (!job) throw new CliError(`No write job "${id}". Job ids start with wj_ and come back from a write (meta.job_id) or GET /v1/admin/logs/writes.`);
  return job;
}

export function registerJobs(program: Command, io: CliIo): void {
  const jobs = program.command('jobs').description('Inspect and retry write jobs (show, retry)');

  jobs
    .command('show')
    .description('Show a write job: status, errors, the record it created, and every attempt')
    .argument('<job_id>', 'id of the write job (wj_…)')
    .option('--json', 'print JSON')
    .action((id: string, opts: { json?: boolean }) =>
      withRuntime(io, async ({ store }) => {
        const v = jobView(await jobOrFail(store.db, id));
        if (opts.json) return printJson(io, v);
        const rows: Array<[string, string | null]> = [
          ['id', v.id],
          ['status', v.write_status],
          ['kind', v.kind],
          ['integration', v.integration_id],
          ['created record', v.created_record_id],
          ['PMS record', v.x_record_id],
          ['attempts', String(v.attempts)],
          ['retry of', v.retry_of],
          ['created', v.created_at],
          ['finished', v.finished_at],
        ];
        for (const [k, val] of rows) io.out(`${k.padEnd(15)} ${val ?? '-'}`);
        for (const e of v.errors) io.out(`${'error'.padEnd(15)} ${e}`);
        for (const l of v.log) io.out(`${'attempt'.padEnd(15)} #${l.attempt} ${l.at} ${l.action}: ${l.reason}`);
      }),
    );

  jobs
    .command('retry')
    .description('Retry a FAILURE write as a new job (what POST /v1/admin/retry-write/{job_id} does)')
    .argument('<job_id>', 'id of the failed write job (wj_…)')
    .option('--json', 'print the new job id as JSON')
    .action((id: string, opts: { json?: boolean }) =>
      withRuntime(io, async ({ store, deps }) => {
        const old = await jobOrFail(store.db, id);
        if (old.status !== 'FAILURE') throw new CliError(`Write ${old.id} is ${old.status}; only FAILURE writes can be retried. See it with \`leasewire jobs show ${old.id}\`.`);
        if (!deps.queue) throw new CliError('This installation has no job queue; run `leasewire migrate` and try again.');
        // The retry-write service: the new job carries what the failed one learned.
        const job = await (await writeJobs()).retryWriteJob(store.db, deps.queue, old);
        if (opts.json) return printJson(io, { success: true, job_id: job.id, retry_of: old.id });
        io.out(`Queued ${job.id} to retry ${old.id}; a worker runs it. Follow it with \`leasewire jobs show ${job.id}\`.`);
      }),
    );
}
